package trendmicrovisiononereceiver

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// streamKind is a stream with what its delivery tests need.
type streamKind struct {
	stream     string
	feed       simulator.Feed
	ascending  bool
	event      string
	timeTarget string
}

// streamKinds are the two checkpoint disciplines, each with a real stream:
// audit logs (oldest first, the checkpoint moves page by page) and OAT
// (newest first, the window is pinned until its chain is accepted).
var streamKinds = []streamKind{
	{streamAudit, simulator.Audit, true, "trendmicro.visionone.audit_log", "ingestedDateTime"},
	{streamOAT, simulator.OAT, false, "trendmicro.visionone.oat_detection", "ingestedDateTime"},
}

// registryKinds are every stream of the registry but the updates streams.
var registryKinds = func() []streamKind {
	var out []streamKind
	for _, f := range feeds.Streams() {
		if t, ok := feedOf[f.Stream]; ok {
			out = append(out, streamKind{f.Stream, t.Feed, f.Order == stream.Ascending, t.Event, t.Target})
		}
	}
	return out
}()

// onlyStream enables just the section of one stream (and for a group
// member, just that member).
func onlyStream(cfg *Config, name string) {
	for _, sec := range feeds.Registry {
		fc := cfg.feed(sec.Key)
		fc.Enabled = false
		for _, f := range sec.Feeds {
			if f.Stream != name {
				continue
			}
			fc.Enabled = true
			if sec.Members != "" {
				fc.Members = map[string]MemberConfig{f.Name: {Filter: sec.Filter.Default}}
			}
		}
	}
}

// TestCheckpointTableAgainstSimulator is the delivery contract for every
// stream of the registry, with the real client, simulator and file storage: what a failing
// cycle delivers and commits, and that a new receiver resuming from the
// stored checkpoint loses nothing and repeats only the pinned window.
func TestCheckpointTableAgainstSimulator(t *testing.T) {
	windowStart := simStart.Add(-2 * time.Hour)
	windowEnd := simStart.Add(-3 * time.Minute) // now - ingestion delay
	tests := []struct {
		name string
		// rate overrides the feed's records per hour (-1: default).
		rate float64
		// arm prepares the simulator; onBatch runs before each batch
		// reaches the sink and may refuse it.
		arm     func(sim *simulator.Simulator, feed simulator.Feed)
		onBatch func(sim *simulator.Simulator, feed simulator.Feed, batch int) error
		// Expectations: whether the failing cycle commits a checkpoint,
		// and whether a newest-first resume re-delivers what it had sent.
		failing     bool
		deliversAny bool
		commits     map[bool]bool // by ascending
	}{
		{name: "success", rate: 240, deliversAny: true, commits: map[bool]bool{true: true, false: true}},
		{name: "empty window", rate: 0, commits: map[bool]bool{true: true, false: true}},
		{
			name: "API failure", rate: 240, failing: true,
			arm: func(sim *simulator.Simulator, feed simulator.Feed) {
				require.NoError(t, sim.SetFaults(simulator.Fault{Kind: simulator.FaultStatus, Endpoint: string(feed), Status: 500, Count: 1000}))
			},
			commits: map[bool]bool{true: false, false: false},
		},
		{
			name: "partial chain then failure", rate: 240, failing: true, deliversAny: true,
			onBatch: func(sim *simulator.Simulator, feed simulator.Feed, batch int) error {
				if batch == 1 { // the next page request fails
					require.NoError(t, sim.SetFaults(simulator.Fault{Kind: simulator.FaultStatus, Endpoint: string(feed), Status: 503, Count: 1000}))
				}
				return nil
			},
			commits: map[bool]bool{true: true, false: false},
		},
		{
			name: "consumer failure", rate: 240, failing: true, deliversAny: true,
			onBatch: func(_ *simulator.Simulator, _ simulator.Feed, batch int) error {
				if batch == 2 {
					return errors.New("exporter queue is full")
				}
				return nil
			},
			commits: map[bool]bool{true: true, false: false},
		},
	}
	for _, k := range registryKinds {
		for _, tt := range tests {
			t.Run(k.stream+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				h := newHarness(t, simulator.Options{Rates: map[simulator.Feed]float64{k.feed: tt.rate}})
				onlyStream(h.cfg, k.stream)
				h.cfg.BackOff.Enabled = false // a failed request fails the cycle at once
				if tt.arm != nil {
					tt.arm(h.sim, k.feed)
				}
				sink := &recordSink{}
				if tt.onBatch != nil {
					sink.refuse = func(batch int, _ plog.Logs) error { return tt.onBatch(h.sim, k.feed, batch) }
				}
				streams, closeStorage := h.openStreams(sink)
				s := streams[k.stream]
				s.Cycle(ctx)
				first := sink.keys(k.event)
				assert.Equal(t, tt.deliversAny, len(first) > 0, "records delivered by the first cycle")

				closeStorage()
				wm, found := h.storedWatermark(k.stream)
				if tt.commits[k.ascending] {
					require.True(t, found, "a checkpoint is committed")
					if tt.failing {
						assert.True(t, wm.After(windowStart) && wm.Before(windowEnd), "inside the window: %s", wm)
					} else {
						assert.Equal(t, windowEnd, wm)
					}
				} else {
					assert.False(t, found, "no checkpoint is committed (found %s)", wm)
				}

				// Resume: a new receiver on the same storage, API healthy.
				h.sim.ClearFaults()
				resumedSink := &recordSink{}
				resumed, closeResumed := h.openStreams(resumedSink)
				resumed[k.stream].Cycle(ctx)
				closeResumed()
				all := append(first, resumedSink.keys(k.event)...)

				want := h.truth(k.feed, k.timeTarget, windowStart, windowEnd, false)
				assert.Equal(t, sorted(want), sorted(dedupeKeys(all)), "nothing lost")
				dups := duplicateKeys(all)
				if k.ascending || !tt.failing {
					assert.Empty(t, dups, "nothing repeated")
				} else {
					assert.ElementsMatch(t, first, dups, "only the pinned window's delivered records are repeated")
				}
				wm, found = h.storedWatermark(k.stream)
				require.True(t, found)
				assert.Equal(t, windowEnd, wm)
			})
		}
	}
}

