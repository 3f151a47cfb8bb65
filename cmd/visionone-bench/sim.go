package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// simProcess is a visionone-sim process.
type simProcess struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	key  string // its demo key, public and valid only against it
}

// startSimulator starts the simulator binary and waits for the line it
// prints once it listens, which names its address (cmd/visionone-sim).
func startSimulator(ctx context.Context, binary string, args []string) (*simProcess, error) {
	cmd := exec.Command(binary, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	// It prints its address, then the demo key.
	ready := make(chan *simProcess, 1)
	go func() {
		sp := &simProcess{cmd: cmd}
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			line := lines.Text()
			if rest, ok := strings.CutPrefix(line, "visionone-sim: serving "); ok {
				sp.base = strings.TrimSuffix(strings.Fields(rest)[0], "/v3.0")
			}
			if key, ok := strings.CutPrefix(line, "visionone-sim: demo key (all roles): "); ok && sp.base != "" {
				sp.key = key
				ready <- sp
			}
		}
	}()
	select {
	case sp := <-ready:
		return sp, nil
	case <-time.After(30 * time.Second):
	case <-ctx.Done():
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, errors.New("the simulator did not start serving within 30 s")
}

// stop ends the simulator gracefully.
func (s *simProcess) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// simStats is the part of the simulator's /admin/stats the runs read.
type simStats struct {
	Requests      map[string]map[string]map[int]int `json:"requests"`
	Throttled     int                               `json:"throttled"`
	PeakPerMinute map[string]int                    `json:"peakPerMinute"`
}

// feedRequests counts requests to the log endpoints (the receiver's one
// healthcheck left out), of any status.
func (st simStats) feedRequests() int {
	n := 0
	for _, byEndpoint := range st.Requests {
		for endpoint, byStatus := range byEndpoint {
			if endpoint == "healthcheck/connectivity" {
				continue
			}
			for _, c := range byStatus {
				n += c
			}
		}
	}
	return n
}

func (st simStats) peak() int {
	p := 0
	for _, v := range st.PeakPerMinute {
		p = max(p, v)
	}
	return p
}

func (s *simProcess) stats(ctx context.Context) (simStats, error) {
	var st simStats
	return st, s.admin(ctx, http.MethodGet, "/admin/stats", &st)
}

func (s *simProcess) resetStats(ctx context.Context) error {
	return s.admin(ctx, http.MethodDelete, "/admin/stats", nil)
}

// counts returns the ground truth's record count per feed: every record
// visible now, on the time field the receiver windows on.
func (s *simProcess) counts(ctx context.Context, sc scenario, now time.Time) (map[string]int, error) {
	counts := map[string]int{}
	for _, f := range sc.feeds {
		q := url.Values{
			"feed":   {f.name},
			"target": {f.target},
			"start":  {now.Add(-sc.lookback()).Format(time.RFC3339)},
			"end":    {now.Add(time.Hour).Format(time.RFC3339)},
		}
		var truth struct {
			Count int `json:"count"`
		}
		if err := s.admin(ctx, http.MethodGet, "/admin/groundtruth?"+q.Encode(), &truth); err != nil {
			return nil, err
		}
		counts[f.name] = truth.Count
	}
	return counts, nil
}

func (s *simProcess) admin(ctx context.Context, method, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("simulator %s %s: %s", method, path, resp.Status)
	}
	if into == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(into)
}
