package translate

import (
	"strconv"
	"strings"
)

// Shared helpers of the OCSF mappings of endpoint and network activity
// records: the search sources' items and the OAT detail, which is such a
// record (docs/visionone-api.md §3.2, §4.2). They read the Trend field names
// of those records (processCmd, objectFilePath, processFileHashSha1, …)
// and write their processes and files; the objects other mappings write
// too (device, endpoints, user, hashes, attacks) are in ocsf_objects.go.

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
	if in.look(k.cmd) != "" || in.look(k.file.path) != "" {
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
	// a no-op when the caller made o with objN(k, processKeys), else sized
	// once rather than grown
	o.m.EnsureCapacity(processKeys)
	pid, hasPID := in.int(k.pid)
	o.int("pid", pid, hasPID)
	uid, _ := in.str(k.uid)
	if uid == "" && !hasPID {
		uid = key + ":" + k.role
	}
	o.str("uid", uid)
	if cmd, ok := in.str(k.cmd); ok {
		o.str("cmd_line", cmd)
	}
	path := in.look(k.file.path)
	name := ""
	if n := in.look(k.name); n != "" {
		// processName is a full path in the OAT detail (§3.2), a base name in
		// detections: the process name is its last element either way.
		name = baseName(n)
		in.mark(k.name)
		if path == "" && strings.ContainsAny(n, `\/`) {
			path = n
		}
	} else if path != "" {
		name = baseName(path)
	}
	o.str("name", name)
	if path != "" {
		f := o.objN("file", fileKeys)
		fndFileAt(in, f, &k.file, path)
		f.m.PutInt("type_id", 8) // the image of a process is an executable
		f.m.PutStr("type", "Executable File")
	}
	if t, ok := in.time(k.launch); ok {
		o.m.PutInt("created_time", t)
	}
	if k.integrity != "" {
		if lvl, ok := in.m.Get(k.integrity); ok {
			if n, ok := intValue(lvl); ok {
				if id, caption := fndIntegrity(n); id != 0 {
					in.mark(k.integrity)
					o.m.PutInt("integrity_id", id)
					o.m.PutStr("integrity", caption)
				}
			}
		}
	}
	if k.user != "" {
		if name, ok := in.str(k.user); ok {
			u := o.obj("user")
			u.str("name", name)
			if d, ok := in.str(k.domain); ok {
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
	path := in.look(k.path)
	if path == "" && (k.name == "" || in.look(k.name) == "") {
		return false
	}
	fndFileAt(in, o(), k, path)
	return true
}

// fndFileAt writes file k, at path (may be empty), into f: name, path,
// parent folder, hashes, size and times; type_id Unknown unless the caller
// knows better.
func fndFileAt(in *ocsfItem, f ocsfObject, k *fndFileKeys, path string) {
	f.m.EnsureCapacity(fileKeys)
	name := ""
	if k.name != "" {
		name = in.look(k.name)
		if name != "" {
			in.mark(k.name)
		}
	}
	if path != "" {
		in.mark(k.path)
		f.str("path", path)
		f.str("parent_folder", dirName(path))
		if name == "" {
			name = baseName(path)
		}
	}
	f.m.PutStr("name", name)
	f.m.PutInt("type_id", 0)
	putHashes(in, f, k.md5, k.sha1, k.sha256)
	if n, ok := in.int(k.size); ok && n >= 0 {
		f.m.PutInt("size", n)
	}
	if t, ok := in.time(k.created); ok {
		f.m.PutInt("created_time", t)
	}
	if t, ok := in.time(k.modified); ok {
		f.m.PutInt("modified_time", t)
	}
}

// fndTimezone sets the event's timezone_offset (minutes) from the
// record's "UTC+08:00".
func fndTimezone(in *ocsfItem, ev ocsfObject) {
	s := in.look("timezone")
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
	in.mark("timezone")
	ev.m.PutInt("timezone_offset", off)
}
