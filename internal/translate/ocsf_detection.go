package translate

import "strings"

// ocsfSearchDetection maps a product detection (search source detections,
// §4.2: endpoint, web gateway, network and workload protection) to a
// Detection Finding: the detection name, type and product as finding_info,
// its ATT&CK mapping as attacks, the action taken as disposition and
// action, the file, process, peers and URL as one evidence.
func ocsfSearchDetection(in *ocsfItem, ev *ocsfEvent) {
	ev.m.EnsureCapacity(28)
	ev.begin(classDetectionFinding, 1, "Create")
	key := ev.head.meta.Key
	md := ev.metadata()
	if id, ok := fndStr(in, "eventId"); ok {
		md.str("event_code", id)
	}
	fndLabels(in, md)
	fndUUID(in, key)
	fndMark(in, "eventTime")
	fndMark(in, "eventTimeDT")
	fi := ev.obj("finding_info")
	uid, ok := fndStr(in, "uuid")
	if !ok {
		uid = key
	}
	fi.m.PutStr("uid", uid)
	fndDetectionFinding(in, fi)
	if n, ok := fndInt(in, "cnt"); ok && n >= 0 {
		ev.m.PutInt("count", n)
	} else if n, ok := fndInt(in, "aggregatedCount"); ok && n >= 0 {
		ev.m.PutInt("count", n)
	}
	if t, ok := fndTime(in, "end"); ok {
		ev.m.PutInt("end_time", t)
	}
	fndDisposition(in, ev.ocsfObject)
	if m, ok := fndMalware(in, ev.ocsfObject); ok {
		ev.str("message", m)
	}
	if name, ok := fndStr(in, "policyName"); ok {
		p := ev.obj("policy")
		p.m.PutStr("name", name)
		if u, ok := fndStr(in, "policyUuid"); ok {
			p.str("uid", u)
		}
		fndProfile(ev.ocsfObject, "security_control")
	}
	dev := ev.obj("device")
	fndDevice(in, dev)
	fndDeviceFallback(in, dev)
	if !fndDeviceNamed(dev) {
		ev.m.Remove("device")
	}
	e := ev.list("evidences")()
	fndDetectionEvidence(in, e, key)
	if !fndEvidenceValid(e) {
		ev.m.Remove("evidences")
	}
}

// fndDetectionFinding writes a detection's finding_info: title the
// detection (malName, threatName or rule name), types its event name and
// sub name, the analytic, the reporting product and the ATT&CK attacks.
func fndDetectionFinding(in *ocsfItem, fi ocsfObject) {
	title, ok := fndStr(in, "malName")
	if ok && fndLook(in, "threatName") == title {
		fndMark(in, "threatName")
	}
	if !ok {
		title, ok = fndStr(in, "threatName")
	}
	if !ok {
		title, ok = fndStr(in, "ruleName")
	}
	if !ok {
		title, _ = fndStr(in, "eventName")
	}
	fi.str("title", title)
	var types [2]string
	n := 0
	if t, ok := fndStr(in, "eventName"); ok {
		types[n], n = t, n+1
	}
	if t, ok := fndStr(in, "eventSubName"); ok && (n == 0 || t != types[0]) {
		types[n], n = t, n+1
	}
	fi.strs("types", types[:n])
	// The analytic is what matched: a rule (network detections' ruleName
	// and DDI rules) or the product's signature (malName).
	a := fi.obj("analytic")
	if title != "" {
		a.m.PutStr("name", title)
	}
	if u, ok := fndStr(in, "ruleUuid"); ok {
		a.m.PutStr("uid", u)
	}
	dt, _ := fndStr(in, "detectionType")
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
	if e, ok := fndStr(in, "engType"); ok {
		a.str("algorithm", e)
		if v, ok := fndStr(in, "engVer"); ok {
			a.str("version", v)
		}
	}
	if _, ok := a.m.Get("name"); !ok {
		if _, ok := a.m.Get("uid"); !ok {
			fi.m.Remove("analytic")
		}
	}
	name, nameOK := fndStr(in, "pname")
	code, codeOK := fndStr(in, "productCode")
	if nameOK || codeOK {
		p := fi.obj("product")
		p.str("name", name)
		p.str("uid", code)
		p.m.PutStr("vendor_name", "Trend Micro")
		if v, ok := fndStr(in, "pver"); ok {
			p.str("version", v)
		}
	}
	// ATT&CK: mitreMapping's "T1090 (TA0005)" pairs, else tacticId alone.
	var atk fndAttacks
	for _, m := range fndStrs(in, "mitreMapping") {
		tech, tactic := m, ""
		if i := strings.IndexByte(m, '('); i > 0 {
			tech = strings.TrimSpace(m[:i])
			tactic = strings.TrimSpace(strings.TrimSuffix(m[i+1:], ")"))
		}
		atk.add(tech, tactic)
	}
	if len(atk) == 0 {
		for _, t := range fndStrs(in, "tacticId") {
			atk.add("", t)
		}
	} else if in.has("tacticId") {
		fndMark(in, "tacticId") // the tactics of mitreMapping again
	}
	version := ""
	if len(atk) > 0 {
		version, _ = fndStr(in, "mitreVersion")
	}
	atk.putVersion(fi, version)
}

