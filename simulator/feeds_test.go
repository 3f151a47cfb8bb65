package simulator

import (
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// TestEveryFeedHasOneCompleteDescriptor: a feed is its generator (gen) and
// its descriptor (feedList); each generator has exactly one descriptor, and
// every descriptor says everything the simulator asks of it.
func TestEveryFeedHasOneCompleteDescriptor(t *testing.T) {
	if got, want := slices.Sorted(slices.Values(Feeds())), slices.Sorted(slices.Values(gen.Kinds())); !slices.Equal(got, want) {
		t.Fatalf("descriptors for %v, generators for %v", got, want)
	}
	seen := map[Feed]bool{}
	for _, f := range feedList {
		if seen[f.kind] {
			t.Errorf("%s: two descriptors", f.kind)
		}
		seen[f.kind] = true
		switch {
		case !slices.Contains(AllRoles(), f.role):
			t.Errorf("%s: role %q", f.kind, f.role)
		case f.serve == nil || f.badRequest == nil || f.internalError == nil:
			t.Errorf("%s: no handler or error bodies", f.kind)
		case f.tokenParam == "" || (f.filter.header == "") == (f.filter.param == "") || f.filter.maxLen <= 0 || f.filter.parse == nil:
			t.Errorf("%s: incomplete paging or filter rule", f.kind)
		case len(f.groundTruth) == 0:
			t.Errorf("%s: no ground-truth target", f.kind)
		case f.visibility.precision != time.Second && f.visibility.precision != time.Millisecond:
			t.Errorf("%s: time precision %v", f.kind, f.visibility.precision)
		case (len(f.errorNumbers) > 0) != (f.numberedError != nil):
			t.Errorf("%s: error numbers without a body, or a body without numbers", f.kind)
		case f.rate < 0:
			t.Errorf("%s: negative default rate", f.kind)
		}
	}
}
