package simulator

import (
	"sync"
	"time"
)

// rateLimiter counts requests per (API key, endpoint) in fixed 60-second
// windows, each starting at its first request: Vision One counts "requests
// received in a 60 s window" and answers 429 until the window resets (§1.8).
// golang.org/x/time/rate is a token bucket: it neither models a window nor
// tells when one resets, which Retry-After needs, hence this small counter.
type rateLimiter struct {
	now func() time.Time // wall clock, injectable for tests

	mu      sync.Mutex
	windows map[limitKey]*window
}

type limitKey struct{ key, endpoint string }

type window struct {
	start time.Time
	n     int
}

const rateWindow = 60 * time.Second

func newRateLimiter(now func() time.Time) *rateLimiter {
	return &rateLimiter{now: now, windows: map[limitKey]*window{}}
}

// allow counts one request unless the window is full; then it returns the
// time left until the window resets. A limit <= 0 allows everything.
func (l *rateLimiter) allow(k limitKey, limit int) (ok bool, reset time.Duration) {
	if limit <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.windows[k]
	if w == nil || now.Sub(w.start) >= rateWindow {
		w = &window{start: now}
		l.windows[k] = w
	}
	if w.n >= limit {
		return false, w.start.Add(rateWindow).Sub(now)
	}
	w.n++
	return true, 0
}
