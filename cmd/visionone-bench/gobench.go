package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// goBenchUnits are the metrics reported, in this order, when present.
var goBenchUnits = []string{"ns/record", "B/record", "allocs/record", "MB/s", "x_ceiling"}

// summariseGoBench prints the median, min and max of every metric of every
// benchmark in a `go test -bench -count N` output. Hand-written rather than
// benchstat (golang.org/x/perf): benchstat prints medians with confidence
// intervals, not the min and max BENCHMARKS.md reports, and the format is
// one line per run of "name iterations value unit value unit ...".
func summariseGoBench(path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	values := map[string]map[string][]float64{}
	var names []string
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := fields[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		if values[name] == nil {
			values[name] = map[string][]float64{}
			names = append(names, name)
		}
		for i := 2; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				values[name][fields[i+1]] = append(values[name][fields[i+1]], v)
			}
		}
	}
	if err := lines.Err(); err != nil {
		return err
	}
	fmt.Fprintf(w, "| benchmark | runs | %s |\n", strings.Join(goBenchUnits, " | "))
	fmt.Fprintf(w, "|---|---|%s\n", strings.Repeat("---|", len(goBenchUnits)))
	for _, name := range names {
		cells := make([]string, 0, len(goBenchUnits))
		runs := 0
		for _, unit := range goBenchUnits {
			v := values[name][unit]
			if len(v) == 0 {
				cells = append(cells, "")
				continue
			}
			runs = max(runs, len(v))
			digits := 0
			if slices.Contains([]string{"x_ceiling", "MB/s", "allocs/record"}, unit) {
				digits = 2
			}
			cells = append(cells, spreadOf(v).format(digits))
		}
		fmt.Fprintf(w, "| %s | %d | %s |\n", strings.TrimPrefix(name, "Benchmark"), runs, strings.Join(cells, " | "))
	}
	return nil
}
