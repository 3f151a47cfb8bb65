package stream

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// lateCounts is a Telemetry that keeps the late-event counters.
type lateCounts struct {
	mu       sync.Mutex
	late     map[string]int
	rechecks int
}

func (c *lateCounts) Records(string, string, int) {}
func (c *lateCounts) Window(string, string)       {}
func (c *lateCounts) Rewound(string)              {}
func (c *lateCounts) Late(_, outcome string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.late == nil {
		c.late = map[string]int{}
	}
	c.late[outcome] += n
}
func (c *lateCounts) Recheck(string) { c.mu.Lock(); c.rechecks++; c.mu.Unlock() }

// lateAPI is a fake endpoint of event-time records over the last three
// hours, every fifth visible only 40 minutes after its own time (past the
// stream's ingestion delay of a minute), one of them only 2.5 hours after, past the horizon.
func lateAPI(kind *translate.Kind, order Order, now *time.Time) *fakeAPI {
	api := &fakeAPI{kind: kind, order: order, pageSize: 4, hidden: map[string]time.Time{}, clock: func() time.Time { return *now }}
	for i := range 90 {
		r := rec{fmt.Sprintf("r%03d", i), t0.Add(-3*time.Hour + time.Duration(i)*2*time.Minute + 7*time.Second)}
		api.records = append(api.records, r)
		if i%5 == 0 {
			api.hidden[r.name] = r.cursor.Add(40 * time.Minute)
		}
	}
	api.hidden["r001"] = api.records[1].cursor.Add(150 * time.Minute)
	return api
}

// lateStream is a stream over api reconciling with a 2 h horizon every
// 5 minutes, its clocks at *now.
func lateStream(t *testing.T, api *fakeAPI, store *checkpoint.Store, sk *sink, tel *lateCounts, now *time.Time, mutate ...func(*Spec, *Settings)) testStream {
	return newTestStream(t, api, store, sk, append([]func(*Spec, *Settings){func(spec *Spec, set *Settings) {
		spec.InitialLookback = 3 * time.Hour
		spec.Late = &LateSpec{Horizon: 2 * time.Hour, Interval: 5 * time.Minute}
		set.IngestionDelay = time.Minute
		set.Now = func() time.Time { return *now }
		set.Telemetry = tel
	}}, mutate...)...)
}

// The stream runs live for three hours of the API's time, a cycle a minute:
// every record that became visible within the horizon is delivered once,
// the one 2.5 hours late is reported missed, and a restart changes nothing.
func TestLateEventsRecoveredWithinTheHorizon(t *testing.T) {
	for _, c := range []struct {
		name  string
		kind  *translate.Kind
		order Order
		spec  func(*Spec, *Settings)
	}{
		{"counted by totalCount, oldest first", translate.AuditLog, Ascending, func(*Spec, *Settings) {}},
		{"counted by a count query, newest first", translate.OATDetection, NewestFirst, func(spec *Spec, _ *Settings) {
			spec.CountQuery = func(w Window) url.Values { return newTestQuery(w) }
		}},
		{"no count: re-read in bands", translate.OATDetection, NewestFirst, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := t0.Add(-3 * time.Hour)
			api := lateAPI(c.kind, c.order, &now)
			if c.spec == nil {
				api.noTotal = true
				c.spec = func(*Spec, *Settings) {}
			}
			store, sk, tel := newStore(), &sink{}, &lateCounts{}
			s := lateStream(t, api, store, sk, tel, &now, c.spec)
			for range 3 * 60 {
				now = now.Add(time.Minute)
				s.Cycle(context.Background())
			}
			// A restart half way through the next hours goes on reconciling
			// from the stored keys.
			s = lateStream(t, api, store, sk, tel, &now, c.spec)
			for range 3 * 60 {
				now = now.Add(time.Minute)
				s.Cycle(context.Background())
			}

			var want []string
			for _, r := range api.records {
				if r.name != "r001" {
					want = append(want, keyOf(t, api.kind, r))
				}
			}
			got := sk.keys()
			assert.Empty(t, duplicates(got), "nothing twice")
			assert.ElementsMatch(t, want, got, "every record visible within the horizon, once")
			assert.Equal(t, 18, tel.late[LateRecovered], "the late ones recovered, counted")
			if !api.noTotal {
				assert.Equal(t, 1, tel.late[LateMissed], "the one later than the horizon reported")
			}
		})
	}
}

// With nothing late, a re-check is one request per interval.
func TestLateEventsOverheadWhenNothingIsLate(t *testing.T) {
	now := t0.Add(-3 * time.Hour)
	api := lateAPI(translate.AuditLog, Ascending, &now)
	api.hidden = nil
	tel := &lateCounts{}
	s := lateStream(t, api, newStore(), &sink{}, tel, &now)
	for range 3 * 60 {
		now = now.Add(time.Minute)
		s.Cycle(context.Background())
	}
	assert.Zero(t, tel.late[LateRecovered])
	// 180 cycles, a re-check every 5 minutes; the tail check begins once
	// keys older than the horizon and its margin were pruned (never here).
	assert.Equal(t, 3*60/5, tel.rechecks)
}

