//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// The simulator's settings, and what the collector's configuration
// (testdata/collector.yaml) must agree with.
const (
	simHistory     = 15 * time.Minute
	ingestDelayMax = 5 * time.Second // the collector's ingestion_delay is 10s
	maxWindow      = 5 * time.Minute // the collector's max_window
	liveStretch    = 45 * time.Second
	// Request budgets: fast, and slow enough that a backfill takes a while
	// to kill it in the middle.
	fastBudget = 6000
	slowBudget = 600
)

// simRates are the simulator's records per hour, for every feed of the
// registry: every stream moves by several records a second; a few
// busier.
func simRates() string {
	busier := map[string]int{
		"workbench/alerts": 600, "oat/detections": 3000, "audit/logs": 1500,
		"search/detections": 3000, "search/endpointActivities": 6000, "search/networkActivities": 3000,
	}
	var rates []string
	for _, s := range streams {
		if s.update {
			continue
		}
		rate, ok := busier[s.feed]
		if !ok {
			rate = 1200
		}
		rates = append(rates, fmt.Sprintf("%s=%d", s.feed, rate))
	}
	return strings.Join(rates, ",")
}

// changeRanges is the simulator's -change-ranges: the items of every
// changing feed (alerts, cases, tasks) change 90 s to 4 min after creation,
// so changes happen while the collector watches (by default they spread
// over minutes to days) and every updates stream has some to deliver.
func changeRanges() string {
	var ranges []string
	for _, feed := range slices.Sorted(maps.Keys(simulator.DefaultChangeRanges())) {
		ranges = append(ranges, string(feed)+"=90s..4m")
	}
	return strings.Join(ranges, ",")
}

