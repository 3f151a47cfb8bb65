//go:build e2e

package e2e

import (
	"testing"
	"time"
)

// truth is the simulator's ground truth: record keys by stream name (for
// workbench_alert_updates, every alert version).
type truth map[string][]string

// fetchTruth asks the simulator for every record up to stop.
func fetchTruth(t *testing.T, sim *simProcess, stop time.Time) truth {
	t.Helper()
	from := sim.started.Add(-simHistory - time.Hour)
	to := stop.Add(time.Hour)
	out := truth{}
	for _, s := range streams {
		out[s.name] = sim.groundTruth(t, s.feed, s.target, from, to, s.update)
	}
	return out
}

// total counts the records the exact streams (all but updates) hold.
func (tr truth) total() int { return sumExact(func(name string) int { return len(tr[name]) }) }

// sumExact adds up count over the streams compared exactly: all but
// workbench updates, which are a subset of the versions.
func sumExact(count func(name string) int) int {
	n := 0
	for _, s := range streams {
		if !s.update {
			n += count(s.name)
		}
	}
	return n
}

// delivered is what the file exporter wrote, by stream name.
type delivered map[string][]record

// add appends what read returns; a read error fails the test.
func (d delivered) add(t *testing.T, read func() (map[string][]record, error)) {
	t.Helper()
	more, err := read()
	if err != nil {
		t.Fatal(err)
	}
	for name, recs := range more {
		d[name] = append(d[name], recs...)
	}
}

func (d delivered) merged(other delivered) delivered {
	out := delivered{}
	for _, m := range []delivered{d, other} {
		for name, recs := range m {
			out[name] = append(out[name], recs...)
		}
	}
	return out
}

func (d delivered) uids(name string) []string {
	out := make([]string, len(d[name]))
	for i, r := range d[name] {
		out[i] = r.uid
	}
	return out
}

// total counts the records of the exact streams (all but updates).
func (d delivered) total() int { return sumExact(func(name string) int { return len(d[name]) }) }

// flowing reports whether every exact stream has delivered something.
func (d delivered) flowing() bool {
	for _, s := range streams {
		if !s.update && len(d[s.name]) == 0 {
			return false
		}
	}
	return true
}

// covers reports whether every exact stream holds at least its ground truth.
func (d delivered) covers(tr truth) bool {
	for _, s := range streams {
		if missing, _ := diff(d.uids(s.name), tr[s.name]); !s.update && len(missing) > 0 {
			return false
		}
	}
	return true
}

// diff compares two lists of keys as multisets: missing are in want more
// often than in got, extra in got more often than in want.
func diff(got, want []string) (missing, extra []string) {
	count := map[string]int{}
	for _, k := range want {
		count[k]++
	}
	for _, k := range got {
		count[k]--
	}
	for k, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, k)
		}
		for ; n < 0; n++ {
			extra = append(extra, k)
		}
	}
	return missing, extra
}

// notIn lists the keys that are not in set at all.
func notIn(keys, set []string) []string {
	in := map[string]bool{}
	for _, k := range set {
		in[k] = true
	}
	var out []string
	for _, k := range keys {
		if !in[k] {
			out = append(out, k)
		}
	}
	return out
}

// doubled counts the records delivered more often than want holds them,
// and returns every copy of those records.
func doubled(recs []record, want []string) (int, []record) {
	count := map[string]int{}
	for _, k := range want {
		count[k]--
	}
	for _, r := range recs {
		count[r.uid]++
	}
	n := 0
	var copies []record
	for _, r := range recs {
		if count[r.uid] > 0 {
			copies = append(copies, r)
		}
	}
	for _, c := range count {
		n += max(c, 0)
	}
	return n, copies
}

// span is the earliest and latest windowed time of recs.
func span(recs []record) (first, last time.Time) {
	for i, r := range recs {
		if i == 0 || r.at.Before(first) {
			first = r.at
		}
		if r.at.After(last) {
			last = r.at
		}
	}
	return first, last
}
