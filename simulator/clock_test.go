package simulator

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	wall := ts("2024-05-14T12:00:00Z")
	fakeWall := func() time.Time { return wall }
	tests := []struct {
		name     string
		clock    *Clock
		step     func(c *Clock)
		want     time.Time
		wantMode ClockMode
	}{
		{"real", &Clock{wall: fakeWall, mode: ClockReal}, func(*Clock) {}, wall, ClockReal},
		{"offset", &Clock{wall: fakeWall, mode: ClockOffset, offset: -time.Hour}, func(*Clock) {}, wall.Add(-time.Hour), ClockOffset},
		{"manual stands still", ManualClock(t0), func(*Clock) {}, t0, ClockManual},
		{"manual advance", ManualClock(t0), func(c *Clock) { c.Advance(90 * time.Second) }, t0.Add(90 * time.Second), ClockManual},
		{"manual set", ManualClock(t0), func(c *Clock) { c.Set(ts("2030-01-01T00:00:00Z")) }, ts("2030-01-01T00:00:00Z"), ClockManual},
		{"real advance becomes offset", &Clock{wall: fakeWall, mode: ClockReal}, func(c *Clock) { c.Advance(time.Minute) }, wall.Add(time.Minute), ClockOffset},
		{"real set becomes offset", &Clock{wall: fakeWall, mode: ClockReal}, func(c *Clock) { c.Set(t0.Add(-time.Hour)) }, t0.Add(-time.Hour), ClockOffset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.step(tt.clock)
			if got := tt.clock.Now(); !got.Equal(tt.want) {
				t.Errorf("Now = %v, want %v", got, tt.want)
			}
			if got := tt.clock.Mode(); got != tt.wantMode {
				t.Errorf("Mode = %v, want %v", got, tt.wantMode)
			}
		})
	}
}

func TestOffsetClockFollowsWallTime(t *testing.T) {
	wall := ts("2024-05-14T12:00:00Z")
	c := OffsetClock(time.Hour)
	c.wall = func() time.Time { return wall }
	first := c.Now()
	wall = wall.Add(time.Second)
	if got := c.Now().Sub(first); got != time.Second {
		t.Errorf("offset clock moved %v when the wall moved 1s", got)
	}
}
