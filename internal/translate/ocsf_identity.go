package translate

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfIdentityActivity maps a /search/identityActivities item (Microsoft
// Entra ID sign-in and directory audit events, §4.4) by what the event is:
// a sign-in (eventCategory SignInLogs, else eventName SignIn or a Windows
// logon/logoff event id) is Authentication (3002); a directory audit event
// (any other eventCategory: UserManagement, RoleManagement…, or an
// operationType without a category) is Account Change (3001); an item that
// says neither is Authentication of unknown activity.
func ocsfIdentityActivity(in *ocsfItem, ev *ocsfEvent) {
	if identityIsAccountChange(in) {
		identityAccountChange(in, ev)
	} else {
		identityAuthentication(in, ev)
	}
	activityCommon(in, ev)
	identityActor(in, ev)
	md := ev.metadata()
	md.move("event_code", in, "eventName")
	md.move("correlation_uid", in, "correlationId")
	md.move("tenant_uid", in, "tenantId")
	md.move("log_provider", in, "loggedByService")
	ev.move("message", in, "actionName")
	if s, ok := in.str("userAgent"); ok {
		ev.obj("http_request").str("user_agent", s)
	}
	identityStatus(in, ev)
}

func identityIsAccountChange(in *ocsfItem) bool {
	if c := in.peek("eventCategory"); c != "" {
		return !strings.EqualFold(c, "SignInLogs")
	}
	switch in.peek("eventName") {
	case "SignIn", "4624", "4625", "4634", "4647":
		return false
	}
	return in.peek("operationType") != ""
}

// identityAuthentication: the user who signed in (userId, principalName,
// userDisplayName), from the client (ipAddress, location, clientId,
// clientDisplayName, clientOS), into the resource (targetResource* as the
// service). MFA is told by the sign-in's status detail (Entra ID writes
// "MFA requirement satisfied by claim in the token", "MFA completed…").
func identityAuthentication(in *ocsfItem, ev *ocsfEvent) {
	id, caption := int64(0), "Unknown"
	switch in.peek("eventName") {
	case "4634", "4647": // Windows logoff events
		id, caption = 2, "Logoff"
	case "SignIn", "4624", "4625":
		id, caption = 1, "Logon"
	default:
		if strings.EqualFold(in.peek("eventCategory"), "SignInLogs") {
			id, caption = 1, "Logon"
		}
	}
	ev.begin(classAuthentication, id, caption)
	if id != 0 {
		in.value("eventCategory")
	}
	u := ev.obj("user")
	identityUser(in, u)
	identityUserFallback(u)
	src := ev.obj("src_endpoint")
	identityClient(in, src)
	// A sign-in's initiator address repeats the client's; another one
	// stays unmapped.
	if ip, ok := src.m.Get("ip"); ok {
		in.repeats("initiatedByUserIpAddress", ip.Str())
	}
	svc := ev.obj("service")
	svc.move("name", in, "targetResourceDisplayName")
	svc.move("uid", in, "targetResourceId")
	if svc.m.Len() == 0 {
		svc.str("name", "unknown") // Authentication requires a service or dst_endpoint
	}
	if d := in.peek("statusDetail"); strings.Contains(d, "MFA") &&
		(strings.Contains(d, "satisfied") || strings.Contains(d, "completed")) {
		ev.m.PutBool("is_mfa", true)
	}
}

// identityAccountChange: the account changed is the item's user (userId,
// principalName; the target resource of type User in the simulator and
// the sample), changed by the initiator (the actor).
func identityAccountChange(in *ocsfItem, ev *ocsfEvent) {
	id, caption := identityChangeActivity(in.peek("actionName"), in.peek("operationType"))
	// eventCategory (UserManagement, RoleManagement…) stays in unmapped:
	// the class says only that it is not a sign-in.
	ev.begin(classAccountChange, id, caption)
	u := ev.obj("user")
	identityUser(in, u)
	if u.m.Len() == 0 {
		identityTargetUser(in, u)
		identityUserFallback(u)
	}
	src := ev.obj("src_endpoint")
	if !src.ip("ip", in.ip("initiatedByUserIpAddress")) {
		src.ip("ip", in.ip("ipAddress"))
	}
	if src.m.Len() == 0 {
		ev.m.Remove("src_endpoint")
	}
}

// identityChangeActivity maps an Entra ID audit activity (actionName, else
// operationType) to Account Change's activity_id. Role membership is a
// policy attached to or detached from the user; any other change is Other,
// named by the action.
func identityChangeActivity(action, operation string) (int64, string) {
	for _, a := range identityActions {
		if strings.EqualFold(action, a.action) {
			return a.id, a.caption
		}
	}
	switch {
	case strings.EqualFold(operation, "Add"):
		return 1, "Create"
	case strings.EqualFold(operation, "Delete"):
		return 6, "Delete"
	case strings.EqualFold(operation, "Assign"):
		return 7, "Attach Policy"
	case strings.EqualFold(operation, "Unassign"):
		return 8, "Detach Policy"
	}
	if action != "" {
		return 99, action
	}
	if operation != "" {
		return 99, operation
	}
	return 0, "Unknown"
}

// identityActions are Entra ID audit activity names (Microsoft's "Microsoft
// Entra audit log activity reference").
var identityActions = [...]struct {
	action, caption string
	id              int64
}{
	{"Add user", "Create", 1}, {"Create user", "Create", 1},
	{"Delete user", "Delete", 6}, {"Hard delete user", "Delete", 6},
	{"Enable account", "Enable", 2}, {"Disable account", "Disable", 5},
	{"Change user password", "Password Change", 3}, {"Change password (self-service)", "Password Change", 3},
	{"Reset user password", "Password Reset", 4}, {"Reset password (by admin)", "Password Reset", 4},
	{"Reset password (self-service)", "Password Reset", 4},
	{"Add member to role", "Attach Policy", 7}, {"Remove member from role", "Detach Policy", 8},
	{"Add eligible member to role", "Attach Policy", 7}, {"Remove eligible member from role", "Detach Policy", 8},
}

// identityUser writes the item's user: its Entra object id, UPN and
// display name.
func identityUser(in *ocsfItem, u ocsfObject) {
	u.move("uid", in, "userId")
	if s, ok := in.str("principalName"); ok {
		u.str("name", s)
	} else if s, ok := in.str("userPrincipalName"); ok {
		u.str("name", s)
	}
	u.move("display_name", in, "userDisplayName")
	if u.m.Len() > 0 {
		u.m.PutInt("type_id", 1)
		u.str("type", "User")
	}
}

// identityUserFallback names an event's user that the item left
// unnamed: user requires a name, uid or account.
func identityUserFallback(u ocsfObject) {
	if u.m.Len() == 0 {
		u.str("name", "unknown")
	}
}

// identityTargetUser takes the user from the one target resource of type
// User (id, userPrincipalName) without reading targetResources, so the
// array (with its modified properties) stays in unmapped.
func identityTargetUser(in *ocsfItem, u ocsfObject) {
	v, ok := in.m.Get("targetResources")
	if !ok || v.Type() != pcommon.ValueTypeSlice || v.Slice().Len() != 1 ||
		v.Slice().At(0).Type() != pcommon.ValueTypeMap {
		return
	}
	r := v.Slice().At(0).Map()
	id, hasID := str(r, "id")
	upn, hasUPN := str(r, "userPrincipalName")
	if !hasID && !hasUPN {
		return
	}
	u.str("uid", id)
	u.str("name", upn)
}

// identityClient writes the client a sign-in came from: address, device
// id and name, OS and location.
func identityClient(in *ocsfItem, src ocsfObject) {
	src.ip("ip", in.ip("ipAddress"))
	src.move("uid", in, "clientId")
	src.move("name", in, "clientDisplayName")
	if name := in.peek("clientOS"); name != "" {
		in.value("clientOS")
		putOS(src.obj("os"), name, "")
	}
	loc := src.newObject()
	for _, f := range [...]struct{ field, attr string }{
		{"locationCity", "city"}, {"locationCountry", "country"}, {"locationState", "region"},
	} {
		if s, ok := in.str(f.field); ok {
			loc.str(f.attr, s)
		}
	}
	if loc.m.Len() > 0 {
		for _, f := range [...]struct{ field, attr string }{{"locationLatitude", "lat"}, {"locationLongitude", "long"}} {
			if x, ok := identityFloat(in, f.field); ok {
				loc.m.PutDouble(f.attr, x)
			}
		}
		loc.m.MoveTo(src.m.PutEmptyMap("location"))
	}
	if src.m.Len() == 0 {
		src.str("name", "unknown") // network_endpoint requires an address or a name
	}
}

// identityFloat returns field k as a number (a JSON number or its text)
// and marks it read only then.
func identityFloat(in *ocsfItem, k string) (float64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	var x float64
	switch v.Type() {
	case pcommon.ValueTypeDouble:
		x = v.Double()
	case pcommon.ValueTypeInt:
		x = float64(v.Int())
	case pcommon.ValueTypeStr:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.Str()), 64)
		if err != nil {
			return 0, false
		}
		x = f
	default:
		return 0, false
	}
	in.value(k)
	return x, true
}

