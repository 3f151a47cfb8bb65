package translate

import (
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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
//
// The typed readers (str, strs, int, port, time, bool, ip, ips, obj, objs)
// mark a field read only when its value was usable as that type: a field
// of another type stays in unmapped rather than being lost. The peek
// readers read without marking, for a mapper that looks at a field before
// deciding what to do with it.
type ocsfItem struct {
	m    pcommon.Map
	used []string
	subs []ocsfSub
	// dropEmpty leaves out of unmapped the fields that hold nothing ("",
	// [] or null): the search sources' records carry every declared field,
	// empty where the event has no value (docs/visionone-api.md §4.2), and
	// unmapped would only repeat the nothing.
	dropEmpty bool
}

// ocsfSub is an object of an item read field by field itself: its unread
// fields are kept under its key in unmapped.
type ocsfSub struct {
	key string
	in  *ocsfItem
}

// ocsfItems recycles the items (and the objects read field by field
// within them) of the records translated: an item's list of what was read
// is most of what a mapping allocates that it does not write.
var ocsfItems = sync.Pool{New: func() any { return &ocsfItem{used: make([]string, 0, 32)} }}

func newOCSFItem(m pcommon.Map) *ocsfItem {
	in := ocsfItems.Get().(*ocsfItem)
	in.m = m
	return in
}

// release hands the item and its objects back for another record; the
// caller is done with them (prune ran).
func (in *ocsfItem) release() {
	for i, s := range in.subs {
		s.in.release()
		in.subs[i] = ocsfSub{}
	}
	clear(in.used) // no strings of this record kept alive
	*in = ocsfItem{used: in.used[:0], subs: in.subs[:0]}
	ocsfItems.Put(in)
}

// value returns field k and marks it read, whatever its type: the caller
// maps it as it is.
func (in *ocsfItem) value(k string) (pcommon.Value, bool) {
	v, ok := in.m.Get(k)
	if ok {
		in.mark(k)
	}
	return v, ok
}

// mark marks field k read: the caller wrote its value somewhere (or knows
// it repeats one written).
func (in *ocsfItem) mark(k string) { in.used = append(in.used, k) }

// has reports whether field k is present, without reading it.
func (in *ocsfItem) has(k string) bool {
	_, ok := in.m.Get(k)
	return ok
}

// peek returns field k as a non-empty string without marking it read: a
// mapper choosing a class looks at the field another mapper then reads. A
// nil item or an empty key has nothing.
func (in *ocsfItem) peek(k string) string {
	if in == nil || k == "" {
		return ""
	}
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeStr {
		return ""
	}
	return v.Str()
}

// look is peek of what str reads: a non-empty string or an array of
// exactly one, not marked read (the caller marks it once it wrote the
// value somewhere).
func (in *ocsfItem) look(k string) string {
	v, ok := in.m.Get(k)
	if !ok {
		return ""
	}
	s, _ := scalarString(v)
	return s
}

// peekInt is field k as an integer (intValue), not marked read.
func (in *ocsfItem) peekInt(k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	return intValue(v)
}

// peekBool is field k as a boolean (boolValue), not marked read.
func (in *ocsfItem) peekBool(k string) (bool, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return false, false
	}
	return boolValue(v)
}

// peekObj is object field k, not marked read.
func (in *ocsfItem) peekObj(k string) (pcommon.Map, bool) {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeMap {
		return pcommon.Map{}, false
	}
	return v.Map(), true
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

// strs returns field k as strings: a string, or the strings of an array of
// strings only ("" elements skipped). An array holding anything else stays
// unread (in unmapped) whole, and nothing of it is returned: a part of it
// mapped would be written twice.
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
			e := s.At(i)
			if e.Type() != pcommon.ValueTypeStr {
				return nil
			}
			if e.Str() != "" {
				out = append(out, e.Str())
			}
		}
		in.mark(k)
		return out
	}
	return nil
}

// int returns field k as an integer: a JSON integer, a whole double or a
// decimal string (several sources serve ports and pids as text), or an
// array of exactly one of those.
func (in *ocsfItem) int(k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	if v.Type() == pcommon.ValueTypeSlice && v.Slice().Len() == 1 {
		v = v.Slice().At(0)
	}
	n, ok := intValue(v)
	if ok {
		in.mark(k)
	}
	return n, ok
}

