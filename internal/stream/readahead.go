package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
)

// Read-ahead: a stream with a backlog fetches the pages of the windows after
// the one it delivers while it delivers it, so that a backfill is paced by
// the request budget rather than by the API's latency (a nextLink chain can
// only be read one page after the other, windows side by side). Delivery and
// commits stay in window order, one window at a time, exactly as without
// read-ahead: a page fetched ahead is only memory until its window's turn,
// so a crash loses it and re-delivers nothing more than before
// (RELIABILITY.md, "Windows in flight").

// PageSlots bounds the pages read ahead and not yet delivered, across the
// streams that share it (one per receiver): their memory is at most this
// many pages, plus two for each stream's window being delivered, which
// fetches without a slot so that it always moves on and no stream can wait
// on another's pages.
type PageSlots chan struct{}

// NewPageSlots returns room for n pages read ahead.
func NewPageSlots(n int) PageSlots { return make(PageSlots, max(n, 1)) }

// errChainEnded: the delivery asked a chain for more than it fetched, which
// readWindow's own bounds keep from happening.
var errChainEnded = errors.New("the window's chain ended early")

// pageSource is what readWindow reads a window's chain through: the pager
// directly, or a chain fetched ahead.
type pageSource interface {
	first(ctx context.Context) (*client.Page, error)
	// count is the window's count query, for a pinned window whose first
	// page carries no totalCount.
	count(ctx context.Context) (int, error)
	next(ctx context.Context, link string) (*client.Page, error)
}

// direct reads a window's pages when they are asked for.
type direct struct {
	pager    Pager
	req      client.Request
	countReq client.Request
}

func (d direct) first(ctx context.Context) (*client.Page, error) {
	return d.pager.FirstPage(ctx, d.req)
}
func (d direct) count(ctx context.Context) (int, error) { return d.pager.Count(ctx, d.countReq) }
func (d direct) next(ctx context.Context, link string) (*client.Page, error) {
	return d.pager.NextPage(ctx, d.req, link)
}

// chain is one window's nextLink chain, read by a goroutine of its own into
// a buffer its window's delivery takes the pages from, in order.
type chain struct {
	w      Window
	cancel context.CancelFunc
	done   chan struct{}
	slots  PageSlots

	mu   sync.Mutex
	cond *sync.Cond
	got  []fetched // fetched and not yet taken
	end  bool      // the goroutine has stopped: got is all there will be
	// head is closed when the chain's window is the one delivered: from
	// then on it fetches without taking slots.
	head     chan struct{}
	headOnce sync.Once
	total    *int
	countErr error
	// counted is closed once the chain's count is known or known not to
	// be fetched, so the delivery waits for it instead of asking again.
	counted chan struct{}
	// fallback asks what the chain did not fetch (a count its window did
	// not need when it was planned).
	fallback direct
}

// fetched is one answer of the chain: a page (holding a slot when slot),
// or the error that ended it.
type fetched struct {
	page *client.Page
	slot bool
	err  error
}

// fetchAhead starts reading w's chain. withCount also asks the count query
// when the first page carries no totalCount and links on (checkSize needs
// it for a pinned window).
func (s *Stream) fetchAhead(ctx context.Context, w Window, withCount bool) *chain {
	ctx, cancel := context.WithCancel(ctx)
	src := s.directSource(w)
	c := &chain{w: w, cancel: cancel, done: make(chan struct{}), slots: s.set.Slots, head: make(chan struct{}), fallback: src,
		counted: make(chan struct{})}
	c.cond = sync.NewCond(&c.mu)
	go func() {
		var counting sync.WaitGroup
		countDone := sync.OnceFunc(func() { close(c.counted) })
		// In this order on the way out: the chain is complete, the count
		// (if asked) answered, then counted and done are closed.
		defer close(c.done)
		defer countDone()
		defer counting.Wait()
		defer c.finish()
		holds := c.slot(ctx)
		if !holds && ctx.Err() != nil {
			return
		}
		page, err := src.first(ctx)
		if c.put(fetched{page: page, slot: holds, err: err}); err != nil {
			return
		}
		if withCount && page.TotalCount == nil && page.NextLink != "" && s.spec.CountQuery != nil {
			// Beside the next page, not before it: the chain is no longer
			// for it.
			counting.Go(func() {
				defer countDone()
				n, err := src.count(ctx)
				c.mu.Lock()
				c.total, c.countErr = &n, err
				c.mu.Unlock()
			})
		} else {
			countDone()
		}
		// The delivery ends a chain that does not end (readWindow's
		// maxPages and maxEmptyPages); this stops at the same point.
		for pages, empty := 1, 0; page.NextLink != ""; pages++ {
			if empty = empty + 1; len(page.Items) > 0 {
				empty = 0
			}
			if empty >= maxEmptyPages || pages >= s.maxPages {
				return
			}
			holds = c.slot(ctx)
			if !holds && ctx.Err() != nil {
				return
			}
			page, err = src.next(ctx, page.NextLink)
			if c.put(fetched{page: page, slot: holds, err: err}); err != nil {
				return
			}
		}
	}()
	return c
}

