package trendmicrovisiononereceiver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.uber.org/zap/zapcore"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// lateFeeds are the streams that reconcile late events, by stream name.
func lateFeeds() map[string]feedTruth {
	out := map[string]feedTruth{}
	for _, sec := range feeds.Registry {
		for i := range sec.Feeds {
			if f := &sec.Feeds[i]; f.LateEvents(&sec) {
				out[f.Stream] = feedOf[f.Stream]
			}
		}
	}
	return out
}

// TestLateEventsEveryEventTimeFeed: every feed windowed on the event's own
// time gets a tail of late records (a tenth visible up to 90 minutes after
// their time, far past the 3-minute ingestion delay), and the receiver runs
// live for three hours of the simulator's time, restarted half way through
// on the same storage, then a horizon more with no new arrivals: every
// stream delivers exactly the ground truth, nothing twice, and counts what
// it recovered.
func TestLateEventsEveryEventTimeFeed(t *testing.T) {
	late := lateFeeds()
	require.NotEmpty(t, late)
	opts := simulator.Options{LateTails: map[simulator.Feed]simulator.LateTail{}, Rates: map[simulator.Feed]float64{}}
	for _, f := range late {
		opts.LateTails[f.Feed] = simulator.LateTail{Fraction: 0.1, Max: 90 * time.Minute}
		opts.Rates[f.Feed] = max(simulator.DefaultRates()[f.Feed], 30)
	}
	h := newHarness(t, opts)
	enableEverything(h.cfg)
	for _, c := range h.cfg.Feeds {
		c.CollectionInterval = 10 * time.Millisecond
	}
	start := simStart.Add(-2 * time.Hour)

	run := func(steps int, step time.Duration) {
		r := h.newReceiver()
		require.NoError(t, r.Start(context.Background(), h.host))
		caughtUp := func() bool { return h.caughtUp(r.streams) }
		if !assert.Eventually(t, caughtUp, 30*time.Second, 10*time.Millisecond, "streams did not catch up") {
			for _, s := range r.streams {
				wm, _ := s.Watermark()
				t.Logf("%s at %s", s.Name(), wm)
			}
			for _, e := range h.logs.FilterLevelExact(zapcore.WarnLevel).All() {
				t.Logf("%s %v", e.Message, e.ContextMap())
			}
			t.FailNow()
		}
		for range steps {
			h.sim.Advance(step)
			require.Eventually(t, caughtUp, 2*time.Minute, 10*time.Millisecond, "streams did not catch up")
			// A re-check runs once a stream has caught up: wait until the
			// streams deliver nothing more (their re-checks done).
			settle(t, h)
		}
		require.NoError(t, r.Shutdown(context.Background()))
	}
	run(18, 5*time.Minute)
	run(18, 5*time.Minute) // restarted: reconciliation goes on from the stored keys
	// Arrivals stop; every late record becomes visible and is re-checked,
	// at the horizon (4 h) at the latest: the endpoints without a count are
	// re-read in bands, the last at the horizon.
	stop := h.sim.Now()
	h.sim.SetStopTime(stop)
	run(52, 5*time.Minute)

	end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)
	recovered := int64(0)
	for name, f := range late {
		t.Run(name, func(t *testing.T) {
			want := h.truth(f.Feed, f.Target, start, end, false)
			got := h.sink.keys(f.Event)
			require.NotEmpty(t, want)
			assert.Empty(t, duplicateKeys(got), "nothing twice")
			assert.Equal(t, sorted(want), sorted(got), "exactly the ground truth, late records included")
			recovered += h.counter("trendmicro_visionone_receiver_late_records",
				attribute.String("stream", name), attribute.String("outcome", "recovered"))
		})
	}
	assert.Positive(t, recovered, "late records were recovered and counted")
}

// settle waits until the sink has received nothing new for a while: the
// streams have done what the clock allows (bounded: a minute at most).
func settle(t *testing.T, h *harness) {
	t.Helper()
	last, quiet := -1, 0
	for range 600 {
		if n := h.sink.total(); n == last {
			if quiet++; quiet >= 5 {
				return
			}
		} else {
			last, quiet = n, 0
		}
		time.Sleep(20 * time.Millisecond)
	}
}
