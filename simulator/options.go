package simulator

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// Options configure a Simulator. The zero value is a usable simulator: seed
// 0, three days of history, a real clock, the demo key, realistic rates and
// limits, strict headers.
type Options struct {
	// Seed decides all data: the same seed (and rates) gives the same records.
	Seed uint64
	// History is how far back from the clock's time at New records exist.
	// Default 72h.
	History time.Duration
	// Clock is the simulated clock. Default RealClock().
	Clock *Clock
	// RateClock is the wall clock for rate limiting and its statistics,
	// injectable so tests need not wait a minute. Default time.Now.
	RateClock func() time.Time

	// Keys are accepted in addition to DemoKey (unless NoDemoKey).
	Keys      []APIKey
	NoDemoKey bool

	// Rates overrides records per hour per feed (a present zero means none);
	// see DefaultRates.
	Rates map[Feed]float64
	// IngestDelayMin and IngestDelayMax bound the per-record delay between an
	// OAT, audit or search record's event time and its ingestion (when it
	// becomes visible). Defaults 5s and 2m. Workbench alerts have none.
	IngestDelayMin, IngestDelayMax time.Duration
	// Latencies make a feed's pages take time, as a real tenant's do: a
	// Fixed part, up to Jitter more (uniform), and PerItem for each item of
	// the page, at most RequestDeadline (the latency fault is what answers
	// 504). "*" applies to every feed without one of its own.
	Latencies map[Feed]Latency
	// LateTails give feeds a tail of late visibility: a Fraction of a
	// feed's records becomes visible between IngestDelayMax (for a feed
	// visible at creation, its event time) and Max after its event time,
	// spread evenly, the rest within [IngestDelayMin, IngestDelayMax] (at
	// creation). A feed left out has no tail. The records' times and content do not
	// change with it, only when they become visible.
	LateTails map[Feed]LateTail
	// AlertChangeMin and AlertChangeMax bound when a workbench alert's later
	// changes (status, owners, findings) happen after its creation.
	// Defaults 10m and 72h; tests that watch updates arrive live shorten them.
	// They are ChangeRanges[Workbench] by its older name.
	AlertChangeMin, AlertChangeMax time.Duration
	// ChangeRanges bound, per feed whose items change (workbench alerts,
	// cases, tasks), when an item's later changes happen after its
	// creation; a feed left out keeps its default (DefaultChangeRanges).
	ChangeRanges map[Feed]ChangeRange
	// StopTime, if set, ends arrivals: records whose event time is at or
	// after it do not exist (until ClearStopTime).
	StopTime time.Time
	// Quirks serves items in the shapes other integrations have met in real
	// data where those differ from Trend's OpenAPI document for v3.0:
	// scalars where it declares arrays (search detections act, src,
	// processSigner; OAT third-party act, src, dst), values outside its
	// enums (detections actResult "Passed", act "Deny Access"; endpoint
	// activity winEventId 0 and 4688) and OAT detail eventTime as a string.
	// Default false: every item matches the document's schemas (README).
	Quirks bool

	// RateLimit is the number of requests per 60-second window per (API key,
	// endpoint); 0 means DefaultRateLimit, negative means unlimited.
	// RateLimits overrides it per endpoint (a feed's Kind, or
	// "healthcheck/connectivity"), with the same conventions.
	RateLimit  int
	RateLimits map[string]int
	// NoRetryAfter drops the Retry-After header from 429 answers.
	NoRetryAfter bool

	// LenientHeaders lets follow-up pages omit TMV1-Filter / TMV1-Query: the
	// page token names it (by a hash of it; the simulator keeps every
	// distinct header it was sent, so a token works with the simulator that
	// issued it). Default strict: a follow-up page whose header is
	// missing or differs is rejected (§1.5, §7.6).
	LenientHeaders bool
	// TokenTTL is how long a page token stays valid on the simulated clock.
	// Default 10m.
	TokenTTL time.Duration

	// WorkbenchEndExclusive and AuditEndExclusive make endDateTime exclusive
	// for those feeds; undocumented upstream, inclusive by default (§8).
	WorkbenchEndExclusive, AuditEndExclusive bool
	// AuditDefaultOrder is the audit orderBy when none is sent; Trend's
	// OpenAPI document contradicts itself (§5.1, §8). Default
	// "loggedDateTime desc".
	AuditDefaultOrder string
	// AuditClipStart clips an audit startDateTime older than 180 days to the
	// retention start instead of answering 400.
	AuditClipStart bool

	// RequestDeadline is when injected latency turns into a 504 (§1.8).
	// Default 60s.
	RequestDeadline time.Duration

	// PipelineNoLocation answers a data pipeline registration's 201
	// without its Location header: a client must then find its pipeline
	// by listing them (pipeline.go).
	PipelineNoLocation bool
	// PackageInterval is how often each data pipeline makes a package
	// (whole seconds, 1s to 1h). Default 5m.
	PackageInterval time.Duration
	// PackageDelay is how long after its interval a package is created
	// (whole seconds, at most 1h); 0 means the default, 10s, negative
	// none.
	PackageDelay time.Duration
	// PackageRetention is how long a package is kept after its creation,
	// and how far back a package list may start. Default 7 days (the
	// document's).
	PackageRetention time.Duration
	// Faults are the fault rules active from the start.
	Faults []Fault
}

