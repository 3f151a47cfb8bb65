package simulator

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

func TestWorkbenchPageSizeIsFixed(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	for _, top := range []string{"", "&top=200", "&top=5"} {
		p := decodePage(t, h.get("/v3.0/workbench/alerts?startDateTime=2024-05-14T08:00:00Z"+top))
		if len(p.Items) != workbenchPageSize || p.NextLink == "" {
			t.Errorf("top %q: %d items, nextLink %q", top, len(p.Items), p.NextLink)
		}
	}
}

// TestWorkbenchTargets checks that dateTimeTarget ranges over the named
// time, comparing with what the unrestricted list shows.
func TestWorkbenchTargets(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	all := itemsOf(h.walk("/v3.0/workbench/alerts", nil))
	from, to := t0.Add(-3*time.Hour), t0.Add(-time.Hour)
	for _, target := range []string{"createdDateTime", "updatedDateTime", "firstInvestigatedDateTime"} {
		t.Run(target, func(t *testing.T) {
			var want []string
			for _, it := range all {
				if s, ok := it[target].(string); ok {
					if at := ts(s); !at.Before(from) && at.Before(to.Add(time.Second)) {
						want = append(want, itemKey(t, gen.Workbench, it))
					}
				}
			}
			got := itemsOf(h.walk("/v3.0/workbench/alerts?dateTimeTarget="+target+"&startDateTime="+fmtTime(from)+"&endDateTime="+fmtTime(to), nil))
			assertSameMultiset(t, want, keysOf(t, gen.Workbench, got))
			if target != "firstInvestigatedDateTime" {
				truth, err := h.sim.GroundTruth(gen.Workbench, target, from, to.Add(time.Second), false)
				if err != nil {
					t.Fatal(err)
				}
				assertSameMultiset(t, truth, want)
			}
		})
	}
}

