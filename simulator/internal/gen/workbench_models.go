package gen

import (
	"crypto/sha256"
	"encoding/binary"
)

// Workbench detection models (SAE alerts, §2.2). Each matched filter points
// at an endpoint behaviour, whose rendered telemetry supplies the alert's
// indicators. Names and descriptions follow the document's examples; MITRE
// ids mix the plain and the versioned (V9.) forms as those examples do.

type saeModel struct {
	name, description, modelID string
	score                      int // base score; alerts vary around it
	custom                     bool
	rules                      []saeRule
}

type saeRule struct {
	id, name string
	filters  []saeFilter
}

type saeFilter struct {
	id, name   string
	techniques []string
	eventType  string // matchedEvents[].type enum
	behaviour  string
}

// stableID derives a fixed UUID from a name, so catalog ids never change.
func stableID(name string) string {
	sum := sha256.Sum256([]byte("id:" + name))
	return formatUUID(binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16]))
}

func model(name, description string, score int, rules ...saeRule) *saeModel {
	return &saeModel{name: name, description: description, modelID: stableID("model:" + name), score: score, rules: rules}
}

func rule(name string, filters ...saeFilter) saeRule {
	return saeRule{id: stableID("rule:" + name), name: name, filters: filters}
}

func filter(name, eventType, behaviour string, techniques ...string) saeFilter {
	return saeFilter{id: stableID("filter:" + name), name: name, techniques: techniques, eventType: eventType, behaviour: behaviour}
}

var saeModels = []*saeModel{
	model("Possible Credential Dumping via Registry",
		"A user obtained account logon information that can be used to access remote systems via Windows Registry.", 64,
		rule("Potential Credential Dumping via Registry",
			filter("Possible Credential Dumping via Registry Hive", "TELEMETRY_PROCESS", "registry-hive-dump", "V9.T1003.004", "V9.T1003.002", "T1003"))),
	model("Privilege Escalation via UAC Bypass",
		"A user bypassed User Account Control (UAC) to gain higher-level permissions.", 64,
		rule("(T1088) Bypass UAC via shell open registry",
			filter("Bypass UAC Via Shell Open Default Registry", "TELEMETRY_REGISTRY", "uac-bypass", "T1112", "V9.T1112", "V9.T1548.002"),
			filter("Bypass UAC Via Shell Open Registry", "TELEMETRY_REGISTRY", "uac-bypass", "T1112", "T1088", "V9.T1112", "V9.T1548.002"))),
	model("Credential Dumping via LSASS Memory",
		"A process dumped the memory of the Local Security Authority Subsystem Service, which stores credentials.", 78,
		rule("LSASS Memory Dump",
			filter("LSASS Dump via Comsvcs MiniDump", "TELEMETRY_PROCESS", "lsass-minidump", "V9.T1003.001", "T1003"))),
	model("Suspicious PowerShell Download",
		"A PowerShell or built-in Windows tool downloaded a file from the internet.", 51,
		rule("Ingress Tool Transfer",
			filter("Certutil URL Cache Download", "TELEMETRY_PROCESS", "certutil-download", "V9.T1105", "V9.T1140"),
			filter("PowerShell Download Cradle", "TELEMETRY_DNS", "c2-dns", "V9.T1059.001", "T1071.004"))),
	model("Possible Ransomware Behavior",
		"A process deleted volume shadow copies, which ransomware does before encrypting files.", 83,
		rule("Inhibit System Recovery",
			filter("Shadow Copy Deletion via Vssadmin", "TELEMETRY_PROCESS", "shadow-copy-delete", "V9.T1490"))),
	model("Suspicious Office Macro Execution",
		"An Office document started a command interpreter with an encoded command.", 58,
		rule("Office Spawns Shell",
			filter("Office Application Launches Command Shell", "TELEMETRY_PROCESS", "encoded-powershell", "T1204.002", "V9.T1059.001"),
			filter("Encoded PowerShell Command", "TELEMETRY_PROCESS", "encoded-powershell", "V9.T1027", "V9.T1059.001"))),
	model("Persistence via Registry Run Key",
		"A process added a Run key value that starts a program from a user folder at logon.", 38,
		rule("Registry Run Keys",
			filter("Run Key Points to AppData", "TELEMETRY_REGISTRY", "run-key-persistence", "V9.T1547.001"))),
	model("Scheduled Task Persistence",
		"A scheduled task was created that runs a program from a user folder.", 35,
		rule("Scheduled Task Creation",
			filter("Schtasks Create from Command Line", "TELEMETRY_PROCESS", "scheduled-task", "T1053", "V9.T1053.005"))),
	model("Lateral Movement via Remote Execution",
		"A host ran commands on another host through WMI or PsExec.", 70,
		rule("Remote Execution",
			filter("WMIC Remote Process Creation", "TELEMETRY_PROCESS", "wmic-remote-exec", "V9.T1047"),
			filter("PsExec Service Started", "TELEMETRY_PROCESS", "psexec-service", "V9.T1569.002", "V9.T1021.002"))),
	model("Possible C&C Communication",
		"A process connected to a server associated with command-and-control activity.", 72,
		rule("C&C Callback",
			filter("Rundll32 Network Connection", "TELEMETRY_CONNECTION", "c2-connection", "V9.T1218.011", "T1071.001"),
			filter("Query to Suspicious Domain", "TELEMETRY_DNS", "c2-dns", "V9.T1071.004"))),
	model("Domain Account Discovery",
		"A user enumerated privileged domain groups.", 30,
		rule("Permission Groups Discovery",
			filter("Net Group Domain Admins", "TELEMETRY_PROCESS", "domain-admin-discovery", "V9.T1069.002", "T1087"))),
	model("Linux Remote Script Execution",
		"A shell ran a script downloaded from the internet.", 55,
		rule("Download and Execute",
			filter("Curl Piped to Shell", "TELEMETRY_PROCESS", "curl-pipe-shell", "V9.T1059.004", "T1105"))),
	func() *saeModel {
		m := model("Contoso - Rundll32 Loading from AppData",
			"Custom model: rundll32 loaded a non-DLL file from a user profile.", 60,
			rule("Rundll32 AppData",
				filter("Rundll32 Loads .dat from AppData", "TELEMETRY_PROCESS", "rundll32-payload", "V9.T1218.011")))
		m.custom = true
		return m
	}(),
}