// TestBoundarySecondsAcrossCyclesAndRestarts moves the clock one second at
// a time, so windows keep ending inside bursts of records sharing a second,
// and restarts the receiver every few cycles: every record once. On the
// oldest-first streams each run ends with a refused page after the first
// one committed, so every restart resumes from a checkpoint inside a
// window, at a second whose boundary keys it must skip.
func TestBoundarySecondsAcrossCyclesAndRestarts(t *testing.T) {
	for _, k := range append(streamKinds[:2:2], struct {
		stream     string
		feed       simulator.Feed
		ascending  bool
		event      string
		timeTarget string
	}{streamSearchPrefix + "detections", simulator.SearchDetections, false, "trendmicro.visionone.search.detection", "eventTime"}) {
		t.Run(k.stream, func(t *testing.T) {
			ctx := context.Background()
			h := newHarness(t, simulator.Options{History: 30 * time.Minute, Rates: map[simulator.Feed]float64{k.feed: 7200}})
			onlyStream(h.cfg, k.stream)
			h.cfg.feed("search").Enabled = k.feed == simulator.SearchDetections
			h.cfg.feed("oat").InitialLookback, h.cfg.feed("audit").InitialLookback, h.cfg.feed("search").InitialLookback = 20*time.Minute, 20*time.Minute, 20*time.Minute
			sink := &recordSink{}
			start := simStart.Add(-20 * time.Minute)
			for restart := range 6 {
				streams, closeStorage := h.openStreams(sink)
				for range 5 + restart {
					streams[k.stream].Cycle(ctx)
					h.sim.Advance(time.Second)
				}
				if k.ascending {
					// A minute of records, in pages of 50: the second page
					// is refused, the first one committed.
					h.sim.Advance(time.Minute)
					batches := 0
					sink.refuse = func(int, plog.Logs) error {
						if batches++; batches == 2 {
							return errors.New("exporter queue is full")
						}
						return nil
					}
					streams[k.stream].Cycle(ctx)
					sink.refuse = nil
				}
				closeStorage()
			}
			// A last run completes its window: the checkpoint is then its end.
			streams, closeStorage := h.openStreams(sink)
			streams[k.stream].Cycle(ctx)
			closeStorage()
			end, _ := h.storedWatermark(k.stream)
			got := sink.keys(k.event)
			want := h.truth(k.feed, k.timeTarget, start, end, false)
			require.Greater(t, len(want), 1000)
			assert.Empty(t, duplicateKeys(got))
			assert.Equal(t, sorted(want), sorted(got))
		})
	}
}

