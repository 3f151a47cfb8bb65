package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// Late events (README, "Late events"). A stream windowed on the event's own
// time reads a window once its end is ingestion_delay old; an event the API
// makes visible later than that falls in a window already read. Such a
// stream keeps the keys it delivered within the horizon (a ledger, in
// chunks beside its checkpoint), and every Interval, once caught up, counts
// what the API now holds over the horizon: where it holds more than was
// delivered, it narrows the span down by halves (one count each) and
// re-reads the smallest, delivering only keys not delivered before. An
// endpoint with no count (no countOnly mode, no totalCount on its pages) is
// re-read instead, in bands at increasing ages.

// LateSpec turns reconciliation on for a stream.
type LateSpec struct {
	// Horizon is how late an event may become visible and still be
	// delivered; Interval how often the horizon is re-checked.
	Horizon, Interval time.Duration
	// ReportOnly counts and reports what is missing without reading it.
	ReportOnly bool
}

// LateTelemetry receives the reconciliation's counters; the stream's
// Telemetry may implement it.
type LateTelemetry interface {
	// Late counts records found late: recovered (delivered), or missed
	// (reported only, or found past the horizon).
	Late(stream, outcome string, n int)
	// Recheck counts one re-check request (a count or a re-read page).
	Recheck(stream string)
}

// Late outcomes.
const (
	LateRecovered = "recovered"
	LateMissed    = "missed"
)

const (
	// lateMargin: keys are kept this much past the horizon, so that a
	// re-check never counts a second whose keys were already pruned.
	lateMargin = time.Hour
	// lateSplitMin: a span with more records than delivered is halved down
	// to this, then re-read.
	lateSplitMin = time.Minute
	// lateRequestsPerCycle bounds one cycle's re-check requests: the rest
	// waits for the next cycle, so a live window waits at most these.
	lateRequestsPerCycle = 8
)

// lateBandAges are the ages at which an endpoint without a count is read
// again: each band of event time is re-read once as it passes each age.
var lateBandAges = []time.Duration{15 * time.Minute, time.Hour}

// lateState is a stream's reconciliation: its ledger and its work in hand.
type lateState struct {
	spec  LateSpec
	index checkpoint.Late
	// keys: delivered keys by hash with their cursor second and count;
	// pending: deliveries since the last commit, the next chunk.
	keys    map[uint64]lateEntry
	pending []lateRec
	// todo: spans found to hold more than was delivered, to narrow down or
	// re-read; explained: spans re-read that held nothing new (the API
	// counts what it does not serve), whose surplus is not chased again.
	todo      []lateSpan
	explained []lateSpan
	next      time.Time // when the horizon is re-checked next
	counted   int       // 0 unknown, 1 the endpoint counts, -1 it does not
	// reported: in report-only mode, the surplus already reported (the
	// tail's is in the index, so that a restart does not report it again).
	reported int
	// dropped are chunks of a ledger started over, deleted with the next
	// checkpoint.
	dropped []int64
}

// restart starts the ledger over at floor, for a checkpoint moved back
// (rewindIfAhead): what it held was delivered by windows the stream reads
// again, and would count twice.
func (l *lateState) restart(floor int64) {
	for _, c := range l.index.Chunks {
		l.dropped = append(l.dropped, c.Seq)
	}
	floor += (60 - floor%60) % 60
	l.index = checkpoint.Late{Floor: floor, Next: l.index.Next}
	l.keys = map[uint64]lateEntry{}
	l.pending = l.pending[:0]
	l.todo, l.explained, l.reported = nil, nil, 0
	l.next = time.Time{}
}

type lateEntry struct {
	sec int64
	n   int32
}

type lateRec struct {
	hash   uint64
	sec    int64
	hashed bool // a content key (Meta.Hashed): its deliveries are counted
}

// add counts a delivery in the ledger. A record keyed by its id is one
// record however often it was delivered (a crash re-delivers): counting it
// twice would hide a late record in the same span; equal records keyed by
// content are as many records as were delivered.
func (l *lateState) add(r lateRec) {
	e := l.keys[r.hash]
	e.sec = r.sec
	if e.n == 0 || r.hashed {
		e.n++
	}
	l.keys[r.hash] = e
}

// lateSpan is [from, to] in whole seconds, both included (the API's time
// ranges include their end second), and what the API counted in it.
type lateSpan struct {
	from, to int64
	n        int
}

func keyHash(key string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return h.Sum64()
}

