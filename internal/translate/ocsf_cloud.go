package translate

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfCloudActivity maps a /search/cloudActivities item, one of the two
// shapes of §4.2 (§8 on the document's oneOf): a VPC flow log record
// (productCode vpc, or an item without eventName that has a flow's
// addresses) is Network Activity (4001); an AWS CloudTrail record, and
// anything else, is API Activity (6003).
func ocsfCloudActivity(in *ocsfItem, ev *ocsfEvent) {
	if cloudIsFlow(in) {
		cloudFlow(in, ev)
	} else {
		cloudTrail(in, ev)
	}
	activityCommon(in, ev)
	ev.metadata().move("tenant_uid", in, "customerId")
}

func cloudIsFlow(in *ocsfItem) bool {
	if in.peek("productCode") == "vpc" {
		return true
	}
	return in.peek("eventName") == "" && (in.has("src") || in.has("dst")) && !in.has("eventSource")
}

// cloudTrail maps a CloudTrail record: the call (eventName) to the service
// (eventSource) is the API operation, requestID its request; the caller is
// userIdentity (a JSON text in Trend's items, an object in CloudTrail's
// own), called from sourceIPAddress with userAgent; the account and region
// are the cloud's. The activity is read from the operation's verb.
func cloudTrail(in *ocsfItem, ev *ocsfEvent) {
	op := in.peek("eventName")
	ro, hasRO := in.peekBool("readOnly")
	id, caption := cloudAPIActivity(op, ro, hasRO)
	ev.begin(classAPIActivity, id, caption)

	api := ev.obj("api")
	if s, ok := in.str("eventName"); ok {
		api.str("operation", s)
	} else {
		api.str("operation", "unknown") // api requires an operation
	}
	if s, ok := in.str("eventSource"); ok {
		api.obj("service").str("name", s)
	}
	if s, ok := in.str("requestID"); ok {
		api.obj("request").str("uid", s)
	}

	actor := ev.obj("actor")
	cloudUserIdentity(in, actor)
	ua, hasUA := in.str("userAgent")
	if hasUA {
		ev.obj("http_request").str("user_agent", ua)
	}
	if actor.m.Len() == 0 {
		// actor requires a user or an app: without userIdentity, the
		// client the call came through (userAgent: console, SDK, CLI).
		if !hasUA {
			ua = "unknown"
		}
		actor.str("app_name", ua)
	}

	// sourceIPAddress is an address, or the AWS service that made the
	// call on the caller's behalf (ec2.amazonaws.com).
	src := ev.obj("src_endpoint")
	if !src.ip("ip", in.ip("sourceIPAddress")) {
		if s, ok := in.str("sourceIPAddress"); ok {
			src.str("domain", s)
		} else {
			src.str("name", "unknown") // network_endpoint requires an address or a name
		}
	}

	if region := in.peek("awsRegion"); region != "" || in.peek("recipientAccountId") != "" {
		c := ev.obj("cloud")
		c.str("provider", "AWS")
		c.move("region", in, "awsRegion")
		if s, ok := in.str("recipientAccountId"); ok {
			putAWSAccount(c.obj("account"), s)
		}
		addProfile(ev.ocsfObject, "cloud")
	}
	md := ev.metadata()
	md.move("original_event_uid", in, "eventID")
	md.move("log_version", in, "eventVersion")
	// The record's copies of its own fields (eventSubId the event name,
	// eventCase the event source) say nothing more.
	in.repeats("eventSubId", op)
	if s, ok := api.m.Get("service"); ok {
		if n, ok := s.Map().Get("name"); ok {
			in.repeats("eventCase", n.Str())
		}
	}
}

// cloudAPIActivity reads API Activity's activity_id from a CloudTrail
// operation's verb (Create, Run: Create; Get, Describe, List: Read; Put,
// Update, Modify: Update; Delete, Terminate, Remove: Delete), else from
// readOnly (a read-only call reads), else Other with the operation's name.
func cloudAPIActivity(op string, readOnly, hasRO bool) (int64, string) {
	for _, v := range cloudVerbs {
		if strings.HasPrefix(op, v.prefix) {
			return v.id, v.caption
		}
	}
	switch {
	case hasRO && readOnly:
		return 2, "Read"
	case op != "":
		return 99, op
	}
	return 0, "Unknown"
}

var cloudVerbs = [...]struct {
	prefix, caption string
	id              int64
}{
	{"Create", "Create", 1}, {"Run", "Create", 1}, {"Add", "Create", 1}, {"Import", "Create", 1},
	{"Get", "Read", 2}, {"Describe", "Read", 2}, {"List", "Read", 2}, {"Head", "Read", 2}, {"Lookup", "Read", 2},
	{"Put", "Update", 3}, {"Update", "Update", 3}, {"Modify", "Update", 3}, {"Set", "Update", 3},
	{"Attach", "Update", 3}, {"Detach", "Update", 3},
	{"Delete", "Delete", 4}, {"Terminate", "Delete", 4}, {"Remove", "Delete", 4},
}

