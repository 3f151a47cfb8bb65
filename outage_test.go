package trendmicrovisiononereceiver

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// TestPipelineOutage runs the receiver with every stream while the pipeline
// refuses every page for half an hour of simulated time — a downstream
// outage seen from the receiver — then accepts again. Over the outage no
// checkpoint moves and nothing is counted as delivered; each stream logs the
// episode once when it starts and once when it recovers; afterwards every
// stream holds exactly its ground truth. A permanent refusal is retried the
// same way, never dropped (README, Streams, windows and delivery).
func TestPipelineOutage(t *testing.T) {
	for _, tt := range []struct {
		name  string
		err   error
		level string
	}{
		{"transient", errors.New("sending queue is full"), "warn"},
		{"permanent", consumererror.NewPermanent(errors.New("exporter rejects the data")), "error"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			h := newHarness(t, simulator.Options{})
			enableEverything(h.cfg)
			for _, c := range h.cfg.Feeds {
				c.CollectionInterval = 10 * time.Millisecond
			}
			var down atomic.Bool
			var refused atomic.Int64
			down.Store(true)
			h.sink.refuse = func(int, plog.Logs) error {
				if down.Load() {
					refused.Add(1)
					return tt.err
				}
				return nil
			}
			r := h.newReceiver()
			require.NoError(t, r.Start(ctx, h.host))
			defer func() { require.NoError(t, r.Shutdown(ctx)) }()

			require.Eventually(t, func() bool {
				for _, s := range r.streams {
					if _, ok := s.Watermark(); !ok {
						return false
					}
				}
				return true
			}, time.Minute, time.Millisecond, "every stream loaded its checkpoint")
			before := map[string]time.Time{}
			for _, s := range r.streams {
				before[s.Name()], _ = s.Watermark()
			}
			for range 10 {
				h.sim.Advance(3 * time.Minute)
				n := refused.Load()
				require.Eventually(t, func() bool { return refused.Load() > n+int64(len(r.streams)) }, time.Minute, time.Millisecond,
					"the streams keep offering pages to the refusing pipeline")
			}
			// A checkpoint may pass empty windows, never a record: nothing
			// lies between where it was and where it is.
			for _, s := range r.streams {
				f, ok := feedOf[s.Name()]
				if !ok {
					continue // workbench updates: versions, compared below by the alerts
				}
				wm, _ := s.Watermark()
				skipped := h.truth(f.Feed, f.Target, before[s.Name()], wm, false)
				assert.Empty(t, skipped, "%s: the checkpoint moved from %s to %s, past records the pipeline refused", s.Name(), before[s.Name()], wm)
			}
			assert.Zero(t, h.sink.total(), "nothing delivered while the pipeline refused")
			assert.Zero(t, h.counter("trendmicro_visionone_receiver_records", attribute.String("outcome", "accepted")))
			t.Logf("%d pages refused over 30 simulated minutes", refused.Load())

			down.Store(false)
			require.Eventually(t, func() bool { return h.caughtUp(r.streams) }, 2*time.Minute, 10*time.Millisecond)
			end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)
			for name, f := range feedOf {
				want := h.truth(f.Feed, f.Target, simStart.Add(-2*time.Hour), end, false)
				got := h.sink.keys(f.Event)
				assert.Empty(t, duplicateKeys(got), "%s: nothing doubled", name)
				assert.Equal(t, sorted(want), sorted(got), "%s: exactly the ground truth", name)
			}
			for name := range feedOf {
				only := zap.String("stream", name)
				failed := h.logs.FilterMessage("Stream failed").FilterField(only).All()
				if assert.Len(t, failed, 1, "%s: the outage is logged once", name) {
					assert.Equal(t, tt.level, failed[0].Level.String(), name)
				}
				assert.Equal(t, 1, h.logs.FilterMessage("Stream recovered").FilterField(only).Len(), "%s: and its end once", name)
			}
		})
	}
}
