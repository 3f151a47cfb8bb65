//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// What the tests read of the collector's own telemetry, on the ports a
// configuration's observe set.

// series is one series of the Prometheus text format.
type series struct {
	name   string // without the otelcol_ prefix and the _total suffix
	labels map[string]string
	value  float64
}

type metricSet []series

var (
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// scrapeMetrics reads the collector's Prometheus endpoint. The text format
// is parsed here, for the few series the tests read, rather than with
// prometheus/common/expfmt, which would become a requirement of the
// receiver's module (cmd/visionone-run does the same).
func scrapeMetrics(t *testing.T, port int) metricSet {
	t.Helper()
	m, err := tryScrape(port)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tryScrape is scrapeMetrics for a collector that may not serve yet.
func tryScrape(port int) (metricSet, error) {
	body, err := get(fmt.Sprintf("http://%s/metrics", addr(port)))
	if err != nil {
		return nil, err
	}
	var out metricSet
	lines := bufio.NewScanner(strings.NewReader(body))
	lines.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for lines.Scan() {
		m := sampleLine.FindStringSubmatch(lines.Text())
		if m == nil || strings.HasPrefix(lines.Text(), "#") {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		labels := map[string]string{}
		for _, kv := range labelPair.FindAllStringSubmatch(m[2], -1) {
			labels[kv[1]] = kv[2]
		}
		name := strings.TrimSuffix(strings.TrimPrefix(m[1], "otelcol_"), "_total")
		out = append(out, series{name: name, labels: labels, value: v})
	}
	return out, lines.Err()
}

// sum adds up the series of name whose labels include want.
func (ms metricSet) sum(name string, want map[string]string) float64 {
	total := 0.0
	for _, s := range ms {
		if s.name == name && hasLabels(s.labels, want) {
			total += s.value
		}
	}
	return total
}

// each returns name's series whose labels include want.
func (ms metricSet) each(name string, want map[string]string) []series {
	var out []series
	for _, s := range ms {
		if s.name == name && hasLabels(s.labels, want) {
			out = append(out, s)
		}
	}
	return out
}

func hasLabels(labels, want map[string]string) bool {
	for k, v := range want {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// goroutines reads the total of the pprof extension's goroutine profile.
func goroutines(t *testing.T, port int) int {
	t.Helper()
	body, err := get(fmt.Sprintf("http://%s/debug/pprof/goroutine?debug=1", addr(port)))
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if _, err := fmt.Sscanf(body, "goroutine profile: total %d", &n); err != nil {
		t.Fatalf("goroutine profile: %v: %.80q", err, body)
	}
	return n
}

// rss is a process's resident memory, from /proc.
func rss(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%d kB", &kb); err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmRSS in /proc/%d/status", pid)
	return 0
}

// fetchPages returns every page the collector serves for people and
// tools: the zPages, pprof's command line and the metrics, by URL.
func fetchPages(t *testing.T, p ports) map[string]string {
	t.Helper()
	urls := []string{
		fmt.Sprintf("http://%s/metrics", addr(p.metrics)),
		fmt.Sprintf("http://%s/debug/pprof/cmdline", addr(p.pprof)),
	}
	for _, page := range []string{"servicez", "pipelinez", "extensionz", "featurez"} {
		urls = append(urls, fmt.Sprintf("http://%s/debug/%s", addr(p.zpages), page))
	}
	out := map[string]string{}
	for _, u := range urls {
		body, err := get(u)
		if err != nil {
			t.Fatal(err)
		}
		out[u] = body
	}
	return out
}

// get fetches a page of a local process within ten seconds.
func get(url string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", url, resp.Status)
	}
	return string(b), err
}

// logEntry is what the tests read of one JSON log line of the collector.
type logEntry struct {
	Level  string `json:"level"`
	Msg    string `json:"msg"`
	Stream string `json:"stream"`
	Error  string `json:"error"`
	Reason string `json:"reason"`
}

// readLogs parses the collector's JSON log lines (other lines, e.g. the
// debug exporter's, are skipped).
func readLogs(t *testing.T, p *process) []logEntry {
	t.Helper()
	var out []logEntry
	for line := range strings.Lines(p.output(t)) {
		if !strings.HasPrefix(line, `{"level"`) {
			continue
		}
		var e logEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("a log line that is not JSON: %v: %.200s", err, line)
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		t.Fatal("no JSON log line: is the collector logging as JSON?")
	}
	return out
}
