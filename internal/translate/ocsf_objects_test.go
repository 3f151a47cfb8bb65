package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// TestOCSFItemReaders holds the framework's readers to what they promise:
// the value they return and whether the field is read (gone from
// unmapped) or kept.
func TestOCSFItemReaders(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		read  func(in *ocsfItem) any
		want  any
		kept  bool // the field is still in unmapped
	}{
		{"str: a string", "a", func(in *ocsfItem) any { s, _ := in.str("f"); return s }, "a", false},
		{"str: an array of one", []any{"a"}, func(in *ocsfItem) any { s, _ := in.str("f"); return s }, "a", false},
		{"str: a number stays", int64(1), func(in *ocsfItem) any { s, _ := in.str("f"); return s }, "", true},
		{"strs: strings, empty ones skipped", []any{"a", "", "b"}, func(in *ocsfItem) any { return in.strs("f") }, []string{"a", "b"}, false},
		{"strs: a mixed array stays whole", []any{"a", int64(1)}, func(in *ocsfItem) any { return in.strs("f") }, []string(nil), true},
		{"int: decimal text", "12", func(in *ocsfItem) any { n, _ := in.int("f"); return n }, int64(12), false},
		{"int: an array of one", []any{int64(7)}, func(in *ocsfItem) any { n, _ := in.int("f"); return n }, int64(7), false},
		{"port: 0 stays", int64(0), func(in *ocsfItem) any { n, _ := in.port("f"); return n }, int64(0), true},
		{"port: a port", int64(443), func(in *ocsfItem) any { n, _ := in.port("f"); return n }, int64(443), false},
		{"bool: its text", "true", func(in *ocsfItem) any { b, _ := in.bool("f"); return b }, true, false},
		{"ip: one address", "10.0.0.1", func(in *ocsfItem) any { return in.ip("f") }, "10.0.0.1", false},
		{"ip: the first of several, the rest kept", []any{"10.0.0.1", "10.0.0.2"}, func(in *ocsfItem) any { return in.ip("f") }, "10.0.0.1", true},
		{"ip: a host name stays", "host", func(in *ocsfItem) any { return in.ip("f") }, "", true},
		{"ips: addresses", []any{"10.0.0.1", "::1"}, func(in *ocsfItem) any { return in.ips("f") }, []string{"10.0.0.1", "::1"}, false},
		{"ips: not all addresses stays", []any{"10.0.0.1", "x"}, func(in *ocsfItem) any { return in.ips("f") }, []string(nil), true},
		{"look: an array of one, not read", []any{"a"}, func(in *ocsfItem) any { return in.look("f") }, "a", true},
		{"peek: a string only", []any{"a"}, func(in *ocsfItem) any { return in.peek("f") }, "", true},
		{"objs: objects", []any{map[string]any{"a": "1"}, map[string]any{"a": "2"}}, func(in *ocsfItem) any {
			var got []string
			in.objs("f", func(m pcommon.Map) { got = append(got, mapStr(m, "a")) })
			return got
		}, []string{"1", "2"}, false},
		{"objs: a mixed array stays whole, unseen", []any{map[string]any{"a": "1"}, "x"}, func(in *ocsfItem) any {
			var got []string
			in.objs("f", func(m pcommon.Map) { got = append(got, mapStr(m, "a")) })
			return got
		}, []string(nil), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := pcommon.NewMap()
			require.NoError(t, m.FromRaw(map[string]any{"f": tc.value, "other": "x"}))
			in := &ocsfItem{m: m}
			assert.Equal(t, tc.want, tc.read(in))
			in.prune()
			_, kept := m.Get("f")
			assert.Equal(t, tc.kept, kept, "f in unmapped")
			_, other := m.Get("other")
			assert.True(t, other, "an unread field stays")
		})
	}
}

