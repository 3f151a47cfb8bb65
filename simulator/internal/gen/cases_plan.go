package gen

import (
	"slices"
	"time"
)

// A case's life: an analyst takes it (In-progress, an owner), the
// investigation changes its findings, owners or priority, and most cases
// are closed with their final findings. The plan is drawn from the
// record's plan stream, so Versions never renders the case.

// caseChanges is the default change range: minutes to days.
var caseChanges = changeRange{10 * time.Minute, 96 * time.Hour}

type caseChangeKind int

const (
	caseTake     caseChangeKind = iota // an analyst takes the case: In-progress, owner set
	caseReassign                       // the owners change (managed services hand over to the customer)
	caseFindings                       // the investigation finds something
	caseEscalate                       // the priority rises
	caseClose                          // Closed, with the final findings
)

// caseMiddles are the changes between taking and closing.
var caseMiddles = []weighted[caseChangeKind]{{40, caseFindings}, {35, caseReassign}, {25, caseEscalate}}

type caseEvent struct {
	at   time.Time
	kind caseChangeKind
}

func planCase(r Record) []caseEvent {
	d := newDraw(r, streamPlan)
	if d.chance(0.2) { // never touched yet: the backlog
		return nil
	}
	kinds := []caseChangeKind{caseClose} // closed at once: a duplicate or a false alarm
	if !d.chance(0.1) {
		kinds = []caseChangeKind{caseTake}
		for n := d.IntN(3); n > 0; n-- {
			kinds = append(kinds, pickWeighted(d, caseMiddles))
		}
		if d.chance(0.75) {
			kinds = append(kinds, caseClose)
		}
	}
	changes := make([]caseEvent, len(kinds))
	for i, at := range changeTimes(d, r, len(kinds), caseChanges) {
		changes[i] = caseEvent{at: at, kind: kinds[i]}
	}
	return changes
}

// caseVersions: the updatedDateTime of each state, the first at creation.
func caseVersions(r Record) []time.Time {
	times := []time.Time{r.Time}
	for _, c := range planCase(r) {
		times = append(times, c.at)
	}
	return times
}

func (ch caseEvent) apply(d *draw, c *caseFile) {
	switch ch.kind {
	case caseTake:
		c.status = "In-progress"
		c.owners = []consoleAccount{pick(d, socAccounts)}
	case caseReassign:
		c.owners = append(slices.Clip(c.owners), pick(d, socAccounts))
		if c.holder != "" {
			c.holder = "Customer"
		}
	case caseFindings:
		c.findings = pick(d, []string{"Noteworthy", "TruePositive"})
	case caseEscalate:
		if i := slices.IndexFunc(casePriorities, func(p weighted[string]) bool { return p.v == c.priority }); i > 0 {
			c.priority = casePriorities[i-1].v
		}
	case caseClose:
		if len(c.owners) == 0 {
			c.owners = []consoleAccount{pick(d, socAccounts)}
		}
		c.status, c.findings, c.closed = "Closed", pickWeighted(d, closeFindings), ch.at
	}
	updater := c.owners[len(c.owners)-1]
	if c.holder == "Analyst" {
		updater = managedServicesAccount
	}
	c.lastUpdater = &updater
}
