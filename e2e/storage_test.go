//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// exampleStorageDir is file_storage's directory in every example: under
// the working directory unless OTELCOL_STORAGE_DIR says otherwise (the
// image sets it to its volume), so a normal user can run them. The
// collector's env provider takes the default after ":-" when the variable
// is unset.
const exampleStorageDir = "${env:OTELCOL_STORAGE_DIR:-./otelcol-storage}"

// Every example keeps its checkpoints where exampleStorageDir says (the
// README's "Where the checkpoints live"), none at a fixed path that only
// root can create.
func TestExamplesStorageDirectory(t *testing.T) {
	paths, err := filepath.Glob("../examples/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if dir := fileStorageDir(t, string(b)); dir != exampleStorageDir {
				t.Errorf("file_storage's directory is %q, want %q", dir, exampleStorageDir)
			}
		})
	}
}

// storageExample is the example TestExampleStorage runs.
const storageExample = "../examples/tenant.yaml"

// TestExampleStorage starts the collector with examples/tenant.yaml,
// unchanged but for where it reads and exports (the simulator, a loopback
// OTLP sink) and its listeners, in a working directory of its own, as the
// user running the test: it starts, keeps its checkpoints and queue where
// the README says — ./otelcol-storage under the working directory, or
// OTELCOL_STORAGE_DIR — and writes checkpoints there. (Under root, which
// can write anywhere, the test still checks where the storage is.)
//
// The gateway is down during the first run, so the exporter's persistent
// queue holds what the receiver delivered, and at SIGTERM the exporter
// logs "Exporting failed. Dropping data." for what it was retrying. The
// README says this drops nothing: a second run, with the gateway up and
// the API out of reach (so nothing new is read), exports every record the
// first run accepted.
func TestExampleStorage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// storageDir is OTELCOL_STORAGE_DIR ("" leaves it unset) and want
		// where the storage must be, given the working directory and the
		// test's directory.
		storageDir func(work, dir string) string
		want       func(work, dir string) string
	}{
		{
			name:       "default",
			storageDir: func(string, string) string { return "" },
			want:       func(work, _ string) string { return filepath.Join(work, "otelcol-storage") },
		},
		{
			name:       "OTELCOL_STORAGE_DIR",
			storageDir: func(_, dir string) string { return filepath.Join(dir, "volume", "file_storage") },
			want:       func(_, dir string) string { return filepath.Join(dir, "volume", "file_storage") },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			work := mkdir(t, dir, "work")
			runExampleStorage(t, dir, work, tt.storageDir(work, dir), tt.want(work, dir))
		})
	}
}

func runExampleStorage(t *testing.T, dir, work, storageDir, want string) {
	collector, simBin := collectorBinary(t), simulatorBinary(t)
	example, err := filepath.Abs(storageExample)
	if err != nil {
		t.Fatal(err)
	}
	key := simulator.MakeKey("e2e-storage", time.Now().Add(48*time.Hour))
	// The simulator's own rates: the example reads four feeds, and an
	// hour of history with its default ingestion delays (up to 2m, within
	// the example's ingestion_delay) gives each some.
	sim := startSimulator(t, simBin, dir, key, "-history", "1h", "-rate-limit", "-1")
	sink := newOTLPSink(t) // down until the second run
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "VISIONONE_API_KEY=" + key}
	if storageDir != "" {
		env = append(env, "OTELCOL_STORAGE_DIR="+storageDir)
	}
	run := func(name, endpoint string, metricsPort int) *process {
		// --set overrides what points outside the test, and the pace; the
		// storage settings are the example's.
		args := []string{"--config", example,
			`--set=receivers::trendmicro_visionone::region=""`,
			"--set=receivers::trendmicro_visionone::endpoint=" + endpoint,
			// The simulator has no rate limit: the backfill's empty windows
			// (24h of initial_lookback, an hour of data) go by at once.
			"--set=receivers::trendmicro_visionone::requests_per_minute=6000",
			"--set=exporters::otlp_grpc::endpoint=" + sink.addr,
			"--set=exporters::otlp_grpc::tls::insecure=true",
			"--set=extensions::health_check::endpoint=" + addr(freePort(t)),
			"--set=service::telemetry::logs::encoding=json",
			"--set=service::telemetry::metrics::readers=[{pull: {exporter: {prometheus: {host: 127.0.0.1, port: " + strconv.Itoa(metricsPort) + "}}}}]",
		}
		return startIn(t, name, work, filepath.Join(dir, name+".log"), env, collector, args...)
	}

	// First run, gateway down: wait until the receiver has delivered
	// records, which wait in the queue, and the exporter has failed to send
	// a batch of them.
	metrics := freePort(t)
	first := run("storage-1", sim.base, metrics)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var accepted float64
	if !first.waitFor(ctx, 500*time.Millisecond, func() bool {
		m, err := tryScrape(metrics)
		if err != nil {
			return false
		}
		accepted = m.sum("trendmicro_visionone_receiver_records", map[string]string{"outcome": "accepted"})
		return accepted > 0 && strings.Contains(first.output(t), "Exporting failed. Will retry the request after interval.")
	}) {
		t.Fatalf("the collector did not start, deliver records and try to export them within 2 minutes; its output:\n%s", tail(first.output(t), 30))
	}
	first.stop(t)

	checkStorageAt(t, work, storageDir, want)
	dropped := shutdownDrops(t, first)
	t.Logf("first run: %.0f records accepted; at shutdown the exporter said it dropped %d", accepted, dropped)

	// Second run, gateway up, API out of reach: what arrives can only
	// come from the first run's queue.
	sink.start(t)
	second := run("storage-2", "http://"+addr(freePort(t)), freePort(t))
	wantRecords := max(int(accepted), dropped)
	var got int
	if !second.waitFor(ctx, 500*time.Millisecond, func() bool {
		got = distinctRecords(sink.delivered())
		return got >= wantRecords
	}) {
		t.Errorf("after the restart the gateway received %d distinct records, want the %d the first run accepted; the second run's output:\n%s", got, wantRecords, tail(second.output(t), 30))
	}
	second.stop(t)
}

