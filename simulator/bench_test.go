package simulator

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// discardWriter is a ResponseWriter that counts bytes, so the benchmark
// measures the simulator rather than a client.
type discardWriter struct {
	header http.Header
	n      int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(int)     {}
func (w *discardWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	return len(b), nil
}

// BenchmarkSearchPage5000 serves 5000-record search pages (the largest
// `top`) from a simulator holding a busy hour; MB/s is the serving rate.
//
//	go test -run x -bench SearchPage -cpu 1 ./simulator/
func BenchmarkSearchPage5000(b *testing.B) {
	sim, err := New(Options{
		Seed: 1, History: time.Hour, Clock: ManualClock(t0), RateLimit: -1,
		Rates: map[gen.Kind]float64{gen.EndpointActivities: 20000},
	})
	if err != nil {
		b.Fatal(err)
	}
	h := sim.Handler()
	req := httptest.NewRequest(http.MethodGet, "/v3.0/search/endpointActivities?top=5000&startDateTime="+fmtTime(t0.Add(-time.Hour)), nil)
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	req.Header.Set("TMV1-Query", "*")
	serve := func() int {
		w := &discardWriter{header: http.Header{}}
		h.ServeHTTP(w, req)
		return w.n
	}
	b.SetBytes(int64(serve())) // also fills the chain's match cache, as a first page does
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		serve()
	}
}

// BenchmarkStoreMemory materialises about a million records across all
// feeds and reports the heap they take per record.
//
//	go test -run x -bench StoreMemory -benchtime 1x ./simulator/
func BenchmarkStoreMemory(b *testing.B) {
	rates := map[gen.Kind]float64{}
	for _, k := range gen.Kinds() {
		rates[k] = 1_000_000.0 / float64(len(gen.Kinds())) / 24 // per hour, over one day of history
	}
	for b.Loop() {
		before := heapInUse()
		sim, err := New(Options{Seed: 1, History: 24 * time.Hour, Clock: ManualClock(t0), Rates: rates})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, fs := range sim.stores {
			n += len(fs.snapshot(t0))
		}
		after := heapInUse()
		b.ReportMetric(float64(after-before)/float64(n), "B/record")
		b.ReportMetric(float64(n), "records")
		runtime.KeepAlive(sim)
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
