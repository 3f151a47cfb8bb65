package simulator

import (
	"mime"
	"net/http"
	"strings"
	"time"
)

const auditRetention = 180 * 24 * time.Hour // §1.9, §5.1

var (
	auditTops    = []int{50, 100, 200}
	auditTargets = map[string]timeField{"loggedDateTime": fieldEvent, "ingestedDateTime": fieldIngested}
)

// auditPage is the envelope of §5.2, in the documented field order.
type auditPage struct {
	Items    []map[string]any  `json:"items"`
	NextLink string            `json:"nextLink,omitempty"`
	Labels   map[string]string `json:"labels,omitempty"`
}

// serveAudit answers GET /v3.0/audit/logs (§5.1–5.2).
func (s *Simulator) serveAudit(w http.ResponseWriter, r *http.Request, c *chain) error {
	if wantsOnlyCSV(r.Header.Get("Accept")) {
		return errNotAcceptable()
	}
	q := c.params
	retentionStart := c.asOf.Add(-auditRetention)
	inclusive := !s.opts.AuditEndExclusive
	start, end, err := timeBounds(q, "startDateTime", "endDateTime", retentionStart, c.asOf, inclusive)
	if err != nil {
		return err
	}
	if start.Before(retentionStart) { // §5.1: at most 180 days back
		if !s.opts.AuditClipStart {
			return badReq(badTime, "startDateTime")
		}
		start = retentionStart // a range wholly before it then matches nothing
	}
	target, err := enumParam(q, "dateTimeTarget", []string{"loggedDateTime", "ingestedDateTime"}, "loggedDateTime")
	if err != nil {
		return err
	}
	order, err := orderParam(q, 256, auditOrderFields, s.opts.AuditDefaultOrder)
	if err != nil {
		return err
	}
	top, err := topParam(q, auditTops, 50)
	if err != nil {
		return err
	}
	labels, err := enumParam(q, "labels", []string{"none", "matched", "all"}, "matched")
	if err != nil {
		return err
	}
	filter, err := parseItemFilter(c.feed, c.filter)
	if err != nil {
		return err
	}
	items, _, next := s.listPage(r, c, selection{
		ranges: []timeRange{secondRange(auditTargets[target], start, end, inclusive)},
		filter: filter,
		order:  order,
	}, top)
	// labels describe details and never alter items: audit keys are hashes of them.
	s.writeOK(w, string(c.feed.kind), auditPage{Items: items, NextLink: next, Labels: labelsFor(labels, items)})
	return nil
}

// wantsOnlyCSV reports whether an Accept header asks for text/csv and
// accepts no JSON. The simulator answers such requests 406 rather than
// rendering CSV (README).
func wantsOnlyCSV(accept string) bool {
	csv := false
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		switch {
		case err != nil:
		case mt == "text/csv":
			csv = true
		case mt == "application/json" || mt == "*/*" || mt == "application/*":
			return false
		}
	}
	return csv
}
