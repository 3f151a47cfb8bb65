package client

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// simPage is one full API page as the simulator serves it: realistic,
// distinct items from its generator rather than repeated samples.
type simPage struct {
	name  string
	opts  translate.Options
	items int // the page size asked for, checked against what came back
	body  []byte
}

// simPages fetches the largest page of each log type from an in-process
// simulator (deterministic: fixed seed and clock, so every run benchmarks
// the same bytes): workbench 10 alerts (fixed, §2.1), OAT 200 and audit 200
// (the largest top, §3.1, §5.1), search 5000 (§4.1). The query parameters
// are the receiver's own (streams.go).
func simPages(b *testing.B) []simPage {
	b.Helper()
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	sim, err := simulator.New(simulator.Options{
		Seed: 1, History: 6 * time.Hour, Clock: simulator.ManualClock(now), RateLimit: -1,
		Rates: map[simulator.Feed]float64{
			simulator.Workbench: 60, simulator.OAT: 600, simulator.Audit: 600,
			simulator.SearchDetections: 6000, simulator.EndpointActivities: 6000,
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	start, end := apiTime(now.Add(-5*time.Hour)), apiTime(now.Add(-time.Minute))
	ascending := func(target string) url.Values {
		return url.Values{"startDateTime": {start}, "endDateTime": {end}, "dateTimeTarget": {target}, "orderBy": {target + " asc"}}
	}
	search := url.Values{"startDateTime": {start}, "endDateTime": {end}, "top": {"5000"}}
	audit := ascending("ingestedDateTime")
	audit.Set("top", "200")
	audit.Set("labels", "all")
	pages := []simPage{
		{"workbench_10", translate.Options{Kind: translate.WorkbenchAlert}, 10, get(b, sim, "workbench/alerts", ascending("createdDateTime"))},
		{"oat_200", translate.Options{Kind: translate.OATDetection}, 200, get(b, sim, "oat/detections",
			url.Values{"ingestedStartDateTime": {start}, "ingestedEndDateTime": {end}, "detectedStartDateTime": {start}, "detectedEndDateTime": {end}, "top": {"200"}})},
		{"audit_200", translate.Options{Kind: translate.AuditLog}, 200, get(b, sim, "audit/logs", audit)},
		{"search_detections_5000", translate.Options{Kind: translate.Search, Source: "detections"}, 5000, get(b, sim, "search/detections", search)},
		{"search_endpointActivities_5000", translate.Options{Kind: translate.Search, Source: "endpointActivities"}, 5000, get(b, sim, "search/endpointActivities", search)},
	}
	for _, p := range pages {
		page, err := decodePage(p.body)
		if err != nil || len(page.Items) != p.items {
			b.Fatalf("%s: the simulator served %d items (%v), want a full page", p.name, len(page.Items), err)
		}
	}
	return pages
}

func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// get serves one request through the simulator's handler, without a network.
func get(b *testing.B, sim *simulator.Simulator, feed string, q url.Values) []byte {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, "/v3.0/"+feed+"?"+encodeQuery(q), nil)
	req.Header.Set("Authorization", "Bearer "+simulator.DemoKey)
	req.Header.Set("TMV1-Query", "*")
	w := httptest.NewRecorder()
	sim.Handler().ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", feed, w.Code, w.Body.String())
	}
	return w.Body.Bytes()
}

// BenchmarkPage measures what the receiver does with each page it reads:
// the envelope decode (decodePage) and the translation of every item into a
// log record. Beside it, the ceiling: a bare encoding/json decode of the
// same bytes into any. x_ceiling is the ceiling's time over the page's
// time, measured in the same run (1 = as fast as the bare decode; the
// receiver needs at least 0.5).
//
//	go test ./internal/client -run '^$' -bench BenchmarkPage -count 5
func BenchmarkPage(b *testing.B) {
	observed := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	for _, p := range simPages(b) {
		p.opts.EventName = "trendmicro.visionone." + p.name
		tr, err := translate.New(p.opts)
		if err != nil {
			b.Fatal(err)
		}
		receive := func() {
			page, err := decodePage(p.body)
			if err != nil {
				b.Fatal(err)
			}
			logs := plog.NewLogs()
			records := logs.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
			records.EnsureCapacity(len(page.Items))
			for _, it := range page.Items {
				if _, err := tr.Translate(it, observed, records.AppendEmpty()); err != nil {
					b.Fatal(err)
				}
			}
		}
		ceiling := func() {
			var v any
			if err := json.Unmarshal(p.body, &v); err != nil {
				b.Fatal(err)
			}
		}

		b.Run(p.name+"/receive", func(b *testing.B) {
			perRecord(b, p, receive)
			// As many bare decodes, timed here (benchmarks cannot nest):
			// the ratio comes from one run under the same conditions.
			start := time.Now()
			for range b.N {
				ceiling()
			}
			b.ReportMetric(float64(time.Since(start))/float64(b.Elapsed()), "x_ceiling")
		})
		b.Run(p.name+"/ceiling", func(b *testing.B) { perRecord(b, p, ceiling) })
	}
}

// perRecord runs fn in b.Loop and reports per-record figures beside the
// per-page ones (MB/s is of the page body).
func perRecord(b *testing.B, p simPage, fn func()) {
	b.SetBytes(int64(len(p.body)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		fn()
	}
	runtime.ReadMemStats(&after)
	records := float64(b.N) * float64(p.items)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/records, "ns/record")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/records, "B/record")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/records, "allocs/record")
}
