package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
)

// feed is one simulator feed as the receiver reads it: a feed of the
// receiver's registry and the rate the backlog gives it.
type feed struct {
	name    string // the simulator's feed, also the API path after /v3.0/
	perHour float64
	// pageSize is what the receiver asks for: the largest page the API
	// allows (workbench pages are fixed at 10, docs/visionone-api.md §2.1);
	// the fewest requests a feed's records allow is its count over this.
	pageSize int
	// target is the ground-truth time field the receiver windows on.
	target string
	// reg is the registry's declaration, sec its section.
	reg *feeds.Feed
	sec *feeds.Section
}

// mixRates are the records per hour of the end-to-end runs' backlog:
// 48,545 an hour with the default for the rest (the container feeds), so a
// day of history holds about 1.2 million. Activity data dominates, as it
// does in real tenants; cases and tasks are a SOC's handful.
var mixRates = map[string]float64{
	"workbench/alerts": 250, "oat/detections": 5000, "audit/logs": 1250,
	"search/detections": 8000, "search/endpointActivities": 12000, "search/networkActivities": 6000,
	"search/emailActivities": 1500, "search/cloudActivities": 3000, "search/mobileActivities": 1000,
	"search/identityActivities": 2000,
	"caseManagement/cases":      30, "response/tasks": 60, "securityPlaybooks/tasks": 30,
	"endpointSecurity/tasks": 60, "asrm/accountCompromiseIndicators": 30,
}

// defaultRate is the rate of a feed mixRates leaves out.
const defaultRate = 1667

// mix is every feed of the registry (updates streams read the same feed).
var mix = func() []feed {
	var out []feed
	for i := range feeds.Registry {
		sec := &feeds.Registry[i]
		if sec.Pipeline != nil {
			continue // packages, not pages: not part of this mix
		}
		for j := range sec.Feeds {
			f := &sec.Feeds[j]
			rate, ok := mixRates[f.SimulatorFeed()]
			if !ok {
				rate = defaultRate
			}
			out = append(out, feed{f.SimulatorFeed(), rate, largestPage(sec), f.Window, f, sec})
		}
	}
	return out
}()

// largestPage is the largest page a section's API serves.
func largestPage(sec *feeds.Section) int {
	if len(sec.PageSizes) == 0 {
		return sec.FixedPageSize
	}
	return slices.Max(sec.PageSizes)
}

// mixFeed is the feed of mix named name.
func mixFeed(name string) feed {
	i := slices.IndexFunc(mix, func(f feed) bool { return f.name == name })
	return mix[i]
}

// scenario is one simulator backlog and the receiver settings that drain it.
type scenario struct {
	name    string
	feeds   []feed
	history time.Duration
	// rateLimit is the simulator's per (key, endpoint) limit per 60 s; -1
	// is none. budget is the receiver's requests_per_minute.
	rateLimit int
	budget    int
	// packages, if set, reads the one feed (OAT) through its data
	// pipeline, whose packages each hold this long of it.
	packages time.Duration
	// latency, if set, is how long each of the feed's pages takes the
	// simulator; windows, if set, the receiver's windows_in_flight.
	latency time.Duration
	windows int
}

// pipelineRate is the OAT records an hour of the pipeline scenarios.
const pipelineRate = 60_000

// pipelineRun is an OAT backlog of about records records, drained through
// the OAT data pipeline in packages of interval, or with interval 0 through
// /v3.0/oat/detections: the same data both ways.
func pipelineRun(records int, interval time.Duration) scenario {
	history := time.Duration(float64(records)/pipelineRate*float64(time.Hour)).Round(time.Second) + time.Minute
	name := fmt.Sprintf("%d OAT records, list endpoint", records)
	if interval > 0 {
		name = fmt.Sprintf("%d OAT records, pipeline packages of %s", records, interval)
	}
	return scenario{name: name, feeds: []feed{withRate(mixFeed("oat/detections"), pipelineRate)},
		history: history, rateLimit: -1, budget: 1_000_000, packages: interval}
}

