package simulator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// The data pipelines (Trend's OpenAPI document for v3.0, tags "Observed
// Attack Techniques Pipeline" and "Datalake Pipeline"): a tenant registers
// a pipeline, which then produces gzip packages of records every few
// minutes (pipeline_packages.go). This file holds the pipelines and their
// management endpoints: register, list, get, modify, delete.

// pipelineAPI is one of the two pipeline APIs; what differs between them
// is a field here.
type pipelineAPI struct {
	// base is the path under /v3.0 and the name of the management
	// endpoints in faults, rate limits and stats.
	base string
	// view reads pipelines and their packages; manage also registers,
	// modifies and deletes them (and includes view).
	view, manage Role
	// oat: riskLevels and hasDetail; otherwise type and subType.
	oat bool
	// single: a tenant holds one pipeline at most (OAT: "Customer already
	// exists").
	single bool
	// The documented 404 messages: GET and PATCH of a pipeline, the
	// package list, a package.
	getNotFound, patchNotFound, listNotFound, packageNotFound string
}

var (
	oatPipelineAPI = &pipelineAPI{
		base: "oat/dataPipelines", view: RoleOATPipeline, manage: RoleOATPipelineManage,
		oat: true, single: true,
		getNotFound:     "Verify that the specified data pipeline exists and try again.",
		patchNotFound:   "Verify that the specified data pipeline exists and try again.",
		listNotFound:    "Verify that the specified data pipeline exists and try again.",
		packageNotFound: "Verify that the specified resource exists and try again.",
	}
	datalakePipelineAPI = &pipelineAPI{
		base: "datalake/dataPipelines", view: RoleDatalakePipeline, manage: RoleDatalakePipelineManage,
		getNotFound:     "Resource not found.",
		patchNotFound:   "Verify that the specified data pipeline exists and try again.",
		listNotFound:    "Data pipeline not found.",
		packageNotFound: "Resource not found.",
	}
	pipelineAPIs = []*pipelineAPI{oatPipelineAPI, datalakePipelineAPI}
)

// The endpoint names of a pipeline API (faults, rate limits, stats): the
// management endpoints (register, list, get, modify, delete), the package
// list and the package download.
func (a *pipelineAPI) packagesEndpoint() string { return a.base + "/packages" }
func (a *pipelineAPI) downloadEndpoint() string { return a.base + "/packages/{packageId}" }
func (a *pipelineAPI) group() string            { return a.base + "/*" }
func (a *pipelineAPI) endpoints() []string {
	return []string{a.base, a.packagesEndpoint(), a.downloadEndpoint()}
}

// pipelineEndpoint returns the API an endpoint name belongs to, or nil.
func pipelineEndpoint(name string) *pipelineAPI {
	for _, a := range pipelineAPIs {
		if slices.Contains(a.endpoints(), name) {
			return a
		}
	}
	return nil
}

// isDownloadEndpoint reports whether name is a package download endpoint.
func isDownloadEndpoint(name string) bool {
	a := pipelineEndpoint(name)
	return a != nil && name == a.downloadEndpoint()
}

// The request body values of the documented enums.
var (
	riskLevelValues = []string{"info", "low", "medium", "high", "critical"}
	// subTypeSources maps each Data Lake telemetry subType to its search
	// source, in the document's enum order (which is also the order of a
	// package's lines).
	subTypeSources = []subTypeSource{
		{"endpointActivity", gen.EndpointActivities},
		{"cloudActivity", gen.CloudActivities},
		{"emailActivity", gen.EmailActivities},
		{"mobileActivity", gen.MobileActivities},
		{"networkActivity", gen.NetworkActivities},
		{"containerActivity", gen.ContainerActivities},
		{"identityActivity", gen.IdentityActivities},
	}
)

// subTypeSource is a Data Lake telemetry subType and its search source.
type subTypeSource struct {
	name string
	kind gen.Kind
}

// isSubType reports whether name is one of the seven telemetry sub types.
func isSubType(name string) bool {
	return slices.ContainsFunc(subTypeSources, func(s subTypeSource) bool { return s.name == name })
}

