//go:build e2e

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// corruptedStreams get garbage written over their stored checkpoint: one
// of each checkpoint discipline (README, Streams, windows and delivery).
var corruptedStreams = []string{"audit_logs", "oat_detections"}

// TestCorruptedCheckpointFileStorage corrupts checkpoints in the
// collector's real file_storage (a bbolt file) between two runs: the
// restarted collector reports each once, goes on from the previous
// checkpoint kept beside it, and loses nothing.
func TestCorruptedCheckpointFileStorage(t *testing.T) {
	t.Parallel()
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	dir := t.TempDir()
	key := simulator.MakeKey("e2e-checkpoint", time.Now().Add(48*time.Hour))
	sim := startSimulator(t, simBin, dir, key, simData()...)
	cfg := baseConfig(t)
	cfg.observe(t, "info")
	path := cfg.write(t, dir, "checkpoint")
	storage := mkdir(t, dir, "storage")
	run := func(name string) (*process, *exportFile) {
		out := filepath.Join(dir, name+".jsonl")
		return startCollectorWith(t, collector, dir, sim, key, collectorRun{name, storage, out, fastBudget}, path), &exportFile{path: out}
	}

	first, firstOut := run("checkpoint-1")
	before := delivered{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Caught up and a few live cycles on: each stream has saved a
	// checkpoint over an earlier one, which is kept as the backup.
	if !first.waitFor(ctx, time.Second, func() bool {
		before.add(t, firstOut.read)
		return before.flowing() && time.Since(sim.started) > 20*time.Second
	}) {
		t.Fatalf("the first run did not deliver every stream; its output:\n%s", tail(first.output(t), 20))
	}
	first.stop(t)
	before.add(t, firstOut.readRest)
	corruptFileStorage(t, storage, corruptedStreams)

	second, secondOut := run("checkpoint-2")
	after := delivered{}
	stop := sim.now(t).Truncate(time.Second)
	sim.stopArrivals(t, stop)
	time.Sleep(time.Until(stop.Add(ingestDelayMax + time.Second)))
	truth := fetchTruth(t, sim, stop)
	if !second.waitFor(ctx, time.Second, func() bool { after.add(t, secondOut.read); return before.merged(after).covers(truth) }) {
		t.Errorf("the restarted collector did not export the rest within 3 minutes; its output:\n%s", tail(second.output(t), 30))
	}
	second.stop(t)
	after.add(t, secondOut.readRest)

	reports := map[string]int{}
	for _, e := range readLogs(t, second) {
		if e.Msg == "Checkpoint was corrupted; recovering" {
			reports[e.Stream]++
			if e.Level != "error" || !strings.Contains(e.Error, "using the previous checkpoint") {
				t.Errorf("%s: %s %q: want an error that says the previous checkpoint is used", e.Stream, e.Level, e.Error)
			}
		}
	}
	for _, s := range corruptedStreams {
		if reports[s] != 1 {
			t.Errorf("%s: the corruption was reported %d times, want once", s, reports[s])
		}
	}
	if len(reports) != len(corruptedStreams) {
		t.Errorf("corruption reported for %v, want only %v", reports, corruptedStreams)
	}
	checkCrashLoop(t, []delivered{before, after}, fetchTruth(t, sim, stop))
}

// corruptFileStorage overwrites the named streams' current checkpoint in
// file_storage's bbolt file (its bucket "default"; the receiver's keys,
// internal/checkpoint) with bytes that are no checkpoint.
func corruptFileStorage(t *testing.T, dir string, streamNames []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "receiver_trendmicro_visionone*"))
	if err != nil || len(files) != 1 {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("want one storage file of the receiver in %s (%v), found %v among %v", dir, err, files, entries)
	}
	db, err := bbolt.Open(files[0], 0o600, &bbolt.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket([]byte("default"))
		if b == nil {
			t.Fatal("no bucket default in the storage file")
		}
		for _, s := range streamNames {
			k := []byte("checkpoint/" + s)
			if b.Get(k) == nil || b.Get(append(k, ".prev"...)) == nil {
				t.Fatalf("%s: no checkpoint and backup to corrupt", s)
			}
			if err := b.Put(k, []byte(`{"v":1,"watermark":"not a time"`)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