func TestWorkbenchOrderBy(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	tests := []struct {
		orderBy string
		keys    []orderKey
	}{
		{"score desc", []orderKey{{"score", true}}},
		{"severity,createdDateTime asc", []orderKey{{"severity", true}, {"createdDateTime", false}}},
		{"id asc", []orderKey{{"id", false}}},
		{"updatedDateTime asc", []orderKey{{"updatedDateTime", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.orderBy, func(t *testing.T) {
			items := itemsOf(h.walk("/v3.0/workbench/alerts?startDateTime=2024-05-14T09:00:00Z&orderBy="+url.QueryEscape(tt.orderBy), nil))
			if len(items) < 20 {
				t.Fatalf("%d items", len(items))
			}
			for i := 1; i < len(items); i++ {
				c := 0
				for _, k := range tt.keys {
					if c = compareValues(k.field, itemValue(t, items[i-1], k.field), itemValue(t, items[i], k.field)); k.desc {
						c = -c
					}
					if c != 0 {
						break
					}
				}
				if c > 0 || (c == 0 && items[i-1]["id"].(string) > items[i]["id"].(string)) {
					t.Fatalf("items %d and %d out of order for %q", i-1, i, tt.orderBy)
				}
			}
		})
	}
}

// itemValue is a sort value as the simulator sees it: times as instants,
// numbers as float64, strings as they are.
func itemValue(t *testing.T, item map[string]any, field string) any {
	switch v := item[field].(type) {
	case nil:
		return nil
	case string:
		if at, err := time.Parse(time.RFC3339, v); err == nil {
			return at.UnixMilli()
		}
		return v
	default:
		f, ok := number(v)
		if !ok {
			t.Fatalf("%s: unexpected %T", field, v)
		}
		return f
	}
}

func TestOATRangePairs(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	detFrom, detTo := t0.Add(-90*time.Minute), t0.Add(-30*time.Minute)
	ingFrom, ingTo := t0.Add(-60*time.Minute), t0
	det, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", detFrom, detTo, false)
	ing, _ := h.sim.GroundTruth(gen.OAT, "ingestedDateTime", ingFrom, ingTo, false)
	var both []string
	for _, k := range det {
		if slices.Contains(ing, k) {
			both = append(both, k)
		}
	}
	if len(both) == 0 || len(both) == len(det) || len(both) == len(ing) {
		t.Fatalf("ranges chosen badly: %d detected, %d ingested, %d both", len(det), len(ing), len(both))
	}
	q := "/v3.0/oat/detections?top=200&detectedStartDateTime=" + fmtTime(detFrom) + "&detectedEndDateTime=" + fmtTime(detTo) +
		"&ingestedStartDateTime=" + fmtTime(ingFrom) + "&ingestedEndDateTime=" + fmtTime(ingTo)
	assertSameMultiset(t, both, keysOf(t, gen.OAT, itemsOf(h.walk(q, nil))))
	// Only the ingested pair: the default detected range (the last hour)
	// applies too, so records ingested in the window but detected before
	// it are left out.
	lastHour, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", t0.Add(-time.Hour), t0, false)
	var ingLastHour []string
	for _, k := range ing {
		if slices.Contains(lastHour, k) {
			ingLastHour = append(ingLastHour, k)
		}
	}
	if len(ingLastHour) == 0 || len(ingLastHour) == len(ing) {
		t.Fatalf("ingested window chosen badly: %d ingested, %d of them detected in the last hour", len(ing), len(ingLastHour))
	}
	onlyIng := "/v3.0/oat/detections?top=200&ingestedStartDateTime=" + fmtTime(ingFrom) + "&ingestedEndDateTime=" + fmtTime(ingTo)
	assertSameMultiset(t, ingLastHour, keysOf(t, gen.OAT, itemsOf(h.walk(onlyIng, nil))))
}

func TestLateIngestion(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	from, to := t0.Add(-5*time.Minute), t0
	before, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", from, to, false)
	h.sim.Advance(3 * time.Minute) // past every ingestion delay
	after, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", from, to, false)
	if len(after) <= len(before) {
		t.Fatalf("no late arrivals: %d detected before, %d after ingestion caught up", len(before), len(after))
	}
	q := "/v3.0/oat/detections?top=200&detectedStartDateTime=" + fmtTime(from) + "&detectedEndDateTime=" + fmtTime(to)
	assertSameMultiset(t, after, keysOf(t, gen.OAT, itemsOf(h.walk(q, nil))))
}

func TestStopTime(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	stop := t0.Add(-30 * time.Minute)
	q := "/v3.0/oat/detections?top=50&detectedStartDateTime=" + fmtTime(t0.Add(-time.Hour)) + "&detectedEndDateTime=" + fmtTime(t0)
	first := decodePage(t, h.get(q))
	h.sim.SetStopTime(stop)

	// A chain started before the stop keeps its snapshot.
	if *decodePage(t, h.get(first.NextLink)).TotalCount != *first.TotalCount {
		t.Error("stopping arrivals changed a running chain")
	}
	stopped := itemsOf(h.walk(q, nil))
	for _, it := range stopped {
		if !itemTime(t, it, "detectedDateTime").Before(stop) {
			t.Fatalf("record at %v after the stop time", it["detectedDateTime"])
		}
	}
	truth, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", t0.Add(-time.Hour), t0.Add(time.Hour), false)
	assertSameMultiset(t, truth, keysOf(t, gen.OAT, stopped))
	h.sim.Advance(time.Hour)
	if later, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", t0.Add(-time.Hour), t0.Add(time.Hour), false); len(later) != len(truth) {
		t.Errorf("records arrived after the stop: %d, then %d", len(truth), len(later))
	}
	h.sim.ClearStopTime()
	if resumed, _ := h.sim.GroundTruth(gen.OAT, "detectedDateTime", t0.Add(-time.Hour), t0.Add(time.Hour), false); len(resumed) <= len(truth) {
		t.Error("clearing the stop time did not resume arrivals")
	}
}