const (
	subTypeAll        = "all"
	typeTelemetry     = "telemetry"
	typeDetection     = "detection"
	maxDescriptionLen = 4000 // the document's maxLength, in characters
)

// pipeline is one registered pipeline.
type pipeline struct {
	api     *pipelineAPI
	id      string
	created time.Time // registeredDateTime (OAT) / createdDateTime, whole seconds
	// versions are its settings, oldest first, each from its time on: a
	// package has the settings in force when it was created, so a PATCH
	// does not change packages already made.
	versions []pipelineVersion
	// etag numbers the OAT pipeline's modifications (ETag, If-Match).
	etag uint64
}

type pipelineVersion struct {
	from     time.Time
	settings pipelineSettings
}

// pipelineSettings are what a request body sets.
type pipelineSettings struct {
	RiskLevels  []string `json:"riskLevels,omitempty"`
	HasDetail   bool     `json:"hasDetail,omitempty"`
	Type        string   `json:"type,omitempty"`
	SubType     []string `json:"subType,omitempty"`
	Description *string  `json:"description,omitempty"`
}

func (p *pipeline) current() pipelineSettings { return p.versions[len(p.versions)-1].settings }

// settingsAt is what a package created at t was made with: the latest
// version from t or before, else the first (packages of the seven days
// before registration).
func (p *pipeline) settingsAt(t time.Time) pipelineSettings {
	s := p.versions[0].settings
	for _, v := range p.versions[1:] {
		if !v.from.After(t) {
			s = v.settings
		}
	}
	return s
}

// etagValue is the ETag of the pipeline's current version, shaped like the
// document's example (0x8D9AB4B0CA9D336).
func (p *pipeline) etagValue() string {
	sum := sha256.Sum256(binary.LittleEndian.AppendUint64([]byte("etag\x00"+p.id+"\x00"), p.etag))
	return fmt.Sprintf("0x%015X", binary.BigEndian.Uint64(sum[:8])>>4)
}

// clone copies what a reader may hold outside the lock.
func (p *pipeline) clone() *pipeline {
	c := *p
	c.versions = slices.Clone(p.versions)
	return &c
}

// pipelineSet holds the tenant's pipelines (the simulator has one tenant).
type pipelineSet struct {
	mu    sync.Mutex
	byID  map[string]*pipeline
	order []string // ids in creation order
	made  uint64   // pipelines registered so far: numbers the next id
	// epochs are the package list endpoints' token epochs, bumped by the
	// expire-tokens fault (as a feed's store epoch is).
	epochs map[string]*atomic.Uint64
}

func newPipelineSet() *pipelineSet {
	ps := &pipelineSet{byID: map[string]*pipeline{}, epochs: map[string]*atomic.Uint64{}}
	for _, a := range pipelineAPIs {
		ps.epochs[a.packagesEndpoint()] = new(atomic.Uint64)
	}
	return ps
}

// get returns a copy of a pipeline of api, or nil.
func (ps *pipelineSet) get(api *pipelineAPI, id string) *pipeline {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if p := ps.byID[id]; p != nil && (api == nil || p.api == api) {
		return p.clone()
	}
	return nil
}

// list returns copies of api's pipelines in creation order.
func (ps *pipelineSet) list(api *pipelineAPI) []*pipeline {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	var out []*pipeline
	for _, id := range ps.order {
		if p := ps.byID[id]; p.api == api {
			out = append(out, p.clone())
		}
	}
	return out
}

// pipelineID derives the n-th pipeline's id from the seed, so that two
// simulators with the same seed and the same calls agree.
func (s *Simulator) pipelineID(n uint64) string {
	sum := sha256.Sum256(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64([]byte("visionone-sim pipeline\x00"), s.opts.Seed), n))
	return formatUUID(sum[:16])
}

