package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receiverhelper"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"
	"golang.org/x/time/rate"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
)

// keyExpiryWarning: warn when the API key expires sooner than this.
const keyExpiryWarning = 14 * 24 * time.Hour

// visionOneReceiver runs one goroutine per stream; they share the API
// client, its request budget and the checkpoint store.
type visionOneReceiver struct {
	cfg       *Config
	set       receiver.Settings
	next      consumer.Logs
	telemetry *metadata.TelemetryBuilder
	// now is the collector's clock; tests replace it. apiClock is the API's,
	// corrected by its Date headers, which the streams' windows follow.
	now      func() time.Time
	apiClock *stream.Clock
	// companyID is the key's cid claim ("" without one).
	companyID string

	cancel  context.CancelFunc
	running sync.WaitGroup
	storage storage.Client
	streams []*stream.Stream
}

func newVisionOneReceiver(set receiver.Settings, cfg *Config, next consumer.Logs) (*visionOneReceiver, error) {
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, fmt.Errorf("create telemetry: %w", err)
	}
	obsrep, err := receiverhelper.NewObsReport(receiverhelper.ObsReportSettings{
		ReceiverID: set.ID, Transport: "http", ReceiverCreateSettings: set,
	})
	if err != nil {
		return nil, fmt.Errorf("create receiver telemetry: %w", err)
	}
	r := &visionOneReceiver{cfg: cfg, set: set, next: observed(next, obsrep), telemetry: tb, now: time.Now}
	r.companyID, _ = client.TokenCompanyID(cfg.Token)
	r.apiClock = stream.NewClock(func() time.Time { return r.now() }, set.Logger)
	return r, nil
}

// observed reports every page handed to the pipeline as contrib receivers
// do (otelcol_receiver_accepted_log_records, ..._refused_log_records).
func observed(next consumer.Logs, obsrep *receiverhelper.ObsReport) consumer.Logs {
	// NewLogs fails only for a nil function.
	logs, _ := consumer.NewLogs(func(ctx context.Context, ld plog.Logs) error {
		ctx = obsrep.StartLogsOp(ctx)
		err := next.ConsumeLogs(ctx, ld)
		obsrep.EndLogsOp(ctx, "visionone", ld.LogRecordCount(), err)
		return err
	})
	return logs
}

// Start resolves storage and the HTTP client and starts the streams. It
// makes no request itself: network trouble is the streams' to retry and
// report, it never fails the collector's start.
func (r *visionOneReceiver) Start(ctx context.Context, host component.Host) error {
	store, err := r.openStorage(ctx, host)
	if err != nil {
		return err
	}
	r.storage = store
	api, err := r.newAPIClient(ctx, host)
	if err != nil {
		return err
	}
	if r.streams, err = r.buildStreams(api); err != nil {
		return err
	}
	r.warnRiskySettings()
	if err := r.registerGauges(); err != nil {
		return err
	}

	runCtx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	for _, s := range r.streams {
		r.running.Add(1)
		go func() {
			defer r.running.Done()
			s.Run(runCtx)
		}()
	}
	r.running.Add(1)
	go func() {
		defer r.running.Done()
		r.watchKey(runCtx, api)
	}()
	r.set.Logger.Info("Trend Vision One receiver started",
		zap.String("endpoint", r.cfg.apiEndpoint()), zap.Int("streams", len(r.streams)))
	return nil
}

// warnRiskySettings logs settings that are valid but lose data.
func (r *visionOneReceiver) warnRiskySettings() {
	if r.cfg.IngestionDelay > 0 {
		return
	}
	// Streams windowed on the event's own time miss what arrives late.
	var late []string
	for _, sec := range feeds.Registry {
		if fc := r.cfg.feed(sec.Key); fc.Enabled && !sec.Feeds[0].Ingestion {
			late = append(late, sec.Key)
		}
	}
	if len(late) > 0 {
		r.set.Logger.Warn("ingestion_delay is 0: records the API makes visible after their own time (seconds to "+
			"minutes later) fall in windows already read and are never delivered; set ingestion_delay to at least "+
			"1m (default 3m)", zap.Strings("log_types", late))
	}
}

// budgetMargin widens the budget's window beyond the API's 60 s: the API
// counts requests when they arrive, and two sent exactly 60 s apart can
// arrive closer. It costs 1/61 of the rate.
const budgetMargin = time.Second

