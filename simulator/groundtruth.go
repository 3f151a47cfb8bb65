package simulator

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// GroundTruth lists the key of every record visible now whose target time
// lies in [start, end), oldest first (ties by key), each record once, so keys
// shared by several records (identical audit entries) appear as often. With
// versions (workbench only) it lists `<id>@<updatedDateTime>` for every
// visible alert version instead: with target updatedDateTime, the versions
// whose own time is in range; with createdDateTime, every version of the
// alerts created in range.
func (s *Simulator) GroundTruth(kind Feed, target string, start, end time.Time, versions bool) ([]string, error) {
	return s.groundTruth(kind, target, start, end, versions, nil)
}

// GroundTruthMatching is GroundTruth (without versions) restricted to the
// records that filter selects: filter is the feed's TMV1-Filter, or its
// TMV1-Query for a search source, parsed and matched exactly as the endpoint
// does, on the item as rendered now. An empty filter, or the query `*`,
// selects every record; a filter the endpoint would refuse is an error.
func (s *Simulator) GroundTruthMatching(kind Feed, target string, start, end time.Time, filter string) ([]string, error) {
	f := feedByKind(kind)
	if f == nil {
		return nil, errNoTarget(kind, target)
	}
	keep, err := parseItemFilter(f, filter)
	if err != nil {
		return nil, fmt.Errorf("feed %q refuses the filter %q: %w", kind, filter, err)
	}
	return s.groundTruth(kind, target, start, end, false, keep)
}

// groundTruth is GroundTruth for the records keep selects (nil: all).
func (s *Simulator) groundTruth(kind Feed, target string, start, end time.Time, versions bool, keep itemFilter) ([]string, error) {
	f := feedByKind(kind)
	if f == nil {
		return nil, errNoTarget(kind, target)
	}
	field, ok := f.groundTruth[target]
	if !ok {
		return nil, errNoTarget(kind, target)
	}
	if versions && !gen.HasVersions(kind) {
		return nil, fmt.Errorf("versions exist for %s only", strings.Join(feedsWithVersions(), ", "))
	}
	now := s.clock.Now()
	fs := s.stores[kind]
	v := view{fs: fs, recs: fs.snapshot(now), asOf: now.UnixMilli(), stop: s.stopMs()}
	from, to := start.UnixMilli(), end.UnixMilli()

	lo, hi := eventRange(v.recs, fs.firstMs, v.asOf+1)
	switch field {
	case fieldEvent:
		lo, hi = narrow(v.recs, lo, hi, from, to)
	case fieldIngested:
		lo, hi = narrow(v.recs, lo, hi, from-fs.maxDelayMs(), to)
	}
	type entry struct {
		t   int64
		key string
	}
	var out []entry
	inRange := func(t int64) bool { return t >= from && t < to }
	for i := lo; i < hi; i++ {
		r := v.recs[i]
		if !v.visible(r) || keep != nil && !keep(v.item(int32(i))) {
			continue
		}
		gr := fs.genRecord(r)
		if versions {
			id := gen.Key(gr)
			for j, vt := range gen.Versions(gr) {
				t := vt.UnixMilli()
				if j > 0 && t > v.asOf {
					break // a later version is not visible yet
				}
				if (field == fieldUpdated && inRange(t)) || (field == fieldEvent && inRange(r.ms)) {
					out = append(out, entry{t, id + "@" + vt.UTC().Format(time.RFC3339)})
				}
			}
			continue
		}
		var t int64
		switch field {
		case fieldEvent:
			t = r.ms
		case fieldIngested:
			t = fs.ingestedMs(r)
		case fieldUpdated:
			t = updatedMs(gr, v.asOf)
		}
		if inRange(t) {
			out = append(out, entry{t, gen.Key(gr)})
		}
	}
	slices.SortFunc(out, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.key, b.key))
	})
	keys := make([]string, len(out))
	for i, e := range out {
		keys[i] = e.key
	}
	return keys, nil
}

func errNoTarget(kind Feed, target string) error {
	return fmt.Errorf("feed %q has no ground-truth target %q", kind, target)
}

// feedsWithVersions names the feeds whose items change (gen.HasVersions).
func feedsWithVersions() []string {
	var names []string
	for _, f := range feedList {
		if gen.HasVersions(f.kind) {
			names = append(names, string(f.kind))
		}
	}
	return names
}