// formatUUID formats 16 bytes as a version-4, RFC 4122 variant UUID.
func formatUUID(b []byte) string {
	var u [16]byte
	copy(u[:], b)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// pipelineRoute routes a path under /v3.0/ of the pipeline APIs:
// <base>, <base>/delete, <base>/{id}, <base>/{id}/packages and
// <base>/{id}/packages/{packageId}.
func (s *Simulator) pipelineRoute(path string) (route, bool) {
	for _, a := range pipelineAPIs {
		rest, ok := strings.CutPrefix(path, a.base)
		if !ok || (rest != "" && rest[0] != '/') {
			continue
		}
		parts := strings.Split(strings.TrimPrefix(rest, "/"), "/")
		if slices.Contains(parts, "") && rest != "" {
			return route{}, false
		}
		view := operation{role: a.view}
		manage := operation{role: a.manage}
		switch {
		case rest == "":
			view.serve = func(w http.ResponseWriter, r *http.Request) { s.listPipelines(w, a) }
			manage.serve = func(w http.ResponseWriter, r *http.Request) { s.registerPipeline(w, r, a) }
			return route{name: a.base, methods: map[string]operation{http.MethodGet: view, http.MethodPost: manage}}, true
		case len(parts) == 1 && parts[0] == "delete":
			manage.serve = func(w http.ResponseWriter, r *http.Request) { s.deletePipelines(w, r, a) }
			return route{name: a.base, methods: map[string]operation{http.MethodPost: manage}}, true
		case len(parts) == 1:
			id := parts[0]
			view.serve = func(w http.ResponseWriter, r *http.Request) { s.getPipeline(w, a, id) }
			manage.serve = func(w http.ResponseWriter, r *http.Request) { s.modifyPipeline(w, r, a, id) }
			return route{name: a.base, methods: map[string]operation{http.MethodGet: view, http.MethodPatch: manage}}, true
		case len(parts) == 2 && parts[1] == "packages":
			id := parts[0]
			view.forbidden = errPipelineDataForbidden
			view.serve = func(w http.ResponseWriter, r *http.Request) { s.listPackages(w, r, a, id) }
			return route{name: a.packagesEndpoint(), methods: map[string]operation{http.MethodGet: view}}, true
		case len(parts) == 3 && parts[1] == "packages":
			id, pkg := parts[0], parts[2]
			view.forbidden = errPipelineDataForbidden
			view.serve = func(w http.ResponseWriter, r *http.Request) { s.downloadPackage(w, r, a, id, pkg) }
			return route{name: a.downloadEndpoint(), methods: map[string]operation{http.MethodGet: view}}, true
		}
		return route{}, false
	}
	return route{}, false
}

// Pipeline request bodies. Pointers tell a member sent from one left out
// (a JSON null counts as left out).
type oatPipelineBody struct {
	RiskLevels  *[]string `json:"riskLevels"`
	HasDetail   *bool     `json:"hasDetail"`
	Description *string   `json:"description"`
}

type datalakePipelineBody struct {
	Type        *string   `json:"type"`
	SubType     *[]string `json:"subType"`
	Description *string   `json:"description"`
}

// bodyError is a rejected request body: the member at fault (target) and
// the innererror code.
type bodyError struct{ target, code string }

func (e bodyError) Error() string { return fmt.Sprintf("request body: %s: %s", e.target, e.code) }

// The innererror codes of the pipeline 400 bodies: the document's examples
// (MissingRequiredParameter, InvalidOptionalParameters, and the Data Lake
// registration's only code, InvalidParameters) and, for the package list,
// OutOfRetentionTime for a start older than the packages kept and the
// page-token codes other v3.0 endpoints use (cases, §6.2).
const (
	innerMissing         = "MissingRequiredParameter"
	innerInvalid         = "InvalidParameters"
	innerInvalidOptional = "InvalidOptionalParameters"
	innerOutOfRetention  = "OutOfRetentionTime"
	innerBadToken        = "InvalidSkipToken"
	innerExpiredToken    = "SkipTokenExpired"
)

// readBody decodes a JSON body strictly: one value, no member the document
// does not define (a misspelt member is an error, not a default).
func readBody(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		return nil
	}
	target := ""
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		target = te.Field
	} else if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		target = strings.Trim(name, `"`)
	}
	return bodyError{target: target, code: innerInvalid}
}

