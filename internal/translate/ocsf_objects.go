package translate

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The OCSF objects more than one mapping writes (users, devices and their
// OS, files' fingerprints, network endpoints, URLs, ATT&CK attacks, risk
// levels, malware, metadata.profiles), and the common fields of the search
// sources' activity records. The ocsf_*.go mappings keep only what is
// their feed's own.

// baseName is the last element of a / or \ separated path; a path ending
// in a separator is its own name (an OCSF file needs one).
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 && i < len(p)-1 {
		return p[i+1:]
	}
	return p
}

// dirName is p without its last element ("" when it has none).
func dirName(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i > 0 {
		return p[:i]
	}
	return ""
}

// mapStr is m[k] when it is a string, else "".
func mapStr(m pcommon.Map, k string) string {
	if v, ok := m.Get(k); ok && v.Type() == pcommon.ValueTypeStr {
		return v.Str()
	}
	return ""
}

// mapStrings is m[k]'s non-empty strings (stringsOf).
func mapStrings(m pcommon.Map, k string) []string {
	v, ok := m.Get(k)
	if !ok {
		return nil
	}
	return stringsOf(v)
}

// stringsOf returns the non-empty strings of v: a string, or an array's
// strings (an array of arrays flattened one level: relatedEntities, §2.2).
func stringsOf(v pcommon.Value) []string {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if v.Str() != "" {
			return []string{v.Str()}
		}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		out := make([]string, 0, s.Len())
		for i := range s.Len() {
			switch e := s.At(i); e.Type() {
			case pcommon.ValueTypeStr:
				if e.Str() != "" {
					out = append(out, e.Str())
				}
			case pcommon.ValueTypeSlice:
				out = append(out, stringsOf(e)...)
			}
		}
		return out
	}
	return nil
}

