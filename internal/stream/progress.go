package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"maps"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
)

// progress is what a stream has delivered: the committed checkpoint, and
// (for streams with unique keys) the keys delivered from the current window
// onwards in this process.
//
// The checkpoint reads: every record whose cursor is before watermark was
// delivered, and so were the boundary keys, whose cursor is in watermark's
// own second. A query from watermark (inclusive, second precision) returns
// those again; skip drops them.
type progress struct {
	watermark time.Time
	boundary  map[string]int

	// sent holds the keys delivered in this process whose cursor is at or
	// after the watermark, with their cursor second. It makes a restarted
	// window (expired page token, failed page, shrunk window) skip what it
	// already delivered, and drops items an API repeats across pages.
	// Pruned whenever the watermark moves, so it never outgrows one window.
	// Nil for streams whose keys are not unique (audit content hashes).
	sent map[string]time.Time
}

func newProgress(cp checkpoint.Checkpoint, uniqueKeys bool) *progress {
	p := &progress{watermark: cp.Watermark, boundary: maps.Clone(cp.Boundary)}
	if p.boundary == nil {
		p.boundary = map[string]int{}
	}
	if uniqueKeys {
		p.sent = map[string]time.Time{}
	}
	return p
}

// pass is the dedup state of one attempt at one window: the query starts at
// the watermark committed when the attempt began, so that second's boundary
// keys come back once. Their counts are consumed as items match, and every
// attempt starts from the committed counts again.
type pass struct {
	p         *progress
	watermark time.Time
	boundary  map[string]int
}

func (p *progress) newPass() *pass {
	return &pass{p: p, watermark: p.watermark, boundary: maps.Clone(p.boundary)}
}

// skip reports whether an item was delivered already.
func (ps *pass) skip(key string, cursor time.Time) bool {
	if ps.p.sent != nil {
		if _, ok := ps.p.sent[key]; ok {
			return true
		}
	}
	if cursor.Truncate(time.Second).Equal(ps.watermark) && ps.boundary[key] > 0 {
		ps.boundary[key]--
		return true
	}
	return false
}

// delivered records items the pipeline accepted.
func (p *progress) delivered(key string, cursor time.Time) {
	if p.sent != nil {
		p.sent[key] = cursor.Truncate(time.Second)
	}
}

// advanceWithin moves the watermark inside a window (ascending streams) to
// the latest second among accepted items, keeping the keys of that second as
// the boundary. Items of an earlier second than the watermark were delivered
// and change nothing.
func (p *progress) advanceWithin(keys []string, cursors []time.Time) {
	for i, key := range keys {
		sec := cursors[i].Truncate(time.Second).UTC()
		switch {
		case sec.After(p.watermark):
			p.watermark = sec
			p.boundary = map[string]int{key: 1}
		case sec.Equal(p.watermark):
			p.boundary[key]++
		}
	}
	p.prune()
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
	for key, sec := range p.sent {
		if sec.Before(p.watermark) {
			delete(p.sent, key)
		}
	}
}

func (p *progress) checkpoint(saved time.Time) checkpoint.Checkpoint {
	return checkpoint.Checkpoint{Watermark: p.watermark, Boundary: maps.Clone(p.boundary), Saved: saved}
}

// undeliver forgets keys whose page the pipeline refused.
func (p *progress) undeliver(keys []string) {
	for _, key := range keys {
		delete(p.sent, key)
	}
}
