package simproc

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// serving is the line cmd/visionone-sim prints, from its format string.
func serving(base, mode, at string) string {
	return fmt.Sprintf("visionone-sim: serving %s/v3.0 (admin %s/admin/), clock %s at %s, seed %d\n", base, base, mode, at, 1)
}

func TestParseServing(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		ok      bool
		base    string
		started string // RFC 3339
		wantErr bool
	}{
		{name: "real clock", line: serving("http://127.0.0.1:41234", "real", "2025-01-02T03:04:05Z"),
			ok: true, base: "http://127.0.0.1:41234", started: "2025-01-02T03:04:05Z"},
		{name: "manual clock, zone offset", line: serving("http://127.0.0.1:8089", "manual", "2025-01-02T05:04:05+02:00"),
			ok: true, base: "http://127.0.0.1:8089", started: "2025-01-02T03:04:05Z"},
		{name: "IPv6", line: serving("http://[::1]:8089", "offset", "2025-01-02T03:04:05Z"),
			ok: true, base: "http://[::1]:8089", started: "2025-01-02T03:04:05Z"},
		{name: "demo key line", line: "visionone-sim: demo key (all roles): eyJ.x.y"},
		{name: "an error", line: "visionone-sim: listen tcp 127.0.0.1:8089: bind: address already in use"},
		{name: "empty", line: ""},
		{name: "bad clock", line: serving("http://127.0.0.1:8089", "real", "yesterday"), ok: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, started, ok, err := parseServing(strings.TrimSuffix(tt.line, "\n"))
			if ok != tt.ok || (err != nil) != tt.wantErr {
				t.Fatalf("parseServing = ok %v, err %v; want ok %v, error %v", ok, err, tt.ok, tt.wantErr)
			}
			if base != tt.base {
				t.Errorf("base %q, want %q", base, tt.base)
			}
			if tt.started != "" {
				want, _ := time.Parse(time.RFC3339, tt.started)
				if !started.Equal(want) {
					t.Errorf("started %v, want %v", started, want)
				}
			}
		})
	}
}

func TestWatcher(t *testing.T) {
	const at = "2025-01-02T03:04:05Z"
	line := serving("http://127.0.0.1:1234", "real", at)
	demo := "visionone-sim: demo key (all roles): the-demo-key\n"
	tests := []struct {
		name      string
		wantDemo  bool
		writes    []string
		ready     bool
		base, key string
		wantErr   bool
	}{
		{name: "serving line", writes: []string{line}, ready: true, base: "http://127.0.0.1:1234"},
		{name: "split across writes", writes: []string{line[:20], line[20:50], line[50:]}, ready: true, base: "http://127.0.0.1:1234"},
		{name: "after other lines", writes: []string{"a warning\n", "another\n" + line}, ready: true, base: "http://127.0.0.1:1234"},
		{name: "CRLF", writes: []string{strings.TrimSuffix(line, "\n") + "\r\n"}, ready: true, base: "http://127.0.0.1:1234"},
		{name: "no newline yet", writes: []string{strings.TrimSuffix(line, "\n")}},
		{name: "nothing", writes: nil},
		{name: "waits for the demo key", wantDemo: true, writes: []string{line}},
		{name: "demo key", wantDemo: true, writes: []string{line, demo}, ready: true, base: "http://127.0.0.1:1234", key: "the-demo-key"},
		{name: "demo key in the same write", wantDemo: true, writes: []string{line + demo + "more\n"}, ready: true, base: "http://127.0.0.1:1234", key: "the-demo-key"},
		{name: "demo key not wanted", writes: []string{line + demo}, ready: true, base: "http://127.0.0.1:1234"},
		{name: "bad clock", writes: []string{serving("http://127.0.0.1:1234", "real", "soon")}, ready: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			w := newWatcher(&out, tt.wantDemo)
			for _, s := range tt.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			// Output passes through whole, whatever was read.
			if want := strings.Join(tt.writes, ""); out.String() != want {
				t.Errorf("output %q, want %q", out.String(), want)
			}
			select {
			case <-w.ready:
			default:
				if tt.ready {
					t.Fatal("not ready")
				}
				return
			}
			if !tt.ready {
				t.Fatal("ready too early")
			}
			if (w.err != nil) != tt.wantErr {
				t.Fatalf("err %v, want error %v", w.err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if w.base != tt.base || w.demoKey != tt.key || !w.started.Equal(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)) {
				t.Errorf("read %q, %q, %v; want %q, %q, %s", w.base, w.demoKey, w.started, tt.base, tt.key, at)
			}
		})
	}
}

// Output without newlines is passed on but not kept without bound.
func TestWatcherBoundsPending(t *testing.T) {
	w := newWatcher(nil, false)
	chunk := strings.Repeat("x", 1<<10)
	for range 2 * maxPending / len(chunk) {
		_, _ = w.Write([]byte(chunk))
		if len(w.pending) > maxPending+len(chunk) {
			t.Fatalf("%d bytes pending", len(w.pending))
		}
	}
}

func TestKeysEnv(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		want    string // "" for no entry
		wantErr bool
	}{
		{name: "none"},
		{name: "one", keys: []string{"k1"}, want: "VISIONONE_SIM_KEYS=k1=all"},
		{name: "several", keys: []string{"a.b.c", "k2"}, want: "VISIONONE_SIM_KEYS=a.b.c=all;k2=all"},
		{name: "empty key", keys: []string{"k1", " "}, wantErr: true},
		{name: "separator", keys: []string{"k1;k2"}, wantErr: true},
		{name: "role separator", keys: []string{"k=oat"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := keysEnv(tt.keys)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				for _, k := range tt.keys {
					if strings.TrimSpace(k) != "" && strings.Contains(err.Error(), k) {
						t.Errorf("the error %q shows a key", err)
					}
				}
				return
			}
			if got := strings.Join(env, "\n"); got != tt.want {
				t.Errorf("env %q, want %q", got, tt.want)
			}
		})
	}
}
