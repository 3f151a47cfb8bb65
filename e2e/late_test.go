//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// The late-events run's settings (README, "Late events"; the receiver's
// internal/stream/late.go).
const (
	lateTailMax  = 40 * time.Second // the simulator's late tails: visible up to 40 s after their time
	lateHorizon  = 2 * time.Minute  // late_events.horizon
	lateInterval = 10 * time.Second // late_events.interval
	// lateMode is late_events.mode. With off the test must fail: the late
	// records are never delivered.
	lateMode = "reconcile"
	// lateArrivals: arrivals stop this long after the simulator started,
	// while the collector is still being killed, so that the last late
	// records become visible, and the endpoints without a count re-read them
	// at the horizon, within the test's time.
	lateArrivals = 20 * time.Second
	// lateKills: the collector is killed until this long after the start,
	// into the re-reads at the horizon of the endpoints without a count.
	lateKills = 85 * time.Second
	// recoveredMsg is what the receiver logs at info after re-reading a
	// span and delivering what the API made visible late, before the
	// commit that saves the new keys.
	recoveredMsg = "Recovered records the API made visible late"
)

// lateStreams are the streams the test reads, all windowed on the event's
// own time: a search source (counted with countOnly), a container log (no
// count: re-read in bands at the horizon), workbench alerts (visible at
// creation; counted by totalCount) and response tasks. section is the
// receiver's section key, member the group member it reads.
var lateStreams = []struct{ name, feed, section, member string }{
	{"search.detections", "search/detections", "search", "detections"},
	{"container_security.kubernetesAuditEventLogs", "containerSecurity/kubernetesAuditEventLogs", "container_security", "kubernetesAuditEventLogs"},
	{"workbench_alerts", "workbench/alerts", "workbench", ""},
	{"response_tasks", "response/tasks", "response_tasks", ""},
}

// recoveredSpan is one "Recovered records" log line.
type recoveredSpan struct {
	stream   string
	records  int
	from, to time.Time
}

// lateRun is one collector run: what it exported, how it ended.
type lateRun struct {
	got       delivered
	killed    string          // why and when it was killed ("" for the last run, stopped)
	recovered []recoveredSpan // its "Recovered records" lines
	lateCount float64         // late_records{outcome=recovered} at its last scrape
}