// oneString is s as a list: none when s is "".
func oneString(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// Metadata.

// addProfile names an OCSF profile in the event's metadata.profiles, once:
// the attributes of a profile (security_control's risk_level and attacks,
// host's device, cloud's cloud) are used only with it declared.
func addProfile(ev ocsfObject, p string) {
	v, ok := ev.m.Get("metadata")
	if !ok || v.Type() != pcommon.ValueTypeMap {
		return
	}
	md := v.Map()
	var s evSlice
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

// readLabels writes the record's tags (MITRE.T1059, XSAE.F4231…) as the
// event's metadata.labels.
func readLabels(in *ocsfItem, md ocsfObject) {
	md.moveStrs("labels", in, "tags")
}

// Risk levels.

var ocsfRiskLevels = [...]string{"Info", "Low", "Medium", "High", "Critical"}

// riskLevel maps a Vision One risk level (§3.2: info, low, medium, high,
// critical) to OCSF's risk_level_id, whose 0 is Info; another value is
// Other (99) with its text.
func ocsfRiskLevel(s string) (int64, string) {
	for i, l := range ocsfRiskLevels {
		if strings.EqualFold(s, l) {
			return int64(i), l
		}
	}
	return 99, s
}

// putRiskLevel sets the event's risk_level_id and risk_level from a Vision
// One risk level.
func putRiskLevel(ev ocsfObject, s string) {
	id, caption := ocsfRiskLevel(s)
	ev.m.PutInt("risk_level_id", id)
	ev.str("risk_level", caption)
}

// Users.

// putUserName writes a user's name, and its email_addr when the name is an
// address (a UPN or a console account).
func putUserName(u ocsfObject, name string) {
	u.str("name", name)
	if strings.Contains(name, "@") {
		u.str("email_addr", name)
	}
}

// putUser writes a user by name (an address is also its email) and role.
func putUser(u ocsfObject, name, role string) {
	if name == "" {
		name = "Unknown" // user requires a name, uid or account
	}
	putUserName(u, name)
	putRoleGroup(u, role)
}

// putRoleGroup writes a Vision One role (loggedRole, a details role) as the
// user's group of type Role: OCSF's user has no role, and a role is the
// set of permissions its members share.
func putRoleGroup(u ocsfObject, role string) {
	if role == "" {
		return
	}
	g := ocsfObject{u.m.PutEmptySlice("groups").AppendEmpty().SetEmptyMap()}
	g.str("name", role)
	g.str("type", "Role")
}

// readUser writes the user of name and domain fields into the object add
// makes, when the record names one.
func readUser(in *ocsfItem, add func() ocsfObject, nameKey, domainKey string) bool {
	name, ok := in.str(nameKey)
	if !ok {
		return false
	}
	u := add()
	u.m.PutStr("name", name)
	if domainKey != "" {
		if d, ok := in.str(domainKey); ok {
			u.str("domain", d)
		}
	}
	return true
}

// entityUser writes an account-like entity as an OCSF user: "DOMAIN\user"
// splits into domain and name; an email address is the user's address; an
// AWS ARN is the user's uid, its account the AWS account.
func entityUser(u ocsfObject, typ, value, uid string) {
	switch {
	case typ == "emailAddress" || typ == "email" || typ == "email_address":
		u.str("name", value)
		u.str("email_addr", value)
		return
	case strings.HasPrefix(value, "arn:"):
		u.str("uid", value)
		if i := strings.LastIndexByte(value, '/'); i >= 0 && i < len(value)-1 {
			u.str("name", value[i+1:])
		} else {
			u.str("name", value)
		}
		// arn:partition:service:region:account:resource
		parts := strings.SplitN(value, ":", 6)
		if len(parts) == 6 && parts[4] != "" {
			if strings.HasPrefix(parts[1], "aws") {
				putAWSAccount(u.obj("account"), parts[4])
			} else {
				u.obj("account").str("uid", parts[4])
			}
		}
		return
	}
	if i := strings.IndexByte(value, '\\'); i > 0 && i < len(value)-1 {
		u.str("domain", value[:i])
		u.str("name", value[i+1:])
	} else {
		u.str("name", value)
	}
	if uid != "" && uid != value {
		u.str("uid", uid)
	}
}

// putAWSAccount writes account a as the AWS account uid.
func putAWSAccount(a ocsfObject, uid string) {
	a.str("uid", uid)
	a.m.PutInt("type_id", 10)
	a.str("type", "AWS Account")
}

// Devices.

// readDevice writes the endpoint the record comes from into o (hostname,
// agent guid, IPs, MAC, OS) and reports whether it named one.
func readDevice(in *ocsfItem, o ocsfObject) bool {
	o.m.EnsureCapacity(deviceKeys)
	named := false
	host, ok := in.str("endpointHostName")
	if !ok {
		host, ok = in.str("hostName")
	} else if in.look("hostName") == host {
		in.mark("hostName") // the same name twice (§4.2)
	}
	if ok {
		o.str("hostname", host)
		named = true
	}
	for _, k := range [...]string{"endpointGuid", "endpointGUID"} {
		if uid, ok := in.str(k); ok {
			o.str("uid", uid)
			named = true
			break
		}
	}
	if ips := in.ips("endpointIp"); len(ips) > 0 {
		putIPs(o, ips)
		named = true
	}
	o.move("mac", in, "endpointMacAddress")
	readOS(in, o)
	o.move("desc", in, "osDescription")
	o.m.PutInt("type_id", 0)
	return named
}

// putIPs sets device d's ip, the first of ips, and with several a network
// interface for each (type Unknown: the records do not say).
func putIPs(d ocsfObject, ips []string) {
	if len(ips) == 0 {
		return
	}
	d.str("ip", ips[0])
	if len(ips) > 1 {
		add := d.list("network_interfaces")
		for _, ip := range ips {
			n := add()
			n.m.PutStr("ip", ip)
			n.m.PutInt("type_id", 0)
		}
	}
}

// deviceFallback completes a detection's device from the host of
// interest (interestedHost, interestedIp) when the endpoint fields did not
// name it, and marks those fields read when they repeat it.
func deviceFallback(in *ocsfItem, dev ocsfObject) {
	if h := in.look("interestedHost"); h != "" {
		if v, ok := dev.m.Get("hostname"); !ok {
			dev.m.PutStr("hostname", h)
			in.mark("interestedHost")
		} else if v.Str() == h {
			in.mark("interestedHost")
		}
	}
	if _, ok := dev.m.Get("ip"); !ok {
		if ip := in.ip("interestedIp"); ip != "" {
			dev.m.PutStr("ip", ip)
		}
	} else if ip, _ := dev.m.Get("ip"); in.look("interestedIp") == ip.Str() {
		in.mark("interestedIp")
	}
}

// deviceNamed reports whether device dev has one of the attributes
// OCSF requires of a device (hostname, ip, uid, …).
func deviceNamed(dev ocsfObject) bool {
	for _, k := range [...]string{"hostname", "instance_uid", "interface_name", "interface_uid", "ip", "name", "uid"} {
		if _, ok := dev.m.Get(k); ok {
			return true
		}
	}
	return false
}

// readOS writes the record's operating system (osName or os, osVer) into
// o's os.
func readOS(in *ocsfItem, o ocsfObject) {
	name, ok := in.str("osName")
	if !ok {
		name, ok = in.str("os")
	} else {
		in.repeatsField("os", "osName")
	}
	if !ok {
		return
	}
	version, _ := in.str("osVer")
	putOS(o.obj("os"), name, version)
}

// putOS writes os o from an OS name and version, type_id by the name's
// family.
func putOS(o ocsfObject, name, version string) {
	o.str("name", name)
	id, caption := osType(name)
	o.m.PutInt("type_id", id)
	o.str("type", caption)
	o.str("version", version)
}

// osType maps an OS name to OCSF's os.type_id by its family: Windows,
// Linux (and its distributions), Android, macOS, iOS, iPadOS; another
// name is Other, no name Unknown.
func osType(name string) (int64, string) {
	l := strings.ToLower(name)
	switch {
	case l == "":
		return 0, "Unknown"
	case strings.HasPrefix(l, "windows"):
		return 100, "Windows"
	case strings.HasPrefix(l, "android"):
		return 201, "Android"
	case strings.HasPrefix(l, "ipados"):
		return 302, "iPadOS"
	case strings.HasPrefix(l, "ios"):
		return 301, "iOS"
	case strings.HasPrefix(l, "mac"), strings.HasPrefix(l, "os x"):
		return 300, "macOS"
	case strings.Contains(l, "linux"), strings.HasPrefix(l, "ubuntu"), strings.HasPrefix(l, "centos"),
		strings.HasPrefix(l, "debian"), strings.HasPrefix(l, "red hat"), strings.HasPrefix(l, "amazon"):
		return 200, "Linux"
	}
	return 99, "Other"
}

// Files.

// fileActivity maps a file event's eventSubId (TELEMETRY_FILE and
// XDR_FILE access types 101–110, the endpoint eventSubId table of
// trendmicro/tm-v1-schema) to File System Activity's activity_id: copy and
// close have none, Other with Trend's name; an id not listed is Unknown.
func fileActivity(sub int64) (int64, string) {
	switch sub {
	case 101:
		return 1, "Create"
	case 102:
		return 14, "Open"
	case 103:
		return 4, "Delete"
	case 104:
		return 7, "Set Security"
	case 105:
		return 99, "XDR_FILE_COPY"
	case 106:
		return 5, "Rename" // XDR_FILE_MOVE: the path changes
	case 107:
		return 99, "XDR_FILE_CLOSE"
	case 108, 110:
		return 6, "Set Attributes" // TELEMETRY_FILE_MODIFY_TIMESTAMP
	case 109:
		return 3, "Update" // TELEMETRY_FILE_MODIFY
	}
	return 0, "Unknown"
}

// objectFile writes the file of a file event (objectFilePath, a regular
// file) as the event's file and returns it.
func objectFile(in *ocsfItem, ev ocsfObject) ocsfObject {
	f := ev.objN("file", fileKeys)
	path, _ := in.str("objectFilePath")
	f.str("path", path)
	f.str("name", baseName(path))
	f.m.PutInt("type_id", 1)
	f.str("type", "Regular File")
	return f
}

// putHashes writes the file hashes of the fields md5, sha1 and sha256 (any
// may be "") as OCSF fingerprints of file f, after any it has; a field
// that is not a single string stays unmapped.
func putHashes(in *ocsfItem, f ocsfObject, md5, sha1, sha256 string) {
	var list evSlice
	made := false
	for _, h := range [...]struct {
		k   string
		id  int64
		alg string
	}{{md5, 1, "MD5"}, {sha1, 2, "SHA-1"}, {sha256, 3, "SHA-256"}} {
		if h.k == "" {
			continue
		}
		v, ok := in.str(h.k)
		if !ok {
			continue
		}
		if !made {
			if old, ok := f.m.Get("hashes"); ok && old.Type() == pcommon.ValueTypeSlice {
				list = old.Slice()
			} else {
				list = f.m.PutEmptySlice("hashes")
				list.EnsureCapacity(3)
			}
			made = true
		}
		putHash(ocsfObject{list.AppendEmpty().SetEmptyMap()}, h.id, h.alg, v)
	}
}

// putHash writes one fingerprint.
func putHash(fp ocsfObject, id int64, alg, value string) {
	fp.m.EnsureCapacity(3)
	fp.m.PutInt("algorithm_id", id)
	fp.m.PutStr("algorithm", alg)
	fp.m.PutStr("value", value)
}

// Network.

// readEndpoint writes a network endpoint (ip, port, hostname fields of the
// record; any key may be "") into the object add makes, when it has any of
// them, and reports whether it did.
func readEndpoint(in *ocsfItem, add func() ocsfObject, ipKey, portKey, hostKey string) bool {
	ip := ""
	if ipKey != "" {
		ip = in.ip(ipKey)
	}
	host := ""
	if hostKey != "" {
		host = in.look(hostKey)
	}
	if ip == "" && host == "" {
		return false
	}
	e := add()
	e.str("ip", ip)
	if host != "" {
		in.mark(hostKey)
		e.str("hostname", host)
	}
	if portKey != "" {
		p, ok := in.port(portKey)
		e.port("port", p, ok)
	}
	return true
}

// readURL writes the record's request, when it is a URL, as an OCSF url
// into the object add makes.
func readURL(in *ocsfItem, add func() ocsfObject, k string) bool {
	s := in.look(k)
	if s == "" {
		return false
	}
	in.mark(k)
	u := add()
	u.m.PutStr("url_string", s)
	rest := s
	if i := strings.Index(rest, "://"); i > 0 {
		u.m.PutStr("scheme", rest[:i])
		rest = rest[i+3:]
		host := rest
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			host, rest = rest[:j], rest[j:]
		} else {
			rest = ""
		}
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
		if c := strings.LastIndexByte(host, ':'); c >= 0 && !strings.Contains(host[c:], "]") {
			if p, err := strconv.Atoi(host[c+1:]); err == nil && p > 0 && p <= 65535 {
				u.m.PutInt("port", int64(p))
			}
			host = host[:c]
		}
		u.str("hostname", host)
		if q := strings.IndexByte(rest, '?'); q >= 0 {
			u.str("query_string", strings.SplitN(rest[q+1:], "#", 2)[0])
			rest = rest[:q]
		}
		if h := strings.IndexByte(rest, '#'); h >= 0 {
			rest = rest[:h]
		}
		u.str("path", rest)
	}
	return true
}

// protocolName is the IANA protocol number's name as OCSF writes
// protocol_name (lower case), for the protocols activity data carries.
func protocolName(n int64) string {
	switch n {
	case 1:
		return "icmp"
	case 6:
		return "tcp"
	case 17:
		return "udp"
	case 58:
		return "ipv6-icmp"
	}
	return ""
}

// Findings: observables, evidences, malware, ATT&CK.

// observableTypes map a Vision One indicator or highlighted object type
// (§2.2: the OpenAPI document's indicator types and the SAE ones the
// simulator serves; §3.2: OAT highlighted objects) to OCSF's observable
// type_id and caption.
var observableTypes = [...]struct {
	trend string
	id    int64
	name  string
}{{"command_line", 13, "Command Line"}, {"fullpath", 45, "File Path"}, {"file_path", 45, "File Path"},
	{"file_sha1", 8, "Hash"}, {"file_sha256", 8, "Hash"}, {"file_md5", 8, "Hash"}, {"url", 6, "URL String"},
	{"ip", 2, "IP Address"}, {"port", 11, "Port"}, {"domain", 1, "Hostname"}, {"host", 1, "Hostname"},
	{"hostname", 1, "Hostname"}, {"filename", 7, "File Name"}, {"file_name", 7, "File Name"},
	{"process", 9, "Process Name"}, {"user", 4, "User Name"}, {"user_account", 4, "User Name"},
	{"email", 5, "Email Address"}, {"emailAddress", 5, "Email Address"}, {"email_address", 5, "Email Address"},
	{"mac", 3, "MAC Address"}}

// observableType is the observable type of a Vision One type; a text
// indicator of the endpointHostName field is a hostname, and a type OCSF
// has none for is Other with Trend's name.
func observableType(typ, field string) (int64, string) {
	for _, t := range observableTypes {
		if t.trend == typ {
			return t.id, t.name
		}
	}
	if typ == "text" && field == "endpointHostName" {
		return 1, "Hostname"
	}
	return 99, typ
}

// evidenceValid reports whether evidence e has one of the attributes
// OCSF requires of it (at least one of actor, device, file, process, …).
func evidenceValid(e ocsfObject) bool {
	for _, k := range [...]string{"actor", "api", "connection_info", "data", "database", "databucket", "device",
		"dst_endpoint", "email", "file", "job", "process", "query", "resources", "script", "src_endpoint", "url", "user"} {
		if _, ok := e.m.Get(k); ok {
			return true
		}
	}
	return false
}

// malwareClasses map a product's malware type (detections' malType, a
// runtime scan's malware.type) to OCSF's malware classification.
var malwareClasses = [...]struct {
	typ     string
	id      int64
	caption string
}{
	{"adware", 1, "Adware"}, {"backdoor", 2, "Backdoor"}, {"bot", 3, "Bot"}, {"downloader", 6, "Downloader"},
	{"dropper", 7, "Dropper"}, {"keylogger", 9, "Keylogger"}, {"ransomware", 10, "Ransomware"},
	{"coinminer", 13, "Resource-Exploitation"}, {"rootkit", 15, "Rootkit"}, {"spyware", 17, "Spyware"},
	{"trojan", 18, "Trojan"}, {"trojans", 18, "Trojan"}, {"virus", 19, "Virus"}, {"virus/malware", 19, "Virus"},
	{"webshell", 20, "Web Shell"}, {"worm", 22, "Worm"},
}

// malwareClass is the classification of malware type t: 0 for none, Other
// (99) with Trend's name for a type OCSF has none for.
func malwareClass(t string) (int64, string) {
	if t == "" {
		return 0, ""
	}
	for _, c := range malwareClasses {
		if strings.EqualFold(c.typ, t) {
			return c.id, c.caption
		}
	}
	return 99, t
}

// An ocsfAttack is one ATT&CK technique (or sub-technique; "" for a tactic
// alone) with its tactics and the ATT&CK version its id gave.
type ocsfAttack struct {
	technique, version string
	tactics            []string
}

// ocsfAttacks gathers the ATT&CK techniques and tactics of a finding or
// an event, once each by technique.
type ocsfAttacks []ocsfAttack

// addID adds a technique id as Vision One writes it ("T1112",
// sub-techniques "T1548.002", with the ATT&CK version "V9.T1548.002").
func (a *ocsfAttacks) addID(raw string) {
	id, version := raw, ""
	if len(id) > 1 && (id[0] == 'V' || id[0] == 'v') {
		if i := strings.IndexByte(id, '.'); i > 1 {
			version, id = id[1:i], id[i+1:]
		}
	}
	if id == "" {
		return
	}
	at := a.find(id)
	if at.version == "" {
		at.version = version
	}
}

// addValue adds the technique ids of v (stringsOf).
func (a *ocsfAttacks) addValue(v pcommon.Value) {
	for _, id := range stringsOf(v) {
		a.addID(id)
	}
}

// add adds a technique with a tactic (either may be ""): a tactic without
// a technique is an attack of its own.
func (a *ocsfAttacks) add(technique, tactic string) {
	var at *ocsfAttack
	if technique == "" {
		*a = append(*a, ocsfAttack{})
		at = &(*a)[len(*a)-1]
	} else {
		at = a.find(technique)
	}
	if tactic != "" && !slicesContains(at.tactics, tactic) {
		at.tactics = append(at.tactics, tactic)
	}
}

// find returns the attack of technique id, added if it is not there.
func (a *ocsfAttacks) find(id string) *ocsfAttack {
	for i := range *a {
		if (*a)[i].technique == id {
			return &(*a)[i]
		}
	}
	*a = append(*a, ocsfAttack{technique: id})
	return &(*a)[len(*a)-1]
}

func slicesContains(s []string, x string) bool {
	for _, e := range s {
		if e == x {
			return true
		}
	}
	return false
}

// put writes the attacks into o's attacks, with ATT&CK's names where
// mitreNames and mitreTactics know them: a sub-technique with its parent
// technique, the tactic when there is one, all of them in tactics when
// several, and the ATT&CK version (the attack's own, else version).
func (a ocsfAttacks) put(o ocsfObject, version string) {
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
				s := x.objN("sub_technique", 2)
				s.m.PutStr("uid", t)
				s.str("name", mitreNames[t])
			}
			tech := x.objN("technique", 2)
			tech.m.PutStr("uid", parent)
			tech.str("name", mitreNames[parent])
		}
		switch len(at.tactics) {
		case 0:
		case 1:
			putTactic(x.obj("tactic"), at.tactics[0])
		default:
			add := x.list("tactics")
			for _, t := range at.tactics {
				putTactic(add(), t)
			}
		}
		if at.version != "" {
			x.str("version", at.version)
		} else {
			x.str("version", version)
		}
	}
}

