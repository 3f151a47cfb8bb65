package gen

import (
	"fmt"
	"strings"
)

// The response actions, one per shape of arp-taskInfo, with what each
// targets. Names follow the `filter` parameter's action list, which
// pytmv1 (Trend's Python client) spells the same; the item schemas of the
// terminate-process and container actions spell theirs otherwise
// (`teminateProcess`, `isolateContainerInfo`, …), a defect of the
// document the simulator's spec test works around.

type responseAction struct {
	name string
	// taskError: the action's shape declares a task-level error
	// (arp-taskErrorInfo); multi-target shapes carry one per target.
	taskError bool
	target    func(d *draw, t *responseTaskBody)
	failures  []taskFailure
}

// Why tasks fail (illustrative: the document lists none).
var (
	failAgentOffline   = taskFailure{4000101, "The agent did not respond before the task timed out. Make sure the endpoint is online and try again."}
	failServer         = taskFailure{4000102, "Unable to send the command to the managing server."}
	failFileNotFound   = taskFailure{4000201, "The specified file was not found on the endpoint."}
	failProcessGone    = taskFailure{4000202, "The specified process is not running on the endpoint."}
	failScript         = taskFailure{4000203, "The script exited with a non-zero code."}
	failMessageGone    = taskFailure{4000301, "The email message was not found in the mailbox."}
	failAccountGone    = taskFailure{4000401, "The account was not found in the directory."}
	failObjectListed   = taskFailure{4000501, "The object is already in the Suspicious Object List."}
	failObjectUnlisted = taskFailure{4000502, "The object is not in the Suspicious Object List."}
	failSandboxQuota   = taskFailure{4000601, "The daily sandbox submission quota has been reached."}
	failPodGone        = taskFailure{4000701, "The target pod was not found in the cluster."}
)

var responseActions = []weighted[*responseAction]{
	{15, &responseAction{"isolate", true, oneEndpoint, []taskFailure{failAgentOffline, failServer}}},
	{8, &responseAction{"restoreIsolate", true, oneEndpoint, []taskFailure{failAgentOffline, failServer}}},
	{3, &responseAction{"isolateForMultiple", false, endpoints(nil), []taskFailure{failAgentOffline}}},
	{2, &responseAction{"restoreIsolateForMultiple", false, endpoints(nil), []taskFailure{failAgentOffline}}},
	{10, &responseAction{"collectFile", true, collectFile, []taskFailure{failFileNotFound, failAgentOffline}}},
	{8, &responseAction{"terminateProcess", true, terminateProcess, []taskFailure{failProcessGone, failAgentOffline}}},
	{2, &responseAction{"dumpProcessMemory", true, dumpProcessMemory, []taskFailure{failProcessGone, failAgentOffline}}},
	{5, &responseAction{"quarantineMessage", false, messages, []taskFailure{failMessageGone}}},
	{3, &responseAction{"deleteMessage", false, messages, []taskFailure{failMessageGone}}},
	{2, &responseAction{"restoreMessage", false, messages, []taskFailure{failMessageGone}}},
	{10, &responseAction{"block", true, blockedObject, []taskFailure{failObjectListed}}},
	{3, &responseAction{"restoreBlock", true, blockedObject, []taskFailure{failObjectUnlisted}}},
	{3, &responseAction{"remoteShell", true, oneEndpoint, []taskFailure{failAgentOffline}}},
	{3, &responseAction{"investigationKit", true, investigationKit, []taskFailure{failAgentOffline, failScript}}},
	{3, &responseAction{"runCustomScript", true, customScript, []taskFailure{failScript, failAgentOffline}}},
	{1, &responseAction{"runCustomScriptForMultiple", false, endpoints(scriptFields), []taskFailure{failScript}}},
	{5, &responseAction{"submitSandbox", true, submitSandbox, []taskFailure{failSandboxQuota, failFileNotFound}}},
	{3, &responseAction{"disableAccount", false, accounts, []taskFailure{failAccountGone}}},
	{1, &responseAction{"enableAccount", false, accounts, []taskFailure{failAccountGone}}},
	{2, &responseAction{"forceSignOut", false, accounts, []taskFailure{failAccountGone}}},
	{2, &responseAction{"resetPassword", false, accounts, []taskFailure{failAccountGone}}},
	{1, &responseAction{"collectNetworkAnalysisPackage", false, networkPackage, []taskFailure{failAgentOffline}}},
	{1, &responseAction{"collectEvidence", false, oneEndpoint, []taskFailure{failAgentOffline}}},
	{1, &responseAction{"runOsquery", false, oneEndpoint, []taskFailure{failScript}}},
	{1, &responseAction{"runYaraRules", false, oneEndpoint, []taskFailure{failScript}}},
	{1, &responseAction{"isolateContainer", true, kubernetesPod, []taskFailure{failPodGone}}},
	{1, &responseAction{"restoreContainer", true, kubernetesPod, []taskFailure{failPodGone}}},
	{1, &responseAction{"terminateContainer", true, container, []taskFailure{failPodGone}}},
	{2, &responseAction{"malwareScanForMultiple", false, endpoints(scanFields), []taskFailure{failAgentOffline}}},
}

