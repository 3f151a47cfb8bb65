package filterlang

import (
	"strings"
	"testing"
)

// workbenchFields are the TMV1-Filter fields of §2.1.
var workbenchFields = map[string]bool{
	"id": true, "investigationStatus": true, "status": true, "investigationResult": true,
	"alertProvider": true, "modelId": true, "model": true, "modelType": true, "severity": true,
	"impactScopeEntityValue": true, "indicatorValue": true, "incidentId": true,
}

var workbench = FilterOptions{AllowContains: true, Fields: workbenchFields}

// anyField accepts every field and contains(), the most permissive options.
var anyField = FilterOptions{AllowContains: true}

// playbookTasks takes contains() on two of its fields only (§6.4).
var playbookTasks = FilterOptions{AllowContains: true,
	Fields:         map[string]bool{"id": true, "playbookName": true, "status": true},
	ContainsFields: map[string]bool{"id": true, "playbookName": true}}

var filterParseTests = []struct {
	name string
	in   string
	opts FilterOptions
	want string // canonical form
}{
	{"spec workbench example", `investigationStatus eq 'New' and contains(impactScopeEntityValue,'nimda')`, workbench,
		`investigationStatus eq 'New' and contains(impactScopeEntityValue,'nimda')`},
	{"spec OAT example", `(riskLevel eq 'high') and (endpointName eq 'my-computer')`,
		FilterOptions{Fields: map[string]bool{"riskLevel": true, "endpointName": true}},
		`riskLevel eq 'high' and endpointName eq 'my-computer'`},
	{"spec audit example", `(category eq 'Account Management') and (activity eq 'Add user account')`,
		FilterOptions{Fields: map[string]bool{"category": true, "activity": true}},
		`category eq 'Account Management' and activity eq 'Add user account'`},
	{"pytmv1 style or", `severity eq 'high' or severity eq 'critical'`, workbench,
		`severity eq 'high' or severity eq 'critical'`},
	{"keywords in any case", `severity EQ 'high' AND NOT status Eq 'Closed' Or model eq 'm'`, workbench,
		`severity eq 'high' and not status eq 'Closed' or model eq 'm'`},
	{"contains in capitals with spaces", `CONTAINS ( model , 'x' )`, workbench, `contains(model,'x')`},
	{"whitespace of all kinds", "\t(severity eq 'low')\n or\r\nstatus   eq'Open' ", workbench,
		`severity eq 'low' or status eq 'Open'`},
	{"doubled quote", `model eq 'O''Brien'''`, workbench, `model eq 'O''Brien'''`},
	{"special characters in a value", `model eq 'a (b) and c, ''d'' é'`, workbench, `model eq 'a (b) and c, ''d'' é'`},
	{"empty value", `model eq ''`, workbench, `model eq ''`},
	{"and binds tighter than or", `id eq '1' or id eq '2' and id eq '3'`, workbench, `id eq '1' or id eq '2' and id eq '3'`},
	{"parentheses kept where needed", `(id eq '1' or id eq '2') and id eq '3'`, workbench, `(id eq '1' or id eq '2') and id eq '3'`},
	{"not over a group", `not (id eq '1' and id eq '2')`, workbench, `not (id eq '1' and id eq '2')`},
	{"not binds tighter than and", `not id eq '1' and id eq '2'`, workbench, `not id eq '1' and id eq '2'`},
	{"double not", `not not id eq '1'`, workbench, `not not id eq '1'`},
	{"nested and flattened", `id eq '1' and (id eq '2' and (id eq '3'))`, workbench, `id eq '1' and id eq '2' and id eq '3'`},
	{"nested or flattened", `(id eq '1' or id eq '2') or id eq '3'`, workbench, `id eq '1' or id eq '2' or id eq '3'`},
	{"dotted field name", `detail.processName eq 'cmd.exe'`, anyField, `detail.processName eq 'cmd.exe'`},
	{"field called contains", `contains eq 'x'`, anyField, `contains eq 'x'`},
	{"nesting at the limit", strings.Repeat("(", MaxDepth) + "id eq '1'" + strings.Repeat(")", MaxDepth), workbench, `id eq '1'`},
	{"contains on a field that takes it", `contains(playbookName,'workbench') and status eq 'failed'`, playbookTasks,
		`contains(playbookName,'workbench') and status eq 'failed'`},
	{"empty filter", "", workbench, ""},
	{"blank filter", " \t ", workbench, ""},
}