// TestLateEventsThroughKill9 runs the built collector with late_events on
// against a simulator whose event-time feeds have late tails: 30% of their
// records become visible up to 40 s after their time, far past the
// collector's 5 s ingestion_delay, so they fall in windows already read
// and only reconciliation delivers them. The collector is killed with
// SIGKILL at seeded random moments, every other time right after it logged
// a recovered span (delivered, not committed yet), and restarted on the
// same storage; arrivals stop meanwhile, and a last run goes on until every
// late record is visible and re-checked. Per stream: every ground-truth
// record is exported, and a record comes again only if it was delivered
// after its run's last commit: the tail of what that run delivered, within
// one window, or within the recovered span in flight and at most its
// records.
func TestLateEventsThroughKill9(t *testing.T) {
	t.Parallel()
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	dir := t.TempDir()
	key := simulator.MakeKey("e2e-late", time.Now().Add(48*time.Hour))
	var rates, tails []string
	for _, s := range lateStreams {
		rates = append(rates, s.feed+"=18000") // five a second
		tails = append(tails, fmt.Sprintf("%s=0.3:%s", s.feed, lateTailMax))
	}
	sim := startSimulator(t, simBin, dir, key, "-history", "5m", "-rate-limit", "-1",
		"-rates", strings.Join(rates, ","), "-late-tails", strings.Join(tails, ","),
		"-ingest-delay-min", "1s", "-ingest-delay-max", "3s")
	stop := sim.started.Add(lateArrivals).Truncate(time.Second)
	sim.stopArrivals(t, stop)

	cfg := baseConfig(t)
	var names []string
	for _, s := range lateStreams {
		names = append(names, s.name)
	}
	enableOnly(cfg, names)
	recv := cfg.section("receivers", "trendmicro_visionone")
	recv["ingestion_delay"] = "5s"
	recv["late_events"] = map[string]any{"mode": lateMode, "horizon": lateHorizon.String(), "interval": lateInterval.String()}
	for _, s := range lateStreams {
		sec := cfg.section("receivers", "trendmicro_visionone", s.section)
		delete(sec, "updates")
		if s.member != "" {
			sec[feeds.Lookup(s.section).Members] = map[string]any{s.member: nil} // of the group, this member only
		}
	}
	obs := cfg.observe(t, "info") // JSON logs: the recovered spans are read from them
	path := cfg.write(t, dir, "late")
	storage := mkdir(t, dir, "storage")

	rng := rand.New(rand.NewPCG(2026, 16))
	var runs []lateRun
	start := func(i int) (*process, *exportFile) {
		name := fmt.Sprintf("late-%02d", i)
		out := filepath.Join(dir, name+".jsonl")
		return startCollectorWith(t, collector, dir, sim, key, collectorRun{name, storage, out, fastBudget}, path), &exportFile{path: out}
	}
	afterRecovered := 0 // kills that followed a recovered span's log line
	for i := 1; time.Since(sim.started) < lateKills && i <= 12; i++ {
		p, out := start(i)
		run := lateRun{got: delivered{}}
		// A few seconds first, so that the kills spread over the whole
		// stretch: the backfill, live arrivals, and the re-reads after the
		// end of arrivals (those at the horizon included).
		delay := time.Second + time.Duration(rng.Int64N(int64(8*time.Second)))
		time.Sleep(delay)
		if i%2 == 0 {
			// Then right after the next recovered span's line: the span
			// is delivered and its keys not committed yet, or just.
			seen := strings.Count(p.output(t), recoveredMsg)
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			found := p.waitFor(ctx, 5*time.Millisecond, func() bool { return strings.Count(p.output(t), recoveredMsg) > seen })
			cancel()
			if found {
				afterRecovered++
				run.killed = "right after a recovered span's log line"
			} else {
				run.killed = "15s without a recovered span"
			}
		} else {
			// Anywhere: mid-backfill, mid-window, mid-count, mid-commit.
			run.killed = "after " + delay.Round(time.Millisecond).String()
		}
		if m, err := tryScrape(obs.metrics); err == nil {
			run.lateCount = m.sum("trendmicro_visionone_receiver_late_records", map[string]string{"outcome": "recovered"})
		}
		if p.exited() {
			t.Fatalf("collector run %d exited on its own; its output:\n%s", i, tail(p.output(t), 30))
		}
		p.kill9(t)
		run.got.add(t, out.readRest)
		run.recovered = recoveredSpans(t, p)
		runs = append(runs, run)
		t.Logf("run %d: kill -9 %s, %d s after the start: %d records exported, %d recovered spans logged",
			i, run.killed, int(time.Since(sim.started).Seconds()), lateTotal(run.got), len(run.recovered))
	}
	if afterRecovered == 0 {
		t.Errorf("no kill landed right after a recovered span: reconciliation was not interrupted")
	}

	// Every late record is visible by stop + lateTailMax; the ground truth
	// holds them all (the simulator counts a record before it is visible).
	time.Sleep(time.Until(stop.Add(lateTailMax + time.Second)))
	truth := truth{}
	for _, s := range lateStreams {
		truth[s.name] = sim.groundTruth(t, s.feed, streamNamed(s.name).target, sim.started.Add(-time.Hour), stop.Add(time.Hour), false)
	}
	last, lastOut := start(len(runs) + 1)
	final := lateRun{got: delivered{}}
	covered := func() bool {
		all := lateMerge(append(runs, final))
		for name, keys := range truth {
			if missing, _ := diff(all.uids(name), keys); len(missing) > 0 {
				return false
			}
		}
		return true
	}
	// A counted stream finds a late record at its next re-check (interval);
	// one without a count re-reads it when it is a horizon old. The last run
	// also runs two intervals past the last record's visibility, so that
	// re-checks that find nothing new are seen to deliver nothing.
	deadline := stop.Add(lateHorizon + 4*lateInterval)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if !last.waitFor(ctx, time.Second, func() bool {
		final.got.add(t, lastOut.read)
		return covered() && time.Now().After(stop.Add(lateTailMax+2*lateInterval))
	}) {
		t.Errorf("the last run did not export every record within %s of the end of arrivals; its output:\n%s",
			lateHorizon+4*lateInterval, tail(last.output(t), 30))
	}
	if m, err := tryScrape(obs.metrics); err == nil {
		final.lateCount = m.sum("trendmicro_visionone_receiver_late_records", map[string]string{"outcome": "recovered"})
	}
	last.stop(t)
	final.got.add(t, lastOut.readRest)
	final.recovered = recoveredSpans(t, last)
	runs = append(runs, final)
	t.Logf("last run: %d records exported, %d recovered spans logged; %d s after the start",
		lateTotal(final.got), len(final.recovered), int(time.Since(sim.started).Seconds()))
	checkLate(t, runs, truth)
	checkNoSecret(t, key, []string{storage, last.log, lastOut.path})
}

