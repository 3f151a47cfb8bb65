package gen

import (
	"encoding/base64"
	"strings"
)

// /search/emailActivities items: the 15 fields the document declares, as in
// the sample search_emailActivities_page.json (§4.4), plus uuid. Like the
// sample, email items have no eventTimeDT.

// emailScenario is one kind of message; OAT email filters name them.
type emailScenario struct {
	name     string
	subjects []string
	external bool // sender outside the tenant
	links    bool // carries a phishing link
}

var emailScenarios = []weighted[*emailScenario]{
	{70, &emailScenario{name: "internal", subjects: []string{"Weekly sync notes", "Re: Q2 budget review",
		"Updated org chart", "Lunch & learn on Friday", "FW: customer escalation"}}},
	{15, &emailScenario{name: "attachment", external: true, subjects: []string{"Invoice #{rand} overdue",
		"Scanned document from printer", "Remittance advice"}}},
	{10, &emailScenario{name: "phish-link", external: true, links: true, subjects: []string{
		"Action required: verify your mailbox", "Your password expires today", "Shared file: Salary_2024.xlsx"}}},
	{5, &emailScenario{name: "forwarding", subjects: []string{"Inbox rule created"}}},
}

var emailScenarioByName = byName(emailScenarios, func(x *emailScenario) string { return x.name })

func emailActivityItem(d *draw, scenario string) map[string]any {
	sc := emailScenarioByName[scenario]
	if sc == nil {
		sc = pickWeighted(d, emailScenarios)
	}
	to := pick(d, people)
	from := pick(d, people).upn
	sourceDomain := tenantDomain
	if sc.external {
		sourceDomain = pick(d, badDomains)
		from = pick(d, []string{"billing", "no-reply", "accounts", "hr-notice"}) + "@" + sourceDomain
	}
	links := []string{}
	realLinks := []string{}
	if sc.links {
		visible := "https://login.microsoftonline.com/common/oauth2"
		links, realLinks = []string{visible}, []string{d.url(sourceDomain)}
	} else if d.chance(0.3) {
		u := "https://" + pick(d, goodDomains) + "/"
		links, realLinks = []string{u}, []string{u}
	}
	subject := placeholders{rand: d.digits(6)}.expand(pick(d, sc.subjects))
	msgID := "<" + strings.ToUpper(d.hex(40)) + "@" + strings.ToUpper(d.hex(8)) + ".namprd04.prod.outlook.com>"
	return map[string]any{
		"mailMsgSubject":      subject,
		"mailMsgId":           msgID,
		"msgUuid":             "AAMkAG" + base64.StdEncoding.EncodeToString([]byte(d.hex(48))),
		"mailbox":             to.upn,
		"mailSenderIp":        pick(d, externalIPs),
		"mailFromAddresses":   []string{from},
		"mailWholeHeader":     []string{"From: " + from, "To: " + to.upn, "Subject: " + subject, "Message-ID: " + msgID},
		"mailToAddresses":     []string{to.upn},
		"mailSourceDomain":    sourceDomain,
		"searchDL":            "CAS",
		"scanType":            "exchange",
		"org_id":              "8d23a000-9a4c-11ea-80f5-1de879102030",
		"mailUrlsVisibleLink": links,
		"mailUrlsRealLink":    realLinks,
	}
}
