package trendmicrovisiononereceiver

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// The in-process tests run on the simulator's clock and poll far faster
// than a collector may (config.go's minCollectionInterval).
func init() { minCollectionInterval = time.Millisecond }

var (
	// simStart is the simulated "now" when a harness starts.
	simStart = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	// receiverID is the receiver's component ID in every harness.
	receiverID = component.NewIDWithName(metadata.Type, "tenant")
)

// harness runs the receiver against an in-process simulator whose clock the
// test moves, with a file-backed storage extension and an observed logger.
type harness struct {
	t       *testing.T
	sim     *simulator.Simulator
	srv     *httptest.Server
	cfg     *Config
	sink    *recordSink
	host    component.Host
	storage component.ID
	// storageDir holds the file-backed storage extension's files.
	storageDir string
	logs       *observer.ObservedLogs
	logger     *zap.Logger
	tel        *componenttest.Telemetry
	// skew is how far the receivers' clock runs ahead of the simulator's.
	skew atomicDuration
}

func newHarness(t *testing.T, opts simulator.Options) *harness {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = simulator.ManualClock(simStart)
	}
	if opts.Seed == 0 {
		opts.Seed = 7
	}
	if opts.History == 0 {
		opts.History = 6 * time.Hour
	}
	if opts.RateLimit == 0 {
		// Unlimited unless a test sets limits: a limited catch-up honours
		// Retry-After and waits out whole minutes.
		opts.RateLimit = -1
	}
	sim, err := simulator.New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)

	storageID := storagetest.NewStorageID("checkpoints")
	storageDir := t.TempDir()
	host := storagetest.NewStorageHost().WithFileBackedStorageExtension("checkpoints", storageDir)
	core, logs := observer.New(zapcore.DebugLevel)
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })

	cfg := createDefaultConfig().(*Config)
	cfg.Endpoint = srv.URL
	cfg.Token = simulator.DemoKey
	cfg.StorageID = &storageID
	cfg.IngestionDelay = 3 * time.Minute // above the simulator's 2 min ingestion delay
	for _, sec := range feeds.Registry {
		cfg.feed(sec.Key).InitialLookback = 2 * time.Hour
		if len(sec.PageSizes) > 0 {
			cfg.feed(sec.Key).PageSize = sec.PageSizes[0]
		}
	}
	cfg.RequestsPerMinute = 1_000_000
	cfg.BackOff.InitialInterval = time.Millisecond
	cfg.BackOff.MaxInterval = 10 * time.Millisecond
	return &harness{
		t: t, sim: sim, srv: srv, cfg: cfg, sink: &recordSink{}, host: host,
		storage: storageID, storageDir: storageDir, logs: logs, logger: zap.New(core), tel: tel,
	}
}

// newReceiver builds a receiver over the harness's simulator, sink and
// storage, on the simulator's clock.
func (h *harness) newReceiver() *visionOneReceiver {
	h.t.Helper()
	require.NoError(h.t, h.cfg.Validate())
	set := receivertest.NewNopSettings(metadata.Type)
	// A stable ID, as a collector config gives: storage clients are keyed
	// by it, so a restarted receiver finds its checkpoints.
	set.ID = receiverID
	set.Logger = h.logger
	set.TelemetrySettings = h.tel.NewTelemetrySettings()
	set.TelemetrySettings.Logger = h.logger
	r, err := newVisionOneReceiver(set, h.cfg, h.sink)
	require.NoError(h.t, err)
	r.now = func() time.Time { return h.sim.Now().Add(h.skew.load()) }
	return r
}

// openStreams builds the receiver's streams without starting goroutines,
// so a test can drive them cycle by cycle, and returns a function closing
// their storage client (a restarted receiver opens a new one on the same
// files). The client is closed at the end of the test at the latest.
func (h *harness) openStreams(next consumer.Logs) (map[string]*stream.Stream, func()) {
	h.t.Helper()
	return h.openStreamsAs(receiverID, next)
}

// openStreamsAs is openStreams for a receiver with its own component ID.
func (h *harness) openStreamsAs(id component.ID, next consumer.Logs) (map[string]*stream.Stream, func()) {
	h.t.Helper()
	r := h.newReceiver()
	r.set.ID = id
	if next != nil {
		r.next = next
	}
	ctx := context.Background()
	store, err := r.openStorage(ctx, h.host)
	require.NoError(h.t, err)
	r.storage = store
	var once sync.Once
	closeStore := func() { once.Do(func() { require.NoError(h.t, store.Close(ctx)) }) }
	h.t.Cleanup(closeStore)
	api, err := r.newAPIClient(ctx, h.host)
	require.NoError(h.t, err)
	list, err := r.buildStreams(api)
	require.NoError(h.t, err)
	out := map[string]*stream.Stream{}
	for _, s := range list {
		out[s.Name()] = s
	}
	return out, closeStore
}

// storedWatermark reads a stream's committed checkpoint from the storage
// files.
func (h *harness) storedWatermark(name string) (wm time.Time, found bool) {
	h.t.Helper()
	h.withCheckpoints(func(ctx context.Context, store *checkpoint.Store) {
		cp, ok, err := store.Load(ctx, name)
		require.NoError(h.t, err)
		wm, found = cp.Watermark, ok
	})
	return wm, found
}

// storeCheckpoint writes a stream's checkpoint into the storage files.
func (h *harness) storeCheckpoint(name string, cp checkpoint.Checkpoint) {
	h.t.Helper()
	h.withCheckpoints(func(ctx context.Context, store *checkpoint.Store) {
		require.NoError(h.t, store.Save(ctx, name, cp))
	})
}

