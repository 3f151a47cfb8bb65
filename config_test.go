package trendmicrovisiononereceiver

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/yamlprovider"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
)

func loadConfig(t *testing.T, id component.ID) (*Config, error) {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	sub, err := cm.Sub(id.String())
	require.NoError(t, err)
	cfg := createDefaultConfig().(*Config)
	if err := sub.Unmarshal(cfg); err != nil {
		return nil, err
	}
	return cfg, confmap.Validate(cfg)
}

func TestLoadConfig(t *testing.T) {
	t.Run("minimal", func(t *testing.T) {
		cfg, err := loadConfig(t, component.MustNewID("trendmicro_visionone"))
		require.NoError(t, err)
		want := createDefaultConfig().(*Config)
		want.Region = "us"
		want.Token = "my-api-key"
		assert.Equal(t, want, cfg)
	})

	t.Run("all settings", func(t *testing.T) {
		cfg, err := loadConfig(t, component.MustNewIDWithName("trendmicro_visionone", "all_settings"))
		require.NoError(t, err)
		storageID := component.MustNewIDWithName("file_storage", "vision_one")
		// The fields after the squashed HTTP settings are the ones
		// upstream #15985 would silently drop: check every one.
		assert.Equal(t, "https://api.eu.xdr.trendmicro.com", cfg.Endpoint)
		assert.Equal(t, 30*time.Second, cfg.Timeout)
		assert.Equal(t, "my-api-key", string(cfg.Token))
		assert.Equal(t, &storageID, cfg.StorageID)
		assert.Equal(t, 5*time.Minute, cfg.IngestionDelay)
		assert.Equal(t, 30*time.Minute, cfg.MaxWindow)
		assert.Equal(t, 120, cfg.RequestsPerMinute)
		assert.Equal(t, BodyFormatJSON, cfg.BodyFormat)
		assert.Equal(t, SchemaOCSF, cfg.Schema)
		assert.True(t, cfg.RawData)
		assert.Equal(t, 4, cfg.WindowsInFlight)
		assert.Equal(t, 16, cfg.PagesInFlight)
		assert.Equal(t, LateEventsConfig{Mode: LateReport, Horizon: 8 * time.Hour, Interval: 10 * time.Minute}, cfg.LateEvents)
		wantRetry := configretry.NewDefaultBackOffConfig()
		wantRetry.InitialInterval, wantRetry.MaxInterval, wantRetry.MaxElapsedTime = 2*time.Second, time.Minute, 10*time.Minute
		assert.Equal(t, wantRetry, cfg.BackOff)
		assert.Equal(t, &FeedConfig{
			StreamConfig: StreamConfig{Enabled: true, CollectionInterval: 2 * time.Minute, InitialLookback: 72 * time.Hour},
			Filter:       "severity eq 'high'",
			Updates:      true,
		}, cfg.feed("workbench"))
		assert.Equal(t, &FeedConfig{
			StreamConfig: StreamConfig{Enabled: true, CollectionInterval: 30 * time.Second, InitialLookback: time.Hour},
			Filter:       "(riskLevel eq 'high') or (riskLevel eq 'critical')",
			PageSize:     100,
		}, cfg.feed("oat"))
		assert.False(t, cfg.feed("audit").Enabled)
		assert.Equal(t, 200, cfg.feed("audit").PageSize, "untouched defaults stay")
		assert.Equal(t, &FeedConfig{
			StreamConfig: StreamConfig{Enabled: true, CollectionInterval: 5 * time.Minute, InitialLookback: 2 * time.Hour},
			PageSize:     5000,
			Members: map[string]MemberConfig{
				"detections":         {Filter: "*"},
				"endpointActivities": {Filter: `hostName:"web-01"`},
			},
		}, cfg.feed("search"))
		var names []string
		for _, f := range enabledMembers(feeds.Lookup("search"), cfg.feed("search")) {
			names = append(names, f.Name)
		}
		assert.Equal(t, []string{"detections", "endpointActivities"}, names)
	})
}

