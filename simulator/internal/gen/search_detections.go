package gen

import (
	"strconv"
	"strings"
)

// /search/detections items (§4.2). Real items are
// product-specific subsets of the 97 declared fields; severity is an integer
// (unlike workbench). One variant per product. act, src and processSigner are
// arrays, as Trend's OpenAPI document for v3.0 declares them; in real data
// some products send scalars (Record.Quirks renders those).

// malware is a detection name with its ATT&CK mapping.
type malware struct {
	name, typ, technique, tactic string
}

var malwareFamilies = []malware{
	{"TROJ_GEN.R002C0DE524", "Trojan", "T1204.002", "TA0002"},
	{"Ransom.Win32.LOCKBIT.SMYXCM", "Ransomware", "T1486", "TA0040"},
	{"Eicar_test_file", "Virus/Malware", "T1204.002", "TA0002"},
	{"HackTool.Win64.Mimikatz.AA", "Hacktool", "T1003.001", "TA0006"},
	{"Backdoor.Win32.COBEACON.SMTH", "Backdoor", "T1071.001", "TA0011"},
	{"Coinminer.Linux.MALXMR.SMDSL64", "Coinminer", "T1496", "TA0040"},
	{"TrojanSpy.Win32.FORMBOOK.YXEEF", "Spyware", "T1056.001", "TA0009"},
	{"PUA.Win32.AdvancedSystemCare.A", "PUA", "T1204.002", "TA0002"},
}

// actResults pairs an act with its actResult, both from the enums of Trend's
// OpenAPI document for v3.0 (detections actResult; the OAT detections detail
// also enumerates act). quirk is the pair real data also carries where it
// differs: act "Deny Access" (absent from the OAT act enum) and actResult
// "Passed" (the enum has "File passed").
var actResults = []struct{ act, result, quirkAct, quirkResult string }{
	{"Quarantine", "File quarantined", "", ""},
	{"Clean", "File cleaned", "", ""},
	{"Delete", "File deleted", "", ""},
	{"Clean", "Unable to clean file", "", ""},
	{"Block", "File blocked(Deny Access)", "Deny Access", "Access denied"},
	{"Pass", "File passed", "Pass", "Passed"},
}

// actResultOf draws an act and its result.
func actResultOf(d *draw) (act, result string) {
	ar := pick(d, actResults)
	if d.rec.Quirks && ar.quirkAct != "" {
		return ar.quirkAct, ar.quirkResult
	}
	return ar.act, ar.result
}

var detectionVariants = []weighted[func(*draw, string) map[string]any]{
	{45, endpointDetection},
	{25, webGatewayDetection},
	{15, networkDetection},
	{15, workloadDetection},
}

// detectionItem renders one search detection of a random product.
func detectionItem(d *draw, _ string) map[string]any {
	return pickWeighted(d, detectionVariants)(d, "")
}

// severityOf maps a detection to the integer severity detections carry.
// The scale (1 low … 4 critical) is inferred, not documented.
func severityOf(m malware) int {
	switch m.typ {
	case "Ransomware":
		return 4
	case "Backdoor", "Hacktool", "Spyware":
		return 3
	case "PUA":
		return 1
	default:
		return 2
	}
}