// Defaults for undocumented behaviour, chosen and documented in README.md.
const (
	DefaultHistory         = 72 * time.Hour
	DefaultRateLimit       = 500 // per 60 s, the only figure other integrations report (§1.8)
	DefaultTokenTTL        = 10 * time.Minute
	DefaultRequestDeadline = 60 * time.Second // §1.8
	DefaultIngestDelayMin  = 5 * time.Second
	DefaultIngestDelayMax  = 2 * time.Minute
	DefaultAlertChangeMin  = gen.DefaultChangeMin
	DefaultAlertChangeMax  = gen.DefaultChangeMax
	DefaultAuditOrder      = "loggedDateTime desc"

	DefaultPackageInterval  = 5 * time.Minute
	DefaultPackageDelay     = 10 * time.Second
	DefaultPackageRetention = 7 * 24 * time.Hour // the document: packages are kept seven days
)

// Latency is how long a feed's page takes (Options.Latencies).
type Latency struct {
	Fixed, Jitter, PerItem time.Duration
}

// LateTail is a feed's tail of late records (Options.LateTails).
type LateTail struct {
	Fraction float64
	Max      time.Duration
}

// ChangeRange bounds when an item's later changes happen after its
// creation (Options.ChangeRanges).
type ChangeRange struct{ Min, Max time.Duration }

// DefaultChangeRanges are the change ranges of the feeds whose items change:
// workbench alerts and cases minutes to days, tasks seconds to minutes.
func DefaultChangeRanges() map[Feed]ChangeRange {
	ranges := map[Feed]ChangeRange{}
	for _, f := range feedList {
		if gen.HasVersions(f.kind) {
			lo, hi := gen.ChangeRange(f.kind)
			ranges[f.kind] = ChangeRange{lo, hi}
		}
	}
	return ranges
}

// DefaultRates are the records per hour of each feed: a small tenant's
// plausible volumes (each feed's descriptor has its own, feeds.go).
func DefaultRates() map[Feed]float64 {
	rates := make(map[Feed]float64, len(feedList))
	for _, f := range feedList {
		rates[f.kind] = f.rate
	}
	return rates
}