// A refused recovery is tried again and delivers once; report-only mode
// counts what is missing and reads none of it.
func TestLateEventsRefusedAndReportOnly(t *testing.T) {
	t.Run("refused, then accepted", func(t *testing.T) {
		now := t0.Add(-3 * time.Hour)
		api := lateAPI(translate.AuditLog, Ascending, &now)
		refusing := false
		sk := &sink{refuse: func(int) error {
			if refusing {
				return errAPIDown
			}
			return nil
		}}
		tel := &lateCounts{}
		s := lateStream(t, api, newStore(), sk, tel, &now)
		for i := range 3 * 60 {
			now = now.Add(time.Minute)
			refusing = i%7 == 3
			s.Cycle(context.Background())
		}
		refusing = false
		for range 60 {
			now = now.Add(time.Minute)
			s.Cycle(context.Background())
		}
		assert.Empty(t, duplicates(sk.keys()))
		assert.Len(t, sk.keys(), len(api.records)-1)
	})
	for _, counted := range []bool{true, false} {
		t.Run(fmt.Sprintf("report only, counted %v", counted), func(t *testing.T) {
			now := t0.Add(-3 * time.Hour)
			api := lateAPI(translate.AuditLog, Ascending, &now)
			api.noTotal = !counted
			sk, tel := &sink{}, &lateCounts{}
			s := lateStream(t, api, newStore(), sk, tel, &now, func(spec *Spec, _ *Settings) { spec.Late.ReportOnly = true })
			for range 5 * 60 {
				now = now.Add(time.Minute)
				s.Cycle(context.Background())
			}
			require.Len(t, sk.keys(), len(api.records)-19, "the late ones not read")
			assert.Zero(t, tel.late[LateRecovered])
			if counted {
				assert.GreaterOrEqual(t, tel.late[LateMissed], 19, "each reported")
			} else {
				// Each once; the one later than the horizon is not seen: an
				// endpoint without a count has no tail to count.
				assert.Equal(t, 18, tel.late[LateMissed], "each within the horizon reported once")
			}
		})
	}
}

// A checkpoint found ahead of the API's clock is moved back (rewindIfAhead),
// and the ledger starts over with it: reconciliation goes on from the new
// watermark, not from the old one's time.
func TestLateEventsAfterARewoundCheckpoint(t *testing.T) {
	now := t0.Add(-3 * time.Hour)
	api := lateAPI(translate.AuditLog, Ascending, &now)
	store, sk, tel := newStore(), &sink{}, &lateCounts{}
	ahead := now.Add(5 * time.Hour)
	require.NoError(t, store.Save(context.Background(), "test_stream", checkpoint.Checkpoint{
		Watermark: ahead, Late: &checkpoint.Late{Floor: ahead.Unix(), Checked: ahead.Unix()},
	}))
	s := lateStream(t, api, store, sk, tel, &now)
	for range 4 * 60 {
		now = now.Add(time.Minute)
		s.Cycle(context.Background())
	}
	assert.Equal(t, 18, tel.late[LateRecovered], "the late ones recovered after the rewind")
	assert.Len(t, sk.keys(), len(api.records)-1)
	assert.Empty(t, duplicates(sk.keys()))
}

// A record keyed by its id counts once in the ledger however often it was
// delivered (a crash re-delivers; counted twice it would hide a late record
// of the same span), one keyed by content as often as delivered; both
// survive a chunk's round trip.
func TestLateLedgerCountsRecordsNotDeliveries(t *testing.T) {
	at := t0.Add(-time.Minute)
	for _, c := range []struct {
		name   string
		hashed bool
		want   int
	}{{"keyed by id", false, 1}, {"keyed by content", true, 2}} {
		t.Run(c.name, func(t *testing.T) {
			l := &lateState{spec: LateSpec{Horizon: time.Hour}, keys: map[uint64]lateEntry{}}
			m := translate.Meta{Key: "k", Cursor: at, Hashed: c.hashed}
			l.record([]translate.Meta{m, m}, t0)
			assert.Equal(t, c.want, l.count(at.Unix(), at.Unix()))
			recs, err := decodeChunk(encodeChunk(l.pending))
			require.NoError(t, err)
			restored := &lateState{keys: map[uint64]lateEntry{}}
			for _, r := range recs {
				restored.add(r)
			}
			assert.Equal(t, c.want, restored.count(at.Unix(), at.Unix()))
		})
	}
}
