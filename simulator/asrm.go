package simulator

import "net/http"

var (
	accountCompromiseTops        = []int{10, 50, 100, 200, 500, 1000}
	accountCompromiseOrderFields = setOf("detectedDateTime")
)

// serveAccountCompromise answers GET /v3.0/asrm/accountCompromiseIndicators
// (§6.6). The endpoint has no time range: a selection without ranges
// selects every visible record the simulator holds (its history; the
// document states no retention), ordered by orderBy on detectedDateTime
// (default newest first). Time parameters, which the document does not
// have, are ignored like any other unknown parameter.
func (s *Simulator) serveAccountCompromise(w http.ResponseWriter, r *http.Request, c *chain) error {
	q := c.params
	top, err := topParam(q, accountCompromiseTops, 100)
	if err != nil {
		return err
	}
	order, err := orderParam(q, 128, accountCompromiseOrderFields, "detectedDateTime desc")
	if err != nil {
		return err
	}
	filter, err := parseItemFilter(c.feed, c.filter)
	if err != nil {
		return err
	}
	items, total, next := s.listPage(r, c, selection{filter: filter, order: order}, top)
	s.writeOK(w, string(c.feed.kind), accountCompromisePage{Items: items, Count: len(items), TotalCount: total, NextLink: next})
	return nil
}

// accountCompromisePage is the envelope of §6.6, in the documented field
// order.
type accountCompromisePage struct {
	Items      []map[string]any `json:"items"`
	Count      int              `json:"count"`
	TotalCount int              `json:"totalCount"`
	NextLink   string           `json:"nextLink,omitempty"`
}
