package filterlang

import (
	"strings"
	"testing"
)

// detectionFields is a subset of the search detections fields of
// §4.1 with their match kinds.
var detectionFields = map[string]MatchKind{
	"hostName": Partial, "endpointHostName": Partial, "src": Partial, "dpt": Full, "uuid": Partial,
	"fileHash": Full, "tags": Partial, "processCmd": Partial, "filePath": Partial,
}

var queryParseTests = []struct {
	name   string
	in     string
	fields map[string]MatchKind
	want   string // canonical form
}{
	{"spec example", `dpt:443 or src:"192.169.1.1"`, detectionFields, `dpt:"443" or src:"192.169.1.1"`},
	{"match all", `*`, detectionFields, `*`},
	{"field exists", `uuid:*`, detectionFields, `uuid:*`},
	{"field exists with a space", `hostName: *`, detectionFields, `hostName:*`},
	{"quoted star is a wildcard too", `hostName:"*"`, detectionFields, `hostName:*`},
	{"several stars", `hostName:**`, detectionFields, `hostName:*`},
	{"wildcard value", `hostName:web*`, detectionFields, `hostName:"web*"`},
	{"pytmv1 style", `endpointHostName:"my host" and processCmd:"cmd.exe /c dir"`, detectionFields,
		`endpointHostName:"my host" and processCmd:"cmd.exe /c dir"`},
	{"keywords in any case", `NOT dpt:443 AND (src:a Or src:b)`, detectionFields, `not dpt:"443" and (src:"a" or src:"b")`},
	{"spaces around the colon", "hostName \t:\n web", detectionFields, `hostName:"web"`},
	{"escaped quote", `processCmd:"say \"hi\""`, detectionFields, `processCmd:"say \"hi\""`},
	{"backslash kept before other characters", `filePath:"C:\Windows\System32"`, detectionFields, `filePath:"C:\\Windows\\System32"`},
	{"escaped backslash", `filePath:"C:\\Temp"`, detectionFields, `filePath:"C:\\Temp"`},
	{"literal star", `processCmd:"\*lit*"`, detectionFields, `processCmd:"\*lit*"`},
	{"bare value with quote and backslash", `processCmd:it's\n`, detectionFields, `processCmd:"it's\\n"`},
	{"empty quoted value", `hostName:""`, detectionFields, `hostName:""`},
	{"match all inside an expression", `* and not dpt:443`, detectionFields, `* and not dpt:"443"`},
	{"nested and flattened", `(hostName:a and (src:b and dpt:1))`, detectionFields, `hostName:"a" and src:"b" and dpt:"1"`},
	{"any field when fields is nil", `whatever.field:x`, nil, `whatever.field:"x"`},
	{"nesting at the limit", strings.Repeat("(", MaxDepth) + "dpt:1" + strings.Repeat(")", MaxDepth), detectionFields, `dpt:"1"`},
}

