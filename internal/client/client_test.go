package client

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/config/configopaque"
)

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name     string
		endpoint string
		token    configopaque.String
		wantErr  string // "" = valid
	}{
		{name: "https", endpoint: "https://api.xdr.trendmicro.com", token: testToken},
		{name: "trailing slash", endpoint: "https://api.eu.xdr.trendmicro.com/", token: testToken},
		{name: "http with port", endpoint: "http://127.0.0.1:8080", token: testToken},
		{name: "path", endpoint: "https://api.xdr.trendmicro.com/v3.0", token: testToken, wantErr: "without a path"},
		{name: "query", endpoint: "https://api.xdr.trendmicro.com/?a=b", token: testToken, wantErr: "without a path"},
		{name: "no scheme", endpoint: "api.xdr.trendmicro.com", token: testToken, wantErr: "scheme"},
		{name: "ftp", endpoint: "ftp://api.xdr.trendmicro.com", token: testToken, wantErr: "scheme"},
		{name: "no host", endpoint: "https://", token: testToken, wantErr: "no host"},
		{name: "port only", endpoint: "https://:443", token: testToken, wantErr: "no host"},
		{name: "userinfo", endpoint: "https://user:" + string(testToken) + "@api.xdr.trendmicro.com", token: testToken, wantErr: "user information"},
		{name: "unparsable", endpoint: "https://api.xdr.trendmicro.com/%zz" + string(testToken), token: testToken, wantErr: "not a valid URL"},
		{name: "empty token", endpoint: "https://api.xdr.trendmicro.com", token: "", wantErr: "empty"},
		{name: "token with newline", endpoint: "https://api.xdr.trendmicro.com", token: testToken + "\r\nX-Evil: 1", wantErr: "visible ASCII"},
		{name: "token with space", endpoint: "https://api.xdr.trendmicro.com", token: "a b", wantErr: "visible ASCII"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Settings{Endpoint: tt.endpoint, Token: tt.token})
			if tt.wantErr == "" {
				if err != nil || c == nil {
					t.Fatalf("New = %v, %v; want a client", c, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), string(testToken)) {
				t.Errorf("New error contains the token: %v", err)
			}
		})
	}
}

