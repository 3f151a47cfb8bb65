package simulator

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// busyRates gives every feed enough records for several pages in an hour.
var busyRates = map[gen.Kind]float64{gen.Workbench: 60, gen.OAT: 600, gen.Audit: 600, gen.NetworkActivities: 1200,
	gen.Cases: 60, gen.ResponseTasks: 300, gen.PlaybookTasks: 300, gen.EndpointSecurityTasks: 300}

// chainCase is one feed's query for the paging tests, with the ground-truth
// view of the same selection.
type chainCase struct {
	kind    gen.Kind
	path    string
	headers []string
	target  string    // ground-truth time field
	from    time.Time // ground-truth half-open range
	to      time.Time
	timeKey string // the item's time field, for ordering checks
}

func chainCases() []chainCase {
	start := t0.Add(-2 * time.Hour)
	return []chainCase{
		{gen.Workbench, "/v3.0/workbench/alerts?startDateTime=" + fmtTime(start) + "&endDateTime=" + fmtTime(t0), nil,
			"createdDateTime", start, t0.Add(time.Second), "createdDateTime"}, // inclusive end second
		{gen.OAT, "/v3.0/oat/detections?top=50", nil, "detectedDateTime", t0.Add(-time.Hour), t0, "detectedDateTime"},
		// The ingested pair, with a detected start early enough that the
		// detected range (default: the last hour) keeps every record of the
		// ingested window: an ingestion delay is at most 2 minutes.
		{gen.OAT, "/v3.0/oat/detections?top=50&ingestedStartDateTime=" + fmtTime(start) + "&ingestedEndDateTime=" + fmtTime(t0) +
			"&detectedStartDateTime=" + fmtTime(start.Add(-time.Hour)), nil,
			"ingestedDateTime", start, t0, "detectedDateTime"},
		{gen.Audit, "/v3.0/audit/logs?top=50&labels=none&startDateTime=" + fmtTime(start), nil,
			"loggedDateTime", start, t0.Add(time.Second), "loggedDateTime"},
		{gen.Audit, "/v3.0/audit/logs?top=50&dateTimeTarget=ingestedDateTime&startDateTime=" + fmtTime(start), nil,
			"ingestedDateTime", start, t0.Add(time.Second), "loggedDateTime"},
		{gen.NetworkActivities, "/v3.0/search/networkActivities?top=100&startDateTime=" + fmtTime(start), []string{"TMV1-Query", "*"},
			"eventTime", start, t0.Add(time.Second), "eventTime"},
		{gen.Cases, "/v3.0/caseManagement/cases?top=10&orderBy=createdDateTime%20asc&startDateTime=" + fmtTime(start) + "&endDateTime=" + fmtTime(t0), nil,
			"createdDateTime", start, t0.Add(time.Second), "createdDateTime"},
		// On the version time, which the moving clock must not move.
		{gen.Cases, "/v3.0/caseManagement/cases?top=10&dateTimeTarget=updatedDateTime&startDateTime=" + fmtTime(start), nil,
			"updatedDateTime", start, t0.Add(time.Second), "createdDateTime"},
		{gen.ResponseTasks, "/v3.0/response/tasks?top=50&startDateTime=" + fmtTime(start), nil,
			"createdDateTime", start, t0.Add(time.Second), "createdDateTime"},
		{gen.ResponseTasks, "/v3.0/response/tasks?top=50&dateTimeTarget=lastActionDateTime&startDateTime=" + fmtTime(start), nil,
			"lastActionDateTime", start, t0.Add(time.Second), "createdDateTime"},
		{gen.PlaybookTasks, "/v3.0/securityPlaybooks/tasks?top=50&startDateTime=" + fmtTime(start), nil,
			"createdDateTime", start, t0.Add(time.Second), "lastActionDateTime"},
		{gen.EndpointSecurityTasks, "/v3.0/endpointSecurity/tasks?top=50&dateTimeTarget=lastActionDateTime&orderBy=lastActionDateTime%20asc&startDateTime=" + fmtTime(start), nil,
			"lastActionDateTime", start, t0.Add(time.Second), "lastActionDateTime"},
	}
}

