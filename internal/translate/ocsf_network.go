package translate

import (
	"strings"
)

// ocsfNetworkActivity maps a network activity record (search source
// networkActivities, §4.2): Secure Web Gateway logs and network sensor
// flows. A record with an HTTP method or a URL request is HTTP Activity
// (4002), its activity the method; one with a DNS query (a queried domain
// and no URL) DNS Activity (4003); any other Network Activity (4001)
// Traffic, a flow record being the traffic of a connection.
func ocsfNetworkActivity(in *ocsfItem, ev *ocsfEvent) {
	c, id, name := fndNetworkClass(in)
	ev.begin(c, id, name)
	fndNetworkBody(in, ev.ocsfObject, c.uid, false)
	md := ev.metadata()
	md.move("event_code", in, "eventName")
	md.move("tenant_uid", in, "tenantGuid")
	activityCommon(in, ev)
	ev.move("message", in, "eventSubName")
}

// fndHTTPMethods maps an HTTP method to HTTP Activity's activity_id.
var fndHTTPMethods = [...]struct {
	method string
	id     int64
	name   string
}{{"CONNECT", 1, "Connect"}, {"DELETE", 2, "Delete"}, {"GET", 3, "Get"}, {"HEAD", 4, "Head"},
	{"OPTIONS", 5, "Options"}, {"POST", 6, "Post"}, {"PUT", 7, "Put"}, {"TRACE", 8, "Trace"}, {"PATCH", 9, "Patch"}}

// fndHTTPActivity is the activity of HTTP method m: Other for a method OCSF
// does not list, Unknown for none.
func fndHTTPActivity(m string) (int64, string) {
	if m == "" {
		return 0, "Unknown"
	}
	for _, h := range fndHTTPMethods {
		if strings.EqualFold(h.method, m) {
			return h.id, h.name
		}
	}
	return 99, "Other"
}

// fndNetworkClass chooses a network record's class and activity (see
// ocsfNetworkActivity).
func fndNetworkClass(in *ocsfItem) (ocsfClass, int64, string) {
	method := in.peek("requestMethod")
	req := in.peek("request")
	if method != "" || strings.Contains(req, "://") {
		id, name := fndHTTPActivity(method)
		return classHTTPActivity, id, name
	}
	if in.peek("dnsQuery") != "" || in.peek("queryName") != "" {
		return classDNSActivity, 1, "Query"
	}
	if in.peek("flowId") != "" {
		return classNetworkActivity, 6, "Traffic"
	}
	return classNetworkActivity, 0, "Unknown"
}

