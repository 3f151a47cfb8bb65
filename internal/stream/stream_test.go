package stream

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

func newStore() *checkpoint.Store { return checkpoint.NewStore(checkpoint.NewMemoryClient()) }

// An expired page token restarts the pinned window; what this process
// already delivered from it is not delivered again.
func TestTokenExpiryRestartsWindowWithoutRedelivery(t *testing.T) {
	expired := 0
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 2, records: tableData,
		fail: func(_, page int, _, _ time.Time) error {
			if page == 2 && expired < 2 {
				expired++
				return &client.APIError{Status: 400, Code: "BadRequest", Number: 1010550}
			}
			return nil
		}}
	tel := &countingTelemetry{}
	s := newTestStream(t, api, newStore(), &sink{}, func(_ *Spec, set *Settings) { set.Telemetry = tel })
	require.Equal(t, time.Minute, s.Cycle(context.Background()), "caught up in one cycle")
	assert.Len(t, s.sink.keys(), 7)
	assert.Empty(t, duplicates(s.sink.keys()))
	assert.Equal(t, 2, tel.windows[WindowRestarted])
	assert.Equal(t, 6, tel.records[OutcomeDuplicate], "r7, r5, r6 were skipped on each of the two restarts")
}

// A window the API times out on is halved until it succeeds, then the
// window grows back.
func TestTimeoutShrinksWindow(t *testing.T) {
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 100, records: tableData,
		fail: func(_, _ int, start, end time.Time) error {
			if end.Sub(start) > 20*time.Minute {
				return &client.APIError{Status: 504}
			}
			return nil
		}}
	tel := &countingTelemetry{}
	s := newTestStream(t, api, newStore(), &sink{}, func(_ *Spec, set *Settings) { set.Telemetry = tel })
	s.Cycle(context.Background())
	assert.ElementsMatch(t, []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7"}, names(t, s.sink.keys(), translate.OATDetection))
	assert.Equal(t, 2, tel.windows[WindowShrunk], "1h -> 30m -> 15m")
	wm, ok := s.Watermark()
	require.True(t, ok)
	assert.Equal(t, t0, wm)
}

// At the smallest window a timeout is a failure like any other.
func TestTimeoutAtSmallestWindowBacksOff(t *testing.T) {
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 100, records: tableData,
		fail: func(int, int, time.Time, time.Time) error { return &client.APIError{Status: 408} }}
	s := newTestStream(t, api, newStore(), &sink{})
	wait := s.Cycle(context.Background())
	assert.Equal(t, minWindow, s.window)
	assert.Positive(t, wait)
	assert.Empty(t, s.sink.keys())
}

// A pinned window whose first page reports too many matches is shrunk
// before anything of it is delivered.
func TestTooManyRecordsShrinksPinnedWindow(t *testing.T) {
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10}
	// 100 records in the last 25 minutes of the hour.
	for i := range 100 {
		api.records = append(api.records, rec{fmt.Sprintf("r%03d", i), t0.Add(-25*time.Minute + time.Duration(i)*15*time.Second)})
	}
	tel := &countingTelemetry{}
	s := newTestStream(t, api, newStore(), &sink{}, func(_ *Spec, set *Settings) { set.Telemetry = tel })
	s.maxRecords = 60
	s.Cycle(context.Background())
	// [-1h, 0) holds 100: shrink. [-1h, -30m) is empty. [-30m, 0) holds
	// 100: shrink. [-30m, -15m) and [-15m, 0) hold 40 and 60.
	assert.Equal(t, 2, tel.windows[WindowShrunk])
	assert.Len(t, s.sink.keys(), 100)
	assert.Empty(t, duplicates(s.sink.keys()))
}

