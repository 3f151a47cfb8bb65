package gen

import (
	"strconv"
	"strings"
)

// endpointActivityItem is a /search/endpointActivities item: the 43 fields
// the document declares (§4.2, the sample search_endpointActivities_page.json
// of §4.4; all but winEventId, see endpointRecord) and, on about a quarter of the
// items, the undeclared process/OS details the data lake also returns.
func endpointActivityItem(d *draw, scenario string) map[string]any {
	b := behaviourByName[scenario]
	if b == nil {
		b = pickWeighted(d, activityMix)
	}
	a := d.play(b, nil)
	item := endpointRecord(d, a, d.chance(0.25))
	item["eventTimeDT"] = offsetMicros(d.rec.Time)
	return item
}

// endpointRecord renders an endpoint activity. The declared search fields are
// always present (empty where the event type has no value, as the API does);
// rich adds the telemetry details of the OAT detail example (§3.2).
func endpointRecord(d *draw, a *activity, rich bool) map[string]any {
	h, b := a.h, a.b
	m := make(map[string]any, 96)
	m["endpointGuid"] = h.guid
	m["endpointHostName"] = h.name
	m["hostName"] = h.name
	m["endpointIp"] = h.ips
	m["eventId"] = strconv.Itoa(int(b.event))
	m["eventSubId"] = b.subID
	// winEventId: none of the catalog's events has an id of the documented
	// enum, so the field is left out; real data sends 0, and 4688 for a
	// Windows process creation (Quirks).
	if d.rec.Quirks {
		m["winEventId"] = 0
		if b.event == evProcess && h.os.family == "windows" {
			m["winEventId"] = 4688 // process creation audit event
		}
	}
	m["logonUser"] = []string{a.user}
	m["os"] = h.os.name
	m["searchDL"] = "SDL"
	m["tags"] = []string{}
	if b.technique != "" {
		m["tags"] = []string{mitreTag(d, b.technique)}
	}
	m["uuid"] = uuidFor(d.rec.Seed)

	m["parentCmd"] = a.parentCmd
	m["parentFilePath"] = a.parent.path
	m["parentFileHashSha1"] = a.parent.sha1
	m["processCmd"] = a.processCmd
	m["processFilePath"] = a.process.path
	m["processFileHashSha1"] = a.process.sha1
	m["srcFilePath"] = a.process.path
	m["srcFileHashSha1"] = a.process.sha1

	// object*: the child process, written file or registry value.
	obj := a.object
	m["objectCmd"] = a.objectCmd
	m["objectFilePath"], m["objectFileHashSha1"] = "", ""
	m["objectSigner"], m["objectSignerValid"] = []string{}, []bool{}
	m["objectTrueType"], m["objectSubTrueType"], m["objectIntegrityLevel"] = 0, 0, 0
	if obj != nil {
		m["objectFilePath"], m["objectFileHashSha1"] = obj.path, strings.ToUpper(obj.sha1)
		m["objectTrueType"] = obj.trueType
		if obj.signer != "" {
			m["objectSigner"], m["objectSignerValid"] = []string{obj.signer}, []bool{true}
		}
	}
	if b.event == evProcess {
		m["objectIntegrityLevel"] = integrityLevel(a)
	}
	m["objectUser"] = ""
	if b.event == evProcess {
		m["objectUser"] = a.user
	}
	m["objectRegistryKeyHandle"], m["objectRegistryValue"], m["objectRegistryData"] = a.regKey, a.regValue, a.regData

	// network side: src/spt is the host, dst/dpt the peer or the DNS server
	// (empty when the event has no network part).
	m["src"], m["spt"], m["dst"], m["dpt"] = "", 0, "", 0
	m["objectIp"], m["objectIps"], m["objectPort"], m["objectHostName"] = "", []string{}, 0, ""
	m["request"] = a.request
	if a.dpt != 0 {
		m["src"], m["spt"], m["dst"], m["dpt"] = h.ips[0], a.spt, a.dst, a.dpt
		m["objectIp"], m["objectIps"], m["objectPort"] = a.dst, []string{a.dst}, a.dpt
		m["objectHostName"] = a.domain
	}
	if b.event == evDNS {
		m["objectIp"], m["objectIps"] = a.resolved, []string{a.resolved}
	}
	if rich {
		addEndpointDetails(d, a, m)
	}
	return m
}

