package main

import (
	"slices"
	"strings"
	"testing"
	"time"
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
