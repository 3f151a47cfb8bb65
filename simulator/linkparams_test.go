package simulator

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

func TestLinkParamsRoundTrip(t *testing.T) {
	tests := []struct {
		name        string
		query       string
		defaultDesc bool
		want        string // the parameters as decoded, encoded sorted
	}{
		{"none", "", true, ""},
		{"all", "startDateTime=2024-05-14T06:00:00Z&endDateTime=2024-05-14T12:00:00Z&dateTimeTarget=ingestedDateTime" +
			"&orderBy=ingestedDateTime%20asc,%20loggedDateTime%20DESC,accessType&top=200&labels=none", true,
			"dateTimeTarget=ingestedDateTime&endDateTime=2024-05-14T12%3A00%3A00Z&labels=none" +
				"&orderBy=ingestedDateTime+asc%2CloggedDateTime+desc%2CaccessType+desc&startDateTime=2024-05-14T06%3A00%3A00Z&top=200"},
		{"term without direction, ascending default", "orderBy=accessType", false, "orderBy=accessType+asc"},
		{"empty time is the default", "startDateTime=&top=50", true, "top=50"},
		{"before 1970", "startDateTime=1969-12-31T23:59:59Z", true, "startDateTime=1969-12-31T23%3A59%3A59Z"},
		{"other parameters dropped", "foo=bar&labels=all", true, "labels=all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			b, err := encodeLinkParams(auditLinkParams, q, tt.defaultDesc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeLinkParams(auditLinkParams, b)
			if err != nil {
				t.Fatal(err)
			}
			if got.Encode() != tt.want {
				t.Fatalf("decoded %q, want %q", got.Encode(), tt.want)
			}
		})
	}
	for _, bad := range []string{"top=7", "labels=some", "orderBy=loggedUser", "startDateTime=2024-05-14T06:00:00+02:00"} {
		q, _ := url.ParseQuery(bad)
		if _, err := encodeLinkParams(auditLinkParams, q, true); err == nil {
			t.Errorf("%s encoded", bad)
		}
	}
	for _, garbled := range [][]byte{nil, {0x80}, {1 << 4, 9}, {1 << 3, 0}, {1 << 3, 1, 9}, {1 << 4, 0, 0}} {
		if _, err := decodeLinkParams(auditLinkParams, garbled); err == nil {
			t.Errorf("%v decoded", garbled)
		}
	}
}

// TestAuditChainFromTokenOnlyLinks: an audit chain followed through links
// that carry the token only serves what one big page does, with the first
// request's range, target, order and labels, and the filter re-sent.
func TestAuditChainFromTokenOnlyLinks(t *testing.T) {
	h := newHarness(t, Options{Rates: map[Feed]float64{Audit: 600}})
	params := "startDateTime=" + fmtTime(t0.Add(-5*time.Hour)) + "&endDateTime=" + fmtTime(t0.Add(-time.Hour)) +
		"&dateTimeTarget=ingestedDateTime&orderBy=accessType,ingestedDateTime%20asc&labels=none"
	filter := []string{"TMV1-Filter", "accessType eq 'Console'"}
	pages := h.walk("/v3.0/audit/logs?top=50&"+params, nil, filter...)
	whole := h.walk("/v3.0/audit/logs?top=200&"+params, nil, filter...)
	if len(pages) < 4 {
		t.Fatalf("only %d pages", len(pages))
	}
	got, want := keysOf(t, gen.Audit, itemsOf(pages)), keysOf(t, gen.Audit, itemsOf(whole))
	if !slices.Equal(got, want) {
		t.Fatalf("top=50 chain served %d items, top=200 chain %d, or another order", len(got), len(want))
	}
	for i, p := range pages {
		if p.Labels != nil {
			t.Fatalf("page %d has labels despite labels=none", i)
		}
		if p.NextLink != "" && !strings.Contains(p.NextLink, "/v3.0/audit/logs?skipToken=") {
			t.Fatalf("page %d: nextLink %s", i, p.NextLink)
		}
	}
	for _, it := range itemsOf(pages) {
		if it["accessType"] != "Console" {
			t.Fatal("the filter was lost on a follow-up page")
		}
		if at := itemTime(t, it, "ingestedDateTime"); at.Before(t0.Add(-5*time.Hour)) || at.After(t0.Add(-time.Hour)) {
			t.Fatalf("ingestedDateTime %v outside the first request's range", at)
		}
	}
	items := itemsOf(pages)
	if !slices.IsSortedFunc(items, func(a, b map[string]any) int {
		return itemTime(t, a, "ingestedDateTime").Compare(itemTime(t, b, "ingestedDateTime"))
	}) {
		t.Fatal("follow-up pages lost the order ingestedDateTime asc")
	}
}

func TestAuditFollowUpHeadersAndParameters(t *testing.T) {
	const filter = "accessType eq 'Console'"
	tests := []struct {
		name    string
		lenient bool
		follow  []string // header pairs on the follow-up
		edit    func(link string) string
		want    int
	}{
		{"same filter", false, []string{"TMV1-Filter", filter}, nil, 200},
		{"filter missing", false, nil, nil, 400},
		{"filter differs", false, []string{"TMV1-Filter", "accessType eq 'API'"}, nil, 400},
		{"lenient, filter missing", true, nil, nil, 200},
		{"lenient, filter differs", true, []string{"TMV1-Filter", "accessType eq 'API'"}, nil, 400},
		{"original parameters repeated", false, []string{"TMV1-Filter", filter},
			func(link string) string { return strings.Replace(link, "?", "?top=50&", 1) }, 200},
		{"other parameters", false, []string{"TMV1-Filter", filter},
			func(link string) string { return strings.Replace(link, "?", "?top=100&", 1) }, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Rates: map[Feed]float64{Audit: 600}, LenientHeaders: tt.lenient})
			p := decodePage(t, h.get("/v3.0/audit/logs?top=50", "TMV1-Filter", filter))
			link := p.NextLink
			if link == "" {
				t.Fatal("no second page")
			}
			if tt.edit != nil {
				link = tt.edit(link)
			}
			r := h.get(link, tt.follow...)
			if r.status != tt.want {
				t.Fatalf("status %d, want %d: %s", r.status, tt.want, r.body)
			}
			if r.status == 200 {
				for _, it := range decodePage(t, r).Items {
					if it["accessType"] != "Console" {
						t.Fatal("the follow-up page is not filtered")
					}
				}
			}
		})
	}
}
