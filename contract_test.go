package trendmicrovisiononereceiver

import (
	"context"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configmiddleware"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/extensionmiddleware"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// TestFiltersAreSent: each stream's filter or query reaches the API, which
// applies it. Each filter selects a proper, non-empty subset of the
// simulator's data, so a receiver that dropped the header (or sent `*`)
// would deliver more than the subset the simulator's own matching expects.
func TestFiltersAreSent(t *testing.T) {
	tests := []struct {
		stream string
		filter string
		set    func(cfg *Config, filter string)
	}{
		{streamWorkbench, "severity eq 'high'", func(cfg *Config, f string) { cfg.feed("workbench").Filter = f }},
		{streamOAT, "riskLevel eq 'high' or riskLevel eq 'critical'", func(cfg *Config, f string) { cfg.feed("oat").Filter = f }},
		{streamAudit, "category eq 'Logon and Logoff'", func(cfg *Config, f string) { cfg.feed("audit").Filter = f }},
		{streamSearchPrefix + "detections", "eventName:MALWARE_DETECTION", searchQuery("detections")},
		{streamSearchPrefix + "networkActivities", "eventName:NETWORK_FLOW", searchQuery("networkActivities")},
		{streamSearchPrefix + "cloudActivities", "awsRegion:us-east-1", searchQuery("cloudActivities")},
	}
	// Enough workbench alerts in two hours for a severity to be a subset.
	h := newHarness(t, simulator.Options{Rates: map[simulator.Feed]float64{simulator.Workbench: 60}})
	h.cfg.feed("search").Enabled = true
	h.cfg.feed("search").Members = map[string]MemberConfig{}
	for _, tt := range tests {
		tt.set(h.cfg, tt.filter)
	}
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	require.Len(t, streams, len(tests))
	h.cycleUntilCaughtUp(streams)

	start, end := simStart.Add(-2*time.Hour), simStart.Add(-h.cfg.IngestionDelay)
	for _, tt := range tests {
		t.Run(tt.stream, func(t *testing.T) {
			f := feedOf[tt.stream]
			want, err := h.sim.GroundTruthMatching(f.Feed, f.Target, start, end, tt.filter)
			require.NoError(t, err)
			all := h.truth(f.Feed, f.Target, start, end, false)
			require.NotEmpty(t, want, "the filter selects something")
			require.Less(t, len(want), len(all), "the filter leaves something out")
			t.Logf("%q selects %d of %d records", tt.filter, len(want), len(all))
			got := h.sink.keys(f.Event)
			assert.Empty(t, duplicateKeys(got), "nothing doubled")
			assertSameKeys(t, want, got, "exactly what the filter selects")
		})
	}
}

func searchQuery(source string) func(cfg *Config, query string) {
	return func(cfg *Config, query string) { cfg.feed("search").Members[source] = MemberConfig{Filter: query} }
}

// TestRetentionClampsTheFirstRequest: a lookback beyond what the API keeps
// starts where the API still serves (a minute inside its retention, so the
// request is not refused on the edge) and says what cannot be read; search
// has no retention of its own and starts as configured.
func TestRetentionClampsTheFirstRequest(t *testing.T) {
	const lookback = 400 * 24 * time.Hour
	tests := []struct {
		stream    string
		path      string
		param     string // the window's start parameter
		retention time.Duration
	}{
		{streamWorkbench, "/v3.0/workbench/alerts", "startDateTime", 180 * 24 * time.Hour},
		// 365 days, less the hour by which OAT's detected range stays inside
		// them (streams.go oatDetectedMargin).
		{streamOAT, "/v3.0/oat/detections", "ingestedStartDateTime", 365*24*time.Hour - time.Hour},
		{streamAudit, "/v3.0/audit/logs", "startDateTime", 180 * 24 * time.Hour},
		{streamSearchPrefix + "detections", "/v3.0/search/detections", "startDateTime", 0},
	}
	h := newHarness(t, simulator.Options{})
	// The first request of each path, as the simulator received it.
	var mu sync.Mutex
	first := map[string]url.Values{}
	api := h.sim.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if _, seen := first[r.URL.Path]; !seen {
			first[r.URL.Path] = r.URL.Query()
		}
		mu.Unlock()
		api.ServeHTTP(w, r)
	}))
	defer srv.Close()
	h.cfg.Endpoint = srv.URL
	h.cfg.feed("search").Enabled = true
	for _, c := range h.cfg.Feeds {
		c.InitialLookback = lookback
	}
	// One window spans the whole lookback: a few requests, not thousands.
	h.cfg.MaxWindow = 2 * lookback
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	require.Len(t, streams, len(tests))
	// One cycle each: its first request is the one that tells. (Without the
	// clamp the API refuses OAT's and audit's start, so a stream may fail.)
	for _, s := range streams {
		s.Cycle(context.Background())
	}

	now := h.sim.Now()
	for _, tt := range tests {
		t.Run(tt.stream, func(t *testing.T) {
			mu.Lock()
			q, ok := first[tt.path]
			mu.Unlock()
			require.True(t, ok, "the stream made a request")
			warnings := h.logs.FilterMessageSnippet("older than the API's retention").FilterField(zap.String("stream", tt.stream)).All()
			if tt.retention == 0 {
				assert.Equal(t, apiTime(now.Add(-lookback)), q.Get(tt.param), "starts as configured")
				assert.Empty(t, warnings)
				return
			}
			oldest := now.Add(-tt.retention + time.Minute)
			assert.Equal(t, apiTime(oldest), q.Get(tt.param), "starts a minute inside the retention")
			if detected := q.Get("detectedStartDateTime"); detected != "" {
				// OAT's detected range must not cut off the ingested window
				// (both in the API's fixed format, so the strings order as times).
				assert.LessOrEqual(t, detected, q.Get(tt.param), "the detected range covers the window")
			}
			require.Len(t, warnings, 1, "a warning says what cannot be read")
			fields := warnings[0].ContextMap()
			assert.Equal(t, "warn", warnings[0].Level.String())
			assert.True(t, now.Add(-lookback).Equal(fields["watermark"].(time.Time)), "from %v", fields["watermark"])
			assert.True(t, oldest.Equal(fields["oldest_readable"].(time.Time)), "to %v", fields["oldest_readable"])
		})
	}
}

