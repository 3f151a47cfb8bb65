package translate

import (
	"net/netip"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfWorkbenchAlert maps a workbench alert (docs/visionone-api.md §2.2) to
// a Detection Finding: the alert is the finding, its detection model the
// analytic, its impact scope the resources (and evidences) and its
// indicators the observables (and evidences). README, "OCSF output",
// gives the rules.
func ocsfWorkbenchAlert(in *ocsfItem, ev *ocsfEvent) {
	activity, name := findingActivity(ev)
	ev.begin(classDetectionFinding, activity, name)
	ev.m.PutBool("is_alert", true)
	findingSeverity(in, ev, "severity")
	if n, ok := in.int("score"); ok && n >= 0 && n <= 100 {
		ev.m.PutInt("risk_score", n)
	}
	ev.metadata().move("log_version", in, "schemaVersion")

	fi := ev.objN("finding_info", 16)
	if s, ok := in.str("id"); ok {
		fi.str("uid", s)
	} else {
		fi.str("uid", ev.head.meta.Key) // the head requires an id; never empty
	}
	model, _ := in.str("model")
	modelID, _ := in.str("modelId")
	fi.str("title", model)
	fi.move("desc", in, "description")
	findingTimes(in, fi, ev.ocsfObject, "workbenchLink")
	if model != "" || modelID != "" {
		// Detection models and TI reports are rules matched against
		// telemetry (docs/visionone-api.md §2.2).
		a := fi.objN("analytic", 4)
		a.str("name", model)
		a.str("uid", modelID)
		a.m.PutInt("type_id", 1)
		a.str("type", "Rule")
	}
	if s, ok := in.str("alertProvider"); ok {
		p := fi.obj("product")
		p.str("name", s)
		p.str("vendor_name", "Trend Micro")
	}

	status, _ := in.str("status")
	id, caption := findingStatus(status)
	ev.m.PutInt("status_id", id)
	ev.str("status", caption)
	ev.move("status_detail", in, "investigationStatus")
	if s, ok := in.str("investigationResult"); ok {
		id, caption := findingVerdict(s)
		ev.m.PutInt("verdict_id", id)
		ev.str("verdict", caption)
	}
	wbOwners(in, ev)
	var tickets func() ocsfObject
	for _, t := range [...]struct{ field, typ string }{{"caseId", "Case"}, {"incidentId", "Incident"}} {
		if s, ok := in.str(t.field); ok {
			if tickets == nil {
				tickets = ev.list("tickets")
			}
			tk := tickets()
			tk.str("uid", s)
			tk.str("type", t.typ)
			tk.m.PutInt("type_id", 1) // Internal: Vision One's own
		}
	}

	var seen timeRange
	wbMatchedRules(in, fi, &seen)
	// One list for the entities' and the indicators' evidences: a second
	// ev.list("evidences") would replace the first.
	evidences := ev.list("evidences")
	if scope, ok := in.obj("impactScope"); ok {
		wbImpactScope(scope, ev, evidences)
	}
	wbIndicators(in, ev, evidences, &seen)
	seen.put(fi)
}

// findingTimes writes a workbench alert's or case's times
// (createdDateTime, updatedDateTime) into finding_info fi and its console
// link (field link) as the finding's and the event's src_url.
func findingTimes(in *ocsfItem, fi, ev ocsfObject, link string) {
	if t, ok := in.time("createdDateTime"); ok {
		fi.m.PutInt("created_time", t)
	}
	if t, ok := in.time("updatedDateTime"); ok {
		fi.m.PutInt("modified_time", t)
	}
	if s, ok := in.str(link); ok {
		fi.str("src_url", s)
		ev.str("src_url", s)
	}
}

// findingActivity is Create for a new item and Update for a later state:
// the updates stream keys a state id@updatedDateTime (versionedHead), the
// only thing that tells the two apart.
func findingActivity(ev *ocsfEvent) (int64, string) {
	if strings.Contains(ev.head.meta.Key, "@") {
		return 2, "Update"
	}
	return 1, "Create"
}

// findingSeverity reads the item's level k, which begin already mapped
// through the record's severity; a level the head does not know
// ("undefined") is severity Other with the level as its caption.
func findingSeverity(in *ocsfItem, ev *ocsfEvent, k string) (string, bool) {
	s, ok := in.str(k)
	if ok && ev.head.severity == 0 {
		ev.severity(99, s)
	}
	return s, ok
}

// findingStatus maps a workbench alert's status (§2.2: Open, In Progress,
// Closed) to the Detection Finding status_id.
func findingStatus(s string) (int64, string) {
	switch strings.ToLower(s) {
	case "":
		return 0, "Unknown"
	case "open", "new":
		return 1, "New"
	case "in progress", "in-progress", "inprogress":
		return 2, "In Progress"
	case "closed", "resolved":
		return 4, "Resolved"
	}
	return 99, s
}

// findingVerdict maps an investigation result (alerts: "True Positive";
// cases: "TruePositive") to verdict_id. No Findings is no verdict yet.
func findingVerdict(s string) (int64, string) {
	switch strings.ToLower(strings.ReplaceAll(s, " ", "")) {
	case "nofindings":
		return 0, "Unknown"
	case "falsepositive":
		return 1, "False Positive"
	case "truepositive":
		return 2, "True Positive"
	case "benigntruepositive":
		return 5, "Benign"
	}
	return 99, s
}

// wbOwners makes the first owner id the assignee. With several owners the
// assignee is the first and ownerIds stays unread, whole, in unmapped: OCSF
// has one assignee.
func wbOwners(in *ocsfItem, ev *ocsfEvent) {
	v, ok := in.m.Get("ownerIds")
	if !ok {
		return
	}
	first, n := "", 0
	switch v.Type() {
	case pcommon.ValueTypeStr:
		first, n = v.Str(), 1
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		n = s.Len()
		if n > 0 && s.At(0).Type() == pcommon.ValueTypeStr {
			first = s.At(0).Str()
		}
	}
	if first == "" {
		return
	}
	ev.obj("assignee").str("uid", first)
	if n == 1 {
		in.value("ownerIds")
	}
}

// wbMatchedRules maps an SAE alert's matched rules: each rule, with its
// filters, is a related analytic; the filters' MITRE ids are the attacks;
// the matched events are related events.
func wbMatchedRules(in *ocsfItem, fi ocsfObject, seen *timeRange) {
	var (
		rules   func() ocsfObject
		events  func() ocsfObject
		attacks ocsfAttacks
	)
	in.objs("matchedRules", func(rule pcommon.Map) {
		if rules == nil {
			rules = fi.listN("related_analytics", 5)
		}
		r := rules()
		analyticRef(r, rule)
		var filters func() ocsfObject
		objects(rule, "matchedFilters", func(filter pcommon.Map) {
			if filters == nil {
				filters = r.list("related_analytics")
			}
			analyticRef(filters(), filter)
			if v, ok := filter.Get("matchedDateTime"); ok {
				seen.add(v)
			}
			if v, ok := filter.Get("mitreTechniqueIds"); ok {
				attacks.addValue(v)
			}
			objects(filter, "matchedEvents", func(e pcommon.Map) {
				uid, ok := str(e, "uuid")
				if !ok {
					return
				}
				if events == nil {
					events = fi.list("related_events")
				}
				re := events()
				re.str("uid", uid)
				if s, ok := str(e, "type"); ok {
					re.str("type", s)
				}
				if v, ok := e.Get("matchedDateTime"); ok {
					if t, err := timeValue(v); err == nil {
						re.m.PutInt("created_time", t.UnixMilli())
					}
				}
			})
		})
	})
	attacks.put(fi, "")
}

// analyticRef writes a rule or filter {id, name} as an analytic of type
// Rule; with neither it is still a Rule of no name ("Unknown").
func analyticRef(a ocsfObject, m pcommon.Map) {
	id, _ := str(m, "id")
	name, _ := str(m, "name")
	if id == "" && name == "" {
		name = "Unknown"
	}
	a.str("name", name)
	a.str("uid", id)
	a.m.PutInt("type_id", 1)
	a.str("type", "Rule")
}

// wbImpactScope maps the impact scope's entities (§2.2): each is an
// affected resource and evidence of its kind; the first host is the
// event's device. The counts stay in unmapped.impactScope.
func wbImpactScope(scope *ocsfItem, ev *ocsfEvent, evidences func() ocsfObject) {
	var resources func() ocsfObject
	device := false
	scope.objs("entities", func(e pcommon.Map) {
		if resources == nil {
			resources = ev.listN("resources", 8)
		}
		r := resources()
		r.m.PutInt("role_id", 3)
		r.str("role", "Affected")
		typ, _ := str(e, "entityType")
		r.str("type", typ)
		uid, _ := str(e, "entityId") // a string, or for some hosts their IPs (§2.2)
		var ent entityValue
		if v, ok := e.Get("entityValue"); ok {
			ent = readEntityValue(v)
		}
		if uid == "" {
			uid = ent.guid
		}
		r.str("uid", uid)
		r.str("name", ent.name)
		if ent.host {
			r.str("hostname", ent.name)
			r.ip("ip", ent.ip)
		}
		if uid == "" && ent.name == "" {
			r.str("name", "Unknown") // resource_details needs a name or uid
		}
		// The entity whole, as the API served it, is the resource's data:
		// provenance, related entities and indicators, management scope,
		// every IP. Moved, not copied: objs read the entities whole, so
		// neither unmapped nor anything else reads them again (raw_data is
		// the item's JSON text).
		defer r.m.PutEmptyMap("data").moveFrom(e)

		// Each entity is evidence of its kind: a host a device, an account,
		// email address or cloud identity a user. A container has no
		// evidence of its own in OCSF (evidences.container needs another
		// attribute beside it): it is a resource only.
		if !ent.ok {
			return
		}
		switch {
		case ent.host || typ == "host":
			x := evidences()
			x.str("name", typ)
			ent.device(x.objN("device", deviceKeys))
			if !device {
				ent.device(ev.objN("device", deviceKeys))
				device = true
			}
		case typ == "account" || typ == "emailAddress" || typ == "cloudIdentity":
			x := evidences()
			x.str("name", typ)
			entityUser(x.objN("user", 3), typ, ent.name, uid)
		}
	})
}

// entityValue is an impact-scope entityValue or an indicator value,
// normalised: a string (account, email, container, cloud identity) or a
// host object {guid, name, ips[]} (§2.2: the API serves both).
type entityValue struct {
	ok, host       bool
	name, guid, ip string
	ips            int
}

func readEntityValue(v pcommon.Value) entityValue {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if v.Str() != "" {
			return entityValue{ok: true, name: v.Str()}
		}
	case pcommon.ValueTypeMap:
		m := v.Map()
		e := entityValue{host: true}
		e.name, _ = str(m, "name")
		e.guid, _ = str(m, "guid")
		if ips, ok := m.Get("ips"); ok {
			for _, ip := range stringsOf(ips) { // skips "" (§2.2: ips may hold it)
				if e.ip == "" {
					e.ip = ip
				}
				e.ips++
			}
		} else if s, ok := str(m, "ip"); ok {
			e.ip, e.ips = s, 1
		}
		e.ok = e.name != "" || e.guid != "" || e.ip != ""
		return e
	}
	return entityValue{}
}

