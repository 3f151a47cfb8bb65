package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/collector/config/configretry"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func rep(status int) reply {
	return reply{status: status, body: `{"error":{"code":"X","message":"x"}}`}
}

var ok = reply{status: 200, body: `{"items":[{"a":1}]}`}

func retryAfter(value string) reply {
	return reply{status: 429, body: `{"error":{"code":"TooManyRequests","message":"Too many requests"}}`, header: http.Header{"Retry-After": {value}}}
}

// TestRetries checks, per scenario, the attempts made, the waits between
// them (on a fake clock), the reasons observed and the outcome.
func TestRetries(t *testing.T) {
	s := time.Second
	disabled := testRetry()
	disabled.Enabled = false
	tests := []struct {
		name        string
		retry       configretry.BackOffConfig
		replies     []reply
		want        error // nil: a page
		wantWaits   []time.Duration
		wantStatus  []int
		wantReasons []string
	}{
		{
			name: "429 with Retry-After seconds", retry: testRetry(),
			replies:   []reply{retryAfter("7"), ok},
			wantWaits: []time.Duration{7 * s}, wantStatus: []int{429, 200}, wantReasons: []string{"rate_limited"},
		},
		{
			name: "429 with Retry-After date", retry: testRetry(),
			replies:   []reply{retryAfter(newFakeClock().now.Add(5 * s).Format(http.TimeFormat)), ok},
			wantWaits: []time.Duration{5 * s}, wantStatus: []int{429, 200}, wantReasons: []string{"rate_limited"},
		},
		{
			name: "429 with a huge Retry-After is capped", retry: func() configretry.BackOffConfig { r := testRetry(); r.MaxElapsedTime = 0; return r }(),
			replies:   []reply{retryAfter("86400"), ok},
			wantWaits: []time.Duration{maxRetryAfter}, wantStatus: []int{429, 200}, wantReasons: []string{"rate_limited"},
		},
		{
			name: "429 with an unusable Retry-After backs off", retry: testRetry(),
			replies:   []reply{retryAfter("soon"), retryAfter("-3"), ok},
			wantWaits: []time.Duration{1 * s, 2 * s}, wantStatus: []int{429, 429, 200}, wantReasons: []string{"rate_limited", "rate_limited"},
		},
		{
			name: "429 without Retry-After backs off", retry: testRetry(),
			replies:   []reply{rep(429), rep(429), ok},
			wantWaits: []time.Duration{1 * s, 2 * s}, wantStatus: []int{429, 429, 200}, wantReasons: []string{"rate_limited", "rate_limited"},
		},
		{
			name: "429 exhausted", retry: testRetry(),
			replies: []reply{rep(429)}, want: ErrRateLimited,
			wantWaits: []time.Duration{1 * s, 2 * s, 4 * s}, wantStatus: []int{429, 429, 429, 429}, wantReasons: []string{"rate_limited", "rate_limited", "rate_limited"},
		},
		{
			name: "Retry-After beyond MaxElapsedTime is not waited", retry: testRetry(),
			replies: []reply{retryAfter("30")}, want: ErrRateLimited,
			wantStatus: []int{429},
		},
		{
			name: "5xx then success", retry: testRetry(),
			replies:   []reply{rep(500), rep(502), rep(503), ok},
			wantWaits: []time.Duration{1 * s, 2 * s, 4 * s}, wantStatus: []int{500, 502, 503, 200}, wantReasons: []string{"server_error", "server_error", "server_error"},
		},
		{
			name: "5xx exhausted", retry: testRetry(),
			replies: []reply{rep(503)}, want: ErrServerError,
			wantWaits: []time.Duration{1 * s, 2 * s, 4 * s}, wantStatus: []int{503, 503, 503, 503}, wantReasons: []string{"server_error", "server_error", "server_error"},
		},
		{
			name: "MaxElapsedTime 0 keeps trying", retry: func() configretry.BackOffConfig { r := testRetry(); r.MaxElapsedTime = 0; return r }(),
			replies:   []reply{rep(503), rep(503), rep(503), rep(503), rep(503), ok},
			wantWaits: []time.Duration{1 * s, 2 * s, 4 * s, 8 * s, 8 * s}, wantStatus: []int{503, 503, 503, 503, 503, 200},
			wantReasons: []string{"server_error", "server_error", "server_error", "server_error", "server_error"},
		},
		{name: "disabled", retry: disabled, replies: []reply{rep(503), ok}, want: ErrServerError, wantStatus: []int{503}},
		{name: "disabled 429", retry: disabled, replies: []reply{retryAfter("1"), ok}, want: ErrRateLimited, wantStatus: []int{429}},
		{name: "504 not retried", retry: testRetry(), replies: []reply{rep(504), ok}, want: ErrTimeout, wantStatus: []int{504}},
		{name: "408 not retried", retry: testRetry(), replies: []reply{rep(408), ok}, want: ErrTimeout, wantStatus: []int{408}},
		{name: "501 not retried", retry: testRetry(), replies: []reply{rep(501), ok}, want: ErrServerError, wantStatus: []int{501}},
		{name: "400 not retried", retry: testRetry(), replies: []reply{rep(400), ok}, want: ErrBadRequest, wantStatus: []int{400}},
		{name: "401 not retried", retry: testRetry(), replies: []reply{rep(401), ok}, want: ErrUnauthorized, wantStatus: []int{401}},
		{name: "malformed not retried", retry: testRetry(), replies: []reply{{status: 200, body: "{"}, ok}, want: ErrMalformedResponse, wantStatus: []int{200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptedServer(t, tt.replies...)
			c := newTestClient(t, srv.URL, withRetry(tt.retry))

			page, err := c.FirstPage(context.Background(), testRequest())

			if tt.want == nil && (err != nil || page == nil) {
				t.Fatalf("FirstPage = %v, %v; want a page", page, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("FirstPage error = %v, want %v", err, tt.want)
			}
			if got := c.clock.Waits(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
			if got := c.observer.Statuses(); !slices.Equal(got, tt.wantStatus) {
				t.Errorf("observed statuses = %v, want %v", got, tt.wantStatus)
			}
			if got := c.observer.Reasons(); !slices.Equal(got, tt.wantReasons) {
				t.Errorf("observed retries = %v, want %v", got, tt.wantReasons)
			}
			if n := len(srv.requests()); n != len(tt.wantStatus) {
				t.Errorf("server received %d requests, want %d", n, len(tt.wantStatus))
			}
		})
	}
}

// TestRetryJitter: with a randomization factor, each wait stays within
// (1 ± factor) of the exponential interval.
func TestRetryJitter(t *testing.T) {
	cfg := testRetry()
	cfg.RandomizationFactor = 0.5
	cfg.MaxElapsedTime = 0
	srv := newScriptedServer(t, rep(503), rep(503), rep(503), rep(503), ok)
	c := newTestClient(t, srv.URL, withRetry(cfg))

	if _, err := c.FirstPage(context.Background(), testRequest()); err != nil {
		t.Fatal(err)
	}

	waits := c.clock.Waits()
	if len(waits) != 4 {
		t.Fatalf("waits = %v, want 4", waits)
	}
	for i, interval := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		lo, hi := interval/2, interval*3/2+1
		if waits[i] < lo || waits[i] > hi {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, waits[i], lo, hi)
		}
	}
}

