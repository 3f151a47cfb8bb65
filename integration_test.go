package trendmicrovisiononereceiver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// feedOf maps each stream to its simulator feed, ground-truth time field
// (the one the stream windows on) and event name.
var feedOf = map[string]struct {
	feed   simulator.Feed
	target string
	event  string
}{
	streamWorkbench:                   {simulator.Workbench, "createdDateTime", "trendmicro.visionone.workbench_alert"},
	streamOAT:                         {simulator.OAT, "ingestedDateTime", "trendmicro.visionone.oat_detection"},
	streamAudit:                       {simulator.Audit, "ingestedDateTime", "trendmicro.visionone.audit_log"},
	streamSearchPrefix + "detections": {simulator.SearchDetections, "eventTime", "trendmicro.visionone.search.detection"},
	streamSearchPrefix + "endpointActivities": {simulator.EndpointActivities, "eventTime", "trendmicro.visionone.search.endpoint_activity"},
	streamSearchPrefix + "networkActivities":  {simulator.NetworkActivities, "eventTime", "trendmicro.visionone.search.network_activity"},
	streamSearchPrefix + "emailActivities":    {simulator.EmailActivities, "eventTime", "trendmicro.visionone.search.email_activity"},
	streamSearchPrefix + "cloudActivities":    {simulator.CloudActivities, "eventTime", "trendmicro.visionone.search.cloud_activity"},
	streamSearchPrefix + "mobileActivities":   {simulator.MobileActivities, "eventTime", "trendmicro.visionone.search.mobile_activity"},
	streamSearchPrefix + "identityActivities": {simulator.IdentityActivities, "eventTime", "trendmicro.visionone.search.identity_activity"},
	streamSearchPrefix + "containerActivities": {
		simulator.ContainerActivities, "eventTime", "trendmicro.visionone.search.container_activity",
	},
}

func enableEverything(cfg *Config) {
	cfg.Workbench.Updates = true
	cfg.Search.Enabled = true
	cfg.Search.Sources = map[string]SourceConfig{}
	for _, source := range searchSources {
		cfg.Search.Sources[source] = SourceConfig{Query: "*"}
	}
}

// startEveryStream starts a receiver reading every stream, polling fast
// (the simulated clock moves only when the test moves it); it is shut down
// when the test ends.
func (h *harness) startEveryStream() *visionOneReceiver {
	h.t.Helper()
	enableEverything(h.cfg)
	for _, c := range []*StreamConfig{&h.cfg.Workbench.StreamConfig, &h.cfg.OAT.StreamConfig, &h.cfg.Audit.StreamConfig, &h.cfg.Search.StreamConfig} {
		c.CollectionInterval = 10 * time.Millisecond
	}
	r := h.newReceiver()
	require.NoError(h.t, r.Start(context.Background(), h.host))
	h.t.Cleanup(func() { require.NoError(h.t, r.Shutdown(context.Background())) })
	return r
}

// TestEveryStreamMatchesGroundTruth runs the receiver, as the collector
// does, through a backfill and then live arrivals, and compares what every
// stream delivered with the simulator's ground truth: nothing lost, nothing
// doubled. Each stream has its own checkpoint in the storage extension.
func TestEveryStreamMatchesGroundTruth(t *testing.T) {
	h := newHarness(t, simulator.Options{})
	r := h.startEveryStream()

	start := simStart.Add(-2 * time.Hour)
	waitCaughtUp := func() {
		require.Eventually(t, func() bool { return h.caughtUp(r.streams) }, 2*time.Minute, 10*time.Millisecond,
			"streams did not catch up")
	}
	waitCaughtUp()
	// Live: data keeps arriving while the clock moves in small steps.
	for range 20 {
		h.sim.Advance(time.Minute)
		waitCaughtUp()
	}
	require.Len(t, r.streams, len(feedOf)+1, "every log type and search source, plus workbench updates")
	end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)

	for name, f := range feedOf {
		t.Run(name, func(t *testing.T) {
			want := h.truth(f.feed, f.target, start, end, false)
			got := h.sink.keys(f.event)
			require.NotEmpty(t, want, "the simulator holds records for this feed")
			assert.Empty(t, duplicateKeys(got), "nothing doubled")
			assert.Equal(t, sorted(want), sorted(got), "exactly the ground truth")
		})
	}

	t.Run("checkpoints", func(t *testing.T) {
		for _, s := range r.streams {
			wm, ok := s.Watermark()
			require.True(t, ok)
			assert.Equal(t, end, wm, s.Name())
		}
	})

	t.Run(streamWorkbenchUpdates, func(t *testing.T) {
		got := h.sink.keys("trendmicro.visionone.workbench_alert.update")
		require.NotEmpty(t, got, "alerts changed while the receiver ran")
		assert.Empty(t, duplicateKeys(got), "each change once")
		versions := h.truth(simulator.Workbench, "updatedDateTime", start, end, true)
		assert.Subset(t, versions, got, "every update is a real version")
	})
}

// Streams fail independently: a key without the OAT role gets 403 on OAT,
// logged loudly once, while the other streams keep delivering.
func TestOneStreamFailingDoesNotStallOthers(t *testing.T) {
	limited := simulator.MakeKey("no-oat", simStart.Add(365*24*time.Hour))
	h := newHarness(t, simulator.Options{Keys: []simulator.APIKey{{
		Name: "no-oat", Key: limited, Roles: []simulator.Role{simulator.RoleWorkbench, simulator.RoleAudit},
	}}})
	h.cfg.Token = configopaque.String(limited)
	h.cfg.OAT.CollectionInterval = 10 * time.Millisecond
	h.cfg.Audit.CollectionInterval = 10 * time.Millisecond
	h.cfg.Workbench.CollectionInterval = 10 * time.Millisecond
	r := h.newReceiver()
	require.NoError(t, r.Start(context.Background(), h.host))
	defer func() { require.NoError(t, r.Shutdown(context.Background())) }()

	var others []*stream.Stream
	for _, s := range r.streams {
		if s.Name() != streamOAT {
			others = append(others, s)
		}
	}
	require.Eventually(t, func() bool { return h.caughtUp(others) }, time.Minute, 10*time.Millisecond)
	assert.NotEmpty(t, h.sink.keys("trendmicro.visionone.audit_log"))
	assert.Empty(t, h.sink.keys("trendmicro.visionone.oat_detection"))
	require.Eventually(t, func() bool {
		return h.logs.FilterMessage("Stream failed").FilterField(zap.String("stream", streamOAT)).Len() == 1
	}, time.Minute, 10*time.Millisecond)
	failed := h.logs.FilterMessage("Stream failed").FilterField(zap.String("stream", streamOAT)).All()[0]
	assert.Equal(t, "error", failed.Level.String())
	assert.Contains(t, failed.ContextMap()["hint"], "403")
}
