package trendmicrovisiononereceiver

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	h.cfg.Workbench.Updates = true
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
