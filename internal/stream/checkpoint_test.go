package stream

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/extension/xextension/storage"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// window is the one window the table reads: the hour before t0 (the
// stream's initial lookback), holding seven records in five seconds, some
// sharing a second, read in pages of two.
var (
	windowStart = t0.Add(-time.Hour)
	tableData   = []rec{
		{"r1", windowStart},                       // on the inclusive start second
		{"r2", windowStart.Add(10 * time.Minute)}, // r2, r3 share a second
		{"r3", windowStart.Add(10 * time.Minute)},
		{"r4", windowStart.Add(20 * time.Minute)},
		{"r5", windowStart.Add(30 * time.Minute)}, // r5, r6 share a second
		{"r6", windowStart.Add(30 * time.Minute)},
		{"r7", windowStart.Add(59 * time.Minute)},
		{"late", t0}, // on the end second: the next window's, never this one's
	}
)

// TestCheckpointTable is the delivery contract, per stream order: what is
// delivered and committed when a cycle fails at each point, and that a new
// stream resuming from the stored checkpoint (a restart) loses nothing and
// repeats no more than the stream order allows.
func TestCheckpointTable(t *testing.T) {
	type kindCase struct {
		name  string
		kind  *translate.Kind
		order Order
	}
	kinds := []kindCase{
		{"ascending (audit)", translate.AuditLog, Ascending},
		{"newest first (OAT)", translate.OATDetection, NewestFirst},
	}
	failPage := func(page int, err error) func(int, int, time.Time, time.Time) error {
		return func(_, p int, _, _ time.Time) error {
			if p == page {
				return err
			}
			return nil
		}
	}
	tests := []struct {
		name    string
		records []rec
		apiFail func(call, page int, start, end time.Time) error
		refuse  func(batch int) error
		// Expectations for the failing cycle, per order.
		wantDelivered map[Order][]string
		// wantWatermark: nil = no checkpoint stored.
		wantWatermark map[Order]*time.Time
		wantBoundary  map[Order][]string
		// wantResumeDuplicates: records the resumed stream delivers again.
		wantResumeDuplicates map[Order][]string
	}{
		{
			name:          "success",
			records:       tableData,
			wantDelivered: both([]string{"r1", "r2", "r3", "r4", "r5", "r6", "r7"}),
			wantWatermark: both(ptr(t0)),
		},
		{
			name:          "empty window",
			records:       nil,
			wantDelivered: both([]string(nil)),
			wantWatermark: both(ptr(t0)),
		},
		{
			name:          "API failure on the first page",
			records:       tableData,
			apiFail:       failPage(0, errAPIDown),
			wantDelivered: both([]string(nil)),
			wantWatermark: both[*time.Time](nil),
		},
		{
			name:    "partial chain then failure",
			records: tableData,
			apiFail: failPage(2, errAPIDown),
			wantDelivered: map[Order][]string{
				Ascending: {"r1", "r2", "r3", "r4"},
				// Newest first, the first page is [late, r7]: "late" sits on
				// the end second the API includes, and the stream drops it.
				NewestFirst: {"r7", "r5", "r6"},
			},
			wantWatermark: map[Order]*time.Time{
				Ascending:   ptr(windowStart.Add(20 * time.Minute)), // last second delivered
				NewestFirst: nil,                                    // pinned: nothing committed
			},
			wantBoundary: map[Order][]string{Ascending: {"r4"}},
			wantResumeDuplicates: map[Order][]string{
				NewestFirst: {"r7", "r5", "r6"}, // the one in-flight window
			},
		},
		{
			name:    "consumer failure mid-chain",
			records: tableData,
			refuse: func(batch int) error {
				if batch == 2 {
					return errors.New("exporter queue full")
				}
				return nil
			},
			wantDelivered: map[Order][]string{
				Ascending:   {"r1", "r2"},
				NewestFirst: {"r7"},
			},
			wantWatermark: map[Order]*time.Time{
				Ascending:   ptr(windowStart.Add(10 * time.Minute)),
				NewestFirst: nil,
			},
			// r2 was accepted, r3 (same second) was on the refused page.
			wantBoundary:         map[Order][]string{Ascending: {"r2"}},
			wantResumeDuplicates: map[Order][]string{NewestFirst: {"r7"}},
		},
	}
	for _, k := range kinds {
		for _, tt := range tests {
			t.Run(k.name+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				key := func(name string) string {
					for _, r := range tableData {
						if r.name == name {
							return keyOf(t, k.kind, r)
						}
					}
					t.Fatalf("no record %s", name)
					return ""
				}
				keys := func(names []string) []string {
					var out []string
					for _, n := range names {
						out = append(out, key(n))
					}
					return out
				}
				store := checkpoint.NewStore(checkpoint.NewMemoryClient())
				api := &fakeAPI{kind: k.kind, order: k.order, pageSize: 2, records: tt.records, fail: tt.apiFail}
				first := newTestStream(t, api, store, &sink{refuse: tt.refuse})
				first.Cycle(ctx)

				assert.ElementsMatch(t, keys(tt.wantDelivered[k.order]), first.sink.keys(), "delivered by the failing cycle")
				cp, found, err := store.Load(ctx, "test_stream")
				require.NoError(t, err)
				if want := tt.wantWatermark[k.order]; want == nil {
					assert.False(t, found, "no checkpoint may be committed (got %s)", cp.Watermark)
				} else {
					require.True(t, found, "a checkpoint must be committed")
					assert.Equal(t, want.UTC(), cp.Watermark)
					var wantBoundary map[string]int
					for _, n := range tt.wantBoundary[k.order] {
						if wantBoundary == nil {
							wantBoundary = map[string]int{}
						}
						wantBoundary[key(n)]++
					}
					assert.Equal(t, wantBoundary, cp.Boundary)
				}

				// Resume: a new stream (a restarted collector) on the same
				// storage, with a healthy API and pipeline.
				api.fail = nil
				resumed := newTestStream(t, api, store, &sink{})
				resumed.Cycle(ctx)
				all := append(first.sink.keys(), resumed.sink.keys()...)
				var want []string
				for _, r := range tt.records {
					if r.cursor.Before(t0) {
						want = append(want, key(r.name))
					}
				}
				assert.ElementsMatch(t, want, dedupe(all), "nothing lost across the restart")
				assert.ElementsMatch(t, keys(tt.wantResumeDuplicates[k.order]), duplicates(all), "duplicates only from the in-flight window")
				cp, found, err = store.Load(ctx, "test_stream")
				require.NoError(t, err)
				require.True(t, found)
				assert.Equal(t, t0, cp.Watermark, "caught up")
			})
		}
	}
}