// An expired page token restarts the window; nothing this process
// delivered from it is delivered again.
func TestExpiredPageTokenRestartsWindow(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{Rates: map[simulator.Feed]float64{simulator.OAT: 240}})
	onlyStream(h.cfg, streamOAT)
	// One window at a time: windows read ahead hold tokens that expire too.
	h.cfg.WindowsInFlight = 1
	sink := &recordSink{refuse: func(batch int, _ plog.Logs) error {
		if batch == 2 {
			h.sim.ExpireTokens()
		}
		return nil
	}}
	streams, closeStorage := h.openStreams(sink)
	defer closeStorage()
	streams[streamOAT].Cycle(ctx)
	got := sink.keys("trendmicro.visionone.oat_detection")
	assert.Empty(t, duplicateKeys(got))
	want := h.truth(simulator.OAT, "ingestedDateTime", simStart.Add(-2*time.Hour), simStart.Add(-3*time.Minute), false)
	assert.Equal(t, sorted(want), sorted(got))
	assert.Equal(t, 1, h.logs.FilterMessage("Page token expired; restarting the window").Len())
	assert.Equal(t, int64(1), h.windowCount(streamOAT, "restarted"))
}

// A 504 halves the window; the data still arrives whole.
func TestGatewayTimeoutShrinksWindow(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{})
	onlyStream(h.cfg, streamOAT)
	// One window at a time: a 504 met by a window fetched ahead is dropped
	// with it when the window before it shrinks, so it need not count.
	h.cfg.WindowsInFlight = 1
	require.NoError(t, h.sim.SetFaults(simulator.Fault{Kind: simulator.FaultStatus, Endpoint: string(simulator.OAT), Status: 504, Count: 2}))
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	streams[streamOAT].Cycle(ctx)
	got := h.sink.keys("trendmicro.visionone.oat_detection")
	want := h.truth(simulator.OAT, "ingestedDateTime", simStart.Add(-2*time.Hour), simStart.Add(-3*time.Minute), false)
	assert.Equal(t, sorted(want), sorted(got))
	assert.Equal(t, int64(2), h.windowCount(streamOAT, "shrunk"))
}

// TestCatchUpThirtyDays: a 30-day backlog drains in one cycle (window after
// window, not one per interval), handed over one page at a time.
func TestCatchUpThirtyDays(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, simulator.Options{
		History: 31 * 24 * time.Hour,
		Rates:   map[simulator.Feed]float64{simulator.OAT: 10, simulator.Audit: 10},
	})
	h.cfg.feed("workbench").Enabled = false
	h.cfg.feed("oat").InitialLookback = 30 * 24 * time.Hour
	h.cfg.feed("audit").InitialLookback = 30 * 24 * time.Hour
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	for _, k := range streamKinds {
		wait := streams[k.stream].Cycle(ctx)
		assert.Equal(t, h.cfg.feed("oat").CollectionInterval, wait, "%s caught up in one cycle", k.stream)
		want := h.truth(k.feed, k.timeTarget, simStart.Add(-30*24*time.Hour), simStart.Add(-3*time.Minute), false)
		require.Greater(t, len(want), 6000)
		got := h.sink.keys(k.event)
		assert.Empty(t, duplicateKeys(got))
		assert.Equal(t, len(want), len(got))
	}
	assert.LessOrEqual(t, h.sink.maxBatch, 50, "never more than a page at once")
}

