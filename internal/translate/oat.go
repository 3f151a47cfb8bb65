package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// OATDetection is a /v3.0/oat/detections item.
var OATDetection = &Kind{head: oatHead, promote: func(body, attrs pcommon.Map, _ Options) { promoteOAT(body, attrs) }, ocsf: ocsfOATDetection}

// oatHead reads an Observed Attack Techniques detection (§3.2): keyed by
// uuid, windowed on ingestedDateTime (detectedDateTime when the API omits
// it), stamped with detectedDateTime, severity the highest filter risk level.
func oatHead(it *item) (head, error) {
	key, err := requiredKey(it.body, "uuid")
	if err != nil {
		return head{}, err
	}
	detected, err := requiredTime(it.body, "detectedDateTime")
	if err != nil {
		return head{}, err
	}
	cursor, err := timeWithFallback(it.body, "ingestedDateTime", "detectedDateTime")
	if err != nil {
		return head{}, err
	}
	h := head{meta: Meta{Key: key, Cursor: cursor}, timestamp: detected}
	h.severity, h.sevText = highestRisk(it.body)
	return h, nil
}

func promoteOAT(body, attrs pcommon.Map) {
	putStr(attrs, attrOATSource, body, "source")
	putStr(attrs, attrOATEntityType, body, "entityType")

	var filterIDs, tactics, techniques stringSet
	objects(body, "filters", func(f pcommon.Map) {
		if id, ok := str(f, "id"); ok {
			filterIDs.add(id)
		}
		tactics.addStrings(f, "mitreTacticIds")
		techniques.addStrings(f, "mitreTechniqueIds")
	})
	filterIDs.put(attrs, attrOATFilterIDs)
	tactics.put(attrs, attrMitreTacticIDs)
	techniques.put(attrs, attrMitreTechniqueIDs)
	promoteOneFilter(body, attrs)

	if ep, ok := body.Get("endpoint"); ok && ep.Type() == pcommon.ValueTypeMap {
		putStr(attrs, attrHostName, ep.Map(), "endpointName")
		putStr(attrs, attrHostID, ep.Map(), "agentGuid")
		if ips, ok := ep.Map().Get("ips"); ok {
			putStrings(attrs, attrHostIP, ips)
		}
	}
	// The detail is the activity item the filters matched.
	if detail, ok := mapField(body, "detail"); ok {
		promoteActivity(detail, attrs)
	}
}
