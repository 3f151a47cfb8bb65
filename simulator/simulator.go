package simulator

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// Simulator is an in-process Trend Vision One API. It is safe for
// concurrent use.
type Simulator struct {
	opts       Options
	clock      *Clock
	keys       keyring
	stores     map[gen.Kind]*feedStore
	tokens     tokenCodec
	tokenEpoch atomic.Uint64
	stop       atomic.Int64 // arrivals stop time, Unix ms; 0: none
	faults     *faultSet
	limiter    *rateLimiter
	stats      *statsCollector
	matchCache *matchCache
	routes     map[string]route
	// sleep waits out a page's latency (sleepFor; tests record it instead).
	sleep func(ctx context.Context, d time.Duration)
	// filters are the filter headers of lenient chains by hash (paging.go).
	filters sync.Map
	// auditDefaultDesc is the direction of an audit orderBy term without one.
	auditDefaultDesc bool
	// historyStart is the clock's time at New less History.
	historyStart time.Time
	// pipelines are the tenant's data pipelines (pipeline.go).
	pipelines *pipelineSet
}

// route is one API endpoint under /v3.0/.
type route struct {
	name  string // endpoint name: the feed Kind, or healthcheck/connectivity
	role  Role   // "" admits any valid key
	serve http.HandlerFunc
	// methods, if set, are the endpoint's operations by HTTP method, each
	// with its own role (the data pipelines); role and serve are unused.
	methods map[string]operation
}

// operation is one method of a route with methods.
type operation struct {
	role  Role
	serve http.HandlerFunc
	// forbidden, if set, is the 403 body of a key without the role.
	forbidden func() *apiError
}

// New builds a simulator; its history starts at Clock.Now() - History.
func New(opts Options) (*Simulator, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	keys, err := newKeyring(opts.Keys, !opts.NoDemoKey)
	if err != nil {
		return nil, err
	}
	s := &Simulator{
		sleep:      func(ctx context.Context, d time.Duration) { sleepFor(ctx, d) },
		opts:       opts,
		clock:      opts.Clock,
		keys:       keys,
		stores:     map[gen.Kind]*feedStore{},
		tokens:     newTokenCodec(opts.Seed),
		faults:     newFaultSet(opts.Seed, opts.Faults),
		limiter:    newRateLimiter(opts.RateClock),
		stats:      newStatsCollector(),
		matchCache: newMatchCache(defaultMatchCacheLimit),
	}
	if keys, err := parseOrderBy(opts.AuditDefaultOrder, auditOrderFields, true); err == nil {
		s.auditDefaultDesc = keys[0].desc // checked by withDefaults
	}
	historyStart := s.clock.Now().Add(-opts.History)
	s.historyStart, s.pipelines = historyStart, newPipelineSet()
	s.routes = map[string]route{healthcheckEndpoint: {name: healthcheckEndpoint, serve: serveHealthcheck}}
	for _, f := range feedList {
		st := newFeedStore(opts.Seed, f.kind, opts.Rates[f.kind], opts.IngestDelayMin, opts.IngestDelayMax, historyStart)
		st.changeMin, st.changeMax = opts.ChangeRanges[f.kind].Min, opts.ChangeRanges[f.kind].Max
		st.quirks = opts.Quirks
		st.setLateTail(opts.LateTails[f.kind])
		s.stores[f.kind] = st
		s.routes[string(f.kind)] = route{name: string(f.kind), role: f.role, serve: s.serveList(f)}
	}
	if !opts.StopTime.IsZero() {
		s.SetStopTime(opts.StopTime)
	}
	return s, nil
}

// Handler serves the API under /v3.0/ and the admin API under /admin/.
// Every answer's Date header tells the simulated time (see withDate).
func (s *Simulator) Handler() http.Handler {
	mux := http.NewServeMux()
	s.registerAdmin(mux)
	mux.HandleFunc("/", s.serveAPI)
	return s.withDate(mux)
}