// withDefaults fills zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	if o.History == 0 {
		o.History = DefaultHistory
	}
	if o.Clock == nil {
		o.Clock = RealClock()
	}
	if o.RateClock == nil {
		o.RateClock = time.Now
	}
	rates := DefaultRates()
	for k, v := range o.Rates {
		rates[k] = v
	}
	o.Rates = rates
	if o.IngestDelayMin == 0 && o.IngestDelayMax == 0 {
		o.IngestDelayMin, o.IngestDelayMax = DefaultIngestDelayMin, DefaultIngestDelayMax
	}
	ranges, errs := o.changeRanges()
	o.ChangeRanges = ranges
	o.AlertChangeMin, o.AlertChangeMax = ranges[Workbench].Min, ranges[Workbench].Max
	if o.RateLimit == 0 {
		o.RateLimit = DefaultRateLimit
	}
	if o.TokenTTL == 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.AuditDefaultOrder == "" {
		o.AuditDefaultOrder = DefaultAuditOrder
	}
	if o.RequestDeadline == 0 {
		o.RequestDeadline = DefaultRequestDeadline
	}
	if o.PackageInterval == 0 {
		o.PackageInterval = DefaultPackageInterval
	}
	switch {
	case o.PackageDelay == 0:
		o.PackageDelay = DefaultPackageDelay
	case o.PackageDelay < 0:
		o.PackageDelay = 0
	}
	if o.PackageRetention == 0 {
		o.PackageRetention = DefaultPackageRetention
	}

	if o.History < 0 {
		errs = append(errs, errors.New("history must not be negative"))
	}
	if o.IngestDelayMin < 0 || o.IngestDelayMax < o.IngestDelayMin || o.IngestDelayMax > 24*time.Hour {
		errs = append(errs, fmt.Errorf("ingestion delay range [%v, %v] must satisfy 0 <= min <= max <= 24h", o.IngestDelayMin, o.IngestDelayMax))
	}
	for _, k := range slices.Sorted(maps.Keys(o.Latencies)) {
		l := o.Latencies[k]
		if k != "*" && feedByKind(k) == nil {
			errs = append(errs, fmt.Errorf("latencies: %q is no feed", k))
		}
		if l.Fixed < 0 || l.Jitter < 0 || l.PerItem < 0 {
			errs = append(errs, fmt.Errorf("latency of %s: no part may be negative", k))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(o.LateTails)) {
		lt := o.LateTails[k]
		switch {
		case feedByKind(k) == nil:
			errs = append(errs, fmt.Errorf("late tails: %q is no feed", k))
		case !(lt.Fraction > 0 && lt.Fraction <= 1) || lt.Max <= o.IngestDelayMax || lt.Max > 24*time.Hour:
			errs = append(errs, fmt.Errorf("late tail of %s (fraction %v, max %v) must satisfy 0 < fraction <= 1 and ingestion delay max < max <= 24h",
				k, lt.Fraction, lt.Max))
		}
	}
	for k, v := range o.Rates {
		if feedByKind(k) == nil {
			errs = append(errs, fmt.Errorf("rates: unknown feed %q", k))
		} else if v < 0 {
			errs = append(errs, fmt.Errorf("rates: %s must not be negative", k))
		}
	}
	for ep := range o.RateLimits {
		if !knownEndpoint(ep) {
			errs = append(errs, fmt.Errorf("rate limits: unknown endpoint %q", ep))
		}
	}
	if o.TokenTTL < 0 || o.RequestDeadline < 0 {
		errs = append(errs, errors.New("token TTL and request deadline must not be negative"))
	}
	if o.PackageInterval < time.Second || o.PackageInterval > time.Hour || o.PackageInterval%time.Second != 0 {
		errs = append(errs, fmt.Errorf("package interval %v must be whole seconds from 1s to 1h", o.PackageInterval))
	}
	if o.PackageDelay > time.Hour || o.PackageDelay%time.Second != 0 {
		errs = append(errs, fmt.Errorf("package delay %v must be whole seconds up to 1h", o.PackageDelay))
	}
	if o.PackageRetention < 0 || o.PackageRetention%time.Second != 0 {
		errs = append(errs, fmt.Errorf("package retention %v must be positive whole seconds", o.PackageRetention))
	}
	if _, err := parseOrderBy(o.AuditDefaultOrder, auditOrderFields, true); err != nil {
		errs = append(errs, fmt.Errorf("audit default order %q: %w", o.AuditDefaultOrder, err))
	}
	for i, f := range o.Faults {
		if err := f.validate(); err != nil {
			errs = append(errs, fmt.Errorf("fault %d: %w", i+1, err))
		}
	}
	return o, errors.Join(errs...)
}

// changeRanges merges the defaults, ChangeRanges and the alert change range
// (which must not contradict ChangeRanges[Workbench]) and checks them.
func (o Options) changeRanges() (map[Feed]ChangeRange, []error) {
	var errs []error
	ranges := DefaultChangeRanges()
	for k, r := range o.ChangeRanges {
		if !gen.HasVersions(k) {
			errs = append(errs, fmt.Errorf("change ranges: %q is no feed whose items change", k))
		}
		ranges[k] = r
	}
	if o.AlertChangeMin != 0 || o.AlertChangeMax != 0 {
		alert := ChangeRange{o.AlertChangeMin, o.AlertChangeMax}
		if r, ok := o.ChangeRanges[Workbench]; ok && r != alert {
			errs = append(errs, fmt.Errorf("alert change range %v contradicts change range %v of %s", alert, r, Workbench))
		}
		ranges[Workbench] = alert
	}
	for _, k := range slices.Sorted(maps.Keys(ranges)) {
		r, name := ranges[k], string(k)+" change range"
		if k == Workbench {
			name = "alert change range"
		}
		if r.Min <= 0 || r.Max < r.Min || r.Max > 30*24*time.Hour {
			errs = append(errs, fmt.Errorf("%s [%v, %v] must satisfy 0 < min <= max <= 720h", name, r.Min, r.Max))
		}
	}
	return ranges, errs
}

// rateLimitFor returns the 60-second limit of an endpoint, or 0 for none.
func (o Options) rateLimitFor(endpoint string) int {
	limit := o.RateLimit
	if v, ok := o.RateLimits[endpoint]; ok && v != 0 {
		limit = v
	}
	return max(limit, 0)
}

// knownEndpoint reports whether name is a feed Kind, the healthcheck or a
// data pipeline endpoint (pipeline.go).
func knownEndpoint(name string) bool {
	return name == healthcheckEndpoint || feedByKind(gen.Kind(strings.TrimSpace(name))) != nil ||
		pipelineEndpoint(strings.TrimSpace(name)) != nil
}
