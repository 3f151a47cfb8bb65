// Command visionone-sim serves the Trend Vision One API simulator (package
// simulator) on a local address, for running the receiver by hand and for
// end-to-end tests. Every flag also reads an environment variable, named
// VISIONONE_SIM_ plus the flag in upper case with dashes as underscores
// (e.g. -addr and VISIONONE_SIM_ADDR; the repeatable -fault reads
// VISIONONE_SIM_FAULTS, rules separated by ";"); a flag given on the
// command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "visionone-sim:", err)
		os.Exit(1)
	}
}

// run parses the configuration, serves until ctx ends, then shuts down
// gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	cfg, err := parseConfig(args, getenv)
	if err != nil {
		return err
	}
	sim, err := simulator.New(cfg.opts)
	if err != nil {
		return err
	}
	defer sim.Close()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	base := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "visionone-sim: serving %s/v3.0 (admin %s/admin/), clock %s at %s, seed %d\n",
		base, base, sim.Clock().Mode(), sim.Now().Format(time.RFC3339), cfg.opts.Seed)
	if !cfg.opts.NoDemoKey {
		fmt.Fprintf(out, "visionone-sim: demo key (all roles): %s\n", simulator.DemoKey)
	}
	if n := len(cfg.opts.Keys); n > 0 {
		fmt.Fprintf(out, "visionone-sim: %d more key(s) configured\n", n)
	}

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(out, "visionone-sim: stopped")
	return nil
}

// config is what the command line and environment configure.
type config struct {
	addr string
	opts simulator.Options
}

const envPrefix = "VISIONONE_SIM_"

