package translate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// benchPage is a full API page: the largest page each feed serves.
type benchPage struct {
	name  string
	opts  Options
	items [][]byte
}

func benchPages(b *testing.B) []benchPage {
	return []benchPage{
		{"workbench_10", Options{Kind: WorkbenchAlert}, readItems(b, "workbench_alerts_first_page.json")},
		{"oat_200", Options{Kind: OATDetection}, withDistinctUUIDs(b, 200, readItems(b, "oat_detections_page.json", "oat_detections_page_last.json"))},
		{"audit_200", Options{Kind: AuditLog}, withDistinctLoggedTimes(b, 200, readItems(b, "audit_logs_page.json"))},
		{"search_detections_5000", Options{Kind: Search, Source: "detections"}, withDistinctUUIDs(b, 5000, readItems(b, "search_detections_page.json"))},
	}
}

// withDistinctUUIDs repeats samples up to n items, each with a uuid of its own
// (every occurrence replaced, so OAT detail.uuid follows).
func withDistinctUUIDs(b *testing.B, n int, samples [][]byte) [][]byte {
	items := make([][]byte, n)
	for i := range items {
		s := samples[i%len(samples)]
		var id struct{ UUID string }
		require.NoError(b, json.Unmarshal(s, &id))
		fresh := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		items[i] = bytes.ReplaceAll(s, []byte(id.UUID), []byte(fresh))
	}
	return items
}

// withDistinctLoggedTimes repeats audit samples up to n items, each logged a
// second after the previous one, so that every content key differs.
func withDistinctLoggedTimes(b *testing.B, n int, samples [][]byte) [][]byte {
	start := time.Date(2024, 5, 14, 7, 0, 0, 0, time.UTC)
	items := make([][]byte, n)
	for i := range items {
		s := samples[i%len(samples)]
		var e struct{ LoggedDateTime string }
		require.NoError(b, json.Unmarshal(s, &e))
		fresh := start.Add(time.Duration(i) * time.Second).Format(time.RFC3339)
		items[i] = bytes.Replace(s, []byte(e.LoggedDateTime), []byte(fresh), 1)
	}
	return items
}

// BenchmarkTranslate measures decode+translate of a full page per feed and,
// beside it, a bare json.Unmarshal into any of the same bytes (the decode
// ceiling). x_unmarshal_any is translate throughput over the bare decode's:
// the receiver needs at least 0.5.
//
//	go test ./internal/translate -run '^$' -bench BenchmarkTranslate -benchtime 2s
func BenchmarkTranslate(b *testing.B) {
	for _, page := range benchPages(b) {
		tr, err := New(named(page.opts))
		require.NoError(b, err)
		translatePage := func() {
			logs := plog.NewLogs()
			records := logs.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
			records.EnsureCapacity(len(page.items))
			for _, it := range page.items {
				if _, err := tr.Translate(it, observedAt, records.AppendEmpty()); err != nil {
					b.Fatal(err)
				}
			}
		}
		unmarshalPage := func() {
			for _, it := range page.items {
				var v any
				if err := json.Unmarshal(it, &v); err != nil {
					b.Fatal(err)
				}
			}
		}

		b.Run(page.name+"/translate", func(b *testing.B) {
			perRecord(b, page.items, translatePage)
			// The same number of bare decodes, timed here (testing.Benchmark
			// cannot nest), gives the ratio in the same run and conditions.
			start := time.Now()
			for range b.N {
				unmarshalPage()
			}
			b.ReportMetric(float64(time.Since(start))/float64(b.Elapsed()), "x_unmarshal_any")
		})
		b.Run(page.name+"/unmarshal_any", func(b *testing.B) {
			perRecord(b, page.items, unmarshalPage)
		})
	}
}

// perRecord runs page in b.Loop and reports per-record figures beside the
// per-page ones testing prints.
func perRecord(b *testing.B, items [][]byte, page func()) {
	var size int64
	for _, it := range items {
		size += int64(len(it))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		page()
	}
	runtime.ReadMemStats(&after)
	records := float64(b.N) * float64(len(items))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/records, "ns/record")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/records, "B/record")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/records, "allocs/record")
}
