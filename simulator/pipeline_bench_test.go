package simulator

import (
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// BenchmarkPackage builds one five-minute package of about 10,000 lines
// (a rate of 120,000 records an hour) of OAT detections and of endpoint
// activities, counting the gzip bytes: MB/s of gzip output, µs a line.
func BenchmarkPackage(b *testing.B) {
	for _, kind := range []gen.Kind{OAT, EndpointActivities} {
		b.Run(string(kind), func(b *testing.B) {
			sim, err := New(Options{Seed: 1, History: 20 * time.Minute, Clock: ManualClock(t0), Rates: map[Feed]float64{kind: 120000}})
			if err != nil {
				b.Fatal(err)
			}
			c := sim.packageClock()
			k := floorDiv(t0.Add(-6*time.Minute).UnixMilli(), c.interval)
			pc := packageContent{sources: []gen.Kind{kind}, from: k * c.interval, to: (k + 1) * c.interval,
				risk: riskLevelValues, oat: kind == OAT, hasDetail: true, asOf: t0.UnixMilli()}
			lines := 0
			_ = sim.eachLine(pc, func(view, int32, map[string]any) error { lines++; return nil })
			cw := &spillWriter{count: true}
			b.ResetTimer()
			for range b.N {
				cw.n = 0
				if err := sim.writePackage(cw, pc); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(cw.n)
			b.ReportMetric(float64(lines), "lines")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*lines), "µs/line")
		})
	}
}