// device writes the host as an OCSF device (type unknown: desktop or
// server is only counted, not said per entity).
func (e entityValue) device(d ocsfObject) {
	d.m.EnsureCapacity(6)
	d.m.PutInt("type_id", 0)
	d.str("type", "Unknown")
	d.str("uid", e.guid)
	d.str("hostname", e.name)
	d.str("name", e.name)
	if !d.ip("ip", e.ip) && e.guid == "" && e.name == "" {
		d.str("name", e.ip) // not an IP address: still the host's name
	}
}

// wbIndicators maps each indicator to an observable (its value as a string)
// and an evidence: the value as the typed object it names (file, endpoint,
// url, user, device) when OCSF has one, and the indicator itself as the
// evidence's data.
func wbIndicators(in *ocsfItem, ev *ocsfEvent, evidences func() ocsfObject, seen *timeRange) {
	var observables func() ocsfObject
	in.objs("indicators", func(ind pcommon.Map) {
		typ, _ := str(ind, "type")
		field, _ := str(ind, "field")
		var ent entityValue
		if v, ok := ind.Get("value"); ok {
			ent = readEntityValue(v)
		}
		value := ent.name
		if ent.host && value == "" {
			value = ent.guid
			if value == "" {
				value = ent.ip
			}
		}
		if ent.host && typ == "" {
			typ = "host"
		}
		if observables == nil {
			observables = ev.list("observables")
		}
		o := observables()
		id, caption := observableType(typ, field)
		if ent.host && id == 99 {
			id, caption = 1, "Hostname"
		}
		o.m.PutInt("type_id", id)
		o.str("type", caption)
		if field != "" {
			o.str("name", field)
		} else {
			o.str("name", typ)
		}
		o.str("value", value)

		x := evidences()
		if v, ok := ind.Get("id"); ok {
			if n, ok := intValue(v); ok {
				x.str("uid", strconv.FormatInt(n, 10))
			} else if s, ok := scalarString(v); ok {
				x.str("uid", s)
			}
		}
		x.str("name", typ)
		if ent.ok {
			indicatorEvidence(x, typ, field, ent)
		}
		if v, ok := ind.Get("firstSeenDateTimes"); ok {
			seen.addAll(v)
		}
		if v, ok := ind.Get("lastSeenDateTimes"); ok {
			seen.addAll(v)
		}
		// The indicator whole, as the API served it, is the evidence's
		// data (moved, not copied, as the entities are).
		x.m.PutEmptyMap("data").moveFrom(ind)
	})
}

