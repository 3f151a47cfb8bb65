package trendmicrovisiononereceiver

import (
	"context"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// simStart is the simulated "now" when a harness starts.
var simStart = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

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
	logs    *observer.ObservedLogs
	logger  *zap.Logger
	tel     *componenttest.Telemetry
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
	sim, err := simulator.New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)

	storageID := storagetest.NewStorageID("checkpoints")
	host := storagetest.NewStorageHost().WithFileBackedStorageExtension("checkpoints", t.TempDir())
	core, logs := observer.New(zapcore.DebugLevel)
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })

	cfg := createDefaultConfig().(*Config)
	cfg.Endpoint = srv.URL
	cfg.Token = simulator.DemoKey
	cfg.StorageID = &storageID
	cfg.IngestionDelay = 3 * time.Minute // above the simulator's 2 min ingestion delay
	cfg.Workbench.InitialLookback = 2 * time.Hour
	cfg.OAT.InitialLookback = 2 * time.Hour
	cfg.Audit.InitialLookback = 2 * time.Hour
	cfg.Search.InitialLookback = 2 * time.Hour
	cfg.OAT.PageSize = 50
	cfg.Audit.PageSize = 50
	cfg.Search.PageSize = 50
	cfg.RequestsPerMinute = 1_000_000
	cfg.BackOff.InitialInterval = time.Millisecond
	cfg.BackOff.MaxInterval = 10 * time.Millisecond
	return &harness{
		t: t, sim: sim, srv: srv, cfg: cfg, sink: &recordSink{}, host: host,
		storage: storageID, logs: logs, logger: zap.New(core), tel: tel,
	}
}

// newReceiver builds a receiver over the harness's simulator, sink and
// storage, on the simulator's clock.
func (h *harness) newReceiver() *visionOneReceiver {
	h.t.Helper()
	require.NoError(h.t, h.cfg.Validate())
	set := receivertest.NewNopSettings(metadata.Type)
	set.Logger = h.logger
	set.TelemetrySettings = h.tel.NewTelemetrySettings()
	set.TelemetrySettings.Logger = h.logger
	r, err := newVisionOneReceiver(set, h.cfg, h.sink)
	require.NoError(h.t, err)
	r.now = h.sim.Now
	return r
}

// streams builds the receiver's streams without starting goroutines, so a
// test can drive them cycle by cycle. The storage client is closed at the
// end of the test.
func (h *harness) streams(next consumer.Logs) map[string]*stream.Stream {
	h.t.Helper()
	r := h.newReceiver()
	if next != nil {
		r.next = next
	}
	ctx := context.Background()
	store, err := r.openStorage(ctx, h.host)
	require.NoError(h.t, err)
	r.storage = store
	h.t.Cleanup(func() { require.NoError(h.t, store.Close(ctx)) })
	api, err := r.newAPIClient(ctx, h.host)
	require.NoError(h.t, err)
	list, err := r.buildStreams(api)
	require.NoError(h.t, err)
	out := map[string]*stream.Stream{}
	for _, s := range list {
		out[s.Name()] = s
	}
	return out
}

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
	if s.byEvent == nil {
		s.byEvent = map[string][]string{}
	}
	s.maxBatch = max(s.maxBatch, ld.LogRecordCount())
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				ev, _ := lr.Attributes().Get("event.name")
				name := ev.Str()
				if up, ok := lr.Attributes().Get("trendmicro.visionone.alert.update"); ok && up.Bool() {
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
