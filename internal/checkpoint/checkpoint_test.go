package checkpoint

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/xextension/storage"
)

var (
	t1 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	t2 = t1.Add(time.Hour)
)

func TestSaveLoadRoundTrip(t *testing.T) {
	ctx := context.Background()
	store := NewStore(NewMemoryClient())

	_, found, err := store.Load(ctx, "oat_detections")
	require.NoError(t, err)
	assert.False(t, found, "nothing saved yet")

	want := Checkpoint{Watermark: t1, Boundary: map[string]int{"a": 1, "b": 2}, Saved: t2}
	require.NoError(t, store.Save(ctx, "oat_detections", want))
	got, found, err := store.Load(ctx, "oat_detections")
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, Version, got.Version)
	assert.True(t, got.Watermark.Equal(t1))
	assert.Equal(t, want.Boundary, got.Boundary)

	_, found, err = store.Load(ctx, "audit_logs")
	require.NoError(t, err)
	assert.False(t, found, "streams do not share checkpoints")
}

// TestCorruptionRecovery is the table of ways a stored checkpoint can go bad.
// Each case saves two good checkpoints, damages what is stored, then checks
// what a new Store over the same storage resumes from: never a watermark
// later than the last good one (that would skip records).
func TestCorruptionRecovery(t *testing.T) {
	first := Checkpoint{Watermark: t1, Boundary: map[string]int{"k1": 1}}
	second := Checkpoint{Watermark: t2}

	tests := []struct {
		name   string
		damage func(t *testing.T, c storage.Client)
		// flaky, if set, makes the resumed store's reads of this key fail
		// once: a storage error, to be retried, never "no checkpoint".
		flaky         string
		wantFound     bool
		wantWatermark time.Time
		wantCorrupt   bool
	}{
		{
			name:          "intact",
			damage:        func(*testing.T, storage.Client) {},
			wantFound:     true,
			wantWatermark: t2,
		},
		{
			name:          "current is not JSON: fall back to the previous checkpoint",
			damage:        set(currentKey("s"), `{"v":1,"watermark":"2026-11-20T11:0`),
			wantFound:     true,
			wantWatermark: t1,
			wantCorrupt:   true,
		},
		{
			name:          "current from a future version",
			damage:        set(currentKey("s"), `{"v":99,"watermark":"2026-11-20T11:00:00Z"}`),
			wantFound:     true,
			wantWatermark: t1,
			wantCorrupt:   true,
		},
		{
			name:          "current without watermark",
			damage:        set(currentKey("s"), `{"v":1}`),
			wantFound:     true,
			wantWatermark: t1,
			wantCorrupt:   true,
		},
		{
			name:          "current with a fractional watermark",
			damage:        set(currentKey("s"), `{"v":1,"watermark":"2026-11-20T11:00:00.5Z"}`),
			wantFound:     true,
			wantWatermark: t1,
			wantCorrupt:   true,
		},
		{
			name:          "current with a bad boundary count",
			damage:        set(currentKey("s"), `{"v":1,"watermark":"2026-11-20T11:00:00Z","boundary":{"x":0}}`),
			wantFound:     true,
			wantWatermark: t1,
			wantCorrupt:   true,
		},
		{
			name: "current and backup both corrupted: start over",
			damage: func(t *testing.T, c storage.Client) {
				set(currentKey("s"), "garbage")(t, c)
				set(backupKey("s"), "more garbage")(t, c)
			},
			wantFound:   false,
			wantCorrupt: true,
		},
		{
			name: "current corrupted and no backup",
			damage: func(t *testing.T, c storage.Client) {
				set(currentKey("s"), "garbage")(t, c)
				require.NoError(t, c.Delete(context.Background(), backupKey("s")))
			},
			wantFound:   false,
			wantCorrupt: true,
		},
		{
			name:          "current corrupted, reading the backup fails once",
			damage:        set(currentKey("s"), "garbage"),
			flaky:         backupKey("s"),
			wantFound:     true,
			wantWatermark: t1,
			wantCorrupt:   true,
		},
		{
			name:          "reading the current value fails once",
			flaky:         currentKey("s"),
			damage:        func(*testing.T, storage.Client) {},
			wantFound:     true,
			wantWatermark: t2,
		},
		{
			name: "backup corrupted, current fine",
			damage: func(t *testing.T, c storage.Client) {
				set(backupKey("s"), "garbage")(t, c)
			},
			wantFound:     true,
			wantWatermark: t2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			id := component.MustNewID("trendmicro_visionone")
			client := storagetest.NewFileBackedClient(component.KindReceiver, id, "", dir)
			store := NewStore(client)
			require.NoError(t, store.Save(ctx, "s", first))
			require.NoError(t, store.Save(ctx, "s", second))
			tt.damage(t, client)
			require.NoError(t, client.Close(ctx))

			// Resume: a new client and store over the same directory.
			resumed := storagetest.NewFileBackedClient(component.KindReceiver, id, "", dir)
			defer func() { require.NoError(t, resumed.Close(ctx)) }()
			store = NewStore(resumed)
			if tt.flaky != "" {
				store = NewStore(&failOnce{Client: resumed, key: tt.flaky})
				_, found, err := store.Load(ctx, "s")
				require.ErrorIs(t, err, errDown, "the storage error is reported")
				require.NotErrorIs(t, err, ErrCorrupt, "and not taken for corruption")
				require.False(t, found)
			}
			got, found, err := store.Load(ctx, "s")
			assert.Equal(t, tt.wantCorrupt, errors.Is(err, ErrCorrupt), "error: %v", err)
			require.Equal(t, tt.wantFound, found)
			if found {
				assert.True(t, got.Watermark.Equal(tt.wantWatermark), "resumed at %s", got.Watermark)
			}
			if err != nil {
				assert.Contains(t, err.Error(), "s", "the error names the stream")
			}
		})
	}
}

