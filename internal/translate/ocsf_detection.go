package translate

import "strings"

// ocsfSearchDetection maps a product detection (search source detections,
// §4.2: endpoint, web gateway, network and workload protection) to a
// Detection Finding: the detection name, type and product as finding_info,
// its ATT&CK mapping as attacks, the action taken as disposition and
// action, the file, process, peers and URL as one evidence.
func ocsfSearchDetection(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classDetectionFinding, 1, "Create")
	in.dropEmpty = true // a search record: every declared field, empty or not (§4.2)
	key := ev.head.meta.Key
	md := ev.metadata()
	md.move("event_code", in, "eventId")
	readLabels(in, md)
	in.repeats("uuid", key)
	in.mark("eventTime")
	in.mark("eventTimeDT")
	fi := ev.obj("finding_info")
	uid, ok := in.str("uuid")
	if !ok {
		uid = key
	}
	fi.m.PutStr("uid", uid)
	fndDetectionFinding(in, fi)
	if n, ok := in.int("cnt"); ok && n >= 0 {
		ev.m.PutInt("count", n)
	} else if n, ok := in.int("aggregatedCount"); ok && n >= 0 {
		ev.m.PutInt("count", n)
	}
	if t, ok := in.time("end"); ok {
		ev.m.PutInt("end_time", t)
	}
	fndDisposition(in, ev.ocsfObject)
	if m, ok := fndMalware(in, ev.ocsfObject); ok {
		ev.str("message", m)
	}
	if name, ok := in.str("policyName"); ok {
		p := ev.obj("policy")
		p.m.PutStr("name", name)
		p.move("uid", in, "policyUuid")
		addProfile(ev.ocsfObject, "security_control")
	}
	dev := ev.objN("device", deviceKeys)
	readDevice(in, dev)
	deviceFallback(in, dev)
	if !deviceNamed(dev) {
		ev.m.Remove("device")
	}
	e := ev.list("evidences")()
	fndDetectionEvidence(in, e, key)
	if !evidenceValid(e) {
		ev.m.Remove("evidences")
	}
}

// fndDetectionFinding writes a detection's finding_info: title the
// detection (malName, threatName or rule name), types its event name and
// sub name, the analytic, the reporting product and the ATT&CK attacks.
func fndDetectionFinding(in *ocsfItem, fi ocsfObject) {
	title, ok := in.str("malName")
	if ok && in.look("threatName") == title {
		in.mark("threatName")
	}
	if !ok {
		title, ok = in.str("threatName")
	}
	if !ok {
		title, ok = in.str("ruleName")
	}
	if !ok {
		title, _ = in.str("eventName")
	}
	fi.str("title", title)
	var types [2]string
	n := 0
	if t, ok := in.str("eventName"); ok {
		types[n], n = t, n+1
	}
	if t, ok := in.str("eventSubName"); ok && (n == 0 || t != types[0]) {
		types[n], n = t, n+1
	}
	fi.strs("types", types[:n])
	// The analytic is what matched: a rule (network detections' ruleName
	// and DDI rules) or the product's signature (malName).
	a := fi.obj("analytic")
	if title != "" {
		a.m.PutStr("name", title)
	}
	if u, ok := in.str("ruleUuid"); ok {
		a.m.PutStr("uid", u)
	}
	dt, _ := in.str("detectionType")
	switch strings.ToLower(dt) {
	case "rule":
		a.m.PutInt("type_id", 1)
		a.m.PutStr("type", "Rule")
	case "":
		a.m.PutInt("type_id", 0)
	default:
		a.m.PutInt("type_id", 99)
		a.m.PutStr("type", dt)
	}
	if e, ok := in.str("engType"); ok {
		a.str("algorithm", e)
		a.move("version", in, "engVer")
	}
	if _, ok := a.m.Get("name"); !ok {
		if _, ok := a.m.Get("uid"); !ok {
			fi.m.Remove("analytic")
		}
	}
	if p, ok := fi.either("product", in, "name", "pname", "uid", "productCode"); ok {
		p.m.PutStr("vendor_name", "Trend Micro")
		p.move("version", in, "pver")
	}
	// ATT&CK: mitreMapping's "T1090 (TA0005)" pairs, else tacticId alone.
	var atk ocsfAttacks
	for _, m := range in.strs("mitreMapping") {
		tech, tactic := m, ""
		if i := strings.IndexByte(m, '('); i > 0 {
			tech = strings.TrimSpace(m[:i])
			tactic = strings.TrimSpace(strings.TrimSuffix(m[i+1:], ")"))
		}
		atk.add(tech, tactic)
	}
	if len(atk) == 0 {
		for _, t := range in.strs("tacticId") {
			atk.add("", t)
		}
	} else if in.has("tacticId") {
		in.mark("tacticId") // the tactics of mitreMapping again
	}
	version := ""
	if len(atk) > 0 {
		version, _ = in.str("mitreVersion")
	}
	atk.put(fi, version)
}