// identityActor writes who initiated the event: the Entra ID user
// (initiatedByUser*, with its home tenant as org) and the app, and the
// identity provider.
func identityActor(in *ocsfItem, ev *ocsfEvent) {
	a := ev.newObject()
	u := ev.newObject()
	u.move("uid", in, "initiatedByUserId")
	u.move("name", in, "initiatedByUserPrincipalName")
	u.move("display_name", in, "initiatedByUserDisplayName")
	if u.m.Len() > 0 {
		org := ev.newObject()
		org.move("uid", in, "initiatedByUserHomeTenantId")
		org.move("name", in, "initiatedByUserHomeTenantName")
		if org.m.Len() > 0 {
			org.m.MoveTo(u.m.PutEmptyMap("org"))
		}
		u.m.MoveTo(a.m.PutEmptyMap("user"))
	}
	app, _ := in.str("initiatedByAppDisplayName")
	a.str("app_name", app)
	appID, _ := in.str("initiatedByAppId")
	a.str("app_uid", appID)
	// The service principal is the app's identity: kept apart only when
	// it names something else.
	in.repeats("initiatedByServicePrincipalName", app)
	in.repeats("initiatedByServicePrincipalId", appID)
	if a.m.Len() > 0 {
		idp := ev.newObject()
		identityIdP(in, idp)
		if idp.m.Len() > 0 {
			idp.m.MoveTo(a.m.PutEmptyMap("idp"))
		}
		a.m.MoveTo(ev.m.PutEmptyMap("actor"))
	}
}

func identityIdP(in *ocsfItem, idp ocsfObject) {
	idp.move("name", in, "idpName")
	idp.move("uid", in, "idpId")
}

// identityStatus: result (success, failure) is status_id; Entra's error
// code (status, "0" on success) status_code; statusDetail status_detail,
// statusReason and resultReason kept apart only when they say more.
func identityStatus(in *ocsfItem, ev *ocsfEvent) {
	r := in.peek("result")
	switch {
	case strings.EqualFold(r, "success"):
		ev.m.PutInt("status_id", 1)
		ev.str("status", "Success")
		in.value("result")
	case strings.EqualFold(r, "failure"):
		ev.m.PutInt("status_id", 2)
		ev.str("status", "Failure")
		in.value("result")
	case r != "":
		ev.m.PutInt("status_id", 99)
		ev.str("status", r)
		in.value("result")
	}
	in.repeats("resultReason", r)
	if s, ok := in.str("status"); ok {
		ev.str("status_code", s)
	} else if n, ok := in.int("status"); ok {
		ev.str("status_code", strconv.FormatInt(n, 10))
	}
	d, _ := in.str("statusDetail")
	ev.str("status_detail", d)
	in.repeats("statusReason", d)
}
