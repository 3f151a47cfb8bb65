package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

var (
	// errWindowTooLarge: the first page reported more matches than one
	// pinned window may hold.
	errWindowTooLarge = errors.New("window holds too many records")
	// errConsumer wraps a ConsumeLogs error: the pipeline refused a page.
	errConsumer = errors.New("the pipeline refused the records")
	// errEndlessChain: the API keeps returning nextLinks without data.
	errEndlessChain = errors.New("the nextLink chain does not end")
	// errStorage wraps a failure to read or save the checkpoint.
	errStorage = errors.New("checkpoint storage failed")
)

// readWindow reads a window page by page, hands every page to the
// pipeline, and commits the checkpoint as the stream's order allows. It
// returns nil only when the whole chain was read and accepted.
func (s *Stream) readWindow(ctx context.Context, w Window, src pageSource) error {
	if s.pinnedFull() {
		return s.tooManyDelivered(w)
	}
	if s.spec.Contents != nil {
		return s.readPackages(ctx, w)
	}
	start, end := w.Start, w.End
	ps := s.progress.newPass()
	page, err := src.first(ctx)
	if err != nil {
		return err
	}
	if err := s.checkSize(ctx, w, page, src); err != nil {
		return err
	}
	read := 0
	for pages, empty := 1, 0; ; pages++ {
		older, err := s.deliverPage(ctx, ps, page, w)
		if err != nil {
			return err
		}
		read += len(page.Items)
		if page.NextLink == "" || older && s.spec.Order == Latest {
			// Newest first, what follows an item older than the window
			// is older still: read before.
			s.chainPages = pages
			break
		}
		if s.pinnedFull() {
			return s.tooManyDelivered(w)
		}
		// A chain must end: empty pages that keep linking on, or more
		// pages than any window holds, are an API fault, not data.
		if empty = empty + 1; len(page.Items) > 0 {
			empty = 0
		}
		if empty >= maxEmptyPages || pages >= s.maxPages {
			return fmt.Errorf("%w: %d pages, the last %d empty, in [%s, %s)", errEndlessChain,
				pages, empty, start.Format(time.RFC3339), end.Format(time.RFC3339))
		}
		if page, err = src.next(ctx, page.NextLink); err != nil {
			return err
		}
	}
	if err := s.checkCapped(w, read); err != nil {
		return err
	}
	s.progress.complete(s.readableEnd(w))
	return s.commit(ctx)
}

// checkCapped fails a window whose chain returned as many records as the API
// returns for one query (Spec.MaxResults): the chain may have been cut
// short, so the window is read again smaller; what it delivered stays
// delivered. The smallest window is taken as it is, with a warning.
func (s *Stream) checkCapped(w Window, read int) error {
	if s.spec.MaxResults == 0 || read < s.spec.MaxResults || s.spec.Order == Latest {
		return nil
	}
	if s.window > minWindow {
		return fmt.Errorf("%w: the chain ended at the API's cap of %d records in [%s, %s)", errWindowTooLarge,
			s.spec.MaxResults, w.Start.Format(time.RFC3339), w.End.Format(time.RFC3339))
	}
	s.log.Warn("The API returns at most this many records for one query, and the smallest window holds as many: "+
		"what it holds beyond them cannot be read", zap.Int("max_results", s.spec.MaxResults),
		zap.Time("start", w.Start), zap.Time("end", w.End))
	return nil
}

// readableEnd is where a window read in full leaves the watermark: its end,
// unless the API's answers showed its clock behind the one the window was
// planned with (the collector's, before the first Date arrived). Past the
// API's time less the ingestion delay nothing could be read yet; what was
// delivered beyond it stays in sent, so it is not delivered again.
func (s *Stream) readableEnd(w Window) time.Time {
	readable := s.set.Clock.Now().Add(-s.set.IngestionDelay).Truncate(time.Second).UTC()
	switch {
	case !readable.Before(w.End):
		return w.End
	case readable.Before(w.Start):
		return w.Start
	}
	return readable
}

// pinnedFull reports whether a pinned window holds as many delivered keys
// as it may: they are kept until it completes, so a smaller window is read
// instead (the keys stay, so nothing is delivered twice). The smallest
// window is read whatever it holds.
func (s *Stream) pinnedFull() bool {
	return s.spec.Order == NewestFirst && len(s.progress.sent) >= s.maxRecords && s.window > minWindow
}

