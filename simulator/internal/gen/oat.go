package gen

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Observed Attack Techniques items (§3.2). The detail of an
// event is the data-lake record of its source (the same generators as the
// search feeds), matched to the filter that fired, so highlightedObjects
// quote values the detail really holds.

// oatSource is one value of the item's source field.
type oatSource struct {
	name       string
	entityType string // §3.2 entityType enum
	detail     sourceBuilder
	// entityName names the entity from the detail; nil for endpoint sources,
	// which use the HOST(ip1,ip2) form.
	entityName func(detail map[string]any) string
}

var oatSources = []weighted[*oatSource]{
	{52, &oatSource{name: "endpointActivityData", entityType: "endpoint", detail: oatEndpointDetail}},
	{10, &oatSource{name: "detections", entityType: "endpoint", detail: endpointDetection}},
	{8, &oatSource{name: "networkActivityData", entityType: "network", detail: webGatewayRecord, entityName: field("clientIp")}},
	{7, &oatSource{name: "cloudActivityData", entityType: "cloudtrail", detail: cloudTrailRecord, entityName: field("recipientAccountId")}},
	{7, &oatSource{name: "emailActivityData", entityType: "mailbox", detail: emailActivityItem, entityName: field("mailbox")}},
	{5, &oatSource{name: "identityActivityData", entityType: "identity", detail: identityActivityItem, entityName: field("principalName")}},
	{5, &oatSource{name: "containerActivityData", entityType: "container", detail: containerActivityItem, entityName: field("containerName")}},
	{3, &oatSource{name: "mobileActivityData", entityType: "endpoint", detail: mobileActivityItem}},
	{3, &oatSource{name: "thirdPartyLogData", entityType: "network", detail: thirdPartyRecord, entityName: field("src")}},
}

// field names the entity by a detail field: a string, or the first of a
// string array.
func field(name string) func(map[string]any) string {
	return func(m map[string]any) string {
		switch v := m[name].(type) {
		case string:
			return v
		case []string:
			if len(v) > 0 {
				return v[0]
			}
		}
		return ""
	}
}

var riskOrder = map[string]int{"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}

func oatItem(r Record) map[string]any {
	d := newDraw(r, streamItem)
	src := pickWeighted(d, oatSources)
	filters := []*oatFilter{pick(d, oatFilters[src.name])}
	if f := filters[0]; f.scenario != "" && d.chance(0.2) {
		filters = appendSiblings(filters, oatFilters[src.name])
	}
	uuid := uuidFor(r.Seed)
	detail := src.detail(d, filters[0].scenario)
	detail["uuid"] = uuid
	// eventTime is epoch ms: an integer as declared; with Quirks also the
	// string of the document's detail example and real items (§1.4).
	detail["eventTime"] = oatEventTime(d)
	conformOATDetail(d, src.name, detail)
	tags, risk := make([]string, 0, 4), "info"
	rendered := make([]any, len(filters))
	for i, f := range filters {
		for _, t := range f.techniques {
			tags = append(tags, mitreTag(d, t))
		}
		if f.custom {
			tags = append(tags, "XCUS."+f.id)
		} else {
			tags = append(tags, "XSAE."+f.id)
		}
		if riskOrder[f.risk] > riskOrder[risk] {
			risk = f.risk
		}
		rendered[i] = renderFilter(f, detail)
	}
	detail["tags"] = tags
	detail["filterRiskLevel"] = risk
	detail["bitwiseFilterRiskLevel"] = riskBits[risk]

	item := map[string]any{
		"source":           src.name,
		"uuid":             uuid,
		"filters":          rendered,
		"detectedDateTime": isoSeconds(r.Time),
		"ingestedDateTime": isoSeconds(r.Ingested),
		"entityType":       src.entityType,
		"detail":           detail,
	}
	if src.entityName != nil {
		item["entityName"] = src.entityName(detail)
		return item
	}
	name, _ := detail["endpointHostName"].(string)
	guid, _ := detail["endpointGuid"].(string)
	if guid == "" {
		guid, _ = detail["endpointGUID"].(string)
	}
	ips, _ := detail["endpointIp"].([]string)
	item["endpoint"] = map[string]any{"endpointName": name, "agentGuid": guid, "ips": ips}
	item["entityName"] = name + "(" + strings.Join(ips, ",") + ")"
	return item
}

// appendSiblings adds the other filters of the same scenario (a custom and a
// preset filter often fire on one event).
func appendSiblings(fs []*oatFilter, all []*oatFilter) []*oatFilter {
	for _, f := range all {
		if f != fs[0] && f.scenario == fs[0].scenario {
			fs = append(fs, f)
		}
	}
	return fs
}

// renderFilter builds filters[] with highlightedObjects quoting the detail;
// their value is a string, an integer or a string array (§3.2).
func renderFilter(f *oatFilter, detail map[string]any) map[string]any {
	objs := make([]any, 0, len(f.highlight))
	for _, h := range f.highlight {
		if v, ok := detail[h.field]; ok {
			objs = append(objs, map[string]any{"type": h.typ, "field": h.field, "value": v})
		}
	}
	typ := "preset"
	if f.custom {
		typ = "custom"
	}
	return map[string]any{
		"id":                 f.id,
		"name":               f.name,
		"description":        f.description,
		"mitreTacticIds":     f.tactics,
		"mitreTechniqueIds":  f.techniques,
		"highlightedObjects": objs,
		"riskLevel":          f.risk,
		"type":               typ,
	}
}

// oatEndpointDetail is the rich endpoint activity record of the document's
// detail example. processLaunchTime comes as a string, an integer, or a
// float with a ".0" as in the real OAT item of §0 (§1.4); json.Number keeps
// that literal when marshalled.
func oatEndpointDetail(d *draw, scenario string) map[string]any {
	a := d.play(behaviourByName[scenario], nil)
	m := endpointRecord(d, a, true)
	switch d.IntN(3) {
	case 0:
		m["processLaunchTime"] = a.processLaunch
	case 1:
		m["processLaunchTime"] = json.Number(strconv.FormatInt(a.processLaunch, 10) + ".0")
	}
	return m
}
