package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// The receiver's metrics this view reads (README, Telemetry), by their
// instrument names. The collector's Prometheus endpoint adds an "otelcol_"
// prefix and, depending on its settings, "_total" to counters.
const (
	recordsMetric   = "trendmicro_visionone_receiver_records"
	windowLagMetric = "trendmicro_visionone_receiver_window_lag"
)

// streamStats is what the view shows for one stream.
type streamStats struct {
	Accepted float64 // records the pipeline accepted, since the collector started
	Lag      float64 // seconds between now and the stream's checkpoint
	HasLag   bool
}

// scrape reads the collector's Prometheus endpoint.
func scrape(ctx context.Context, client *http.Client, url string) (map[string]streamStats, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	return parseStreamStats(resp.Body)
}

// sampleLine is one sample of the Prometheus text format:
// name{label="value",...} value [timestamp].
var (
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// parseStreamStats picks the receiver's per-stream series out of the
// Prometheus text format. It is written here rather than taken from
// prometheus/common/expfmt because that module would become a requirement
// of the receiver's own module, and so of every collector built with it,
// for two plain series of the text format.
func parseStreamStats(r io.Reader) (map[string]streamStats, error) {
	out := map[string]streamStats{}
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for lines.Scan() {
		line := lines.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := instrumentName(m[1])
		if name != recordsMetric && name != windowLagMetric {
			continue
		}
		labels := map[string]string{}
		for _, kv := range labelPair.FindAllStringSubmatch(m[2], -1) {
			labels[kv[1]] = kv[2]
		}
		stream := labels["stream"]
		value, err := strconv.ParseFloat(m[3], 64)
		if stream == "" || err != nil {
			continue
		}
		s := out[stream]
		switch {
		case name == windowLagMetric:
			s.Lag, s.HasLag = value, true
		case labels["outcome"] == "accepted":
			s.Accepted += value
		}
		out[stream] = s
	}
	return out, lines.Err()
}

// instrumentName undoes the Prometheus exporter's decorations.
func instrumentName(promName string) string {
	name := strings.TrimPrefix(promName, "otelcol_")
	name = strings.TrimSuffix(name, "_total")
	return strings.TrimSuffix(name, "_seconds")
}