func (s *Stream) tooManyDelivered(w Window) error {
	return fmt.Errorf("%w: %d records delivered and not yet committed at [%s, %s)", errWindowTooLarge,
		len(s.progress.sent), w.Start.Format(time.RFC3339), w.End.Format(time.RFC3339))
}

// checkSize fails a pinned window that holds more records than one may
// (maxRecords), before anything of it is delivered: from the first page's
// totalCount where the API sends one, else, when the chain goes on past the
// first page, from a count query (one request more, for a window of several
// pages only).
func (s *Stream) checkSize(ctx context.Context, w Window, first *client.Page, src pageSource) error {
	if s.spec.Order != NewestFirst || s.window <= minWindow {
		return nil
	}
	total := first.TotalCount
	if total == nil && first.NextLink != "" && s.spec.CountQuery != nil {
		n, err := src.count(ctx)
		if err != nil {
			return err
		}
		total = &n
	}
	if total != nil && *total > s.maxRecords {
		return fmt.Errorf("%w: %d matches in [%s, %s)", errWindowTooLarge, *total,
			w.Start.Format(time.RFC3339), w.End.Format(time.RFC3339))
	}
	return nil
}

// deliverPage translates a page, drops what is out of the window or was
// delivered already, and hands the rest to the pipeline. A page is all or
// nothing: an item that cannot be translated fails the page before anything
// of it is consumed, and nothing of it counts as delivered until the
// pipeline accepted it. It reports whether the page held an item older than
// the window (which only an endpoint without a time range returns).
func (s *Stream) deliverPage(ctx context.Context, ps *pass, page *client.Page, w Window) (older bool, _ error) {
	logs, records := s.newBatch()
	records.EnsureCapacity(len(page.Items))

	observed := s.set.Now()
	keep := make([]bool, 0, len(page.Items))
	accepted := make([]translate.Meta, 0, len(page.Items))
	// Unique keys kept from this page, so an item repeated on it is dropped
	// (content hashes repeat by right).
	onPage := make(map[string]struct{}, len(page.Items))
	duplicates := 0
	for i, item := range page.Items {
		meta, err := s.spec.Translator.Translate(item, observed, records.AppendEmpty())
		if err != nil {
			return false, fmt.Errorf("item %d of the page: %w", i, err)
		}
		_, repeated := onPage[meta.Key]
		kept := false
		switch {
		case meta.Cursor.Before(w.Start): // delivered with an earlier window
			older = true
		case !meta.Cursor.Before(w.End): // belongs to a later window
		case repeated || ps.skip(meta):
			duplicates++
		case s.spec.Follows != nil && s.spec.Follows.delivered(meta.Version):
			// The leader delivered this very state.
		default:
			kept = true
			accepted = append(accepted, meta)
			if !meta.Hashed {
				onPage[meta.Key] = struct{}{}
			}
		}
		keep = append(keep, kept)
	}
	s.telemetryRecords(OutcomeDuplicate, duplicates)
	i := 0
	records.RemoveIf(func(plog.LogRecord) bool { i++; return !keep[i-1] })

	if n := records.Len(); n > 0 {
		if err := s.consume(ctx, logs, n); err != nil {
			return false, err
		}
	}
	for _, m := range accepted {
		ps.delivered(m)
	}
	if s.late != nil {
		s.late.record(accepted, s.set.Clock.Now())
	}
	if s.spec.Announces != nil {
		s.spec.Announces.record(accepted)
	}
	if s.spec.Order == Ascending && s.progress.advanceWithin(accepted) {
		return older, s.commit(ctx)
	}
	return older, nil
}

func (s *Stream) commit(ctx context.Context) error {
	var versions map[string]int64
	if s.spec.Announces != nil {
		versions = s.spec.Announces.snapshot()
	}
	cp := s.progress.checkpoint(s.set.Now(), versions)
	late, ops := s.lateOps()
	cp.Late = late
	if err := s.set.Store.SaveWith(ctx, s.spec.Name, cp, ops...); err != nil {
		return fmt.Errorf("%w: %w", errStorage, err)
	}
	s.lateCommitted(late)
	s.publishWatermark()
	return nil
}
