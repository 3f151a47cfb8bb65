//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// maxOutageRSS bounds the collector's resident memory while its downstream
// is down. It holds a page per stream (50 records here) and, with a
// persistent queue, what the queue keeps in memory; make run's twelve
// streams peaked at 150 MB (README, Running at scale). Only memory that
// grows with the backlog — a bug — reaches this bound.
const maxOutageRSS = 512 << 20

// outageCases are the two sending-queue settings the README recommends to
// keep at-least-once past the receiver.
var outageCases = []struct {
	name  string
	queue map[string]any
	// accepts: the exporter accepts records while the endpoint is down
	// (they wait in the persistent queue); without a queue its retries
	// block ConsumeLogs, nothing is accepted and no checkpoint may move.
	accepts bool
}{
	{"persistent queue", map[string]any{"enabled": true, "storage": "file_storage"}, true},
	{"no queue", map[string]any{"enabled": false}, false},
}

// TestDownstreamOutage exports over OTLP/gRPC to an endpoint that is down
// from the start, for a long stretch, during which the collector is also
// killed with SIGKILL and restarted; then the endpoint comes up, goes down
// again briefly and comes back. Memory stays bounded over the outage,
// nothing is accepted without a queue to take it (so no checkpoint moves),
// and after recovery the endpoint has received the whole ground truth.
func TestDownstreamOutage(t *testing.T) {
	t.Parallel()
	for _, oc := range outageCases {
		t.Run(oc.name, func(t *testing.T) {
			t.Parallel()
			runOutage(t, oc.queue, oc.accepts)
		})
	}
}

// outageSample is the collector's state at one moment of the outage.
type outageSample struct {
	rss, heap         float64 // bytes
	accepted, refused float64 // records, since the process started
}

func runOutage(t *testing.T, queue map[string]any, accepts bool) {
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	outage := scale(30*time.Second, 6*time.Minute)
	dir := t.TempDir()
	key := simulator.MakeKey("e2e-outage", time.Now().Add(48*time.Hour))
	sim := startSimulator(t, simBin, dir, key, simData()...)
	sink := newOTLPSink(t)

	cfg := baseConfig(t)
	cfg.exportTo(map[string]any{"otlp_grpc": map[string]any{
		"endpoint":      sink.addr,
		"tls":           map[string]any{"insecure": true},
		"timeout":       "2s",
		"sending_queue": queue,
		// Retry for as long as the endpoint is down: the default gives up
		// after 5 minutes, and a queue then drops what it held.
		"retry_on_failure": map[string]any{"initial_interval": "100ms", "max_interval": "2s", "max_elapsed_time": "0s"},
	}})
	obs := cfg.observe(t, "info")
	path := cfg.write(t, dir, "outage")
	storage := mkdir(t, dir, "storage")
	n := 0
	run := func() *process {
		n++
		name := fmt.Sprintf("collector-outage-%d", n)
		return startCollectorWith(t, collector, dir, sim, key, collectorRun{name, storage, filepath.Join(dir, "unused"), fastBudget}, path)
	}

	// The outage: the endpoint is down from the start; halfway the
	// collector is killed and restarted on the same storage.
	p := run()
	var samples []outageSample
	samples = append(samples, watchOutage(t, p, obs, outage/2)...)
	p.kill9(t)
	p = run()
	samples = append(samples, watchOutage(t, p, obs, outage/2)...)
	if len(samples) == 0 {
		t.Fatal("no sample of the collector over the outage")
	}
	last := samples[len(samples)-1]
	if !accepts {
		for _, s := range samples {
			if s.accepted > 0 {
				t.Fatalf("%.0f records accepted while the endpoint was down and no queue could take them", s.accepted)
			}
		}
	}
	rssOf := func(s outageSample) float64 { return s.rss }
	peak := slices.MaxFunc(samples, func(a, b outageSample) int { return int(a.rss - b.rss) })
	if peak.rss > maxOutageRSS {
		t.Errorf("resident memory reached %.0f MiB over the outage, above %d MiB", peak.rss/(1<<20), maxOutageRSS>>20)
	}
	t.Logf("outage of %s: %d samples, RSS median %.0f MiB, peak %.0f MiB; heap peak %.0f MiB; records accepted %.0f, refused %.0f (second process)",
		outage, len(samples), median(samples, rssOf)/(1<<20), peak.rss/(1<<20),
		slices.MaxFunc(samples, func(a, b outageSample) int { return int(a.heap - b.heap) }).heap/(1<<20), last.accepted, last.refused)

	// Recovery, with one more short failure of the endpoint.
	sink.start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	p.waitFor(ctx, 100*time.Millisecond, func() bool { return sink.delivered().total() > 0 })
	sink.stop()
	time.Sleep(3 * time.Second)
	sink.start(t)

	stop := sim.now(t).Truncate(time.Second)
	sim.stopArrivals(t, stop)
	time.Sleep(time.Until(stop.Add(ingestDelayMax + time.Second)))
	truth := fetchTruth(t, sim, stop)
	if !p.waitFor(ctx, time.Second, func() bool { return sink.delivered().covers(truth) }) {
		t.Errorf("the endpoint did not receive the ground truth within 3 minutes of recovery; collector output:\n%s", tail(p.output(t), 30))
	}
	p.stop(t)
	truth = fetchTruth(t, sim, stop)
	checkCrashLoop(t, []delivered{sink.delivered()}, truth)
}

// watchOutage samples the collector every second for d.
func watchOutage(t *testing.T, p *process, obs ports, d time.Duration) []outageSample {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var out []outageSample
	p.waitFor(ctx, time.Second, func() bool {
		m, err := tryScrape(obs.metrics)
		if err != nil {
			return false // not serving yet
		}
		out = append(out, outageSample{
			rss:      float64(rss(t, p.cmd.Process.Pid)),
			heap:     m.sum("process_runtime_heap_alloc_bytes", nil),
			accepted: m.sum("trendmicro_visionone_receiver_records", map[string]string{"outcome": "accepted"}),
			refused:  m.sum("trendmicro_visionone_receiver_records", map[string]string{"outcome": "refused"}),
		})
		return false
	})
	if p.exited() {
		t.Fatalf("the collector exited during the outage; its output:\n%s", tail(p.output(t), 30))
	}
	return out
}

// median of f over samples.
func median[S any](samples []S, f func(S) float64) float64 {
	v := make([]float64, len(samples))
	for i, s := range samples {
		v[i] = f(s)
	}
	slices.Sort(v)
	return v[len(v)/2]
}
