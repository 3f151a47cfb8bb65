package simulator

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// TestOATDetectedDefaultWithIngestedPair checks that the detected range's
// documented default (the last hour) applies when only the ingested pair is
// sent, that a detected pair or half-pair sent with it replaces the default,
// and that the retention rules hold for an explicit detected pair sent with
// the ingested one.
func TestOATDetectedDefaultWithIngestedPair(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	// Records detected about 3 hours ago, and the window they were ingested
	// in (an ingestion delay is at most 2 minutes).
	detFrom, detTo := t0.Add(-3*time.Hour-5*time.Minute), t0.Add(-3*time.Hour+5*time.Minute)
	ingFrom, ingTo := detFrom.Add(5*time.Minute), detTo
	old, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", detFrom, detTo, false)
	ingested, _ := h.sim.GroundTruth(gen.OAT, "ingestedDateTime", ingFrom, ingTo, false)
	var want []string // detected about 3 hours ago and ingested in the window
	for _, k := range ingested {
		if slices.Contains(old, k) {
			want = append(want, k)
		}
	}
	if len(want) == 0 || len(want) != len(ingested) {
		t.Fatalf("windows chosen badly: %d ingested in the window, %d of them detected 3 hours ago", len(ingested), len(want))
	}

	ingPair := url.Values{"top": {"200"}, "ingestedStartDateTime": {fmtTime(ingFrom)}, "ingestedEndDateTime": {fmtTime(ingTo)}}
	with := func(pairs ...string) string {
		q := url.Values{}
		for k, v := range ingPair {
			q[k] = v
		}
		for i := 0; i+1 < len(pairs); i += 2 {
			q.Set(pairs[i], pairs[i+1])
		}
		return "/v3.0/oat/detections?" + q.Encode()
	}
	tests := []struct {
		name     string
		path     string
		want     []string // the keys of a 200
		wantBody string   // a 400's body (a testdata/samples file or literal JSON); "" for a 200
	}{
		{"only the ingested pair: the last hour of detections", with(), nil, ""},
		{"detected pair covering the records", with("detectedStartDateTime", fmtTime(t0.Add(-4*time.Hour)), "detectedEndDateTime", fmtTime(t0)), want, ""},
		{"detected start covering them, end defaults to now", with("detectedStartDateTime", fmtTime(t0.Add(-4*time.Hour))), want, ""},
		{"detected pair elsewhere", with("detectedStartDateTime", fmtTime(t0.Add(-2*time.Hour)), "detectedEndDateTime", fmtTime(t0)), nil, ""},
		{"detected start older than 365 days", with("detectedStartDateTime", fmtTime(t0.AddDate(0, 0, -366)), "detectedEndDateTime", fmtTime(t0.AddDate(0, 0, -300))), nil, "error_400_oat_time_range.json"},
		{"detected start one second past 365 days, end now", with("detectedStartDateTime", fmtTime(t0.AddDate(0, 0, -365).Add(-time.Second)), "detectedEndDateTime", fmtTime(t0)), nil, "error_400_oat_time_range.json"},
		{"detected end in the future", with("detectedStartDateTime", fmtTime(t0.Add(-4*time.Hour)), "detectedEndDateTime", fmtTime(t0.Add(time.Hour))), nil, oatEndTimeBody},
		{"detected end alone in the future", with("detectedEndDateTime", fmtTime(t0.Add(time.Second))), nil, oatEndTimeBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantBody != "" {
				r := h.get(tt.path)
				if r.status != 400 {
					t.Fatalf("status %d, want 400: %s", r.status, r.body)
				}
				body := []byte(tt.wantBody)
				if tt.wantBody[0] != '{' {
					body = sample(t, tt.wantBody)
				}
				assertJSONEqual(t, body, r.body)
				return
			}
			pages := h.walk(tt.path, nil)
			assertSameMultiset(t, tt.want, keysOf(t, gen.OAT, itemsOf(pages)))
			if n := *pages[0].TotalCount; n != len(tt.want) {
				t.Errorf("totalCount %d, want %d", n, len(tt.want))
			}
		})
	}
}
