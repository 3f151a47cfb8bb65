package simulator

import (
	"sync/atomic"
	"testing"
	"time"
)

// fakeWall is an injectable wall clock, safe to read from server goroutines.
type fakeWall struct{ ns atomic.Int64 }

func newFakeWall() *fakeWall {
	w := &fakeWall{}
	w.ns.Store(ts("2026-01-01T00:00:00Z").UnixNano())
	return w
}

func (w *fakeWall) now() time.Time          { return time.Unix(0, w.ns.Load()) }
func (w *fakeWall) advance(d time.Duration) { w.ns.Add(int64(d)) }

func TestRateLimit(t *testing.T) {
	wall := newFakeWall()
	other := MakeKey("other", t0)
	h := newHarness(t, Options{
		RateLimit:  3,
		RateLimits: map[string]int{"audit/logs": 1, "workbench/alerts": -1},
		RateClock:  wall.now,
		Keys:       []APIKey{{Key: other, Roles: AllRoles()}},
	})
	const oat = "/v3.0/oat/detections"
	for i := range 3 {
		if r := h.get(oat); r.status != 200 {
			t.Fatalf("request %d: %d", i+1, r.status)
		}
	}
	steps := []struct {
		name       string
		advance    time.Duration
		path       string
		headers    []string
		want       int
		retryAfter string
	}{
		{"over the limit", 0, oat, nil, 429, "60"},
		{"still over, later", 20*time.Second + 500*time.Millisecond, oat, nil, 429, "40"},
		{"another key has its own budget", 0, oat, []string{"Authorization", "Bearer " + other}, 200, ""},
		{"another endpoint has its own budget", 0, "/v3.0/healthcheck/connectivity", nil, 200, ""},
		{"per-endpoint limit", 0, "/v3.0/audit/logs", nil, 200, ""},
		{"per-endpoint limit reached", 0, "/v3.0/audit/logs", nil, 429, "60"}, // its window began with its first request
		{"unlimited endpoint", 0, "/v3.0/workbench/alerts", nil, 200, ""},
		{"window reset", 40 * time.Second, oat, nil, 200, ""},
	}
	for _, s := range steps {
		wall.advance(s.advance)
		r := h.get(s.path, s.headers...)
		if r.status != s.want || r.header.Get("Retry-After") != s.retryAfter {
			t.Fatalf("%s: status %d Retry-After %q, want %d %q", s.name, r.status, r.header.Get("Retry-After"), s.want, s.retryAfter)
		}
		if s.want == 429 {
			assertJSONEqual(t, sample(t, "error_429.json"), r.body)
		}
	}
	for range 100 {
		h.get("/v3.0/workbench/alerts")
	}
	if r := h.get("/v3.0/workbench/alerts"); r.status != 200 {
		t.Fatalf("unlimited endpoint answered %d", r.status)
	}
}

func TestRetryAfterCanBeOmitted(t *testing.T) {
	h := newHarness(t, Options{RateLimit: 1, NoRetryAfter: true, RateClock: newFakeWall().now})
	h.get("/v3.0/oat/detections")
	r := h.get("/v3.0/oat/detections")
	if r.status != 429 || r.header.Get("Retry-After") != "" {
		t.Fatalf("status %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
}

func TestStats(t *testing.T) {
	wall := newFakeWall()
	h := newHarness(t, Options{RateLimit: 6, RateClock: wall.now})
	at := func(d time.Duration, n int, path string, headers ...string) {
		wall.advance(d)
		for range n {
			h.get(path, headers...)
		}
	}
	at(0, 5, "/v3.0/oat/detections")
	at(50*time.Second, 3, "/v3.0/oat/detections")         // 8 within one minute: 2 throttled
	at(20*time.Second, 4, "/v3.0/workbench/alerts")       // the first 5 are over a minute old: 7 in the window
	at(0, 2, "/v3.0/oat/detections", "Authorization", "") // invalid key
	at(0, 1, "/v3.0/nowhere")

	s := h.sim.Stats()
	demo := s.Requests[DemoKeySubject]
	if demo["oat/detections"][200] != 6 || demo["oat/detections"][429] != 2 || demo["workbench/alerts"][200] != 4 {
		t.Errorf("demo key counts: %v", demo)
	}
	if s.Requests[invalidKeyName]["oat/detections"][401] != 2 || s.Requests[DemoKeySubject][unknownEndpoint][404] != 1 {
		t.Errorf("invalid key counts: %v", s.Requests[invalidKeyName])
	}
	if s.Throttled != 2 {
		t.Errorf("throttled %d, want 2", s.Throttled)
	}
	if s.PeakPerMinute[DemoKeySubject] != 8 {
		t.Errorf("peak %d, want 8", s.PeakPerMinute[DemoKeySubject])
	}
	h.sim.ResetStats()
	if s := h.sim.Stats(); len(s.Requests) != 0 || s.Throttled != 0 || len(s.PeakPerMinute) != 0 {
		t.Errorf("stats after reset: %+v", s)
	}
}
