package simulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDateHeaderFollowsSimulatedClock checks that every answer, API and
// admin, success or error, carries the simulated clock's time as its Date
// header (IMF-fixdate, UTC, whole seconds), however far from the wall clock.
func TestDateHeaderFollowsSimulatedClock(t *testing.T) {
	at := ts("2031-02-03T04:05:06Z").Add(789 * time.Millisecond) // sub-second part dropped
	const atDate = "Mon, 03 Feb 2031 04:05:06 GMT"
	const oat = "/v3.0/oat/detections"
	tests := []struct {
		name    string
		opts    Options
		clock   time.Time                             // the manual clock's start; default at
		prepare func(t *testing.T, h *harness) string // runs first; returns the path to request, "" for path
		method  string                                // default GET
		path    string
		body    string
		headers []string
		status  int
		want    string
	}{
		{name: "page", path: oat + "?top=50", status: 200, want: atDate},
		{name: "page, another date", clock: ts("1999-12-31T23:59:59Z"), path: oat, status: 200, want: "Fri, 31 Dec 1999 23:59:59 GMT"},
		{name: "follow-up page tells now, not its snapshot", opts: Options{Rates: busyRates}, path: oat + "?top=50",
			prepare: func(t *testing.T, h *harness) string {
				next := decodePage(t, h.get(oat+"?top=50")).NextLink
				if next == "" {
					t.Fatal("no nextLink")
				}
				h.sim.Advance(5 * time.Minute) // within the token TTL
				return next
			},
			status: 200, want: "Mon, 03 Feb 2031 04:10:06 GMT"},
		{name: "after Advance", path: "/v3.0/healthcheck/connectivity",
			prepare: func(_ *testing.T, h *harness) string { h.sim.Advance(15 * time.Minute); return "" },
			status:  200, want: "Mon, 03 Feb 2031 04:20:06 GMT"},
		{name: "400 parameter error", path: oat + "?top=500", status: 400, want: atDate},
		{name: "400 detected range", path: oat + "?detectedEndDateTime=2031-02-03T05:00:00Z", status: 400, want: atDate},
		{name: "401", path: oat, headers: []string{"Authorization", ""}, status: 401, want: atDate},
		{name: "403", opts: Options{Keys: []APIKey{{Key: MakeKey("audit-only", at.Add(time.Hour)), Roles: []Role{RoleAudit}}}},
			path: oat, headers: []string{"Authorization", "Bearer " + MakeKey("audit-only", at.Add(time.Hour))}, status: 403, want: atDate},
		{name: "404", path: "/v3.0/oat/detection", status: 404, want: atDate},
		{name: "405", method: http.MethodPost, path: oat, status: 405, want: atDate},
		{name: "429", opts: Options{RateLimits: map[string]int{"oat/detections": 1}, RateClock: newFakeWall().now}, path: oat,
			prepare: func(t *testing.T, h *harness) string {
				if r := h.get(oat); r.status != 200 {
					t.Fatalf("first request: %d", r.status)
				}
				return ""
			},
			status: 429, want: atDate},
		{name: "injected 503", opts: Options{Faults: []Fault{{Kind: FaultStatus, Status: 503, Count: 1}}}, path: oat, status: 503, want: atDate},
		{name: "latency past the deadline", opts: Options{RequestDeadline: time.Millisecond, Faults: []Fault{{Kind: FaultLatency, Latency: time.Second, Count: 1}}},
			path: oat, status: 504, want: atDate},
		{name: "truncated body", opts: Options{Faults: []Fault{{Kind: FaultTruncate, Count: 1}}}, path: oat, status: 200, want: atDate},
		{name: "malformed body", opts: Options{Faults: []Fault{{Kind: FaultMalformed, Count: 1}}}, path: oat, status: 200, want: atDate},

		// Admin routes follow the same clock.
		{name: "admin clock", path: "/admin/clock", status: 200, want: atDate},
		{name: "admin clock set", method: http.MethodPost, path: "/admin/clock/set", body: `{"time":"2087-07-04T18:30:00Z"}`, status: 200, want: "Fri, 04 Jul 2087 18:30:00 GMT"},
		{name: "admin 204", method: http.MethodPost, path: "/admin/tokens/expire", status: 204, want: atDate},
		{name: "admin 400", method: http.MethodPost, path: "/admin/clock/advance", body: `{"by":"soon"}`, status: 400, want: atDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := at
			if !tt.clock.IsZero() {
				start = tt.clock
			}
			tt.opts.Clock = ManualClock(start)
			h := newHarness(t, tt.opts)
			path := tt.path
			if tt.prepare != nil {
				if p := tt.prepare(t, h); p != "" {
					path = p
				}
			}
			status, header := h.do(tt.method, path, tt.body, tt.headers...)
			if status != tt.status {
				t.Fatalf("status %d, want %d", status, tt.status)
			}
			if got := header.Values("Date"); len(got) != 1 || got[0] != tt.want {
				t.Fatalf("Date %q, want %q", got, tt.want)
			}
		})
	}
}