func endpointFields(h *host) map[string]any {
	return map[string]any{"agentGuid": h.guid, "endpointName": h.name}
}

func oneEndpoint(d *draw, t *responseTaskBody) { t.fields = endpointFields(pick(d, hosts)) }

// endpoints targets two to five endpoints, each with more fields.
func endpoints(more func(d *draw, h *host, tg *taskTarget)) func(d *draw, t *responseTaskBody) {
	return func(d *draw, t *responseTaskBody) {
		for n := d.between(2, 5); n > 0; n-- {
			h := pick(d, hosts)
			tg := taskTarget{fields: endpointFields(h)}
			if more != nil {
				more(d, h, &tg)
			}
			t.targets = append(t.targets, tg)
		}
	}
}

// suspiciousFiles are where collected or submitted files lie, per OS family.
var suspiciousFiles = map[string][]string{
	"windows": {`C:\Users\%s\Downloads\invoice_0524.exe`, `C:\Users\%s\AppData\Local\Temp\svchost.dll`,
		`C:\Users\%s\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\update.vbs`, `C:\Windows\Temp\%s.ps1`},
	"macos": {"/Users/%s/Downloads/Installer.pkg", "/Users/%s/Library/LaunchAgents/com.update.agent.plist"},
	"linux": {"/tmp/.%s/kworker", "/var/www/html/uploads/%s.php", "/home/%s/.cache/miner"},
}

func suspiciousFile(d *draw, h *host) string {
	return fmt.Sprintf(pick(d, suspiciousFiles[h.os.family]), h.owner.sam)
}

func collectFile(d *draw, t *responseTaskBody) {
	h := pick(d, hosts)
	t.fields = endpointFields(h)
	f := d.file(suspiciousFile(d, h))
	t.fields["filePath"] = f.path
	t.done = map[string]any{"fileSha1": f.sha1, "fileSha256": f.sha256, "fileSize": f.size}
}

// maliciousProcesses are the images of processes an analyst terminates.
var maliciousProcesses = []string{`C:\Users\%s\AppData\Local\Temp\svchost.exe`, `C:\ProgramData\WinUpdate\winupd.exe`,
	`C:\Users\%s\Downloads\invoice_0524.exe`}

func terminateProcess(d *draw, t *responseTaskBody) {
	h := hostFor(d, "windows")
	t.fields = endpointFields(h)
	image := pick(d, maliciousProcesses)
	if strings.Contains(image, "%s") {
		image = fmt.Sprintf(image, h.owner.sam)
	}
	f := d.file(image)
	t.fields["fileSha1"], t.fields["fileName"] = f.sha1, f.base()
}

