package translate

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

func TestParseTime(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return tm.UTC()
	}
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{in: "2024-05-14T08:48:20Z", want: utc("2024-05-14T08:48:20Z")},
		{in: "2022-09-05T03:53:49.802Z", want: utc("2022-09-05T03:53:49.802Z")},
		{in: "2021-06-10T01:38:38+00:00", want: utc("2021-06-10T01:38:38Z")},
		{in: "2021-10-01T21:35:54.241000+00:00", want: utc("2021-10-01T21:35:54.241Z")},
		{in: "2024-05-14T10:48:20+02:00", want: utc("2024-05-14T08:48:20Z")},
		{in: "2022-07-11T13:35:34+0000", want: utc("2022-07-11T13:35:34Z")},
		{in: "2022-07-11T15:35:34+0200", want: utc("2022-07-11T13:35:34Z")},
		{in: "2022-07-16 04:30:04", want: utc("2022-07-16T04:30:04Z")},
		{in: "2022-07-16 04:30:04.5", want: utc("2022-07-16T04:30:04.5Z")},
		{in: "2022-07-16T04:30:04", want: utc("2022-07-16T04:30:04Z")},
		{in: "1715677376000", want: utc("2024-05-14T09:02:56Z")},
		{in: "1706163419460.0", want: utc("2024-01-25T06:16:59.46Z")},
		{in: "1706163419460.5", want: utc("2024-01-25T06:16:59.4605Z")},
		{in: "1.71567737600e12", want: utc("2024-05-14T09:02:56Z")},
		{in: "1599465660", want: utc("2020-09-07T08:01:00Z")}, // epoch seconds (networkActivities sample)
		{in: "1599465660.25", want: utc("2020-09-07T08:01:00.25Z")},
		{in: "0", want: utc("1970-01-01T00:00:00Z")},

		{in: "", wantErr: "unrecognised"},
		{in: "yesterday", wantErr: "unrecognised"},
		{in: "2024-05-14", wantErr: "unrecognised"},
		{in: "2024-13-01T00:00:00Z", wantErr: "unrecognised"},
		{in: "2024-05-14T25:00:00Z", wantErr: "unrecognised"},
		{in: "14/05/2024 08:48:20", wantErr: "unrecognised"},
		{in: "NaN", wantErr: "unrecognised"},
		{in: "Inf", wantErr: "unrecognised"},
		{in: "0x1p40", wantErr: "unrecognised"},
		{in: "1-2", wantErr: "unrecognised"},
		{in: "-", wantErr: "unrecognised"},
		{in: "-5", wantErr: "out of range"},
		{in: "1e400", wantErr: "out of range"},
		{in: "99999999999999999999", wantErr: "out of range"},
		{in: "1969-12-31T23:59:59Z", wantErr: "out of range"},
		{in: "2263-01-01T00:00:00Z", wantErr: "out of range"},
		{in: "9999999999999999", wantErr: "out of range"}, // milliseconds past 2262
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTime(tt.in)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
}

func TestParseTimeErrorIsBounded(t *testing.T) {
	_, err := ParseTime(strings.Repeat("x", 1000))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200)
}

func TestTimeValue(t *testing.T) {
	tests := []struct {
		name    string
		set     func(pcommon.Value)
		want    time.Time
		wantErr string
	}{
		{"epoch ms int", func(v pcommon.Value) { v.SetInt(1715676500000) }, time.UnixMilli(1715676500000).UTC(), ""},
		{"epoch s int", func(v pcommon.Value) { v.SetInt(1599465660) }, time.Unix(1599465660, 0).UTC(), ""},
		{"epoch ms double", func(v pcommon.Value) { v.SetDouble(1706163419460.0) }, time.UnixMilli(1706163419460).UTC(), ""},
		{"text", func(v pcommon.Value) { v.SetStr("2024-05-14T08:48:20Z") }, time.Unix(1715676500, 0).UTC(), ""},
		{"bool", func(v pcommon.Value) { v.SetBool(true) }, time.Time{}, "is a boolean, not a time"},
		{"object", func(v pcommon.Value) { v.SetEmptyMap() }, time.Time{}, "is an object, not a time"},
		{"NaN", func(v pcommon.Value) { v.SetDouble(math.NaN()) }, time.Time{}, "out of range"},
		{"negative", func(v pcommon.Value) { v.SetInt(-1715676500000) }, time.Time{}, "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := pcommon.NewValueEmpty()
			tt.set(v)
			got, err := timeValue(v)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
