package simulator

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// decodedPackageList is a package list as a client reads it.
type decodedPackageList struct {
	Items []struct {
		ID              string `json:"id"`
		CreatedDateTime string `json:"createdDateTime"`
	} `json:"items"`
	Count                        *int   `json:"count"`
	TotalCount                   *int   `json:"totalCount"`
	RequestedDateTime            string `json:"requestedDateTime"`
	LatestPackageCreatedDateTime string `json:"latestPackageCreatedDateTime"`
	NextLink                     string `json:"nextLink"`
}

func decodePackageList(t *testing.T, r response) decodedPackageList {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("package list: status %d: %s", r.status, r.body)
	}
	var p decodedPackageList
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("package list: %v: %s", err, r.body)
	}
	if p.Count == nil || p.TotalCount == nil || *p.Count != len(p.Items) {
		t.Fatalf("package list counts: %s", r.body)
	}
	return p
}

func (p decodedPackageList) ids() []string {
	ids := make([]string, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.ID
	}
	return ids
}

// download gets a package as its bytes (Accept-Encoding sent, so that the
// client does not decompress it).
func (h *harness) download(base, id, pkg string) response {
	h.t.Helper()
	return h.send(http.MethodGet, "/v3.0/"+base+"/"+id+"/packages/"+pkg, "", "Accept-Encoding", "gzip")
}

// packageLines checks a download's headers and returns its lines, decoded.
func packageLines(t *testing.T, r response) []map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("download: status %d: %s", r.status, r.body)
	}
	if ct, ce, cl := r.header.Get("Content-Type"), r.header.Get("Content-Encoding"), r.header.Get("Content-Length"); ct != "text/plain" || ce != "gzip" || cl != strconv.Itoa(len(r.body)) {
		t.Fatalf("headers Content-Type %q, Content-Encoding %q, Content-Length %q (body %d bytes)", ct, ce, cl, len(r.body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		t.Fatal("the last line is not newline-terminated")
	}
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var item map[string]any
		if err := dec.Decode(&item); err != nil {
			t.Fatalf("line %d is not JSON: %v: %.200s", len(lines)+1, err, sc.Bytes())
		}
		// A line is the item's canonical JSON: a client hashing it gets
		// the ground truth's content key.
		if !bytes.Equal(gen.CanonicalJSON(item), sc.Bytes()) {
			t.Fatalf("line %d is not canonical JSON: %.200s", len(lines)+1, sc.Bytes())
		}
		lines = append(lines, item)
	}
	return lines
}

// lineKey is a client's key of a line: its uuid, else its content hash.
func lineKey(item map[string]any) string {
	if u, ok := item["uuid"].(string); ok {
		return u
	}
	sum := sha256.Sum256(gen.CanonicalJSON(item))
	return hex.EncodeToString(sum[:])
}

