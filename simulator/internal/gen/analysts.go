package gen

// consoleAccount is a Vision One console account, as cases show their
// creator, owners and last updater (acl-v3-v1.Account: id, name, email)
// and response tasks the account that ran them.
type consoleAccount struct{ id, name, email string }

// socAccounts are the SOC analysts: the ids workbench alerts show in
// ownerIds (fleet.go), named after tenant people, so one analyst is the
// same person in alerts, cases and response tasks.
var socAccounts = func() []consoleAccount {
	out := make([]consoleAccount, len(analysts))
	for i, id := range analysts {
		p := people[(i*31+7)%len(people)]
		out[i] = consoleAccount{id: id, name: p.display, email: p.upn}
	}
	return out
}()

// managedServicesAccount opens and works the cases of Trend's managed
// detection and response service.
var managedServicesAccount = consoleAccount{
	id:    "3f1f0c6e-5a8d-4e0b-9c43-7d2b1e6a9f10",
	name:  "Trend Micro Managed Services",
	email: "managed-services@trendmicro.com",
}

func (a consoleAccount) render() map[string]any {
	return map[string]any{"id": a.id, "name": a.name, "email": a.email}
}

func renderAccounts(as []consoleAccount) []any {
	out := make([]any, len(as))
	for i, a := range as {
		out[i] = a.render()
	}
	return out
}
