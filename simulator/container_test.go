package simulator

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// containerLogs are the four Container Security event logs.
var containerLogs = []Feed{ContainerAuditEvents, ContainerSensorEvents, ContainerEvaluationEvents, ContainerECSSensorEvents}

// busyContainerRates give each log several pages an hour.
var busyContainerRates = map[Feed]float64{
	ContainerAuditEvents: 600, ContainerSensorEvents: 600, ContainerEvaluationEvents: 600, ContainerECSSensorEvents: 600,
}

// innerCode is the innererror code of an error body ("" none).
func innerCode(t *testing.T, r response) string {
	t.Helper()
	var body struct {
		Error struct {
			Inner *struct {
				Code string `json:"code"`
			} `json:"innererror"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("not an error body: %s", r.body)
	}
	if body.Error.Inner == nil {
		return ""
	}
	return body.Error.Inner.Code
}

// Every rule of the parameters (§6.1): the 30-day reach, an end after the
// start, the time syntax and its 20 characters, the filter's cap, fields and
// operators; a parameter the endpoints do not have is ignored.
func TestContainerParameters(t *testing.T) {
	h := newHarness(t, Options{})
	day := 24 * time.Hour
	tests := []struct {
		name   string
		kind   Feed
		query  string
		filter string
		want   int
		inner  string // the 400's innererror code
	}{
		{"defaults", ContainerAuditEvents, "", "", 200, ""},
		{"start 30 days back", ContainerAuditEvents, "startDateTime=" + fmtTime(t0.Add(-30*day)), "", 200, ""},
		{"start over 30 days back", ContainerAuditEvents, "startDateTime=" + fmtTime(t0.Add(-30*day-time.Second)), "", 400, "InvalidParameter"},
		{"end equal to start", ContainerSensorEvents, "startDateTime=2024-05-14T10:00:00Z&endDateTime=2024-05-14T10:00:00Z", "", 400, "InvalidParameter"},
		{"end before start", ContainerSensorEvents, "startDateTime=2024-05-14T10:00:01Z&endDateTime=2024-05-14T10:00:00Z", "", 400, "InvalidParameter"},
		{"milliseconds: over 20 characters", ContainerEvaluationEvents, "startDateTime=2024-05-14T10:00:00.000Z", "", 400, "InvalidParameter"},
		{"not a date", ContainerEvaluationEvents, "endDateTime=2024-13-14T10:00:00Z", "", 400, "InvalidParameter"},
		{"no top: ignored", ContainerECSSensorEvents, "top=7", "", 200, ""},
		{"filter over 1024", ContainerAuditEvents, "", "clusterId eq '" + strings.Repeat("x", 1010) + "'", 400, "InvalidFilter"},
		{"filter at 1024", ContainerAuditEvents, "", "clusterId eq '" + strings.Repeat("x", 1024-len("clusterId eq ''")) + "'", 200, ""},
		{"audit: contains refused", ContainerAuditEvents, "", "contains(source,'scout')", 400, "InvalidFilter"},
		{"sensor: contains", ContainerSensorEvents, "", "contains(ruleName,'shell')", 200, ""},
		{"evaluation: contains", ContainerEvaluationEvents, "", "contains(clusterName,'prod')", 200, ""},
		{"ECS: contains", ContainerECSSensorEvents, "", "contains(policyName,'Default')", 200, ""},
		{"ECS: no eventType", ContainerECSSensorEvents, "", "eventType eq 'syscall'", 400, "InvalidFilter"},
		{"audit: no ruleName", ContainerAuditEvents, "", "ruleName eq 'x'", 400, "InvalidFilter"},
		{"filter syntax", ContainerSensorEvents, "", "eventType eq", 400, "InvalidFilter"},
		{"bad token", ContainerSensorEvents, "skipToken=garbage", "", 400, "InvalidParameter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.filter != "" {
				headers = []string{"TMV1-Filter", tt.filter}
			}
			r := h.get("/v3.0/"+string(tt.kind)+"?"+tt.query, headers...)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d: %s", r.status, tt.want, r.body)
			}
			if tt.want == 400 {
				if got := innerCode(t, r); got != tt.inner {
					t.Fatalf("innererror %q, want %q: %s", got, tt.inner, r.body)
				}
			}
		})
	}
}

// A chain over a window serves exactly the ground truth of that window (the
// end second inclusive), newest first by createdDateTime (ties by id), 25
// items a page, with count and no totalCount.
func TestContainerChainsServeTheGroundTruth(t *testing.T) {
	h := newHarness(t, Options{Rates: busyContainerRates})
	from, to := t0.Add(-2*time.Hour), t0.Add(-10*time.Minute)
	for _, kind := range containerLogs {
		t.Run(string(kind), func(t *testing.T) {
			pages := h.walk("/v3.0/"+string(kind)+"?startDateTime="+fmtTime(from)+"&endDateTime="+fmtTime(to), nil)
			var items []map[string]any
			for i, p := range pages {
				switch {
				case p.TotalCount != nil:
					t.Fatalf("page %d has a totalCount", i)
				case p.Count == nil || *p.Count != len(p.Items):
					t.Fatalf("page %d: count %v for %d items", i, p.Count, len(p.Items))
				case len(p.Items) != 25 && i < len(pages)-1: // README
					t.Fatalf("page %d of %d has %d items", i, len(pages), len(p.Items))
				}
				items = append(items, p.Items...)
			}
			if len(pages) < 3 {
				t.Fatalf("%d pages", len(pages))
			}
			for i := 1; i < len(items); i++ {
				a, b := createdAt(t, items[i-1]), createdAt(t, items[i])
				if a.Before(b) || a.Equal(b) && items[i-1]["id"].(string) > items[i]["id"].(string) {
					t.Fatalf("items %d and %d out of order: %v %v, %v %v", i-1, i, a, items[i-1]["id"], b, items[i]["id"])
				}
			}
			want, err := h.sim.GroundTruth(kind, "createdDateTime", from, to.Add(time.Second), false)
			if err != nil {
				t.Fatal(err)
			}
			if got := containerKeys(items); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
				t.Fatalf("served %d records, ground truth has %d", len(got), len(want))
			}
		})
	}
}

func createdAt(t *testing.T, item map[string]any) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339Nano, item["createdDateTime"].(string))
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func containerKeys(items []map[string]any) []string {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it["id"].(string)
	}
	return keys
}

// Runtime events are timed to the microsecond (the document's examples),
// audit and evaluation events to the second.
func TestContainerTimePrecision(t *testing.T) {
	h := newHarness(t, Options{Rates: busyContainerRates})
	tests := map[Feed]string{
		ContainerAuditEvents:      `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`,
		ContainerEvaluationEvents: `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`,
		ContainerSensorEvents:     `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000Z$`,
		ContainerECSSensorEvents:  `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000Z$`,
	}
	for kind, layout := range tests {
		items := decodePage(t, h.get("/v3.0/"+string(kind))).Items
		subSecond := false
		for _, it := range items {
			s := it["createdDateTime"].(string)
			if !regexp.MustCompile(layout).MatchString(s) {
				t.Fatalf("%s createdDateTime %q, want %s", kind, s, layout)
			}
			subSecond = subSecond || !strings.Contains(s, ".000000Z")
		}
		if strings.Contains(layout, "000Z") && !subSecond {
			t.Errorf("%s: no item with milliseconds", kind)
		}
	}
}

// Each documented field filters on the item's field of the same name, with
// eq and (where the log documents it) contains().
func TestContainerFilterFields(t *testing.T) {
	h := newHarness(t, Options{Rates: busyContainerRates})
	window := "?startDateTime=" + fmtTime(t0.Add(-time.Hour))
	tables := map[Feed]filterFields{
		ContainerAuditEvents: containerAuditFilterFields, ContainerSensorEvents: k8sSensorFilterFields,
		ContainerEvaluationEvents: containerEvalFilterFields, ContainerECSSensorEvents: ecsSensorFilterFields,
	}
	for _, kind := range containerLogs {
		all := itemsOf(h.walk("/v3.0/"+string(kind)+window, nil))
		for field := range tables[kind] {
			t.Run(string(kind)+"/"+field, func(t *testing.T) {
				value, want := "", 0
				for _, it := range all {
					if v, ok := it[field].(string); ok && value == "" {
						value = v
					}
				}
				for _, it := range all {
					if it[field] == value {
						want++
					}
				}
				if value == "" {
					t.Fatalf("no item has %s", field)
				}
				got := itemsOf(h.walk("/v3.0/"+string(kind)+window, nil, "TMV1-Filter", field+" eq '"+value+"'"))
				if len(got) != want {
					t.Fatalf("%s eq %q: %d items, want %d", field, value, len(got), want)
				}
				for _, it := range got {
					if it[field] != value {
						t.Fatalf("%s eq %q kept %v", field, value, it[field])
					}
				}
				if none := itemsOf(h.walk("/v3.0/"+string(kind)+window, nil, "TMV1-Filter", field+" eq 'no such value'")); len(none) != 0 {
					t.Fatalf("%s eq 'no such value' kept %d items", field, len(none))
				}
			})
		}
	}
	// contains() is a case-insensitive substring (§1.6).
	got := itemsOf(h.walk("/v3.0/"+string(ContainerSensorEvents)+window, nil, "TMV1-Filter", "contains(ruleName,'SHELL')"))
	if len(got) == 0 {
		t.Fatal("contains(ruleName,'SHELL') selects nothing")
	}
	for _, it := range got {
		if !strings.Contains(strings.ToLower(it["ruleName"].(string)), "shell") {
			t.Fatalf("contains(ruleName,'SHELL') kept %v", it["ruleName"])
		}
	}
}

// The filter is re-sent on every page (§6.1): in strict mode a follow-up
// page without it is the documented 400; in lenient mode the token names it.
func TestContainerFilterOnFollowUpPages(t *testing.T) {
	const filter = "not (mitigation eq 'terminate')"
	for _, lenient := range []bool{false, true} {
		h := newHarness(t, Options{Rates: busyContainerRates, LenientHeaders: lenient})
		p := decodePage(t, h.get("/v3.0/"+string(ContainerSensorEvents), "TMV1-Filter", filter))
		if p.NextLink == "" {
			t.Fatal("no second page")
		}
		if r := h.get(p.NextLink, "TMV1-Filter", filter); r.status != 200 {
			t.Fatalf("lenient=%v, header re-sent: status %d", lenient, r.status)
		}
		r := h.get(p.NextLink)
		if want := map[bool]int{false: 400, true: 200}[lenient]; r.status != want {
			t.Fatalf("lenient=%v, header left out: status %d, want %d: %s", lenient, r.status, want, r.body)
		}
		if !lenient && innerCode(t, r) != "InvalidFilter" {
			t.Fatalf("strict: %s", r.body)
		}
	}
}

// ECS sensor events: "This endpoint can return up to 10000 records" (the
// document): a chain ends after the 10,000 newest; the other logs serve all.
func TestECSChainsServeAtMostTenThousandRecords(t *testing.T) {
	h := newHarness(t, Options{History: time.Hour, Rates: map[Feed]float64{ContainerECSSensorEvents: 12000, ContainerSensorEvents: 12000}})
	for kind, want := range map[Feed]int{ContainerECSSensorEvents: ecsMaxRecords, ContainerSensorEvents: 0} {
		all, err := h.sim.GroundTruth(kind, "createdDateTime", t0.Add(-2*time.Hour), t0.Add(time.Second), false)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) <= ecsMaxRecords {
			t.Fatalf("%s: only %d records", kind, len(all))
		}
		if want == 0 {
			want = len(all)
		}
		items := itemsOf(h.walk("/v3.0/"+string(kind), nil))
		if len(items) != want {
			t.Fatalf("%s: %d items served of %d, want %d", kind, len(items), len(all), want)
		}
		if newest := all[len(all)-1]; items[0]["id"] != newest {
			t.Fatalf("%s: the chain does not start at the newest record", kind)
		}
	}
}

// Records become visible an ingestion delay after createdDateTime, so a
// window read again later can gain records (§6.1: no ingestion-time
// filter); what is served always agrees with the ground truth.
func TestContainerRecordsArriveLate(t *testing.T) {
	h := newHarness(t, Options{Rates: busyContainerRates})
	path := "/v3.0/" + string(ContainerAuditEvents) + "?startDateTime=" + fmtTime(t0.Add(-10*time.Minute)) + "&endDateTime=" + fmtTime(t0)
	before := len(itemsOf(h.walk(path, nil)))
	h.sim.Advance(3 * time.Minute)
	after := itemsOf(h.walk(path, nil))
	want, _ := h.sim.GroundTruth(ContainerAuditEvents, "createdDateTime", t0.Add(-10*time.Minute), t0.Add(time.Second), false)
	if len(after) <= before || len(after) != len(want) {
		t.Fatalf("window read at t0: %d records, 3 minutes later %d (ground truth %d)", before, len(after), len(want))
	}
}
