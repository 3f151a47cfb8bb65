package simulator

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

func detailKeys(items []map[string]any) map[string]bool {
	keys := map[string]bool{}
	for _, it := range items {
		d, _ := it["details"].(map[string]any)
		for k := range d {
			keys[k] = true
		}
	}
	return keys
}

func TestAuditLabels(t *testing.T) {
	h := newHarness(t, Options{})
	base := "/v3.0/audit/logs?top=50&startDateTime=" + fmtTime(t0.Add(-3*time.Hour)) + "&labels="
	pages := map[string]page{}
	for _, mode := range []string{"none", "matched", "all"} {
		pages[mode] = decodePage(t, h.get(base+mode))
	}
	if pages["none"].Labels != nil {
		t.Errorf("labels=none returned labels %v", pages["none"].Labels)
	}
	inDetails := detailKeys(pages["matched"].Items)
	if got := slices.Sorted(maps.Keys(pages["matched"].Labels)); !slices.Equal(got, slices.Sorted(maps.Keys(inDetails))) {
		t.Errorf("labels=matched has %v, the page's details have %v", got, slices.Sorted(maps.Keys(inDetails)))
	}
	for k := range auditLabels {
		if _, ok := pages["all"].Labels[k]; !ok {
			t.Errorf("labels=all lacks %q", k)
		}
	}
	for k := range inDetails {
		if _, ok := pages["all"].Labels[k]; !ok {
			t.Errorf("labels=all lacks page key %q", k)
		}
	}
	// Labels never change the items: their keys are content hashes.
	want := keysOf(t, gen.Audit, pages["none"].Items)
	for mode, p := range pages {
		if !slices.Equal(keysOf(t, gen.Audit, p.Items), want) {
			t.Errorf("labels=%s changed the items", mode)
		}
	}
}

func TestLabelsFor(t *testing.T) {
	items := []map[string]any{{"details": map[string]any{"ipAddr": "x", "userAccount": "y"}}, {"details": "not an object"}}
	got := labelsFor("matched", items)
	want := map[string]string{"ipAddr": "IP address", "userAccount": "User account"}
	if !maps.Equal(got, want) {
		t.Fatalf("matched labels %v, want %v", got, want)
	}
	if all := labelsFor("all", items); len(all) != len(auditLabels)+1 {
		t.Fatalf("all labels: %d entries", len(all))
	}
}

func TestAuditAccept(t *testing.T) {
	h := newHarness(t, Options{})
	tests := []struct {
		accept string
		want   int
	}{
		{"", 200},
		{"application/json", 200},
		{"text/csv", 406},
		{"text/csv; charset=utf-8", 406},
		{"text/csv, application/json;q=0.5", 200},
		{"*/*", 200},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			if r := h.get("/v3.0/audit/logs", "Accept", tt.accept); r.status != tt.want {
				t.Fatalf("status %d, want %d", r.status, tt.want)
			}
		})
	}
}

func TestAuditRetentionAndDefaultOrder(t *testing.T) {
	old := "/v3.0/audit/logs?startDateTime=" + fmtTime(t0.AddDate(0, 0, -200))
	if r := newHarness(t, Options{}).get(old); r.status != 400 {
		t.Errorf("start 200 days back: status %d, want 400", r.status)
	}
	if r := newHarness(t, Options{AuditClipStart: true}).get(old); r.status != 200 {
		t.Errorf("start 200 days back, clipping: status %d, want 200", r.status)
	}

	h := newHarness(t, Options{AuditDefaultOrder: "loggedDateTime asc"})
	items := itemsOf(h.walk("/v3.0/audit/logs?top=200&startDateTime="+fmtTime(t0.Add(-3*time.Hour)), nil))
	if len(items) < 10 {
		t.Fatalf("%d items", len(items))
	}
	if first, last := itemTime(t, items[0], "loggedDateTime"), itemTime(t, items[len(items)-1], "loggedDateTime"); !first.Before(last) {
		t.Fatalf("default order asc: first %v, last %v", first, last)
	}
}
