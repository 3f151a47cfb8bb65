package simulator

import (
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// TestGroundTruthMatchingIsWhatTheEndpointServes: for each kind of filter
// language, GroundTruthMatching lists exactly the records the endpoint
// returns for the same window and filter, and they are a proper, non-empty
// subset of the unfiltered truth (so the filter really selects).
func TestGroundTruthMatchingIsWhatTheEndpointServes(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	from, to := t0.Add(-2*time.Hour), t0.Add(-time.Minute)
	// Window parameters as each endpoint reads them; every end but OAT's is
	// inclusive at second precision, so the truth ends a second later.
	window := "startDateTime=" + fmtTime(from) + "&endDateTime=" + fmtTime(to)
	inclusiveEnd := to.Add(time.Second)
	tests := []struct {
		kind   gen.Kind
		target string
		path   string
		header string
		filter string
		end    time.Time
	}{
		{gen.Workbench, "createdDateTime", "/v3.0/workbench/alerts?" + window, "TMV1-Filter",
			"severity eq 'high'", inclusiveEnd},
		{gen.OAT, "ingestedDateTime", "/v3.0/oat/detections?top=200&ingestedStartDateTime=" + fmtTime(from) +
			"&ingestedEndDateTime=" + fmtTime(to) + "&detectedStartDateTime=" + fmtTime(t0.Add(-3*time.Hour)) +
			"&detectedEndDateTime=" + fmtTime(t0), "TMV1-Filter",
			"riskLevel eq 'high' or riskLevel eq 'critical'", to},
		{gen.Audit, "ingestedDateTime", "/v3.0/audit/logs?top=200&dateTimeTarget=ingestedDateTime&" + window, "TMV1-Filter",
			"category eq 'Logon and Logoff'", inclusiveEnd},
		{gen.NetworkActivities, "eventTime", "/v3.0/search/networkActivities?top=5000&" + window, "TMV1-Query",
			"eventName:NETWORK_FLOW", inclusiveEnd},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			want, err := h.sim.GroundTruthMatching(tt.kind, tt.target, from, tt.end, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			all, err := h.sim.GroundTruth(tt.kind, tt.target, from, tt.end, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 || len(want) >= len(all) {
				t.Fatalf("filter %q keeps %d of %d records: want a proper, non-empty subset", tt.filter, len(want), len(all))
			}
			got := keysOf(t, tt.kind, itemsOf(h.walk(tt.path, nil, tt.header, tt.filter)))
			slices.Sort(got)
			if !slices.Equal(got, slices.Sorted(slices.Values(want))) {
				t.Fatalf("endpoint served %d records, GroundTruthMatching lists %d", len(got), len(want))
			}
		})
	}
}

func TestGroundTruthMatchingWithoutFilter(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	from, to := t0.Add(-2*time.Hour), t0
	for _, tt := range []struct {
		kind   gen.Kind
		target string
		filter string
	}{
		{gen.Audit, "loggedDateTime", ""},
		{gen.Workbench, "updatedDateTime", ""},
		{gen.NetworkActivities, "eventTime", "*"},
	} {
		all, err := h.sim.GroundTruth(tt.kind, tt.target, from, to, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := h.sim.GroundTruthMatching(tt.kind, tt.target, from, to, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 0 || !slices.Equal(got, all) {
			t.Errorf("%s with filter %q: %d keys, GroundTruth has %d", tt.kind, tt.filter, len(got), len(all))
		}
	}
}

func TestGroundTruthMatchingRefusesWhatTheEndpointRefuses(t *testing.T) {
	h := newHarness(t, Options{})
	for _, tt := range []struct {
		kind   gen.Kind
		target string
		filter string
	}{
		{gen.OAT, "ingestedDateTime", "riskLevel eq 'high"},             // quote left open
		{gen.Audit, "loggedDateTime", "activity eq 'Logon'"},            // activity without category: refused
		{gen.OAT, "ingestedDateTime", "contains(uuid,'a')"},             // contains() is workbench only
		{gen.EndpointActivities, "eventTime", "noSuchField:x"},          // not a field of the source
		{gen.Workbench, "detectedDateTime", "severity eq 'high'"},       // not a time field of the feed
		{gen.NetworkActivities, "eventTime", "eventName:NETWORK_FLOW)"}, // unbalanced
	} {
		if _, err := h.sim.GroundTruthMatching(tt.kind, tt.target, t0.Add(-time.Hour), t0, tt.filter); err == nil {
			t.Errorf("%s %s %q: no error", tt.kind, tt.target, tt.filter)
		}
	}
}
