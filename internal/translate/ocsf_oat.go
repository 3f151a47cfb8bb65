package translate

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfOATDetection maps an Observed Attack Techniques detection (§3.2) to a
// Detection Finding: the filters that matched are the finding (the first
// the analytic, title and description, the others related analytics;
// their ATT&CK ids the attacks; their highest risk level the risk level;
// their highlighted objects the observables), the endpoint the device, the
// entity the resource, and the detail, the activity record the filters
// matched, the evidence.
func ocsfOATDetection(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classDetectionFinding, 1, "Create")
	in.dropEmpty = true
	key := ev.head.meta.Key
	fi := ev.objN("finding_info", 10)
	uid, ok := in.str("uuid")
	if !ok {
		uid = key
	}
	fi.m.PutStr("uid", uid)
	in.mark("detectedDateTime") // time, begin's
	if t, ok := in.time("detectedDateTime"); ok {
		fi.m.PutInt("created_time", t)
	}
	if t, ok := in.time("ingestedDateTime"); ok {
		ev.metadata().m.PutInt("logged_time", t)
	}
	source, _ := in.str("source")
	fi.strs("data_sources", oneString(source))
	fndOATFilters(in, ev.ocsfObject, fi)

	if ep, ok := in.obj("endpoint"); ok {
		ep.dropEmpty = true
		dev := ev.objN("device", deviceKeys)
		named := false
		if h, ok := ep.str("endpointName"); ok {
			dev.m.PutStr("hostname", h)
			named = true
		}
		if g, ok := ep.str("agentGuid"); ok {
			dev.m.PutStr("uid", g)
			named = true
		}
		if ips := ep.ips("ips"); len(ips) > 0 {
			putIPs(dev, ips)
			named = true
		}
		dev.m.PutInt("type_id", 0)
		if !named {
			ev.m.Remove("device")
		}
	}
	et, etOK := in.str("entityType")
	en, enOK := in.str("entityName")
	if enOK {
		r := ev.list("resources")()
		r.m.PutStr("name", en)
		r.str("type", et)
	} else if etOK {
		fi.strs("types", oneString(et))
	}

	if detail, ok := in.obj("detail"); ok {
		detail.dropEmpty = true     // an activity record or detection (§3.2)
		detail.repeats("uuid", key) // the detection's own uuid again
		e := ev.list("evidences")()
		fndOATEvidence(detail, e, source, key)
		if source == "detections" {
			// the product's detection name is the finding's malware
			fndMalware(detail, ev.ocsfObject)
		}
		if !evidenceValid(e) {
			ev.m.Remove("evidences")
		}
	}
}

