package trendmicrovisiononereceiver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// feedTruth is where a stream's ground truth is: its simulator feed, the
// time field it windows on, and its records' event name.
type feedTruth struct {
	Feed   simulator.Feed
	Target string
	Event  string
}

// feedOf maps every stream of the registry but the updates streams to its
// ground truth, and updatesOf the updates streams, whose truth is the
// versions of their items.
var feedOf, updatesOf = func() (feedsOut, updatesOut map[string]feedTruth) {
	feedsOut, updatesOut = map[string]feedTruth{}, map[string]feedTruth{}
	truthOf := func(f *feeds.Feed) feedTruth { return feedTruth{simulator.Feed(f.SimulatorFeed()), f.Window, f.Event} }
	for _, sec := range feeds.Registry {
		if sec.Pipeline != nil {
			continue // pipelines_test.go
		}
		for i := range sec.Feeds {
			feedsOut[sec.Feeds[i].Stream] = truthOf(&sec.Feeds[i])
		}
		if sec.Updates != nil {
			updatesOut[sec.Updates.Stream] = truthOf(sec.Updates)
		}
	}
	return feedsOut, updatesOut
}()

// enableEverything turns on every section, every member of a group and
// every updates stream; not the data pipelines, whose ground truth is the
// packages' (pipelines_test.go).
func enableEverything(cfg *Config) {
	for _, sec := range feeds.Registry {
		if sec.Pipeline != nil {
			continue
		}
		fc := cfg.feed(sec.Key)
		fc.Enabled = true
		fc.Updates = sec.Updates != nil
		if sec.Members != "" {
			fc.Members = map[string]MemberConfig{}
			for _, name := range sec.MemberNames() {
				fc.Members[name] = MemberConfig{Filter: sec.Filter.Default}
			}
		}
	}
}

// startEveryStream starts a receiver reading every stream, polling fast
// (the simulated clock moves only when the test moves it); it is shut down
// when the test ends.
func (h *harness) startEveryStream() *visionOneReceiver {
	h.t.Helper()
	enableEverything(h.cfg)
	for _, c := range h.cfg.Feeds {
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
// doubled. Each stream has its own checkpoint in the storage extension. The
// items come as the OpenAPI document describes them, and in the shapes
// other integrations have met (the simulator's quirks: scalars where arrays
// are documented, values outside enums, numbers as text).
func TestEveryStreamMatchesGroundTruth(t *testing.T) {
	for _, quirks := range []bool{false, true} {
		t.Run(map[bool]string{false: "documented shapes", true: "real-world shapes"}[quirks], func(t *testing.T) {
			everyStreamMatchesGroundTruth(t, quirks)
		})
	}
}

func everyStreamMatchesGroundTruth(t *testing.T, quirks bool) {
	// Items of every feed with an updates stream change within the run, and
	// often enough, for each updates stream to have later states to read.
	opts := simulator.Options{Quirks: quirks, ChangeRanges: map[simulator.Feed]simulator.ChangeRange{}, Rates: map[simulator.Feed]float64{}}
	for feed := range simulator.DefaultChangeRanges() {
		opts.ChangeRanges[feed] = simulator.ChangeRange{Min: time.Minute, Max: 15 * time.Minute}
		opts.Rates[feed] = max(simulator.DefaultRates()[feed], 60)
	}
	h := newHarness(t, opts)
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
	require.Len(t, r.streams, len(feedOf)+len(updatesOf), "every feed, plus the updates streams")
	end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)

	for name, f := range feedOf {
		t.Run(name, func(t *testing.T) {
			want := h.truth(f.Feed, f.Target, start, end, false)
			got := h.sink.keys(f.Event)
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

	for name, f := range updatesOf {
		t.Run(name, func(t *testing.T) {
			got := h.sink.keys(f.Event + ".update")
			require.NotEmpty(t, got, "items changed while the receiver ran")
			assert.Empty(t, duplicateKeys(got), "each change once")
			versions := h.truth(f.Feed, f.Target, start, end, true)
			assert.Subset(t, versions, got, "every update is a real version")
		})
	}
}

// Streams fail independently: a key without the OAT role gets 403 on OAT,
// logged loudly once, while the other streams keep delivering.
func TestOneStreamFailingDoesNotStallOthers(t *testing.T) {
	limited := simulator.MakeKey("no-oat", simStart.Add(365*24*time.Hour))
	h := newHarness(t, simulator.Options{Keys: []simulator.APIKey{{
		Name: "no-oat", Key: limited, Roles: []simulator.Role{simulator.RoleWorkbench, simulator.RoleAudit},
	}}})
	h.cfg.Token = configopaque.String(limited)
	h.cfg.feed("oat").CollectionInterval = 10 * time.Millisecond
	h.cfg.feed("audit").CollectionInterval = 10 * time.Millisecond
	h.cfg.feed("workbench").CollectionInterval = 10 * time.Millisecond
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
