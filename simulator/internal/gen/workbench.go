package gen

import (
	"fmt"
	"time"
)

// Workbench alerts (§2.2). An alert is built as a struct in
// its initial state, the changes of its version plan up to asOf are applied
// (workbench_versions.go), and the result is rendered to the API's JSON shape.

// Management scope ids stamped on host entities (optional fields, §2.2).
const (
	scopeGroupID     = "deadbeef-292e-42ae-86be-d2fef483a248"
	scopeInstanceID  = "1babc299-52de-44f4-a1d2-8a224f391eee"
	scopePartitionID = "4c1850c0-8a2a-4637-9f88-6afbab54dd79"
)

type alert struct {
	id                  string
	provider            string // SAE or TI
	schemaVersion       string
	modelID, model      string
	modelType           string
	description         string
	score               int
	created, updated    time.Time
	firstInvestigated   time.Time // zero until an analyst acts
	status              string
	investigationStatus string
	investigationResult string
	owners              []string
	ownersShown         bool // render ownerIds (absent otherwise; optional in the document)
	incidentID, caseID  string
	entities            []*entity
	indicators          []*indicator
	// nestedRelated renders relatedEntities as string[][] (§2.2 allows both).
	nestedRelated bool

	matchedRules []any // SAE
	ti           *tiReport
	patterns     []any // TI matchedIndicatorPatterns
	matchedCount int   // TI matchedIndicatorCount
}

type entity struct {
	typ        string // host|account|emailAddress|container|cloudIdentity
	value      any    // host object or string
	id         any    // string, or the host's IPs as string[]
	related    []string
	indicators []int
	provenance []string
	server     bool
	scoped     bool // carries managementScope* ids
}

type indicator struct {
	id         int
	typ, field string
	value      any // string or host object
	related    []string
	filterIDs  []string
	provenance []string
	// TI only
	fields     []any
	patternIDs []string
	firstSeen  []string
	lastSeen   []string
}

func workbenchID(r Record) string {
	return fmt.Sprintf("WB-9002-%s-%05d", r.Time.UTC().Format("20060102"), r.Ordinal)
}

func workbenchItem(r Record, asOf time.Time) map[string]any {
	d := newDraw(r, streamItem)
	a := &alert{
		id:                  workbenchID(r),
		created:             r.Time,
		status:              "Open",
		investigationStatus: "New",
		investigationResult: "No Findings",
		modelType:           "preset",
		nestedRelated:       d.chance(0.1),
	}
	if d.chance(0.8) {
		buildSAE(d, a)
	} else {
		buildTI(d, a)
	}
	switch roll := d.IntN(4); {
	case roll == 0: // a playbook assigned an owner at creation
		a.owners, a.ownersShown = []string{pick(d, analysts)}, true
	case roll == 1:
		a.owners, a.ownersShown = []string{}, true
	}
	if d.chance(0.25) {
		a.incidentID = fmt.Sprintf("IC-1-%s-%05d", r.Time.UTC().Format("20060102"), d.between(1, 9999))
	}
	p := planFor(r)
	a.updated = p.initial
	for i, c := range p.changes {
		if c.at.After(asOf) {
			break
		}
		c.apply(newDraw(r, streamVersion+uint64(i)), a)
		a.updated = c.at
	}
	return a.render()
}

// severityFor maps a score to the severity band (critical ≥ 80, high ≥ 60,
// medium ≥ 40, low below), matching the document's example pairs (83 critical,
// 64 high, 51 medium, 42 medium).
func severityFor(score int) string {
	switch {
	case score >= 80:
		return "critical"
	case score >= 60:
		return "high"
	case score >= 40:
		return "medium"
	default:
		return "low"
	}
}

