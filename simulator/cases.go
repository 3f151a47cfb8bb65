package simulator

import (
	"net/url"
	"time"
)

// caseList answers GET /v3.0/caseManagement/cases (§6.2): a range (from
// 1970 by default) on createdDateTime or updatedDateTime, the latter the
// case's latest version time as of the snapshot; orderBy on priority and
// createdDateTime (default createdDateTime desc).
var caseList = rangedList{
	bounds: func(q url.Values, asOf time.Time) (time.Time, time.Time, error) {
		return timeBounds(q, "startDateTime", "endDateTime", time.Unix(0, 0).UTC(), asOf, true)
	},
	targets:  []string{"createdDateTime", "updatedDateTime"},
	fields:   map[string]timeField{"createdDateTime": fieldEvent, "updatedDateTime": fieldUpdated},
	orderCap: 32, orderFields: caseOrderFields, defaultOrder: "createdDateTime desc",
	tops: []int{10, 50, 100}, defaultTop: 50,
}
