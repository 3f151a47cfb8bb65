package gen

import (
	"strconv"
	"time"
)

// /search/identityActivities items: Microsoft Entra ID sign-in and directory
// audit events shaped like the sample search_identityActivities_page.json
// (§4.4),
// including its JSON-in-a-string requestMethod and nested targetResources.

// identityEvent is one kind of Entra ID event; OAT identity filters name them.
type identityEvent struct {
	name, eventName, category, operation, action string
	failed, foreign                              bool
}

var identityEvents = []weighted[*identityEvent]{
	{55, &identityEvent{name: "sign-in", eventName: "SignIn", category: "SignInLogs", operation: "SignIn", action: "Sign-in activity"}},
	{15, &identityEvent{name: "sign-in-failed", eventName: "SignIn", category: "SignInLogs", operation: "SignIn", action: "Sign-in activity", failed: true}},
	{8, &identityEvent{name: "foreign-sign-in", eventName: "SignIn", category: "SignInLogs", operation: "SignIn", action: "Sign-in activity", foreign: true}},
	{12, &identityEvent{name: "user-created", eventName: "AuditLogs", category: "UserManagement", operation: "Add", action: "Add user"}},
	{10, &identityEvent{name: "role-assigned", eventName: "AuditLogs", category: "RoleManagement", operation: "Assign", action: "Add member to role"}},
}

var identityByName = byName(identityEvents, func(x *identityEvent) string { return x.name })

var idpApps = []struct{ id, name string }{
	{"00000003-0000-0000-c000-000000000000", "Microsoft Graph"},
	{"00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"},
	{"0000000a-0000-0000-c000-000000000000", "Microsoft Intune"},
	{"00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"},
}

func identityActivityItem(d *draw, scenario string) map[string]any {
	ev := identityByName[scenario]
	if ev == nil {
		ev = pickWeighted(d, identityEvents)
	}
	t := d.rec.Time
	user, admin := pick(d, people), pick(d, people)
	h := hostFor(d, pick(d, desktopFamilies))
	loc := countries[0].v
	ip := h.ips[0]
	if ev.foreign {
		loc, ip = pickWeighted(d, countries[len(countries)-3:]), pick(d, externalIPs)
	} else if d.chance(0.3) {
		loc, ip = pickWeighted(d, countries), pick(d, externalIPs)
	}
	status, detail, result := "0", "MFA requirement satisfied by claim in the token", "success"
	if ev.failed {
		status, detail, result = "50126", "Error validating credentials due to invalid username or password.", "failure"
	}
	risk := "info"
	if ev.failed || ev.foreign || ev.name == "role-assigned" {
		risk = "medium"
	}
	app := pick(d, idpApps)
	stepTime := isoSeconds(t)
	return map[string]any{
		"eventSourceType":                 1,
		"tags":                            []string{},
		"filterRiskLevel":                 risk,
		"eventId":                         "1",
		"eventName":                       ev.eventName,
		"eventTimeDT":                     eventTimeDT(t),
		"idpName":                         "Microsoft Entra ID",
		"idpId":                           "aad",
		"locationCountry":                 loc.country,
		"locationCity":                    loc.city,
		"locationState":                   loc.state,
		"locationLongitude":               loc.longitude,
		"locationLatitude":                loc.latitude,
		"clientId":                        d.uuid(),
		"clientDisplayName":               h.name,
		"clientOS":                        h.os.name,
		"clientBrowser":                   "Chrome 124.0.0",
		"clientApp":                       "browser",
		"ipAddress":                       ip,
		"userId":                          user.id,
		"userDisplayName":                 user.display,
		"statusDetail":                    detail,
		"status":                          status,
		"statusReason":                    detail,
		"targetResourceId":                app.id,
		"targetResourceDisplayName":       app.name,
		"requestMethod":                   `[{"authenticationStepDateTime": "` + stepTime + `","authenticationMethod": "Previously satisfied","authenticationMethodDetail": null,"succeeded" : ` + strconv.FormatBool(!ev.failed) + `,"authenticationStepResultDetail": "` + detail + `","authenticationStepRequirement": ""}]`,
		"eventAdditionalDetails":          []any{map[string]any{"key": "User-Agent", "value": pick(d, userAgents)}},
		"eventCategory":                   ev.category,
		"initiatedByAppId":                app.id,
		"initiatedByAppDisplayName":       app.name,
		"initiatedByServicePrincipalId":   app.id,
		"initiatedByServicePrincipalName": app.name,
		"initiatedByUserId":               admin.id,
		"initiatedByUserDisplayName":      admin.display,
		"initiatedByUserHomeTenantId":     customerID,
		"initiatedByUserHomeTenantName":   "contoso",
		"initiatedByUserIpAddress":        ip,
		"initiatedByUserPrincipalName":    admin.upn,
		"loggedByService":                 "Core Directory",
		"operationType":                   ev.operation,
		"result":                          result,
		"resultReason":                    result,
		"targetResources": []any{map[string]any{
			"id":                user.id,
			"type":              "User",
			"userPrincipalName": user.upn,
			"modifiedProperties": []any{
				map[string]any{"displayName": "StsRefreshTokensValidFrom", "oldValue": `["` + isoSeconds(t.Add(-15*time.Minute)) + `"]`, "newValue": `["` + stepTime + `"]`},
				map[string]any{"displayName": "Included Updated Properties", "newValue": `"StsRefreshTokensValidFrom"`},
			},
		}},
		"userAgent":      pick(d, userAgents),
		"pname":          "2200",
		"actionName":     ev.action,
		"correlationId":  d.uuid(),
		"policyTreePath": "Contoso/Identity/Default",
		"principalName":  user.upn,
		"logBatchId":     d.uuid(),
		"orgId":          "123b703a-2f9f-436d-a46b-be516f70df32",
		"tenantId":       "b7eb1def-29e1-44bf-bdaa-cd104bf7860a",
		"productCode":    "sai",
		"searchDL":       "IDL",
	}
}