// Close releases nothing today; it exists so callers can defer it should
// the simulator ever hold resources.
func (s *Simulator) Close() error { return nil }

// Now returns the simulated time.
func (s *Simulator) Now() time.Time { return s.clock.Now() }

// Advance moves the simulated clock by d.
func (s *Simulator) Advance(d time.Duration) { s.clock.Advance(d) }

// SetTime moves the simulated clock to t.
func (s *Simulator) SetTime(t time.Time) { s.clock.Set(t) }

// Clock returns the simulated clock.
func (s *Simulator) Clock() *Clock { return s.clock }

// DemoKey returns the demo key (the DemoKey constant).
func (s *Simulator) DemoKey() string { return DemoKey }

// Faults returns the active fault rules (with their remaining counts).
func (s *Simulator) Faults() []Fault { return s.faults.list() }

// SetFaults replaces the active fault rules.
func (s *Simulator) SetFaults(rules ...Fault) error { return s.faults.replace(rules) }

// ClearFaults removes every fault rule.
func (s *Simulator) ClearFaults() { _ = s.faults.replace(nil) }

// ExpireTokens makes every page token issued so far expired.
func (s *Simulator) ExpireTokens() { s.tokenEpoch.Add(1) }

// tokenEpochOf is the epoch a feed's page tokens carry: ExpireTokens and
// the feed's own expire-tokens faults each move it.
func (s *Simulator) tokenEpochOf(kind gen.Kind) uint64 {
	e := s.tokenEpoch.Load()
	if st := s.stores[kind]; st != nil {
		e += st.tokenEpoch.Load()
	}
	return e
}

// Stats returns the request statistics.
func (s *Simulator) Stats() Stats { return s.stats.snapshot() }

// ResetStats clears the request statistics.
func (s *Simulator) ResetStats() { s.stats.reset() }

// SetStopTime ends arrivals: records with an event time at or after t do not
// exist. Chains already started keep the stop time of their first page.
func (s *Simulator) SetStopTime(t time.Time) { s.stop.Store(max(t.UnixMilli(), 1)) }

// ClearStopTime resumes arrivals.
func (s *Simulator) ClearStopTime() { s.stop.Store(0) }

// StopTime returns the arrivals stop time, or the zero time if none.
func (s *Simulator) StopTime() time.Time {
	if ms := s.stop.Load(); ms != 0 {
		return time.UnixMilli(ms).UTC()
	}
	return time.Time{}
}

func (s *Simulator) stopMs() int64 { return s.stop.Load() }

// serveAPI authenticates, rate-limits, authorises and injects request faults
// before an endpoint handles the request; every answer is counted.
func (s *Simulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w}
	keyName, endpoint := invalidKeyName, unknownEndpoint
	// Counted at arrival, as the API counts: the deferred record runs after
	// the client has its answer, and maybe its next request has arrived.
	arrived := s.opts.RateClock()
	defer func() { s.stats.record(keyName, endpoint, rec.code(), arrived) }()

	key, known := s.keys.lookup(r.Header.Get("Authorization"))
	if known {
		keyName = key.Name
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/v3.0/")
	rt, found := s.routes[path]
	if ok && !found {
		rt, found = s.pipelineRoute(path)
	}
	if !ok || !found {
		writeError(rec, errNotFound())
		return
	}
	endpoint = rt.name
	op := operation{role: rt.role, serve: rt.serve}
	if rt.methods != nil {
		op, ok = rt.methods[r.Method]
	} else {
		ok = r.Method == http.MethodGet
	}
	if !ok {
		allow := []string{http.MethodGet}
		if rt.methods != nil {
			allow = slices.Sorted(maps.Keys(rt.methods))
		}
		rec.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(rec, errMethodNotAllowed())
		return
	}
	if !known {
		writeError(rec, errUnauthorized())
		return
	}
	if allowed, reset := s.limiter.allow(limitKey{key.Key, endpoint}, s.opts.rateLimitFor(endpoint)); !allowed {
		e := errTooManyRequests()
		if !s.opts.NoRetryAfter {
			secs := int((reset + time.Second - 1) / time.Second) // round up: retrying early fails again
			e.header = http.Header{"Retry-After": {strconv.Itoa(max(secs, 1))}}
		}
		writeError(rec, e)
		return
	}
	if op.role != "" && !key.has(op.role) {
		e := errForbidden()
		if op.forbidden != nil {
			e = op.forbidden()
		}
		writeError(rec, e)
		return
	}
	if e := s.requestFaults(r.Context(), endpoint); e != nil {
		writeError(rec, e)
		return
	}
	op.serve(rec, r)
}

