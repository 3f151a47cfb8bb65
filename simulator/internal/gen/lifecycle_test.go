package gen

import (
	"testing"
	"time"
)

func TestChangeTimesStayInTheirRange(t *testing.T) {
	tests := []struct {
		name                 string
		changeMin, changeMax time.Duration // set on the Record
		def                  changeRange
		n                    int
		lo, hi               time.Duration // where the times must fall
	}{
		{"default range", 0, 0, changeRange{5 * time.Second, 45 * time.Minute}, 3, 5 * time.Second, 45*time.Minute + 2*time.Second},
		{"record's range wins", 90 * time.Second, 4 * time.Minute, changeRange{time.Hour, 2 * time.Hour}, 4, 90 * time.Second, 4*time.Minute + 3*time.Second},
		{"fractional minimum rounds up", 1500 * time.Millisecond, 3 * time.Second, changeRange{}, 1, 2 * time.Second, 3 * time.Second},
		{"one-second range spreads changes a second apart", time.Minute, time.Minute, changeRange{}, 3, time.Minute, time.Minute + 2*time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range testRecords(Cases, 500) {
				r.ChangeMin, r.ChangeMax = tt.changeMin, tt.changeMax
				times := changeTimes(newDraw(r, streamPlan), r, tt.n, tt.def)
				if len(times) != tt.n {
					t.Fatalf("%d times, want %d", len(times), tt.n)
				}
				for i, at := range times {
					if d := at.Sub(r.Time); d < tt.lo || d > tt.hi {
						t.Fatalf("seed %d: change %d at +%v, want within [%v, %v]", r.Seed, i, d, tt.lo, tt.hi)
					}
					if !at.Equal(at.Truncate(time.Second)) {
						t.Fatalf("seed %d: change %d at %v, not whole seconds", r.Seed, i, at)
					}
					if i > 0 && !at.After(times[i-1]) {
						t.Fatalf("seed %d: changes not strictly increasing: %v", r.Seed, times)
					}
				}
			}
		})
	}
}

func TestStateAsOf(t *testing.T) {
	t1 := testEpoch
	times := []time.Time{t1, t1.Add(time.Minute), t1.Add(2 * time.Minute)}
	tests := []struct {
		asOf time.Time
		want int
	}{
		{t1.Add(-time.Hour), 0},
		{t1, 0},
		{t1.Add(time.Minute - time.Second), 0},
		{t1.Add(time.Minute), 1},
		{t1.Add(90 * time.Second), 1},
		{t1.Add(2 * time.Minute), 2},
		{t1.Add(24 * time.Hour), 2},
	}
	for _, tt := range tests {
		if got := stateAsOf(times, tt.asOf); got != tt.want {
			t.Errorf("stateAsOf(%v) = %d, want %d", tt.asOf.Sub(t1), got, tt.want)
		}
	}
}
