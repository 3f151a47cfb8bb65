package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var testEpoch = time.Date(2024, 5, 14, 8, 0, 0, 0, time.UTC)

// testRecords returns n records of kind with distinct seeds, spread over a
// day: whole seconds except for search (milliseconds), ingested 5–300 s later
// (at once for the feeds whose items change, visible at creation).
func testRecords(kind Kind, n int) []Record {
	out := make([]Record, n)
	k := uint64(slices.Index(Kinds(), kind) + 1)
	perDay := map[string]uint64{}
	for i := range out {
		seed := uint64(i)*0x9e3779b97f4a7c15 + k
		t := testEpoch.Add(time.Duration(seed%86_400_000) * time.Millisecond)
		if !kind.IsSearch() {
			t = t.Truncate(time.Second)
		}
		day := t.Format("20060102")
		perDay[day]++
		out[i] = Record{Kind: kind, Seed: seed, Ordinal: perDay[day], Time: t,
			Ingested: t.Truncate(time.Second).Add(time.Duration(5+seed%296) * time.Second)}
		if HasVersions(kind) { // visible at creation (simulator/feeds.go)
			out[i].Ingested = t
		}
	}
	return out
}

// withQuirks returns the records with Quirks set.
func withQuirks(records []Record) []Record {
	out := slices.Clone(records)
	for i := range out {
		out[i].Quirks = true
	}
	return out
}

// decoded is an item as a client sees it: CanonicalJSON decoded with UseNumber.
func decoded(t testing.TB, item map[string]any) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(CanonicalJSON(item)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return m
}

// check validates one decoded JSON value.
type check struct {
	name string
	ok   func(v any) bool
}

// fields maps a field name to the check its value must pass.
type fields map[string]check

var (
	str     = check{"string", func(v any) bool { _, ok := v.(string); return ok }}
	integer = check{"integer", func(v any) bool {
		n, ok := v.(json.Number)
		return ok && !strings.ContainsAny(string(n), ".eE")
	}}
	boolean = check{"bool", func(v any) bool { _, ok := v.(bool); return ok }}
	object  = check{"object", func(v any) bool { _, ok := v.(map[string]any); return ok }}
	array   = check{"array", func(v any) bool { _, ok := v.([]any); return ok }}
	strs    = arrayOf(str)
	ints    = arrayOf(integer)
	// epochMs is epoch milliseconds as an integer or a numeric string (§1.4).
	epochMs   = anyOf(integer, pattern(`^\d{13}$`))
	isoSec    = layout("2006-01-02T15:04:05Z")
	isoMilli  = layout("2006-01-02T15:04:05.000Z")
	uuidValue = pattern(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

func arrayOf(c check) check {
	return check{"array of " + c.name, func(v any) bool {
		xs, ok := v.([]any)
		if !ok {
			return false
		}
		for _, x := range xs {
			if !c.ok(x) {
				return false
			}
		}
		return true
	}}
}

func anyOf(cs ...check) check {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.name
	}
	return check{strings.Join(names, " | "), func(v any) bool {
		for _, c := range cs {
			if c.ok(v) {
				return true
			}
		}
		return false
	}}
}

func nullable(c check) check {
	return check{c.name + " | null", func(v any) bool { return v == nil || c.ok(v) }}
}

func enum(values ...string) check {
	return check{fmt.Sprintf("one of %q", values), func(v any) bool {
		s, ok := v.(string)
		return ok && slices.Contains(values, s)
	}}
}

// layout accepts a time string written exactly in layout l (time.Parse alone
// would also accept fractional seconds the layout does not show).
func layout(l string) check {
	return check{"time " + l, func(v any) bool {
		s, ok := v.(string)
		if !ok {
			return false
		}
		t, err := time.Parse(l, s)
		return err == nil && t.Format(l) == s
	}}
}

func pattern(re string) check {
	rx := regexp.MustCompile(re)
	return check{"matching " + re, func(v any) bool {
		s, ok := v.(string)
		return ok && rx.MatchString(s)
	}}
}

// shaped checks an object's required (and, when present, optional) fields.
func shaped(required, optional fields) check {
	return check{"object of the documented shape", func(v any) bool {
		m, ok := v.(map[string]any)
		return ok && len(fieldErrors(m, required, optional)) == 0
	}}
}

// fieldErrors lists the required fields that are missing or mistyped, and the
// optional ones that are mistyped.
func fieldErrors(m map[string]any, required, optional fields) []string {
	var errs []string
	for _, name := range sortedKeys(required) {
		v, ok := m[name]
		switch {
		case !ok:
			errs = append(errs, "missing "+name)
		case !required[name].ok(v):
			errs = append(errs, fmt.Sprintf("%s = %v, want %s", name, v, required[name].name))
		}
	}
	for _, name := range sortedKeys(optional) {
		if v, ok := m[name]; ok && !optional[name].ok(v) {
			errs = append(errs, fmt.Sprintf("%s = %v, want %s", name, v, optional[name].name))
		}
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// counter tallies named observations over a sample of items.
type counter map[string]int

// requireSeen fails for every name never observed.
func (c counter) requireSeen(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if c[n] == 0 {
			t.Errorf("never observed: %s (observed: %v)", n, c)
		}
	}
}
