package simulator

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"
)

// filterRule is a feed's filter: the header or query parameter that
// carries it, its length cap, language and fields.
type filterRule struct {
	header string // TMV1-Filter, or TMV1-Query for search (§1.3)
	// param, instead of header, names the query parameter that carries the
	// filter (response tasks' `filter`, §6.3). Like any parameter it is
	// part of the query a nextLink repeats.
	param  string
	maxLen int // §1.3, §4.1
	// parse reads a header in the feed's language; a field the feed does
	// not document is an error.
	parse func(header string) (filterlang.Expr, error)
	// paths are the item paths of the nested fields (fields.go).
	paths map[string]string
	// names are a TMV1-Filter's fields (nil for TMV1-Query, whose fields
	// are query's).
	names map[string]bool
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
		header: "TMV1-Filter", maxLen: maxLen, paths: fields.paths(), names: opts.Fields,
		parse: func(header string) (filterlang.Expr, error) { return filterlang.ParseFilter(header, opts) },
	}
}

// inParam is r carried by the query parameter name instead of a header.
func (r filterRule) inParam(name string) filterRule {
	r.header, r.param = "", name
	return r
}

// name is the header or parameter that carries the filter, as a 400 names it.
func (r filterRule) name() string {
	if r.param != "" {
		return r.param
	}
	return r.header
}

// read returns the filter a request sends, trimmed.
func (r filterRule) read(req *http.Request) string {
	if r.param != "" {
		return strings.TrimSpace(req.URL.Query().Get(r.param))
	}
	return strings.TrimSpace(req.Header.Get(r.header))
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

// parseItemFilter turns a feed's filter into an itemFilter: nil when
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
		return nil, badReq(badFilter, rule.name())
	}
	if s := expr.String(); s == "" || s == "*" {
		return nil, nil
	}
	return func(item map[string]any) bool {
		return expr.Match(itemResolver{item: item, paths: rule.paths, objectsAsJSON: rule.objectsAsJSON})
	}, nil
}
