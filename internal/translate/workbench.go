package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// keyTimeLayout formats the updatedDateTime part of a workbench update key.
const keyTimeLayout = "2006-01-02T15:04:05Z"

// workbenchHead reads a workbench alert (§2.2). New alerts are keyed by id
// and windowed on createdDateTime; in updates mode each state is keyed by
// id@updatedDateTime and windowed on updatedDateTime (§2.3).
func workbenchHead(it *item, update bool) (head, error) {
	id, err := requiredKey(it.body, "id")
	if err != nil {
		return head{}, err
	}
	created, err := requiredTime(it.body, "createdDateTime")
	if err != nil {
		return head{}, err
	}
	h := head{meta: Meta{Key: id, Cursor: created, Created: created}, timestamp: created}
	if update {
		updated, err := requiredTime(it.body, "updatedDateTime")
		if err != nil {
			return head{}, err
		}
		h.meta.Key = id + "@" + updated.Format(keyTimeLayout)
		h.meta.Cursor, h.timestamp = updated, updated
	}
	h.severity, h.sevText = riskField(it.body, "severity")
	return h, nil
}

func promoteWorkbench(body, attrs pcommon.Map, update bool) {
	putStr(attrs, attrAlertID, body, "id")
	putStr(attrs, attrAlertModel, body, "model")
	putStr(attrs, attrAlertModelID, body, "modelId")
	putStr(attrs, attrAlertProvider, body, "alertProvider")
	if v, ok := body.Get("score"); ok && v.Type() == pcommon.ValueTypeInt {
		attrs.PutInt(attrAlertScore, v.Int())
	}
	putStr(attrs, attrAlertStatus, body, "status")
	putStr(attrs, attrAlertInvestigationResult, body, "investigationResult")

	// SAE alerts list techniques per matched filter; TI alerts have none.
	var techniques stringSet
	objects(body, "matchedRules", func(rule pcommon.Map) {
		objects(rule, "matchedFilters", func(filter pcommon.Map) {
			techniques.addStrings(filter, "mitreTechniqueIds")
		})
	})
	techniques.put(attrs, attrMitreTechniqueIDs)

	if update {
		attrs.PutBool(attrAlertUpdate, true)
	}
}
