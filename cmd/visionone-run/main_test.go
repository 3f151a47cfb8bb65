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

	tests := []struct {
		name      string
		collector string
		cancel    bool   // stop with the context, as Ctrl-C does
		wantErr   string // "" means a clean stop
		wantOut   []string
	}{
		{
			name:      "runs both, shows the table, stops both on Ctrl-C",
			collector: fmt.Sprintf(untilTerm, "collector", `echo "collector args: $*"`),
			cancel:    true,
			wantOut: []string{
				"[otelcol] collector args: --config run.yaml",
				"first records delivered",
				"oat_detections", "+42", "31s",
				"[otelcol] collector: got SIGTERM",
				"[sim] sim: got SIGTERM",
			},
		},
		{
			name:      "a collector that exits stops the simulator too",
			collector: "echo 'bad config' >&2; exit 3\n",
			wantErr:   "otelcol stopped on its own (exit status 3)",
			wantOut:   []string{"[otelcol] bad config", "[sim] sim: got SIGTERM"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			out := newSyncBuffer()
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, []string{
					"-simulator", sim, "-collector", script(t, "collector", tt.collector),
					"-config", "run.yaml", "-metrics", metrics.URL, "-every", "1s", "-grace", "5s",
				}, out)
			}()
			if tt.cancel {
				deadline := time.NewTimer(20 * time.Second)
				defer deadline.Stop()
				tick := time.NewTicker(50 * time.Millisecond)
				defer tick.Stop()
				for !strings.Contains(out.String(), "oat_detections") {
					select {
					case <-deadline.C:
						t.Fatalf("no table within 20s:\n%s", out.String())
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
		})
	}
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
