package gen

import (
	"fmt"
	"strings"
	"time"
)

// Case Management cases (docs/visionone-api.md §6.2; acl-v3-v1.Case in
// Trend's OpenAPI document for v3.0). A case is built in its initial state,
// Open, the changes of its plan up to asOf are applied (cases_plan.go), and
// the result is rendered. Each change moves updatedDateTime, the version
// time.

type caseFile struct {
	id, name, description string
	typ, priority         string
	status, findings      string
	creator               consoleAccount
	lastUpdater           *consoleAccount
	owners                []consoleAccount
	created, updated      time.Time
	closed                time.Time // zero while open
	associated, related   []string
	holder                string // managed services cases: Analyst or Customer
	ticketID              string // the external ticket, if any
}

// caseID: CL-9002-20240514-00012, the tenant number and daily sequence of
// the workbench ids (workbenchID).
func caseID(r Record) string {
	return fmt.Sprintf("CL-9002-%s-%05d", r.Time.UTC().Format("20060102"), r.Ordinal)
}

func byCaseID(_ *generator, r Record) string { return caseID(r) }

func caseItem(r Record, asOf time.Time) map[string]any {
	c := newCase(r, newDraw(r, streamItem))
	for i, ch := range planCase(r) {
		if ch.at.After(asOf) {
			break
		}
		ch.apply(newDraw(r, streamVersion+uint64(i)), c)
		c.updated = ch.at
	}
	return c.render()
}

// newCase is a case as it is opened.
func newCase(r Record, d *draw) *caseFile {
	c := &caseFile{
		id:       caseID(r),
		typ:      pickWeighted(d, caseTypes),
		priority: pickWeighted(d, casePriorities),
		status:   "Open", findings: "NoFindings",
		creator: pick(d, socAccounts),
		created: r.Time, updated: r.Time,
	}
	h := pick(d, hosts)
	subject := h.name
	if c.typ == "TPIServiceNow" || d.chance(0.3) {
		subject = h.owner.upn
	}
	topic := pick(d, caseTopics[c.typ])
	c.name = topic.name
	if strings.Contains(c.name, "%s") {
		c.name = fmt.Sprintf(c.name, h.name)
	}
	c.description = fmt.Sprintf(topic.description, subject)
	day := r.Time.UTC().Format("20060102")
	switch c.typ {
	case "Workbench": // the alerts (and an incident) the case was opened from
		for n := d.between(1, 3); n > 0; n-- {
			c.associated = append(c.associated, fmt.Sprintf("WB-9002-%s-%05d", day, d.between(1, 999)))
		}
		if d.chance(0.2) {
			c.associated = append(c.associated, fmt.Sprintf("IC-1-%s-%05d", day, d.between(1, 9999)))
		}
	case "ManagedServices":
		c.creator, c.holder = managedServicesAccount, "Analyst"
		c.ticketID = "TM-" + d.digits(8)
	case "TPIServiceNow":
		c.ticketID = "INC" + d.digits(7)
	}
	if d.chance(0.15) {
		earlier := r.Time.Add(-time.Duration(d.between(1, 30)) * 24 * time.Hour)
		c.related = []string{fmt.Sprintf("CL-9002-%s-%05d", earlier.UTC().Format("20060102"), d.between(1, 99))}
	}
	return c
}

func (c *caseFile) render() map[string]any {
	m := map[string]any{
		"id":              c.id,
		"caseUrl":         "https://portal.xdr.trendmicro.com/#/app/acl/casemgm?caseid=" + c.id,
		"name":            c.name,
		"description":     c.description,
		"creator":         c.creator.render(),
		"type":            c.typ,
		"priority":        c.priority,
		"status":          c.status,
		"findings":        c.findings,
		"owners":          renderAccounts(c.owners),
		"createdDateTime": isoSeconds(c.created),
		"updatedDateTime": isoSeconds(c.updated),
	}
	if c.lastUpdater != nil {
		m["lastUpdater"] = c.lastUpdater.render()
	}
	if !c.closed.IsZero() {
		m["closedDateTime"] = isoSeconds(c.closed)
	}
	if len(c.associated) > 0 {
		m["associatedItemIds"] = c.associated
	}
	if len(c.related) > 0 {
		m["relatedCaseIds"] = c.related
	}
	if c.holder != "" {
		m["holder"] = c.holder
	}
	if c.ticketID != "" { // the ticket is opened with the case and synced on each change
		m["externalTicketId"] = c.ticketID
		m["externalTicketCreatedDateTime"] = isoSeconds(c.created)
		m["externalTicketUpdatedDateTime"] = isoSeconds(c.updated)
	}
	return m
}
