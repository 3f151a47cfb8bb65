package simulator

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// TestTaskFilters: each task endpoint's filter, in its query parameter or
// header, keeps exactly what the unfiltered list shows with those values,
// on every page.
func TestTaskFilters(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	all := map[gen.Kind][]map[string]any{}
	for _, k := range []gen.Kind{gen.ResponseTasks, gen.PlaybookTasks, gen.EndpointSecurityTasks} {
		all[k] = itemsOf(h.walk("/v3.0/"+string(k)+"?top=100", nil))
	}
	pickedGUID := func() string {
		for _, it := range all[gen.EndpointSecurityTasks] {
			if g, ok := it["agentGuid"].(string); ok {
				return g
			}
		}
		return ""
	}()
	tests := []struct {
		kind   gen.Kind
		param  bool // the filter is the `filter` parameter, else TMV1-Filter
		filter string
		keep   func(map[string]any) bool
	}{
		{gen.ResponseTasks, true, "status eq 'failed' or action eq 'block'",
			func(m map[string]any) bool { return m["status"] == "failed" || m["action"] == "block" }},
		{gen.ResponseTasks, true, "not account eq 'Security Playbooks' and action eq 'isolate'",
			func(m map[string]any) bool { return m["account"] != "Security Playbooks" && m["action"] == "isolate" }},
		{gen.PlaybookTasks, false, "contains(playbookName,'WORKBENCH') and not status eq 'succeeded'",
			func(m map[string]any) bool {
				return strings.Contains(strings.ToLower(m["playbookName"].(string)), "workbench") && m["status"] != "succeeded"
			}},
		{gen.EndpointSecurityTasks, false, "agentGuid eq '" + pickedGUID + "' or (action eq 'export' and status eq 'failed')",
			func(m map[string]any) bool {
				return m["agentGuid"] == pickedGUID || m["action"] == "export" && m["status"] == "failed"
			}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+": "+tt.filter, func(t *testing.T) {
			var want []string
			for _, m := range all[tt.kind] {
				if tt.keep(m) {
					want = append(want, m["id"].(string))
				}
			}
			if len(want) < 2 {
				t.Fatalf("the filter keeps %d items: a weak test", len(want))
			}
			path, header := "/v3.0/"+string(tt.kind)+"?top=100", []string{"TMV1-Filter", tt.filter}
			if tt.param {
				path, header = path+"&filter="+url.QueryEscape(tt.filter), nil
			}
			pages := h.walk(path, nil, header...)
			if got := keysOf(t, tt.kind, itemsOf(pages)); !slices.Equal(got, want) {
				t.Fatalf("kept %d items, want %d", len(got), len(want))
			}
		})
	}
}

// TestResponseTaskFilterFollowsTheChain: the `filter` parameter is one of
// the parameters a nextLink repeats; a follow-up page that changes or
// drops it is refused, also with LenientHeaders (which spares headers
// only).
func TestResponseTaskFilterFollowsTheChain(t *testing.T) {
	const filter = "not status eq 'canceled'"
	for _, lenient := range []bool{false, true} {
		h := newHarness(t, Options{Rates: busyRates, LenientHeaders: lenient})
		next := decodePage(t, h.get("/v3.0/response/tasks?filter="+url.QueryEscape(filter))).NextLink
		u, err := url.Parse(next)
		if err != nil || u.Query().Get("filter") != filter {
			t.Fatalf("nextLink %s does not carry the filter", next)
		}
		with := func(f string, drop bool) string {
			q := u.Query()
			q.Set("filter", f)
			if drop {
				q.Del("filter")
			}
			return u.Path + "?" + q.Encode()
		}
		if r := h.get(with("status eq 'failed'", false)); r.status != 400 {
			t.Errorf("lenient %v: changed filter: status %d", lenient, r.status)
		}
		if r := h.get(with("", true)); r.status != 400 {
			t.Errorf("lenient %v: dropped filter: status %d", lenient, r.status)
		}
		for _, it := range decodePage(t, h.get(next)).Items {
			if it["status"] == "canceled" {
				t.Fatalf("lenient %v: the follow-up page ignores the filter", lenient)
			}
		}
	}
}

// TestPlaybookTaskOrderByName: playbookName sorts by spelling, then the
// second term, then the id.
func TestPlaybookTaskOrderByName(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	items := itemsOf(h.walk("/v3.0/securityPlaybooks/tasks?top=100&orderBy="+url.QueryEscape("playbookName desc,createdDateTime asc"), nil))
	names := map[string]bool{}
	for i := 1; i < len(items); i++ {
		a, b := items[i-1], items[i]
		names[b["playbookName"].(string)] = true
		an, bn := a["playbookName"].(string), b["playbookName"].(string)
		if an < bn || an == bn && a["createdDateTime"].(string) > b["createdDateTime"].(string) {
			t.Fatalf("items %d (%s %s) and %d (%s %s) out of order", i-1, an, a["createdDateTime"], i, bn, b["createdDateTime"])
		}
	}
	if len(names) < 5 {
		t.Fatalf("playbooks seen: %v", names)
	}
}

// TestEndpointSecurityTasksWithoutTheRole: the document has no 403 for the
// endpoint; a key without the role gets the one every endpoint answers.
func TestEndpointSecurityTasksWithoutTheRole(t *testing.T) {
	h := newHarness(t, Options{Keys: []APIKey{{Key: "cases-only", Roles: []Role{RoleCases}}}})
	r := h.get("/v3.0/endpointSecurity/tasks", "Authorization", "Bearer cases-only")
	if r.status != 403 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	assertJSONEqual(t, sample(t, "error_403.json"), r.body)
	if r := h.get("/v3.0/caseManagement/cases", "Authorization", "Bearer cases-only"); r.status != 200 {
		t.Fatalf("cases with RoleCases: status %d", r.status)
	}
}
