package gen

import (
	"fmt"
	"strconv"
	"time"
)

// auditActivity is one (category, activity) pair of §5.2 with the shape of
// its details. Some detail values arrive JSON-stringified in the real API
// ("hasDetail": "True", policyList as a JSON string), and so they do here.
type auditActivity struct {
	category, activity string
	consoleOnly        bool
	failRate           float64
	details            func(d *draw) map[string]any
}

func act(w int, category, activity string, details func(d *draw) map[string]any) weighted[*auditActivity] {
	return weighted[*auditActivity]{w, &auditActivity{category: category, activity: activity, failRate: 0.02, details: details}}
}

func consoleAct(w int, category, activity string, failRate float64, details func(d *draw) map[string]any) weighted[*auditActivity] {
	return weighted[*auditActivity]{w, &auditActivity{category: category, activity: activity, consoleOnly: true, failRate: failRate, details: details}}
}

var customRoles = []string{"Tier 1 Analyst", "Threat Hunter", "Read-only Auditor", "Incident Commander"}

var auditActivities = []weighted[*auditActivity]{
	consoleAct(30, "Logon and Logoff", "Log on", 0.12, session),
	consoleAct(18, "Logon and Logoff", "Log off", 0, session),
	consoleAct(1, "SAML Single Sign-On", "Enable single sign-on", 0.05, ssoConfig),
	consoleAct(1, "SAML Single Sign-On", "Disable single sign-on", 0, ssoConfig),
	act(3, "Account Management", "Add user account", userAccount),
	act(1, "Account Management", "Delete user account", userAccount),
	act(1, "Account Management", "Enable user account", userAccount),
	act(1, "Account Management", "Disable user account", userAccount),
	act(2, "Account Management", "Reset password", userAccount),
	act(2, "Account Management", "Change role", userAccount),
	act(1, "Account Management", "Change access level", userAccount),
	act(1, "Account Management", "Create Custom Role", customRole),
	act(1, "Account Management", "Update Custom Role", customRole),
	act(1, "Account Management", "Update Automated Response settings", responseSettings),
	act(1, "Product Connector", "Unregister product", productConnection),
	act(1, "Product Connector", "Register product", productConnection),
	act(8, "Workbench", "Update alert status", alertChange),
	act(4, "Workbench", "Add alert note", alertChange),
	act(6, "Response Management", "Isolate endpoint", responseTask),
	act(3, "Response Management", "Restore endpoint connection", responseTask),
	act(3, "Response Management", "Terminate process", responseTask),
	act(3, "Response Management", "Collect file", responseTask),
	act(6, "Search", "Run query", searchQuery),
	act(1, "Search", "Save query", searchQuery),
	act(2, "Detection Model Management", "Enable detection model", detectionModel),
	act(1, "Detection Model Management", "Disable detection model", detectionModel),
	act(2, "Observed Attack Techniques", "Export data", exportJob),
	act(1, "API Keys", "Add API key", apiKey),
	act(1, "API Keys", "Delete API key", apiKey),
	act(1, "API Keys", "Disable API key", apiKey),
	act(3, "Security Playbooks", "Run playbook", playbook),
	act(1, "Security Playbooks", "Update playbook", playbook),
	act(2, "Endpoint Inventory", "Uninstall agent", endpointChange),
	act(2, "Endpoint Policies", "Update policy", endpointPolicy),
	act(2, "Threat Intelligence", "Add to Suspicious Object List", suspiciousObject),
	act(2, "Reports", "Generate report", report),
	act(1, "Notifications", "Update notification settings", notification),
	act(2, "Sandbox Analysis", "Submit object", sandboxSubmission),
	act(2, "Case Management", "Create case", caseChange),
	act(1, "Container Security", "Update runtime ruleset", containerRuleset),
	act(1, "Cloud Accounts", "Add AWS account", cloudAccount),
	act(1, "Zero Trust Secure Access", "Update access rule", accessRule),
}

func session(d *draw) map[string]any {
	return map[string]any{"sessionId": d.uuid(), "browser": pick(d, userAgents)}
}

func ssoConfig(d *draw) map[string]any {
	return map[string]any{"idpName": "Microsoft Entra ID", "configurationId": d.uuid(), "hasDetail": "True"}
}

func userAccount(d *draw) map[string]any {
	p := pick(d, people)
	return map[string]any{"account": p.upn, "accountId": d.uuid(), "role": pick(d, consoleActors).v.role}
}

func customRole(d *draw) map[string]any {
	return map[string]any{
		"roleName":    pick(d, customRoles),
		"roleId":      d.uuid(),
		"permissions": `["workbench.view","workbench.modify","search.view","oat.view"]`,
		"hasDetail":   "True",
	}
}

