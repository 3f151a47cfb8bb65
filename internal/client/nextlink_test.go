package client

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestResolveNextLink(t *testing.T) {
	tests := []struct {
		endpoint string
		link     string
		ok       bool
	}{
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com/v3.0/oat/detections?nextBatchToken=x", true},
		{"https://api.xdr.trendmicro.com", "https://API.XDR.TrendMicro.com/v3.0/oat/detections", true},
		{"https://api.xdr.trendmicro.com", "HTTPS://api.xdr.trendmicro.com/v3.0/oat/detections", true},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com:443/v3.0/audit/logs", true},
		{"https://api.xdr.trendmicro.com:443", "https://api.xdr.trendmicro.com/v3.0/audit/logs", true},
		{"http://sim.local:80", "http://sim.local/v3.0/audit/logs", true},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com/v3.0/detections?skipToken=x", true}, // the OpenAPI document's typo'd path (§1.5)
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com/v3.0/x?orderBy=a asc", true},
		{"https://[::1]:8443", "https://[::1]:8443/v3.0/x", true},

		{"https://api.xdr.trendmicro.com", "http://api.xdr.trendmicro.com/v3.0/oat/detections", false},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com:8443/v3.0/oat/detections", false},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com:80/v3.0/oat/detections", false},
		{"https://api.xdr.trendmicro.com", "https://api.eu.xdr.trendmicro.com/v3.0/oat/detections", false},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com.evil.example/v3.0/x", false},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com@evil/", false},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com:443@evil.example/", false},
		{"https://api.xdr.trendmicro.com", "https://user@api.xdr.trendmicro.com/v3.0/x", false},
		{"https://api.xdr.trendmicro.com", "https://:@api.xdr.trendmicro.com/v3.0/x", false},
		{"https://api.xdr.trendmicro.com", "https://evil.example#@api.xdr.trendmicro.com/", false},
		{"https://api.xdr.trendmicro.com", "https://evil.example?@api.xdr.trendmicro.com/", false},
		{"https://api.xdr.trendmicro.com", "https://evil.example\\@api.xdr.trendmicro.com/", false},
		{"https://api.xdr.trendmicro.com", "//api.xdr.trendmicro.com/v3.0/x", false},
		{"https://api.xdr.trendmicro.com", "/v3.0/oat/detections?nextBatchToken=x", false},
		{"https://api.xdr.trendmicro.com", "https:api.xdr.trendmicro.com/v3.0/x", false},
		{"https://api.xdr.trendmicro.com", "https:///v3.0/x", false},
		{"https://api.xdr.trendmicro.com", "", false},
		{"https://api.xdr.trendmicro.com", "https://api.xdr.trendmicro.com\n.evil/", false},
		{"https://api.xdr.trendmicro.com", "javascript:alert(1)", false},
	}
	for _, tt := range tests {
		endpoint, err := parseEndpoint(tt.endpoint)
		if err != nil {
			t.Fatalf("endpoint %q: %v", tt.endpoint, err)
		}
		u, err := resolveNextLink(endpoint, tt.link)
		if tt.ok != (err == nil) {
			t.Errorf("resolveNextLink(%q, %q) = %v, %v; want ok=%v", tt.endpoint, tt.link, u, err, tt.ok)
			continue
		}
		if err != nil && !errors.Is(err, ErrForeignNextLink) {
			t.Errorf("resolveNextLink(%q) error = %v, want ErrForeignNextLink", tt.link, err)
		}
		if err == nil && strings.Contains(u.String(), " ") {
			t.Errorf("resolveNextLink(%q) = %q keeps a space", tt.link, u)
		}
	}
}

// TestForeignNextLinkNotRequested: links that leave the endpoint get
// ErrForeignNextLink, and neither the other server nor the endpoint
// receives anything.
func TestForeignNextLinkNotRequested(t *testing.T) {
	srv := newScriptedServer(t)
	other := newScriptedServer(t)
	srvURL, _ := url.Parse(srv.URL)
	otherURL, _ := url.Parse(other.URL)

	links := map[string]string{
		"other host":          other.URL + "/v3.0/oat/detections?nextBatchToken=x",
		"other scheme":        "https://" + srvURL.Host + "/v3.0/oat/detections",
		"other port":          "http://" + srvURL.Hostname() + ":" + otherURL.Port() + "/v3.0/oat/detections",
		"userinfo trick":      "http://" + srvURL.Host + "@" + otherURL.Host + "/v3.0/oat/detections",
		"userinfo same host":  "http://user:pass@" + srvURL.Host + "/v3.0/oat/detections",
		"fragment trick":      other.URL + "#@" + srvURL.Host + "/",
		"relative":            "/v3.0/oat/detections?nextBatchToken=x",
		"scheme-relative":     "//" + otherURL.Host + "/v3.0/oat/detections",
		"localhost for 127.x": "http://localhost:" + srvURL.Port() + "/v3.0/oat/detections",
	}
	for name, link := range links {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, srv.URL)

			page, err := c.NextPage(context.Background(), testRequest(), link)

			if !errors.Is(err, ErrForeignNextLink) || page != nil {
				t.Fatalf("NextPage = %v, %v; want ErrForeignNextLink", page, err)
			}
			if strings.Contains(err.Error(), link) {
				t.Errorf("Error() = %q echoes the link", err)
			}
			if len(c.observer.Statuses()) != 0 {
				t.Errorf("observed requests: %v", c.observer.Statuses())
			}
		})
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other server received %d requests", n)
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("the endpoint received %d requests", n)
	}
}
