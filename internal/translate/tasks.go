package translate

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Task histories (docs/visionone-api.md §6.3–6.5): response tasks, security
// playbook tasks and endpoint security tasks. Each task is keyed by id and
// windowed on createdDateTime; its status changes move lastActionDateTime,
// by which an updates stream reads it again. A failed task is an error, one
// refused or cancelled a warning.
var (
	// ResponseTask is a /v3.0/response/tasks item (an isolate, collect,
	// block or other response action) read by creation.
	ResponseTask = &Kind{
		head:    func(it *item) (head, error) { return taskHead(it, false) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteTask(body, attrs, false) },
		ocsf:    ocsfTask,
	}
	// ResponseTaskUpdate is the same item read by its last action.
	ResponseTaskUpdate = &Kind{
		head:    func(it *item) (head, error) { return taskHead(it, true) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteTask(body, attrs, true) },
		ocsf:    ocsfTask,
	}
	// PlaybookTask is a /v3.0/securityPlaybooks/tasks item.
	PlaybookTask = &Kind{
		head:    func(it *item) (head, error) { return taskHead(it, false) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteTask(body, attrs, false) },
		ocsf:    ocsfTask,
	}
	// EndpointSecurityTask is a /v3.0/endpointSecurity/tasks item read by
	// creation, EndpointSecurityTaskUpdate by its last action.
	EndpointSecurityTask = &Kind{
		head:    func(it *item) (head, error) { return taskHead(it, false) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteTask(body, attrs, false) },
		ocsf:    ocsfTask,
	}
	EndpointSecurityTaskUpdate = &Kind{
		head:    func(it *item) (head, error) { return taskHead(it, true) },
		promote: func(body, attrs pcommon.Map, _ Options) { promoteTask(body, attrs, true) },
		ocsf:    ocsfTask,
	}
)

func taskHead(it *item, update bool) (head, error) {
	h, err := versionedHead(it, "lastActionDateTime", update)
	if err != nil {
		return head{}, err
	}
	h.severity, h.sevText = taskSeverity(it.body)
	return h, nil
}

// taskSeverity maps a task's status.
func taskSeverity(m pcommon.Map) (plog.SeverityNumber, string) {
	s, ok := str(m, "status")
	if !ok {
		return plog.SeverityNumberUnspecified, ""
	}
	switch strings.ToLower(s) {
	case "failed":
		return plog.SeverityNumberError, s
	case "rejected", "canceled", "partiallysucceeded":
		return plog.SeverityNumberWarn, s
	}
	return plog.SeverityNumberInfo, s
}

func promoteTask(body, attrs pcommon.Map, update bool) {
	putStr(attrs, attrTaskID, body, "id")
	putStr(attrs, attrTaskAction, body, "action")
	putStr(attrs, attrTaskStatus, body, "status")
	putStr(attrs, attrPlaybookName, body, "playbookName")
	putStr(attrs, attrPlaybookType, body, "playbookType")
	putStr(attrs, attrHostName, body, "endpointName")
	putStr(attrs, attrHostID, body, "agentGuid")
	putStr(attrs, attrUserName, body, "account")
	if update {
		attrs.PutBool(attrTaskUpdate, true)
	}
}