// fndDisposition maps the detection's action (act, its first action when
// an array of one; actResult the outcome) to disposition_id and action_id
// (the act enum of Trend's OpenAPI document for v3.0, §4.2): an action
// OCSF has no id for is disposition Other with Trend's text.
func fndDisposition(in *ocsfItem, ev ocsfObject) {
	act, ok := in.str("act")
	if !ok {
		return
	}
	result, _ := in.str("actResult")
	disp, dispName, action, actionName := fndActDisposition(act, result)
	ev.m.PutInt("disposition_id", disp)
	ev.m.PutStr("disposition", dispName)
	ev.m.PutInt("action_id", action)
	ev.m.PutStr("action", actionName)
	ev.str("status_detail", result)
}

// fndActDisposition maps an act and its actResult to OCSF's disposition
// and action.
func fndActDisposition(act, result string) (int64, string, int64, string) {
	r := strings.ToLower(result)
	if strings.HasPrefix(r, "unable") {
		// the action failed: the threat is still there
		return 13, "Uncorrected", 3, "Observed"
	}
	switch strings.ToLower(act) {
	case "quarantine":
		return 3, "Quarantined", 2, "Denied"
	case "clean":
		return 11, "Corrected", 4, "Modified"
	case "delete":
		return 5, "Deleted", 2, "Denied"
	case "block", "blocked", "deny access", "deny":
		return 2, "Blocked", 2, "Denied"
	case "pass", "passed", "not blocked", "allow":
		return 1, "Allowed", 1, "Allowed"
	case "log", "logged", "detect", "detected":
		return 17, "Logged", 3, "Observed"
	}
	return 99, act, 0, "Unknown"
}

// fndMalware writes the detection's malware (malName with malType's
// classification) and returns its name.
func fndMalware(in *ocsfItem, ev ocsfObject) (string, bool) {
	name := in.look("malName")
	if name == "" {
		return "", false
	}
	in.mark("malName")
	m := ev.list("malware")()
	m.m.PutStr("name", name)
	t, _ := in.str("malType")
	id, caption := malwareClass(t)
	m.m.PutEmptySlice("classification_ids").AppendEmpty().SetInt(id)
	if caption != "" {
		m.m.PutEmptySlice("classifications").AppendEmpty().SetStr(caption)
	}
	return name, true
}

