//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/simproc"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// TestPipelinesThroughKill9 runs the built collector on two data pipelines
// of one tenant, the OAT pipeline and a Data Lake one (endpoint activity):
// it registers both, is killed with SIGKILL in the middle of the backfill
// and restarted on the same storage. Every line of every package is
// exported, and only the package each stream had in flight may come twice.
func TestPipelinesThroughKill9(t *testing.T) {
	t.Parallel()
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	dir := t.TempDir()
	key := simulator.MakeKey("e2e-pipelines", time.Now().Add(48*time.Hour))
	// Packages every minute over 40 minutes of history: about 80 packages
	// of a few hundred lines each.
	sim := startSimulator(t, simBin, dir, key, "-history", "40m", "-rate-limit", "-1",
		"-rates", "oat/detections=12000,search/endpointActivities=12000",
		"-ingest-delay-min", "1s", "-ingest-delay-max", "5s", "-package-interval", "1m", "-package-delay", "5s")
	stop := sim.now(t).Truncate(time.Second)
	sim.stopArrivals(t, stop)

	cfg := baseConfig(t)
	enableOnly(cfg, []string{}) // every list feed off
	recv := cfg.section("receivers", "trendmicro_visionone")
	recv["oat_pipeline"] = map[string]any{"enabled": true, "collection_interval": "1s", "initial_lookback": "1h", "page_size": 50}
	recv["datalake_pipeline"] = map[string]any{"enabled": true, "collection_interval": "1s", "initial_lookback": "1h", "page_size": 50,
		"sources": map[string]any{"endpointActivities": nil}}
	path := cfg.write(t, dir, "pipelines")
	names := map[string]string{ // the records' stream, by their event name (export_test.go)
		"oat_pipeline": "oat_detections", "datalake_pipeline.endpointActivities": "search.endpointActivities",
	}

	storage := mkdir(t, dir, "storage")
	// Slow enough to be killed midway: a package is two requests.
	first := startCollectorWith(t, collector, dir, sim, key, collectorRun{"pipelines-1", storage, filepath.Join(dir, "p1.jsonl"), 60}, path)
	firstOut := &exportFile{path: filepath.Join(dir, "p1.jsonl")}
	before := delivered{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if !first.waitFor(ctx, 200*time.Millisecond, func() bool {
		before.add(t, firstOut.read)
		return len(before["oat_detections"]) > 3000 && len(before["search.endpointActivities"]) > 3000
	}) {
		t.Fatalf("the backfill did not get going in 3 minutes; collector output:\n%s", tail(first.output(t), 30))
	}
	first.kill9(t)
	before.add(t, firstOut.readRest)

	// Every package the pipelines hold, now that arrivals have stopped
	// and their last package is made.
	time.Sleep(time.Until(stop.Add(time.Minute + 10*time.Second)))
	truth := map[string][]string{}
	largest := map[string]int{}
	for _, sec := range []string{"oat_pipeline", "datalake_pipeline"} {
		s := feeds.Lookup(sec)
		listed := listPipelines(t, sim.base+s.Pipeline.Path, key)
		if len(listed) != 1 {
			t.Fatalf("%s: %d pipelines registered, want 1", sec, len(listed))
		}
		stream := sec
		if s.Members != "" {
			stream += ".endpointActivities"
		}
		from := sim.started.Add(-2 * time.Hour)
		var tr simproc.PipelineTruth
		sim.call(t, func(ctx context.Context) (err error) {
			tr, err = sim.sim.PipelineTruth(ctx, simproc.PipelineQuery{ID: listed[0].ID, Start: from, End: stop.Add(time.Hour)})
			return err
		})
		truth[names[stream]] = tr.Keys
		largest[names[stream]] = len(tr.Keys)/max(1, len(tr.Packages))*3 + 1
	}

	second := startCollectorWith(t, collector, dir, sim, key, collectorRun{"pipelines-2", storage, filepath.Join(dir, "p2.jsonl"), fastBudget}, path)
	secondOut := &exportFile{path: filepath.Join(dir, "p2.jsonl")}
	after := delivered{}
	covers := func() bool {
		all := before.merged(after)
		for name, keys := range truth {
			missing, _ := diff(all.uids(name), keys)
			if len(missing) > 0 {
				return false
			}
		}
		return true
	}
	ctx, cancel = context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if !second.waitFor(ctx, time.Second, func() bool { after.add(t, secondOut.read); return covers() }) {
		t.Errorf("the restarted collector did not export every package within 3 minutes; its output:\n%s", tail(second.output(t), 30))
	}
	second.stop(t)
	after.add(t, secondOut.readRest)
	all := before.merged(after)
	for name, keys := range truth {
		t.Run(name, func(t *testing.T) {
			uids := all.uids(name)
			missing, _ := diff(uids, keys)
			extra := notIn(uids, keys)
			if len(missing) > 0 || len(extra) > 0 {
				t.Errorf("%d missing (e.g. %v), %d not in any package (e.g. %v)", len(missing), sample(missing), len(extra), sample(extra))
			}
			n, _ := doubled(all[name], keys)
			if n > largest[name] {
				t.Errorf("%d lines delivered twice: more than the package in flight (about %d lines)", n, largest[name])
			}
			t.Logf("%d lines, every one delivered; %d twice (the package in flight at the kill)", len(keys), n)
		})
	}
	checkNoSecret(t, key, []string{storage, first.log, second.log, firstOut.path, secondOut.path})
}

// listPipelines lists a pipeline API's pipelines with key.
func listPipelines(t *testing.T, url, key string) []struct{ ID, Description string } {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Items []struct{ ID, Description string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	return page.Items
}