// Catch-up: a 30-day backlog drains in one cycle, window after window, and
// the pipeline never receives more than one page at a time.
func TestCatchUpDrainsBacklogPageByPage(t *testing.T) {
	for _, k := range []struct {
		kind  *translate.Kind
		order Order
	}{{translate.AuditLog, Ascending}, {translate.OATDetection, NewestFirst}} {
		t.Run(fmt.Sprint(k.order), func(t *testing.T) {
			api := &fakeAPI{kind: k.kind, order: k.order, pageSize: 50}
			for i := range 3000 {
				api.records = append(api.records, rec{fmt.Sprintf("r%04d", i), t0.Add(-30*24*time.Hour + time.Duration(i)*14*time.Minute)})
			}
			sk := &sink{}
			s := newTestStream(t, api, newStore(), sk, func(spec *Spec, _ *Settings) { spec.InitialLookback = 31 * 24 * time.Hour })
			wait := s.Cycle(context.Background())
			assert.Equal(t, time.Minute, wait, "only a caught-up stream waits for its interval")
			assert.Len(t, sk.keys(), 3000)
			assert.Empty(t, duplicates(sk.keys()))
			assert.LessOrEqual(t, sk.maxBatch(), 50, "one page per ConsumeLogs")
			wm, _ := s.Watermark()
			assert.Equal(t, t0, wm)
		})
	}
}

// Records sharing the watermark second are delivered once across cycles
// and restarts, including equal audit entries (a content hash is their key,
// so they are counted, not merged). Oldest first, the checkpoint can stop
// inside that second: a restart from it skips the keys it lists. Newest
// first, a window's end second belongs to the next window.
func TestBoundarySecondAcrossCyclesAndRestarts(t *testing.T) {
	for _, k := range []struct {
		kind  *translate.Kind
		order Order
	}{{translate.AuditLog, Ascending}, {translate.OATDetection, NewestFirst}} {
		t.Run(fmt.Sprint(k.order), func(t *testing.T) {
			ctx := context.Background()
			now := t0
			clock := func() time.Time { return now }
			boundary := t0.Add(-time.Minute)
			api := &fakeAPI{kind: k.kind, order: k.order, pageSize: 3, records: []rec{
				{"a", boundary.Add(-time.Second)}, {"b", boundary}, {"c", boundary}, {"d", boundary.Add(time.Second)},
			}}
			if k.kind == translate.AuditLog {
				// Two equal entries in the boundary second: the window
				// after the first reads [b, c, c], [d].
				api.records = append(api.records, rec{"c", boundary})
			}
			store := newStore()
			sk := &sink{}
			settings := func(_ *Spec, set *Settings) {
				set.Now = clock
				set.IngestionDelay = time.Minute // the first cycle ends exactly on the boundary second
			}
			s := newTestStream(t, api, store, sk, settings)
			s.Cycle(ctx)
			require.Len(t, sk.keys(), 1, "only a is before the boundary second")

			// Time passes: the boundary second is read from its start,
			// which the API includes. Oldest first, the page after the
			// boundary second's fails, and the collector restarts.
			now = now.Add(2 * time.Second)
			api.fail = func(_, page int, _, _ time.Time) error {
				if page == 1 {
					return errAPIDown
				}
				return nil
			}
			s.Cycle(ctx)
			api.fail = nil
			if k.order == Ascending {
				cp, _, err := store.Load(ctx, "test_stream")
				require.NoError(t, err)
				require.Equal(t, boundary, cp.Watermark, "committed inside the window")
				require.NotEmpty(t, cp.Boundary)
			}

			restarted := newTestStream(t, api, store, sk, settings)
			restarted.Cycle(ctx)
			now = now.Add(time.Minute)
			restarted.Cycle(ctx)
			assert.Len(t, sk.keys(), len(api.records), "every record once; equal audit entries once each")
		})
	}
}

// A checkpoint older than the API keeps is moved to the oldest readable
// point, with a warning.
func TestRetentionClamp(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	store := newStore()
	old := t0.Add(-400 * 24 * time.Hour)
	require.NoError(t, store.Save(context.Background(), "test_stream", checkpoint.Checkpoint{Watermark: old}))
	var firstStart time.Time
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10,
		fail: func(call, _ int, start, _ time.Time) error {
			if call == 1 {
				firstStart = start
			}
			return nil
		}}
	s := newTestStream(t, api, store, &sink{}, func(spec *Spec, set *Settings) {
		spec.Retention = 365 * 24 * time.Hour
		set.Logger = zap.New(core)
		set.WindowsInFlight = 1 // "call 1" is the first window's
	})
	s.Cycle(context.Background())
	assert.Equal(t, t0.Add(-365*24*time.Hour+time.Minute), firstStart)
	assert.Equal(t, 1, logs.FilterMessageSnippet("older than the API's retention").Len())
}

