package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/confmap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
)

// Body formats of the emitted log records.
const (
	BodyFormatMap  = "map"  // the item as a map, values typed as in the JSON
	BodyFormatJSON = "json" // the item's compact JSON text
)

// Schemas a record's body can follow.
const (
	SchemaRaw  = "raw"  // the item as the API serves it
	SchemaOCSF = "ocsf" // an OCSF 1.8.0 event (README, "OCSF output")
)

// Config errors. Each names the key it is about; Validate joins them.
var (
	errNoTarget          = errors.New("one of region or endpoint must be set")
	errRegionAndEndpoint = errors.New("region and endpoint are mutually exclusive: set one")
	errUnknownRegion     = errors.New("region: unknown region")
	errBadEndpoint       = errors.New("endpoint: must be an http or https URL with a host and no path or credentials")
	// The usual cause is a ${env:NAME} whose variable is unset or empty,
	// which the collector resolves to "" before the receiver sees it.
	errDescriptionTooLong = errors.New("pipeline description too long")
	errNoRiskLevels       = errors.New("must name at least one risk level")
	errBadRiskLevel       = errors.New("unknown risk level")
	errMissingToken       = errors.New("token: must be set (the Vision One API key); it is empty, " +
		"usually because the ${env:...} variable it names is not set in the collector's environment")
	errNothingEnabled     = errors.New("no log type is enabled: enable at least one")
	errNonPositive        = errors.New("must be greater than zero")
	errNegative           = errors.New("must not be negative")
	errBadPageSize        = errors.New("page_size: not a documented value")
	errFilterTooLong      = errors.New("filter: longer than the API accepts")
	errQueryTooLong       = errors.New("query: longer than the API accepts")
	errEmptyQuery         = errors.New("query: must not be empty (use \"*\" to match everything)")
	errUnknownMember      = errors.New("no such feed in the section")
	errBadBodyFormat      = errors.New("body_format: must be map or json")
	errBadSchema          = errors.New("schema: must be raw or ocsf")
	errBadLateMode        = errors.New("late_events.mode: must be reconcile, report or off")
	errLateHorizon        = errors.New("late_events.horizon: must be at least 1m and a whole number of seconds")
	errLateInterval       = errors.New("late_events.interval: must be at least 10s and at most the horizon")
	errRawDataNeedsOCSF   = errors.New("raw_data: applies to schema: ocsf only (the raw schema's body is the item)")
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
	// WindowsInFlight is how many windows a stream with a backlog fetches
	// at once (README, "Backfills"); PagesInFlight bounds the pages fetched
	// ahead and not yet delivered, across the receiver's streams.
	WindowsInFlight int `mapstructure:"windows_in_flight"`
	PagesInFlight   int `mapstructure:"pages_in_flight"`
	// LateEvents configures the re-checks for events the API makes visible
	// after their window was read (README, "Late events").
	LateEvents LateEventsConfig `mapstructure:"late_events"`
	// BackOff configures retries of failed requests and failed cycles.
	BackOff configretry.BackOffConfig `mapstructure:"retry_on_failure"`
	// BodyFormat is map (default) or json.
	BodyFormat string `mapstructure:"body_format"`
	// Schema is raw (default: the body is the item) or ocsf.
	Schema string `mapstructure:"schema"`
	// RawData keeps the item's JSON text in an OCSF event's raw_data.
	RawData bool `mapstructure:"raw_data"`

	// Feeds configures each log type by its section key (workbench, oat,
	// audit, search, ...): the feed registry (feeds.go) declares the
	// sections, and Unmarshal decodes them.
	Feeds map[string]*FeedConfig `mapstructure:"-"`
}

// LateEventsConfig configures the reconciliation of late events.
type LateEventsConfig struct {
	// Mode is reconcile (default: recover what is late), report (count and
	// report it only) or off.
	Mode string `mapstructure:"mode"`
	// Horizon is how late an event may become visible and be recovered.
	Horizon time.Duration `mapstructure:"horizon"`
	// Interval is how often a stream re-checks the horizon.
	Interval time.Duration `mapstructure:"interval"`
}

