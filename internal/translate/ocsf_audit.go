package translate

import (
	"strings"
)

// OCSF mapping of the audit logs (docs/visionone-api.md §5.2; README, "OCSF
// output"). Each entry is what someone did in the Vision One console or
// through its API: a sign-in or sign-out is an Authentication event, a
// change to a user account or an API key an Account Change, and anything
// else an API Activity on the console's app the category names.

// auditAccountActivities are the Account Change activities (OCSF 1.8.0
// account_change activity_id) of the Account Management and API Keys
// activities that change one account (the OpenAPI document's activity
// list). Role and access-level changes have no activity of their own:
// Other, with the activity as its caption.
var auditAccountActivities = []struct {
	activity string
	id       int64
	name     string
}{
	{"Add user account", 1, "Create"},
	{"Enable user account", 2, "Enable"},
	{"Reset password", 4, "Password Reset"},
	{"Disable user account", 5, "Disable"},
	{"Delete user account", 6, "Delete"},
	{"Change role", 99, ""},
	{"Change access level", 99, ""},
	{"Add API key", 1, "Create"},
	{"Enable API key", 2, "Enable"},
	{"Disable API key", 5, "Disable"},
	{"Delete API key", 6, "Delete"},
}

// auditVerbs map the first word of an activity (Update alert status, Run
// query, Unregister product) to API Activity's activity_id; a verb not
// listed is Other.
var auditVerbs = []struct {
	verb string
	id   int64
}{
	{"add", 1}, {"create", 1}, {"register", 1}, {"submit", 1}, {"generate", 1}, {"save", 1}, {"import", 1}, {"upload", 1},
	{"view", 2}, {"export", 2}, {"download", 2}, {"search", 2}, {"query", 2},
	{"update", 3}, {"change", 3}, {"enable", 3}, {"disable", 3}, {"edit", 3}, {"modify", 3}, {"reset", 3},
	{"set", 3}, {"configure", 3}, {"rename", 3}, {"assign", 3}, {"isolate", 3}, {"restore", 3}, {"terminate", 3},
	{"delete", 4}, {"remove", 4}, {"unregister", 4}, {"uninstall", 4},
}

var auditAPINames = [...]string{0: "Unknown", 1: "Create", 2: "Read", 3: "Update", 4: "Delete"}

// auditAPIActivity is the API Activity activity of an action phrased verb
// first; "Run query" reads.
func auditAPIActivity(action string) (int64, string) {
	if action == "" {
		return 0, "Unknown"
	}
	if strings.EqualFold(action, "Run query") {
		return 2, "Read"
	}
	verb, _, _ := strings.Cut(action, " ")
	for _, v := range auditVerbs {
		if strings.EqualFold(v.verb, verb) {
			return v.id, auditAPINames[v.id]
		}
	}
	return 99, action
}

// auditDetailResources are the details (§5.2's free-form object) that
// name what an activity acted on: each pair becomes a resource of that
// type (simulator/internal/gen/audit_catalog.go lists the shapes).
var auditDetailResources = []struct{ uid, name, typ string }{
	{"agentGuid", "endpointName", "Endpoint"},
	{"alertId", "", "Workbench alert"},
	{"caseId", "", "Case"},
	{"taskId", "", "Response task"},
	{"actionId", "", "Response action"},
	{"playbookId", "playbookName", "Playbook"},
	{"executionId", "", "Playbook execution"},
	{"policyId", "policyName", "Policy"},
	{"modelId", "modelName", "Detection model"},
	{"reportId", "reportName", "Report"},
	{"roleId", "roleName", "Role"},
	{"ruleId", "ruleName", "Access rule"},
	{"rulesetId", "rulesetName", "Runtime ruleset"},
	{"productInstanceId", "product", "Product"},
	{"configurationId", "idpName", "Identity provider"},
	{"queryId", "", "Query"},
	{"exportId", "", "Export"},
	{"notificationId", "", "Notification settings"},
	{"objectId", "objectValue", "Suspicious object"},
	{"connectionId", "", "Cloud account connection"},
	{"accountId", "", "Account"},
	{"", "fileName", "File"},
	{"", "apiKeyName", "API key"},
	{"", "account", "User account"},
}

// auditClass chooses an audit entry's class from its category (and, for
// account management, from whether the details name the account).
func auditClass(in *ocsfItem) ocsfClass {
	switch category := in.peek("category"); {
	case strings.EqualFold(category, "Logon and Logoff") && in.peek("loggedUser") != "":
		return classAuthentication
	case strings.EqualFold(category, "Account Management") || strings.EqualFold(category, "API Keys"):
		if _, _, ok := auditAccountActivity(in.peek("activity")); !ok {
			return classAPIActivity
		}
		if d, ok := in.peekObj("details"); ok && (mapStr(d, "account") != "" || mapStr(d, "accountId") != "" ||
			mapStr(d, "apiKeyName") != "" || mapStr(d, "apiKeyId") != "") {
			return classAccountChange
		}
	}
	return classAPIActivity
}

// auditAccountActivity is the Account Change activity of an activity
// (name "" for Other), ok false for one that changes no account.
func auditAccountActivity(activity string) (id int64, name string, ok bool) {
	for _, a := range auditAccountActivities {
		if strings.EqualFold(a.activity, activity) {
			return a.id, a.name, true
		}
	}
	return 0, "", false
}

