package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Case Management cases (docs/visionone-api.md §6.2): versioned by
// updatedDateTime like workbench alerts; the priority is the severity.
var (
	// Case is a /v3.0/caseManagement/cases item read by creation.
	Case = &Kind{
		head:    func(it *item) (head, error) { return caseHead(it, false) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteCase(body, attrs, false) },
		ocsf:    ocsfCase,
	}
	// CaseUpdate is the same item read by update: each state a record.
	CaseUpdate = &Kind{
		head:    func(it *item) (head, error) { return caseHead(it, true) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteCase(body, attrs, true) },
		ocsf:    ocsfCase,
	}
)

// casePriority maps P0 (the most urgent) to P3.
var casePriority = map[string]plog.SeverityNumber{
	"p0": plog.SeverityNumberFatal, "p1": plog.SeverityNumberError, "p2": plog.SeverityNumberWarn, "p3": plog.SeverityNumberInfo,
}

func caseHead(it *item, update bool) (head, error) {
	h, err := versionedHead(it, "updatedDateTime", update)
	if err != nil {
		return head{}, err
	}
	h.severity, h.sevText = mapped(it.body, "priority", casePriority)
	return h, nil
}

func promoteCase(body, attrs pcommon.Map, update bool) {
	putStr(attrs, attrCaseID, body, "id")
	putStr(attrs, attrCaseStatus, body, "status")
	putStr(attrs, attrCaseType, body, "type")
	putStr(attrs, attrCaseFindings, body, "findings")
	putStr(attrs, attrCasePriority, body, "priority")
	if update {
		attrs.PutBool(attrCaseUpdate, true)
	}
}