// Late-event modes.
const (
	LateReconcile = "reconcile"
	LateReport    = "report"
	LateOff       = "off"
)

// StreamConfig holds what every log type has.
type StreamConfig struct {
	Enabled            bool          `mapstructure:"enabled"`
	CollectionInterval time.Duration `mapstructure:"collection_interval"`
	// InitialLookback is how far back the first run starts (clamped to the
	// API's retention).
	InitialLookback time.Duration `mapstructure:"initial_lookback"`
}

// FeedConfig configures one log type: a feed, or a group of feeds read
// alike (search). Which of its settings a section takes, the registry says:
// a section decodes only those, so any other key is refused as unknown.
type FeedConfig struct {
	StreamConfig `mapstructure:",squash"`
	// Filter is the feed's TMV1-Filter.
	Filter string `mapstructure:"filter"`
	// PageSize is the `top` of every request.
	PageSize int `mapstructure:"page_size"`
	// Updates adds a stream that emits items again when they change
	// (workbench alerts' status, owners or findings).
	Updates bool `mapstructure:"updates"`
	// Members maps each member of a group to read (a search source, a
	// container log) to its settings, under the key the registry names
	// (sources, logs). Empty means the group's default members.
	Members map[string]MemberConfig `mapstructure:"-"`
	// PipelineConfig: the settings of a data pipeline section.
	PipelineConfig `mapstructure:",squash"`
}

// PipelineConfig is what a data pipeline section takes
// (docs/visionone-api.md §6.8).
type PipelineConfig struct {
	// PipelineID reads an existing pipeline; empty: the one whose
	// description is Description, registered if there is none.
	PipelineID string `mapstructure:"pipeline_id"`
	// Description names the pipeline the receiver finds or registers;
	// empty: one derived from the receiver's ID and the stream.
	Description string `mapstructure:"description"`
	// RiskLevels and HasDetail are an OAT pipeline's registration.
	RiskLevels []string `mapstructure:"risk_levels"`
	HasDetail  bool     `mapstructure:"has_detail"`
}

// MemberConfig configures one member of a group.
type MemberConfig struct {
	// Filter is the member's filter, under the key the registry names: a
	// search source's TMV1-Query (`query`, "*" by default) or a container
	// log's TMV1-Filter (`filter`).
	Filter string `mapstructure:"-"`
	// PipelineID is a Data Lake source's pipeline (`pipeline_id`).
	PipelineID string `mapstructure:"-"`
}

// feed returns the configuration of a section.
func (cfg *Config) feed(key string) *FeedConfig { return cfg.Feeds[key] }

var _ component.Config = (*Config)(nil)

// Unmarshal decodes the configuration into a twin of Config (see
// decodeType) and copies it back.
func (cfg *Config) Unmarshal(conf *confmap.Conf) error {
	if conf == nil {
		return nil
	}
	twin := reflect.New(decodeType).Elem()
	cfg.copyTwin(twin, true)
	if err := conf.Unmarshal(twin.Addr().Interface()); err != nil {
		return err
	}
	cfg.copyTwin(twin, false)
	for _, sec := range feeds.Registry {
		if sec.Members == "" || sec.Filter.Default == "" {
			continue
		}
		fc := cfg.Feeds[sec.Key]
		for name, m := range fc.Members {
			if m.Filter == "" && !conf.IsSet(sec.Key+"::"+sec.Members+"::"+name+"::"+sec.Filter.Key) {
				m.Filter = sec.Filter.Default
				fc.Members[name] = m
			}
		}
	}
	return nil
}

// plainHTTPConfig has confighttp.ClientConfig's fields but not its methods.
type plainHTTPConfig confighttp.ClientConfig