func responseSettings(d *draw) map[string]any {
	return map[string]any{
		"hasDetail": "True",
		"policyList": fmt.Sprintf(`{"endpointSensorDetectionAndResponseSetting": {"enabled": %t, "isolateOnHighRisk": %t, "settingId": "%s"}}`,
			d.chance(0.9), d.chance(0.5), d.uuid()),
	}
}

func productConnection(d *draw) map[string]any {
	return map[string]any{"product": pick(d, []string{"pdd", "sao", "sds", "pdi", "sca"}), "productInstanceId": d.uuid()}
}

func alertChange(d *draw) map[string]any {
	return map[string]any{
		"alertId":   fmt.Sprintf("WB-9002-%s-%05d", d.rec.Time.Add(-time.Duration(d.between(0, 72))*time.Hour).UTC().Format("20060102"), d.between(1, 99999)),
		"status":    pick(d, []string{"In Progress", "Closed"}),
		"noteId":    strconv.Itoa(d.between(1, 9_999_999)),
		"hasDetail": "False",
	}
}

func responseTask(d *draw) map[string]any {
	h := pick(d, hosts)
	return map[string]any{"taskId": "0000" + d.digits(4), "actionId": d.uuid(), "endpointName": h.name, "agentGuid": h.guid}
}

func searchQuery(d *draw) map[string]any {
	h := pick(d, hosts)
	return map[string]any{"queryId": d.uuid(), "dataSource": "endpointActivities", "query": `endpointHostName:"` + h.name + `"`}
}

func detectionModel(d *draw) map[string]any {
	m := pick(d, saeModels)
	return map[string]any{"modelId": m.modelID, "modelName": m.name, "changeId": d.uuid()}
}

func exportJob(d *draw) map[string]any {
	return map[string]any{"exportId": d.uuid(), "format": "csv", "filter": "riskLevel eq 'high'"}
}

func apiKey(d *draw) map[string]any {
	a := pick(d, apiActors)
	return map[string]any{"apiKeyName": a.user, "apiKeyId": d.uuid(), "role": a.role}
}

func playbook(d *draw) map[string]any {
	return map[string]any{
		"playbookId":   d.uuid(),
		"playbookName": pick(d, []string{"Isolate on critical alert", "Block IOC from TI report", "Notify on new case"}),
		"executionId":  d.uuid(),
	}
}

func endpointChange(d *draw) map[string]any {
	h := pick(d, hosts)
	return map[string]any{"endpointName": h.name, "agentGuid": h.guid, "taskId": d.uuid()}
}

func endpointPolicy(d *draw) map[string]any {
	return map[string]any{
		"policyName": pick(d, []string{"Default", "Servers", "Executives"}),
		"policyId":   d.uuid(),
		"policyList": fmt.Sprintf(`{"endpointSensorDetectionAndResponseSetting": {"enabled": true, "revision": %d}}`, d.between(1, 400)),
		"hasDetail":  "True",
	}
}

func suspiciousObject(d *draw) map[string]any {
	return map[string]any{"objectType": "domain", "objectValue": pick(d, badDomains), "scanAction": "block", "objectId": d.uuid()}
}

func report(d *draw) map[string]any {
	return map[string]any{"reportName": pick(d, []string{"Executive Summary", "Weekly Detections", "Risk Index"}), "reportId": d.uuid()}
}

func notification(d *draw) map[string]any {
	return map[string]any{"notificationId": d.uuid(), "hasDetail": "True", "recipients": `["soc@contoso.com"]`}
}

func sandboxSubmission(d *draw) map[string]any {
	return map[string]any{"fileName": "Invoice_" + d.digits(6) + ".docm", "fileSha1": d.hex(40), "taskId": d.uuid()}
}

func caseChange(d *draw) map[string]any {
	return map[string]any{"caseId": fmt.Sprintf("CL-1-%s-%05d", d.rec.Time.UTC().Format("20060102"), d.between(1, 99999)), "requestId": d.uuid()}
}

func containerRuleset(d *draw) map[string]any {
	return map[string]any{"rulesetName": "DefaultRuleset", "rulesetId": d.uuid(), "hasDetail": "True"}
}

func cloudAccount(d *draw) map[string]any {
	return map[string]any{"accountId": pick(d, awsAccounts), "connectionId": d.uuid()}
}

func accessRule(d *draw) map[string]any {
	return map[string]any{"ruleName": "Contoso_Access", "ruleId": d.uuid(), "hasDetail": "True"}
}
