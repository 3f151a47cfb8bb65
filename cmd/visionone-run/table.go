package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"
)

// table prints the per-stream view and remembers the previous counts, so
// each print shows what arrived since the last one.
type table struct {
	out  io.Writer
	prev map[string]float64
}

func (t *table) print(elapsed time.Duration, stats map[string]streamStats) {
	names := make([]string, 0, len(stats))
	width := len("STREAM")
	var total float64
	for name, s := range stats {
		names = append(names, name)
		width = max(width, len(name))
		total += s.Accepted
	}
	slices.Sort(names)

	fmt.Fprintf(t.out, "── visionone-run: %d streams, %s records accepted, %s since start\n",
		len(names), count(total), elapsed.Truncate(time.Second))
	fmt.Fprintf(t.out, "   %-*s %9s %7s %8s\n", width, "STREAM", "RECORDS", "NEW", "LAG")
	for _, name := range names {
		s := stats[name]
		lag := "-"
		if s.HasLag {
			lag = (time.Duration(math.Round(s.Lag)) * time.Second).String()
		}
		fmt.Fprintf(t.out, "   %-*s %9s %7s %8s\n", width, name, count(s.Accepted), "+"+count(s.Accepted-t.prev[name]), lag)
	}

	t.prev = map[string]float64{}
	for name, s := range stats {
		t.prev[name] = s.Accepted
	}
}

func count(v float64) string { return fmt.Sprintf("%.0f", math.Max(v, 0)) }