// fndOATFilters writes the matched filters: the first is the analytic
// (name, id, description; type_id Rule, category the filter's type,
// preset or custom), the title and the description, the others
// related_analytics; the union of their tactic and technique ids the
// attacks; the highest riskLevel risk_level_id; the highlightedObjects
// the observables. Every field of a filter is so written, and filters is
// read whole.
func fndOATFilters(in *ocsfItem, ev, fi ocsfObject) {
	var atk ocsfAttacks
	var related func() ocsfObject
	var observe func() ocsfObject
	first := true
	risk, riskName := int64(-1), ""
	in.objs("filters", func(f pcommon.Map) {
		name, _ := str(f, "name")
		id, _ := str(f, "id")
		desc, _ := str(f, "description")
		if name != "" || id != "" {
			// an analytic needs a name or uid
			var a ocsfObject
			if first {
				a = fi.obj("analytic")
			} else {
				if related == nil {
					related = fi.list("related_analytics")
				}
				a = related()
			}
			a.str("name", name)
			a.str("uid", id)
			a.str("desc", desc)
			a.m.PutInt("type_id", 1)
			a.m.PutStr("type", "Rule")
			if t, ok := str(f, "type"); ok {
				a.str("category", t)
			}
		}
		if first {
			fi.str("title", name)
			fi.str("desc", desc)
			first = false
		}
		tactics := mapStrings(f, "mitreTacticIds")
		techniques := mapStrings(f, "mitreTechniqueIds")
		for _, t := range techniques {
			for _, ta := range tactics {
				atk.add(t, ta)
			}
			if len(tactics) == 0 {
				atk.add(t, "")
			}
		}
		if len(techniques) == 0 {
			for _, ta := range tactics {
				atk.add("", ta)
			}
		}
		if l, ok := str(f, "riskLevel"); ok {
			if n, name := ocsfRiskLevel(l); n != 99 && n > risk {
				risk, riskName = n, name
			}
		}
		if v, ok := f.Get("highlightedObjects"); ok && v.Type() == pcommon.ValueTypeSlice {
			s := v.Slice()
			for i := range s.Len() {
				h := s.At(i)
				if h.Type() != pcommon.ValueTypeMap {
					continue
				}
				if observe == nil {
					observe = ev.list("observables")
				}
				fndObservable(h.Map(), observe)
			}
		}
	})
	atk.put(fi, "")
	if risk >= 0 {
		ev.m.PutInt("risk_level_id", risk)
		ev.m.PutStr("risk_level", strings.ToUpper(riskName[:1])+riskName[1:])
	}
}

// fndObservable writes highlighted object h (type, field, value: a
// string, a number or an array of strings) as observables: name the Trend
// field of the detail it quotes, type_id by its type (Other with Trend's
// type when OCSF has none), one per value.
func fndObservable(h pcommon.Map, add func() ocsfObject) {
	typ, _ := str(h, "type")
	field, _ := str(h, "field")
	id, caption := observableType(typ, field)
	if typ == "" {
		id, caption = 0, ""
	}
	put := func(value string) {
		o := add()
		o.str("name", field)
		o.m.PutInt("type_id", id)
		o.str("type", caption)
		o.m.PutStr("value", value)
	}
	v, ok := h.Get("value")
	if !ok {
		return
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		put(v.Str())
	case pcommon.ValueTypeInt:
		put(strconv.FormatInt(v.Int(), 10))
	case pcommon.ValueTypeDouble:
		put(strconv.FormatFloat(v.Double(), 'f', -1, 64))
	case pcommon.ValueTypeBool:
		put(strconv.FormatBool(v.Bool()))
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		for i := range s.Len() {
			switch e := s.At(i); e.Type() {
			case pcommon.ValueTypeStr:
				put(e.Str())
			case pcommon.ValueTypeInt:
				put(strconv.FormatInt(e.Int(), 10))
			}
		}
	}
}

// fndOATEvidence writes the OAT detail into evidence e by what it is: an
// endpoint activity record (it has an eventId; its evidence name Trend's
// event name), a product detection (source detections), a network record
// (network or third-party data) or, for the other sources, the endpoint it
// names; what is not written stays in unmapped.detail.
func fndOATEvidence(d *ocsfItem, e ocsfObject, source, key string) {
	switch {
	case source == "detections":
		e.m.PutStr("name", "detection")
		fndDetectionEvidence(d, e, key)
		dev := e.objN("device", deviceKeys)
		readDevice(d, dev)
		deviceFallback(d, dev)
		if !deviceNamed(dev) {
			e.m.Remove("device")
		}
	case source == "endpointActivityData" || d.has("eventId") && d.has("eventSubId"):
		kind, _, _, _, eventID, _ := endpointClass(d)
		if eventID > 0 {
			e.m.PutStr("name", endpointEventIDs[eventID])
			d.mark("eventId")
		}
		endpointBody(d, e, kind, true, key)
	case source == "networkActivityData" || source == "thirdPartyLogData":
		fndNetworkBody(d, e, 0, true)
	default:
		if dev := e.objN("device", deviceKeys); !readDevice(d, dev) {
			e.m.Remove("device")
		}
	}
}
