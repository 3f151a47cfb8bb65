package simulator

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// filterFieldLine is one field of a TMV1-Filter description of Trend's
// OpenAPI document for v3.0, in any of its layouts:
//
//   - `clusterId` - The ID of the cluster …
//   - 'id' - The ID of a user account …
//     |`policyId`    |The ID of the policy …|
//     |status |The status of the case …|
var filterFieldLine = regexp.MustCompile("^\\s*[*|]\\s*['`]?\\s*([A-Za-z][A-Za-z0-9_]*)\\s*['`]?\\s*(?:\\*\\*\\(Deprecated\\)\\*\\*\\s*)?(?:-|\\|)")

// filterOperators are the words of the descriptions' operator lists.
var filterOperators = map[string]bool{"eq": true, "and": true, "or": true, "not": true, "contains": true, "Field": true, "Operator": true, "Function": true}

// documentedFilterFields reads the fields a TMV1-Filter description lists
// (nil: the endpoint has no TMV1-Filter parameter) and whether it lists
// contains().
func documentedFilterFields(doc *openapi3.T, endpoint string) (fields []string, contains bool) {
	item := doc.Paths.Find("/v3.0/" + endpoint)
	if item == nil || item.Get == nil {
		return nil, false
	}
	for _, p := range item.Get.Parameters {
		if p.Value.Name != "TMV1-Filter" {
			continue
		}
		desc := p.Value.Description
		for _, line := range strings.Split(desc, "\n") {
			if m := filterFieldLine.FindStringSubmatch(line); m != nil && !filterOperators[m[1]] {
				fields = append(fields, m[1])
			}
		}
		return fields, strings.Contains(desc, "contains")
	}
	return nil, false
}

// TestFilterFieldsAreTheDocumentedOnes: every TMV1-Filter feed accepts
// exactly the fields its endpoint's description in the document lists, and
// contains() where the description has it.
func TestFilterFieldsAreTheDocumentedOnes(t *testing.T) {
	doc := loadSpec(t)
	checked := 0
	for _, f := range feedList {
		if f.filter.header != "TMV1-Filter" {
			continue
		}
		documented, contains := documentedFilterFields(doc, string(f.kind))
		if len(documented) == 0 {
			t.Errorf("%s: the document lists no TMV1-Filter field", f.kind)
			continue
		}
		checked++
		if got, want := slices.Sorted(maps.Keys(f.filter.names)), slices.Sorted(slices.Values(documented)); !slices.Equal(got, want) {
			t.Errorf("%s: fields %v, the document lists %v", f.kind, got, want)
		}
		if contains {
			accepted := false
			for _, field := range documented {
				_, err := f.filter.parse("contains(" + field + ",'x')")
				accepted = accepted || err == nil
			}
			if !accepted {
				t.Errorf("%s: the document has contains(), the filter refuses it on every field", f.kind)
			}
		}
	}
	if checked < 8 {
		t.Fatalf("only %d feeds checked", checked)
	}
}

func TestDocumentedFilterFieldsParseEveryLayout(t *testing.T) {
	for _, tt := range []struct {
		line, want string
	}{
		{"* `clusterId` - The ID of the cluster in Container Security", "clusterId"},
		{"* 'riskLevel' - Risk level of the risk event.", "riskLevel"},
		{"|`policyName`  |The name of a policy for an event |Any value |", "policyName"},
		{"|investigationStatus **(Deprecated)** |The current status |`New`|", "investigationStatus"},
		{"|status|The status of the case|`Open`|", "status"},
		{"|---|---|---|", ""},
	} {
		got := ""
		if m := filterFieldLine.FindStringSubmatch(tt.line); m != nil {
			got = m[1]
		}
		if got != tt.want {
			t.Errorf("%q: %q, want %q", tt.line, got, tt.want)
		}
	}
}
