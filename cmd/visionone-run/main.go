// Command visionone-run is what `make run` runs: it starts the Vision One
// simulator and otelcol-visionone side by side and, every few seconds,
// prints how many records each receiver stream has delivered and how far
// behind it is, read from the collector's own metrics (the receiver's
// trendmicro_visionone_receiver_records and ..._window_lag). The console
// keeps to that table, at most 80 columns wide: the simulator's few lines
// are shown, the collector's output goes to a file (-collector-log) and only
// its warnings and errors are shown, and the first record of each stream is
// shown as the collector writes it to the file exporter's output
// (-records). On Ctrl-C or SIGTERM it stops both, the collector first (a
// terminal's Ctrl-C also reaches them directly), and waits for them.
//
//	visionone-run -simulator _build/visionone-sim -collector _build/otelcol-visionone/otelcol-visionone \
//	    -config config/run.yaml -- [simulator flags]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "visionone-run:", err)
		os.Exit(1)
	}
}

type options struct {
	simulator, collector, config, metricsURL string
	collectorLog, records                    string
	samples                                  bool
	every, grace, readyWait                  time.Duration
	simulatorArgs                            []string
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("visionone-run", flag.ContinueOnError)
	fs.StringVar(&o.simulator, "simulator", "_build/visionone-sim", "simulator binary")
	fs.StringVar(&o.collector, "collector", "_build/otelcol-visionone/otelcol-visionone", "collector binary")
	fs.StringVar(&o.config, "config", "config/run.yaml", "collector configuration")
	fs.StringVar(&o.metricsURL, "metrics", "http://127.0.0.1:8888/metrics", "the collector's Prometheus endpoint (service::telemetry in the config)")
	fs.StringVar(&o.collectorLog, "collector-log", "_build/run/collector.log", "where the collector's output goes (its warnings and errors are also shown)")
	fs.StringVar(&o.records, "records", "_build/run/logs.jsonl", "the file exporter's path in the config, read for -samples")
	fs.BoolVar(&o.samples, "samples", true, "show the first record of each stream")
	fs.DurationVar(&o.every, "every", 5*time.Second, "how often to print the per-stream table")
	fs.DurationVar(&o.grace, "grace", 15*time.Second, "how long each process may take to stop before it is killed")
	fs.DurationVar(&o.readyWait, "ready-wait", 30*time.Second, "how long the simulator may take to start serving")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.every <= 0 || o.grace <= 0 || o.readyWait <= 0 {
		return o, errors.New("-every, -grace and -ready-wait must be positive")
	}
	o.simulatorArgs = fs.Args()
	return o, nil
}

// simulatorReady is the start of the line the simulator prints once it
// listens (cmd/visionone-sim).
const simulatorReady = "visionone-sim: serving "

