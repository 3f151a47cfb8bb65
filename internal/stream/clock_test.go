package stream

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// The API's time is the collector's unless the API's Date headers show the
// collector's running ahead (past the Date's one-second precision).
func TestClockFollowsTheAPIWhenTheCollectorRunsAhead(t *testing.T) {
	tests := []struct {
		name     string
		offset   *time.Duration // API minus collector; nil: no Date seen
		later    time.Duration  // collector time passing after the Date
		want     time.Duration  // Now minus the collector's time
		wantLogs []string
	}{
		{name: "no Date yet", want: 0},
		{name: "clocks agree", offset: ptrDuration(0), later: time.Minute, want: 0},
		{name: "Date a second behind (precision)", offset: ptrDuration(-time.Second), want: 0},
		{name: "collector two hours ahead", offset: ptrDuration(-2 * time.Hour), later: time.Minute, want: -2 * time.Hour,
			wantLogs: []string{"clock is ahead"}},
		{name: "collector behind: its own clock, the safe side", offset: ptrDuration(10 * time.Minute), want: 0,
			wantLogs: []string{"clock is behind"}},
		{name: "the collector's clock stepped back past the Date", offset: ptrDuration(-2 * time.Hour), later: -3 * time.Hour,
			want: 0, wantLogs: []string{"clock is ahead"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			local := t0
			core, logs := observer.New(zapcore.InfoLevel)
			c := NewClock(func() time.Time { return local }, zap.New(core))
			if tt.offset != nil {
				c.Observe(t0.Add(*tt.offset))
				c.Observe(t0.Add(*tt.offset)) // a skew is reported once
			}
			local = local.Add(tt.later)
			assert.Equal(t, tt.want, c.Now().Sub(local))
			var got []string
			for _, e := range logs.All() {
				got = append(got, e.Message)
			}
			assert.Len(t, got, len(tt.wantLogs))
			for i, want := range tt.wantLogs {
				assert.Contains(t, got[i], want)
			}
			offset, known := c.Offset()
			assert.Equal(t, tt.offset != nil, known)
			if tt.offset != nil {
				assert.Equal(t, *tt.offset, offset)
			}
		})
	}
}

func ptrDuration(d time.Duration) *time.Duration { return &d }

// With several requests in flight, an answer sent earlier may arrive later:
// its older Date does not hold the API's clock back. A Date much older than
// that is the API's clock stepping back, and is followed.
func TestClockIgnoresAnswersThatWereLongerOnTheirWay(t *testing.T) {
	tests := []struct {
		name string
		age  time.Duration // how much older than expected the second Date is
		want time.Duration // Now minus the collector's time after it
	}{
		{"a minute older: a slow answer", time.Minute, 0},
		{"a second older: the Date's precision", time.Second, 0},
		{"an hour older: the API's clock stepped back", time.Hour, -time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			local := t0
			c := NewClock(func() time.Time { return local }, nil)
			c.Observe(t0)
			local = local.Add(90 * time.Second)
			c.Observe(local.Add(-tt.age))
			assert.Equal(t, tt.want, c.Now().Sub(local))
		})
	}
}