// TestHeadersOnEveryPage: the first page and the nextLink page both carry
// the key, Accept, User-Agent and the TMV1 header (§1.3, §1.5).
func TestHeadersOnEveryPage(t *testing.T) {
	srv := newScriptedServer(t)
	srv.replies = []reply{
		{status: 200, body: `{"items":[{"a":1}],"nextLink":"` + srv.URL + `/v3.0/oat/detections?top=50&nextBatchToken=abc"}`},
		{status: 200, body: `{"items":[{"b":2}]}`},
	}
	c := newTestClient(t, srv.URL+"/", func(s *Settings) { s.UserAgent = "otelcol-visionone/1.2.3" })
	req := testRequest()
	req.Header.Set("Authorization", "Bearer not-the-key") // the client's own wins
	req.Query.Set("orderBy", "createdDateTime asc")

	first, err := c.FirstPage(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.NextPage(context.Background(), req, first.NextLink); err != nil {
		t.Fatal(err)
	}

	got := srv.requests()
	if len(got) != 2 {
		t.Fatalf("server received %d requests, want 2", len(got))
	}
	for i, r := range got {
		for name, want := range map[string]string{
			"Authorization": "Bearer " + string(testToken),
			"Accept":        "application/json",
			"User-Agent":    "otelcol-visionone/1.2.3",
			"Tmv1-Filter":   "(riskLevel eq 'high')",
		} {
			if values := r.Header.Values(name); len(values) != 1 || values[0] != want {
				t.Errorf("request %d: %s = %q, want %q", i, name, values, want)
			}
		}
		if r.Method != http.MethodGet {
			t.Errorf("request %d: method %s", i, r.Method)
		}
	}
	if got[0].URL.Path != "/v3.0/oat/detections" {
		t.Errorf("first path = %q", got[0].URL.Path)
	}
	if raw := got[0].URL.RawQuery; !strings.Contains(raw, "orderBy=createdDateTime%20asc") || !strings.Contains(raw, "top=50") {
		t.Errorf("first query = %q, want spaces as %%20", raw)
	}
	if got[1].URL.RequestURI() != "/v3.0/oat/detections?top=50&nextBatchToken=abc" {
		t.Errorf("next request = %q, want the nextLink as is", got[1].URL.RequestURI())
	}
	if req.Header.Get("Authorization") != "Bearer not-the-key" {
		t.Error("the caller's header was modified")
	}
}

func TestDefaultUserAgent(t *testing.T) {
	srv := newScriptedServer(t)
	c := newTestClient(t, srv.URL)
	if _, err := c.FirstPage(context.Background(), Request{Stream: "audit_logs", Path: "/v3.0/audit/logs"}); err != nil {
		t.Fatal(err)
	}
	if ua := srv.requests()[0].Header.Get("User-Agent"); ua != defaultUserAgent {
		t.Errorf("User-Agent = %q, want %q", ua, defaultUserAgent)
	}
}

// TestNextLinkWithSpaces: a literal space in a nextLink is sent as %20 (§1.5; Elastic's integration rewrites them).
func TestNextLinkWithSpaces(t *testing.T) {
	srv := newScriptedServer(t)
	c := newTestClient(t, srv.URL)

	_, err := c.NextPage(context.Background(), testRequest(), srv.URL+"/v3.0/workbench/alerts?skipToken=MTA=&orderBy=createdDateTime asc")
	if err != nil {
		t.Fatal(err)
	}

	r := srv.requests()[0]
	if r.URL.RawQuery != "skipToken=MTA=&orderBy=createdDateTime%20asc" {
		t.Errorf("RawQuery = %q", r.URL.RawQuery)
	}
	if got := r.URL.Query().Get("orderBy"); got != "createdDateTime asc" {
		t.Errorf("orderBy = %q", got)
	}
}

func TestFirstPageRejectsRelativePath(t *testing.T) {
	srv := newScriptedServer(t)
	c := newTestClient(t, srv.URL)
	_, err := c.FirstPage(context.Background(), Request{Stream: "s", Path: "v3.0/oat/detections"})
	if err == nil || len(srv.requests()) != 0 {
		t.Fatalf("err = %v, requests = %d; want an error and no request", err, len(srv.requests()))
	}
}

// TestRedirectsRefused: a redirect is returned as an error, never followed,
// and the receiver's own http.Client is left as it was.
func TestRedirectsRefused(t *testing.T) {
	elsewhere := newScriptedServer(t)
	srv := newScriptedServer(t, reply{status: http.StatusFound, header: http.Header{"Location": {elsewhere.URL + "/v3.0/oat/detections"}}})
	given := &http.Client{}
	c := newTestClient(t, srv.URL, func(s *Settings) { s.HTTPClient = given })

	_, err := c.FirstPage(context.Background(), testRequest())

	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusFound {
		t.Fatalf("err = %v, want an *APIError with status 302", err)
	}
	if n := len(elsewhere.requests()); n != 0 {
		t.Errorf("redirect target received %d requests", n)
	}
	if given.CheckRedirect != nil {
		t.Error("the given http.Client was modified")
	}
}

func TestPing(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   error
	}{
		{name: "ok", status: 200},
		{name: "unauthorized", status: 401, want: ErrUnauthorized},
		{name: "forbidden", status: 403, want: ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptedServer(t, reply{status: tt.status, body: `{"status":"available"}`})
			c := newTestClient(t, srv.URL)

			err := c.Ping(context.Background(), "startup")

			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("Ping = %v, want %v", err, tt.want)
			}
			r := srv.requests()[0]
			if r.URL.Path != "/v3.0/healthcheck/connectivity" || r.Header.Get("Authorization") != "Bearer "+string(testToken) {
				t.Errorf("request %s with Authorization %q", r.URL.Path, r.Header.Get("Authorization"))
			}
			if got := c.observer.Statuses(); !slices.Equal(got, []int{tt.status}) {
				t.Errorf("observed %v", got)
			}
		})
	}
}

func TestRegions(t *testing.T) {
	tests := []struct {
		region string
		want   string
		ok     bool
	}{
		{"us", "https://api.xdr.trendmicro.com", true},
		{"eu", "https://api.eu.xdr.trendmicro.com", true},
		{"jp", "https://api.xdr.trendmicro.co.jp", true},
		{"sg", "https://api.sg.xdr.trendmicro.com", true},
		{"au", "https://api.au.xdr.trendmicro.com", true},
		{"in", "https://api.in.xdr.trendmicro.com", true},
		{"mea", "https://api.mea.xdr.trendmicro.com", true},
		{"uk", "https://api.uk.xdr.trendmicro.com", true},
		{"usgov", "https://api.usgov.xdr.trendmicro.com", true},
		{"ca", "https://api.ca.xdr.trendmicro.com", true},
		{"za", "https://api.za.xdr.trendmicro.com", true},
		{"EU", "https://api.eu.xdr.trendmicro.com", true},
		{"de", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := RegionEndpoint(tt.region)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RegionEndpoint(%q) = %q, %v; want %q, %v", tt.region, got, ok, tt.want, tt.ok)
		}
	}
	want := []string{"au", "ca", "eu", "in", "jp", "mea", "sg", "uk", "us", "usgov", "za"}
	if got := Regions(); !slices.Equal(got, want) {
		t.Errorf("Regions() = %v, want %v", got, want)
	}
	for _, region := range Regions() {
		endpoint, _ := RegionEndpoint(region)
		if _, err := New(Settings{Endpoint: endpoint, Token: testToken}); err != nil {
			t.Errorf("region %s: %v", region, err)
		}
	}
}
