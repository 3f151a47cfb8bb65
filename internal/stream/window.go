package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
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

// readWindow reads [start, end) page by page, hands every page to the
// pipeline, and commits the checkpoint as the stream's order allows. It
// returns nil only when the whole chain was read and accepted.
func (s *Stream) readWindow(ctx context.Context, start, end time.Time) error {
	req := client.Request{
		Stream: s.spec.Name,
		Path:   s.spec.Path,
		Query:  s.spec.Query(start, end),
		Header: s.spec.Header,
	}
	ps := s.progress.newPass()
	page, err := s.set.Pager.FirstPage(ctx, req)
	if err != nil {
		return err
	}
	if s.spec.Order == NewestFirst && page.TotalCount != nil && *page.TotalCount > s.maxRecords && s.window > minWindow {
		return fmt.Errorf("%w: %d matches in [%s, %s)", errWindowTooLarge, *page.TotalCount, start.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	for pages, empty := 1, 0; ; pages++ {
		if err := s.deliverPage(ctx, ps, page, end); err != nil {
			return err
		}
		if page.NextLink == "" {
			break
		}
		// A chain must end: empty pages that keep linking on, or more
		// pages than any window holds, are an API fault, not data.
		if empty = empty + 1; len(page.Items) > 0 {
			empty = 0
		}
		if empty >= maxEmptyPages || pages >= maxChainPages {
			return fmt.Errorf("%w: %d pages, the last %d empty, in [%s, %s)", errEndlessChain,
				pages, empty, start.Format(time.RFC3339), end.Format(time.RFC3339))
		}
		if page, err = s.set.Pager.NextPage(ctx, req, page.NextLink); err != nil {
			return err
		}
	}
	s.progress.complete(end)
	return s.commit(ctx)
}

// deliverPage translates a page, drops what is out of the window or was
// delivered already, and hands the rest to the pipeline. A page is all or
// nothing: an item that cannot be translated fails the page before anything
// of it is consumed.
func (s *Stream) deliverPage(ctx context.Context, ps *pass, page *client.Page, end time.Time) error {
	logs := plog.NewLogs()
	rl := logs.ResourceLogs().AppendEmpty()
	if s.set.Resource != nil {
		s.set.Resource(rl.Resource())
	}
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName(s.set.ScopeName)
	sl.Scope().SetVersion(s.set.ScopeVersion)
	records := sl.LogRecords()
	records.EnsureCapacity(len(page.Items))

	observed := s.set.Now()
	keep := make([]bool, 0, len(page.Items))
	keys := make([]string, 0, len(page.Items))
	cursors := make([]time.Time, 0, len(page.Items))
	duplicates := 0
	for i, item := range page.Items {
		meta, err := s.spec.Translator.Translate(item, observed, records.AppendEmpty())
		if err != nil {
			return fmt.Errorf("item %d of the page: %w", i, err)
		}
		switch {
		case !meta.Cursor.Before(end): // belongs to a later window
			keep = append(keep, false)
		case ps.skip(meta.Key, meta.Cursor):
			keep = append(keep, false)
			duplicates++
		case s.spec.Skip != nil && s.spec.Skip(meta):
			keep = append(keep, false)
		default:
			keep = append(keep, true)
			keys = append(keys, meta.Key)
			cursors = append(cursors, meta.Cursor)
			// Mark now, so an item repeated later on the same page is
			// dropped too; undone below if the pipeline refuses the page.
			s.progress.delivered(meta.Key, meta.Cursor)
		}
	}
	s.telemetryRecords(OutcomeDuplicate, duplicates)
	i := 0
	records.RemoveIf(func(plog.LogRecord) bool { i++; return !keep[i-1] })

	if n := records.Len(); n > 0 {
		if err := s.set.Consumer.ConsumeLogs(ctx, logs); err != nil {
			s.progress.undeliver(keys)
			s.telemetryRecords(OutcomeRefused, n)
			return fmt.Errorf("%w: %w", errConsumer, err)
		}
		s.telemetryRecords(OutcomeAccepted, n)
	}
	if s.spec.Order == Ascending && len(keys) > 0 {
		s.progress.advanceWithin(keys, cursors)
		return s.commit(ctx)
	}
	return nil
}

func (s *Stream) commit(ctx context.Context) error {
	if err := s.set.Store.Save(ctx, s.spec.Name, s.progress.checkpoint(s.set.Now())); err != nil {
		return fmt.Errorf("%w: %w", errStorage, err)
	}
	s.publishWatermark()
	return nil
}