// fndAttack is one ATT&CK technique (or sub-technique) with its tactics.
type fndAttack struct {
	technique string
	tactics   []string
}

type fndAttacks []fndAttack

func (a *fndAttacks) add(technique, tactic string) {
	for i := range *a {
		// a tactic without a technique is an attack of its own
		if technique != "" && (*a)[i].technique == technique {
			if tactic != "" {
				(*a)[i].tactics = append((*a)[i].tactics, tactic)
			}
			return
		}
	}
	at := fndAttack{technique: technique}
	if tactic != "" {
		at.tactics = []string{tactic}
	}
	*a = append(*a, at)
}

// put writes the attacks into o's attacks (with ATT&CK's names where they
// are known): a sub-technique with its parent technique, the tactic when
// there is one, all of them in tactics when several.
func (a fndAttacks) put(o ocsfObject) { a.putVersion(o, "") }

func (a fndAttacks) putVersion(o ocsfObject, version string) {
	if len(a) == 0 {
		return
	}
	add := o.list("attacks")
	for _, at := range a {
		x := add()
		if t := at.technique; t != "" {
			parent := t
			if i := strings.IndexByte(t, '.'); i > 0 {
				parent = t[:i]
				s := x.obj("sub_technique")
				s.m.PutStr("uid", t)
				s.str("name", fndTechniqueName(t))
			}
			tech := x.obj("technique")
			tech.m.PutStr("uid", parent)
			tech.str("name", fndTechniqueName(parent))
		}
		switch len(at.tactics) {
		case 0:
		case 1:
			fndTactic(x.obj("tactic"), at.tactics[0])
		default:
			add := x.list("tactics")
			for _, t := range at.tactics {
				fndTactic(add(), t)
			}
		}
		x.str("version", version)
	}
}

func fndTactic(o ocsfObject, uid string) {
	o.m.PutStr("uid", uid)
	o.str("name", fndTacticName(uid))
}

// fndTacticName is the ATT&CK Enterprise name of tactic uid
// (https://attack.mitre.org/tactics/enterprise/).
func fndTacticName(uid string) string {
	switch uid {
	case "TA0043":
		return "Reconnaissance"
	case "TA0042":
		return "Resource Development"
	case "TA0001":
		return "Initial Access"
	case "TA0002":
		return "Execution"
	case "TA0003":
		return "Persistence"
	case "TA0004":
		return "Privilege Escalation"
	case "TA0005":
		return "Defense Evasion"
	case "TA0006":
		return "Credential Access"
	case "TA0007":
		return "Discovery"
	case "TA0008":
		return "Lateral Movement"
	case "TA0009":
		return "Collection"
	case "TA0011":
		return "Command and Control"
	case "TA0010":
		return "Exfiltration"
	case "TA0040":
		return "Impact"
	}
	return ""
}

// fndTechniqueName is the ATT&CK name of a technique, from the table the
// workbench mapping keeps (mitreNames); "" when unknown.
func fndTechniqueName(uid string) string { return mitreNames[uid] }

// fndDisposition maps the detection's action (act, its first action when
// an array of one; actResult the outcome) to disposition_id and action_id
// (the act enum of Trend's OpenAPI document for v3.0, §4.2): an action
// OCSF has no id for is disposition Other with Trend's text.
func fndDisposition(in *ocsfItem, ev ocsfObject) {
	act, ok := fndStr(in, "act")
	if !ok {
		return
	}
	result, _ := fndStr(in, "actResult")
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
	name := fndLook(in, "malName")
	if name == "" {
		return "", false
	}
	fndMark(in, "malName")
	m := ev.list("malware")()
	m.m.PutStr("name", name)
	t, _ := fndStr(in, "malType")
	id, caption := fndMalwareClass(t)
	m.m.PutEmptySlice("classification_ids").AppendEmpty().SetInt(id)
	if caption != "" {
		m.m.PutEmptySlice("classifications").AppendEmpty().SetStr(caption)
	}
	return name, true
}

// fndMalwareClass maps Trend's malware type to OCSF's malware
// classification; a type OCSF has none for is Other with Trend's name.
func fndMalwareClass(t string) (int64, string) {
	switch strings.ToLower(t) {
	case "":
		return 0, ""
	case "adware":
		return 1, "Adware"
	case "backdoor":
		return 2, "Backdoor"
	case "ransomware":
		return 10, "Ransomware"
	case "rootkit":
		return 15, "Rootkit"
	case "spyware":
		return 17, "Spyware"
	case "trojan":
		return 18, "Trojan"
	case "virus", "virus/malware":
		return 19, "Virus"
	case "worm":
		return 22, "Worm"
	case "coinminer":
		return 13, "Resource-Exploitation"
	}
	return 99, t
}

