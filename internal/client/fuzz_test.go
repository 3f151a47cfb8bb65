package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecodePage: any body gives either a page of valid JSON items or an
// error, never both, never a panic.
func FuzzDecodePage(f *testing.F) {
	samples, _ := filepath.Glob(filepath.Join(samples, "*.json"))
	for _, path := range samples {
		body, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	for _, seed := range []string{
		"", "null", "[]", `{"items":null}`, `{"items":{}}`, `{"error":{}}`, `{"items":[1,`,
		`{"items":[ 1 , "a,]\\\"}" ,{"b":[1,{}]}, [ ] ,null,true, -1.5e3 ]}`, `{"items":[]}`, `{"items":[ ]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		page, err := decodePage(body)
		if (page == nil) == (err == nil) {
			t.Fatalf("decodePage = %v, %v; want exactly one", page, err)
		}
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("invalid JSON %q decoded as a page", body)
		}
		// The hand-written split must agree with encoding/json's.
		var reference struct {
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(body, &reference); err != nil {
			t.Fatalf("page accepted, reference decode failed: %v", err)
		}
		if len(page.Items) != len(reference.Items) {
			t.Fatalf("%d items, reference has %d", len(page.Items), len(reference.Items))
		}
		for i, item := range page.Items {
			if !bytes.Equal(item, reference.Items[i]) {
				t.Fatalf("item %d = %q, reference %q", i, item, reference.Items[i])
			}
		}
		if page.Bytes != len(body) {
			t.Fatalf("Bytes = %d, want %d", page.Bytes, len(body))
		}
	})
}

// FuzzNextLink: a link is accepted only if, read back as a URL, it has the
// endpoint's scheme, host and port and no userinfo; never a panic.
func FuzzNextLink(f *testing.F) {
	const endpoint = "https://api.xdr.trendmicro.com"
	for _, seed := range []string{
		endpoint + "/v3.0/oat/detections?nextBatchToken=x",
		endpoint + ":443/v3.0/x?orderBy=a asc",
		"https://API.XDR.TRENDMICRO.COM/v3.0/x",
		"https://api.xdr.trendmicro.com@evil/",
		"https://api.xdr.trendmicro.com:443@evil.example/",
		"http://api.xdr.trendmicro.com/",
		"https://api.xdr.trendmicro.com.evil/",
		"//api.xdr.trendmicro.com/x",
		"/v3.0/x",
		"https://evil#@api.xdr.trendmicro.com/",
		"https://[::1]/",
		"https://api.xdr.trendmicro.co%6D/x",
	} {
		f.Add(seed)
	}
	base, err := parseEndpoint(endpoint)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, link string) {
		u, err := resolveNextLink(base, link)
		if err != nil {
			if !errors.Is(err, ErrForeignNextLink) || u != nil {
				t.Fatalf("resolveNextLink(%q) = %v, %v", link, u, err)
			}
			return
		}
		// Read the accepted URL back as the HTTP client will.
		sent, err := url.Parse(u.String())
		if err != nil {
			t.Fatalf("accepted %q, which does not parse back: %v", link, err)
		}
		port := sent.Port()
		if port == "" {
			port = "443"
		}
		if !strings.EqualFold(sent.Scheme, "https") || !strings.EqualFold(sent.Hostname(), "api.xdr.trendmicro.com") ||
			port != "443" || sent.User != nil {
			t.Fatalf("accepted %q: scheme %q host %q port %q user %v", link, sent.Scheme, sent.Hostname(), port, sent.User)
		}
		if strings.Contains(u.RawQuery, " ") {
			t.Fatalf("accepted %q keeps a space in the query", link)
		}
	})
}
