package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"net/http"
	"net/url"

	"go.opentelemetry.io/collector/component"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// streamSpecs builds a stream spec for every enabled feed of the registry;
// api and the receiver's id serve the data pipelines.
func streamSpecs(cfg *Config, api apiClient, id component.ID, log *zap.Logger) ([]stream.Spec, error) {
	var specs []stream.Spec
	for i := range feeds.Registry {
		sec := &feeds.Registry[i]
		fc := cfg.feed(sec.Key)
		if fc == nil || !fc.Enabled {
			continue
		}
		if sec.Members != "" {
			for _, f := range enabledMembers(sec, fc) {
				spec, err := feedSpec(cfg, sec, f, fc, memberFilter(sec, fc, f.Name))
				if err != nil {
					return nil, err
				}
				if f.Packages {
					pipelineSpec(&spec, sec, f, fc, fc.Members[f.Name].PipelineID, api, id, log)
				}
				specs = append(specs, spec)
			}
			continue
		}
		spec, err := feedSpec(cfg, sec, &sec.Feeds[0], fc, fc.Filter)
		if err != nil {
			return nil, err
		}
		if sec.Feeds[0].Packages {
			pipelineSpec(&spec, sec, &sec.Feeds[0], fc, fc.PipelineID, api, id, log)
		}
		if sec.Updates != nil && fc.Updates {
			updates, err := feedSpec(cfg, sec, sec.Updates, fc, fc.Filter)
			if err != nil {
				return nil, err
			}
			// Later states from when updates mode is first enabled: an
			// item's earlier history is in the state the section's feed
			// delivers, and would only arrive twice. That very state is not
			// an update either: the ledger says which it was, whenever it
			// was read.
			updates.InitialLookback = 0
			ledger := stream.NewLedger()
			spec.Announces, updates.Follows = ledger, ledger
			specs = append(specs, spec, updates)
			continue
		}
		specs = append(specs, spec)
	}
	return specs, nil
}

// feedSpec is the stream spec of f, in section sec configured by fc,
// filtered by filter.
func feedSpec(cfg *Config, sec *feeds.Section, f *feeds.Feed, fc *FeedConfig, filter string) (stream.Spec, error) {
	tr, err := translate.New(translate.Options{
		Kind: f.Kind, EventName: f.Event, Source: f.Name, BodyAsJSON: cfg.BodyFormat == BodyFormatJSON,
		OCSF: cfg.Schema == SchemaOCSF, RawData: cfg.RawData,
	})
	if err != nil {
		return stream.Spec{}, err
	}
	top, param := sec.Top(fc.PageSize), sec.Filter.Param
	// A filter the API takes as a query parameter goes on every query.
	filtered := func(q url.Values) url.Values {
		if param != "" && filter != "" {
			q.Set(param, filter)
		}
		return q
	}
	var count func(stream.Window) url.Values
	if f.CountQuery != nil {
		count = func(w stream.Window) url.Values { return filtered(f.CountQuery(w)) }
	}
	var late *stream.LateSpec
	if cfg.LateEvents.Mode != LateOff && f.LateEvents(sec) {
		late = &stream.LateSpec{Horizon: cfg.LateEvents.Horizon, Interval: cfg.LateEvents.Interval,
			ReportOnly: cfg.LateEvents.Mode == LateReport}
	}
	return stream.Spec{
		Name:            f.Stream,
		Path:            f.Path,
		Order:           f.Order,
		Late:            late,
		Query:           func(w stream.Window) url.Values { return filtered(f.Query(w, top)) },
		CountQuery:      count,
		Header:          filterHeader(sec.Filter.Header, filter),
		Translator:      tr,
		Interval:        fc.CollectionInterval,
		InitialLookback: fc.InitialLookback,
		Retention:       f.Retention,
		MaxResults:      f.MaxResults,
		MaxWindow:       f.MaxWindow,
		MinDelay:        f.MinDelay,
	}, nil
}

// pipelineSpec makes spec a data pipeline's: Prepare finds or registers the
// pipeline, the windows list its packages, Contents reads each, its lines
// translated by the spec's translator (the feed's kind).
func pipelineSpec(spec *stream.Spec, sec *feeds.Section, f *feeds.Feed, fc *FeedConfig, pipelineID string,
	api apiClient, id component.ID, log *zap.Logger,
) {
	description := fc.Description
	if description == "" {
		description = "otelcol-visionone " + id.String() + " " + f.Stream
	}
	p := &pipeline{
		api: api, sec: sec, feed: f, id: pipelineID, description: description,
		settings: feeds.PipelineSettings{RiskLevels: fc.RiskLevels, HasDetail: fc.HasDetail},
		log:      log.With(zap.String("stream", f.Stream)),
	}
	// Translate.New fails only without a kind or event name.
	listing, _ := translate.New(translate.Options{Kind: translate.PipelinePackage, EventName: f.Event})
	spec.Contents = &stream.Contents{Open: p.open, Lines: spec.Translator, Annotate: p.annotate}
	spec.Translator, spec.Prepare, spec.Path = listing, p.prepare, ""
}

// filterHeader returns the header carrying a filter, or none if it is
// empty (or the API takes it as a query parameter: no header name).
func filterHeader(name, value string) http.Header {
	if name == "" || value == "" {
		return nil
	}
	h := http.Header{}
	h.Set(name, value)
	return h
}