// do sends a request with the demo key and returns the status and header,
// whether or not the body arrives whole (the truncate fault cuts it).
func (h *harness) do(method, path, body string, headers ...string) (int, http.Header) {
	h.t.Helper()
	if method == "" {
		method = http.MethodGet
	}
	url := path
	if !strings.HasPrefix(path, "http") {
		url = h.srv.URL + path
	}
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

func TestHTTPDate(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{ts("2031-02-03T04:05:06Z"), "Mon, 03 Feb 2031 04:05:06 GMT"},
		{ts("2024-05-14T14:00:00+02:00"), "Tue, 14 May 2024 12:00:00 GMT"}, // converted to UTC
		{ts("2024-05-14T12:00:00Z").Add(999 * time.Millisecond), "Tue, 14 May 2024 12:00:00 GMT"},
	}
	for _, tt := range tests {
		if got := httpDate(tt.in); got != tt.want {
			t.Errorf("httpDate(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWithDate checks the wrapper on its own, behind a real net/http
// server: the Date goes out with the final status, from the clock at that
// moment, whichever way the handler answers, and a Date the handler set is
// kept.
func TestWithDate(t *testing.T) {
	const want = "Tue, 14 May 2024 12:00:00 GMT" // t0
	tests := []struct {
		name    string
		handler func(c *Clock) http.HandlerFunc
		want    string
	}{
		{"WriteHeader", func(*Clock) http.HandlerFunc {
			return func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }
		}, want},
		{"Write only", func(*Clock) http.HandlerFunc {
			return func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("{}")) }
		}, want},
		{"nothing written", func(*Clock) http.HandlerFunc {
			return func(http.ResponseWriter, *http.Request) {}
		}, want},
		{"informational first", func(c *Clock) http.HandlerFunc {
			return func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusEarlyHints)
				c.Advance(time.Minute) // the final answer's time counts
				w.WriteHeader(http.StatusOK)
			}
		}, "Tue, 14 May 2024 12:01:00 GMT"},
		{"clock read at the status line", func(c *Clock) http.HandlerFunc {
			return func(w http.ResponseWriter, _ *http.Request) {
				c.Advance(90 * time.Second)
				w.WriteHeader(http.StatusOK)
			}
		}, "Tue, 14 May 2024 12:01:30 GMT"},
		{"handler's own Date kept", func(*Clock) http.HandlerFunc {
			return func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Date", "Thu, 01 Jan 1970 00:00:00 GMT")
				w.WriteHeader(http.StatusOK)
			}
		}, "Thu, 01 Jan 1970 00:00:00 GMT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Simulator{clock: ManualClock(t0)}
			srv := httptest.NewServer(s.withDate(tt.handler(s.clock)))
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Values("Date"); len(got) != 1 || got[0] != tt.want {
				t.Fatalf("Date %q, want %q", got, tt.want)
			}
		})
	}
}
