// Command visionone-bench measures the receiver end to end (make bench):
// it starts the simulator as a process of its own, preloaded with a
// backlog, and drains it
//
//   - drain: with the receiver in a child process whose consumer only counts
//     records, so CPU time and peak RSS are the receiver's own;
//   - minimal: with a minimal loop in a child process that fetches the same
//     pages with net/http and decodes them with json.Unmarshal into any,
//     the ceiling the receiver is compared with;
//   - collector: with the ocb-built collector, the receiver writing to the
//     file exporter.
//
// Then the rate-limited backfill: days of OAT history behind the
// simulator's rate limit, the receiver's budget set to that limit. Results
// are printed as Markdown (BENCHMARKS.md holds them). With -gobench FILE it
// instead summarises `go test -bench` output (median, min and max of every
// metric of every benchmark).
//
//	visionone-bench -simulator _build/visionone-sim -collector _build/otelcol-visionone/otelcol-visionone
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	simulator, collector, dir string
	runs                      int
	records                   int
	smaller                   []int
	backfillDays, limit       int
	pipelineRecords           int
	latencyDays               []int
	modes                     []string
	timeout                   time.Duration
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "visionone-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	var (
		o                    options
		modes, child, spec   string
		endpoint, gobench    string
		smaller, latencyDays string
		want                 int
	)
	fs := flag.NewFlagSet("visionone-bench", flag.ContinueOnError)
	fs.StringVar(&o.simulator, "simulator", "_build/visionone-sim", "simulator binary")
	fs.StringVar(&o.collector, "collector", "_build/otelcol-visionone/otelcol-visionone", "collector binary ('' to skip the collector runs)")
	fs.StringVar(&o.dir, "dir", "_build/bench", "working directory (collector config and output)")
	fs.IntVar(&o.runs, "runs", 3, "runs of each end-to-end measurement")
	fs.IntVar(&o.records, "records", 1_000_000, "records of the large backlog; 0 skips it")
	fs.StringVar(&latencyDays, "latency-days", "1,7", "days of backlog of the latency scenarios, comma-separated (the fewest also read one window at a time, as before windows_in_flight); '' for none")
	fs.StringVar(&smaller, "smaller", "10000,100000", "records of smaller backlogs, comma-separated (peak RSS must not grow with the backlog); '' for none")
	fs.IntVar(&o.backfillDays, "backfill-days", 7, "days of OAT history of the rate-limited backfill; 0 skips it")
	fs.IntVar(&o.limit, "backfill-limit", 120, "the simulator's rate limit and the receiver's budget in the backfill (requests a minute)")
	fs.IntVar(&o.pipelineRecords, "pipeline-records", 200_000, "OAT records of the pipeline scenarios (list endpoint against packages of 5 and 30 minutes); 0 skips them")
	fs.StringVar(&modes, "modes", "drain,minimal,collector", "what drains the backlogs")
	fs.DurationVar(&o.timeout, "timeout", 20*time.Minute, "deadline of one drain")
	fs.StringVar(&gobench, "gobench", "", "summarise this `go test -bench` output instead")
	// Internal: a child process draining one scenario.
	fs.StringVar(&child, "child", "", "internal: drain or minimal")
	fs.StringVar(&spec, "scenario", "", "internal: the scenario of a child")
	fs.StringVar(&endpoint, "endpoint", "", "internal: the simulator's address for a child")
	fs.IntVar(&want, "want", 0, "internal: records a child drains")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.modes = strings.Split(modes, ",")
	for _, v := range strings.Split(latencyDays, ",") {
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("-latency-days: %w", err)
		}
		o.latencyDays = append(o.latencyDays, n)
	}
	for _, v := range strings.Split(smaller, ",") {
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("-smaller: %w", err)
		}
		o.smaller = append(o.smaller, n)
	}

	switch {
	case gobench != "":
		return summariseGoBench(gobench, os.Stdout)
	case child != "":
		sc, err := parseScenario(spec)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(ctx, o.timeout)
		defer cancel()
		return runChild(ctx, child, sc, endpoint, os.Getenv(tokenEnv), want)
	}
	return benchmark(ctx, o)
}

// tokenEnv carries the simulator's demo key to children: not on a
// command line.
const tokenEnv = "VISIONONE_API_KEY"