// newBudget returns the request budget: at most perMinute requests in any
// 60-second window, which is how the API counts (docs/visionone-api.md §1.8),
// with budgetMargin to spare. A token bucket allows its burst plus a
// window's worth of its rate in a window, so the rate is what the window
// leaves after the burst. The burst is a second's worth: enough for the
// streams' first requests, small enough to lose little of the rate.
func newBudget(perMinute int) *rate.Limiter {
	burst := max(1, perMinute/60)
	// At least one request a window: with a burst of one, a token every
	// window still keeps a window to one request.
	perWindow := max(1, perMinute-burst)
	return rate.NewLimiter(rate.Limit(float64(perWindow)/(time.Minute+budgetMargin).Seconds()), burst)
}

// newAPIClient builds the API client with the request budget all streams
// share.
func (r *visionOneReceiver) newAPIClient(ctx context.Context, host component.Host) (*client.Client, error) {
	// ToClient's TLS errors name the file but not the key: load the TLS
	// settings first so a missing or bad file is reported under "tls".
	if _, err := r.cfg.TLS.LoadTLSConfig(ctx); err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	httpClient, err := r.cfg.ClientConfig.ToClient(ctx, host.GetExtensions(), r.set.TelemetrySettings)
	if err != nil {
		return nil, fmt.Errorf("create HTTP client: %w", err)
	}
	limiter := newBudget(r.cfg.RequestsPerMinute)
	api, err := client.New(client.Settings{
		Endpoint:   r.cfg.apiEndpoint(),
		Token:      r.cfg.Token,
		HTTPClient: httpClient,
		Limiter:    limiter,
		Retry:      r.cfg.BackOff,
		UserAgent:  "otelcol-trendmicro_visionone/" + r.set.BuildInfo.Version,
		Observer:   clientTelemetry{r.telemetry, instanceAttr(r.set.ID), r.apiClock},
		Logger:     r.set.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("create API client: %w", err)
	}
	return api, nil
}

// buildStreams creates one stream per enabled stream spec, over r.storage.
func (r *visionOneReceiver) buildStreams(api apiClient) ([]*stream.Stream, error) {
	specs, err := streamSpecs(r.cfg, api, r.set.ID, r.set.Logger)
	if err != nil {
		return nil, err
	}
	settings := stream.Settings{
		Pager:          api,
		Store:          checkpoint.NewStore(r.storage),
		Consumer:       r.next,
		Logger:         r.set.Logger,
		Telemetry:      streamTelemetry{r.telemetry, instanceAttr(r.set.ID)},
		Resource:       r.fillResource,
		ScopeName:      metadata.ScopeName,
		ScopeVersion:   r.set.BuildInfo.Version,
		IngestionDelay: r.cfg.IngestionDelay,
		MaxWindow:      r.cfg.MaxWindow,
		BackOff:        r.cfg.BackOff,
		Now:            r.now,
		Clock:          r.apiClock,
		// One slot pool for the receiver: pages_in_flight bounds them all.
		WindowsInFlight: r.cfg.WindowsInFlight,
		Slots:           stream.NewPageSlots(r.cfg.PagesInFlight),
	}
	streams := make([]*stream.Stream, 0, len(specs))
	for _, spec := range specs {
		streams = append(streams, stream.New(spec, settings))
	}
	return streams, nil
}

// Shutdown stops the streams and closes the storage client. A page being
// delivered is abandoned, its checkpoint not moved: it is read again later.
func (r *visionOneReceiver) Shutdown(ctx context.Context) error {
	if r.cancel != nil {
		r.cancel()
	}
	done := make(chan struct{})
	go func() { r.running.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	r.telemetry.Shutdown()
	if r.storage != nil {
		err = errors.Join(err, r.storage.Close(ctx))
	}
	return err
}

func (r *visionOneReceiver) openStorage(ctx context.Context, host component.Host) (storage.Client, error) {
	if r.cfg.StorageID == nil {
		r.set.Logger.Warn("No storage extension configured: checkpoints are kept in memory, so a restart reads again from initial_lookback. Set storage: file_storage to keep them.")
		return checkpoint.NewMemoryClient(), nil
	}
	ext, ok := host.GetExtensions()[*r.cfg.StorageID]
	if !ok {
		return nil, fmt.Errorf("storage: extension %q not found (is it listed under service::extensions?)", r.cfg.StorageID)
	}
	se, ok := ext.(storage.Extension)
	if !ok {
		return nil, fmt.Errorf("storage: extension %q is not a storage extension", r.cfg.StorageID)
	}
	c, err := se.GetClient(ctx, component.KindReceiver, r.set.ID, "")
	if err != nil {
		return nil, fmt.Errorf("storage: get a client from %q: %w", r.cfg.StorageID, err)
	}
	return c, nil
}

func (r *visionOneReceiver) fillResource(res pcommon.Resource) {
	attrs := res.Attributes()
	attrs.PutStr("trendmicro.visionone.instance", r.set.ID.String())
	if r.cfg.Region != "" {
		attrs.PutStr("trendmicro.visionone.region", r.cfg.Region)
	}
	// One company can hold keys in several regions: its id (the key's cid
	// claim) tells the tenants apart beside the region.
	if r.companyID != "" {
		attrs.PutStr("trendmicro.visionone.company_id", r.companyID)
	}
	if u, err := url.Parse(r.cfg.apiEndpoint()); err == nil {
		attrs.PutStr("server.address", u.Hostname())
	}
}

// watchKey probes the API once, so a rejected key is reported at start
// rather than only by the streams, and warns before the key expires.
func (r *visionOneReceiver) watchKey(ctx context.Context, api *client.Client) {
	log := r.set.Logger
	switch err := api.Ping(ctx, "healthcheck"); {
	case err == nil:
		log.Info("Connected to the Vision One API")
	case errors.Is(err, client.ErrUnauthorized), errors.Is(err, client.ErrForbidden):
		log.Error("The Vision One API rejected the API key; no log type can be read until it is fixed", zap.Error(err))
	case ctx.Err() == nil:
		log.Warn("Cannot reach the Vision One API yet; the streams keep retrying", zap.Error(err))
	}

	exp, ok := client.TokenExpiry(r.cfg.Token)
	if !ok {
		return
	}
	warned := false
	for {
		left := exp.Sub(r.now())
		if left < keyExpiryWarning && !warned {
			log.Warn("The Vision One API key expires soon: create a new one and update the configuration",
				zap.Time("expires", exp), zap.Stringer("left", left.Truncate(time.Minute)))
			warned = true
		}
		t := time.NewTimer(12 * time.Hour)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// registerGauges reports each stream's lag, last success and oldest span
// re-checked for late events, the offset of
// the API's clock, and the API key's remaining lifetime when the key carries
// an exp claim.
func (r *visionOneReceiver) registerGauges() error {
	tb := r.telemetry
	instance := instanceAttr(r.set.ID)
	err := tb.RegisterTrendmicroVisiononeReceiverWindowLagCallback(func(_ context.Context, o metric.Float64Observer) error {
		now := r.now()
		for _, s := range r.streams {
			if wm, ok := s.Watermark(); ok {
				o.Observe(now.Sub(wm).Seconds(), metric.WithAttributes(instance, attribute.String("stream", s.Name())))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tb.RegisterTrendmicroVisiononeReceiverLateWatchAgeCallback(func(_ context.Context, o metric.Float64Observer) error {
		now := r.now()
		for _, s := range r.streams {
			if since, ok := s.LateWatch(); ok {
				o.Observe(now.Sub(since).Seconds(), metric.WithAttributes(instance, attribute.String("stream", s.Name())))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tb.RegisterTrendmicroVisiononeReceiverLastSuccessCallback(func(_ context.Context, o metric.Int64Observer) error {
		for _, s := range r.streams {
			if t, ok := s.LastSuccess(); ok {
				o.Observe(t.Unix(), metric.WithAttributes(instance, attribute.String("stream", s.Name())))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tb.RegisterTrendmicroVisiononeReceiverClockOffsetCallback(func(_ context.Context, o metric.Float64Observer) error {
		if offset, ok := r.apiClock.Offset(); ok {
			o.Observe(offset.Seconds(), metric.WithAttributes(instance))
		}
		return nil
	})
	if err != nil {
		return err
	}
	exp, ok := client.TokenExpiry(r.cfg.Token)
	if !ok {
		return nil
	}
	return tb.RegisterTrendmicroVisiononeReceiverAPIKeyExpiryCallback(func(_ context.Context, o metric.Int64Observer) error {
		o.Observe(int64(exp.Sub(r.now())/time.Second), metric.WithAttributes(instance))
		return nil
	})
}
