package translate

// An endpoint activity record (search source endpointActivities, and the
// detail of an OAT detection from endpointActivityData) is one event of the
// agent's telemetry, typed by eventId (EVENT_PROCESS … TELEMETRY_BM) and
// eventSubId (XDR_PROCESS_CREATE, XDR_FILE_DELETE, …): the enums of
// docs/visionone-api.md §3.2 (Trend's OpenAPI document for v3.0 lists them
// with the endpointActivityData item). endpointEvents maps each sub id to
// the OCSF class and activity that fit it.

// endpointKind says which objects an endpoint event's class is built
// around.
type endpointKind int

const (
	epProcess endpointKind = iota
	epFile
	epRegistry
	epNetwork
	epDNS
	epInternet
	epAccount
	epModule
	epScript
)

// endpointEventIDs is Trend's name of each eventId (the activity_name of a
// record whose sub id is missing or unknown).
var endpointEventIDs = [...]string{1: "EVENT_PROCESS", 2: "EVENT_FILE", 3: "EVENT_CONNECTION", 4: "EVENT_DNS",
	5: "EVENT_REGISTRY", 6: "EVENT_ACCOUNT", 7: "EVENT_INTERNET", 8: "XDR_EVENT_MODIFIED_PROCESS",
	9: "EVENT_WINDOWS_HOOK", 10: "EVENT_WINDOWS_EVENT", 11: "EVENT_AMSI", 12: "EVENT_WMI",
	13: "TELEMETRY_MEMORY", 14: "TELEMETRY_BM"}

// endpointEventKinds is the kind of each eventId. Registry events (5) have
// no OCSF class in the core schema (the Windows extension's Registry
// Key/Value Activity is not part of 1.8.0's core): they are File System
// Activity, the registry being a hierarchical store whose key is the
// folder and whose value is the file (README, "OCSF output"). Windows
// hooks (9) are injections into other processes (ATT&CK T1056.004), WMI,
// Windows event log, memory and behaviour monitoring events Process
// Activity of the acting process with activity Other and Trend's name.
var endpointEventKinds = [...]endpointKind{1: epProcess, 2: epFile, 3: epNetwork, 4: epDNS, 5: epRegistry,
	6: epAccount, 7: epInternet, 8: epProcess, 9: epProcess, 10: epProcess, 11: epScript, 12: epProcess,
	13: epProcess, 14: epProcess}

// endpointSubEvent maps an eventSubId to its activity in the class of its
// kind.
func endpointSubEvent(sub int64) (int64, string) {
	if sub > 100 && sub < 200 {
		return fileActivity(sub)
	}
	switch sub {
	case 1:
		return 3, "Open" // XDR_PROCESS_OPEN
	case 2:
		return 1, "Launch" // XDR_PROCESS_CREATE
	case 3:
		return 2, "Terminate" // XDR_PROCESS_TERMINATE
	case 4:
		return 1, "Load" // XDR_PROCESS_LOAD_IMAGE: Module Activity
	case 5:
		return 1, "Launch" // TELEMETRY_PROCESS_EXECUTE
	case 6:
		return 99, "TELEMETRY_PROCESS_CONNECT"
	case 7:
		return 99, "TELEMETRY_PROCESS_TRACME"
	case 201, 203, 204:
		return 1, "Open" // XDR_CONNECTION_CONNECT[_INBOUND|_OUTBOUND]
	case 202:
		return 7, "Listen"
	case 301:
		return 1, "Query"
	case 401:
		return 1, "Create"
	case 402:
		return 3, "Update" // XDR_REGISTRY_SET: a value is written
	case 403:
		return 4, "Delete"
	case 404:
		return 5, "Rename"
	case 501:
		return 1, "Create" // XDR_ACCOUNT_ADD
	case 502:
		return 6, "Delete"
	case 503:
		return 99, "XDR_ACCOUNT_IMPERSONATE"
	case 504:
		return 99, "XDR_ACCOUNT_MODIFY"
	case 601:
		return 99, "XDR_INTERNET_OPEN"
	case 602:
		return 1, "Connect"
	case 603:
		return 3, "Get" // XDR_INTERNET_DOWNLOAD
	case 701, 702, 703, 705:
		return 4, "Inject" // remote thread, memory or process writes
	case 704:
		return 3, "Open" // TELEMETRY_MODIFIED_PROCESS_READ_PROCESS
	case 801:
		return 4, "Inject" // XDR_WINDOWS_HOOK_SET
	case 901:
		return 1, "Execute" // XDR_AMSI_EXECUTE
	case 1001:
		return 99, "TELEMETRY_MEMORY_MODIFY"
	case 1002:
		return 99, "TELEMETRY_MEMORY_MODIFY_PERMISSION"
	case 1003:
		return 99, "TELEMETRY_MEMORY_READ"
	case 1101:
		return 99, "TELEMETRY_BM_INVOKE"
	case 1102:
		return 99, "TELEMETRY_BM_INVOKE_API"
	}
	return 0, "Unknown"
}