func putTactic(o ocsfObject, uid string) {
	o.m.PutStr("uid", uid)
	o.str("name", tacticName(uid))
}

// mitreTactics are the ATT&CK Enterprise tactics
// (https://attack.mitre.org/tactics/enterprise/) and their Falco-style
// rule tags (mitre_execution, …).
var mitreTactics = [...]struct{ uid, name, tag string }{
	{"TA0043", "Reconnaissance", "mitre_reconnaissance"},
	{"TA0042", "Resource Development", "mitre_resource_development"},
	{"TA0001", "Initial Access", "mitre_initial_access"},
	{"TA0002", "Execution", "mitre_execution"},
	{"TA0003", "Persistence", "mitre_persistence"},
	{"TA0004", "Privilege Escalation", "mitre_privilege_escalation"},
	{"TA0005", "Defense Evasion", "mitre_defense_evasion"},
	{"TA0006", "Credential Access", "mitre_credential_access"},
	{"TA0007", "Discovery", "mitre_discovery"},
	{"TA0008", "Lateral Movement", "mitre_lateral_movement"},
	{"TA0009", "Collection", "mitre_collection"},
	{"TA0011", "Command and Control", "mitre_command_and_control"},
	{"TA0010", "Exfiltration", "mitre_exfiltration"},
	{"TA0040", "Impact", "mitre_impact"},
}

