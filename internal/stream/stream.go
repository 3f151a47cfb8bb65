// Package stream runs one Vision One stream: an endpoint and its filter, read
// window by window, handed to the pipeline page by page, with a checkpoint
// that moves only after the pipeline accepted everything before it.
//
// The collector's scraperhelper is not used: its controller merges every
// scraper's records into one ConsumeLogs call per tick and never tells a
// scraper whether that call succeeded, so a checkpoint could not wait for
// the pipeline, and a backlog would be returned all at once instead of page
// by page.
package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v5"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// Order is how an endpoint sorts its pages, which decides when a checkpoint
// may move.
type Order int

const (
	// Ascending pages (oldest first): the checkpoint may move after every
	// accepted page.
	Ascending Order = iota
	// NewestFirst pages: the window is pinned until its whole chain has been
	// read and accepted, then the checkpoint moves to the window's end.
	NewestFirst
	// Latest is an endpoint that takes no time range and pages newest
	// first, as it documents (account compromise indicators): each cycle
	// reads from the newest item down to the checkpoint, pinned like
	// NewestFirst, and stops following the chain at the first item older
	// than the checkpoint. An item the API adds with a time the checkpoint
	// has already passed is not seen.
	Latest
)

// Spec describes what one stream reads.
type Spec struct {
	Name  string // e.g. "oat_detections"
	Path  string // e.g. "/v3.0/oat/detections"
	Order Order
	// Query returns the query parameters of the first page of a window.
	Query func(Window) url.Values
	// Header holds TMV1-Filter or TMV1-Query, sent on every page.
	Header http.Header
	// CountQuery, if set, returns the query parameters of a count query
	// for a window (search mode=countOnly), whose answer is a totalCount:
	// it tells a newest-first window too large to pin before it is read.
	CountQuery func(Window) url.Values
	Translator *translate.Translator
	// Announces, if set, records the Version of every item the pipeline
	// accepted, for a follower stream; Follows, if set, makes this stream
	// that follower (see Ledger).
	Announces, Follows *Ledger

	Interval        time.Duration
	InitialLookback time.Duration
	// Retention is how far back the API serves data (0 = no limit).
	Retention time.Duration
	// Contents, if set, makes each listed item a package whose records are
	// read from a download of their own (data pipelines).
	Contents *Contents
	// Prepare, if set, runs before the stream's first window until it
	// succeeds, failing cycles like a window would, and returns the path
	// to list (a data pipeline's, once it is found or registered).
	Prepare func(ctx context.Context) (path string, err error)
	// MaxWindow, if set, caps the window below the receiver's max_window
	// (the package lists take at most an hour); MinDelay raises the
	// ingestion delay (they serve packages at least 30 s old).
	MaxWindow, MinDelay time.Duration
	// MaxResults, if set, is the most records the API returns for one
	// query, ending the chain there without a word: a window whose chain
	// reaches it may hold more, and is halved (not for Latest).
	MaxResults int
	// Late, if set, re-checks the spans already read for events the API
	// made visible late (late.go): for streams windowed on the event's own
	// time.
	Late *LateSpec
}

// Window is one query window, [Start, End) in whole seconds, planned at
// Now (the API's time, as far as the stream knows it).
type Window struct {
	Start, End, Now time.Time
}

// Pager fetches pages; *client.Client implements it.
type Pager interface {
	FirstPage(ctx context.Context, req client.Request) (*client.Page, error)
	NextPage(ctx context.Context, req client.Request, nextLink string) (*client.Page, error)
	Count(ctx context.Context, req client.Request) (int, error)
}

// Telemetry receives the stream's counters. May be nil.
type Telemetry interface {
	Records(stream, outcome string, n int)
	Window(stream, outcome string)
	// Rewound counts checkpoints found ahead of the API's clock.
	Rewound(stream string)
}

// Record outcomes and window outcomes reported to Telemetry.
const (
	OutcomeAccepted  = "accepted"
	OutcomeRefused   = "refused"
	OutcomeDuplicate = "duplicate"

	WindowCompleted = "completed"
	WindowFailed    = "failed"
	WindowRestarted = "restarted"
	WindowShrunk    = "shrunk"
)