// port returns field k as a port (1–65535): the activity records send 0
// where the event has no port (§4.2), which is kept in unmapped rather
// than written as a port.
func (in *ocsfItem) port(k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	n, ok := intValue(v)
	if !ok || n < 1 || n > 65535 {
		return 0, false
	}
	in.mark(k)
	return n, true
}

// time returns field k as OCSF's timestamp_t, milliseconds since the epoch
// (any form of docs/visionone-api.md §1.4).
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

// bool returns field k as a boolean (boolValue).
func (in *ocsfItem) bool(k string) (bool, bool) {
	b, ok := in.peekBool(k)
	if ok {
		in.mark(k)
	}
	return b, ok
}

// ip returns field k's first IP address (a string, or an array of IP
// addresses only) and marks k read when it is that one address: of an
// array of several, the others are kept in unmapped with the field.
func (in *ocsfItem) ip(k string) string {
	v, ok := in.m.Get(k)
	if !ok {
		return ""
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if isIP(v.Str()) {
			in.mark(k)
			return v.Str()
		}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		if s.Len() == 0 || !allIPs(s) {
			return ""
		}
		if s.Len() == 1 {
			in.mark(k)
		}
		return s.At(0).Str()
	}
	return ""
}

// ips returns field k's IP addresses (a string or an array) and marks it
// read when it holds only IP addresses; else nothing.
func (in *ocsfItem) ips(k string) []string {
	v, ok := in.m.Get(k)
	if !ok {
		return nil
	}
	var out []string
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if !isIP(v.Str()) {
			return nil
		}
		out = []string{v.Str()}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		if !allIPs(s) {
			return nil
		}
		out = make([]string, s.Len())
		for i := range s.Len() {
			out[i] = s.At(i).Str()
		}
	default:
		return nil
	}
	in.mark(k)
	return out
}

// allIPs reports whether every element of s is an IP address string.
func allIPs(s pcommon.Slice) bool {
	for i := range s.Len() {
		if e := s.At(i); e.Type() != pcommon.ValueTypeStr || !isIP(e.Str()) {
			return false
		}
	}
	return true
}

// repeats marks field k read when it is the string want, a value already
// mapped (Trend's items carry some values twice, normalised and not).
func (in *ocsfItem) repeats(k, want string) {
	if want == "" {
		return
	}
	if v, ok := in.m.Get(k); ok && v.Type() == pcommon.ValueTypeStr && v.Str() == want {
		in.mark(k)
	}
}

// repeatsField marks field a read when it repeats field b (equal, or one a
// string and the other an array of just that string).
func (in *ocsfItem) repeatsField(a, b string) {
	va, ok1 := in.m.Get(a)
	vb, ok2 := in.m.Get(b)
	if !ok1 || !ok2 {
		return
	}
	if va.Equal(vb) {
		in.mark(a)
		return
	}
	sa, okA := scalarString(va)
	sb, okB := scalarString(vb)
	if okA && okB && sa == sb {
		in.mark(a)
	}
}

// obj returns field k as an object read field by field: its unread fields
// are kept in unmapped under k. A field of another type stays unread.
func (in *ocsfItem) obj(k string) (*ocsfItem, bool) {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeMap {
		return nil, false
	}
	in.mark(k)
	sub := newOCSFItem(v.Map())
	in.subs = append(in.subs, ocsfSub{key: k, in: sub})
	return sub, true
}

// objs calls fn with each object of array field k, read whole: the mapper
// takes what it maps (it may move an object into the event) and the rest
// of each object is not kept apart (the whole array is in raw_data when
// asked). An array holding anything but objects stays in unmapped whole,
// and fn sees none of it: an object moved out of it would leave a hole.
func (in *ocsfItem) objs(k string, fn func(pcommon.Map)) {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return
	}
	s := v.Slice()
	for i := range s.Len() {
		if s.At(i).Type() != pcommon.ValueTypeMap {
			return
		}
	}
	in.mark(k)
	for i := range s.Len() {
		fn(s.At(i).Map())
	}
}

