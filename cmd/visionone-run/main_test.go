package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// syncBuffer collects the launcher's output; String reads it under the
// writer's lock.
type syncBuffer struct {
	lockedWriter
	buf bytes.Buffer
}

func newSyncBuffer() *syncBuffer {
	b := &syncBuffer{}
	b.w = &b.buf
	return b
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// script writes an executable shell script standing in for a child.
func script(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

// A stand-in that runs until SIGTERM, saying so when it stops.
const untilTerm = `trap 'echo "%s: got SIGTERM"; exit 0' TERM
%s
while :; do sleep 0.1; done
`

func TestRun(t *testing.T) {
	sim := script(t, "sim", fmt.Sprintf(untilTerm, "sim", `echo "visionone-sim: serving http://127.0.0.1:1/v3.0 (admin http://127.0.0.1:1/admin/), clock real at 2026-11-22T04:30:00Z, seed 1"`))
	metrics := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, `otelcol_trendmicro_visionone_receiver_records{outcome="accepted",stream="oat_detections"} 42`)
		fmt.Fprintln(w, `otelcol_trendmicro_visionone_receiver_window_lag{stream="oat_detections"} 31`)
	}))
	defer metrics.Close()
	fixture, err := filepath.Abs(filepath.Join("testdata", "logs.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// The stand-in collector of a run: it logs as the collector does, a
	// line of info and one warning, and writes a request of records to the
	// file exporter's output.
	running := fmt.Sprintf(untilTerm, "collector", `echo "collector args: $*"
printf '2026-12-01T15:00:55.834Z\tinfo\tservice@v0.164.0/service.go:256\tEverything is ready.\n'
printf '2026-12-01T15:00:56.000Z\twarn\tx/y.go:1\tThe stand-in warns\t{"otelcol.component.id": "x", "otelcol.component.kind": "receiver"}\n'
head -n 1 `+fixture+` >> "$RECORDS"`)

	tests := []struct {
		name      string
		collector string
		args      []string
		cancel    bool   // stop with the context, as Ctrl-C does
		wantErr   string // "" means a clean stop
		wantOut   []string
		notOut    []string
		wantLog   []string // in the collector's log file
	}{
		{
			name:      "runs both, shows the table, a sample and the warning, stops both on Ctrl-C",
			collector: running,
			cancel:    true,
			wantOut: []string{
				"visionone-run: the collector's own log, with the debug exporter's line per page,",
				"[otelcol] WARN The stand-in warns component=x\n",
				"first records delivered",
				"oat_detections", "+42", "31s",
				"── first record of oat_detections\n   time=2026-12-01T14:58:41Z severity=ERROR(high)",
				"[sim] sim: got SIGTERM",
			},
			notOut:  []string{"collector args", "Everything is ready", "otelcol.component.kind"},
			wantLog: []string{"collector args: --config run.yaml\n", "\tEverything is ready.\n", "collector: got SIGTERM\n"},
		},
		{
			name:      "no samples with -samples=false",
			collector: running,
			args:      []string{"-samples=false"},
			cancel:    true,
			wantOut:   []string{"+42"},
			notOut:    []string{"first record of"},
		},
		{
			name:      "a collector that exits stops the simulator too, and its last lines are shown",
			collector: "echo 'bad config' >&2; exit 3\n",
			wantErr:   "otelcol stopped on its own (exit status 3)",
			wantOut:   []string{"the collector stopped; its last lines follow", "[otelcol] bad config", "[sim] sim: got SIGTERM"},
			wantLog:   []string{"bad config\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			dir := t.TempDir()
			records, collectorLog := filepath.Join(dir, "logs.jsonl"), filepath.Join(dir, "run", "collector.log")
			t.Setenv("RECORDS", records)
			out := newSyncBuffer()
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, append([]string{
					"-simulator", sim, "-collector", script(t, "collector", tt.collector),
					"-config", "run.yaml", "-metrics", metrics.URL, "-every", "1s", "-grace", "5s",
					"-records", records, "-collector-log", collectorLog,
				}, tt.args...), out)
			}()
			if tt.cancel {
				deadline := time.NewTimer(20 * time.Second)
				defer deadline.Stop()
				tick := time.NewTicker(50 * time.Millisecond)
				defer tick.Stop()
				for !containsAll(out.String(), tt.wantOut, "SIGTERM") {
					select {
					case <-deadline.C:
						t.Fatalf("not all of %q within 20s:\n%s", tt.wantOut, out.String())
					case <-tick.C:
					}
				}
				cancel()
			}
			err := <-done
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("run: %v, want %q", err, tt.wantErr)
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
			for _, not := range tt.notOut {
				if strings.Contains(out.String(), not) {
					t.Errorf("output has %q:\n%s", not, out.String())
				}
			}
			for line := range strings.Lines(out.String()) {
				if w := width(strings.TrimSuffix(line, "\n")); w > consoleWidth && !strings.HasPrefix(line, "[sim] ") {
					t.Errorf("a line of %d columns: %s", w, line)
				}
			}
			log, err := os.ReadFile(collectorLog)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.wantLog {
				if !strings.Contains(string(log), want) {
					t.Errorf("collector log lacks %q:\n%s", want, log)
				}
			}
		})
	}
}

// containsAll tells whether s holds every one of subs but those that
// mention except (what is printed only once the run is stopped).
func containsAll(s string, subs []string, except string) bool {
	for _, sub := range subs {
		if !strings.Contains(sub, except) && !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

func TestStoppedEarly(t *testing.T) {
	exited := func(err error) *child {
		c := &child{name: "otelcol", done: make(chan struct{}), err: err}
		close(c.done)
		return c
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		child   *child
		wantErr string
	}{
		{name: "after Ctrl-C", ctx: cancelled, child: exited(nil)},
		{name: "exited cleanly, unasked", ctx: context.Background(), child: exited(nil), wantErr: "otelcol stopped on its own (exit status 0)"},
		{name: "failed", ctx: context.Background(), child: exited(errors.New("exit status 1")), wantErr: "otelcol stopped on its own (exit status 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := stoppedEarly(tt.ctx, tt.child)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Errorf("got %v, want %q", err, tt.wantErr)
			}
		})
	}
}
