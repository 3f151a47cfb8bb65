package translate

import (
	"net/netip"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Shared helpers of the OCSF mappings of endpoint and network activity
// records: the search sources' items and the OAT detail, which is such a
// record (docs/visionone-api.md §3.2, §4.2). They read the Trend field names
// of those records (processCmd, objectFilePath, src, dpt, …) and write OCSF
// objects: process, file with hashes, network endpoints, device, user.

// fndLook returns field k as a non-empty string (a string or an array of
// exactly one) without marking it read: the caller marks it once it wrote
// the value somewhere (fndMark).
func fndLook(in *ocsfItem, k string) string {
	v, ok := in.m.Get(k)
	if !ok {
		return ""
	}
	s, _ := scalarString(v)
	return s
}

// fndMark marks field k read.
func fndMark(in *ocsfItem, k string) { in.used = append(in.used, k) }

// fndStr returns field k as a non-empty string and marks it read; a field
// that holds nothing (null, "", []) is marked read too, as unmapped would
// only repeat the nothing. Any other value (an array of several strings, a
// number) stays unread, so it lands in unmapped.
func fndStr(in *ocsfItem, k string) (string, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return "", false
	}
	if s, ok := scalarString(v); ok {
		fndMark(in, k)
		return s, true
	}
	if fndEmpty(v) {
		fndMark(in, k)
	}
	return "", false
}

// fndStrs returns field k as a list of strings (a string or an array of
// strings), marking it read when it is one; a mixed array stays unread.
func fndStrs(in *ocsfItem, k string) []string {
	v, ok := in.m.Get(k)
	if !ok {
		return nil
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		fndMark(in, k)
		if v.Str() != "" {
			return []string{v.Str()}
		}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		out := make([]string, 0, s.Len())
		for i := range s.Len() {
			e := s.At(i)
			if e.Type() != pcommon.ValueTypeStr {
				return nil
			}
			if e.Str() != "" {
				out = append(out, e.Str())
			}
		}
		fndMark(in, k)
		return out
	case pcommon.ValueTypeEmpty:
		fndMark(in, k)
	}
	return nil
}

// fndEmpty reports whether v holds nothing: null, "" or [].
func fndEmpty(v pcommon.Value) bool {
	switch v.Type() {
	case pcommon.ValueTypeEmpty:
		return true
	case pcommon.ValueTypeStr:
		return v.Str() == ""
	case pcommon.ValueTypeSlice:
		return v.Slice().Len() == 0
	}
	return false
}

// fndInt returns field k as an integer (JSON number or decimal text, or an
// array of exactly one), marking it read only then.
func fndInt(in *ocsfItem, k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	if v.Type() == pcommon.ValueTypeSlice && v.Slice().Len() == 1 {
		v = v.Slice().At(0)
	}
	n, ok := intValue(v)
	if ok {
		fndMark(in, k)
	}
	return n, ok
}

// fndPort returns field k as a port (1–65535), marking it read only then:
// the activity records send 0 where the event has no port (§4.2), which is
// kept in unmapped rather than written as a port.
func fndPort(in *ocsfItem, k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	n, ok := intValue(v)
	if !ok || n < 1 || n > 65535 {
		return 0, false
	}
	fndMark(in, k)
	return n, true
}

// fndTime returns field k as milliseconds since the epoch (any form of
// docs/visionone-api.md §1.4), marking it read only when it parses.
func fndTime(in *ocsfItem, k string) (int64, bool) {
	v, ok := in.m.Get(k)
	if !ok {
		return 0, false
	}
	t, err := timeValue(v)
	if err != nil {
		return 0, false
	}
	fndMark(in, k)
	return t.UnixMilli(), true
}

// fndIP returns field k's first value that is an IP address (a string or
// an array of strings), marking k read when every value is one: a field
// holding something else is kept in unmapped.
func fndIP(in *ocsfItem, k string) string {
	v, ok := in.m.Get(k)
	if !ok {
		return ""
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if fndIsIP(v.Str()) {
			fndMark(in, k)
			return v.Str()
		}
		if v.Str() == "" {
			fndMark(in, k)
		}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		if s.Len() == 0 {
			fndMark(in, k)
			return ""
		}
		for i := range s.Len() {
			if e := s.At(i); e.Type() != pcommon.ValueTypeStr || !fndIsIP(e.Str()) {
				return ""
			}
		}
		if s.Len() == 1 {
			fndMark(in, k)
		}
		return s.At(0).Str()
	}
	return ""
}

