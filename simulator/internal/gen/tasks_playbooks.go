package gen

import (
	"fmt"
	"time"
)

// Security playbook tasks (docs/visionone-api.md §6.4; wae-TaskInfo in
// Trend's OpenAPI document for v3.0): one run of a playbook, queued or
// running, perhaps waiting for an approval, then succeeded, partially
// succeeded or failed.

// playbookChanges is the default change range: seconds to minutes.
var playbookChanges = changeRange{3 * time.Second, 20 * time.Minute}

type securityPlaybook struct{ id, name, description, typ string }

// playbooks are the tenant's playbooks (wae-PlaybookType), with how often
// each runs.
var playbooks = []weighted[*securityPlaybook]{
	{30, &securityPlaybook{"5f0a3c1e-8b2d-4c6a-9e71-0d4b8a2f6c13", "Isolate endpoints in high-risk Workbench alerts",
		"Isolates the endpoints of Workbench alerts with a critical or high severity.", "xdrDetection"}},
	{15, &securityPlaybook{"a2c47e90-1f3b-4d58-8a6e-5b9c0d7e2f41", "Collect suspicious files from Workbench alerts",
		"Collects the files named in new Workbench alerts and submits them to the sandbox.", "xdrDetection"}},
	{15, &securityPlaybook{"c81d5b26-7e4a-4f0c-b3d9-2a6e8f1c4b57", "Block IoCs of new threat intelligence reports",
		"Adds the indicators of matching intelligence reports to the Suspicious Object List.", "threatDetection"}},
	{10, &securityPlaybook{"e4b9f2a7-3c6d-4e81-9f05-7d1a3b5c8e62", "Notify on suspicious sign-in behavior",
		"Emails the SOC when an account signs in from an unusual location.", "activityAndBehavior"}},
	{10, &securityPlaybook{"17d3e8c5-9a2f-4b6e-8c40-3f5a7e9b1d28", "Remediate critical vulnerabilities",
		"Opens tickets for endpoints with critical CVEs and scans them.", "vulnerability"}},
	{8, &securityPlaybook{"9b6a1f4d-2e8c-4a37-b5d1-6c0e4f8a2b95", "Enforce agent configuration",
		"Restores the endpoint sensor settings that drifted from the baseline.", "systemConfiguration"}},
	{7, &securityPlaybook{"3e7c0a9b-5d1f-4862-a4e3-8b2d6f0c5a71", "Disable accounts violating the access policy",
		"Disables the accounts that a Zero Trust policy flags as high risk.", "securityPolicy"}},
	{5, &securityPlaybook{"6d2f8b4e-0a7c-4d93-8e16-4a9c2e7f0b38", "Weekly security report",
		"Sends the weekly risk summary to the security team.", "general"}},
}

// playbookFailures: the first is the document's example.
var playbookFailures = []taskFailure{
	{0, "The number of running playbooks exceeds the limit of 200."},
	{0, "Unable to connect to the email service to send the approval request."},
	{0, "The playbook stopped because an action exceeded its time limit."},
}

// playbookTaskID: SP-20231017-0000004, the day and the run's number in it.
func playbookTaskID(r Record) string {
	return fmt.Sprintf("SP-%s-%07d", r.Time.UTC().Format("20060102"), r.Ordinal)
}

func byPlaybookTaskID(_ *generator, r Record) string { return playbookTaskID(r) }

func playbookPath(d *draw) []string {
	path := []string{"running"}
	if d.chance(0.25) {
		path = []string{"queued", "running"}
	}
	if d.chance(0.1) { // a step waits for an analyst's approval
		path = append(path, "pendingApproval", "running")
	}
	return append(path, pickWeighted(d, playbookOutcomes))
}

var playbookOutcomes = []weighted[string]{{75, "succeeded"}, {12, "partiallySucceeded"}, {13, "failed"}}

func playbookSteps(r Record) []taskStep {
	d := newDraw(r, streamPlan)
	return taskSteps(d, r, playbookPath(d), playbookChanges)
}

func playbookVersions(r Record) []time.Time { return stepTimes(playbookSteps(r)) }

func playbookTaskItem(r Record, asOf time.Time) map[string]any {
	d := newDraw(r, streamItem)
	p := pickWeighted(d, playbooks)
	failure := pick(d, playbookFailures)
	s := stepAsOf(playbookSteps(r), asOf)
	m := map[string]any{
		"id":                  playbookTaskID(r),
		"status":              s.status,
		"playbookId":          p.id,
		"playbookName":        p.name,
		"playbookDescription": p.description,
		"playbookType":        p.typ,
		"createdDateTime":     isoSeconds(r.Time),
		"lastActionDateTime":  isoSeconds(s.at),
		// seconds the run has taken so far (assumed: the document says
		// only that it is an integer)
		"executionPeriod": int(s.at.Sub(r.Time) / time.Second),
	}
	if s.status == "failed" {
		m["error"] = failure.render(false)
	}
	return m
}
