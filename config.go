package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/confmap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
)

// Body formats of the emitted log records.
const (
	BodyFormatMap  = "map"  // the item as a map, values typed as in the JSON
	BodyFormatJSON = "json" // the item's compact JSON text
)

// Search sources, as the API names them (/v3.0/search/<source>).
var searchSources = []string{
	"detections", "endpointActivities", "networkActivities", "emailActivities",
	"cloudActivities", "mobileActivities", "identityActivities", "containerActivities",
}

// Documented page sizes (visionone-api.md §3.1, §4.1, §5.1); others are
// rejected by the API, so they are rejected here, at start.
var (
	oatPageSizes    = []int{50, 100, 200}
	auditPageSizes  = []int{50, 100, 200}
	searchPageSizes = []int{50, 100, 500, 1000, 5000}
)

// Documented header length caps (visionone-api.md §1.3, §4.1).
const (
	maxWorkbenchFilter = 5000
	maxOATFilter       = 4000
	maxAuditFilter     = 1024
	maxSearchQuery     = 2048
)

// Config errors. Each names the key it is about; Validate joins them.
var (
	errNoTarget           = errors.New("one of region or endpoint must be set")
	errRegionAndEndpoint  = errors.New("region and endpoint are mutually exclusive: set one")
	errUnknownRegion      = errors.New("region: unknown region")
	errBadEndpoint        = errors.New("endpoint: must be an http or https URL with a host and no path")
	errMissingToken       = errors.New("token: must be set (the Vision One API key)")
	errNothingEnabled     = errors.New("no log type is enabled: enable at least one of workbench, oat, audit, search")
	errNonPositive        = errors.New("must be greater than zero")
	errNegative           = errors.New("must not be negative")
	errBadPageSize        = errors.New("page_size: not a documented value")
	errFilterTooLong      = errors.New("filter: longer than the API accepts")
	errQueryTooLong       = errors.New("query: longer than the API accepts")
	errEmptyQuery         = errors.New("query: must not be empty (use \"*\" to match everything)")
	errUnknownSource      = errors.New("search.sources: unknown source")
	errBadBodyFormat      = errors.New("body_format: must be map or json")
	errWindowBelowMinimum = errors.New("max_window: must be at least 1m")
	errWindowFraction     = errors.New("max_window: must be a whole number of seconds (the API's time precision)")
	errIntervalTooShort   = errors.New("must be at least 1s (a number without a unit is nanoseconds)")
)

// Config is the receiver's configuration.
type Config struct {
	// ClientConfig holds the HTTP client settings: endpoint, timeout, tls,
	// proxy_url, headers... Squashed, so they sit at the top level like in
	// other HTTP receivers; Config.Unmarshal keeps this from hiding the
	// other fields (see Unmarshal).
	confighttp.ClientConfig `mapstructure:",squash"`

	// Region selects the API host by name (us, eu, jp, ...). Mutually
	// exclusive with endpoint.
	Region string `mapstructure:"region"`
	// Token is the Vision One API key.
	Token configopaque.String `mapstructure:"token"`
	// StorageID names a storage extension for checkpoints. Without it,
	// checkpoints live in memory and a restart reads from initial_lookback.
	StorageID *component.ID `mapstructure:"storage"`

	// IngestionDelay keeps every window's end this far behind now, so events
	// the API has not ingested yet are not skipped.
	IngestionDelay time.Duration `mapstructure:"ingestion_delay"`
	// MaxWindow caps the length of one query window.
	MaxWindow time.Duration `mapstructure:"max_window"`
	// RequestsPerMinute is the request budget shared by all streams.
	RequestsPerMinute int `mapstructure:"requests_per_minute"`
	// BackOff configures retries of failed requests and failed cycles.
	BackOff configretry.BackOffConfig `mapstructure:"retry_on_failure"`
	// BodyFormat is map (default) or json.
	BodyFormat string `mapstructure:"body_format"`

	Workbench WorkbenchConfig `mapstructure:"workbench"`
	OAT       OATConfig       `mapstructure:"oat"`
	Audit     AuditConfig     `mapstructure:"audit"`
	Search    SearchConfig    `mapstructure:"search"`
}

// StreamConfig holds what every log type has.
type StreamConfig struct {
	Enabled            bool          `mapstructure:"enabled"`
	CollectionInterval time.Duration `mapstructure:"collection_interval"`
	// InitialLookback is how far back the first run starts (clamped to the
	// API's retention).
	InitialLookback time.Duration `mapstructure:"initial_lookback"`
}

// WorkbenchConfig configures /v3.0/workbench/alerts.
type WorkbenchConfig struct {
	StreamConfig `mapstructure:",squash"`
	Filter       string `mapstructure:"filter"`
	// Updates adds a stream that windows on updatedDateTime and emits alerts
	// again when their status or findings change.
	Updates bool `mapstructure:"updates"`
}

