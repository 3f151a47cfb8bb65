package simulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// send sends method on path with body (JSON text, "" none) and the demo key
// unless an "Authorization" pair replaces it.
func (h *harness) send(method, path, body string, headers ...string) response {
	h.t.Helper()
	url := path
	if !strings.HasPrefix(path, "http") {
		url = h.srv.URL + path
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		h.t.Fatalf("request %s: %v", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// register registers a pipeline and returns its id (from Location).
func (h *harness) register(base, body string) string {
	h.t.Helper()
	r := h.send(http.MethodPost, "/v3.0/"+base, body)
	if r.status != http.StatusCreated {
		h.t.Fatalf("register %s: status %d: %s", body, r.status, r.body)
	}
	loc := r.header.Get("Location")
	id, ok := strings.CutPrefix(loc, h.srv.URL+"/v3.0/"+base+"/")
	if !ok {
		h.t.Fatalf("Location %q", loc)
	}
	return id
}

// apiErr decodes an error body.
func apiErr(t *testing.T, r response) errorDetail {
	t.Helper()
	var b errorBody
	if err := json.Unmarshal(r.body, &b); err != nil {
		t.Fatalf("not an error body: %s", r.body)
	}
	return b.Error
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

const oatBody = `{"riskLevels":["high","critical"],"hasDetail":true,"description":"siem-1"}`

func TestPipelineRegistration(t *testing.T) {
	view := MakeKey("view", t0.Add(time.Hour))
	manage := MakeKey("manage", t0.Add(time.Hour))
	other := MakeKey("other", t0.Add(time.Hour))
	keys := []APIKey{
		{Key: view, Roles: []Role{RoleOATPipeline, RoleDatalakePipeline}},
		{Key: manage, Roles: []Role{RoleOATPipelineManage, RoleDatalakePipelineManage}},
		{Key: other, Roles: []Role{RoleAudit, RoleWorkbench}},
	}
	long := strings.Repeat("é", maxDescriptionLen+1)
	tests := []struct {
		name    string
		base    string
		key     string // "" the demo key
		body    string
		first   string // registered before, with the demo key
		status  int
		code    string // error.code
		target  string
		inner   string // innererror.code
		setting func(t *testing.T, h *harness, id string)
	}{
		{name: "OAT", base: "oat/dataPipelines", body: oatBody, status: 201, setting: func(t *testing.T, h *harness, id string) {
			assertJSONEqual(t, []byte(`{"riskLevels":["high","critical"],"hasDetail":true,"registeredDateTime":"2024-05-14T12:00:00Z","description":"siem-1"}`),
				h.get("/v3.0/oat/dataPipelines/"+id).body)
		}},
		{name: "OAT without description", base: "oat/dataPipelines", body: `{"riskLevels":["info","info"],"hasDetail":false,"description":null}`, status: 201,
			setting: func(t *testing.T, h *harness, id string) {
				assertJSONEqual(t, []byte(`{"riskLevels":["info"],"hasDetail":false,"registeredDateTime":"2024-05-14T12:00:00Z"}`),
					h.get("/v3.0/oat/dataPipelines/"+id).body)
			}},
		{name: "OAT with the manage role", base: "oat/dataPipelines", key: manage, body: oatBody, status: 201},
		{name: "OAT twice", base: "oat/dataPipelines", first: oatBody, body: oatBody, status: 400, code: "NotSupported"},
		{name: "OAT view only", base: "oat/dataPipelines", key: view, body: oatBody, status: 403, code: "AccessDenied"},
		{name: "OAT without pipeline roles", base: "oat/dataPipelines", key: other, body: oatBody, status: 403, code: "AccessDenied"},
		{name: "OAT no riskLevels", base: "oat/dataPipelines", body: `{"hasDetail":true}`, status: 400, code: "BadRequest", target: "riskLevels", inner: innerMissing},
		{name: "OAT no hasDetail", base: "oat/dataPipelines", body: `{"riskLevels":["low"]}`, status: 400, code: "BadRequest", target: "hasDetail", inner: innerMissing},
		{name: "OAT no levels", base: "oat/dataPipelines", body: `{"riskLevels":[],"hasDetail":true}`, status: 400, code: "BadRequest", target: "riskLevels", inner: innerInvalid},
		{name: "OAT bad level", base: "oat/dataPipelines", body: `{"riskLevels":["severe"],"hasDetail":true}`, status: 400, code: "BadRequest", target: "riskLevels", inner: innerInvalid},
		{name: "OAT levels not a list", base: "oat/dataPipelines", body: `{"riskLevels":"high","hasDetail":true}`, status: 400, code: "BadRequest", target: "riskLevels", inner: innerInvalid},
		{name: "OAT long description", base: "oat/dataPipelines", body: `{"riskLevels":["low"],"hasDetail":true,"description":"` + long + `"}`, status: 400, code: "BadRequest", target: "description", inner: innerInvalid},
		{name: "OAT description at the cap", base: "oat/dataPipelines", body: `{"riskLevels":["low"],"hasDetail":true,"description":"` + long[2:] + `"}`, status: 201},
		{name: "OAT unknown member", base: "oat/dataPipelines", body: `{"riskLevels":["low"],"hasDetail":true,"riskLevel":"low"}`, status: 400, code: "BadRequest", target: "riskLevel", inner: innerInvalid},
		{name: "OAT not JSON", base: "oat/dataPipelines", body: `riskLevels=low`, status: 400, code: "BadRequest", inner: innerInvalid},
		{name: "OAT two values", base: "oat/dataPipelines", body: oatBody + oatBody, status: 400, code: "BadRequest", inner: innerInvalid},
		{name: "OAT no body", base: "oat/dataPipelines", status: 400, code: "BadRequest"},

		{name: "telemetry", base: "datalake/dataPipelines", body: `{"type":"telemetry","subType":["endpointActivity","cloudActivity"],"description":"d"}`, status: 201,
			setting: func(t *testing.T, h *harness, id string) {
				assertJSONEqual(t, []byte(`{"id":"`+id+`","type":"telemetry","subType":["endpointActivity","cloudActivity"],"createdDateTime":"2024-05-14T12:00:00Z","description":"d"}`),
					h.get("/v3.0/datalake/dataPipelines/"+id).body)
			}},
		{name: "telemetry of all", base: "datalake/dataPipelines", body: `{"type":"telemetry"}`, status: 201,
			setting: func(t *testing.T, h *harness, id string) {
				// The list shows the subType as set (its default "all"); GET
				// {id}, whose enum lacks "all", lists the seven.
				assertJSONEqual(t, []byte(`{"items":[{"id":"`+id+`","type":"telemetry","subType":["all"],"createdDateTime":"2024-05-14T12:00:00Z"}],"count":1}`),
					h.get("/v3.0/datalake/dataPipelines").body)
				assertJSONEqual(t, []byte(`{"id":"`+id+`","type":"telemetry","subType":["endpointActivity","cloudActivity","emailActivity","mobileActivity","networkActivity","containerActivity","identityActivity"],"createdDateTime":"2024-05-14T12:00:00Z"}`),
					h.get("/v3.0/datalake/dataPipelines/"+id).body)
			}},
		{name: "detection", base: "datalake/dataPipelines", body: `{"type":"detection","description":"x"}`, status: 201},
		{name: "several Data Lake pipelines", base: "datalake/dataPipelines", first: `{"type":"detection"}`, body: `{"type":"detection"}`, status: 201,
			setting: func(t *testing.T, h *harness, id string) {
				if n := len(decodePage(t, h.get("/v3.0/datalake/dataPipelines")).Items); n != 2 {
					t.Fatalf("%d pipelines listed, want 2", n)
				}
			}},
		{name: "detection with subType", base: "datalake/dataPipelines", body: `{"type":"detection","subType":["all"]}`, status: 400, code: "BadRequest", inner: innerInvalid},
		{name: "no type", base: "datalake/dataPipelines", body: `{"subType":["all"]}`, status: 400, code: "BadRequest", inner: innerInvalid},
		{name: "bad type", base: "datalake/dataPipelines", body: `{"type":"activity"}`, status: 400, code: "BadRequest", inner: innerInvalid},
		{name: "bad subType", base: "datalake/dataPipelines", body: `{"type":"telemetry","subType":["fileActivity"]}`, status: 400, code: "BadRequest", inner: innerInvalid},
		{name: "Data Lake view only", base: "datalake/dataPipelines", key: view, body: `{"type":"detection"}`, status: 403, code: "AccessDenied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{Keys: keys})
			if tt.first != "" {
				h.register(tt.base, tt.first)
			}
			var headers []string
			if tt.key != "" {
				headers = []string{"Authorization", "Bearer " + tt.key}
			}
			r := h.send(http.MethodPost, "/v3.0/"+tt.base, tt.body, headers...)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status != http.StatusCreated {
				e := apiErr(t, r)
				inner := ""
				if e.InnerError != nil {
					inner = e.InnerError.Code
				}
				if e.Code != tt.code || e.Target != tt.target || (tt.inner != "" && inner != tt.inner) {
					t.Fatalf("error %s target %q innererror %q, want %s %q %q: %s", e.Code, e.Target, inner, tt.code, tt.target, tt.inner, r.body)
				}
				if r.header.Get("Location") != "" {
					t.Fatal("a rejected registration has a Location")
				}
				return
			}
			if len(r.body) != 0 {
				t.Errorf("201 with a body: %s", r.body)
			}
			loc := r.header.Get("Location")
			id, ok := strings.CutPrefix(loc, h.srv.URL+"/v3.0/"+tt.base+"/")
			if !ok || !uuidRE.MatchString(id) {
				t.Fatalf("Location %q: want %s/v3.0/%s/<uuid>", loc, h.srv.URL, tt.base)
			}
			if got := h.get(loc); got.status != http.StatusOK {
				t.Fatalf("GET Location: %d %s", got.status, got.body)
			}
			if tt.setting != nil {
				tt.setting(t, h, id)
			}
		})
	}
}

// With PipelineNoLocation a 201 has no Location: the pipeline is found by
// listing them and matching the description.
func TestPipelineNoLocation(t *testing.T) {
	for _, noLocation := range []bool{false, true} {
		h := newHarness(t, Options{PipelineNoLocation: noLocation})
		for _, base := range []string{"oat/dataPipelines", "datalake/dataPipelines"} {
			body := oatBody
			if base != "oat/dataPipelines" {
				body = `{"type":"detection","description":"siem-1"}`
			}
			r := h.send(http.MethodPost, "/v3.0/"+base, body)
			if r.status != http.StatusCreated || (r.header.Get("Location") == "") != noLocation {
				t.Fatalf("%s, no location %v: status %d, Location %q", base, noLocation, r.status, r.header.Get("Location"))
			}
			items := decodePage(t, h.get("/v3.0/"+base)).Items
			if len(items) != 1 || items[0]["description"] != "siem-1" || !uuidRE.MatchString(items[0]["id"].(string)) {
				t.Fatalf("%s list: %v", base, items)
			}
			if loc := r.header.Get("Location"); loc != "" && !strings.HasSuffix(loc, "/"+items[0]["id"].(string)) {
				t.Fatalf("Location %s is not the listed pipeline %v", loc, items[0]["id"])
			}
		}
	}
}

// A pipeline's life: listed, read with an ETag, modified (If-Match
// guarded for OAT), deleted by a 207 that reports each id, then gone; a new
// OAT pipeline can then be registered.
func TestPipelineLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	oat := h.register("oat/dataPipelines", oatBody)
	dl := h.register("datalake/dataPipelines", `{"type":"telemetry","subType":["emailActivity"]}`)

	list := h.get("/v3.0/oat/dataPipelines")
	assertJSONEqual(t, []byte(`{"items":[{"id":"`+oat+`","riskLevels":["high","critical"],"hasDetail":true,"registeredDateTime":"2024-05-14T12:00:00Z","description":"siem-1"}],"count":1}`), list.body)

	get := h.get("/v3.0/oat/dataPipelines/" + oat)
	etag := get.header.Get("ETag")
	if !regexp.MustCompile(`^0x[0-9A-F]{15}$`).MatchString(etag) {
		t.Fatalf("ETag %q", etag)
	}
	tests := []struct {
		name, path, body string
		headers          []string
		status           int
		code, target     string
	}{
		{"stale If-Match", "oat/dataPipelines/" + oat, `{"hasDetail":false}`, []string{"If-Match", "0x000000000000000"}, 412, "ConditionNotMet", ""},
		{"bad level", "oat/dataPipelines/" + oat, `{"riskLevels":["urgent"]}`, nil, 400, "BadRequest", "riskLevels"},
		{"no levels", "oat/dataPipelines/" + oat, `{"riskLevels":[]}`, nil, 400, "BadRequest", "riskLevels"},
		{"unknown member", "oat/dataPipelines/" + oat, `{"type":"detection"}`, nil, 400, "BadRequest", "type"},
		{"unknown OAT pipeline", "oat/dataPipelines/" + dl, `{"hasDetail":false}`, nil, 404, "NotFound", ""},
		{"subType on detection", "datalake/dataPipelines/" + dl, `{"type":"detection","subType":["all"]}`, nil, 400, "BadRequest", "subType"},
		{"bad type", "datalake/dataPipelines/" + dl, `{"type":"logs"}`, nil, 400, "BadRequest", "type"},
		{"unknown Data Lake pipeline", "datalake/dataPipelines/" + oat, `{"type":"detection"}`, nil, 404, "NotFound", ""},
		{"OAT change", "oat/dataPipelines/" + oat, `{"riskLevels":["low"],"hasDetail":false}`, []string{"If-Match", etag}, 204, "", ""},
		{"Data Lake change", "datalake/dataPipelines/" + dl, `{"subType":["networkActivity","emailActivity"],"description":"two"}`, nil, 204, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.send(http.MethodPatch, "/v3.0/"+tt.path, tt.body, tt.headers...)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status == http.StatusNoContent {
				if len(r.body) != 0 {
					t.Fatalf("204 with a body %s", r.body)
				}
				return
			}
			if e := apiErr(t, r); e.Code != tt.code || e.Target != tt.target {
				t.Fatalf("error %s target %q, want %s %q", e.Code, e.Target, tt.code, tt.target)
			}
		})
	}
	after := h.get("/v3.0/oat/dataPipelines/" + oat)
	assertJSONEqual(t, []byte(`{"riskLevels":["low"],"hasDetail":false,"registeredDateTime":"2024-05-14T12:00:00Z","description":"siem-1"}`), after.body)
	if e := after.header.Get("ETag"); e == etag || e == "" {
		t.Fatalf("ETag %q after a change (was %q)", e, etag)
	}
	assertJSONEqual(t, []byte(`{"id":"`+dl+`","type":"telemetry","subType":["networkActivity","emailActivity"],"createdDateTime":"2024-05-14T12:00:00Z","description":"two"}`),
		h.get("/v3.0/datalake/dataPipelines/"+dl).body)

	del := h.send(http.MethodPost, "/v3.0/oat/dataPipelines/delete", `[{"id":"`+oat+`"},{"id":"`+dl+`"}]`)
	if del.status != http.StatusMultiStatus {
		t.Fatalf("delete: %d %s", del.status, del.body)
	}
	assertJSONEqual(t, []byte(`[{"status":204},{"status":404,"body":{"code":"NotFound","message":"Verify that the specified data pipeline exists and try again."}}]`), del.body)
	for _, path := range []string{"oat/dataPipelines/" + oat, "oat/dataPipelines/" + oat + "/packages"} {
		if r := h.get("/v3.0/" + path); r.status != http.StatusNotFound {
			t.Fatalf("%s after delete: %d %s", path, r.status, r.body)
		}
	}
	assertJSONEqual(t, []byte(`{"items":[],"count":0}`), h.get("/v3.0/oat/dataPipelines").body)
	if again := h.register("oat/dataPipelines", oatBody); again == oat {
		t.Fatal("a new pipeline got the deleted one's id")
	}
	for _, body := range []string{`{"id":"x"}`, `[{"name":"x"}]`, `nope`} {
		if r := h.send(http.MethodPost, "/v3.0/datalake/dataPipelines/delete", body); r.status != http.StatusBadRequest {
			t.Fatalf("delete %s: %d %s", body, r.status, r.body)
		}
	}
}

// The routes: each method where the document has it, 405 (with Allow)
// elsewhere, 404 for paths it does not have; the pipeline endpoints name
// themselves in the stats.
func TestPipelineRoutes(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.register("oat/dataPipelines", oatBody)
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "oat/dataPipelines", 200, ""},
		{"PUT", "oat/dataPipelines", 405, "GET, POST"},
		{"DELETE", "oat/dataPipelines/" + id, 405, "GET, PATCH"},
		{"GET", "oat/dataPipelines/delete", 405, "POST"},
		{"POST", "oat/dataPipelines/" + id + "/packages", 405, "GET"},
		{"PATCH", "datalake/dataPipelines/" + id + "/packages/x", 405, "GET"},
		{"GET", "oat/dataPipelines/", 404, ""},
		{"GET", "oat/dataPipelines//packages", 404, ""},
		{"GET", "oat/dataPipelines/" + id + "/package", 404, ""},
		{"GET", "oat/dataPipelines/" + id + "/packages/x/y", 404, ""},
		{"GET", "oat/dataPipelinesX", 404, ""},
		{"GET", "datalake/dataPipelines/" + id, 404, ""}, // an OAT pipeline is no Data Lake one
	}
	for _, tt := range tests {
		r := h.send(tt.method, "/v3.0/"+tt.path, "")
		if r.status != tt.status || r.header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.path, r.status, r.header.Get("Allow"), tt.status, tt.allow)
		}
	}
	got := h.sim.Stats().Requests[DemoKeySubject]
	for _, ep := range []string{"oat/dataPipelines", "oat/dataPipelines/packages", "datalake/dataPipelines/packages/{packageId}", "datalake/dataPipelines"} {
		if len(got[ep]) == 0 {
			t.Errorf("no stats for %s: %v", ep, got)
		}
	}
}

