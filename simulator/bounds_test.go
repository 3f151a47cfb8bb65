package simulator

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// TestTimeBounds checks which records the boundary seconds include: starts
// are inclusive everywhere, ends exclusive for OAT (§3.1) and inclusive for
// search (§4.1), as other integrations observe, and inclusive by default
// but configurable for workbench and audit. An inclusive end second covers
// every millisecond in it.
func TestTimeBounds(t *testing.T) {
	type bound struct {
		start, end time.Duration // relative to the record's time truncated to the second
		want       bool
	}
	startInclusive := []bound{{0, time.Minute, true}, {time.Second, time.Minute, false}}
	inclusiveEnd := append([]bound{{-time.Minute, 0, true}, {-time.Minute, -time.Second, false}}, startInclusive...)
	exclusiveEnd := append([]bound{{-time.Minute, 0, false}, {-time.Minute, time.Second, true}}, startInclusive...)
	tests := []struct {
		name    string
		opts    Options
		kind    gen.Kind
		list    string // a page to pick a record from
		query   string // the bounded query, without its time parameters
		pair    string // its time parameters' prefix: start<pair>/end<pair>, or the OAT pair
		headers []string
		field   string
		bounds  []bound
	}{
		{"oat detected", Options{}, gen.OAT, "/v3.0/oat/detections?top=50", "/v3.0/oat/detections?top=200", "detected", nil, "detectedDateTime", exclusiveEnd},
		{"oat ingested", Options{}, gen.OAT, "/v3.0/oat/detections?top=50", "/v3.0/oat/detections?top=200", "ingested", nil, "ingestedDateTime", exclusiveEnd},
		{"search", Options{}, gen.EndpointActivities, "/v3.0/search/endpointActivities?top=50", "/v3.0/search/endpointActivities?top=5000", "", []string{"TMV1-Query", "*"}, "eventTime", inclusiveEnd},
		{"workbench", Options{Rates: busyRates}, gen.Workbench, "/v3.0/workbench/alerts", "/v3.0/workbench/alerts?orderBy=id", "", nil, "createdDateTime", inclusiveEnd},
		{"workbench exclusive", Options{Rates: busyRates, WorkbenchEndExclusive: true}, gen.Workbench, "/v3.0/workbench/alerts", "/v3.0/workbench/alerts?orderBy=id", "", nil, "createdDateTime", exclusiveEnd},
		{"audit", Options{}, gen.Audit, "/v3.0/audit/logs?top=50", "/v3.0/audit/logs?top=200", "", nil, "loggedDateTime", inclusiveEnd},
		{"audit exclusive", Options{AuditEndExclusive: true}, gen.Audit, "/v3.0/audit/logs?top=50", "/v3.0/audit/logs?top=200", "", nil, "loggedDateTime", exclusiveEnd},
		{"audit ingested", Options{}, gen.Audit, "/v3.0/audit/logs?top=50", "/v3.0/audit/logs?top=200&dateTimeTarget=ingestedDateTime", "", nil, "ingestedDateTime", inclusiveEnd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.opts)
			items := decodePage(t, h.get(tt.list, tt.headers...)).Items
			if len(items) < 5 {
				t.Fatalf("%d items", len(items))
			}
			item := items[4]
			key := itemKey(t, tt.kind, item)
			at := itemTime(t, item, tt.field).Truncate(time.Second)
			for _, b := range tt.bounds {
				t.Run(fmt.Sprintf("start%+v_end%+v", b.start, b.end), func(t *testing.T) {
					startName, endName := "startDateTime", "endDateTime"
					if tt.pair != "" {
						startName, endName = tt.pair+"StartDateTime", tt.pair+"EndDateTime"
					}
					q := tt.query + "&" + startName + "=" + fmtTime(at.Add(b.start)) + "&" + endName + "=" + fmtTime(at.Add(b.end))
					got := keysOf(t, tt.kind, itemsOf(h.walk(q, nil, tt.headers...)))
					if slices.Contains(got, key) != b.want {
						t.Fatalf("record at %v (%s) included = %v, want %v", itemTime(t, item, tt.field), tt.field, !b.want, b.want)
					}
				})
			}
		})
	}
}
