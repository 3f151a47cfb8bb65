package gen

import (
	"fmt"
	"maps"
	"time"
)

// Response tasks (docs/visionone-api.md §6.3; arp-taskInfo in Trend's
// OpenAPI document for v3.0, a oneOf of one shape per action). The body
// (action, targets, account) comes from the item stream, the statuses from
// the plan stream: a task is created queued, running or pending approval
// and ends succeeded, failed, canceled or rejected.

// responseChanges is the default change range: seconds to tens of minutes.
var responseChanges = changeRange{5 * time.Second, 45 * time.Minute}

// responseTaskBody is what a response task does, the same in every state.
type responseTaskBody struct {
	action      *responseAction
	account     string
	description string
	fields      map[string]any // the action's target fields
	done        map[string]any // what a succeeded task reports (hashes of a collected file, …)
	targets     []taskTarget   // tasks[] of the multi-target actions
	failure     taskFailure
}

// taskTarget is one target of a multi-target task.
type taskTarget struct {
	fields map[string]any
	scan   *scanReport // malware scans only
}

// responseTaskID is a numeric string (arp-taskId) unique per task: the UTC
// day and the task's number within it.
func responseTaskID(r Record) string {
	return fmt.Sprintf("%08d", r.Time.Unix()/86400*1_000_000+int64(r.Ordinal))
}

func byResponseTaskID(_ *generator, r Record) string { return responseTaskID(r) }

// responsePath draws the statuses a task goes through (arp-taskStatus).
func responsePath(d *draw) []string {
	if d.chance(0.08) { // an action that needs approval
		if d.chance(0.4) {
			return []string{"pendingApproval", "rejected"}
		}
		return []string{"pendingApproval", "running", pickWeighted(d, responseOutcomes)}
	}
	path := []string{"running"}
	if d.chance(0.3) { // the agent was offline or the server busy
		path = []string{"queued", "running"}
	}
	if d.chance(0.05) {
		return append(path, "canceled")
	}
	return append(path, pickWeighted(d, responseOutcomes))
}

var responseOutcomes = []weighted[string]{{84, "succeeded"}, {16, "failed"}}

func responseSteps(r Record) []taskStep {
	d := newDraw(r, streamPlan)
	return taskSteps(d, r, responsePath(d), responseChanges)
}

func responseVersions(r Record) []time.Time { return stepTimes(responseSteps(r)) }

func responseTaskItem(r Record, asOf time.Time) map[string]any {
	return newResponseTask(newDraw(r, streamItem)).render(r, stepAsOf(responseSteps(r), asOf))
}

func newResponseTask(d *draw) *responseTaskBody {
	t := &responseTaskBody{action: pickWeighted(d, responseActions), fields: map[string]any{}, done: map[string]any{}}
	t.account = pick(d, socAccounts).email
	if d.chance(0.2) { // run by a security playbook rather than an analyst
		t.account = "Security Playbooks"
	}
	t.action.target(d, t)
	t.failure = pick(d, t.action.failures)
	if d.chance(0.4) {
		t.description = pick(d, taskDescriptions)
	}
	return t
}

var taskDescriptions = []string{
	"Containment for a Workbench alert", "Requested by the incident response team",
	"Follow-up of a Managed Services case", "Routine hygiene", "Triggered from the Attack Surface Risk Management console",
}

func (t *responseTaskBody) render(r Record, s taskStep) map[string]any {
	m := maps.Clone(t.fields)
	m["id"] = responseTaskID(r)
	m["action"] = t.action.name
	m["status"] = s.status
	m["createdDateTime"] = isoSeconds(r.Time)
	m["lastActionDateTime"] = isoSeconds(s.at)
	m["account"] = t.account
	if t.description != "" {
		m["description"] = t.description
	}
	if s.status == "succeeded" {
		maps.Copy(m, t.done)
	}
	if s.status == "failed" && t.action.taskError {
		m["error"] = t.failure.render(true)
	}
	if len(t.targets) > 0 {
		m["tasks"] = t.renderTargets(s)
	}
	return m
}

// renderTargets: every target shares the task's status, except that a
// failed task failed on its last target and succeeded on the others.
func (t *responseTaskBody) renderTargets(s taskStep) []any {
	out := make([]any, len(t.targets))
	for i, tg := range t.targets {
		status := s.status
		if status == "failed" && i < len(t.targets)-1 {
			status = "succeeded"
		}
		m := maps.Clone(tg.fields)
		m["status"] = status
		m["lastActionDateTime"] = isoSeconds(s.at)
		if status == "failed" {
			m["error"] = t.failure.render(true)
		}
		if tg.scan != nil {
			m["scanReport"] = tg.scan.render(status, s.at)
		}
		out[i] = m
	}
	return out
}

// scanReport is what a malware scan finds on one endpoint once complete;
// while it runs the counts grow with its progress.
type scanReport struct{ malware, grayware, files int }

var scanProgress = map[string]int{
	"queued": 0, "pendingApproval": 0, "rejected": 0, "running": 40, "canceled": 25, "failed": 60, "succeeded": 100,
}

func (s *scanReport) render(status string, at time.Time) map[string]any {
	p := scanProgress[status]
	m := map[string]any{
		"virusMalwareCount":    s.malware * p / 100,
		"spywareGraywareCount": s.grayware * p / 100,
		"scannedFileCount":     s.files * p / 100,
		"scanProgress":         p,
	}
	if status == "succeeded" {
		m["finishedDateTime"] = isoSeconds(at)
	}
	return m
}
