package trendmicrovisiononereceiver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// TestOCSFRecordsMatchTheSchema reads every stream from the simulator with
// schema: ocsf, in the documented and the real-world shapes, and holds every
// record's body to the OCSF 1.8.0 schema: the mappings meet every variant
// the simulator serves (each search source's event ids, each task action,
// each audit category), not only the sample pages' (internal/feeds).
func TestOCSFRecordsMatchTheSchema(t *testing.T) {
	for _, quirks := range []bool{false, true} {
		t.Run(map[bool]string{false: "documented shapes", true: "real-world shapes"}[quirks], func(t *testing.T) {
			// As in the ground-truth test: items change within the run, often
			// enough for every updates stream to read later states.
			opts := simulator.Options{Quirks: quirks, ChangeRanges: map[simulator.Feed]simulator.ChangeRange{}, Rates: map[simulator.Feed]float64{}}
			for feed := range simulator.DefaultChangeRanges() {
				opts.ChangeRanges[feed] = simulator.ChangeRange{Min: time.Minute, Max: 15 * time.Minute}
				opts.Rates[feed] = max(simulator.DefaultRates()[feed], 60)
			}
			h := newHarness(t, opts)
			h.cfg.Schema = SchemaOCSF
			// Defects by event name, the first few of each with the record's uid.
			defects := map[string][]string{}
			h.sink.inspect = func(ld plog.Logs) {
				for _, rl := range ld.ResourceLogs().All() {
					for _, sl := range rl.ScopeLogs().All() {
						for _, lr := range sl.LogRecords().All() {
							ev, _ := lr.Attributes().Get("event.name")
							uid, _ := lr.Attributes().Get("log.record.uid")
							for _, err := range ocsf.Validate(lr.Body().Map().AsRaw()) {
								if d := defects[ev.Str()]; len(d) < 20 {
									defects[ev.Str()] = append(d, fmt.Sprintf("%s: %v", uid.Str(), err))
								}
							}
						}
					}
				}
			}
			r := h.startEveryStream()
			caughtUp := func() bool { return h.caughtUp(r.streams) }
			require.Eventually(t, caughtUp, 2*time.Minute, 10*time.Millisecond, "streams did not catch up")
			for range 10 {
				h.sim.Advance(time.Minute)
				require.Eventually(t, caughtUp, 2*time.Minute, 10*time.Millisecond, "streams did not catch up")
			}

			for name, f := range feedOf {
				assert.NotEmpty(t, h.sink.keys(f.Event), "%s: no records", name)
			}
			for name, f := range updatesOf {
				assert.NotEmpty(t, h.sink.keys(f.Event+".update"), "%s: no records", name)
			}
			h.sink.mu.Lock()
			defer h.sink.mu.Unlock()
			for event, d := range defects {
				t.Errorf("%s: %d+ events off the schema:\n%s", event, len(d), strings.Join(d, "\n"))
			}
		})
	}
}
