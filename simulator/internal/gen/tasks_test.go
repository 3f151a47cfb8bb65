package gen

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// responseActionNames are the actions the `filter` parameter of GET
// /v3.0/response/tasks documents (Trend's OpenAPI document for v3.0).
var responseActionNames = strings.Fields(`isolate isolateForMultiple restoreIsolate restoreIsolateForMultiple
	collectFile terminateProcess block restoreBlock quarantineMessage restoreMessage deleteMessage remoteShell
	investigationKit runCustomScript runCustomScriptForMultiple submitSandbox dumpProcessMemory disableAccount
	enableAccount forceSignOut resetPassword collectNetworkAnalysisPackage collectEvidence runOsquery
	runYaraRules isolateContainer restoreContainer terminateContainer malwareScanForMultiple`)

func TestResponseTasksUseEveryDocumentedAction(t *testing.T) {
	seen := counter{}
	for _, r := range testRecords(ResponseTasks, 5000) {
		a := Item(r, r.Time)["action"].(string)
		if !slices.Contains(responseActionNames, a) {
			t.Fatalf("seed %d: undocumented action %q", r.Seed, a)
		}
		seen[a]++
	}
	seen.requireSeen(t, responseActionNames...)
}

// TestResponseTaskErrors: a failed task says why, at the task level where
// its shape declares an error, else on the target that failed (its last;
// the others succeeded); a task in any other status carries no error.
// Every target shares the task's lastActionDateTime.
func TestResponseTaskErrors(t *testing.T) {
	failed := counter{}
	for _, r := range testRecords(ResponseTasks, 4000) {
		for _, v := range Versions(r) {
			m := Item(r, v)
			status := m["status"].(string)
			targets, _ := m["tasks"].([]any)
			var targetErrors []int
			for i, tg := range targets {
				tg := tg.(map[string]any)
				if tg["lastActionDateTime"] != m["lastActionDateTime"] {
					t.Fatalf("seed %d: target %d at %v, task at %v", r.Seed, i, tg["lastActionDateTime"], m["lastActionDateTime"])
				}
				if tg["error"] != nil {
					targetErrors = append(targetErrors, i)
					checkTaskError(t, r, tg["error"], true)
				} else if want := status; tg["status"] != want && !(status == "failed" && tg["status"] == "succeeded") {
					t.Fatalf("seed %d: target %d %v in a %s task", r.Seed, i, tg["status"], status)
				}
			}
			switch {
			case status != "failed" && (m["error"] != nil || len(targetErrors) > 0):
				t.Fatalf("seed %d: a %s task with errors: %v", r.Seed, status, m)
			case status == "failed" && len(targets) > 0 && !slices.Equal(targetErrors, []int{len(targets) - 1}):
				t.Fatalf("seed %d: failed task, targets with errors %v of %d", r.Seed, targetErrors, len(targets))
			case status == "failed" && len(targets) > 0:
				failed["on a target"]++
			case status == "failed" && m["error"] != nil:
				checkTaskError(t, r, m["error"], true)
				failed["at the task level"]++
			case status == "failed":
				failed["without a declared error ("+m["action"].(string)+")"]++
			}
		}
	}
	failed.requireSeen(t, "on a target", "at the task level")
}

func checkTaskError(t *testing.T, r Record, e any, withNumber bool) {
	t.Helper()
	m := e.(map[string]any)
	_, hasNumber := m["number"]
	if m["code"] != "TaskError" || m["message"] == "" || hasNumber != withNumber {
		t.Fatalf("seed %d: error %v", r.Seed, m)
	}
}

// A collected file is known (hashes, size) once collected, a sandbox
// submission once submitted.
func TestResponseTaskResultsOnSuccess(t *testing.T) {
	results := map[string][]string{"collectFile": {"fileSha1", "fileSha256", "fileSize"}, "submitSandbox": {"sandboxTaskId"}}
	seen := counter{}
	for _, r := range testRecords(ResponseTasks, 4000) {
		for _, v := range Versions(r) {
			m := Item(r, v)
			for _, field := range results[m["action"].(string)] {
				if _, has := m[field]; has != (m["status"] == "succeeded") {
					t.Fatalf("seed %d: %s task %s has %s: %v", r.Seed, m["action"], m["status"], field, has)
				}
				seen[m["action"].(string)+" "+m["status"].(string)]++
			}
		}
	}
	seen.requireSeen(t, "collectFile succeeded", "collectFile running", "submitSandbox succeeded")
}

func TestPlaybookTasks(t *testing.T) {
	types := counter{}
	for _, r := range testRecords(PlaybookTasks, 2000) {
		for _, v := range Versions(r) {
			m := decoded(t, Item(r, v))
			p := playbookNamed(m["playbookName"].(string))
			switch {
			case p == nil || p.id != m["playbookId"] || p.typ != m["playbookType"] || p.description != m["playbookDescription"]:
				t.Fatalf("seed %d: playbook fields %v", r.Seed, m)
			case m["executionPeriod"].(interface{ String() string }).String() != strconv.Itoa(int(v.Sub(r.Time)/time.Second)):
				t.Fatalf("seed %d: executionPeriod %v at +%v", r.Seed, m["executionPeriod"], v.Sub(r.Time))
			case m["status"] == "failed":
				checkTaskError(t, r, m["error"], false)
			}
			types[p.typ]++
		}
	}
	types.requireSeen(t, "activityAndBehavior", "general", "systemConfiguration", "securityPolicy", "threatDetection",
		"vulnerability", "xdrDetection")
}

func playbookNamed(name string) *securityPlaybook {
	for _, p := range playbooks {
		if p.v.name == name {
			return p.v
		}
	}
	return nil
}

func TestEndpointSecurityTasks(t *testing.T) {
	guids := map[string]string{}
	for _, h := range hosts {
		guids[h.guid] = h.name
	}
	seen := counter{}
	for _, r := range testRecords(EndpointSecurityTasks, 2000) {
		for _, v := range Versions(r) {
			m := Item(r, v)
			guid, named := m["agentGuid"].(string)
			switch {
			case !uuidValue.ok(m["id"]):
				t.Fatalf("seed %d: id %v", r.Seed, m["id"])
			case (m["action"] == "delete") != named || named && guids[guid] != m["endpointName"]:
				t.Fatalf("seed %d: %s task on %v %v", r.Seed, m["action"], m["agentGuid"], m["endpointName"])
			case m["status"] == "failed":
				checkTaskError(t, r, m["error"], false)
			}
			seen[m["action"].(string)+" "+m["status"].(string)]++
		}
	}
	seen.requireSeen(t, "export running", "export succeeded", "export failed", "delete running", "delete succeeded", "delete failed")
}
