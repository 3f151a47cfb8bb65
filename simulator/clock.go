package simulator

import (
	"sync"
	"time"
)

// ClockMode says where a Clock's time comes from.
type ClockMode string

// Clock modes.
const (
	ClockReal   ClockMode = "real"   // wall time
	ClockOffset ClockMode = "offset" // wall time plus a fixed offset
	ClockManual ClockMode = "manual" // moves only through Advance and Set
)

// Clock is the simulated time that decides which records exist and are
// visible, token expiry and retention, and that every answer's Date header
// tells. It is safe for concurrent use. Rate limiting deliberately does not
// use it (see Options.RateClock).
type Clock struct {
	wall func() time.Time

	mu     sync.Mutex
	mode   ClockMode
	offset time.Duration // real and offset modes
	manual time.Time     // manual mode
}

// RealClock follows wall time. Advance or Set turn it into an offset clock.
func RealClock() *Clock { return &Clock{wall: time.Now, mode: ClockReal} }

// OffsetClock follows wall time shifted by d.
func OffsetClock(d time.Duration) *Clock {
	return &Clock{wall: time.Now, mode: ClockOffset, offset: d}
}

// ManualClock stands at t until Advance or Set moves it.
func ManualClock(t time.Time) *Clock {
	return &Clock{wall: time.Now, mode: ClockManual, manual: t.UTC()}
}

// Now returns the simulated time in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mode == ClockManual {
		return c.manual
	}
	return c.wall().Add(c.offset).UTC()
}

// Mode reports the clock's current mode.
func (c *Clock) Mode() ClockMode {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mode
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mode == ClockManual {
		c.manual = c.manual.Add(d)
		return
	}
	c.offset += d
	c.mode = ClockOffset
}

// Set moves the clock to t. A real or offset clock keeps running from t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.mode == ClockManual {
		c.manual = t.UTC()
		return
	}
	c.offset = t.Sub(c.wall())
	c.mode = ClockOffset
}
