package simulator

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// TestSamplePagesMatchOpenAPISpec validates every sample page of the
// module's testdata/samples (`<group>_<endpoint>_page….json`, e.g.
// workbench_alerts_first_page.json, oat_detections_page_last.json) against
// the 200 schema of GET /v3.0/<group>/<endpoint> in the extract, as the
// simulator's own pages are (spec_test.go): the receiver's golden tests read
// these samples, so they must be pages the API can send.
func TestSamplePagesMatchOpenAPISpec(t *testing.T) {
	doc := loadSpec(t)
	names, err := filepath.Glob(filepath.Join("..", "testdata", "samples", "*_page*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 10 {
		t.Fatalf("only %d sample pages", len(names))
	}
	for _, name := range names {
		base := filepath.Base(name)
		t.Run(base, func(t *testing.T) {
			endpoint, ok := sampleEndpoint(base)
			if !ok || doc.Paths.Find("/v3.0/"+endpoint) == nil {
				t.Fatalf("%s names no endpoint of the extract (want <group>_<endpoint>_page….json)", base)
			}
			body, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			v := specValidator{doc: doc, endpoint: endpoint}
			if quirks, ok := sampleQuirks[base]; ok {
				v.validate(t, http.StatusOK, body) // the envelope; the details below
				if got := oatDetailErrors(t, doc, body); !slices.Equal(got, quirks) {
					t.Fatalf("detail schema errors at %v, want exactly the sample's real-world shapes %v", got, quirks)
				}
				return
			}
			v.page(t, body)
		})
	}
}

// sampleQuirks are the OAT samples that show, on purpose, real-world
// detail shapes the document's detail schemas refuse (README, "Conformance
// to the OpenAPI document", and Options.Quirks): the paths, within a
// detail, of exactly the schema errors each must have. Everything else of
// them must match.
var sampleQuirks = map[string][]string{
	// eventTime an epoch-millisecond string; a detections detail as the
	// search source renders it (cat a number, processSigner an array) with
	// an actResult outside the enum.
	"oat_detections_page.json":      {"/actResult/0", "/cat", "/eventTime", "/processSigner"},
	"oat_detections_page_last.json": {"/eventTime"},
}

// oatDetailErrors lists, sorted and once each, the paths of the schema
// errors of an OAT page's details, each against the schema of its source.
func oatDetailErrors(t *testing.T, doc *openapi3.T, body []byte) []string {
	t.Helper()
	bySource := map[string]*openapi3.Schema{}
	for _, ref := range itemSchema(t, doc, string(gen.OAT)).Properties["detail"].Value.AnyOf {
		bySource[strings.TrimPrefix(ref.Ref, "#/components/schemas/ath-")] = ref.Value
	}
	paths := map[string]bool{}
	for _, it := range decodeJSON(t, body).(map[string]any)["items"].([]any) {
		it := it.(map[string]any)
		schema := bySource[fmt.Sprint(it["source"])]
		if schema == nil {
			t.Fatalf("no detail schema for source %v", it["source"])
		}
		err := schema.VisitJSON(it["detail"], openapi3.VisitAsResponse(), openapi3.MultiErrors())
		var multi openapi3.MultiError
		if errors.As(err, &multi) {
			for _, e := range multi {
				var se *openapi3.SchemaError
				if errors.As(e, &se) {
					paths["/"+strings.Join(se.JSONPointer(), "/")] = true
				}
			}
		} else if err != nil {
			t.Fatalf("detail: %v", err)
		}
	}
	return slices.Sorted(maps.Keys(paths))
}

// sampleEndpoint maps a sample's file name to its endpoint's path under
// /v3.0: the endpoints are two segments, the name's first two words.
func sampleEndpoint(name string) (string, bool) {
	words := strings.SplitN(name, "_", 3)
	if len(words) < 3 || !strings.HasPrefix(words[2], "page") && !strings.Contains(words[2], "_page") {
		return "", false
	}
	return words[0] + "/" + words[1], true
}

func TestSampleEndpoint(t *testing.T) {
	tests := map[string]string{
		"workbench_alerts_first_page.json":                     "workbench/alerts",
		"oat_detections_page_last.json":                        "oat/detections",
		"search_endpointActivities_page.json":                  "search/endpointActivities",
		"containerSecurity_kubernetesAuditEventLogs_page.json": "containerSecurity/kubernetesAuditEventLogs",
		"asrm_accountCompromiseIndicators_page.json":           "asrm/accountCompromiseIndicators",
		"workbench_alerts_spec_example.json":                   "",
		"search_detections_countonly.json":                     "",
	}
	for name, want := range tests {
		if got, ok := sampleEndpoint(name); got != want || ok != (want != "") {
			t.Errorf("%s: %q, %v; want %q", name, got, ok, want)
		}
	}
}
