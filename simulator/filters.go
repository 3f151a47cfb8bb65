package simulator

import (
	"errors"
	"slices"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// itemFilter keeps or drops a rendered item.
type itemFilter func(item map[string]any) bool

// parseItemFilter turns a feed's filter header into an itemFilter: nil when
// it selects everything (no header, or TMV1-Query `*`), so no item needs
// rendering. A bad filter is the feed's 400.
func parseItemFilter(f *feed, header string) (itemFilter, error) {
	if header == "" {
		return nil, nil
	}
	var (
		expr  filterlang.Expr
		err   error
		paths map[string]string
	)
	switch {
	case f.kind == gen.Workbench: // the only feed with contains() (§2.1)
		expr, err = filterlang.ParseFilter(header, filterlang.FilterOptions{AllowContains: true, Fields: workbenchFilterNames})
		paths = workbenchFilterPaths
	case f.kind == gen.OAT:
		expr, err = filterlang.ParseFilter(header, filterlang.FilterOptions{Fields: oatFilterNames})
		paths = oatFilterPaths
	case f.kind == gen.Audit:
		expr, err = parseAuditFilter(header)
	default:
		expr, err = filterlang.ParseQuery(header, searchMatchKinds[f.kind])
	}
	var br badRequest
	switch {
	case errors.As(err, &br):
		return nil, err
	case err != nil:
		return nil, badReq(badFilter, f.filterHeader)
	}
	if s := expr.String(); s == "" || s == "*" {
		return nil, nil
	}
	search := f.kind.IsSearch()
	return func(item map[string]any) bool {
		return expr.Match(itemResolver{item: item, paths: paths, objectsAsJSON: search})
	}, nil
}

// parseAuditFilter also enforces that `activity` is used only together with
// `category` (§5.1).
func parseAuditFilter(header string) (filterlang.Expr, error) {
	expr, err := filterlang.ParseFilter(header, filterlang.FilterOptions{Fields: auditFilterNames})
	if err != nil {
		return nil, err
	}
	if used := filterlang.Fields(expr); slices.Contains(used, "activity") && !slices.Contains(used, "category") {
		return nil, errActivityWithoutCategory
	}
	return expr, nil
}

var errActivityWithoutCategory = badReq(badFilter, "activity")
