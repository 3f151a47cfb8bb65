package simulator

import (
	"strings"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/filterlang"
	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator/internal/gen"
)

// filterFields are the TMV1-Filter fields of an endpoint and where each sits
// in an item (an empty path: a top-level key of the same name).
type filterFields map[string]string

// workbenchFilterFields: §2.1. Host entities and indicators resolve to the
// host's name (see itemResolver).
var workbenchFilterFields = filterFields{
	"id": "", "investigationStatus": "", "status": "", "investigationResult": "", "alertProvider": "",
	"modelId": "", "model": "", "modelType": "", "severity": "", "incidentId": "",
	"impactScopeEntityValue": "impactScope.entities.entityValue",
	"indicatorValue":         "indicators.value",
}

// oatFilterFields: §3.1; riskLevel and the filter* fields match any of the
// item's filters.
var oatFilterFields = filterFields{
	"uuid":                   "",
	"riskLevel":              "filters.riskLevel",
	"filterName":             "filters.name",
	"filterMitreTacticId":    "filters.mitreTacticIds",
	"filterMitreTechniqueId": "filters.mitreTechniqueIds",
	"endpointName":           "endpoint.endpointName",
	"agentGuid":              "endpoint.agentGuid",
	"endpointIp":             "endpoint.ips",
	"productCode":            "detail.productCode",
	"containerName":          "detail.containerName",
}

// auditFilterFields: §5.1, all top level.
var auditFilterFields = filterFields{
	"loggedUser": "", "loggedRole": "", "accessType": "", "category": "", "activity": "", "result": "",
}

// The Container Security event logs' fields (§6.1), all top level; each
// endpoint documents its own list, the Kubernetes sensor events the ECS
// ones' and eventType.
var (
	containerAuditFilterFields = filterFields{"clusterId": "", "priority": "", "source": ""}
	k8sSensorFilterFields      = filterFields{
		"clusterId": "", "clusterName": "", "policyId": "", "policyName": "", "mitigation": "", "ruleName": "",
		"ruleId": "", "eventType": "",
	}
	ecsSensorFilterFields = filterFields{
		"clusterId": "", "clusterName": "", "policyId": "", "policyName": "", "mitigation": "", "ruleName": "",
		"ruleId": "",
	}
	containerEvalFilterFields = filterFields{
		"action": "", "clusterId": "", "clusterName": "", "decision": "", "mitigation": "", "policyId": "",
		"policyName": "", "namespace": "", "operation": "",
	}
)

// accountCompromiseFilterFields: §6.6; name and riskLevel are the risk
// event's.
var accountCompromiseFilterFields = filterFields{
	"id": "", "account": "", "name": "riskEvent.name", "riskLevel": "riskEvent.riskLevel",
}

// The fields of cases (§6.2) and tasks (§6.3–6.5), all top level.
var (
	caseFilterFields                 = filterFields{"type": "", "priority": "", "status": ""}
	responseTaskFilterFields         = filterFields{"id": "", "status": "", "action": "", "account": ""}
	playbookTaskFilterFields         = filterFields{"id": "", "playbookName": "", "status": ""}
	endpointSecurityTaskFilterFields = filterFields{"id": "", "agentGuid": "", "status": "", "action": ""}
)

// The item paths of the nested fields, for the tests that resolve them
// directly (the feeds' filter rules compute their own, filters.go).
var workbenchFilterPaths, oatFilterPaths = workbenchFilterFields.paths(), oatFilterFields.paths()

func (f filterFields) names() map[string]bool {
	m := make(map[string]bool, len(f))
	for name := range f {
		m[name] = true
	}
	return m
}

func (f filterFields) paths() map[string]string {
	m := map[string]string{}
	for name, path := range f {
		if path != "" {
			m[name] = path
		}
	}
	return m
}

// queryFields lists a search source's TMV1-Query fields with how each
// matches: partial (substring) or full. partial and full are the fields
// Trend's OpenAPI document for v3.0 documents for the source (the
// TMV1-Query parameter of GET /v3.0/search/<source>, "Partial match" /
// "Full match"), exactly; spec_test.go checks them against the document.
// extraPartial and extraFull are fields of the simulator's items the
// document does not list for the source, accepted as well because the
// document points to Trend's data mapping tables for the full set (assumed:
// hashes, ports, pids and numeric ids as full matches).
type queryFields struct{ partial, full, extraPartial, extraFull string }

// matchKinds is q in filterlang's terms.
func (q queryFields) matchKinds() map[string]filterlang.MatchKind {
	m := map[string]filterlang.MatchKind{}
	for _, f := range strings.Fields(q.extraPartial) {
		m[f] = filterlang.Partial
	}
	for _, f := range strings.Fields(q.extraFull) {
		m[f] = filterlang.Full
	}
	for _, f := range strings.Fields(q.partial) { // documented: wins over an extra
		m[f] = filterlang.Partial
	}
	for _, f := range strings.Fields(q.full) {
		m[f] = filterlang.Full
	}
	return m
}

// searchQueryFields and searchMatchKinds index the search sources'
// TMV1-Query fields by feed, for the tests that compare them with the
// document.
var searchQueryFields, searchMatchKinds = func() (map[gen.Kind]queryFields, map[gen.Kind]map[string]filterlang.MatchKind) {
	fields, kinds := map[gen.Kind]queryFields{}, map[gen.Kind]map[string]filterlang.MatchKind{}
	for _, f := range feedList {
		if q := f.filter.query; q != nil {
			fields[f.kind], kinds[f.kind] = *q, f.filter.matchKinds
		}
	}
	return fields, kinds
}()
