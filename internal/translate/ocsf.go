package translate

import (
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// OCSFVersion is the OCSF schema release the OCSF mode emits (README,
// "OCSF output"); internal/ocsf holds its digest and the validator the
// tests hold every mapped record to.
const OCSFVersion = "1.8.0"

// An ocsfClass is an OCSF event class the mappers emit.
type ocsfClass struct {
	uid, category      int64
	name, categoryName string
}

var (
	classFileActivity        = ocsfClass{1001, 1, "File System Activity", "System Activity"}
	classModuleActivity      = ocsfClass{1005, 1, "Module Activity", "System Activity"}
	classScheduledJob        = ocsfClass{1006, 1, "Scheduled Job Activity", "System Activity"}
	classProcessActivity     = ocsfClass{1007, 1, "Process Activity", "System Activity"}
	classScriptActivity      = ocsfClass{1009, 1, "Script Activity", "System Activity"}
	classComplianceFinding   = ocsfClass{2003, 2, "Compliance Finding", "Findings"}
	classDetectionFinding    = ocsfClass{2004, 2, "Detection Finding", "Findings"}
	classIncidentFinding     = ocsfClass{2005, 2, "Incident Finding", "Findings"}
	classAccountChange       = ocsfClass{3001, 3, "Account Change", "Identity & Access Management"}
	classAuthentication      = ocsfClass{3002, 3, "Authentication", "Identity & Access Management"}
	classNetworkActivity     = ocsfClass{4001, 4, "Network Activity", "Network Activity"}
	classHTTPActivity        = ocsfClass{4002, 4, "HTTP Activity", "Network Activity"}
	classDNSActivity         = ocsfClass{4003, 4, "DNS Activity", "Network Activity"}
	classEmailActivity       = ocsfClass{4009, 4, "Email Activity", "Network Activity"}
	classApplicationLifecyle = ocsfClass{6002, 6, "Application Lifecycle", "Application Activity"}
	classAPIActivity         = ocsfClass{6003, 6, "API Activity", "Application Activity"}
	classRemediationActivity = ocsfClass{7001, 7, "Remediation Activity", "Remediation"}
)

// An ocsfMapper writes one item as an OCSF event: it chooses the class and
// activity, calls ev.begin with them, then fills the class's attributes. It
// reads the item through in: the fields it never reads are kept in the
// event's unmapped object.
type ocsfMapper func(in *ocsfItem, ev *ocsfEvent)

// ocsfItem is an item (or one object within it) read field by field: what
// it hands out is remembered, and what it never handed out is the item's
// unmapped part. Reading a field is a linear scan of the item's keys; a
// mapper reads a few dozen, which costs less than a Go map of an item's
// ~50–100 keys would to build (BENCHMARKS.md compares OCSF with raw).
type ocsfItem struct {
	m    pcommon.Map
	used []string
	subs []*ocsfSub
}

// ocsfSub is an object of an item read field by field itself: its unread
// fields are kept under its key in unmapped.
type ocsfSub struct {
	key string
	in  *ocsfItem
}

func newOCSFItem(m pcommon.Map) *ocsfItem { return &ocsfItem{m: m, used: make([]string, 0, 32)} }

// value returns field k and marks it read, whatever its type: the caller
// maps it as it is. The typed readers below mark a field read only when it
// had their type, so that a field of another one stays in unmapped.
func (in *ocsfItem) value(k string) (pcommon.Value, bool) {
	v, ok := in.m.Get(k)
	if ok {
		in.mark(k)
	}
	return v, ok
}

func (in *ocsfItem) mark(k string) { in.used = append(in.used, k) }

// has reports whether field k is present, without reading it.
func (in *ocsfItem) has(k string) bool {
	_, ok := in.m.Get(k)
	return ok
}

// peek returns field k as a non-empty string without marking it read: a
// mapper choosing a class looks at the field another mapper then reads.
func (in *ocsfItem) peek(k string) string {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeStr {
		return ""
	}
	return v.Str()
}

// str returns field k as a non-empty string; an array of exactly one string
// (detections serve some scalar fields so) counts as that string.
func (in *ocsfItem) str(k string) (string, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return "", false
	}
	s, ok := scalarString(v)
	if ok {
		in.mark(k)
	}
	return s, ok
}

