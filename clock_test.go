package trendmicrovisiononereceiver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// A collector clock running two hours ahead of the API's, then corrected
// (NTP): windows follow the API's clock (its Date header), so no checkpoint
// moves into the future, and every stream delivers exactly its ground truth
// across the skew and the correction. The skew is logged once as an error
// and shown by the clock_offset gauge.
func TestClockAheadThenCorrected(t *testing.T) {
	h := newHarness(t, simulator.Options{})
	r := h.startEveryStream()
	caughtUp := func() {
		// The API's time goes on while the streams catch up, a second each
		// 100 polls: an answer dated before an Advance but read after it
		// holds the receiver's view of the API's time back until the next
		// answer, and a stream caught up by that view asks for nothing until
		// it moves, which a collector's clock does by itself and the
		// simulator's only when moved (it stalled one run in ten).
		polls := 0
		require.Eventually(t, func() bool {
			if polls++; polls%100 == 0 {
				h.sim.Advance(time.Second)
			}
			return h.caughtUp(r.streams)
		}, time.Minute, 10*time.Millisecond, "streams did not catch up with the API's clock")
	}
	live := func(minutes int) {
		for range minutes {
			h.sim.Advance(time.Minute)
			caughtUp()
		}
	}
	start := simStart.Add(-2 * time.Hour)

	caughtUp()
	h.skew.add(2 * time.Hour) // the collector's clock jumps ahead
	live(20)
	offset := gauge[float64](t, h, "trendmicro_visionone_receiver_clock_offset")
	assert.InDelta(t, -7200, offset[""], 2, "the offset, from the Date header")
	for _, s := range r.streams {
		wm, _ := s.Watermark()
		assert.False(t, wm.After(h.sim.Now()), "%s: checkpoint %s ahead of the API's clock", s.Name(), wm)
	}

	h.skew.add(-2 * time.Hour) // NTP corrects the clock
	live(10)
	end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)
	for name, f := range feedOf {
		t.Run(name, func(t *testing.T) {
			want := h.truth(f.Feed, f.Target, start, end, false)
			got := h.sink.keys(f.Event)
			require.NotEmpty(t, want)
			assert.Empty(t, duplicateKeys(got), "nothing doubled")
			assert.Equal(t, sorted(want), sorted(got), "exactly the ground truth")
		})
	}
	assert.Equal(t, 1, h.logs.FilterMessageSnippet("clock is ahead of the Vision One API's").Len(), "the skew logged once")
	assert.Equal(t, 1, h.logs.FilterMessageSnippet("clock agrees with the Vision One API's again").Len())
}

// A checkpoint ahead of the API's clock (written by a collector whose clock
// ran ahead, with no Date to correct it) is reported once, counted, and
// moved back to the initial lookback, so nothing the API still serves is
// skipped.
func TestCheckpointAheadIsRewound(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{})
	onlyStream(h.cfg, streamAudit)
	// Written as a fast clock would have, before the receiver starts.
	h.storeCheckpoint(streamAudit, checkpoint.Checkpoint{Watermark: h.sim.Now().Add(2 * time.Hour).Truncate(time.Second)})
	streams, closeStorage := h.openStreams(nil)
	s := streams[streamAudit]
	for range 3 {
		s.Cycle(ctx)
	}
	closeStorage()
	end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)
	want := h.truth(simulator.Audit, "ingestedDateTime", simStart.Add(-h.cfg.feed("audit").InitialLookback), end, false)
	require.NotEmpty(t, want)
	assert.Equal(t, sorted(want), sorted(h.sink.keys("trendmicro.visionone.audit_log")), "nothing skipped")
	assert.Equal(t, 1, h.logs.FilterMessageSnippet("Checkpoint is ahead of the Vision One API's clock").Len())
	assert.EqualValues(t, 1, h.counter("trendmicro_visionone_receiver_checkpoint_rewinds", attribute.String("stream", streamAudit)))
}
