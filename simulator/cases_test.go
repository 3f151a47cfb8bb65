package simulator

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// caseBody is the case management 400 with its inner error.
func caseBody(inner, param string) string {
	return fmt.Sprintf(`{"error":{"code":"BadRequest","message":"Unable to process the request. Verify that the request is properly formatted and try again.","innererror":{"code":%q,"message":"Invalid %s."}}}`, inner, param)
}

func TestCaseParameters(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	filterOf := func(n int) string { return "priority eq '" + strings.Repeat("x", n-len("priority eq ''")) + "'" }
	tests := []struct {
		name   string
		query  string
		filter string
		want   string // the 400 body, "" for a 200
	}{
		{"defaults", "", "", ""},
		{"every top", "top=10", "", ""},
		{"top 100", "top=100", "", ""},
		{"top outside its enum", "top=20", "", caseBody("InvalidParameter", "top")},
		{"top spelled otherwise", "top=050", "", caseBody("InvalidParameter", "top")},
		{"dateTimeTarget updatedDateTime", "dateTimeTarget=updatedDateTime", "", ""},
		{"dateTimeTarget outside its enum", "dateTimeTarget=closedDateTime", "", caseBody("InvalidParameter", "dateTimeTarget")},
		{"orderBy at 32 characters", "orderBy=" + url.QueryEscape("createdDateTime asc,priority asc"), "", ""},
		{"orderBy over 32 characters", "orderBy=" + url.QueryEscape("priority desc,createdDateTime asc"), "", caseBody("InvalidParameter", "orderBy")},
		{"orderBy on an unsortable field", "orderBy=updatedDateTime", "", caseBody("InvalidParameter", "orderBy")},
		{"orderBy with a bad direction", "orderBy=priority%20up", "", caseBody("InvalidParameter", "orderBy")},
		{"time with milliseconds", "startDateTime=2024-05-14T08:00:00.000Z", "", caseBody("InvalidDateTime", "startDateTime")},
		{"inverted range", "startDateTime=2024-05-14T10:00:00Z&endDateTime=2024-05-14T09:00:00Z", "", caseBody("InvalidDateTime", "startDateTime")},
		{"filter on every field", "", "(type eq 'Workbench' or priority eq 'P1') and not status eq 'Closed'", ""},
		{"filter at 270 characters", "", filterOf(270), ""},
		{"filter over 270 characters", "", filterOf(271), caseBody("InvalidFilter", "TMV1-Filter")},
		{"filter on an undocumented field", "", "owner eq 'x'", caseBody("InvalidFilter", "TMV1-Filter")},
		{"filter with contains()", "", "contains(type,'Work')", caseBody("InvalidFilter", "TMV1-Filter")},
		{"bad token", "skipToken=garbage", "", caseBody("InvalidSkipToken", "skipToken")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.filter != "" {
				header = []string{"TMV1-Filter", tt.filter}
			}
			r := h.get("/v3.0/caseManagement/cases?"+tt.query, header...)
			if tt.want == "" {
				decodePage(t, r)
				return
			}
			if r.status != 400 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			assertJSONEqual(t, []byte(tt.want), r.body)
		})
	}
}

// TestCaseDefaults: without parameters, every case since 1970 up to now,
// 50 a page, newest first.
func TestCaseDefaults(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	pages := h.walk("/v3.0/caseManagement/cases", nil)
	if len(pages[0].Items) != 50 {
		t.Fatalf("first page of %d items, want 50", len(pages[0].Items))
	}
	truth, _ := h.sim.GroundTruth(gen.Cases, "createdDateTime", t0.AddDate(-60, 0, 0), t0.Add(1), false)
	items := itemsOf(pages)
	assertSameMultiset(t, truth, keysOf(t, gen.Cases, items))
	for i := 1; i < len(items); i++ {
		if items[i-1]["createdDateTime"].(string) < items[i]["createdDateTime"].(string) {
			t.Fatalf("items %d and %d not newest first", i-1, i)
		}
	}
}

// TestCaseOrderByPriority: priorities sort by urgency, P0 the highest, so
// `priority desc` lists P0 first; a second term breaks ties, else the id.
func TestCaseOrderByPriority(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	rank := map[string]int{"P0": 0, "P1": 1, "P2": 2, "P3": 3}
	tests := []struct {
		orderBy     string
		urgentFirst bool
		then        string // the tie order within one priority: the field, ascending
		thenDesc    bool
	}{
		{"priority asc,createdDateTime asc", false, "createdDateTime", false}, // 32 characters, the cap
		{"priority desc,createdDateTime", true, "createdDateTime", true},      // no direction: the default's (desc)
		{"priority", true, "id", false},
	}
	for _, tt := range tests {
		t.Run(tt.orderBy, func(t *testing.T) {
			items := itemsOf(h.walk("/v3.0/caseManagement/cases?top=100&orderBy="+url.QueryEscape(tt.orderBy), nil))
			seen := map[string]bool{}
			for i := 1; i < len(items); i++ {
				a, b := items[i-1], items[i]
				seen[b["priority"].(string)] = true
				ra, rb := rank[a["priority"].(string)], rank[b["priority"].(string)]
				if !tt.urgentFirst {
					ra, rb = rb, ra
				}
				ca, cb := a[tt.then].(string), b[tt.then].(string)
				if tt.thenDesc {
					ca, cb = cb, ca
				}
				if ra > rb || ra == rb && ca > cb {
					t.Fatalf("items %d (%s %s) and %d (%s %s) out of order", i-1, a["priority"], a[tt.then], i, b["priority"], b[tt.then])
				}
			}
			if len(seen) < 4 {
				t.Fatalf("priorities seen: %v", seen)
			}
		})
	}
}

// TestCaseFilters: TMV1-Filter on type, priority and status keeps what the
// unfiltered list shows with those values (status as of now).
func TestCaseFilters(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	all := itemsOf(h.walk("/v3.0/caseManagement/cases?top=100", nil))
	tests := []struct {
		filter string
		keep   func(map[string]any) bool
	}{
		{"status eq 'In-progress'", func(m map[string]any) bool { return m["status"] == "In-progress" }},
		{"type eq 'ManagedServices' or priority eq 'P0'", func(m map[string]any) bool { return m["type"] == "ManagedServices" || m["priority"] == "P0" }},
		{"not (status eq 'Closed') and type eq 'Workbench'", func(m map[string]any) bool { return m["status"] != "Closed" && m["type"] == "Workbench" }},
		{"priority eq 'p0'", func(map[string]any) bool { return false }}, // eq is case-sensitive
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			var want []string
			for _, m := range all {
				if tt.keep(m) {
					want = append(want, m["id"].(string))
				}
			}
			if len(want) == 0 && !strings.Contains(tt.filter, "'p0'") {
				t.Fatal("the filter selects nothing: a weak test")
			}
			got := keysOf(t, gen.Cases, itemsOf(h.walk("/v3.0/caseManagement/cases?top=100", nil, "TMV1-Filter", tt.filter)))
			if !slices.Equal(got, want) {
				t.Fatalf("filter kept %d cases, want %d", len(got), len(want))
			}
		})
	}
}
