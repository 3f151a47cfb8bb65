package simulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// queryFieldLine is one field of the TMV1-Query descriptions of Trend's
// OpenAPI document for v3.0, in either of its two layouts:
//
//   - 'eventID' - Match type support: Partial match
//     | `dpt`                  | Full match          |
//
// (some names are written with spaces inside the quotes, and one "Partial
// match" is cut to "Partial mat").
var queryFieldLine = regexp.MustCompile("^\\s*[*|]\\s*['`]\\s*([A-Za-z0-9_]+)\\s*['`]\\s*(?:-\\s*Match type support:|\\|)\\s*(Partial|Full) mat")

// documentedQueryFields reads, for every search source, the TMV1-Query
// fields the document lists with their match support.
func documentedQueryFields(t *testing.T, doc *openapi3.T) map[gen.Kind]map[string]filterlang.MatchKind {
	t.Helper()
	out := map[gen.Kind]map[string]filterlang.MatchKind{}
	for _, k := range Feeds() {
		if !k.IsSearch() {
			continue
		}
		op := doc.Paths.Find("/v3.0/" + string(k)).Get
		var desc string
		for _, p := range op.Parameters {
			if p.Value.Name == "TMV1-Query" {
				desc = p.Value.Description
			}
		}
		fields := map[string]filterlang.MatchKind{}
		lines := 0
		for _, line := range strings.Split(desc, "\n") {
			if !strings.Contains(line, " match") && !strings.Contains(line, "Partial mat") {
				continue
			}
			m := queryFieldLine.FindStringSubmatch(line)
			if m == nil {
				if strings.Contains(line, "Match") && !strings.Contains(line, "---") {
					t.Errorf("%s: unparsed TMV1-Query line %q", k, line)
				}
				continue
			}
			lines++
			kind := filterlang.Partial
			if m[2] == "Full" {
				kind = filterlang.Full
			}
			if prev, dup := fields[m[1]]; dup && prev != kind {
				t.Fatalf("%s: %s documented as both partial and full", k, m[1])
			}
			fields[m[1]] = kind
		}
		if lines < 10 {
			t.Fatalf("%s: only %d TMV1-Query fields found in the document", k, lines)
		}
		out[k] = fields
	}
	return out
}

// The documented fields per source, as counted in the document (network
// lists fileName twice, counted once; cloud lists its CloudTrail and its
// VPC flow fields).
var documentedQueryFieldCounts = map[gen.Kind]int{
	gen.SearchDetections: 76, gen.EndpointActivities: 53, gen.NetworkActivities: 58, gen.EmailActivities: 21,
	gen.CloudActivities: 39, gen.MobileActivities: 25, gen.IdentityActivities: 53, gen.ContainerActivities: 29,
}

// TestQueryFieldsAreTheDocumentedOnes: every TMV1-Query field the document
// lists for a source is accepted with its documented match, and every
// accepted field that the document does not list is a declared extra.
func TestQueryFieldsAreTheDocumentedOnes(t *testing.T) {
	documented := documentedQueryFields(t, loadSpec(t))
	for kind, fields := range documented {
		if len(fields) != documentedQueryFieldCounts[kind] {
			t.Errorf("%s: %d documented fields, want %d", kind, len(fields), documentedQueryFieldCounts[kind])
		}
		q := searchQueryFields[kind]
		listed := strings.Fields(q.partial + " " + q.full)
		for _, f := range listed {
			if _, ok := fields[f]; !ok {
				t.Errorf("%s: %s is listed as documented but the document does not list it", kind, f)
			}
		}
		if len(listed) != len(fields) {
			t.Errorf("%s: %d fields listed as documented, the document has %d", kind, len(listed), len(fields))
		}
		for _, f := range strings.Fields(q.extraPartial + " " + q.extraFull) {
			if _, ok := fields[f]; ok {
				t.Errorf("%s: extra field %s is documented", kind, f)
			}
		}
		for f, want := range fields {
			if got, ok := searchMatchKinds[kind][f]; !ok || got != want {
				t.Errorf("%s: %s accepted %v with a %s match, documented %s", kind, f, ok, matchName(got), matchName(want))
			}
		}
	}
}