// fndIPs returns field k's IP addresses and marks it read when it holds
// only IP addresses.
func fndIPs(in *ocsfItem, k string) []string {
	v, ok := in.m.Get(k)
	if !ok {
		return nil
	}
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if fndIsIP(v.Str()) {
			fndMark(in, k)
			return []string{v.Str()}
		}
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		out := make([]string, 0, s.Len())
		for i := range s.Len() {
			e := s.At(i)
			if e.Type() != pcommon.ValueTypeStr || !fndIsIP(e.Str()) {
				return nil
			}
			out = append(out, e.Str())
		}
		fndMark(in, k)
		return out
	}
	return nil
}

func fndIsIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// fndBaseName is the last element of a Windows or POSIX path.
func fndBaseName(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// fndDirName is p without its last element ("" when it has none).
func fndDirName(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i > 0 {
		return p[:i]
	}
	return ""
}

// fndFileKeys names the Trend fields of one file of an activity record.
type fndFileKeys struct {
	path, name, sha1, sha256, md5, size, created, modified string
}

// fndProcKeys names the Trend fields of one process of an activity record:
// the acting process (process*), the target (object*) or the parent.
type fndProcKeys struct {
	role                                   string // names a uid made for a process without pid (fndProcess)
	pid, uid, name, cmd, launch, integrity string
	user, domain                           string
	file                                   fndFileKeys
}

var (
	fndKeysProcess = fndProcKeys{role: "process",
		pid: "processPid", uid: "processHashId", name: "processName", cmd: "processCmd", launch: "processLaunchTime",
		integrity: "integrityLevel", user: "processUser", domain: "processUserDomain",
		file: fndFileKeys{path: "processFilePath", sha1: "processFileHashSha1", sha256: "processFileHashSha256",
			md5: "processFileHashMd5", size: "processFileSize", created: "processFileCreation", modified: "processFileModifiedTime"}}
	fndKeysObject = fndProcKeys{role: "object",
		pid: "objectPid", uid: "objectHashId", name: "objectName", cmd: "objectCmd", launch: "objectLaunchTime",
		integrity: "objectIntegrityLevel", user: "objectUser", domain: "objectUserDomain",
		file: fndKeysObjectFile}
	fndKeysParent = fndProcKeys{role: "parent",
		pid: "parentPid", uid: "parentHashId", name: "parentName", cmd: "parentCmd", launch: "parentLaunchTime",
		file: fndFileKeys{path: "parentFilePath", sha1: "parentFileHashSha1", sha256: "parentFileHashSha256", md5: "parentFileHashMd5"}}
	fndKeysObjectFile = fndFileKeys{path: "objectFilePath", name: "objectFileName", sha1: "objectFileHashSha1", sha256: "objectFileHashSha256",
		md5: "objectFileHashMd5", size: "objectFileSize", created: "objectFileCreation", modified: "objectFileModifiedTime"}
	fndKeysSrcFile = fndFileKeys{path: "srcFilePath", sha1: "srcFileHashSha1"}
)

// fndHasProcess reports whether the record names the process of k.
func fndHasProcess(in *ocsfItem, k *fndProcKeys) bool {
	if fndLook(in, k.cmd) != "" || fndLook(in, k.file.path) != "" {
		return true
	}
	v, ok := in.m.Get(k.pid)
	if !ok {
		return false
	}
	_, ok = intValue(v)
	return ok
}

// fndProcess writes the process of k into o when the record names it and
// reports whether it did. OCSF's process needs a pid or uid (at least one of
// cpid, pid, uid): Trend's hash id is the uid when the record has one;
// failing both (the search sources' records carry no pids, §4.2) the uid is
// "<record key>:<role>", naming the process within this event only, so the
// event still validates without a made-up pid.
func fndProcess(in *ocsfItem, o ocsfObject, k *fndProcKeys, key string) bool {
	if !fndHasProcess(in, k) {
		return false
	}
	// sized once: a process has up to ten attributes (allocations are most
	// of a mapping's cost, BENCHMARKS.md)
	o.m.EnsureCapacity(10)
	pid, hasPID := fndInt(in, k.pid)
	o.int("pid", pid, hasPID)
	uid, _ := fndStr(in, k.uid)
	if uid == "" && !hasPID {
		uid = key + ":" + k.role
	}
	o.str("uid", uid)
	if cmd, ok := fndStr(in, k.cmd); ok {
		o.str("cmd_line", cmd)
	}
	path := fndLook(in, k.file.path)
	name := ""
	if n := fndLook(in, k.name); n != "" {
		// processName is a full path in the OAT detail (§3.2), a base name in
		// detections: the process name is its last element either way.
		name = fndBaseName(n)
		fndMark(in, k.name)
		if path == "" && strings.ContainsAny(n, `\/`) {
			path = n
		}
	} else if path != "" {
		name = fndBaseName(path)
	}
	o.str("name", name)
	if path != "" {
		f := o.obj("file")
		fndFileAt(in, f, &k.file, path)
		f.m.PutInt("type_id", 8) // the image of a process is an executable
		f.m.PutStr("type", "Executable File")
	}
	if t, ok := fndTime(in, k.launch); ok {
		o.m.PutInt("created_time", t)
	}
	if k.integrity != "" {
		if lvl, ok := in.m.Get(k.integrity); ok {
			if n, ok := intValue(lvl); ok {
				if id, caption := fndIntegrity(n); id != 0 {
					fndMark(in, k.integrity)
					o.m.PutInt("integrity_id", id)
					o.m.PutStr("integrity", caption)
				}
			}
		}
	}
	if k.user != "" {
		if name, ok := fndStr(in, k.user); ok {
			u := o.obj("user")
			u.str("name", name)
			if d, ok := fndStr(in, k.domain); ok {
				u.str("domain", d)
			}
		}
	}
	return true
}

// fndIntegrity maps a Windows integrity level (the mandatory label's RID,
// https://learn.microsoft.com/en-us/windows/win32/secauthz/mandatory-integrity-control)
// to OCSF's process integrity_id; 0 (the records' filler when the event has
// none, §4.2) and unknown values map to nothing.
func fndIntegrity(rid int64) (int64, string) {
	switch rid {
	case 0x1000:
		return 2, "Low"
	case 0x2000, 0x2100:
		return 3, "Medium"
	case 0x3000:
		return 4, "High"
	case 0x4000:
		return 5, "System"
	case 0x5000:
		return 6, "Protected"
	}
	return 0, ""
}

// fndFile writes the file of k into o when the record names it (a path or
// a name) and reports whether it did.
func fndFile(in *ocsfItem, o func() ocsfObject, k *fndFileKeys) bool {
	path := fndLook(in, k.path)
	if path == "" && (k.name == "" || fndLook(in, k.name) == "") {
		return false
	}
	fndFileAt(in, o(), k, path)
	return true
}

// fndFileAt writes file k, at path (may be empty), into f: name, path,
// parent folder, hashes, size and times; type_id Unknown unless the caller
// knows better.
func fndFileAt(in *ocsfItem, f ocsfObject, k *fndFileKeys, path string) {
	f.m.EnsureCapacity(9)
	name := ""
	if k.name != "" {
		name = fndLook(in, k.name)
		if name != "" {
			fndMark(in, k.name)
		}
	}
	if path != "" {
		fndMark(in, k.path)
		f.str("path", path)
		f.str("parent_folder", fndDirName(path))
		if name == "" {
			name = fndBaseName(path)
		}
	}
	f.m.PutStr("name", name)
	f.m.PutInt("type_id", 0)
	fndHashes(in, f, k.md5, k.sha1, k.sha256)
	if n, ok := fndInt(in, k.size); ok && n >= 0 {
		f.m.PutInt("size", n)
	}
	if t, ok := fndTime(in, k.created); ok {
		f.m.PutInt("created_time", t)
	}
	if t, ok := fndTime(in, k.modified); ok {
		f.m.PutInt("modified_time", t)
	}
}

// fndHashes writes the file hashes of the fields md5, sha1 and sha256 (any
// may be "") as OCSF fingerprints.
func fndHashes(in *ocsfItem, f ocsfObject, md5, sha1, sha256 string) {
	var list pcommon.Slice
	made := false
	for _, h := range [...]struct {
		k   string
		id  int64
		alg string
	}{{md5, 1, "MD5"}, {sha1, 2, "SHA-1"}, {sha256, 3, "SHA-256"}} {
		if h.k == "" {
			continue
		}
		v, ok := fndStr(in, h.k)
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
		m := list.AppendEmpty().SetEmptyMap()
		m.EnsureCapacity(3)
		m.PutInt("algorithm_id", h.id)
		m.PutStr("algorithm", h.alg)
		m.PutStr("value", v)
	}
}

// fndDevice writes the endpoint the record comes from into o (hostname,
// agent guid, IPs, MAC, OS) and reports whether it named one.
func fndDevice(in *ocsfItem, o ocsfObject) bool {
	o.m.EnsureCapacity(8)
	named := false
	host, ok := fndStr(in, "endpointHostName")
	if !ok {
		host, ok = fndStr(in, "hostName")
	} else if fndLook(in, "hostName") == host {
		fndMark(in, "hostName") // the same name twice (§4.2)
	}
	if ok {
		o.str("hostname", host)
		named = true
	}
	for _, k := range [...]string{"endpointGuid", "endpointGUID"} {
		if uid, ok := fndStr(in, k); ok {
			o.str("uid", uid)
			named = true
			break
		}
	}
	if ips := fndIPs(in, "endpointIp"); len(ips) > 0 {
		o.str("ip", ips[0])
		named = true
		if len(ips) > 1 {
			add := o.list("network_interfaces")
			for _, ip := range ips {
				n := add()
				n.m.PutStr("ip", ip)
				n.m.PutInt("type_id", 0)
			}
		}
	}
	if mac, ok := fndStr(in, "endpointMacAddress"); ok {
		o.str("mac", mac)
	}
	fndOS(in, o)
	if d, ok := fndStr(in, "osDescription"); ok {
		o.str("desc", d)
	}
	o.m.PutInt("type_id", 0)
	return named
}

// fndOS writes the record's operating system (osName or os, osVer) into
// o's os.
func fndOS(in *ocsfItem, o ocsfObject) {
	name, ok := fndStr(in, "osName")
	if !ok {
		name, ok = fndStr(in, "os")
	} else {
		fndSame(in, "os", "osName")
	}
	if !ok {
		return
	}
	os := o.obj("os")
	os.m.PutStr("name", name)
	id, caption := fndOSType(name)
	os.m.PutInt("type_id", id)
	os.str("type", caption)
	if v, ok := fndStr(in, "osVer"); ok {
		os.str("version", v)
	}
}

// fndOSType maps an OS name to OCSF's os.type_id by its family.
func fndOSType(name string) (int64, string) {
	l := strings.ToLower(name)
	switch {
	case strings.HasPrefix(l, "windows"):
		return 100, "Windows"
	case strings.HasPrefix(l, "android"):
		return 201, "Android"
	case strings.HasPrefix(l, "ios"):
		return 301, "iOS"
	case strings.HasPrefix(l, "ipados"):
		return 302, "iPadOS"
	case strings.HasPrefix(l, "mac"), strings.HasPrefix(l, "os x"):
		return 300, "macOS"
	case strings.Contains(l, "linux"), strings.HasPrefix(l, "ubuntu"), strings.HasPrefix(l, "centos"),
		strings.HasPrefix(l, "debian"), strings.HasPrefix(l, "red hat"), strings.HasPrefix(l, "amazon"):
		return 200, "Linux"
	}
	return 99, "Other"
}

// fndTimezone sets the event's timezone_offset (minutes) from the
// record's "UTC+08:00".
func fndTimezone(in *ocsfItem, ev ocsfObject) {
	s := fndLook(in, "timezone")
	if len(s) != 9 || !strings.HasPrefix(s, "UTC") || s[6] != ':' || (s[3] != '+' && s[3] != '-') {
		return
	}
	h, err1 := strconv.Atoi(s[4:6])
	m, err2 := strconv.Atoi(s[7:9])
	if err1 != nil || err2 != nil {
		return
	}
	off := int64(h*60 + m)
	if s[3] == '-' {
		off = -off
	}
	fndMark(in, "timezone")
	ev.m.PutInt("timezone_offset", off)
}

// fndEndpoint writes a network endpoint (ip, port, hostname fields of the
// record; any key may be "") into the object add makes, when it has any of
// them, and reports whether it did.
func fndEndpoint(in *ocsfItem, add func() ocsfObject, ipKey, portKey, hostKey string) bool {
	ip := ""
	if ipKey != "" {
		ip = fndIP(in, ipKey)
	}
	host := ""
	if hostKey != "" {
		host = fndLook(in, hostKey)
	}
	if ip == "" && host == "" {
		return false
	}
	e := add()
	e.str("ip", ip)
	if host != "" {
		fndMark(in, hostKey)
		e.str("hostname", host)
	}
	if portKey != "" {
		p, ok := fndPort(in, portKey)
		e.port("port", p, ok)
	}
	return true
}

// fndURL writes the record's request, when it is a URL, as an OCSF url
// into the object add makes.
func fndURL(in *ocsfItem, add func() ocsfObject, k string) bool {
	s := fndLook(in, k)
	if s == "" {
		return false
	}
	fndMark(in, k)
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

// fndOne returns a func that makes child k of o once and hands it out on
// every call: a lazily created object.
func fndOne(o ocsfObject, k string) func() ocsfObject {
	var made ocsfObject
	ok := false
	return func() ocsfObject {
		if !ok {
			made, ok = o.obj(k), true
		}
		return made
	}
}

// fndLabels writes the record's tags (MITRE.T1059, XSAE.F4231…) as the
// event's metadata.labels.
func fndLabels(in *ocsfItem, md ocsfObject) {
	md.strs("labels", fndStrs(in, "tags"))
}

// fndUser writes the user of name and domain fields into the object add
// makes, when the record names one.
func fndUser(in *ocsfItem, add func() ocsfObject, nameKey, domainKey string) bool {
	name, ok := fndStr(in, nameKey)
	if !ok {
		return false
	}
	u := add()
	u.m.PutStr("name", name)
	if domainKey != "" {
		if d, ok := fndStr(in, domainKey); ok {
			u.str("domain", d)
		}
	}
	return true
}

// fndUUID marks the record's uuid read when it is the event's
// metadata.uid (begin wrote it from the record's key).
func fndUUID(in *ocsfItem, key string) {
	if fndLook(in, "uuid") == key {
		fndMark(in, "uuid")
	}
}

// fndDropEmpty marks the fields that hold nothing ("", [] or null) read:
// activity records carry every declared field, empty where the event type
// has no value (§4.2), and unmapped would only repeat the nothing.
func fndDropEmpty(in *ocsfItem) {
	in.m.Range(func(k string, v pcommon.Value) bool {
		if fndEmpty(v) {
			fndMark(in, k)
		}
		return true
	})
}

// fndDeviceFallback completes a detection's device from the host of
// interest (interestedHost, interestedIp) when the endpoint fields did not
// name it, and marks those fields read when they repeat it.
func fndDeviceFallback(in *ocsfItem, dev ocsfObject) {
	if h := fndLook(in, "interestedHost"); h != "" {
		if v, ok := dev.m.Get("hostname"); !ok {
			dev.m.PutStr("hostname", h)
			fndMark(in, "interestedHost")
		} else if v.Str() == h {
			fndMark(in, "interestedHost")
		}
	}
	if _, ok := dev.m.Get("ip"); !ok {
		if ip := fndIP(in, "interestedIp"); ip != "" {
			dev.m.PutStr("ip", ip)
		}
	} else if ip, _ := dev.m.Get("ip"); fndLook(in, "interestedIp") == ip.Str() {
		fndMark(in, "interestedIp")
	}
}

// fndDeviceNamed reports whether device dev has one of the attributes
// OCSF requires of a device (hostname, ip, uid, …).
func fndDeviceNamed(dev ocsfObject) bool {
	for _, k := range [...]string{"hostname", "instance_uid", "interface_name", "interface_uid", "ip", "name", "uid"} {
		if _, ok := dev.m.Get(k); ok {
			return true
		}
	}
	return false
}
