package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// searchPage5000 builds a search detections page of 5000 items (top=5000,
// the largest page size, §4.1) by repeating the sample items.
func searchPage5000(b *testing.B) []byte {
	b.Helper()
	var sample struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal([]byte(readTestdata(b, "search_detections_page.json")), &sample); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"nextLink":"https://api.xdr.trendmicro.com/v3.0/search/detections?top=5000&skipToken=eyJvIjo1MDAwfQ==","progressRate":40,"items":[`)
	for i := range 5000 {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(sample.Items[i%len(sample.Items)])
	}
	buf.WriteString("]}")
	return buf.Bytes()
}

// BenchmarkFirstPage5000 requests and decodes a 5000-item search page over
// loopback HTTP: the client's throughput per page, in MB/s of body.
func BenchmarkFirstPage5000(b *testing.B) {
	body := searchPage5000(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := New(Settings{Endpoint: srv.URL, Token: testToken, HTTPClient: srv.Client()})
	if err != nil {
		b.Fatal(err)
	}
	req := Request{Stream: "search_detections", Path: "/v3.0/search/detections", Header: http.Header{"TMV1-Query": {"*"}}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		page, err := c.FirstPage(context.Background(), req)
		if err != nil || len(page.Items) != 5000 {
			b.Fatalf("page: %v", err)
		}
	}
}

// BenchmarkDecodePage5000 is the decode alone: the ceiling for the above.
func BenchmarkDecodePage5000(b *testing.B) {
	body := searchPage5000(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		page, err := decodePage(body)
		if err != nil || len(page.Items) != 5000 {
			b.Fatalf("page: %v", err)
		}
	}
}