// Settings are shared by the streams of one receiver.
type Settings struct {
	Pager     Pager
	Store     *checkpoint.Store
	Consumer  consumer.Logs
	Logger    *zap.Logger
	Telemetry Telemetry
	// Resource fills the resource of every emitted batch.
	Resource     func(pcommon.Resource)
	ScopeName    string
	ScopeVersion string

	IngestionDelay time.Duration
	MaxWindow      time.Duration
	// BackOff paces the retries of failed cycles (its MaxElapsedTime is
	// ignored here: a stream never gives up).
	BackOff configretry.BackOffConfig
	// Now is the collector's clock (nil = time.Now); tests share the
	// simulator's. Clock is the API's as the receiver's streams see it
	// (nil = Now alone): windows follow it.
	Now   func() time.Time
	Clock *Clock
	// WindowsInFlight is how many windows of a stream with a backlog are
	// fetched at once: the one delivered and those after it (1 = one at a
	// time). Slots bounds the pages fetched ahead across the streams
	// sharing it (nil: a stream's own, of DefaultPagesInFlight).
	WindowsInFlight int
	Slots           PageSlots
}

// DefaultPagesInFlight is the pages a stream without shared Slots may read
// ahead.
const DefaultPagesInFlight = 64

// Bounds of the adaptive window.
const (
	minWindow = 10 * time.Second
	// maxWindowRecords bounds a pinned window, whose delivered keys are
	// kept until it completes: one whose first page (or count query)
	// reports more matches is shrunk before any of it is delivered, and a
	// chain that delivers more is cut short and the window shrunk.
	maxWindowRecords = 50_000
	// growAfter: a shrunk window grows back (doubling) only after this many
	// windows in a row succeeded, since each timeout costs the API's whole
	// 60 s request limit.
	growAfter = 4
	// maxEmptyPages and maxChainPages bound a nextLink chain: the API's
	// pages hold data until the last one (search "performance" mode, which
	// may return empty pages, is not used).
	maxEmptyPages = 20
	maxChainPages = 10_000
	// maxRestarts bounds immediate restarts of one window after expired page
	// tokens; past it the stream backs off like any failure.
	maxRestarts = 5
	// authRetryDelay: a rejected key will not fix itself soon.
	authRetryDelay = 5 * time.Minute
)

// Stream reads one Vision One stream. Create it with New and call Run.
type Stream struct {
	spec Spec
	set  Settings
	log  *zap.Logger

	progress *progress
	// path is what the windows list: Spec.Path, or what Prepare returned.
	path     string
	prepared bool
	window   time.Duration
	// successes counts windows read in a row at the current size.
	successes int
	restarts  int
	// maxRecords and maxPages are maxWindowRecords and maxChainPages
	// (fields so tests can lower them).
	maxRecords, maxPages int
	backoff              *backoff.ExponentialBackOff
	failure              failureState
	// head is the chain of the window being delivered and ahead those
	// fetched after it, in window order (read-ahead only).
	head  *chain
	ahead []*chain
	// chainPages is how many pages the last window read in full had;
	// aheadWindow the size of the windows planned ahead (readahead.go).
	chainPages  int
	aheadWindow time.Duration
	// late is the reconciliation of late events (Spec.Late).
	late *lateState

	// Read by telemetry callbacks from other goroutines.
	watermarkUnix   atomic.Int64
	lastSuccessUnix atomic.Int64
	lateFloorUnix   atomic.Int64
}

// New returns a stream; it does nothing until Run.
func New(spec Spec, set Settings) *Stream {
	if set.Now == nil {
		set.Now = time.Now
	}
	if set.Logger == nil {
		set.Logger = zap.NewNop()
	}
	if set.Clock == nil {
		set.Clock = NewClock(set.Now, nil)
	}
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = set.BackOff.InitialInterval
	b.RandomizationFactor = set.BackOff.RandomizationFactor
	b.Multiplier = set.BackOff.Multiplier
	b.MaxInterval = set.BackOff.MaxInterval
	b.Reset()
	// set is this stream's copy: the spec's own bounds apply to it alone.
	if spec.MaxWindow > 0 && (set.MaxWindow == 0 || spec.MaxWindow < set.MaxWindow) {
		set.MaxWindow = spec.MaxWindow
	}
	set.IngestionDelay = max(set.IngestionDelay, spec.MinDelay)
	if set.Slots == nil {
		set.Slots = NewPageSlots(DefaultPagesInFlight)
	}
	// Windows and watermarks are whole seconds, the API's precision.
	set.MaxWindow = max(minWindow, set.MaxWindow.Truncate(time.Second))
	return &Stream{
		spec:       spec,
		set:        set,
		path:       spec.Path,
		log:        set.Logger.With(zap.String("stream", spec.Name)),
		window:     set.MaxWindow,
		backoff:    b,
		maxRecords: maxWindowRecords,
		maxPages:   maxChainPages,
	}
}

// Name is the stream's name.
func (s *Stream) Name() string { return s.spec.Name }

