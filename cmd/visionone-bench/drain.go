package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver/receivertest"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	visionone "github.com/otel-visionone/trendmicrovisiononereceiver"
)

// drain runs the receiver in this process into a consumer that only
// counts, until want records arrived, and reports what that cost.
func drain(ctx context.Context, cfgMap map[string]any, want int) (usage, error) {
	factory := visionone.NewFactory()
	cfg := factory.CreateDefaultConfig()
	if err := confmap.NewFromStringMap(cfgMap).Unmarshal(cfg); err != nil {
		return usage{}, err
	}
	reader := sdkmetric.NewManualReader()
	set := receivertest.NewNopSettings(factory.Type())
	set.ID = component.NewID(factory.Type())
	set.MeterProvider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))

	var got atomic.Int64
	done := make(chan struct{})
	count, err := consumer.NewLogs(func(_ context.Context, ld plog.Logs) error {
		if got.Add(int64(ld.LogRecordCount())) >= int64(want) {
			select {
			case <-done:
			default:
				close(done)
			}
		}
		return nil
	})
	if err != nil {
		return usage{}, err
	}
	rcv, err := factory.CreateLogs(ctx, set, cfg, count)
	if err != nil {
		return usage{}, err
	}

	cpu0, _ := selfCPU()
	start := time.Now()
	if err := rcv.Start(ctx, componenttest.NewNopHost()); err != nil {
		return usage{}, err
	}
	select {
	case <-done:
	case <-ctx.Done():
		_ = rcv.Shutdown(context.Background())
		return usage{}, fmt.Errorf("%d of %d records before the deadline: %w", got.Load(), want, ctx.Err())
	}
	elapsed := since(start)
	cpu, rss := selfCPU()
	u := usage{Records: int(got.Load()), Seconds: elapsed, CPU: cpu - cpu0, PeakRSS: rss}
	u.Windows = windowOutcomes(ctx, reader)
	return u, rcv.Shutdown(context.Background())
}

// windowOutcomes sums the receiver's windows counter by outcome.
func windowOutcomes(ctx context.Context, reader *sdkmetric.ManualReader) map[string]int64 {
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		return nil
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			sum, ok := m.Data.(metricdata.Sum[int64])
			if !ok || m.Name != "otelcol_trendmicro_visionone_receiver_windows" {
				continue
			}
			for _, dp := range sum.DataPoints {
				outcome, _ := dp.Attributes.Value("outcome")
				out[outcome.AsString()] += dp.Value
			}
		}
	}
	return out
}
