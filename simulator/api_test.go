package simulator

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

func TestAuthAndRouting(t *testing.T) {
	oatOnly := MakeKey("oat-only", t0.Add(24*time.Hour))
	h := newHarness(t, Options{Keys: []APIKey{{Key: oatOnly, Roles: []Role{RoleOAT}}}})
	tests := []struct {
		name       string
		path       string
		headers    []string
		wantStatus int
		wantBody   string // a testdata/samples file, or literal JSON
	}{
		{"no key", "/v3.0/oat/detections", []string{"Authorization", ""}, 401, "error_401.json"},
		{"unknown key", "/v3.0/oat/detections", []string{"Authorization", "Bearer nope"}, 401, "error_401.json"},
		{"not bearer", "/v3.0/oat/detections", []string{"Authorization", DemoKey}, 401, "error_401.json"},
		{"healthcheck needs a key", "/v3.0/healthcheck/connectivity", []string{"Authorization", ""}, 401, "error_401.json"},
		{"role missing", "/v3.0/workbench/alerts", []string{"Authorization", "Bearer " + oatOnly}, 403, "error_403.json"},
		{"role missing on search", "/v3.0/search/detections", []string{"Authorization", "Bearer " + oatOnly, "TMV1-Query", "*"}, 403, "error_403.json"},
		{"role present", "/v3.0/oat/detections", []string{"Authorization", "Bearer " + oatOnly}, 200, ""},
		{"healthcheck with any key", "/v3.0/healthcheck/connectivity", []string{"Authorization", "Bearer " + oatOnly}, 200, `{"status":"available"}`},
		{"unknown path", "/v3.0/oat/detection", nil, 404, "error_404.json"},
		{"outside /v3.0", "/oat/detections", nil, 404, "error_404.json"},
		{"content type ignored on GET", "/v3.0/healthcheck/connectivity", []string{"Content-Type", "text/plain"}, 200, `{"status":"available"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.get(tt.path, tt.headers...)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			switch {
			case strings.HasSuffix(tt.wantBody, ".json"):
				assertJSONEqual(t, sample(t, tt.wantBody), r.body)
			case tt.wantBody != "":
				assertJSONEqual(t, []byte(tt.wantBody), r.body)
			}
		})
	}
}

func TestNonGetIsRejected(t *testing.T) {
	h := newHarness(t, Options{})
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/v3.0/oat/detections", nil)
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET" {
		t.Fatalf("status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestNoDemoKey(t *testing.T) {
	h := newHarness(t, Options{NoDemoKey: true})
	if r := h.get("/v3.0/healthcheck/connectivity"); r.status != 401 {
		t.Fatalf("demo key accepted with NoDemoKey: %d", r.status)
	}
}

func TestOptionsValidation(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"negative history", Options{History: -time.Hour}, "history"},
		{"inverted delays", Options{IngestDelayMin: time.Minute, IngestDelayMax: time.Second}, "ingestion delay"},
		{"inverted alert changes", Options{AlertChangeMin: time.Hour, AlertChangeMax: time.Minute}, "alert change range"},
		{"alert changes at creation", Options{AlertChangeMin: -time.Second, AlertChangeMax: time.Minute}, "alert change range"},
		{"inverted task changes", Options{ChangeRanges: map[Feed]ChangeRange{ResponseTasks: {time.Hour, time.Minute}}}, "response/tasks change range"},
		{"case changes at creation", Options{ChangeRanges: map[Feed]ChangeRange{Cases: {0, time.Minute}}}, "caseManagement/cases change range"},
		{"changes of a feed that never changes", Options{ChangeRanges: map[Feed]ChangeRange{OAT: {time.Second, time.Minute}}}, "no feed whose items change"},
		{"alert changes given twice", Options{AlertChangeMin: time.Minute, AlertChangeMax: time.Hour,
			ChangeRanges: map[Feed]ChangeRange{Workbench: {time.Second, time.Hour}}}, "contradicts"},
		{"unknown feed rate", Options{Rates: map[gen.Kind]float64{"oat/detection": 1}}, "unknown feed"},
		{"negative rate", Options{Rates: map[gen.Kind]float64{"oat/detections": -1}}, "must not be negative"},
		{"unknown rate-limit endpoint", Options{RateLimits: map[string]int{"nope": 1}}, "unknown endpoint"},
		{"bad audit order", Options{AuditDefaultOrder: "loggedUser asc"}, "audit default order"},
		{"bad fault", Options{Faults: []Fault{{Kind: "boom", Count: 1}}}, "fault 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
