package simulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// admin sends an admin request and decodes a JSON answer into out (if any).
func (h *harness) admin(method, path, body string, out any) int {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, out); err != nil {
			h.t.Fatalf("%s %s: %v\n%s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

func TestAdminClock(t *testing.T) {
	h := newHarness(t, Options{})
	var c clockJSON
	if h.admin("GET", "/admin/clock", "", &c); !c.Now.Equal(t0) || c.Mode != ClockManual {
		t.Fatalf("clock %+v", c)
	}
	if h.admin("POST", "/admin/clock/advance", `{"by":"90s"}`, &c); !c.Now.Equal(t0.Add(90*time.Second)) || !h.sim.Now().Equal(c.Now) {
		t.Fatalf("after advance: %+v", c)
	}
	if h.admin("POST", "/admin/clock/set", `{"time":"2024-05-15T00:00:00Z"}`, &c); !c.Now.Equal(ts("2024-05-15T00:00:00Z")) {
		t.Fatalf("after set: %+v", c)
	}
	for _, bad := range []struct{ path, body string }{
		{"/admin/clock/advance", `{"by":"soon"}`},
		{"/admin/clock/advance", `{"in":"5m"}`},
		{"/admin/clock/set", `{"time":"tomorrow"}`},
	} {
		if code := h.admin("POST", bad.path, bad.body, nil); code != 400 {
			t.Errorf("%s %s: status %d", bad.path, bad.body, code)
		}
	}
}

func TestAdminFaults(t *testing.T) {
	h := newHarness(t, Options{})
	var rules []Fault
	if code := h.admin("PUT", "/admin/faults", `[{"kind":"status","status":503,"endpoint":"oat/detections","count":1}]`, &rules); code != 200 || len(rules) != 1 {
		t.Fatalf("PUT: %d %+v", code, rules)
	}
	if code := h.admin("POST", "/admin/faults", `{"kind":"latency","latency":"1ms","count":2}`, &rules); code != 200 || len(rules) != 2 || rules[1].Latency != time.Millisecond {
		t.Fatalf("POST: %d %+v", code, rules)
	}
	if r := h.get("/v3.0/oat/detections"); r.status != 503 {
		t.Fatalf("fault set over the admin API did not fire: %d", r.status)
	}
	if h.admin("GET", "/admin/faults", "", &rules); len(rules) != 1 || rules[0].Kind != FaultLatency || rules[0].Count != 1 {
		t.Fatalf("GET after firing: %+v", rules)
	}
	if code := h.admin("PUT", "/admin/faults", `[{"kind":"error","number":1010420,"endpoint":"oat/detections","count":1}]`, &rules); code != 200 || len(rules) != 1 || rules[0].Number != 1010420 {
		t.Fatalf("PUT error fault: %d %+v", code, rules)
	}
	if r := h.get("/v3.0/oat/detections"); r.status != 400 || !strings.Contains(string(r.body), `"number":1010420`) {
		t.Fatalf("error fault over the admin API: %d %s", r.status, r.body)
	}
	for _, bad := range []string{`[{"kind":"status","status":418,"count":1}]`, `{"kind":"status"}`, `[{"kind":"status","bogus":1}]`,
		`[{"kind":"error","number":3090003,"count":1}]`} {
		if code := h.admin("PUT", "/admin/faults", bad, nil); code != 400 {
			t.Errorf("PUT %s: status %d", bad, code)
		}
	}
	if h.admin("DELETE", "/admin/faults", "", &rules); len(rules) != 0 || len(h.sim.Faults()) != 0 {
		t.Fatalf("after DELETE: %+v", h.sim.Faults())
	}
}

func TestAdminTokensAndArrivals(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	next := decodePage(t, h.get("/v3.0/oat/detections?top=50")).NextLink
	if code := h.admin("POST", "/admin/tokens/expire", "", nil); code != http.StatusNoContent {
		t.Fatalf("expire: %d", code)
	}
	if r := h.get(next); r.status != 400 {
		t.Fatalf("token still valid: %d", r.status)
	}

	var a arrivalsJSON
	if h.admin("GET", "/admin/arrivals", "", &a); a.StopTime != nil {
		t.Fatalf("stop time %v at start", a.StopTime)
	}
	if h.admin("PUT", "/admin/arrivals", `{"stopTime":"2024-05-14T11:00:00Z"}`, &a); a.StopTime == nil || !a.StopTime.Equal(ts("2024-05-14T11:00:00Z")) || !h.sim.StopTime().Equal(*a.StopTime) {
		t.Fatalf("after PUT: %+v", a)
	}
	if h.admin("DELETE", "/admin/arrivals", "", &a); a.StopTime != nil || !h.sim.StopTime().IsZero() {
		t.Fatalf("after DELETE: %+v", a)
	}
}

func TestAdminGroundTruth(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	from, to := t0.Add(-2*time.Hour), t0
	q := "/admin/groundtruth?feed=oat/detections&target=ingestedDateTime&start=" + fmtTime(from) + "&end=" + fmtTime(to)
	var res groundTruthJSON
	if code := h.admin("GET", q, "", &res); code != 200 {
		t.Fatalf("status %d", code)
	}
	want, _ := h.sim.GroundTruth(gen.OAT, "ingestedDateTime", from, to, false)
	if res.Count != len(want) || !slices.Equal(res.Keys, want) || len(want) == 0 {
		t.Fatalf("admin ground truth: %d keys, Go API: %d", res.Count, len(want))
	}
	for _, bad := range []string{
		"/admin/groundtruth?feed=oat/detection&target=ingestedDateTime&start=2024-05-14T00:00:00Z&end=2024-05-14T01:00:00Z",
		"/admin/groundtruth?feed=oat/detections&target=eventTime&start=2024-05-14T00:00:00Z&end=2024-05-14T01:00:00Z",
		"/admin/groundtruth?feed=oat/detections&target=ingestedDateTime&start=today&end=2024-05-14T01:00:00Z",
		"/admin/groundtruth?feed=oat/detections&target=ingestedDateTime&start=2024-05-14T00:00:00Z&end=2024-05-14T01:00:00Z&versions=true",
	} {
		if code := h.admin("GET", bad, "", nil); code != 400 {
			t.Errorf("%s: status %d", bad, code)
		}
	}
}

// TestAlertChangeRange: the options' change range reaches the alerts, so
// their later versions fall within it of their creation.
func TestAlertChangeRange(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates, AlertChangeMin: 90 * time.Second, AlertChangeMax: 4 * time.Minute})
	fs := h.sim.stores[gen.Workbench]
	later := 0
	for _, r := range fs.snapshot(t0) {
		gr := fs.genRecord(r)
		for _, v := range gen.Versions(gr)[1:] {
			if d := v.Sub(gr.Time); d < 90*time.Second || d > 4*time.Minute+10*time.Second {
				t.Fatalf("%s: a version %s after creation", gen.Key(gr), d)
			}
			later++
		}
	}
	if later == 0 {
		t.Fatal("no alert changed after creation")
	}
}

