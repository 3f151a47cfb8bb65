package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// keyTimeLayout formats the time part of an update's key.
const keyTimeLayout = "2006-01-02T15:04:05Z"

var (
	// WorkbenchAlert is a /v3.0/workbench/alerts item read by creation.
	WorkbenchAlert = &Kind{
		head:    func(it *item) (head, error) { return workbenchHead(it, false) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteWorkbench(body, attrs, false) },
		ocsf:    ocsfWorkbenchAlert,
	}
	// WorkbenchAlertUpdate is the same item read by update (updates mode):
	// every state of an alert is a record of its own.
	WorkbenchAlertUpdate = &Kind{
		head:    func(it *item) (head, error) { return workbenchHead(it, true) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteWorkbench(body, attrs, true) },
		ocsf:    ocsfWorkbenchAlert,
	}
)

// workbenchHead reads a workbench alert (§2.2), versioned by
// updatedDateTime; its severity is the alert's.
func workbenchHead(it *item, update bool) (head, error) {
	h, err := versionedHead(it, "updatedDateTime", update)
	if err != nil {
		return head{}, err
	}
	h.severity, h.sevText = riskField(it.body, "severity")
	return h, nil
}

// createdHead reads an item keyed by its id and windowed on, and stamped
// with, its createdDateTime.
func createdHead(it *item) (head, error) {
	id, err := requiredKey(it.body, "id")
	if err != nil {
		return head{}, err
	}
	created, err := requiredTime(it.body, "createdDateTime")
	if err != nil {
		return head{}, err
	}
	return head{meta: Meta{Key: id, Cursor: created}, timestamp: created}, nil
}

// versionedHead reads an item that changes after it is created (workbench
// alerts, cases, tasks). A new item is keyed by id and windowed on
// createdDateTime; in updates mode each state is keyed by id@<changed>
// (UTC, whole seconds) and windowed on the changed field. Both name the
// state as its Version, which tells the updates stream which states the
// first stream delivered (an item without the changed field has none).
func versionedHead(it *item, changed string, update bool) (head, error) {
	h, err := createdHead(it)
	if err != nil {
		return head{}, err
	}
	at, err := requiredTime(it.body, changed)
	switch {
	case err == nil:
		h.meta.Version, h.meta.VersionTime = h.meta.Key+"@"+at.Format(keyTimeLayout), at
	case update:
		return head{}, err
	}
	if update {
		h.meta.Key = h.meta.Version
		h.meta.Cursor, h.timestamp = at, at
	}
	return h, nil
}

func promoteWorkbench(body, attrs pcommon.Map, update bool) {
	putStr(attrs, attrAlertID, body, "id")
	putStr(attrs, attrAlertModel, body, "model")
	putStr(attrs, attrAlertModelID, body, "modelId")
	// The model is the rule that raised the alert (semconv security_rule.*).
	putStr(attrs, attrRuleName, body, "model")
	putStr(attrs, attrRuleUUID, body, "modelId")
	promoteImpactScope(body, attrs)
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
