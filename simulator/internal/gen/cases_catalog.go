package gen

// What cases are about, per type (acl-v3-v1.Case type enum): a name and
// a description with %s for the host or user concerned.

type caseTopic struct{ name, description string }

var caseTypes = []weighted[string]{
	{55, "Workbench"}, {10, "Forensics"}, {15, "ManagedServices"}, {10, "TPIServiceNow"}, {10, "Others"},
}

var casePriorities = []weighted[string]{{5, "P0"}, {20, "P1"}, {45, "P2"}, {30, "P3"}}

var caseTopics = map[string][]caseTopic{
	"Workbench": {
		{"Possible Ransomware Attack", "Workbench alerts show shadow copy deletion and mass file renames on %s."},
		{"Credential dumping on %s", "LSASS memory access by an unsigned process on %s; alerts grouped for investigation."},
		{"Suspicious PowerShell activity", "Encoded PowerShell commands downloading payloads on %s."},
		{"Phishing campaign against Finance", "Several users received invoice lures; one opened the attachment on %s."},
		{"Lateral movement via PsExec", "Remote service creation from %s to several servers."},
		{"Cobalt Strike beacon", "Periodic connections to a known C2 domain from %s."},
	},
	"Forensics": {
		{"Forensic investigation: %s", "Collect memory and disk evidence from %s for root-cause analysis."},
		{"Evidence collection after incident", "Preserve triage packages and event logs of %s."},
	},
	"ManagedServices": {
		{"[MDR] Suspicious lateral movement", "Managed Services observed remote execution originating from %s."},
		{"[MDR] Web shell on internet-facing server", "A script file dropped in a web root on %s executes commands."},
		{"[MDR] Brute-force sign-ins", "Repeated failed sign-ins for %s followed by a success from abroad."},
	},
	"TPIServiceNow": {
		{"Suspicious sign-in reported", "ServiceNow incident raised for an unusual sign-in by %s."},
		{"Malware detection escalated from ServiceNow", "Service desk escalated an antivirus detection on %s."},
	},
	"Others": {
		{"Vulnerable VPN appliance review", "Track remediation of the exposed appliance; owner %s."},
		{"Phishing simulation follow-up", "Users who clicked in the simulation, starting with %s."},
		{"Data exfiltration review", "Large uploads to personal cloud storage by %s."},
	},
}

// closeFindings are the findings a closed case ends with (the Findings enum).
var closeFindings = []weighted[string]{
	{30, "TruePositive"}, {30, "FalsePositive"}, {20, "BenignTruePositive"}, {15, "Noteworthy"}, {5, "NoFindings"},
}
