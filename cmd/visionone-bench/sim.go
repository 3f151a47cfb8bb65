package main

import (
	"context"
	"os"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/simproc"
)

// simStopGrace is how long the simulator has to shut down on SIGTERM.
const simStopGrace = 15 * time.Second

// startSimulator starts the simulator binary with its demo key, which the
// children and the collector read with: it is public and valid only
// against a simulator. Its stdout (the lines Start reads) is not shown;
// its stderr is the driver's.
func startSimulator(ctx context.Context, binary string, args []string) (*simproc.Sim, error) {
	return simproc.Start(ctx, simproc.Options{Binary: binary, Args: args, DemoKey: true, Stderr: os.Stderr})
}

// simStats is the simulator's /admin/stats, with what the runs read of it.
type simStats simproc.Stats

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

// truthCounts returns the ground truth's record count per feed: every record
// visible now, on the time field the receiver windows on.
func truthCounts(ctx context.Context, sim *simproc.Sim, sc scenario, now time.Time) (map[string]int, error) {
	counts := map[string]int{}
	for _, f := range sc.feeds {
		truth, err := sim.GroundTruth(ctx, simproc.Query{
			Feed: f.name, Target: f.target, Start: now.Add(-sc.lookback()), End: now.Add(time.Hour),
		})
		if err != nil {
			return nil, err
		}
		counts[f.name] = truth.Count
	}
	return counts, nil
}
