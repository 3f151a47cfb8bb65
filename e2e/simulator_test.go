//go:build e2e

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/simproc"
)

// simProcess is visionone-sim running on a free loopback port, its output
// in simulator.log.
type simProcess struct {
	sim     *simproc.Sim
	base    string    // http://127.0.0.1:port
	started time.Time // its clock when it started
}

// adminTimeout bounds each admin call.
const adminTimeout = 30 * time.Second

// startSimulator runs visionone-sim with a real clock on a free port. The
// API key reaches it through the environment, never the command line.
func startSimulator(t *testing.T, bin, dir, key string, args ...string) *simProcess {
	t.Helper()
	return startSimulatorKeys(t, bin, dir, []string{key}, args...)
}

// startSimulatorKeys is startSimulator with several keys (tenants), each
// with every role; the demo key is refused. The simulator is killed when
// the test ends.
func startSimulatorKeys(t *testing.T, bin, dir string, keys []string, args ...string) *simProcess {
	t.Helper()
	logPath := filepath.Join(dir, "simulator.log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := simproc.Start(context.Background(), simproc.Options{Binary: bin, Args: args, Keys: keys, Output: f})
	if err != nil {
		f.Close()
		out, _ := os.ReadFile(logPath)
		t.Fatalf("%v; its output:\n%s", err, tail(string(out), 20))
	}
	t.Cleanup(func() {
		sim.Kill() // its output is all written once it has exited
		f.Close()
	})
	return &simProcess{sim: sim, base: sim.Base(), started: sim.Started()}
}

// call runs an admin call within adminTimeout; the test fails on its error.
func (s *simProcess) call(t *testing.T, f func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), adminTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		t.Fatal(err)
	}
}

// now is the simulator's clock.
func (s *simProcess) now(t *testing.T) time.Time {
	t.Helper()
	var now time.Time
	s.call(t, func(ctx context.Context) (err error) { now, err = s.sim.Now(ctx); return err })
	return now
}

// stopArrivals makes at the end of the data: no record has an event time at
// or after it.
func (s *simProcess) stopArrivals(t *testing.T, at time.Time) {
	t.Helper()
	s.call(t, func(ctx context.Context) error { return s.sim.StopArrivals(ctx, at) })
}

// groundTruth lists the keys of every record of feed whose target time is
// in [start, end); with versions, workbench alert versions as
// id@updatedDateTime.
func (s *simProcess) groundTruth(t *testing.T, feed, target string, start, end time.Time, versions bool) []string {
	t.Helper()
	var tr simproc.Truth
	s.call(t, func(ctx context.Context) (err error) {
		tr, err = s.sim.GroundTruth(ctx, simproc.Query{Feed: feed, Target: target, Start: start, End: end, Versions: versions})
		return err
	})
	return tr.Keys
}

// stats is what the simulator counted.
func (s *simProcess) stats(t *testing.T) simproc.Stats {
	t.Helper()
	var st simproc.Stats
	s.call(t, func(ctx context.Context) (err error) { st, err = s.sim.Stats(ctx); return err })
	return st
}

// setFaults arms rules (replacing any armed before).
func (s *simProcess) setFaults(t *testing.T, rules any) {
	t.Helper()
	s.call(t, func(ctx context.Context) error { return s.sim.SetFaults(ctx, rules) })
}

// faults decodes the faults still armed into into.
func (s *simProcess) faults(t *testing.T, into any) {
	t.Helper()
	s.call(t, func(ctx context.Context) error { return s.sim.Faults(ctx, into) })
}
