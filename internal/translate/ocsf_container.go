package translate

import (
	"net/netip"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// OCSF mappings of the Container Security event logs (docs/visionone-api.md
// §6.1; README, "OCSF output"): a Kubernetes audit event is the API call it
// logged (API Activity), a runtime (sensor) event the rule that fired
// (Detection Finding) and an evaluation event a policy's verdict on a
// workload (Compliance Finding).

// Profiles the container mappings use attributes of (OCSF profiles are
// opt-in: metadata.profiles names them).
var (
	profilesFinding = []string{"security_control", "host"}
	profilesControl = []string{"security_control"}
)

// k8sAudit is what a Kubernetes audit event's detail.message tells: its
// key=value pairs (user=… verb=create resource=pods/exec …) up to the
// trailing "timestamp: …". Each value is a substring of the message; a
// value may hold spaces (userAgent=kubectl/v1.29.3 (linux/amd64) …), so it
// runs to the next known key.
type k8sAudit struct {
	user, verb, resource, namespace, name, sourceIP, responseCode, userAgent, auditID string
}

func (a *k8sAudit) field(key string) *string {
	switch key {
	case "user":
		return &a.user
	case "verb":
		return &a.verb
	case "resource":
		return &a.resource
	case "namespace":
		return &a.namespace
	case "name":
		return &a.name
	case "sourceIP":
		return &a.sourceIP
	case "responseCode":
		return &a.responseCode
	case "userAgent":
		return &a.userAgent
	case "auditID":
		return &a.auditID
	}
	return nil
}

// parseK8sAudit reads msg's pairs; it reports whether it found any.
func parseK8sAudit(msg string) (a k8sAudit, ok bool) {
	var cur *string
	start := 0 // where cur's value starts
	for i := 0; i < len(msg); {
		j := strings.IndexByte(msg[i:], ' ')
		end := len(msg)
		if j >= 0 {
			end = i + j
		}
		tok := msg[i:end]
		if tok == "timestamp:" {
			break
		}
		if k, v, found := strings.Cut(tok, "="); found {
			if f := a.field(k); f != nil {
				cur, start, ok = f, end-len(v), true
				*cur = v
				i = end + 1
				continue
			}
		}
		if cur != nil && tok != "" { // a value with spaces goes on
			*cur = msg[start:end]
		}
		i = end + 1
	}
	return a, ok
}

// k8sVerbActivity maps a Kubernetes API verb to API Activity's activity.
func k8sVerbActivity(verb string) (int64, string) {
	switch strings.ToLower(verb) {
	case "":
		return 0, "Unknown"
	case "create":
		return 1, "Create"
	case "get", "list", "watch":
		return 2, "Read"
	case "update", "patch":
		return 3, "Update"
	case "delete", "deletecollection":
		return 4, "Delete"
	}
	return 99, verb
}

// k8sUserType types a Kubernetes user name: service accounts, the
// anonymous user, other system: users (controllers), people.
func k8sUserType(name string) (int64, string) {
	switch {
	case strings.HasPrefix(name, "system:serviceaccount:"):
		return 4, "Service"
	case name == "system:anonymous":
		return 99, "Anonymous"
	case strings.HasPrefix(name, "system:"):
		return 3, "System"
	}
	return 1, "User"
}

func ocsfContainerAuditEvent(in *ocsfItem, ev *ocsfEvent) {
	var a k8sAudit
	var msg string
	if detail, ok := in.obj("detail"); ok {
		msg, _ = detail.str("message")
		a, _ = parseK8sAudit(msg)
	}
	id, name := k8sVerbActivity(a.verb)
	ev.begin(classAPIActivity, id, name)
	in.time("createdDateTime") // the event's time, which begin set
	in.str("id")               // metadata.uid
	ev.str("message", msg)
	eventName, _ := in.str("name")
	ev.metadata().str("event_code", eventName)

	actor := ev.obj("actor").obj("user")
	if a.user != "" {
		actor.str("name", a.user)
		t, caption := k8sUserType(a.user)
		actor.m.PutInt("type_id", t)
		actor.str("type", caption)
	} else {
		actor.str("name", "Unknown") // actor is required
	}
	src := ev.obj("src_endpoint")
	if !src.ip("ip", a.sourceIP) {
		src.str("name", "Unknown") // src_endpoint is required
	}
	if a.userAgent != "" {
		ev.obj("http_request").str("user_agent", a.userAgent)
	}

	api := ev.obj("api")
	op := a.verb
	if op == "" {
		op = eventName
	}
	if op == "" {
		op = "Unknown"
	}
	api.str("operation", op)
	source, _ := in.str("source")
	if source != "" {
		api.obj("service").str("name", source)
	}
	if a.auditID != "" {
		api.obj("request").str("uid", a.auditID)
	}
	code, err := strconv.ParseInt(a.responseCode, 10, 64)
	hasCode := err == nil
	if hasCode {
		api.obj("response").int("code", code, true)
		ev.str("status_code", a.responseCode)
	}
	switch {
	case !hasCode:
		ev.m.PutInt("status_id", 0)
		ev.m.PutStr("status", "Unknown")
	case code < 400:
		ev.m.PutInt("status_id", 1)
		ev.m.PutStr("status", "Success")
	default:
		ev.m.PutInt("status_id", 2)
		ev.m.PutStr("status", "Failure")
	}

	k8sAuditResources(in, ev, a.namespace)
}

// k8sAuditResources lists the event's resources (type, value): the
// cluster by id, with its name, and the namespace and objects by name.
func k8sAuditResources(in *ocsfItem, ev *ocsfEvent, namespace string) {
	clusterID := in.peek("clusterId")
	clusterName := in.peek("clusterName")
	add := ev.list("resources")
	haveCluster := false
	in.objs("resources", func(r pcommon.Map) {
		typ, value := mapStr(r, "type"), mapStr(r, "value")
		if value == "" {
			return
		}
		o := add()
		switch typ {
		case "clusterID":
			o.str("uid", value)
			o.str("type", "Kubernetes cluster")
			if value == clusterID {
				haveCluster = true
				o.str("name", clusterName)
			}
		case "namespace":
			o.str("name", value)
			o.str("type", "Kubernetes namespace")
		default:
			o.str("name", value)
			o.str("type", typ)
			o.str("namespace", namespace)
		}
	})
	if !haveCluster && clusterID != "" {
		o := add()
		o.str("uid", clusterID)
		o.str("name", clusterName)
		o.str("type", "Kubernetes cluster")
		haveCluster = true
	}
	if haveCluster {
		in.value("clusterId")
		if clusterName != "" {
			in.value("clusterName")
		}
	}
}

// mitigationActions are what Container Security did (a runtime event's
// mitigation, an evaluation's action or mitigation) as the security
// control profile's action and disposition.
var mitigationActions = []struct {
	value            string
	actionID, dispID int64
	action, disp     string
}{
	{"allow", 1, 1, "Allowed", "Allowed"},
	{"log", 3, 17, "Observed", "Logged"},
	{"block", 2, 2, "Denied", "Blocked"},
	{"isolate", 99, 4, "isolate", "Isolated"},
	{"terminate", 99, 99, "terminate", "terminate"},
}

// ocsfMitigation sets action and disposition from field k; an unknown
// value stays unread.
func ocsfMitigation(in *ocsfItem, ev *ocsfEvent, k string) bool {
	v := in.peek(k)
	for _, m := range mitigationActions {
		if strings.EqualFold(m.value, v) {
			in.value(k)
			ev.m.PutInt("action_id", m.actionID)
			ev.m.PutStr("action", m.action)
			ev.m.PutInt("disposition_id", m.dispID)
			ev.m.PutStr("disposition", m.disp)
			return true
		}
	}
	return false
}

func ocsfContainerSensorEvent(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classDetectionFinding, 1, "Create")
	ev.metadata().strs("profiles", profilesFinding)
	ev.m.PutInt("status_id", 1)
	ev.m.PutStr("status", "New")
	ecs := strings.Contains(ev.eventName, "ecs")

	fi := ev.obj("finding_info")
	uid, _ := in.str("id")
	fi.str("uid", uid)
	if t, ok := in.time("createdDateTime"); ok {
		fi.m.PutInt("created_time", t)
	}
	rule, _ := in.str("ruleName")
	fi.str("title", rule)
	ruleID, _ := in.str("ruleId")
	if rule != "" || ruleID != "" {
		an := fi.obj("analytic")
		an.str("uid", ruleID)
		an.str("name", rule)
		an.m.PutInt("type_id", 1)
		an.m.PutStr("type", "Rule")
		related := an.list("related_analytics")
		in.objs("rulesets", func(r pcommon.Map) {
			rid, rname := mapStr(r, "id"), mapStr(r, "name")
			if rid == "" && rname == "" {
				return
			}
			o := related()
			o.str("uid", rid)
			o.str("name", rname)
			o.m.PutInt("type_id", 1)
			o.m.PutStr("type", "Rule")
			o.m.PutStr("category", "Ruleset")
		})
	}
	fi.moveStrs("types", in, "eventType")
	tags := in.strs("tags")
	ev.metadata().moveStrs("labels", in, "tags")
	var atk ocsfAttacks
	for _, tag := range tags {
		for _, t := range mitreTactics {
			if tag == t.tag {
				atk.add("", t.uid)
			}
		}
	}
	atk.put(fi, "")
	if pid, pname := in.peek("policyId"), in.peek("policyName"); pid != "" || pname != "" {
		p := ev.obj("policy")
		p.str("uid", pid)
		p.str("name", pname)
		in.value("policyId")
		in.value("policyName")
	}
	ocsfMitigation(in, ev, "mitigation")

	if host, ok := in.str("nodeHostname"); ok {
		ocsfNode(ev, host)
	} else if host, ok := in.str("serviceHostname"); ok {
		ocsfNode(ev, host)
	}

	details, _ := in.obj("details")
	resources := ev.list("resources")
	clusterType := "Kubernetes cluster"
	if ecs {
		clusterType = "Amazon ECS cluster"
	}
	if id, name := in.peek("clusterId"), in.peek("clusterName"); id != "" || name != "" {
		o := resources()
		o.str("uid", id)
		o.str("name", name)
		o.str("type", clusterType)
		in.value("clusterId")
		in.value("clusterName")
		if details != nil && name != "" && details.peek("ecs.cluster.name") == name {
			details.value("ecs.cluster.name")
		}
	}
	sensorPod(in, details, resources)
	if details == nil {
		return
	}
	if arn := naPeek(details, "ecs.task.arn"); arn != "" {
		o := resources()
		o.str("uid", arn)
		o.str("name", naPeek(details, "ecs.task.definition"))
		o.str("type", "Amazon ECS task")
		details.value("ecs.task.arn")
		if def := naPeek(details, "ecs.task.definition"); def != "" {
			details.value("ecs.task.definition")
			// The definition is family:revision; the two fields that
			// repeat it are read with it, the revision its version.
			family, version := naPeek(details, "ecs.taskdef.family"), naPeek(details, "ecs.taskdef.version")
			if f, v, ok := strings.Cut(def, ":"); ok && f == family && v == version {
				details.value("ecs.taskdef.family")
				details.value("ecs.taskdef.version")
				o.str("version", version)
			}
		}
	}
	sensorEvidence(details, ev, resources, ecs)
}

