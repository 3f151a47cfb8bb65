package gen

import "time"

// Endpoint security tasks (docs/visionone-api.md §6.5; art-v3-art-exportTask
// and art-v3-art-deleteTask in Trend's OpenAPI document for v3.0): an export
// of the endpoint list, or the deletion of one endpoint (which names it).
// Both run, then succeed or fail.

// endpointTaskChanges is the default change range: seconds to minutes.
var endpointTaskChanges = changeRange{10 * time.Second, 15 * time.Minute}

var endpointTaskFailures = map[string][]taskFailure{
	"export": {{0, "Unable to export the endpoint list. Try again later."}},
	"delete": {{0, "Unable to delete the endpoint because its agent is still connected."},
		{0, "Unable to delete the endpoint. The managing server did not respond."}},
}

func endpointTaskPath(d *draw) []string {
	if d.chance(0.1) {
		return []string{"running", "failed"}
	}
	return []string{"running", "succeeded"}
}

func endpointTaskSteps(r Record) []taskStep {
	d := newDraw(r, streamPlan)
	return taskSteps(d, r, endpointTaskPath(d), endpointTaskChanges)
}

func endpointTaskVersions(r Record) []time.Time { return stepTimes(endpointTaskSteps(r)) }

func endpointTaskItem(r Record, asOf time.Time) map[string]any {
	d := newDraw(r, streamItem)
	action := "export"
	if d.chance(0.45) {
		action = "delete"
	}
	failure := pick(d, endpointTaskFailures[action])
	s := stepAsOf(endpointTaskSteps(r), asOf)
	m := map[string]any{
		"id":                 uuidFor(r.Seed),
		"status":             s.status,
		"action":             action,
		"createdDateTime":    isoSeconds(r.Time),
		"lastActionDateTime": isoSeconds(s.at),
	}
	if action == "delete" {
		h := pick(d, hosts)
		m["agentGuid"], m["endpointName"] = h.guid, h.name
	}
	if s.status == "failed" {
		m["error"] = failure.render(false)
	}
	return m
}
