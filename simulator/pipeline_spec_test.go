package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// The data pipeline endpoints against Trend's OpenAPI document for v3.0
// (the extract in testdata/openapi holds every operation of
// /v3.0/{oat,datalake}/dataPipelines*): every JSON answer and error body
// against its operation's schema for that status, the documented headers,
// and the request bodies the simulator accepts against the request schemas.

// repairResponseRefs works around a defect of the document: the package
// endpoints' 403 is `{"$ref": "#/components/schemas/ath-custom403Error"}`,
// a response object filed among the schemas, which no loader resolves as a
// response. The object is moved to components/responses and the references
// follow it (in the test only; TestPipeline403RefDefect pins the defect).
func repairResponseRefs(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	components, _ := doc["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)
	responses, _ := components["responses"].(map[string]any)
	if responses == nil {
		responses = map[string]any{}
		components["responses"] = responses
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, item := range paths {
		for _, op := range item.(map[string]any) {
			opm, ok := op.(map[string]any)
			if !ok {
				continue
			}
			byStatus, _ := opm["responses"].(map[string]any)
			for _, resp := range byStatus {
				rm := resp.(map[string]any)
				name, misfiled := strings.CutPrefix(fmt.Sprint(rm["$ref"]), "#/components/schemas/")
				if !misfiled {
					continue
				}
				target, _ := schemas[name].(map[string]any)
				if target == nil {
					target, _ = responses[name].(map[string]any) // moved already
				}
				if _, isResponse := target["content"]; !isResponse {
					return nil, fmt.Errorf("response $ref %q names a schema that is no response object", rm["$ref"])
				}
				responses[name] = target
				delete(schemas, name) // no schema refers to it: it is no schema
				rm["$ref"] = "#/components/responses/" + name
			}
		}
	}
	return json.Marshal(doc)
}

// TestPipeline403RefDefect: the extract, as copied, still files the 403
// response among the schemas. Should a newer document fix it, this fails
// and repairResponseRefs can go.
func TestPipeline403RefDefect(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "openapi", "visionone-v3.0-logs.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(`"$ref": "#/components/schemas/ath-custom403Error"`)) {
		t.Fatal("the 403 of the package endpoints no longer refers to a schema: drop repairResponseRefs")
	}
	if _, err := openapi3.NewLoader().LoadFromData(raw); err == nil || !strings.Contains(err.Error(), "ath-custom403Error") {
		t.Fatalf("loading the unrepaired extract: %v; want the misfiled 403", err)
	}
}

// operationOf is an operation of the extract.
func operationOf(t testing.TB, doc *openapi3.T, method, path string) *openapi3.Operation {
	t.Helper()
	item := doc.Paths.Find(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("the OpenAPI document has no %s %s", method, path)
	}
	return item.GetOperation(method)
}

// validateAnswer checks an answer against its operation's response for the
// status: the JSON body against the schema (if the response has one), each
// required header present and of its schema. It fails if the document has
// no response for the status.
func validateAnswer(t *testing.T, doc *openapi3.T, method, path string, r response) {
	t.Helper()
	resp := operationOf(t, doc, method, path).Responses.Status(r.status)
	if resp == nil || resp.Value == nil {
		t.Fatalf("%s %s: the document has no %d response (body %s)", method, path, r.status, r.body)
	}
	for name, hdr := range resp.Value.Headers {
		v := r.header.Get(name)
		if v == "" {
			if hdr.Value.Required {
				t.Errorf("%s %s %d: no %s header", method, path, r.status, name)
			}
			continue
		}
		var value any = v
		if hdr.Value.Schema.Value.Type.Is("integer") {
			value = json.Number(v)
		}
		if err := hdr.Value.Schema.Value.VisitJSON(value, visitOpts...); err != nil {
			t.Errorf("%s %s %d: header %s %q: %v", method, path, r.status, name, v, err)
		}
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil {
		if len(r.body) != 0 && resp.Value.Content.Get("text/plain") == nil {
			t.Errorf("%s %s %d: a body where the document has none: %s", method, path, r.status, r.body)
		}
		return
	}
	if err := mt.Schema.Value.VisitJSON(decodeJSON(t, r.body), visitOpts...); err != nil {
		t.Fatalf("%s %s %d body does not match the OpenAPI schema:\n%s\nbody: %.2000s", method, path, r.status, firstLines(err, 40), r.body)
	}
}

// TestPipelineAnswersMatchOpenAPISpec provokes every answer of every
// pipeline operation the document describes (200, 201, 204, 207 and the
// 400, 403, 404, 412 and 500 bodies) and validates it.
func TestPipelineAnswersMatchOpenAPISpec(t *testing.T) {
	doc := loadSpec(t)
	view := MakeKey("view", t0.Add(time.Hour))
	noRoles := MakeKey("none", t0.Add(time.Hour))
	h := newHarness(t, Options{Keys: []APIKey{
		{Key: view, Roles: []Role{RoleOATPipeline, RoleDatalakePipeline}},
		{Key: noRoles, Roles: []Role{RoleAudit}},
	}, PackageInterval: time.Minute})
	oat := h.register("oat/dataPipelines", oatBody)
	tel := h.register("datalake/dataPipelines", `{"type":"telemetry","subType":["endpointActivity"],"description":"t"}`)
	det := h.register("datalake/dataPipelines", `{"type":"detection"}`)
	h.register("datalake/dataPipelines", `{"type":"telemetry"}`)
	asView := []string{"Authorization", "Bearer " + view}
	asNone := []string{"Authorization", "Bearer " + noRoles}
	pkgOf := func(base, id string) string {
		p := decodePackageList(t, h.get("/v3.0/"+base+"/"+id+"/packages"))
		if len(p.Items) == 0 {
			t.Fatalf("%s %s: no packages", base, id)
		}
		return p.Items[0].ID
	}
	oatPkg, telPkg := pkgOf("oat/dataPipelines", oat), pkgOf("datalake/dataPipelines", tel)
	old := "?startDateTime=" + fmtTime(t0.Add(-8*24*time.Hour))
	internal := func(ep string) *Fault { return &Fault{Kind: FaultStatus, Status: 500, Endpoint: ep, Count: 1} }

	type call struct {
		name, method, spec, path, body string
		headers                        []string
		fault                          *Fault
		status                         int
	}
	var calls []call
	for _, a := range []struct {
		base, id, pkg string
		create, bad   string
		patch, badPat string
	}{
		{"oat/dataPipelines", oat, oatPkg, oatBody, `{"riskLevels":[]}`, `{"description":"new"}`, `{"hasDetail":"yes"}`},
		{"datalake/dataPipelines", tel, telPkg, `{"type":"detection"}`, `{"type":"x"}`, `{"description":"new"}`, `{"type":"x"}`},
	} {
		col, one, del := "/v3.0/"+a.base, "/v3.0/"+a.base+"/{id}", "/v3.0/"+a.base+"/delete"
		pkgs, pkg := one+"/packages", one+"/packages/{packageId}"
		calls = append(calls,
			call{"list", "GET", col, a.base, "", nil, nil, 200},
			call{"list 500", "GET", col, a.base, "", nil, internal(a.base), 500},
			call{"bad registration", "POST", col, a.base, a.bad, nil, nil, 400},
			call{"registration 500", "POST", col, a.base, a.create, nil, internal(a.base), 500},
			call{"get", "GET", one, a.base + "/" + a.id, "", nil, nil, 200},
			call{"get 404", "GET", one, a.base + "/" + det[:8] + "-0000-4000-8000-000000000000", "", nil, nil, 404},
			call{"get 500", "GET", one, a.base + "/" + a.id, "", nil, internal(a.base), 500},
			call{"bad change", "PATCH", one, a.base + "/" + a.id, a.badPat, nil, nil, 400},
			call{"change 404", "PATCH", one, a.base + "/nope", a.patch, nil, nil, 404},
			call{"change 500", "PATCH", one, a.base + "/" + a.id, a.patch, nil, internal(a.base), 500},
			call{"change", "PATCH", one, a.base + "/" + a.id, a.patch, nil, nil, 204},
			call{"delete 207", "POST", del, a.base + "/delete", `[{"id":"nope"}]`, nil, nil, 207},
			call{"delete 500", "POST", del, a.base + "/delete", `[{"id":"nope"}]`, nil, internal(a.base), 500},
			call{"packages", "GET", pkgs, a.base + "/" + a.id + "/packages?top=50&startDateTime=" + fmtTime(t0.Add(-time.Hour)), "", nil, nil, 200},
			call{"no packages", "GET", pkgs, a.base + "/" + a.id + "/packages?endDateTime=" + fmtTime(t0.Add(-14*time.Minute)), "", nil, nil, 200},
			call{"packages out of retention", "GET", pkgs, a.base + "/" + a.id + "/packages" + old, "", nil, nil, 400},
			call{"packages bad top", "GET", pkgs, a.base + "/" + a.id + "/packages?top=10", "", nil, nil, 400},
			call{"packages bad token", "GET", pkgs, a.base + "/" + a.id + "/packages?skipToken=x", "", nil, nil, 400},
			call{"packages 403", "GET", pkgs, a.base + "/" + a.id + "/packages", "", asNone, nil, 403},
			call{"packages 404", "GET", pkgs, a.base + "/nope/packages", "", nil, nil, 404},
			call{"packages 500", "GET", pkgs, a.base + "/" + a.id + "/packages", "", nil, internal(a.base + "/packages"), 500},
			call{"package", "GET", pkg, a.base + "/" + a.id + "/packages/" + a.pkg, "", nil, nil, 200},
			call{"package 403", "GET", pkg, a.base + "/" + a.id + "/packages/" + a.pkg, "", asNone, nil, 403},
			call{"package 404", "GET", pkg, a.base + "/" + a.id + "/packages/2024051412-" + a.id, "", nil, nil, 404},
			call{"package gone", "GET", pkg, a.base + "/" + a.id + "/packages/" + a.pkg, "", nil, &Fault{Kind: FaultGone, Endpoint: a.base + "/packages/{packageId}", Count: 1}, 404},
			call{"package 500", "GET", pkg, a.base + "/" + a.id + "/packages/" + a.pkg, "", nil, internal(a.base + "/packages/{packageId}"), 500},
		)
	}
	calls = append(calls,
		call{"stale If-Match", "PATCH", "/v3.0/oat/dataPipelines/{id}", "oat/dataPipelines/" + oat, `{"hasDetail":false}`, []string{"If-Match", "0x1"}, nil, 412},
		call{"second OAT pipeline", "POST", "/v3.0/oat/dataPipelines", "oat/dataPipelines", oatBody, nil, nil, 400},
		call{"Data Lake registration 403", "POST", "/v3.0/datalake/dataPipelines", "datalake/dataPipelines", `{"type":"detection"}`, asView, nil, 403},
		call{"bad Data Lake delete", "POST", "/v3.0/datalake/dataPipelines/delete", "datalake/dataPipelines/delete", `{}`, nil, nil, 400},
		call{"detection package list", "GET", "/v3.0/datalake/dataPipelines/{id}/packages", "datalake/dataPipelines/" + det + "/packages", "", nil, nil, 200},
		call{"Data Lake registration", "POST", "/v3.0/datalake/dataPipelines", "datalake/dataPipelines", `{"type":"telemetry","subType":["all"]}`, nil, nil, 201},
		call{"get of all sub types", "GET", "/v3.0/datalake/dataPipelines/{id}", "datalake/dataPipelines/" + det, "", nil, nil, 200},
		call{"list of all sub types", "GET", "/v3.0/datalake/dataPipelines", "datalake/dataPipelines", "", nil, nil, 200},
		call{"delete", "POST", "/v3.0/datalake/dataPipelines/delete", "datalake/dataPipelines/delete", `[{"id":"` + det + `"}]`, nil, nil, 207},
		call{"OAT delete", "POST", "/v3.0/oat/dataPipelines/delete", "oat/dataPipelines/delete", `[{"id":"` + oat + `"}]`, nil, nil, 207},
		call{"OAT registration", "POST", "/v3.0/oat/dataPipelines", "oat/dataPipelines", oatBody, nil, nil, 201},
	)
	covered := map[string]bool{}
	for _, c := range calls {
		t.Run(c.method+" "+c.spec+"/"+c.name, func(t *testing.T) {
			if c.fault != nil {
				if err := h.sim.SetFaults(*c.fault); err != nil {
					t.Fatal(err)
				}
				defer h.sim.ClearFaults()
			}
			r := h.send(c.method, "/v3.0/"+c.path, c.body, c.headers...)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			validateAnswer(t, doc, c.method, c.spec, r)
			covered[fmt.Sprintf("%s %s %d", c.method, c.spec, c.status)] = true
		})
	}
	// Every response the document gives these operations was provoked.
	for _, path := range []string{"/v3.0/oat/dataPipelines", "/v3.0/oat/dataPipelines/{id}", "/v3.0/oat/dataPipelines/delete",
		"/v3.0/oat/dataPipelines/{id}/packages", "/v3.0/oat/dataPipelines/{id}/packages/{packageId}",
		"/v3.0/datalake/dataPipelines", "/v3.0/datalake/dataPipelines/{id}", "/v3.0/datalake/dataPipelines/delete",
		"/v3.0/datalake/dataPipelines/{id}/packages", "/v3.0/datalake/dataPipelines/{id}/packages/{packageId}"} {
		for method, op := range doc.Paths.Find(path).Operations() {
			for status := range op.Responses.Map() {
				if !covered[method+" "+path+" "+status] && !undocumentedAnswer[method+" "+path+" "+status] {
					t.Errorf("%s %s %s is never answered", method, path, status)
				}
			}
		}
	}
}

// undocumentedAnswer lists the responses of the document the simulator
// never gives: a 400 on GET of a pipeline and on a package download (an
// unknown or malformed id is a 404; the document's TaskError, "No content
// found", has no case: an empty package is an empty gzip).
var undocumentedAnswer = map[string]bool{
	"GET /v3.0/oat/dataPipelines/{id} 400":                           true,
	"GET /v3.0/oat/dataPipelines/{id}/packages/{packageId} 400":      true,
	"GET /v3.0/datalake/dataPipelines/{id}/packages/{packageId} 400": true,
}

// TestPipelineRequestBodiesMatchOpenAPISpec: a body the simulator accepts
// matches the operation's request schema, and one the schema refuses is
// refused; where the simulator is stricter than the schema (the document
// says so in prose, or it is a choice: README) the row says why.
func TestPipelineRequestBodiesMatchOpenAPISpec(t *testing.T) {
	doc := loadSpec(t)
	tests := []struct {
		method, spec, body string
		schemaOK, accepted bool
		why                string // when they differ
	}{
		{"POST", "/v3.0/oat/dataPipelines", oatBody, true, true, ""},
		{"POST", "/v3.0/oat/dataPipelines", `{"riskLevels":["info","low","medium","high","critical"],"hasDetail":false}`, true, true, ""},
		{"POST", "/v3.0/oat/dataPipelines", `{"riskLevels":["high"]}`, false, false, ""},
		{"POST", "/v3.0/oat/dataPipelines", `{"riskLevels":["major"],"hasDetail":true}`, false, false, ""},
		{"POST", "/v3.0/oat/dataPipelines", `{"riskLevels":["low"],"hasDetail":1}`, false, false, ""},
		{"POST", "/v3.0/oat/dataPipelines", `{"riskLevels":[],"hasDetail":true}`, true, false, "the description: at least one severity level"},
		{"POST", "/v3.0/oat/dataPipelines", `{"riskLevels":["low"],"hasDetail":true,"extra":1}`, true, false, "unknown members are refused"},
		{"PATCH", "/v3.0/oat/dataPipelines/{id}", `{"hasDetail":false}`, true, true, ""},
		{"PATCH", "/v3.0/oat/dataPipelines/{id}", `{}`, true, true, ""},
		{"PATCH", "/v3.0/oat/dataPipelines/{id}", `{"riskLevels":["x"]}`, false, false, ""},
		{"PATCH", "/v3.0/oat/dataPipelines/{id}", `{"description":"` + strings.Repeat("d", 4001) + `"}`, false, false, ""},
		{"POST", "/v3.0/oat/dataPipelines/delete", `[{"id":"8746fc45-6b9d-4923-b476-931aec6e06eb"}]`, true, true, ""},
		{"POST", "/v3.0/oat/dataPipelines/delete", `[{}]`, false, false, ""},
		{"POST", "/v3.0/datalake/dataPipelines", `{"type":"telemetry","subType":["endpointActivity","all"]}`, true, true, ""},
		{"POST", "/v3.0/datalake/dataPipelines", `{"type":"telemetry","subType":[]}`, true, true, ""},
		{"POST", "/v3.0/datalake/dataPipelines", `{"type":"detection","description":"d"}`, true, true, ""},
		{"POST", "/v3.0/datalake/dataPipelines", `{"type":"telemetry","subType":["logs"]}`, false, false, ""},
		{"POST", "/v3.0/datalake/dataPipelines", `{"type":"alerts"}`, false, false, ""},
		{"POST", "/v3.0/datalake/dataPipelines", `{"subType":["all"]}`, false, false, ""},
		{"POST", "/v3.0/datalake/dataPipelines", `{"type":"detection","subType":["all"]}`, true, false, "subType is for telemetry only: refused with detection"},
		{"PATCH", "/v3.0/datalake/dataPipelines/{id}", `{"subType":["cloudActivity"]}`, true, true, ""},
		{"PATCH", "/v3.0/datalake/dataPipelines/{id}", `{"type":"event"}`, false, false, ""},
		{"POST", "/v3.0/datalake/dataPipelines/delete", `[{"id":"8746fc45-6b9d-4923-b476-931aec6e06eb"}]`, true, true, ""},
		{"POST", "/v3.0/datalake/dataPipelines/delete", `{"id":"8746fc45-6b9d-4923-b476-931aec6e06eb"}`, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.spec+" "+tt.body[:min(len(tt.body), 60)], func(t *testing.T) {
			if (tt.schemaOK != tt.accepted) != (tt.why != "") {
				t.Fatal("a row whose schema validity and acceptance differ says why, and only such a row")
			}
			schema := operationOf(t, doc, tt.method, tt.spec).RequestBody.Value.Content.Get("application/json").Schema.Value
			err := schema.VisitJSON(decodeJSON(t, []byte(tt.body)), openapi3.VisitAsRequest(), openapi3.MultiErrors())
			if (err == nil) != tt.schemaOK {
				t.Fatalf("schema validation: %v, want valid %v", err, tt.schemaOK)
			}
			h := newHarness(t, Options{})
			path := strings.TrimPrefix(tt.spec, "/v3.0/")
			if strings.Contains(path, "{id}") {
				base := strings.TrimSuffix(path, "/{id}")
				create := oatBody
				if strings.HasPrefix(base, "datalake") {
					create = `{"type":"telemetry"}`
				}
				path = base + "/" + h.register(base, create)
			}
			r := h.send(tt.method, "/v3.0/"+path, tt.body)
			if accepted := r.status/100 == 2; accepted != tt.accepted {
				t.Fatalf("status %d, want accepted %v: %s", r.status, tt.accepted, r.body)
			}
		})
	}
}

// TestPipelineOpenAPIOperations: the extract holds every operation the
// simulator routes, each with the permission the README names.
func TestPipelineOpenAPIOperations(t *testing.T) {
	doc := loadSpec(t)
	for _, a := range pipelineAPIs {
		for _, op := range []struct{ method, path string }{
			{"GET", ""}, {"POST", ""}, {"POST", "/delete"}, {"GET", "/{id}"}, {"PATCH", "/{id}"},
			{"GET", "/{id}/packages"}, {"GET", "/{id}/packages/{packageId}"},
		} {
			o := operationOf(t, doc, op.method, "/v3.0/"+a.base+op.path)
			want := "Observed Attack Techniques"
			if !a.oat {
				want = "Search"
			}
			if !strings.Contains(o.Description, "<b>"+want+"</b>") || !strings.Contains(o.Description, "View, filter, and search") {
				t.Errorf("%s %s: the document's permission is no longer %s › View, filter, and search (README)", op.method, a.base+op.path, want)
			}
		}
	}
}