// TestOCSFMove: a moved field is the event's, read, and empty in the item;
// what is not a string is copied as str reads it, or left.
func TestOCSFMove(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		moved bool
		want  any
	}{
		{"a string moves", "abc", true, "abc"},
		{"an array of one is copied", []any{"abc"}, true, "abc"},
		{"an empty string stays", "", false, nil},
		{"a number stays", int64(3), false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := pcommon.NewMap()
			require.NoError(t, m.FromRaw(map[string]any{"f": tc.value}))
			in := &ocsfItem{m: m}
			o, body := testObject()
			assert.Equal(t, tc.moved, o.move("k", in, "f"))
			assert.Equal(t, tc.want, body()["k"])
			assert.Equal(t, !tc.moved, in.prune(), "f left in unmapped")
		})
	}
}

// TestOCSFMoveStrs: strs' values, the array moved whole when it can be.
func TestOCSFMoveStrs(t *testing.T) {
	for _, tc := range []struct {
		name     string
		value    any
		want     any
		leftInIn bool // the item still holds the value (copied, or not read)
	}{
		{"an array moves", []any{"a", "b"}, []any{"a", "b"}, false},
		{"a string moves into one", "a", []any{"a"}, false},
		{"empty strings are skipped, copied", []any{"a", ""}, []any{"a"}, true},
		{"not strings: nothing, left", []any{"a", int64(1)}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := pcommon.NewMap()
			require.NoError(t, m.FromRaw(map[string]any{"f": tc.value}))
			in := &ocsfItem{m: m}
			o, body := testObject()
			o.moveStrs("k", in, "f")
			assert.Equal(t, tc.want, body()["k"])
			v, _ := m.Get("f")
			assert.Equal(t, tc.leftInIn, v.Type() != pcommon.ValueTypeEmpty)
		})
	}
}

// TestOCSFDropEmpty: an item marked dropEmpty leaves its empty fields out
// of unmapped; another keeps them.
func TestOCSFDropEmpty(t *testing.T) {
	for _, drop := range []bool{false, true} {
		m := pcommon.NewMap()
		require.NoError(t, m.FromRaw(map[string]any{"a": "", "b": []any{}, "c": nil, "d": "x"}))
		in := &ocsfItem{m: m, dropEmpty: drop}
		in.prune()
		if drop {
			assert.Equal(t, map[string]any{"d": "x"}, m.AsRaw())
		} else {
			assert.Equal(t, 4, m.Len())
		}
	}
}

// TestOCSFItemRelease: an item handed back is clean (the pool hands it
// out again), so a record never sees what another read.
func TestOCSFItemRelease(t *testing.T) {
	m := pcommon.NewMap()
	require.NoError(t, m.FromRaw(map[string]any{"a": "1", "o": map[string]any{"b": "2"}}))
	in := newOCSFItem(m)
	in.str("a")
	sub, _ := in.obj("o")
	sub.str("b")
	in.dropEmpty = true
	in.release()
	for _, it := range []*ocsfItem{in, sub} {
		assert.Empty(t, it.used)
		assert.Empty(t, it.subs)
		assert.False(t, it.dropEmpty)
		assert.Equal(t, pcommon.Map{}, it.m, "no record's map kept")
	}
}

// TestOCSFTypeName: type_name is "<class>: <activity>", cached or not.
func TestOCSFTypeName(t *testing.T) {
	for _, tc := range []struct {
		c        ocsfClass
		id       int64
		activity string
		want     string
	}{
		{classProcessActivity, 1, "Launch", "Process Activity: Launch"},
		{classProcessActivity, 1, "Launch", "Process Activity: Launch"}, // from the cache
		{classAPIActivity, 99, "Rename report", "API Activity: Rename report"},
	} {
		assert.Equal(t, tc.want, ocsfTypeName(tc.c, tc.id, tc.activity))
	}
}

