//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// crashBudget is the request budget of the crash loop's collectors: slow
// enough that the backfill spans several runs, so kills land in the
// backfill (long chains, pinned windows) as well as in live following.
const crashBudget = 1200

// TestCrashLoop kills the collector with SIGKILL at moments drawn from a
// seeded RNG — at start, mid-page, mid-chain, mid-commit, during the
// backfill and once live — and restarts it on the same storage each time.
// After the last crash a collector runs to the end of the data: the
// exported records hold the whole ground truth, and the records each crash
// made the next runs deliver again lie within one window per stream.
func TestCrashLoop(t *testing.T) {
	t.Parallel()
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	crashes := scale(3, 30)
	dir := t.TempDir()
	key := simulator.MakeKey("e2e", time.Now().Add(48*time.Hour))
	sim := startSimulator(t, simBin, dir, key, simData()...)
	storage := mkdir(t, dir, "storage")
	rng := rand.New(rand.NewPCG(2026, 5))
	run := func(i, budget int) (*process, *exportFile) {
		name := fmt.Sprintf("crash-%02d", i)
		out := filepath.Join(dir, name+".jsonl")
		return startCollector(t, collector, dir, sim, key, collectorRun{name: name, storageDir: storage, output: out, requestsPerMinute: budget}),
			&exportFile{path: out}
	}

	var runs []delivered
	for i := 1; i <= crashes; i++ {
		p, out := run(i, crashBudget)
		// From before the pipeline starts to well into a run: a kill
		// lands at any point of a page, a chain or a commit.
		delay := 200*time.Millisecond + time.Duration(rng.Int64N(int64(6*time.Second)))
		time.Sleep(delay)
		p.kill9(t)
		got := delivered{}
		got.add(t, out.readRest)
		runs = append(runs, got)
		t.Logf("run %d: kill -9 after %s, %d records exported (%s)", i, delay.Round(time.Millisecond), got.total(), phase(got, delay))
	}

	stop := sim.now(t).Truncate(time.Second)
	sim.stopArrivals(t, stop)
	time.Sleep(time.Until(stop.Add(ingestDelayMax + time.Second)))
	truth := fetchTruth(t, sim, stop)
	last, lastOut := run(crashes+1, fastBudget)
	final := delivered{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	all := func() delivered { return merge(append(runs, final)...) }
	if !last.waitFor(ctx, time.Second, func() bool { final.add(t, lastOut.read); return all().covers(truth) }) {
		t.Errorf("the last run did not export the rest within 3 minutes; its output:\n%s", tail(last.output(t), 30))
	}
	last.stop(t)
	final.add(t, lastOut.readRest)
	runs = append(runs, final)
	truth = fetchTruth(t, sim, stop)
	checkCrashLoop(t, runs, truth)
}

// phase says whether a run was still backfilling when it was killed: it
// exported records older than two windows before its end.
func phase(got delivered, ranFor time.Duration) string {
	cutoff := time.Now().Add(-ranFor - 2*maxWindow)
	for _, recs := range got {
		for _, r := range recs {
			if r.at.Before(cutoff) {
				return "backfill"
			}
		}
	}
	if got.total() == 0 {
		return "nothing exported yet"
	}
	return "live"
}

// merge is every run's records together.
func merge(runs ...delivered) delivered {
	out := delivered{}
	for _, r := range runs {
		out = out.merged(r)
	}
	return out
}

// checkCrashLoop: nothing lost over all runs, nothing foreign; the records
// a run exported that a later run exported again (its crash's duplicates)
// lie within one max_window of windowed time per stream, the window or page
// that was in flight when it was killed.
func checkCrashLoop(t *testing.T, runs []delivered, truth truth) {
	all := merge(runs...)
	for _, s := range streams {
		t.Run(s.name, func(t *testing.T) {
			uids := all.uids(s.name)
			var missing []string
			if !s.update { // updates are a subset of the versions
				missing, _ = diff(uids, truth[s.name])
			}
			foreign := notIn(uids, truth[s.name])
			if len(missing) > 0 || len(foreign) > 0 {
				t.Errorf("%d missing (e.g. %v), %d not in the ground truth (e.g. %v)", len(missing), sample(missing), len(foreign), sample(foreign))
			}
			n, copies := doubled(all[s.name], truth[s.name])
			isCopy := map[string]bool{}
			for _, r := range copies {
				isCopy[r.uid] = true
			}
			widest := time.Duration(0)
			for i, run := range runs {
				later := map[string]bool{}
				for _, next := range runs[i+1:] {
					for _, r := range next[s.name] {
						later[r.uid] = true
					}
				}
				var again []record
				for _, r := range run[s.name] {
					if isCopy[r.uid] && later[r.uid] {
						again = append(again, r)
					}
				}
				if len(again) == 0 {
					continue
				}
				first, last := span(again)
				widest = max(widest, last.Sub(first))
				if last.Sub(first) > maxWindow {
					t.Errorf("crash %d: %d records delivered again, spread over %s..%s (%s), more than one max_window (%s)",
						i+1, len(again), first.Format(time.RFC3339), last.Format(time.RFC3339), last.Sub(first), maxWindow)
				}
			}
			t.Logf("%d records for %d in the ground truth (%d runs): %d duplicates; what one run delivered again spans at most %s",
				len(all[s.name]), len(truth[s.name]), len(runs), n, widest)
		})
	}
}