// record adds delivered records to the ledger, those recent enough to be
// re-checked.
func (l *lateState) record(metas []translate.Meta, now time.Time) {
	oldest := now.Add(-l.spec.Horizon - lateMargin).Unix()
	for _, m := range metas {
		sec := m.Cursor.Unix()
		if sec < oldest || sec < l.index.Floor {
			continue
		}
		r := lateRec{keyHash(m.Key), sec, m.Hashed}
		l.add(r)
		l.pending = append(l.pending, r)
	}
}

// count is how many deliveries the ledger holds in sp.
func (l *lateState) count(from, to int64) int {
	n := 0
	for _, e := range l.keys {
		if e.sec >= from && e.sec <= to {
			n += int(e.n)
		}
	}
	return n
}

// held is how many deliveries the ledger knows of in [from, to]: keys, and
// for the minutes whose keys were pruned, their counts.
func (l *lateState) held(from, to int64) int { return l.count(from, to) + l.tailCount(from, to) }

// surplus is what the API holds in sp beyond what was delivered and what
// re-reads found unexplainable.
func (l *lateState) surplus(sp lateSpan) int {
	n := sp.n - l.held(sp.from, sp.to)
	for _, e := range l.explained {
		if e.from >= sp.from && e.to <= sp.to {
			n -= e.n
		}
	}
	return n
}

func encodeChunk(recs []lateRec) []byte {
	out := make([]byte, 0, len(recs)*14)
	for _, r := range recs {
		out = binary.LittleEndian.AppendUint64(out, r.hash)
		sec := r.sec << 1 // the low bit: a content key
		if r.hashed {
			sec |= 1
		}
		out = binary.AppendVarint(out, sec)
	}
	return out
}

func decodeChunk(raw []byte) ([]lateRec, error) {
	var out []lateRec
	for len(raw) > 0 {
		if len(raw) < 9 {
			return nil, errors.New("truncated chunk")
		}
		h := binary.LittleEndian.Uint64(raw)
		sec, n := binary.Varint(raw[8:])
		if n <= 0 {
			return nil, errors.New("bad chunk")
		}
		out = append(out, lateRec{h, sec >> 1, sec&1 == 1})
		raw = raw[8+n:]
	}
	return out, nil
}

// loadLate restores the ledger from the checkpoint's index. A first run
// (or a stream that did not reconcile before) starts it at the watermark:
// what was delivered before is not in it, so it is not re-checked.
func (s *Stream) loadLate(ctx context.Context, cp checkpoint.Checkpoint) error {
	l := &lateState{spec: *s.spec.Late, keys: map[uint64]lateEntry{}}
	if cp.Late == nil {
		floor := cp.Watermark.Unix()
		floor += (60 - floor%60) % 60 // whole minutes, as the tail is kept
		l.index = checkpoint.Late{Floor: floor}
		s.late = l
		return nil
	}
	l.index = *cp.Late
	l.index.Chunks = slices.Clone(cp.Late.Chunks)
	for _, c := range cp.Late.Chunks {
		raw, err := s.set.Store.Get(ctx, checkpoint.LateChunkKey(s.spec.Name, c.Seq))
		if err != nil {
			return fmt.Errorf("%w: read late-key chunk %d: %w", errStorage, c.Seq, err)
		}
		recs, err := decodeChunk(raw)
		if raw == nil || err != nil {
			// Without the chunk, what it held is unknown: nothing before
			// its newest record is re-checked.
			s.log.Warn("A chunk of delivered keys is missing or corrupted; late events before its time are not re-checked",
				zap.Int64("chunk", c.Seq), zap.Time("until", time.Unix(c.Newest, 0).UTC()))
			l.index.Floor = max(l.index.Floor, c.Newest+1)
			continue
		}
		for _, r := range recs {
			l.add(r)
		}
	}
	for h, e := range l.keys {
		if e.sec < l.index.Floor {
			delete(l.keys, h)
		}
	}
	s.late = l
	return nil
}