// slot waits for a page slot, or for the chain to become the head, which
// needs none. It reports whether it took a slot.
//
// The head fetches a page only once the delivery took the one before, so
// it holds at most two pages (one fetched, one being delivered) while its
// fetch and the delivery overlap.
func (c *chain) slot(ctx context.Context) bool {
	select {
	case <-c.head:
		c.waitTaken(ctx)
		return false
	default:
	}
	select {
	case c.slots <- struct{}{}:
		return true
	case <-c.head:
		c.waitTaken(ctx)
		return false
	case <-ctx.Done():
		return false
	}
}

// waitTaken waits until the delivery has taken every page fetched.
func (c *chain) waitTaken(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.got) > 0 && ctx.Err() == nil {
		c.cond.Wait()
	}
}

// put hands an answer to the delivery.
func (c *chain) put(f fetched) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, f)
	c.cond.Broadcast()
}

// finish marks the chain complete: what is in got is all it holds.
func (c *chain) finish() {
	c.mu.Lock()
	c.end = true
	c.cond.Broadcast()
	c.mu.Unlock()
}

// promote makes the chain the head: it fetches the rest without slots.
func (c *chain) promote() { c.headOnce.Do(func() { close(c.head) }) }

// take returns the next answer, waiting for it; ctx's end wakes it through
// drop.
func (c *chain) take(ctx context.Context) (*client.Page, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.got) == 0 && !c.end && ctx.Err() == nil {
		c.cond.Wait()
	}
	if len(c.got) == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, errChainEnded
	}
	f := c.got[0]
	c.got = c.got[1:]
	c.cond.Broadcast() // a head waiting to fetch the next page
	if f.slot {
		<-c.slots
	}
	return f.page, f.err
}

func (c *chain) first(ctx context.Context) (*client.Page, error) { return c.take(ctx) }

func (c *chain) next(ctx context.Context, _ string) (*client.Page, error) { return c.take(ctx) }