// OATConfig configures /v3.0/oat/detections.
type OATConfig struct {
	StreamConfig `mapstructure:",squash"`
	Filter       string `mapstructure:"filter"`
	PageSize     int    `mapstructure:"page_size"`
}

// AuditConfig configures /v3.0/audit/logs.
type AuditConfig struct {
	StreamConfig `mapstructure:",squash"`
	Filter       string `mapstructure:"filter"`
	PageSize     int    `mapstructure:"page_size"`
}

// SearchConfig configures the /v3.0/search/<source> endpoints.
type SearchConfig struct {
	StreamConfig `mapstructure:",squash"`
	PageSize     int `mapstructure:"page_size"`
	// Sources maps each source to read to its settings. Empty means
	// detections only.
	Sources map[string]SourceConfig `mapstructure:"sources"`
}

// SourceConfig configures one search source.
type SourceConfig struct {
	// Query is the TMV1-Query; "*" (the default) matches everything.
	Query string `mapstructure:"query"`
}

var _ component.Config = (*Config)(nil)

// Unmarshal decodes the configuration. It exists because the squashed
// confighttp.ClientConfig has an Unmarshal method of its own: without this
// one, confmap would call that method for the whole Config, which decodes
// only the HTTP fields and silently ignores every other key (upstream
// open-telemetry/opentelemetry-collector#15985). Decoding the whole struct
// here keeps every field and confmap's rejection of unknown keys.
func (cfg *Config) Unmarshal(conf *confmap.Conf) error {
	if conf == nil {
		return nil
	}
	if err := rejectUnknownKeys(conf); err != nil {
		return err
	}
	if err := conf.Unmarshal(cfg); err != nil {
		return err
	}
	for name, src := range cfg.Search.Sources {
		if src.Query == "" && !conf.IsSet("search::sources::"+name+"::query") {
			src.Query = defaultSearchQuery
			cfg.Search.Sources[name] = src
		}
	}
	return nil
}

// plainHTTPConfig has confighttp.ClientConfig's fields but not its methods.
type plainHTTPConfig confighttp.ClientConfig

// strictConfigType is Config with the HTTP settings as plainHTTPConfig.
var strictConfigType = func() reflect.Type {
	t := reflect.TypeFor[Config]()
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		fields[i] = t.Field(i)
		if fields[i].Type == reflect.TypeFor[confighttp.ClientConfig]() {
			fields[i].Type = reflect.TypeFor[plainHTTPConfig]()
			fields[i].Anonymous = false
		}
	}
	return reflect.StructOf(fields)
}()

// rejectUnknownKeys fails on a key no field takes, naming it. It is needed
// because confmap, when a squashed field has its own Unmarshal method (as
// confighttp.ClientConfig does), decodes the other fields with unknown keys
// allowed, at every depth: a misspelled key would silently keep its default.
// Decoding into a twin of Config without that method lets confmap's own
// check run everywhere.
func rejectUnknownKeys(conf *confmap.Conf) error {
	return conf.Unmarshal(reflect.New(strictConfigType).Interface())
}

// Validate checks the configuration; every error names its key.
func (cfg *Config) Validate() error {
	var errs []error
	errs = append(errs, cfg.validateTarget()...)
	if cfg.Token == "" {
		errs = append(errs, errMissingToken)
	}
	errs = append(errs,
		nonNegative("ingestion_delay", cfg.IngestionDelay),
		nonNegative("timeout", cfg.Timeout),
	)
	if cfg.RequestsPerMinute <= 0 {
		errs = append(errs, fmt.Errorf("requests_per_minute: %w", errNonPositive))
	}
	if cfg.MaxWindow < time.Minute {
		errs = append(errs, fmt.Errorf("%w (got %s)", errWindowBelowMinimum, cfg.MaxWindow))
	}
	if cfg.MaxWindow%time.Second != 0 {
		errs = append(errs, fmt.Errorf("%w (got %s)", errWindowFraction, cfg.MaxWindow))
	}
	if cfg.BodyFormat != BodyFormatMap && cfg.BodyFormat != BodyFormatJSON {
		errs = append(errs, fmt.Errorf("%w (got %q)", errBadBodyFormat, cfg.BodyFormat))
	}
	if !cfg.Workbench.Enabled && !cfg.OAT.Enabled && !cfg.Audit.Enabled && !cfg.Search.Enabled {
		errs = append(errs, errNothingEnabled)
	}
	errs = append(errs, cfg.Workbench.validate()...)
	errs = append(errs, cfg.OAT.validate()...)
	errs = append(errs, cfg.Audit.validate()...)
	errs = append(errs, cfg.Search.validate()...)
	return errors.Join(errs...)
}

