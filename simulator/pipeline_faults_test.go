package simulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPipelineFaultRules: the endpoint names and groups of the pipelines,
// the gone kind and the truncate percent, as rules, -fault specs and JSON.
func TestPipelineFaultRules(t *testing.T) {
	tests := []struct {
		spec string
		want Fault
		ok   bool
	}{
		{"kind=status,status=503,endpoint=oat/dataPipelines,count=1", Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/dataPipelines", Count: 1}, true},
		{"kind=status,status=500,endpoint=oat/dataPipelines/packages,count=1", Fault{Kind: FaultStatus, Status: 500, Endpoint: "oat/dataPipelines/packages", Count: 1}, true},
		{"kind=latency,latency=2s,endpoint=datalake/dataPipelines/packages/{packageId},probability=0.5",
			Fault{Kind: FaultLatency, Latency: 2 * time.Second, Endpoint: "datalake/dataPipelines/packages/{packageId}", Probability: 0.5}, true},
		{"kind=status,status=503,endpoint=datalake/dataPipelines/*,count=3", Fault{Kind: FaultStatus, Status: 503, Endpoint: "datalake/dataPipelines/*", Count: 3}, true},
		{"kind=gone,endpoint=oat/dataPipelines/packages/{packageId},count=1", Fault{Kind: FaultGone, Endpoint: "oat/dataPipelines/packages/{packageId}", Count: 1}, true},
		{"kind=truncate,percent=10,endpoint=oat/dataPipelines/packages/{packageId},count=1",
			Fault{Kind: FaultTruncate, Percent: 10, Endpoint: "oat/dataPipelines/packages/{packageId}", Count: 1}, true},
		{"kind=expire-tokens,endpoint=oat/dataPipelines/packages,count=1", Fault{Kind: FaultExpireTokens, Endpoint: "oat/dataPipelines/packages", Count: 1}, true},
		{"kind=truncate,percent=100,count=1", Fault{}, false},
		{"kind=status,status=503,percent=10,count=1", Fault{}, false},
		{"kind=status,status=503,endpoint=oat/dataPipelines/package,count=1", Fault{}, false},
		{"kind=status,status=503,endpoint=dataPipelines/*,count=1", Fault{}, false},
		{"kind=status,status=408,endpoint=oat/dataPipelines,count=1", Fault{Kind: FaultStatus, Status: 408, Endpoint: "oat/dataPipelines", Count: 1}, true}, // valid, never fires (no 408 documented)
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseFault(tt.spec)
			if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
				t.Fatalf("ParseFault = %+v, %v; want %+v (ok %v)", got, err, tt.want, tt.ok)
			}
			if !tt.ok {
				return
			}
			b, _ := json.Marshal(got)
			var back Fault
			if err := json.Unmarshal(b, &back); err != nil || back != got {
				t.Fatalf("JSON %s reads back as %+v, %v", b, back, err)
			}
		})
	}
	match := []struct {
		f        Fault
		endpoint string
		want     bool
	}{
		{Fault{Kind: FaultGone}, "oat/dataPipelines/packages/{packageId}", true},
		{Fault{Kind: FaultGone}, "oat/dataPipelines/packages", false},
		{Fault{Kind: FaultGone}, "oat/detections", false},
		{Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/dataPipelines/*"}, "oat/dataPipelines/packages", true},
		{Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/dataPipelines/*"}, "datalake/dataPipelines/packages", false},
		{Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/dataPipelines/*"}, "oat/detections", false},
		{Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/dataPipelines"}, "oat/dataPipelines/packages", false},
		{Fault{Kind: FaultStatus, Status: 408}, "oat/dataPipelines", false},
	}
	for _, m := range match {
		if got := m.f.matches(m.endpoint); got != m.want {
			t.Errorf("%+v on %s: matches %v, want %v", m.f, m.endpoint, got, m.want)
		}
	}
}

// TestPipelineListFaults: the body faults apply to the JSON answers of the
// pipeline endpoints, a status fault answers the documented 500.
func TestPipelineListFaults(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.register("oat/dataPipelines", oatBody)
	list := "/v3.0/oat/dataPipelines/" + id + "/packages"
	whole := h.get(list).body

	_ = h.sim.SetFaults(Fault{Kind: FaultTruncate, Endpoint: "oat/dataPipelines/packages", Count: 1})
	if got, _, err := rawDownload(h, strings.TrimPrefix(list, h.srv.URL)); err == nil || len(got) != len(whole)/2 {
		t.Fatalf("truncated list: %d of %d bytes, %v", len(got), len(whole), err)
	}
	_ = h.sim.SetFaults(Fault{Kind: FaultMalformed, Endpoint: "oat/dataPipelines", Count: 1})
	if r := h.get("/v3.0/oat/dataPipelines"); r.status != 200 || json.Valid(r.body) {
		t.Fatalf("malformed list: %d %s", r.status, r.body)
	}
	_ = h.sim.SetFaults(Fault{Kind: FaultStatus, Status: 500, Endpoint: "oat/dataPipelines", Count: 1})
	r := h.send(http.MethodPost, "/v3.0/oat/dataPipelines", oatBody)
	assertJSONEqual(t, []byte(`{"error":{"code":"InternalServerError","message":"An internal error has occurred. Please try again later. If the issue persists, contact your support provider."}}`), r.body)
	if r.status != 500 || len(h.sim.pipelines.list(oatPipelineAPI)) != 1 {
		t.Fatalf("status %d; the failed registration must register nothing", r.status)
	}
}

// TestPipelineOptions: the package options' bounds, and the rate limits
// of the pipeline endpoints.
func TestPipelineOptions(t *testing.T) {
	bad := []struct {
		name string
		opts Options
		want string
	}{
		{"interval under a second", Options{PackageInterval: 500 * time.Millisecond}, "package interval"},
		{"interval over an hour", Options{PackageInterval: 2 * time.Hour}, "package interval"},
		{"interval in milliseconds", Options{PackageInterval: 1500 * time.Millisecond}, "package interval"},
		{"delay in milliseconds", Options{PackageDelay: 1500 * time.Millisecond}, "package delay"},
		{"delay over an hour", Options{PackageDelay: 61 * time.Minute}, "package delay"},
		{"negative retention", Options{PackageRetention: -time.Hour}, "package retention"},
		{"unknown pipeline endpoint", Options{RateLimits: map[string]int{"oat/dataPipelines/download": 1}}, "unknown endpoint"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want it to mention %q", err, tt.want)
			}
		})
	}
	sim, err := New(Options{PackageDelay: -1})
	if err != nil || sim.opts.PackageDelay != 0 || sim.opts.PackageInterval != DefaultPackageInterval || sim.opts.PackageRetention != DefaultPackageRetention {
		t.Fatalf("defaults: %v %v %v %v", sim.opts.PackageDelay, sim.opts.PackageInterval, sim.opts.PackageRetention, err)
	}

	wall := t0
	h := newHarness(t, Options{RateClock: func() time.Time { return wall }, RateLimits: map[string]int{"oat/dataPipelines/packages": 2}})
	id := h.register("oat/dataPipelines", oatBody)
	for i, want := range []int{200, 200, 429} {
		if r := h.get("/v3.0/oat/dataPipelines/" + id + "/packages"); r.status != want {
			t.Fatalf("request %d: %d, want %d", i+1, r.status, want)
		}
	}
	if r := h.get("/v3.0/oat/dataPipelines"); r.status != 200 {
		t.Fatalf("the management endpoint has its own limit: %d", r.status)
	}
}

// TestStatus429Fault: a status fault of 429 answers the rate limit's body,
// with Retry-After unless NoRetryAfter, on any endpoint it names.
func TestStatus429Fault(t *testing.T) {
	for _, tt := range []struct {
		endpoint, path string
		noRetryAfter   bool
		retryAfter     string
	}{
		{"oat/dataPipelines/packages", "/v3.0/oat/dataPipelines/%s/packages", false, "1"},
		{"oat/dataPipelines/packages", "/v3.0/oat/dataPipelines/%s/packages", true, ""},
		{"oat/detections", "/v3.0/oat/detections", false, "1"},
	} {
		h := newHarness(t, Options{NoRetryAfter: tt.noRetryAfter})
		id := h.register("oat/dataPipelines", oatBody)
		if err := h.sim.SetFaults(Fault{Kind: FaultStatus, Status: 429, Endpoint: tt.endpoint, Count: 1}); err != nil {
			t.Fatal(err)
		}
		path := strings.ReplaceAll(tt.path, "%s", id)
		r := h.get(path)
		if r.status != 429 || r.header.Get("Retry-After") != tt.retryAfter {
			t.Fatalf("%s: %d, Retry-After %q; want 429 %q", tt.endpoint, r.status, r.header.Get("Retry-After"), tt.retryAfter)
		}
		assertJSONEqual(t, sample(t, "error_429.json"), r.body)
		if h.sim.Stats().Throttled != 1 {
			t.Fatalf("throttled %d", h.sim.Stats().Throttled)
		}
		if r := h.get(path); r.status != 200 {
			t.Fatalf("after the fault: %d", r.status)
		}
	}
}
