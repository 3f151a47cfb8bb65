package simulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// Expected 400 bodies beyond the samples. Only the `top` (audit), 1010406
// and 1010550 (OAT) texts are published; the others are the simulator's own
// in the documented shape.
const (
	oatEndTimeBody = `{"error":{"code":"BadRequest","message":"Time range parameters invalid. Ensure that you have configured the start time to begin before the end time and try again. (Error code: 1010406)","number":1010406,"target":"endTime","innererror":{"code":"InvalidDateValue"}}}`
	oatTopBody     = `{"error":{"code":"BadRequest","message":"Invalid parameter detected. Check that all parameters are valid and try again. (Error code: 1010999)","number":1010999,"target":"top"}}`
	oatFilterBody  = `{"error":{"code":"BadRequest","message":"Validation error occurred. Check your request payload and try again. (Error code: 1010400)","number":1010400,"target":"TMV1-Filter"}}`
	oatBadToken    = `{"error":{"code":"BadRequest","message":"nextBatchToken invalid. Ensure that you have completely copied the nextBatchToken from the previous response and try again. (Error code: 1010407)","number":1010407}}`
)

func auditBody(msg string) string {
	return fmt.Sprintf(`{"error":{"code":"BadRequest","message":%q,"innererror":{"code":"ParameterNotAccepted","innererror":{"service":"uic"}}}}`, msg)
}

// filterOfLength returns a syntactically valid filter of exactly n bytes.
func filterOfLength(field string, n int) string {
	head := field + " eq '"
	return head + strings.Repeat("a", n-len(head)-1) + "'"
}