// parseScenario reads "backlog:<records>", "backfill:<days>:<limit>",
// "pipeline:<records>:<package seconds>" or
// "latency:<feed>:<days>:<latency ms>:<windows>".
func parseScenario(spec string) (scenario, error) {
	parts := strings.Split(spec, ":")
	var feedName string
	if parts[0] == "latency" && len(parts) == 5 {
		feedName, parts = parts[1], append(parts[:1:1], parts[2:]...)
	}
	nums := make([]int, 0, 2)
	for _, p := range parts[1:] {
		n, err := strconv.Atoi(p)
		if err != nil {
			return scenario{}, fmt.Errorf("scenario %q: %w", spec, err)
		}
		nums = append(nums, n)
	}
	switch {
	case parts[0] == "backlog" && len(nums) == 1:
		return backlog(fmt.Sprintf("%d records", nums[0]), nums[0]), nil
	case parts[0] == "backfill" && len(nums) == 2:
		return backfill(nums[0], nums[1]), nil
	case parts[0] == "pipeline" && len(nums) == 2:
		return pipelineRun(nums[0], time.Duration(nums[1])*time.Second), nil
	case parts[0] == "latency" && len(nums) == 3 && slices.ContainsFunc(mix, func(f feed) bool { return f.name == feedName }):
		return latencyRun(feedName, nums[0], time.Duration(nums[1])*time.Millisecond, nums[2]), nil
	}
	return scenario{}, fmt.Errorf("scenario %q: want backlog:<records>, backfill:<days>:<limit>, pipeline:<records>:<package seconds> "+
		"or latency:<feed>:<days>:<latency ms>:<windows>", spec)
}

// runChild drains sc and prints what it cost as JSON.
func runChild(ctx context.Context, mode string, sc scenario, endpoint, token string, want int) error {
	var u usage
	var err error
	switch mode {
	case "drain":
		u, err = drain(ctx, sc.receiverConfig(endpoint, token), want)
	case "minimal":
		u, err = minimalLoop(ctx, sc, endpoint, token)
	default:
		err = fmt.Errorf("-child %q: want drain or minimal", mode)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(u)
}

// startChild runs this binary as a child draining spec.
func startChild(ctx context.Context, mode, spec, endpoint, token string, want int, timeout time.Duration) (usage, error) {
	self, err := os.Executable()
	if err != nil {
		return usage{}, err
	}
	cmd := exec.CommandContext(ctx, self, "-child", mode, "-scenario", spec, "-endpoint", endpoint,
		"-want", strconv.Itoa(want), "-timeout", timeout.String())
	cmd.Env = append(os.Environ(), tokenEnv+"="+token)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return usage{}, fmt.Errorf("%s child: %w", mode, err)
	}
	var u usage
	if err := json.Unmarshal(out, &u); err != nil {
		return usage{}, fmt.Errorf("%s child output: %w", mode, err)
	}
	return u, nil
}

// measurement is one drained backlog: the child's usage and what the
// simulator saw.
type measurement struct {
	usage
	want, requests, minRequests, throttled, peakPerMinute int
}

