package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSpreadOf(t *testing.T) {
	tests := []struct {
		values []float64
		want   spread
	}{
		{[]float64{3}, spread{3, 3, 3}},
		{[]float64{5, 1, 3}, spread{3, 1, 5}},
		{[]float64{4, 1, 3, 2}, spread{2.5, 1, 4}},
	}
	for _, tt := range tests {
		if got := spreadOf(tt.values); got != tt.want {
			t.Errorf("spreadOf(%v) = %+v, want %+v", tt.values, got, tt.want)
		}
	}
}

func TestParseScenario(t *testing.T) {
	tests := []struct {
		spec    string
		history time.Duration // 0: an error is expected
		limit   int
	}{
		// 48,545 records an hour (mixRates): a million is 20 h 36 min,
		// plus the minute in which arrivals stop.
		{"backlog:1000000", 20*time.Hour + 37*time.Minute, -1},
		{"backfill:7:120", 7 * 24 * time.Hour, 120},
		{"backlog:x", 0, 0},
		{"backfill:7", 0, 0},
		{"other:1", 0, 0},
	}
	for _, tt := range tests {
		sc, err := parseScenario(tt.spec)
		if tt.history == 0 {
			if err == nil {
				t.Errorf("parseScenario(%q) accepted", tt.spec)
			}
			continue
		}
		if err != nil || sc.history.Round(time.Minute) != tt.history || sc.rateLimit != tt.limit {
			t.Errorf("parseScenario(%q) = history %v, limit %d, %v; want %v, %d", tt.spec, sc.history, sc.rateLimit, err, tt.history, tt.limit)
		}
	}
}

func TestMinRequests(t *testing.T) {
	sc := scenario{feeds: []feed{{name: "workbench/alerts", pageSize: 10}, {name: "search/detections", pageSize: 5000}}}
	counts := map[string]int{"workbench/alerts": 21, "search/detections": 10000}
	if got, want := sc.minRequests(counts), 3+2; got != want {
		t.Errorf("minRequests = %d, want %d", got, want)
	}
}

// TestReceiverConfig: the config the drain and the collector use enables
// exactly the scenario's streams, with the largest pages.
func TestReceiverConfig(t *testing.T) {
	cfg := backfill(7, 120).receiverConfig("http://127.0.0.1:1", "k")
	enabled := func(section string) bool { return cfg[section].(map[string]any)["enabled"].(bool) }
	if !enabled("oat") || enabled("workbench") || enabled("audit") || enabled("search") {
		t.Errorf("streams enabled: %v", cfg)
	}
	if cfg["requests_per_minute"] != 120 || cfg["oat"].(map[string]any)["page_size"] != 200 {
		t.Errorf("budget or page size: %v", cfg)
	}
	search := backlog("b", 1000).receiverConfig("http://127.0.0.1:1", "k")["search"].(map[string]any)
	if len(search["sources"].(map[string]any)) != 8 || search["page_size"] != 5000 {
		t.Errorf("search: %v", search)
	}
}

func TestSummariseGoBench(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.txt")
	out := `goos: linux
BenchmarkPage/oat_200/receive-2   100   43231 ns/op   75.50 MB/s   22698 B/record   385.2 allocs/record   40000 ns/record   0.80 x_ceiling
BenchmarkPage/oat_200/receive-2   100   43231 ns/op   70.00 MB/s   22698 B/record   385.2 allocs/record   30000 ns/record   0.90 x_ceiling
BenchmarkPage/oat_200/receive-2   100   43231 ns/op   80.00 MB/s   22698 B/record   385.2 allocs/record   50000 ns/record   0.70 x_ceiling
PASS
`
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	if err := summariseGoBench(path, &got); err != nil {
		t.Fatal(err)
	}
	want := "| Page/oat_200/receive | 3 | 40000 (30000–50000) | 22698 (22698–22698) | 385.20 (385.20–385.20) | 75.50 (70.00–80.00) | 0.80 (0.70–0.90) |"
	if !strings.Contains(got.String(), want) {
		t.Errorf("summary:\n%s\nwant the row\n%s", got.String(), want)
	}
}
