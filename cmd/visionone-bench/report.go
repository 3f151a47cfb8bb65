package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
)

// row is the runs of one backlog drained one way.
type row struct {
	scenario, mode string
	runs           []measurement
}

// spread is the median, min and max of a figure over repeated runs.
type spread struct{ med, lo, hi float64 }

func spreadOf(values []float64) spread {
	s := slices.Clone(values)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return spread{med, s[0], s[len(s)-1]}
}

func (s spread) format(digits int) string {
	return fmt.Sprintf("%.*f (%.*f–%.*f)", digits, s.med, digits, s.lo, digits, s.hi)
}

// figure computes one figure of every run of r.
func (r row) figure(f func(measurement) float64) spread {
	values := make([]float64, len(r.runs))
	for i, m := range r.runs {
		values[i] = f(m)
	}
	return spreadOf(values)
}

func recordsPerSecond(m measurement) float64 { return float64(m.Records) / m.Seconds }
func cpuPer100k(m measurement) float64       { return m.CPU / float64(m.Records) * 100_000 }

func printEndToEnd(w io.Writer, rows []row) {
	fmt.Fprintln(w, "## End to end: median (min–max)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| backlog | drained by | runs | records/s | CPU s per 100k records | peak RSS MiB | requests per 1000 records | minimum by page sizes |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s |\n", r.scenario, r.mode, len(r.runs),
			r.figure(recordsPerSecond).format(0),
			r.figure(cpuPer100k).format(2),
			r.figure(func(m measurement) float64 { return mib(m.PeakRSS) }).format(0),
			r.figure(func(m measurement) float64 { return float64(m.requests) / float64(m.want) * 1000 }).format(2),
			r.figure(func(m measurement) float64 { return float64(m.minRequests) / float64(m.want) * 1000 }).format(2))
	}
	fmt.Fprintln(w)
	// The receiver against the minimal loop over the same backlog.
	for _, r := range rows {
		if r.mode != "drain" {
			continue
		}
		for _, m := range rows {
			if m.mode == "minimal" && m.scenario == r.scenario {
				fmt.Fprintf(w, "- %s: receiver / minimal loop: throughput %.2f, CPU per record %.2f (medians)\n", r.scenario,
					r.figure(recordsPerSecond).med/m.figure(recordsPerSecond).med,
					r.figure(cpuPer100k).med/m.figure(cpuPer100k).med)
			}
		}
		if windows := r.runs[0].Windows; windows != nil {
			fmt.Fprintf(w, "- %s: the receiver's query windows (first run): %v\n", r.scenario, windows)
		}
	}
	fmt.Fprintln(w)
}

// printBackfill reports the rate-limited backfill against the least time
// the limit allows, two ways. The simulator counts its limit in fixed 60 s
// windows from a key's first request, so n requests need at least
// (ceil(n/limit) - 1) minutes (a burst at the start of every window); over
// a long backfill that tends to n/limit minutes, the steady rate.
func printBackfill(w io.Writer, sc scenario, m measurement) {
	limit := sc.rateLimit
	fixed := func(n int) float64 { return float64((n+limit-1)/limit-1) * 60 }
	steady := func(n int) float64 { return float64(n) / float64(limit) * 60 }
	fmt.Fprintf(w, "## Rate-limited backfill: %s of OAT history, limit %d requests/min on oat/detections, budget %d\n\n", sc.history, limit, sc.budget)
	fmt.Fprintln(w, "| records | requests | minimum by page sizes | drain s | least s, fixed windows (minimum / made) | least s, steady rate (minimum / made) | drain / least (fixed, minimum) | drain / least (steady, minimum) | drain / least (steady, made) | 429s | peak requests in 60 s |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	// Requests that fit in the first fixed window could all go at once.
	fixedRatio := "n/a (fits one window)"
	if least := fixed(m.minRequests); least > 0 {
		fixedRatio = fmt.Sprintf("%.2f", m.Seconds/least)
	}
	fmt.Fprintf(w, "| %d | %d | %d | %.1f | %.0f / %.0f | %.0f / %.0f | %s | %.2f | %.2f | %d | %d |\n\n",
		m.Records, m.requests, m.minRequests, m.Seconds,
		fixed(m.minRequests), fixed(m.requests), steady(m.minRequests), steady(m.requests),
		fixedRatio, m.Seconds/steady(m.minRequests), m.Seconds/steady(m.requests),
		m.throttled, m.peakPerMinute)
}

// latencyRow is one latency scenario's measurement.
type latencyRow struct {
	sc scenario
	m  measurement
}

// printLatency reports the latency scenarios: drain time against the least
// time the budget allows for the requests made (requests ÷ budget).
func printLatency(w io.Writer, rows []latencyRow) {
	fmt.Fprintf(w, "## Backfills with API latency, budget %d requests/min (the simulator's limit on the endpoint too)\n\n", latencyBudget)
	fmt.Fprintln(w, "| scenario | records | requests | least s (requests ÷ budget) | drain s | drain ÷ least | 429s | peak requests in 60 s | peak RSS MiB |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		least := float64(r.m.requests) / float64(r.sc.budget) * 60
		fmt.Fprintf(w, "| %s | %d | %d | %.1f | %.1f | %.2f | %d | %d | %.0f |\n", r.sc.name, r.m.Records, r.m.requests,
			least, r.m.Seconds, r.m.Seconds/least, r.m.throttled, r.m.peakPerMinute, mib(r.m.PeakRSS))
	}
	fmt.Fprintln(w)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// printMachine states what the figures were measured on.
func printMachine(w io.Writer) {
	model := "unknown"
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "unknown"
	if info, err := os.ReadFile("/proc/meminfo"); err == nil {
		mem = strings.Join(strings.Fields(strings.SplitN(string(info), "\n", 2)[0])[1:], " ")
	}
	fmt.Fprintf(w, "Machine: %d CPUs (%s), memory %s, %s, load average at start %s\n\n",
		runtime.NumCPU(), model, mem, runtime.Version(), loadAverage())
}

// loadAverage is the 1, 5 and 15 minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
