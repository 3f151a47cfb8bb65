package simulator

import (
	"net/http"
	"net/url"
	"time"
)

// rangedList is an endpoint of the shape cases and tasks share (§6.2–6.5):
// a time range on one of its dateTimeTarget fields, an optional orderBy, a
// `top` from a list, an item filter and nextLink paging. Each endpoint is a
// value of it; serve answers for all of them, reading the parameters in the
// same order, so that an invalid request meets its first error alike.
type rangedList struct {
	bounds  func(q url.Values, asOf time.Time) (start, end time.Time, err error)
	targets []string // the dateTimeTarget values, the default first
	fields  map[string]timeField
	// orderCap is orderBy's length cap; 0: the endpoint has no orderBy.
	orderCap     int
	orderFields  map[string]bool
	defaultOrder string
	tops         []int
	defaultTop   int
	// uncounted: the envelope holds items and nextLink only (response
	// tasks), not totalCount and count.
	uncounted bool
}

func (l rangedList) serve(s *Simulator, w http.ResponseWriter, r *http.Request, c *chain) error {
	q := c.params
	start, end, err := l.bounds(q, c.asOf)
	if err != nil {
		return err
	}
	target, err := enumParam(q, "dateTimeTarget", l.targets, l.targets[0])
	if err != nil {
		return err
	}
	var order []orderKey
	if l.orderCap > 0 {
		if order, err = orderParam(q, l.orderCap, l.orderFields, l.defaultOrder); err != nil {
			return err
		}
	}
	top, err := topParam(q, l.tops, l.defaultTop)
	if err != nil {
		return err
	}
	filter, err := parseItemFilter(c.feed, c.filter)
	if err != nil {
		return err
	}
	items, total, next := s.listPage(r, c, selection{
		ranges: []timeRange{secondRange(l.fields[target], start, end, true)},
		filter: filter,
		order:  order,
	}, top)
	if l.uncounted {
		s.writeOK(w, string(c.feed.kind), itemsPage{Items: items, NextLink: next})
	} else {
		s.writeOK(w, string(c.feed.kind), countedPage{TotalCount: total, Count: len(items), Items: items, NextLink: next})
	}
	return nil
}
