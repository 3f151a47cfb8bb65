package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// keysFlag holds -keys. String never shows a key.
type keysFlag struct{ keys []simulator.APIKey }

func (f *keysFlag) String() string { return fmt.Sprintf("%d key(s)", len(f.keys)) }

func (f *keysFlag) Set(s string) error {
	keys, err := simulator.ParseKeys(s)
	if err != nil {
		return err
	}
	f.keys = append(f.keys, keys...)
	return nil
}

// mapFlag holds `name=value,...` pairs such as -rates and -rate-limits.
type mapFlag[V float64 | int] map[string]V

func (f mapFlag[V]) String() string {
	var parts []string
	for k, v := range f {
		parts = append(parts, fmt.Sprintf("%s=%v", k, v))
	}
	return strings.Join(parts, ",")
}

func (f mapFlag[V]) Set(s string) error {
	for _, pair := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok {
			return fmt.Errorf("%q: want name=value", pair)
		}
		n, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f[name] = V(n)
	}
	return nil
}

func (f mapFlag[V]) asFeeds() map[simulator.Feed]float64 {
	m := map[simulator.Feed]float64{}
	for k, v := range f {
		m[simulator.Feed(k)] = float64(v)
	}
	return m
}

// changeRangesFlag holds -change-ranges: `feed=min..max,...`, e.g.
// caseManagement/cases=90s..4m.
type changeRangesFlag map[simulator.Feed]simulator.ChangeRange

func (f changeRangesFlag) String() string {
	var parts []string
	for k, r := range f {
		parts = append(parts, fmt.Sprintf("%s=%s..%s", k, r.Min, r.Max))
	}
	return strings.Join(parts, ",")
}

func (f changeRangesFlag) Set(s string) error {
	for _, pair := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		lo, hi, ok2 := strings.Cut(value, "..")
		if !ok || !ok2 {
			return fmt.Errorf("%q: want feed=min..max", pair)
		}
		minD, err := time.ParseDuration(lo)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		maxD, err := time.ParseDuration(hi)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f[simulator.Feed(name)] = simulator.ChangeRange{Min: minD, Max: maxD}
	}
	return nil
}

// latenciesFlag holds -latency: `feed=fixed:jitter:perItem,...`, e.g.
// search/detections=5s:1s:0.2ms or *=1s:200ms:0.
type latenciesFlag map[simulator.Feed]simulator.Latency

func (f latenciesFlag) String() string {
	var parts []string
	for k, l := range f {
		parts = append(parts, fmt.Sprintf("%s=%s:%s:%s", k, l.Fixed, l.Jitter, l.PerItem))
	}
	return strings.Join(parts, ",")
}

func (f latenciesFlag) Set(s string) error {
	for _, pair := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		parts := strings.Split(value, ":")
		if !ok || len(parts) != 3 {
			return fmt.Errorf("%q: want feed=fixed:jitter:perItem", pair)
		}
		var d [3]time.Duration
		for i, p := range parts {
			if p == "0" {
				continue
			}
			v, err := time.ParseDuration(p)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			d[i] = v
		}
		f[simulator.Feed(name)] = simulator.Latency{Fixed: d[0], Jitter: d[1], PerItem: d[2]}
	}
	return nil
}

// lateTailsFlag holds -late-tails: `feed=fraction:max,...`, e.g.
// search/detections=0.01:2h.
type lateTailsFlag map[simulator.Feed]simulator.LateTail

func (f lateTailsFlag) String() string {
	var parts []string
	for k, lt := range f {
		parts = append(parts, fmt.Sprintf("%s=%g:%s", k, lt.Fraction, lt.Max))
	}
	return strings.Join(parts, ",")
}

func (f lateTailsFlag) Set(s string) error {
	for _, pair := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		fraction, maxDelay, ok2 := strings.Cut(value, ":")
		if !ok || !ok2 {
			return fmt.Errorf("%q: want feed=fraction:max", pair)
		}
		fr, err := strconv.ParseFloat(fraction, 64)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		d, err := time.ParseDuration(maxDelay)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f[simulator.Feed(name)] = simulator.LateTail{Fraction: fr, Max: d}
	}
	return nil
}

// faultsFlag collects repeated -fault rules.
type faultsFlag struct{ rules []simulator.Fault }

func (f *faultsFlag) String() string { return fmt.Sprintf("%d rule(s)", len(f.rules)) }

func (f *faultsFlag) Set(s string) error {
	rule, err := simulator.ParseFault(s)
	if err != nil {
		return err
	}
	f.rules = append(f.rules, rule)
	return nil
}

// timeFlag is an RFC 3339 time.
type timeFlag struct{ t time.Time }

func (f *timeFlag) String() string {
	if f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *timeFlag) Set(s string) error {
	t, err := time.Parse(time.RFC3339, s)
	f.t = t
	return err
}