func TestParseFilter(t *testing.T) {
	for _, tt := range filterParseTests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseFilter(tt.in, tt.opts)
			if err != nil {
				t.Fatalf("ParseFilter(%q) error: %v", tt.in, err)
			}
			if got := e.String(); got != tt.want {
				t.Errorf("ParseFilter(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

var filterErrorTests = []struct {
	name       string
	in         string
	opts       FilterOptions
	wantOffset int
	wantReason string
}{
	{"unclosed parenthesis", `(severity eq 'high'`, workbench, 19, "expected 'and', 'or' or ')' to close '(' at offset 0, found end of input"},
	{"unmatched close", `severity eq 'high')`, workbench, 18, "unmatched ')'"},
	{"empty parentheses", `()`, workbench, 1, "expected a condition, found ')'"},
	{"missing closing quote", `severity eq 'high`, workbench, 12, "missing closing quote"},
	{"quote closed by a doubled quote only", `model eq 'it''`, workbench, 9, "missing closing quote"},
	{"dangling and", `severity eq 'high' and`, workbench, 22, "expected a condition, found end of input"},
	{"leading or", `or severity eq 'high'`, workbench, 0, "expected a condition, found 'or'"},
	{"lone not", `not`, workbench, 3, "expected a condition, found end of input"},
	{"missing value", `severity eq`, workbench, 11, "expected a single-quoted value after 'eq', found end of input"},
	{"unquoted value", `severity eq high`, workbench, 12, `expected a single-quoted value after 'eq', found "high"`},
	{"double-quoted value", `severity eq "high"`, workbench, 12, "values take single quotes in TMV1-Filter"},
	{"unsupported operator", `score gt '5'`, anyField, 6, `expected 'eq' after field "score", found "gt"`},
	{"unknown field", `severity eq 'high' and colour eq 'red'`, workbench, 23, `unknown field "colour"`},
	{"unknown field in contains", `contains(colour,'red')`, workbench, 9, `unknown field "colour"`},
	{"contains not allowed", `riskLevel eq 'high' or contains(endpointName,'x')`, FilterOptions{}, 23, "contains() is not supported by this endpoint"},
	{"contains on a field that does not take it", `id eq 'x' or contains(status,'fail')`, playbookTasks, 22, `contains() does not apply to field "status"`},
	{"contains without comma", `contains(model 'x')`, workbench, 15, `expected ',' after field "model" in contains(), found a quoted value`},
	{"contains without close", `contains(model,'x'`, workbench, 18, "expected ')' to close contains(), found end of input"},
	{"contains without field", `contains('x')`, workbench, 9, "expected a field name in contains(), found a quoted value"},
	{"contains without value", `contains(model,x)`, workbench, 15, `expected a single-quoted value in contains(), found "x"`},
	{"juxtaposed conditions", `severity eq 'high' status eq 'Open'`, workbench, 19, `expected 'and', 'or' or end of input, found "status"`},
	{"stray character", `severity eq 'high' & status eq 'Open'`, workbench, 19, `unexpected character '&'`},
	{"too deep parentheses", strings.Repeat("(", MaxDepth+1) + "id eq '1'" + strings.Repeat(")", MaxDepth+1), workbench, MaxDepth, "nesting deeper than 64 levels"},
	{"too deep nots", strings.Repeat("not ", MaxDepth+1) + "id eq '1'", workbench, 4 * MaxDepth, "nesting deeper than 64 levels"},
	{"long word shortened", `id eq '1' ` + strings.Repeat("x", 100), workbench, 10, `expected 'and', 'or' or end of input, found "` + strings.Repeat("x", 32) + `"...`},
}

func TestParseFilterErrors(t *testing.T) {
	for _, tt := range filterErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseFilter(tt.in, tt.opts)
			assertSyntaxError(t, tt.in, e, err, tt.wantOffset, tt.wantReason)
		})
	}
}

func TestFilterMatch(t *testing.T) {
	alert := MapResolver{
		"severity":               {"high"},
		"status":                 {"Open"},
		"impactScopeEntityValue": {"host-NIMDA-01", "admin@example.com"},
		"model":                  {"O'Brien rule"},
	}
	tests := []struct {
		filter string
		want   bool
	}{
		{`severity eq 'high'`, true},
		{`severity eq 'High'`, false},                           // eq is case-sensitive
		{`severity eq 'hig'`, false},                            // and whole-value
		{`impactScopeEntityValue eq 'admin@example.com'`, true}, // any array value
		{`contains(impactScopeEntityValue,'nimda')`, true},      // case-insensitive substring
		{`contains(impactScopeEntityValue,'zzz')`, false},
		{`incidentId eq 'IC-1'`, false}, // missing field
		{`not incidentId eq 'IC-1'`, true},
		{`contains(incidentId,'')`, false},
		{`model eq 'O''Brien rule'`, true},
		{`not not severity eq 'high'`, true},
		{`not (severity eq 'high' or status eq 'Closed')`, false},
		// Each precedence case gives the opposite answer under the wrong grouping.
		{`severity eq 'low' and status eq 'Open' or severity eq 'high'`, true},
		{`severity eq 'high' or status eq 'Closed' and severity eq 'low'`, true},
		{`not status eq 'Open' and severity eq 'low'`, false},
		{`(severity eq 'low' or status eq 'Open') and model eq 'x'`, false},
		{``, true},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			e, err := ParseFilter(tt.filter, workbench)
			if err != nil {
				t.Fatalf("ParseFilter(%q) error: %v", tt.filter, err)
			}
			if got := e.Match(alert); got != tt.want {
				t.Errorf("%q.Match = %v, want %v", tt.filter, got, tt.want)
			}
		})
	}
}

// TestLongChain checks that long and/or chains, which hostile input can make
// arbitrarily long, are parsed and evaluated without recursion.
func TestLongChain(t *testing.T) {
	const n = 20000
	terms := make([]string, n)
	for i := range terms {
		terms[i] = "id eq 'x'"
	}
	terms[n-1] = "id eq 'last'"
	e, err := ParseFilter(strings.Join(terms, " or "), workbench)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Match(MapResolver{"id": {"last"}}) || e.Match(MapResolver{"id": {"y"}}) {
		t.Error("long or chain matched wrongly")
	}
}
