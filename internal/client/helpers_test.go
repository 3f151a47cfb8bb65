package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configretry"
)

// testToken is JWT-shaped and distinctive, so that a leak is easy to find.
const testToken configopaque.String = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.S3CR3T-s1gnature-do-not-leak"

// reply is one scripted response.
type reply struct {
	status int
	body   string
	header http.Header
}

// scriptedServer answers with its replies in order, repeating the last one,
// and records what it received.
type scriptedServer struct {
	*httptest.Server

	mu       sync.Mutex
	replies  []reply
	received []*http.Request // clones, bodies not kept
}

func newScriptedServer(t *testing.T, replies ...reply) *scriptedServer {
	t.Helper()
	s := &scriptedServer{replies: replies}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptedServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.received = append(s.received, r.Clone(context.Background()))
	rep := reply{status: http.StatusOK, body: `{"items":[]}`}
	if n := len(s.received); len(s.replies) > 0 {
		rep = s.replies[min(n, len(s.replies))-1]
	}
	s.mu.Unlock()
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	_, _ = w.Write([]byte(rep.body))
}

func (s *scriptedServer) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.received...)
}

// fakeClock replaces the client's clock and sleep: a sleep records the
// wait and moves the clock, so retries take no real time.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waits   []time.Duration
	onSleep func() // called after each recorded wait, e.g. to cancel a context
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	onSleep := f.onSleep
	f.mu.Unlock()
	if onSleep != nil {
		onSleep()
	}
	return ctx.Err()
}

func (f *fakeClock) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// recordingObserver keeps every observation.
type recordingObserver struct {
	mu       sync.Mutex
	statuses []int
	reasons  []string
	dates    []time.Time
}

func (o *recordingObserver) ObserveServerTime(date time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dates = append(o.dates, date)
}

func (o *recordingObserver) Dates() []time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]time.Time(nil), o.dates...)
}

func (o *recordingObserver) ObserveRequest(stream string, status int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.statuses = append(o.statuses, status)
}

func (o *recordingObserver) ObserveRetry(stream, reason string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.reasons = append(o.reasons, reason)
}

func (o *recordingObserver) Statuses() []int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]int(nil), o.statuses...)
}

func (o *recordingObserver) Reasons() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.reasons...)
}

// testRetry retries without jitter: waits of 1 s, 2 s, 4 s, 8 s, ...
// and gives up once 10 s would be exceeded.
func testRetry() configretry.BackOffConfig {
	return configretry.BackOffConfig{
		Enabled:         true,
		InitialInterval: time.Second,
		Multiplier:      2,
		MaxInterval:     8 * time.Second,
		MaxElapsedTime:  10 * time.Second,
	}
}

type testClient struct {
	*Client
	clock    *fakeClock
	observer *recordingObserver
}

// newTestClient returns a client of endpoint with a fake clock, a recording
// observer, retries disabled unless edit enables them.
func newTestClient(t *testing.T, endpoint string, edit ...func(*Settings)) *testClient {
	t.Helper()
	observer := &recordingObserver{}
	s := Settings{Endpoint: endpoint, Token: testToken, Observer: observer, HTTPClient: &http.Client{Timeout: 10 * time.Second}}
	for _, e := range edit {
		e(&s)
	}
	c, err := New(s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	clock := newFakeClock()
	c.now, c.sleep = clock.Now, clock.Sleep
	return &testClient{Client: c, clock: clock, observer: observer}
}

func withRetry(cfg configretry.BackOffConfig) func(*Settings) {
	return func(s *Settings) { s.Retry = cfg }
}

// testRequest is a first page request with a TMV1 header and a query.
func testRequest() Request {
	return Request{
		Stream: "oat_detections",
		Path:   "/v3.0/oat/detections",
		Query:  map[string][]string{"top": {"50"}, "detectedStartDateTime": {"2026-11-22T09:00:00Z"}},
		Header: http.Header{"Tmv1-Filter": {"(riskLevel eq 'high')"}},
	}
}

// samples holds the sample pages and error bodies every package's tests
// read (one home, testdata/samples at the module root).
const samples = "../../testdata/samples"
