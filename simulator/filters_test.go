package simulator

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

func TestResolverPaths(t *testing.T) {
	oatItem := map[string]any{
		"uuid":     "u1",
		"filters":  []any{map[string]any{"riskLevel": "high", "mitreTacticIds": []any{"TA0002", "TA0005"}}, map[string]any{"riskLevel": "low"}},
		"endpoint": map[string]any{"endpointName": "host-1", "ips": []any{"10.0.0.1", "fe80::1"}},
		"detail":   map[string]any{"productCode": "xes"},
	}
	wbItem := map[string]any{
		"impactScope": map[string]any{"entities": []any{
			map[string]any{"entityType": "host", "entityValue": map[string]any{"name": "pc-7", "ips": []any{"10.1.1.1"}}},
			map[string]any{"entityType": "account", "entityValue": "alice"},
		}},
		"indicators": []any{map[string]any{"value": "evil.example"}},
		"score":      float64(64),
	}
	searchItem := map[string]any{"dpt": float64(443), "act": []any{"Clean"}, "tags": []string{"XSAE.F1"}, "blocking": true,
		"objectPort": 8080, "ports": []int{1, 2}, "fields": [][]string{{"a", "b"}, {"c"}}}
	tests := []struct {
		item  map[string]any
		paths map[string]string
		field string
		want  []string
	}{
		{oatItem, oatFilterPaths, "uuid", []string{"u1"}},
		{oatItem, oatFilterPaths, "riskLevel", []string{"high", "low"}},
		{oatItem, oatFilterPaths, "filterMitreTacticId", []string{"TA0002", "TA0005"}},
		{oatItem, oatFilterPaths, "endpointName", []string{"host-1"}},
		{oatItem, oatFilterPaths, "endpointIp", []string{"10.0.0.1", "fe80::1"}},
		{oatItem, oatFilterPaths, "productCode", []string{"xes"}},
		{oatItem, oatFilterPaths, "containerName", nil},
		{wbItem, workbenchFilterPaths, "impactScopeEntityValue", []string{"pc-7", "alice"}},
		{wbItem, workbenchFilterPaths, "indicatorValue", []string{"evil.example"}},
		{wbItem, workbenchFilterPaths, "score", []string{"64"}},
		{searchItem, nil, "dpt", []string{"443"}},
		{searchItem, nil, "act", []string{"Clean"}},
		{searchItem, nil, "tags", []string{"XSAE.F1"}},
		{searchItem, nil, "blocking", []string{"true"}},
		{searchItem, nil, "objectPort", []string{"8080"}},
		{searchItem, nil, "ports", []string{"1", "2"}},
		{searchItem, nil, "fields", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got := itemResolver{item: tt.item, paths: tt.paths}.Values(tt.field)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Values(%s) = %q, want %q", tt.field, got, tt.want)
			}
		})
	}
}

func TestFiltersThroughHTTP(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	start := "startDateTime=" + fmtTime(t0.Add(-2*time.Hour))
	tests := []struct {
		kind   gen.Kind
		path   string
		header string
		// filter builds the header from an item of the unfiltered result.
		filter func(item map[string]any) string
		// want selects the expected items of the unfiltered result.
		want func(item, picked map[string]any) bool
	}{
		{gen.OAT, "/v3.0/oat/detections?top=200", "TMV1-Filter",
			func(it map[string]any) string { return "uuid eq '" + it["uuid"].(string) + "'" },
			func(it, p map[string]any) bool { return it["uuid"] == p["uuid"] }},
		{gen.OAT, "/v3.0/oat/detections?top=200", "TMV1-Filter",
			func(it map[string]any) string { return "not (uuid eq '" + it["uuid"].(string) + "')" },
			func(it, p map[string]any) bool { return it["uuid"] != p["uuid"] }},
		{gen.Workbench, "/v3.0/workbench/alerts?" + start, "TMV1-Filter",
			func(it map[string]any) string { return "id eq '" + it["id"].(string) + "' or id eq 'WB-none'" },
			func(it, p map[string]any) bool { return it["id"] == p["id"] }},
		{gen.Workbench, "/v3.0/workbench/alerts?" + start, "TMV1-Filter",
			func(it map[string]any) string { return "contains(id,'" + strings.ToLower(tail(it["id"], 2)) + "')" },
			func(it, p map[string]any) bool { return strings.Contains(it["id"].(string), tail(p["id"], 2)) }},
		{gen.Audit, "/v3.0/audit/logs?top=200&" + start, "TMV1-Filter",
			func(it map[string]any) string { return "loggedUser eq '" + it["loggedUser"].(string) + "'" },
			func(it, p map[string]any) bool { return it["loggedUser"] == p["loggedUser"] }},
		{gen.EndpointActivities, "/v3.0/search/endpointActivities?top=5000&" + start, "TMV1-Query",
			func(it map[string]any) string { return "uuid:" + it["uuid"].(string) },
			func(it, p map[string]any) bool { return it["uuid"] == p["uuid"] }},
		{gen.EndpointActivities, "/v3.0/search/endpointActivities?top=5000&" + start, "TMV1-Query",
			func(it map[string]any) string { return `uuid:"` + it["uuid"].(string)[:8] + `*"` },
			func(it, p map[string]any) bool { return strings.Contains(it["uuid"].(string), p["uuid"].(string)[:8]) }},
	}
	for _, tt := range tests {
		var unfiltered []string
		if tt.header == "TMV1-Query" {
			unfiltered = []string{tt.header, "*"}
		}
		all := itemsOf(h.walk(tt.path, nil, unfiltered...))
		if len(all) < 10 {
			t.Fatalf("%s: %d items", tt.path, len(all))
		}
		picked := all[len(all)/2]
		filter := tt.filter(picked)
		t.Run(filter, func(t *testing.T) {
			var want []map[string]any
			for _, it := range all {
				if tt.want(it, picked) {
					want = append(want, it)
				}
			}
			got := itemsOf(h.walk(tt.path, nil, tt.header, filter))
			if !slices.Equal(keysOf(t, tt.kind, got), keysOf(t, tt.kind, want)) {
				t.Fatalf("filter kept %d items, want %d", len(got), len(want))
			}
		})
	}
}

func tail(s any, n int) string { return s.(string)[len(s.(string))-n:] }
