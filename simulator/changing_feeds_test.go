package simulator

import (
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// changingFeeds are the feeds of cases and tasks, whose items change after
// creation: the field carrying the version time, and whether the endpoint
// ranges over it (dateTimeTarget).
var changingFeeds = []struct {
	kind    gen.Kind
	changed string
	ranged  bool
}{
	{gen.Cases, "updatedDateTime", true},
	{gen.ResponseTasks, "lastActionDateTime", true},
	{gen.PlaybookTasks, "lastActionDateTime", false},
	{gen.EndpointSecurityTasks, "lastActionDateTime", true},
}

// laterChange finds a record of kind created in the last hours whose first
// change is still to come at t0.
func laterChange(t *testing.T, h *harness, kind gen.Kind) (gen.Record, []time.Time) {
	t.Helper()
	fs := h.sim.stores[kind]
	for _, r := range fs.snapshot(t0) {
		gr := fs.genRecord(r)
		if vs := gen.Versions(gr); len(vs) >= 2 && vs[1].After(t0.Add(time.Minute)) && vs[0].Before(t0) {
			return gr, vs
		}
	}
	t.Fatalf("%s: no record changes after %v", kind, t0)
	return gen.Record{}, nil
}

// servedItem fetches the item of gr through the API, by its creation second.
func servedItem(t *testing.T, h *harness, gr gen.Record) map[string]any {
	t.Helper()
	at := fmtTime(gr.Time)
	for _, it := range itemsOf(h.walk("/v3.0/"+string(gr.Kind)+"?startDateTime="+at+"&endDateTime="+at, nil)) {
		if it["id"] == gen.Key(gr) {
			return it
		}
	}
	t.Fatalf("%s: %s not served", gr.Kind, gen.Key(gr))
	return nil
}

// TestChangingItemsAsOfTheClock: an item shows the state of its latest
// version as of the request; a dateTimeTarget on the version time finds it
// by that version only; the ground truth lists `<id>@<version time>` for
// each version so far, the keys a reader of the changes computes.
func TestChangingItemsAsOfTheClock(t *testing.T) {
	for _, f := range changingFeeds {
		t.Run(string(f.kind), func(t *testing.T) {
			h := newHarness(t, Options{Rates: busyRates})
			gr, vs := laterChange(t, h, f.kind)
			id := gen.Key(gr)
			for i, v := range vs[:min(len(vs), 3)] {
				if i == 0 { // created before t0, changed after
					h.sim.SetTime(t0)
				} else {
					h.sim.SetTime(v.Add(-time.Second))
					if got := servedItem(t, h, gr)[f.changed]; got != fmtTime(vs[i-1]) {
						t.Fatalf("a second before version %d: %s %v, want %s", i, f.changed, got, fmtTime(vs[i-1]))
					}
					h.sim.SetTime(v)
				}
				item := servedItem(t, h, gr)
				if item[f.changed] != fmtTime(v) {
					t.Fatalf("at version %d: %s %v, want %s", i, f.changed, item[f.changed], fmtTime(v))
				}
				truth, _ := h.sim.GroundTruth(f.kind, "createdDateTime", gr.Time, gr.Time.Add(time.Second), true)
				var mine []string
				for _, k := range truth {
					if strings.HasPrefix(k, id+"@") {
						mine = append(mine, k)
					}
				}
				if len(mine) != i+1 || mine[i] != id+"@"+item[f.changed].(string) {
					t.Fatalf("at version %d the ground truth lists %v, the item says %s", i, mine, item[f.changed])
				}
				if !f.ranged {
					continue
				}
				for j, w := range vs[:i+1] {
					at := fmtTime(w)
					got := keysOf(t, f.kind, itemsOf(h.walk("/v3.0/"+string(f.kind)+"?dateTimeTarget="+f.changed+"&startDateTime="+at+"&endDateTime="+at, nil)))
					if found := strings.Contains(strings.Join(got, " "), id); found != (j == i) {
						t.Fatalf("at version %d, a range on version %d's time finds the item: %v", i, j, found)
					}
				}
			}
		})
	}
}

// TestChangingItemsGroundTruthOnTheVersionTime: paging a range on the
// version time serves what the ground truth lists for it, each item in its
// current state, whose `<id>@<version time>` the versioned ground truth
// lists too.
func TestChangingItemsGroundTruthOnTheVersionTime(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	from, to := t0.Add(-3*time.Hour), t0.Add(-10*time.Minute)
	for _, f := range changingFeeds {
		if !f.ranged {
			continue
		}
		t.Run(string(f.kind), func(t *testing.T) {
			items := itemsOf(h.walk("/v3.0/"+string(f.kind)+"?dateTimeTarget="+f.changed+"&startDateTime="+fmtTime(from)+"&endDateTime="+fmtTime(to), nil))
			truth, _ := h.sim.GroundTruth(f.kind, f.changed, from, to.Add(time.Second), false)
			if len(truth) < 20 {
				t.Fatalf("%d items in range: a weak test", len(truth))
			}
			assertSameMultiset(t, truth, keysOf(t, f.kind, items))
			versions, _ := h.sim.GroundTruth(f.kind, f.changed, from, to.Add(time.Second), true)
			listed := map[string]bool{}
			for _, k := range versions {
				listed[k] = true
			}
			for _, it := range items {
				if k := it["id"].(string) + "@" + it[f.changed].(string); !listed[k] {
					t.Fatalf("%s is served but not in the versioned ground truth", k)
				}
			}
			if len(versions) <= len(items) {
				t.Fatalf("%d versions of %d items: no earlier states in range", len(versions), len(items))
			}
		})
	}
}