// A save after a corrupted current value must not push the good backup out.
func TestSaveOverCorruptedKeepsGoodBackup(t *testing.T) {
	ctx := context.Background()
	client := NewMemoryClient()
	store := NewStore(client)
	require.NoError(t, store.Save(ctx, "s", Checkpoint{Watermark: t1}))
	require.NoError(t, store.Save(ctx, "s", Checkpoint{Watermark: t2}))
	require.NoError(t, client.Set(ctx, currentKey("s"), []byte("garbage")))

	cp, found, err := store.Load(ctx, "s")
	require.ErrorIs(t, err, ErrCorrupt)
	require.True(t, found)
	require.True(t, cp.Watermark.Equal(t1))

	// The stream re-reads the window from t1 and saves t2 again; then the
	// new current is t2 and the backup t1 (not the garbage).
	require.NoError(t, store.Save(ctx, "s", Checkpoint{Watermark: t2}))
	prev, err := client.Get(ctx, backupKey("s"))
	require.NoError(t, err)
	backup, err := Decode(prev)
	require.NoError(t, err)
	assert.True(t, backup.Watermark.Equal(t1))
}

func TestStorageErrors(t *testing.T) {
	ctx := context.Background()
	store := NewStore(failingClient{})
	_, found, err := store.Load(ctx, "s")
	require.Error(t, err)
	assert.False(t, found)
	assert.NotErrorIs(t, err, ErrCorrupt, "a storage outage is not corruption")
	require.Error(t, store.Save(ctx, "s", Checkpoint{Watermark: t1}))
}

func TestMemoryClientHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewMemoryClient().Get(ctx, "k")
	require.ErrorIs(t, err, context.Canceled)
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"v":1,"watermark":"2026-11-20T10:00:00Z","boundary":{"a":1}}`))
	f.Add([]byte(`{"v":1,"watermark":"2026-11-20T10:00:00+02:00"}`))
	f.Add([]byte(`{"v":2}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		cp, err := Decode(raw)
		if err != nil {
			require.ErrorIs(t, err, ErrCorrupt)
			return
		}
		require.Equal(t, Version, cp.Version)
		require.False(t, cp.Watermark.IsZero())
		require.Zero(t, cp.Watermark.Nanosecond())
		require.Equal(t, time.UTC, cp.Watermark.Location())
		for k, n := range cp.Boundary {
			require.NotEmpty(t, k)
			require.Positive(t, n)
		}
	})
}

func set(key, value string) func(*testing.T, storage.Client) {
	return func(t *testing.T, c storage.Client) {
		require.NoError(t, c.Set(context.Background(), key, []byte(value)))
	}
}

type failingClient struct{}

var errDown = errors.New("disk on fire")

func (failingClient) Get(context.Context, string) ([]byte, error)        { return nil, errDown }
func (failingClient) Set(context.Context, string, []byte) error          { return errDown }
func (failingClient) Delete(context.Context, string) error               { return errDown }
func (failingClient) Batch(context.Context, ...*storage.Operation) error { return errDown }
func (failingClient) Close(context.Context) error                        { return nil }

// failOnce fails the first Get of key.
type failOnce struct {
	storage.Client
	key    string
	failed bool
}

func (f *failOnce) Get(ctx context.Context, key string) ([]byte, error) {
	if key == f.key && !f.failed {
		f.failed = true
		return nil, errDown
	}
	return f.Client.Get(ctx, key)
}

// Save refuses what Load would reject, rather than write a checkpoint that
// reads as corrupted.
func TestSaveRefusesWhatLoadRejects(t *testing.T) {
	ctx := context.Background()
	store := NewStore(NewMemoryClient())
	require.NoError(t, store.Save(ctx, "s", Checkpoint{Watermark: t1}))
	for _, cp := range []Checkpoint{
		{Watermark: t2.Add(500 * time.Millisecond)},
		{},
		{Watermark: t2, Boundary: map[string]int{"": 1}},
	} {
		require.ErrorIs(t, store.Save(ctx, "s", cp), ErrCorrupt)
	}
	got, found, err := store.Load(ctx, "s")
	require.NoError(t, err)
	require.True(t, found)
	assert.True(t, got.Watermark.Equal(t1), "nothing was written")
}
