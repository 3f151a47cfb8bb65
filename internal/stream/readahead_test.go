package stream

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// gatePager holds every first page until want of them wait at once, then
// lets everything through: the stream either fetches want windows at once
// or the safety release (a bound on the test, not a measurement) lets it
// finish with the concurrency it had.
type gatePager struct {
	*fakeAPI
	want    int
	mu      sync.Mutex
	waiting int
	most    int
	open    chan struct{}
	once    sync.Once
}

func (g *gatePager) FirstPage(ctx context.Context, req client.Request) (*client.Page, error) {
	g.mu.Lock()
	g.waiting++
	g.most = max(g.most, g.waiting)
	if g.waiting >= g.want {
		g.once.Do(func() { close(g.open) })
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-time.After(5 * time.Second):
		g.once.Do(func() { close(g.open) })
	}
	g.mu.Lock()
	g.waiting--
	g.mu.Unlock()
	return g.fakeAPI.FirstPage(ctx, req)
}

// backlogRecords are records every 7 minutes over the 12 hours before t0,
// none on a window's edge (so every page fetched is a batch delivered).
func backlogRecords() []rec {
	var out []rec
	for i := range 12 * 60 / 7 {
		out = append(out, rec{fmt.Sprintf("r%04d", i), t0.Add(-12*time.Hour + 30*time.Second + time.Duration(i)*7*time.Minute)})
	}
	return out
}

// A stream with a backlog fetches WindowsInFlight windows at once, and
// still delivers them in window order, every record once, the checkpoint at
// the end.
func TestReadAheadFetchesWindowsAtOnce(t *testing.T) {
	for _, order := range []Order{Ascending, NewestFirst} {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			api := &fakeAPI{kind: translate.OATDetection, order: order, pageSize: 3, records: backlogRecords()}
			g := &gatePager{fakeAPI: api, want: 4, open: make(chan struct{})}
			sk := &sink{}
			var windows []Window // planned on the stream's goroutine
			s := newTestStream(t, api, newStore(), sk, func(spec *Spec, set *Settings) {
				spec.InitialLookback = 12 * time.Hour
				set.Pager, set.WindowsInFlight = g, 4
				spec.Query = func(w Window) url.Values { windows = append(windows, w); return newTestQuery(w) }
			})
			assert.Equal(t, time.Minute, s.Cycle(context.Background()), "caught up")
			assert.Equal(t, 4, g.most, "windows fetched at once")

			want := make([]string, 0, len(api.records))
			for _, r := range api.records {
				want = append(want, keyOf(t, api.kind, r))
			}
			got := sk.keys()
			assert.Empty(t, duplicates(got))
			assert.ElementsMatch(t, want, got)
			// Window order: a window's records all come before the next one's.
			windowOf := map[string]int{}
			for _, r := range api.records {
				windowOf[keyOf(t, api.kind, r)] = slices.IndexFunc(windows, func(w Window) bool {
					return !r.cursor.Before(w.Start) && r.cursor.Before(w.End)
				})
			}
			order := make([]int, 0, len(got))
			for _, k := range got {
				order = append(order, windowOf[k])
			}
			assert.True(t, slices.IsSorted(order), "delivered in window order: %v", order)
			wm, _ := s.Watermark()
			assert.Equal(t, t0, wm)
		})
	}
}

// countingPager counts the pages fetched and not yet delivered: the most
// there were is the memory read-ahead takes.
type countingPager struct {
	*fakeAPI
	sk      *sink
	mu      sync.Mutex
	fetched int
	most    int
}

func (c *countingPager) note() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fetched++
	c.most = max(c.most, c.fetched-c.sk.batchCount())
}

func (c *countingPager) FirstPage(ctx context.Context, req client.Request) (*client.Page, error) {
	p, err := c.fakeAPI.FirstPage(ctx, req)
	c.note()
	return p, err
}

func (c *countingPager) NextPage(ctx context.Context, req client.Request, link string) (*client.Page, error) {
	p, err := c.fakeAPI.NextPage(ctx, req, link)
	c.note()
	return p, err
}

// The pages fetched ahead and not yet delivered never exceed the slots, plus
// the two of the window being delivered.
func TestReadAheadBoundsPagesInFlight(t *testing.T) {
	for _, slots := range []int{1, 3} {
		t.Run(fmt.Sprint(slots), func(t *testing.T) {
			api := &fakeAPI{kind: translate.AuditLog, order: Ascending, pageSize: 1, records: backlogRecords()}
			sk := &sink{}
			cp := &countingPager{fakeAPI: api, sk: sk}
			s := newTestStream(t, api, newStore(), sk, func(spec *Spec, set *Settings) {
				spec.InitialLookback = 12 * time.Hour
				set.Pager, set.WindowsInFlight, set.Slots = cp, 8, NewPageSlots(slots)
			})
			s.Cycle(context.Background())
			assert.Len(t, sk.keys(), len(api.records))
			assert.LessOrEqual(t, cp.most, slots+2)
			assert.Greater(t, cp.most, 1, "pages were fetched ahead")
		})
	}
}

