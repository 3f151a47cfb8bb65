package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
)

func TestTablePrintsCountsAndWhatIsNew(t *testing.T) {
	var out strings.Builder
	tab := table{out: &out}
	tab.print(5*time.Second, map[string]streamStats{
		"oat_detections":   {Accepted: 100, Lag: 35.4, HasLag: true},
		"audit_logs":       {Accepted: 7},
		"workbench_alerts": {},
	})
	tab.print(10*time.Second, map[string]streamStats{
		"oat_detections":   {Accepted: 130, Lag: 31.6, HasLag: true},
		"audit_logs":       {Accepted: 7, Lag: 40, HasLag: true},
		"workbench_alerts": {Accepted: 2, Lag: 12, HasLag: true},
	})

	want := [][]string{
		{"──", "visionone-run:", "3", "streams,", "107", "records", "accepted,", "5s", "since", "start"},
		{"STREAM", "RECORDS", "NEW", "LAG"},
		{"audit_logs", "7", "+7", "-"}, // no checkpoint yet: no lag
		{"oat_detections", "100", "+100", "35s"},
		{"workbench_alerts", "0", "+0", "-"},
		{"──", "visionone-run:", "3", "streams,", "139", "records", "accepted,", "10s", "since", "start"},
		{"STREAM", "RECORDS", "NEW", "LAG"},
		{"audit_logs", "7", "+0", "40s"},
		{"oat_detections", "130", "+30", "32s"},
		{"workbench_alerts", "2", "+2", "12s"},
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, line := range lines {
		if got := strings.Fields(line); !slices.Equal(got, want[i]) {
			t.Errorf("line %d: got %q, want %q", i, got, want[i])
		}
	}
	// Columns line up: every row of a table is as wide as its header.
	if len(lines[2]) != len(lines[1]) || len(lines[4]) != len(lines[1]) {
		t.Errorf("ragged columns:\n%s", out.String())
	}
}

// Every stream of the registry fits an 80-column console whole at the
// counts of a long run; a name or value too wide for it shortens the name
// column, never the line.
func TestTableFitsTheConsole(t *testing.T) {
	var registry []string
	for _, f := range feeds.Streams() {
		registry = append(registry, f.Stream)
	}
	long := "container_security.aStreamNameFarLongerThanAnyTheRegistryHasToday"
	tests := []struct {
		name      string
		streams   []string
		s         streamStats
		whole     bool   // every name shown whole
		wantShort string // the abbreviation of long expected
	}{
		{name: "the registry, a long run", streams: registry, s: streamStats{Accepted: 99_999_999, Lag: 35 * 24 * 3600, HasLag: true}, whole: true},
		{name: "a longer name", streams: append([]string{long}, registry...), s: streamStats{Accepted: 5}, wantShort: "container_security.aStre…hanAnyTheRegistryHasToday"},
		{name: "wider values", streams: registry, s: streamStats{Accepted: 1e12, Lag: 1e9, HasLag: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stats := map[string]streamStats{}
			for _, name := range tt.streams {
				stats[name] = tt.s
			}
			var out strings.Builder
			(&table{out: &out}).print(100*time.Hour, stats)
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			for i, l := range lines {
				if width(l) > consoleWidth {
					t.Errorf("%d columns: %s", width(l), l)
				}
				if i > 1 && width(l) != width(lines[1]) {
					t.Errorf("ragged: %q beside the header %q", l, lines[1])
				}
			}
			for _, name := range tt.streams {
				if tt.whole && !strings.Contains(out.String(), "   "+name+" ") {
					t.Errorf("%s not shown whole:\n%s", name, out.String())
				}
			}
			if tt.wantShort != "" && !strings.Contains(out.String(), "   "+tt.wantShort+" ") {
				t.Errorf("no %s:\n%s", tt.wantShort, out.String())
			}
		})
	}
}
