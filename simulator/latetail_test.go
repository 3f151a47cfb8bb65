package simulator

import (
	"testing"
	"time"
)

// A late tail moves a share of a feed's records past the delay range, up to
// its Max, and changes nothing else: the same records, at the same times,
// with the same delays for all but the late ones; without a tail, the
// delays are what they always were.
func TestLateTail(t *testing.T) {
	start := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	const minDelay, maxDelay = 5 * time.Second, 2 * time.Minute
	tests := []struct {
		name string
		tail LateTail
	}{
		{"no tail", LateTail{}},
		{"1% up to 2h", LateTail{Fraction: 0.01, Max: 2 * time.Hour}},
		{"20% up to 6h", LateTail{Fraction: 0.2, Max: 6 * time.Hour}},
	}
	plain := newFeedStore(1, SearchDetections, 6000, minDelay, maxDelay, start)
	base := plain.snapshot(start.Add(24 * time.Hour))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFeedStore(1, SearchDetections, 6000, minDelay, maxDelay, start)
			st.setLateTail(tt.tail)
			recs := st.snapshot(start.Add(24 * time.Hour))
			if len(recs) != len(base) || len(recs) < 100_000 {
				t.Fatalf("%d records, %d without the tail", len(recs), len(base))
			}
			late := 0
			for i, r := range recs {
				b := base[i]
				if r.ms != b.ms || r.seed != b.seed {
					t.Fatalf("record %d changed: %+v, was %+v", i, r, b)
				}
				d := time.Duration(r.delay) * time.Millisecond
				switch {
				case d > maxDelay:
					late++
					if tt.tail.Fraction == 0 || d > tt.tail.Max {
						t.Fatalf("record %d: delay %v beyond the tail %+v", i, d, tt.tail)
					}
				case r.delay != b.delay:
					t.Fatalf("record %d: an on-time delay changed, %v, was %v", i, d, time.Duration(b.delay)*time.Millisecond)
				case d < minDelay:
					t.Fatalf("record %d: delay %v below the range", i, d)
				}
			}
			share := float64(late) / float64(len(recs))
			if want := tt.tail.Fraction; share < want*0.9 || share > want*1.1+0.0001 {
				t.Errorf("%.4f of the records late, want %.4f", share, want)
			}
			if tt.tail.Fraction > 0 && st.maxDelayMs() != tt.tail.Max.Milliseconds() {
				t.Errorf("maxDelayMs %d, want the tail's max %d", st.maxDelayMs(), tt.tail.Max.Milliseconds())
			}
		})
	}
}

// A feed visible at creation gets a tail too: its records are visible at
// their event time but for the tail's share.
func TestLateTailAtCreation(t *testing.T) {
	start := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	st := newFeedStore(1, Workbench, 600, 5*time.Second, 2*time.Minute, start)
	st.setLateTail(LateTail{Fraction: 0.2, Max: time.Hour})
	recs := st.snapshot(start.Add(24 * time.Hour))
	late := 0
	for _, r := range recs {
		if r.delay > 0 {
			late++
			if d := time.Duration(r.delay) * time.Millisecond; d > time.Hour {
				t.Fatalf("delay %v beyond the tail", d)
			}
		}
	}
	if share := float64(late) / float64(len(recs)); share < 0.17 || share > 0.23 {
		t.Errorf("%.3f of %d records late, want 0.2", share, len(recs))
	}
}

// A late record is not in the ground truth (nor in any page) before it
// becomes visible: a search window read ten minutes after its end misses
// most of the late tail, which a read two hours later finds.
func TestLateRecordsBecomeVisibleLate(t *testing.T) {
	h := newHarness(t, Options{Rates: map[Feed]float64{SearchDetections: 3000}, History: time.Hour,
		LateTails: map[Feed]LateTail{SearchDetections: {Fraction: 0.1, Max: 90 * time.Minute}}})
	from, to := t0.Add(-15*time.Minute), t0.Add(-10*time.Minute)
	early, err := h.sim.GroundTruth(SearchDetections, "eventTime", from, to, false)
	if err != nil {
		t.Fatal(err)
	}
	h.sim.Advance(2 * time.Hour)
	later, err := h.sim.GroundTruth(SearchDetections, "eventTime", from, to, false)
	if err != nil {
		t.Fatal(err)
	}
	if missing := len(later) - len(early); missing < len(later)/20 {
		t.Errorf("%d of %d records of the window became visible late, want about a tenth", missing, len(later))
	}
}

func TestLateTailOptions(t *testing.T) {
	for _, tt := range []struct {
		name string
		o    Options
	}{
		{"fraction over 1", Options{LateTails: map[Feed]LateTail{OAT: {Fraction: 1.5, Max: time.Hour}}}},
		{"max within the delay range", Options{LateTails: map[Feed]LateTail{OAT: {Fraction: 0.1, Max: time.Minute}}}},
		{"no feed", Options{LateTails: map[Feed]LateTail{"oat/detectons": {Fraction: 0.1, Max: time.Hour}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.o); err == nil {
				t.Error("accepted")
			}
		})
	}
}
