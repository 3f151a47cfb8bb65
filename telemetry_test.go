package trendmicrovisiononereceiver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// TestTelemetry runs the receiver through a backfill with one injected 503
// and checks every metric it reports through the component's MeterProvider.
func TestTelemetry(t *testing.T) {
	ctx := context.Background()
	key := simulator.MakeKey("expiring", simStart.Add(10*24*time.Hour))
	h := newHarness(t, simulator.Options{Keys: []simulator.APIKey{{Name: "expiring", Key: key, Roles: simulator.AllRoles()}}})
	h.cfg.Token = configopaque.String(key)
	h.cfg.feed("oat").CollectionInterval = 10 * time.Millisecond
	h.cfg.feed("audit").CollectionInterval = 10 * time.Millisecond
	h.cfg.feed("workbench").CollectionInterval = 10 * time.Millisecond
	require.NoError(t, h.sim.SetFaults(simulator.Fault{Kind: simulator.FaultStatus, Endpoint: string(simulator.OAT), Status: 503, Count: 1}))
	r := h.newReceiver()
	require.NoError(t, r.Start(ctx, h.host))
	require.Eventually(t, func() bool { return h.caughtUp(r.streams) }, time.Minute, 10*time.Millisecond)

	oat := attribute.String("stream", streamOAT)
	accepted := h.counter("trendmicro_visionone_receiver_records", oat, attribute.String("outcome", "accepted"))
	assert.Equal(t, int64(len(h.sink.keys("trendmicro.visionone.oat_detection"))), accepted)
	assert.Positive(t, h.counter("trendmicro_visionone_receiver_requests", oat, attribute.Int("status_code", 200)))
	assert.Equal(t, int64(1), h.counter("trendmicro_visionone_receiver_requests", oat, attribute.Int("status_code", 503)))
	assert.Equal(t, int64(1), h.retries(streamOAT, "server_error"))
	assert.Positive(t, h.windowCount(streamAudit, "completed"))

	lag := gauge[float64](t, h, "trendmicro_visionone_receiver_window_lag")
	require.Len(t, lag, len(r.streams), "one lag per stream")
	for stream, v := range lag {
		assert.InDelta(t, h.cfg.IngestionDelay.Seconds(), v, 1, stream)
	}
	success := gauge[int64](t, h, "trendmicro_visionone_receiver_last_success")
	assert.Equal(t, simStart.Unix(), success[streamAudit])
	expiry := gauge[int64](t, h, "trendmicro_visionone_receiver_api_key_expiry")
	assert.Equal(t, int64(10*24*time.Hour/time.Second), expiry[""])
	assert.Equal(t, 1, h.logs.FilterMessageSnippet("expires soon").Len(), "10 days left: warned once")

	// The collector's standard receiver metrics count what the pipeline took.
	receiver := attribute.String("receiver", receiverID.String())
	assert.Equal(t, int64(h.sink.total()), h.counter("receiver_accepted_log_records", receiver))
	assert.Zero(t, h.counter("receiver_refused_log_records", receiver))

	require.NoError(t, r.Shutdown(ctx))
}

// A key without an exp claim reports no expiry and warns about nothing.
func TestNoExpiryWithoutClaim(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{Keys: []simulator.APIKey{{Name: "opaque", Key: "opaque-key", Roles: simulator.AllRoles()}}})
	h.cfg.Token = "opaque-key"
	r := h.newReceiver()
	require.NoError(t, r.Start(ctx, h.host))
	require.NoError(t, r.Shutdown(ctx))
	_, err := h.tel.GetMetric("otelcol_trendmicro_visionone_receiver_api_key_expiry")
	assert.Error(t, err, "no gauge without an exp claim")
	assert.Zero(t, h.logs.FilterMessageSnippet("expires soon").Len())
}

// TestOneBudgetPerReceiver: the streams share one request budget, so the
// simulator never sees more requests from the key than the budget's burst
// plus its rate allows, however many streams catch up at once. (An upper
// bound only: a slow machine makes fewer requests, never more.)
func TestOneBudgetPerReceiver(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{History: 3 * 24 * time.Hour})
	enableEverything(h.cfg)
	h.cfg.RequestsPerMinute = 60 // burst 1, then 59 a minute
	for _, c := range h.cfg.Feeds {
		c.InitialLookback = 3 * 24 * time.Hour // a backlog for every stream
	}
	r := h.newReceiver()
	require.NoError(t, r.Start(ctx, h.host))
	began := time.Now()
	time.Sleep(3 * time.Second)
	require.NoError(t, r.Shutdown(ctx))
	elapsed := time.Since(began)

	made := h.sim.Stats().PeakPerMinute[simulator.DemoKeySubject]
	allowed := 1 + int(elapsed.Seconds()) + 1
	assert.Positive(t, made)
	assert.LessOrEqual(t, made, allowed, "%d streams shared a budget of 60/min over %s", len(r.streams), elapsed)
}

// gauge returns a gauge's values by stream attribute ("" when it has none).
func gauge[N int64 | float64](t *testing.T, h *harness, name string) map[string]N {
	t.Helper()
	m, err := h.tel.GetMetric("otelcol_" + name)
	require.NoError(t, err)
	g, ok := m.Data.(metricdata.Gauge[N])
	require.True(t, ok, "%s is a gauge", name)
	out := map[string]N{}
	for _, dp := range g.DataPoints {
		v, _ := dp.Attributes.Value("stream")
		out[v.AsString()] = dp.Value
	}
	return out
}

// TestTelemetryPerInstance: two receivers (tenants) in one collector share
// its MeterProvider; each data point names its receiver, so their streams'
// series stay apart instead of colliding.
func TestTelemetryPerInstance(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{})
	onlyStream(h.cfg, streamAudit)
	ids := []string{"trendmicro_visionone/tenant_a", "trendmicro_visionone/tenant_b"}
	var started []*visionOneReceiver
	for _, name := range []string{"tenant_a", "tenant_b"} {
		set := receivertest.NewNopSettings(metadata.Type)
		set.ID = component.NewIDWithName(metadata.Type, name)
		set.TelemetrySettings = h.tel.NewTelemetrySettings()
		r, err := newVisionOneReceiver(set, h.cfg, h.sink)
		require.NoError(t, err)
		r.now = h.sim.Now
		require.NoError(t, r.Start(ctx, h.host))
		started = append(started, r)
	}
	require.Eventually(t, func() bool { return h.caughtUp(started[0].streams) && h.caughtUp(started[1].streams) }, time.Minute, 10*time.Millisecond)
	defer func() {
		for _, r := range started {
			require.NoError(t, r.Shutdown(ctx))
		}
	}()

	m, err := h.tel.GetMetric("otelcol_trendmicro_visionone_receiver_window_lag")
	require.NoError(t, err)
	var lagOf []string
	for _, dp := range m.Data.(metricdata.Gauge[float64]).DataPoints {
		v, _ := dp.Attributes.Value("instance")
		lagOf = append(lagOf, v.AsString())
	}
	assert.ElementsMatch(t, ids, lagOf, "one audit_logs lag per receiver")
	for _, id := range ids {
		assert.Positive(t, h.counter("trendmicro_visionone_receiver_records", attribute.String("instance", id), attribute.String("outcome", "accepted")), id)
		assert.Positive(t, h.counter("trendmicro_visionone_receiver_requests", attribute.String("instance", id)), id)
	}
}
