package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
)

// instanceAttr names the receiver on every data point. Several receivers
// (tenants) share the collector's MeterProvider, and the collector's
// Prometheus endpoint does not tell their series apart by component: without
// it their streams' series collide and one tenant's lag hides another's.
func instanceAttr(id component.ID) attribute.KeyValue {
	return attribute.String("instance", id.String())
}

// clientTelemetry turns the API client's observations into metrics, and
// hands the API's Date headers to the streams' clock.
type clientTelemetry struct {
	tb       *metadata.TelemetryBuilder
	instance attribute.KeyValue
	clock    *stream.Clock
}

func (t clientTelemetry) ObserveServerTime(date time.Time) { t.clock.Observe(date) }

func (t clientTelemetry) ObserveRequest(stream string, status int) {
	ctx := context.Background()
	t.tb.TrendmicroVisiononeReceiverRequests.Add(ctx, 1, metric.WithAttributes(
		t.instance, attribute.String("stream", stream), attribute.Int("status_code", status)))
	if status == 429 {
		t.tb.TrendmicroVisiononeReceiverRateLimited.Add(ctx, 1, metric.WithAttributes(t.instance, attribute.String("stream", stream)))
	}
}

func (t clientTelemetry) ObserveRetry(stream, reason string) {
	t.tb.TrendmicroVisiononeReceiverRetries.Add(context.Background(), 1, metric.WithAttributes(
		t.instance, attribute.String("stream", stream), attribute.String("reason", reason)))
}

// streamTelemetry turns the streams' counters into metrics.
type streamTelemetry struct {
	tb       *metadata.TelemetryBuilder
	instance attribute.KeyValue
}

func (t streamTelemetry) Records(stream, outcome string, n int) {
	t.tb.TrendmicroVisiononeReceiverRecords.Add(context.Background(), int64(n), metric.WithAttributes(
		t.instance, attribute.String("stream", stream), attribute.String("outcome", outcome)))
}

func (t streamTelemetry) Rewound(stream string) {
	t.tb.TrendmicroVisiononeReceiverCheckpointRewinds.Add(context.Background(), 1, metric.WithAttributes(
		t.instance, attribute.String("stream", stream)))
}

func (t streamTelemetry) Window(stream, outcome string) {
	t.tb.TrendmicroVisiononeReceiverWindows.Add(context.Background(), 1, metric.WithAttributes(
		t.instance, attribute.String("stream", stream), attribute.String("outcome", outcome)))
}

var _ client.Observer = clientTelemetry{}

// registerGauges reports each stream's lag and last success, the offset of
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
