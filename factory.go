package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"context"
	"slices"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
)

// Defaults; each is documented in the README's configuration table.
const (
	defaultCollectionInterval = time.Minute
	defaultInitialLookback    = 24 * time.Hour
	defaultIngestionDelay     = 3 * time.Minute
	defaultMaxWindow          = time.Hour
	defaultRequestsPerMinute  = 300
	defaultWindowsInFlight    = 32
	defaultLateHorizon        = 4 * time.Hour
	defaultLateInterval       = 5 * time.Minute
	defaultPagesInFlight      = 64
)

// NewFactory creates the factory of the Trend Vision One receiver.
func NewFactory() receiver.Factory {
	return receiver.NewFactory(
		metadata.Type,
		createDefaultConfig,
		receiver.WithLogs(createLogsReceiver, metadata.LogsStability),
	)
}

func createDefaultConfig() component.Config {
	http := confighttp.NewDefaultClientConfig()
	http.Timeout = client.DefaultTimeout
	sections := map[string]*FeedConfig{}
	for _, sec := range feeds.Registry {
		sections[sec.Key] = &FeedConfig{
			StreamConfig: StreamConfig{
				Enabled:            sec.Enabled,
				CollectionInterval: defaultCollectionInterval,
				InitialLookback:    defaultInitialLookback,
			},
			PageSize: sec.PageSize,
		}
		if sec.Pipeline != nil && sec.Pipeline.RiskLevels {
			sections[sec.Key].RiskLevels = slices.Clone(feeds.RiskLevelNames)
			sections[sec.Key].HasDetail = true
		}
	}
	return &Config{
		ClientConfig:      http,
		IngestionDelay:    defaultIngestionDelay,
		MaxWindow:         defaultMaxWindow,
		RequestsPerMinute: defaultRequestsPerMinute,
		WindowsInFlight:   defaultWindowsInFlight,
		LateEvents:        LateEventsConfig{Mode: LateReconcile, Horizon: defaultLateHorizon, Interval: defaultLateInterval},
		PagesInFlight:     defaultPagesInFlight,
		BackOff:           configretry.NewDefaultBackOffConfig(),
		BodyFormat:        BodyFormatMap,
		Schema:            SchemaRaw,
		Feeds:             sections,
	}
}

func createLogsReceiver(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
	return newVisionOneReceiver(set, cfg.(*Config), next)
}