func TestChainIsAStableSnapshotWhileDataArrives(t *testing.T) {
	for _, tc := range chainCases() {
		t.Run(tc.path, func(t *testing.T) {
			still := newHarness(t, Options{Seed: 5, Rates: busyRates})
			moving := newHarness(t, Options{Seed: 5, Rates: busyRates})

			// Ground truth at the snapshot instant, before the clock moves.
			want, err := moving.sim.GroundTruth(tc.kind, tc.target, tc.from, tc.to, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) < 60 {
				t.Fatalf("only %d records: too few for several pages", len(want))
			}
			pages := moving.walk(tc.path, func(int) { moving.sim.Advance(time.Minute) }, tc.headers...)
			if len(pages) < 2 {
				t.Fatalf("%d page(s)", len(pages))
			}
			got := keysOf(t, tc.kind, itemsOf(pages))

			stillKeys := keysOf(t, tc.kind, itemsOf(still.walk(tc.path, nil, tc.headers...)))
			if !slices.Equal(got, stillKeys) {
				t.Fatalf("pages changed while data arrived: %d items vs %d without arrivals", len(got), len(stillKeys))
			}
			assertSameMultiset(t, want, got)
			for i, p := range pages {
				if p.Count != nil && *p.Count != len(p.Items) {
					t.Errorf("page %d: count %d, %d items", i, *p.Count, len(p.Items))
				}
				if p.TotalCount != nil && *p.TotalCount != len(want) {
					t.Errorf("page %d: totalCount %d, want %d", i, *p.TotalCount, len(want))
				}
			}
		})
	}
}

func assertSameMultiset(t *testing.T, want, got []string) {
	t.Helper()
	w, g := slices.Clone(want), slices.Clone(got)
	slices.Sort(w)
	slices.Sort(g)
	if !slices.Equal(w, g) {
		t.Fatalf("paged keys differ from ground truth: %d paged, %d expected", len(g), len(w))
	}
}

func TestOrdering(t *testing.T) {
	start := "&startDateTime=" + fmtTime(t0.Add(-3*time.Hour))
	tests := []struct {
		kind    gen.Kind
		path    string
		headers []string
		field   string
		desc    bool
	}{
		{gen.Workbench, "/v3.0/workbench/alerts?" + start, nil, "createdDateTime", true},
		{gen.Workbench, "/v3.0/workbench/alerts?orderBy=createdDateTime%20asc" + start, nil, "createdDateTime", false},
		{gen.Workbench, "/v3.0/workbench/alerts?orderBy=updatedDateTime" + start, nil, "updatedDateTime", true},
		{gen.OAT, "/v3.0/oat/detections?top=50", nil, "detectedDateTime", true},
		{gen.Audit, "/v3.0/audit/logs?top=50" + start, nil, "loggedDateTime", true},
		{gen.Audit, "/v3.0/audit/logs?top=50&orderBy=loggedDateTime%20asc" + start, nil, "loggedDateTime", false},
		{gen.Audit, "/v3.0/audit/logs?top=50&orderBy=ingestedDateTime%20asc" + start, nil, "ingestedDateTime", false},
		{gen.NetworkActivities, "/v3.0/search/networkActivities?top=500" + start, []string{"TMV1-Query", "*"}, "eventTime", true},
		{gen.Cases, "/v3.0/caseManagement/cases?top=100" + start, nil, "createdDateTime", true},
		{gen.Cases, "/v3.0/caseManagement/cases?top=100&orderBy=createdDateTime%20asc" + start, nil, "createdDateTime", false},
		{gen.ResponseTasks, "/v3.0/response/tasks?top=200" + start, nil, "createdDateTime", true}, // undocumented: newest first
		{gen.ResponseTasks, "/v3.0/response/tasks?top=200&dateTimeTarget=lastActionDateTime" + start, nil, "createdDateTime", true},
		{gen.PlaybookTasks, "/v3.0/securityPlaybooks/tasks?top=100" + start, nil, "lastActionDateTime", true},
		{gen.PlaybookTasks, "/v3.0/securityPlaybooks/tasks?top=100&orderBy=createdDateTime%20asc" + start, nil, "createdDateTime", false},
		{gen.EndpointSecurityTasks, "/v3.0/endpointSecurity/tasks?top=1000" + start, nil, "createdDateTime", true},
		{gen.EndpointSecurityTasks, "/v3.0/endpointSecurity/tasks?top=1000&orderBy=lastActionDateTime%20asc" + start, nil, "lastActionDateTime", false},
	}
	h := newHarness(t, Options{Seed: 9, Rates: busyRates})
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			items := itemsOf(h.walk(tt.path, nil, tt.headers...))
			if len(items) < 20 {
				t.Fatalf("%d items", len(items))
			}
			for i := 1; i < len(items); i++ {
				a, b := itemTime(t, items[i-1], tt.field), itemTime(t, items[i], tt.field)
				if tt.desc {
					a, b = b, a
				}
				if a.After(b) {
					t.Fatalf("items %d and %d out of order by %s", i-1, i, tt.field)
				}
				if a.Equal(b) && itemKey(t, tt.kind, items[i-1]) > itemKey(t, tt.kind, items[i]) {
					t.Fatalf("items %d and %d: tie not broken by key", i-1, i)
				}
			}
		})
	}
}