// endpointSubRange is the eventId an eventSubId belongs to: 1–7 process,
// 101–109 file, 201–204 connection, 301 DNS, 401–404 registry, 501–504
// account, 601–603 internet, 701–705 modified process, 801 Windows hook,
// 901 AMSI, 1001–1003 memory, 1101–1102 behaviour monitoring; 0 for
// TELEMETRY_NONE and ids outside them.
func endpointSubRange(sub int64) int64 {
	switch {
	case sub >= 1 && sub <= 7:
		return 1
	case sub >= 101 && sub < 900:
		return sub/100 + 1
	case sub >= 901 && sub < 1000:
		return 11
	case sub >= 1001 && sub < 1100:
		return 13
	case sub >= 1101 && sub < 1200:
		return 14
	}
	return 0
}

// endpointClass chooses the kind, class and activity of an endpoint
// activity record from its eventId and eventSubId (either may be missing,
// text or a number). The sub id decides the activity only when it belongs
// to the event id (a process record's sub id 101 would be a file's).
func endpointClass(in *ocsfItem) (kind endpointKind, c ocsfClass, id int64, name string, eventID int64, subOK bool) {
	v, ok := in.m.Get("eventId")
	if ok {
		eventID, ok = intValue(v)
	}
	if !ok || eventID < 1 || eventID >= int64(len(endpointEventKinds)) {
		eventID = 0
	}
	sub := int64(-1)
	if v, ok := in.m.Get("eventSubId"); ok {
		sub, subOK = intValue(v)
	}
	if eventID == 0 && subOK {
		// no (known) event id: the sub id says which event it is
		if r := endpointSubRange(sub); r > 0 {
			eventID = r
		}
	}
	kind = epProcess
	if eventID > 0 {
		kind = endpointEventKinds[eventID]
	}
	id, name = 0, "Unknown"
	if subOK && endpointSubRange(sub) == eventID && eventID > 0 {
		id, name = endpointSubEvent(sub)
	} else if eventID > 0 && kind == epProcess && eventID != 1 {
		id, name = 99, endpointEventIDs[eventID]
	}
	if sub == 4 && eventID == 1 {
		kind = epModule
	}
	switch eventID {
	case 10, 12, 13, 14:
		if id == 0 {
			id, name = 99, endpointEventIDs[eventID]
		}
	}
	switch kind {
	case epFile, epRegistry:
		c = classFileActivity
	case epNetwork:
		c = classNetworkActivity
	case epDNS:
		c = classDNSActivity
	case epInternet:
		c = classHTTPActivity
	case epAccount:
		c = classAccountChange
	case epModule:
		c = classModuleActivity
	case epScript:
		c = classScriptActivity
	default:
		c = classProcessActivity
	}
	return kind, c, id, name, eventID, subOK
}

// ocsfEndpointActivity maps an endpoint activity record (§4.2) to the OCSF
// class of its eventId and the activity of its eventSubId (endpointClass).
func ocsfEndpointActivity(in *ocsfItem, ev *ocsfEvent) {
	key := ev.head.meta.Key
	kind, _, _ := endpointBegin(in, &ev.ocsfObject, ev.begin)
	activityCommon(in, ev)
	endpointBody(in, ev.ocsfObject, kind, false, key)
}

