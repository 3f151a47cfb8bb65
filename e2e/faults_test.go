//go:build e2e

package e2e

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// faultCase is one simulator with its faults and the collector reading it.
type faultCase struct {
	name    string
	simArgs []string // beyond the data settings TestDelivery uses
	// faults are armed before the collector starts, so they hit its
	// backfill; foreign is the host of a listener the test owns.
	faults func(foreign string) []simulator.Fault
	// streams read; the others are disabled. nil: every stream.
	streams []string
	// failing names the streams whose fault fails a window (logged once
	// as a warning or an error); the others' faults are absorbed by
	// retries, restarts and shrinking, which log no warning of the stream.
	failing []string
	// episodes counts the receiver's warnings of retried failures by
	// reason: a 429 storm is one episode, warned once.
	episodes map[string]int
}

// The API faults of the simulator (simulator/README.md, Faults), one per
// endpoint so that one collector meets them all at once, and a 429 storm
// without Retry-After on a simulator of its own.
var faultCases = []faultCase{
	{
		name: "every fault kind",
		// A 429 storm with Retry-After on audit logs: 30 requests a
		// minute where the stream wants a request a second.
		simArgs: []string{"-rate-limits", "audit/logs=30"},
		faults: func(foreign string) []simulator.Fault {
			return []simulator.Fault{
				{Kind: simulator.FaultStatus, Endpoint: "workbench/alerts", Status: 503, Count: 6},             // a 5xx burst
				{Kind: simulator.FaultStatus, Endpoint: "workbench/alerts", Status: 500, Count: 3},             // and another
				{Kind: simulator.FaultSpaceInLink, Endpoint: "workbench/alerts", Count: 2},                     // docs/visionone-api.md §1.5
				{Kind: simulator.FaultLatency, Endpoint: "oat/detections", Latency: 8 * time.Second, Count: 2}, // past the 6s timeout
				{Kind: simulator.FaultStatus, Endpoint: "search/cloudActivities", Status: 504, Count: 3},
				{Kind: simulator.FaultTruncate, Endpoint: "search/endpointActivities", Count: 2},
				{Kind: simulator.FaultMalformed, Endpoint: "search/networkActivities", Count: 2},
				{Kind: simulator.FaultExpireTokens, Endpoint: "search/emailActivities", Count: 2},
				{Kind: simulator.FaultDuplicate, Endpoint: "search/detections", Count: 3}, // items with a uuid: a repeated content-keyed item would be its twin
				{Kind: simulator.FaultForeignLink, Endpoint: "search/mobileActivities", Host: foreign, Count: 1},
				{Kind: simulator.FaultEndlessChain, Endpoint: "search/identityActivities", Count: 25}, // past the 20 empty pages the receiver allows,
				// Over the client's 128 MiB cap.
				{Kind: simulator.FaultHugeBody, Endpoint: "search/containerActivities", SizeMB: 129, Count: 1},
			}
		},
		failing: []string{
			"search.endpointActivities", "search.networkActivities", "search.mobileActivities",
			"search.identityActivities", "search.containerActivities",
		},
		episodes: map[string]int{"rate_limited": 1},
	},
	{
		name:     "429 storm without Retry-After",
		simArgs:  []string{"-rate-limits", "audit/logs=30", "-no-retry-after"},
		faults:   func(string) []simulator.Fault { return nil },
		streams:  []string{"audit_logs"},
		episodes: map[string]int{"rate_limited": 1},
	},
}

// TestAPIFaults runs the collector, logging at debug, against a simulator
// injecting every fault kind: the collector stays up and exports exactly the
// ground truth of every stream, sends nothing to the foreign host a nextLink
// names, and logs each window-failing fault once as a warning (its retries
// at debug). The API key is in no log line, exported record, zPages page,
// metric or file (TestDelivery checks the default log level).
func TestAPIFaults(t *testing.T) {
	t.Parallel()
	for _, fc := range faultCases {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			runFaultCase(t, fc)
		})
	}
}