// requestFaults applies the faults that act before an endpoint runs.
func (s *Simulator) requestFaults(ctx context.Context, endpoint string) *apiError {
	if _, ok := s.faults.take(endpoint, FaultExpireTokens); ok {
		if st := s.stores[gen.Kind(endpoint)]; st != nil {
			st.tokenEpoch.Add(1)
		} else if ep := s.pipelines.epochs[endpoint]; ep != nil {
			ep.Add(1)
		}
	}
	if f, ok := s.faults.take(endpoint, FaultLatency); ok {
		wait := min(f.Latency, s.opts.RequestDeadline)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
		if f.Latency > s.opts.RequestDeadline { // the gateway gives up (§1.8)
			return errGatewayTimeout()
		}
	}
	if f, ok := s.faults.take(endpoint, FaultStatus); ok {
		if f.Status == http.StatusTooManyRequests {
			// A throttled answer outside the rate limit's windows, with
			// the shortest Retry-After.
			e := errTooManyRequests()
			if !s.opts.NoRetryAfter {
				e.header = http.Header{"Retry-After": {"1"}}
			}
			return e
		}
		return statusError(endpoint, f.Status)
	}
	if f, ok := s.faults.take(endpoint, FaultError); ok {
		return numberedError(endpoint, f.Number)
	}
	return nil
}

// statusError is the body an injected status carries: the endpoint's
// documented 500 body, the documented 503 and 408 bodies.
func statusError(endpoint string, status int) *apiError {
	switch status {
	case http.StatusBadGateway:
		return errBadGateway()
	case http.StatusServiceUnavailable:
		return errServiceUnavailable()
	case http.StatusGatewayTimeout:
		return errGatewayTimeout()
	case http.StatusRequestTimeout:
		return errRequestTimeout()
	}
	if f := feedByKind(gen.Kind(endpoint)); f != nil {
		return f.internalError()
	}
	if pipelineEndpoint(endpoint) != nil {
		return errPipelineInternal()
	}
	// The healthcheck's 500 (Trend's OpenAPI document for v3.0: innererror
	// with code and service required).
	return newAPIError(http.StatusInternalServerError, errorDetail{
		Code: "InternalServerError", Message: "Internal server error",
		InnerError: &innerError{Code: "InternalServerError", Service: "svp"},
	})
}

// serveList opens the request's chain, has the feed's handler serve the
// page and answers rejections with the feed's documented error body.
func (s *Simulator) serveList(f *feed) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.openChain(r, f)
		if err == nil {
			err = f.serve(s, w, r, c)
		}
		var br badRequest
		var ae *apiError
		switch {
		case err == nil:
		case errors.As(err, &br):
			writeError(w, f.badRequest(br))
		case errors.As(err, &ae):
			writeError(w, ae)
		default:
			writeError(w, f.internalError())
		}
	}
}

func serveHealthcheck(w http.ResponseWriter, _ *http.Request) {
	writeBody(w, http.StatusOK, []byte(`{"status":"available"}`+"\n"))
}

// render returns the items of a page as of the chain's snapshot.
func (s *Simulator) render(c *chain, page []int32) []map[string]any {
	s.waitLatency(c, len(page))
	v := s.view(c)
	items := make([]map[string]any, len(page))
	for i, idx := range page {
		items[i] = v.item(idx)
	}
	return items
}

// statusRecorder remembers the status an answer was given.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (to flush).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) code() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}
