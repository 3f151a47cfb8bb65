package trendmicrovisiononereceiver

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// TestWorkbenchUpdatesEmitEachChangeOnce moves the clock minute by minute
// for six hours while alerts change, and checks the updates stream: every
// change it could see is emitted once, marked as an update, and an alert's
// initial state (which workbench_alerts delivers) never is.
func TestWorkbenchUpdatesEmitEachChangeOnce(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{History: 4 * 24 * time.Hour, Rates: map[simulator.Feed]float64{simulator.Workbench: 30}})
	onlyStream(h.cfg, streamWorkbench)
	h.cfg.feed("workbench").Updates = true
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	for range 6 * 60 {
		for _, name := range []string{streamWorkbench, streamWorkbenchUpdates} {
			streams[name].Cycle(ctx)
		}
		h.sim.Advance(time.Minute)
	}
	end, _ := streams[streamWorkbenchUpdates].Watermark()

	// Every version of every alert the simulator holds, by alert.
	versions := map[string][]time.Time{}
	for _, key := range h.truth(simulator.Workbench, "updatedDateTime", simStart.Add(-4*24*time.Hour), end, true) {
		id, at, ok := strings.Cut(key, "@")
		require.True(t, ok, key)
		ts, err := time.Parse(time.RFC3339, at)
		require.NoError(t, err)
		versions[id] = append(versions[id], ts)
	}
	changes := map[string]bool{} // non-initial versions
	var visible []string         // changes the stream had time to read
	for id, vs := range versions {
		sort.Slice(vs, func(i, j int) bool { return vs[i].Before(vs[j]) })
		for i, v := range vs[1:] {
			key := id + "@" + v.Format(time.RFC3339)
			changes[key] = true
			// Read once its window closes (ingestion_delay later, on a
			// one-minute clock); a version replaced before that is never
			// returned by the API.
			readBy := v.Add(h.cfg.IngestionDelay + 2*time.Minute)
			if !v.Before(simStart) && readBy.Before(end) && (i+2 == len(vs) || vs[i+2].After(readBy)) {
				visible = append(visible, key)
			}
		}
	}

	got := h.sink.keys("trendmicro.visionone.workbench_alert.update")
	require.NotEmpty(t, visible, "alerts changed while the stream ran")
	assert.Empty(t, duplicateKeys(got), "each change once")
	for _, key := range got {
		assert.True(t, changes[key], "%s is a change, not an initial state", key)
	}
	assert.Subset(t, got, visible, "every change there was time to read was emitted")
	firstRun := simStart.Add(-h.cfg.IngestionDelay)
	for _, key := range got {
		_, at, _ := strings.Cut(key, "@")
		ts, _ := time.Parse(time.RFC3339, at)
		assert.False(t, ts.Before(firstRun), "%s: changes from before updates mode began are in the state workbench_alerts delivered", key)
	}
	t.Logf("%d changes emitted, %d visible, %d versions in all", len(got), len(visible), len(changes))
}

// Together workbench_alerts and its updates deliver every state the API
// showed when read, each once, also when alerts change sooner after
// creation than a minute and the ingestion delay is short (the updates
// stream once took any version within max(ingestion_delay, 1m) of creation
// for the initial state, and at a 5 s delay lost the final state of most
// alerts changed 35–55 s after creation), and when ingestion_delay is raised
// between runs for alerts already read.
func TestWorkbenchStatesDeliveredOnceByTheTwoStreams(t *testing.T) {
	for _, raised := range []time.Duration{0, 2 * time.Minute} {
		t.Run(fmt.Sprintf("delay raised by %s on restart", raised), func(t *testing.T) {
			ctx := context.Background()
			h := newHarness(t, simulator.Options{
				Rates:          map[simulator.Feed]float64{simulator.Workbench: 300},
				AlertChangeMin: 35 * time.Second, AlertChangeMax: 55 * time.Second,
			})
			onlyStream(h.cfg, streamWorkbench)
			h.cfg.feed("workbench").Updates = true
			h.cfg.IngestionDelay = 5 * time.Second
			sink := &stateSink{}
			// The updates stream cycles first: it must not read states of
			// alerts workbench_alerts has not read yet. The run ends with
			// a minute in which only workbench_alerts reads: what it
			// delivered must still be known to the updates stream after
			// the restart.
			run := func(d time.Duration) {
				streams, closeStorage := h.openStreams(sink)
				defer closeStorage()
				for i := range int(d / (10 * time.Second)) {
					if i < int((d-time.Minute)/(10*time.Second)) {
						streams[streamWorkbenchUpdates].Cycle(ctx)
					}
					streams[streamWorkbench].Cycle(ctx)
					h.sim.Advance(10 * time.Second)
				}
			}
			run(10 * time.Minute)
			h.cfg.IngestionDelay += raised // a restart with a longer delay
			run(12 * time.Minute)

			// Every alert's final state (its changes are over within a
			// minute), for the alerts whose final state had time to be read.
			cutoff := h.sim.Now().Add(-h.cfg.IngestionDelay - 2*time.Minute)
			final := map[string]string{}
			for _, v := range h.truth(simulator.Workbench, "createdDateTime", simStart.Add(-2*time.Hour), cutoff, true) {
				id, _, _ := strings.Cut(v, "@")
				final[id] = max(final[id], v) // the same layout throughout: the latest sorts last
			}
			require.Greater(t, len(final), 100)
			delivered := map[string]int{}
			for _, s := range sink.states() {
				delivered[s]++
			}
			lost := 0
			for id, v := range final {
				if delivered[v] == 0 {
					lost++
					t.Logf("%s: final state %s never delivered", id, v)
				}
			}
			assert.Zero(t, lost, "final states delivered by neither stream, of %d alerts", len(final))
			for s, n := range delivered {
				assert.Equal(t, 1, n, "%s delivered %d times", s, n)
			}
			assert.Positive(t, len(sink.updates), "some states were updates")
		})
	}
}

// stateSink keeps the state (id@updatedDateTime) of every workbench record,
// from either stream.
type stateSink struct {
	mu      sync.Mutex
	all     []string
	updates []string
}

func (s *stateSink) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func (s *stateSink) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				body := lr.Body().Map()
				id, _ := body.Get("id")
				updated, _ := body.Get("updatedDateTime")
				at, err := time.Parse(time.RFC3339, updated.Str())
				if err != nil {
					return err
				}
				state := id.Str() + "@" + at.UTC().Format(time.RFC3339)
				s.all = append(s.all, state)
				if up, ok := lr.Attributes().Get("trendmicro.visionone.alert.update"); ok && up.Bool() {
					s.updates = append(s.updates, state)
				}
			}
		}
	}
	return nil
}

func (s *stateSink) states() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.all...)
}