// A failure is logged once per episode, loudly for a rejected key, and a
// rejected key is retried slowly.
func TestFailureLoggedOncePerEpisode(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	var fail error = &client.APIError{Status: 503}
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10, records: tableData,
		fail: func(int, int, time.Time, time.Time) error { return fail }}
	s := newTestStream(t, api, newStore(), &sink{}, func(_ *Spec, set *Settings) { set.Logger = zap.New(core) })
	ctx := context.Background()
	for range 3 {
		assert.Less(t, s.Cycle(ctx), authRetryDelay)
	}
	assert.Equal(t, 1, logs.FilterLevelExact(zapcore.WarnLevel).Len(), "one warning for three failed cycles")
	assert.Equal(t, 2, logs.FilterMessage("Stream still failing").Len())

	fail = &client.APIError{Status: 401, Code: "InvalidCredentials"}
	assert.Equal(t, authRetryDelay, s.Cycle(ctx), "a rejected key is retried slowly")
	assert.Equal(t, authRetryDelay, s.Cycle(ctx))
	errs := logs.FilterLevelExact(zapcore.ErrorLevel)
	require.Equal(t, 1, errs.Len(), "a new kind of failure is logged again, once")
	assert.Contains(t, errs.All()[0].ContextMap()["hint"], "401")
	assert.Equal(t, authRetryDelay.String(), errs.All()[0].ContextMap()["retry_in"], "a duration with its unit, not a bare number")

	fail = nil
	assert.Equal(t, time.Minute, s.Cycle(ctx))
	assert.Equal(t, 1, logs.FilterMessage("Stream recovered").Len())
	_, ok := s.LastSuccess()
	assert.True(t, ok)
}

// A permanent pipeline error is an error-level episode: nothing is dropped,
// so the stream cannot advance until the pipeline is fixed.
func TestPermanentPipelineErrorIsLoud(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10, records: tableData}
	sk := &sink{refuse: func(int) error { return consumererror.NewPermanent(errors.New("record too large")) }}
	s := newTestStream(t, api, newStore(), sk, func(_ *Spec, set *Settings) { set.Logger = zap.New(core) })
	s.Cycle(context.Background())
	s.Cycle(context.Background())
	failed := logs.FilterMessage("Stream failed").All()
	require.Len(t, failed, 1)
	assert.Equal(t, zapcore.ErrorLevel, failed[0].Level)
	assert.Contains(t, failed[0].ContextMap()["hint"], "permanently")
	assert.Empty(t, sk.keys())
	wm, _ := s.Watermark()
	assert.Equal(t, t0.Add(-time.Hour), wm, "nothing dropped, nothing committed")
}

// A nextLink chain that never ends (empty pages linking on) fails the
// window instead of pinning the stream; once the API behaves, it completes.
func TestEndlessChainFailsTheWindow(t *testing.T) {
	endless := &endlessPager{fakeAPI: &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10, records: tableData}}
	sk := &sink{}
	s := newTestStream(t, endless.fakeAPI, newStore(), sk)
	s.set.Pager = endless
	wait := s.Cycle(context.Background())
	assert.Positive(t, wait, "a failure backs off")
	assert.Equal(t, maxEmptyPages, endless.empty, "followed a bounded number of empty pages")
	assert.Len(t, sk.keys(), 7, "the data before the empty pages was delivered once")
	endless.off = true
	s.Cycle(context.Background())
	assert.Len(t, sk.keys(), 7, "and not again")
	wm, _ := s.Watermark()
	assert.Equal(t, t0, wm)
}

// endlessPager appends empty pages that link on forever to every chain.
type endlessPager struct {
	*fakeAPI
	off   bool
	empty int
}

func (e *endlessPager) FirstPage(ctx context.Context, req client.Request) (*client.Page, error) {
	return e.link(e.fakeAPI.FirstPage(ctx, req))
}

func (e *endlessPager) NextPage(ctx context.Context, req client.Request, link string) (*client.Page, error) {
	if link == "endless" {
		e.empty++
		return e.link(&client.Page{}, nil)
	}
	return e.link(e.fakeAPI.NextPage(ctx, req, link))
}

func (e *endlessPager) link(p *client.Page, err error) (*client.Page, error) {
	if err == nil && p.NextLink == "" && !e.off {
		p.NextLink = "endless"
	}
	return p, err
}