// envName is the environment variable a flag falls back to. The repeatable
// -fault reads VISIONONE_SIM_FAULTS, which holds ;-separated rules.
func envName(flagName string) string {
	if flagName == "fault" {
		flagName = "faults"
	}
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func parseConfig(args []string, getenv func(string) string) (config, error) {
	var (
		cfg          config
		o            = &cfg.opts
		keys         keysFlag
		rates        = mapFlag[float64]{}
		limits       = mapFlag[int]{}
		faults       faultsFlag
		changes      = newFeedMapFlag("min..max", parseChangeRange, func(r simulator.ChangeRange) string { return fmt.Sprint(r.Min, "..", r.Max) })
		lateTails    = newFeedMapFlag("fraction:max", parseLateTail, func(l simulator.LateTail) string { return fmt.Sprint(l.Fraction, ":", l.Max) })
		latencies    = newFeedMapFlag("fixed:jitter:perItem", parseLatency, func(l simulator.Latency) string { return fmt.Sprint(l.Fixed, ":", l.Jitter, ":", l.PerItem) })
		clockMode    = string(simulator.ClockReal)
		clockOffset  time.Duration
		clockStart   timeFlag
		stopTime     timeFlag
		noRetryAfter bool
	)
	fs := flag.NewFlagSet("visionone-sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned; -h prints through usage below
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8089", "listen address")
	fs.Var(&keys, "keys", "extra API keys: `key=role1,role2;key2=all` (roles: one per feed's permission, e.g. workbench, oat, audit, search, caseManagement, and oatPipeline, oatPipelineManage, datalakePipeline, datalakePipelineManage; or all)")
	fs.BoolVar(&o.NoDemoKey, "no-demo-key", false, "do not accept the demo key")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of all generated data")
	fs.DurationVar(&o.History, "history", simulator.DefaultHistory, "how much history exists at start")
	fs.Var(rates, "rates", "records per hour per feed: `feed=n,...`, e.g. oat/detections=600")
	fs.DurationVar(&o.IngestDelayMin, "ingest-delay-min", simulator.DefaultIngestDelayMin, "shortest ingestion delay")
	fs.DurationVar(&o.IngestDelayMax, "ingest-delay-max", simulator.DefaultIngestDelayMax, "longest ingestion delay")
	fs.DurationVar(&o.AlertChangeMin, "alert-change-min", simulator.DefaultAlertChangeMin, "earliest change of a workbench alert after its creation")
	fs.DurationVar(&o.AlertChangeMax, "alert-change-max", simulator.DefaultAlertChangeMax, "latest change of a workbench alert after its creation")
	fs.Var(latencies, "latency", "how long a feed's pages take: `feed=fixed:jitter:perItem,...` (* for every feed), e.g. search/detections=5s:1s:200us")
	fs.Var(lateTails, "late-tails", "a share of a feed's records visible late, up to max: `feed=fraction:max,...`, e.g. search/detections=0.01:2h")
	fs.Var(changes, "change-ranges", "when items of a changing feed change after creation: `feed=min..max,...` (workbench/alerts, caseManagement/cases, the task feeds)")
	fs.IntVar(&o.RateLimit, "rate-limit", simulator.DefaultRateLimit, "requests per 60 s per key and endpoint (negative: none)")
	fs.Var(limits, "rate-limits", "per-endpoint rate limits: `endpoint=n,...`")
	fs.BoolVar(&noRetryAfter, "no-retry-after", false, "omit Retry-After on 429")
	fs.BoolVar(&o.LenientHeaders, "lenient-headers", false, "let follow-up pages omit TMV1-Filter/TMV1-Query")
	fs.DurationVar(&o.TokenTTL, "token-ttl", simulator.DefaultTokenTTL, "page token lifetime (simulated clock)")
	fs.StringVar(&clockMode, "clock", clockMode, "clock mode: real, offset or manual")
	fs.DurationVar(&clockOffset, "clock-offset", 0, "offset from wall time (clock offset)")
	fs.Var(&clockStart, "clock-start", "start time (RFC 3339) of a manual clock; default now")
	fs.Var(&stopTime, "stop-time", "RFC 3339 time after which no records arrive")
	fs.Var(&faults, "fault", "a fault rule, repeatable: `kind=status,status=503,endpoint=oat/detections,count=2` (env: ;-separated)")
	fs.DurationVar(&o.RequestDeadline, "request-deadline", simulator.DefaultRequestDeadline, "injected latency beyond this answers 504")
	fs.BoolVar(&o.WorkbenchEndExclusive, "workbench-end-exclusive", false, "make workbench endDateTime exclusive")
	fs.BoolVar(&o.AuditEndExclusive, "audit-end-exclusive", false, "make audit endDateTime exclusive")
	fs.StringVar(&o.AuditDefaultOrder, "audit-default-order", simulator.DefaultAuditOrder, "audit orderBy when none is sent")
	fs.BoolVar(&o.AuditClipStart, "audit-clip-start", false, "clip audit starts older than 180 days instead of answering 400")
	fs.BoolVar(&o.Quirks, "quirks", false, "serve the real-world item shapes that differ from Trend's OpenAPI document (scalars for arrays, values outside enums)")
	fs.BoolVar(&o.PipelineNoLocation, "pipeline-no-location", false, "answer a data pipeline registration's 201 without its Location header")
	fs.DurationVar(&o.PackageInterval, "package-interval", simulator.DefaultPackageInterval, "how often each data pipeline makes a package (whole seconds, 1s..1h)")
	fs.DurationVar(&o.PackageDelay, "package-delay", simulator.DefaultPackageDelay, "how long after its interval a package is created (0: at once)")
	fs.DurationVar(&o.PackageRetention, "package-retention", simulator.DefaultPackageRetention, "how long a package is kept after its creation")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stderr)
			fs.PrintDefaults()
		}
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := applyEnv(fs, getenv); err != nil {
		return config{}, err
	}

	o.Keys = keys.keys
	if o.PackageDelay == 0 { // given as 0: none (Options reads 0 as the default)
		o.PackageDelay = -1
	}
	o.NoRetryAfter = noRetryAfter
	o.StopTime = stopTime.t
	o.Faults = faults.rules
	o.Rates = rates.asFeeds()
	o.RateLimits = limits
	if len(lateTails.m) > 0 {
		o.LateTails = lateTails.m
	}
	if len(latencies.m) > 0 {
		o.Latencies = latencies.m
	}
	if len(changes.m) > 0 {
		o.ChangeRanges = changes.m
		// -alert-change-min/max left at their defaults yield to the range
		// -change-ranges gives workbench alerts.
		if r, ok := changes.m[simulator.Workbench]; ok &&
			o.AlertChangeMin == simulator.DefaultAlertChangeMin && o.AlertChangeMax == simulator.DefaultAlertChangeMax {
			o.AlertChangeMin, o.AlertChangeMax = r.Min, r.Max
		}
	}
	switch simulator.ClockMode(clockMode) {
	case simulator.ClockReal:
		o.Clock = simulator.RealClock()
	case simulator.ClockOffset:
		o.Clock = simulator.OffsetClock(clockOffset)
	case simulator.ClockManual:
		start := clockStart.t
		if start.IsZero() {
			start = time.Now()
		}
		o.Clock = simulator.ManualClock(start.Truncate(time.Second))
	default:
		return config{}, fmt.Errorf("-clock %q: want real, offset or manual", clockMode)
	}
	return cfg, nil
}

// applyEnv sets every flag not given on the command line from its
// environment variable, through the flag's own parser.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		v := getenv(envName(f.Name))
		if given[f.Name] || v == "" {
			return
		}
		values := []string{v}
		if f.Name == "fault" { // repeatable: one variable holds them all
			values = strings.Split(v, ";")
		}
		for _, one := range values {
			if err := fs.Set(f.Name, strings.TrimSpace(one)); err != nil {
				// Never echo the value: it may hold API keys.
				errs = append(errs, fmt.Errorf("%s: %w", envName(f.Name), err))
			}
		}
	})
	return errors.Join(errs...)
}