func dumpProcessMemory(d *draw, t *responseTaskBody) {
	h := hostFor(d, "windows")
	t.fields = endpointFields(h)
	t.fields["pid"] = d.between(400, 30000)
	t.fields["imagePath"] = pick(d, []string{`C:\Windows\System32\rundll32.exe`, `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, suspiciousFile(d, h)})
}

var investigationKits = []string{"General Investigation", "Full Investigation", "Tools for IR"}

func investigationKit(d *draw, t *responseTaskBody) {
	oneEndpoint(d, t)
	t.fields["kit"] = pick(d, investigationKits)
}

// scriptFields: a custom script, PowerShell on Windows, shell elsewhere.
func scriptFields(d *draw, h *host, tg *taskTarget) {
	name := pick(d, []string{"collect_triage.ps1", "remove_persistence.ps1", "list_autoruns.ps1"})
	if h.os.family != "windows" {
		name = pick(d, []string{"collect_triage.sh", "kill_miner.sh"})
	}
	tg.fields["fileName"] = name
	if d.chance(0.5) {
		tg.fields["parameter"] = pick(d, []string{"-Verbose", "-Days 7", "--quick", "-OutDir C:\\Temp\\ir"})
	}
}

func customScript(d *draw, t *responseTaskBody) {
	h := pick(d, hosts)
	tg := taskTarget{fields: endpointFields(h)}
	scriptFields(d, h, &tg)
	t.fields = tg.fields
}

func scanFields(d *draw, _ *host, tg *taskTarget) {
	files := d.between(20_000, 400_000)
	tg.scan = &scanReport{malware: d.IntN(3) * d.IntN(2), grayware: d.IntN(2), files: files}
}

var messageSubjects = []string{"Invoice 0524 overdue", "Your mailbox is almost full", "Shared document: Q2 budget",
	"Action required: verify your account", "Delivery failed: parcel 7781"}

// messages targets one message in one to three mailboxes (the document:
// one message in a mailbox or in several), by message id or by unique id.
func messages(d *draw, t *responseTaskBody) {
	byUniqueID := d.chance(0.25)
	msgID := "<" + strings.ToUpper(d.hex(40)) + "@CH2PR11MB" + d.digits(4) + ".namprd11.prod.outlook.com>"
	subject := pick(d, messageSubjects)
	for n := d.between(1, 3); n > 0; n-- {
		p := pick(d, people)
		f := map[string]any{"mailBox": p.upn}
		if byUniqueID {
			f["uniqueId"] = "AAMkAGRh" + d.base64()
		} else {
			f["messageId"], f["messageSubject"] = msgID, subject
		}
		if d.chance(0.5) {
			f["organizationId"] = customerID
		}
		t.targets = append(t.targets, taskTarget{fields: f})
	}
}

// accounts targets one or two domain accounts, in Entra ID or on-premise AD.
func accounts(d *draw, t *responseTaskBody) {
	for n := d.between(1, 2); n > 0; n-- {
		p := pick(d, people)
		f := map[string]any{"iam": "AAD", "accountName": p.upn}
		if d.chance(0.4) {
			f["iam"], f["accountName"] = "OPAD", p.account()
		}
		t.targets = append(t.targets, taskTarget{fields: f})
	}
}

// blockedObject is the one object a block names (arp-suspiciousObject*).
func blockedObject(d *draw, t *responseTaskBody) {
	switch d.IntN(6) {
	case 0:
		t.fields = map[string]any{"url": d.url(pick(d, badDomains))}
	case 1:
		t.fields = map[string]any{"domain": pick(d, badDomains)}
	case 2:
		t.fields = map[string]any{"fileSha1": d.hex(40)}
	case 3:
		t.fields = map[string]any{"fileSha256": d.hex(64)}
	case 4:
		t.fields = map[string]any{"senderMailAddress": "billing@" + pick(d, badDomains)}
	default:
		t.fields = map[string]any{"ip": pick(d, externalIPs)}
	}
}

// submitSandbox sends a URL, or a file collected from an endpoint.
func submitSandbox(d *draw, t *responseTaskBody) {
	if d.chance(0.5) {
		t.fields = map[string]any{"url": d.url(pick(d, badDomains))}
	} else {
		h := pick(d, hosts)
		t.fields = endpointFields(h)
		t.fields["filePath"] = suspiciousFile(d, h)
	}
	t.done = map[string]any{"sandboxTaskId": d.uuid()}
}

// networkPackage collects a packet capture and the files a network sensor
// detected from one endpoint.
func networkPackage(d *draw, t *responseTaskBody) {
	oneEndpoint(d, t)
	t.targets = []taskTarget{
		{fields: map[string]any{"action": "collectNetworkPcapFile", "pcapUuid": d.uuid()}},
		{fields: map[string]any{"action": "collectNetworkDetectedFile", "fileSha1": d.hex(40), "fileSha256": d.hex(64), "fileSize": d.between(2_000, 900_000)}},
	}
}

func kubernetesPod(d *draw, t *responseTaskBody) {
	cl, w := pick(d, clusters), pick(d, workloads)
	t.fields = map[string]any{
		"kubernetesClusterId": cl.id,
		"kubernetesPodId":     d.uuid(),
		"kubernetesPodName":   w.app + "-" + d.hex(10) + "-" + alnumOf(d, 5),
		"containerType":       "kubernetes",
	}
}

// container is a Kubernetes pod or an Amazon ECS task (arp-containerInfo).
func container(d *draw, t *responseTaskBody) {
	if d.chance(0.6) {
		kubernetesPod(d, t)
		return
	}
	taskID := d.hex(32)
	t.fields = map[string]any{
		"amazonEcsClusterId": "prod-ecs",
		"amazonEcsTaskId":    taskID,
		"amazonEcsTaskArn":   "arn:aws:ecs:us-east-1:470816239557:task/prod-ecs/" + taskID,
		"containerType":      "amazonEcs",
	}
}

func alnumOf(d *draw, n int) string {
	const chars = "bcdfghjklmnpqrstvwxz2456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[d.IntN(len(chars))]
	}
	return string(b)
}
