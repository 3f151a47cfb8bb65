package simulator

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

func testStore(seed uint64, kind gen.Kind, perHour float64, historyStart time.Time) *feedStore {
	return newFeedStore(seed, kind, perHour, DefaultIngestDelayMin, DefaultIngestDelayMax, historyStart)
}

func TestStoreIsAPureFunctionOfSeedAndTime(t *testing.T) {
	for _, kind := range []gen.Kind{gen.Workbench, gen.OAT, gen.Audit, gen.EndpointActivities} {
		t.Run(string(kind), func(t *testing.T) {
			early := testStore(7, kind, 600, t0.Add(-30*time.Hour)).snapshot(t0)
			late := testStore(7, kind, 600, t0.Add(-3*time.Hour)).snapshot(t0)
			var overlap []record
			for _, r := range early {
				if r.ms >= t0.Add(-3*time.Hour).UnixMilli() {
					overlap = append(overlap, r)
				}
			}
			if len(late) == 0 || !slices.Equal(overlap, late) {
				t.Fatalf("stores started at different times disagree: %d vs %d records", len(overlap), len(late))
			}
			other := testStore(8, kind, 600, t0.Add(-3*time.Hour)).snapshot(t0)
			if slices.Equal(other, late) {
				t.Fatal("seeds 7 and 8 give the same records")
			}
		})
	}
}

func TestStoreRecords(t *testing.T) {
	const hours = 48
	start := ts("2024-05-12T00:00:00Z")
	tests := []struct {
		kind    gen.Kind
		perHour float64
	}{
		{gen.Workbench, 6},
		{gen.OAT, 120},
		{gen.Audit, 30},
		{gen.NetworkActivities, 600},
		{gen.EmailActivities, 3000}, // above the Poisson product method's range
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			fs := testStore(1, tt.kind, tt.perHour, start)
			recs := fs.snapshot(start.Add(hours*time.Hour - time.Millisecond))
			want := tt.perHour * hours
			if got := float64(len(recs)); math.Abs(got-want) > 0.15*want+5 {
				t.Errorf("%v records in %dh, want about %v", got, hours, want)
			}
			if !slices.IsSortedFunc(recs, func(a, b record) int {
				if a.ms != b.ms {
					return int(a.ms - b.ms)
				}
				return cmpUint(a.seed, b.seed)
			}) {
				t.Error("records are not in (time, seed) order")
			}
			sameSecond, day, ord := 0, int64(-1), uint32(0)
			for i, r := range recs {
				if i > 0 && r.ms/1000 == recs[i-1].ms/1000 {
					sameSecond++
				}
				if d := r.ms / dayMs; d != day {
					day, ord = d, 0
				}
				if ord++; r.ord != ord {
					t.Fatalf("record %d: ordinal %d, want %d (consecutive from 1 each UTC day)", i, r.ord, ord)
				}
				ing := fs.ingestedMs(r)
				switch {
				case tt.kind == gen.Workbench && ing != r.ms:
					t.Fatalf("workbench alert not visible at creation: %d vs %d", ing, r.ms)
				case tt.kind != gen.Workbench && (ing < r.ms || ing > r.ms+DefaultIngestDelayMax.Milliseconds()):
					t.Fatalf("ingestion %dms after the event, outside the delay range", ing-r.ms)
				case !tt.kind.IsSearch() && (r.ms%1000 != 0 || ing%1000 != 0):
					t.Fatalf("%s times must be whole seconds: %d, %d", tt.kind, r.ms, ing)
				}
			}
			if tt.perHour >= 100 && sameSecond == 0 {
				t.Error("no two records share a second: no bursts")
			}
		})
	}
}

func TestStoreOrdinalsCountTheWholeDay(t *testing.T) {
	full := testStore(3, gen.Workbench, 60, ts("2024-05-14T00:00:00Z")).snapshot(t0)
	partial := testStore(3, gen.Workbench, 60, ts("2024-05-14T07:30:00Z")).snapshot(t0)
	if len(partial) == 0 || partial[0].ord == 1 {
		t.Fatalf("a store starting mid-day numbers from 1: %+v", partial[:min(1, len(partial))])
	}
	if !slices.Equal(full[len(full)-len(partial):], partial) {
		t.Fatal("ordinals depend on the history start")
	}
}

func TestStoreExtendsWithTheClock(t *testing.T) {
	fs := testStore(1, gen.OAT, 600, t0.Add(-time.Hour))
	before := len(fs.snapshot(t0))
	after := len(fs.snapshot(t0.Add(time.Hour)))
	if after <= before {
		t.Fatalf("no live arrivals: %d then %d records", before, after)
	}
	if got := testStore(1, gen.OAT, 0, t0.Add(-time.Hour)).snapshot(t0); len(got) != 0 {
		t.Fatalf("rate 0 gave %d records", len(got))
	}
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
