package trendmicrovisiononereceiver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestBudgetNeverExceedsPerMinute replays the limiter on a virtual clock:
// however requests are spread, no 60-second window — nor one widened by
// budgetMargin, for requests that arrive closer than they were sent — holds
// more than the configured requests, and a saturated minute gets close to
// them.
func TestBudgetNeverExceedsPerMinute(t *testing.T) {
	for _, perMinute := range []int{1, 2, 59, 60, 61, 120, 300, 500, 10_000} {
		limiter := newBudget(perMinute)
		start := time.Unix(0, 0)
		var granted []time.Time
		// Ask as fast as allowed for three minutes, in 10 ms steps.
		for at := start; at.Before(start.Add(3 * time.Minute)); at = at.Add(10 * time.Millisecond) {
			for limiter.AllowN(at, 1) {
				granted = append(granted, at)
			}
		}
		most := 0
		for i, t0 := range granted {
			n := 0
			for _, t1 := range granted[i:] {
				if t1.Sub(t0) >= time.Minute+budgetMargin {
					break
				}
				n++
			}
			most = max(most, n)
		}
		assert.LessOrEqual(t, most, perMinute, "perMinute=%d", perMinute)
		last := granted[len(granted)-1]
		assert.False(t, last.Before(start.Add(2*time.Minute)), "perMinute=%d: requests still flow in the third minute", perMinute)
		assert.GreaterOrEqual(t, float64(most), 0.95*float64(perMinute)-1, "perMinute=%d: the budget is usable", perMinute)
	}
}
