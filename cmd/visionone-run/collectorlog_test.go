package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// Lines as otelcol-visionone prints them (zap's console encoding).
const (
	zapInfo = "2026-12-01T15:00:55.842Z\tinfo\tservice@v0.164.0/service.go:256\tEverything is ready. Begin running and processing data."
	zapWarn = "2026-12-01T15:00:55.834Z\twarn\tzpagesextension@v0.164.0/zpagesextension.go:69\tzPages span processor registration is not available\t" +
		`{"otelcol.component.id": "zpages", "otelcol.component.kind": "extension"}`
	zapDebugExporter = "2026-12-01T15:00:55.855Z\tinfo\tLogs\t" +
		`{"otelcol.component.id": "debug", "otelcol.component.kind": "exporter", "otelcol.signal": "logs", "resource logs": 1, "log records": 18}`
	zapError = "2026-12-01T15:01:02.000Z\terror\tstream/stream.go:301\tVision One refused the API key (401)\t" +
		`{"otelcol.component.id": "trendmicro_visionone", "otelcol.component.kind": "receiver", "otelcol.signal": "logs", "stream": "oat_detections", ` +
		`"error": "401 Unauthorized: {\"error\":{\"code\":\"InvalidToken\"}}", "hint": "check that the key is valid for this region's API host"}`
)

