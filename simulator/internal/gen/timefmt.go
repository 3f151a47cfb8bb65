package gen

import (
	"strconv"
	"time"
)

// The API's output timestamps are not uniform (§1.4); these
// helpers name each shape once.

// isoSeconds: workbench created/updated, OAT detected/ingested, audit times.
func isoSeconds(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// isoMillis: workbench matchedDateTime, TI first/last seen, cloud eventTimeDT.
func isoMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// offsetSeconds: search eventTimeDT such as 2021-06-10T01:38:38+00:00.
func offsetSeconds(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-07:00") }

// offsetMicros: search eventTimeDT such as 2021-10-01T21:35:54.241000+00:00.
func offsetMicros(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000-07:00") }

// compactOffset: detections rt such as 2022-07-11T13:35:34+0000.
func compactOffset(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

// eventTimeDT renders the instant t exactly: with whole seconds the short
// +00:00 form, otherwise the microsecond form (both documented in §1.4).
func eventTimeDT(t time.Time) string {
	if t.Nanosecond() == 0 {
		return offsetSeconds(t)
	}
	return offsetMicros(t)
}

// epochMillis is the string form of an epoch-milliseconds time ("1649806995000").
func epochMillis(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
