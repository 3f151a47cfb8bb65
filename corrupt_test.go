package trendmicrovisiononereceiver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// TestCorruptedCheckpointRecovers writes garbage over stored checkpoints
// between two runs of the receiver, through the storage extension as a
// broken disk or a bad edit would, and restarts it: the corruption is
// reported once per stream, the previous checkpoint kept beside it is used
// (or, with that one corrupted too, the initial lookback), and nothing is
// lost — what is read twice is the window between the two checkpoints.
func TestCorruptedCheckpointRecovers(t *testing.T) {
	tests := []struct {
		name string
		// keys are overwritten with garbage (internal/checkpoint's layout:
		// the current value and its ".prev" backup).
		keys func(stream string) []string
		// wantLog says which starting point the restart reports.
		wantLog string
	}{
		{"current value", func(s string) []string { return []string{"checkpoint/" + s} }, "using the previous checkpoint"},
		{"current value and backup", func(s string) []string { return []string{"checkpoint/" + s, "checkpoint/" + s + ".prev"} }, "starting from the initial lookback"},
	}
	for _, tt := range tests {
		for _, k := range streamKinds {
			t.Run(tt.name+"/"+k.stream, func(t *testing.T) {
				ctx := context.Background()
				h := newHarness(t, simulator.Options{Rates: map[simulator.Feed]float64{k.feed: 240}})
				onlyStream(h.cfg, k.stream)
				h.cfg.MaxWindow = 10 * time.Minute

				// Two cycles ten minutes apart: a checkpoint, and a backup
				// of the one before.
				streams, closeStorage := h.openStreams(h.sink)
				streams[k.stream].Cycle(ctx)
				backup, _ := streams[k.stream].Watermark()
				h.sim.Advance(10 * time.Minute)
				streams[k.stream].Cycle(ctx)
				closeStorage()
				first := h.sink.keys(k.event)
				require.NotEmpty(t, first)

				h.corrupt(t, tt.keys(k.stream)...)

				resumed := &recordSink{}
				again, closeAgain := h.openStreams(resumed)
				again[k.stream].Cycle(ctx)
				closeAgain()

				only := zap.String("stream", k.stream)
				reports := h.logs.FilterMessage("Checkpoint was corrupted; recovering").FilterField(only).All()
				if assert.Len(t, reports, 1, "the corruption is reported once") {
					assert.Equal(t, "error", reports[0].Level.String())
					assert.Contains(t, reports[0].ContextMap()["error"], tt.wantLog)
				}
				end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)
				all := append(first, resumed.keys(k.event)...)
				want := h.truth(k.feed, k.timeTarget, simStart.Add(-2*time.Hour), end, false)
				assert.Equal(t, sorted(want), sorted(dedupeKeys(all)), "nothing lost")
				wm, found := h.storedWatermark(k.stream)
				require.True(t, found, "a good checkpoint is written again")
				assert.Equal(t, end, wm)
				if tt.wantLog == "using the previous checkpoint" {
					again := h.truth(k.feed, k.timeTarget, backup, end, false)
					// The backup is the checkpoint before the last save: at most
					// the last window (newest first) or page (oldest first) is
					// read again.
					assert.Subset(t, again, resumed.keys(k.event), "only what followed the previous checkpoint is read again")
				}
			})
		}
	}
}

// corrupt overwrites stored values of the receiver's storage client with
// bytes that are not a checkpoint. Call it while no other client is open.
func (h *harness) corrupt(t *testing.T, keys ...string) {
	t.Helper()
	ctx := context.Background()
	ext := h.host.GetExtensions()[h.storage].(storage.Extension)
	c, err := ext.GetClient(ctx, component.KindReceiver, receiverID, "")
	require.NoError(t, err)
	for _, key := range keys {
		old, err := c.Get(ctx, key)
		require.NoError(t, err)
		require.NotNil(t, old, "%s holds a value to corrupt", key)
		require.NoError(t, c.Set(ctx, key, []byte("\x00{\"v\":1,\"watermark\":")))
	}
	require.NoError(t, c.Close(ctx))
}
