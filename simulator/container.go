package simulator

import (
	"net/http"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// The Container Security event logs (§6.1): four endpoints with one shape.

const (
	// containerRetention: startDateTime defaults to, and may reach back at
	// most, 30 days before the request (§6.1).
	containerRetention = 30 * 24 * time.Hour
	// containerPageSize is the page size: the endpoints take no `top` and
	// the document gives none; 25 is the default `top` of every other
	// Container Security list endpoint of the document (assumed, README).
	containerPageSize = 25
	// ecsMaxRecords: "This endpoint can return up to 10000 records" (the
	// document, amazonEcsSensorEventLogs only).
	ecsMaxRecords = 10000
)

// containerPage is the envelope of §6.1, in the documented field order: no
// totalCount.
type containerPage struct {
	Items    []map[string]any `json:"items"`
	NextLink string           `json:"nextLink,omitempty"`
	Count    int              `json:"count"`
}

// serveContainerEvents answers GET /v3.0/containerSecurity/<log> (§6.1):
// newest first by createdDateTime (documented), on a startDateTime and
// endDateTime range; a chain serves at most maxRecords records (0: all).
func serveContainerEvents(maxRecords int) func(*Simulator, http.ResponseWriter, *http.Request, *chain) error {
	return func(s *Simulator, w http.ResponseWriter, r *http.Request, c *chain) error {
		q := c.params
		// Compared at whole seconds, as the parameters are written: a start
		// of exactly 30 days back, formatted from a clock with
		// milliseconds, is not refused.
		retentionStart := c.asOf.Add(-containerRetention).Truncate(time.Second)
		// "endDateTime must be greater than startDateTime": an equal pair
		// is refused although the end second is served inclusively.
		start, end, err := timeBounds(q, "startDateTime", "endDateTime", retentionStart, c.asOf, false)
		if err != nil {
			return err
		}
		if start.Before(retentionStart) {
			return badReq(badTime, "startDateTime")
		}
		filter, err := parseItemFilter(c.feed, c.filter)
		if err != nil {
			return err
		}
		items, _, next := s.listPage(r, c, selection{
			ranges: []timeRange{secondRange(fieldEvent, start, end, true)},
			filter: filter,
			limit:  maxRecords,
		}, containerPageSize)
		s.writeOK(w, string(c.feed.kind), containerPage{Items: items, NextLink: next, Count: len(items)})
		return nil
	}
}

// containerLog is what tells one Container Security event log from the
// others.
type containerLog struct {
	kind   gen.Kind
	rate   float64      // default records per hour
	fields filterFields // its TMV1-Filter fields (fields.go)
	// contains: the filter takes contains() besides eq (§6.1).
	contains bool
	// precision of createdDateTime.
	precision time.Duration
	// maxRecords is the most records a chain serves (0: all).
	maxRecords int
}

// containerFeeds declares the Container Security event logs, which share
// the rest: the Container Protection permission, TMV1-Filter of 1024
// characters re-sent on every page, skipToken, one error model,
// createdDateTime as their only time and no ingestion time in their items,
// so that, like the search sources, they are windowed on the event time and
// a record shows up an ingestion delay after it.
func containerFeeds(logs ...containerLog) []*feed {
	feeds := make([]*feed, len(logs))
	for i, l := range logs {
		feeds[i] = &feed{
			kind: l.kind, role: RoleContainer, serve: serveContainerEvents(l.maxRecords),
			tokenParam: "skipToken",
			filter:     tmv1Filter(1024, l.fields, filterlang.FilterOptions{AllowContains: l.contains}),
			badRequest: containerBadRequest, internalError: containerInternalError,
			groundTruth: map[string]timeField{"createdDateTime": fieldEvent},
			visibility:  visibility{delayed: true, precision: l.precision},
			rate:        l.rate,
		}
	}
	return feeds
}
