package gen

import (
	"fmt"
	"slices"
	"time"
)

// A workbench alert changes after it is created: analysts take it, close it,
// and automation adds findings. The plan of those changes is drawn from its
// own random stream, so Versions is cheap and never depends on the alert body.

type changeKind int

const (
	changeAssign   changeKind = iota // an analyst takes the alert: In Progress, owner set
	changeReassign                   // the owner changes
	changeFindings                   // enrichment adds an entity or indicator and rescores
	changeClose                      // an analyst closes it with a result
)

type change struct {
	at   time.Time
	kind changeKind
}

// plan is an alert's version history: its initial updatedDateTime and the
// later changes in time order.
type plan struct {
	initial time.Time
	changes []change
}

// laterVersionsShare of alerts change after creation: most alerts are taken
// and closed, some never touched, so a reader of updates meets both.
const laterVersionsShare = 0.65

// When an alert's later changes happen after its creation, unless the
// Record says otherwise: analysts over three days.
const (
	DefaultChangeMin = 10 * time.Minute
	DefaultChangeMax = 72 * time.Hour
)

// changeRange is the record's change delay range, defaults filled in.
func (r Record) changeRange() (lo, hi time.Duration) {
	lo, hi = r.ChangeMin, r.ChangeMax
	if lo == 0 && hi == 0 {
		lo, hi = DefaultChangeMin, DefaultChangeMax
	}
	return lo, max(lo, hi)
}

func planFor(r Record) plan {
	d := newDraw(r, streamPlan)
	p := plan{initial: r.Time.Add(time.Duration(d.IntN(31)) * time.Second)}
	if !d.chance(laterVersionsShare) {
		return p
	}
	n := d.between(1, 4)
	minChangeDelay, maxChangeDelay := r.changeRange()
	span := int((maxChangeDelay - minChangeDelay) / time.Second)
	offsets := make([]int, n)
	for i := range offsets {
		offsets[i] = d.IntN(span + 1)
	}
	slices.Sort(offsets)
	for i := 1; i < n; i++ { // strictly increasing, one second apart at least
		offsets[i] = max(offsets[i], offsets[i-1]+1)
	}
	open, closed := true, false
	for _, off := range offsets {
		if closed {
			break
		}
		var k changeKind
		roll := d.Float64()
		switch {
		case open && roll < 0.6:
			k = changeAssign
		case open && roll < 0.85:
			k = changeFindings
		case open:
			k = changeClose
		case roll < 0.35:
			k = changeFindings
		case roll < 0.5:
			k = changeReassign
		default:
			k = changeClose
		}
		open = open && k != changeAssign && k != changeClose
		closed = k == changeClose
		p.changes = append(p.changes, change{at: r.Time.Add(minChangeDelay + time.Duration(off)*time.Second), kind: k})
	}
	return p
}

// times lists the plan's version times, oldest first.
func (p plan) times() []time.Time {
	out := make([]time.Time, 0, 1+len(p.changes))
	out = append(out, p.initial)
	for _, c := range p.changes {
		out = append(out, c.at)
	}
	return out
}

// apply changes a the way the change's actor would (§2.1 status and
// investigationResult enums).
func (c change) apply(d *draw, a *alert) {
	switch c.kind {
	case changeAssign:
		a.investigate(c.at)
		a.status, a.investigationStatus = "In Progress", "In Progress"
		a.owners, a.ownersShown = []string{pick(d, analysts)}, true
		if a.caseID == "" && d.chance(0.3) {
			a.caseID = fmt.Sprintf("CL-1-%s-%05d", c.at.UTC().Format("20060102"), d.between(1, 9999))
		}
	case changeReassign:
		a.owners, a.ownersShown = []string{pick(d, analysts), pick(d, analysts)}, true
	case changeFindings:
		a.addFinding(d)
	case changeClose:
		a.investigate(c.at)
		if len(a.owners) == 0 {
			a.owners, a.ownersShown = []string{pick(d, analysts)}, true
		}
		result := pickWeighted(d, closeResults)
		a.status, a.investigationResult = "Closed", result
		a.investigationStatus = "Closed"
		switch result { // the deprecated investigationStatus mirrors three results
		case "True Positive", "False Positive", "Benign True Positive":
			a.investigationStatus = result
		}
	}
}

var closeResults = []weighted[string]{
	{35, "False Positive"}, {25, "True Positive"}, {20, "Benign True Positive"},
	{10, "Noteworthy"}, {10, "Other Findings"},
}

// investigate records the first analyst action.
func (a *alert) investigate(at time.Time) {
	if a.firstInvestigated.IsZero() {
		a.firstInvestigated = at
	}
}

// addFinding is what enrichment finds later: another host (sweeping or
// lateral movement) or, on SAE alerts, a network indicator; the score rises.
func (a *alert) addFinding(d *draw) {
	a.score = min(a.score+d.between(3, 15), 100)
	if a.provider == "SAE" && d.chance(0.5) {
		in := a.addIndicator("ip", "dst", pick(d, externalIPs), a.indicators[0].filterIDs[0])
		in.provenance = []string{"Network Analytics"}
		a.entities[1].indicators = append(a.entities[1].indicators, in.id)
		return
	}
	e := hostEntity(d, pick(d, hosts), pick(d, []string{"Sweeping", "Lateral Movement Enrichment", "Related Asset Enrichment"}))
	for _, in := range a.indicators {
		e.indicators = append(e.indicators, in.id)
	}
	a.entities = append(a.entities, e)
}
