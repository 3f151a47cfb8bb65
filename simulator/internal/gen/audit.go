package gen

// Audit log items (§5.2): nine required fields, with a
// free-form details object. Audit logs have no id, so collectors key them by
// the SHA-256 of their canonical JSON; every details shape therefore carries
// at least one value drawn per record (a session, task or object id), which
// keeps two records of the same user, activity and second distinct.

// auditActor is who did it: a console user or an API key's name.
type auditActor struct {
	user, role string
}

var (
	consoleActors = []weighted[auditActor]{
		{20, auditActor{"Root Account", "Master Administrator"}},
		{20, auditActor{"", "Senior Analyst"}}, // "" = a tenant person's sign-in address
		{20, auditActor{"", "Analyst"}},
		{10, auditActor{"", "Investigator"}},
		{10, auditActor{"", "Operator"}},
		{5, auditActor{"", "Auditor"}},
		{5, auditActor{"", "Master Administrator"}},
	}
	apiActors = []auditActor{
		{"siem-collector", "Auditor"},
		{"soar-playbooks", "SOAR Automation"},
		{"otel-visionone", "Auditor"},
		{"ticketing-integration", "Analyst"},
	}
)

func auditItem(r Record) map[string]any {
	d := newDraw(r, streamItem)
	act := pickWeighted(d, auditActivities)
	actor, access := pickWeighted(d, consoleActors), "Console"
	if !act.consoleOnly && d.chance(0.3) {
		actor, access = pick(d, apiActors), "API"
	}
	if actor.user == "" {
		actor.user = pick(d, people).upn
	}
	result := "Successful"
	if d.chance(act.failRate) {
		result = "Unsuccessful"
	}
	details := act.details(d)
	if access == "Console" {
		details["ipAddr"] = pick(d, externalIPs)
	}
	return map[string]any{
		"loggedDateTime":   isoSeconds(r.Time),
		"ingestedDateTime": isoSeconds(r.Ingested),
		"loggedUser":       actor.user,
		"loggedRole":       actor.role,
		"accessType":       access,
		"category":         act.category,
		"activity":         act.activity,
		"result":           result,
		"details":          details,
	}
}
