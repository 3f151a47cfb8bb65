package simulator

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// timeParamRE is the only time syntax the simulator accepts: second
// precision, UTC, `Z` (§1.4, §7.2). It also enforces search's 20-char cap.
var timeParamRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// timeParam reads an optional time parameter; absent or empty gives def.
func timeParam(q url.Values, name string, def time.Time) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	if !timeParamRE.MatchString(s) {
		return time.Time{}, badReq(badTime, name)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil { // matches the pattern but is no date, e.g. month 13
		return time.Time{}, badReq(badTime, name)
	}
	return t, nil
}

// timeBounds reads a start/end parameter pair with defaults and rejects an
// inverted range: start must be before end, or equal to it when the end
// second is inclusive (a one-second range).
func timeBounds(q url.Values, startName, endName string, defStart, defEnd time.Time, endInclusive bool) (start, end time.Time, err error) {
	if start, err = timeParam(q, startName, defStart); err != nil {
		return
	}
	if end, err = timeParam(q, endName, defEnd); err != nil {
		return
	}
	if start.After(end) || (!endInclusive && start.Equal(end)) {
		err = badReq(badTime, startName)
	}
	return
}

// enumParam reads a parameter that must be one of allowed; absent gives def.
func enumParam(q url.Values, name string, allowed []string, def string) (string, error) {
	if !q.Has(name) {
		return def, nil
	}
	v := q.Get(name)
	if !slices.Contains(allowed, v) {
		return "", badReq(badParam, name)
	}
	return v, nil
}

// topParam reads `top`, which must be written exactly as one of allowed.
func topParam(q url.Values, allowed []int, def int) (int, error) {
	names := make([]string, len(allowed))
	for i, n := range allowed {
		names[i] = strconv.Itoa(n)
	}
	v, err := enumParam(q, "top", names, strconv.Itoa(def))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}

// timeRange selects records whose field lies in [from, to), Unix ms.
type timeRange struct {
	field timeField
	from  int64
	to    int64
}

// timeField names the time a range applies to.
type timeField int

const (
	fieldEvent             timeField = iota // createdDateTime, detectedDateTime, loggedDateTime, eventTime
	fieldIngested                           // OAT/audit ingestedDateTime
	fieldUpdated                            // the latest version time as of the snapshot (workbench, case updatedDateTime; task lastActionDateTime)
	fieldFirstInvestigated                  // workbench firstInvestigatedDateTime (rendered)
)

// secondRange turns second-precision bounds into a half-open millisecond
// range. An inclusive end covers every record within its second.
func secondRange(field timeField, start, end time.Time, endInclusive bool) timeRange {
	to := end.UnixMilli()
	if endInclusive {
		to += 1000
	}
	return timeRange{field: field, from: start.UnixMilli(), to: to}
}

// orderParam reads orderBy (at most maxLen characters) or takes def. Terms
// without a direction take def's first direction.
func orderParam(q url.Values, maxLen int, allowed map[string]bool, def string) ([]orderKey, error) {
	defKeys, err := parseOrderBy(def, allowed, true)
	if err != nil {
		return nil, err
	}
	if !q.Has("orderBy") {
		return defKeys, nil
	}
	s := q.Get("orderBy")
	if len(s) > maxLen {
		return nil, badReq(badParam, "orderBy")
	}
	keys, err := parseOrderBy(s, allowed, defKeys[0].desc)
	if err != nil {
		return nil, badReq(badParam, "orderBy")
	}
	return keys, nil
}
