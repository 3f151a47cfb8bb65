package gen

import "time"

// Task histories: response tasks, security playbook tasks and endpoint
// security tasks (docs/visionone-api.md §6.3–6.5). A task is created in a
// first status and moves through later ones until a final status; each
// change moves lastActionDateTime, the version time. Each feed draws its
// path of statuses from the record's plan stream (tasks_*.go); the change
// times come from its change range (lifecycle.go).

// taskStep is one state of a task: its status from at on.
type taskStep struct {
	at     time.Time
	status string
}

// taskSteps times a path of statuses: the first at the task's creation,
// the others at change times within c.
func taskSteps(d *draw, r Record, path []string, c changeRange) []taskStep {
	steps := []taskStep{{at: r.Time, status: path[0]}}
	for i, at := range changeTimes(d, r, len(path)-1, c) {
		steps = append(steps, taskStep{at: at, status: path[i+1]})
	}
	return steps
}

func stepTimes(steps []taskStep) []time.Time {
	times := make([]time.Time, len(steps))
	for i, s := range steps {
		times[i] = s.at
	}
	return times
}

// stepAsOf is the state a task is in at asOf (its first before creation).
func stepAsOf(steps []taskStep, asOf time.Time) taskStep {
	return steps[stateAsOf(stepTimes(steps), asOf)]
}

// taskFailure is why a task failed: the error a failed task carries
// (code TaskError). Trend's OpenAPI document lists no task error numbers
// or messages but one playbook message; the others are illustrative.
type taskFailure struct {
	number  int
	message string
}

// render is the error object; withNumber: the schema declares a number.
func (f taskFailure) render(withNumber bool) map[string]any {
	m := map[string]any{"code": "TaskError", "message": f.message}
	if withNumber {
		m["number"] = f.number
	}
	return m
}