// Run stops promptly when its context ends.
func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10, records: tableData}
	sk := &sink{}
	s := New(newTestStream(t, api, newStore(), sk).spec, Settings{
		Pager: api, Store: newStore(), Consumer: sk, MaxWindow: time.Hour, Now: func() time.Time { return t0 },
	})
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	require.Eventually(t, func() bool { return len(sk.keys()) == 7 }, 10*time.Second, 5*time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

type countingTelemetry struct {
	records map[string]int
	windows map[string]int
	rewound int
}

func (c *countingTelemetry) Rewound(string) { c.rewound++ }

func (c *countingTelemetry) Records(_, outcome string, n int) {
	if c.records == nil {
		c.records = map[string]int{}
	}
	c.records[outcome] += n
}

func (c *countingTelemetry) Window(_, outcome string) {
	if c.windows == nil {
		c.windows = map[string]int{}
	}
	c.windows[outcome]++
}

// names maps keys back to record names.
func names(t *testing.T, keys []string, kind *translate.Kind) []string {
	byKey := map[string]string{}
	for _, r := range tableData {
		byKey[keyOf(t, kind, r)] = r.name
	}
	var out []string
	for _, k := range keys {
		out = append(out, byKey[k])
	}
	return out
}

// A page with an item that cannot be translated fails before anything of it
// counts as delivered: when the page is read again (the item now fine, or
// gone), the items before it on the page are delivered, not skipped as
// duplicates, and the checkpoint never passes them undelivered.
func TestBadItemMidPageDeliversNothingOfThePage(t *testing.T) {
	// In pages of 3 the second page is [r4, r5, r6] oldest first and
	// [r6, r4, r2] newest first: its second item is broken on the first read.
	for _, k := range []struct {
		kind  *translate.Kind
		order Order
		bad   string
	}{{translate.AuditLog, Ascending, "r5"}, {translate.OATDetection, NewestFirst, "r4"}} {
		for _, fixed := range []string{"fine on the next read", "gone on the next read"} {
			t.Run(fmt.Sprint(k.order)+"/"+fixed, func(t *testing.T) {
				ctx := context.Background()
				api := &fakeAPI{kind: k.kind, order: k.order, pageSize: 3, records: slices.Clone(tableData)}
				bad := func(r rec) bool { return r.name == k.bad }
				api.broken = func(_ int, r rec) bool { return bad(r) }
				s := newTestStream(t, api, newStore(), &sink{})
				s.Cycle(ctx)
				before := len(s.sink.keys())
				if fixed == "gone on the next read" {
					api.records = slices.DeleteFunc(api.records, bad)
				}
				api.broken = nil
				s.Cycle(ctx)

				var want []string
				for _, r := range api.records {
					if r.cursor.Before(t0) {
						want = append(want, keyOf(t, k.kind, r))
					}
				}
				assert.Less(t, before, len(want), "the first cycle stopped at the broken item")
				assert.ElementsMatch(t, want, s.sink.keys(), "every record once")
				wm, _ := s.Watermark()
				assert.Equal(t, t0, wm)
			})
		}
	}
}

// Search items without a uuid are keyed by a hash of their content: two
// identical items are two records, delivered once each, across a failed
// chain retried in the same process and across a restart.
func TestIdenticalItemsWithoutIDAreCounted(t *testing.T) {
	ctx := context.Background()
	twin := rec{"twin", windowStart.Add(30 * time.Minute)}
	records := []rec{
		{"a", windowStart.Add(10 * time.Minute)},
		twin, twin,
		{"b", windowStart.Add(40 * time.Minute)},
		{"c", windowStart.Add(50 * time.Minute)},
	}
	failed := false
	// Newest first in pages of 3, the twins are split: [c, b, twin], [twin, a].
	api := &fakeAPI{kind: translate.Search, order: NewestFirst, pageSize: 3, records: records,
		fail: func(_, page int, _, _ time.Time) error {
			if page == 1 && !failed {
				failed = true
				return errAPIDown
			}
			return nil
		}}
	store := newStore()
	sk := &sink{}
	s := newTestStream(t, api, store, sk)
	s.Cycle(ctx) // fails on the second page
	s.Cycle(ctx) // retried: what was delivered is skipped, the second twin is not
	twinKey := keyOf(t, translate.Search, twin)
	want := []string{keyOf(t, translate.Search, records[0]), twinKey, twinKey,
		keyOf(t, translate.Search, records[3]), keyOf(t, translate.Search, records[4])}
	assert.ElementsMatch(t, want, sk.keys(), "both twins delivered, once each")

	// A restart reads nothing again: the window was committed.
	restarted := newTestStream(t, api, store, sk)
	restarted.Cycle(ctx)
	assert.ElementsMatch(t, want, sk.keys())
}

// A window shrunk after a timeout grows back only after growAfter windows in
// a row succeeded at the smaller size, however many succeeded before.
func TestShrunkWindowGrowsBackAfterFourSuccesses(t *testing.T) {
	var lengths []time.Duration
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 100,
		fail: func(call, _ int, start, end time.Time) error {
			lengths = append(lengths, end.Sub(start))
			if call == 6 {
				return &client.APIError{Status: 504}
			}
			return nil
		}}
	s := newTestStream(t, api, newStore(), &sink{}, func(spec *Spec, set *Settings) {
		spec.InitialLookback = 12 * time.Hour
		// One window at a time: windows read ahead were planned at the size
		// of their time, and the calls would not be in window order.
		set.WindowsInFlight = 1
	})
	s.Cycle(context.Background())
	h, m := time.Hour, 30*time.Minute
	want := []time.Duration{h, h, h, h, h, h /* 504 */, m, m, m, m, h, h}
	require.GreaterOrEqual(t, len(lengths), len(want))
	assert.Equal(t, want, lengths[:len(want)])
}