// endpointBegin chooses the record's class and activity, calls begin with
// them and sets metadata.event_code to the eventId. A class whose required
// object the record lacks falls back to Process Activity of the acting
// process (activity Other with Trend's name), so the event still
// validates.
func endpointBegin(in *ocsfItem, ev *ocsfObject, begin func(ocsfClass, int64, string)) (endpointKind, int64, string) {
	kind, c, id, name, eventID, subOK := endpointClass(in)
	other := func(n string) {
		kind, c, id, name = epProcess, classProcessActivity, 99, n
	}
	switch kind {
	case epAccount:
		if in.look("objectUser") == "" {
			other(name)
		}
	case epScript:
		if in.look("objectRawDataStr") == "" {
			other(name)
		}
	case epDNS:
		if in.look("objectHostName") == "" {
			kind, c, id = epNetwork, classNetworkActivity, 99
		}
	case epInternet:
		if in.look("request") == "" {
			kind, c, id = epNetwork, classNetworkActivity, 99
		}
	case epFile:
		if in.look(fndKeysObjectFile.path) == "" && in.look(fndKeysObjectFile.name) == "" &&
			in.look(fndKeysSrcFile.path) == "" {
			other(name)
		}
	case epRegistry:
		if in.look("objectRegistryKeyHandle") == "" {
			other(name)
		}
	}
	if id == 99 && name == "Unknown" {
		name = "Other"
	}
	begin(c, id, name)
	if eventID > 0 {
		in.mark("eventId")
		md := ev.m
		if v, ok := md.Get("metadata"); ok {
			v.Map().PutStr("event_code", endpointEventIDs[eventID])
		}
	}
	if subOK {
		in.mark("eventSubId")
	}
	return kind, id, name
}

// endpointBody writes the objects of an endpoint activity record of kind
// into ev: the event, or an OAT detection's evidence (evidence), which has
// no module, answers or timezone_offset (a loaded module is its file
// there, the DNS answers stay in unmapped).
func endpointBody(in *ocsfItem, ev ocsfObject, kind endpointKind, evidence bool, key string) {
	dev := ev.objN("device", deviceKeys)
	if !readDevice(in, dev) {
		ev.m.Remove("device")
	}
	if !evidence {
		fndTimezone(in, ev)
	}
	actor := ev.once("actor")
	// The acting process: process* with parent*; for a process event the
	// target is object*.
	acting := kind != epProcess || fndHasProcess(in, &fndKeysObject)
	if acting && fndHasProcess(in, &fndKeysProcess) {
		p := actor().objN("process", processKeys)
		fndProcess(in, p, &fndKeysProcess, key)
		if fndHasProcess(in, &fndKeysParent) {
			fndProcess(in, p.objN("parent_process", processKeys), &fndKeysParent, key)
		}
	}
	// src* is the acting process's file again (§4.2)
	in.repeatsField("srcFilePath", "processFilePath")
	in.repeatsField("srcFileHashSha1", "processFileHashSha1")
	if u, ok := in.str("logonUser"); ok {
		a := actor()
		u2 := a.obj("user")
		u2.m.PutStr("name", u)
	}
	switch kind {
	case epProcess:
		target := &fndKeysObject
		if !fndHasProcess(in, target) {
			target = &fndKeysProcess
		}
		p := ev.objN("process", processKeys)
		if !fndProcess(in, p, target, key) {
			p.m.PutStr("uid", key+":process")
		}
		if target == &fndKeysProcess && fndHasProcess(in, &fndKeysParent) {
			fndProcess(in, p.objN("parent_process", processKeys), &fndKeysParent, key)
		}
	case epModule:
		if evidence {
			fndFile(in, ev.onceN("file", fileKeys), &fndKeysObjectFile)
			break
		}
		m := ev.obj("module")
		m.m.PutInt("load_type_id", 0)
		fndFile(in, func() ocsfObject { return m.objN("file", fileKeys) }, &fndKeysObjectFile)
	case epFile:
		if !fndFile(in, ev.onceN("file", fileKeys), &fndKeysObjectFile) {
			fndFile(in, ev.onceN("file", fileKeys), &fndKeysSrcFile)
		}
	case epRegistry:
		endpointRegistry(in, ev)
	case epNetwork, epDNS, epInternet:
		endpointNetwork(in, ev, kind, evidence)
	case epAccount:
		readUser(in, ev.once("user"), "objectUser", "objectUserDomain")
	case epScript:
		s := ev.obj("script")
		content, _ := in.str("objectRawDataStr")
		s.obj("script_content").m.PutStr("value", content)
		s.m.PutInt("type_id", 0)
	}
	if kind != epProcess && kind != epAccount {
		// the object user of a file or network event is its process's
		readUser(in, func() ocsfObject { return actor().obj("user") }, "objectUser", "objectUserDomain")
	}
	in.dropEmpty = true
	if _, ok := ev.m.Get("actor"); !ok && !evidence && kind != epNetwork && kind != epDNS && kind != epInternet {
		// System Activity classes need an actor: the record's process,
		// even when it is also the event's process.
		actor().objN("process", processKeys).m.PutStr("uid", key+":"+fndKeysProcess.role)
	}
}

