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
	ev.m.EnsureCapacity(24)
	ev.begin(classDetectionFinding, 1, "Create")
	key := ev.head.meta.Key
	fi := ev.obj("finding_info")
	fi.m.EnsureCapacity(10)
	uid, ok := fndStr(in, "uuid")
	if !ok {
		uid = key
	}
	fi.m.PutStr("uid", uid)
	fndMark(in, "detectedDateTime") // time, begin's
	if t, ok := fndTime(in, "detectedDateTime"); ok {
		fi.m.PutInt("created_time", t)
	}
	if t, ok := fndTime(in, "ingestedDateTime"); ok {
		ev.metadata().m.PutInt("logged_time", t)
	}
	source, _ := fndStr(in, "source")
	fi.strs("data_sources", fndOneString(source))
	fndOATFilters(in, ev.ocsfObject, fi)

	if ep, ok := in.obj("endpoint"); ok {
		dev := ev.obj("device")
		named := false
		if h, ok := fndStr(ep, "endpointName"); ok {
			dev.m.PutStr("hostname", h)
			named = true
		}
		if g, ok := fndStr(ep, "agentGuid"); ok {
			dev.m.PutStr("uid", g)
			named = true
		}
		if ips := fndIPs(ep, "ips"); len(ips) > 0 {
			dev.m.PutStr("ip", ips[0])
			named = true
			if len(ips) > 1 {
				add := dev.list("network_interfaces")
				for _, ip := range ips {
					n := add()
					n.m.PutStr("ip", ip)
					n.m.PutInt("type_id", 0)
				}
			}
		}
		dev.m.PutInt("type_id", 0)
		if !named {
			ev.m.Remove("device")
		}
	}
	et, etOK := fndStr(in, "entityType")
	en, enOK := fndStr(in, "entityName")
	if enOK {
		r := ev.list("resources")()
		r.m.PutStr("name", en)
		r.str("type", et)
	} else if etOK {
		fi.strs("types", fndOneString(et))
	}

	if detail, ok := in.obj("detail"); ok {
		fndUUID(detail, key) // the detection's own uuid again
		e := ev.list("evidences")()
		fndOATEvidence(detail, e, source, key)
		if source == "detections" {
			// the product's detection name is the finding's malware
			fndMalware(detail, ev.ocsfObject)
		}
		if !fndEvidenceValid(e) {
			ev.m.Remove("evidences")
		}
	}
}

func fndOneString(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// fndRiskLevels maps an OAT risk level to OCSF's risk_level_id (the same
// five steps, info = 0).
var fndRiskLevels = [...]string{"info", "low", "medium", "high", "critical"}

func fndRiskLevel(s string) (int64, bool) {
	for i, l := range fndRiskLevels {
		if strings.EqualFold(l, s) {
			return int64(i), true
		}
	}
	return 0, false
}

// fndOATFilters writes the matched filters: the first is the analytic
// (name, id, description; type_id Rule, category the filter's type,
// preset or custom), the title and the description, the others
// related_analytics; the union of their tactic and technique ids the
// attacks; the highest riskLevel risk_level_id; the highlightedObjects
// the observables. Every field of a filter is so written, and filters is
// read whole.
func fndOATFilters(in *ocsfItem, ev, fi ocsfObject) {
	var atk fndAttacks
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
		tactics := fndMapStrings(f, "mitreTacticIds")
		techniques := fndMapStrings(f, "mitreTechniqueIds")
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
			if n, ok := fndRiskLevel(l); ok && n > risk {
				risk, riskName = n, fndRiskLevels[n]
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
	atk.dedupTactics()
	atk.put(fi)
	if risk >= 0 {
		ev.m.PutInt("risk_level_id", risk)
		ev.m.PutStr("risk_level", strings.ToUpper(riskName[:1])+riskName[1:])
	}
}

// dedupTactics drops repeated tactics of an attack (two filters naming
// the same technique and tactic).
func (a fndAttacks) dedupTactics() {
	for i := range a {
		t := a[i].tactics
		out := t[:0]
		for j, x := range t {
			dup := false
			for _, y := range t[:j] {
				if x == y {
					dup = true
					break
				}
			}
			if !dup {
				out = append(out, x)
			}
		}
		a[i].tactics = out
	}
}

func fndMapStrings(m pcommon.Map, k string) []string {
	v, ok := m.Get(k)
	if !ok {
		return nil
	}
	return stringsOfValue(v)
}

// stringsOfValue is v's strings: a string, or an array's strings.
func stringsOfValue(v pcommon.Value) []string {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if v.Str() != "" {
			return []string{v.Str()}
		}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		out := make([]string, 0, s.Len())
		for i := range s.Len() {
			if e := s.At(i); e.Type() == pcommon.ValueTypeStr && e.Str() != "" {
				out = append(out, e.Str())
			}
		}
		return out
	}
	return nil
}

// fndObservableTypes maps a highlighted object's type (§3.2) to OCSF's
// observable type_id.
var fndObservableTypes = [...]struct {
	trend string
	id    int64
	name  string
}{{"command_line", 13, "Command Line"}, {"fullpath", 45, "File Path"}, {"file_sha1", 8, "Hash"},
	{"file_sha256", 8, "Hash"}, {"file_md5", 8, "Hash"}, {"url", 6, "URL String"}, {"ip", 2, "IP Address"},
	{"port", 11, "Port"}, {"domain", 1, "Hostname"}, {"host", 1, "Hostname"}, {"hostname", 1, "Hostname"},
	{"filename", 7, "File Name"}, {"file_name", 7, "File Name"}, {"process", 9, "Process Name"},
	{"user", 4, "User Name"}, {"user_account", 4, "User Name"}, {"email", 5, "Email Address"},
	{"email_address", 5, "Email Address"}, {"mac", 3, "MAC Address"}}

// fndObservable writes highlighted object h (type, field, value: a
// string, a number or an array of strings) as observables: name the Trend
// field of the detail it quotes, type_id by its type (Other with Trend's
// type when OCSF has none), one per value.
func fndObservable(h pcommon.Map, add func() ocsfObject) {
	typ, _ := str(h, "type")
	field, _ := str(h, "field")
	id, caption := int64(99), typ
	for _, t := range fndObservableTypes {
		if t.trend == typ {
			id, caption = t.id, t.name
			break
		}
	}
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
		dev := e.obj("device")
		fndDevice(d, dev)
		fndDeviceFallback(d, dev)
		if !fndDeviceNamed(dev) {
			e.m.Remove("device")
		}
	case source == "endpointActivityData" || d.has("eventId") && d.has("eventSubId"):
		kind, _, _, _, eventID, _ := endpointClass(d)
		if eventID > 0 {
			e.m.PutStr("name", endpointEventIDs[eventID])
			fndMark(d, "eventId")
		}
		endpointBody(d, e, kind, true, key)
	case source == "networkActivityData" || source == "thirdPartyLogData":
		fndNetworkBody(d, e, 0, true)
	default:
		if dev := e.obj("device"); !fndDevice(d, dev) {
			e.m.Remove("device")
		}
	}
}