// naStr is naPeek, marking a value it returns read.
func naStr(in *ocsfItem, k string) string {
	s := naPeek(in, k)
	if s != "" {
		in.value(k)
	}
	return s
}

// naPeek is field k of a runtime event's details, "" when absent or
// "<NA>" (what an ECS detail holds when it does not apply).
func naPeek(in *ocsfItem, k string) string {
	if s := in.peek(k); s != "<NA>" {
		return s
	}
	return ""
}

// ocsfNode writes the cluster node or ECS container instance the event
// happened on as the device.
func ocsfNode(ev *ocsfEvent, host string) {
	d := ev.objN("device", deviceKeys)
	d.str("hostname", host)
	d.m.PutInt("type_id", 1)
	d.m.PutStr("type", "Server")
}

// sensorPod adds the Kubernetes pod: top-level fields, else the details'
// k8s.* ones (a details field equal to the top-level one is read too).
func sensorPod(in, details *ocsfItem, resources func() ocsfObject) {
	name := in.peek("kubernetesPodName")
	ns := in.peek("kubernetesNamespaceName")
	podID := ""
	if details != nil {
		if s := details.peek("k8s.pod.name"); name == "" || s == name {
			name = s
			if s != "" {
				details.value("k8s.pod.name")
			}
		}
		if s := details.peek("k8s.ns.name"); ns == "" || s == ns {
			ns = s
			if s != "" {
				details.value("k8s.ns.name")
			}
		}
		podID = details.peek("k8s.pod.id")
	}
	if name == "" && podID == "" {
		return
	}
	o := resources()
	o.str("uid", podID)
	o.str("name", name)
	o.str("namespace", ns)
	o.str("type", "Kubernetes pod")
	if podID != "" {
		details.value("k8s.pod.id")
	}
	if in.peek("kubernetesPodName") == name && name != "" {
		in.value("kubernetesPodName")
	}
	if in.peek("kubernetesNamespaceName") == ns && ns != "" {
		in.value("kubernetesNamespaceName")
	}
	if labels, ok := in.peekObj("kubernetesPodLabels"); ok && labels.Len() > 0 {
		in.value("kubernetesPodLabels")
		add := o.list("tags")
		labels.Range(func(k string, v pcommon.Value) bool {
			t := add()
			t.m.PutStr("name", k)
			t.m.PutStr("value", v.AsString())
			return true
		})
	}
	if details != nil {
		if l := details.peek("k8s.pod.labels"); l != "" {
			details.value("k8s.pod.labels")
			o.strs("labels", []string{l})
		}
	}
}

