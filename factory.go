package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
)

// Defaults; each is documented in the README's configuration table.
const (
	defaultCollectionInterval = time.Minute
	defaultInitialLookback    = 24 * time.Hour
	defaultIngestionDelay     = 3 * time.Minute
	defaultMaxWindow          = time.Hour
	defaultRequestsPerMinute  = 300
	// The API answers 504 after 60 s (visionone-api.md §1.8): wait a little
	// longer so its own timeout, which says "shrink the window", wins.
	defaultHTTPTimeout = 75 * time.Second
	defaultOATPageSize = 200
	// Audit and OAT allow up to 200; search allows 5000 but such pages are
	// reported to time out, and peers cap at 1000 (visionone-api.md §4.1).
	defaultAuditPageSize  = 200
	defaultSearchPageSize = 1000
	defaultSearchQuery    = "*"
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
	http.Timeout = defaultHTTPTimeout
	stream := func(enabled bool) StreamConfig {
		return StreamConfig{
			Enabled:            enabled,
			CollectionInterval: defaultCollectionInterval,
			InitialLookback:    defaultInitialLookback,
		}
	}
	return &Config{
		ClientConfig:      http,
		IngestionDelay:    defaultIngestionDelay,
		MaxWindow:         defaultMaxWindow,
		RequestsPerMinute: defaultRequestsPerMinute,
		BackOff:           configretry.NewDefaultBackOffConfig(),
		BodyFormat:        BodyFormatMap,
		Workbench:         WorkbenchConfig{StreamConfig: stream(true)},
		OAT:               OATConfig{StreamConfig: stream(true), PageSize: defaultOATPageSize},
		Audit:             AuditConfig{StreamConfig: stream(true), PageSize: defaultAuditPageSize},
		Search:            SearchConfig{StreamConfig: stream(false), PageSize: defaultSearchPageSize},
	}
}

func createLogsReceiver(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
	return newVisionOneReceiver(set, cfg.(*Config), next)
}
