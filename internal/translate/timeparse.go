package translate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// textLayouts are the textual time formats Vision One serves (§1.4), tried in
// order after RFC 3339, which covers "…Z", fractional seconds and "+00:00"
// offsets (time.Parse accepts a fraction after the seconds in any layout).
var textLayouts = []string{
	"2006-01-02T15:04:05Z0700", // search rt: 2022-07-11T13:35:34+0000
	"2006-01-02 15:04:05",      // audit variant: 2022-07-16 04:30:04 (UTC)
	"2006-01-02T15:04:05",      // no zone (the vone SDK accepts it): UTC
}

// secondsCutoff splits epoch numbers into seconds and milliseconds. The API
// documents epoch milliseconds, but some networkActivities examples carry
// epoch seconds (eventTime 1599465660, §4.2 sample). As milliseconds any
// value below 1e11 is before March 1973, and as seconds it is before year
// 5138, so the magnitude tells them apart without ambiguity for real data.
const secondsCutoff = 1e11

var (
	minTime = time.Unix(0, 0)
	maxTime = time.Unix(0, math.MaxInt64) // the last instant a pcommon.Timestamp holds

	errOutOfRange = errors.New("out of range (1970 to 2262)")
)

// ParseTime parses any time format Vision One serves (§1.4): RFC 3339 with
// "Z" or "+00:00", with or without fractional seconds; "+0000" offsets;
// "2006-01-02 15:04:05" and "2006-01-02T15:04:05" without a zone (UTC); and
// epoch numbers as text ("1715677376000", "1706163419460.0"), milliseconds
// or, below 1e11, seconds.
func ParseTime(s string) (time.Time, error) {
	if isNumeric(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return fromEpochInt(n)
		}
		f, err := strconv.ParseFloat(s, 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			return time.Time{}, errOutOfRange
		case err != nil:
			return time.Time{}, unrecognised(s)
		}
		return fromEpochFloat(f)
	}
	t, err := time.Parse(time.RFC3339, s)
	for i := 0; err != nil && i < len(textLayouts); i++ {
		t, err = time.Parse(textLayouts[i], s)
	}
	if err != nil {
		return time.Time{}, unrecognised(s)
	}
	return inRange(t)
}

// unrecognised quotes at most the first 40 bytes: enough to see the format,
// bounded whatever the item holds.
func unrecognised(s string) error {
	const limit = 40
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return fmt.Errorf("unrecognised time %q", s)
}

// timeValue reads a time from a decoded JSON value: text in any ParseTime
// format, or an epoch number.
func timeValue(v pcommon.Value) (time.Time, error) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return ParseTime(v.Str())
	case pcommon.ValueTypeInt:
		return fromEpochInt(v.Int())
	case pcommon.ValueTypeDouble:
		return fromEpochFloat(v.Double())
	default:
		return time.Time{}, fmt.Errorf("is %s, not a time", typeName(v))
	}
}

func fromEpochInt(n int64) (time.Time, error) {
	if n > -secondsCutoff && n < secondsCutoff {
		return inRange(time.Unix(n, 0))
	}
	return inRange(time.UnixMilli(n))
}

func fromEpochFloat(f float64) (time.Time, error) {
	switch {
	case math.IsNaN(f) || math.Abs(f) >= 1e16: // beyond 2262 even as milliseconds
		return time.Time{}, errOutOfRange
	case math.Abs(f) < secondsCutoff:
		return inRange(time.UnixMicro(int64(math.Round(f * 1e6))))
	default:
		return inRange(time.UnixMicro(int64(math.Round(f * 1e3))))
	}
}

func inRange(t time.Time) (time.Time, error) {
	if t.Before(minTime) || t.After(maxTime) {
		return time.Time{}, errOutOfRange
	}
	return t.UTC(), nil
}

// isNumeric reports whether s looks like a JSON number (digits, sign,
// fraction, exponent), leaving "Inf", "NaN" and hex floats to the layouts,
// which reject them.
func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == '-', c == '+', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

// typeName names a value's JSON type, with its article, for error messages.
func typeName(v pcommon.Value) string {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return "a string"
	case pcommon.ValueTypeInt, pcommon.ValueTypeDouble:
		return "a number"
	case pcommon.ValueTypeBool:
		return "a boolean"
	case pcommon.ValueTypeMap:
		return "an object"
	case pcommon.ValueTypeSlice:
		return "an array"
	default:
		return "null"
	}
}
