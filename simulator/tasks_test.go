package simulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	taskBody            = `{"error":{"code":"BadRequest","message":"Invalid request format."}}`
	endpointSecurity400 = `"code":"BadRequest","message":"Unable to retrieve endpoint information. Verify that the request is properly formatted and try again.","innererror":{"code":"endpoint_000400"`
)

// endpointSecurityBody is the endpoint security 400 of a token rejection.
func endpointSecurityBody(kind badRequestKind) string {
	return `{"error":{` + endpointSecurity400 + `,"message":"TraceId: ` + traceID(fmt.Sprint("endpoint", kind, "skipToken")) + `"}}}`
}

// taskParamCase is one request to a task endpoint and what it must get.
type taskParamCase struct {
	name   string
	query  string
	header []string
	ok     bool // 200, else the endpoint's 400
}

// checkTaskParams runs cases against path, the 400s checked against want
// (an exact body, or a fragment of one).
func checkTaskParams(t *testing.T, h *harness, path, want string, tests []taskParamCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.get(path+"?"+tt.query, tt.header...)
			switch {
			case tt.ok:
				decodePage(t, r)
			case r.status != 400:
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			case strings.HasPrefix(want, "{"):
				assertJSONEqual(t, []byte(want), r.body)
			case !strings.Contains(string(r.body), want):
				t.Fatalf("body %s, want one with %s", r.body, want)
			}
		})
	}
}

// retentionCases are the range rules of the three task endpoints: 180 days
// back at most, in whole seconds, at the request's instant.
func retentionCases() []taskParamCase {
	edge := t0.Add(500*time.Millisecond - taskRetention).Truncate(time.Second)
	return []taskParamCase{
		{name: "start at the retention start", query: "startDateTime=" + fmtTime(edge), ok: true},
		{name: "start a second before it", query: "startDateTime=" + fmtTime(edge.Add(-time.Second))},
		{name: "start in 1970", query: "startDateTime=1970-01-01T00:00:00Z"},
		{name: "inverted range", query: "startDateTime=2024-05-14T10:00:00Z&endDateTime=2024-05-14T09:00:00Z"},
		{name: "one-second range", query: "startDateTime=2024-05-14T10:00:00Z&endDateTime=2024-05-14T10:00:00Z", ok: true},
		{name: "time with an offset", query: "endDateTime=" + url.QueryEscape("2024-05-14T10:00:00+00:00")},
		{name: "bad token", query: "skipToken=garbage"},
	}
}

// orderOf is `<field> asc`, n characters long (spaces between the words).
func orderOf(field string, n int) string {
	return url.QueryEscape(field + strings.Repeat(" ", n-len(field+"asc")) + "asc")
}

// The clock is half a second past t0: the retention start is compared in
// whole seconds.
func taskHarness(t *testing.T, opts Options) *harness {
	opts.Rates, opts.Clock = busyRates, ManualClock(t0.Add(500*time.Millisecond))
	return newHarness(t, opts)
}

func TestResponseTaskParameters(t *testing.T) {
	h := taskHarness(t, Options{})
	filterOf := func(n int) string {
		return url.QueryEscape("account eq '" + strings.Repeat("x", n-len("account eq ''")) + "'")
	}
	checkTaskParams(t, h, "/v3.0/response/tasks", taskBody, append(retentionCases(), []taskParamCase{
		{name: "defaults", ok: true},
		{name: "top 100", query: "top=100", ok: true},
		{name: "top 200", query: "top=200", ok: true},
		{name: "top outside its enum", query: "top=500"},
		{name: "dateTimeTarget lastActionDateTime", query: "dateTimeTarget=lastActionDateTime", ok: true},
		{name: "dateTimeTarget outside its enum", query: "dateTimeTarget=updatedDateTime"},
		{name: "filter on every field", query: "filter=" + url.QueryEscape("id eq '1' or (status eq 'succeeded' and action eq 'isolate' and not account eq 'x')"), ok: true},
		{name: "filter at 2048 characters", query: "filter=" + filterOf(2048), ok: true},
		{name: "filter over 2048 characters", query: "filter=" + filterOf(2049)},
		{name: "filter on an undocumented field", query: "filter=" + url.QueryEscape("endpointName eq 'x'")},
		{name: "filter that does not parse", query: "filter=" + url.QueryEscape("status eq")},
		// The header is no filter of this endpoint: it is not read.
		{name: "TMV1-Filter header ignored", header: []string{"TMV1-Filter", "status eq"}, ok: true},
		{name: "no orderBy: not read either", query: "orderBy=nonsense", ok: true},
	}...))
}