// strs returns field k as strings: a string, or the strings of an array.
// An array holding anything else stays unread (in unmapped) whole.
func (in *ocsfItem) strs(k string) []string {
	v, ok := in.m.Get(k)
	if !ok {
		return nil
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if v.Str() != "" {
			in.mark(k)
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
		if len(out) == s.Len() {
			in.mark(k)
		}
		return out
	}
	return nil
}

// int returns field k as an integer: a JSON integer, a whole double or a
// decimal string (several sources serve ports and pids as text).
func (in *ocsfItem) int(k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	n, ok := intValue(v)
	if ok {
		in.mark(k)
	}
	return n, ok
}

// time returns field k as OCSF's timestamp_t, milliseconds since the epoch.
func (in *ocsfItem) time(k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	t, err := timeValue(v)
	if err != nil {
		return 0, false
	}
	in.mark(k)
	return t.UnixMilli(), true
}

// bool returns field k as a boolean (true/false or "true"/"false").
func (in *ocsfItem) bool(k string) (bool, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return false, false
	}
	var b bool
	switch v.Type() {
	case pcommon.ValueTypeBool:
		b = v.Bool()
	case pcommon.ValueTypeStr:
		var err error
		if b, err = strconv.ParseBool(v.Str()); err != nil {
			return false, false
		}
	default:
		return false, false
	}
	in.mark(k)
	return b, true
}

// obj returns field k as an object read field by field: its unread fields
// are kept in unmapped under k.
func (in *ocsfItem) obj(k string) (*ocsfItem, bool) {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeMap {
		return nil, false
	}
	in.mark(k)
	sub := newOCSFItem(v.Map())
	in.subs = append(in.subs, &ocsfSub{key: k, in: sub})
	return sub, true
}

// objs calls fn with each object of array field k, read whole: the mapper
// takes what it maps and the rest of each object is not kept apart (the
// whole array is in raw_data when asked). An array holding anything but
// objects stays in unmapped.
func (in *ocsfItem) objs(k string, fn func(pcommon.Map)) {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return
	}
	s := v.Slice()
	all := true
	for i := range s.Len() {
		if e := s.At(i); e.Type() == pcommon.ValueTypeMap {
			fn(e.Map())
		} else {
			all = false
		}
	}
	if all {
		in.mark(k) // else the array stays in unmapped whole
	}
}

// prune leaves in the item only what was never read: its unread fields,
// and an object read field by field with its own unread fields (pruned
// likewise) under its key. It reports whether anything is left. The item
// is the event's unmapped part then, moved whole rather than copied.
func (in *ocsfItem) prune() bool {
	var partly []string // objects read field by field with fields left
	for _, s := range in.subs {
		if s.in.prune() {
			partly = append(partly, s.key)
		}
	}
	in.m.RemoveIf(func(k string, _ pcommon.Value) bool {
		return in.read(k) && !slices.Contains(partly, k)
	})
	return in.m.Len() > 0
}

func (in *ocsfItem) read(k string) bool {
	for _, u := range in.used {
		if u == k {
			return true
		}
	}
	return false
}

// ocsfEvent is the OCSF event being written: the record's body.
type ocsfEvent struct {
	ocsfObject
	head      *head
	eventName string
	// source is the search source of a search item (Options.Source).
	source string
}

// begin sets what every event has: class, category, activity and type
// (type_uid = class_uid × 100 + activity_id), time, severity from the
// record's and metadata naming the product, the OCSF version, the log and
// the item's uid.
func (ev *ocsfEvent) begin(c ocsfClass, activityID int64, activityName string) {
	m := ev.m
	m.PutInt("class_uid", c.uid)
	m.PutStr("class_name", c.name)
	m.PutInt("category_uid", c.category)
	m.PutStr("category_name", c.categoryName)
	m.PutInt("activity_id", activityID)
	m.PutStr("activity_name", activityName)
	m.PutInt("type_uid", c.uid*100+activityID)
	m.PutStr("type_name", c.name+": "+activityName)
	m.PutInt("time", ev.head.timestamp.UnixMilli())
	id, caption := ocsfSeverity(ev.head.severity)
	ev.severity(id, caption)

	md := m.PutEmptyMap("metadata")
	md.PutStr("version", OCSFVersion)
	p := md.PutEmptyMap("product")
	p.PutStr("name", "Vision One")
	p.PutStr("vendor_name", "Trend Micro")
	md.PutStr("log_name", ev.eventName)
	md.PutStr("uid", ev.head.meta.Key)
}