// TestUnknownKeysAreRejected: a misspelled key at any depth, or a value of
// the wrong type, fails the start with a message naming the key, instead of
// silently keeping a default.
func TestUnknownKeysAreRejected(t *testing.T) {
	tests := []struct {
		name string
		conf map[string]any
		key  string
	}{
		{"top level", map[string]any{"tokn": "x"}, "tokn"},
		{"next to the HTTP settings", map[string]any{"endpont": "http://localhost"}, "endpont"},
		{"inside tls", map[string]any{"tls": map[string]any{"insecure_skp_verify": true}}, "insecure_skp_verify"},
		{"retry", map[string]any{"retry_on_failure": map[string]any{"max_intervall": "1s"}}, "max_intervall"},
		{"log type", map[string]any{"oat": map[string]any{"page_sise": 50}}, "page_sise"},
		{"squashed stream settings", map[string]any{"audit": map[string]any{"colection_interval": "1m"}}, "colection_interval"},
		{"workbench", map[string]any{"workbench": map[string]any{"update": true}}, "update"},
		{"search source", map[string]any{"search": map[string]any{"sources": map[string]any{"detections": map[string]any{"qeury": "*"}}}}, "qeury"},
		{"bad duration", map[string]any{"oat": map[string]any{"collection_interval": "5 minutes"}}, "oat.collection_interval"},
		{"bad number", map[string]any{"audit": map[string]any{"page_size": "lots"}}, "audit.page_size"},
		{"a pipeline key elsewhere", map[string]any{"oat": map[string]any{"pipeline_id": "p1"}}, "pipeline_id"},
		{"OAT's risk levels on the Data Lake", map[string]any{"datalake_pipeline": map[string]any{"risk_levels": []any{"high"}}}, "risk_levels"},
		{"a group's pipeline id is its members'", map[string]any{"datalake_pipeline": map[string]any{"pipeline_id": "p1"}}, "pipeline_id"},
		{"no filter on a pipeline", map[string]any{"oat_pipeline": map[string]any{"filter": "x"}}, "filter"},
		{"no filter on a Data Lake source", map[string]any{"datalake_pipeline": map[string]any{"sources": map[string]any{
			"endpointActivities": map[string]any{"filter": "x"}}}}, "filter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			err := confmap.NewFromStringMap(tt.conf).Unmarshal(cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.key)
		})
	}
}