// cloudUserIdentity writes actor.user from CloudTrail's userIdentity: its
// arn (the uid), userName or the session's name, accountId and type. As an
// object it is read field by field (the rest kept in unmapped); as the JSON
// text Trend serves, its top-level string members are read by
// cloudJSONMember and the text itself stays in unmapped, whole.
func cloudUserIdentity(in *ocsfItem, actor ocsfObject) {
	v, ok := in.m.Get("userIdentity")
	if !ok {
		return
	}
	var get func(k string) string
	switch v.Type() {
	case pcommon.ValueTypeMap:
		sub, _ := in.obj("userIdentity")
		get = func(k string) string { s, _ := sub.str(k); return s }
	case pcommon.ValueTypeStr:
		text := v.Str()
		get = func(k string) string { return cloudJSONMember(text, k) }
	default:
		return
	}
	u := actor.newObject()
	arn := get("arn")
	u.str("uid", arn)
	name := get("userName")
	if name == "" {
		// An assumed role's session is named after the arn's last part.
		if i := strings.LastIndexByte(arn, '/'); i >= 0 && strings.Contains(arn, ":assumed-role/") {
			name = arn[i+1:]
		}
	}
	u.str("name", name)
	u.str("uid_alt", get("principalId"))
	if acct := get("accountId"); acct != "" {
		a := u.obj("account")
		a.str("uid", acct)
		a.m.PutInt("type_id", 10)
		a.str("type", "AWS Account")
	}
	if t := get("type"); t != "" {
		id, caption := cloudIdentityType(t)
		u.m.PutInt("type_id", id)
		u.str("type", caption)
	}
	if s := get("invokedBy"); s != "" {
		actor.str("invoked_by", s)
	}
	_, hasUID := u.m.Get("uid")
	_, hasName := u.m.Get("name")
	_, hasAcct := u.m.Get("account")
	if hasUID || hasName || hasAcct {
		u.m.MoveTo(actor.m.PutEmptyMap("user"))
	}
}

// cloudIdentityType maps CloudTrail's userIdentity.type to OCSF's user
// type: Root is Admin, an AWS service System, an IAM user or a federated
// or role session User; other types are Other with their name.
func cloudIdentityType(t string) (int64, string) {
	switch t {
	case "Root":
		return 2, "Admin"
	case "AWSService":
		return 4, "Service"
	case "IAMUser", "AssumedRole", "FederatedUser", "IdentityCenterUser", "SAMLUser", "WebIdentityUser":
		return 1, "User"
	}
	return 99, t
}

// cloudJSONMember returns the string value of the top-level member k of
// the JSON object text s, or "": a scan of the text, not a decode, for the
// few members the mapping reads (no allocation beyond the result). Escapes
// are not decoded: a value with a backslash is returned as "".
func cloudJSONMember(s, k string) string {
	depth, i := 0, 0
	for i < len(s) {
		switch c := s[i]; c {
		case '{', '[':
			depth++
			i++
		case '}', ']':
			depth--
			i++
		case '"':
			end := cloudJSONStringEnd(s, i+1)
			if end < 0 {
				return ""
			}
			str := s[i+1 : end]
			i = end + 1
			if depth != 1 {
				continue
			}
			// A key: the next non-space byte is a colon.
			j := cloudSkipSpace(s, i)
			if j >= len(s) || s[j] != ':' {
				continue
			}
			j = cloudSkipSpace(s, j+1)
			if str != k {
				i = j
				continue
			}
			if j >= len(s) || s[j] != '"' {
				return ""
			}
			vend := cloudJSONStringEnd(s, j+1)
			if vend < 0 {
				return ""
			}
			val := s[j+1 : vend]
			if strings.IndexByte(val, '\\') >= 0 {
				return ""
			}
			return val
		default:
			i++
		}
	}
	return ""
}

// cloudJSONStringEnd is the index of the quote closing the JSON string
// whose content starts at i, or -1.
func cloudJSONStringEnd(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
		case '"':
			return i
		default:
			i++
		}
	}
	return -1
}

func cloudSkipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// cloudFlow maps a VPC flow log record (the VPC variant's fields, §4.2:
// AWS's srcaddr is src, dstport dpt, account-id cloudAccountId…) to
// Network Activity of activity Traffic: the endpoints with the network
// interface, instance, VPC and subnet on the side the flow direction names
// as the interface's, the protocol and direction, the counts and the
// window, and the action (ACCEPT, REJECT) as action and disposition.
func cloudFlow(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classNetworkActivity, 6, "Traffic")
	src, dst := ev.obj("src_endpoint"), ev.obj("dst_endpoint")
	srcIP, dstIP := in.peek("src"), in.peek("dst")
	src.ip("ip", in.ip("src"))
	dst.ip("ip", in.ip("dst"))
	if n, ok := in.int("spt"); ok && n >= 0 && n <= 65535 {
		src.port("port", n, true)
	}
	if n, ok := in.int("dpt"); ok && n >= 0 && n <= 65535 {
		dst.port("port", n, true)
	}
	// The packet-level addresses differ from src and dst only behind NAT.
	in.repeats("pktSrcAddr", srcIP)
	in.repeats("pktDstAddr", dstIP)

	ci := ev.obj("connection_info")
	dir := in.peek("flowDirection")
	local := src // the side of the interface the record is of
	switch dir {
	case "ingress":
		ci.m.PutInt("direction_id", 1)
		ci.str("direction", "Inbound")
		in.value("flowDirection")
		local = dst
	case "egress":
		ci.m.PutInt("direction_id", 2)
		ci.str("direction", "Outbound")
		in.value("flowDirection")
	default:
		ci.m.PutInt("direction_id", 0)
		ci.str("direction", "Unknown")
	}
	for _, f := range [...]struct{ field, attr string }{
		{"networkInterfaceId", "interface_uid"}, {"instanceId", "instance_uid"},
		{"vpcId", "vpc_uid"}, {"subnetId", "subnet_uid"},
	} {
		if s, ok := in.str(f.field); ok && s != "-" {
			local.str(f.attr, s)
		}
	}
	for _, o := range [...]ocsfObject{src, dst} {
		if o.m.Len() == 0 {
			o.str("name", "unknown") // network_endpoint requires an address or a name
		}
	}
	if n, ok := in.int("ipProto"); ok && n >= 0 && n <= 255 {
		ci.m.PutInt("protocol_num", n)
		ci.str("protocol_name", protocolName(n))
	}
	switch in.peek("flowType") {
	case "IPv4":
		ci.m.PutInt("protocol_ver_id", 4)
		ci.str("protocol_ver", "Internet Protocol version 4 (IPv4)")
		in.value("flowType")
	case "IPv6":
		ci.m.PutInt("protocol_ver_id", 6)
		ci.str("protocol_ver", "Internet Protocol version 6 (IPv6)")
		in.value("flowType")
	}
	if n, ok := in.int("tcpFlags"); ok && n >= 0 && n <= 1<<31-1 {
		ci.m.PutInt("tcp_flags", n)
	}

	tr := ev.newObject()
	if n, ok := in.int("packets"); ok {
		tr.m.PutInt("packets", n)
	}
	if n, ok := in.int("bytes"); ok {
		tr.m.PutInt("bytes", n)
	}
	if tr.m.Len() > 0 {
		tr.m.MoveTo(ev.m.PutEmptyMap("traffic"))
	}
	if t, ok := in.time("start"); ok {
		ev.m.PutInt("start_time", t)
	}
	if t, ok := in.time("end"); ok {
		ev.m.PutInt("end_time", t)
	}

	switch a := in.peek("action"); a {
	case "ACCEPT":
		cloudAction(ev, 1, "Allowed", 1, "Allowed")
		in.value("action")
	case "REJECT":
		cloudAction(ev, 2, "Denied", 2, "Blocked")
		in.value("action")
	}
	// log-status: OK, NODATA (no traffic in the window), SKIPDATA.
	switch s := in.peek("logStatus"); s {
	case "":
	case "OK":
		ev.m.PutInt("status_id", 1)
		ev.str("status", "Success")
		in.value("logStatus")
	default:
		ev.m.PutInt("status_id", 99)
		ev.str("status", s)
		in.value("logStatus")
	}

	// vpcFlowLogsVersion is AWS's flow log format version: such a record is
	// AWS's, so its account, region and zone are the cloud's.
	if n, ok := in.int("vpcFlowLogsVersion"); ok {
		ev.metadata().str("log_version", strconv.FormatInt(n, 10))
		c := ev.obj("cloud")
		c.str("provider", "AWS")
		c.move("region", in, "regionCode")
		c.move("zone", in, "azId")
		if s, ok := in.str("cloudAccountId"); ok {
			putAWSAccount(c.obj("account"), s)
		}
		addProfile(ev.ocsfObject, "cloud")
	}
	// "-" is the flow log's no-value: such fields carry nothing.
	for _, k := range [...]string{"subLocationType", "subLocationId", "pktSrcCloudServiceName", "pktDstCloudServiceName"} {
		in.repeats(k, "-")
	}
}

// cloudAction sets the security_control action and disposition.
func cloudAction(ev *ocsfEvent, actionID int64, action string, dispID int64, disp string) {
	ev.m.PutInt("action_id", actionID)
	ev.str("action", action)
	ev.m.PutInt("disposition_id", dispID)
	ev.str("disposition", disp)
	addProfile(ev.ocsfObject, "security_control")
}