// fndDetectionEvidence writes the detection's artefacts into evidence e:
// the detected file, the process (with parent), the peers, the URL and
// user.
func fndDetectionEvidence(in *ocsfItem, e ocsfObject, key string) {
	fndDetectedFile(in, e)
	if fndHasProcess(in, &fndKeysProcess) {
		p := e.obj("process")
		fndProcess(in, p, &fndKeysProcess, key)
		if fndHasProcess(in, &fndKeysParent) {
			fndProcess(in, p.obj("parent_process"), &fndKeysParent, key)
		}
	}
	src := fndOne(e, "src_endpoint")
	fndEndpoint(in, src, "src", "spt", "")
	fndSame(in, "clientIp", "src")
	dst := fndOne(e, "dst_endpoint")
	host := "dhost"
	if fndLook(in, "dhost") == "" {
		host = "peerHost"
	}
	if !fndEndpoint(in, dst, "dst", "dpt", host) {
		fndEndpoint(in, dst, "peerIp", "", "peerHost")
	}
	fndSame(in, "peerIp", "dst")
	fndSame(in, "peerHost", "dhost")
	if d, ok := fndStr(in, "deviceDirection"); ok {
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
		if a, ok := fndStr(in, "app"); ok {
			ci.str("protocol_name", strings.ToLower(a))
		}
	}
	url := fndOne(e, "url")
	if fndURL(in, url, "request") {
		if cats := fndStrs(in, "urlCat"); len(cats) > 0 {
			url().strs("categories", cats)
		}
	}
	ua, uaOK := fndStr(in, "requestClientApplication")
	ref, refOK := fndStr(in, "httpReferer")
	if uaOK || refOK {
		r := e.obj("http_request")
		r.str("user_agent", ua)
		r.str("referrer", ref)
	}
	name, nameOK := fndStr(in, "suid")
	upn, upnOK := fndStr(in, "principalName")
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
		if d, ok := fndStr(in, "userDomain"); ok {
			u.str("domain", d)
		} else if d, ok := fndStr(in, "domainName"); ok {
			u.str("domain", d)
		}
	}
}

// fndDetectedFile writes the detected file into evidence e: its full path
// (filePathName or fullPath; filePath when it ends in the file's name,
// else it is the folder), name, SHA-1 (fileHash), size and type, and the
// object file's hashes when it is the same file (objectFile*), else the
// object file itself when the detection names no file*.
func fndDetectedFile(in *ocsfItem, e ocsfObject) {
	name := fndLook(in, "fileName")
	path := ""
	for _, k := range [...]string{"filePathName", "fullPath"} {
		if p := fndLook(in, k); p != "" {
			if path == "" {
				path = p
				fndMark(in, k)
			} else if p == path {
				fndMark(in, k)
			}
		}
	}
	folder := ""
	if fp := fndLook(in, "filePath"); fp != "" {
		switch {
		case path == "" && (name == "" || fndBaseName(fp) == name):
			path = fp
			fndMark(in, "filePath")
		case path != "" && fp == path:
			fndMark(in, "filePath")
		case path == "" || fndDirName(path) == fp:
			folder = fp
			fndMark(in, "filePath")
		}
	}
	sha1 := fndLook(in, "fileHash")
	if path == "" && name == "" && sha1 == "" {
		fndFile(in, fndOne(e, "file"), &fndKeysObjectFile)
		return
	}
	f := e.obj("file")
	if name != "" {
		fndMark(in, "fileName")
	} else {
		name = fndBaseName(path)
	}
	f.m.PutStr("name", name)
	f.str("path", path)
	if folder == "" {
		folder = fndDirName(path)
	}
	f.str("parent_folder", folder)
	f.m.PutInt("type_id", 0)
	if t, ok := fndStr(in, "fileType"); ok {
		f.str("type", t)
	}
	if n, ok := fndInt(in, "fileSize"); ok && n >= 0 {
		f.m.PutInt("size", n)
	}
	objPath, objSHA1 := fndLook(in, "objectFilePath"), fndLook(in, "objectFileHashSha1")
	same := (objPath != "" && objPath == path) || (objSHA1 != "" && strings.EqualFold(objSHA1, sha1))
	if !same && objPath == "" && objSHA1 == "" {
		// workload detections carry only the object's SHA-256 of the file
		same = fndLook(in, "objectFileHashSha256") != ""
	}
	if same {
		fndHashes(in, f, "objectFileHashMd5", "fileHash", "objectFileHashSha256")
		if objSHA1 != "" && strings.EqualFold(objSHA1, sha1) {
			fndMark(in, "objectFileHashSha1")
		} else if sha1 == "" {
			fndHashes(in, f, "", "objectFileHashSha1", "")
		}
		if objPath == path {
			fndMark(in, "objectFilePath")
		}
		if fndLook(in, "objectFileName") == name {
			fndMark(in, "objectFileName")
		}
		return
	}
	fndHashes(in, f, "", "fileHash", "")
}

// fndEvidenceValid reports whether evidence e has one of the attributes
// OCSF requires of it (at least one of actor, device, file, process, …).
func fndEvidenceValid(e ocsfObject) bool {
	for _, k := range [...]string{"actor", "api", "connection_info", "data", "database", "databucket", "device",
		"dst_endpoint", "email", "file", "job", "process", "query", "resources", "script", "src_endpoint", "url", "user"} {
		if _, ok := e.m.Get(k); ok {
			return true
		}
	}
	return false
}