var packageIDRE = regexp.MustCompile(`^(\d{10})-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestPackageListWindows: which packages a list returns. Packages are made
// each minute here and created 10 s after their minute, at hh:mm:10; the
// clock is at 12:00:00 with six hours of history.
func TestPackageListWindows(t *testing.T) {
	h := newHarness(t, Options{PackageInterval: time.Minute})
	id := h.register("oat/dataPipelines", oatBody)
	tests := []struct {
		name          string
		query         string
		first, latest string // createdDateTime of the first and latest package ("" none)
		total         int
		status        int
		target, inner string
	}{
		{name: "default: the last 15 minutes", first: "11:45:10", latest: "11:59:10", total: 15},
		{name: "start inclusive, end exclusive", query: "startDateTime=2024-05-14T11:45:10Z&endDateTime=2024-05-14T11:47:10Z", first: "11:45:10", latest: "11:46:10", total: 2},
		{name: "an hour", query: "startDateTime=2024-05-14T11:00:00Z&endDateTime=2024-05-14T12:00:00Z", first: "11:00:10", latest: "11:59:10", total: 60},
		{name: "empty range", query: "startDateTime=2024-05-14T11:00:11Z&endDateTime=2024-05-14T11:00:11Z", total: 0},
		{name: "nothing yet", query: "startDateTime=2024-05-14T11:59:11Z", total: 0},
		{name: "end in the future", query: "startDateTime=2024-05-14T11:59:00Z&endDateTime=2024-05-14T12:30:00Z", first: "11:59:10", latest: "11:59:10", total: 1},
		{name: "history start", query: "startDateTime=2024-05-14T05:30:00Z&endDateTime=2024-05-14T06:30:00Z", first: "06:01:10", latest: "06:29:10", total: 29},
		{name: "start at the retention limit", query: "startDateTime=2024-05-07T12:00:00Z&endDateTime=2024-05-07T13:00:00Z", total: 0},
		{name: "top 50", query: "top=50", first: "11:45:10", latest: "11:59:10", total: 15},
		{name: "over 3600 s", query: "startDateTime=2024-05-14T10:59:59Z&endDateTime=2024-05-14T12:00:00Z", status: 400, target: "endDateTime", inner: innerInvalidOptional},
		{name: "end before the default start", query: "endDateTime=2024-05-14T11:00:00Z", status: 400, target: "startDateTime", inner: innerInvalidOptional},
		{name: "out of retention", query: "startDateTime=2024-05-07T11:59:59Z&endDateTime=2024-05-07T12:30:00Z", status: 400, target: "startDateTime", inner: innerOutOfRetention},
		{name: "bad top", query: "top=10", status: 400, target: "top", inner: innerInvalidOptional},
		{name: "milliseconds", query: "startDateTime=2024-05-14T11:00:00.000Z", status: 400, target: "startDateTime", inner: innerInvalidOptional},
		{name: "bad end", query: "endDateTime=noon", status: 400, target: "endDateTime", inner: innerInvalidOptional},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.get("/v3.0/oat/dataPipelines/" + id + "/packages?" + tt.query)
			if tt.status != 0 {
				if r.status != tt.status {
					t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
				}
				if e := apiErr(t, r); e.Code != "BadRequest" || e.Target != tt.target || e.InnerError == nil || e.InnerError.Code != tt.inner {
					t.Fatalf("error %s", r.body)
				}
				return
			}
			p := decodePackageList(t, r)
			if *p.TotalCount != tt.total || len(p.Items) != tt.total || p.RequestedDateTime != "2024-05-14T12:00:00Z" || p.NextLink != "" {
				t.Fatalf("%d of %d packages, requested %s, next %q; want %d", len(p.Items), *p.TotalCount, p.RequestedDateTime, p.NextLink, tt.total)
			}
			if tt.total == 0 {
				if strings.Contains(string(r.body), "latestPackageCreatedDateTime") {
					t.Fatalf("latestPackageCreatedDateTime without packages: %s", r.body)
				}
				return
			}
			if got := p.Items[0].CreatedDateTime; got != "2024-05-14T"+tt.first+"Z" {
				t.Errorf("first package created %s, want %s", got, tt.first)
			}
			if p.LatestPackageCreatedDateTime != "2024-05-14T"+tt.latest+"Z" || p.Items[len(p.Items)-1].CreatedDateTime != p.LatestPackageCreatedDateTime {
				t.Errorf("latest %s (last item %s), want %s", p.LatestPackageCreatedDateTime, p.Items[len(p.Items)-1].CreatedDateTime, tt.latest)
			}
			seen := map[string]bool{}
			for i, it := range p.Items {
				m := packageIDRE.FindStringSubmatch(it.ID)
				if m == nil || m[1] != strings.NewReplacer("-", "", "T", "").Replace(it.CreatedDateTime[:13]) || seen[it.ID] {
					t.Fatalf("package id %q (created %s)", it.ID, it.CreatedDateTime)
				}
				seen[it.ID] = true
				if i > 0 && it.CreatedDateTime <= p.Items[i-1].CreatedDateTime {
					t.Fatalf("not ascending: %s after %s", it.CreatedDateTime, p.Items[i-1].CreatedDateTime)
				}
			}
		})
	}
}

// TestPackageListPaging: a list over 360 packages in pages of 50. The chain
// is a snapshot of its first page's instant, as the feeds' are; its token
// expires (TokenTTL, ExpireTokens, the expire-tokens fault) with the
// documented 400; the page faults apply.
func TestPackageListPaging(t *testing.T) {
	first := func(t *testing.T, h *harness, id string) (string, decodedPackageList) {
		path := "/v3.0/oat/dataPipelines/" + id + "/packages?startDateTime=2024-05-14T11:00:00Z&top=50"
		p := decodePackageList(t, h.get(path))
		if p.NextLink == "" {
			t.Fatal("no nextLink")
		}
		return path, p
	}
	t.Run("walk", func(t *testing.T) {
		h := newHarness(t, Options{PackageInterval: 10 * time.Second})
		id := h.register("oat/dataPipelines", oatBody)
		_, p := first(t, h, id)
		want, _, err := h.sim.PipelineTruth(id, ts("2024-05-14T11:00:00Z"), ts("2024-05-14T12:00:00Z"))
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != 360 || *p.TotalCount != 360 {
			t.Fatalf("%d packages in truth, totalCount %d; want 360", len(want), *p.TotalCount)
		}
		got, pages := p.ids(), 1
		for next := p.NextLink; next != ""; pages++ {
			h.sim.Advance(time.Minute) // new packages do not join the chain
			if !strings.HasPrefix(next, h.srv.URL+"/v3.0/oat/dataPipelines/"+id+"/packages?startDateTime=2024-05-14T11:00:00Z&top=50&skipToken=") {
				t.Fatalf("nextLink %s", next)
			}
			q := decodePackageList(t, h.get(next))
			if *q.TotalCount != 360 || q.LatestPackageCreatedDateTime != p.LatestPackageCreatedDateTime {
				t.Fatalf("page %d: totalCount %d, latest %s", pages+1, *q.TotalCount, q.LatestPackageCreatedDateTime)
			}
			got, next = append(got, q.ids()...), q.NextLink
		}
		if pages != 8 || !slices.Equal(got, want) {
			t.Fatalf("%d pages, %d packages; want 8 pages and the truth's %d in order", pages, len(got), len(want))
		}
	})
	tests := []struct {
		name  string
		spoil func(h *harness, link, id string) string // returns the link to follow
		inner string
	}{
		{"token lifetime", func(h *harness, link, _ string) string { h.sim.Advance(DefaultTokenTTL); return link }, innerExpiredToken},
		{"within its lifetime", func(h *harness, link, _ string) string { h.sim.Advance(DefaultTokenTTL - time.Second); return link }, ""},
		{"ExpireTokens", func(h *harness, link, _ string) string { h.sim.ExpireTokens(); return link }, innerExpiredToken},
		{"expire-tokens fault", func(h *harness, link, id string) string {
			_ = h.sim.SetFaults(Fault{Kind: FaultExpireTokens, Endpoint: "oat/dataPipelines/packages", Count: 1})
			decodePackageList(h.t, h.get("/v3.0/oat/dataPipelines/"+id+"/packages"))
			return link
		}, innerExpiredToken},
		{"expire-tokens fault elsewhere", func(h *harness, link, id string) string {
			_ = h.sim.SetFaults(Fault{Kind: FaultExpireTokens, Endpoint: "datalake/dataPipelines/packages", Count: 1})
			h.get("/v3.0/datalake/dataPipelines")
			return link
		}, ""},
		{"garbled token", func(h *harness, link, _ string) string { return link[:len(link)-3] + "abc" }, innerBadToken},
		{"other parameters", func(h *harness, link, _ string) string { return strings.Replace(link, "top=50", "top=100", 1) }, innerBadToken},
		{"other pipeline", func(h *harness, link, id string) string {
			other := h.register("datalake/dataPipelines", `{"type":"detection"}`)
			return strings.Replace(strings.Replace(link, id, other, 1), "oat/", "datalake/", 1)
		}, innerBadToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{PackageInterval: 10 * time.Second})
			id := h.register("oat/dataPipelines", oatBody)
			_, p := first(t, h, id)
			r := h.get(tt.spoil(h, p.NextLink, id))
			if tt.inner == "" {
				decodePackageList(t, r)
				return
			}
			if e := apiErr(t, r); r.status != 400 || e.Target != "skipToken" || e.InnerError == nil || e.InnerError.Code != tt.inner {
				t.Fatalf("status %d: %s; want 400 %s", r.status, r.body, tt.inner)
			}
		})
	}
	t.Run("page faults", func(t *testing.T) {
		h := newHarness(t, Options{PackageInterval: 10 * time.Second})
		id := h.register("oat/dataPipelines", oatBody)
		path, p := first(t, h, id)
		ep := "oat/dataPipelines/packages"
		_ = h.sim.SetFaults(Fault{Kind: FaultDuplicate, Endpoint: ep, Count: 1})
		if q := decodePackageList(t, h.get(p.NextLink)); len(q.Items) != 51 || q.Items[0].ID != p.Items[49].ID {
			t.Fatalf("duplicate: %d items, first %s, want 51 starting with %s", len(q.Items), q.Items[0].ID, p.Items[49].ID)
		}
		_ = h.sim.SetFaults(Fault{Kind: FaultForeignLink, Endpoint: ep, Count: 1})
		if q := decodePackageList(t, h.get(path)); !strings.HasPrefix(q.NextLink, "http://foreign.invalid/v3.0/") {
			t.Fatalf("foreign link: %s", q.NextLink)
		}
		_ = h.sim.SetFaults(Fault{Kind: FaultEndlessChain, Endpoint: ep, Count: 1})
		last := decodePackageList(t, h.get("/v3.0/oat/dataPipelines/"+id+"/packages"))
		if last.NextLink == "" {
			t.Fatal("endless chain: no nextLink on the last page")
		}
		if q := decodePackageList(t, h.get(last.NextLink)); len(q.Items) != 0 || q.NextLink != "" || *q.TotalCount != *last.TotalCount {
			t.Fatalf("after the last page: %+v", q)
		}
	})
}

// TestPackageDownload: each package decodes to exactly the ground truth's
// lines, for the three kinds of pipeline; OAT lines follow the pipeline's
// riskLevels and hasDetail, and with every level an OAT pipeline's lines
// are the OAT feed's ground truth by ingestedDateTime.
func TestPackageDownload(t *testing.T) {
	from, to := ts("2024-05-14T11:00:00Z"), ts("2024-05-14T12:00:00Z")
	tests := []struct {
		name, base, body string
		check            func(t *testing.T, line map[string]any)
		feedTruth        bool // the lines are the OAT feed's ground truth by ingestedDateTime
	}{
		{name: "OAT, every level", base: "oat/dataPipelines", body: `{"riskLevels":["info","low","medium","high","critical"],"hasDetail":true}`, feedTruth: true,
			check: func(t *testing.T, line map[string]any) {
				if _, ok := line["detail"]; !ok {
					t.Fatal("hasDetail, but a line without detail")
				}
			}},
		{name: "OAT, high and critical, no detail", base: "oat/dataPipelines", body: `{"riskLevels":["high","critical"],"hasDetail":false}`,
			check: func(t *testing.T, line map[string]any) {
				if _, ok := line["detail"]; ok {
					t.Fatal("a line with detail")
				}
				if r := highestRisk(line); r != "high" && r != "critical" {
					t.Fatalf("a line of risk %s", r)
				}
			}},
		{name: "telemetry", base: "datalake/dataPipelines", body: `{"type":"telemetry","subType":["endpointActivity","emailActivity"]}`,
			check: func(t *testing.T, line map[string]any) {
				if _, hasUUID := line["uuid"]; hasUUID == (line["scanType"] == "exchange") { // e-mail items carry no uuid
					t.Fatalf("line %v", line)
				}
			}},
		{name: "detection", base: "datalake/dataPipelines", body: `{"type":"detection"}`,
			check: func(t *testing.T, line map[string]any) {
				if _, ok := line["uuid"]; !ok {
					t.Fatal("detection without uuid")
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Seed: 5})
			id := h.register(tt.base, tt.body)
			wantPkgs, wantKeys, err := h.sim.PipelineTruth(id, from, to)
			if err != nil {
				t.Fatal(err)
			}
			p := decodePackageList(t, h.get("/v3.0/"+tt.base+"/"+id+"/packages?startDateTime="+fmtTime(from)+"&endDateTime="+fmtTime(to)))
			if !slices.Equal(p.ids(), wantPkgs) || len(wantPkgs) != 12 {
				t.Fatalf("listed %v, truth %v", p.ids(), wantPkgs)
			}
			var keys []string
			for _, it := range p.Items {
				lines := packageLines(t, h.download(tt.base, id, it.ID))
				created := ts(it.CreatedDateTime)
				for _, line := range lines {
					tt.check(t, line)
					keys = append(keys, lineKey(line))
					if ing, ok := line["ingestedDateTime"].(string); ok {
						// The package's interval: the 5 minutes ending 10 s before its creation.
						if t1 := ts(ing); t1.Before(created.Add(-5*time.Minute-10*time.Second)) || !t1.Before(created.Add(-10*time.Second)) {
							t.Fatalf("a line ingested at %s in the package created at %s", ing, it.CreatedDateTime)
						}
					}
				}
			}
			if len(keys) < 20 || !slices.Equal(keys, wantKeys) {
				t.Fatalf("%d lines, the truth %d (or too few to tell)", len(keys), len(wantKeys))
			}
			if tt.feedTruth {
				// Packages created in [11:00, 12:00) cover ingestion in [10:54:50, 11:54:50).
				feed, err := h.sim.GroundTruth(OAT, "ingestedDateTime", ts("2024-05-14T10:54:50Z"), ts("2024-05-14T11:54:50Z"), false)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(slices.Sorted(slices.Values(keys)), slices.Sorted(slices.Values(feed))) {
					t.Fatalf("%d lines, the OAT feed's ground truth %d", len(keys), len(feed))
				}
			}
		})
	}
}

// TestPackageLifetime: a package is there from its createdDateTime until
// PackageRetention after it, then a 404; a package id that is not one of
// the pipeline's is a 404 with the documented body.
func TestPackageLifetime(t *testing.T) {
	h := newHarness(t, Options{PackageRetention: 2 * time.Hour})
	id := h.register("oat/dataPipelines", oatBody)
	dl := h.register("datalake/dataPipelines", `{"type":"detection"}`)
	c := h.sim.packageClock()
	at := func(s string) int64 { return floorDiv(ts(s).UnixMilli(), c.interval) }
	oldest := h.sim.packageID(c, id, at("2024-05-14T10:00:00Z"))  // created 10:05:10: kept until 12:05:10
	next := h.sim.packageID(c, id, at("2024-05-14T12:00:00Z"))    // created 12:05:10
	expired := h.sim.packageID(c, id, at("2024-05-14T09:50:00Z")) // created 09:55:10: gone at 11:55:10
	notFound := func(base, pid, pkg, message string) {
		t.Helper()
		r := h.download(base, pid, pkg)
		if r.status != http.StatusNotFound {
			t.Fatalf("%s: status %d: %.200s", pkg, r.status, r.body)
		}
		assertJSONEqual(t, []byte(`{"error":{"code":"NotFound","message":"`+message+`"}}`), r.body)
	}
	packageLines(t, h.download("oat/dataPipelines", id, oldest))
	notFound("oat/dataPipelines", id, expired, "Verify that the specified resource exists and try again.")
	notFound("oat/dataPipelines", id, next, "Verify that the specified resource exists and try again.")
	notFound("oat/dataPipelines", dl, oldest, "Verify that the specified resource exists and try again.")                                     // another pipeline's id
	notFound("datalake/dataPipelines", dl, oldest, "Resource not found.")                                                                     // another pipeline's package
	notFound("datalake/dataPipelines", dl, "2024051412-"+dl, "Resource not found.")                                                           // no package id
	notFound("datalake/dataPipelines", dl, "garbage", "Resource not found.")                                                                  // no package id
	notFound("oat/dataPipelines", "8746fc45-6b9d-4923-b476-931aec6e06eb", oldest, "Verify that the specified resource exists and try again.") // no pipeline
	if r := h.get("/v3.0/datalake/dataPipelines/" + id + "/packages"); r.status != 404 {
		t.Fatalf("list of another API's pipeline: %d", r.status)
	} else {
		assertJSONEqual(t, []byte(`{"error":{"code":"NotFound","message":"Data pipeline not found."}}`), r.body)
	}

	h.sim.Advance(5*time.Minute + 9*time.Second)
	notFound("oat/dataPipelines", id, next, "Verify that the specified resource exists and try again.")
	h.sim.Advance(time.Second) // 12:05:10
	packageLines(t, h.download("oat/dataPipelines", id, next))
	notFound("oat/dataPipelines", id, oldest, "Verify that the specified resource exists and try again.")
	if r := h.get("/v3.0/oat/dataPipelines/" + id + "/packages?startDateTime=2024-05-14T10:05:09Z"); r.status != 400 {
		t.Fatalf("a list from before the retention: %d", r.status)
	}
	p := decodePackageList(t, h.get("/v3.0/oat/dataPipelines/"+id+"/packages?startDateTime=2024-05-14T10:05:10Z&endDateTime=2024-05-14T11:00:00Z"))
	if p.Items[0].CreatedDateTime != "2024-05-14T10:10:10Z" {
		t.Fatalf("the list shows the expired package: first %s", p.Items[0].CreatedDateTime)
	}
}

// TestPackageSettingsAtCreation: a package has the settings in force when
// it was created; a later change does not alter it.
func TestPackageSettingsAtCreation(t *testing.T) {
	h := newHarness(t, Options{Seed: 2})
	id := h.register("oat/dataPipelines", `{"riskLevels":["critical"],"hasDetail":true}`)
	h.sim.Advance(10 * time.Minute)
	if r := h.send(http.MethodPatch, "/v3.0/oat/dataPipelines/"+id, `{"riskLevels":["info","low","medium"],"hasDetail":false}`); r.status != 204 {
		t.Fatalf("PATCH: %d %s", r.status, r.body)
	}
	h.sim.Advance(20 * time.Minute)
	p := decodePackageList(t, h.get("/v3.0/oat/dataPipelines/"+id+"/packages?startDateTime=2024-05-14T11:30:00Z&endDateTime=2024-05-14T12:30:00Z"))
	before, after := 0, 0
	for _, it := range p.Items {
		changed := it.CreatedDateTime >= "2024-05-14T12:10:00Z"
		for _, line := range packageLines(t, h.download("oat/dataPipelines", id, it.ID)) {
			_, detail := line["detail"]
			risk := highestRisk(line)
			switch {
			case !changed && (risk != "critical" || !detail), changed && (risk == "critical" || risk == "high" || detail):
				t.Fatalf("package created %s: a line of risk %s, detail %v", it.CreatedDateTime, risk, detail)
			case changed:
				after++
			default:
				before++
			}
		}
	}
	if before == 0 || after == 0 {
		t.Fatalf("%d lines before the change, %d after: the test shows nothing", before, after)
	}
}

// TestPackagesAreDeterministic: the same seed gives the same pipeline ids,
// package ids and package bytes; another seed others.
func TestPackagesAreDeterministic(t *testing.T) {
	type result struct {
		ids    []string
		bodies [][]byte
	}
	run := func(seed uint64) result {
		h := newHarness(t, Options{Seed: seed})
		var res result
		for _, reg := range []struct{ base, body string }{
			{"oat/dataPipelines", oatBody}, {"datalake/dataPipelines", `{"type":"telemetry"}`},
		} {
			id := h.register(reg.base, reg.body)
			res.ids = append(res.ids, id)
			p := decodePackageList(t, h.get("/v3.0/"+reg.base+"/"+id+"/packages"))
			for _, it := range p.Items {
				res.ids = append(res.ids, it.ID)
				r := h.download(reg.base, id, it.ID)
				packageLines(t, r)
				res.bodies = append(res.bodies, r.body)
			}
		}
		return res
	}
	a, b, c := run(7), run(7), run(8)
	if !slices.Equal(a.ids, b.ids) || !slices.EqualFunc(a.bodies, b.bodies, bytes.Equal) {
		t.Fatal("two simulators with one seed made different pipelines or packages")
	}
	if len(a.bodies) < 4 {
		t.Fatalf("only %d packages", len(a.bodies))
	}
	for i := range a.ids {
		if a.ids[i] == c.ids[i] {
			t.Fatalf("seeds 7 and 8 share the id %s", a.ids[i])
		}
	}
	if slices.EqualFunc(a.bodies, c.bodies, bytes.Equal) {
		t.Fatal("seeds 7 and 8 made the same packages")
	}
}

// TestLargePackageSpills: a package larger than the simulator holds in
// memory goes through a temporary file (removed afterwards), or, when none
// can be made, is made twice; either way with its exact Content-Length,
// the same bytes at each download, and its lines the ground truth's.
func TestLargePackageSpills(t *testing.T) {
	defer func(n int) { packageBufferLimit = n }(packageBufferLimit)
	packageBufferLimit = 16 << 10
	h := newHarness(t, Options{Seed: 3, History: time.Hour, Rates: map[Feed]float64{EndpointActivities: 6000}})
	id := h.register("datalake/dataPipelines", `{"type":"telemetry","subType":["endpointActivity"]}`)
	p := decodePackageList(t, h.get("/v3.0/datalake/dataPipelines/"+id+"/packages?top=50"))
	pkg := p.Items[len(p.Items)-1]
	_, keys, err := h.sim.PipelineTruth(id, ts(pkg.CreatedDateTime), ts(pkg.CreatedDateTime).Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var bodies [][]byte
	for _, tmp := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
		t.Setenv("TMPDIR", tmp)
		r := h.download("datalake/dataPipelines", id, pkg.ID)
		lines := packageLines(t, r)
		if len(r.body) <= packageBufferLimit || len(lines) < 300 {
			t.Fatalf("%d bytes, %d lines: not a package to spill", len(r.body), len(lines))
		}
		got := make([]string, len(lines))
		for i, l := range lines {
			got[i] = lineKey(l)
		}
		if !slices.Equal(got, keys) {
			t.Fatalf("%d lines, the truth %d", len(got), len(keys))
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Fatalf("%d files left in the temporary directory", len(left))
		}
		bodies = append(bodies, r.body)
	}
	if !bytes.Equal(bodies[0], bodies[1]) {
		t.Fatal("the package made twice differs from the spilled one")
	}
}

// TestPackageOf100kLines: a package of 100,000 lines (an OAT rate of 1.2
// million detections an hour) is served whole. Skipped under the race
// detector and -short, which it would keep for minutes.
func TestPackageOf100kLines(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("a minute's work under the race detector")
	}
	h := newHarness(t, Options{Seed: 4, History: 20 * time.Minute, Rates: map[Feed]float64{OAT: 1.2e6}})
	id := h.register("oat/dataPipelines", `{"riskLevels":["info","low","medium","high","critical"],"hasDetail":true}`)
	p := decodePackageList(t, h.get("/v3.0/oat/dataPipelines/"+id+"/packages"))
	pkg := p.Items[len(p.Items)-1]
	start := time.Now()
	r := h.download("oat/dataPipelines", id, pkg.ID)
	took := time.Since(start)
	if r.status != http.StatusOK || r.header.Get("Content-Length") != strconv.Itoa(len(r.body)) {
		t.Fatalf("status %d, Content-Length %s, %d bytes", r.status, r.header.Get("Content-Length"), len(r.body))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for sc := bufio.NewScanner(zr); sc.Scan(); lines++ {
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("line %d is not JSON", lines+1)
		}
	}
	if lines < 95000 {
		t.Fatalf("%d lines", lines)
	}
	t.Logf("%d lines, %d MB of gzip, in %v", lines, len(r.body)>>20, took.Round(time.Millisecond))
}

// TestPackageFaults: the status, gone and truncate faults on a download,
// by endpoint name and group, and a truncated package does not decode.
func TestPackageFaults(t *testing.T) {
	for _, spilled := range []bool{false, true} {
		t.Run("spilled="+strconv.FormatBool(spilled), func(t *testing.T) {
			if spilled {
				defer func(n int) { packageBufferLimit = n }(packageBufferLimit)
				packageBufferLimit = 1 << 10
			}
			h := newHarness(t, Options{})
			id := h.register("oat/dataPipelines", `{"riskLevels":["info","low","medium","high","critical"],"hasDetail":true}`)
			dl := h.register("datalake/dataPipelines", `{"type":"detection"}`)
			p := decodePackageList(t, h.get("/v3.0/oat/dataPipelines/"+id+"/packages"))
			pkg := p.Items[0].ID
			whole := h.download("oat/dataPipelines", id, pkg)
			packageLines(t, whole)
			if spilled != (len(whole.body) > packageBufferLimit) {
				t.Fatalf("%d bytes: spilled %v", len(whole.body), spilled)
			}
			dlPkg := decodePackageList(t, h.get("/v3.0/datalake/dataPipelines/"+dl+"/packages")).Items[0].ID

			tests := []struct {
				name   string
				fault  Fault
				status int // of the OAT download
				dl     int // of the Data Lake download, made after it
			}{
				{"503", Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/dataPipelines/packages/{packageId}", Count: 1}, 503, 200},
				{"500 on the group", Fault{Kind: FaultStatus, Status: 500, Endpoint: "oat/dataPipelines/*", Count: 2}, 500, 200},
				{"gone", Fault{Kind: FaultGone, Endpoint: "oat/dataPipelines/packages/{packageId}", Count: 1}, 404, 200},
				{"gone anywhere", Fault{Kind: FaultGone, Count: 2}, 404, 404},
				{"not on the list", Fault{Kind: FaultStatus, Status: 503, Endpoint: "oat/dataPipelines/packages", Count: 1}, 200, 200},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if err := h.sim.SetFaults(tt.fault); err != nil {
						t.Fatal(err)
					}
					defer h.sim.ClearFaults()
					if r := h.download("oat/dataPipelines", id, pkg); r.status != tt.status {
						t.Fatalf("OAT download: %d, want %d: %.200s", r.status, tt.status, r.body)
					}
					if r := h.download("datalake/dataPipelines", dl, dlPkg); r.status != tt.dl {
						t.Fatalf("Data Lake download: %d, want %d: %.200s", r.status, tt.dl, r.body)
					}
				})
			}
			if r := h.download("oat/dataPipelines", id, pkg); !bytes.Equal(r.body, whole.body) {
				t.Fatal("after the faults, the package differs")
			}

			for _, percent := range []int{0, 30} {
				_ = h.sim.SetFaults(Fault{Kind: FaultTruncate, Endpoint: "oat/dataPipelines/packages/{packageId}", Percent: percent, Count: 1})
				got, length, err := rawDownload(h, "/v3.0/oat/dataPipelines/"+id+"/packages/"+pkg)
				if err == nil || length != int64(len(whole.body)) {
					t.Fatalf("truncated download: err %v, Content-Length %d (whole %d)", err, length, len(whole.body))
				}
				want := len(whole.body) * cmpOr(percent, 50) / 100
				if len(got) != want || !bytes.Equal(got, whole.body[:want]) {
					t.Fatalf("percent %d: %d bytes received, want the first %d", percent, len(got), want)
				}
				zr, err := gzip.NewReader(bytes.NewReader(got))
				if err == nil {
					_, err = io.ReadAll(zr)
				}
				if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
					t.Fatalf("a truncated package decodes: %v", err)
				}
			}
		})
	}
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// rawDownload reads a download as far as it goes: the bytes received, the
// Content-Length announced and the read error.
func rawDownload(h *harness, path string) ([]byte, int64, error) {
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	return got, resp.ContentLength, err
}

// TestPipelineTruthAdmin: /admin/pipelinetruth serves PipelineTruth.
func TestPipelineTruthAdmin(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.register("datalake/dataPipelines", `{"type":"telemetry","subType":["networkActivity"]}`)
	from, to := ts("2024-05-14T11:00:00Z"), ts("2024-05-14T11:30:00Z")
	pkgs, keys, err := h.sim.PipelineTruth(id, from, to)
	if err != nil || len(pkgs) != 6 || len(keys) == 0 {
		t.Fatalf("PipelineTruth: %d packages, %d keys, %v", len(pkgs), len(keys), err)
	}
	for _, k := range keys {
		if len(k) != 64 { // network items carry no uuid: keyed by content
			t.Fatalf("key %q", k)
		}
	}
	q := url.Values{"id": {id}, "start": {fmtTime(from)}, "end": {fmtTime(to)}}
	r := h.get("/admin/pipelinetruth?" + q.Encode())
	var res struct {
		ID       string   `json:"id"`
		Packages []string `json:"packages"`
		Count    int      `json:"count"`
		Keys     []string `json:"keys"`
	}
	if err := json.Unmarshal(r.body, &res); err != nil || r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if res.ID != id || !slices.Equal(res.Packages, pkgs) || !slices.Equal(res.Keys, keys) || res.Count != len(keys) {
		t.Fatalf("admin truth %+v", res)
	}
	if r := h.get("/admin/pipelinetruth?id=nope&start=" + fmtTime(from) + "&end=" + fmtTime(to)); r.status != 404 {
		t.Fatalf("unknown pipeline: %d %s", r.status, r.body)
	}
	if r := h.get("/admin/pipelinetruth?id=" + id + "&start=today"); r.status != 400 {
		t.Fatalf("bad times: %d %s", r.status, r.body)
	}
	empty, err := json.Marshal(must(h.sim.PipelineTruth(id, to, to)))
	if err != nil || string(empty) != `[[],[]]` {
		t.Fatalf("an empty range: %s", empty)
	}
}

func must(pkgs, keys []string, err error) [2][]string {
	if err != nil {
		panic(err)
	}
	return [2][]string{pkgs, keys}
}