// TestRateLimitWithRetryAfter: a 429 carrying Retry-After is waited out, so
// the window resets and the next try succeeds: exactly one 429.
func TestRateLimitWithRetryAfter(t *testing.T) {
	ctx := context.Background()
	var offset atomicDuration
	h := newHarness(t, simulator.Options{
		RateClock:  func() time.Time { return time.Now().Add(offset.load()) },
		RateLimits: map[string]int{string(simulator.OAT): 8},
		Rates:      map[simulator.Feed]float64{simulator.OAT: 240},
	})
	onlyStream(h.cfg, streamOAT)
	// One window at a time: requests in flight side by side would each
	// meet the 429 before the first Retry-After is known.
	h.cfg.WindowsInFlight = 1
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	// Open the rate window with one request, then move 58.5 s into it: the
	// receiver's eighth request is refused with Retry-After of 1-2 s. After
	// the wait a new window holds the ~10-page chain's remaining requests.
	h.warmRateWindow(t, simulator.OAT)
	offset.add(58*time.Second + 500*time.Millisecond)
	streams[streamOAT].Cycle(ctx)
	assert.Equal(t, 1, h.sim.Stats().Throttled, "Retry-After was honoured: one 429, then the window reset")
	want := h.truth(simulator.OAT, "ingestedDateTime", simStart.Add(-2*time.Hour), simStart.Add(-3*time.Minute), false)
	assert.Equal(t, sorted(want), sorted(h.sink.keys("trendmicro.visionone.oat_detection")))
	assert.Equal(t, int64(1), h.rateLimited(streamOAT))
}

// TestRateLimitStormWithoutRetryAfter: 429s without Retry-After are retried
// with backoff until the window resets; nothing is lost.
func TestRateLimitStormWithoutRetryAfter(t *testing.T) {
	ctx := context.Background()
	var reset atomicDuration
	h := newHarness(t, simulator.Options{
		RateClock:    func() time.Time { return simStart.Add(reset.load()) },
		RateLimits:   map[string]int{string(simulator.OAT): 2},
		NoRetryAfter: true,
	})
	onlyStream(h.cfg, streamOAT)
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	done := make(chan struct{})
	go func() { defer close(done); streams[streamOAT].Cycle(ctx) }()
	// Let each storm last five 429s, then move the rate clock past the window.
	lastReset := 0
	for i := 1; ; i++ {
		select {
		case <-done:
			want := h.truth(simulator.OAT, "ingestedDateTime", simStart.Add(-2*time.Hour), simStart.Add(-3*time.Minute), false)
			assert.Equal(t, sorted(want), sorted(h.sink.keys("trendmicro.visionone.oat_detection")))
			assert.GreaterOrEqual(t, h.sim.Stats().Throttled, 5)
			assert.GreaterOrEqual(t, h.retries(streamOAT, "rate_limited"), int64(5))
			return
		case <-time.After(20 * time.Millisecond):
			if throttled := h.sim.Stats().Throttled; throttled-lastReset >= 5 {
				lastReset = throttled
				reset.add(time.Minute)
			}
		}
		require.Less(t, i, 5000, "the cycle did not finish")
	}
}

// TestForeignNextLinkIsNotFollowed: a nextLink to another host fails the
// window without sending anything there; the checkpoint does not move.
func TestForeignNextLinkIsNotFollowed(t *testing.T) {
	ctx := context.Background()
	foreign := newRecordingServer(t)
	h := newHarness(t, simulator.Options{Rates: map[simulator.Feed]float64{simulator.OAT: 240}})
	onlyStream(h.cfg, streamOAT)
	h.cfg.BackOff.Enabled = false
	// One window at a time, so that the foreign link is the first window's.
	h.cfg.WindowsInFlight = 1
	require.NoError(t, h.sim.SetFaults(simulator.Fault{Kind: simulator.FaultForeignLink, Endpoint: string(simulator.OAT), Host: foreign.host(), Count: 1}))
	streams, closeStorage := h.openStreams(h.sink)
	defer closeStorage()
	streams[streamOAT].Cycle(ctx)
	assert.Zero(t, foreign.requests(), "nothing was sent to the other host")
	wm, _ := streams[streamOAT].Watermark()
	assert.Equal(t, simStart.Add(-2*time.Hour), wm, "the pinned window's checkpoint did not move")
	failed := h.logs.FilterMessage("Stream failed").All()
	require.Len(t, failed, 1)
	assert.Contains(t, failed[0].ContextMap()["error"], "nextLink points outside the endpoint")

	streams[streamOAT].Cycle(ctx)
	want := h.truth(simulator.OAT, "ingestedDateTime", simStart.Add(-2*time.Hour), simStart.Add(-3*time.Minute), false)
	assert.Equal(t, sorted(want), sorted(dedupeKeys(h.sink.keys("trendmicro.visionone.oat_detection"))))
}

