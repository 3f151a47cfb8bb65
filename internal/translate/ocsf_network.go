package translate

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// ocsfNetworkActivity maps a network activity record (search source
// networkActivities, §4.2): Secure Web Gateway logs and network sensor
// flows. A record with an HTTP method or a URL request is HTTP Activity
// (4002), its activity the method; one with a DNS query (a queried domain
// and no URL) DNS Activity (4003); any other Network Activity (4001)
// Traffic, a flow record being the traffic of a connection.
func ocsfNetworkActivity(in *ocsfItem, ev *ocsfEvent) {
	c, id, name := fndNetworkClass(in)
	ev.m.EnsureCapacity(30)
	ev.begin(c, id, name)
	key := ev.head.meta.Key
	fndNetworkBody(in, ev.ocsfObject, c.uid, false)
	md := ev.metadata()
	if n, ok := fndStr(in, "eventName"); ok {
		md.str("event_code", n)
	}
	if t, ok := fndStr(in, "tenantGuid"); ok {
		md.str("tenant_uid", t)
	}
	fndLabels(in, md)
	fndUUID(in, key)
	fndMark(in, "eventTime")
	fndMark(in, "eventTimeDT")
	if in.has("filterRiskLevel") {
		fndMark(in, "filterRiskLevel") // the record's severity (searchHead)
	}
	if m, ok := fndStr(in, "eventSubName"); ok {
		ev.str("message", m)
	}
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
	dev := ev.obj("device")
	named := false
	if h, ok := fndStr(in, "endpointHostName"); ok {
		dev.str("hostname", h)
		named = true
	}
	if g, ok := fndStr(in, "endpointGuid"); ok {
		dev.str("uid", g)
		named = true
	}
	fndOS(in, dev)
	dev.m.PutInt("type_id", 0)
	if !named {
		ev.m.Remove("device")
	}

	// src is the client (the SWG sees its public address), dst the server;
	// clientIp/serverIp and clientPort/serverPort repeat them in flows.
	src := fndOne(ev, "src_endpoint")
	if !fndEndpoint(in, src, "src", "spt", "") {
		fndEndpoint(in, src, "clientIp", "clientPort", "")
	} else if ip := fndLook(in, "clientIp"); fndIsIP(ip) {
		if ip == fndLook(in, "src") {
			fndMark(in, "clientIp")
		} else if _, ok := ev.m.Get("device"); ok {
			dev.m.PutStr("ip", ip)
			fndMark(in, "clientIp")
		}
	}
	fndSame(in, "clientPort", "spt")
	dst := fndOne(ev, "dst_endpoint")
	if !fndEndpoint(in, dst, "dst", "dpt", "") {
		fndEndpoint(in, dst, "serverIp", "serverPort", "")
	}
	fndSame(in, "serverIp", "dst")
	fndSame(in, "serverPort", "dpt")
	if host, ok := fndStr(in, "requestBase"); ok {
		dst().str("hostname", host)
	}
	if a, ok := fndStr(in, "application"); ok && !evidence {
		ev.str("app_name", a)
	}

	// protocol
	ci := fndOne(ev, "connection_info")
	if p, ok := fndStr(in, "proto"); ok {
		c := ci()
		c.m.PutStr("protocol_name", strings.ToLower(p))
		if n := fndIPProtocol(p); n >= 0 {
			c.m.PutInt("protocol_num", n)
		}
	}
	if f, ok := fndStr(in, "flowId"); ok {
		ci().str("uid", f)
	}
	if _, ok := ev.m.Get("connection_info"); ok {
		ci().m.PutInt("direction_id", 0)
	}

	// HTTP
	if uid == classHTTPActivity.uid || evidence {
		req := fndOne(ev, "http_request")
		fndURL(in, fndOne(req(), "url"), "request")
		if m, ok := fndStr(in, "requestMethod"); ok {
			req().str("http_method", m)
		}
		if ua, ok := fndStr(in, "userAgent"); ok {
			req().str("user_agent", ua)
		}
		if v, ok := fndStr(in, "serverProtocol"); ok {
			req().str("version", v)
		}
		if code, ok := fndInt(in, "respCode"); ok {
			r := ev.obj("http_response")
			r.m.PutInt("code", code)
			if ct, ok := fndStr(in, "mimeType"); ok {
				r.str("content_type", ct)
			}
		}
	} else {
		fndURL(in, fndOne(ev, "url"), "request")
	}
	if uid == classDNSActivity.uid {
		q := ev.obj("query")
		host, ok := fndStr(in, "dnsQuery")
		if !ok {
			host, _ = fndStr(in, "queryName")
		}
		q.m.PutStr("hostname", host)
	}
	if v, ok := fndStr(in, "serverTls"); ok {
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
		if d, ok := fndInt(in, "duration"); ok && d >= 0 {
			ev.m.PutInt("duration", d*1000) // seconds (start = rt − duration, §4.4 sample)
		}
		if t, ok := fndTime(in, "start"); ok {
			ev.m.PutInt("start_time", t)
		}
	}

	// the user
	user := fndOne(ev, "actor")
	if p, ok := fndStr(in, "principalName"); ok {
		u := user().obj("user")
		u.m.PutStr("name", p)
		if strings.Contains(p, "@") {
			u.m.PutStr("email_addr", p)
		}
		if d, ok := fndStr(in, "userDomain"); ok {
			u.str("domain", d)
		}
		if n, ok := fndStr(in, "suid"); ok {
			u.str("full_name", n)
		}
		co, coOK := fndStr(in, "companyName")
		dep, depOK := fndStr(in, "userDepartment")
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
		if name, ok := fndStr(in, "fileName"); ok {
			f := ev.obj("file")
			f.m.PutStr("name", name)
			f.m.PutInt("type_id", 0)
			fndHashes(in, f, "", "fileHash", "fileHashSha256")
			if n, ok := fndInt(in, "fileSize"); ok && n >= 0 {
				f.m.PutInt("size", n)
			}
			if t, ok := fndStr(in, "fileType"); ok {
				f.str("type", t)
			}
			if mt, ok := fndStr(in, "requestMimeType"); ok {
				f.str("mime_type", mt)
			}
		}
	}
	fndDropEmpty(in)
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

// fndSame marks field a read when it repeats field b (equal, or one a
// string and the other an array of just that string).
func fndSame(in *ocsfItem, a, b string) {
	va, ok1 := in.m.Get(a)
	vb, ok2 := in.m.Get(b)
	if !ok1 || !ok2 {
		return
	}
	if va.Equal(vb) {
		fndMark(in, a)
		return
	}
	sa, okA := scalarString(va)
	sb, okB := scalarString(vb)
	if okA && okB && sa == sb {
		fndMark(in, a)
	}
}

// fndIntPair returns fields a and b as non-negative integers, -1 for a
// field missing or not one.
func fndIntPair(in *ocsfItem, a, b string) (int64, int64) {
	x, y := int64(-1), int64(-1)
	if n, ok := fndInt(in, a); ok && n >= 0 {
		x = n
	}
	if n, ok := fndInt(in, b); ok && n >= 0 {
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
	name, nameOK := fndStr(in, "ruleName")
	uid, uidOK := fndStr(in, "ruleUuid")
	if nameOK || uidOK {
		r := ev.obj("firewall_rule")
		r.str("name", name)
		r.str("uid", uid)
		if t, ok := fndStr(in, "ruleType"); ok {
			r.str("type", t)
		}
		used = true
	}
	pname, pnameOK := fndStr(in, "profile")
	puid, puidOK := fndStr(in, "policyUuid")
	if pnameOK || puidOK {
		p := ev.obj("policy")
		p.str("name", pname)
		p.str("uid", puid)
		used = true
	}
	if n, ok := fndInt(in, "score"); ok {
		ev.m.PutInt("risk_score", n)
		used = true
	}
	if m, ok := fndStr(in, "malName"); ok {
		mw := ev.list("malware")()
		mw.m.PutStr("name", m)
		mw.m.PutEmptySlice("classification_ids").AppendEmpty().SetInt(0)
		used = true
	}
	if used {
		fndProfile(ev, "security_control")
	}
}

// fndProfile adds profile p to the event's metadata.profiles.
func fndProfile(ev ocsfObject, p string) {
	v, ok := ev.m.Get("metadata")
	if !ok || v.Type() != pcommon.ValueTypeMap {
		return
	}
	md := v.Map()
	var s pcommon.Slice
	if ps, ok := md.Get("profiles"); ok && ps.Type() == pcommon.ValueTypeSlice {
		s = ps.Slice()
	} else {
		s = md.PutEmptySlice("profiles")
	}
	for i := range s.Len() {
		if s.At(i).Str() == p {
			return
		}
	}
	s.AppendEmpty().SetStr(p)
}