// lateOps returns the index the next checkpoint carries and the storage
// operations that go with it: the pending keys as a new chunk, and the
// chunks that left the horizon deleted.
func (s *Stream) lateOps() (*checkpoint.Late, []*storage.Operation) {
	l := s.late
	if l == nil {
		return nil, nil
	}
	idx := l.index
	idx.Chunks = slices.Clone(l.index.Chunks)
	var ops []*storage.Operation
	if len(l.pending) > 0 {
		newest := int64(0)
		for _, r := range l.pending {
			newest = max(newest, r.sec)
		}
		ops = append(ops, storage.SetOperation(checkpoint.LateChunkKey(s.spec.Name, idx.Next), encodeChunk(l.pending)))
		idx.Chunks = append(idx.Chunks, checkpoint.LateChunk{Seq: idx.Next, Newest: newest})
		idx.Next++
	}
	for _, seq := range l.dropped {
		ops = append(ops, storage.DeleteOperation(checkpoint.LateChunkKey(s.spec.Name, seq)))
	}
	oldest := s.set.Clock.Now().Add(-l.spec.Horizon - lateMargin).Unix()
	kept := idx.Chunks[:0]
	for _, c := range idx.Chunks {
		if c.Newest < oldest {
			ops = append(ops, storage.DeleteOperation(checkpoint.LateChunkKey(s.spec.Name, c.Seq)))
			continue
		}
		kept = append(kept, c)
	}
	idx.Chunks = kept
	return &idx, ops
}

// lateCommitted makes idx the ledger's index once the checkpoint carrying
// it was saved.
func (s *Stream) lateCommitted(idx *checkpoint.Late) {
	if s.late == nil || idx == nil {
		return
	}
	s.late.index = *idx
	s.late.pending = s.late.pending[:0]
	s.late.dropped = nil
}

// reconcile re-checks the horizon when due and works on what a re-check
// found, at most lateRequestsPerCycle requests a cycle. It runs when the
// stream has caught up; a failure is logged and tried again next cycle,
// never failing the stream's live windows.
func (s *Stream) reconcile(ctx context.Context) {
	l := s.late
	if l == nil {
		return
	}
	now := s.set.Clock.Now()
	if len(l.todo) == 0 && now.Before(l.next) {
		return
	}
	requests := 0
	err := s.reconcileSteps(ctx, now, &requests)
	switch {
	case ctx.Err() != nil:
	case err != nil:
		l.todo = nil // checked afresh next time
		s.log.Warn("Re-checking for late events failed; trying again next cycle", zap.Error(err))
	case len(l.todo) == 0:
		l.next = now.Add(l.spec.Interval)
	}
}

func (s *Stream) reconcileSteps(ctx context.Context, now time.Time, requests *int) error {
	l := s.late
	to := s.progress.watermark.Unix() - 1 // the last second delivered in full
	from := max(l.index.Floor, s.progress.watermark.Add(-l.spec.Horizon).Unix())
	if from > to {
		return nil
	}
	s.lateFloorUnix.Store(from)
	if len(l.todo) == 0 {
		// Keys a margin past the horizon are kept; older ones by the minute,
		// for one horizon more: the tail, where what the API holds beyond
		// them became visible later than the horizon.
		pruned := from - int64(lateMargin/time.Second)
		pruned -= pruned % 60
		l.prune(pruned)
		if l.counted == -1 {
			return s.rereadBands(ctx, now, to, requests)
		}
		tail := max(l.index.Floor, from-int64(l.spec.Horizon/time.Second))
		tail += (60 - tail%60) % 60
		if tail >= from {
			tail = from
		}
		// One count over the horizon and its tail: when nothing is late,
		// the whole re-check.
		n, ok, err := s.lateCount(ctx, tail, to, requests)
		switch {
		case err != nil:
			return err
		case !ok: // the endpoint has no count: found out just now
			return s.rereadBands(ctx, now, to, requests)
		}
		whole := lateSpan{tail, to, n}
		if l.surplus(whole) <= 0 {
			return nil
		}
		sp := whole
		if tail < from {
			nt, _, err := s.lateCount(ctx, tail, from-1, requests)
			if err != nil {
				return err
			}
			s.reportTail(lateSpan{tail, from - 1, nt})
			sp = lateSpan{from, to, n - nt}
		}
		if surplus := l.surplus(sp); surplus > 0 {
			if l.spec.ReportOnly {
				s.reportMissed(sp, surplus)
				return nil
			}
			l.todo = append(l.todo, sp)
		}
	}
	for len(l.todo) > 0 && *requests < lateRequestsPerCycle {
		sp := l.todo[len(l.todo)-1]
		l.todo = l.todo[:len(l.todo)-1]
		if l.surplus(sp) <= 0 {
			continue
		}
		if sp.to-sp.from+1 <= int64(lateSplitMin/time.Second) {
			if err := s.recoverSpan(ctx, sp, requests); err != nil {
				l.todo = append(l.todo, sp)
				return err
			}
			continue
		}
		mid := sp.from + (sp.to-sp.from+1)/2
		left, _, err := s.lateCount(ctx, sp.from, mid-1, requests)
		if err != nil {
			l.todo = append(l.todo, sp)
			return err
		}
		// Right first out: the older half is worked on first.
		l.todo = append(l.todo, lateSpan{mid, sp.to, sp.n - left}, lateSpan{sp.from, mid - 1, left})
	}
	return nil
}

