package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func intPtr(v int) *int { return &v }

func equalIntPtr(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// TestDecodeSamplePages decodes every sample page (§10).
func TestDecodeSamplePages(t *testing.T) {
	tests := []struct {
		sample       string
		items        int
		nextLink     string // prefix
		totalCount   *int
		count        *int
		progressRate *int
	}{
		{sample: "audit_logs_page.json", items: 4, nextLink: "https://api.xdr.trendmicro.com/v3.0/audit/logs?skipToken=MjAw"},
		{sample: "audit_logs_page_last.json", items: 1},
		{sample: "oat_detections_page.json", items: 3, nextLink: "https://api.xdr.trendmicro.com/v3.0/oat/detections?", totalCount: intPtr(153), count: intPtr(3)},
		{sample: "oat_detections_page_last.json", items: 1, totalCount: intPtr(153), count: intPtr(1)},
		{sample: "search_cloudActivities_page.json", items: 1, progressRate: intPtr(100)},
		{sample: "search_containerActivities_page.json", items: 1, progressRate: intPtr(100)},
		{sample: "search_detections_page.json", items: 2, nextLink: "https://api.xdr.trendmicro.com/v3.0/search/detections?", progressRate: intPtr(30)},
		{sample: "search_detections_page_last.json", items: 0, progressRate: intPtr(100)},
		{sample: "search_emailActivities_page.json", items: 1, progressRate: intPtr(100)},
		{sample: "search_endpointActivities_page.json", items: 1, nextLink: "https://api.xdr.trendmicro.com/v3.0/search/endpointActivities?", progressRate: intPtr(30)},
		{sample: "search_identityActivities_page.json", items: 1, progressRate: intPtr(100)},
		{sample: "search_mobileActivities_page.json", items: 1, progressRate: intPtr(100)},
		{sample: "search_networkActivities_page.json", items: 1, progressRate: intPtr(100)},
		{sample: "workbench_alerts_first_page.json", items: 10, nextLink: "https://api.xdr.trendmicro.com/v3.0/workbench/alerts?skipToken=MTA=", totalCount: intPtr(12), count: intPtr(10)},
		{sample: "workbench_alerts_page2_last.json", items: 2, totalCount: intPtr(12), count: intPtr(2)},
		{sample: "workbench_alerts_spec_example.json", items: 2, totalCount: intPtr(2), count: intPtr(2)},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			body := readTestdata(t, tt.sample)

			page, err := decodePage([]byte(body))
			if err != nil {
				t.Fatalf("decodePage: %v", err)
			}
			if len(page.Items) != tt.items {
				t.Errorf("%d items, want %d", len(page.Items), tt.items)
			}
			for i, item := range page.Items {
				var obj map[string]any
				if err := json.Unmarshal(item, &obj); err != nil || len(obj) == 0 {
					t.Errorf("item %d is not a non-empty object: %v", i, err)
				}
			}
			if (tt.nextLink == "") != (page.NextLink == "") || !strings.HasPrefix(page.NextLink, tt.nextLink) {
				t.Errorf("NextLink = %q, want prefix %q", page.NextLink, tt.nextLink)
			}
			if !equalIntPtr(page.TotalCount, tt.totalCount) || !equalIntPtr(page.Count, tt.count) || !equalIntPtr(page.ProgressRate, tt.progressRate) {
				t.Errorf("counts = %v %v %v", page.TotalCount, page.Count, page.ProgressRate)
			}
			if page.Bytes != len(body) {
				t.Errorf("Bytes = %d, want %d", page.Bytes, len(body))
			}
		})
	}
}

// TestDecodeMalformed: anything but a complete envelope is an error, never a page.
func TestDecodeMalformed(t *testing.T) {
	full := readTestdata(t, "oat_detections_page.json")
	tests := map[string]string{
		"empty":                  "",
		"whitespace":             " \n",
		"null":                   "null",
		"array":                  "[]",
		"string":                 `"items"`,
		"number":                 "42",
		"truncated":              full[:len(full)/2],
		"truncated after object": full[:strings.LastIndex(full, "}")],
		"trailing garbage":       full + "x",
		"two objects":            `{"items":[]}{"items":[]}`,
		"items object":           `{"items":{}}`,
		"items null":             `{"items":null}`,
		"no items":               `{}`,
		"countOnly shape":        `{"totalCount":3123}`,
		"items string":           `{"items":"[]"}`,
		"items number":           `{"items":1}`,
		"nextLink number":        `{"items":[],"nextLink":5}`,
		"totalCount string":      `{"items":[],"totalCount":"3"}`,
		"count float":            `{"items":[],"count":1.5}`,
		"error not object":       `{"error":"x"}`,
		"invalid utf8 escape":    `{"items":["\ud800"x]}`,
		"unterminated item":      `{"items":[{"a":1]}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			page, err := decodePage([]byte(body))
			if err == nil || page != nil {
				t.Fatalf("decodePage = %v, %v; want an error and no page", page, err)
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				t.Errorf("err = %v, want a decoding error, not an *APIError", err)
			}
		})
	}
}

// TestFirstPageMalformed checks the errors the client returns for bodies
// that are broken, cut short or too large.
func TestFirstPageMalformed(t *testing.T) {
	const limit = 64
	fits := `{"items":[` + strings.Repeat(`1,`, (limit-len(`{"items":[1]}`))/2) + `1]}`
	if len(fits) != limit-1 && len(fits) != limit {
		t.Fatalf("fits has %d bytes", len(fits))
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    error // nil: success
	}{
		{name: "malformed", handler: writeBody(`{"items":[`, false), want: ErrMalformedResponse},
		{name: "at the limit", handler: writeBody(fits, false)},
		{name: "over the limit, Content-Length", handler: writeBody(`{"items":[`+strings.Repeat(" ", limit)+`]}`, false), want: ErrBodyTooLarge},
		{name: "over the limit, chunked", handler: writeBody(`{"items":[`+strings.Repeat(" ", limit)+`]}`, true), want: ErrBodyTooLarge},
		{name: "cut short", handler: cutShort(`{"items":[{"a":1},{"b":2}]}`), want: ErrMalformedResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newTestClient(t, srv.URL, func(s *Settings) { s.MaxBodyBytes = limit })

			page, err := c.FirstPage(context.Background(), testRequest())

			if tt.want == nil {
				if err != nil || page == nil {
					t.Fatalf("FirstPage = %v, %v; want a page", page, err)
				}
				return
			}
			if !errors.Is(err, tt.want) || page != nil {
				t.Fatalf("FirstPage = %v, %v; want %v and no page", page, err, tt.want)
			}
			if !strings.Contains(err.Error(), "oat_detections: GET /v3.0/oat/detections") {
				t.Errorf("Error() = %q does not name the request", err)
			}
		})
	}
}

// writeBody answers 200 with body, chunked (no Content-Length) if asked.
func writeBody(body string, chunked bool) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if chunked {
			_, _ = w.Write([]byte(body[:1]))
			w.(http.Flusher).Flush()
			_, _ = w.Write([]byte(body[1:]))
			return
		}
		_, _ = w.Write([]byte(body))
	}
}

// cutShort announces the whole body but sends only its first half and
// closes the connection.
func cutShort(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		writeRaw(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "+
			strconv.Itoa(len(body))+"\r\n\r\n"+body[:len(body)/2])
	}
}

func writeRaw(buf *bufio.ReadWriter, s string) {
	_, _ = buf.WriteString(s)
	_ = buf.Flush()
}
