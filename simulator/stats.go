package simulator

import (
	"maps"
	"slices"
	"sort"
	"sync"
	"time"
)

// Stats summarises the requests the simulator answered.
type Stats struct {
	// Requests counts answers by key name, endpoint and HTTP status. Key
	// names are APIKey.Name; "(invalid)" stands for a missing or unknown
	// key. Unknown paths count under the endpoint "(unknown)".
	Requests map[string]map[string]map[int]int `json:"requests"`
	// Throttled counts 429 answers.
	Throttled int `json:"throttled"`
	// PeakPerMinute is, per key name, the most requests (of any status) the
	// key made within any 60-second window of wall time: what a client's
	// shared request budget must keep under the rate limit.
	PeakPerMinute map[string]int `json:"peakPerMinute"`
}

const (
	invalidKeyName  = "(invalid)"
	unknownEndpoint = "(unknown)"
)

// statsCollector records every answer. Peaks come from a sliding log of each
// key's request times over the last minute.
type statsCollector struct {
	mu        sync.Mutex
	requests  map[string]map[string]map[int]int
	throttled int
	recent    map[string][]time.Time
	peak      map[string]int
}

func newStatsCollector() *statsCollector {
	c := &statsCollector{}
	c.reset()
	return c
}

func (c *statsCollector) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests = map[string]map[string]map[int]int{}
	c.throttled = 0
	c.recent = map[string][]time.Time{}
	c.peak = map[string]int{}
}

func (c *statsCollector) record(key, endpoint string, status int, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	byEndpoint := c.requests[key]
	if byEndpoint == nil {
		byEndpoint = map[string]map[int]int{}
		c.requests[key] = byEndpoint
	}
	if byEndpoint[endpoint] == nil {
		byEndpoint[endpoint] = map[int]int{}
	}
	byEndpoint[endpoint][status]++
	if status == 429 {
		c.throttled++
	}
	// The busiest window ends at some request: keep the requests of the
	// last minute, in arrival order (a request's record can follow the
	// next one's), and count each window that now holds this one.
	times := c.recent[key]
	times = slices.Insert(times, sort.Search(len(times), func(i int) bool { return times[i].After(at) }), at)
	newest := times[len(times)-1]
	drop := 0
	for drop < len(times) && !times[drop].After(newest.Add(-rateWindow)) {
		drop++
	}
	times = times[drop:]
	c.recent[key] = times
	for end := len(times) - 1; end >= 0 && !times[end].Before(at); end-- {
		start := sort.Search(end+1, func(i int) bool { return times[i].After(times[end].Add(-rateWindow)) })
		c.peak[key] = max(c.peak[key], end+1-start)
	}
}

func (c *statsCollector) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Stats{Requests: map[string]map[string]map[int]int{}, Throttled: c.throttled, PeakPerMinute: maps.Clone(c.peak)}
	for key, byEndpoint := range c.requests {
		s.Requests[key] = map[string]map[int]int{}
		for ep, byStatus := range byEndpoint {
			s.Requests[key][ep] = maps.Clone(byStatus)
		}
	}
	return s
}