// tiReport is a threat-intelligence report that TI sweeping matches (§2.2 TI alerts).
type tiReport struct {
	modelID, model                    string
	campaign, industry, regionCountry any // string or nil (nullable in the document)
	createdBy                         string
	totalIndicators                   int
}

var tiReports = []*tiReport{
	{modelID: "report--12ea4e6c-2b13-44e4-94a9-4cc8da461258", model: "Threat Intelligence Sweeping", createdBy: "n/a", totalIndicators: 9},
	{modelID: "report--" + stableID("ti:earth-lusca"), model: "Earth Lusca Targets Government Agencies",
		campaign: "Earth Lusca", industry: "Government", regionCountry: "Asia Pacific", createdBy: "Trend Micro", totalIndicators: 42},
	{modelID: "report--" + stableID("ti:lockbit"), model: "LockBit 3.0 Ransomware Indicators",
		campaign: "LockBit", industry: "Manufacturing", regionCountry: nil, createdBy: "Trend Micro", totalIndicators: 118},
	{modelID: "report--" + stableID("ti:qakbot"), model: "QakBot Phishing Wave",
		campaign: nil, industry: "Financial Services", regionCountry: "North America", createdBy: "Trend Micro", totalIndicators: 27},
	{modelID: "report--" + stableID("ti:custom"), model: "Contoso SOC Watchlist",
		campaign: nil, industry: nil, regionCountry: nil, createdBy: "soc-lead@" + tenantDomain, totalIndicators: 15},
}