func TestValidate(t *testing.T) {
	valid := func() *Config {
		cfg := createDefaultConfig().(*Config)
		cfg.Region = "eu"
		cfg.Token = "key"
		return cfg
	}
	require.NoError(t, valid().Validate())

	tests := []struct {
		name     string
		mutate   func(*Config)
		sentinel error
		key      string
	}{
		{"no region nor endpoint", func(c *Config) { c.Region = "" }, errNoTarget, "region"},
		{"both region and endpoint", func(c *Config) { c.Endpoint = "https://x" }, errRegionAndEndpoint, "endpoint"},
		{"unknown region", func(c *Config) { c.Region = "mars" }, errUnknownRegion, "region"},
		{"endpoint without scheme", func(c *Config) { c.Region, c.Endpoint = "", "api.xdr.trendmicro.com" }, errBadEndpoint, "endpoint"},
		{"endpoint with a path", func(c *Config) { c.Region, c.Endpoint = "", "https://api.xdr.trendmicro.com/v3.0" }, errBadEndpoint, "endpoint"},
		{"endpoint with credentials", func(c *Config) { c.Region, c.Endpoint = "", "https://u:p@api.xdr.trendmicro.com" }, errBadEndpoint, "endpoint"},
		{"missing token", func(c *Config) { c.Token = "" }, errMissingToken, "token"},
		{"nothing enabled", func(c *Config) {
			c.feed("workbench").Enabled, c.feed("oat").Enabled, c.feed("audit").Enabled = false, false, false
		}, errNothingEnabled, "enable"},
		{"zero interval", func(c *Config) { c.feed("oat").CollectionInterval = 0 }, errIntervalTooShort, "oat.collection_interval"},
		{"interval below the minimum", func(c *Config) {
			c.feed("search").Enabled, c.feed("search").CollectionInterval = true, minCollectionInterval-1
		}, errIntervalTooShort, "search.collection_interval"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, errNegative, "timeout"},
		{"negative lookback", func(c *Config) { c.feed("audit").InitialLookback = -time.Hour }, errNegative, "audit.initial_lookback"},
		{"negative ingestion delay", func(c *Config) { c.IngestionDelay = -time.Second }, errNegative, "ingestion_delay"},
		{"tiny window", func(c *Config) { c.MaxWindow = time.Second }, errWindowBelowMinimum, "max_window"},
		{"fractional window", func(c *Config) { c.MaxWindow = 90*time.Second + 500*time.Millisecond }, errWindowFraction, "max_window"},
		{"no budget", func(c *Config) { c.RequestsPerMinute = 0 }, errNonPositive, "requests_per_minute"},
		{"no windows in flight", func(c *Config) { c.WindowsInFlight = 0 }, errNonPositive, "windows_in_flight"},
		{"no pages in flight", func(c *Config) { c.PagesInFlight = -1 }, errNonPositive, "pages_in_flight"},
		{"body format", func(c *Config) { c.BodyFormat = "xml" }, errBadBodyFormat, "body_format"},
		{"schema", func(c *Config) { c.Schema = "ecs" }, errBadSchema, "schema"},
		{"late mode", func(c *Config) { c.LateEvents.Mode = "on" }, errBadLateMode, "late_events.mode"},
		{"late horizon", func(c *Config) { c.LateEvents.Horizon = 30 * time.Second }, errLateHorizon, "late_events.horizon"},
		{"late interval", func(c *Config) { c.LateEvents.Interval = 5 * time.Hour }, errLateInterval, "late_events.interval"},
		{"raw data without OCSF", func(c *Config) { c.RawData = true }, errRawDataNeedsOCSF, "raw_data"},
		{"OAT top 1000 (rejected by the API)", func(c *Config) { c.feed("oat").PageSize = 1000 }, errBadPageSize, "oat.page_size"},
		{"audit top 500", func(c *Config) { c.feed("audit").PageSize = 500 }, errBadPageSize, "audit.page_size"},
		{"search top 200", func(c *Config) { c.feed("search").Enabled, c.feed("search").PageSize = true, 200 }, errBadPageSize, "search.page_size"},
		{"workbench filter too long", func(c *Config) { c.feed("workbench").Filter = strings.Repeat("x", 5001) }, errFilterTooLong, "workbench.filter"},
		{"OAT filter too long", func(c *Config) { c.feed("oat").Filter = strings.Repeat("x", 4001) }, errFilterTooLong, "oat.filter"},
		{"audit filter too long", func(c *Config) { c.feed("audit").Filter = strings.Repeat("x", 1025) }, errFilterTooLong, "audit.filter"},
		{"unknown search source", func(c *Config) {
			c.feed("search").Enabled, c.feed("search").Members = true, map[string]MemberConfig{"endpointActivity": {Filter: "*"}}
		}, errUnknownMember, "endpointActivity"},
		{"empty query", func(c *Config) {
			c.feed("search").Enabled, c.feed("search").Members = true, map[string]MemberConfig{"detections": {Filter: " "}}
		}, errEmptyQuery, "search.sources.detections.query"},
		{"query too long", func(c *Config) {
			c.feed("search").Enabled, c.feed("search").Members = true, map[string]MemberConfig{"detections": {Filter: strings.Repeat("x", 2049)}}
		}, errQueryTooLong, "search.sources.detections.query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid()
			tt.mutate(cfg)
			err := cfg.Validate()
			require.ErrorIs(t, err, tt.sentinel)
			assert.Contains(t, err.Error(), tt.key)
		})
	}
}

func TestValidateJoinsEveryError(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.feed("oat").PageSize = 7
	err := cfg.Validate()
	for _, sentinel := range []error{errNoTarget, errMissingToken, errBadPageSize} {
		assert.True(t, errors.Is(err, sentinel), "missing %v in %v", sentinel, err)
	}
}

func TestDisabledLogTypesAreNotValidated(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Region, cfg.Token = "us", "key"
	cfg.feed("search").PageSize = 3 // search is off by default
	require.NoError(t, cfg.Validate())
}

