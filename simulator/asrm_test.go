package simulator

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

const compromisePath = "/v3.0/asrm/accountCompromiseIndicators"

var busyCompromiseRates = map[Feed]float64{AccountCompromise: 120}

// compromiseKey is the key a client gives an indicator: id@detectedDateTime/eventId (§6.6).
func compromiseKey(item map[string]any) string {
	return fmt.Sprint(item["id"], "@", item["detectedDateTime"], "/", item["riskEvent"].(map[string]any)["eventId"])
}

func compromiseKeys(items []map[string]any) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = compromiseKey(it)
	}
	return keys
}

// allTime is a ground-truth range holding every record.
var allTimeFrom, allTimeTo = time.Unix(0, 0), t0.Add(24 * time.Hour)

// Every rule of the parameters (§6.6): top's enum, orderBy's field,
// directions and 128 characters, the filter's cap, fields and operators.
func TestAccountCompromiseParameters(t *testing.T) {
	h := newHarness(t, Options{Rates: busyCompromiseRates})
	tests := []struct {
		name   string
		query  string
		filter string
		want   int
	}{
		{"defaults", "", "", 200},
		{"top 10", "top=10", "", 200},
		{"top 1000", "top=1000", "", 200},
		{"top 20", "top=20", "", 400},
		{"top 07", "top=050", "", 400},
		{"orderBy asc", "orderBy=detectedDateTime%20asc", "", 200},
		{"orderBy desc", "orderBy=detectedDateTime%20desc", "", 200},
		{"orderBy without direction", "orderBy=detectedDateTime", "", 200},
		{"orderBy another field", "orderBy=account%20asc", "", 400},
		{"orderBy sideways", "orderBy=detectedDateTime%20up", "", 400},
		{"orderBy over 128", "orderBy=detectedDateTime" + strings.Repeat("%20", 110) + "asc", "", 400},
		{"filter", "", "riskLevel eq 'high' and not (account eq 'x')", 200},
		{"filter on the risk event's name", "", "name eq 'Impossible Travel Sign In'", 200},
		{"filter over 1024", "", "account eq '" + strings.Repeat("x", 1012) + "'", 400},
		{"contains refused", "", "contains(account,'a')", 400},
		{"undocumented field", "", "dataSourceOrProcessor eq 'Okta'", 400},
		{"bad token", "skipToken=garbage", "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.filter != "" {
				headers = []string{"TMV1-Filter", tt.filter}
			}
			r := h.get(compromisePath+"?"+tt.query, headers...)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d: %s", r.status, tt.want, r.body)
			}
			if tt.want == 400 && innerCode(t, r) != "RiskFactor_000400" {
				t.Fatalf("not the documented 400: %s", r.body)
			}
		})
	}
}

