package translate

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfCase maps a Case Management case (docs/visionone-api.md §6.2) to an
// Incident Finding: the case is the incident, its first finding_info the
// case itself and the next ones the workbench alerts and incidents it
// groups (associatedItemIds).
func ocsfCase(in *ocsfItem, ev *ocsfEvent) {
	activity, name := findingActivity(ev)
	if activity == 2 && caseClosedNow(in) {
		activity, name = 3, "Close"
	}
	ev.begin(classIncidentFinding, activity, name)

	findings := ev.list("finding_info_list")
	fi := findings()
	if s, ok := in.str("id"); ok {
		fi.str("uid", s)
	} else {
		fi.str("uid", ev.head.meta.Key) // the head requires an id; never empty
	}
	fi.move("title", in, "name")
	if s, ok := in.str("description"); ok {
		fi.str("desc", s)
		ev.str("desc", s)
	}
	findingTimes(in, fi, ev.ocsfObject, "caseUrl")
	if s, ok := in.str("type"); ok {
		fi.strs("types", []string{s})
	}
	if v, ok := in.m.Get("relatedCaseIds"); ok && v.Type() == pcommon.ValueTypeSlice {
		in.value("relatedCaseIds")
		var related func() ocsfObject
		for _, id := range stringsOf(v) {
			if related == nil {
				related = fi.list("related_events")
			}
			r := related()
			r.str("uid", id)
			r.str("type", "Case")
		}
	}
	if v, ok := in.m.Get("associatedItemIds"); ok && v.Type() == pcommon.ValueTypeSlice {
		in.value("associatedItemIds")
		for _, id := range stringsOf(v) {
			f := findings()
			f.str("uid", id)
			if t := associatedType(id); t != "" {
				f.strs("types", []string{t})
			}
		}
	}

	status, _ := in.str("status")
	id, caption := caseStatus(status)
	ev.m.PutInt("status_id", id)
	ev.str("status", caption)
	if s, ok := in.str("findings"); ok {
		id, caption := findingVerdict(s)
		ev.m.PutInt("verdict_id", id)
		ev.str("verdict", caption)
	}
	if s, ok := in.str("priority"); ok {
		id, caption := casePriorityID(s)
		ev.m.PutInt("priority_id", id)
		ev.str("priority", caption)
	}

	caseAssignee(in, ev)
	// The actor is who made the state this record is: the last updater,
	// or the creator of a case nobody changed yet; the other stays in
	// unmapped.
	who := "lastUpdater"
	if !in.has(who) {
		who = "creator"
	}
	if u, ok := in.obj(who); ok {
		consoleUser(u, ev.obj("actor").obj("user"))
	}
	if s, ok := in.str("externalTicketId"); ok {
		t := ev.obj("ticket")
		t.str("uid", s)
		t.m.PutInt("type_id", 2)
		t.str("type", "External")
	}
}

// caseClosedNow reports whether this state of the case is its closing: it
// is Closed and was last changed when it was closed.
func caseClosedNow(in *ocsfItem) bool {
	closed := in.peek("closedDateTime")
	return strings.EqualFold(in.peek("status"), "closed") && closed != "" && closed == in.peek("updatedDateTime")
}

// caseStatus maps a case's status (§6.2: Open, In-progress, Closed) to the
// Incident Finding status_id.
func caseStatus(s string) (int64, string) {
	switch strings.ToLower(s) {
	case "":
		return 0, "Unknown"
	case "open", "new":
		return 1, "New"
	case "in-progress", "in progress", "inprogress":
		return 2, "In Progress"
	case "closed":
		return 5, "Closed"
	}
	return 99, s
}

// casePriorityID maps P0 (the most urgent) … P3 to priority_id.
func casePriorityID(s string) (int64, string) {
	switch strings.ToUpper(s) {
	case "P0":
		return 4, "Critical"
	case "P1":
		return 3, "High"
	case "P2":
		return 2, "Medium"
	case "P3":
		return 1, "Low"
	}
	return 99, s
}

// associatedType names what an associated item id is by its prefix
// (WB-… workbench alerts, IC-… incidents, CL-… cases).
func associatedType(id string) string {
	switch {
	case strings.HasPrefix(id, "WB-"):
		return "Workbench Alert"
	case strings.HasPrefix(id, "IC-"):
		return "Incident"
	case strings.HasPrefix(id, "CL-"):
		return "Case"
	}
	return ""
}

// caseAssignee makes the first owner the assignee (owners stays in
// unmapped, whole, when there are several: OCSF has one assignee) and the
// holder of a managed-services case (Analyst or Customer) the assignee
// group. A case with neither is assigned to nobody, which OCSF cannot say
// (assignee or assignee_group is required): its group is "Unassigned".
func caseAssignee(in *ocsfItem, ev *ocsfEvent) {
	assigned := false
	if v, ok := in.m.Get("owners"); ok && v.Type() == pcommon.ValueTypeSlice {
		s := v.Slice()
		if s.Len() > 0 && s.At(0).Type() == pcommon.ValueTypeMap {
			owner := s.At(0).Map()
			_, hasID := str(owner, "id")
			_, hasName := str(owner, "name")
			if hasID || hasName {
				u := ev.obj("assignee")
				putConsoleUser(owner, u)
				assigned = true
				// Read whole only when nothing is left out: one owner of
				// the three fields putConsoleUser maps.
				if s.Len() == 1 && owner.Len() <= 3 {
					in.value("owners")
				}
			}
		}
	}
	if s, ok := in.str("holder"); ok {
		ev.obj("assignee_group").str("name", s)
		assigned = true
	}
	if !assigned {
		ev.obj("assignee_group").str("name", "Unassigned")
	}
}

// consoleUser writes a console account {id, name, email} as an OCSF user,
// marking what it read.
func consoleUser(in *ocsfItem, u ocsfObject) {
	id, _ := in.str("id")
	name, _ := in.str("name")
	email, _ := in.str("email")
	if id == "" && name == "" {
		name = email
		if name == "" {
			name = "Unknown"
		}
	}
	u.str("uid", id)
	u.str("name", name)
	u.str("email_addr", email)
}

func putConsoleUser(m pcommon.Map, u ocsfObject) {
	id, _ := str(m, "id")
	name, _ := str(m, "name")
	email, _ := str(m, "email")
	u.str("uid", id)
	u.str("name", name)
	u.str("email_addr", email)
}