// checkStorageAt fails the test unless the receiver's and the exporter's
// file_storage files are in want (and, when OTELCOL_STORAGE_DIR is set,
// nothing was made under the working directory) and the receiver's holds
// checkpoints.
func checkStorageAt(t *testing.T, work, storageDir, want string) {
	t.Helper()
	entries, _ := os.ReadDir(work)
	if storageDir != "" && len(entries) > 0 {
		t.Errorf("with OTELCOL_STORAGE_DIR set the collector wrote under its working directory: %v", entries)
	}
	receiver, _ := filepath.Glob(filepath.Join(want, "receiver_trendmicro_visionone*"))
	queue, _ := filepath.Glob(filepath.Join(want, "exporter_otlp_grpc*"))
	if len(receiver) != 1 || len(queue) != 1 {
		found, _ := os.ReadDir(want)
		t.Fatalf("want the receiver's and the exporter's storage in %s; found %v there (working directory: %v)", want, found, entries)
	}
	db, err := bbolt.Open(receiver[0], 0o600, &bbolt.Options{Timeout: 10 * time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var checkpoints []string
	_ = db.View(func(tx *bbolt.Tx) error {
		if b := tx.Bucket([]byte("default")); b != nil {
			_ = b.ForEach(func(k, _ []byte) error {
				if name, ok := strings.CutPrefix(string(k), "checkpoint/"); ok && !strings.HasSuffix(name, ".prev") {
					checkpoints = append(checkpoints, name)
				}
				return nil
			})
		}
		return nil
	})
	if len(checkpoints) == 0 {
		t.Errorf("no checkpoint in %s", receiver[0])
	}
}

// shutdownDrops checks what the exporter logged as dropped: only requests
// that the shutdown interrupted, which the persistent queue keeps (README,
// "Exporting failed. Dropping data." at shutdown). It returns how many
// records those held.
func shutdownDrops(t *testing.T, p *process) int {
	t.Helper()
	n := 0
	for line := range strings.Lines(p.output(t)) {
		if !strings.HasPrefix(line, `{"level"`) {
			continue
		}
		var e struct {
			Msg     string `json:"msg"`
			Error   string `json:"error"`
			Dropped int    `json:"dropped_items"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("a log line that is not JSON: %v: %.200s", err, line)
		}
		if !strings.HasPrefix(e.Msg, "Exporting failed. Dropping data.") {
			continue
		}
		if !strings.HasPrefix(e.Error, "interrupted due to shutdown") {
			t.Errorf("the exporter dropped %d records for another reason than the shutdown: %s", e.Dropped, e.Error)
		}
		n += e.Dropped
	}
	return n
}

// distinctRecords counts d's records, each key once per stream.
func distinctRecords(d delivered) int {
	n := 0
	for name := range d {
		n += len(distinct(d.uids(name)))
	}
	return n
}

// startIn is startProcess with only env (an OTELCOL_STORAGE_DIR of the
// developer's shell must not move the storage) and dir as the working
// directory.
func startIn(t *testing.T, name, dir, logPath string, env []string, bin string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, slices.Clone(env)
	return startCmd(t, name, logPath, cmd)
}
