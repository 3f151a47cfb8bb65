package simulator

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"
)

// A page takes its feed's latency: the fixed part, the jitter and the
// per-item part for the items it holds, never beyond the request deadline;
// a feed without a latency of its own takes the "*" one.
func TestLatencyModel(t *testing.T) {
	tests := []struct {
		name      string
		latencies map[Feed]Latency
		path      string
		header    []string
		// want bounds the recorded wait: [lo, hi].
		lo, hi time.Duration
	}{
		{"fixed and per item", map[Feed]Latency{OAT: {Fixed: time.Second, PerItem: 10 * time.Millisecond}},
			"/v3.0/oat/detections?top=200", nil, time.Second + 200*10*time.Millisecond, time.Second + 200*10*time.Millisecond},
		{"jitter", map[Feed]Latency{OAT: {Fixed: time.Second, Jitter: 500 * time.Millisecond}},
			"/v3.0/oat/detections?top=50", nil, time.Second, 1500 * time.Millisecond},
		{"capped at the deadline", map[Feed]Latency{OAT: {Fixed: 5 * time.Minute}},
			"/v3.0/oat/detections?top=50", nil, DefaultRequestDeadline, DefaultRequestDeadline},
		{"every feed", map[Feed]Latency{"*": {Fixed: 5 * time.Second}},
			"/v3.0/search/detections?top=50", []string{"TMV1-Query", "*"}, 5 * time.Second, 5 * time.Second},
		{"another feed's", map[Feed]Latency{Audit: {Fixed: 5 * time.Second}},
			"/v3.0/oat/detections?top=50", nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Latencies: tt.latencies, Rates: map[Feed]float64{OAT: 1000, SearchDetections: 1000}})
			var mu sync.Mutex
			var waits []time.Duration
			h.sim.sleep = func(_ context.Context, d time.Duration) { mu.Lock(); waits = append(waits, d); mu.Unlock() }
			r := h.get(tt.path+"&startDateTime="+fmtTime(t0.Add(-3*time.Hour)), tt.header...)
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			var total time.Duration
			for _, w := range waits {
				total += w
			}
			if total < tt.lo || total > tt.hi {
				t.Errorf("waited %v (%v), want within [%v, %v]", total, waits, tt.lo, tt.hi)
			}
		})
	}
	if _, err := New(Options{Latencies: map[Feed]Latency{"oat/detectons": {Fixed: time.Second}}}); err == nil {
		t.Error("a latency for no feed was accepted")
	}
}
