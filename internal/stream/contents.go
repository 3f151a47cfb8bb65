package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// Contents makes each listed item a container of records, read from a
// stream of its own: a data pipeline package, whose body is gzip of JSON
// lines. The listed item is never emitted; its lines are, in batches, so a
// package of any size is never held whole. A package counts as delivered
// (and an ascending stream commits past it) only after every line was
// accepted: a crash or a failed batch delivers the package again, whole; a
// truncated or corrupt body fails it and commits nothing of it.
type Contents struct {
	// Open starts the download of the package the listed item names (its
	// raw JSON and its Meta: Key is the package id). A 404 *client.APIError
	// means the package is gone: it is counted and skipped with a warning.
	Open func(ctx context.Context, listed []byte, meta translate.Meta) (io.ReadCloser, error)
	// Lines translates each line into a record.
	Lines *translate.Translator
	// Annotate, if set, adds attributes naming the package to each record.
	Annotate func(pkg translate.Meta, attrs pcommon.Map)
}

// PackageTelemetry, if the stream's Telemetry implements it, counts
// packages by outcome and the compressed bytes downloaded.
type PackageTelemetry interface {
	Package(stream, outcome string)
	Downloaded(stream string, bytes int64)
}

// Package outcomes reported to PackageTelemetry.
const (
	PackageDelivered = "delivered"
	PackageMissing   = "missing"
	PackageFailed    = "failed"
)

// contentsBatch is how many lines go to the pipeline at once: a page's worth.
const contentsBatch = 1000

// errCorruptPackage: a package body that is not complete gzip of lines.
var errCorruptPackage = errors.New("package body is truncated or corrupt")

// listedPackage is one item of a window's package list.
type listedPackage struct {
	raw  []byte
	meta translate.Meta
}

// readPackages reads a window of a package list: first the whole list (its
// items are small: an id and a time each), sorted by createdDateTime, since
// the API documents no order; then each package, oldest first, each one
// moving the checkpoint to its own second once delivered. A crash repeats
// at most the package in flight. The window completes when all were.
func (s *Stream) readPackages(ctx context.Context, w Window) error {
	req := client.Request{Stream: s.spec.Name, Path: s.path, Query: s.spec.Query(w), Header: s.spec.Header}
	ps := s.progress.newPass()
	page, err := s.set.Pager.FirstPage(ctx, req)
	if err != nil {
		return err
	}
	scratch := plog.NewLogRecord()
	var listed []listedPackage
	for pages := 1; ; pages++ {
		for i, item := range page.Items {
			meta, err := s.spec.Translator.Translate(item, s.set.Now(), scratch)
			if err != nil {
				return fmt.Errorf("item %d of page %d of the package list: %w", i, pages, err)
			}
			if !meta.Cursor.Before(w.Start) && meta.Cursor.Before(w.End) {
				listed = append(listed, listedPackage{item, meta})
			}
		}
		if page.NextLink == "" {
			break
		}
		if pages >= s.maxPages {
			return fmt.Errorf("%w: %d pages of packages in [%s, %s)", errEndlessChain, pages,
				w.Start.Format(time.RFC3339), w.End.Format(time.RFC3339))
		}
		if page, err = s.set.Pager.NextPage(ctx, req, page.NextLink); err != nil {
			return err
		}
	}
	slices.SortStableFunc(listed, func(a, b listedPackage) int {
		return cmp.Or(a.meta.Cursor.Compare(b.meta.Cursor), strings.Compare(a.meta.Key, b.meta.Key))
	})
	for _, p := range listed {
		if ps.skip(p.meta) { // delivered before: listed again, or committed
			continue
		}
		if err := s.deliverPackage(ctx, p.raw, p.meta); err != nil {
			s.telemetryPackage(PackageFailed, 0)
			return err
		}
		ps.delivered(p.meta)
		if s.progress.advanceWithin([]translate.Meta{p.meta}) {
			if err := s.commit(ctx); err != nil {
				return err
			}
		}
	}
	s.progress.complete(s.readableEnd(w))
	return s.commit(ctx)
}

// deliverPackage streams one package to the pipeline: gunzip, one record
// per line, batches of contentsBatch. It returns nil only when every line
// was accepted, or the package is gone (404).
func (s *Stream) deliverPackage(ctx context.Context, listed []byte, pkg translate.Meta) error {
	c := s.spec.Contents
	body, err := c.Open(ctx, listed, pkg)
	if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
		s.log.Warn("A listed package is gone (404): skipped, its records cannot be read",
			zap.String("package", pkg.Key), zap.Time("created", pkg.Cursor))
		s.telemetryPackage(PackageMissing, 0)
		return nil
	}
	if err != nil {
		return err
	}
	defer body.Close()
	counted := &countingReader{r: body}
	defer func() { s.telemetryPackage("", counted.n) }()
	zr, err := gzip.NewReader(counted)
	if err != nil {
		return fmt.Errorf("package %s: %w: %w", pkg.Key, errCorruptPackage, err)
	}
	lines := bufio.NewReaderSize(zr, 64<<10)
	observed := s.set.Now()
	logs, records := s.newBatch()
	for n := 1; ; n++ {
		line, readErr := lines.ReadBytes('\n')
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return fmt.Errorf("package %s: %w: %w", pkg.Key, errCorruptPackage, readErr)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			lr := records.AppendEmpty()
			if _, err := c.Lines.Translate(line, observed, lr); err != nil {
				return fmt.Errorf("package %s, line %d: %w", pkg.Key, n, err)
			}
			if c.Annotate != nil {
				c.Annotate(pkg, lr.Attributes())
			}
		}
		last := errors.Is(readErr, io.EOF)
		if records.Len() >= contentsBatch || last && records.Len() > 0 {
			if err := s.consume(ctx, logs, records.Len()); err != nil {
				return err
			}
			logs, records = s.newBatch()
		}
		if last {
			break
		}
	}
	s.telemetryPackage(PackageDelivered, 0)
	return nil
}

// newBatch returns an empty batch with the stream's resource and scope.
func (s *Stream) newBatch() (plog.Logs, plog.LogRecordSlice) {
	logs := plog.NewLogs()
	rl := logs.ResourceLogs().AppendEmpty()
	if s.set.Resource != nil {
		s.set.Resource(rl.Resource())
	}
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName(s.set.ScopeName)
	sl.Scope().SetVersion(s.set.ScopeVersion)
	return logs, sl.LogRecords()
}

// consume hands n records to the pipeline and counts the outcome.
func (s *Stream) consume(ctx context.Context, logs plog.Logs, n int) error {
	if err := s.set.Consumer.ConsumeLogs(ctx, logs); err != nil {
		s.telemetryRecords(OutcomeRefused, n)
		return fmt.Errorf("%w: %w", errConsumer, err)
	}
	s.telemetryRecords(OutcomeAccepted, n)
	return nil
}

// telemetryPackage counts a package outcome ("" for none) and bytes.
func (s *Stream) telemetryPackage(outcome string, bytes int64) {
	t, ok := s.set.Telemetry.(PackageTelemetry)
	if !ok {
		return
	}
	if outcome != "" {
		t.Package(s.spec.Name, outcome)
	}
	if bytes > 0 {
		t.Downloaded(s.spec.Name, bytes)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