// TestEveryDocumentedQueryField queries every documented TMV1-Query field
// of every source over HTTP: each is accepted, and where the simulator's
// items carry the field, a query on one item's value selects exactly the
// items the documented match selects (partial: a substring of a value,
// case-insensitive; full: a whole value, so a proper substring selects
// nothing unless it is some item's whole value).
func TestEveryDocumentedQueryField(t *testing.T) {
	documented := documentedQueryFields(t, loadSpec(t))
	rates := map[Feed]float64{}
	for _, k := range Feeds() {
		if k.IsSearch() {
			rates[k] = 240
		}
	}
	h := newHarness(t, Options{Seed: 5, Rates: rates, History: 2 * time.Hour})
	window := "?top=5000&startDateTime=" + fmtTime(t0.Add(-time.Hour))
	matched, unmatched := 0, map[gen.Kind][]string{}
	for _, kind := range Feeds() {
		fields := documented[kind]
		if fields == nil {
			continue
		}
		path := "/v3.0/" + string(kind) + window
		all := itemsOf(h.walk(path, nil, "TMV1-Query", "*"))
		if len(all) < 150 {
			t.Fatalf("%s: only %d items", kind, len(all))
		}
		for _, field := range slices.Sorted(maps.Keys(fields)) {
			match := fields[field]
			t.Run(string(kind)+"/"+field, func(t *testing.T) {
				query := func(q string) []string { // a 400 fails the test
					t.Helper()
					return keysOf(t, kind, itemsOf(h.walk(path, nil, "TMV1-Query", q)))
				}
				expect := func(q, value string, full bool) {
					t.Helper()
					lower := strings.ToLower(value)
					var want []string
					for _, it := range all {
						if slices.ContainsFunc(oracleValues(it[field]), func(v string) bool {
							v = strings.ToLower(v)
							return v == lower || !full && strings.Contains(v, lower)
						}) {
							want = append(want, itemKey(t, kind, it))
						}
					}
					if got := query(q); !slices.Equal(got, want) {
						t.Fatalf("%s selected %d items, the %s match selects %d", q, len(got), matchName(match), len(want))
					}
				}
				value := pickValue(all, field)
				if value == "" {
					if exists := query(field + ":*"); len(exists) != 0 {
						t.Fatalf("%s:* selected %d items, none carries the field", field, len(exists))
					}
					unmatched[kind] = append(unmatched[kind], field)
					return
				}
				matched++
				part := value
				if len(value) >= 3 {
					part = value[1 : len(value)-1]
				}
				switch match {
				case filterlang.Partial: // selects the picked item too, its value containing part
					expect(field+`:"`+queryEscape(part)+`"`, part, false)
				case filterlang.Full:
					expect(field+`:"`+queryEscape(value)+`"`, value, true)
					expect(field+`:"`+queryEscape(part)+`"`, part, true)
				}
			})
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(unmatched)) {
		fields := unmatched[kind]
		t.Logf("%s: %d documented fields no item carries (accepted, match not exercised): %s", kind, len(fields), strings.Join(fields, " "))
	}
	t.Logf("%d documented fields matched on item values", matched)
}

func matchName(k filterlang.MatchKind) string {
	if k == filterlang.Full {
		return "full"
	}
	return "partial"
}

// pickValue returns a value of field on the items, "" if none carries it:
// one of at least 6 characters (below 200) if there is one, from the items
// in the middle first, else the longest below 200, else the shortest.
func pickValue(items []map[string]any, field string) string {
	var best, shortest string
	for i := range items {
		it := items[(i+len(items)/2)%len(items)]
		for _, v := range oracleValues(it[field]) {
			if len(v) > len(best) && len(v) < 200 {
				best = v
			}
			if shortest == "" || len(v) < len(shortest) {
				shortest = v
			}
		}
		if len(best) >= 6 {
			break
		}
	}
	if best == "" {
		return shortest
	}
	return best
}

// oracleValues flattens a decoded item value into the strings a query
// compares: scalars as their JSON text (strings unquoted), array elements
// one by one, objects as their canonical JSON.
func oracleValues(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case json.Number:
		return []string{x.String()}
	case bool:
		return []string{fmt.Sprint(x)}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, oracleValues(e)...)
		}
		return out
	case map[string]any:
		return []string{string(gen.CanonicalJSON(x))}
	}
	return nil
}

var queryEscaper2 = strings.NewReplacer(`\`, `\\`, `"`, `\"`, `*`, `\*`)

func queryEscape(s string) string { return queryEscaper2.Replace(s) }

// TestUndocumentedQueryFieldsAreRefused: a field neither documented nor an
// extra of the source is a 400.
func TestUndocumentedQueryFieldsAreRefused(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		kind  gen.Kind
		field string
	}{
		{gen.CloudActivities, "srcaddr"}, // AWS's name of the VPC flow src
		{gen.CloudActivities, "dstport"},
		{gen.NetworkActivities, "winEventId"},
		{gen.EmailActivities, "dpt"},
		{gen.IdentityActivities, "noSuchField"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+tt.field, func(t *testing.T) {
			if r := h.get("/v3.0/"+string(tt.kind)+"?top=50", "TMV1-Query", tt.field+":x"); r.status != 400 {
				t.Fatalf("status %d", r.status)
			}
		})
	}
}
