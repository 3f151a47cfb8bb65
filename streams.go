package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"net/http"
	"net/url"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// streamSpecs builds a stream spec for every enabled feed of the registry.
func streamSpecs(cfg *Config) ([]stream.Spec, error) {
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
				specs = append(specs, spec)
			}
			continue
		}
		spec, err := feedSpec(cfg, sec, &sec.Feeds[0], fc, fc.Filter)
		if err != nil {
			return nil, err
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
	return stream.Spec{
		Name:            f.Stream,
		Path:            f.Path,
		Order:           f.Order,
		Query:           func(w stream.Window) url.Values { return filtered(f.Query(w, top)) },
		CountQuery:      count,
		Header:          filterHeader(sec.Filter.Header, filter),
		Translator:      tr,
		Interval:        fc.CollectionInterval,
		InitialLookback: fc.InitialLookback,
		Retention:       f.Retention,
		MaxResults:      f.MaxResults,
	}, nil
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
