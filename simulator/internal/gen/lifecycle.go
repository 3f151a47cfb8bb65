package gen

import (
	"slices"
	"time"
)

// Cases and tasks change after they are created: each goes through a path
// of states, the first at its creation, the later ones at change times
// drawn from the record's own plan stream within its feed's change range.
// Version times are whole seconds and strictly increasing, so that
// `<id>@<time>` names each state once (the receiver's update key).

// changeRange bounds when an item's later changes happen after its
// creation.
type changeRange struct{ min, max time.Duration }

// of is the range that applies to r: the Record's own when the simulator
// set one (Options.ChangeRanges), else the feed's default.
func (c changeRange) of(r Record) (lo, hi time.Duration) {
	if r.ChangeMin == 0 && r.ChangeMax == 0 {
		return c.min, c.max
	}
	return r.ChangeMin, max(r.ChangeMin, r.ChangeMax)
}

// changeTimes draws n change times after r.Time within the range that
// applies to r: whole seconds, in order, at least one second apart (so the
// last may pass the range's end by n-1 seconds when the range is narrow).
func changeTimes(d *draw, r Record, n int, c changeRange) []time.Time {
	lo, hi := c.of(r)
	lo = (lo + time.Second - 1).Truncate(time.Second) // whole seconds, never before the range
	span := max(int64((hi-lo)/time.Second), 0)
	offsets := make([]int64, n)
	for i := range offsets {
		offsets[i] = d.Int64N(span + 1)
	}
	slices.Sort(offsets)
	for i := 1; i < n; i++ {
		offsets[i] = max(offsets[i], offsets[i-1]+1)
	}
	start := r.Time.Truncate(time.Second).Add(lo)
	times := make([]time.Time, n)
	for i, off := range offsets {
		times[i] = start.Add(time.Duration(off) * time.Second)
	}
	return times
}

// stateAsOf returns the index of the latest of times at or before asOf,
// or 0 (the initial state) when asOf precedes them all.
func stateAsOf(times []time.Time, asOf time.Time) int {
	i := 0
	for j, t := range times[1:] {
		if t.After(asOf) {
			break
		}
		i = j + 1
	}
	return i
}