// A max_window that is not a whole number of seconds still gives
// whole-second windows and watermarks, which the next start can read.
func TestFractionalMaxWindowWritesWholeSeconds(t *testing.T) {
	ctx := context.Background()
	api := &fakeAPI{kind: translate.AuditLog, order: Ascending, pageSize: 100, records: tableData,
		fail: func(call, _ int, _, _ time.Time) error {
			if call == 2 { // the second window fails: the first one's end is stored
				return errAPIDown
			}
			return nil
		}}
	store := newStore()
	var windows []Window
	s := newTestStream(t, api, store, &sink{}, func(spec *Spec, set *Settings) {
		set.WindowsInFlight = 1 // "call 2" is the second window's
		set.MaxWindow = 90*time.Second + 500*time.Millisecond
		query := spec.Query
		spec.Query = func(w Window) url.Values { windows = append(windows, w); return query(w) }
	})
	s.Cycle(ctx)
	require.Len(t, windows, 2)
	for _, w := range windows {
		require.Zero(t, w.Start.Nanosecond(), "window start %s", w.Start)
		require.Zero(t, w.End.Nanosecond(), "window end %s", w.End)
	}
	cp, found, err := store.Load(ctx, "test_stream")
	require.NoError(t, err, "the stored checkpoint is readable")
	require.True(t, found)
	assert.Equal(t, windows[1].Start, cp.Watermark)
}

// denseSearch is a search-like API: newest first, no totalCount on pages,
// 400 records in the last 40 minutes, in pages of 5.
func denseSearch() *fakeAPI {
	api := &fakeAPI{kind: translate.Search, order: NewestFirst, pageSize: 5, noTotal: true}
	for i := range 400 {
		api.records = append(api.records, rec{fmt.Sprintf("r%03d", i), t0.Add(-40*time.Minute + time.Duration(i)*6*time.Second)})
	}
	return api
}

// A newest-first window too dense to pin, on an API whose pages carry no
// totalCount (search): a count query tells before anything is delivered, the
// window shrinks and the stream goes on, instead of failing on the chain cap
// on every try.
func TestDenseWindowShrinksOnCount(t *testing.T) {
	api := denseSearch()
	tel := &countingTelemetry{}
	s := newTestStream(t, api, newStore(), &sink{}, func(spec *Spec, set *Settings) {
		set.Telemetry = tel
		spec.CountQuery = spec.Query
	})
	s.maxRecords, s.maxPages = 100, 30 // a chain of 80 pages would never end
	wait := s.Cycle(context.Background())
	assert.Equal(t, time.Minute, wait, "caught up in one cycle")
	assert.Len(t, s.sink.keys(), 400)
	assert.Empty(t, duplicates(s.sink.keys()))
	assert.Positive(t, tel.windows[WindowShrunk])
	assert.Zero(t, tel.windows[WindowFailed])
	assert.Less(t, api.calls, 2*400/5, "each record's page read about once")
	wm, _ := s.Watermark()
	assert.Equal(t, t0, wm)
}