// TestCheckpointsArePerInstance: two receivers sharing one storage
// extension keep separate checkpoints under their own component IDs, so a
// second tenant's entry reads its own history instead of resuming where the
// first one stopped.
func TestCheckpointsArePerInstance(t *testing.T) {
	h := newHarness(t, simulator.Options{})
	a := component.NewIDWithName(metadata.Type, "a")
	b := component.NewIDWithName(metadata.Type, "b")
	run := func(id component.ID) *recordSink {
		sink := &recordSink{}
		streams, closeStorage := h.openStreamsAs(id, sink)
		h.cycleUntilCaughtUp(streams)
		closeStorage()
		return sink
	}
	start, end := simStart.Add(-2*time.Hour), simStart.Add(-h.cfg.IngestionDelay)
	streams := []string{streamWorkbench, streamOAT, streamAudit}

	first := run(a)
	second := run(b)
	for _, name := range streams {
		f := feedOf[name]
		want := h.truth(f.Feed, f.Target, start, end, false)
		require.NotEmpty(t, want)
		assertSameKeys(t, want, first.keys(f.Event), name+": a delivers the ground truth")
		assertSameKeys(t, want, second.keys(f.Event), name+": b delivers it too, from its own lookback")
	}
	assert.Zero(t, run(a).total(), "a restarted resumes from its own checkpoints")
}

// TestResourceAttributes: every record names the receiver entry and the API
// host it came from, and the region when one is configured.
func TestResourceAttributes(t *testing.T) {
	instance := receiverID.String()
	tests := []struct {
		name string
		// setup points the receiver at the simulator and returns the
		// resource every record must carry.
		setup func(t *testing.T, h *harness) map[string]any
	}{
		{"endpoint", func(t *testing.T, h *harness) map[string]any {
			u, err := url.Parse(h.srv.URL)
			require.NoError(t, err)
			return map[string]any{"trendmicro.visionone.instance": instance, "server.address": u.Hostname()}
		}},
		{"region", func(t *testing.T, h *harness) map[string]any {
			h.cfg.Endpoint, h.cfg.Region = "", "eu"
			redirectToSimulator(t, h)
			return map[string]any{
				"trendmicro.visionone.instance": instance,
				"trendmicro.visionone.region":   "eu",
				"server.address":                "api.eu.xdr.trendmicro.com",
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, simulator.Options{})
			want := tt.setup(t, h)
			sink := &resourceSink{}
			streams, closeStorage := h.openStreams(sink)
			defer closeStorage()
			h.cycleUntilCaughtUp(streams)
			require.NotEmpty(t, sink.resources, "records were delivered")
			for _, res := range sink.resources {
				require.Equal(t, want, res)
			}
		})
	}
}

