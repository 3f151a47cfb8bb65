package simulator

import (
	"errors"
	"slices"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"
)

// filterRule is a feed's filter header: its name, length cap, language and
// fields.
type filterRule struct {
	header string // TMV1-Filter, or TMV1-Query for search (§1.3)
	maxLen int    // §1.3, §4.1
	// parse reads a header in the feed's language; a field the feed does
	// not document is an error.
	parse func(header string) (filterlang.Expr, error)
	// paths are the item paths of the nested fields (fields.go).
	paths map[string]string
	// objectsAsJSON: a structured item value matches on its canonical JSON
	// text (TMV1-Query, see itemResolver).
	objectsAsJSON bool
	// query and matchKinds, for TMV1-Query, are the fields and how each
	// matches.
	query      *queryFields
	matchKinds map[string]filterlang.MatchKind
}

// tmv1Filter is the TMV1-Filter language over fields (§2.1, §3.1, §5.1).
func tmv1Filter(maxLen int, fields filterFields, opts filterlang.FilterOptions) filterRule {
	opts.Fields = fields.names()
	return filterRule{
		header: "TMV1-Filter", maxLen: maxLen, paths: fields.paths(),
		parse: func(header string) (filterlang.Expr, error) { return filterlang.ParseFilter(header, opts) },
	}
}

// requiring refuses a filter that uses field without other: the feed's
// documented 400 names field.
func (r filterRule) requiring(field, other string) filterRule {
	parse, refused := r.parse, badReq(badFilter, field)
	r.parse = func(header string) (filterlang.Expr, error) {
		expr, err := parse(header)
		if err != nil {
			return nil, err
		}
		if used := filterlang.Fields(expr); slices.Contains(used, field) && !slices.Contains(used, other) {
			return nil, refused
		}
		return expr, nil
	}
	return r
}

// tmv1Query is the TMV1-Query language over a search source's fields (§4.1).
func tmv1Query(fields queryFields) filterRule {
	kinds := fields.matchKinds()
	return filterRule{
		header: "TMV1-Query", maxLen: 2048, objectsAsJSON: true, query: &fields, matchKinds: kinds,
		parse: func(header string) (filterlang.Expr, error) { return filterlang.ParseQuery(header, kinds) },
	}
}

// itemFilter keeps or drops a rendered item.
type itemFilter func(item map[string]any) bool

// parseItemFilter turns a feed's filter header into an itemFilter: nil when
// it selects everything (no header, or TMV1-Query `*`), so no item needs
// rendering. A bad filter is the feed's 400.
func parseItemFilter(f *feed, header string) (itemFilter, error) {
	if header == "" {
		return nil, nil
	}
	rule := f.filter
	expr, err := rule.parse(header)
	var br badRequest
	switch {
	case errors.As(err, &br):
		return nil, err
	case err != nil:
		return nil, badReq(badFilter, rule.header)
	}
	if s := expr.String(); s == "" || s == "*" {
		return nil, nil
	}
	return func(item map[string]any) bool {
		return expr.Match(itemResolver{item: item, paths: rule.paths, objectsAsJSON: rule.objectsAsJSON})
	}, nil
}