func run(ctx context.Context, args []string, stdout io.Writer) (err error) {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	out := &lockedWriter{w: stdout}
	start := time.Now()
	say(out, "the collector's own log, with the debug exporter's line per page, goes to "+
		o.collectorLog+"; its warnings and errors show here.")
	records := "Records go to " + o.records + " (OTLP JSON, an export request per line)"
	if o.samples {
		records += "; the first of each stream shows here"
	}
	say(out, records+".")

	ready := make(chan struct{})
	var readyOnce sync.Once
	showSim := prefixed(out, "[sim] ")
	sim, err := startChild("sim", func(line string) {
		showSim(line)
		if strings.HasPrefix(line, simulatorReady) {
			readyOnce.Do(func() { close(ready) })
		}
	}, o.simulator, o.simulatorArgs...)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, sim.stop(o.grace)) }()

	select {
	case <-ready:
	case <-sim.done:
		return fmt.Errorf("the simulator exited before serving (%v)", sim.exitErr())
	case <-time.After(o.readyWait):
		return fmt.Errorf("the simulator did not start serving within %s", o.readyWait)
	case <-ctx.Done():
		return nil
	}

	if err := os.MkdirAll(filepath.Dir(o.collectorLog), 0o750); err != nil {
		return err
	}
	logFile, err := os.Create(o.collectorLog)
	if err != nil {
		return err
	}
	// Deferred before the collector's stop, so it runs after it: the file
	// takes the collector's last lines.
	defer func() { err = errors.Join(err, logFile.Close()) }()
	colOut := &collectorOutput{console: out, file: logFile, path: o.collectorLog, now: time.Now}
	var samples *sampler
	if o.samples {
		// Made before the collector starts: it reads from where the file
		// ends now, so it shows this run's records.
		samples = newSampler(out, o.records)
		defer samples.follow.close()
	}
	col, err := startChild("otelcol", colOut.line, o.collector, "--config", o.config)
	if err != nil {
		return err
	}
	// Deferred after the simulator's stop, so it runs first: the collector
	// stops while the API it reads is still there.
	defer func() { err = errors.Join(err, col.stop(o.grace)) }()

	watch := watcher{out: out, url: o.metricsURL, start: start, every: o.every, client: &http.Client{Timeout: 2 * time.Second}, samples: samples}
	watch.table.out = out
	// Scrape every second, to tell when the first records arrived; the
	// table itself is printed every o.every.
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(out, "visionone-run: stopping the collector, then the simulator")
			return nil
		case <-sim.done:
			return stoppedEarly(ctx, sim)
		case <-col.done:
			err := stoppedEarly(ctx, col)
			if err != nil {
				say(out, "the collector stopped; its last lines follow (all it printed is in "+o.collectorLog+"):")
				for _, line := range colOut.tail() {
					fmt.Fprintln(out, line)
				}
			}
			return err
		case <-ticker.C:
			watch.tick(ctx)
		}
	}
}

// stoppedEarly is the launcher's error when a child exited unasked; none
// after Ctrl-C, whose signal reaches the children too and may stop one
// before the launcher has seen its own.
func stoppedEarly(ctx context.Context, c *child) error {
	if ctx.Err() != nil {
		return nil
	}
	status := "exit status 0"
	if err := c.exitErr(); err != nil {
		status = err.Error()
	}
	return fmt.Errorf("%s stopped on its own (%s)", c.name, status)
}

// watcher reads the collector's metrics and prints the per-stream table.
type watcher struct {
	out       io.Writer
	url       string
	start     time.Time
	every     time.Duration
	client    *http.Client
	table     table
	samples   *sampler  // nil: none shown
	printed   time.Time // when the table was last printed
	waiting   bool      // said that the metrics are not there yet
	firstSeen bool      // said when the first records arrived
}

func (w *watcher) tick(ctx context.Context) {
	stats, err := scrape(ctx, w.client, w.url)
	if err != nil || len(stats) == 0 {
		if !w.waiting {
			fmt.Fprintf(w.out, "visionone-run: waiting for the receiver's metrics at %s\n", w.url)
			w.waiting = true
		}
		return
	}
	now := time.Now()
	if !w.firstSeen && anyAccepted(stats) {
		fmt.Fprintf(w.out, "visionone-run: first records delivered %s after start\n", now.Sub(w.start).Round(100*time.Millisecond))
		w.firstSeen = true
		w.printed = time.Time{} // show them at once
	}
	// A stream's records are in the file before its metric counts them
	// (the exporter writes them within ConsumeLogs), so the samples show
	// the streams the table says have delivered.
	if w.samples != nil {
		if err := w.samples.poll(stats); err != nil {
			say(w.out, fmt.Sprintf("no more records shown: %v", err))
			w.samples = nil
		}
	}
	if now.Sub(w.printed) >= w.every {
		w.table.print(now.Sub(w.start), stats)
		w.printed = now
	}
}

func anyAccepted(stats map[string]streamStats) bool {
	for _, s := range stats {
		if s.Accepted > 0 {
			return true
		}
	}
	return false
}

// say prints the launcher's own message, wrapped to the console's width.
func say(out io.Writer, msg string) {
	for _, line := range wrap(strings.Fields(msg), "visionone-run: ", "               ", consoleWidth, 0) {
		fmt.Fprintln(out, line)
	}
}
