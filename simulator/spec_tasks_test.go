package simulator

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// responseTaskActions are the actions the `filter` parameter of GET
// /v3.0/response/tasks lists (Trend's OpenAPI document for v3.0), the
// names the simulator serves.
var responseTaskActions = strings.Fields(`isolate isolateForMultiple restoreIsolate restoreIsolateForMultiple
	collectFile terminateProcess block restoreBlock quarantineMessage restoreMessage deleteMessage remoteShell
	investigationKit runCustomScript runCustomScriptForMultiple submitSandbox dumpProcessMemory disableAccount
	enableAccount forceSignOut resetPassword collectNetworkAnalysisPackage collectEvidence runOsquery
	runYaraRules isolateContainer restoreContainer terminateContainer malwareScanForMultiple`)

// responseTaskSpellings are the actions whose arp-taskInfo variant spells
// its action enum otherwise than the filter's list (and pytmv1, Trend's
// Python client): a defect of the document. Items of these actions match
// no variant of the oneOf.
var responseTaskSpellings = map[string]string{
	"terminateProcess":   "teminateProcess",
	"isolateContainer":   "isolateContainerInfo",
	"restoreContainer":   "restoreContainerInfo",
	"terminateContainer": "terminateContainerInfo",
}

// validateResponseTaskPage validates a response task page: the envelope
// against the 200 schema, each item against the oneOf of arp-taskInfo
// (strictly: exactly one variant must match), except that an item whose
// action the document misspells is validated against the variant of the
// misspelling, with the action as the document spells it.
func (v specValidator) validateResponseTaskPage(t testing.TB, body []byte) {
	t.Helper()
	schema := responseSchema(t, v.doc, v.endpoint, http.StatusOK)
	page := decodeJSON(t, body).(map[string]any)
	envelope := maps.Clone(page)
	envelope["items"] = []any{}
	if err := schema.VisitJSON(envelope, visitOpts...); err != nil {
		t.Fatalf("response tasks envelope: %v\nbody: %.500s", firstLines(err, 20), body)
	}
	taskInfo := schema.Properties["items"].Value.Items.Value
	variants := responseTaskVariants(t, taskInfo)
	for i, it := range page["items"].([]any) {
		item := it.(map[string]any)
		action, _ := item["action"].(string)
		want := taskInfo
		if spelled, ok := responseTaskSpellings[action]; ok {
			item = maps.Clone(item)
			item["action"], want = spelled, variants[spelled]
		}
		if err := want.VisitJSON(item, visitOpts...); err != nil {
			t.Fatalf("response task %d (%s) does not match the schema:\n%s\nitem: %s", i, action, firstLines(err, 40), gen.CanonicalJSON(it))
		}
	}
}

// responseTaskVariants indexes the variants of arp-taskInfo by the action
// their enum names.
func responseTaskVariants(t testing.TB, taskInfo *openapi3.Schema) map[string]*openapi3.Schema {
	t.Helper()
	byAction := map[string]*openapi3.Schema{}
	for _, ref := range taskInfo.OneOf {
		actions := actionEnum(ref.Value)
		if len(actions) != 1 {
			t.Fatalf("variant %s: action enum %v, want one action", ref.Ref, actions)
		}
		byAction[actions[0]] = ref.Value
	}
	return byAction
}

// actionEnum finds the enum of the action property in a variant's allOf.
func actionEnum(s *openapi3.Schema) []string {
	if p := s.Properties["action"]; p != nil && len(p.Value.Enum) > 0 {
		var out []string
		for _, e := range p.Value.Enum {
			out = append(out, e.(string))
		}
		return out
	}
	for _, part := range s.AllOf {
		if e := actionEnum(part.Value); e != nil {
			return e
		}
	}
	return nil
}

// TestResponseTaskActionSpellings pins the defect validateResponseTaskPage
// works around: the variants name every documented action, the four of
// responseTaskSpellings as spelled there. Should a newer document fix
// them, this fails, and the workaround can go.
func TestResponseTaskActionSpellings(t *testing.T) {
	taskInfo := responseSchema(t, loadSpec(t), string(gen.ResponseTasks), http.StatusOK).Properties["items"].Value.Items.Value
	var inVariants []string
	for action := range responseTaskVariants(t, taskInfo) {
		inVariants = append(inVariants, action)
	}
	var want []string
	for _, a := range responseTaskActions {
		if spelled, ok := responseTaskSpellings[a]; ok {
			a = spelled
		}
		want = append(want, a)
	}
	if !slices.Equal(slices.Sorted(slices.Values(inVariants)), slices.Sorted(slices.Values(want))) {
		t.Fatalf("the variants name %v,\nwant the filter's actions with the known misspellings %v", slices.Sorted(slices.Values(inVariants)), slices.Sorted(slices.Values(want)))
	}
}

// TestResponseTaskFilterIsTheDocumentedOne: the `filter` query parameter
// takes the fields its description lists, up to its maxLength, and its
// action list is responseTaskActions.
func TestResponseTaskFilterIsTheDocumentedOne(t *testing.T) {
	var param *openapi3.Parameter
	for _, p := range loadSpec(t).Paths.Find("/v3.0/response/tasks").Get.Parameters {
		if p.Value.Name == "filter" && p.Value.In == "query" {
			param = p.Value
		}
	}
	if param == nil {
		t.Fatal("the document has no filter query parameter for response tasks")
	}
	rule := feedByKind(gen.ResponseTasks).filter
	if max := param.Schema.Value.MaxLength; rule.param != "filter" || max == nil || uint64(rule.maxLen) != *max {
		t.Fatalf("filter rule %q ≤ %d, the document: query parameter filter ≤ %v", rule.name(), rule.maxLen, max)
	}
	var fields, actions []string
	table, _, _ := strings.Cut(param.Description, "Supported operators")
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || strings.HasPrefix(cells[1], "-") || cells[1] == "Field" || strings.Contains(cells[1], "`") {
			continue
		}
		fields = append(fields, cells[1])
		if cells[1] == "action" {
			for _, v := range strings.Split(cells[3], ",") {
				actions = append(actions, strings.Trim(strings.TrimSpace(v), "`"))
			}
		}
	}
	if got := slices.Sorted(maps.Keys(rule.names)); !slices.Equal(got, slices.Sorted(slices.Values(fields))) {
		t.Errorf("fields %v, the document lists %v", got, fields)
	}
	if !slices.Equal(slices.Sorted(slices.Values(actions)), slices.Sorted(slices.Values(responseTaskActions))) {
		t.Errorf("actions %v, the document lists %v", responseTaskActions, actions)
	}
}
