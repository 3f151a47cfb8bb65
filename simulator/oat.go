package simulator

import (
	"net/http"
	"net/url"
	"time"
)

const (
	oatRetention     = 365 * 24 * time.Hour // §1.9
	oatDefaultWindow = time.Hour            // §3.1, the OpenAPI document's default
)

var oatTops = []int{50, 100, 200}

// serveOAT answers GET /v3.0/oat/detections (§3.1–3.3): newest first by
// detectedDateTime, end bounds exclusive (§3.1, as observed by other
// integrations).
//
// The detected range always applies: what of its pair is not sent takes the
// documented default (detectedStartDateTime 1 hour before the request,
// detectedEndDateTime the time of the request), also when the ingested pair
// is sent. The ingested range, when sent, applies as well: a record must lie
// in both. See "OAT time ranges" in README.md.
func (s *Simulator) serveOAT(w http.ResponseWriter, r *http.Request, c *chain) error {
	q := c.params
	detected, err := oatRange(q, "detected", fieldEvent, c.asOf)
	if err != nil {
		return err
	}
	ranges := []timeRange{detected}
	if q.Has("ingestedStartDateTime") || q.Has("ingestedEndDateTime") {
		tr, err := oatRange(q, "ingested", fieldIngested, c.asOf)
		if err != nil {
			return err
		}
		ranges = append(ranges, tr)
	}
	top, err := topParam(q, oatTops, 50)
	if err != nil {
		return err
	}
	filter, err := parseItemFilter(c.feed, c.filter)
	if err != nil {
		return err
	}
	items, total, next := s.listPage(r, c, selection{ranges: ranges, filter: filter}, top)
	s.writeOK(w, string(c.feed.kind), countedPage{TotalCount: total, Count: len(items), Items: items, NextLink: next})
	return nil
}

// oatRange reads one pair (detected or ingested) of OAT time parameters and
// applies the retention rules: nothing older than 365 days, no range longer
// than 365 days, no end in the future (§1.9, §3.1).
func oatRange(q url.Values, pair string, field timeField, now time.Time) (timeRange, error) {
	startParam, endParam := pair+"StartDateTime", pair+"EndDateTime"
	start, end, err := timeBounds(q, startParam, endParam, now.Add(-oatDefaultWindow), now, false)
	switch {
	case err != nil:
		return timeRange{}, err
	case end.After(now):
		return timeRange{}, badReq(badTime, endParam)
	case start.Before(now.Add(-oatRetention)), end.Sub(start) > oatRetention:
		return timeRange{}, badReq(badTime, startParam)
	}
	return secondRange(field, start, end, false), nil
}
