package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// feed is one simulator feed as the receiver reads it.
type feed struct {
	name    string // the simulator's feed, also the API path after /v3.0/
	perHour float64
	// pageSize is what the receiver asks for (workbench pages are fixed at
	// 10, visionone-api.md §2.1); the fewest requests a feed's records allow
	// is its count over this.
	pageSize int
	// target is the ground-truth time field the receiver windows on.
	target string
}

// mix is the record mix of the end-to-end runs: 41,667 records an hour,
// so a day of history holds about a million. Activity data dominates, as
// it does in real tenants; every stream of the receiver has data.
var mix = []feed{
	{"workbench/alerts", 250, 10, "createdDateTime"},
	{"oat/detections", 5000, 200, "ingestedDateTime"},
	{"audit/logs", 1250, 200, "ingestedDateTime"},
	{"search/detections", 8000, 5000, "eventTime"},
	{"search/endpointActivities", 12000, 5000, "eventTime"},
	{"search/networkActivities", 6000, 5000, "eventTime"},
	{"search/emailActivities", 1500, 5000, "eventTime"},
	{"search/cloudActivities", 3000, 5000, "eventTime"},
	{"search/mobileActivities", 1000, 5000, "eventTime"},
	{"search/identityActivities", 2000, 5000, "eventTime"},
	{"search/containerActivities", 1667, 5000, "eventTime"},
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
		feeds: []feed{{"oat/detections", 350, 200, "ingestedDateTime"}},
		// 350 an hour: two nearly full pages per one-hour window.
		history:   time.Duration(days) * 24 * time.Hour,
		rateLimit: limit,
		budget:    limit,
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
	args := []string{
		"-addr", "127.0.0.1:0",
		"-seed", "1",
		"-history", s.history.String(),
		"-stop-time", start.Add(-time.Minute).UTC().Format(time.RFC3339),
		"-ingest-delay-min", "1s", "-ingest-delay-max", "2s",
		"-rates", strings.Join(rates, ","),
		"-rate-limit", fmt.Sprint(s.rateLimit),
	}
	return args
}

// lookback reaches past the first record, so a first run reads all history.
func (s scenario) lookback() time.Duration { return s.history + 10*time.Minute }

// receiverConfig is the receiver's configuration (as the collector's YAML
// would hold it) for this scenario: every feed's stream enabled, the rest
// off, the largest pages, the receiver's default 1h max_window.
func (s scenario) receiverConfig(endpoint, token string) map[string]any {
	lookback := s.lookback().String()
	stream := func(name string, extra map[string]any) map[string]any {
		enabled := slices.ContainsFunc(s.feeds, func(f feed) bool { return strings.HasPrefix(f.name, name) })
		m := map[string]any{"enabled": enabled, "initial_lookback": lookback}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	sources := map[string]any{}
	for _, f := range s.feeds {
		if source, ok := strings.CutPrefix(f.name, "search/"); ok {
			sources[source] = nil
		}
	}
	search := stream("search/", map[string]any{"page_size": 5000})
	if len(sources) > 0 {
		search["sources"] = sources
	}
	return map[string]any{
		"endpoint":            endpoint,
		"token":               token,
		"ingestion_delay":     "30s",
		"requests_per_minute": s.budget,
		"workbench":           stream("workbench/", nil),
		"oat":                 stream("oat/", map[string]any{"page_size": 200}),
		"audit":               stream("audit/", map[string]any{"page_size": 200}),
		"search":              search,
	}
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