// tacticName is the ATT&CK name of tactic uid, "" when unknown.
func tacticName(uid string) string {
	for _, t := range mitreTactics {
		if t.uid == uid {
			return t.name
		}
	}
	return ""
}

// mitreNames names the ATT&CK techniques and sub-techniques Vision One's
// detection models cite (https://attack.mitre.org/techniques/); an id not
// here is written without a name.
var mitreNames = map[string]string{
	"T1003": "OS Credential Dumping", "T1003.001": "LSASS Memory", "T1003.002": "Security Account Manager",
	"T1003.003": "NTDS", "T1003.004": "LSA Secrets", "T1003.006": "DCSync",
	"T1010": "Application Window Discovery", "T1021": "Remote Services", "T1021.001": "Remote Desktop Protocol",
	"T1021.002": "SMB/Windows Admin Shares", "T1021.006": "Windows Remote Management",
	"T1027": "Obfuscated Files or Information", "T1033": "System Owner/User Discovery",
	"T1036": "Masquerading", "T1046": "Network Service Discovery", "T1047": "Windows Management Instrumentation",
	"T1053": "Scheduled Task/Job", "T1053.003": "Cron", "T1053.005": "Scheduled Task",
	"T1055": "Process Injection", "T1056": "Input Capture", "T1056.001": "Keylogging",
	"T1057": "Process Discovery", "T1059": "Command and Scripting Interpreter", "T1059.001": "PowerShell",
	"T1059.003": "Windows Command Shell", "T1059.004": "Unix Shell", "T1059.005": "Visual Basic",
	"T1059.007": "JavaScript", "T1069": "Permission Groups Discovery", "T1069.002": "Domain Groups",
	"T1070": "Indicator Removal", "T1070.001": "Clear Windows Event Logs",
	"T1071": "Application Layer Protocol", "T1071.001": "Web Protocols", "T1071.004": "DNS",
	"T1078": "Valid Accounts", "T1078.004": "Cloud Accounts", "T1082": "System Information Discovery",
	"T1087": "Account Discovery", "T1088": "Bypass User Account Control", "T1090": "Proxy",
	"T1098": "Account Manipulation", "T1098.001": "Additional Cloud Credentials",
	"T1098.003": "Additional Cloud Roles", "T1105": "Ingress Tool Transfer", "T1110": "Brute Force",
	"T1110.003": "Password Spraying", "T1112": "Modify Registry", "T1114": "Email Collection",
	"T1114.003": "Email Forwarding Rule", "T1140": "Deobfuscate/Decode Files or Information",
	"T1190": "Exploit Public-Facing Application", "T1204": "User Execution", "T1204.002": "Malicious File",
	"T1212": "Exploitation for Credential Access", "T1218": "System Binary Proxy Execution",
	"T1218.011": "Rundll32", "T1437": "Application Layer Protocol", "T1486": "Data Encrypted for Impact",
	"T1490": "Inhibit System Recovery", "T1496": "Resource Hijacking", "T1505.003": "Web Shell",
	"T1505": "Server Software Component", "T1537": "Transfer Data to Cloud Account",
	"T1543": "Create or Modify System Process", "T1543.003": "Windows Service",
	"T1547": "Boot or Logon Autostart Execution", "T1547.001": "Registry Run Keys / Startup Folder",
	"T1548": "Abuse Elevation Control Mechanism", "T1548.002": "Bypass User Account Control",
	"T1562": "Impair Defenses", "T1562.001": "Disable or Modify Tools", "T1562.008": "Disable or Modify Cloud Logs",
	"T1566": "Phishing", "T1566.001": "Spearphishing Attachment", "T1566.002": "Spearphishing Link",
	"T1568": "Dynamic Resolution", "T1569": "System Services", "T1569.002": "Service Execution",
	"T1571": "Non-Standard Port", "T1621": "Multi-Factor Authentication Request Generation",
}

