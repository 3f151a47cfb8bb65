package simulator

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

func TestSearchModes(t *testing.T) {
	h := newHarness(t, Options{Seed: 3, Rates: busyRates})
	from := t0.Add(-2 * time.Hour)
	base := "/v3.0/search/networkActivities?startDateTime=" + fmtTime(from)
	query := []string{"TMV1-Query", "*"}
	want, err := h.sim.GroundTruth(gen.NetworkActivities, "eventTime", from, t0.Add(time.Second), false)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("countOnly", func(t *testing.T) {
		r := h.get(base+"&mode=countOnly", query...)
		var body map[string]json.RawMessage
		if err := json.Unmarshal(r.body, &body); err != nil || r.status != 200 {
			t.Fatalf("status %d, %v: %s", r.status, err, r.body)
		}
		if got := slices.Collect(maps.Keys(body)); !slices.Equal(got, []string{"totalCount"}) {
			t.Fatalf("countOnly body has fields %v", got)
		}
		var n int
		_ = json.Unmarshal(body["totalCount"], &n)
		if n != len(want) {
			t.Fatalf("totalCount %d, want %d", n, len(want))
		}
	})

	defaultPages := h.walk(base+"&top=1000", nil, query...)
	t.Run("default", func(t *testing.T) {
		for i, p := range defaultPages {
			last := i == len(defaultPages)-1
			if p.TotalCount != nil || p.Count != nil {
				t.Errorf("page %d carries counts", i)
			}
			if p.ProgressRate == nil || (last != (*p.ProgressRate == 100)) || (!last && len(p.Items) != 1000) {
				t.Errorf("page %d of %d: progressRate %v, %d items", i, len(defaultPages), p.ProgressRate, len(p.Items))
			}
		}
		assertSameMultiset(t, want, keysOf(t, gen.NetworkActivities, itemsOf(defaultPages)))
	})

	t.Run("performance", func(t *testing.T) {
		pages := h.walk(base+"&top=50&mode=performance", nil, query...)
		empties := 0
		for i, p := range pages {
			last := i == len(pages)-1
			if len(p.Items) > 500 {
				t.Errorf("page %d: %d items, more than 500", i, len(p.Items))
			}
			if len(p.Items) == 0 && !last {
				empties++
				if p.NextLink == "" || *p.ProgressRate >= 100 {
					t.Errorf("empty page %d: nextLink %q, progressRate %d", i, p.NextLink, *p.ProgressRate)
				}
			}
			if last != (*p.ProgressRate == 100) {
				t.Errorf("page %d of %d: progressRate %d", i, len(pages), *p.ProgressRate)
			}
		}
		if empties == 0 {
			t.Error("performance mode never returned an empty page")
		}
		if !slices.Equal(keysOf(t, gen.NetworkActivities, itemsOf(pages)), keysOf(t, gen.NetworkActivities, itemsOf(defaultPages))) {
			t.Error("performance mode returned other items than default mode")
		}
	})

	t.Run("select", func(t *testing.T) {
		p := decodePage(t, h.get(base+"&top=50&select=eventName,%20eventTime,noSuchField", query...))
		for _, it := range p.Items {
			if got := slices.Sorted(maps.Keys(it)); !slices.Equal(got, []string{"eventName", "eventTime"}) {
				t.Fatalf("selected item has fields %v", got)
			}
		}
	})

	t.Run("empty result", func(t *testing.T) {
		p := decodePage(t, h.get(base+"&top=50", "TMV1-Query", "uuid:none-such"))
		if p.Items == nil || len(p.Items) != 0 || *p.ProgressRate != 100 || p.NextLink != "" {
			t.Fatalf("empty result page: %+v", p)
		}
	})
}