func TestParseZapLine(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		want   zapLine
		notZap bool
	}{
		{name: "no fields", line: zapInfo, want: zapLine{Level: "info", Message: "Everything is ready. Begin running and processing data."}},
		{
			name: "fields in their order",
			line: zapWarn,
			want: zapLine{Level: "warn", Message: "zPages span processor registration is not available",
				Fields: []field{{"otelcol.component.id", "zpages"}, {"otelcol.component.kind", "extension"}}},
		},
		{
			name: "no caller, numbers",
			line: zapDebugExporter,
			want: zapLine{Level: "info", Message: "Logs", Fields: []field{
				{"otelcol.component.id", "debug"}, {"otelcol.component.kind", "exporter"}, {"otelcol.signal", "logs"},
				{"resource logs", "1"}, {"log records", "18"},
			}},
		},
		{
			name: "nested JSON stays compact JSON",
			line: "2026-12-01T15:00:55.835Z\tinfo\tx.go:1\tStarting\t" + `{"config": {"Endpoint": "127.0.0.1:1777", "Timeout": 0}}`,
			want: zapLine{Level: "info", Message: "Starting", Fields: []field{{"config", `{"Endpoint":"127.0.0.1:1777","Timeout":0}`}}},
		},
		{
			name: "fields that are not JSON stay in the message",
			line: "2026-12-01T15:00:55.835Z\tWARN\tx.go:1\tHalf\t{\"a\": ",
			want: zapLine{Level: "warn", Message: "Half {\"a\": "},
		},
		{name: "the command's own error", line: "Error: failed to get config: cannot unmarshal the configuration", notZap: true},
		{name: "a panic's trace", line: "goroutine 1 [running]:", notZap: true},
		{name: "not a level", line: "2026-12-01T15:00:55.835Z\tloud\tx.go:1\tmessage", notZap: true},
		{name: "too few fields", line: "2026-12-01T15:00:55.835Z\tinfo", notZap: true},
		{name: "empty", line: "", notZap: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseZapLine(tt.line)
			if ok == tt.notZap {
				t.Fatalf("parsed: %v, want %v", ok, !tt.notZap)
			}
			if ok && (got.Level != tt.want.Level || got.Message != tt.want.Message || !slices.Equal(got.Fields, tt.want.Fields)) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestZapLineConsole(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []string
	}{
		{
			name: "kind and signal left out, the ID as component",
			line: zapWarn,
			want: []string{
				"[otelcol] WARN zPages span processor registration is not available",
				"          component=zpages",
			},
		},
		{
			name: "wrapped whole at spaces, quoted values included",
			line: zapError,
			want: []string{
				"[otelcol] ERROR Vision One refused the API key (401)",
				`          component=trendmicro_visionone stream=oat_detections error="401`,
				`          Unauthorized: {\"error\":{\"code\":\"InvalidToken\"}}" hint="check`,
				`          that the key is valid for this region's API host"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z, ok := parseZapLine(tt.line)
			if !ok {
				t.Fatal("not parsed")
			}
			if got := z.console(); !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCollectorOutput(t *testing.T) {
	warn := func(i int) string {
		return fmt.Sprintf("2026-12-01T15:00:55.834Z\twarn\tx.go:1\twarning %d", i)
	}
	type batch struct {
		at    time.Duration // since the start of the run
		lines []string
	}
	tests := []struct {
		name     string
		batches  []batch
		failFile bool
		want     []string // on the console
	}{
		{
			name: "warnings and errors shown, the rest only in the file",
			batches: []batch{{lines: []string{
				zapInfo, zapDebugExporter, zapWarn, "Error: a line of no logger", zapError,
				"2026-12-01T15:00:57.000Z\twarn\tstream/stream.go:1\tVision One answers 429: slowing down",
			}}},
			want: []string{
				"[otelcol] ERROR Vision One refused the API key (401)",
				"[otelcol] WARN Vision One answers 429: slowing down",
			},
		},
		{
			name: "at most ten a minute",
			batches: []batch{
				{lines: func() (l []string) {
					for i := range 12 {
						l = append(l, warn(i))
					}
					return l
				}()},
				{at: 30 * time.Second, lines: []string{warn(12)}},
				{at: 61 * time.Second, lines: []string{warn(13)}},
			},
			want: []string{
				"[otelcol] WARN warning 0", "[otelcol] WARN warning 1", "[otelcol] WARN warning 2", "[otelcol] WARN warning 3",
				"[otelcol] WARN warning 4", "[otelcol] WARN warning 5", "[otelcol] WARN warning 6", "[otelcol] WARN warning 7",
				"[otelcol] WARN warning 8", "[otelcol] WARN warning 9",
				"visionone-run: more collector warnings and errors this minute: see run/collector.log",
				"[otelcol] WARN warning 13",
			},
		},
		{
			name:     "a file that cannot be written is said once",
			failFile: true,
			batches:  []batch{{lines: []string{zapInfo, zapInfo}}},
			want:     []string{"visionone-run: writing run/collector.log: disk full"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
			var console, file strings.Builder
			var now time.Time
			c := &collectorOutput{console: &console, file: &file, path: "run/collector.log", now: func() time.Time { return now }}
			if tt.failFile {
				c.file = failingWriter{}
			}
			var all []string
			for _, b := range tt.batches {
				now = start.Add(b.at)
				for _, l := range b.lines {
					c.line(l)
					all = append(all, l)
				}
			}
			var got []string
			for l := range strings.Lines(console.String()) {
				if !strings.HasPrefix(l, " ") { // first lines only
					got = append(got, strings.TrimSuffix(l, "\n"))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("console\n%s\nwant (first lines)\n%s", console.String(), strings.Join(tt.want, "\n"))
			}
			if !tt.failFile && file.String() != strings.Join(all, "\n")+"\n" {
				t.Errorf("file\n%s\nwant every line", file.String())
			}
		})
	}
}

func TestCollectorOutputTail(t *testing.T) {
	c := &collectorOutput{console: &strings.Builder{}, file: &strings.Builder{}, now: time.Now}
	for i := range 20 {
		c.line(fmt.Sprintf("line %d", i))
	}
	c.line(zapError)
	c.line("Error: failed to get config: cannot unmarshal the configuration: decoding failed due to the following error(s): 'receivers' unknown type")
	got := c.tail()
	want := []string{
		"[otelcol] line 10", "[otelcol] line 11", "[otelcol] line 12", "[otelcol] line 13", "[otelcol] line 14",
		"[otelcol] line 15", "[otelcol] line 16", "[otelcol] line 17", "[otelcol] line 18", "[otelcol] line 19",
		"[otelcol] ERROR Vision One refused the API key (401)",
		`          component=trendmicro_visionone stream=oat_detections error="401`,
		`          Unauthorized: {\"error\":{\"code\":\"InvalidToken\"}}" hint="check`,
		`          that the key is valid for this region's API host"`,
		"[otelcol] Error: failed to get config: cannot unmarshal the configuration:",
		"          decoding failed due to the following error(s): 'receivers' unknown",
		"          type",
	}
	if !slices.Equal(got, want) {
		t.Errorf("tail\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzParseZapLine: any line is read without a panic, and shown within the
// console's width.
func FuzzParseZapLine(f *testing.F) {
	for _, l := range []string{zapInfo, zapWarn, zapDebugExporter, zapError, "Error: x", ""} {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line string) {
		z, ok := parseZapLine(line)
		if !ok {
			return
		}
		if !zapLevels[z.Level] {
			t.Errorf("level %q", z.Level)
		}
		for _, l := range z.console() {
			if width(l) > consoleWidth {
				t.Errorf("%d columns: %q", width(l), l)
			}
		}
	})
}
