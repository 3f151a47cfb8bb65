package trendmicrovisiononereceiver

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/metadata"
)

// TestStartFailsNamingTheKey: the mistakes only the start can see (they
// depend on the host or the file system) fail it with the key's name.
func TestStartFailsNamingTheKey(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"storage extension not in the host", func(c *Config) {
			id := component.MustNewID("file_storage")
			c.StorageID = &id
		}, `storage: extension "file_storage" not found`},
		{"CA file missing", func(c *Config) { c.TLS.CAFile = "/nonexistent/ca.pem" }, "tls: "},
		{"client certificate without its key", func(c *Config) { c.TLS.CertFile = "/nonexistent/cert.pem" }, "tls: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			cfg.Endpoint, cfg.Token = "http://127.0.0.1:9", "s3cr3t-api-key"
			tt.mutate(cfg)
			require.NoError(t, cfg.Validate())
			r, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
			require.NoError(t, err)
			err = r.Start(context.Background(), componenttest.NewNopHost())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "s3cr3t", "the token is in no error")
			require.NoError(t, r.Shutdown(context.Background()))
		})
	}
}

// An ingestion_delay of 0 is valid but loses late workbench and search
// events: the start says so.
func TestStartWarnsOfZeroIngestionDelay(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		warn   bool
	}{
		{"default delay", func(*Config) {}, false},
		{"zero delay, workbench on", func(c *Config) { c.IngestionDelay = 0 }, true},
		{"zero delay, search only", func(c *Config) {
			c.IngestionDelay = 0
			c.feed("workbench").Enabled, c.feed("oat").Enabled, c.feed("audit").Enabled, c.feed("search").Enabled = false, false, false, true
		}, true},
		{"zero delay, ingestion-time feeds only", func(c *Config) {
			c.IngestionDelay = 0
			c.feed("workbench").Enabled = false
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			cfg.Endpoint, cfg.Token = "http://127.0.0.1:9", "key"
			tt.mutate(cfg)
			require.NoError(t, cfg.Validate())
			core, logs := observer.New(zapcore.WarnLevel)
			set := receivertest.NewNopSettings(metadata.Type)
			set.Logger = zap.New(core)
			r, err := NewFactory().CreateLogs(context.Background(), set, cfg, consumertest.NewNop())
			require.NoError(t, err)
			require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
			require.NoError(t, r.Shutdown(context.Background()))
			warned := logs.FilterMessageSnippet("ingestion_delay is 0").Len()
			assert.Equal(t, tt.warn, warned == 1, "warnings: %d", warned)
		})
	}
}
