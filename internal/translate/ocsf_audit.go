package translate

import (
	"net/netip"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
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
		if d, ok := pfPeekObj(in, "details"); ok && (pfPeekStr(d, "account") != "" || pfPeekStr(d, "accountId") != "" ||
			pfPeekStr(d, "apiKeyName") != "" || pfPeekStr(d, "apiKeyId") != "") {
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
	activity, _ := pfStr(in, "activity")
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
	if t, ok := pfTime(in, "loggedDateTime"); ok {
		ev.m.PutInt("time", t)
	}
	md := ev.metadata()
	if t, ok := pfTime(in, "ingestedDateTime"); ok {
		md.m.PutInt("logged_time", t)
	}
	md.str("event_code", activity)
	category, _ := pfStr(in, "category")
	switch {
	case category != "" && activity != "":
		ev.m.PutStr("message", category+": "+activity)
	default:
		ev.str("message", category+activity)
	}

	// Who did it: the signed-in user or API key and its role, and through
	// which client (accessType: Console or API). Signing in, the user is
	// the event's user and the actor only the client.
	user, hasUser := pfStr(in, "loggedUser")
	role, _ := pfStr(in, "loggedRole")
	access, _ := pfStr(in, "accessType")
	if class == classAuthentication {
		pfUser(ev.obj("user"), user, role)
		ev.obj("service").str("name", "Vision One")
		if access != "" {
			ev.obj("actor").str("app_name", access)
		}
	} else {
		actor := ev.obj("actor")
		actor.str("app_name", access)
		if hasUser {
			pfUser(actor.obj("user"), user, role)
		} else if access == "" {
			actor.obj("user").str("name", "Unknown") // actor is required and needs one of its fields
		}
	}

	auditStatus(ev, in, "result")

	details, _ := pfItem(in, "details")
	if ip := pfPeek(details, "ipAddr"); pfIsIP(ip) {
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
	if session, ok := pfStr(details, "sessionId"); ok {
		if class == classAuthentication {
			ev.obj("session").str("uid", session)
		} else {
			pfObj(pfObj(ev.ocsfObject, "actor"), "session").str("uid", session)
		}
	}
	if ua, ok := pfStr(details, "browser"); ok {
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

// pfUser writes a user by name (an address is also its email) and role.
func pfUser(u ocsfObject, name, role string) {
	if name == "" {
		name = "Unknown" // user requires a name, uid or account
	}
	u.str("name", name)
	if strings.Contains(name, "@") {
		u.str("email_addr", name)
	}
	pfRoleGroup(u, role)
}

// auditTargetAccount writes the account an Account Change changed: a user
// account (account, accountId, role) or an API key (apiKeyName, apiKeyId,
// role).
func auditTargetAccount(details *ocsfItem, u ocsfObject) {
	if details == nil {
		u.str("name", "Unknown")
		return
	}
	if name, ok := pfStr(details, "account"); ok {
		u.str("name", name)
		if strings.Contains(name, "@") {
			u.str("email_addr", name)
		}
		u.m.PutInt("type_id", 1)
		u.str("type", "User")
	} else if name, ok := pfStr(details, "apiKeyName"); ok {
		u.str("name", name)
		// An API key is the account of an integration: a service account.
		u.m.PutInt("type_id", 4)
		u.str("type", "Service")
	}
	if uid, ok := pfStr(details, "accountId"); ok {
		u.str("uid", uid)
	} else if uid, ok := pfStr(details, "apiKeyId"); ok {
		u.str("uid", uid)
	}
	if role, ok := pfStr(details, "role"); ok {
		pfRoleGroup(u, role)
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
		uid := pfPeek(details, r.uid)
		name := pfPeek(details, r.name)
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

// pfRoleGroup writes a Vision One role (loggedRole, a details role) as the
// user's group of type Role: OCSF's user has no role, and a role is the
// set of permissions its members share.
func pfRoleGroup(u ocsfObject, role string) {
	if role == "" {
		return
	}
	g := ocsfObject{u.m.PutEmptySlice("groups").AppendEmpty().SetEmptyMap()}
	g.str("name", role)
	g.str("type", "Role")
}

// auditStatus maps a Successful/Unsuccessful result field (audit logs) to
// status_id: Success, Failure, else Other with the text.
func auditStatus(ev *ocsfEvent, in *ocsfItem, field string) {
	result, ok := pfStr(in, field)
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

// Helpers the platform mappings share (generic; the lead may move them).

// pfPeekObj returns object field k without marking it read.
func pfPeekObj(in *ocsfItem, k string) (pcommon.Map, bool) {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeMap {
		return pcommon.Map{}, false
	}
	return v.Map(), true
}

// pfPeekStr is m[k] when it is a string, else "".
func pfPeekStr(m pcommon.Map, k string) string {
	if v, ok := m.Get(k); ok && v.Type() == pcommon.ValueTypeStr {
		return v.Str()
	}
	return ""
}

// pfPeek is field k of in as a non-empty string, not marked read; "" for
// a nil object or an empty key.
func pfPeek(in *ocsfItem, k string) string {
	if in == nil || k == "" {
		return ""
	}
	return in.peek(k)
}

// pfObj returns object k of o, adding it if it is not there yet.
func pfObj(o ocsfObject, k string) ocsfObject {
	if v, ok := o.m.Get(k); ok && v.Type() == pcommon.ValueTypeMap {
		return ocsfObject{v.Map()}
	}
	return o.obj(k)
}

// pfIsIP reports whether s is an IP address (OCSF's ip_t).
func pfIsIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// The readers below read a field as ocsfItem's do, but mark it read only
// when its value is usable: a field of another type than expected stays
// unmapped rather than lost.

// pfStr is field k as a non-empty string (or an array of one).
func pfStr(in *ocsfItem, k string) (string, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return "", false
	}
	s, ok := scalarString(v)
	if ok {
		in.value(k)
	}
	return s, ok
}

// pfStrs is field k as strings: a string, or an array of strings only.
func pfStrs(in *ocsfItem, k string) []string {
	v, ok := in.m.Get(k)
	if !ok {
		return nil
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if v.Str() == "" {
			return nil
		}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		for i := range s.Len() {
			if e := s.At(i); e.Type() != pcommon.ValueTypeStr || e.Str() == "" {
				return nil
			}
		}
	default:
		return nil
	}
	return in.strs(k)
}

// pfInt is field k as an integer (a number or decimal text).
func pfInt(in *ocsfItem, k string) (int64, bool) {
	n, ok := pfPeekInt(in, k)
	if ok {
		in.value(k)
	}
	return n, ok
}

// pfPeekInt is field k as an integer, not marked read.
func pfPeekInt(in *ocsfItem, k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	return intValue(v)
}

// pfTime is field k as a timestamp_t (milliseconds since the epoch).
func pfTime(in *ocsfItem, k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	t, err := timeValue(v)
	if err != nil {
		return 0, false
	}
	in.value(k)
	return t.UnixMilli(), true
}

// pfItem is object field k read field by field (its unread fields stay
// unmapped under k).
func pfItem(in *ocsfItem, k string) (*ocsfItem, bool) {
	if _, ok := pfPeekObj(in, k); !ok {
		return nil, false
	}
	return in.obj(k)
}

// pfObjs calls fn with each object of array field k when all its elements
// are objects; another array stays unmapped.
func pfObjs(in *ocsfItem, k string, fn func(pcommon.Map)) {
	v, ok := in.m.Get(k)
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return
	}
	s := v.Slice()
	for i := range s.Len() {
		if s.At(i).Type() != pcommon.ValueTypeMap {
			return
		}
	}
	in.objs(k, fn)
}