func (c *chain) count(ctx context.Context) (int, error) {
	select {
	case <-c.counted:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	c.mu.Lock()
	total, err := c.total, c.countErr
	c.mu.Unlock()
	if total == nil {
		return c.fallback.count(ctx)
	}
	return *total, err
}

// drop stops the chain and frees the slots of what it fetched; it returns
// once the goroutine has stopped.
func (c *chain) drop() {
	c.cancel()
	c.mu.Lock()
	c.cond.Broadcast()
	c.mu.Unlock()
	<-c.done
	c.mu.Lock()
	for _, f := range c.got {
		if f.slot {
			<-c.slots
		}
	}
	c.got = nil
	c.mu.Unlock()
}

// directSource reads w's pages from the pager as they are asked for.
func (s *Stream) directSource(w Window) direct {
	return direct{
		pager:    s.set.Pager,
		req:      client.Request{Stream: s.spec.Name, Path: s.path, Query: s.spec.Query(w), Header: s.spec.Header},
		countReq: s.countRequest(w),
	}
}

func (s *Stream) countRequest(w Window) client.Request {
	if s.spec.CountQuery == nil {
		return client.Request{}
	}
	return client.Request{Stream: s.spec.Name, Path: s.path, Query: s.spec.CountQuery(w), Header: s.spec.Header}
}

// readsAhead reports whether the stream fetches windows ahead: a stream of
// windows (not Latest, whose one cycle is one chain) of pages (not
// packages, whose downloads are sequential by design).
func (s *Stream) readsAhead() bool {
	return s.set.WindowsInFlight > 1 && s.spec.Order != Latest && s.spec.Contents == nil
}

// source returns the window to read next from start and what to read it
// through. Reading ahead, that is the chain fetched for it if one was (its
// window, planned with an earlier size, wins over w's end), and the windows
// after it up to liveEnd are fetched ahead, WindowsInFlight in all. A chain
// is only ever used for the window starting at the watermark, so windows
// stay contiguous whatever was fetched: what no longer lines up (a shrunk
// window, the watermark moved by retention or the API's clock) is dropped
// and fetched again.
func (s *Stream) source(ctx context.Context, w Window, liveEnd time.Time) (Window, pageSource) {
	if !s.readsAhead() {
		return w, s.directSource(w)
	}
	if s.head != nil {
		s.head.drop() // done, or failed and read again
		s.head = nil
	}
	if len(s.ahead) > 0 && s.ahead[0].w.Start.Equal(w.Start) {
		s.head, s.ahead = s.ahead[0], s.ahead[1:]
	} else {
		if len(s.ahead) > 0 && !s.ahead[0].w.Start.Equal(w.End) {
			s.dropAhead()
		}
		s.head = s.fetchAhead(ctx, w, s.pinnedCount())
	}
	s.head.promote()
	planned := s.head.w.End
	if n := len(s.ahead); n > 0 {
		planned = s.ahead[n-1].w.End
	}
	size := s.window
	if s.aheadWindow > 0 && s.aheadWindow < size {
		size = s.aheadWindow
	}
	for len(s.ahead) < s.set.WindowsInFlight-1 && planned.Before(liveEnd) {
		end := planned.Add(size)
		if end.After(liveEnd) {
			end = liveEnd
		}
		s.ahead = append(s.ahead, s.fetchAhead(ctx, Window{Start: planned, End: end, Now: w.Now}, s.pinnedCount()))
		planned = end
	}
	return s.head.w, s.head
}

// pinnedCount reports whether a window planned now would need a count
// query when its first page has no totalCount (checkSize).
func (s *Stream) pinnedCount() bool { return s.spec.Order == NewestFirst && s.window > minWindow }

// dropAhead stops every chain fetched ahead and the head's.
func (s *Stream) dropAhead() {
	if s.head != nil {
		s.head.drop()
		s.head = nil
	}
	for _, c := range s.ahead {
		c.drop()
	}
	s.ahead = nil
}

// aheadPages is the chain length windows planned ahead are sized for: a
// window's chain is read one page after another however many windows are in
// flight, so a backfill ends no sooner than its longest chain takes, and
// short chains keep the windows side by side busy to the end. Two pages,
// not one: a smaller window costs a request more whenever its last page
// is not full.
const aheadPages = 2

// sizeAhead sizes the windows planned ahead by the last one read in full:
// one whose chain was longer than aheadPages makes them as much shorter
// (its records per second, over what aheadPages pages hold), one of a
// single page lets them grow back, doubling, up to the stream's window.
func (s *Stream) sizeAhead(w Window) {
	if !s.readsAhead() || s.chainPages == 0 {
		return
	}
	d := w.End.Sub(w.Start)
	switch {
	case s.chainPages > aheadPages:
		s.aheadWindow = max(minWindow, (d * aheadPages / time.Duration(s.chainPages)).Truncate(time.Second))
	case s.chainPages == 1 && s.aheadWindow > 0:
		if s.aheadWindow *= 2; s.aheadWindow >= s.window {
			s.aheadWindow = 0 // the stream's own window
		}
	}
	s.chainPages = 0
}
