package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/simproc"
)

// runCollector drains the backlog through the ocb-built collector, the
// receiver's records going to the file exporter, and reports the
// collector process's cost when its receiver has accepted want records
// (read from its own metrics).
func runCollector(ctx context.Context, binary, dir string, receiver map[string]any, want int) (usage, error) {
	// Below the ephemeral range: a port picked with ":0" could be taken
	// before the collector binds it.
	port, err := simproc.FreePort()
	if err != nil {
		return usage{}, err
	}
	// The key goes through the environment, never into the config file.
	token := receiver["token"].(string)
	receiver["token"] = "${env:VISIONONE_API_KEY}"
	output := filepath.Join(dir, "logs.jsonl")
	cfg := map[string]any{
		"receivers": map[string]any{"trendmicro_visionone": receiver},
		"exporters": map[string]any{"file": map[string]any{"path": output}},
		"service": map[string]any{
			"pipelines": map[string]any{"logs": map[string]any{
				"receivers": []string{"trendmicro_visionone"}, "exporters": []string{"file"},
			}},
			"telemetry": map[string]any{
				"logs": map[string]any{"level": "warn"},
				"metrics": map[string]any{"level": "normal", "readers": []any{map[string]any{
					"pull": map[string]any{"exporter": map[string]any{"prometheus": map[string]any{"host": "127.0.0.1", "port": port}}},
				}}},
			},
		},
	}
	// JSON is YAML: the collector reads it as it is.
	path := filepath.Join(dir, "collector.yaml")
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return usage{}, err
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return usage{}, err
	}
	_ = os.Remove(output)

	cmd := exec.Command(binary, "--config", path)
	cmd.Env = append(os.Environ(), "VISIONONE_API_KEY="+token)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return usage{}, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		_ = os.Remove(output) // about 4 KB a record
	}()
	metrics := fmt.Sprintf("http://127.0.0.1:%d/metrics", port)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return usage{}, fmt.Errorf("collector: not drained before the deadline: %w", ctx.Err())
		case <-tick.C:
		}
		got, err := acceptedRecords(ctx, metrics)
		if err != nil || got < want {
			continue
		}
		elapsed := since(start)
		cpu, rss, err := procUsage(cmd.Process.Pid)
		return usage{Records: got, Seconds: elapsed, CPU: cpu, PeakRSS: rss}, err
	}
}

// acceptedRecords sums the receiver's accepted records from the
// collector's Prometheus endpoint.
func acceptedRecords(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	total := 0.0
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() {
		line := lines.Text()
		// Depending on its settings the Prometheus reader adds "_total".
		name, _, _ := strings.Cut(line, "{")
		if strings.TrimSuffix(name, "_total") != "otelcol_trendmicro_visionone_receiver_records" || !strings.Contains(line, `outcome="accepted"`) {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err == nil {
			total += v
		}
	}
	return int(total), lines.Err()
}
