package stream // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"

import (
	"sync"
	"time"

	"go.uber.org/zap"
)

const (
	// clockTolerance is how far the collector's clock may run ahead of the
	// API's before windows follow the API's: the Date header has whole
	// seconds, and a response arrives some time after it was dated.
	clockTolerance = 2 * time.Second
	// skewReported is the offset between the two clocks that is logged.
	skewReported = time.Minute
	// aheadTolerance: a checkpoint this far ahead of the API's clock cannot
	// have been written by a correct clock.
	aheadTolerance = 5 * time.Second
)

// Clock is the API's time as the streams of one receiver see it: the
// collector's clock, held back to the API's when the API's Date headers
// show the collector's running ahead. A window must never end after what
// the API could serve: a checkpoint moved into the future by a fast clock
// skips, once the clock is corrected, everything in between.
type Clock struct {
	local func() time.Time
	log   *zap.Logger

	mu sync.Mutex
	// date is the latest Date seen and at the collector's time it arrived:
	// the API's time later is date plus the time elapsed since at, which
	// time.Time measures on the monotonic clock, unmoved when the wall
	// clock is corrected.
	date, at time.Time
	skewed   bool // the current skew was logged
}

// NewClock returns a Clock over the collector's clock local (nil =
// time.Now), logging skew to log (nil = no logging).
func NewClock(local func() time.Time, log *zap.Logger) *Clock {
	if local == nil {
		local = time.Now
	}
	if log == nil {
		log = zap.NewNop()
	}
	return &Clock{local: local, log: log}
}

// staleDate bounds how much older than the Date last seen (as it has aged
// since) a Date may be and still be taken for a response that spent longer
// on its way: several requests are in flight at once, and one sent before
// another may answer after it. Ten minutes, though no answer takes more
// than the request timeout (60 s by default, a retry brings a fresh Date):
// tests move a manual clock minutes at a time between a request and its
// answer. An older Date is the API's clock stepping back, and is followed;
// a smaller step back is not, which matters only past ingestion_delay.
const staleDate = 10 * time.Minute

// Observe takes the Date of a response that has just arrived.
func (c *Clock) Observe(date time.Time) {
	at := c.local()
	offset := date.Sub(at)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() {
		if expected := c.date.Add(at.Sub(c.at)); date.Before(expected.Add(-clockTolerance)) && date.After(expected.Add(-staleDate)) {
			return // an answer that was on its way longer than the last one
		}
	}
	c.date, c.at = date, at
	skewed := offset <= -skewReported || offset >= skewReported
	if skewed && !c.skewed {
		fields := []zap.Field{zap.Stringer("offset", offset.Round(time.Second)), zap.Time("api_time", date)}
		if offset < 0 {
			c.log.Error("The collector's clock is ahead of the Vision One API's (its Date header): windows end by "+
				"the API's clock, so nothing is skipped, but fix the collector's clock (NTP)", fields...)
		} else {
			c.log.Warn("The collector's clock is behind the Vision One API's (its Date header): records arrive "+
				"later than they could; fix the collector's clock (NTP)", fields...)
		}
	}
	if !skewed && c.skewed {
		c.log.Info("The collector's clock agrees with the Vision One API's again", zap.Stringer("offset", offset.Round(time.Second)))
	}
	c.skewed = skewed
}

// Now is the API's time as far as it is known: the collector's, unless the
// API's Date headers show it ahead.
func (c *Clock) Now() time.Time {
	now := c.local()
	c.mu.Lock()
	defer c.mu.Unlock()
	elapsed := now.Sub(c.at)
	if c.at.IsZero() || elapsed < 0 {
		// No Date yet, or a clock without a monotonic reading stepped
		// back past it (time.Now's readings never go back).
		return now
	}
	if api := c.date.Add(elapsed); now.Sub(api) > clockTolerance {
		return api
	}
	return now
}

// Offset is the API's clock minus the collector's at the latest Date; false
// before any.
func (c *Clock) Offset() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.date.Sub(c.at), !c.at.IsZero()
}