// reportTail reports what the API holds in the tail, past the horizon,
// beyond what was delivered there: records that became visible later than
// the horizon, which are not read (their keys are gone). Each once.
func (s *Stream) reportTail(sp lateSpan) {
	l := s.late
	surplus := sp.n - l.held(sp.from, sp.to)
	if surplus <= l.index.Missed {
		l.index.Missed = max(surplus, 0)
		return
	}
	s.log.Warn("Records became visible later than late_events.horizon and were not delivered; raise "+
		"late_events.horizon to recover such records", zap.Int("records", surplus-l.index.Missed),
		zap.Time("from", time.Unix(sp.from, 0).UTC()), zap.Time("to", time.Unix(sp.to, 0).UTC()))
	if t, ok := s.set.Telemetry.(LateTelemetry); ok {
		t.Late(s.spec.Name, LateMissed, surplus-l.index.Missed)
	}
	l.index.Missed = surplus
}

// prune forgets the keys older than before (a whole minute), keeping how
// many each minute held for the tail check, and the tail older than a
// horizon before that.
func (l *lateState) prune(before int64) {
	if l.index.Tail == nil {
		l.index.Tail = map[int64]int{}
	}
	for h, e := range l.keys {
		if e.sec < before {
			l.index.Tail[e.sec-e.sec%60] += int(e.n)
			delete(l.keys, h)
		}
	}
	tailFrom := before - int64(l.spec.Horizon/time.Second)
	for m := range l.index.Tail {
		if m < tailFrom {
			delete(l.index.Tail, m)
		}
	}
	l.explained = slices.DeleteFunc(l.explained, func(e lateSpan) bool { return e.to < before })
}

// tailCount is how many deliveries the pruned minutes in [from, to] held.
func (l *lateState) tailCount(from, to int64) int {
	n := 0
	for m, c := range l.index.Tail {
		if m >= from && m <= to {
			n += c
		}
	}
	return n
}

// lateCount counts what the API holds in [from, to]: with the count query
// where the stream has one, else from the first page's totalCount. ok is
// false for an endpoint that has neither (it is re-read in bands instead).
func (s *Stream) lateCount(ctx context.Context, from, to int64, requests *int) (n int, ok bool, err error) {
	w := lateWindow(from, to)
	src := s.directSource(w)
	*requests++
	s.telemetryRecheck()
	if s.spec.CountQuery != nil {
		n, err := src.count(ctx)
		return n, err == nil, err
	}
	page, err := src.first(ctx)
	if err != nil {
		return 0, false, err
	}
	if page.TotalCount == nil {
		s.late.counted = -1
		return 0, false, nil
	}
	s.late.counted = 1
	return *page.TotalCount, true, nil
}

// lateWindow is the window whose query covers the seconds [from, to].
func lateWindow(from, to int64) Window {
	end := time.Unix(to, 0).UTC()
	return Window{Start: time.Unix(from, 0).UTC(), End: end, Now: end}
}

// rereadBands re-reads, for an endpoint without a count, the bands of event
// time that passed each of lateBandAges (and the horizon) since the last
// re-check.
func (s *Stream) rereadBands(ctx context.Context, now time.Time, to int64, requests *int) error {
	l := s.late
	// The first re-check reads an interval's bands: what lies before them
	// at the horizon's age is reached by the later bands at the horizon,
	// which sweep every time from here on (what is older than the horizon
	// already is not re-checked).
	last := l.index.Checked
	if last == 0 {
		last = now.Add(-l.spec.Interval).Unix()
	}
	last = max(last, l.index.Floor)
	for _, age := range append(slices.Clone(lateBandAges), l.spec.Horizon) {
		if age > l.spec.Horizon {
			continue
		}
		// From the last re-check's band on, even past the horizon's start
		// (the keys are kept a margin longer): bands leave no gap.
		band := lateSpan{from: max(l.index.Floor, last-int64(age/time.Second)), to: min(to, now.Unix()-int64(age/time.Second))}
		if band.from > band.to {
			continue
		}
		if err := s.recoverSpan(ctx, band, requests); err != nil {
			return err
		}
	}
	l.index.Checked = now.Unix()
	return nil
}

