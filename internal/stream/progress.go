package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"maps"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// progress is what a stream has delivered: the committed checkpoint, and the
// keys the pipeline accepted from the current window onwards in this
// process.
//
// The checkpoint reads: every record whose cursor is before watermark was
// delivered, and so were the boundary keys, whose cursor is in watermark's
// own second. A query from watermark (inclusive, second precision) returns
// those again; skip drops them.
type progress struct {
	watermark time.Time
	boundary  map[string]int

	// sent holds the keys accepted in this process whose cursor is at or
	// after the watermark. It makes a restarted window (expired page token,
	// failed page, shrunk window) skip what it already delivered, and drops
	// items an API repeats across pages. Pruned whenever the watermark
	// moves; a pinned window is bounded in records (Stream.maxRecords), so
	// sent is too.
	sent map[string]sentKey
}

// sentKey is one key accepted in this process: the second of its cursor, and
// how many records carried it (more than one only for content hashes).
type sentKey struct {
	sec int64
	n   int
}

func newProgress(cp checkpoint.Checkpoint) *progress {
	p := &progress{watermark: cp.Watermark, boundary: maps.Clone(cp.Boundary), sent: map[string]sentKey{}}
	if p.boundary == nil {
		p.boundary = map[string]int{}
	}
	return p
}

// pass is the dedup state of one attempt at one window. The query starts at
// the watermark committed when the attempt began, so that second's boundary
// keys come back once; what earlier attempts delivered comes back too.
type pass struct {
	p         *progress
	watermark time.Time
	boundary  map[string]int
	// For content-hash keys, whose equal records are counted: mine counts
	// this attempt's deliveries, used the records it matched to deliveries
	// made before it. The n-th equal record is skipped only if n were
	// delivered before.
	mine, used map[string]int
}

func (p *progress) newPass() *pass {
	return &pass{p: p, watermark: p.watermark, boundary: maps.Clone(p.boundary), mine: map[string]int{}, used: map[string]int{}}
}

// skip reports whether an item was delivered already: by this process (sent)
// or, in the watermark's second, before the checkpoint was saved (boundary).
// The larger count wins, since the two overlap for what this process
// committed itself.
func (ps *pass) skip(m translate.Meta) bool {
	if !m.Hashed {
		return ps.p.sent[m.Key].n > 0 || ps.atWatermark(m) && ps.boundary[m.Key] > 0
	}
	before := ps.p.sent[m.Key].n - ps.mine[m.Key]
	if ps.atWatermark(m) {
		before = max(before, ps.boundary[m.Key])
	}
	if ps.used[m.Key] < before {
		ps.used[m.Key]++
		return true
	}
	return false
}

func (ps *pass) atWatermark(m translate.Meta) bool {
	return m.Cursor.Truncate(time.Second).Equal(ps.watermark)
}

// delivered records an item the pipeline accepted.
func (ps *pass) delivered(m translate.Meta) {
	k := ps.p.sent[m.Key]
	k.sec = m.Cursor.Unix()
	k.n++
	ps.p.sent[m.Key] = k
	if m.Hashed {
		ps.mine[m.Key]++
	}
}

// maxBoundaryCommit bounds what one commit writes: past this many keys in
// the watermark's second, an ascending stream commits again only when the
// watermark reaches a later second. The boundary of one second only grows
// while pages stay in it, so committing it after every page would write a
// busy second's keys over and over, the cost of a commit growing with the
// second (RELIABILITY.md); a crash in such a second repeats what it
// delivered since.
const maxBoundaryCommit = 1_000

// advanceWithin moves the watermark inside a window (ascending streams) to
// the latest second among accepted items, keeping the keys of that second as
// the boundary. Items of an earlier second than the watermark were delivered
// and change nothing. It reports whether the progress is worth a commit.
func (p *progress) advanceWithin(accepted []translate.Meta) bool {
	moved := false
	for _, m := range accepted {
		sec := m.Cursor.Truncate(time.Second).UTC()
		switch {
		case sec.After(p.watermark):
			p.watermark = sec
			p.boundary = map[string]int{m.Key: 1}
			moved = true
		case sec.Equal(p.watermark):
			p.boundary[m.Key]++
		}
	}
	if moved {
		p.prune()
	}
	return len(accepted) > 0 && (moved || len(p.boundary) <= maxBoundaryCommit)
}

// complete moves the watermark to the end of a window read in full. Items at
// or after end were not delivered (they belong to later windows), so the
// boundary is empty.
func (p *progress) complete(end time.Time) {
	p.watermark = end.UTC()
	p.boundary = map[string]int{}
	p.prune()
}

func (p *progress) prune() {
	wm := p.watermark.Unix()
	for key, k := range p.sent {
		if k.sec < wm {
			delete(p.sent, key)
		}
	}
}

func (p *progress) checkpoint(saved time.Time, versions map[string]int64) checkpoint.Checkpoint {
	return checkpoint.Checkpoint{Watermark: p.watermark, Boundary: maps.Clone(p.boundary), Versions: versions, Saved: saved}
}