// withCheckpoints runs f over the receiver's checkpoints in the storage
// files, through a client of its own. storagetest's file-backed client
// writes its file when closed: call this only while no other client is
// open.
func (h *harness) withCheckpoints(f func(context.Context, *checkpoint.Store)) {
	h.t.Helper()
	ctx := context.Background()
	ext := h.host.GetExtensions()[h.storage].(storage.Extension)
	c, err := ext.GetClient(ctx, component.KindReceiver, receiverID, "")
	require.NoError(h.t, err)
	defer func() { require.NoError(h.t, c.Close(ctx)) }()
	f(ctx, checkpoint.NewStore(c))
}

// assertNotInStorage checks that no storage file contains secret.
func (h *harness) assertNotInStorage(t *testing.T, secret string) {
	t.Helper()
	files := 0
	require.NoError(t, filepath.WalkDir(h.storageDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.NotContains(t, string(data), secret, path)
		files++
		return nil
	}))
	require.NotZero(t, files, "the storage wrote files to check")
}

// warmRateWindow makes one request to feed with the configured key, which
// opens the simulator's 60-second rate window for it.
func (h *harness) warmRateWindow(t *testing.T, feed simulator.Feed) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+"/v3.0/"+string(feed), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+string(h.cfg.Token))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
}

// counter sums a counter's points whose attributes include attrs.
func (h *harness) counter(name string, attrs ...attribute.KeyValue) int64 {
	h.t.Helper()
	m, err := h.tel.GetMetric("otelcol_" + name)
	if err != nil {
		return 0
	}
	sum, ok := m.Data.(metricdata.Sum[int64])
	require.True(h.t, ok, "%s is an int64 sum", name)
	var total int64
	for _, dp := range sum.DataPoints {
		match := true
		for _, kv := range attrs {
			if v, ok := dp.Attributes.Value(kv.Key); !ok || v != kv.Value {
				match = false
			}
		}
		if match {
			total += dp.Value
		}
	}
	return total
}

func (h *harness) windowCount(stream, outcome string) int64 {
	return h.counter("trendmicro_visionone_receiver_windows", attribute.String("stream", stream), attribute.String("outcome", outcome))
}

func (h *harness) rateLimited(stream string) int64 {
	return h.counter("trendmicro_visionone_receiver_rate_limited", attribute.String("stream", stream))
}

func (h *harness) retries(stream, reason string) int64 {
	return h.counter("trendmicro_visionone_receiver_retries", attribute.String("stream", stream), attribute.String("reason", reason))
}

// recordingServer stands for another host: it counts what reaches it.
type recordingServer struct {
	srv *httptest.Server
	n   atomic.Int64
}

func newRecordingServer(t *testing.T) *recordingServer {
	rs := &recordingServer{}
	rs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		rs.n.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(rs.srv.Close)
	return rs
}

func (rs *recordingServer) host() string { return strings.TrimPrefix(rs.srv.URL, "http://") }

func (rs *recordingServer) requests() int64 { return rs.n.Load() }

// atomicDuration is a duration shared between the test and a clock.
type atomicDuration struct{ v atomic.Int64 }

func (d *atomicDuration) load() time.Duration  { return time.Duration(d.v.Load()) }
func (d *atomicDuration) add(by time.Duration) { d.v.Add(int64(by)) }

// caughtUp reports whether every stream's watermark reached the live end.
func (h *harness) caughtUp(streams []*stream.Stream) bool {
	end := h.sim.Now().Add(-h.cfg.IngestionDelay).Truncate(time.Second)
	for _, s := range streams {
		if wm, ok := s.Watermark(); !ok || wm.Before(end) {
			return false
		}
	}
	return true
}

// truth is the simulator's ground truth for a feed and time field.
func (h *harness) truth(feed simulator.Feed, target string, start, end time.Time, versions bool) []string {
	h.t.Helper()
	keys, err := h.sim.GroundTruth(feed, target, start, end, versions)
	require.NoError(h.t, err)
	return keys
}

// recordSink keeps every accepted record's key by stream (the
// trendmicro.visionone.* event), and the largest batch it was handed.
type recordSink struct {
	mu       sync.Mutex
	byEvent  map[string][]string
	maxBatch int
	batches  int
	// refuse, when set, is asked about each batch (1-based) before it is
	// accepted.
	refuse func(batch int, ld plog.Logs) error
	// inspect, when set, sees each batch accepted.
	inspect func(ld plog.Logs)
}

func (s *recordSink) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func (s *recordSink) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches++
	if s.refuse != nil {
		if err := s.refuse(s.batches, ld); err != nil {
			return err
		}
	}
	if s.inspect != nil {
		s.inspect(ld)
	}
	if s.byEvent == nil {
		s.byEvent = map[string][]string{}
	}
	s.maxBatch = max(s.maxBatch, ld.LogRecordCount())
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				ev, _ := lr.Attributes().Get("event.name")
				name := ev.Str()
				if translate.IsUpdate(lr.Attributes()) {
					name += ".update"
				}
				uid, _ := lr.Attributes().Get("log.record.uid")
				s.byEvent[name] = append(s.byEvent[name], uid.Str())
			}
		}
	}
	return nil
}

func (s *recordSink) keys(event string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.byEvent[event]...)
}

func (s *recordSink) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, keys := range s.byEvent {
		n += len(keys)
	}
	return n
}

func sorted(keys []string) []string {
	out := append([]string(nil), keys...)
	sort.Strings(out)
	return out
}

// duplicateKeys lists keys present more than once.
func duplicateKeys(keys []string) []string {
	seen := map[string]int{}
	var out []string
	for _, k := range keys {
		if seen[k]++; seen[k] == 2 {
			out = append(out, k)
		}
	}
	return out
}
