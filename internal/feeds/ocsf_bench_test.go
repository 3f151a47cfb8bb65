package feeds

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// BenchmarkOCSF translates each list stream's sample pages in the raw and the
// OCSF mode, in turn within one benchmark so both see the same machine:
// ocsf_ns/record and raw_ns/record are each mode's time, x_raw OCSF's over
// raw's (the target is at most 1.5); ocsf_allocs/record and
// raw_allocs/record each mode's allocations, which a loaded machine does
// not blur.
//
//	go test ./internal/feeds -run '^$' -bench BenchmarkOCSF
func BenchmarkOCSF(b *testing.B) {
	for _, f := range Streams() {
		if f.Packages {
			continue // a pipeline's lines are a list stream's items
		}
		b.Run(f.Stream, func(b *testing.B) {
			_, pages := samplePages(b, f)
			var items [][]byte
			for _, p := range pages {
				for _, it := range pageItems(b, p) {
					items = append(items, it)
				}
			}
			raw, err := translate.New(translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name})
			require.NoError(b, err)
			ocsf, err := translate.New(translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name, OCSF: true})
			require.NoError(b, err)
			run := func(tr *translate.Translator) time.Duration {
				start := time.Now()
				records := plog.NewLogRecordSlice()
				records.EnsureCapacity(len(items))
				for _, it := range items {
					if _, err := tr.Translate(it, observedAt, records.AppendEmpty()); err != nil {
						b.Fatal(err)
					}
				}
				return time.Since(start)
			}
			var rawTime, ocsfTime time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				rawTime += run(raw)
				ocsfTime += run(ocsf)
			}
			n := float64(b.N) * float64(len(items))
			b.ReportMetric(float64(ocsfTime.Nanoseconds())/n, "ocsf_ns/record")
			b.ReportMetric(float64(rawTime.Nanoseconds())/n, "raw_ns/record")
			b.ReportMetric(float64(ocsfTime)/float64(rawTime), "x_raw")
			// Allocations are what a loaded machine does not blur: each
			// mode's per record, counted over one more run of each.
			per := float64(len(items))
			b.ReportMetric(testing.AllocsPerRun(1, func() { run(ocsf) })/per, "ocsf_allocs/record")
			b.ReportMetric(testing.AllocsPerRun(1, func() { run(raw) })/per, "raw_allocs/record")
		})
	}
}
