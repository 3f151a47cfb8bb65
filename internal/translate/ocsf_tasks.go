package translate

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// OCSF mapping of the task histories (docs/visionone-api.md §6.3–6.5;
// README, "OCSF output"): response tasks, security playbook runs and
// endpoint security tasks are all Remediation Activity, the OCSF class of a
// command (command_uid, the task id) run against the tenant's assets and
// its outcome. A response action that contains, evicts, restores or
// detects is that activity (OCSF follows MITRE D3FEND's tactics); the
// others (collecting files or evidence, remote shells, scripts, playbook
// runs, endpoint list exports and deletions) remediate nothing by
// themselves and are Other, with the action as the activity's caption.
// An updates stream's record (key id@lastActionDateTime) is the same
// command in a later state: its status, not its activity, differs.

var profilesHost = []string{"host"}

// taskAction is one response action: its Remediation Activity activity and
// the D3FEND tactic and technique (https://d3fend.mitre.org) it applies.
type taskAction struct {
	action       string
	activityID   int64
	activityName string
	tactic       string
	techUID      string
	techName     string
}

var taskActions = []taskAction{
	{"isolate", 1, "Isolate", "Isolate", "D3-NI", "Network Isolation"},
	{"isolateForMultiple", 1, "Isolate", "Isolate", "D3-NI", "Network Isolation"},
	{"isolateContainer", 1, "Isolate", "Isolate", "D3-NI", "Network Isolation"},
	{"quarantineMessage", 1, "Isolate", "Isolate", "", ""},
	{"block", 1, "Isolate", "Isolate", "", ""}, // adds to the Suspicious Object List, which products then block
	{"terminateProcess", 2, "Evict", "Evict", "D3-PT", "Process Termination"},
	{"terminateContainer", 2, "Evict", "Evict", "", ""},
	{"deleteMessage", 2, "Evict", "Evict", "D3-ER", "Email Removal"},
	{"disableAccount", 2, "Evict", "Evict", "D3-AL", "Account Locking"},
	{"forceSignOut", 2, "Evict", "Evict", "", ""},
	{"resetPassword", 2, "Evict", "Evict", "", ""},
	{"restoreIsolate", 3, "Restore", "Restore", "", ""},
	{"restoreIsolateForMultiple", 3, "Restore", "Restore", "", ""},
	{"restoreContainer", 3, "Restore", "Restore", "", ""},
	{"restoreMessage", 3, "Restore", "Restore", "", ""},
	{"restoreBlock", 3, "Restore", "Restore", "", ""},
	{"enableAccount", 3, "Restore", "Restore", "", ""},
	{"submitSandbox", 5, "Detect", "Detect", "D3-DA", "Dynamic Analysis"},
	{"malwareScanForMultiple", 5, "Detect", "Detect", "", ""},
	{"runYaraRules", 5, "Detect", "Detect", "", ""},
}

func findTaskAction(action string) (taskAction, bool) {
	for _, a := range taskActions {
		if strings.EqualFold(a.action, action) {
			return a, true
		}
	}
	return taskAction{}, false
}

// taskStatus maps a task status to Remediation Activity's status_id; it
// reports whether the task is over (its last action is its end).
func taskStatus(status string) (id int64, caption string, final bool) {
	switch strings.ToLower(status) {
	case "":
		return 0, "Unknown", false
	case "succeeded":
		return 1, "Success", true
	case "failed":
		return 2, "Failure", true
	case "partiallysucceeded":
		return 4, "Partial", true
	case "rejected", "canceled", "cancelled":
		return 99, status, true
	}
	return 99, status, false // queued, running, pendingApproval, …
}

// taskObservables are the target fields of a task (top-level, or of each
// tasks[] target) that name something a SIEM pivots on, with their
// observable type (OCSF observable type_id).
var taskObservables = []struct {
	field, name string
	typeID      int64
	typ         string
}{
	{"url", "url", 6, "URL String"},
	{"domain", "domain", 1, "Hostname"},
	{"ip", "ip", 2, "IP Address"},
	{"senderMailAddress", "senderMailAddress", 5, "Email Address"},
	{"fileSha1", "fileSha1", 8, "Hash"},
	{"fileSha256", "fileSha256", 8, "Hash"},
	{"filePath", "filePath", 45, "File Path"},
	{"imagePath", "imagePath", 45, "File Path"},
	{"fileName", "fileName", 7, "File Name"},
	{"pid", "pid", 15, "Process ID"},
	{"kubernetesClusterId", "kubernetesClusterId", 10, "Resource UID"},
	{"kubernetesPodId", "kubernetesPodId", 10, "Resource UID"},
	{"kubernetesPodName", "kubernetesPodName", 38, "Resource Details Name"},
	{"amazonEcsClusterId", "amazonEcsClusterId", 10, "Resource UID"},
	{"amazonEcsTaskArn", "amazonEcsTaskArn", 10, "Resource UID"},
	{"amazonEcsTaskId", "amazonEcsTaskId", 10, "Resource UID"},
}

// taskTargetObservables are those of tasks[] targets, named by their path.
var taskTargetObservables = []struct {
	field, name string
	typeID      int64
	typ         string
}{
	{"endpointName", "tasks.endpointName", 1, "Hostname"},
	{"agentGuid", "tasks.agentGuid", 47, "Device Unique ID"},
	{"accountName", "tasks.accountName", 34, "Account Name"},
	{"mailBox", "tasks.mailBox", 5, "Email Address"},
	{"messageId", "tasks.messageId", 41, "Email Unique ID"},
	{"uniqueId", "tasks.uniqueId", 41, "Email Unique ID"},
	{"fileName", "tasks.fileName", 7, "File Name"},
	{"fileSha1", "tasks.fileSha1", 8, "Hash"},
	{"fileSha256", "tasks.fileSha256", 8, "Hash"},
}