// measure starts a simulator holding sc, drains it with mode, and stops it.
func measure(ctx context.Context, o options, sc scenario, spec, mode string) (measurement, error) {
	sim, err := startSimulator(ctx, o.simulator, sc.simulatorArgs(time.Now()))
	if err != nil {
		return measurement{}, err
	}
	defer func() { _ = sim.Stop(simStopGrace) }()
	counts, err := truthCounts(ctx, sim, sc, time.Now())
	if err != nil {
		return measurement{}, err
	}
	want := 0
	for _, n := range counts {
		want += n
	}
	if err := sim.ResetStats(ctx); err != nil {
		return measurement{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	var u usage
	switch mode {
	case "collector":
		if err := os.MkdirAll(o.dir, 0o755); err != nil {
			return measurement{}, err
		}
		u, err = runCollector(ctx, o.collector, o.dir, sc.receiverConfig(sim.Base(), sim.DemoKey()), want)
	default:
		u, err = startChild(ctx, mode, spec, sim.Base(), sim.DemoKey(), want, o.timeout)
	}
	if err != nil {
		return measurement{}, err
	}
	raw, err := sim.Stats(ctx)
	if err != nil {
		return measurement{}, err
	}
	st := simStats(raw)
	return measurement{
		usage: u, want: want, requests: st.feedRequests(), minRequests: sc.minRequests(counts),
		throttled: st.Throttled, peakPerMinute: st.peak(),
	}, nil
}

// benchmark runs every end-to-end measurement and prints the tables.
func benchmark(ctx context.Context, o options) error {
	fmt.Printf("# visionone-bench, %s\n\n", time.Now().UTC().Format(time.RFC3339))
	printMachine(os.Stdout)
	var specs []string
	if o.records > 0 {
		specs = append(specs, fmt.Sprintf("backlog:%d", o.records))
	}
	for _, n := range o.smaller {
		specs = append(specs, fmt.Sprintf("backlog:%d", n))
	}
	var rows []row
	for _, spec := range specs {
		sc, _ := parseScenario(spec)
		for _, mode := range o.modes {
			if mode == "collector" && o.collector == "" {
				continue
			}
			r := row{scenario: sc.name, mode: mode}
			for i := range o.runs {
				m, err := measure(ctx, o, sc, spec, mode)
				if err != nil {
					return fmt.Errorf("%s, %s, run %d: %w", sc.name, mode, i+1, err)
				}
				fmt.Fprintf(os.Stderr, "visionone-bench: %s %s run %d: %d records (ground truth %d) in %.1f s, %.2f CPU s, peak RSS %.0f MiB, %d requests, windows %v; load %s\n",
					sc.name, mode, i+1, m.Records, m.want, m.Seconds, m.CPU, mib(m.PeakRSS), m.requests, m.Windows, loadAverage())
				if m.Records < m.want {
					return fmt.Errorf("%s, %s: %d of %d records", sc.name, mode, m.Records, m.want)
				}
				r.runs = append(r.runs, m)
			}
			rows = append(rows, r)
		}
	}
	printEndToEnd(os.Stdout, rows)

	if o.backfillDays > 0 {
		spec := fmt.Sprintf("backfill:%d:%d", o.backfillDays, o.limit)
		sc, _ := parseScenario(spec)
		m, err := measure(ctx, o, sc, spec, "drain")
		if err != nil {
			return fmt.Errorf("backfill: %w", err)
		}
		printBackfill(os.Stdout, sc, m)
		if m.throttled > 0 {
			return errors.New("backfill: the simulator answered 429 with the budget at its limit")
		}
	}
	if err := latencyBench(ctx, o); err != nil {
		return err
	}
	if o.pipelineRecords > 0 {
		return pipelineBench(ctx, o)
	}
	return nil
}

// latencyFeeds are the feeds of the latency scenarios and each one's page
// latency: a second for the list endpoints, five for search pages.
var latencyFeeds = []struct {
	name    string
	latency time.Duration
}{
	{"oat/detections", time.Second}, {"audit/logs", time.Second}, {"workbench/alerts", time.Second},
	{"search/endpointActivities", 5 * time.Second},
}

// latencyBench drains a backfill of each latency feed at each of
// o.latencyDays, with the default windows_in_flight and, for the fewest
// days, one window at a time as before it: drain time against the least
// the budget allows for the requests made.
func latencyBench(ctx context.Context, o options) error {
	if len(o.latencyDays) == 0 {
		return nil
	}
	var rows []latencyRow
	for _, f := range latencyFeeds {
		for i, days := range o.latencyDays {
			windows := []int{0}
			if i == 0 {
				windows = []int{1, 0}
			}
			for _, w := range windows {
				spec := fmt.Sprintf("latency:%s:%d:%d:%d", f.name, days, f.latency.Milliseconds(), w)
				sc, err := parseScenario(spec)
				if err != nil {
					return err
				}
				m, err := measure(ctx, o, sc, spec, "drain")
				if err != nil {
					return fmt.Errorf("%s: %w", sc.name, err)
				}
				fmt.Fprintf(os.Stderr, "visionone-bench: %s: %d records in %.1f s, %d requests, %d 429s\n",
					sc.name, m.Records, m.Seconds, m.requests, m.throttled)
				if m.Records < m.want {
					return fmt.Errorf("%s: %d of %d records", sc.name, m.Records, m.want)
				}
				rows = append(rows, latencyRow{sc, m})
			}
		}
	}
	printLatency(os.Stdout, rows)
	return nil
}

// pipelineBench drains the same OAT backlog through the list endpoint and
// through the OAT data pipeline at two package sizes: records/s and CPU per
// record of each path, and peak RSS against package size.
func pipelineBench(ctx context.Context, o options) error {
	var rows []row
	for _, seconds := range []int{0, 300, 1800} {
		spec := fmt.Sprintf("pipeline:%d:%d", o.pipelineRecords, seconds)
		sc, _ := parseScenario(spec)
		r := row{scenario: sc.name, mode: "drain"}
		for i := range o.runs {
			m, err := measure(ctx, o, sc, spec, "drain")
			if err != nil {
				return fmt.Errorf("%s, run %d: %w", sc.name, i+1, err)
			}
			fmt.Fprintf(os.Stderr, "visionone-bench: %s run %d: %d records (ground truth %d) in %.1f s, %.2f CPU s, peak RSS %.0f MiB; load %s\n",
				sc.name, i+1, m.Records, m.want, m.Seconds, m.CPU, mib(m.PeakRSS), loadAverage())
			if m.Records < m.want {
				return fmt.Errorf("%s: %d of %d records", sc.name, m.Records, m.want)
			}
			r.runs = append(r.runs, m)
		}
		rows = append(rows, r)
	}
	fmt.Fprintln(os.Stdout, "## Data pipeline against the list endpoint (the receiver in process)")
	fmt.Fprintln(os.Stdout)
	printEndToEnd(os.Stdout, rows)
	return nil
}
