package gen

// /asrm/accountCompromiseIndicators items (§6.6): a risk event on a user
// account (asrm_catalog.go). `id` is the account's id, not the event's, so
// an account at risk recurs: indicators fall on a few dozen accounts, some
// much more often than others. detectedDateTime is whole seconds, as the
// document's example shows.

// atRiskAccounts is how many of the tenant's people indicators name.
const atRiskAccounts = 36

func accountCompromiseItem(r Record) map[string]any {
	d := newDraw(r, streamItem)
	// Skewed: the first accounts of the pool are named far more often.
	p := people[d.IntN(d.IntN(atRiskAccounts)+1)]
	ev := pickWeighted(d, riskEventKinds)
	return map[string]any{
		"id":      p.id,
		"account": p.upn,
		"riskEvent": map[string]any{
			"name":             ev.name,
			"eventId":          d.uuid(),
			"riskLevel":        pickWeighted(d, ev.levels),
			"detail":           ev.detail(d, p, r.Time),
			"remediations":     ev.remediations,
			"suggestedActions": ev.suggestedActions,
		},
		"dataSourceOrProcessor": pick(d, ev.sources),
		"detectedDateTime":      isoSeconds(r.Time),
	}
}