func TestPlaybookTaskParameters(t *testing.T) {
	h := taskHarness(t, Options{})
	filterOf := func(n int) string {
		return "playbookName eq '" + strings.Repeat("x", n-len("playbookName eq ''")) + "'"
	}
	checkTaskParams(t, h, "/v3.0/securityPlaybooks/tasks", taskBody, append(retentionCases(), []taskParamCase{
		{name: "defaults", ok: true},
		{name: "top 20", query: "top=20", ok: true},
		{name: "top 100", query: "top=100", ok: true},
		{name: "top outside its enum", query: "top=200"},
		{name: "dateTimeTarget createdDateTime", query: "dateTimeTarget=createdDateTime", ok: true},
		{name: "dateTimeTarget lastActionDateTime", query: "dateTimeTarget=lastActionDateTime"},
		{name: "orderBy on every field", query: "orderBy=" + url.QueryEscape("playbookName asc,createdDateTime desc,lastActionDateTime"), ok: true},
		{name: "orderBy at 100 characters", query: "orderBy=" + orderOf("playbookName", 100), ok: true},
		{name: "orderBy over 100 characters", query: "orderBy=" + orderOf("playbookName", 101)},
		{name: "orderBy on an unsortable field", query: "orderBy=status"},
		{name: "contains on playbookName and id", header: []string{"TMV1-Filter", "contains(playbookName,'Workbench') or contains(id,'SP-')"}, ok: true},
		{name: "contains on status", header: []string{"TMV1-Filter", "contains(status,'fail')"}},
		{name: "filter at 1024 characters", header: []string{"TMV1-Filter", filterOf(1024)}, ok: true},
		{name: "filter over 1024 characters", header: []string{"TMV1-Filter", filterOf(1025)}},
		{name: "filter on an undocumented field", header: []string{"TMV1-Filter", "playbookType eq 'general'"}},
	}...))
}

func TestEndpointSecurityTaskParameters(t *testing.T) {
	h := taskHarness(t, Options{})
	filterOf := func(n int) string { return "agentGuid eq '" + strings.Repeat("x", n-len("agentGuid eq ''")) + "'" }
	checkTaskParams(t, h, "/v3.0/endpointSecurity/tasks", endpointSecurity400, append(retentionCases(), []taskParamCase{
		{name: "defaults", ok: true},
		{name: "top 10", query: "top=10", ok: true},
		{name: "top 1000", query: "top=1000", ok: true},
		{name: "top outside its enum", query: "top=20"},
		{name: "dateTimeTarget lastActionDateTime", query: "dateTimeTarget=lastActionDateTime", ok: true},
		{name: "dateTimeTarget outside its enum", query: "dateTimeTarget=updatedDateTime"},
		{name: "orderBy lastActionDateTime asc", query: "orderBy=" + url.QueryEscape("lastActionDateTime asc"), ok: true},
		{name: "orderBy at 128 characters", query: "orderBy=" + orderOf("createdDateTime", 128), ok: true},
		{name: "orderBy over 128 characters", query: "orderBy=" + orderOf("createdDateTime", 129)},
		{name: "orderBy on an unsortable field", query: "orderBy=action"},
		{name: "filter on every field", header: []string{"TMV1-Filter", "id eq 'x' or agentGuid eq 'y' or (status eq 'failed' and action eq 'delete')"}, ok: true},
		{name: "filter at 1024 characters", header: []string{"TMV1-Filter", filterOf(1024)}, ok: true},
		{name: "filter over 1024 characters", header: []string{"TMV1-Filter", filterOf(1025)}},
		{name: "filter on an undocumented field", header: []string{"TMV1-Filter", "endpointName eq 'x'"}},
	}...))
}

// TestTaskDefaults: page sizes and the default start, the retention start.
func TestTaskDefaults(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	for _, tt := range []struct {
		path string
		top  int
	}{
		{"/v3.0/response/tasks", 50},
		{"/v3.0/securityPlaybooks/tasks", 10},
		{"/v3.0/endpointSecurity/tasks", 100},
	} {
		pages := h.walk(tt.path, nil)
		if len(pages) < 2 || len(pages[0].Items) != tt.top {
			t.Errorf("%s: %d pages, the first of %d items; want %d", tt.path, len(pages), len(pages[0].Items), tt.top)
		}
		kind := Feed(strings.TrimPrefix(tt.path, "/v3.0/"))
		truth, _ := h.sim.GroundTruth(kind, "createdDateTime", t0.Add(-taskRetention), t0.Add(time.Second), false)
		assertSameMultiset(t, truth, keysOf(t, kind, itemsOf(pages)))
	}
}
