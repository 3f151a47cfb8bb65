package translate

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfAccountCompromise maps an account compromise indicator
// (docs/visionone-api.md §6.6) to a Detection Finding about the account:
// the risk event is the finding and its analytic, the account the user in
// its evidence and the affected resource, the risk level the severity and
// risk level.
func ocsfAccountCompromise(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classDetectionFinding, 1, "Create")
	fi := ev.obj("finding_info")
	var (
		eventID, eventName string
		level              string
	)
	risk, hasRisk := in.obj("riskEvent")
	if hasRisk {
		eventID, _ = risk.str("eventId")
		eventName, _ = risk.str("name")
		level, _ = findingSeverity(risk, ev, "riskLevel")
	}
	if eventID != "" {
		fi.str("uid", eventID)
	} else {
		fi.str("uid", ev.head.meta.Key) // id@detectedDateTime: one per indicator
	}
	fi.str("title", eventName)
	if eventName != "" {
		a := fi.obj("analytic")
		a.str("name", eventName)
		a.m.PutInt("type_id", 0) // the API does not say how a risk event is detected
		a.str("type", "Unknown")
	}
	if t, ok := in.time("detectedDateTime"); ok {
		fi.m.PutInt("created_time", t)
	}
	if s, ok := in.str("dataSourceOrProcessor"); ok {
		fi.strs("data_sources", []string{s})
	}
	if level != "" {
		id, caption := ocsfRiskLevel(level)
		ev.m.PutInt("risk_level_id", id)
		ev.str("risk_level", caption)
	}

	account, _ := in.str("account")
	accountID, _ := in.str("id")
	x := ev.list("evidences")()
	u := x.obj("user")
	u.str("uid", accountID)
	if account != "" {
		entityUser(u, "account", account, "")
		if strings.IndexByte(account, '@') > 0 {
			u.str("email_addr", account) // a UPN: the account's address
		}
	} else if accountID == "" {
		u.str("name", "Unknown")
	}
	if hasRisk {
		// The detail differs by risk event (sign-in locations, leaked
		// credentials, campaign...): it is the evidence's data.
		// An object only (OCSF's data is no array); else it stays in
		// unmapped.
		if v, ok := risk.m.Get("detail"); ok && v.Type() == pcommon.ValueTypeMap {
			risk.value("detail")
			x.m.PutEmptyMap("data").moveFrom(v.Map())
		}
		if v, ok := risk.m.Get("remediations"); ok {
			if rem := stringsOf(v); len(rem) > 0 {
				risk.value("remediations")
				ev.obj("remediation").str("desc", strings.Join(rem, "\n"))
			}
		}
	}
	r := ev.list("resources")()
	r.str("type", "account")
	r.str("uid", accountID)
	r.str("name", account)
	if account == "" && accountID == "" {
		r.str("name", "Unknown")
	}
	r.m.PutInt("role_id", 1)
	r.str("role", "Target")
	if account != "" {
		o := ev.list("observables")()
		o.m.PutInt("type_id", 4)
		o.str("type", "User Name")
		o.str("name", "evidences.user.name")
		o.str("value", account)
	}
}