// indicatorEvidence writes the indicator's value as the evidence's typed
// object and reports whether it could. A command line has none: an OCSF
// process needs a pid or uid the indicator lacks; nor has a hash alone (a
// file needs its name).
func indicatorEvidence(x ocsfObject, typ, field string, ent entityValue) bool {
	if ent.host {
		ent.device(x.objN("device", deviceKeys))
		return true
	}
	v := ent.name
	switch typ {
	case "fullpath", "file_path", "filename", "file_name":
		name := v
		if i := strings.LastIndexAny(v, `\/`); i >= 0 {
			name = v[i+1:]
		}
		if name == "" {
			return false
		}
		f := x.objN("file", fileKeys)
		f.str("name", name)
		if name != v {
			f.str("path", v)
		}
		f.m.PutInt("type_id", 0)
		f.str("type", "Unknown")
		return true
	case "ip":
		k := "dst_endpoint"
		if field == "src" {
			k = "src_endpoint"
		}
		if _, err := netip.ParseAddr(v); err != nil {
			return false
		}
		x.obj(k).ip("ip", v)
		return true
	case "domain":
		x.obj("dst_endpoint").str("hostname", v)
		return true
	case "url":
		x.obj("url").str("url_string", v)
		return true
	case "user_account", "email", "emailAddress", "email_address":
		entityUser(x.obj("user"), typ, v, "")
		return true
	case "text":
		if field == "endpointHostName" {
			d := x.objN("device", deviceKeys)
			d.m.PutInt("type_id", 0)
			d.str("type", "Unknown")
			d.str("hostname", v)
			return true
		}
	}
	return false
}

// timeRange is the earliest and latest of the times a finding's parts were
// seen: finding_info.first_seen_time and last_seen_time.
type timeRange struct{ first, last int64 }

func (r *timeRange) add(v pcommon.Value) {
	t, err := timeValue(v)
	if err != nil {
		return
	}
	ms := t.UnixMilli()
	if r.first == 0 || ms < r.first {
		r.first = ms
	}
	if ms > r.last {
		r.last = ms
	}
}

func (r *timeRange) addAll(v pcommon.Value) {
	if v.Type() != pcommon.ValueTypeSlice {
		r.add(v)
		return
	}
	s := v.Slice()
	for i := range s.Len() {
		r.add(s.At(i))
	}
}

func (r *timeRange) put(o ocsfObject) {
	if r.first != 0 {
		o.m.PutInt("first_seen_time", r.first)
		o.m.PutInt("last_seen_time", r.last)
	}
}