// sensorEvidence writes what the rule saw: the process (proc.*) and its
// user, the file or connection (fd.*, file.*), the malware found, in the
// container (container.*). Without any of these the container is a
// resource.
func sensorEvidence(details *ocsfItem, ev *ocsfEvent, resources func() ocsfObject, ecs bool) {
	eo := ev.newObject()
	found := false

	// A process needs its pid (OCSF's process requires pid, cpid or uid).
	if pid, ok := details.peekInt("proc.pid"); ok {
		found = true
		details.value("proc.pid")
		p := eo.objN("process", processKeys)
		p.m.PutInt("pid", pid)
		p.str("name", naStr(details, "proc.name"))
		cmd := naStr(details, "proc.cmdline")
		p.str("cmd_line", cmd)
		// proc.args and proc.exeline repeat the command line.
		if args := naPeek(details, "proc.args"); args != "" && strings.HasSuffix(cmd, args) {
			details.value("proc.args")
		}
		if cmd != "" && details.peek("proc.exeline") == cmd {
			details.value("proc.exeline")
		}
		if exe := naStr(details, "proc.exe"); exe != "" {
			f := p.objN("file", fileKeys)
			f.str("name", baseName(exe))
			if strings.ContainsAny(exe, `/\`) {
				f.str("path", exe)
			}
			f.m.PutInt("type_id", 8)
			f.m.PutStr("type", "Executable File")
		}
		if user := naStr(details, "user.name"); user != "" {
			p.obj("user").str("name", user)
		}
		if ppid, ok := details.peekInt("proc.ppid"); ok {
			details.value("proc.ppid")
			pp := p.objN("parent_process", processKeys)
			pp.m.PutInt("pid", ppid)
			pp.str("name", naStr(details, "proc.pname"))
			pp.str("cmd_line", naStr(details, "proc.pcmdline"))
		}
	}
	if fd := naPeek(details, "fd.name"); fd != "" {
		if strings.EqualFold(details.peek("evt.category"), "net") {
			if ap, err := netip.ParseAddrPort(fd); err == nil {
				found = true
				details.value("fd.name")
				d := eo.obj("dst_endpoint")
				d.m.PutStr("ip", ap.Addr().String())
				d.m.PutInt("port", int64(ap.Port()))
			}
		} else {
			found = true
			details.value("fd.name")
			f := eo.objN("file", fileKeys)
			f.str("name", baseName(fd))
			f.str("path", fd)
			f.m.PutInt("type_id", 0)
			f.m.PutStr("type", "Unknown")
		}
	} else if name := naPeek(details, "file.name"); name != "" { // a malware or secret scan
		found = true
		details.value("file.name")
		f := eo.objN("file", fileKeys)
		f.str("name", baseName(name))
		if strings.ContainsAny(name, `/\`) {
			f.str("path", name)
		}
		f.m.PutInt("type_id", 1)
		f.m.PutStr("type", "Regular File")
		if sha := naStr(details, "file.sha256"); sha != "" {
			h := f.list("hashes")()
			h.m.PutInt("algorithm_id", 3)
			h.m.PutStr("algorithm", "SHA-256")
			h.m.PutStr("value", sha)
		}
	}
	if name := naPeek(details, "malware.name"); name != "" {
		details.value("malware.name")
		m := ev.list("malware")()
		m.str("name", name)
		var class int64 = 99
		typ := details.peek("malware.type")
		for _, c := range malwareClasses {
			if strings.EqualFold(c.typ, typ) {
				class = c.id
				details.value("malware.type")
				break
			}
		}
		if typ == "" {
			class = 0
		}
		m.m.PutEmptySlice("classification_ids").AppendEmpty().SetInt(class)
		if found {
			m.m.PutStr("path", peekPath(eo))
		}
	}

	if !found {
		// No evidence to hold the container: it is a resource, and its
		// image, which a resource has no place for, stays unmapped.
		id, name := naPeek(details, "container.id"), naPeek(details, "container.name")
		if id == "" && name == "" {
			return
		}
		o := resources()
		o.str("uid", id)
		o.str("name", name)
		o.str("type", "Container")
		if id != "" {
			details.value("container.id")
		}
		if name != "" {
			details.value("container.name")
		}
		return
	}
	co := eo.obj("container")
	if id := naPeek(details, "container.id"); id != "" {
		details.value("container.id")
		co.str("uid", id)
	}
	if name := naPeek(details, "container.name"); name != "" {
		details.value("container.name")
		co.str("name", name)
	}
	if co.m.Len() == 0 {
		eo.m.Remove("container") // container needs its name or uid
	} else {
		if ecs {
			co.str("orchestrator", "Amazon ECS")
		} else {
			co.str("orchestrator", "Kubernetes")
		}
		// The image needs its uid: the digest; without one the tag is
		// the container's.
		if digest := naPeek(details, "container.image.digest"); digest != "" {
			details.value("container.image.digest")
			img := co.obj("image")
			img.str("uid", digest)
			if repo := naPeek(details, "container.image.repository"); repo != "" {
				details.value("container.image.repository")
				img.str("name", repo)
			}
			if tag := naPeek(details, "container.image.tag"); tag != "" {
				details.value("container.image.tag")
				img.str("tag", tag)
			}
		} else if tag := naPeek(details, "container.image.tag"); tag != "" {
			details.value("container.image.tag")
			co.str("tag", tag)
		}
	}
	eo.m.MoveTo(ev.list("evidences")().m)
}

// peekPath is the path (else name) of an evidence's file.
func peekPath(e ocsfObject) string {
	f, ok := e.m.Get("file")
	if !ok {
		return ""
	}
	if p := f.Map().str("path"); p != "" {
		return p
	}
	return f.Map().str("name")
}

// evaluationStatus maps an evaluation's decision and violations to the
// compliance status: a denial fails, an allowed request that broke a rule
// (logged) warns, a clean one passes.
func evaluationStatus(decision string, violated bool) (int64, string) {
	switch {
	case strings.EqualFold(decision, "deny"):
		return 3, "Fail"
	case strings.EqualFold(decision, "allow") && violated:
		return 2, "Warning"
	case strings.EqualFold(decision, "allow"):
		return 1, "Pass"
	}
	return 0, "Unknown"
}

func ocsfContainerEvaluationEvent(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classComplianceFinding, 1, "Create")
	ev.metadata().strs("profiles", profilesControl)
	ev.m.PutInt("status_id", 1)
	ev.m.PutStr("status", "New")

	fi := ev.obj("finding_info")
	uid, _ := in.str("id")
	fi.str("uid", uid)
	if t, ok := in.time("createdDateTime"); ok {
		fi.m.PutInt("created_time", t)
	}
	// The admission controller judges a request (operation), the
	// continuous evaluation a running workload (mitigation).
	if in.has("operation") || in.has("action") {
		fi.m.PutStr("title", "Kubernetes admission evaluation")
	} else {
		fi.m.PutStr("title", "Kubernetes workload evaluation")
	}
	fi.strs("types", []string{"Container Security policy evaluation"})

	if pid, pname := in.peek("policyId"), in.peek("policyName"); pid != "" || pname != "" {
		p := ev.obj("policy")
		p.str("uid", pid)
		p.str("name", pname)
		in.value("policyId")
		in.value("policyName")
	}
	if !ocsfMitigation(in, ev, "action") {
		ocsfMitigation(in, ev, "mitigation")
	}
	ev.metadata().move("correlation_uid", in, "requestId")

	// The rules broken and the exceptions that allowed are the checks;
	// violationReasons and exceptions are read, not consumed: their rule
	// properties and scan findings have no OCSF home, so they stay whole in
	// unmapped.
	comp := ev.obj("compliance")
	comp.move("control", in, "policyDefinitionName")
	var checks func() ocsfObject
	object := ""
	violated := false
	check := func(k string, status int64, caption string) {
		v, ok := in.m.Get(k)
		if !ok || v.Type() != pcommon.ValueTypeSlice {
			return
		}
		s := v.Slice()
		for i := range s.Len() {
			r := s.At(i)
			if r.Type() != pcommon.ValueTypeMap {
				continue
			}
			if status == 3 {
				violated = true
			}
			if checks == nil {
				checks = comp.list("checks")
			}
			c := checks()
			c.str("name", mapStr(r.Map(), "type"))
			c.m.PutInt("status_id", status)
			c.m.PutStr("status", caption)
			if object == "" {
				if rs, ok := r.Map().Get("resources"); ok && rs.Type() == pcommon.ValueTypeSlice && rs.Slice().Len() > 0 &&
					rs.Slice().At(0).Type() == pcommon.ValueTypeMap {
					object = mapStr(rs.Slice().At(0).Map(), "object")
				}
			}
		}
	}
	check("violationReasons", 3, "Fail")
	check("exceptions", 1, "Pass")
	decision, _ := in.str("decision")
	id, caption := evaluationStatus(decision, violated)
	comp.m.PutInt("status_id", id)
	comp.m.PutStr("status", caption)
	comp.str("status_code", decision)

	resources := ev.list("resources")
	if cid, cname := in.peek("clusterId"), in.peek("clusterName"); cid != "" || cname != "" {
		o := resources()
		o.str("uid", cid)
		o.str("name", cname)
		o.str("type", "Kubernetes cluster")
		in.value("clusterId")
		in.value("clusterName")
	}
	ns := in.peek("namespace")
	if object != "" {
		o := resources()
		o.str("name", object)
		o.str("namespace", ns)
		kind, _ := in.str("kind")
		o.str("type", kind)
	} else if ns != "" {
		o := resources()
		o.str("name", ns)
		o.str("type", "Kubernetes namespace")
	}
	if ns != "" {
		in.value("namespace")
	}
}