// A key with a cid claim names its company on every record, beside the
// region: one company may hold keys in several regions.
func TestResourceCarriesCompanyID(t *testing.T) {
	const cid = "9011075d-a2d7-4ff0-8660-47645735d0e7"
	enc := base64.RawURLEncoding.EncodeToString
	key := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc([]byte(`{"cid":"`+cid+`","exp":1893456000}`)) + ".c2ln"
	h := newHarness(t, simulator.Options{Keys: []simulator.APIKey{{Key: key, Roles: simulator.AllRoles()}}})
	h.cfg.Token = configopaque.String(key)
	sink := &resourceSink{}
	streams, closeStorage := h.openStreams(sink)
	defer closeStorage()
	h.cycleUntilCaughtUp(streams)
	require.NotEmpty(t, sink.resources, "records were delivered")
	for _, res := range sink.resources {
		require.Equal(t, cid, res["trendmicro.visionone.company_id"])
	}
}

// redirectToSimulator serves the simulator over TLS and installs an HTTP
// client middleware, a confighttp setting, that sends the requests the
// receiver addresses to its region's host to that server instead, with the
// Host header unchanged (as a DNS override would): the simulator's nextLinks
// then name the region's host, which the receiver follows. The server's
// certificate is trusted through tls.ca_file.
func redirectToSimulator(t *testing.T, h *harness) {
	srv := httptest.NewTLSServer(h.sim.Handler())
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))
	h.cfg.TLS.CAFile = ca

	id := component.MustNewID("redirect")
	h.host.(*storagetest.StorageHost).WithExtension(id, redirectExtension{addr: srv.Listener.Addr().String()})
	h.cfg.Middlewares = []configmiddleware.Config{{ID: id}}
}

// redirectExtension is an HTTP client middleware sending every request to
// addr.
type redirectExtension struct {
	component.StartFunc
	component.ShutdownFunc
	addr string
}

func (e redirectExtension) GetHTTPRoundTripper(context.Context) (extensionmiddleware.WrapHTTPRoundTripperFunc, error) {
	return func(_ context.Context, base http.RoundTripper) (http.RoundTripper, error) {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			req = req.Clone(req.Context()) // keeps req.Host, the Host header
			req.URL.Host = e.addr
			return base.RoundTrip(req)
		}), nil
	}, nil
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// resourceSink keeps the resource attributes of every record it accepts.
type resourceSink struct {
	mu        sync.Mutex
	resources []map[string]any
}

func (s *resourceSink) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func (s *resourceSink) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rl := range ld.ResourceLogs().All() {
		attrs := rl.Resource().Attributes().AsRaw()
		for _, sl := range rl.ScopeLogs().All() {
			for range sl.LogRecords().Len() {
				s.resources = append(s.resources, attrs)
			}
		}
	}
	return nil
}

// assertSameKeys checks that got holds exactly the keys of want, in any
// order: the counts first, so that a stream delivering all or nothing fails
// with two numbers rather than two long lists.
func assertSameKeys(t *testing.T, want, got []string, msg string) {
	t.Helper()
	if assert.Equal(t, len(want), len(got), "%s: count", msg) {
		assert.Equal(t, sorted(want), sorted(got), msg)
	}
}

// cycleUntilCaughtUp drives each stream, cycle by cycle on the simulated
// clock, until it has read up to the live end.
func (h *harness) cycleUntilCaughtUp(streams map[string]*stream.Stream) {
	h.t.Helper()
	for name, s := range streams {
		for i := 0; !h.caughtUp([]*stream.Stream{s}); i++ {
			require.Less(h.t, i, 5, "%s did not catch up", name)
			s.Cycle(context.Background())
		}
	}
}