func runFaultCase(t *testing.T, fc faultCase) {
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	dir := t.TempDir()
	key := simulator.MakeKey("e2e-faults", time.Now().Add(48*time.Hour))
	foreign := newForeignHost(t)
	sim := startSimulator(t, simBin, dir, key, simData(fc.simArgs...)...)
	sim.setFaults(t, fc.faults(foreign.host()))

	cfg := baseConfig(t)
	recv := cfg.section("receivers", "trendmicro_visionone")
	// Short, for the latency fault; long enough that the 129 MiB body
	// arrives whole on a busy machine (else it is a timeout, absorbed by
	// shrinking, not the size cap failing the window).
	recv["timeout"] = "6s"
	// One window at a time: a fault counted per request (an endless chain of
	// 25 empty pages) must land in one chain, not be spread over windows
	// read side by side.
	recv["windows_in_flight"] = 1
	enableOnly(cfg, fc.streams)
	cfg.exportTo(map[string]any{
		"file":  cfg.section("exporters", "file"),
		"debug": map[string]any{"verbosity": "detailed"},
	})
	obs := cfg.observe(t, "debug")
	path := cfg.write(t, dir, "faults")
	storage := mkdir(t, dir, "storage")
	out := &exportFile{path: filepath.Join(dir, "faults.jsonl")}
	p := startCollectorWith(t, collector, dir, sim, key, collectorRun{"collector-faults", storage, out.path, fastBudget}, path)

	got := delivered{}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	// Live for a while: the faults fire in the backfill, the 429 storm
	// goes on into live following.
	p.waitFor(ctx, time.Second, func() bool { got.add(t, out.read); return time.Since(sim.started) >= 20*time.Second })
	stop := sim.now(t).Truncate(time.Second)
	sim.stopArrivals(t, stop)
	time.Sleep(time.Until(stop.Add(ingestDelayMax + time.Second)))
	truth := fetchTruth(t, sim, stop)
	want := selected(fc.streams)
	if !p.waitFor(ctx, time.Second, func() bool { got.add(t, out.read); return got.coversOnly(truth, want) }) {
		t.Errorf("the collector did not export the ground truth within 4 minutes; its output:\n%s", tail(p.output(t), 30))
	}
	if p.exited() {
		t.Fatalf("the collector exited under the faults; its output:\n%s", tail(p.output(t), 40))
	}
	var left []simulator.Fault
	sim.faults(t, &left)
	if len(left) > 0 {
		t.Errorf("faults that never fired: %+v", left)
	}
	metrics := scrapeMetrics(t, obs.metrics)
	pages := fetchPages(t, obs)
	p.stop(t)
	got.add(t, out.readRest)
	truth = fetchTruth(t, sim, stop)

	t.Run("ground truth", func(t *testing.T) { checkExact(t, got.only(want), truth.only(want)) })
	t.Run("nothing sent to the foreign host", func(t *testing.T) {
		if n := foreign.requests.Load(); n > 0 {
			t.Errorf("%d requests reached the host of a foreign nextLink", n)
		}
	})
	t.Run("each fault logged once", func(t *testing.T) { checkFaultLogs(t, readLogs(t, p), fc, want) })
	t.Run("rate limited", func(t *testing.T) {
		if slices.Contains(want, "audit_logs") && metrics.sum("trendmicro_visionone_receiver_rate_limited", map[string]string{"stream": "audit_logs"}) == 0 {
			t.Error("no 429 was counted: the storm did not happen")
		}
	})
	t.Run("no API key", func(t *testing.T) {
		checkNoSecret(t, key, []string{p.log, storage, out.path, path})
		for name, body := range pages {
			if strings.Contains(body, key) || strings.Contains(body, key[strings.LastIndexByte(key, '.')+1:]) {
				t.Errorf("%s shows the API key", name)
			}
		}
	})
}

// foreignHost is a listener the test owns, standing for another host: it
// counts what reaches it.
type foreignHost struct {
	srv      *httptest.Server
	requests atomic.Int64
}

func newForeignHost(t *testing.T) *foreignHost {
	f := &foreignHost{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		f.requests.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *foreignHost) host() string { return strings.TrimPrefix(f.srv.URL, "http://") }

// checkFaultLogs: a stream whose fault fails a window logs exactly one
// warning or error and one recovery, however often it retried; a stream
// whose fault is absorbed within its windows (retries, restarts, shrinking)
// logs no warning of its own. Retries are at debug, each; an episode of
// retried 429s is warned once for the receiver.
func checkFaultLogs(t *testing.T, logs []logEntry, fc faultCase, read []string) {
	perStream, recovered, episodes := map[string]int{}, map[string]int{}, map[string]int{}
	retries := 0
	for _, e := range logs {
		switch {
		case e.Msg == "Vision One requests are failing; retrying":
			episodes[e.Reason]++
		case e.Msg == "Stream recovered":
			recovered[e.Stream]++
		case e.Msg == "Retrying Vision One request":
			retries++
			if e.Level != "debug" {
				t.Errorf("a retry logged at %s", e.Level)
			}
		case e.Stream != "" && (e.Level == "warn" || e.Level == "error"):
			perStream[e.Stream]++
			t.Logf("%s %s: %s (%s)", e.Level, e.Stream, e.Msg, e.Error)
		}
	}
	for _, s := range read {
		want := 0
		if slices.Contains(fc.failing, s) {
			want = 1
		}
		if perStream[s] != want || recovered[s] != want {
			t.Errorf("%s: %d warnings or errors and %d recoveries, want %d of each", s, perStream[s], recovered[s], want)
		}
	}
	if !maps.Equal(episodes, fc.episodes) {
		t.Errorf("warnings of retried failures by reason: %v, want %v", episodes, fc.episodes)
	}
	t.Logf("%d retries, each logged at debug", retries)
}