// TestRetryTransportErrors: a refused connection is retried with backoff,
// observed with status 0, and reported as ErrTransport.
func TestRetryTransportErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there any more: connections are refused
	c := newTestClient(t, "http://"+addr, withRetry(testRetry()))

	_, err = c.FirstPage(context.Background(), testRequest())

	if !errors.Is(err, ErrTransport) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTransport", err)
	}
	if got, want := c.clock.Waits(), []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
	if got := c.observer.Statuses(); !slices.Equal(got, []int{0, 0, 0, 0}) {
		t.Errorf("observed statuses = %v", got)
	}
	if got := c.observer.Reasons(); !slices.Equal(got, []string{"transport", "transport", "transport"}) {
		t.Errorf("observed retries = %v", got)
	}
}

// TestRetryConnectionReset: a server that closes the connection without
// answering is a transport error, retried until it answers.
func TestRetryConnectionReset(t *testing.T) {
	srv := newScriptedServer(t)
	var closes atomic.Int32
	closes.Store(2)
	inner := srv.Config.Handler
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if closes.Add(-1) >= 0 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		inner.ServeHTTP(w, r)
	})
	c := newTestClient(t, srv.URL, withRetry(testRetry()))

	if _, err := c.FirstPage(context.Background(), testRequest()); err != nil {
		t.Fatal(err)
	}
	if got := c.observer.Reasons(); !slices.Equal(got, []string{"transport", "transport"}) {
		t.Errorf("observed retries = %v", got)
	}
	if got := c.observer.Statuses(); !slices.Equal(got, []int{0, 0, 200}) {
		t.Errorf("observed statuses = %v", got)
	}
}