func ocsfTask(in *ocsfItem, ev *ocsfEvent) {
	action := in.peek("action")
	playbook := in.has("playbookId") || in.has("playbookName")
	a, known := findTaskAction(action)
	switch {
	case known:
		ev.begin(classRemediationActivity, a.activityID, a.activityName)
		in.value("action")
	case action != "":
		ev.begin(classRemediationActivity, 99, action)
		in.value("action")
	case playbook:
		ev.begin(classRemediationActivity, 99, "Run playbook")
	default:
		ev.begin(classRemediationActivity, 0, "Unknown")
	}
	ev.metadata().strs("profiles", profilesHost)

	id, ok := in.str("id")
	if !ok {
		id = ev.head.meta.Key // command_uid is required
	}
	ev.m.PutStr("command_uid", id)
	if a.tactic != "" {
		c := ev.list("countermeasures")()
		c.obj("d3f_tactic").str("name", a.tactic)
		if a.techUID != "" {
			t := c.obj("d3f_technique")
			t.str("uid", a.techUID)
			t.str("name", a.techName)
		}
	}

	status, _ := in.str("status")
	sid, caption, final := taskStatus(status)
	ev.m.PutInt("status_id", sid)
	ev.m.PutStr("status", caption)
	if e, ok := in.obj("error"); ok {
		if n, ok := e.int("number"); ok {
			ev.m.PutStr("status_code", strconv.FormatInt(n, 10))
		} else if code, ok := e.str("code"); ok {
			ev.m.PutStr("status_code", code)
		}
		if msg, ok := e.str("message"); ok {
			ev.m.PutStr("status_detail", msg)
		}
	}
	if t, ok := in.time("createdDateTime"); ok {
		ev.m.PutInt("start_time", t)
	}
	if t, ok := in.time("lastActionDateTime"); ok {
		if final {
			ev.m.PutInt("end_time", t)
		} else {
			ev.metadata().m.PutInt("modified_time", t)
		}
	}
	if secs, ok := in.int("executionPeriod"); ok && secs >= 0 {
		ev.m.PutInt("duration", secs*1000)
	}
	if d, ok := in.str("description"); ok {
		ev.m.PutStr("message", d)
	}

	// Who ran it: an analyst's account, or Security Playbooks (the
	// account of tasks a playbook started), or for a playbook run the
	// playbook.
	account, _ := in.str("account")
	pbName, _ := in.str("playbookName")
	pbID, _ := in.str("playbookId")
	if account != "" || pbName != "" || pbID != "" {
		actor := ev.obj("actor")
		switch {
		case strings.EqualFold(account, "Security Playbooks"):
			actor.str("app_name", account)
		case account != "":
			u := actor.obj("user")
			putUserName(u, account)
		}
		if pbName != "" || pbID != "" {
			actor.str("app_name", pbName)
			actor.str("app_uid", pbID)
		}
	}
	if d, ok := in.str("playbookDescription"); ok {
		ev.obj("remediation").str("desc", d)
	}

	// The endpoint of a single-endpoint task.
	guid, name := in.peek("agentGuid"), in.peek("endpointName")
	if guid != "" || name != "" {
		d := ev.objN("device", deviceKeys)
		d.str("uid", guid)
		d.str("hostname", name)
		d.m.PutInt("type_id", 0)
		d.m.PutStr("type", "Unknown")
		if guid != "" {
			in.value("agentGuid")
		}
		if name != "" {
			in.value("endpointName")
		}
	}
	taskTargets(in, ev)
}

// taskTargets lists what a task targets as observables: its own target
// fields, read, and those of its tasks[] targets, which stay whole in
// unmapped as well (each target's status, error and scan report have no
// OCSF home).
func taskTargets(in *ocsfItem, ev *ocsfEvent) {
	var add func() ocsfObject
	obs := func(name string, typeID int64, typ, value string) {
		if add == nil {
			add = ev.list("observables")
		}
		o := add()
		o.m.PutStr("name", name)
		o.m.PutInt("type_id", typeID)
		o.m.PutStr("type", typ)
		o.m.PutStr("value", value)
	}
	for _, f := range taskObservables {
		v, ok := in.m.Get(f.field)
		if !ok {
			continue
		}
		if s, ok := taskValue(v); ok {
			in.value(f.field)
			obs(f.name, f.typeID, f.typ, s)
		}
	}
	v, ok := in.m.Get("tasks")
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return
	}
	targets := v.Slice()
	for i := range targets.Len() {
		t := targets.At(i)
		if t.Type() != pcommon.ValueTypeMap {
			continue
		}
		for _, f := range taskTargetObservables {
			if fv, ok := t.Map().Get(f.field); ok {
				if s, ok := taskValue(fv); ok {
					obs(f.name, f.typeID, f.typ, s)
				}
			}
		}
	}
}

// taskValue is a target field as an observable's value: a non-empty
// string or an integer (a pid).
func taskValue(v pcommon.Value) (string, bool) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return v.Str(), v.Str() != ""
	case pcommon.ValueTypeInt:
		return strconv.FormatInt(v.Int(), 10), true
	}
	return "", false
}
