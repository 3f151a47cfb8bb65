package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// The spec-validation tests check what the simulator serves against Trend's
// OpenAPI document for v3.0, as extracted into testdata/openapi (see its
// README): every page of every feed against the endpoint's 200 schema, and
// every documented error body against its status's schema.

var (
	specOnce sync.Once
	specDoc  *openapi3.T
	specErr  error
)

// loadSpec loads (once) and validates the extracted OpenAPI document.
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	specOnce.Do(func() {
		var raw []byte
		if raw, specErr = os.ReadFile(filepath.Join("testdata", "openapi", "visionone-v3.0-logs.json")); specErr != nil {
			return
		}
		if raw, specErr = repairTypes(raw); specErr != nil {
			return
		}
		if raw, specErr = repairResponseRefs(raw); specErr != nil { // pipeline_spec_test.go
			return
		}
		specDoc, specErr = openapi3.NewLoader().LoadFromData(raw)
		if specErr == nil {
			// Parameters of the document carry `default` beside their
			// schema, and some defaults are prose ("now - 30 days",
			// "Current date time") in a date-time schema: defects
			// irrelevant to responses.
			specErr = specDoc.Validate(context.Background(),
				openapi3.AllowExtraSiblingFields("default"), openapi3.DisableSchemaDefaultsValidation(),
				openapi3.EnableMultiError())
		}
	})
	if specErr != nil {
		t.Fatalf("OpenAPI document: %v", specErr)
	}
	return specDoc
}

// invalidTypes are the `type` values of Trend's OpenAPI document for v3.0
// that OpenAPI does not have (its OAT identityActivityData and
// thirdPartyLogData detail schemas), with the type each evidently means.
// Left as they are, a validator accepts no value for those properties.
var invalidTypes = map[string]map[string]any{
	"int":      {"type": "integer"},
	"uint64":   {"type": "integer", "minimum": 0},
	"bool":     {"type": "boolean"},
	"string[]": {"type": "array", "items": map[string]any{"type": "string"}},
}