// When a pinned window's chain delivers more than it may hold (no count,
// or the API added records), it is cut short and shrunk; the keys it
// delivered stay bounded, and nothing is delivered twice.
func TestDenseWindowBoundsDeliveredKeys(t *testing.T) {
	api := denseSearch()
	// One window at a time: the pager reads the stream's keys below.
	s := newTestStream(t, api, newStore(), &sink{}, func(_ *Spec, set *Settings) { set.WindowsInFlight = 1 })
	s.maxRecords = 100
	most := 0
	api.fail = func(int, int, time.Time, time.Time) error { most = max(most, len(s.progress.sent)); return nil }
	s.Cycle(context.Background())
	assert.LessOrEqual(t, most, s.maxRecords+api.pageSize, "keys kept: the bound plus a page")
	assert.Len(t, s.sink.keys(), 400)
	assert.Empty(t, duplicates(s.sink.keys()))
	wm, _ := s.Watermark()
	assert.Equal(t, t0, wm)
}

// An endpoint that returns at most so many records for a query and then
// ends its chain without a word (Amazon ECS sensor events): a window whose
// chain reaches the cap may hold more, so it is halved and read again,
// until every window holds fewer; nothing is lost or doubled.
func TestQueryResultCapShrinksTheWindow(t *testing.T) {
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10, noTotal: true, maxResults: 50}
	// 120 records in the last 20 minutes of the hour.
	for i := range 120 {
		api.records = append(api.records, rec{fmt.Sprintf("r%03d", i), t0.Add(-20*time.Minute + time.Duration(i)*10*time.Second)})
	}
	tel := &countingTelemetry{}
	s := newTestStream(t, api, newStore(), &sink{}, func(spec *Spec, set *Settings) {
		set.Telemetry = tel
		spec.MaxResults = api.maxResults
	})
	wait := s.Cycle(context.Background())
	assert.Equal(t, time.Minute, wait, "caught up in one cycle")
	assert.Len(t, s.sink.keys(), 120, "nothing cut off by the cap")
	assert.Empty(t, duplicates(s.sink.keys()))
	assert.Positive(t, tel.windows[WindowShrunk])
	wm, _ := s.Watermark()
	assert.Equal(t, t0, wm)
}

// An endpoint without a time range (newest first, as documented): each
// cycle reads from the newest item down to the checkpoint and stops there,
// delivering each record once, across cycles and a restart.
func TestLatestReadsDownToTheCheckpoint(t *testing.T) {
	ctx := context.Background()
	now := t0
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10, unbounded: true}
	// Two hours of history, one record a minute: the first hour is before
	// the initial lookback.
	for i := range 120 {
		api.records = append(api.records, rec{fmt.Sprintf("old%03d", i), t0.Add(-2*time.Hour + time.Duration(i)*time.Minute)})
	}
	store, sk := newStore(), &sink{}
	settings := func(spec *Spec, set *Settings) {
		spec.Order = Latest
		set.Now = func() time.Time { return now }
	}
	s := newTestStream(t, api, store, sk, settings)
	s.Cycle(ctx)
	assert.Len(t, sk.keys(), 60, "the last hour")
	assert.LessOrEqual(t, api.calls, 7, "reading stopped at the lookback: 6 pages and the one that passes it")

	// Ten minutes later, ten new records; a restart in between.
	for i := range 10 {
		api.records = append(api.records, rec{fmt.Sprintf("new%02d", i), t0.Add(time.Duration(i) * time.Minute)})
	}
	now = t0.Add(10 * time.Minute)
	calls := api.calls
	restarted := newTestStream(t, api, store, sk, settings)
	restarted.Cycle(ctx)
	assert.Len(t, sk.keys(), 70)
	assert.Empty(t, duplicates(sk.keys()))
	assert.LessOrEqual(t, api.calls-calls, 2, "only the new page and the one reaching the checkpoint")
	wm, _ := restarted.Watermark()
	assert.Equal(t, now, wm)
}