// decodeType is what the configuration decodes into: Config with the HTTP
// settings as plainHTTPConfig, and a field per registry section, holding
// only the settings that section takes.
//
// The HTTP settings: squashed, confighttp.ClientConfig's own Unmarshal would
// be Config's, which decodes only the HTTP fields and silently ignores every
// other key (upstream open-telemetry/opentelemetry-collector#15985), and
// confmap, when a squashed field has an Unmarshal method, decodes the others
// with unknown keys allowed at every depth. Without the method, confmap
// rejects an unknown or misspelled key anywhere, naming it.
var decodeType = func() reflect.Type {
	t := reflect.TypeFor[Config]()
	var fields []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		switch f.Type {
		case reflect.TypeFor[confighttp.ClientConfig]():
			f.Type, f.Anonymous = reflect.TypeFor[plainHTTPConfig](), false
		case reflect.TypeFor[map[string]*FeedConfig]():
			continue
		}
		fields = append(fields, f)
	}
	for i, sec := range feeds.Registry {
		fields = append(fields, reflect.StructField{
			Name: fmt.Sprintf("Section%d", i),
			Type: sectionType(sec),
			Tag:  reflect.StructTag(`mapstructure:"` + sec.Key + `"`),
		})
	}
	return reflect.StructOf(fields)
}()

// sectionType is FeedConfig with only the settings sec takes, the members
// under the section's key and their filter under the filter's.
func sectionType(sec feeds.Section) reflect.Type {
	t := reflect.TypeFor[FeedConfig]()
	pipeline := sec.Pipeline != nil
	takes := map[string]bool{
		"StreamConfig":   true,
		"Filter":         sec.Members == "" && (sec.Filter.Header != "" || sec.Filter.Param != ""),
		"PageSize":       len(sec.PageSizes) > 0,
		"Updates":        sec.Updates != nil,
		"Members":        sec.Members != "",
		"PipelineConfig": pipeline,
	}
	var fields []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		if !takes[f.Name] {
			continue
		}
		switch f.Name {
		case "Members":
			// The same fields as MemberConfig (so that the one converts to
			// the other), each under its key where the section takes it.
			member := reflect.StructOf([]reflect.StructField{
				{Name: "Filter", Type: reflect.TypeFor[string](), Tag: tagIf(sec.Filter.Key != "", sec.Filter.Key)},
				{Name: "PipelineID", Type: reflect.TypeFor[string](), Tag: tagIf(pipeline, "pipeline_id")},
			})
			f.Type = reflect.MapOf(reflect.TypeFor[string](), member)
			f.Tag = reflect.StructTag(`mapstructure:"` + sec.Members + `"`)
		case "PipelineConfig":
			// A group's pipelines are its members'; OAT's risk levels only.
			f.Type = reflect.StructOf([]reflect.StructField{
				{Name: "PipelineID", Type: reflect.TypeFor[string](), Tag: tagIf(sec.Members == "", "pipeline_id")},
				{Name: "Description", Type: reflect.TypeFor[string](), Tag: tagIf(true, "description")},
				{Name: "RiskLevels", Type: reflect.TypeFor[[]string](), Tag: tagIf(sec.Pipeline.RiskLevels, "risk_levels")},
				{Name: "HasDetail", Type: reflect.TypeFor[bool](), Tag: tagIf(sec.Pipeline.RiskLevels, "has_detail")},
			})
		}
		fields = append(fields, f)
	}
	return reflect.StructOf(fields)
}

// tagIf is the mapstructure tag of a key a section takes, or "-".
func tagIf(takes bool, key string) reflect.StructTag {
	if !takes {
		key = "-"
	}
	return reflect.StructTag(`mapstructure:"` + key + `"`)
}