func TestParameterValidation(t *testing.T) {
	h := newHarness(t, Options{})
	const (
		wb     = "/v3.0/workbench/alerts"
		oat    = "/v3.0/oat/detections"
		audit  = "/v3.0/audit/logs"
		search = "/v3.0/search/endpointActivities"
	)
	now := t0 // the manual clock
	q := "TMV1-Query"
	tests := []struct {
		name     string
		path     string
		params   string
		headers  []string
		wantBody string // "" means 200
	}{
		// Workbench (§2.1): every rejection is the 3090003 body.
		{"wb ok", wb, "startDateTime=2024-05-14T10:00:00Z&endDateTime=2024-05-14T11:00:00Z", nil, ""},
		{"wb top ignored", wb, "top=1000", nil, ""},
		{"wb one-second range", wb, "startDateTime=2024-05-14T10:00:00Z&endDateTime=2024-05-14T10:00:00Z", nil, ""},
		{"wb no zone", wb, "startDateTime=2024-05-14T10:00:00", nil, "error_400_workbench.json"},
		{"wb milliseconds", wb, "startDateTime=2024-05-14T10:00:00.000Z", nil, "error_400_workbench.json"},
		{"wb offset", wb, "startDateTime=2024-05-14T10:00:00%2B00:00", nil, "error_400_workbench.json"},
		{"wb month 13", wb, "startDateTime=2024-13-14T10:00:00Z", nil, "error_400_workbench.json"},
		{"wb start after end", wb, "startDateTime=2024-05-14T11:00:00Z&endDateTime=2024-05-14T10:00:00Z", nil, "error_400_workbench.json"},
		{"wb target", wb, "dateTimeTarget=lastUpdatedDateTime", nil, "error_400_workbench.json"},
		{"wb order field", wb, "orderBy=" + url.QueryEscape("loggedDateTime desc"), nil, "error_400_workbench.json"},
		{"wb order direction", wb, "orderBy=" + url.QueryEscape("score sideways"), nil, "error_400_workbench.json"},
		{"wb order too long", wb, "orderBy=" + strings.Repeat("score,", 34) + "score", nil, "error_400_workbench.json"},
		{"wb order list", wb, "orderBy=" + url.QueryEscape("severity desc,score,createdDateTime asc"), nil, ""},
		{"wb filter at cap", wb, "", []string{"TMV1-Filter", filterOfLength("id", 5000)}, ""},
		{"wb filter over cap", wb, "", []string{"TMV1-Filter", filterOfLength("id", 5001)}, "error_400_workbench.json"},
		{"wb filter syntax", wb, "", []string{"TMV1-Filter", "id eq"}, "error_400_workbench.json"},
		{"wb filter field", wb, "", []string{"TMV1-Filter", "uuid eq 'x'"}, "error_400_workbench.json"},

		// OAT (§3.1): error numbers by cause.
		{"oat tops", oat, "top=200", nil, ""},
		{"oat top 500", oat, "top=500", nil, oatTopBody},
		{"oat top 1000", oat, "top=1000", nil, oatTopBody},
		{"oat top 050", oat, "top=050", nil, oatTopBody},
		{"oat bad start", oat, "detectedStartDateTime=yesterday", nil, "error_400_oat_time_range.json"},
		{"oat start after end", oat, "detectedStartDateTime=2024-05-14T11:00:00Z&detectedEndDateTime=2024-05-14T10:00:00Z", nil, "error_400_oat_time_range.json"},
		{"oat empty range", oat, "detectedStartDateTime=2024-05-14T11:00:00Z&detectedEndDateTime=2024-05-14T11:00:00Z", nil, "error_400_oat_time_range.json"},
		{"oat end in future", oat, "detectedEndDateTime=" + fmtTime(now.Add(1e9)), nil, oatEndTimeBody},
		{"oat end now", oat, "detectedEndDateTime=" + fmtTime(now), nil, ""},
		{"oat older than 365d", oat, "detectedStartDateTime=" + fmtTime(now.AddDate(0, 0, -366)) + "&detectedEndDateTime=" + fmtTime(now.AddDate(0, 0, -300)), nil, "error_400_oat_time_range.json"},
		{"oat 365d back", oat, "detectedStartDateTime=" + fmtTime(now.AddDate(0, 0, -365)), nil, ""},
		{"oat bad ingested", oat, "ingestedStartDateTime=2024-05-14", nil, "error_400_oat_time_range.json"},
		{"oat ingested end in future", oat, "ingestedEndDateTime=" + fmtTime(now.Add(3600e9)), nil, oatEndTimeBody},
		{"oat both pairs", oat, "detectedStartDateTime=2024-05-14T10:00:00Z&ingestedStartDateTime=2024-05-14T10:00:00Z", nil, ""},
		{"oat filter over cap", oat, "", []string{"TMV1-Filter", filterOfLength("uuid", 4001)}, oatFilterBody},
		{"oat filter at cap", oat, "", []string{"TMV1-Filter", filterOfLength("uuid", 4000)}, ""},
		{"oat filter syntax", oat, "", []string{"TMV1-Filter", "(riskLevel eq 'high'"}, oatFilterBody},
		{"oat no contains", oat, "", []string{"TMV1-Filter", "contains(endpointName,'a')"}, oatFilterBody},
		{"oat bad token", oat, "nextBatchToken=eyJ2YWxpZF91bnRpbCI6IDEwMDAwMDAwMDB9", nil, oatBadToken},
		{"oat empty token", oat, "nextBatchToken=", nil, oatBadToken},

		// Audit (§5.1).
		{"audit ok", audit, "top=200&labels=all&orderBy=" + url.QueryEscape("loggedDateTime asc"), nil, ""},
		{"audit top 500", audit, "top=500", nil, "error_400_audit_top.json"},
		{"audit top 20", audit, "top=20", nil, "error_400_audit_top.json"},
		{"audit labels", audit, "labels=some", nil, auditBody(`params error: "labels" must be one of [none, matched, all]`)},
		{"audit target", audit, "dateTimeTarget=createdDateTime", nil, auditBody(`params error: "dateTimeTarget" must be one of [loggedDateTime, ingestedDateTime]`)},
		{"audit order", audit, "orderBy=" + url.QueryEscape("loggedUser asc"), nil, auditBody(`params error: "orderBy" is invalid`)},
		{"audit bad time", audit, "endDateTime=2024-05-14T10:00Z", nil, auditBody(`params error: "endDateTime" is invalid`)},
		{"audit retention", audit, "startDateTime=" + fmtTime(now.AddDate(0, 0, -181)), nil, auditBody(`params error: "startDateTime" is invalid`)},
		{"audit filter over cap", audit, "", []string{"TMV1-Filter", filterOfLength("loggedUser", 1025)}, auditBody(`params error: "TMV1-Filter" is invalid`)},
		{"audit activity needs category", audit, "", []string{"TMV1-Filter", "activity eq 'Log on'"}, auditBody(`params error: "activity" is invalid`)},
		{"audit activity with category", audit, "", []string{"TMV1-Filter", "(category eq 'Logon and Logoff') and (activity eq 'Log on')"}, ""},
		{"audit bad skipToken", audit, "skipToken=MjAw", nil, auditBody(`params error: "skipToken" is invalid`)},

		// Search (§4.1): every rejection is "Invalid HTTP Request".
		{"search ok", search, "top=5000&mode=performance", []string{q, "*"}, ""},
		{"search no query", search, "", nil, "error_400_search.json"},
		{"search blank query", search, "", []string{q, "  "}, "error_400_search.json"},
		{"search top 200", search, "top=200", []string{q, "*"}, "error_400_search.json"},
		{"search mode", search, "mode=fast", []string{q, "*"}, "error_400_search.json"},
		{"search long time", search, "startDateTime=2024-05-14T10:00:00.000Z", []string{q, "*"}, "error_400_search.json"},
		{"search inverted", search, "startDateTime=2024-05-14T11:00:00Z&endDateTime=2024-05-14T10:00:00Z", []string{q, "*"}, "error_400_search.json"},
		{"search query syntax", search, "", []string{q, "uuid:(a"}, "error_400_search.json"},
		{"search query field", search, "", []string{q, "mailMsgSubject:x"}, "error_400_search.json"},
		{"search query over cap", search, "", []string{q, "uuid:" + strings.Repeat("a", 2044)}, "error_400_search.json"},
		{"search query at cap", search, "", []string{q, "uuid:" + strings.Repeat("a", 2043)}, ""},
		{"search select too long", search, "select=" + strings.Repeat("a", 2049), []string{q, "*"}, "error_400_search.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.get(tt.path+"?"+tt.params, tt.headers...)
			if tt.wantBody == "" {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			if r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			want := []byte(tt.wantBody)
			if strings.HasSuffix(tt.wantBody, ".json") {
				want = sample(t, tt.wantBody)
			}
			assertJSONEqual(t, want, r.body)
		})
	}
}
