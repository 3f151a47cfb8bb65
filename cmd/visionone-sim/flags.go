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

// feedMapFlag holds `feed=value,...` pairs (-change-ranges, -latency,
// -late-tails): parse reads a value, whose form syntax names in errors.
type feedMapFlag[V any] struct {
	m      map[simulator.Feed]V
	syntax string
	parse  func(string) (V, bool, error)
	format func(V) string
}

func newFeedMapFlag[V any](syntax string, parse func(string) (V, bool, error), format func(V) string) *feedMapFlag[V] {
	return &feedMapFlag[V]{m: map[simulator.Feed]V{}, syntax: syntax, parse: parse, format: format}
}

func (f *feedMapFlag[V]) String() string {
	if f == nil {
		return ""
	}
	var parts []string
	for k, v := range f.m {
		parts = append(parts, string(k)+"="+f.format(v))
	}
	return strings.Join(parts, ",")
}

func (f *feedMapFlag[V]) Set(s string) error {
	for _, pair := range strings.Split(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		var v V
		var err error
		if ok {
			v, ok, err = f.parse(value)
		}
		switch {
		case !ok:
			return fmt.Errorf("%q: want feed=%s", pair, f.syntax)
		case err != nil:
			return fmt.Errorf("%s: %w", name, err)
		}
		f.m[simulator.Feed(name)] = v
	}
	return nil
}

// parseChangeRange reads min..max, e.g. 90s..4m (-change-ranges).
func parseChangeRange(s string) (simulator.ChangeRange, bool, error) {
	d, ok, err := parseDurations(s, "..", 2)
	return simulator.ChangeRange{Min: d[0], Max: d[1]}, ok, err
}

// parseLatency reads fixed:jitter:perItem, e.g. 5s:1s:200us (-latency).
func parseLatency(s string) (simulator.Latency, bool, error) {
	d, ok, err := parseDurations(s, ":", 3)
	return simulator.Latency{Fixed: d[0], Jitter: d[1], PerItem: d[2]}, ok, err
}

// parseLateTail reads fraction:max, e.g. 0.01:2h (-late-tails).
func parseLateTail(s string) (simulator.LateTail, bool, error) {
	fraction, maxDelay, ok := strings.Cut(s, ":")
	if !ok {
		return simulator.LateTail{}, false, nil
	}
	fr, err := strconv.ParseFloat(fraction, 64)
	if err != nil {
		return simulator.LateTail{}, true, err
	}
	d, err := time.ParseDuration(maxDelay)
	return simulator.LateTail{Fraction: fr, Max: d}, true, err
}

// parseDurations reads n durations separated by sep ("0" is zero, as
// time.ParseDuration takes it); false when there are not n.
func parseDurations(s, sep string, n int) ([3]time.Duration, bool, error) {
	var d [3]time.Duration
	parts := strings.Split(s, sep)
	if len(parts) != n {
		return d, false, nil
	}
	for i, p := range parts {
		v, err := time.ParseDuration(p)
		if err != nil {
			return d, true, err
		}
		d[i] = v
	}
	return d, true, nil
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
