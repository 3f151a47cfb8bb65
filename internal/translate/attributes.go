package translate

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// Attribute names: OpenTelemetry semantic conventions where one exists, else
// trendmicro.visionone.*. The package documentation lists where each comes
// from; the semantic-convention attributes promoted from activity data
// (network, process, file, user, cloud, url, dns, security_rule) are in
// semconv.go, their sources in README.md, Records.
const (
	// attrEventName is semconv's event.name, which semconv v1.43 no longer
	// defines as an attribute constant (the logs data model moved it to a
	// field of its own; the record carries both).
	attrEventName = "event.name"
	attrRecordUID = string(semconv.LogRecordUIDKey)
	attrHostName  = string(semconv.HostNameKey)
	attrHostID    = string(semconv.HostIDKey)
	attrUserName  = string(semconv.UserNameKey)
	attrUserRoles = string(semconv.UserRolesKey)

	attrAlertID                  = "trendmicro.visionone.alert.id"
	attrAlertModel               = "trendmicro.visionone.alert.model"
	attrAlertModelID             = "trendmicro.visionone.alert.model_id"
	attrAlertProvider            = "trendmicro.visionone.alert.provider"
	attrAlertScore               = "trendmicro.visionone.alert.score"
	attrAlertStatus              = "trendmicro.visionone.alert.status"
	attrAlertInvestigationResult = "trendmicro.visionone.alert.investigation_result"
	attrAlertUpdate              = "trendmicro.visionone.alert.update"

	attrMitreTacticIDs    = "trendmicro.visionone.mitre.tactic_ids"
	attrMitreTechniqueIDs = "trendmicro.visionone.mitre.technique_ids"

	attrOATSource     = "trendmicro.visionone.oat.source"
	attrOATEntityType = "trendmicro.visionone.oat.entity_type"
	attrOATFilterIDs  = "trendmicro.visionone.oat.filter_ids"

	attrAuditCategory   = "trendmicro.visionone.audit.category"
	attrAuditActivity   = "trendmicro.visionone.audit.activity"
	attrAuditResult     = "trendmicro.visionone.audit.result"
	attrAuditAccessType = "trendmicro.visionone.audit.access_type"

	attrSearchSource = "trendmicro.visionone.search.source"

	attrContainerRule       = "trendmicro.visionone.container.rule"
	attrContainerEventType  = "trendmicro.visionone.container.event_type"
	attrContainerMitigation = "trendmicro.visionone.container.mitigation"
	attrContainerPolicy     = "trendmicro.visionone.container.policy"
	attrContainerDecision   = "trendmicro.visionone.container.decision"
	attrContainerSource     = "trendmicro.visionone.container.source"

	attrCaseID       = "trendmicro.visionone.case.id"
	attrCaseStatus   = "trendmicro.visionone.case.status"
	attrCaseType     = "trendmicro.visionone.case.type"
	attrCaseFindings = "trendmicro.visionone.case.findings"
	attrCasePriority = "trendmicro.visionone.case.priority"
	attrCaseUpdate   = "trendmicro.visionone.case.update"

	attrTaskID       = "trendmicro.visionone.task.id"
	attrTaskAction   = "trendmicro.visionone.task.action"
	attrTaskStatus   = "trendmicro.visionone.task.status"
	attrTaskUpdate   = "trendmicro.visionone.task.update"
	attrPlaybookName = "trendmicro.visionone.playbook.name"
	attrPlaybookType = "trendmicro.visionone.playbook.type"

	attrPipelineID        = "trendmicro.visionone.pipeline.id"
	attrPipelinePackageID = "trendmicro.visionone.pipeline.package_id"

	attrRiskEvent      = "trendmicro.visionone.risk.event"
	attrRiskLevel      = "trendmicro.visionone.risk.level"
	attrRiskDataSource = "trendmicro.visionone.risk.data_source"
)

// updateAttrs are the attributes an updates stream's record carries, one per
// feed whose items change (README, Records).
var updateAttrs = []string{attrAlertUpdate, attrCaseUpdate, attrTaskUpdate}

// IsUpdate reports whether a record's attributes mark it as a later state
// of its item, read by an updates stream.
func IsUpdate(attrs pcommon.Map) bool {
	for _, k := range updateAttrs {
		if v, ok := attrs.Get(k); ok && v.Type() == pcommon.ValueTypeBool && v.Bool() {
			return true
		}
	}
	return false
}

// PutPipeline names the data pipeline and package a record was read from.
func PutPipeline(attrs pcommon.Map, pipelineID, packageID string) {
	attrs.PutStr(attrPipelineID, pipelineID)
	attrs.PutStr(attrPipelinePackageID, packageID)
}