// repairTypes rewrites the invalid `type` values of the document (a test-only
// workaround of a defect of the document; nothing else changes).
func repairTypes(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["type"].(string); ok {
				if repl, bad := invalidTypes[t]; bad {
					for k, v := range repl {
						x[k] = v
					}
				}
			}
			for k, e := range x {
				if k == "properties" { // property names are not keywords
					for _, p := range e.(map[string]any) {
						walk(p)
					}
					continue
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	return json.Marshal(doc)
}

// responseSchema is the application/json schema of an endpoint's answer
// with status, or nil when the document has none.
func responseSchema(t testing.TB, doc *openapi3.T, endpoint string, status int) *openapi3.Schema {
	t.Helper()
	item := doc.Paths.Find("/v3.0/" + endpoint)
	if item == nil || item.Get == nil {
		t.Fatalf("the OpenAPI document has no GET /v3.0/%s", endpoint)
	}
	resp := item.Get.Responses.Status(status)
	if resp == nil || resp.Value == nil {
		return nil
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		t.Fatalf("GET /v3.0/%s %d has no application/json schema", endpoint, status)
	}
	return mt.Schema.Value
}

// decodeJSON decodes a body the way a validator must see it: numbers as
// json.Number, so an integer stays distinguishable from 1.5.
func decodeJSON(t testing.TB, body []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("body is not JSON: %v\n%.300s", err, body)
	}
	return v
}

var visitOpts = []openapi3.SchemaValidationOption{
	openapi3.VisitAsResponse(), openapi3.MultiErrors(),
	openapi3.SetSchemaErrorMessageCustomizer(schemaErrorMessage),
}

// schemaErrorMessage writes a schema error on one line: where, why, and
// the value (shortened) instead of the schema, which can be huge.
func schemaErrorMessage(err *openapi3.SchemaError) string {
	if err.Origin != nil {
		return "" // the default message: the path, then the origin's own message
	}
	value, _ := json.Marshal(err.Value)
	if len(value) > 120 {
		value = append(value[:117], "..."...)
	}
	reason := err.Reason
	if reason == "" {
		reason = "does not match " + err.SchemaField
	}
	return fmt.Sprintf("/%s: %s (value %s)", strings.Join(err.JSONPointer(), "/"), reason, value)
}

// specValidator checks bodies of one endpoint against its schemas.
type specValidator struct {
	doc      *openapi3.T
	endpoint string
}

// page validates a 200 page. cloudActivities and response tasks work
// around the document's defects (see validateCloudPage and
// validateResponseTaskPage).
func (v specValidator) page(t testing.TB, body []byte) {
	t.Helper()
	if v.endpoint == string(gen.CloudActivities) {
		v.validateCloudPage(t, body)
		return
	}
	if v.endpoint == string(gen.ResponseTasks) {
		v.validateResponseTaskPage(t, body)
		return
	}
	v.validate(t, http.StatusOK, body)
	if v.endpoint == string(gen.OAT) {
		v.validateOATDetails(t, body)
	}
	if strings.HasPrefix(v.endpoint, "search/") {
		v.noUndeclaredUUID(t, body)
	}
}

// noUndeclaredUUID: an item whose schema declares no uuid (email, network)
// carries none; clients key such items by their content, as the
// simulator's ground truth does. (Other undeclared fields are allowed: the
// schemas are open, and real items carry more.)
func (v specValidator) noUndeclaredUUID(t testing.TB, body []byte) {
	t.Helper()
	page, ok := decodeJSON(t, body).(map[string]any)
	if !ok || page["items"] == nil {
		return
	}
	if _, declared := itemSchema(t, v.doc, v.endpoint).Properties["uuid"]; declared {
		return
	}
	for i, it := range page["items"].([]any) {
		if _, has := it.(map[string]any)["uuid"]; has {
			t.Fatalf("%s item %d carries a uuid, which its schema does not declare", v.endpoint, i)
		}
	}
}

// validateOATDetails checks each OAT item's detail against the schema of
// its own source. The document makes detail an anyOf of the nine sources'
// schemas, all without required fields and open to other properties, so
// the anyOf alone accepts nearly anything; the source names which applies.
func (v specValidator) validateOATDetails(t testing.TB, body []byte) {
	t.Helper()
	item := itemSchema(t, v.doc, v.endpoint)
	bySource := map[string]*openapi3.Schema{}
	for _, ref := range item.Properties["detail"].Value.AnyOf {
		bySource[strings.TrimPrefix(ref.Ref, "#/components/schemas/ath-")] = ref.Value
	}
	for i, it := range decodeJSON(t, body).(map[string]any)["items"].([]any) {
		it := it.(map[string]any)
		source, _ := it["source"].(string)
		schema := bySource[source]
		if schema == nil {
			t.Fatalf("OAT item %d: no detail schema for source %q (have %v)", i, source, slices.Sorted(maps.Keys(bySource)))
		}
		if err := schema.VisitJSON(it["detail"], visitOpts...); err != nil {
			t.Fatalf("OAT item %d (%s) detail does not match ath-%s:\n%s\ndetail: %s", i, source, source, firstLines(err, 40), gen.CanonicalJSON(it["detail"]))
		}
	}
}

func (v specValidator) validate(t testing.TB, status int, body []byte) {
	t.Helper()
	schema := responseSchema(t, v.doc, v.endpoint, status)
	if schema == nil {
		t.Fatalf("the OpenAPI document has no %d schema for %s", status, v.endpoint)
	}
	if err := schema.VisitJSON(decodeJSON(t, body), visitOpts...); err != nil {
		t.Fatalf("%s %d body does not match the OpenAPI schema:\n%s\nbody: %.2000s", v.endpoint, status, firstLines(err, 40), body)
	}
}

// validateCloudPage validates a cloudActivities page. The document's schema
// for it is oneOf [data page, count]; the data page's items are oneOf
// [CloudTrail items, VPC flow items], two arrays of objects with no
// required field, so every items array matches both and a strict oneOf
// always fails (a known defect of Trend's OpenAPI document for v3.0). So:
// a count page is checked against the count schema; a data page's envelope
// against the data schema's other properties and its required list; and
// each item against the variant its productCode names (the document: "query
// productCode:vpc" selects VPC flow logs), which it must match, the other
// variant's fields being undeclared on it.
func (v specValidator) validateCloudPage(t testing.TB, body []byte) {
	t.Helper()
	schema := responseSchema(t, v.doc, v.endpoint, http.StatusOK)
	if len(schema.OneOf) != 2 {
		t.Fatalf("cloudActivities: want oneOf [data, count], have %d variants", len(schema.OneOf))
	}
	data, count := schema.OneOf[0].Value, schema.OneOf[1].Value
	page := decodeJSON(t, body).(map[string]any)
	if _, ok := page["items"]; !ok {
		if err := count.VisitJSON(page, visitOpts...); err != nil {
			t.Fatalf("cloudActivities count body: %v\nbody: %s", firstLines(err, 20), body)
		}
		return
	}
	for _, req := range data.Required {
		if _, ok := page[req]; !ok {
			t.Fatalf("cloudActivities page lacks required %q", req)
		}
	}
	for name, prop := range data.Properties {
		if value, ok := page[name]; ok && name != "items" {
			if err := prop.Value.VisitJSON(value, visitOpts...); err != nil {
				t.Fatalf("cloudActivities page %s: %v", name, firstLines(err, 20))
			}
		}
	}
	variants := data.Properties["items"].Value.OneOf
	if len(variants) != 2 {
		t.Fatalf("cloudActivities items: want oneOf [CloudTrail, VPC], have %d variants", len(variants))
	}
	trail, vpc := variants[0].Value.Items.Value, variants[1].Value.Items.Value
	if _, ok := vpc.Properties["vpcFlowLogsVersion"]; !ok {
		t.Fatal("cloudActivities: the second items variant is not the VPC flow one")
	}
	for i, it := range page["items"].([]any) {
		item := it.(map[string]any)
		want, other, name := trail, vpc, "CloudTrail"
		if item["productCode"] == "vpc" {
			want, other, name = vpc, trail, "VPC flow"
		}
		if err := want.VisitJSON(item, visitOpts...); err != nil {
			t.Fatalf("cloudActivities item %d does not match the %s variant:\n%s\nitem: %s", i, name, firstLines(err, 40), gen.CanonicalJSON(item))
		}
		if undeclared := undeclaredFields(item, want, other); len(undeclared) > 0 {
			t.Fatalf("cloudActivities %s item %d carries the other variant's fields %v", name, i, undeclared)
		}
		if want == vpc { // rendered exactly in the variant's fields (no AWS names, no uuid)
			for k := range item {
				if _, ok := vpc.Properties[k]; !ok {
					t.Fatalf("cloudActivities VPC flow item %d carries %q, which the VPC variant does not declare", i, k)
				}
			}
		}
	}
}

// undeclaredFields lists the item's fields that other declares and want does not.
func undeclaredFields(item map[string]any, want, other *openapi3.Schema) []string {
	var out []string
	for k := range item {
		if _, mine := want.Properties[k]; !mine {
			if _, theirs := other.Properties[k]; theirs {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// itemSchema is the schema of one item of an endpoint's data page (the
// first items variant for cloudActivities).
func itemSchema(t testing.TB, doc *openapi3.T, endpoint string) *openapi3.Schema {
	t.Helper()
	s := responseSchema(t, doc, endpoint, http.StatusOK)
	if len(s.OneOf) > 0 { // search: oneOf [data, count]
		s = s.OneOf[0].Value
	}
	items := s.Properties["items"].Value
	if len(items.OneOf) > 0 {
		items = items.OneOf[0].Value
	}
	return items.Items.Value
}

func firstLines(err error, n int) string {
	lines := strings.Split(err.Error(), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("… (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

// specFeeds describes, per feed, the request that walks its whole history,
// the minimum number of items a run must validate and the field whose
// values tell the generator's variants apart (each must show up).
var specFeeds = []struct {
	kind     gen.Kind
	query    string // after the path; the time range is appended
	header   string // the filter header to send ("" none)
	start    string // the start parameter(s) ("": the endpoint has no time range)
	variant  string // item field naming the variant
	variants []string
}{
	{gen.Workbench, "orderBy=createdDateTime%20asc", "", "startDateTime", "alertProvider", []string{"SAE", "TI"}},
	{gen.OAT, "top=200", "", "detectedStartDateTime", "source", []string{"endpointActivityData", "detections", "cloudActivityData", "emailActivityData", "networkActivityData", "containerActivityData", "identityActivityData", "mobileActivityData", "thirdPartyLogData"}},
	{gen.Audit, "top=200&labels=all", "", "startDateTime", "accessType", []string{"Console", "API"}},
	{gen.SearchDetections, "top=500", "*", "startDateTime", "productCode", []string{"sao", "sig", "pdi", "sds"}},
	{gen.EndpointActivities, "top=500", "*", "startDateTime", "eventId", []string{"1", "2", "3", "4", "5"}},
	{gen.NetworkActivities, "top=500", "*", "startDateTime", "eventName", []string{"SWG_ACTIVITY_LOG", "NETWORK_FLOW"}},
	{gen.EmailActivities, "top=500", "*", "startDateTime", "scanType", []string{"exchange"}},
	{gen.CloudActivities, "top=500", "*", "startDateTime", "productCode", []string{"sct", "vpc"}},
	{gen.MobileActivities, "top=500", "*", "startDateTime", "filterRiskLevel", []string{"info", "low"}},
	{gen.IdentityActivities, "top=500", "*", "startDateTime", "eventName", []string{"SignIn", "AuditLogs"}},
	{gen.ContainerActivities, "top=500", "*", "startDateTime", "filterRiskLevel", []string{"info", "low", "medium", "high"}},
	{gen.ContainerAuditEvents, "", "", "startDateTime", "priority", []string{"Highest", "High", "Normal", "Low", "Lowest"}},
	{gen.ContainerSensorEvents, "", "", "startDateTime", "eventType", []string{"syscall", "malware", "secretScan"}},
	// The continuous variant has no operation ("<nil>").
	{gen.ContainerEvaluationEvents, "", "", "startDateTime", "operation", []string{"CREATE", "UPDATE", "CONNECT", "<nil>"}},
	{gen.ContainerECSSensorEvents, "", "", "startDateTime", "mitigation", []string{"log", "isolate", "terminate"}},
	// No time range: the whole history.
	{gen.AccountCompromise, "top=500", "", "", "dataSourceOrProcessor", []string{"Active Directory (on-premises)", "Dark Web",
		"Email Sensor", "Endpoint Sensor", "Microsoft Entra ID", "Okta", "Phishing Insight", "Risk Analytics Service",
		"Trend Micro Cloud App Security", "Trend Micro Email Security"}},
	{gen.Cases, "top=100&orderBy=createdDateTime%20asc", "", "startDateTime", "type", []string{"Workbench", "Forensics",
		"ManagedServices", "TPIServiceNow", "Others"}},
	// Every action: each is its own variant of the item's oneOf.
	{gen.ResponseTasks, "top=200", "", "startDateTime", "action", responseTaskActions},
	{gen.PlaybookTasks, "top=100&orderBy=createdDateTime%20asc", "", "startDateTime", "playbookType", []string{
		"activityAndBehavior", "general", "systemConfiguration", "securityPolicy", "threatDetection", "vulnerability", "xdrDetection"}},
	{gen.EndpointSecurityTasks, "top=200", "", "startDateTime", "action", []string{"export", "delete"}},
}

// specMinItems is what each feed must validate per seed.
const specMinItems = 2000

// TestPagesMatchOpenAPISpec walks every feed's whole history, first page
// and follow-ups, for two seeds (one and a shorter history under the race
// detector, which slows validation too much for the full walk), and
// validates each page against the endpoint's 200 schema in Trend's OpenAPI
// document: about 3,000 items per feed and seed, enough for every
// generator variant to appear.
func TestPagesMatchOpenAPISpec(t *testing.T) {
	doc := loadSpec(t)
	rates := map[Feed]float64{}
	for _, k := range Feeds() {
		rates[k] = 150
	}
	seeds, history, minItems := []uint64{1, 20250605}, 20*time.Hour, specMinItems
	if raceEnabled {
		seeds, history, minItems = seeds[:1], 8*time.Hour, specMinItems/3
	}
	for _, seed := range seeds {
		h := newHarness(t, Options{Seed: seed, History: history, Rates: rates})
		from := fmtTime(t0.Add(-history))
		for _, f := range specFeeds {
			t.Run(fmt.Sprintf("seed%d/%s", seed, f.kind), func(t *testing.T) {
				v := specValidator{doc: doc, endpoint: string(f.kind)}
				path := "/v3.0/" + string(f.kind) + "?" + f.query
				if f.start != "" {
					path += "&" + f.start + "=" + from
				}
				var headers []string
				if f.header != "" {
					headers = []string{"TMV1-Query", f.header}
				}
				items, pages := 0, 0
				seen := map[string]int{}
				for next := path; next != ""; pages++ {
					r := h.get(next, headers...)
					if r.status != http.StatusOK {
						t.Fatalf("page %d: status %d: %s", pages+1, r.status, r.body)
					}
					v.page(t, r.body)
					p := decodePage(t, r)
					items += len(p.Items)
					for _, it := range p.Items {
						seen[fmt.Sprint(it[f.variant])]++
					}
					next = p.NextLink
				}
				t.Logf("%d items on %d pages validated; %s: %v", items, pages, f.variant, seen)
				if items < minItems || pages < 3 {
					t.Errorf("validated %d items on %d pages, want at least %d on 3", items, pages, minItems)
				}
				for _, want := range f.variants {
					if seen[want] == 0 {
						t.Errorf("no item with %s %q was validated", f.variant, want)
					}
				}
			})
		}
	}
}

// TestEveryFeedIsValidatedAgainstTheSpec: a feed added without a row in
// specFeeds would serve pages no test holds to the document.
func TestEveryFeedIsValidatedAgainstTheSpec(t *testing.T) {
	rows := map[Feed]bool{}
	for _, f := range specFeeds {
		rows[f.kind] = true
	}
	for _, k := range Feeds() {
		if !rows[k] {
			t.Errorf("feed %s has no row in specFeeds", k)
		}
	}
}

// TestSearchVariantPagesMatchOpenAPISpec covers the other search answers:
// countOnly, performance mode (with its empty pages) and select.
func TestSearchVariantPagesMatchOpenAPISpec(t *testing.T) {
	doc := loadSpec(t)
	h := newHarness(t, Options{Seed: 3})
	from := fmtTime(t0.Add(-2 * time.Hour))
	for _, k := range Feeds() {
		if !k.IsSearch() {
			continue
		}
		t.Run(string(k), func(t *testing.T) {
			v := specValidator{doc: doc, endpoint: string(k)}
			base := "/v3.0/" + string(k) + "?startDateTime=" + from
			v.page(t, h.get(base+"&mode=countOnly", "TMV1-Query", "*").body)
			v.page(t, h.get(base+"&top=50&select=eventTime,productCode", "TMV1-Query", "*").body)
			empty, pages := 0, 0
			for next := base + "&mode=performance"; next != ""; pages++ {
				r := h.get(next, "TMV1-Query", "*")
				v.page(t, r.body)
				p := decodePage(t, r)
				if len(p.Items) == 0 {
					empty++
				}
				next = p.NextLink
			}
			t.Logf("performance mode: %d pages validated, %d of them empty", pages, empty)
		})
	}
}

// TestCloudActivitiesOneOfDefect pins the defect validateCloudPage works
// around: validated strictly, a cloudActivities page never matches (its
// items match both oneOf variants). Should a newer document fix it, this
// fails, and the workaround can go.
func TestCloudActivitiesOneOfDefect(t *testing.T) {
	doc := loadSpec(t)
	h := newHarness(t, Options{})
	r := h.get("/v3.0/search/cloudActivities?top=50&startDateTime="+fmtTime(t0.Add(-6*time.Hour)), "TMV1-Query", "*")
	if len(decodePage(t, r).Items) == 0 {
		t.Fatal("no items")
	}
	err := responseSchema(t, doc, string(gen.CloudActivities), http.StatusOK).VisitJSON(decodeJSON(t, r.body), visitOpts...)
	if err == nil || !strings.Contains(err.Error(), "input matches more than one oneOf schemas") {
		t.Fatalf("strict validation: %v; want the oneOf ambiguity", err)
	}
}

// TestErrorBodiesMatchOpenAPISpec provokes every error the document has a
// schema for on each endpoint (400, 408, 500; 403 where it has one) and
// validates the body. The document has no 401, 404 or 429 response for
// these endpoints (those bodies follow Trend's samples, see
// TestAuthAndRouting); the test checks that it still has none, so a newer
// document is noticed.
func TestErrorBodiesMatchOpenAPISpec(t *testing.T) {
	doc := loadSpec(t)
	type provoke struct {
		name   string
		path   string // relative to /v3.0/<endpoint>
		header []string
		fault  *Fault
		status int
		number int // the error number the body must carry (0: none checked)
	}
	oatToken := func(h *harness) string {
		p := decodePage(t, h.get("/v3.0/oat/detections?top=50&detectedStartDateTime="+fmtTime(t0.Add(-6*time.Hour))))
		if p.NextLink == "" {
			t.Fatal("no OAT nextLink")
		}
		return p.NextLink
	}
	tests := map[string][]provoke{
		string(gen.Workbench): {
			{name: "bad orderBy", path: "?orderBy=nope", status: 400, number: 3090003},
			{name: "bad filter", path: "", header: []string{"TMV1-Filter", "severity eq"}, status: 400, number: 3090003},
			{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500, number: 3090999},
		},
		string(gen.OAT): {
			{name: "bad filter", header: []string{"TMV1-Filter", "riskLevel eq"}, status: 400, number: 1010400},
			{name: "inverted range", path: "?detectedStartDateTime=2024-05-14T11:00:00Z&detectedEndDateTime=2024-05-14T10:00:00Z", status: 400, number: 1010406},
			{name: "bad top", path: "?top=7", status: 400, number: 1010999},
			{name: "bad token", path: "?nextBatchToken=garbage", status: 400, number: 1010407},
			{name: "no products", fault: &Fault{Kind: FaultError, Number: 1010420, Count: 1}, status: 400, number: 1010420},
			{name: "data lake timeout", fault: &Fault{Kind: FaultError, Number: 1000520, Count: 1}, status: 400, number: 1000520},
			{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
		},
		string(gen.Audit): {
			{name: "bad top", path: "?top=7", status: 400},
			{name: "bad labels", path: "?labels=some", status: 400},
			{name: "old start", path: "?startDateTime=2020-01-01T00:00:00Z", status: 400},
			{name: "bad token", path: "?skipToken=garbage", status: 400},
			{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
		},
		healthcheckEndpoint: {
			{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
		},
	}
	for _, k := range []Feed{ContainerAuditEvents, ContainerSensorEvents, ContainerEvaluationEvents, ContainerECSSensorEvents} {
		tests[string(k)] = []provoke{
			{name: "bad filter", header: []string{"TMV1-Filter", "clusterId eq"}, status: 400},
			{name: "unknown field", header: []string{"TMV1-Filter", "noSuchField eq 'x'"}, status: 400},
			{name: "old start", path: "?startDateTime=" + fmtTime(t0.AddDate(0, 0, -31)), status: 400},
			{name: "inverted range", path: "?startDateTime=2024-05-14T11:00:00Z&endDateTime=2024-05-14T10:00:00Z", status: 400},
			{name: "bad token", path: "?skipToken=garbage", status: 400},
			{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
		}
	}
	tests[string(AccountCompromise)] = []provoke{
		{name: "bad top", path: "?top=7", status: 400},
		{name: "bad orderBy", path: "?orderBy=account%20asc", status: 400},
		{name: "bad filter", header: []string{"TMV1-Filter", "riskLevel eq"}, status: 400},
		{name: "bad token", path: "?skipToken=garbage", status: 400},
		{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
	}
	old := "?startDateTime=" + fmtTime(t0.AddDate(0, 0, -181))
	tests[string(Cases)] = []provoke{
		{name: "bad top", path: "?top=20", status: 400},
		{name: "bad dateTimeTarget", path: "?dateTimeTarget=closedDateTime", status: 400},
		{name: "bad orderBy", path: "?orderBy=status%20asc", status: 400},
		{name: "long orderBy", path: "?orderBy=priority%20desc,createdDateTime%20asc", status: 400},
		{name: "bad filter", header: []string{"TMV1-Filter", "owner eq 'x'"}, status: 400},
		{name: "bad token", path: "?skipToken=garbage", status: 400},
		{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
	}
	tests[string(ResponseTasks)] = []provoke{
		{name: "bad top", path: "?top=10", status: 400},
		{name: "old start", path: old, status: 400},
		{name: "bad filter", path: "?filter=" + url.QueryEscape("endpointName eq 'x'"), status: 400},
		{name: "bad token", path: "?skipToken=garbage", status: 400},
		{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
	}
	tests[string(PlaybookTasks)] = []provoke{
		{name: "bad dateTimeTarget", path: "?dateTimeTarget=lastActionDateTime", status: 400},
		{name: "old start", path: old, status: 400},
		{name: "contains on status", header: []string{"TMV1-Filter", "contains(status,'fail')"}, status: 400},
		{name: "bad token", path: "?skipToken=garbage", status: 400},
		{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
	}
	tests[string(EndpointSecurityTasks)] = []provoke{
		{name: "bad top", path: "?top=500", status: 400},
		{name: "old start", path: old, status: 400},
		{name: "bad orderBy", path: "?orderBy=action%20asc", status: 400},
		{name: "bad filter", header: []string{"TMV1-Filter", "endpointName eq 'x'"}, status: 400},
		{name: "bad token", path: "?skipToken=garbage", status: 400},
		{name: "500", fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
	}
	for _, k := range Feeds() {
		if k.IsSearch() {
			tests[string(k)] = []provoke{
				{name: "no query", status: 400},
				{name: "unknown field", header: []string{"TMV1-Query", "noSuchField:x"}, status: 400},
				{name: "bad top", path: "?top=7", header: []string{"TMV1-Query", "*"}, status: 400},
				{name: "bad token", path: "?skipToken=garbage", header: []string{"TMV1-Query", "*"}, status: 400},
				{name: "408", header: []string{"TMV1-Query", "*"}, fault: &Fault{Kind: FaultStatus, Status: 408, Count: 1}, status: 408},
				{name: "500", header: []string{"TMV1-Query", "*"}, fault: &Fault{Kind: FaultStatus, Status: 500, Count: 1}, status: 500},
			}
		}
	}
	endpoints := make([]string, 0, len(tests))
	for ep := range tests {
		endpoints = append(endpoints, ep)
	}
	slices.Sort(endpoints)
	for _, ep := range endpoints {
		for _, status := range []int{401, 403, 404, 429} {
			switch {
			case responseSchema(t, doc, ep, status) == nil:
			case status == http.StatusForbidden:
				t.Run(ep+"/403", func(t *testing.T) { validateForbidden(t, doc, ep) })
			default:
				t.Errorf("the OpenAPI document now has a %d response for %s: validate it here", status, ep)
			}
		}
		for _, tt := range tests[ep] {
			t.Run(ep+"/"+tt.name, func(t *testing.T) {
				h := newHarness(t, Options{})
				if tt.fault != nil {
					f := *tt.fault
					f.Endpoint = ep
					if err := h.sim.SetFaults(f); err != nil {
						t.Fatal(err)
					}
				}
				r := h.get("/v3.0/"+ep+tt.path, tt.header...)
				if r.status != tt.status {
					t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
				}
				specValidator{doc: doc, endpoint: ep}.validate(t, tt.status, r.body)
				if tt.number != 0 {
					var body errorBody
					if err := json.Unmarshal(r.body, &body); err != nil || body.Error.Number != tt.number {
						t.Fatalf("error number %d, want %d: %s", body.Error.Number, tt.number, r.body)
					}
				}
			})
		}
	}
	t.Run(string(gen.OAT)+"/expired token", func(t *testing.T) {
		h := newHarness(t, Options{})
		link := oatToken(h)
		h.sim.ExpireTokens()
		r := h.get(link)
		if r.status != 400 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		specValidator{doc: doc, endpoint: string(gen.OAT)}.validate(t, 400, r.body)
		if !bytes.Contains(r.body, []byte("1010550")) {
			t.Fatalf("not the expired-token body: %s", r.body)
		}
	})
}

// validateForbidden checks the 403 body, the one every endpoint answers a
// key without the feed's role, against an endpoint's 403 schema (the
// document has one for the Container Security event logs, the account
// compromise indicators, cases, and response and playbook tasks).
func validateForbidden(t *testing.T, doc *openapi3.T, endpoint string) {
	h := newHarness(t, Options{Keys: []APIKey{{Key: "no-roles"}}})
	r := h.get("/v3.0/"+endpoint, "Authorization", "Bearer no-roles")
	if r.status != http.StatusForbidden {
		t.Fatalf("status %d, want 403: %s", r.status, r.body)
	}
	specValidator{doc: doc, endpoint: endpoint}.validate(t, http.StatusForbidden, r.body)
}

// TestNextLinksFitTheirMaxLength: where the document caps nextLink (audit:
// 256 characters), every nextLink the simulator writes fits, whatever the
// parameters of the first request.
func TestNextLinksFitTheirMaxLength(t *testing.T) {
	doc := loadSpec(t)
	from, to := fmtTime(t0.Add(-6*time.Hour)), fmtTime(t0)
	long := url.Values{}
	long.Set("startDateTime", from)
	long.Set("endDateTime", to)
	long.Set("dateTimeTarget", "ingestedDateTime")
	long.Set("orderBy", "ingestedDateTime asc, loggedDateTime desc, accessType asc")
	long.Set("top", "50")
	long.Set("labels", "matched")
	tests := []struct {
		kind   gen.Kind
		query  string
		header []string
	}{
		{gen.Workbench, "startDateTime=" + from + "&orderBy=createdDateTime%20asc", nil},
		{gen.OAT, "top=50&detectedStartDateTime=" + from, nil},
		{gen.Audit, "top=50&startDateTime=" + from, nil},
		{gen.Audit, long.Encode(), []string{"TMV1-Filter", "accessType eq 'Console' or accessType eq 'API'"}},
		{gen.SearchDetections, "top=50&startDateTime=" + from, []string{"TMV1-Query", "*"}},
	}
	h := newHarness(t, Options{Rates: map[Feed]float64{Audit: 600}})
	capped := 0
	for _, tt := range tests {
		schema := responseSchema(t, doc, string(tt.kind), http.StatusOK)
		if len(schema.OneOf) > 0 {
			schema = schema.OneOf[0].Value
		}
		maxLen := schema.Properties["nextLink"].Value.MaxLength
		if maxLen == nil {
			continue
		}
		capped++
		pages := 0
		for next := "/v3.0/" + string(tt.kind) + "?" + tt.query; next != ""; pages++ {
			p := decodePage(t, h.get(next, tt.header...))
			if n := uint64(len(p.NextLink)); n > *maxLen {
				t.Fatalf("%s: nextLink of %d characters, the document allows %d: %s", tt.kind, n, *maxLen, p.NextLink)
			}
			next = p.NextLink
		}
		if pages < 3 {
			t.Fatalf("%s: only %d pages", tt.kind, pages)
		}
	}
	if capped == 0 {
		t.Fatal("no endpoint caps nextLink any more: the test checks nothing")
	}
}

// TestQuirksBreakTheSpecWhereDocumented: with Options.Quirks the simulator
// serves the real-world shapes instead, and exactly those break the
// document's schemas: the validator names the quirky fields.
func TestQuirksBreakTheSpecWhereDocumented(t *testing.T) {
	doc := loadSpec(t)
	tests := []struct {
		kind  gen.Kind
		query string
		want  []string // fields the schema errors must name
	}{
		{gen.SearchDetections, "top=5000", []string{"/act", "/src", "/processSigner", "/actResult/0"}},
		{gen.EndpointActivities, "top=5000", []string{"/winEventId"}},
	}
	for _, quirks := range []bool{false, true} {
		h := newHarness(t, Options{Seed: 9, Quirks: quirks})
		for _, tt := range tests {
			t.Run(fmt.Sprintf("quirks=%v/%s", quirks, tt.kind), func(t *testing.T) {
				r := h.get("/v3.0/"+string(tt.kind)+"?"+tt.query+"&startDateTime="+fmtTime(t0.Add(-3*time.Hour)), "TMV1-Query", "*")
				err := responseSchema(t, doc, string(tt.kind), 200).VisitJSON(decodeJSON(t, r.body), visitOpts...)
				if !quirks {
					if err != nil {
						t.Fatalf("the default shapes break the schema: %v", firstLines(err, 10))
					}
					return
				}
				if err == nil {
					t.Fatal("the quirky shapes match the schema")
				}
				for _, field := range tt.want {
					if !strings.Contains(err.Error(), field+": ") {
						t.Errorf("no schema error names %s", field)
					}
				}
			})
		}
	}
}
