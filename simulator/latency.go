package simulator

import (
	"context"
	"math/rand/v2"
	"time"
)

// waitLatency waits out the latency of a page of n items of the chain's
// feed (Options.Latencies), or until its request ends.
func (s *Simulator) waitLatency(c *chain, n int) {
	l, ok := s.opts.Latencies[c.feed.kind]
	if !ok {
		l, ok = s.opts.Latencies["*"]
	}
	if !ok {
		return
	}
	d := l.Fixed + time.Duration(n)*l.PerItem
	if l.Jitter > 0 {
		d += rand.N(l.Jitter) // timing only: no data depends on it
	}
	s.sleep(c.ctx, min(d, s.opts.RequestDeadline))
}

// sleepFor waits d, or until ctx ends.
func sleepFor(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