// copyTwin copies cfg into twin (toTwin) or back.
func (cfg *Config) copyTwin(twin reflect.Value, toTwin bool) {
	c := reflect.ValueOf(cfg).Elem()
	copyField := func(dst, src reflect.Value) {
		if toTwin {
			dst, src = src, dst
		}
		if src.Kind() != reflect.Map {
			dst.Set(src.Convert(dst.Type()))
			return
		}
		// A map's values convert one by one (the members' twin type
		// differs from MemberConfig only in its tag).
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(dst.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			m.SetMapIndex(it.Key(), it.Value().Convert(dst.Type().Elem()))
		}
		dst.Set(m)
	}
	n := 0
	for i := range c.NumField() {
		if c.Type().Field(i).Type == reflect.TypeFor[map[string]*FeedConfig]() {
			continue
		}
		copyField(c.Field(i), twin.Field(n))
		n++
	}
	if cfg.Feeds == nil {
		cfg.Feeds = map[string]*FeedConfig{}
	}
	for i, sec := range feeds.Registry {
		fc := cfg.Feeds[sec.Key]
		if fc == nil {
			fc = &FeedConfig{}
			cfg.Feeds[sec.Key] = fc
		}
		section, feed := twin.Field(n+i), reflect.ValueOf(fc).Elem()
		for j := range section.NumField() {
			copyField(feed.FieldByName(section.Type().Field(j).Name), section.Field(j))
		}
	}
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
	for _, c := range []struct {
		key string
		n   int
	}{{"requests_per_minute", cfg.RequestsPerMinute}, {"windows_in_flight", cfg.WindowsInFlight}, {"pages_in_flight", cfg.PagesInFlight}} {
		if c.n <= 0 {
			errs = append(errs, fmt.Errorf("%s: %w", c.key, errNonPositive))
		}
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
	errs = append(errs, cfg.LateEvents.validate()...)
	if cfg.Schema != SchemaRaw && cfg.Schema != SchemaOCSF {
		errs = append(errs, fmt.Errorf("%w (got %q)", errBadSchema, cfg.Schema))
	} else if cfg.RawData && cfg.Schema != SchemaOCSF {
		errs = append(errs, errRawDataNeedsOCSF)
	}
	enabled := false
	for _, sec := range feeds.Registry {
		fc := cfg.feed(sec.Key)
		if fc == nil || !fc.Enabled {
			continue
		}
		enabled = true
		errs = append(errs, validateSection(&sec, fc)...)
	}
	if !enabled {
		errs = append(errs, fmt.Errorf("%w of %s", errNothingEnabled, strings.Join(sectionKeys(), ", ")))
	}
	return errors.Join(errs...)
}

// sectionKeys lists the registry's section keys.
func sectionKeys() []string {
	keys := make([]string, len(feeds.Registry))
	for i, sec := range feeds.Registry {
		keys[i] = sec.Key
	}
	return keys
}

// validateSection checks an enabled section's settings.
func validateSection(sec *feeds.Section, fc *FeedConfig) []error {
	errs := fc.StreamConfig.validate(sec.Key)
	if len(sec.PageSizes) > 0 {
		errs = append(errs, pageSize(sec.Key+".", fc.PageSize, sec.PageSizes))
	}
	if sec.Pipeline != nil {
		errs = append(errs, validatePipeline(sec, fc)...)
	}
	if sec.Filter.Key == "" { // no filter (the pipelines)
		return append(errs, validateMembers(sec, fc)...)
	}
	if sec.Members == "" {
		return append(errs, validateFilter(sec.Filter, sec.Key+"."+sec.Filter.Key, fc.Filter))
	}
	for _, name := range slices.Sorted(maps.Keys(fc.Members)) {
		key := sec.Key + "." + sec.Members + "." + name
		if sec.Member(name) == nil {
			errs = append(errs, fmt.Errorf("%s: %w (valid: %s)", key, errUnknownMember, strings.Join(sec.MemberNames(), ", ")))
			continue
		}
		errs = append(errs, validateFilter(sec.Filter, key+"."+sec.Filter.Key, fc.Members[name].Filter))
	}
	return errs
}

// validateMembers checks that a group names only members it has.
func validateMembers(sec *feeds.Section, fc *FeedConfig) []error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(fc.Members)) {
		if sec.Member(name) == nil {
			errs = append(errs, fmt.Errorf("%s.%s.%s: %w (valid: %s)", sec.Key, sec.Members, name, errUnknownMember,
				strings.Join(sec.MemberNames(), ", ")))
		}
	}
	return errs
}