// endpointDetection is an endpoint protection malware detection carrying
// every declared field, like the document's example (item 1 of the sample
// search_detections_page.json, §4.4).
func endpointDetection(d *draw, _ string) map[string]any {
	t := d.rec.Time
	h := hostFor(d, "windows")
	mal := pick(d, malwareFamilies)
	act, result := actResultOf(d)
	a := d.play(behaviourByName["payload-download"], h)
	obj := a.object
	peer := pick(d, externalIPs)
	dir := `C:\Users\` + h.owner.sam + `\Downloads`
	return map[string]any{
		"act":                      []string{act},
		"actResult":                []string{result},
		"app":                      "HTTP",
		"appGroup":                 "HTTP",
		"aptRelated":               "0",
		"behaviorCat":              "Grey-Detection",
		"blocking":                 "Web reputation",
		"cat":                      50,
		"cccaDetection":            "Yes",
		"cccaDetectionSource":      "GLOBAL_INTELLIGENCE",
		"cccaRiskLevel":            d.IntN(4),
		"clientFlag":               "dst",
		"cnt":                      "1",
		"component":                []string{"PATTERN_VSAPI 19.191.00 " + t.UTC().Format("2006-01-02 15:04:05") + "+00:00"},
		"compressedFileSize":       "0",
		"detectionType":            "File",
		"deviceDirection":          "outbound",
		"deviceGUID":               h.guid,
		"deviceProcessName":        a.process.path,
		"deviceMacAddress":         h.mac,
		"dhost":                    a.domain,
		"domainName":               tenantNetBIOS,
		"dpt":                      443,
		"dst":                      []string{peer},
		"dstGroup":                 "Default",
		"end":                      offsetSeconds(t),
		"endpointGUID":             h.guid,
		"endpointHostName":         h.name,
		"endpointIp":               h.ips,
		"endpointMacAddress":       strings.ToUpper(strings.ReplaceAll(h.mac, ":", "-")),
		"engType":                  "Virus Scan Engine (Windows 64-bit)",
		"engVer":                   "23.600.1001",
		"eventId":                  "100117",
		"eventName":                "MALWARE_DETECTION",
		"eventSubName":             "File",
		"eventTimeDT":              eventTimeDT(t),
		"fileHash":                 obj.sha1,
		"fileName":                 []string{obj.base()},
		"fileOperation":            "Created",
		"filePath":                 dir,
		"filePathName":             obj.path,
		"fileSize":                 strconv.Itoa(obj.size),
		"firstAct":                 act,
		"firstActResult":           result,
		"fullPath":                 obj.path,
		"hostName":                 h.name,
		"httpReferer":              "https://" + a.domain + "/",
		"interestedHost":           h.name,
		"interestedIp":             []string{h.ips[0]},
		"interestedMacAddress":     h.mac,
		"malName":                  mal.name,
		"malType":                  mal.typ,
		"mDevice":                  h.ips,
		"mDeviceGUID":              strings.ToUpper(h.guid),
		"mitreMapping":             []string{mal.technique + " (" + mal.tactic + ")"},
		"mitreVersion":             "v14",
		"mpname":                   "Apex One",
		"mpver":                    "14.0.12345",
		"objectCmd":                []string{a.processCmd},
		"objectFileHashMd5":        strings.ToUpper(obj.md5),
		"objectFileHashSha1":       strings.ToUpper(obj.sha1),
		"objectFileHashSha256":     strings.ToUpper(obj.sha256),
		"objectFileName":           obj.base(),
		"objectFilePath":           obj.path,
		"objectName":               obj.base(),
		"objectPid":                a.objectPid,
		"objectSigner":             []string{},
		"parentCmd":                a.parentCmd,
		"parentFileHashSha1":       a.parent.sha1,
		"parentFileHashSha256":     a.parent.sha256,
		"parentFilePath":           a.parent.path,
		"peerHost":                 a.domain,
		"peerIp":                   []string{peer},
		"pname":                    "Apex One",
		"processCmd":               a.processCmd,
		"processFileHashMd5":       a.process.md5,
		"processFileHashSha1":      a.process.sha1,
		"processFileHashSha256":    a.process.sha256,
		"processFilePath":          a.process.path,
		"processName":              a.process.base(),
		"processPid":               a.processPid,
		"processSigner":            []string{a.process.signer},
		"productCode":              "sao",
		"pver":                     "14.0.0.12345",
		"request":                  a.request,
		"requestClientApplication": pick(d, userAgents),
		"rt":                       isoMillis(t),
		"rt_utc":                   isoMillis(t),
		"searchDL":                 "DDL",
		"severity":                 severityOf(mal),
		"spt":                      a.spt,
		"src":                      []string{h.ips[0]},
		"srcGroup":                 "Default",
		"tacticId":                 []string{mal.tactic},
		"tags":                     []string{"XSAE.F2140"},
		"threatName":               mal.name,
	}
}

var (
	desktopFamilies = []string{"windows", "windows", "windows", "macos"}
	serverFamilies  = []string{"windows", "linux"}
)

var urlCategories = []string{"Newly Observed Domain", "Malware Accomplice", "Phishing", "Disease Vector",
	"Suspicious Websites", "Proxy Avoidance and Anonymizers"}

// webGatewayDetection is a Secure Web Gateway block as in Elastic's
// integration's test data (item 2 of the sample search_detections_page.json,
// §4.4): few declared fields,
// several undeclared ones, and tags sometimes null.
func webGatewayDetection(d *draw, _ string) map[string]any {
	t := d.rec.Time
	h := hostFor(d, pick(d, desktopFamilies))
	domain := d.domain(0.8)
	client := pick(d, externalIPs)
	m := map[string]any{
		"eventTimeDT":      eventTimeDT(t),
		"searchDL":         "DDL",
		"productCode":      "sig",
		"eventName":        "WEB_POLICY_VIOLATION",
		"rt_utc":           isoSeconds(t),
		"rt":               compactOffset(t),
		"act":              []string{"Block"},
		"aggregatedCount":  "1",
		"detectionType":    "Web Reputation Service",
		"deviceGUID":       formatUUID(d.Uint64(), d.Uint64()),
		"dst":              []string{pick(d, externalIPs)},
		"endpointGUID":     h.guid,
		"endpointHostName": h.name,
		"fileSize":         "0",
		"fileType":         "ASCII Text",
		"osName":           h.os.ver,
		"pname":            "Secure Web Gateway",
		"policyName":       "default",
		"pver":             "1.0",
		"request":          d.url(domain),
		"requestBase":      domain,
		"src":              []string{client},
		"suid":             h.owner.sam,
		"urlCat":           []string{pick(d, urlCategories)},
		"userDomain":       tenantDomain,
		"profile":          "Default threat protection profile",
		"principalName":    h.owner.upn,
		"policyUuid":       "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
		"sender":           "Default cloud gateway",
		"logKey":           d.uuid(),
		"clientIp":         []string{client},
		"severity":         2,
		"tags":             nil,
	}
	if d.chance(0.4) {
		m["tags"] = []string{"XSAE.F1923"}
	}
	return m
}

var networkRules = []struct{ name, technique, tactic string }{
	{"Possible Cobalt Strike Beacon - HTTP (Response)", "T1071.001", "TA0011"},
	{"HTTP_POSSIBLE_USER_AGENT_SPOOFING", "T1071.001", "TA0011"},
	{"SMB2 Brute Force Attempt", "T1110", "TA0006"},
	{"DNS Query to Dynamic DNS Domain", "T1568", "TA0011"},
	{"Possible Log4Shell Exploit - HTTP (Request)", "T1190", "TA0001"},
}

// networkDetection is a Deep Discovery Inspector detection. Its act and src
// are arrays as declared; real ones are scalars (Record.Quirks).
func networkDetection(d *draw, _ string) map[string]any {
	t := d.rec.Time
	h := pick(d, hosts)
	rule := pick(d, networkRules)
	peer := pick(d, externalIPs)
	domain := d.domain(0.9)
	act := "not blocked"
	if d.chance(0.3) {
		act = "blocked"
	}
	return map[string]any{
		"act":                      scalarOrList(d, act),
		"app":                      "HTTP",
		"appGroup":                 "HTTP",
		"cat":                      1,
		"cnt":                      strconv.Itoa(d.between(1, 20)),
		"detectionType":            "Rule",
		"deviceDirection":          "outbound",
		"deviceGUID":               "6c3a1e51-0f3c-4a8c-9f55-1d0e2c3b4a59",
		"dhost":                    domain,
		"dpt":                      pick(d, []int{80, 443, 445, 53, 8080}),
		"dst":                      []string{peer},
		"eventId":                  "200119",
		"eventName":                "NETWORK_CONTENT_INSPECTION",
		"eventSubName":             "Network Content Inspection",
		"eventTimeDT":              eventTimeDT(t),
		"hostName":                 h.name,
		"interestedHost":           h.name,
		"interestedIp":             []string{h.ips[0]},
		"malName":                  rule.name,
		"malType":                  "Network",
		"mitreMapping":             []string{rule.technique + " (" + rule.tactic + ")"},
		"mitreVersion":             "v14",
		"peerHost":                 domain,
		"peerIp":                   []string{peer},
		"pname":                    "Deep Discovery Inspector",
		"productCode":              "pdi",
		"pver":                     "6.5.1146",
		"request":                  d.url(domain),
		"requestClientApplication": pick(d, userAgents),
		"rt":                       compactOffset(t),
		"rt_utc":                   isoSeconds(t),
		"searchDL":                 "DDL",
		"severity":                 3,
		"spt":                      d.between(49152, 65535),
		"src":                      scalarOrList(d, h.ips[0]),
		"tacticId":                 []string{rule.tactic},
		"tags":                     []string{"XSAE.F2433"},
		"threatName":               rule.name,
	}
}

// workloadDetection is a server workload protection anti-malware event.
// Its processSigner is an array as declared; real ones are plain strings
// (Record.Quirks).
func workloadDetection(d *draw, _ string) map[string]any {
	t := d.rec.Time
	h := hostFor(d, pick(d, serverFamilies))
	mal := pick(d, malwareFamilies)
	act, result := actResultOf(d)
	a, engine := d.play(behaviourByName["curl-pipe-shell"], h), "Virus Scan Engine (Linux 64-bit)"
	a.object = d.file("/tmp/.cache/" + d.hex(8))
	if h.os.family == "windows" {
		a, engine = d.play(behaviourByName["payload-download"], h), "Virus Scan Engine (Windows 64-bit)"
	}
	obj := a.object
	m := map[string]any{
		"act":                  []string{act},
		"actResult":            []string{result},
		"endpointGUID":         h.guid,
		"endpointHostName":     h.name,
		"endpointIp":           h.ips,
		"engType":              engine,
		"engVer":               "23.600.1001",
		"eventId":              "100101",
		"eventName":            "ANTI_MALWARE_EVENT",
		"eventSubName":         "Real-Time",
		"eventTimeDT":          eventTimeDT(t),
		"fileHash":             obj.sha1,
		"fileName":             []string{obj.base()},
		"filePath":             obj.path,
		"firstAct":             act,
		"firstActResult":       result,
		"hostName":             h.name,
		"malName":              mal.name,
		"malType":              mal.typ,
		"mitreMapping":         []string{mal.technique + " (" + mal.tactic + ")"},
		"objectFileHashSha256": strings.ToUpper(obj.sha256),
		"pname":                "Server & Workload Protection",
		"processCmd":           a.processCmd,
		"processFilePath":      a.process.path,
		"processName":          a.process.base(),
		"processPid":           a.processPid,
		"productCode":          "sds",
		"pver":                 "20.0.1-13280",
		"rt":                   isoMillis(t),
		"rt_utc":               isoMillis(t),
		"searchDL":             "DDL",
		"severity":             severityOf(mal),
		"tacticId":             []string{mal.tactic},
		"tags":                 []string{"XSAE.F2140"},
		"threatName":           mal.name,
	}
	if a.process.signer != "" {
		m["processSigner"] = scalarOrList(d, a.process.signer)
	}
	return m
}