// The search sources' activity records (§4.2): what all of them have.

// activityCommon maps what every search activity item has: uuid, eventTime (the
// event's time, which begin set) and eventTimeDT (the same moment unless it
// says otherwise: then when the log was collected, §4.2), filterRiskLevel
// (the record's severity; also risk_level) and tags (metadata.labels, and
// the MITRE ATT&CK techniques among them as attacks).
func activityCommon(in *ocsfItem, ev *ocsfEvent) {
	// uuid is the record's key, metadata.uid (begin).
	if !ev.head.meta.Hashed {
		in.repeats("uuid", ev.head.meta.Key)
	}
	at, hasAt := in.time("eventTime")
	if dt, ok := in.time("eventTimeDT"); ok && hasAt && dt != at {
		ev.metadata().m.PutInt("logged_time", dt)
	}
	if s, ok := in.str("filterRiskLevel"); ok {
		putRiskLevel(ev.ocsfObject, s)
		addProfile(ev.ocsfObject, "security_control")
	}
	tags := in.strs("tags")
	if len(tags) == 0 {
		return
	}
	ev.metadata().moveStrs("labels", in, "tags") // tags' strings stay valid: a move keeps them
	var atk ocsfAttacks
	for _, t := range tags {
		if id, ok := tagTechnique(t); ok {
			atk.addID(id)
		}
	}
	if len(atk) > 0 {
		atk.put(ev.ocsfObject, "")
		addProfile(ev.ocsfObject, "security_control")
	}
}

// tagTechnique is the ATT&CK technique of a Vision One tag as addID takes
// it: "MITREV9.T1057" is T1057 of ATT&CK version 9 ("V9.T1057"),
// "MITRE.T1071" T1071 (the tags field, §3.2); other tags (XSAE.F2924, a
// detection filter) name none.
func tagTechnique(tag string) (string, bool) {
	rest, ok := strings.CutPrefix(tag, "MITRE")
	if !ok {
		return "", false
	}
	dot := strings.IndexByte(rest, '.')
	if dot < 0 || dot+2 > len(rest) || rest[dot+1] != 'T' {
		return "", false
	}
	if dot == 0 {
		return rest[1:], true
	}
	return rest, true
}
