package simulator

import (
	"net/url"
	"time"
)

// What the three task endpoints share (§6.3–6.5): a range over the tasks
// of the last 180 days, on createdDateTime or lastActionDateTime, the
// latter the task's latest version time as of the snapshot.

const taskRetention = 180 * 24 * time.Hour

var taskTargets = map[string]timeField{"createdDateTime": fieldEvent, "lastActionDateTime": fieldUpdated}

// retainedBounds reads startDateTime (default: the retention start) and
// endDateTime (default: the snapshot), both inclusive. A start before the
// retention start is the documented 400; the comparison is in whole
// seconds, so a client that computes its start as now − 180 days at
// second precision is not refused for the milliseconds it dropped.
func retainedBounds(q url.Values, asOf time.Time) (start, end time.Time, err error) {
	retentionStart := asOf.Add(-taskRetention).Truncate(time.Second)
	if start, end, err = timeBounds(q, "startDateTime", "endDateTime", retentionStart, asOf, true); err != nil {
		return start, end, err
	}
	if start.Before(retentionStart) {
		return start, end, badReq(badTime, "startDateTime")
	}
	return start, end, nil
}

// itemsPage is the response tasks' envelope: items and nextLink only (§6.3).
type itemsPage struct {
	Items    []map[string]any `json:"items"`
	NextLink string           `json:"nextLink,omitempty"`
}
