package gen

import "time"

// The risk events of account compromise indicators (§6.6): what Trend's
// risk insights report on an account, where they learn it
// (dataSourceOrProcessor, from the document's enum), how risky it is and
// what to do about it.

// riskEventKind is one kind of account compromise risk event.
type riskEventKind struct {
	name    string
	levels  []weighted[string] // low, medium, high
	sources []string           // the data sources or processors that report it
	// detail is the event's detail object (free-form in the document).
	detail           func(d *draw, p *person, t time.Time) map[string]any
	remediations     []string
	suggestedActions []string
}

var (
	resetAccount    = "Disable or reset this account with a strong password."
	revokeSessions  = "Revoke the account's active sessions and refresh tokens."
	zeroTrustRule   = "Create a Zero Trust Secure Access rule to block access to company resources if the same risk is detected."
	requireMFA      = "Require multi-factor authentication for this account."
	trainUser       = "Enroll the user in security awareness training."
	blockSenders    = "Add the senders to the blocked senders list of your email solution."
	isolateEndpoint = "Isolate the endpoint and investigate the activity."
)

var riskEventKinds = []weighted[*riskEventKind]{
	{12, &riskEventKind{
		name: "Privileged Account - Anomalous Sign In from Suspicious Device", levels: []weighted[string]{{1, "high"}},
		sources: []string{"Microsoft Entra ID"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			return map[string]any{
				"accountList":               []string{p.display},
				"authenticationRequirement": pick(d, []string{"MFA", "singleFactorAuthentication"}),
				"deviceDisplayName":         "DESKTOP-" + d.hex(8)[:7],
				"deviceIsCompliant":         false,
			}
		},
		remediations:     []string{resetAccount, revokeSessions},
		suggestedActions: []string{zeroTrustRule, requireMFA},
	}},
	{14, &riskEventKind{
		name: "Account Credentials Leaked on the Dark Web", levels: []weighted[string]{{2, "medium"}, {1, "high"}},
		sources: []string{"Dark Web"},
		detail: func(d *draw, p *person, t time.Time) map[string]any {
			return map[string]any{
				"accountList":    []string{p.upn},
				"breachName":     pick(d, []string{"Combolist-2024-05", "StealerLogs-RedLine", "Collection #7"}),
				"breachDate":     t.AddDate(0, 0, -d.between(3, 400)).Format("2006-01-02"),
				"exposedData":    []string{"email", "password"},
				"passwordLeaked": d.chance(0.7),
			}
		},
		remediations:     []string{resetAccount},
		suggestedActions: []string{requireMFA, "Forbid reusing passwords across services."},
	}},
	{16, &riskEventKind{
		name: "Account Targeted by Malicious Email Campaign", levels: []weighted[string]{{3, "medium"}, {1, "low"}},
		sources: []string{"Trend Micro Email Security", "Trend Micro Cloud App Security", "Email Sensor"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			return map[string]any{
				"accountList":     []string{p.upn},
				"threatType":      pick(d, []string{"Phishing", "Malware", "Business email compromise"}),
				"messageCount":    d.between(1, 9),
				"senderAddresses": []string{"no-reply@" + pick(d, badDomains)},
				"subject":         pick(d, []string{"Action required: password expires today", "Invoice #88213 overdue", "Shared document: Q2 bonus plan"}),
			}
		},
		remediations:     []string{"Delete the campaign's messages from the mailbox.", resetAccount},
		suggestedActions: []string{blockSenders, trainUser},
	}},
	{12, &riskEventKind{
		name: "Anomalous Sign In from Unfamiliar Location", levels: []weighted[string]{{3, "medium"}, {1, "high"}},
		sources: []string{"Microsoft Entra ID", "Okta"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			loc := countries[len(countries)-1-d.IntN(3)].v // the rare foreign countries
			return map[string]any{
				"accountList":    []string{p.upn},
				"ipAddress":      pick(d, externalIPs),
				"countryCode":    loc.country,
				"city":           loc.city,
				"appDisplayName": pick(d, []string{"Office 365 Exchange Online", "Microsoft Teams", "Salesforce"}),
			}
		},
		remediations:     []string{revokeSessions, resetAccount},
		suggestedActions: []string{zeroTrustRule},
	}},
	{6, &riskEventKind{
		name: "Impossible Travel Sign In", levels: []weighted[string]{{1, "high"}},
		sources: []string{"Okta", "Microsoft Entra ID"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			far := countries[len(countries)-1-d.IntN(3)].v
			return map[string]any{
				"accountList":           []string{p.upn},
				"firstLocation":         "US",
				"secondLocation":        far.country,
				"minutesBetweenSignIns": d.between(4, 90),
				"ipAddresses":           []string{pick(d, hosts).ips[0], pick(d, externalIPs)},
			}
		},
		remediations:     []string{revokeSessions, resetAccount},
		suggestedActions: []string{zeroTrustRule, requireMFA},
	}},
	{12, &riskEventKind{
		name: "Multiple Failed Sign-In Attempts", levels: []weighted[string]{{3, "low"}, {1, "medium"}},
		sources: []string{"Active Directory (on-premises)"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			return map[string]any{
				"accountList":        []string{p.account()},
				"failedAttemptCount": d.between(10, 400),
				"sourceHost":         pick(d, hosts).name,
				"windowMinutes":      pick(d, []int{5, 15, 60}),
			}
		},
		remediations:     []string{resetAccount},
		suggestedActions: []string{"Configure an account lockout policy."},
	}},
	{8, &riskEventKind{
		name: "Password Spray Attack Targeting Account", levels: []weighted[string]{{1, "high"}, {1, "medium"}},
		sources: []string{"Risk Analytics Service"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			return map[string]any{
				"accountList":          []string{p.upn},
				"attackingIpAddresses": []string{pick(d, externalIPs), pick(d, externalIPs)},
				"targetedAccountCount": d.between(20, 300),
			}
		},
		remediations:     []string{resetAccount},
		suggestedActions: []string{requireMFA, zeroTrustRule},
	}},
	{8, &riskEventKind{
		name: "Clicked Link in Phishing Simulation", levels: []weighted[string]{{1, "low"}},
		sources: []string{"Phishing Insight"},
		detail: func(d *draw, p *person, t time.Time) map[string]any {
			return map[string]any{
				"accountList":          []string{p.upn},
				"campaignName":         pick(d, []string{"Q2 Invoice Lure", "HR Benefits Update", "Parcel Delivery Notice"}),
				"clickedDateTime":      isoSeconds(t.Add(-time.Duration(d.between(60, 7200)) * time.Second)),
				"submittedCredentials": d.chance(0.3),
			}
		},
		remediations:     []string{trainUser},
		suggestedActions: []string{"Run phishing simulations regularly."},
	}},
	{6, &riskEventKind{
		name: "Credential Dumping on Account's Endpoint", levels: []weighted[string]{{1, "high"}},
		sources: []string{"Endpoint Sensor"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			h := pick(d, hosts)
			return map[string]any{
				"accountList":   []string{p.account()},
				"endpointName":  h.name,
				"agentGuid":     h.guid,
				"processName":   pick(d, []string{"procdump64.exe", "mimikatz.exe", "rundll32.exe"}),
				"targetProcess": "lsass.exe",
			}
		},
		remediations:     []string{resetAccount, isolateEndpoint},
		suggestedActions: []string{"Enable Credential Guard on Windows endpoints."},
	}},
	{6, &riskEventKind{
		name: "MFA Push Notification Fatigue", levels: []weighted[string]{{2, "high"}, {1, "medium"}},
		sources: []string{"Okta"},
		detail: func(d *draw, p *person, _ time.Time) map[string]any {
			return map[string]any{
				"accountList":   []string{p.upn},
				"pushCount":     d.between(8, 60),
				"deniedCount":   d.between(5, 8),
				"windowMinutes": 15,
			}
		},
		remediations:     []string{revokeSessions, resetAccount},
		suggestedActions: []string{"Use number matching for MFA push notifications."},
	}},
}