// fndDetectionEvidence writes the detection's artefacts into evidence e:
// the detected file, the process (with parent), the peers, the URL and
// user.
func fndDetectionEvidence(in *ocsfItem, e ocsfObject, key string) {
	fndDetectedFile(in, e)
	if fndHasProcess(in, &fndKeysProcess) {
		p := e.objN("process", processKeys)
		fndProcess(in, p, &fndKeysProcess, key)
		if fndHasProcess(in, &fndKeysParent) {
			fndProcess(in, p.objN("parent_process", processKeys), &fndKeysParent, key)
		}
	}
	src := e.once("src_endpoint")
	readEndpoint(in, src, "src", "spt", "")
	in.repeatsField("clientIp", "src")
	dst := e.once("dst_endpoint")
	host := "dhost"
	if in.look("dhost") == "" {
		host = "peerHost"
	}
	if !readEndpoint(in, dst, "dst", "dpt", host) {
		readEndpoint(in, dst, "peerIp", "", "peerHost")
	}
	in.repeatsField("peerIp", "dst")
	in.repeatsField("peerHost", "dhost")
	if d, ok := in.str("deviceDirection"); ok {
		ci := e.obj("connection_info")
		switch strings.ToLower(d) {
		case "inbound":
			ci.m.PutInt("direction_id", 1)
		case "outbound":
			ci.m.PutInt("direction_id", 2)
		default:
			ci.m.PutInt("direction_id", 99)
		}
		ci.m.PutStr("direction", d)
		if a, ok := in.str("app"); ok {
			ci.str("protocol_name", strings.ToLower(a))
		}
	}
	url := e.once("url")
	if readURL(in, url, "request") {
		if cats := in.strs("urlCat"); len(cats) > 0 {
			url().strs("categories", cats)
		}
	}
	e.either("http_request", in, "user_agent", "requestClientApplication", "referrer", "httpReferer")
	name, nameOK := in.str("suid")
	upn, upnOK := in.str("principalName")
	if nameOK || upnOK {
		u := e.obj("user")
		if nameOK {
			u.m.PutStr("name", name)
		} else {
			u.m.PutStr("name", upn)
		}
		if strings.Contains(upn, "@") {
			u.m.PutStr("email_addr", upn)
		}
		if s, ok := in.str("userDomain"); ok {
			u.str("domain", s)
		} else if s, ok := in.str("domainName"); ok {
			u.str("domain", s)
		}
	}
}

// fndDetectedFile writes the detected file into evidence e: its full path
// (filePathName or fullPath; filePath when it ends in the file's name,
// else it is the folder), name, SHA-1 (fileHash), size and type, and the
// object file's hashes when it is the same file (objectFile*), else the
// object file itself when the detection names no file*.
func fndDetectedFile(in *ocsfItem, e ocsfObject) {
	name := in.look("fileName")
	path := ""
	for _, k := range [...]string{"filePathName", "fullPath"} {
		if p := in.look(k); p != "" {
			if path == "" {
				path = p
				in.mark(k)
			} else if p == path {
				in.mark(k)
			}
		}
	}
	folder := ""
	if fp := in.look("filePath"); fp != "" {
		switch {
		case path == "" && (name == "" || baseName(fp) == name):
			path = fp
			in.mark("filePath")
		case path != "" && fp == path:
			in.mark("filePath")
		case path == "" || dirName(path) == fp:
			folder = fp
			in.mark("filePath")
		}
	}
	sha1 := in.look("fileHash")
	if path == "" && name == "" && sha1 == "" {
		fndFile(in, e.onceN("file", fileKeys), &fndKeysObjectFile)
		return
	}
	f := e.objN("file", fileKeys)
	if name != "" {
		in.mark("fileName")
	} else {
		name = baseName(path)
	}
	f.m.PutStr("name", name)
	f.str("path", path)
	if folder == "" {
		folder = dirName(path)
	}
	f.str("parent_folder", folder)
	f.m.PutInt("type_id", 0)
	f.move("type", in, "fileType")
	if n, ok := in.int("fileSize"); ok && n >= 0 {
		f.m.PutInt("size", n)
	}
	objPath, objSHA1 := in.look("objectFilePath"), in.look("objectFileHashSha1")
	same := (objPath != "" && objPath == path) || (objSHA1 != "" && strings.EqualFold(objSHA1, sha1))
	if !same && objPath == "" && objSHA1 == "" {
		// workload detections carry only the object's SHA-256 of the file
		same = in.look("objectFileHashSha256") != ""
	}
	if same {
		putHashes(in, f, "objectFileHashMd5", "fileHash", "objectFileHashSha256")
		if objSHA1 != "" && strings.EqualFold(objSHA1, sha1) {
			in.mark("objectFileHashSha1")
		} else if sha1 == "" {
			putHashes(in, f, "", "objectFileHashSha1", "")
		}
		if objPath == path {
			in.mark("objectFilePath")
		}
		if in.look("objectFileName") == name {
			in.mark("objectFileName")
		}
		return
	}
	putHashes(in, f, "", "fileHash", "")
}
