//go:build e2e

package e2e

import (
	"flag"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/simproc"
)

// longFlag selects the long variants of the reliability tests (make
// reliability); without it they run their short variants (make test).
var longFlag = flag.Bool("long", false, "run the long reliability variants (make reliability)")

// scale is short in make test and long in make reliability.
func scale[T any](short, long T) T {
	if *longFlag {
		return long
	}
	return short
}

// freePort returns a loopback port for a listener of the collectors (or
// of the test): below the kernel's ephemeral range, where a port picked
// with ":0" could be taken before the collector binds it, and never one
// another test of this process was given (simproc.FreePort).
func freePort(t *testing.T) int {
	t.Helper()
	port, err := simproc.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// config is a collector configuration as YAML maps. The reliability tests
// start from testdata/collector.yaml, so they read the simulator with the
// settings TestDelivery proves, and change what their case needs.
type config map[string]any

// baseConfig reads testdata/collector.yaml.
func baseConfig(t *testing.T) config {
	t.Helper()
	b, err := os.ReadFile(collectorConfig)
	if err != nil {
		t.Fatal(err)
	}
	// Into a plain map: yaml.v3 would give nested maps the named type.
	var c map[string]any
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	// Every log type of the registry but the data pipelines, with all its
	// streams, fast.
	recv := config(c).section("receivers", "trendmicro_visionone")
	for _, sec := range feeds.Registry {
		if sec.Pipeline != nil {
			continue // off by default; pipeline_test.go turns them on
		}
		s := map[string]any{"enabled": true, "collection_interval": "1s", "initial_lookback": "1h"}
		if len(sec.PageSizes) > 0 {
			s["page_size"] = sec.PageSizes[0]
		}
		if sec.Updates != nil {
			s["updates"] = true
		}
		if sec.Members != "" {
			members := map[string]any{}
			for _, name := range sec.MemberNames() {
				members[name] = nil
			}
			s[sec.Members] = members
		}
		recv[sec.Key] = s
	}
	return config(c)
}

// section returns the map under path, creating it where missing.
func (c config) section(path ...string) map[string]any {
	m := map[string]any(c)
	for _, k := range path {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	return m
}

// receiver is the base configuration's receiver settings (a copy).
func (c config) receiver() map[string]any {
	return maps.Clone(c.section("receivers", "trendmicro_visionone"))
}

// exportTo replaces the pipeline's exporters.
func (c config) exportTo(exporters map[string]any) {
	c["exporters"] = exporters
	names := make([]string, 0, len(exporters))
	for name := range exporters {
		names = append(names, name)
	}
	c.section("service", "pipelines", "logs")["exporters"] = names
}

// observe adds what the tests watch the collector through: its own metrics
// (Prometheus, on metricsPort), pprof and zPages on free ports, JSON logs at
// level. It returns the ports.
func (c config) observe(t *testing.T, level string) ports {
	p := ports{metrics: freePort(t), pprof: freePort(t), zpages: freePort(t)}
	ext := c.section("extensions")
	ext["pprof"] = map[string]any{"endpoint": addr(p.pprof)}
	ext["zpages"] = map[string]any{"endpoint": addr(p.zpages)}
	c.section("service")["extensions"] = []string{"file_storage", "pprof", "zpages"}
	tel := c.section("service", "telemetry")
	tel["logs"] = map[string]any{"level": level, "encoding": "json"}
	tel["metrics"] = map[string]any{
		"level": "normal",
		"readers": []any{map[string]any{"pull": map[string]any{"exporter": map[string]any{
			"prometheus": map[string]any{"host": "127.0.0.1", "port": p.metrics},
		}}}},
	}
	return p
}

// write saves the configuration under dir.
func (c config) write(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := yaml.Marshal(map[string]any(c))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// ports are where a collector started with observe serves its telemetry.
type ports struct{ metrics, pprof, zpages int }

func addr(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

// enableOnly turns off the log types none of names belongs to (nil: keep
// every stream).
func enableOnly(c config, names []string) {
	if names == nil {
		return
	}
	for _, sec := range feeds.Registry {
		on := sec.Updates != nil && slices.Contains(names, sec.Updates.Stream)
		for _, f := range sec.Feeds {
			on = on || slices.Contains(names, f.Stream)
		}
		c.section("receivers", "trendmicro_visionone", sec.Key)["enabled"] = on
	}
}

// selected is names, or every stream's name when nil.
func selected(names []string) []string {
	if names != nil {
		return names
	}
	var all []string
	for _, s := range streams {
		all = append(all, s.name)
	}
	return all
}

// only keeps the records of the streams named.
func (d delivered) only(names []string) delivered {
	out := delivered{}
	for _, n := range names {
		out[n] = d[n]
	}
	return out
}

// only keeps the ground truth of the streams named.
func (tr truth) only(names []string) truth {
	out := truth{}
	for _, n := range names {
		out[n] = tr[n]
	}
	return out
}

// coversOnly is covers for the streams named.
func (d delivered) coversOnly(tr truth, names []string) bool {
	return d.only(names).covers(tr.only(names))
}

// simData are the simulator's data settings TestDelivery proves against
// testdata/collector.yaml: history, rates, no rate limit, ingestion delays.
func simData(more ...string) []string {
	return append([]string{"-history", simHistory.String(), "-rates", simRates(), "-rate-limit", "-1",
		"-ingest-delay-min", "1s", "-ingest-delay-max", ingestDelayMax.String()}, more...)
}