func TestNextLink(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	tests := []struct {
		path    string
		headers []string
		token   string
	}{
		{"/v3.0/workbench/alerts?orderBy=createdDateTime%20asc&startDateTime=2024-05-14T08:00:00Z", nil, "skipToken"},
		{"/v3.0/oat/detections?detectedStartDateTime=2024-05-14T11:00:00Z&top=50", nil, "nextBatchToken"},
		{"/v3.0/audit/logs?top=50&labels=all", nil, "skipToken"},
		{"/v3.0/search/networkActivities?top=50&select=uuid,eventTime", []string{"TMV1-Query", "*"}, "skipToken"},
		// A filter in a query parameter rides along like the others.
		{"/v3.0/response/tasks?top=50&filter=" + url.QueryEscape("not status eq 'x'"), nil, "skipToken"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := decodePage(t, h.get(tt.path, tt.headers...))
			u, err := url.Parse(p.NextLink)
			if err != nil {
				t.Fatal(err)
			}
			first, _ := url.Parse(h.srv.URL + tt.path)
			if u.Scheme+"://"+u.Host != h.srv.URL || u.Path != first.Path {
				t.Errorf("nextLink %s is not on %s%s", p.NextLink, h.srv.URL, first.Path)
			}
			if strings.Contains(tt.path, "audit") { // the token only (linkparams.go)
				if !strings.HasPrefix(u.RawQuery, tt.token+"=") || len(u.Query()) != 1 {
					t.Errorf("audit nextLink query %q carries more than the %s", u.RawQuery, tt.token)
				}
			} else if !strings.HasPrefix(u.RawQuery, first.RawQuery+"&"+tt.token+"=") {
				t.Errorf("nextLink query %q does not carry %q plus %s", u.RawQuery, first.RawQuery, tt.token)
			}
			if len(u.Query()[tt.token]) != 1 || strings.ContainsAny(u.Query().Get(tt.token), "+/=") {
				t.Errorf("token %q is not one URL-safe value", u.Query().Get(tt.token))
			}
			second := decodePage(t, h.get(p.NextLink, tt.headers...))
			if next, _ := url.Parse(second.NextLink); second.NextLink != "" && len(next.Query()[tt.token]) != 1 {
				t.Errorf("second nextLink repeats the token: %s", second.NextLink)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	type feedCase struct {
		path        string
		headers     []string
		expiredBody string
		invalidBody string
	}
	feeds := []feedCase{
		{"/v3.0/workbench/alerts?startDateTime=2024-05-14T08:00:00Z", nil, "error_400_workbench.json", "error_400_workbench.json"},
		{"/v3.0/oat/detections?top=50", nil, "error_400_oat_token_expired.json", oatBadToken},
		{"/v3.0/audit/logs?top=50", nil, auditBody(`params error: "skipToken" has expired`), auditBody(`params error: "skipToken" is invalid`)},
		{"/v3.0/search/networkActivities?top=50", []string{"TMV1-Query", "*"}, "error_400_search.json", "error_400_search.json"},
		{"/v3.0/caseManagement/cases?top=10", nil, caseBody("SkipTokenExpired", "skipToken"), caseBody("InvalidSkipToken", "skipToken")},
		{"/v3.0/response/tasks?top=50&filter=" + url.QueryEscape("not status eq 'x'"), nil, taskBody, taskBody},
		{"/v3.0/securityPlaybooks/tasks?top=10", nil, taskBody, taskBody},
		{"/v3.0/endpointSecurity/tasks?top=10", nil, endpointSecurityBody(badTokenExpired), endpointSecurityBody(badTokenInvalid)},
	}
	expectBody := func(t *testing.T, r response, want string) {
		t.Helper()
		if r.status != 400 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		if strings.HasSuffix(want, ".json") {
			assertJSONEqual(t, sample(t, want), r.body)
		} else {
			assertJSONEqual(t, []byte(want), r.body)
		}
	}
	for _, f := range feeds {
		t.Run(f.path, func(t *testing.T) {
			h := newHarness(t, Options{Rates: busyRates, TokenTTL: 2 * time.Minute})
			next := decodePage(t, h.get(f.path, f.headers...)).NextLink
			u, _ := url.Parse(next)
			tokenParam := "skipToken"
			if strings.Contains(f.path, "oat") {
				tokenParam = "nextBatchToken"
			}
			token := u.Query().Get(tokenParam)
			withToken := func(tok string) string {
				q := u.Query()
				q.Set(tokenParam, tok)
				return u.Path + "?" + q.Encode()
			}

			t.Run("within ttl", func(t *testing.T) {
				h.sim.Advance(time.Minute + 59*time.Second)
				decodePage(t, h.get(next, f.headers...))
			})
			t.Run("garbled", func(t *testing.T) {
				raw, _ := base64.RawURLEncoding.DecodeString(token)
				tampered := bytes.Clone(raw)
				tampered[len(raw)-tokenMACLen-1] ^= 1 // another payload, same MAC
				for _, bad := range []string{token[:len(token)-3], "x" + token, base64.RawURLEncoding.EncodeToString(tampered), "%%%"} {
					expectBody(t, h.get(withToken(bad), f.headers...), f.invalidBody)
				}
			})
			t.Run("expired", func(t *testing.T) {
				h.sim.Advance(2 * time.Second) // 2m01s after issue
				expectBody(t, h.get(next, f.headers...), f.expiredBody)
			})
			t.Run("expired at once", func(t *testing.T) {
				fresh := decodePage(t, h.get(f.path, f.headers...)).NextLink
				h.sim.ExpireTokens()
				expectBody(t, h.get(fresh, f.headers...), f.expiredBody)
				decodePage(t, h.get(f.path, f.headers...)) // new chains work
			})
		})
	}
}

func TestTokenOfAnotherFeedIsInvalid(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	next := decodePage(t, h.get("/v3.0/audit/logs?top=50")).NextLink
	tok, _ := url.Parse(next)
	r := h.get("/v3.0/workbench/alerts?skipToken=" + tok.Query().Get("skipToken"))
	if r.status != 400 {
		t.Fatalf("status %d", r.status)
	}
	assertJSONEqual(t, sample(t, "error_400_workbench.json"), r.body)
}

func TestFollowUpHeaders(t *testing.T) {
	const filter = "not (uuid eq 'x')"
	tests := []struct {
		name    string
		lenient bool
		path    string
		header  string
		first   string
		follow  []string // header pairs on the follow-up page
		want    int
	}{
		{"strict same", false, "/v3.0/oat/detections?top=50", "TMV1-Filter", filter, []string{"TMV1-Filter", filter}, 200},
		{"strict missing", false, "/v3.0/oat/detections?top=50", "TMV1-Filter", filter, nil, 400},
		{"strict differs", false, "/v3.0/oat/detections?top=50", "TMV1-Filter", filter, []string{"TMV1-Filter", "uuid eq 'x'"}, 400},
		{"strict added", false, "/v3.0/oat/detections?top=50", "TMV1-Filter", "", []string{"TMV1-Filter", filter}, 400},
		{"strict search missing", false, "/v3.0/search/networkActivities?top=50", "TMV1-Query", "*", nil, 400},
		{"strict search same", false, "/v3.0/search/networkActivities?top=50", "TMV1-Query", "*", []string{"TMV1-Query", "*"}, 200},
		{"lenient missing", true, "/v3.0/oat/detections?top=50", "TMV1-Filter", filter, nil, 200},
		{"lenient same", true, "/v3.0/oat/detections?top=50", "TMV1-Filter", filter, []string{"TMV1-Filter", filter}, 200},
		{"lenient differs", true, "/v3.0/oat/detections?top=50", "TMV1-Filter", filter, []string{"TMV1-Filter", "uuid eq 'x'"}, 400},
		{"lenient search missing", true, "/v3.0/search/networkActivities?top=50", "TMV1-Query", "*", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Rates: busyRates, LenientHeaders: tt.lenient})
			var first []string
			if tt.first != "" {
				first = []string{tt.header, tt.first}
			}
			p := decodePage(t, h.get(tt.path, first...))
			if p.NextLink == "" {
				t.Fatal("no second page")
			}
			r := h.get(p.NextLink, tt.follow...)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d: %s", r.status, tt.want, r.body)
			}
			if tt.want == 200 && tt.lenient && tt.follow == nil {
				strict := newHarness(t, Options{Rates: busyRates})
				sp := decodePage(t, strict.get(tt.path, first...))
				want := decodePage(t, strict.get(sp.NextLink, first...))
				if !slices.Equal(keysOf(t, gen.OAT, decodePage(t, r).Items), keysOf(t, gen.OAT, want.Items)) {
					t.Fatal("lenient follow-up without the header served a different page")
				}
			}
		})
	}
}

