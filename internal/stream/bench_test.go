package stream

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

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