// checkRiskLevels: at least one level, each of the enum (the document:
// "Requests must include at least one severity level"); duplicates count once.
func checkRiskLevels(levels []string) ([]string, error) {
	if len(levels) == 0 {
		return nil, bodyError{"riskLevels", innerInvalid}
	}
	var out []string
	for _, l := range levels {
		if !slices.Contains(riskLevelValues, l) {
			return nil, bodyError{"riskLevels", innerInvalid}
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// checkSubType: each of the enum; none sent or an empty list is "all"
// (the document's default: "If no value is specified, the pipeline
// retrieves all available data types"); duplicates count once.
func checkSubType(sub []string) ([]string, error) {
	if len(sub) == 0 {
		return []string{subTypeAll}, nil
	}
	var out []string
	for _, st := range sub {
		if st != subTypeAll && !isSubType(st) {
			return nil, bodyError{"subType", innerInvalid}
		}
		if !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out, nil
}

func checkDescription(d *string) error {
	if d != nil && utf8.RuneCountInString(*d) > maxDescriptionLen {
		return bodyError{"description", innerInvalid}
	}
	return nil
}

// registrationSettings validates a registration body.
func registrationSettings(r *http.Request, a *pipelineAPI) (pipelineSettings, error) {
	var set pipelineSettings
	if a.oat {
		var b oatPipelineBody
		if err := readBody(r, &b); err != nil {
			return set, err
		}
		switch {
		case b.RiskLevels == nil:
			return set, bodyError{"riskLevels", innerMissing}
		case b.HasDetail == nil:
			return set, bodyError{"hasDetail", innerMissing}
		}
		levels, err := checkRiskLevels(*b.RiskLevels)
		if err != nil {
			return set, err
		}
		set = pipelineSettings{RiskLevels: levels, HasDetail: *b.HasDetail, Description: b.Description}
		return set, checkDescription(b.Description)
	}
	var b datalakePipelineBody
	if err := readBody(r, &b); err != nil {
		return set, err
	}
	if b.Type == nil {
		return set, bodyError{"type", innerInvalid}
	}
	set = pipelineSettings{Type: *b.Type, Description: b.Description}
	switch *b.Type {
	case typeTelemetry:
		var sub []string
		if b.SubType != nil {
			sub = *b.SubType
		}
		var err error
		if set.SubType, err = checkSubType(sub); err != nil {
			return set, err
		}
	case typeDetection:
		// subType is "only applicable for the Telemetry data source": sent
		// with detection, it is refused rather than ignored.
		if b.SubType != nil {
			return set, bodyError{"subType", innerInvalid}
		}
	default:
		return set, bodyError{"type", innerInvalid}
	}
	return set, checkDescription(b.Description)
}

// modifiedSettings applies a PATCH body to the current settings.
func modifiedSettings(r *http.Request, a *pipelineAPI, cur pipelineSettings) (pipelineSettings, error) {
	set := cur
	set.RiskLevels, set.SubType = slices.Clone(cur.RiskLevels), slices.Clone(cur.SubType)
	if a.oat {
		var b oatPipelineBody
		if err := readBody(r, &b); err != nil {
			return set, optional(err)
		}
		if b.RiskLevels != nil {
			levels, err := checkRiskLevels(*b.RiskLevels)
			if err != nil {
				return set, optional(err)
			}
			set.RiskLevels = levels
		}
		if b.HasDetail != nil {
			set.HasDetail = *b.HasDetail
		}
		if b.Description != nil {
			set.Description = b.Description
		}
		return set, optional(checkDescription(b.Description))
	}
	var b datalakePipelineBody
	if err := readBody(r, &b); err != nil {
		return set, optional(err)
	}
	if b.Type != nil {
		if *b.Type != typeTelemetry && *b.Type != typeDetection {
			return set, bodyError{"type", innerInvalidOptional}
		}
		if *b.Type != set.Type {
			set.Type, set.SubType = *b.Type, nil
			if set.Type == typeTelemetry {
				set.SubType = []string{subTypeAll}
			}
		}
	}
	if b.SubType != nil {
		if set.Type != typeTelemetry {
			return set, bodyError{"subType", innerInvalidOptional}
		}
		sub, err := checkSubType(*b.SubType)
		if err != nil {
			return set, optional(err)
		}
		set.SubType = sub
	}
	if b.Description != nil {
		set.Description = b.Description
	}
	return set, optional(checkDescription(b.Description))
}

// optional turns a body error into its PATCH form (every member optional:
// the document's InvalidOptionalParameters).
func optional(err error) error {
	var be bodyError
	if errors.As(err, &be) {
		be.code = innerInvalidOptional
		return be
	}
	return err
}

// registerPipeline answers POST <base>: 201 with the new pipeline's URL in
// Location (unless Options.PipelineNoLocation) and no body.
func (s *Simulator) registerPipeline(w http.ResponseWriter, r *http.Request, a *pipelineAPI) {
	set, err := registrationSettings(r, a)
	if err != nil {
		writeError(w, a.bodyError(err))
		return
	}
	now := s.clock.Now().UTC().Truncate(time.Second)
	ps := s.pipelines
	ps.mu.Lock()
	if a.single && slices.ContainsFunc(ps.order, func(id string) bool { return ps.byID[id].api == a }) {
		ps.mu.Unlock()
		writeError(w, errCustomerExists())
		return
	}
	id := s.pipelineID(ps.made)
	ps.made++
	ps.byID[id] = &pipeline{api: a, id: id, created: now, versions: []pipelineVersion{{from: now, settings: set}}}
	ps.order = append(ps.order, id)
	ps.mu.Unlock()

	if !s.opts.PipelineNoLocation {
		w.Header().Set("Location", requestBase(r)+"/v3.0/"+a.base+"/"+id)
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusCreated)
}

// requestBase is the scheme and host the request came to.
func requestBase(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// oatPipelineJSON and datalakePipelineJSON are the documented items, in
// the document's member order. ID is left out of GET <base>/{id} for OAT,
// whose schema has none.
type oatPipelineJSON struct {
	ID                 string   `json:"id,omitempty"`
	RiskLevels         []string `json:"riskLevels"`
	HasDetail          bool     `json:"hasDetail"`
	RegisteredDateTime string   `json:"registeredDateTime"`
	Description        *string  `json:"description,omitempty"`
}

type datalakePipelineJSON struct {
	ID              string   `json:"id"`
	Type            string   `json:"type"`
	SubType         []string `json:"subType,omitempty"`
	CreatedDateTime string   `json:"createdDateTime"`
	Description     *string  `json:"description,omitempty"`
}

// pipelineJSON renders a pipeline; expand replaces a telemetry subType
// "all" by the seven sub types (GET <base>/{id}, whose subType enum has no
// "all"; the list's has, and shows the subType as registered).
func pipelineJSON(p *pipeline, withID, expand bool) any {
	set := p.current()
	if p.api.oat {
		j := oatPipelineJSON{RiskLevels: set.RiskLevels, HasDetail: set.HasDetail,
			RegisteredDateTime: isoSecond(p.created), Description: set.Description}
		if withID {
			j.ID = p.id
		}
		return j
	}
	sub := set.SubType
	if expand && slices.Contains(sub, subTypeAll) {
		sub = nil
		for _, st := range subTypeSources {
			sub = append(sub, st.name)
		}
	}
	return datalakePipelineJSON{ID: p.id, Type: set.Type, SubType: sub, CreatedDateTime: isoSecond(p.created), Description: set.Description}
}

func isoSecond(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type pipelineList struct {
	Items []any `json:"items"`
	Count int   `json:"count"`
}

// listPipelines answers GET <base>: every pipeline, oldest first.
func (s *Simulator) listPipelines(w http.ResponseWriter, a *pipelineAPI) {
	res := pipelineList{Items: []any{}}
	for _, p := range s.pipelines.list(a) {
		res.Items = append(res.Items, pipelineJSON(p, true, false))
	}
	res.Count = len(res.Items)
	s.writeOK(w, a.base, res)
}

// getPipeline answers GET <base>/{id}; OAT's answer carries an ETag.
func (s *Simulator) getPipeline(w http.ResponseWriter, a *pipelineAPI, id string) {
	p := s.pipelines.get(a, id)
	if p == nil {
		writeError(w, errPipelineNotFound(a.getNotFound))
		return
	}
	if a.oat {
		w.Header().Set("ETag", p.etagValue())
	}
	s.writeOK(w, a.base, pipelineJSON(p, !a.oat, true))
}

// modifyPipeline answers PATCH <base>/{id}: 204. An OAT If-Match that is
// not the pipeline's ETag is the documented 412; without If-Match the
// change applies (the document makes it optional).
func (s *Simulator) modifyPipeline(w http.ResponseWriter, r *http.Request, a *pipelineAPI, id string) {
	ps := s.pipelines
	ps.mu.Lock()
	defer ps.mu.Unlock()
	p := ps.byID[id]
	if p == nil || p.api != a {
		writeError(w, errPipelineNotFound(a.patchNotFound))
		return
	}
	if match := r.Header.Get("If-Match"); a.oat && match != "" && match != "*" &&
		strings.Trim(match, `"`) != p.etagValue() {
		writeError(w, errConditionNotMet())
		return
	}
	set, err := modifiedSettings(r, a, p.current())
	if err != nil {
		writeError(w, a.bodyError(err))
		return
	}
	if !settingsEqual(set, p.current()) {
		now := s.clock.Now().UTC().Truncate(time.Second)
		if last := &p.versions[len(p.versions)-1]; last.from.Equal(now) && len(p.versions) > 1 {
			last.settings = set // two changes within a second: the last wins
		} else {
			p.versions = append(p.versions, pipelineVersion{from: now, settings: set})
		}
		p.etag++
	}
	w.WriteHeader(http.StatusNoContent)
}

func settingsEqual(a, b pipelineSettings) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// deleteEntry is one entry of the POST <base>/delete body.
type deleteEntry struct {
	ID *string `json:"id"`
}

// deleteResult is one entry of the 207 answer of POST <base>/delete.
type deleteResult struct {
	Status int          `json:"status"`
	Body   *errorDetail `json:"body,omitempty"`
}

// deletePipelines answers POST <base>/delete, a list of {"id"}: 207 with
// one status per id, 204 deleted or 404 with the API's not-found body.
// A deleted pipeline's packages are gone with it.
func (s *Simulator) deletePipelines(w http.ResponseWriter, r *http.Request, a *pipelineAPI) {
	var body []deleteEntry
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	if err := dec.Decode(&body); err != nil || dec.More() || slices.ContainsFunc(body, func(e deleteEntry) bool { return e.ID == nil }) {
		writeError(w, a.deleteBadRequest())
		return
	}
	ps := s.pipelines
	ps.mu.Lock()
	res := make([]deleteResult, len(body))
	for i, e := range body {
		if p := ps.byID[*e.ID]; p != nil && p.api == a {
			delete(ps.byID, p.id)
			ps.order = slices.DeleteFunc(ps.order, func(id string) bool { return id == p.id })
			res[i] = deleteResult{Status: http.StatusNoContent}
			continue
		}
		res[i] = deleteResult{Status: http.StatusNotFound, Body: &errorDetail{Code: "NotFound", Message: a.getNotFound}}
	}
	ps.mu.Unlock()
	s.writeStatus(w, a.base, http.StatusMultiStatus, res)
}

// writeStatus is writeOK with another status (207).
func (s *Simulator) writeStatus(w http.ResponseWriter, endpoint string, status int, v any) {
	sw := &statusOverride{ResponseWriter: w, status: status}
	s.writeOK(sw, endpoint, v)
}

// statusOverride replaces the 200 writeOK writes.
type statusOverride struct {
	http.ResponseWriter
	status int
}

func (w *statusOverride) WriteHeader(code int) {
	if code == http.StatusOK {
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusOverride) Unwrap() http.ResponseWriter { return w.ResponseWriter }