func ocsfAuditLog(in *ocsfItem, ev *ocsfEvent) {
	class := auditClass(in)
	activity, _ := in.str("activity")
	switch class {
	case classAuthentication:
		switch {
		case strings.EqualFold(activity, "Log on"):
			ev.begin(class, 1, "Logon")
		case strings.EqualFold(activity, "Log off"):
			ev.begin(class, 2, "Logoff")
		case activity == "":
			ev.begin(class, 0, "Unknown")
		default:
			ev.begin(class, 99, activity)
		}
	case classAccountChange:
		id, name, _ := auditAccountActivity(activity)
		if name == "" {
			name = activity
		}
		ev.begin(class, id, name)
	default:
		id, name := auditAPIActivity(activity)
		ev.begin(class, id, name)
	}
	if t, ok := in.time("loggedDateTime"); ok {
		ev.m.PutInt("time", t)
	}
	md := ev.metadata()
	if t, ok := in.time("ingestedDateTime"); ok {
		md.m.PutInt("logged_time", t)
	}
	md.str("event_code", activity)
	category, _ := in.str("category")
	switch {
	case category != "" && activity != "":
		ev.m.PutStr("message", category+": "+activity)
	default:
		ev.str("message", category+activity)
	}

	// Who did it: the signed-in user or API key and its role, and through
	// which client (accessType: Console or API). Signing in, the user is
	// the event's user and the actor only the client.
	user, hasUser := in.str("loggedUser")
	role, _ := in.str("loggedRole")
	access, _ := in.str("accessType")
	if class == classAuthentication {
		putUser(ev.obj("user"), user, role)
		ev.obj("service").str("name", "Vision One")
		if access != "" {
			ev.obj("actor").str("app_name", access)
		}
	} else {
		actor := ev.obj("actor")
		actor.str("app_name", access)
		if hasUser {
			putUser(actor.obj("user"), user, role)
		} else if access == "" {
			actor.obj("user").str("name", "Unknown") // actor is required and needs one of its fields
		}
	}

	auditStatus(ev, in, "result")

	details, _ := in.obj("details")
	if ip := details.peek("ipAddr"); isIP(ip) {
		ev.obj("src_endpoint").ip("ip", ip)
		details.value("ipAddr")
	} else if class == classAPIActivity {
		// API Activity requires its source: with no address logged, the
		// access type (API, Console) names it.
		if access == "" {
			access = "Unknown"
		}
		ev.obj("src_endpoint").str("name", access)
	}
	if details == nil {
		auditAPI(ev, class, activity, category)
		return
	}
	if session, ok := details.str("sessionId"); ok {
		if class == classAuthentication {
			ev.obj("session").str("uid", session)
		} else {
			ev.child("actor").child("session").str("uid", session)
		}
	}
	if ua, ok := details.str("browser"); ok {
		ev.obj("http_request").str("user_agent", ua)
	}
	if class == classAccountChange {
		auditTargetAccount(details, ev.obj("user"))
	}
	auditAPI(ev, class, activity, category)
	if class == classAPIActivity {
		auditResources(details, ev)
	}
}

// auditAPI writes an API Activity's api: the activity as its operation
// (required) on the console app the category names.
func auditAPI(ev *ocsfEvent, class ocsfClass, activity, category string) {
	if class != classAPIActivity {
		return
	}
	api := ev.obj("api")
	if activity == "" {
		activity = "Unknown"
	}
	api.str("operation", activity)
	if category != "" {
		api.obj("service").str("name", category)
	}
}

// auditTargetAccount writes the account an Account Change changed: a user
// account (account, accountId, role) or an API key (apiKeyName, apiKeyId,
// role).
func auditTargetAccount(details *ocsfItem, u ocsfObject) {
	if details == nil {
		u.str("name", "Unknown")
		return
	}
	if name, ok := details.str("account"); ok {
		putUserName(u, name)
		u.m.PutInt("type_id", 1)
		u.str("type", "User")
	} else if name, ok := details.str("apiKeyName"); ok {
		u.str("name", name)
		// An API key is the account of an integration: a service account.
		u.m.PutInt("type_id", 4)
		u.str("type", "Service")
	}
	if s, ok := details.str("accountId"); ok {
		u.str("uid", s)
	} else if s, ok := details.str("apiKeyId"); ok {
		u.str("uid", s)
	}
	if role, ok := details.str("role"); ok {
		putRoleGroup(u, role)
	}
	if _, named := u.m.Get("name"); !named {
		if _, id := u.m.Get("uid"); !id {
			u.str("name", "Unknown")
		}
	}
}

// auditResources lists what the details name as the event's resources
// (Authentication has none: they stay unmapped).
func auditResources(details *ocsfItem, ev *ocsfEvent) {
	var add func() ocsfObject
	for _, r := range auditDetailResources {
		uid := details.peek(r.uid)
		name := details.peek(r.name)
		if uid == "" && name == "" {
			continue
		}
		if add == nil {
			add = ev.list("resources")
		}
		o := add()
		if uid != "" {
			details.value(r.uid)
			o.str("uid", uid)
		}
		if name != "" {
			details.value(r.name)
			o.str("name", name)
		}
		o.str("type", r.typ)
	}
}

// auditStatus maps a Successful/Unsuccessful result field (audit logs) to
// status_id: Success, Failure, else Other with the text.
func auditStatus(ev *ocsfEvent, in *ocsfItem, field string) {
	result, ok := in.str(field)
	switch {
	case !ok:
		ev.m.PutInt("status_id", 0)
		ev.m.PutStr("status", "Unknown")
	case strings.EqualFold(result, "Successful"):
		ev.m.PutInt("status_id", 1)
		ev.m.PutStr("status", "Success")
	case strings.EqualFold(result, "Unsuccessful"):
		ev.m.PutInt("status_id", 2)
		ev.m.PutStr("status", "Failure")
	default:
		ev.m.PutInt("status_id", 99)
		ev.m.PutStr("status", result)
	}
}