func (cfg *Config) validateTarget() []error {
	switch {
	case cfg.Region == "" && cfg.Endpoint == "":
		return []error{errNoTarget}
	case cfg.Region != "" && cfg.Endpoint != "":
		return []error{errRegionAndEndpoint}
	case cfg.Region != "":
		if _, ok := client.RegionEndpoint(cfg.Region); !ok {
			return []error{fmt.Errorf("%w %q (valid: %s)", errUnknownRegion, cfg.Region, strings.Join(client.Regions(), ", "))}
		}
	default:
		u, err := url.Parse(cfg.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
			return []error{fmt.Errorf("%w (got %q)", errBadEndpoint, cfg.Endpoint)}
		}
	}
	return nil
}

// apiEndpoint is the base URL requests go to.
func (cfg *Config) apiEndpoint() string {
	if cfg.Region != "" {
		base, _ := client.RegionEndpoint(cfg.Region)
		return base
	}
	return strings.TrimSuffix(cfg.Endpoint, "/")
}

// minCollectionInterval is the shortest interval a stream may poll at: the
// API's times have second precision, and a bare number (`60`) decodes as
// nanoseconds, which only this check catches. A variable so the in-process
// tests can poll faster.
var minCollectionInterval = time.Second

func (c StreamConfig) validate(section string) []error {
	var interval error
	if c.CollectionInterval < minCollectionInterval {
		interval = fmt.Errorf("%s.collection_interval: %w (got %s)", section, errIntervalTooShort, c.CollectionInterval)
	}
	return []error{interval, nonNegative(section+".initial_lookback", c.InitialLookback)}
}

func (c WorkbenchConfig) validate() []error {
	if !c.Enabled {
		return nil
	}
	errs := c.StreamConfig.validate("workbench")
	errs = append(errs, filterSyntax("workbench.filter", c.Filter))
	return append(errs, maxLen("workbench.", errFilterTooLong, c.Filter, maxWorkbenchFilter))
}

func (c OATConfig) validate() []error {
	if !c.Enabled {
		return nil
	}
	errs := c.StreamConfig.validate("oat")
	errs = append(errs, filterSyntax("oat.filter", c.Filter))
	errs = append(errs, maxLen("oat.", errFilterTooLong, c.Filter, maxOATFilter))
	return append(errs, pageSize("oat.", c.PageSize, oatPageSizes))
}

func (c AuditConfig) validate() []error {
	if !c.Enabled {
		return nil
	}
	errs := c.StreamConfig.validate("audit")
	errs = append(errs, filterSyntax("audit.filter", c.Filter))
	errs = append(errs, maxLen("audit.", errFilterTooLong, c.Filter, maxAuditFilter))
	return append(errs, pageSize("audit.", c.PageSize, auditPageSizes))
}

func (c SearchConfig) validate() []error {
	if !c.Enabled {
		return nil
	}
	errs := c.StreamConfig.validate("search")
	errs = append(errs, pageSize("search.", c.PageSize, searchPageSizes))
	names := make([]string, 0, len(c.Sources))
	for name := range c.Sources {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !slices.Contains(searchSources, name) {
			errs = append(errs, fmt.Errorf("%w %q (valid: %s)", errUnknownSource, name, strings.Join(searchSources, ", ")))
			continue
		}
		key := "search.sources." + name + "."
		q := c.Sources[name].Query
		if strings.TrimSpace(q) == "" {
			errs = append(errs, fmt.Errorf("%s%w", key, errEmptyQuery))
		}
		errs = append(errs, maxLen(key, errQueryTooLong, q, maxSearchQuery))
		if err := checkQuerySyntax(q); err != nil {
			errs = append(errs, fmt.Errorf("%squery: %w", key, err))
		}
	}
	return errs
}

// enabledSources lists the search sources to read, in a stable order.
func (c SearchConfig) enabledSources() []string {
	if len(c.Sources) == 0 {
		return []string{"detections"}
	}
	var out []string
	for _, name := range searchSources {
		if _, ok := c.Sources[name]; ok {
			out = append(out, name)
		}
	}
	return out
}

// query returns the TMV1-Query of a source.
func (c SearchConfig) query(source string) string {
	if src, ok := c.Sources[source]; ok && src.Query != "" {
		return src.Query
	}
	return defaultSearchQuery
}

func filterSyntax(key, filter string) error {
	if err := checkFilterSyntax(filter); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

func nonNegative(key string, d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%s: %w", key, errNegative)
	}
	return nil
}

func maxLen(prefix string, sentinel error, s string, limit int) error {
	if len(s) > limit {
		return fmt.Errorf("%s%w (%d characters, at most %d)", prefix, sentinel, len(s), limit)
	}
	return nil
}

func pageSize(prefix string, size int, allowed []int) error {
	if !slices.Contains(allowed, size) {
		return fmt.Errorf("%s%w %d (valid: %s)", prefix, errBadPageSize, size, joinInts(allowed))
	}
	return nil
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}