// TestOCSFAttacks: technique ids once each, with ATT&CK's names, the
// version an id gave and tactics without repeats.
func TestOCSFAttacks(t *testing.T) {
	var a ocsfAttacks
	a.addID("V9.T1548.002")
	a.addID("T1548.002")
	a.add("T1057", "TA0007")
	a.add("T1057", "TA0007")
	a.add("", "TA0040")
	tags := []string{"MITREV9.T1059.004", "MITRE.T1071", "XSAE.F2924"}
	for _, tag := range tags {
		if id, ok := tagTechnique(tag); ok {
			a.addID(id)
		}
	}
	o, body := testObject()
	a.put(o, "13")
	got := body()["attacks"]
	assert.Equal(t, []any{
		map[string]any{"technique": map[string]any{"uid": "T1548", "name": "Abuse Elevation Control Mechanism"},
			"sub_technique": map[string]any{"uid": "T1548.002", "name": "Bypass User Account Control"}, "version": "9"},
		map[string]any{"technique": map[string]any{"uid": "T1057", "name": "Process Discovery"},
			"tactic": map[string]any{"uid": "TA0007", "name": "Discovery"}, "version": "13"},
		map[string]any{"tactic": map[string]any{"uid": "TA0040", "name": "Impact"}, "version": "13"},
		map[string]any{"technique": map[string]any{"uid": "T1059", "name": "Command and Scripting Interpreter"},
			"sub_technique": map[string]any{"uid": "T1059.004", "name": "Unix Shell"}, "version": "9"},
		map[string]any{"technique": map[string]any{"uid": "T1071", "name": "Application Layer Protocol"}, "version": "13"},
	}, got)
}

// TestOCSFSharedTables: the tables two or more mappings used to keep
// apart, now one.
func TestOCSFSharedTables(t *testing.T) {
	for _, tc := range []struct {
		name    string
		got     func() (int64, string)
		id      int64
		caption string
	}{
		{"os: Windows", func() (int64, string) { return osType("Windows 11") }, 100, "Windows"},
		{"os: iPadOS before iOS", func() (int64, string) { return osType("iPadOS 17") }, 302, "iPadOS"},
		{"os: a Linux distribution", func() (int64, string) { return osType("Amazon Linux 2") }, 200, "Linux"},
		{"os: named, of no family", func() (int64, string) { return osType("Plan 9") }, 99, "Other"},
		{"os: no name", func() (int64, string) { return osType("") }, 0, "Unknown"},
		{"risk: critical", func() (int64, string) { return ocsfRiskLevel("critical") }, 4, "Critical"},
		{"risk: info is 0", func() (int64, string) { return ocsfRiskLevel("INFO") }, 0, "Info"},
		{"risk: another", func() (int64, string) { return ocsfRiskLevel("severe") }, 99, "severe"},
		{"malware: webshell", func() (int64, string) { return malwareClass("webshell") }, 20, "Web Shell"},
		{"malware: virus/malware", func() (int64, string) { return malwareClass("Virus/Malware") }, 19, "Virus"},
		{"malware: another", func() (int64, string) { return malwareClass("grayware") }, 99, "grayware"},
		{"file: copy is Other", func() (int64, string) { return fileActivity(105) }, 99, "XDR_FILE_COPY"},
		{"file: 110 sets attributes", func() (int64, string) { return fileActivity(110) }, 6, "Set Attributes"},
		{"observable: port", func() (int64, string) { return observableType("port", "") }, 11, "Port"},
		{"observable: a host's text", func() (int64, string) { return observableType("text", "endpointHostName") }, 1, "Hostname"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, caption := tc.got()
			assert.Equal(t, tc.id, id)
			assert.Equal(t, tc.caption, caption)
		})
	}
	assert.Equal(t, "Command and Control", tacticName("TA0011"))
	assert.Equal(t, "b", baseName(`C:\a\b`))
	assert.Equal(t, "a/", baseName("a/"), "a path ending in a separator is its own name")
	assert.Equal(t, `C:\a`, dirName(`C:\a\b`))
}
