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

// workbenchPage is the envelope of §2.2, in the documented field order.
type workbenchPage struct {
	TotalCount int              `json:"totalCount"`
	Count      int              `json:"count"`
	Items      []map[string]any `json:"items"`
	NextLink   string           `json:"nextLink,omitempty"`
}

// serveWorkbench answers GET /v3.0/workbench/alerts (§2.1–2.3).
func (s *Simulator) serveWorkbench(w http.ResponseWriter, r *http.Request, c *chain) error {
	q := c.params
	start, _, err := timeParam(q, "startDateTime", time.Unix(0, 0).UTC())
	if err != nil {
		return err
	}
	end, _, err := timeParam(q, "endDateTime", c.asOf)
	if err != nil {
		return err
	}
	inclusive := !s.opts.WorkbenchEndExclusive
	if err := checkOrder(start, end, inclusive, "startDateTime"); err != nil {
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
	filter, err := parseItemFilter(workbenchFeed, c.filter)
	if err != nil {
		return err
	}
	m := s.matches(c, selection{
		ranges: []timeRange{secondRange(workbenchTargets[target], start, end, inclusive)},
		filter: filter,
		order:  order,
	})
	page, next, more := s.pageOf(c, m, workbenchPageSize)
	body := workbenchPage{TotalCount: len(m), Items: s.render(c, page)}
	body.Count = len(body.Items)
	if more {
		body.NextLink = s.nextLink(r, c, next, 0)
	}
	s.writeOK(w, string(workbenchFeed.kind), body)
	return nil
}
