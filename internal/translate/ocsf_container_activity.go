package translate

import "strings"

// Container Security runtime event types (eventId): the container
// activity filter types TELEMETRY_PROCESS, TELEMETRY_FILE and
// TELEMETRY_CONNECTION, numbered as endpoint events are (§3.2 enums).
const (
	containerEventProcess    = 1
	containerEventFile       = 2
	containerEventConnection = 3
)

// ocsfContainerActivity maps a /search/containerActivities item (Container
// Security runtime events on Kubernetes, §4.4) by its event type: a process
// event, and an item of no known type, is Process Activity (1007), a file
// event File System Activity (1001), a connection Network Activity (4001).
// Each has the node as device, the process and its parent, the container
// with its image and Kubernetes pod, namespace and cluster, and the
// runtime policy that matched.
func ocsfContainerActivity(in *ocsfItem, ev *ocsfEvent) {
	id, _ := in.peekInt("eventId")
	sub, _ := in.peekInt("eventSubId")
	switch {
	case id == containerEventFile && in.peek("objectFilePath") != "":
		aid, caption := fileActivity(sub)
		ev.begin(classFileActivity, aid, caption)
		if aid != 0 {
			in.value("eventSubId")
		}
		objectFile(in, ev.ocsfObject)
		actor := ev.obj("actor")
		containerProcess(in, actor.objN("process", processKeys))
		containerDevice(in, ev.objN("device", deviceKeys))
	case id == containerEventConnection:
		aid, caption := containerConnectionActivity(sub)
		ev.begin(classNetworkActivity, aid, caption)
		if aid != 0 {
			in.value("eventSubId")
		}
		addProfile(ev.ocsfObject, "host") // device and actor
		containerConnection(in, ev)
		containerProcess(in, ev.obj("actor").objN("process", processKeys))
		containerDevice(in, ev.objN("device", deviceKeys))
	default:
		aid, caption := containerProcessActivity(sub)
		ev.begin(classProcessActivity, aid, caption)
		if aid != 0 {
			in.value("eventSubId")
		}
		p := ev.objN("process", processKeys)
		containerProcess(in, p)
		// The actor is the process that launched it: the parent.
		if parent, ok := p.m.Get("parent_process"); ok {
			parent.Map().CopyTo(ev.obj("actor").m.PutEmptyMap("process"))
		} else {
			ev.obj("actor").objN("process", processKeys).m.PutInt("pid", -1)
		}
		containerDevice(in, ev.objN("device", deviceKeys))
	}
	activityCommon(in, ev)
	md := ev.metadata()
	md.move("event_code", in, "eventId")
	md.move("tenant_uid", in, "customerId")
	if t, ok := in.time("receivedTime"); ok {
		md.m.PutInt("logged_time", t)
	}
	md.move("log_version", in, "version")
	// The custom filter's tag joins the item's other tags.
	if s, ok := in.str("customFilterTags"); ok {
		if v, ok := md.m.Get("labels"); ok {
			v.Slice().AppendEmpty().SetStr(s)
		} else {
			md.strs("labels", []string{s})
		}
	}
	// The runtime policy (security_control).
	pol := ev.obj("policy")
	pol.move("uid", in, "policyId")
	pol.move("name", in, "policyName")
	if pol.m.Len() == 0 {
		ev.m.Remove("policy")
	} else {
		addProfile(ev.ocsfObject, "security_control")
	}
}

// containerProcess writes process p from the item's process fields (pid,
// command line, image file, launch time, user) with the container it runs
// in and its parent process.
func containerProcess(in *ocsfItem, p ocsfObject) {
	p.m.EnsureCapacity(processKeys)
	pid, hasPID := in.int("processPid")
	p.int("pid", pid, hasPID && pid >= 0 && pid <= 1<<31-1)
	p.move("cmd_line", in, "processCmd")
	path, _ := in.str("processFilePath")
	containerFile(p, path)
	if name := in.peek("processName"); name != "" {
		in.value("processName")
		// processName is the image path; the process name is its base.
		if name == path {
			p.str("name", baseName(name))
		} else {
			p.str("name", name)
		}
	}
	in.repeats("srcFilePath", path)
	in.repeats("objectFilePath", path)
	if t, ok := in.time("processLaunchTime"); ok {
		p.m.PutInt("created_time", t)
	}
	if s, ok := in.str("objectUser"); ok {
		p.obj("user").str("name", s)
	}
	if _, ok := p.m.Get("pid"); !ok {
		p.m.PutInt("pid", -1) // process requires a pid: -1, not known
	}
	containerContainer(in, p)

	parent := ocsfObject{p.m.PutEmptyMap("parent_process")}
	ppid, hasPPID := in.int("parentPid")
	parent.int("pid", ppid, hasPPID && ppid >= 0 && ppid <= 1<<31-1)
	cmd, _ := in.str("parentCmd")
	parent.str("cmd_line", cmd)
	in.repeats("parentCmdNormalized", cmd)
	ppath, _ := in.str("parentFilePath")
	containerFile(parent, ppath)
	if name := in.peek("parentName"); name != "" {
		in.value("parentName")
		if name == ppath {
			parent.str("name", baseName(name))
		} else {
			parent.str("name", name)
		}
	}
	if t, ok := in.time("parentLaunchTime"); ok {
		parent.m.PutInt("created_time", t)
	}
	if parent.m.Len() == 0 {
		p.m.Remove("parent_process")
	} else if _, ok := parent.m.Get("pid"); !ok {
		parent.m.PutInt("pid", -1)
	}
}