// Watermark is the end of the last window delivered in full (or the latest
// committed point inside one); false before the checkpoint is loaded.
func (s *Stream) Watermark() (time.Time, bool) { return unixTime(s.watermarkUnix.Load()) }

// LastSuccess is when the stream last completed a cycle without error.
func (s *Stream) LastSuccess() (time.Time, bool) { return unixTime(s.lastSuccessUnix.Load()) }

func unixTime(sec int64) (time.Time, bool) {
	if sec == 0 {
		return time.Time{}, false
	}
	return time.Unix(sec, 0).UTC(), true
}

// Run reads the stream until ctx is done.
func (s *Stream) Run(ctx context.Context) {
	for {
		wait := s.Cycle(ctx)
		if !sleep(ctx, wait) {
			return
		}
	}
}

// load reads the checkpoint, retrying storage failures until ctx is done.
func (s *Stream) load(ctx context.Context) bool {
	for {
		cp, found, err := s.set.Store.Load(ctx, s.spec.Name)
		switch {
		case err == nil || errors.Is(err, checkpoint.ErrCorrupt):
			if err != nil {
				s.log.Error("Checkpoint was corrupted; recovering", zap.Error(err))
			}
			if !found {
				cp = checkpoint.Checkpoint{Watermark: s.set.Clock.Now().Add(-s.spec.InitialLookback).Truncate(time.Second).UTC()}
				s.log.Info("No checkpoint: starting from the initial lookback", zap.Time("start", cp.Watermark))
			} else {
				s.log.Info("Resuming from checkpoint", zap.Time("watermark", cp.Watermark), zap.Int("boundary_keys", len(cp.Boundary)))
			}
			if s.spec.Late != nil {
				if err := s.loadLate(ctx, cp); err != nil {
					if !sleep(ctx, s.noteFailure(err)) {
						return false
					}
					continue
				}
			}
			s.progress = newProgress(cp)
			if s.spec.Announces != nil {
				s.spec.Announces.restore(cp.Versions, cp.Watermark)
			}
			s.publishWatermark()
			return true
		case ctx.Err() != nil:
			return false
		default:
			d := s.noteFailure(fmt.Errorf("%w: %w", errStorage, err))
			if !sleep(ctx, d) {
				return false
			}
		}
	}
}

// Cycle reads windows until the stream has caught up or a window fails, and
// returns how long to wait before the next cycle. Run calls it in a loop;
// tests call it to drive a stream step by step. The first call loads the
// checkpoint.
func (s *Stream) Cycle(ctx context.Context) time.Duration {
	// A stream about to wait holds no pages: fetched again when it reads.
	defer s.dropAhead()
	if s.progress == nil && !s.load(ctx) {
		return 0
	}
	if s.spec.Prepare != nil && !s.prepared {
		path, err := s.spec.Prepare(ctx)
		switch {
		case ctx.Err() != nil:
			return 0
		case err != nil:
			return s.noteFailure(err)
		}
		s.path, s.prepared = path, true
	}
	for {
		now := s.set.Clock.Now()
		s.rewindIfAhead(now)
		s.clampToRetention(now)
		start := s.progress.watermark
		liveEnd := now.Add(-s.set.IngestionDelay).Truncate(time.Second).UTC()
		if s.spec.Follows != nil {
			// A follower reads no further than its leader has.
			limit, ready := s.spec.Follows.limit()
			if !ready {
				return s.spec.Interval
			}
			if limit.Before(liveEnd) {
				liveEnd = limit
			}
		}
		if !start.Before(liveEnd) {
			s.succeeded()
			return s.caughtUp(ctx)
		}
		end := liveEnd
		if end.Sub(start) > s.window && s.spec.Order != Latest {
			end = start.Add(s.window)
		}

		w, src := s.source(ctx, Window{Start: start, End: end, Now: now}, liveEnd)
		end = w.End
		err := s.readWindow(ctx, w, src)
		switch {
		case err == nil:
			s.telemetryWindow(WindowCompleted)
			s.sizeAhead(w)
			s.restarts = 0
			if s.successes++; s.successes >= growAfter && s.window < s.set.MaxWindow {
				s.window = min(s.set.MaxWindow, 2*s.window)
				s.successes = 0
			}
			s.succeeded()
			if end.Equal(liveEnd) {
				return s.caughtUp(ctx)
			}
			// Backlog: go on to the next window at once; the request
			// budget is what paces a catch-up.
		case ctx.Err() != nil:
			return 0
		case errors.Is(err, client.ErrTokenExpired) && s.restarts < maxRestarts:
			s.restarts++
			s.telemetryWindow(WindowRestarted)
			if s.restarts > 1 {
				// Expired twice: a shorter window has a shorter chain.
				s.shrink()
			}
			s.log.Info("Page token expired; restarting the window",
				zap.Time("start", start), zap.Time("end", end), zap.Int("restart", s.restarts))
		case errors.Is(err, errWindowTooLarge) || errors.Is(err, client.ErrTimeout) && s.window > minWindow && s.spec.Order != Latest:
			s.telemetryWindow(WindowShrunk)
			s.shrink()
			s.log.Info("Window too large for the API; shrinking it",
				zap.Time("start", start), zap.Stringer("window", s.window), zap.Error(err))
		default:
			s.telemetryWindow(WindowFailed)
			s.restarts = 0
			return s.noteFailure(err)
		}
	}
}