// No time range: every visible record is served, whatever time parameters
// a client sends (the document has none), in top-sized pages with count and
// totalCount, newest first by default or oldest first on request, and it
// is the ground truth of all time.
func TestAccountCompromiseServesEveryVisibleRecord(t *testing.T) {
	h := newHarness(t, Options{Rates: busyCompromiseRates, History: 12 * time.Hour})
	want, err := h.sim.GroundTruth(AccountCompromise, "detectedDateTime", allTimeFrom, allTimeTo, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 500 {
		t.Fatalf("only %d records", len(want))
	}
	for _, tt := range []struct {
		query string
		desc  bool
	}{
		{"top=50", true},
		{"top=50&orderBy=detectedDateTime%20desc", true},
		{"top=200&orderBy=detectedDateTime%20asc", false},
		{"top=50&startDateTime=" + fmtTime(t0.Add(-time.Hour)) + "&endDateTime=" + fmtTime(t0), true}, // ignored
	} {
		t.Run(tt.query, func(t *testing.T) {
			pages := h.walk(compromisePath+"?"+tt.query, nil)
			var items []map[string]any
			for i, p := range pages {
				if p.TotalCount == nil || *p.TotalCount != len(want) || p.Count == nil || *p.Count != len(p.Items) {
					t.Fatalf("page %d: totalCount %v, count %v for %d items of %d", i, p.TotalCount, p.Count, len(p.Items), len(want))
				}
				items = append(items, p.Items...)
			}
			keys := compromiseKeys(items)
			if !slices.Equal(slices.Sorted(slices.Values(keys)), slices.Sorted(slices.Values(want))) {
				t.Fatalf("served %d indicators, ground truth has %d", len(keys), len(want))
			}
			for i := 1; i < len(items); i++ {
				a, b := itemTime(t, items[i-1], "detectedDateTime"), itemTime(t, items[i], "detectedDateTime")
				if (tt.desc && a.Before(b)) || (!tt.desc && a.After(b)) || (a.Equal(b) && keys[i-1] > keys[i]) {
					t.Fatalf("items %d and %d out of order: %s, %s", i-1, i, keys[i-1], keys[i])
				}
			}
		})
	}
	if p := decodePage(t, h.get(compromisePath)); len(p.Items) != 100 {
		t.Fatalf("default page of %d items, want 100", len(p.Items))
	}
}

// One account has several indicators: their id is the account's.
func TestAccountCompromiseIndicatorsShareAccounts(t *testing.T) {
	h := newHarness(t, Options{Rates: busyCompromiseRates})
	perAccount := map[string]int{}
	for _, it := range itemsOf(h.walk(compromisePath+"?top=1000", nil)) {
		perAccount[it["id"].(string)]++
	}
	shared := 0
	for _, n := range perAccount {
		if n > 1 {
			shared++
		}
	}
	if shared < 5 {
		t.Fatalf("%d accounts with more than one indicator of %d accounts", shared, len(perAccount))
	}
}

// Each documented field filters on its item path: name and riskLevel are
// the risk event's; the endpoint serves what GroundTruthMatching lists.
func TestAccountCompromiseFilterFields(t *testing.T) {
	h := newHarness(t, Options{Rates: busyCompromiseRates})
	all := itemsOf(h.walk(compromisePath+"?top=1000", nil))
	first := all[len(all)/2]
	event := first["riskEvent"].(map[string]any)
	tests := []struct {
		field, value string
		of           func(item map[string]any) any
	}{
		{"id", first["id"].(string), func(it map[string]any) any { return it["id"] }},
		{"account", first["account"].(string), func(it map[string]any) any { return it["account"] }},
		{"name", event["name"].(string), func(it map[string]any) any { return it["riskEvent"].(map[string]any)["name"] }},
		{"riskLevel", event["riskLevel"].(string), func(it map[string]any) any { return it["riskEvent"].(map[string]any)["riskLevel"] }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			filter := tt.field + " eq '" + tt.value + "'"
			got := itemsOf(h.walk(compromisePath+"?top=1000", nil, "TMV1-Filter", filter))
			want := 0
			for _, it := range all {
				if tt.of(it) == tt.value {
					want++
				}
			}
			if len(got) != want || want == 0 || want == len(all) {
				t.Fatalf("%s: %d items of %d, want %d", filter, len(got), len(all), want)
			}
			for _, it := range got {
				if tt.of(it) != tt.value {
					t.Fatalf("%s kept %v", filter, tt.of(it))
				}
			}
			truth, err := h.sim.GroundTruthMatching(AccountCompromise, "detectedDateTime", allTimeFrom, allTimeTo, filter)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(slices.Sorted(slices.Values(compromiseKeys(got))), slices.Sorted(slices.Values(truth))) {
				t.Fatalf("%s: served %d, GroundTruthMatching lists %d", filter, len(got), len(truth))
			}
		})
	}
}

// Indicators carry no ingestion time; one becomes visible an ingestion delay
// after its detectedDateTime, so the list read later holds indicators
// detected before the earlier read that it did not hold then.
func TestAccountCompromiseIndicatorsArriveLate(t *testing.T) {
	h := newHarness(t, Options{Rates: map[Feed]float64{AccountCompromise: 600}})
	from := t0.Add(-2 * time.Minute)
	recent := func() int {
		n := 0
		for _, it := range itemsOf(h.walk(compromisePath+"?top=1000", nil)) {
			if at := itemTime(t, it, "detectedDateTime"); !at.Before(from) && at.Before(t0) {
				n++
			}
		}
		return n
	}
	atT0 := recent()
	h.sim.Advance(3 * time.Minute)
	want, err := h.sim.GroundTruth(AccountCompromise, "detectedDateTime", from, t0, false)
	if err != nil {
		t.Fatal(err)
	}
	if later := recent(); later <= atT0 || later != len(want) {
		t.Fatalf("detected in the two minutes before t0: %d visible at t0, %d three minutes later, ground truth %d", atT0, later, len(want))
	}
}