// containerFile sets the executable file of process p from its path.
func containerFile(p ocsfObject, path string) {
	if path == "" {
		return
	}
	f := p.objN("file", fileKeys)
	f.str("path", path)
	f.str("name", baseName(path))
	f.m.PutInt("type_id", 1)
	f.str("type", "Regular File")
}

// containerContainer writes the container process p runs in: id, name,
// image (its digest is the image's uid, required), the orchestrator and
// pod, and the Kubernetes namespace, pod name and cluster as tags named as
// OpenTelemetry's k8s.* resource attributes.
func containerContainer(in *ocsfItem, p ocsfObject) {
	c := p.objN("container", 7)
	c.move("uid", in, "containerId")
	c.move("name", in, "containerName")
	if digest := in.peek("containerImageDigest"); digest != "" {
		in.value("containerImageDigest")
		img := c.obj("image")
		img.str("uid", digest)
		if s, ok := in.str("containerImage"); ok {
			img.str("name", s)
			// The tag follows the last colon after the last slash
			// (registry.example.com:5000/app:1.2 is app's tag 1.2).
			if i := strings.LastIndexByte(s, ':'); i > strings.LastIndexByte(s, '/') {
				img.str("tag", s[i+1:])
			}
		}
	}
	c.move("pod_uuid", in, "k8sPodId")
	var add func() ocsfObject
	for _, t := range [...]struct{ field, name string }{
		{"k8sNamespace", "k8s.namespace.name"}, {"k8sPodName", "k8s.pod.name"},
		{"clusterName", "k8s.cluster.name"}, {"clusterId", "k8s.cluster.uid"},
	} {
		s, ok := in.str(t.field)
		if !ok {
			continue
		}
		if add == nil {
			add = c.list("tags")
		}
		kv := add()
		kv.str("name", t.name)
		kv.str("value", s)
	}
	if _, ok := c.m.Get("tags"); ok || c.m.Len() > 0 {
		c.str("orchestrator", "Kubernetes")
	}
	_, hasUID := c.m.Get("uid")
	_, hasName := c.m.Get("name")
	if !hasUID && !hasName {
		if c.m.Len() == 0 {
			p.m.Remove("container")
		} else {
			c.str("name", "unknown") // container requires a name or uid
		}
	}
}

// containerDevice writes the node the container runs on.
func containerDevice(in *ocsfItem, d ocsfObject) {
	d.m.PutInt("type_id", 0)
	d.str("type", "Unknown")
	d.move("hostname", in, "endpointHostName")
	d.move("uid", in, "endpointGuid")
	if name := in.peek("osName"); name != "" {
		in.value("osName")
		putOS(d.obj("os"), name, "")
	}
	if _, ok := d.m.Get("hostname"); !ok {
		if _, ok := d.m.Get("uid"); !ok {
			d.str("name", "unknown") // device requires a name, uid or ip
		}
	}
}

// containerConnection writes a connection's endpoints and protocol.
func containerConnection(in *ocsfItem, ev *ocsfEvent) {
	src := ev.obj("src_endpoint")
	src.ip("ip", in.ip("src"))
	if n, ok := in.int("spt"); ok && n >= 0 && n <= 65535 {
		src.port("port", n, true)
	}
	dst := ev.obj("dst_endpoint")
	dst.ip("ip", in.ip("dst"))
	if n, ok := in.int("dpt"); ok && n >= 0 && n <= 65535 {
		dst.port("port", n, true)
	}
	for _, o := range [...]ocsfObject{src, dst} {
		if _, ok := o.m.Get("ip"); !ok {
			o.str("name", "unknown") // network_endpoint requires an address or name
		}
	}
	ci := ev.obj("connection_info")
	ci.m.PutInt("direction_id", 0)
	ci.str("direction", "Unknown")
	if n, ok := in.int("proto"); ok && n >= 0 && n <= 255 {
		ci.m.PutInt("protocol_num", n)
		ci.str("protocol_name", protocolName(n))
	}
}

// containerProcessActivity maps a TELEMETRY_PROCESS access type
// (eventSubId, the endpoint table of trendmicro/tm-v1-schema) to Process
// Activity's activity_id.
func containerProcessActivity(sub int64) (int64, string) {
	switch sub {
	case 1:
		return 3, "Open"
	case 2, 5: // TELEMETRY_PROCESS_CREATE, TELEMETRY_PROCESS_EXECUTE
		return 1, "Launch"
	case 3:
		return 2, "Terminate"
	}
	return 0, "Unknown"
}

// containerConnectionActivity maps a TELEMETRY_CONNECTION access type
// (eventSubId 201-204: listen, accept, …, connect outbound) to Network
// Activity's activity_id: a connection made or accepted is Open.
func containerConnectionActivity(sub int64) (int64, string) {
	switch sub {
	case 201:
		return 7, "Listen"
	case 202, 203, 204:
		return 1, "Open"
	}
	return 0, "Unknown"
}