// prune leaves in the item only what was never read: its unread fields
// (but for empty ones when dropEmpty), and an object read field by field
// with its own unread fields (pruned likewise) under its key. It reports
// whether anything is left. The item is the event's unmapped part then,
// moved whole rather than copied.
func (in *ocsfItem) prune() bool {
	var partly []string // objects read field by field with fields left
	for _, s := range in.subs {
		if s.in.prune() {
			partly = append(partly, s.key)
		}
	}
	in.m.RemoveIf(func(k string, v pcommon.Value) bool {
		if in.dropEmpty && isEmptyValue(v) {
			return true
		}
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

// isEmptyValue reports whether v holds nothing: null, "" or [].
func isEmptyValue(v pcommon.Value) bool {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
		return true
	case pcommon.ValueTypeStr:
		return v.Str() == ""
	case pcommon.ValueTypeSlice:
		return v.Slice().Len() == 0
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
	m.EnsureCapacity(ocsfEventKeys) // grown once, not 1, 2, 4, … 32
	m.PutInt("class_uid", c.uid)
	m.PutStr("class_name", c.name)
	m.PutInt("category_uid", c.category)
	m.PutStr("category_name", c.categoryName)
	m.PutInt("activity_id", activityID)
	m.PutStr("activity_name", activityName)
	m.PutInt("type_uid", c.uid*100+activityID)
	m.PutStr("type_name", ocsfTypeName(c, activityID, activityName))
	m.PutInt("time", ev.head.timestamp.UnixMilli())
	id, caption := ocsfSeverity(ev.head.severity)
	ev.severity(id, caption)

	md := m.PutEmptyMap("metadata")
	md.EnsureCapacity(8) // begin's 5 and a mapper's few (profiles, labels, times, codes)
	md.PutStr("version", OCSFVersion)
	p := md.PutEmptyMap("product")
	p.EnsureCapacity(2)
	p.PutStr("name", "Vision One")
	p.PutStr("vendor_name", "Trend Micro")
	md.PutStr("log_name", ev.eventName)
	md.PutStr("uid", ev.head.meta.Key)
}

// ocsfEventKeys is about the number of top-level attributes an event gets
// (begin's 14 and the class's).
const ocsfEventKeys = 32

// ocsfTypeNames holds the type_name of each class and activity met: the
// string is made once rather than for every record. Activities named by
// the data (Other with Trend's text) are many, so the cache stops growing
// at ocsfTypeNamesMax and the rest are made each time.
var (
	ocsfTypeNames    sync.Map // ocsfTypeKey → string
	ocsfTypeNamesLen atomic.Int64
)

const ocsfTypeNamesMax = 1024

type ocsfTypeKey struct {
	uid, activity int64
	name          string
}

// ocsfTypeName is type_name: "<class name>: <activity name>".
func ocsfTypeName(c ocsfClass, activityID int64, activityName string) string {
	k := ocsfTypeKey{c.uid, activityID, activityName}
	if v, ok := ocsfTypeNames.Load(k); ok {
		return v.(string)
	}
	s := c.name + ": " + activityName
	if ocsfTypeNamesLen.Load() < ocsfTypeNamesMax {
		if _, loaded := ocsfTypeNames.LoadOrStore(k, s); !loaded {
			ocsfTypeNamesLen.Add(1)
		}
	}
	return s
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

// ocsfObject writes one OCSF object (of the body map, or of the evTree a
// JSON body is written from); each setter skips an empty value, so a
// mapper need not test what the item had.
type ocsfObject struct{ m evMap }

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

// obj adds object k, with room for objectKeys attributes.
func (o ocsfObject) obj(k string) ocsfObject { return o.objN(k, objectKeys) }

// objN adds object k with room for n attributes.
func (o ocsfObject) objN(k string, n int) ocsfObject {
	x := o.m.PutEmptyMap(k)
	x.EnsureCapacity(n)
	return ocsfObject{x}
}

// objectKeys is the room an object is made with: most OCSF objects the
// mappers write have one to six attributes, and a map that starts empty
// grows by appends, 1, 2, 4, 8 (an allocation each), where one of four
// holds most at once (BENCHMARKS.md, section 7).
const objectKeys = 4

// The room the objects with more attributes than objectKeys are made with:
// the most the builders write into each.
const (
	processKeys = 10
	fileKeys    = 9
	deviceKeys  = 8
)

// newObject returns an object of o's event in no object yet: the caller
// moves it into one (o.m.MoveTo) only if something went in.
func (o ocsfObject) newObject() ocsfObject { return ocsfObject{o.m.newObject()} }

// child returns object k of o, adding it if it is not there yet.
func (o ocsfObject) child(k string) ocsfObject {
	if v, ok := o.m.Get(k); ok && v.Type() == pcommon.ValueTypeMap {
		return ocsfObject{v.Map()}
	}
	return o.obj(k)
}

// once returns a func that adds object k of o on its first call and hands
// it out on every call: an object made only if something goes in it.
func (o ocsfObject) once(k string) func() ocsfObject { return o.onceN(k, objectKeys) }

// onceN is once for an object made with room for n attributes.
func (o ocsfObject) onceN(k string, n int) func() ocsfObject {
	var made ocsfObject
	ok := false
	return func() ocsfObject {
		if !ok {
			made, ok = o.objN(k, n), true
		}
		return made
	}
}

// move sets o[k] to field f of in when it is what str reads (a non-empty
// string, or an array of exactly one), and marks f read: the same as
// o.str(k, in.str(f)), but a string field's value is moved rather than
// copied (a new value is an allocation, and allocations are most of a
// mapping's cost, BENCHMARKS.md). The field is empty in the item then (for
// a JSON body, taken when the text is written):
// only a field the mapper uses once is moved, after anything else looked
// at it; being read, it is not in unmapped either way.
func (o ocsfObject) move(k string, in *ocsfItem, f string) bool {
	v, ok := in.m.Get(f)
	if !ok || o.m.taken(v) {
		return false
	}
	if v.Type() == pcommon.ValueTypeStr && v.Str() != "" {
		o.m.PutEmpty(k).moveFrom(v)
		in.mark(f)
		return true
	}
	s, ok := scalarString(v)
	if !ok {
		return false
	}
	o.m.PutStr(k, s)
	in.mark(f)
	return true
}

// moveStrs sets o[k] to field f of in as strs reads it (a string, or an
// array of strings, "" skipped) and marks f read; an array of non-empty
// strings is moved whole rather than copied string by string. It reports
// whether it set anything.
func (o ocsfObject) moveStrs(k string, in *ocsfItem, f string) bool {
	v, ok := in.m.Get(f)
	if !ok || o.m.taken(v) {
		return false
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if v.Str() == "" {
			return false
		}
		o.m.PutEmptySlice(k).AppendEmpty().moveFrom(v)
		in.mark(f)
		return true
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		for i := range s.Len() {
			if e := s.At(i); e.Type() != pcommon.ValueTypeStr || e.Str() == "" {
				o.strs(k, in.strs(f)) // "" to skip, or not strings at all
				_, set := o.m.Get(k)
				return set
			}
		}
		in.mark(f)
		if s.Len() == 0 {
			return false
		}
		o.m.PutEmpty(k).moveFrom(v)
		return true
	}
	return false
}

// either adds object k with attributes a and b moved from fields fa and fb
// of in, when the item has either, and returns it.
func (o ocsfObject) either(k string, in *ocsfItem, a, fa, b, fb string) (ocsfObject, bool) {
	if in.look(fa) == "" && in.look(fb) == "" {
		return ocsfObject{}, false
	}
	x := o.obj(k)
	x.move(a, in, fa)
	x.move(b, in, fb)
	return x, true
}

// list adds array k of objects; each call of the returned func appends one,
// made with room for objectKeys attributes.
func (o ocsfObject) list(k string) func() ocsfObject { return o.listN(k, objectKeys) }

// listN is list with room for n attributes in each object.
func (o ocsfObject) listN(k string, n int) func() ocsfObject {
	var s evSlice
	made := false
	return func() ocsfObject {
		if !made {
			s, made = o.m.PutEmptySlice(k), true
		}
		x := s.AppendEmpty().SetEmptyMap()
		x.EnsureCapacity(n)
		return ocsfObject{x}
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

// boolValue is v as a boolean: true/false, or its text (strconv.ParseBool).
func boolValue(v pcommon.Value) (bool, bool) {
	switch v.Type() {
	case pcommon.ValueTypeBool:
		return v.Bool(), true
	case pcommon.ValueTypeStr:
		b, err := strconv.ParseBool(v.Str())
		return b, err == nil
	}
	return false, false
}

// isIP reports whether s is an IP address (OCSF's ip_t).
func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}