// A manage role includes its view role; the demo key and "all" have every
// pipeline role.
func TestPipelineRoles(t *testing.T) {
	roles, err := parseRoles("all")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []Role{RoleOATPipeline, RoleOATPipelineManage, RoleDatalakePipeline, RoleDatalakePipelineManage} {
		if !slices.Contains(roles, r) {
			t.Errorf("all lacks %s", r)
		}
		if _, err := parseRoles(string(r)); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
	k := APIKey{Roles: []Role{RoleOATPipelineManage}}
	if !k.has(RoleOATPipeline) || !k.has(RoleOATPipelineManage) || k.has(RoleDatalakePipeline) || k.has(RoleOAT) {
		t.Errorf("manage role: %+v", k)
	}
	if v := (APIKey{Roles: []Role{RoleOATPipeline}}); v.has(RoleOATPipelineManage) {
		t.Error("the view role includes manage")
	}
	// As the document has it, the OAT and Search permissions take their
	// pipelines, registration included.
	for feed, pipe := range map[Role]Role{RoleOAT: RoleOATPipelineManage, RoleSearch: RoleDatalakePipelineManage} {
		if k := (APIKey{Roles: []Role{feed}}); !k.has(pipe) || !k.has(roleIncludes[pipe]) {
			t.Errorf("%s does not include %s", feed, pipe)
		}
	}
	h := newHarness(t, Options{})
	for _, base := range []string{"oat/dataPipelines", "datalake/dataPipelines"} {
		if r := h.send(http.MethodGet, "/v3.0/"+base, ""); r.status != http.StatusOK {
			t.Errorf("demo key on %s: %d", base, r.status)
		}
	}
	if r := h.send(http.MethodPost, "/v3.0/oat/dataPipelines", oatBody); r.status != http.StatusCreated || !bytes.Equal(r.body, nil) {
		t.Errorf("demo key registers: %d %s", r.status, r.body)
	}
}