// TestBadBodiesNeverMoveCheckpoints: malformed and truncated pages fail the
// window (never read as empty), and the retry delivers everything.
func TestBadBodiesNeverMoveCheckpoints(t *testing.T) {
	for _, kind := range []simulator.FaultKind{simulator.FaultMalformed, simulator.FaultTruncate} {
		for _, k := range streamKinds {
			t.Run(fmt.Sprintf("%s/%s", kind, k.stream), func(t *testing.T) {
				ctx := context.Background()
				h := newHarness(t, simulator.Options{Rates: map[simulator.Feed]float64{k.feed: 240}})
				onlyStream(h.cfg, k.stream)
				h.cfg.BackOff.Enabled = false
				// One window at a time, so that the bad answer is the first window's.
				h.cfg.WindowsInFlight = 1
				require.NoError(t, h.sim.SetFaults(simulator.Fault{Kind: kind, Endpoint: string(k.feed), Count: 1}))
				streams, closeStorage := h.openStreams(h.sink)
				defer closeStorage()
				streams[k.stream].Cycle(ctx)
				assert.Empty(t, h.sink.keys(k.event), "the first page was bad: nothing delivered")
				wm, _ := streams[k.stream].Watermark()
				assert.Equal(t, simStart.Add(-2*time.Hour), wm, "no checkpoint moved")
				streams[k.stream].Cycle(ctx)
				want := h.truth(k.feed, k.timeTarget, simStart.Add(-2*time.Hour), simStart.Add(-3*time.Minute), false)
				assert.Equal(t, sorted(want), sorted(h.sink.keys(k.event)))
			})
		}
	}
}

// TestTokenNeverLoggedOrStored runs the receiver through failures of every
// kind with debug logging and checks that the API key appears in no log
// line, no error and no stored checkpoint.
func TestTokenNeverLoggedOrStored(t *testing.T) {
	ctx := context.Background()
	foreign := newRecordingServer(t)
	token := simulator.MakeKey("secret-tenant", simStart.Add(5*24*time.Hour))
	h := newHarness(t, simulator.Options{Keys: []simulator.APIKey{{Name: "secret-tenant", Key: token, Roles: simulator.AllRoles()}}})
	h.cfg.Token = configopaque.String(token)
	enableEverything(h.cfg)
	require.NoError(t, h.sim.SetFaults(
		simulator.Fault{Kind: simulator.FaultStatus, Status: 500, Count: 3},
		simulator.Fault{Kind: simulator.FaultMalformed, Count: 2},
		simulator.Fault{Kind: simulator.FaultTruncate, Count: 2},
		simulator.Fault{Kind: simulator.FaultForeignLink, Host: foreign.host(), Count: 2},
		simulator.Fault{Kind: simulator.FaultExpireTokens, Count: 2},
		simulator.Fault{Kind: simulator.FaultStatus, Status: 504, Count: 2},
	))
	r := h.newReceiver()
	require.NoError(t, r.Start(ctx, h.host))
	require.Eventually(t, func() bool { return h.caughtUp(r.streams) }, 2*time.Minute, 10*time.Millisecond)
	require.NoError(t, r.Shutdown(ctx))
	// And with a key the API rejects.
	h.cfg.Token = configopaque.String(simulator.MakeKey("revoked", simStart.Add(365*24*time.Hour)))
	bad := h.newReceiver()
	require.NoError(t, bad.Start(ctx, h.host))
	require.Eventually(t, func() bool { return h.logs.FilterMessageSnippet("rejected the API key").Len() > 0 }, time.Minute, 10*time.Millisecond)
	require.NoError(t, bad.Shutdown(ctx))

	require.NotZero(t, h.logs.Len())
	for _, entry := range h.logs.All() {
		assert.NotContains(t, entry.Message, token)
		for key, value := range entry.ContextMap() {
			assert.NotContains(t, fmt.Sprint(value), token, "log field %s of %q", key, entry.Message)
		}
	}
	assert.Zero(t, foreign.requests())
	h.assertNotInStorage(t, token)
	assert.Equal(t, 1, h.logs.FilterMessageSnippet("expires soon").Len(), "a key expiring in 5 days is warned about")
}

func dedupeKeys(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
