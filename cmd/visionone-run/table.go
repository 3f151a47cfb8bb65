package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// table prints the per-stream view and remembers the previous counts, so
// each print shows what arrived since the last one.
type table struct {
	out  io.Writer
	prev map[string]float64
}

// The table's columns after the stream's name, at their usual widths; a
// wider value widens its column, and the name column gives way so that a
// row stays within the console's width (the longest stream name,
// container_security.kubernetesEvaluationEventLogs, fits whole).
var tableColumns = []struct {
	title string
	width int
}{{"RECORDS", 9}, {"NEW", 7}, {"LAG", 8}}

const tableIndent = "   "

func (t *table) print(elapsed time.Duration, stats map[string]streamStats) {
	names := make([]string, 0, len(stats))
	var total float64
	for name, s := range stats {
		names = append(names, name)
		total += s.Accepted
	}
	slices.Sort(names)

	rows := make([][]string, len(names))
	widths := make([]int, len(tableColumns))
	for i, c := range tableColumns {
		widths[i] = max(c.width, width(c.title))
	}
	nameWidth := width("STREAM")
	for i, name := range names {
		s := stats[name]
		lag := "-"
		if s.HasLag {
			lag = (time.Duration(math.Round(s.Lag)) * time.Second).String()
		}
		rows[i] = []string{count(s.Accepted), "+" + count(s.Accepted-t.prev[name]), lag}
		for j, v := range rows[i] {
			widths[j] = max(widths[j], width(v))
		}
		nameWidth = max(nameWidth, width(name))
	}
	room := consoleWidth - width(tableIndent)
	for _, w := range widths {
		room -= 1 + w
	}
	nameWidth = max(min(nameWidth, room), width("STREAM"))

	fmt.Fprintln(t.out, truncate(fmt.Sprintf("── visionone-run: %d streams, %s records accepted, %s since start",
		len(names), count(total), elapsed.Truncate(time.Second)), consoleWidth))
	row := func(name string, cells []string) {
		name = abbreviate(name, nameWidth)
		// Padded by columns, not bytes: an abbreviation's ellipsis is one
		// column of three bytes.
		line := tableIndent + name + strings.Repeat(" ", nameWidth-width(name))
		for j, v := range cells {
			line += fmt.Sprintf(" %*s", widths[j], v)
		}
		fmt.Fprintln(t.out, line)
	}
	titles := make([]string, len(tableColumns))
	for i, c := range tableColumns {
		titles[i] = c.title
	}
	row("STREAM", titles)
	for i, name := range names {
		row(name, rows[i])
	}

	t.prev = map[string]float64{}
	for name, s := range stats {
		t.prev[name] = s.Accepted
	}
}

func count(v float64) string { return fmt.Sprintf("%.0f", math.Max(v, 0)) }
