package simulator

import (
	"encoding/binary"
	"hash/fnv"
	"net/http"
	"strings"
	"time"
)

const (
	searchDefaultWindow  = 24 * time.Hour // §4.1
	performancePageLimit = 500            // mode=performance returns at most 500 records a call (§4.1)
	maxEmptyPages        = 2              // consecutive empty performance pages before data flows again
)

var searchTops = []int{50, 100, 500, 1000, 5000}

// searchPage is a data page of §4.2, in the documented field order: no counts.
type searchPage struct {
	NextLink     string           `json:"nextLink,omitempty"`
	ProgressRate int              `json:"progressRate"`
	Items        []map[string]any `json:"items"`
}

type searchCount struct {
	TotalCount int `json:"totalCount"`
}

// serveSearch answers GET /v3.0/search/<source> (§4.1–4.3): newest first by
// eventTime, both bounds inclusive (§4.1, as observed by other
// integrations).
func (s *Simulator) serveSearch(w http.ResponseWriter, r *http.Request, c *chain) error {
	if c.filter == "" { // TMV1-Query is required (§1.3)
		return badReq(badFilter, c.feed.filter.header)
	}
	q := c.params
	start, end, err := timeBounds(q, "startDateTime", "endDateTime", c.asOf.Add(-searchDefaultWindow), c.asOf, true)
	if err != nil {
		return err
	}
	top, err := topParam(q, searchTops, 500)
	if err != nil {
		return err
	}
	mode, err := enumParam(q, "mode", []string{"default", "countOnly", "performance"}, "default")
	if err != nil {
		return err
	}
	fields := q.Get("select")
	if len(fields) > 2048 {
		return badReq(badParam, "select")
	}
	filter, err := parseItemFilter(c.feed, c.filter)
	if err != nil {
		return err
	}
	m := s.matches(c, selection{ranges: []timeRange{secondRange(fieldEvent, start, end, true)}, filter: filter})
	endpoint := string(c.feed.kind)
	if mode == "countOnly" {
		s.writeOK(w, endpoint, searchCount{TotalCount: len(m)})
		return nil
	}

	var body searchPage
	next, empty, more := c.offset, c.empty+1, true
	if mode != "performance" || !s.emptyPerformancePage(c, len(m)) {
		size := top
		if mode == "performance" {
			size = performancePageLimit
		}
		var page []int32
		page, next, more = s.pageOf(c, m, size)
		body.Items, empty = s.render(c, page), 0
	}
	body.ProgressRate = 100
	if more {
		body.NextLink = s.nextLink(r, c, next, empty)
		body.ProgressRate = min(99, 100*next/max(len(m), 1))
	}
	if body.Items == nil {
		body.Items = []map[string]any{}
	}
	selectFields(body.Items, fields)
	s.writeOK(w, endpoint, body)
	return nil
}

// emptyPerformancePage decides, deterministically per chain and position,
// whether a performance-mode call returns no records yet (progressRate < 100
// and a nextLink, §1.5, §4.1). At most maxEmptyPages follow one another.
func (s *Simulator) emptyPerformancePage(c *chain, total int) bool {
	if c.offset >= total || c.empty >= maxEmptyPages {
		return false
	}
	h := fnv.New64a()
	h.Write([]byte(c.fingerprint))
	h.Write(binary.LittleEndian.AppendUint64(nil, uint64(c.offset)<<8|uint64(c.empty)))
	return h.Sum64()%3 == 0
}

// selectFields keeps only the listed fields of each item (`select`, §4.1).
func selectFields(items []map[string]any, list string) {
	if strings.TrimSpace(list) == "" {
		return
	}
	keep := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		keep[strings.TrimSpace(f)] = true
	}
	for _, item := range items {
		for k := range item {
			if !keep[k] {
				delete(item, k)
			}
		}
	}
}