func TestAlteredParametersOnFollowUp(t *testing.T) {
	h := newHarness(t, Options{Rates: busyRates})
	next := decodePage(t, h.get("/v3.0/oat/detections?top=50")).NextLink
	r := h.get(strings.Replace(next, "top=50", "top=100", 1))
	if r.status != 400 {
		t.Fatalf("status %d: a token was accepted with other parameters", r.status)
	}
}

func TestSameSeedSamePages(t *testing.T) {
	paths := []struct {
		path    string
		headers []string
	}{
		{"/v3.0/workbench/alerts?startDateTime=2024-05-14T08:00:00Z", nil},
		{"/v3.0/oat/detections?top=100", nil},
		{"/v3.0/audit/logs?top=100&labels=all&startDateTime=2024-05-14T08:00:00Z", nil},
		{"/v3.0/search/networkActivities?top=100&startDateTime=2024-05-14T08:00:00Z", []string{"TMV1-Query", "*"}},
	}
	// Two simulators started at different times agree on the period both hold.
	a := newHarness(t, Options{Seed: 11, Rates: busyRates, History: 5 * time.Hour})
	b := newHarness(t, Options{Seed: 11, Rates: busyRates, History: 30 * time.Hour, Clock: ManualClock(t0.Add(-20 * time.Hour))})
	b.sim.SetTime(t0)
	c := newHarness(t, Options{Seed: 12, Rates: busyRates})
	for _, p := range paths {
		t.Run(p.path, func(t *testing.T) {
			ra, rb, rc := a.get(p.path, p.headers...), b.get(p.path, p.headers...), c.get(p.path, p.headers...)
			ba := bytes.ReplaceAll(ra.body, []byte(a.srv.URL), []byte("HOST"))
			bb := bytes.ReplaceAll(rb.body, []byte(b.srv.URL), []byte("HOST"))
			bc := bytes.ReplaceAll(rc.body, []byte(c.srv.URL), []byte("HOST"))
			if ra.status != 200 || !bytes.Equal(ba, bb) {
				t.Fatalf("same seed, different pages:\n%.300s\n%.300s", ba, bb)
			}
			if bytes.Equal(ba, bc) {
				t.Fatal("different seeds, same page")
			}
		})
	}
}