// TestDelivery runs the built collector against the simulator process:
// first live, with arrivals stopped after a while, where the exported
// records must equal the ground truth exactly; then a fresh backfill that is
// killed with SIGKILL midway and restarted on the same storage, where
// nothing may be lost and only the window in flight may be delivered twice.
// The API key must appear in nothing the collector printed or wrote.
func TestDelivery(t *testing.T) {
	t.Parallel() // beside the reliability tests, which wait on real time too
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	dir := t.TempDir()
	key := simulator.MakeKey("e2e", time.Now().Add(48*time.Hour))
	sim := startSimulator(t, simBin, dir, key, simData("-change-ranges", changeRanges())...)
	var collectors []*process
	start := func(run collectorRun) (*process, *exportFile) {
		p := startCollector(t, collector, dir, sim, key, run)
		collectors = append(collectors, p)
		return p, &exportFile{path: run.output}
	}

	// Live: backfill, then arrivals for a while, then the end of the data.
	live, liveOut := start(collectorRun{"collector-live", mkdir(t, dir, "storage-live"), filepath.Join(dir, "live.jsonl"), fastBudget})
	got := delivered{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	flowing := live.waitFor(ctx, time.Second, func() bool {
		got.add(t, liveOut.read)
		return time.Since(sim.started) >= liveStretch && got.flowing()
	})
	if !flowing {
		t.Fatalf("records of some stream were not exported within 3 minutes; collector output:\n%s", tail(live.output(t), 30))
	}
	stop := sim.now(t).Truncate(time.Second)
	sim.stopArrivals(t, stop)
	// The last records before stop are ingested within ingestDelayMax.
	time.Sleep(time.Until(stop.Add(ingestDelayMax + time.Second)))
	truth := fetchTruth(t, sim, stop)
	if !live.waitFor(ctx, time.Second, func() bool { got.add(t, liveOut.read); return got.covers(truth) }) {
		t.Errorf("the collector did not export the ground truth within 3 minutes; collector output:\n%s", tail(live.output(t), 30))
	}
	live.stop(t)
	got.add(t, liveOut.readRest)
	// Again: alert versions go on changing after the stop time.
	truth = fetchTruth(t, sim, stop)
	t.Run("live", func(t *testing.T) { checkExact(t, got, truth) })
	for _, s := range streams {
		if s.update && len(got.uids(s.name)) == 0 {
			t.Errorf("no record of %s was exported: the updates stream is not proven", s.name)
		}
	}

	// Crash: a fresh backfill of the same data, killed midway, restarted on
	// the same storage.
	storage := mkdir(t, dir, "storage-crash")
	first, firstOut := start(collectorRun{"collector-crash-1", storage, filepath.Join(dir, "crash-1.jsonl"), slowBudget})
	before := delivered{}
	ctx, cancel = context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if !first.waitFor(ctx, 100*time.Millisecond, func() bool { before.add(t, firstOut.read); return before.total() >= truth.total()/4 }) {
		t.Fatalf("the backfill did not reach a quarter of the data in 3 minutes; collector output:\n%s", tail(first.output(t), 30))
	}
	first.kill9(t)
	before.add(t, firstOut.readRest)
	if before.total() >= truth.total() {
		t.Fatalf("the backfill had finished (%d records) before the kill: slow it down", before.total())
	}
	t.Logf("kill -9 after %d of %d records", before.total(), truth.total())

	second, secondOut := start(collectorRun{"collector-crash-2", storage, filepath.Join(dir, "crash-2.jsonl"), fastBudget})
	after := delivered{}
	if !second.waitFor(ctx, time.Second, func() bool {
		after.add(t, secondOut.read)
		return before.merged(after).covers(truth)
	}) {
		t.Errorf("the restarted collector did not export the rest within 3 minutes; its output:\n%s", tail(second.output(t), 30))
	}
	second.stop(t)
	after.add(t, secondOut.readRest)
	truth = fetchTruth(t, sim, stop)
	t.Run("kill -9", func(t *testing.T) { checkCrash(t, before, before.merged(after), truth) })

	t.Run("no API key in output or files", func(t *testing.T) {
		paths := []string{filepath.Join(dir, "storage-live"), storage}
		for _, p := range collectors {
			paths = append(paths, p.log)
		}
		for _, out := range []*exportFile{liveOut, firstOut, secondOut} {
			paths = append(paths, out.path)
		}
		checkNoSecret(t, key, paths)
	})
}

// checkExact: every stream exported exactly its ground truth; workbench
// updates are distinct real versions.
func checkExact(t *testing.T, got delivered, truth truth) {
	for _, s := range streams {
		t.Run(s.name, func(t *testing.T) {
			uids := got.uids(s.name)
			if s.update {
				checkUpdates(t, uids, truth[s.name])
				return
			}
			missing, extra := diff(uids, truth[s.name])
			if len(missing) > 0 || len(extra) > 0 {
				t.Errorf("%d records exported, %d in the ground truth: %d missing (e.g. %v), %d extra or doubled (e.g. %v)",
					len(uids), len(truth[s.name]), len(missing), sample(missing), len(extra), sample(extra))
			}
			t.Logf("%d records, exactly the ground truth", len(uids))
		})
	}
}

// checkCrash: after kill -9 and restart nothing is lost, and a stream's
// duplicates all lie within one max_window of its windowed time: the one
// window (or page) that was in flight. A stream without a time range
// (account compromise indicators) has its cycle in flight, which reaches
// from its checkpoint to now: what it delivered before the kill may come
// again, once (README, Account compromise indicators).
func checkCrash(t *testing.T, before, got delivered, truth truth) {
	for _, s := range streams {
		t.Run(s.name, func(t *testing.T) {
			recs := got[s.name]
			uids := got.uids(s.name)
			var missing, extra []string
			if !s.update { // updates are a subset: nothing is missing
				missing, _ = diff(uids, truth[s.name])
			}
			extra = notIn(uids, truth[s.name]) // doubled keys are checked below
			if len(missing) > 0 || len(extra) > 0 {
				t.Errorf("%d missing (e.g. %v), %d not in the ground truth (e.g. %v)", len(missing), sample(missing), len(extra), sample(extra))
			}
			n, copies := doubled(recs, truth[s.name])
			if s.latest {
				uids := make([]string, len(copies))
				for i, r := range copies {
					uids[i] = r.uid
				}
				if doubledOnce := len(distinct(uids)); n > len(before[s.name]) || len(copies) != 2*doubledOnce {
					t.Errorf("%d duplicates in %d copies of %d records, for %d delivered before the kill: more than that cycle once again",
						n, len(copies), doubledOnce, len(before[s.name]))
				}
			} else if n > 0 {
				first, last := span(copies)
				if last.Sub(first) > maxWindow {
					t.Errorf("%d duplicates spread over %s..%s (%s), more than one max_window (%s)",
						n, first.Format(time.RFC3339), last.Format(time.RFC3339), last.Sub(first), maxWindow)
				}
			}
			t.Logf("%d records delivered for %d in the ground truth, %d of them duplicates", len(recs), len(truth[s.name]), n)
		})
	}
}

// checkUpdates: each exported update is a real alert version, once.
func checkUpdates(t *testing.T, uids, versions []string) {
	if d := len(uids) - len(distinct(uids)); d > 0 {
		t.Errorf("%d updates delivered more than once", d)
	}
	if extra := notIn(uids, versions); len(extra) > 0 {
		t.Errorf("%d updates are no version the simulator holds (e.g. %v)", len(extra), sample(extra))
	}
	t.Logf("%d updates, each a distinct version of the %d the simulator holds", len(uids), len(versions))
}

// checkNoSecret fails if the key, or its signature alone, is in any file
// under paths.
func checkNoSecret(t *testing.T, key string, paths []string) {
	needles := [][]byte{[]byte(key), []byte(key[strings.LastIndexByte(key, '.')+1:])}
	files := 0
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			for _, n := range needles {
				if bytes.Contains(b, n) {
					t.Errorf("%s contains the API key", path)
				}
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
	if files < len(paths) {
		t.Errorf("read %d files under %d paths: some output is missing", files, len(paths))
	}
}

func mkdir(t *testing.T, parent, name string) string {
	t.Helper()
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sample is a few of keys, for messages.
func sample(keys []string) []string { return keys[:min(len(keys), 3)] }

func distinct(keys []string) []string {
	out := slices.Clone(keys)
	slices.Sort(out)
	return slices.Compact(out)
}