// endpointRegistry writes a registry event's key and value as the file of
// a File System Activity (endpointEventKinds): parent_folder the key,
// name the value (the key's last element when the event names no value),
// type Other "Registry Value" or "Registry Key". The value's data has no
// OCSF home there and stays in unmapped.
func endpointRegistry(in *ocsfItem, ev ocsfObject) {
	k, _ := in.str("objectRegistryKeyHandle")
	f := ev.objN("file", fileKeys)
	if val, ok := in.str("objectRegistryValue"); ok {
		f.m.PutStr("name", val)
		f.m.PutStr("path", k+`\`+val)
		f.m.PutStr("parent_folder", k)
		f.m.PutStr("type", "Registry Value")
	} else {
		f.m.PutStr("name", baseName(k))
		f.m.PutStr("path", k)
		f.str("parent_folder", dirName(k))
		f.m.PutStr("type", "Registry Key")
	}
	f.m.PutInt("type_id", 99)
}

// endpointNetwork writes the network side of a connection, DNS or internet
// event: src/spt the endpoint, dst/dpt (or object*) the peer or the DNS
// server, the query and its answers, the URL.
func endpointNetwork(in *ocsfItem, ev ocsfObject, kind endpointKind, evidence bool) {
	readEndpoint(in, ev.once("src_endpoint"), "src", "spt", "")
	dst := ev.once("dst_endpoint")
	if !readEndpoint(in, dst, "dst", "dpt", "") && kind != epDNS {
		readEndpoint(in, dst, "objectIp", "objectPort", "objectHostName")
	} else if kind != epDNS {
		// objectIp(s)/objectPort repeat dst/dpt; the host name is the peer's
		in.repeatsField("objectIp", "dst")
		in.repeatsField("objectIps", "dst")
		if s, ok := in.str("objectHostName"); ok {
			dst().str("hostname", s)
		}
	}
	in.repeatsField("objectPort", "dpt")
	switch kind {
	case epDNS:
		q := ev.obj("query")
		host, _ := in.str("objectHostName")
		q.m.PutStr("hostname", host)
		if evidence {
			break
		}
		if ips := in.ips("objectIps"); len(ips) > 0 {
			add := ev.list("answers")
			for _, ip := range ips {
				add().m.PutStr("rdata", ip)
			}
			if in.look("objectIp") == ips[0] {
				in.mark("objectIp")
			}
		} else if ip := in.ip("objectIp"); ip != "" {
			ev.list("answers")().m.PutStr("rdata", ip)
		}
	case epInternet:
		r := ev.obj("http_request")
		readURL(in, r.once("url"), "request")
	default:
		readURL(in, ev.once("url"), "request")
		if v, ok := in.m.Get("eventSubId"); ok {
			// the sub id is the only direction the record gives
			switch sub, _ := intValue(v); sub {
			case 203:
				ci := ev.obj("connection_info")
				ci.m.PutInt("direction_id", 1)
				ci.m.PutStr("direction", "Inbound")
			case 204:
				ci := ev.obj("connection_info")
				ci.m.PutInt("direction_id", 2)
				ci.m.PutStr("direction", "Outbound")
			}
		}
	}
	if _, ok := ev.m.Get("src_endpoint"); !ok {
		if _, ok := ev.m.Get("dst_endpoint"); !ok {
			// Network classes need an endpoint: the device's own.
			if dev, ok := ev.m.Get("device"); ok {
				se := ev.obj("src_endpoint")
				if h, ok := dev.Map().Get("hostname"); ok {
					se.m.PutStr("hostname", h.Str())
				}
				if u, ok := dev.Map().Get("uid"); ok {
					se.m.PutStr("uid", u.Str())
				}
				if ip, ok := dev.Map().Get("ip"); ok {
					se.m.PutStr("ip", ip.Str())
				}
			}
		}
	}
}