// recoverSpan re-reads sp and delivers what it holds that the ledger does
// not (a key delivered n times is skipped n times), then commits, so that
// the ledger's new keys are saved with the checkpoint.
func (s *Stream) recoverSpan(ctx context.Context, sp lateSpan, requests *int) error {
	l := s.late
	w := lateWindow(sp.from, sp.to)
	src := s.directSource(w)
	seen := map[uint64]int32{}
	recovered := 0
	page, err := src.first(ctx)
	*requests++
	s.telemetryRecheck()
	for pages := 1; ; pages++ {
		if err != nil {
			return err
		}
		n, err := s.deliverLate(ctx, page, sp, seen)
		if err != nil {
			return err
		}
		recovered += n
		if page.NextLink == "" || pages >= s.maxPages {
			break
		}
		page, err = src.next(ctx, page.NextLink)
		*requests++
		s.telemetryRecheck()
	}
	if recovered == 0 {
		if l.counted == 1 {
			l.explained = append(l.explained, lateSpan{sp.from, sp.to, l.surplus(sp)})
		}
		return nil
	}
	s.log.Info("Recovered records the API made visible late", zap.Int("records", recovered),
		zap.Time("from", time.Unix(sp.from, 0).UTC()), zap.Time("to", time.Unix(sp.to, 0).UTC()))
	if t, ok := s.set.Telemetry.(LateTelemetry); ok {
		t.Late(s.spec.Name, LateRecovered, recovered)
	}
	return s.commit(ctx)
}

// deliverLate hands the records of a re-read page that the ledger does not
// hold to the pipeline, all or nothing like deliverPage.
func (s *Stream) deliverLate(ctx context.Context, page *client.Page, sp lateSpan, seen map[uint64]int32) (int, error) {
	l := s.late
	logs, records := s.newBatch()
	observed := s.set.Now()
	var metas []translate.Meta
	keep := make([]bool, 0, len(page.Items))
	for i, item := range page.Items {
		meta, err := s.spec.Translator.Translate(item, observed, records.AppendEmpty())
		if err != nil {
			return 0, fmt.Errorf("item %d of a re-read page: %w", i, err)
		}
		sec := meta.Cursor.Unix()
		h := keyHash(meta.Key)
		kept := false
		if sec >= sp.from && sec <= sp.to {
			seen[h]++
			kept = seen[h] > l.keys[h].n
		}
		if kept {
			metas = append(metas, meta)
		}
		keep = append(keep, kept)
	}
	if len(metas) == 0 {
		return 0, nil
	}
	if l.spec.ReportOnly {
		// A band re-read in report mode (an endpoint without a count):
		// what it found is reported, not delivered, and kept in the ledger
		// so that the next band's re-read does not report it again.
		s.reportMissed(sp, l.reported+len(metas))
		l.record(metas, s.set.Clock.Now())
		return 0, nil
	}
	i := 0
	records.RemoveIf(func(plog.LogRecord) bool { i++; return !keep[i-1] })
	if err := s.consume(ctx, logs, len(metas)); err != nil {
		return 0, err
	}
	l.record(metas, s.set.Clock.Now())
	return len(metas), nil
}

// reportMissed says, in report-only mode, how many records the API holds
// over the horizon that were not delivered, once per increase.
func (s *Stream) reportMissed(sp lateSpan, surplus int) {
	l := s.late
	if surplus <= l.reported {
		return
	}
	s.log.Warn("The API holds records in spans already read that were never delivered: they became visible later "+
		"than ingestion_delay (late_events.mode is report, so they are not read)", zap.Int("records", surplus-l.reported),
		zap.Time("from", time.Unix(sp.from, 0).UTC()), zap.Time("to", time.Unix(sp.to, 0).UTC()))
	if t, ok := s.set.Telemetry.(LateTelemetry); ok {
		t.Late(s.spec.Name, LateMissed, surplus-l.reported)
	}
	l.reported = surplus
}

func (s *Stream) telemetryRecheck() {
	if t, ok := s.set.Telemetry.(LateTelemetry); ok {
		t.Recheck(s.spec.Name)
	}
}

// LateWatch is the oldest time the stream re-checks for late events; false
// when it does not reconcile.
func (s *Stream) LateWatch() (time.Time, bool) { return unixTime(s.lateFloorUnix.Load()) }
