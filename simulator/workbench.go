package simulator

import (
	"net/http"
	"time"
)

// workbenchPageSize is fixed by the API; `top` is ignored (§1.8, §2.1).
const workbenchPageSize = 10

var workbenchTargets = map[string]timeField{
	"createdDateTime":           fieldEvent,
	"updatedDateTime":           fieldUpdated,
	"firstInvestigatedDateTime": fieldFirstInvestigated,
}

// serveWorkbench answers GET /v3.0/workbench/alerts (§2.1–2.3).
func (s *Simulator) serveWorkbench(w http.ResponseWriter, r *http.Request, c *chain) error {
	q := c.params
	inclusive := !s.opts.WorkbenchEndExclusive
	start, end, err := timeBounds(q, "startDateTime", "endDateTime", time.Unix(0, 0).UTC(), c.asOf, inclusive)
	if err != nil {
		return err
	}
	target, err := enumParam(q, "dateTimeTarget", []string{"createdDateTime", "updatedDateTime", "firstInvestigatedDateTime"}, "createdDateTime")
	if err != nil {
		return err
	}
	order, err := orderParam(q, 200, workbenchOrderFields, "createdDateTime desc")
	if err != nil {
		return err
	}
	filter, err := parseItemFilter(c.feed, c.filter)
	if err != nil {
		return err
	}
	items, total, next := s.listPage(r, c, selection{
		ranges: []timeRange{secondRange(workbenchTargets[target], start, end, inclusive)},
		filter: filter,
		order:  order,
	}, workbenchPageSize)
	s.writeOK(w, string(c.feed.kind), countedPage{TotalCount: total, Count: len(items), Items: items, NextLink: next})
	return nil
}