// caughtUp is what a stream that has read up to its live end does before it
// waits: re-check for late events (bounded, late.go), then wait what is
// left of its interval, so that re-checks do not delay its live windows.
func (s *Stream) caughtUp(ctx context.Context) time.Duration {
	start := s.set.Now()
	s.reconcile(ctx)
	// Never longer than the interval: the collector's clock may have
	// jumped back meanwhile.
	return min(s.spec.Interval, max(0, s.spec.Interval-s.set.Now().Sub(start)))
}

// shrink halves the window; it grows back only after growAfter successes
// at the new size.
func (s *Stream) shrink() {
	s.window = max(minWindow, (s.window / 2).Truncate(time.Second))
	s.successes = 0
}

// rewindIfAhead moves a checkpoint that is ahead of the API's clock back to
// where a first run starts. No window of this receiver ends after the API's
// time, so only a collector whose clock ran ahead without the API's Date to
// correct it (or an older version of this receiver) can have written it;
// waiting for the clock to reach it would skip everything the API received
// in between, and which part that is cannot be known.
func (s *Stream) rewindIfAhead(now time.Time) {
	wm := s.progress.watermark
	if !wm.After(now.Add(aheadTolerance)) {
		return
	}
	start := now.Add(-s.spec.InitialLookback).Truncate(time.Second).UTC()
	s.log.Error("Checkpoint is ahead of the Vision One API's clock: it was written by a collector whose clock ran "+
		"ahead. Reading again from the initial lookback so that nothing is skipped; records in that span may be "+
		"delivered twice", zap.Time("watermark", wm), zap.Time("api_time", now), zap.Time("restart_at", start))
	s.progress = newProgress(checkpoint.Checkpoint{Watermark: start})
	if s.late != nil {
		s.late.restart(start.Unix())
	}
	s.publishWatermark()
	if s.set.Telemetry != nil {
		s.set.Telemetry.Rewound(s.spec.Name)
	}
}

// clampToRetention moves a watermark the API can no longer serve to the
// oldest point it can, saying what cannot be read.
func (s *Stream) clampToRetention(now time.Time) {
	if s.spec.Retention <= 0 {
		return
	}
	// A minute inside the limit, so the request is not refused on the edge.
	oldest := now.Add(-s.spec.Retention + time.Minute).Truncate(time.Second).UTC()
	if s.progress.watermark.Before(oldest) {
		s.log.Warn("Checkpoint is older than the API's retention; data before the retention limit cannot be read",
			zap.Time("watermark", s.progress.watermark), zap.Time("oldest_readable", oldest))
		s.progress.complete(oldest)
		s.publishWatermark()
	}
}

func (s *Stream) succeeded() {
	s.lastSuccessUnix.Store(s.set.Now().Unix())
	s.backoff.Reset()
	if s.failure.failing {
		s.log.Info("Stream recovered", zap.Int("failed_cycles", s.failure.count))
	}
	s.failure = failureState{}
}

// publishWatermark makes the watermark the one telemetry and a follower see.
func (s *Stream) publishWatermark() {
	wm := s.progress.watermark
	s.watermarkUnix.Store(wm.Unix())
	if s.spec.Announces != nil {
		s.spec.Announces.setHorizon(wm)
	}
	if s.spec.Follows != nil {
		s.spec.Follows.setFloor(wm)
	}
}

func (s *Stream) telemetryWindow(outcome string) {
	if s.set.Telemetry != nil {
		s.set.Telemetry.Window(s.spec.Name, outcome)
	}
}

func (s *Stream) telemetryRecords(outcome string, n int) {
	if s.set.Telemetry != nil && n > 0 {
		s.set.Telemetry.Records(s.spec.Name, outcome, n)
	}
}

// sleep waits d or until ctx is done; false if ctx is done.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
