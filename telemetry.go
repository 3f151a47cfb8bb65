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

func (t streamTelemetry) Late(stream, outcome string, n int) {
	t.tb.TrendmicroVisiononeReceiverLateRecords.Add(context.Background(), int64(n), metric.WithAttributes(
		t.instance, attribute.String("stream", stream), attribute.String("outcome", outcome)))
}

func (t streamTelemetry) Recheck(stream string) {
	t.tb.TrendmicroVisiononeReceiverLateRechecks.Add(context.Background(), 1, metric.WithAttributes(
		t.instance, attribute.String("stream", stream)))
}

func (t streamTelemetry) Window(stream, outcome string) {
	t.tb.TrendmicroVisiononeReceiverWindows.Add(context.Background(), 1, metric.WithAttributes(
		t.instance, attribute.String("stream", stream), attribute.String("outcome", outcome)))
}

func (t streamTelemetry) Package(stream, outcome string) {
	t.tb.TrendmicroVisiononeReceiverPackages.Add(context.Background(), 1, metric.WithAttributes(
		t.instance, attribute.String("stream", stream), attribute.String("outcome", outcome)))
}

func (t streamTelemetry) Downloaded(stream string, bytes int64) {
	t.tb.TrendmicroVisiononeReceiverDownloadedBytes.Add(context.Background(), bytes, metric.WithAttributes(
		t.instance, attribute.String("stream", stream)))
}

var _ stream.PackageTelemetry = streamTelemetry{}

var _ client.Observer = clientTelemetry{}
