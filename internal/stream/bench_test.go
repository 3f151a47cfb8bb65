package stream

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// BenchmarkPinnedWindowKeys measures the memory of the keys a pinned window
// keeps at its bound (maxWindowRecords uuids, as OAT and search deliver
// them), the key strings included: the figure the README's memory
// statement quotes.
func BenchmarkPinnedWindowKeys(b *testing.B) {
	keys := make([]translate.Meta, maxWindowRecords)
	for i := range keys {
		keys[i] = translate.Meta{Key: fmt.Sprintf("%08x-1b2c-4d5e-8f90-%012x", i, i), Cursor: t0.Add(time.Duration(i) * time.Millisecond)}
	}
	var perKey float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		p := newProgress(checkpoint.Checkpoint{Watermark: t0})
		ps := p.newPass()
		for _, m := range keys {
			m.Key = strings.Clone(m.Key) // as each page's translation allocates it
			ps.delivered(m)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perKey = float64(after.HeapAlloc-before.HeapAlloc) / float64(len(keys))
		runtime.KeepAlive(p)
	}
	b.ReportMetric(perKey, "B/key")
	b.ReportMetric(perKey*float64(maxWindowRecords)/(1<<20), "MiB/window")
}

// BenchmarkPackage streams one data pipeline package of OAT lines through a
// stream, for packages of growing size: records/s, compressed bytes per
// record, and the peak live heap while it is read (sampled at every batch
// the pipeline is handed), which must not grow with the package.
func BenchmarkPackage(b *testing.B) {
	for _, lines := range []int{10_000, 100_000, 400_000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			body := benchPackage(b, lines)
			tr, err := translate.New(translate.Options{Kind: translate.OATDetection, EventName: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			// The live heap at each batch (after a GC, so garbage is not
			// counted), less the package body this benchmark holds as its
			// "download": what reading the package keeps.
			var peak uint64
			sk := &sink{refuse: func(int) error {
				b.StopTimer() // the sampling's GC is not the package's time
				var m runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc-uint64(len(body)))
				b.StartTimer()
				return nil
			}}
			s := New(Spec{Name: "bench", Translator: tr, Contents: &Contents{
				Open: func(context.Context, []byte, translate.Meta) (io.ReadCloser, error) {
					return io.NopCloser(bytes.NewReader(body)), nil
				},
				Lines: tr,
			}}, Settings{Consumer: discardConsumer{sk}, Now: func() time.Time { return t0 }})
			runtime.GC()
			b.ResetTimer()
			for b.Loop() {
				if err := s.deliverPackage(context.Background(), nil, translate.Meta{Key: "p"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(len(body))/float64(lines), "gzip-B/record")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// discardConsumer asks its sink (for the peak heap) and keeps nothing.
type discardConsumer struct{ s *sink }

func (d discardConsumer) ConsumeLogs(_ context.Context, _ plog.Logs) error { return d.s.refuse(0) }
func (d discardConsumer) Capabilities() consumer.Capabilities              { return consumer.Capabilities{} }

// benchPackage is a gzip package of OAT lines shaped like the simulator's
// (a detail of a dozen fields).
func benchPackage(b *testing.B, lines int) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for n := range lines {
		fmt.Fprintf(zw, `{"uuid":"%08x-5f3a-4e2b-9c1d-%012x","detectedDateTime":"2026-11-22T11:%02d:%02dZ",`+
			`"ingestedDateTime":"2026-11-22T11:%02d:%02dZ","source":"endpointActivityData","entityType":"endpoint",`+
			`"entityName":"host-%d (10.0.%d.%d)","filters":[{"id":"F%04d","name":"Suspicious PowerShell","riskLevel":"medium",`+
			`"mitreTacticIds":["TA0002"],"mitreTechniqueIds":["T1059.001"]}],"endpoint":{"endpointName":"host-%d","agentGuid":"%08x-aaaa-bbbb-cccc-%012x"},`+
			`"detail":{"eventId":"1","processCmd":"powershell.exe -enc %x","processFilePath":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",`+
			`"objectFilePath":"C:\\Users\\u%d\\AppData\\Local\\Temp\\x%d.ps1","logonUser":["u%d"]}}`+"\n",
			n, n, n/60%60, n%60, n/60%60, n%60, n%500, n%250, n%200, n%3000, n%500, n%500, n%500, n, n%500, n, n%500)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return bytes.Clone(buf.Bytes()) // its own size: the buffer's spare capacity is not counted
}