// maxDescriptionLen is a pipeline description's cap, in characters
// (docs/visionone-api.md §6.8).
const maxDescriptionLen = 4000

// validatePipeline checks a pipeline section's registration settings.
func validatePipeline(sec *feeds.Section, fc *FeedConfig) []error {
	var errs []error
	if n := utf8.RuneCountInString(fc.Description); n > maxDescriptionLen {
		errs = append(errs, fmt.Errorf("%s.description: %w (%d characters, at most %d)", sec.Key, errDescriptionTooLong, n, maxDescriptionLen))
	}
	if !sec.Pipeline.RiskLevels {
		return errs
	}
	if len(fc.RiskLevels) == 0 {
		errs = append(errs, fmt.Errorf("%s.risk_levels: %w", sec.Key, errNoRiskLevels))
	}
	for _, l := range fc.RiskLevels {
		if !slices.Contains(feeds.RiskLevelNames, l) {
			errs = append(errs, fmt.Errorf("%s.risk_levels: %w %q (valid: %s)", sec.Key, errBadRiskLevel, l,
				strings.Join(feeds.RiskLevelNames, ", ")))
		}
	}
	return errs
}

// validateFilter checks a filter or query: its length and what is certain
// of its syntax; a member's query must not be empty.
func validateFilter(r feeds.FilterRule, key, value string) error {
	var errs []error
	if r.Default != "" && strings.TrimSpace(value) == "" {
		errs = append(errs, fmt.Errorf("%s: %w", key, errEmptyQuery))
	}
	if r.MaxLen > 0 && len(value) > r.MaxLen {
		sentinel := errFilterTooLong
		if r.Key == "query" {
			sentinel = errQueryTooLong
		}
		errs = append(errs, fmt.Errorf("%s: %w (%d characters, at most %d)", key, sentinel, len(value), r.MaxLen))
	}
	if err := r.Check(value); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", key, err))
	}
	return errors.Join(errs...)
}

// enabledMembers lists the members of a group to read, in the registry's
// order: those configured, or the defaults.
func enabledMembers(sec *feeds.Section, fc *FeedConfig) []*feeds.Feed {
	names := sec.DefaultMembers
	if len(fc.Members) > 0 {
		names = slices.Collect(maps.Keys(fc.Members))
	}
	var out []*feeds.Feed
	for i := range sec.Feeds {
		if slices.Contains(names, sec.Feeds[i].Name) {
			out = append(out, &sec.Feeds[i])
		}
	}
	return out
}

// memberFilter returns a member's filter (its default when none is set).
func memberFilter(sec *feeds.Section, fc *FeedConfig, name string) string {
	if m, ok := fc.Members[name]; ok && m.Filter != "" {
		return m.Filter
	}
	return sec.Filter.Default
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
		// The client's own check; its message never echoes the endpoint,
		// which may carry credentials.
		if err := client.CheckEndpoint(cfg.Endpoint); err != nil {
			return []error{fmt.Errorf("%w: %w", errBadEndpoint, err)}
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

func nonNegative(key string, d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%s: %w", key, errNegative)
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

func (c LateEventsConfig) validate() []error {
	switch c.Mode {
	case LateOff:
		return nil
	case LateReconcile, LateReport:
	default:
		return []error{fmt.Errorf("%w (got %q)", errBadLateMode, c.Mode)}
	}
	var errs []error
	if c.Horizon < time.Minute || c.Horizon%time.Second != 0 {
		errs = append(errs, fmt.Errorf("%w (got %s)", errLateHorizon, c.Horizon))
	}
	if c.Interval < 10*time.Second || c.Interval > c.Horizon {
		errs = append(errs, fmt.Errorf("%w (got %s)", errLateInterval, c.Interval))
	}
	return errs
}