// Once caught up, a cycle is one request, as without read-ahead.
func TestReadAheadCaughtUpIsOneRequest(t *testing.T) {
	api := &fakeAPI{kind: translate.AuditLog, order: Ascending, pageSize: 50, records: backlogRecords()}
	now := t0
	s := newTestStream(t, api, newStore(), &sink{}, func(spec *Spec, set *Settings) {
		spec.InitialLookback = 12 * time.Hour
		set.WindowsInFlight = 8
		set.Now = func() time.Time { return now }
	})
	s.Cycle(context.Background())
	for range 3 {
		now = now.Add(30 * time.Second)
		before := api.calls
		s.Cycle(context.Background())
		assert.Equal(t, 1, api.calls-before)
	}
}

// A window failing drops what was fetched after it: the checkpoint is the
// end of the windows before it, nothing after it was delivered, no fetch
// goes on, and the next cycle delivers the rest once.
func TestReadAheadFailureDropsWhatWasAhead(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	failAt := t0.Add(-9 * time.Hour)
	failing := true
	var mu sync.Mutex
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 2, records: backlogRecords(),
		fail: func(_, _ int, start, _ time.Time) error {
			mu.Lock()
			defer mu.Unlock()
			if failing && start.Equal(failAt) {
				return errAPIDown
			}
			return nil
		}}
	sk := &sink{}
	store := newStore()
	s := newTestStream(t, api, store, sk, func(spec *Spec, set *Settings) {
		spec.InitialLookback = 12 * time.Hour
		set.WindowsInFlight = 6
	})
	s.Cycle(context.Background())
	wm, _ := s.Watermark()
	assert.Equal(t, failAt, wm, "committed up to the failed window")
	for _, r := range api.records {
		delivered := slices.Contains(sk.keys(), keyOf(t, api.kind, r))
		assert.Equal(t, r.cursor.Before(failAt), delivered, "%s at %s", r.name, r.cursor)
	}

	mu.Lock()
	failing = false
	mu.Unlock()
	s.Cycle(context.Background())
	assert.Len(t, sk.keys(), len(api.records))
	assert.Empty(t, duplicates(sk.keys()))
}

// Windows planned ahead are sized for chains of aheadPages pages: shorter
// after a longer chain, doubling back after a one-page chain.
func TestAheadWindowsSizedByChainLength(t *testing.T) {
	for _, c := range []struct {
		name         string
		pages        int
		before, want time.Duration
	}{
		{"six pages: a third", 6, 0, 20 * time.Minute},
		{"two pages: kept", 2, 20 * time.Minute, 20 * time.Minute},
		{"one page: doubled", 1, 20 * time.Minute, 40 * time.Minute},
		{"one page: back to the stream's window", 1, 40 * time.Minute, 0},
		{"one page, unshrunk: unchanged", 1, 0, 0},
		{"many pages: the smallest window", 10_000, 0, minWindow},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTestStream(t, &fakeAPI{kind: translate.AuditLog}, newStore(), &sink{}, func(_ *Spec, set *Settings) { set.WindowsInFlight = 4 })
			s.chainPages, s.aheadWindow = c.pages, c.before
			s.sizeAhead(Window{Start: t0.Add(-time.Hour), End: t0})
			assert.Equal(t, c.want, s.aheadWindow)
		})
	}
}

// A pinned window read ahead asks its count once, beside its second page,
// and the delivery takes that answer rather than asking again.
func TestReadAheadCountsEachWindowOnce(t *testing.T) {
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 3, noTotal: true, records: backlogRecords()}
	var windows []Window
	s := newTestStream(t, api, newStore(), &sink{}, func(spec *Spec, set *Settings) {
		spec.InitialLookback = 12 * time.Hour
		spec.CountQuery = newTestQuery
		spec.Query = func(w Window) url.Values { windows = append(windows, w); return newTestQuery(w) }
		set.WindowsInFlight = 4
	})
	s.Cycle(context.Background())
	multiPage := 0
	for _, w := range windows {
		n := 0
		for _, r := range api.records {
			if sec := r.cursor.Truncate(time.Second); !sec.Before(w.Start) && !sec.After(w.End) {
				n++
			}
		}
		if n > api.pageSize {
			multiPage++
		}
	}
	assert.Positive(t, multiPage)
	assert.Equal(t, multiPage, api.counts, "one count per window of several pages")
}
