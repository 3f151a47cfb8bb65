package gen

// oatFilter is an Observed Attack Techniques detection filter
// (§3.2 filters[]). scenario names the event it matches in
// its source's generator, and highlight lists the detail fields it shows as
// highlightedObjects.
type oatFilter struct {
	id, name, description string
	tactics, techniques   []string
	risk                  string // info|low|medium|high|critical
	custom                bool   // type "custom" (a customer-written filter)
	scenario              string
	highlight             []highlight
}

type highlight struct{ field, typ string }

var (
	hlProcessCmd = highlight{"processCmd", "command_line"}
	hlObjectCmd  = highlight{"objectCmd", "command_line"}
	hlObjectPath = highlight{"objectFilePath", "fullpath"}
	hlObjectSha1 = highlight{"objectFileHashSha1", "file_sha1"}
	hlRequest    = highlight{"request", "url"}
	hlDst        = highlight{"dst", "ip"}
	hlDpt        = highlight{"dpt", "port"}
	hlObjectHost = highlight{"objectHostName", "domain"}
	hlObjectPort = highlight{"objectPort", "port"}
)

// oatFilters lists the filters per OAT source. Ids, names and ATT&CK
// mappings follow the document's examples and the real OAT item of §0
// (F4231, F1796, F2140) and
// Trend's naming style for the rest.
var oatFilters = map[string][]*oatFilter{
	"endpointActivityData": {
		{id: "F4231", name: "Service Execution via Service Control Manager", description: "Service Control Manager (services.exe) has executed a process",
			tactics: []string{"TA0002"}, techniques: []string{"T1569.002"}, risk: "info", scenario: "service-start", highlight: []highlight{hlObjectCmd}},
		{id: "F1796", name: "Process Discovery", description: "List running process",
			tactics: []string{"TA0002", "TA0007"}, techniques: []string{"T1010", "T1057", "T1059", "T1059.003"}, risk: "info", scenario: "process-list", highlight: []highlight{hlProcessCmd, hlObjectCmd}},
		{id: "F3154", name: "Encoded PowerShell Command", description: "PowerShell was started with an encoded command line",
			tactics: []string{"TA0002", "TA0005"}, techniques: []string{"T1059.001", "T1027"}, risk: "medium", scenario: "encoded-powershell", highlight: []highlight{hlObjectCmd}},
		{id: "CF0207", name: "Office Application Spawned a Shell", description: "Custom filter: an Office process started a command interpreter", custom: true,
			tactics: []string{"TA0002"}, techniques: []string{"T1204.002"}, risk: "high", scenario: "encoded-powershell", highlight: []highlight{hlProcessCmd}},
		{id: "F5072", name: "Possible Credential Dumping via Registry Hive", description: "A registry hive containing credentials was saved to a file",
			tactics: []string{"TA0006"}, techniques: []string{"T1003.002"}, risk: "high", scenario: "registry-hive-dump", highlight: []highlight{hlObjectCmd}},
		{id: "F2601", name: "Shadow Copy Deletion", description: "Volume shadow copies were deleted",
			tactics: []string{"TA0040"}, techniques: []string{"T1490"}, risk: "high", scenario: "shadow-copy-delete", highlight: []highlight{hlObjectCmd}},
		{id: "F1358", name: "Scheduled Task Creation via Command Line", description: "A scheduled task was created with schtasks",
			tactics: []string{"TA0002", "TA0003"}, techniques: []string{"T1053.005"}, risk: "low", scenario: "scheduled-task", highlight: []highlight{hlObjectCmd}},
		{id: "F5521", name: "Ingress Tool Transfer via Certutil", description: "Certutil downloaded a file from the internet",
			tactics: []string{"TA0011", "TA0005"}, techniques: []string{"T1105", "T1140"}, risk: "medium", scenario: "certutil-download", highlight: []highlight{hlObjectCmd, hlRequest}},
		{id: "F1105", name: "Domain Group Discovery", description: "Domain groups were enumerated with net.exe",
			tactics: []string{"TA0007"}, techniques: []string{"T1069.002"}, risk: "info", scenario: "domain-admin-discovery", highlight: []highlight{hlObjectCmd}},
		{id: "F3340", name: "Suspicious Rundll32 Execution", description: "Rundll32 loaded a file from a user-writable folder",
			tactics: []string{"TA0005"}, techniques: []string{"T1218.011"}, risk: "medium", scenario: "rundll32-payload", highlight: []highlight{hlObjectCmd}},
		{id: "F4410", name: "Registry Run Keys Modification", description: "A Run key value was added for persistence",
			tactics: []string{"TA0003"}, techniques: []string{"T1547.001"}, risk: "medium", scenario: "run-key-persistence",
			highlight: []highlight{{"objectRegistryKeyHandle", "registry_key"}, {"objectRegistryValue", "registry_value"}, {"objectRegistryData", "registry_value_data"}}},
		{id: "F2980", name: "Bypass UAC Via Shell Open Registry", description: "The ms-settings shell open command was modified",
			tactics: []string{"TA0004", "TA0005"}, techniques: []string{"T1548.002", "T1112"}, risk: "high", scenario: "uac-bypass",
			highlight: []highlight{{"objectRegistryKeyHandle", "registry_key"}}},
		{id: "F7012", name: "LSASS Memory Dump via Comsvcs", description: "The LSASS process memory was dumped with comsvcs.dll",
			tactics: []string{"TA0006"}, techniques: []string{"T1003.001"}, risk: "critical", scenario: "lsass-minidump", highlight: []highlight{hlObjectCmd}},
		{id: "F3307", name: "Remote Execution via WMI", description: "WMIC created a process on a remote host",
			tactics: []string{"TA0002", "TA0008"}, techniques: []string{"T1047"}, risk: "medium", scenario: "wmic-remote-exec", highlight: []highlight{hlObjectCmd}},
		{id: "F3308", name: "PsExec Service Execution", description: "The PsExec service was started",
			tactics: []string{"TA0002", "TA0008"}, techniques: []string{"T1569.002", "T1021.002"}, risk: "medium", scenario: "psexec-service", highlight: []highlight{hlObjectPath}},
		{id: "F2433", name: "Connection to Suspicious Host", description: "A process connected to a host with a poor reputation",
			tactics: []string{"TA0011"}, techniques: []string{"T1071.001", "T1571"}, risk: "high", scenario: "c2-connection", highlight: []highlight{hlDst, hlObjectPort}},
		{id: "F2811", name: "DNS Query to Suspicious Domain", description: "A process resolved a domain with a poor reputation",
			tactics: []string{"TA0011"}, techniques: []string{"T1071.004"}, risk: "medium", scenario: "c2-dns", highlight: []highlight{hlObjectHost}},
		{id: "F6120", name: "Executable Downloaded by Browser", description: "A browser wrote an executable to disk",
			tactics: []string{"TA0001", "TA0002"}, techniques: []string{"T1204.002"}, risk: "low", scenario: "payload-download", highlight: []highlight{hlObjectPath, hlObjectSha1}},
		{id: "F5810", name: "Download Piped to Shell", description: "A script downloaded from the internet was piped to a shell",
			tactics: []string{"TA0002"}, techniques: []string{"T1059.004"}, risk: "medium", scenario: "curl-pipe-shell", highlight: []highlight{hlProcessCmd}},
	},
	"detections": {
		{id: "F2140", name: "Malicious Software", description: "A malicious file was detected by a Trend Micro product",
			tactics: []string{"TA0005"}, techniques: []string{"T1090"}, risk: "high",
			highlight: []highlight{{"malName", "detection_name"}, hlDst}},
		{id: "F3066", name: "Ransomware Detection", description: "A Trend Micro product detected ransomware",
			tactics: []string{"TA0040"}, techniques: []string{"T1486"}, risk: "critical",
			highlight: []highlight{{"malName", "detection_name"}, {"fileHash", "file_sha1"}}},
	},
	"networkActivityData": {
		{id: "F6301", name: "Access to Malicious Website", description: "A user accessed a website with a poor reputation",
			tactics: []string{"TA0011"}, techniques: []string{"T1071.001"}, risk: "high", scenario: "bad", highlight: []highlight{hlRequest, hlDst}},
		{id: "F6350", name: "Suspicious Outbound Connection", description: "Traffic to a suspicious destination",
			tactics: []string{"TA0011"}, techniques: []string{"T1571"}, risk: "medium", scenario: "bad", highlight: []highlight{hlDst, hlDpt}},
	},
	"cloudActivityData": {
		{id: "F7101", name: "AWS Console Login", description: "A user signed in to the AWS console",
			tactics: []string{"TA0001"}, techniques: []string{"T1078.004"}, risk: "low", scenario: "ConsoleLogin",
			highlight: []highlight{{"eventName", "text"}, {"sourceIPAddress", "ip"}}},
		{id: "F7130", name: "AWS CloudTrail Logging Stopped", description: "CloudTrail logging was stopped for a trail",
			tactics: []string{"TA0005"}, techniques: []string{"T1562.008"}, risk: "high", scenario: "StopLogging",
			highlight: []highlight{{"eventName", "text"}}},
		{id: "F7144", name: "AWS IAM Access Key Created", description: "A new access key was created for an IAM user",
			tactics: []string{"TA0003"}, techniques: []string{"T1098.001"}, risk: "low", scenario: "CreateAccessKey",
			highlight: []highlight{{"eventName", "text"}}},
		{id: "F7150", name: "AWS S3 Bucket Policy Changed", description: "An S3 bucket policy was replaced",
			tactics: []string{"TA0010"}, techniques: []string{"T1537"}, risk: "medium", scenario: "PutBucketPolicy",
			highlight: []highlight{{"eventName", "text"}, {"sourceIPAddress", "ip"}}},
	},
	"emailActivityData": {
		{id: "F8101", name: "Email with Suspicious Attachment", description: "An external message carried a suspicious attachment",
			tactics: []string{"TA0001"}, techniques: []string{"T1566.001"}, risk: "medium", scenario: "attachment",
			highlight: []highlight{{"mailFromAddresses", "email_address"}, {"mailMsgSubject", "text"}}},
		{id: "F8120", name: "Phishing Link in Email", description: "A message link points somewhere other than it shows",
			tactics: []string{"TA0001"}, techniques: []string{"T1566.002"}, risk: "high", scenario: "phish-link",
			highlight: []highlight{{"mailUrlsRealLink", "url"}}},
		{id: "F8135", name: "Inbox Forwarding Rule Created", description: "A mailbox rule forwards mail",
			tactics: []string{"TA0009"}, techniques: []string{"T1114.003"}, risk: "medium", scenario: "forwarding",
			highlight: []highlight{{"mailbox", "email_address"}}},
	},
	"identityActivityData": {
		{id: "F9101", name: "Sign-in from Unusual Location", description: "A user signed in from a country not seen before",
			tactics: []string{"TA0001"}, techniques: []string{"T1078.004"}, risk: "high", scenario: "foreign-sign-in",
			highlight: []highlight{{"ipAddress", "ip"}, {"locationCountry", "text"}}},
		{id: "F9110", name: "Failed Sign-in Attempt", description: "Sign-in failed because of invalid credentials",
			tactics: []string{"TA0006"}, techniques: []string{"T1110.003"}, risk: "medium", scenario: "sign-in-failed",
			highlight: []highlight{{"principalName", "user_account"}}},
		{id: "F9122", name: "User Added to Directory Role", description: "A user was added to a directory role",
			tactics: []string{"TA0003"}, techniques: []string{"T1098.003"}, risk: "medium", scenario: "role-assigned",
			highlight: []highlight{{"principalName", "user_account"}}},
	},
	"containerActivityData": {
		{id: "F9501", name: "Interactive Shell in Container", description: "An interactive shell was started in a container",
			tactics: []string{"TA0002"}, techniques: []string{"T1059.004"}, risk: "medium", scenario: "shell",
			highlight: []highlight{{"processCmd", "command_line"}, {"containerName", "text"}}},
		{id: "F2924", name: "Process Discovery in Container", description: "A process listed running processes",
			tactics: []string{"TA0007"}, techniques: []string{"T1057"}, risk: "info", scenario: "process-probe",
			highlight: []highlight{{"processCmd", "command_line"}}},
		{id: "F9522", name: "Cryptocurrency Miner in Container", description: "A known miner connected to a mining pool",
			tactics: []string{"TA0040"}, techniques: []string{"T1496"}, risk: "high", scenario: "cryptominer",
			highlight: []highlight{{"processCmd", "command_line"}, {"containerImage", "text"}}},
	},
	"mobileActivityData": {
		{id: "F9701", name: "Mobile Access to Malicious URL", description: "A mobile device accessed a URL with a poor reputation",
			tactics: []string{"TA0011"}, techniques: []string{"T1437"}, risk: "low", scenario: "bad",
			highlight: []highlight{hlRequest}},
	},
	"thirdPartyLogData": {
		{id: "F9901", name: "Firewall Allowed Connection to Known C&C", description: "A third-party firewall logged traffic to a command-and-control server",
			tactics: []string{"TA0011"}, techniques: []string{"T1071.001"}, risk: "high", scenario: "c2",
			highlight: []highlight{hlDst, hlDpt}},
		{id: "F9912", name: "Port Scan from Internal Host", description: "A third-party firewall logged a port scan",
			tactics: []string{"TA0007"}, techniques: []string{"T1046"}, risk: "medium", scenario: "scan",
			highlight: []highlight{{"src", "ip"}}},
	},
}
