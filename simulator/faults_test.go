package simulator

import (
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFaultValidation(t *testing.T) {
	tests := []struct {
		name string
		f    Fault
		ok   bool
	}{
		{"status", Fault{Kind: FaultStatus, Status: 503, Count: 1}, true},
		{"408 on search", Fault{Kind: FaultStatus, Status: 408, Endpoint: "search/*", Count: 1}, true},
		{"status 418", Fault{Kind: FaultStatus, Status: 418, Count: 1}, false},
		{"error 1010420", Fault{Kind: FaultError, Number: 1010420, Endpoint: "oat/detections", Count: 1}, true},
		{"error 1000520 anywhere", Fault{Kind: FaultError, Number: 1000520, Probability: 0.5}, true},
		{"error 1010406", Fault{Kind: FaultError, Number: 1010406, Count: 1}, false}, // a request error, not injectable
		{"error without number", Fault{Kind: FaultError, Count: 1}, false},
		{"latency", Fault{Kind: FaultLatency, Latency: time.Second, Probability: 0.5}, true},
		{"latency zero", Fault{Kind: FaultLatency, Count: 1}, false},
		{"huge", Fault{Kind: FaultHugeBody, SizeMB: 2, Count: 1}, true},
		{"huge zero", Fault{Kind: FaultHugeBody, Count: 1}, false},
		{"unknown kind", Fault{Kind: "boom", Count: 1}, false},
		{"unknown endpoint", Fault{Kind: FaultTruncate, Endpoint: "oat/detection", Count: 1}, false},
		{"neither count nor probability", Fault{Kind: FaultTruncate}, false},
		{"both", Fault{Kind: FaultTruncate, Count: 1, Probability: 0.5}, false},
		{"probability above 1", Fault{Kind: FaultTruncate, Probability: 1.5}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f.validate(); (err == nil) != tt.ok {
				t.Fatalf("validate = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestParseFault(t *testing.T) {
	tests := []struct {
		spec string
		want Fault
		err  bool
	}{
		{"kind=status,status=503,endpoint=oat/detections,count=2", Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/detections", Count: 2}, false},
		{"kind=latency,latency=1500ms,probability=0.25", Fault{Kind: FaultLatency, Latency: 1500 * time.Millisecond, Probability: 0.25}, false},
		{"kind=foreign-link,host=evil.test:443,count=1", Fault{Kind: FaultForeignLink, Host: "evil.test:443", Count: 1}, false},
		{"kind=huge-body,sizeMB=3,count=1", Fault{Kind: FaultHugeBody, SizeMB: 3, Count: 1}, false},
		{"kind=error,number=1010420,endpoint=oat/detections,count=1", Fault{Kind: FaultError, Number: 1010420, Endpoint: "oat/detections", Count: 1}, false},
		{"kind=error,number=42,count=1", Fault{}, true},
		{"kind=status,status=x,count=1", Fault{}, true},
		{"kind=status,colour=red", Fault{}, true},
		{"kind=truncate", Fault{}, true},
		{"truncate", Fault{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseFault(tt.spec)
			if (err != nil) != tt.err || (!tt.err && got != tt.want) {
				t.Fatalf("ParseFault = %+v, %v; want %+v (error %v)", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFaultJSONRoundTrip(t *testing.T) {
	in := []Fault{{Kind: FaultLatency, Latency: 250 * time.Millisecond, Endpoint: "search/*", Count: 3}, {Kind: FaultMalformed, Probability: 0.1},
		{Kind: FaultError, Number: 1000520, Count: 1}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"latency":"250ms"`) {
		t.Errorf("latency not a duration string: %s", b)
	}
	var out []Fault
	if err := json.Unmarshal(b, &out); err != nil || !slices.Equal(in, out) {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"kind":"status","colour":1}`), &Fault{}); err == nil {
		t.Error("unknown JSON field accepted")
	}
}

func TestFaultSetTake(t *testing.T) {
	s := newFaultSet(1, []Fault{
		{Kind: FaultStatus, Status: 408, Count: 5},
		{Kind: FaultStatus, Status: 500, Endpoint: "audit/logs", Count: 2},
	})
	if _, ok := s.take("oat/detections", FaultStatus); ok {
		t.Error("408 fired outside search")
	}
	if f, ok := s.take("search/detections", FaultStatus); !ok || f.Status != 408 {
		t.Error("408 did not fire on search")
	}
	for i := range 2 {
		if f, ok := s.take("audit/logs", FaultStatus); !ok || f.Status != 500 {
			t.Fatalf("take %d on audit: %+v %v", i, f, ok)
		}
	}
	if _, ok := s.take("audit/logs", FaultStatus); ok {
		t.Error("a count rule fired past its count")
	}
	if got := s.list(); len(got) != 1 || got[0].Count != 4 {
		t.Errorf("remaining rules %+v", got)
	}

	// Probability rules repeat with the seed.
	fire := func(seed uint64) []bool {
		s := newFaultSet(seed, []Fault{{Kind: FaultMalformed, Probability: 0.5}})
		var out []bool
		for range 64 {
			_, ok := s.take("oat/detections", FaultMalformed)
			out = append(out, ok)
		}
		return out
	}
	a, b := fire(7), fire(7)
	if !slices.Equal(a, b) || !slices.Contains(a, true) || !slices.Contains(a, false) {
		t.Fatalf("probability 0.5 over 64 requests: %v", a)
	}
	if slices.Equal(a, fire(8)) {
		t.Error("seeds 7 and 8 fire alike")
	}
}

func TestStatusFaults(t *testing.T) {
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/v3.0/workbench/alerts", 500, "error_500_workbench.json"},
		{"/v3.0/oat/detections", 500, "error_500_oat.json"},
		{"/v3.0/audit/logs", 500, "error_500_audit.json"},
		{"/v3.0/search/detections", 500, "error_500_search.json"},
		{"/v3.0/oat/detections", 503, "error_503.json"},
		{"/v3.0/search/cloudActivities", 408, "error_408_search.json"},
		{"/v3.0/oat/detections", 502, `{"error":{"code":"BadGateway","message":"Bad Gateway"}}`},
		{"/v3.0/oat/detections", 504, `{"error":{"code":"GatewayTimeout","message":"Gateway Timeout"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			h := newHarness(t, Options{Faults: []Fault{{Kind: FaultStatus, Status: tt.status, Count: 2}}})
			for i := range 3 {
				r := h.get(tt.path, "TMV1-Query", "*")
				if i == 2 {
					if r.status != 200 {
						t.Fatalf("after the count: status %d", r.status)
					}
					break
				}
				if r.status != tt.status {
					t.Fatalf("request %d: status %d, want %d", i+1, r.status, tt.status)
				}
				want := []byte(tt.body)
				if strings.HasSuffix(tt.body, ".json") {
					want = sample(t, tt.body)
				}
				assertJSONEqual(t, want, r.body)
			}
		})
	}
}

// TestErrorFaults: an injected error number answers the OAT 400 body of
// that number (Trend's OpenAPI document for v3.0 documents 1010420 and
// 1000520 for GET /v3.0/oat/detections), and only where it is documented.
func TestErrorFaults(t *testing.T) {
	tests := []struct {
		number  int
		message string
	}{
		{1010420, "No products connected. Connect some products and try again. (Error code: 1010420)"},
		{1000520, "Request to data lake timed out. Adjust the request time range or criteria for a more precise query. (Error code: 1000520)"},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.number), func(t *testing.T) {
			h := newHarness(t, Options{Faults: []Fault{{Kind: FaultError, Number: tt.number, Count: 1}}})
			for _, other := range []string{"/v3.0/workbench/alerts", "/v3.0/audit/logs", "/v3.0/healthcheck/connectivity"} {
				if r := h.get(other); r.status != 200 {
					t.Fatalf("%s: status %d: the fault fired where the number is undocumented", other, r.status)
				}
			}
			r := h.get("/v3.0/oat/detections")
			want := `{"error":{"code":"BadRequest","message":"` + tt.message + `","number":` + strconv.Itoa(tt.number) + `}}`
			if r.status != 400 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			assertJSONEqual(t, []byte(want), r.body)
			if r := h.get("/v3.0/oat/detections"); r.status != 200 {
				t.Fatalf("after the count: status %d", r.status)
			}
		})
	}
}

func TestLatencyFaults(t *testing.T) {
	h := newHarness(t, Options{RequestDeadline: 10 * time.Millisecond})
	if err := h.sim.SetFaults(
		Fault{Kind: FaultLatency, Latency: time.Millisecond, Endpoint: "oat/detections", Count: 1},
		Fault{Kind: FaultLatency, Latency: time.Hour, Endpoint: "audit/logs", Count: 1},
	); err != nil {
		t.Fatal(err)
	}
	if r := h.get("/v3.0/oat/detections"); r.status != 200 {
		t.Errorf("latency under the deadline: status %d", r.status)
	}
	r := h.get("/v3.0/audit/logs") // waits the 10ms deadline, not an hour
	if r.status != 504 {
		t.Fatalf("latency over the deadline: status %d", r.status)
	}
	assertJSONEqual(t, []byte(`{"error":{"code":"GatewayTimeout","message":"Gateway Timeout"}}`), r.body)
}

func TestBodyFaults(t *testing.T) {
	const path = "/v3.0/oat/detections?top=50"
	t.Run("truncate", func(t *testing.T) {
		h := newHarness(t, Options{Faults: []Fault{{Kind: FaultTruncate, Count: 1}}})
		resp, err := h.srv.Client().Do(authed(t, h.srv.URL+path))
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("reading a truncated body: %v, want unexpected EOF", err)
		}
		decodePage(t, h.get(path)) // the next request is whole
	})
	t.Run("malformed", func(t *testing.T) {
		h := newHarness(t, Options{Faults: []Fault{{Kind: FaultMalformed, Count: 1}}})
		r := h.get(path)
		if r.status != 200 || json.Valid(r.body) {
			t.Fatalf("status %d, valid JSON %v", r.status, json.Valid(r.body))
		}
	})
	t.Run("huge", func(t *testing.T) {
		h := newHarness(t, Options{Faults: []Fault{{Kind: FaultHugeBody, SizeMB: 2, Count: 1}}})
		r := h.get(path)
		if len(r.body) < 2<<20 {
			t.Fatalf("body of %d bytes", len(r.body))
		}
		assertJSONEqual(t, h.get(path).body, r.body) // same content, only padded
	})
}

func authed(t *testing.T, url string) *http.Request {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	return req
}

func TestPageFaults(t *testing.T) {
	const path = "/v3.0/oat/detections?top=50"
	t.Run("duplicate", func(t *testing.T) {
		h := newHarness(t, Options{Rates: busyRates})
		first := decodePage(t, h.get(path))
		_ = h.sim.SetFaults(Fault{Kind: FaultDuplicate, Count: 1})
		second := decodePage(t, h.get(first.NextLink))
		if second.Items[0]["uuid"] != first.Items[len(first.Items)-1]["uuid"] || *second.Count != len(second.Items) {
			t.Fatal("the follow-up page does not start with the previous page's last item")
		}
		if len(h.sim.Faults()) != 0 {
			t.Error("rule not consumed")
		}
	})
	t.Run("duplicate waits for a follow-up page", func(t *testing.T) {
		h := newHarness(t, Options{Rates: busyRates, Faults: []Fault{{Kind: FaultDuplicate, Count: 1}}})
		first := decodePage(t, h.get(path))
		if len(h.sim.Faults()) != 1 {
			t.Fatal("a first page consumed the duplicate rule")
		}
		second := decodePage(t, h.get(first.NextLink))
		if second.Items[0]["uuid"] != first.Items[len(first.Items)-1]["uuid"] {
			t.Fatal("no duplicate on the follow-up page")
		}
	})
	t.Run("foreign link", func(t *testing.T) {
		for _, host := range []string{"", "evil.test:8443"} {
			h := newHarness(t, Options{Rates: busyRates, Faults: []Fault{{Kind: FaultForeignLink, Host: host, Count: 1}}})
			u, _ := url.Parse(decodePage(t, h.get(path)).NextLink)
			if want := cmp.Or(host, defaultForeignHost); u.Host != want {
				t.Errorf("nextLink host %q, want %q", u.Host, want)
			}
		}
	})
	t.Run("endless chain", func(t *testing.T) {
		h := newHarness(t, Options{Rates: busyRates})
		q := path + "&detectedStartDateTime=" + fmtTime(t0.Add(-10*time.Minute))
		normal := h.walk(q, nil)
		_ = h.sim.SetFaults(Fault{Kind: FaultEndlessChain, Count: 3})
		endless := h.walk(q, nil)
		if len(endless) != len(normal)+3 {
			t.Fatalf("%d pages with 3 extra links, %d without", len(endless), len(normal))
		}
		for _, p := range endless[len(normal):] {
			if len(p.Items) != 0 {
				t.Fatal("a page past the end has items")
			}
		}
	})
	t.Run("space in link", func(t *testing.T) {
		h := newHarness(t, Options{Rates: busyRates, Faults: []Fault{{Kind: FaultSpaceInLink, Count: 1}}})
		plain := decodePage(t, h.get("/v3.0/workbench/alerts"))
		if strings.Contains(plain.NextLink, " ") || len(h.sim.Faults()) != 1 {
			t.Fatal("the rule fired on a link without an encoded space")
		}
		spaced := decodePage(t, h.get("/v3.0/workbench/alerts?orderBy=createdDateTime%20asc"))
		if !strings.Contains(spaced.NextLink, "orderBy=createdDateTime asc") {
			t.Fatalf("nextLink %q has no literal space", spaced.NextLink)
		}
		fixed := strings.ReplaceAll(spaced.NextLink, " ", "%20")
		decodePage(t, h.get(fixed)) // a client that re-encodes it goes on
	})
	t.Run("expire tokens", func(t *testing.T) {
		// The fault expires the tokens of the endpoint it fires on only,
		// so faults on different endpoints stay independent.
		h := newHarness(t, Options{Rates: busyRates})
		next := decodePage(t, h.get(path)).NextLink
		other := decodePage(t, h.get("/v3.0/search/detections?top=50", "TMV1-Query", "*")).NextLink
		_ = h.sim.SetFaults(Fault{Kind: FaultExpireTokens, Endpoint: "oat/detections", Count: 1})
		decodePage(t, h.get(path))
		r := h.get(next)
		if r.status != 400 {
			t.Fatalf("status %d", r.status)
		}
		assertJSONEqual(t, sample(t, "error_400_oat_token_expired.json"), r.body)
		decodePage(t, h.get(other, "TMV1-Query", "*")) // another endpoint's token still works
	})
}
