package simulator

import (
	"cmp"
	"slices"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// view is one feed's records as seen at a snapshot instant.
type view struct {
	fs   *feedStore
	recs []record
	asOf int64 // Unix ms
	stop int64 // arrivals stop time, Unix ms; 0: none
}

func (v view) visible(r record) bool {
	return v.fs.ingestedMs(r) <= v.asOf && (v.stop == 0 || r.ms < v.stop)
}

func (v view) genRecord(i int32) gen.Record { return v.fs.genRecord(v.recs[i]) }

func (v view) item(i int32) map[string]any {
	return gen.Item(v.genRecord(i), time.UnixMilli(v.asOf).UTC())
}

// updatedMs is an item's latest version time as of the snapshot (a
// workbench alert's or case's updatedDateTime, a task's
// lastActionDateTime): its latest version at or before it, else its first
// (as gen.Item renders it).
func updatedMs(gr gen.Record, asOf int64) int64 {
	vs := gen.Versions(gr)
	if len(vs) == 0 {
		return gr.Time.UnixMilli()
	}
	cur := vs[0]
	for _, t := range vs[1:] {
		if t.UnixMilli() <= asOf {
			cur = t
		}
	}
	return cur.UnixMilli()
}

// selection says which records a query matches and in which order.
type selection struct {
	// ranges must all hold; none selects every visible record (an
	// endpoint without a time range, asrm.go).
	ranges []timeRange
	// filter keeps an item (rendered as of the snapshot); nil keeps all.
	filter itemFilter
	// order lists sort terms; nil means newest first by event time. Ties
	// are always broken by the record's key, so the order is total.
	order []orderKey
	// limit, if positive, is the most records a chain serves: those after
	// the first limit matches are left out (ECS sensor events, §6.1).
	limit int
}

// candidate is a record being matched, with what was rendered for it.
type candidate struct {
	i    int32
	item map[string]any
	key  string
}

// match returns the indices (into v.recs) of the records sel matches, in
// serving order.
func match(v view, sel selection) []int32 {
	lo, hi := eventRange(v.recs, v.fs.firstMs, v.asOf+1)
	for _, r := range sel.ranges {
		switch r.field {
		case fieldEvent:
			lo, hi = narrow(v.recs, lo, hi, r.from, r.to)
		case fieldIngested: // ms <= ingested <= ms + maxDelay
			lo, hi = narrow(v.recs, lo, hi, r.from-v.fs.maxDelayMs(), r.to)
		}
	}
	var cands []candidate
	for i := lo; i < hi; i++ {
		c := candidate{i: int32(i)}
		if v.visible(v.recs[i]) && v.keep(&c, sel) {
			if sel.order == nil {
				c.item = nil // not needed to sort; do not hold every item of a large search
			}
			cands = append(cands, c)
		}
	}
	if sel.order == nil {
		return newestFirst(v, cands)
	}
	// Sort pointers so that what a comparison renders is kept for the next.
	ptrs := make([]*candidate, len(cands))
	for i := range cands {
		ptrs[i] = &cands[i]
	}
	s := sorter{v: v, order: sel.order}
	slices.SortFunc(ptrs, s.compare)
	out := make([]int32, len(ptrs))
	for i, c := range ptrs {
		out[i] = c.i
	}
	return out
}

// narrow intersects the index range [lo, hi) with the event-time range [from, to).
func narrow(recs []record, lo, hi int, from, to int64) (int, int) {
	l, h := eventRange(recs, from, to)
	lo = max(lo, l)
	return lo, max(lo, min(hi, h))
}

// keep applies sel's ranges and filter to c, rendering its item if needed.
func (v view) keep(c *candidate, sel selection) bool {
	r := v.recs[c.i]
	for _, tr := range sel.ranges {
		var t int64
		switch tr.field {
		case fieldEvent:
			t = r.ms
		case fieldIngested:
			t = v.fs.ingestedMs(r)
		case fieldUpdated:
			t = updatedMs(v.genRecord(c.i), v.asOf)
		case fieldFirstInvestigated:
			var ok bool
			if t, ok = timeOf(v.itemOf(c)["firstInvestigatedDateTime"]); !ok {
				return false // optional field (§2.2): an alert without it is out of range
			}
		}
		if t < tr.from || t >= tr.to {
			return false
		}
	}
	return sel.filter == nil || sel.filter(v.itemOf(c))
}

func (v view) itemOf(c *candidate) map[string]any {
	if c.item == nil {
		c.item = v.item(c.i)
	}
	return c.item
}

func (v view) keyOf(c *candidate) string {
	if c.key == "" {
		c.key = gen.Key(v.genRecord(c.i))
	}
	return c.key
}

func timeOf(x any) (int64, bool) {
	s, ok := x.(string)
	if !ok {
		return 0, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UnixMilli(), err == nil
}

// newestFirst orders candidates (held in ascending event time) by event
// time descending, then key ascending. Keys are computed only for ties.
func newestFirst(v view, cands []candidate) []int32 {
	slices.Reverse(cands)
	for start := 0; start < len(cands); {
		end := start + 1
		for end < len(cands) && v.recs[cands[end].i].ms == v.recs[cands[start].i].ms {
			end++
		}
		if run := cands[start:end]; len(run) > 1 {
			for j := range run {
				v.keyOf(&run[j])
			}
			slices.SortFunc(run, func(a, b candidate) int { return cmp.Compare(a.key, b.key) })
		}
		start = end
	}
	out := make([]int32, len(cands))
	for i, c := range cands {
		out[i] = c.i
	}
	return out
}

// sorter compares candidates by orderBy terms (§2.1, §5.1), then by key.
type sorter struct {
	v     view
	order []orderKey
}

func (s sorter) compare(a, b *candidate) int {
	for _, k := range s.order {
		c := compareValues(k.field, s.value(a, k.field), s.value(b, k.field))
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(s.v.keyOf(a), s.v.keyOf(b))
}

// value returns the sort value of one field: times straight from the
// store, anything else from the rendered item.
func (s sorter) value(c *candidate, field string) any {
	r := s.v.recs[c.i]
	switch field {
	case "createdDateTime", "loggedDateTime", "detectedDateTime":
		return r.ms
	case "ingestedDateTime":
		return s.v.fs.ingestedMs(r)
	case "updatedDateTime", "lastActionDateTime": // the version time (cases, tasks)
		return updatedMs(s.v.genRecord(c.i), s.v.asOf)
	case "firstInvestigatedDateTime":
		if t, ok := timeOf(s.v.itemOf(c)[field]); ok {
			return t
		}
		return nil
	}
	return s.v.itemOf(c)[field]
}

// valueRanks order workbench severities and case priorities by meaning
// rather than spelling, least urgent first, so that `desc` lists the most
// urgent first (undocumented upstream; assumed).
var valueRanks = map[string]map[string]int{
	"severity": {"low": 1, "medium": 2, "high": 3, "critical": 4},
	"priority": {"P3": 1, "P2": 2, "P1": 3, "P0": 4},
}

// compareValues orders two item values: absent first, then numbers by
// value, strings lexically (severity and priority by rank).
func compareValues(field string, a, b any) int {
	if a == nil || b == nil {
		return cmp.Compare(boolInt(a != nil), boolInt(b != nil))
	}
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			return cmp.Compare(fa, fb)
		}
	}
	sa, sb := scalarString(a), scalarString(b)
	if rank := valueRanks[field]; rank != nil {
		if c := cmp.Compare(rank[sa], rank[sb]); c != 0 {
			return c
		}
	}
	return cmp.Compare(sa, sb)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