// streamNamed is the stream of export_test.go's list named name.
func streamNamed(name string) stream {
	for _, s := range streams {
		if s.name == name {
			return s
		}
	}
	panic("no stream " + name)
}

func lateMerge(runs []lateRun) delivered {
	var ds []delivered
	for _, r := range runs {
		ds = append(ds, r.got)
	}
	return merge(ds...)
}

func lateTotal(d delivered) int {
	n := 0
	for _, recs := range d {
		n += len(recs)
	}
	return n
}

// recoveredSpans reads a run's "Recovered records" lines (JSON logs).
func recoveredSpans(t *testing.T, p *process) []recoveredSpan {
	t.Helper()
	var out []recoveredSpan
	for line := range strings.Lines(p.output(t)) {
		if !strings.HasPrefix(line, `{"level"`) || !strings.Contains(line, recoveredMsg) {
			continue
		}
		var e struct {
			Stream   string          `json:"stream"`
			Records  int             `json:"records"`
			From, To json.RawMessage // zap's JSON time: a string (ISO 8601) or epoch seconds
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("a log line that is not JSON: %v: %.200s", err, line)
		}
		out = append(out, recoveredSpan{e.Stream, e.Records, logTime(t, e.From), logTime(t, e.To)})
	}
	return out
}

func logTime(t *testing.T, raw json.RawMessage) time.Time {
	t.Helper()
	var s string
	if json.Unmarshal(raw, &s) == nil {
		at, err := translate.ParseTime(s)
		if err != nil {
			t.Fatalf("log time %s: %v", raw, err)
		}
		return at
	}
	var sec float64
	if err := json.Unmarshal(raw, &sec); err != nil {
		t.Fatalf("log time %s: %v", raw, err)
	}
	return time.Unix(0, int64(sec*1e9)).UTC()
}