// TestRetryInSameProcess: after a mid-chain failure, the same stream's next
// cycle delivers the rest without repeating anything, whatever the order.
func TestRetryInSameProcess(t *testing.T) {
	for _, k := range []struct {
		kind  *translate.Kind
		order Order
	}{{translate.AuditLog, Ascending}, {translate.OATDetection, NewestFirst}} {
		t.Run(fmt.Sprint(k.order), func(t *testing.T) {
			ctx := context.Background()
			calls := 0
			api := &fakeAPI{kind: k.kind, order: k.order, pageSize: 2, records: tableData,
				fail: func(_, page int, _, _ time.Time) error {
					if page == 3 && calls == 0 {
						calls++
						return errAPIDown
					}
					return nil
				}}
			s := newTestStream(t, api, checkpoint.NewStore(checkpoint.NewMemoryClient()), &sink{})
			s.Cycle(ctx)
			s.Cycle(ctx)
			assert.Len(t, s.sink.keys(), 7)
			assert.Empty(t, duplicates(s.sink.keys()))
		})
	}
}

func both[T any](v T) map[Order]T { return map[Order]T{Ascending: v, NewestFirst: v} }

func ptr(t time.Time) *time.Time { return &t }

func dedupe(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func duplicates(keys []string) []string {
	seen := map[string]int{}
	var out []string
	for _, k := range keys {
		seen[k]++
		if seen[k] == 2 {
			out = append(out, k)
		}
	}
	return out
}

// A corrupted checkpoint whose backup cannot be read for a moment is not a
// missing checkpoint: the stream retries the storage and resumes from the
// backup, instead of starting over from its initial lookback.
func TestCorruptCheckpointWithTransientStorageError(t *testing.T) {
	ctx := context.Background()
	mem := checkpoint.NewMemoryClient()
	store := checkpoint.NewStore(mem)
	resumeAt := t0.Add(-10 * time.Minute)
	require.NoError(t, store.Save(ctx, "test_stream", checkpoint.Checkpoint{Watermark: resumeAt}))
	require.NoError(t, store.Save(ctx, "test_stream", checkpoint.Checkpoint{Watermark: t0.Add(-5 * time.Minute)}))
	require.NoError(t, mem.Set(ctx, "checkpoint/test_stream", []byte("garbage")))

	flaky := checkpoint.NewStore(&failFirstGets{Client: mem, key: "checkpoint/test_stream.prev", n: 2})
	api := &fakeAPI{kind: translate.OATDetection, order: NewestFirst, pageSize: 10}
	var starts []time.Time
	api.fail = func(_, _ int, start, _ time.Time) error { starts = append(starts, start); return nil }
	s := newTestStream(t, api, flaky, &sink{}, func(spec *Spec, set *Settings) {
		spec.InitialLookback = 10 * 24 * time.Hour
		set.BackOff.InitialInterval = time.Millisecond
		set.BackOff.MaxInterval = time.Millisecond
	})
	s.Cycle(ctx)
	require.NotEmpty(t, starts)
	assert.Equal(t, resumeAt, starts[0], "resumed from the backup, not from 10 days back")
}

// failFirstGets fails the first n reads of key.
type failFirstGets struct {
	storage.Client
	key string
	n   int
}

func (f *failFirstGets) Get(ctx context.Context, key string) ([]byte, error) {
	if key == f.key && f.n > 0 {
		f.n--
		return nil, errors.New("storage busy")
	}
	return f.Client.Get(ctx, key)
}

// Many records in one second: an ascending stream's commits stay bounded
// (the boundary of a second only grows while pages stay in it), and a
// restart mid-second loses nothing.
func TestManyRecordsInOneSecond(t *testing.T) {
	ctx := context.Background()
	busy := windowStart.Add(30 * time.Minute)
	records := []rec{{"before", busy.Add(-time.Second)}}
	for i := range 5000 {
		records = append(records, rec{fmt.Sprintf("r%04d", i), busy})
	}
	records = append(records, rec{"after", busy.Add(time.Second)})
	failed := false
	api := &fakeAPI{kind: translate.AuditLog, order: Ascending, pageSize: 200, records: records,
		fail: func(_, page int, _, _ time.Time) error {
			if page == 20 && !failed { // inside the busy second
				failed = true
				return errAPIDown
			}
			return nil
		}}
	written := &countingClient{Client: checkpoint.NewMemoryClient()}
	store := checkpoint.NewStore(written)
	first := newTestStream(t, api, store, &sink{})
	first.Cycle(ctx)
	// A restart on the same storage finishes the window.
	resumed := newTestStream(t, api, store, &sink{})
	resumed.Cycle(ctx)

	all := append(first.sink.keys(), resumed.sink.keys()...)
	assert.Len(t, dedupe(all), len(records), "nothing lost")
	assert.LessOrEqual(t, len(all)-len(records), 20*200-maxBoundaryCommit, "repeats only from the busy second")
	// A key is 64 hex characters; a commit holds at most about
	// maxBoundaryCommit of them, and once past it the second stops being
	// written (committing every page wrote 12 MB here).
	const perKey = 80
	t.Logf("checkpoints written: %d bytes in all, the largest %d", written.total, written.largest)
	assert.Less(t, written.largest, (maxBoundaryCommit+200)*perKey, "largest checkpoint value (bytes)")
	assert.Less(t, written.total, 8*maxBoundaryCommit*perKey, "bytes written in all")
}

// countingClient measures what is written to storage.
type countingClient struct {
	storage.Client
	largest, total int
}

func (c *countingClient) Batch(ctx context.Context, ops ...*storage.Operation) error {
	for _, op := range ops {
		if op.Type == storage.Set {
			c.largest = max(c.largest, len(op.Value))
			c.total += len(op.Value)
		}
	}
	return c.Client.Batch(ctx, ops...)
}