// TestTokenFromEnvironment goes through a real resolver, as the collector
// does, to show ${env:...} works and the key stays out of the printed config.
func TestTokenFromEnvironment(t *testing.T) {
	t.Setenv("VISIONONE_API_KEY", "secret-from-env")
	resolver, err := confmap.NewResolver(confmap.ResolverSettings{
		URIs: []string{"yaml:trendmicro_visionone: {region: us, token: '${env:VISIONONE_API_KEY}'}"},
		ProviderFactories: []confmap.ProviderFactory{
			yamlprovider.NewFactory(), envprovider.NewFactory(),
		},
	})
	require.NoError(t, err)
	conf, err := resolver.Resolve(context.Background())
	require.NoError(t, err)
	sub, err := conf.Sub("trendmicro_visionone")
	require.NoError(t, err)
	cfg := createDefaultConfig().(*Config)
	require.NoError(t, sub.Unmarshal(cfg))
	require.NoError(t, cfg.Validate())
	assert.Equal(t, "secret-from-env", string(cfg.Token))

	out := confmap.New()
	require.NoError(t, out.Marshal(cfg))
	assert.NotContains(t, fmt.Sprint(out.ToStringMap()), "secret-from-env")
}

// An unset variable in ${env:...} is the usual empty token: the error says
// so, since the collector resolved the name away before the receiver saw it.
func TestEmptyTokenFromUnsetVariable(t *testing.T) {
	resolver, err := confmap.NewResolver(confmap.ResolverSettings{
		URIs:              []string{"yaml:trendmicro_visionone: {region: us, token: '${env:VISIONONE_TEST_UNSET_KEY}'}"},
		ProviderFactories: []confmap.ProviderFactory{yamlprovider.NewFactory(), envprovider.NewFactory()},
	})
	require.NoError(t, err)
	conf, err := resolver.Resolve(context.Background())
	require.NoError(t, err)
	sub, err := conf.Sub("trendmicro_visionone")
	require.NoError(t, err)
	cfg := createDefaultConfig().(*Config)
	require.NoError(t, sub.Unmarshal(cfg))
	err = cfg.Validate()
	require.ErrorIs(t, err, errMissingToken)
	assert.Contains(t, err.Error(), "token: must be set")
	assert.Contains(t, err.Error(), "${env:...} variable", "the message names the usual cause")
}

// The pipelines' settings decode where their section takes them, and
// validate naming their key.
func TestPipelineSettings(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	require.NoError(t, confmap.NewFromStringMap(map[string]any{
		"region": "us", "token": "key",
		"oat_pipeline": map[string]any{"enabled": true, "risk_levels": []any{"high", "critical"}, "has_detail": false, "description": "siem-1"},
		"datalake_pipeline": map[string]any{"enabled": true, "sources": map[string]any{
			"endpointActivities": map[string]any{"pipeline_id": "dl-1"}, "detections": nil}},
	}).Unmarshal(cfg))
	oat, dl := cfg.feed("oat_pipeline"), cfg.feed("datalake_pipeline")
	assert.Equal(t, []string{"high", "critical"}, oat.RiskLevels)
	assert.False(t, oat.HasDetail)
	assert.Equal(t, "siem-1", oat.Description)
	assert.Equal(t, "dl-1", dl.Members["endpointActivities"].PipelineID)
	require.NoError(t, cfg.Validate())

	def := createDefaultConfig().(*Config)
	assert.Equal(t, feeds.RiskLevelNames, def.feed("oat_pipeline").RiskLevels, "every level by default")
	assert.True(t, def.feed("oat_pipeline").HasDetail)

	oat.RiskLevels = []string{"severe"}
	dl.Description = strings.Repeat("d", 4001)
	dl.Members["endpointActvities"] = MemberConfig{}
	err := cfg.Validate()
	require.ErrorIs(t, err, errBadRiskLevel)
	require.ErrorIs(t, err, errDescriptionTooLong)
	require.ErrorIs(t, err, errUnknownMember)
	for _, key := range []string{"oat_pipeline.risk_levels", "datalake_pipeline.description", "datalake_pipeline.sources.endpointActvities"} {
		assert.Contains(t, err.Error(), key)
	}
	oat.RiskLevels = nil
	require.ErrorIs(t, cfg.Validate(), errNoRiskLevels)
}

func TestFilterSyntaxNamesTheKey(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Region, cfg.Token = "us", "key"
	cfg.feed("oat").Filter = "(riskLevel eq 'high'"
	cfg.feed("search").Enabled = true
	cfg.feed("search").Members = map[string]MemberConfig{"endpointActivities": {Filter: `hostName:"web`}}
	err := cfg.Validate()
	require.ErrorIs(t, err, feeds.ErrFilterSyntax)
	assert.Contains(t, err.Error(), "oat.filter: syntax error")
	assert.Contains(t, err.Error(), "search.sources.endpointActivities.query: syntax error")
}