// addEndpointDetails adds the agent, OS and process fields of the document's
// OAT detail example (§3.2), with Trend's string-typed numbers where the
// example has them ("processFileSize": "714856").
func addEndpointDetails(d *draw, a *activity, m map[string]any) {
	h := a.h
	m["productCode"] = "xes"
	m["pname"] = "751"
	m["pver"] = "1.2.0." + strconv.Itoa(2000+int(d.rec.Seed%3000))
	m["plang"] = 1
	m["pplat"] = 5889
	m["osName"], m["osVer"], m["osDescription"], m["osType"] = h.os.name, h.os.ver, h.os.description, h.os.osType
	m["endpointMacAddress"] = []string{h.mac}
	m["timezone"] = "UTC+00:00"
	m["eventHashId"] = strconv.FormatInt(int64(d.Uint64()), 10)
	m["firstSeen"] = epochMillis(d.rec.Time)
	m["lastSeen"] = epochMillis(d.rec.Time)
	m["processName"] = a.process.path
	m["processPid"] = a.processPid
	m["processUser"] = a.user
	m["processUserDomain"] = a.userDomain
	m["processLaunchTime"] = strconv.FormatInt(a.processLaunch, 10)
	m["processHashId"] = strconv.FormatInt(int64(d.Uint64()), 10)
	m["processFileHashId"] = strconv.FormatInt(a.process.hashID, 10)
	m["processFileHashMd5"] = a.process.md5
	m["processFileHashSha256"] = a.process.sha256
	m["processFileSize"] = strconv.Itoa(a.process.size)
	m["processFileCreation"] = strconv.FormatInt(a.process.created, 10)
	m["processFileModifiedTime"] = strconv.FormatInt(a.process.modified, 10)
	m["processTrueType"] = a.process.trueType
	m["processSigner"], m["processSignerValid"] = []string{}, []bool{}
	if a.process.signer != "" {
		m["processSigner"], m["processSignerValid"] = []string{a.process.signer}, []bool{true}
	}
	m["integrityLevel"] = integrityLevel(a)
	m["sessionId"] = 1
	m["authId"] = strconv.Itoa(d.between(1000, 999999))
	if a.b.system {
		m["sessionId"], m["authId"] = 0, "999"
	}
	m["parentPid"] = a.parentPid
	if obj := a.object; obj != nil {
		m["objectName"] = obj.path
		m["objectFileHashMd5"] = obj.md5
		m["objectFileHashSha256"] = obj.sha256
		m["objectFileSize"] = strconv.Itoa(obj.size)
		m["objectFileCreation"] = strconv.FormatInt(obj.created, 10)
		m["objectFileModifiedTime"] = strconv.FormatInt(obj.modified, 10)
		m["objectFileHashId"] = strconv.FormatInt(obj.hashID, 10)
	}
	if a.b.event == evProcess {
		m["objectPid"] = a.objectPid
		m["objectLaunchTime"] = epochMillis(d.rec.Time)
		m["objectUserDomain"] = a.userDomain
		m["objectSessionId"] = "1"
		m["objectAuthId"] = m["authId"]
		m["objectRunAsLocalAccount"] = false
		m["objectHashId"] = strconv.FormatInt(int64(d.Uint64()), 10)
	}
}

// integrityLevel: SYSTEM processes run at 16384, users at medium (8192) or
// high (12288) integrity (§3.2 objectIntegrityLevel enum).
func integrityLevel(a *activity) int {
	switch {
	case a.b.system:
		return 16384
	case strings.Contains(a.processCmd, "-Ep ByPass"), strings.Contains(a.objectCmd, "MiniDump"):
		return 12288
	default:
		return 8192
	}
}

// mitreTag tags a technique the way Trend does, in the plain (MITRE.T1059)
// or the versioned (MITREV9.T1059) form.
func mitreTag(d *draw, technique string) string {
	if d.chance(0.5) {
		return "MITREV9." + technique
	}
	return "MITRE." + technique
}