// fndNetworkBody writes a network record's objects into ev, an event of
// class uid (or, evidence, an OAT detection's evidence, which has no
// traffic, app_name or file).
func fndNetworkBody(in *ocsfItem, ev ocsfObject, uid int64, evidence bool) {
	// The host the record is about (the SWG client, the sensor's internal
	// host): the device; its address on the local network is clientIp.
	dev := ev.objN("device", deviceKeys)
	named := false
	if h, ok := in.str("endpointHostName"); ok {
		dev.str("hostname", h)
		named = true
	}
	if g, ok := in.str("endpointGuid"); ok {
		dev.str("uid", g)
		named = true
	}
	readOS(in, dev)
	dev.m.PutInt("type_id", 0)
	if !named {
		ev.m.Remove("device")
	}

	// src is the client (the SWG sees its public address), dst the server;
	// clientIp/serverIp and clientPort/serverPort repeat them in flows.
	src := ev.once("src_endpoint")
	if !readEndpoint(in, src, "src", "spt", "") {
		readEndpoint(in, src, "clientIp", "clientPort", "")
	} else if ip := in.look("clientIp"); isIP(ip) {
		if ip == in.look("src") {
			in.mark("clientIp")
		} else if _, ok := ev.m.Get("device"); ok {
			dev.m.PutStr("ip", ip)
			in.mark("clientIp")
		}
	}
	in.repeatsField("clientPort", "spt")
	dst := ev.once("dst_endpoint")
	if !readEndpoint(in, dst, "dst", "dpt", "") {
		readEndpoint(in, dst, "serverIp", "serverPort", "")
	}
	in.repeatsField("serverIp", "dst")
	in.repeatsField("serverPort", "dpt")
	if s, ok := in.str("requestBase"); ok {
		dst().str("hostname", s)
	}
	if a, ok := in.str("application"); ok && !evidence {
		ev.str("app_name", a)
	}

	// protocol
	ci := ev.once("connection_info")
	if p, ok := in.str("proto"); ok {
		c := ci()
		c.m.PutStr("protocol_name", strings.ToLower(p))
		if n := fndIPProtocol(p); n >= 0 {
			c.m.PutInt("protocol_num", n)
		}
	}
	if s, ok := in.str("flowId"); ok {
		ci().str("uid", s)
	}
	if _, ok := ev.m.Get("connection_info"); ok {
		ci().m.PutInt("direction_id", 0)
	}

	// HTTP
	if uid == classHTTPActivity.uid || evidence {
		req := ev.once("http_request")
		readURL(in, req().once("url"), "request")
		if s, ok := in.str("requestMethod"); ok {
			req().str("http_method", s)
		}
		if s, ok := in.str("userAgent"); ok {
			req().str("user_agent", s)
		}
		if s, ok := in.str("serverProtocol"); ok {
			req().str("version", s)
		}
		if code, ok := in.int("respCode"); ok {
			r := ev.obj("http_response")
			r.m.PutInt("code", code)
			r.move("content_type", in, "mimeType")
		}
	} else {
		readURL(in, ev.once("url"), "request")
	}
	if uid == classDNSActivity.uid {
		q := ev.obj("query")
		host, ok := in.str("dnsQuery")
		if !ok {
			host, _ = in.str("queryName")
		}
		q.m.PutStr("hostname", host)
	}
	if v, ok := in.str("serverTls"); ok {
		ev.obj("tls").m.PutStr("version", v)
	}

	// traffic
	if !evidence {
		bin, bout := fndIntPair(in, "bytesIn", "bytesOut")
		if bin >= 0 || bout >= 0 {
			t := ev.obj("traffic")
			if bin >= 0 {
				t.m.PutInt("bytes_in", bin)
			}
			if bout >= 0 {
				t.m.PutInt("bytes_out", bout)
			}
			if bin >= 0 && bout >= 0 {
				t.m.PutInt("bytes", bin+bout)
			}
		}
		if d, ok := in.int("duration"); ok && d >= 0 {
			ev.m.PutInt("duration", d*1000) // seconds (start = rt − duration, §4.4 sample)
		}
		if t, ok := in.time("start"); ok {
			ev.m.PutInt("start_time", t)
		}
	}

	// the user
	user := ev.once("actor")
	if p, ok := in.str("principalName"); ok {
		u := user().obj("user")
		putUserName(u, p)
		u.move("domain", in, "userDomain")
		u.move("full_name", in, "suid")
		co, coOK := in.str("companyName")
		dep, depOK := in.str("userDepartment")
		if coOK || depOK {
			org := u.obj("org")
			org.str("name", co)
			org.str("ou_name", dep)
			if !coOK {
				org.str("name", dep)
			}
		}
	}

	// the gateway's rule, policy and verdict (OCSF's security_control
	// profile, which the event then declares)
	if !evidence {
		fndSecurityControl(in, ev)
	}

	// a downloaded file (only HTTP Activity has one)
	if !evidence && uid == classHTTPActivity.uid {
		if name, ok := in.str("fileName"); ok {
			f := ev.objN("file", fileKeys)
			f.m.PutStr("name", name)
			f.m.PutInt("type_id", 0)
			putHashes(in, f, "", "fileHash", "fileHashSha256")
			if n, ok := in.int("fileSize"); ok && n >= 0 {
				f.m.PutInt("size", n)
			}
			f.move("type", in, "fileType")
			f.move("mime_type", in, "requestMimeType")
		}
	}
	in.dropEmpty = true
	if _, ok := ev.m.Get("src_endpoint"); !ok {
		if _, ok := ev.m.Get("dst_endpoint"); !ok && !evidence {
			// network classes need an endpoint: the device is the source
			if d, ok := ev.m.Get("device"); ok {
				s := src()
				if h, ok := d.Map().Get("hostname"); ok {
					s.m.PutStr("hostname", h.Str())
				}
				if u, ok := d.Map().Get("uid"); ok {
					s.m.PutStr("uid", u.Str())
				}
			}
		}
	}
}

// fndIntPair returns fields a and b as non-negative integers, -1 for a
// field missing or not one.
func fndIntPair(in *ocsfItem, a, b string) (int64, int64) {
	x, y := int64(-1), int64(-1)
	if n, ok := in.int(a); ok && n >= 0 {
		x = n
	}
	if n, ok := in.int(b); ok && n >= 0 {
		y = n
	}
	return x, y
}

// fndIPProtocol is the IANA protocol number of a transport's name, -1 when
// unknown.
func fndIPProtocol(p string) int64 {
	switch strings.ToUpper(p) {
	case "TCP":
		return 6
	case "UDP":
		return 17
	case "ICMP":
		return 1
	case "ICMPV6", "IPV6-ICMP":
		return 58
	case "SCTP":
		return 132
	}
	return -1
}

// fndSecurityControl writes a Secure Web Gateway record's rule (ruleName,
// ruleUuid, ruleType), policy (policyUuid, profile), score and malware
// name: attributes of OCSF's security_control profile, which metadata then
// names.
func fndSecurityControl(in *ocsfItem, ev ocsfObject) {
	used := false
	if r, ok := ev.either("firewall_rule", in, "name", "ruleName", "uid", "ruleUuid"); ok {
		r.move("type", in, "ruleType")
		used = true
	}
	if _, ok := ev.either("policy", in, "name", "profile", "uid", "policyUuid"); ok {
		used = true
	}
	if n, ok := in.int("score"); ok {
		ev.m.PutInt("risk_score", n)
		used = true
	}
	if m, ok := in.str("malName"); ok {
		mw := ev.list("malware")()
		mw.m.PutStr("name", m)
		mw.m.PutEmptySlice("classification_ids").AppendEmpty().SetInt(0)
		used = true
	}
	if used {
		addProfile(ev, "security_control")
	}
}