// checkLate: per stream, nothing lost and nothing foreign over all runs,
// nothing twice within a run; what a killed run delivered that a later run
// delivered again is a tail of that run's deliveries (nothing committed
// came again), within one max_window of windowed time (the newest-first
// window in flight), and when it lies in the run's last recovered span of
// the stream, at most that span's records.
func checkLate(t *testing.T, runs []lateRun, truth truth) {
	all := lateMerge(runs)
	recoveredTotal, counted := 0, 0.0
	for _, r := range runs {
		counted += r.lateCount
	}
	for _, s := range lateStreams {
		t.Run(s.name, func(t *testing.T) {
			uids := all.uids(s.name)
			missing, _ := diff(uids, truth[s.name])
			foreign := notIn(uids, truth[s.name])
			if len(missing) > 0 || len(foreign) > 0 {
				t.Errorf("%d of %d missing (e.g. %v), %d not in the ground truth (e.g. %v)",
					len(missing), len(truth[s.name]), sample(missing), len(foreign), sample(foreign))
			}
			dups, _ := doubled(all[s.name], truth[s.name])
			recovered, spans := 0, 0
			var notes []string
			for i, run := range runs {
				recs := run.got[s.name]
				if d := len(recs) - len(distinct(run.got.uids(s.name))); d > 0 {
					t.Errorf("run %d delivered %d records twice without a crash", i+1, d)
				}
				for _, sp := range run.recovered {
					if sp.stream == s.name {
						recovered += sp.records
						spans++
					}
				}
				later := map[string]bool{}
				for _, next := range runs[i+1:] {
					for _, r := range next.got[s.name] {
						later[r.uid] = true
					}
				}
				first := -1 // the first record of run i delivered again later
				for j, r := range recs {
					if later[r.uid] {
						first = j
						break
					}
				}
				if first < 0 {
					continue
				}
				again := recs[first:]
				if n := len(again) - len(recsIn(again, later)); n > 0 {
					t.Errorf("run %d: %d records delivered between ones that came again did not come again: "+
						"what came again is not what was delivered after the last commit", i+1, n)
				}
				lo, hi := span(again)
				if hi.Sub(lo) > maxWindow {
					t.Errorf("run %d: %d records delivered again, over %s..%s (%s), more than one max_window (%s)",
						i+1, len(again), lo.Format(time.RFC3339), hi.Format(time.RFC3339), hi.Sub(lo), maxWindow)
				}
				note := fmt.Sprintf("run %d (killed %s): %d again over %s", i+1, run.killed, len(again), hi.Sub(lo))
				if sp, ok := lastSpan(run.recovered, s.name); ok && !lo.Before(sp.from) && !hi.After(sp.to.Add(time.Second-1)) {
					// Within the last recovered span logged. The span in
					// flight at the kill may be the next one, re-read and
					// delivered but neither logged nor committed yet (the
					// kill lands milliseconds after the line), so its count
					// does not bound what came again; the contiguous tail
					// and the max_window bound above do.
					if len(again) > sp.records {
						t.Logf("run %d: %d records delivered again within the recovered span %s..%s, which held %d: "+
							"the next span was in flight", i+1, len(again), sp.from.Format(time.RFC3339), sp.to.Format(time.RFC3339), sp.records)
					}
					note += fmt.Sprintf(", within the recovered span in flight (%d records)", sp.records)
				}
				notes = append(notes, note)
			}
			recoveredTotal += recovered
			if recovered == 0 {
				t.Errorf("no late record of %s was recovered: the test proves nothing for it", s.name)
			}
			t.Logf("%d records for %d in the ground truth, %d lost; %d recovered late in %d spans (logged, over %d runs); %d duplicates",
				len(uids), len(truth[s.name]), len(missing), recovered, spans, len(runs), dups)
			for _, n := range notes {
				t.Log(n)
			}
		})
	}
	t.Logf("late records recovered: %d logged over every run; late_records{outcome=recovered} %.0f over the runs' last scrapes", recoveredTotal, counted)
}

// recsIn keeps the records whose key is in set.
func recsIn(recs []record, set map[string]bool) []record {
	var out []record
	for _, r := range recs {
		if set[r.uid] {
			out = append(out, r)
		}
	}
	return out
}

// lastSpan is the last recovered span of stream in spans.
func lastSpan(spans []recoveredSpan, stream string) (recoveredSpan, bool) {
	for i := len(spans) - 1; i >= 0; i-- {
		if spans[i].stream == stream {
			return spans[i], true
		}
	}
	return recoveredSpan{}, false
}