func TestGroundTruthVersions(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	from, to := t0.Add(-3*time.Hour), t0
	alerts, _ := h.sim.GroundTruth(gen.Workbench, "createdDateTime", from, to, false)
	versions, err := h.sim.GroundTruth(gen.Workbench, "createdDateTime", from, to, true)
	if err != nil {
		t.Fatal(err)
	}
	fs := h.sim.stores[gen.Workbench]
	var want []string
	for _, r := range fs.snapshot(t0) {
		gr := fs.genRecord(r)
		if gr.Time.Before(from) || !gr.Time.Before(to) {
			continue
		}
		for i, v := range gen.Versions(gr) {
			if i == 0 || !v.After(t0) {
				want = append(want, gen.Key(gr)+"@"+fmtTime(v))
			}
		}
	}
	if len(versions) < len(alerts) || len(alerts) == 0 {
		t.Fatalf("%d versions of %d alerts", len(versions), len(alerts))
	}
	assertSameMultiset(t, want, versions)

	// By updatedDateTime, each version counts in the range of its own time.
	byUpdate, _ := h.sim.GroundTruth(gen.Workbench, "updatedDateTime", to.Add(-time.Hour), to, true)
	for _, k := range byUpdate {
		_, at, _ := strings.Cut(k, "@")
		if v := ts(at); v.Before(to.Add(-time.Hour)) || !v.Before(to) {
			t.Fatalf("version %s outside the range", k)
		}
	}
}

func TestAdminStats(t *testing.T) {
	h := newHarness(t, Options{})
	h.get("/v3.0/healthcheck/connectivity")
	var s Stats
	if h.admin("GET", "/admin/stats", "", &s); s.Requests[DemoKeySubject][healthcheckEndpoint][200] != 1 || s.PeakPerMinute[DemoKeySubject] != 1 {
		t.Fatalf("stats %+v", s)
	}
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(h.sim.Stats())
	if strings.Contains(b.String(), DemoKey) {
		t.Fatal("stats show a key")
	}
	if code := h.admin("DELETE", "/admin/stats", "", nil); code != http.StatusNoContent || len(h.sim.Stats().Requests) != 0 {
		t.Fatalf("reset: %d", code)
	}
}