// TestRetriedFailuresWarnOncePerEpisode: an unreachable API or a 429 is
// logged as a warning on its first retry, not when the retries run out
// (minutes later), and once per episode; 5xx bursts that retries absorb stay
// at debug. A failure after a quiet minute starts a new episode.
func TestRetriedFailuresWarnOncePerEpisode(t *testing.T) {
	refused := func(t *testing.T) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr
	}
	tests := []struct {
		name     string
		endpoint func(t *testing.T) string
		wantWarn int
		wantHint string
	}{
		{"connection refused", refused, 1, "proxy_url"},
		{"429s", func(t *testing.T) string {
			return newScriptedServer(t, rep(429), rep(429), rep(429), ok, rep(429), ok).URL
		}, 1, "lower requests_per_minute"},
		{"5xx absorbed", func(t *testing.T) string {
			return newScriptedServer(t, rep(503), rep(500), ok, rep(503), ok).URL
		}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			core, logs := observer.New(zapcore.DebugLevel)
			retry := testRetry()
			retry.MaxElapsedTime = 3 * time.Second // two retries
			c := newTestClient(t, tt.endpoint(t), withRetry(retry), func(s *Settings) { s.Logger = zap.New(core) })
			var warnedBeforeFirstWait int
			c.clock.onSleep = func() {
				if warnedBeforeFirstWait == 0 {
					warnedBeforeFirstWait = logs.FilterLevelExact(zapcore.WarnLevel).Len() + 1
				}
			}
			for range 2 { // two requests of one episode
				_, _ = c.FirstPage(context.Background(), testRequest())
			}
			warns := logs.FilterLevelExact(zapcore.WarnLevel).All()
			if len(warns) != tt.wantWarn {
				t.Fatalf("%d warnings, want %d: %v", len(warns), tt.wantWarn, warns)
			}
			if tt.wantWarn == 0 {
				return
			}
			if warnedBeforeFirstWait != 2 {
				t.Errorf("the warning came after the first wait")
			}
			if hint := warns[0].ContextMap()["hint"]; !strings.Contains(hint.(string), tt.wantHint) {
				t.Errorf("hint %q lacks %q", hint, tt.wantHint)
			}
			if n := logs.FilterMessage("Retrying Vision One request").Len(); n == 0 {
				t.Error("retries are logged at debug")
			}
		})
	}
}

// A failure after a quiet gap is a new episode, warned again.
func TestEpisodeEndsAfterQuietGap(t *testing.T) {
	core, logs := observer.New(zapcore.WarnLevel)
	srv := newScriptedServer(t, rep(429), ok, rep(429), ok)
	c := newTestClient(t, srv.URL, withRetry(testRetry()), func(s *Settings) { s.Logger = zap.New(core) })
	if _, err := c.FirstPage(context.Background(), testRequest()); err != nil {
		t.Fatal(err)
	}
	_ = c.clock.Sleep(context.Background(), episodeGap)
	if _, err := c.FirstPage(context.Background(), testRequest()); err != nil {
		t.Fatal(err)
	}
	if n := logs.Len(); n != 2 {
		t.Fatalf("%d warnings, want 2", n)
	}
}

// Every response's Date header is observed, errors included, as the API's
// clock; a missing or unparsable one is not.
func TestServerTimeObserved(t *testing.T) {
	api := time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)
	dated := func(r reply, date string) reply {
		r.header = http.Header{"Date": {date}}
		return r
	}
	srv := newScriptedServer(t,
		dated(rep(503), api.Format(http.TimeFormat)),
		dated(ok, api.Add(time.Second).Format(http.TimeFormat)),
		dated(ok, "yesterday"))
	c := newTestClient(t, srv.URL, withRetry(testRetry()))
	for range 2 {
		if _, err := c.FirstPage(context.Background(), testRequest()); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := c.observer.Dates(), []time.Time{api, api.Add(time.Second)}; !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("observed dates %v, want %v", got, want)
	}
}
