package simulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// t0 is the manual clock's start in most tests.
var t0 = time.Date(2024, 5, 14, 12, 0, 0, 0, time.UTC)

type harness struct {
	t   *testing.T
	sim *Simulator
	srv *httptest.Server
}

// newHarness serves a simulator on loopback. Unset options default to a
// manual clock at t0 and six hours of history.
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = ManualClock(t0)
	}
	if opts.History == 0 {
		opts.History = 6 * time.Hour
	}
	sim, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, sim: sim, srv: srv}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// get requests path (relative to the server, or an absolute URL) with the
// demo key and the given header pairs; an "Authorization" pair replaces the key.
func (h *harness) get(path string, headers ...string) response {
	h.t.Helper()
	url := path
	if !strings.HasPrefix(path, "http") {
		url = h.srv.URL + path
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		h.t.Fatalf("request %s: %v", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("GET %s: reading body: %v", path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

// page is a decoded list page of any feed.
type page struct {
	TotalCount   *int             `json:"totalCount"`
	Count        *int             `json:"count"`
	ProgressRate *int             `json:"progressRate"`
	Items        []map[string]any `json:"items"`
	NextLink     string           `json:"nextLink"`
	Labels       map[string]any   `json:"labels"`
}

func decodePage(t *testing.T, r response) page {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
	var p page
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("decoding page: %v\n%s", err, r.body)
	}
	return p
}

// walk follows a chain from path, calling between(n) after page n (to let
// time pass), and returns every page.
func (h *harness) walk(path string, between func(n int), headers ...string) []page {
	h.t.Helper()
	var pages []page
	for next := path; next != ""; {
		p := decodePage(h.t, h.get(next, headers...))
		pages = append(pages, p)
		if len(pages) > 10000 {
			h.t.Fatalf("chain from %s does not end", path)
		}
		if between != nil {
			between(len(pages))
		}
		next = p.NextLink
	}
	return pages
}

func itemsOf(pages []page) []map[string]any {
	var items []map[string]any
	for _, p := range pages {
		items = append(items, p.Items...)
	}
	return items
}

// itemKey computes a record's key from its item, as a client would: the
// id of a workbench alert, case or task, a uuid, or for an item without one
// (audit logs; search email, network and VPC flow items) the SHA-256 of its
// canonical JSON.
func itemKey(t *testing.T, kind gen.Kind, item map[string]any) string {
	t.Helper()
	if kind == gen.Workbench || gen.HasVersions(kind) { // alerts, cases, tasks: their id
		return item["id"].(string)
	}
	if uuid, ok := item["uuid"].(string); ok && kind != gen.Audit {
		return uuid
	}
	sum := sha256.Sum256(gen.CanonicalJSON(item))
	return hex.EncodeToString(sum[:])
}

func keysOf(t *testing.T, kind gen.Kind, items []map[string]any) []string {
	keys := make([]string, len(items))
	for i, item := range items {
		keys[i] = itemKey(t, kind, item)
	}
	return keys
}

// itemTime reads the event time of an item: a date-time string field, or
// search's epoch-millisecond eventTime.
func itemTime(t *testing.T, item map[string]any, field string) time.Time {
	t.Helper()
	switch v := item[field].(type) {
	case string:
		ts, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t.Fatalf("%s: %v", field, err)
		}
		return ts
	case json.Number:
		ms, err := v.Int64()
		if err != nil {
			t.Fatalf("%s: %v", field, err)
		}
		return time.UnixMilli(ms).UTC()
	}
	t.Fatalf("item has no time field %s: %v", field, item)
	return time.Time{}
}

// sample reads an error body from the module's testdata/samples.
func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertJSONEqual compares two JSON documents by value.
func assertJSONEqual(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("want is not JSON: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got is not JSON: %v\n%s", err, got)
	}
	wb, _ := json.Marshal(w)
	gb, _ := json.Marshal(g)
	if !bytes.Equal(wb, gb) {
		t.Fatalf("body mismatch\nwant %s\ngot  %s", wb, gb)
	}
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func decodeClaims(t *testing.T, key string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(key, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