func TestParseQuery(t *testing.T) {
	for _, tt := range queryParseTests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseQuery(tt.in, tt.fields)
			if err != nil {
				t.Fatalf("ParseQuery(%q) error: %v", tt.in, err)
			}
			if got := e.String(); got != tt.want {
				t.Errorf("ParseQuery(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

var queryErrorTests = []struct {
	name       string
	in         string
	fields     map[string]MatchKind
	wantOffset int
	wantReason string
}{
	{"empty", ``, detectionFields, 0, "empty query"},
	{"blank", "  ", detectionFields, 0, "empty query"},
	{"juxtaposed conditions", `dpt:443 src:1`, detectionFields, 8, `expected 'and', 'or' or end of input, found "src"`},
	{"unclosed parenthesis", `(dpt:443`, detectionFields, 8, "expected 'and', 'or' or ')' to close '(' at offset 0, found end of input"},
	{"unmatched close", `dpt:443)`, detectionFields, 7, "unmatched ')'"},
	{"missing closing quote", `src:"192.169.1.1`, detectionFields, 4, "missing closing quote"},
	{"quote escaped at the end", `src:"a\"`, detectionFields, 4, "missing closing quote"},
	{"lone backslash at the end", `src:"a\`, detectionFields, 4, "missing closing quote"},
	{"dangling and", `dpt:443 and`, detectionFields, 11, "expected field:value or '*', found end of input"},
	{"dangling not", `dpt:443 or not`, detectionFields, 14, "expected field:value or '*', found end of input"},
	{"missing value", `dpt:`, detectionFields, 4, "expected a value after 'dpt:', found end of input"},
	{"keyword as value", `dpt:and`, detectionFields, 4, "expected a value after 'dpt:', found 'and'"},
	{"missing colon", `dpt 443`, detectionFields, 4, `expected ':' after field "dpt", found "443"`},
	{"unknown field", `dpt:443 or colour:red`, detectionFields, 11, `unknown field "colour"`},
	{"value without field", `web*`, detectionFields, 0, `expected field:value or '*', found "web*"`},
	{"second colon", `src:a:b`, detectionFields, 5, `expected 'and', 'or' or end of input, found ':'`},
	{"too deep parentheses", strings.Repeat("(", MaxDepth+1) + "dpt:1" + strings.Repeat(")", MaxDepth+1), detectionFields, MaxDepth, "nesting deeper than 64 levels"},
	{"too deep nots", strings.Repeat("NOT ", MaxDepth+1) + "dpt:1", detectionFields, 4 * MaxDepth, "nesting deeper than 64 levels"},
}

func TestParseQueryErrors(t *testing.T) {
	for _, tt := range queryErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseQuery(tt.in, tt.fields)
			assertSyntaxError(t, tt.in, e, err, tt.wantOffset, tt.wantReason)
		})
	}
}

func TestQueryMatch(t *testing.T) {
	detection := MapResolver{
		"hostName": {"WebServer01"},
		"dpt":      {"443"},
		"src":      {"198.51.100.7", "192.169.1.1"},
		"tags":     {"MITREV9.T1569.002", "XSAE.F4231"},
		"fileHash": {"ABCDEF"},
		"filePath": {`C:\Windows\System32`},
	}
	tests := []struct {
		query string
		want  bool
	}{
		{`hostName:webserver`, true}, // partial: case-insensitive
		{`hostName:server`, true},    // partial: substring
		{`hostName:web*01`, true},
		{`hostName:web*02`, false},
		{`hostName:*server*`, true},
		{`hostName:"web server"`, false},
		{`dpt:443`, true},
		{`dpt:44`, false}, // full: whole value
		{`dpt:4*`, true},
		{`dpt:*3`, true},
		{`dpt:*4`, false},
		{`fileHash:abcdef`, true}, // full: case-insensitive
		{`fileHash:abc`, false},
		{`src:"192.169.1.1"`, true}, // any array value
		{`tags:"xsae.f4231"`, true},
		{`filePath:"C:\Windows\System32"`, true},
		{`filePath:"system32"`, true},
		{`hostName:"Web\*"`, false}, // literal star
		{`uuid:*`, false},           // missing field
		{`not uuid:*`, true},
		{`hostName:*`, true},
		{`uuid:x`, false},
		{`*`, true},
		{`not *`, false},
		// Each precedence case gives the opposite answer under the wrong grouping.
		{`dpt:80 and hostName:web or src:192`, true},
		{`not dpt:443 and hostName:nomatch`, false},
		{`(dpt:80 or hostName:web) and src:nomatch`, false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			e, err := ParseQuery(tt.query, detectionFields)
			if err != nil {
				t.Fatalf("ParseQuery(%q) error: %v", tt.query, err)
			}
			if got := e.Match(detection); got != tt.want {
				t.Errorf("%q.Match = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

// TestQueryExistsOnEmptyValue pins that `field:*` tests presence, not
// content: an empty string counts, an empty array (no values) does not.
func TestQueryExistsOnEmptyValue(t *testing.T) {
	e, err := ParseQuery(`note:*`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Match(MapResolver{"note": {""}}) {
		t.Error(`note:* did not match an empty string value`)
	}
	if e.Match(MapResolver{"note": {}}) {
		t.Error(`note:* matched an item without values`)
	}
}