// severity sets severity_id and its caption.
func (ev *ocsfEvent) severity(id int64, caption string) {
	ev.m.PutInt("severity_id", id)
	ev.m.PutStr("severity", caption)
}

// metadata returns the event's metadata object (begin made it).
func (ev *ocsfEvent) metadata() ocsfObject {
	v, _ := ev.m.Get("metadata")
	return ocsfObject{v.Map()}
}

// ocsfSeverity maps a record's severity, which the head took from the
// item's Vision One level (doc.go), to OCSF's severity_id.
func ocsfSeverity(s plog.SeverityNumber) (int64, string) {
	switch {
	case s == plog.SeverityNumberUnspecified:
		return 0, "Unknown"
	case s <= plog.SeverityNumberInfo4:
		return 1, "Informational"
	case s <= plog.SeverityNumberWarn2:
		return 2, "Low"
	case s <= plog.SeverityNumberWarn4:
		return 3, "Medium"
	case s <= plog.SeverityNumberError4:
		return 4, "High"
	}
	return 5, "Critical"
}

// ocsfObject writes one OCSF object; each setter skips an empty value, so a
// mapper need not test what the item had.
type ocsfObject struct{ m pcommon.Map }

func (o ocsfObject) str(k, v string) {
	if v != "" {
		o.m.PutStr(k, v)
	}
}

func (o ocsfObject) int(k string, v int64, ok bool) {
	if ok {
		o.m.PutInt(k, v)
	}
}

// port sets a port_t: 0–65535, else nothing.
func (o ocsfObject) port(k string, v int64, ok bool) {
	if ok && v >= 0 && v <= 65535 {
		o.m.PutInt(k, v)
	}
}

// ip sets an ip_t when v parses as an IP address, else nothing: OCSF's
// ip_t is an address, never a host name or "N/A".
func (o ocsfObject) ip(k, v string) bool {
	if _, err := netip.ParseAddr(v); err != nil {
		return false
	}
	o.m.PutStr(k, v)
	return true
}

func (o ocsfObject) strs(k string, v []string) {
	if len(v) == 0 {
		return
	}
	s := o.m.PutEmptySlice(k)
	s.EnsureCapacity(len(v))
	for _, e := range v {
		s.AppendEmpty().SetStr(e)
	}
}

// obj adds object k.
func (o ocsfObject) obj(k string) ocsfObject { return ocsfObject{o.m.PutEmptyMap(k)} }

// list adds array k of objects; each call of the returned func appends one.
func (o ocsfObject) list(k string) func() ocsfObject {
	var s pcommon.Slice
	made := false
	return func() ocsfObject {
		if !made {
			s, made = o.m.PutEmptySlice(k), true
		}
		return ocsfObject{s.AppendEmpty().SetEmptyMap()}
	}
}

// scalarString is v as a non-empty string: a string, or an array of
// exactly one.
func scalarString(v pcommon.Value) (string, bool) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return v.Str(), v.Str() != ""
	case pcommon.ValueTypeSlice:
		if s := v.Slice(); s.Len() == 1 && s.At(0).Type() == pcommon.ValueTypeStr && s.At(0).Str() != "" {
			return s.At(0).Str(), true
		}
	}
	return "", false
}

// intValue is v as an integer: Int, a whole Double within int64, or a
// decimal string.
func intValue(v pcommon.Value) (int64, bool) {
	switch v.Type() {
	case pcommon.ValueTypeInt:
		return v.Int(), true
	case pcommon.ValueTypeDouble:
		f := v.Double()
		if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
			return int64(f), true
		}
	case pcommon.ValueTypeStr:
		n, err := strconv.ParseInt(strings.TrimSpace(v.Str()), 10, 64)
		return n, err == nil
	}
	return 0, false
}