func (a *alert) render() map[string]any {
	m := map[string]any{
		"schemaVersion":       a.schemaVersion,
		"id":                  a.id,
		"investigationStatus": a.investigationStatus,
		"status":              a.status,
		"investigationResult": a.investigationResult,
		"workbenchLink":       "https://portal.xdr.trendmicro.com/index.html#/workbench/alerts/" + a.id,
		"alertProvider":       a.provider,
		"modelId":             a.modelID,
		"model":               a.model,
		"modelType":           a.modelType,
		"score":               a.score,
		"severity":            severityFor(a.score),
		"createdDateTime":     isoSeconds(a.created),
		"updatedDateTime":     isoSeconds(a.updated),
		"impactScope":         a.renderScope(),
		"indicators":          a.renderIndicators(),
	}
	if !a.firstInvestigated.IsZero() {
		m["firstInvestigatedDateTime"] = isoSeconds(a.firstInvestigated)
	}
	if a.ownersShown {
		m["ownerIds"] = a.owners
	}
	if a.incidentID != "" {
		m["incidentId"] = a.incidentID
	}
	if a.caseID != "" {
		m["caseId"] = a.caseID
	}
	if a.provider == "SAE" {
		m["description"] = a.description
		m["matchedRules"] = a.matchedRules
		return m
	}
	m["campaign"] = a.ti.campaign
	m["industry"] = a.ti.industry
	m["regionAndCountry"] = a.ti.regionCountry
	m["createdBy"] = a.ti.createdBy
	m["totalIndicatorCount"] = max(a.ti.totalIndicators, a.matchedCount)
	m["matchedIndicatorCount"] = a.matchedCount
	m["reportLink"] = "https://portal.xdr.trendmicro.com/index.html#/threat-intelligence/reports/" + a.ti.modelID
	m["matchedIndicatorPatterns"] = a.patterns
	return m
}

func (a *alert) renderScope() map[string]any {
	counts := map[string]int{}
	entities := make([]any, len(a.entities))
	for i, e := range a.entities {
		switch {
		case e.typ == "host" && e.server:
			counts["serverCount"]++
		case e.typ == "host":
			counts["desktopCount"]++
		default:
			counts[e.typ+"Count"]++
		}
		m := map[string]any{
			"entityType":          e.typ,
			"entityValue":         e.value,
			"entityId":            e.id,
			"relatedEntities":     a.related(e.related),
			"relatedIndicatorIds": e.indicators,
			"provenance":          e.provenance,
		}
		if e.scoped {
			m["managementScopeGroupId"] = scopeGroupID
			m["managementScopeInstanceId"] = scopeInstanceID
			m["managementScopePartitionKey"] = scopePartitionID
		}
		entities[i] = m
	}
	return map[string]any{
		"desktopCount":       counts["desktopCount"],
		"serverCount":        counts["serverCount"],
		"accountCount":       counts["accountCount"],
		"emailAddressCount":  counts["emailAddressCount"],
		"containerCount":     counts["containerCount"],
		"cloudIdentityCount": counts["cloudIdentityCount"],
		"entities":           entities,
	}
}

// related renders a relatedEntities list, nested one level for the alerts
// that use the string[][] form.
func (a *alert) related(ids []string) any {
	if !a.nestedRelated {
		return ids
	}
	out := make([][]string, len(ids))
	for i, id := range ids {
		out[i] = []string{id}
	}
	return out
}

func (a *alert) renderIndicators() []any {
	out := make([]any, len(a.indicators))
	for i, in := range a.indicators {
		m := map[string]any{
			"id":              in.id,
			"type":            in.typ,
			"value":           in.value,
			"relatedEntities": a.related(in.related),
			"provenance":      in.provenance,
		}
		if a.provider == "SAE" {
			m["field"] = in.field
			m["filterIds"] = in.filterIDs
		} else {
			m["fields"] = in.fields
			m["matchedIndicatorPatternIds"] = in.patternIDs
			m["firstSeenDateTimes"] = in.firstSeen
			m["lastSeenDateTimes"] = in.lastSeen
		}
		out[i] = m
	}
	return out
}

// hostEntity builds the impact-scope entry of a host: its value is the
// {name, ips, guid} object, sometimes with an empty string among the ips and
// sometimes identified by its IPs instead of its GUID (§2.2).
func hostEntity(d *draw, h *host, provenance string) *entity {
	ips := h.ips
	if d.chance(0.1) {
		ips = append(append([]string{}, h.ips...), "")
	}
	var id any = h.guid
	if d.chance(0.1) {
		id = h.ips
	}
	return &entity{
		typ:        "host",
		value:      hostObject(h, ips),
		id:         id,
		provenance: []string{provenance},
		server:     h.server,
		scoped:     true,
		indicators: []int{},
		related:    []string{},
	}
}

func hostObject(h *host, ips []string) map[string]any {
	return map[string]any{"guid": h.guid, "name": h.name, "ips": ips}
}

// stringEntity builds an account, email address, container or cloud identity entry.
func stringEntity(typ, value, id, provenance string) *entity {
	return &entity{typ: typ, value: value, id: id, provenance: []string{provenance}, indicators: []int{}, related: []string{}}
}
