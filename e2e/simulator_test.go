//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// simProcess is visionone-sim running on a free loopback port.
type simProcess struct {
	*process
	base    string    // http://127.0.0.1:port
	started time.Time // its clock when it started
}

// servingLine is the simulator's first line (cmd/visionone-sim).
var servingLine = regexp.MustCompile(`serving (http://\S+)/v3\.0 .* clock \w+ at (\S+),`)

// startSimulator runs visionone-sim with a real clock on a free port. The
// API key reaches it through the environment, never the command line.
func startSimulator(t *testing.T, bin, dir, key string, args ...string) *simProcess {
	t.Helper()
	return startSimulatorKeys(t, bin, dir, []string{key}, args...)
}

// startSimulatorKeys is startSimulator with several keys (tenants), each
// with every role.
func startSimulatorKeys(t *testing.T, bin, dir string, keys []string, args ...string) *simProcess {
	t.Helper()
	grants := make([]string, len(keys))
	for i, k := range keys {
		grants[i] = k + "=all"
	}
	args = append([]string{"-addr", "127.0.0.1:0", "-no-demo-key"}, args...)
	p := startProcess(t, "visionone-sim", filepath.Join(dir, "simulator.log"),
		[]string{"VISIONONE_SIM_KEYS=" + strings.Join(grants, ";")}, bin, args...)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var m []string
	p.waitFor(ctx, 50*time.Millisecond, func() bool {
		m = servingLine.FindStringSubmatch(p.output(t))
		return m != nil
	})
	if m == nil {
		t.Fatalf("the simulator did not start serving within 30s; its output:\n%s", tail(p.output(t), 20))
	}
	started, err := time.Parse(time.RFC3339, m[2])
	if err != nil {
		t.Fatal(err)
	}
	return &simProcess{process: p, base: m[1], started: started}
}

// admin calls the simulator's admin API, decoding the JSON answer into out
// (if not nil).
func (s *simProcess) admin(t *testing.T, method, path string, in, out any) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s: %s %s", method, path, resp.Status, msg)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// now is the simulator's clock.
func (s *simProcess) now(t *testing.T) time.Time {
	t.Helper()
	var c struct{ Now time.Time }
	s.admin(t, http.MethodGet, "/admin/clock", nil, &c)
	return c.Now
}

// stopArrivals makes at the end of the data: no record has an event time at
// or after it.
func (s *simProcess) stopArrivals(t *testing.T, at time.Time) {
	t.Helper()
	s.admin(t, http.MethodPut, "/admin/arrivals", map[string]time.Time{"stopTime": at}, nil)
}

// groundTruth lists the keys of every record of feed whose target time is
// in [start, end); with versions, workbench alert versions as
// id@updatedDateTime.
func (s *simProcess) groundTruth(t *testing.T, feed, target string, start, end time.Time, versions bool) []string {
	t.Helper()
	q := url.Values{
		"feed": {feed}, "target": {target}, "versions": {fmt.Sprint(versions)},
		"start": {start.UTC().Format(time.RFC3339)}, "end": {end.UTC().Format(time.RFC3339)},
	}
	var res struct{ Keys []string }
	s.admin(t, http.MethodGet, "/admin/groundtruth?"+q.Encode(), nil, &res)
	return res.Keys
}