// stopBefore is how long before the clock's start arrivals stop: a minute,
// and for a pipeline the last package's interval and a minute more, so that
// every package exists and is old enough to be listed from the start.
func (s scenario) stopBefore() time.Duration {
	return time.Minute + s.packages + time.Minute*time.Duration(btoi(s.packages > 0))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// backlog returns the scenario holding about records records of the mix:
// the same rates (so pages are as full) over a history scaled to the size.
func backlog(name string, records int) scenario {
	perHour := 0.0
	for _, f := range mix {
		perHour += f.perHour
	}
	// Plus the minute before the clock's start in which arrivals stop.
	history := time.Duration(float64(records)/perHour*float64(time.Hour)).Round(time.Second) + time.Minute
	return scenario{name: name, feeds: mix, history: history, rateLimit: -1, budget: 1_000_000}
}

// backfill is the rate-limited scenario: one stream (OAT, 200 per page)
// with days of history, the simulator limiting oat/detections to limit
// requests a minute and the receiver's budget set to the same number.
// With one stream the receiver's budget is the only thing that reaches
// the endpoint's limit, so budget = limit must give no 429.
func backfill(days, limit int) scenario {
	return scenario{
		name:  fmt.Sprintf("backfill_%dd", days),
		feeds: []feed{withRate(mixFeed("oat/detections"), 350)},
		// 350 an hour: two nearly full pages per one-hour window.
		history:   time.Duration(days) * 24 * time.Hour,
		rateLimit: limit,
		budget:    limit,
	}
}

// latencyBudget is the latency scenarios' request budget: the receiver's
// default, and the simulator's limit on the endpoint.
const latencyBudget = 300

// latencyRun is a backfill of days of one feed whose every page takes
// latency, the budget at latencyBudget, read with windows_in_flight windows
// (0: the default), pages of the section's default size. Like backfill,
// about two pages an hour: the requests are set by the windows and pages.
func latencyRun(name string, days int, latency time.Duration, windows int) scenario {
	f := mixFeed(name)
	// The section's default page, as a tenant's configuration would have it
	// (search: 1000, not the 5000 the backlogs read with).
	if f.sec.PageSize > 0 {
		f.pageSize = f.sec.PageSize
	}
	w := "default windows_in_flight"
	if windows > 0 {
		w = fmt.Sprintf("windows_in_flight %d", windows)
	}
	return scenario{
		name:      fmt.Sprintf("%s, %dd, latency %s, %s", name, days, latency, w),
		feeds:     []feed{withRate(f, 1.75*float64(f.pageSize))},
		history:   time.Duration(days) * 24 * time.Hour,
		rateLimit: latencyBudget,
		budget:    latencyBudget,
		latency:   latency,
		windows:   windows,
	}
}

// simulatorArgs are the flags of the simulator process. Arrivals stop a
// minute before the clock's start and every record is ingested within 2 s,
// so the whole backlog is visible at once and its size known exactly.
func (s scenario) simulatorArgs(start time.Time) []string {
	rates := make([]string, 0, len(s.feeds))
	for _, f := range s.feeds {
		rates = append(rates, fmt.Sprintf("%s=%g", f.name, f.perHour))
	}
	// Feeds left out of the scenario get no records.
	for _, f := range mix {
		if !slices.ContainsFunc(s.feeds, func(g feed) bool { return g.name == f.name }) {
			rates = append(rates, f.name+"=0")
		}
	}
	// simproc.Start adds "-addr 127.0.0.1:0": a port the simulator picks.
	args := []string{
		"-seed", "1",
		"-history", s.history.String(),
		"-stop-time", start.Add(-s.stopBefore()).UTC().Format(time.RFC3339),
		"-ingest-delay-min", "1s", "-ingest-delay-max", "2s",
		"-rates", strings.Join(rates, ","),
		"-rate-limit", fmt.Sprint(s.rateLimit),
	}
	if s.packages > 0 {
		args = append(args, "-package-interval", s.packages.String(), "-package-delay", "1s")
	}
	if s.latency > 0 {
		args = append(args, "-latency", fmt.Sprintf("%s=%s:0s:0s", s.feeds[0].name, s.latency))
	}
	return args
}

// lookback reaches past the first record, so a first run reads all history.
func (s scenario) lookback() time.Duration { return s.history + 10*time.Minute }

// withRate is f at another rate.
func withRate(f feed, perHour float64) feed { f.perHour = perHour; return f }

// receiverConfig is the receiver's configuration (as the collector's YAML
// would hold it) for this scenario: every feed's stream enabled, the rest
// off, the largest pages, the receiver's default 1h max_window.
func (s scenario) receiverConfig(endpoint, token string) map[string]any {
	cfg := map[string]any{
		"endpoint":            endpoint,
		"token":               token,
		"ingestion_delay":     "30s",
		"requests_per_minute": s.budget,
	}
	for _, sec := range feeds.Registry {
		section := map[string]any{"enabled": false, "initial_lookback": s.lookback().String()}
		members := map[string]any{}
		pageSize := largestPage(&sec)
		for _, f := range s.feeds {
			if f.sec.Key != sec.Key {
				continue
			}
			section["enabled"] = true
			pageSize = f.pageSize
			if f.reg.Name != "" {
				members[f.reg.Name] = nil
			}
		}
		if len(sec.PageSizes) > 0 {
			section["page_size"] = pageSize
		}
		if len(members) > 0 {
			section[sec.Members] = members
		}
		cfg[sec.Key] = section
	}
	if s.windows > 0 {
		cfg["windows_in_flight"] = s.windows
	}
	if s.packages > 0 {
		cfg["oat"] = map[string]any{"enabled": false}
		cfg["oat_pipeline"] = map[string]any{"enabled": true, "initial_lookback": s.lookback().String(), "page_size": 500}
	}
	return cfg
}

// minRequests is the fewest requests the page sizes allow for counts (by
// feed): every feed's records in full pages.
func (s scenario) minRequests(counts map[string]int) int {
	n := 0
	for _, f := range s.feeds {
		n += int(math.Ceil(float64(counts[f.name]) / float64(f.pageSize)))
	}
	return n
}
