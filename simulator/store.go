package simulator

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// The store decides which records exist and when: a pure function of (seed,
// feed, minute). Each UTC minute is a slot whose record count and record
// times come from a PCG stream seeded by hash(seed, feed) and the minute
// number, so two simulators with the same seed and rates agree on every
// minute they both hold, whenever they started. Records are materialised as
// 24-byte structs; items are rendered by gen only when served or filtered.

const (
	minuteMs = int64(time.Minute / time.Millisecond)
	dayMs    = int64(24 * time.Hour / time.Millisecond)
	// burstSize is the mean number of extra records in a burst (2..6), which
	// share one second so boundary-second deduplication gets exercised.
	burstMin, burstSpan = 2, 5
	burstMean           = burstMin + float64(burstSpan-1)/2
)

// record is one stored record. Kind is implicit (one store per feed).
type record struct {
	ms    int64  // event time, Unix milliseconds, at the feed's precision
	seed  uint64 // gen.Record.Seed
	delay uint32 // ingestion delay in ms (0 for a feed without)
	ord   uint32 // gen.Record.Ordinal: 1-based position within the UTC day
}

// feedStore holds one feed's records in event-time order (ties by seed).
type feedStore struct {
	kind      gen.Kind
	vis       visibility
	stream    uint64  // PCG stream seed for this feed
	perMinute float64 // mean records per minute
	burstProb float64 // chance that a minute carries a burst
	delayMin  int64   // ms
	delaySpan int64   // ms, delayMax - delayMin
	// lateShare (of 1<<20) of the records are late: visible lateSpan ms
	// past the delay range at most (Options.LateTails).
	lateShare uint64
	lateSpan  int64
	firstMs   int64 // history start: earlier records are not held
	// changeMin and changeMax: when the later changes of an item that
	// changes happen after its creation (gen.Record.ChangeMin/Max; zero for
	// the other feeds).
	changeMin, changeMax time.Duration
	// quirks renders the real-world shape quirks (gen.Record.Quirks).
	quirks bool
	// tokenEpoch is bumped by the expire-tokens fault on this feed: its
	// page tokens issued before are expired, the other feeds' are not.
	tokenEpoch atomic.Uint64

	mu      sync.Mutex
	recs    []record
	next    int64 // next minute slot to materialise
	day     int64 // UTC day of the last materialised slot
	dayOrds uint32
}

func newFeedStore(seed uint64, kind gen.Kind, perHour float64, delayMin, delayMax time.Duration, historyStart time.Time) *feedStore {
	sum := sha256.Sum256(binary.LittleEndian.AppendUint64([]byte(kind), seed))
	perMinute := max(perHour, 0) / 60
	// Bursts add records on top of the Poisson base; the base is lowered so
	// the mean rate stays what was configured.
	burstProb := min(0.02, perMinute*0.05)
	f := &feedStore{
		kind:      kind,
		vis:       feedByKind(kind).visibility,
		stream:    binary.LittleEndian.Uint64(sum[:8]),
		perMinute: perMinute - burstProb*burstMean,
		burstProb: burstProb,
		firstMs:   historyStart.UnixMilli(),
		next:      floorDiv(historyStart.UnixMilli(), minuteMs),
		day:       math.MinInt64,
	}
	if f.vis.delayed {
		f.delayMin = delayMin.Milliseconds()
		f.delaySpan = max(delayMax.Milliseconds()-f.delayMin, 0)
	}
	return f
}

// snapshot materialises every slot up to now's minute and returns the records
// held so far. The slice is append-only: callers may read it without a lock.
func (f *feedStore) snapshot(now time.Time) []record {
	last := floorDiv(now.UnixMilli(), minuteMs)
	f.mu.Lock()
	defer f.mu.Unlock()
	for ; f.next <= last; f.next++ {
		f.materialise(f.next)
	}
	return f.recs
}

func (f *feedStore) materialise(minute int64) {
	if day := floorDiv(minute*minuteMs, dayMs); day != f.day {
		f.day, f.dayOrds = day, 0
		// Ordinals count from the start of the UTC day, including slots
		// before the history start that are not held.
		for m := day * dayMs / minuteMs; m < minute; m++ {
			n, _, _ := f.slotHeader(f.slotRNG(m))
			f.dayOrds += uint32(n)
		}
	}
	for _, r := range f.slot(minute) {
		f.dayOrds++
		r.ord = f.dayOrds
		if r.ms >= f.firstMs {
			f.recs = append(f.recs, r)
		}
	}
}

