package feeds

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// BenchmarkOCSF translates each list stream's sample pages in the raw and
// the OCSF mode, in turn within one benchmark so all see the same machine,
// each mode for passes over the items after a collection of its own.
// ocsf_ns/record and raw_ns/record are each mode's time with a map body,
// x_raw OCSF's over raw's (the target is at most 1.5); the json ones are
// the same with body_format json. floor_x_raw is what an OCSF translation would
// cost, over raw's, if mapping cost nothing but building its record: a raw
// translation less a copy of its record, plus a copy of the OCSF record (a
// copy makes each value and object once, at its final size); an OCSF event
// holds two to three times the values of its item, and pdata allocates
// each (a JSON body's event is written from an evTree, not pdata).
// ocsf_allocs/record and raw_allocs/record are each mode's allocations,
// which a loaded machine does not blur, and the json ones the same with
// body_format json.
//
//	go test ./internal/feeds -run '^$' -bench BenchmarkOCSF -benchtime 30x
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
			translator := func(ocsf, json bool) *translate.Translator {
				tr, err := translate.New(translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name, OCSF: ocsf, BodyAsJSON: json})
				require.NoError(b, err)
				return tr
			}
			translateAll := func(tr *translate.Translator) func() {
				return func() {
					records := plog.NewLogRecordSlice()
					records.EnsureCapacity(len(items))
					for _, it := range items {
						if _, err := tr.Translate(it, observedAt, records.AppendEmpty()); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
			copyAll := func(tr *translate.Translator) func() {
				done := plog.NewLogRecordSlice()
				for _, it := range items {
					_, err := tr.Translate(it, observedAt, done.AppendEmpty())
					require.NoError(b, err)
				}
				return func() {
					records := plog.NewLogRecordSlice()
					records.EnsureCapacity(done.Len())
					for i := range done.Len() {
						done.At(i).CopyTo(records.AppendEmpty())
					}
				}
			}
			raw, ocsf := translator(false, false), translator(true, false)
			const passes = 20 // over the items per mode and iteration
			const (
				rawMap = iota
				ocsfMap
				rawJSON
				ocsfJSON
				rawCopy
				ocsfCopy
			)
			runs := [...]func(){
				rawMap:   translateAll(raw),
				ocsfMap:  translateAll(ocsf),
				rawJSON:  translateAll(translator(false, true)),
				ocsfJSON: translateAll(translator(true, true)),
				rawCopy:  copyAll(raw),
				ocsfCopy: copyAll(ocsf),
			}
			var took [len(runs)]time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i, run := range runs {
					// Each mode's garbage is collected on its own time: a
					// collection set off by one mode's records but run
					// while another's translate would bill it the wrong
					// one (it billed raw for OCSF's).
					runtime.GC()
					start := time.Now()
					for range passes {
						run()
					}
					took[i] += time.Since(start)
				}
			}
			n := float64(b.N) * passes * float64(len(items))
			b.ReportMetric(float64(took[ocsfMap].Nanoseconds())/n, "ocsf_ns/record")
			b.ReportMetric(float64(took[rawMap].Nanoseconds())/n, "raw_ns/record")
			b.ReportMetric(float64(took[ocsfJSON].Nanoseconds())/n, "ocsf_json_ns/record")
			b.ReportMetric(float64(took[rawJSON].Nanoseconds())/n, "raw_json_ns/record")
			b.ReportMetric(float64(took[ocsfMap])/float64(took[rawMap]), "x_raw")
			b.ReportMetric(float64(took[ocsfJSON])/float64(took[rawJSON]), "x_raw_json")
			b.ReportMetric(float64(took[rawMap]-took[rawCopy]+took[ocsfCopy])/float64(took[rawMap]), "floor_x_raw")
			per := float64(len(items))
			b.ReportMetric(testing.AllocsPerRun(1, runs[ocsfMap])/per, "ocsf_allocs/record")
			b.ReportMetric(testing.AllocsPerRun(1, runs[rawMap])/per, "raw_allocs/record")
			b.ReportMetric(testing.AllocsPerRun(1, runs[ocsfJSON])/per, "ocsf_json_allocs/record")
			b.ReportMetric(testing.AllocsPerRun(1, runs[rawJSON])/per, "raw_json_allocs/record")
		})
	}
}