func (f *feedStore) slotRNG(minute int64) *rand.Rand {
	return rand.New(rand.NewPCG(f.stream, uint64(minute)))
}

// slotHeader draws a slot's record count and burst second (-1: no burst).
// They are the stream's first draws, so counting a slot is cheap.
func (f *feedStore) slotHeader(rng *rand.Rand) (n, burst, burstSecond int) {
	n = poisson(rng, f.perMinute)
	burstSecond = -1
	if f.burstProb > 0 && rng.Float64() < f.burstProb {
		burst = burstMin + rng.IntN(burstSpan)
		burstSecond = rng.IntN(60)
	}
	return n + burst, burst, burstSecond
}

// slot generates one minute's records in (time, seed) order, without ordinals.
func (f *feedStore) slot(minute int64) []record {
	rng := f.slotRNG(minute)
	n, burst, burstSecond := f.slotHeader(rng)
	if n == 0 {
		return nil
	}
	recs := make([]record, n)
	for i := range recs {
		sec := burstSecond
		if i >= burst {
			sec = rng.IntN(60)
		}
		// Every draw is made whatever the feed and delay settings, so event
		// times and seeds do not depend on them.
		ms, seed, delay := rng.Int64N(1000), rng.Uint64(), rng.Uint64()
		ms -= ms % f.vis.precision.Milliseconds()
		recs[i] = record{
			ms:    minute*minuteMs + int64(sec)*1000 + ms,
			seed:  seed,
			delay: uint32(f.delayOf(delay)),
		}
	}
	sort.Slice(recs, func(i, j int) bool {
		if recs[i].ms != recs[j].ms {
			return recs[i].ms < recs[j].ms
		}
		return recs[i].seed < recs[j].seed
	})
	return recs
}

// ingestedMs is when r becomes visible: its ingestion time where items show
// it (whole seconds), else the instant of visibility (milliseconds; the
// event time for a feed without delay).
func (f *feedStore) ingestedMs(r record) int64 {
	t := r.ms + int64(r.delay)
	if f.vis.ingestionTime {
		t -= t % 1000
	}
	return t
}

// maxDelayMs bounds ingestedMs - ms, to turn ingestion ranges into event ranges.
func (f *feedStore) maxDelayMs() int64 { return f.delayMin + f.delaySpan + f.lateSpan }

// delayOf is a record's visibility delay (ms) from its delay draw. The tail
// is decided by the draw's high bits and placed by its middle ones, so a
// feed without a tail keeps exactly the delays it had, and every record's
// other draws are the same with a tail or without.
func (f *feedStore) delayOf(draw uint64) int64 {
	if f.lateShare > 0 && (draw>>44) < f.lateShare {
		return f.delayMin + f.delaySpan + 1 + int64((draw>>8)%uint64(f.lateSpan))
	}
	return f.delayMin + int64(draw%uint64(f.delaySpan+1))
}

// setLateTail gives the store a tail of late records. A feed visible at
// creation (workbench alerts, cases, tasks) has no delay range: its tail
// starts a millisecond after the event.
func (f *feedStore) setLateTail(lt LateTail) {
	if lt.Fraction <= 0 {
		return
	}
	f.lateShare = uint64(lt.Fraction * (1 << 20))
	f.lateSpan = max(lt.Max.Milliseconds()-(f.delayMin+f.delaySpan), 1)
}

func (f *feedStore) genRecord(r record) gen.Record {
	return gen.Record{
		Kind:      f.kind,
		Seed:      r.seed,
		Ordinal:   uint64(r.ord),
		Time:      time.UnixMilli(r.ms).UTC(),
		Ingested:  time.UnixMilli(f.ingestedMs(r)).UTC(),
		ChangeMin: f.changeMin,
		ChangeMax: f.changeMax,
		Quirks:    f.quirks,
	}
}

// eventRange returns the index range of recs whose event time is in [from, to).
func eventRange(recs []record, from, to int64) (lo, hi int) {
	lo = sort.Search(len(recs), func(i int) bool { return recs[i].ms >= from })
	hi = sort.Search(len(recs), func(i int) bool { return recs[i].ms >= to })
	return lo, max(lo, hi)
}

// poisson draws a Poisson count: Knuth's product method for small means, a
// rounded normal approximation above 30 where the product underflows.
func poisson(rng *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		return max(0, int(math.Round(mean+math.Sqrt(mean)*rng.NormFloat64())))
	}
	limit, p, n := math.Exp(-mean), rng.Float64(), 0
	for p > limit {
		p *= rng.Float64()
		n++
	}
	return n
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
