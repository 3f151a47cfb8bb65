package translate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
)

// The platform mappings' choices (ocsf_audit.go, ocsf_container.go,
// ocsf_tasks.go): each case translates one item in the OCSF mode, checks
// the event against the schema and then the attributes the choice sets.

const (
	platAuditEvent = "trendmicro.visionone.audit_log"
	platK8sAudit   = "trendmicro.visionone.container_security.kubernetes_audit_event_log"
	platK8sSensor  = "trendmicro.visionone.container_security.kubernetes_sensor_event_log"
	platECSSensor  = "trendmicro.visionone.container_security.amazon_ecs_sensor_event_log"
	platEvaluation = "trendmicro.visionone.container_security.kubernetes_evaluation_event_log"
	platTask       = "trendmicro.visionone.response_task"
)

// platformEvent translates item as kind's OCSF event and requires it to
// conform to the schema.
func platformEvent(t *testing.T, kind *Kind, event, item string) map[string]any {
	t.Helper()
	tr, err := New(Options{Kind: kind, EventName: event, OCSF: true})
	require.NoError(t, err)
	lr := plog.NewLogRecord()
	_, err = tr.Translate([]byte(item), observedAt, lr)
	require.NoError(t, err)
	body := lr.Body().Map().AsRaw()
	assert.Empty(t, ocsf.Validate(body), "schema defects")
	return body
}

// platAt follows a dotted path through objects, and through arrays by
// their first element; a key may hold dots itself (details' proc.pid).
func platAt(v any, path string) any {
	if path == "" {
		return v
	}
	if a, ok := v.([]any); ok {
		if len(a) == 0 {
			return nil
		}
		v = a[0]
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	parts := strings.Split(path, ".")
	for n := len(parts); n > 0; n-- {
		if w, ok := o[strings.Join(parts[:n], ".")]; ok {
			return platAt(w, strings.Join(parts[n:], "."))
		}
	}
	return nil
}

// platWant are the attribute values a case expects (numbers as int64); a nil
// value: the attribute is absent.
type platWant map[string]any

func platCheck(t *testing.T, body map[string]any, w platWant) {
	t.Helper()
	for path, v := range w {
		assert.Equal(t, v, platAt(body, path), path)
	}
}

func platAuditItem(category, activity, user, details string) string {
	s := `{"loggedDateTime":"2024-05-14T07:29:48Z","ingestedDateTime":"2024-05-14T07:29:51Z","loggedRole":"Analyst",` +
		`"accessType":"Console","result":"Successful","category":"` + category + `","activity":"` + activity + `"`
	if user != "" {
		s += `,"loggedUser":"` + user + `"`
	}
	if details != "" {
		s += `,"details":` + details
	}
	return s + "}"
}

func TestOCSFAuditClass(t *testing.T) {
	for _, tc := range []struct {
		name string
		item string
		want platWant
	}{
		{"log on is an Authentication Logon", platAuditItem("Logon and Logoff", "Log on", "jane@example.com", `{"ipAddr":"203.0.113.10","sessionId":"s-1"}`),
			platWant{"class_uid": int64(3002), "activity_id": int64(1), "user.name": "jane@example.com", "user.email_addr": "jane@example.com",
				"user.groups.name": "Analyst", "src_endpoint.ip": "203.0.113.10", "session.uid": "s-1", "actor.app_name": "Console"}},
		{"log off is an Authentication Logoff", platAuditItem("Logon and Logoff", "Log off", "jane@example.com", `{}`),
			platWant{"class_uid": int64(3002), "activity_id": int64(2), "activity_name": "Logoff"}},
		{"another sign-in activity is Other", platAuditItem("Logon and Logoff", "Unlock", "jane@example.com", `{}`),
			platWant{"class_uid": int64(3002), "activity_id": int64(99), "activity_name": "Unlock"}},
		{"a sign-in without its activity is Unknown", platAuditItem("Logon and Logoff", "", "jane", `{}`),
			platWant{"class_uid": int64(3002), "activity_id": int64(0), "activity_name": "Unknown"}},
		{"a sign-in without its user is API Activity", platAuditItem("Logon and Logoff", "Log on", "", `{"ipAddr":"203.0.113.10"}`),
			platWant{"class_uid": int64(6003), "api.operation": "Log on"}},
		{"adding a user account is an Account Change Create", platAuditItem("Account Management", "Add user account", "root", `{"account":"new@example.com","accountId":"a-1","role":"Investigator"}`),
			platWant{"class_uid": int64(3001), "activity_id": int64(1), "user.name": "new@example.com", "user.uid": "a-1",
				"user.groups.name": "Investigator", "actor.user.name": "root"}},
		{"deleting a user account is an Account Change Delete", platAuditItem("Account Management", "Delete user account", "root", `{"account":"old@example.com"}`),
			platWant{"class_uid": int64(3001), "activity_id": int64(6)}},
		{"resetting a password is Password Reset", platAuditItem("Account Management", "Reset password", "root", `{"account":"a@example.com"}`),
			platWant{"class_uid": int64(3001), "activity_id": int64(4)}},
		{"disabling an account is Disable", platAuditItem("Account Management", "Disable user account", "root", `{"account":"a@example.com"}`),
			platWant{"class_uid": int64(3001), "activity_id": int64(5)}},
		{"a role change is an Account Change Other", platAuditItem("Account Management", "Change role", "root", `{"account":"a@example.com"}`),
			platWant{"class_uid": int64(3001), "activity_id": int64(99), "activity_name": "Change role"}},
		{"an API key is a service account", platAuditItem("API Keys", "Delete API key", "root", `{"apiKeyName":"siem","apiKeyId":"k-1"}`),
			platWant{"class_uid": int64(3001), "activity_id": int64(6), "user.name": "siem", "user.uid": "k-1", "user.type_id": int64(4)}},
		{"an account change without the account is API Activity", platAuditItem("Account Management", "Add user account", "root", `{"hasDetail":"True"}`),
			platWant{"class_uid": int64(6003), "activity_id": int64(1)}},
		{"a custom role is API Activity", platAuditItem("Account Management", "Create Custom Role", "root", `{"roleName":"Hunter","roleId":"r-1"}`),
			platWant{"class_uid": int64(6003), "activity_id": int64(1), "resources.name": "Hunter", "resources.uid": "r-1", "resources.type": "Role"}},
		{"unregistering is an API Delete", platAuditItem("Product Connector", "Unregister product", "root", `{"product":"pdd"}`),
			platWant{"class_uid": int64(6003), "activity_id": int64(4), "api.service.name": "Product Connector", "resources.name": "pdd"}},
		{"running a query reads", platAuditItem("Search", "Run query", "root", `{"queryId":"q-1"}`),
			platWant{"class_uid": int64(6003), "activity_id": int64(2), "api.operation": "Run query"}},
		{"an update is an API Update", platAuditItem("Workbench", "Update alert status", "root", `{"alertId":"WB-1"}`),
			platWant{"class_uid": int64(6003), "activity_id": int64(3), "resources.uid": "WB-1", "resources.type": "Workbench alert"}},
		{"an unknown verb is Other", platAuditItem("Security Playbooks", "Run playbook", "root", `{}`),
			platWant{"class_uid": int64(6003), "activity_id": int64(99), "activity_name": "Run playbook"}},
		{"API access without an address names its source", platAuditItem("Search", "Run query", "siem", `{}`),
			platWant{"src_endpoint.name": "Console", "src_endpoint.ip": nil}},
		{"details not an object stay unmapped", platAuditItem("Search", "Run query", "siem", `"text"`),
			platWant{"unmapped.details": "text", "src_endpoint.name": "Console"}},
		{"a non-address ipAddr stays unmapped", platAuditItem("Logon and Logoff", "Log on", "jane", `{"ipAddr":"N/A"}`),
			platWant{"src_endpoint": nil, "unmapped.details.ipAddr": "N/A"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			platCheck(t, platformEvent(t, AuditLog, platAuditEvent, tc.item), tc.want)
		})
	}
}

func TestOCSFAuditResult(t *testing.T) {
	for _, tc := range []struct {
		result string
		id     int64
		status string
	}{
		{`"Successful"`, 1, "Success"}, {`"Unsuccessful"`, 2, "Failure"}, {`"Partial"`, 99, "Partial"}, {`7`, 0, "Unknown"},
	} {
		t.Run(tc.result, func(t *testing.T) {
			item := strings.Replace(platAuditItem("Search", "Run query", "a", ""), `"Successful"`, tc.result, 1)
			body := platformEvent(t, AuditLog, platAuditEvent, item)
			platCheck(t, body, platWant{"status_id": tc.id, "status": tc.status})
		})
	}
}

func platK8sAuditItem(message string) string {
	return `{"id":"2gRw","createdDateTime":"2024-05-14T11:41:07Z","name":"Pod.Exec","source":"kube-apiserver","priority":"High",` +
		`"resources":[{"type":"clusterID","value":"c-1"},{"type":"namespace","value":"prod"},{"type":"pod","value":"web-1"}],` +
		`"clusterId":"c-1","clusterName":"prod_cluster","detail":{"message":` + message + `}}`
}

func TestOCSFContainerAuditEvent(t *testing.T) {
	full := `"user=system:serviceaccount:ci:deployer verb=patch resource=pods/exec namespace=prod name=web-1 sourceIP=10.244.1.7 ` +
		`responseCode=403 userAgent=kubectl/v1.29.3 (linux/amd64) kubernetes/6813625 auditID=a-1 timestamp: 2024-05-14T11:41:07Z"`
	for _, tc := range []struct {
		name, message string
		want          platWant
	}{
		{"the message's pairs", full, platWant{
			"activity_id": int64(3), "api.operation": "patch", "api.request.uid": "a-1", "api.response.code": int64(403),
			"api.service.name": "kube-apiserver", "actor.user.name": "system:serviceaccount:ci:deployer", "actor.user.type_id": int64(4),
			"src_endpoint.ip": "10.244.1.7", "http_request.user_agent": "kubectl/v1.29.3 (linux/amd64) kubernetes/6813625",
			"status_id": int64(2), "status_code": "403", "metadata.event_code": "Pod.Exec",
			"resources.uid": "c-1", "resources.name": "prod_cluster", "resources.type": "Kubernetes cluster"}},
		{"create", `"user=jane verb=create responseCode=201"`, platWant{"activity_id": int64(1), "status_id": int64(1), "actor.user.type_id": int64(1)}},
		{"get reads", `"user=system:anonymous verb=get responseCode=200"`, platWant{"activity_id": int64(2), "actor.user.type_id": int64(99)}},
		{"list reads", `"user=system:kube-controller-manager verb=list"`, platWant{"activity_id": int64(2), "actor.user.type_id": int64(3), "status_id": int64(0)}},
		{"delete", `"verb=delete"`, platWant{"activity_id": int64(4), "actor.user.name": "Unknown", "src_endpoint.name": "Unknown"}},
		{"another verb is Other", `"verb=escalate"`, platWant{"activity_id": int64(99), "activity_name": "escalate"}},
		{"no pairs: the event name is the operation", `"timestamp: 2024-05-14T11:41:07Z"`, platWant{"activity_id": int64(0), "api.operation": "Pod.Exec"}},
		{"a message that is no string stays unmapped", `7`, platWant{"activity_id": int64(0), "unmapped.detail.message": int64(7)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			platCheck(t, platformEvent(t, ContainerAuditEvent, platK8sAudit, platK8sAuditItem(tc.message)), tc.want)
		})
	}
}

func TestParseK8sAudit(t *testing.T) {
	a, ok := parseK8sAudit("user=a verb=get name=x y=z userAgent=Go http client sourceIP=1.2.3.4 timestamp: user=b")
	require.True(t, ok)
	assert.Equal(t, k8sAudit{user: "a", verb: "get", name: "x y=z", userAgent: "Go http client", sourceIP: "1.2.3.4"}, a)
	_, ok = parseK8sAudit("timestamp: 2024-05-14T11:41:07Z")
	assert.False(t, ok)
}

func platSensorItem(extra string) string {
	return `{"id":"2gRw","clusterId":"c-1","clusterName":"prod","policyId":"p-1","policyName":"mitre","ruleId":"R-1",` +
		`"ruleName":"Terminal shell in container","severity":"warning","createdDateTime":"2024-05-14T11:48:41.671411Z"` + extra + `}`
}

func TestOCSFContainerSensorEvent(t *testing.T) {
	for _, tc := range []struct {
		name, event, extra string
		want               platWant
	}{
		{"the rule is the analytic, its mitre tags the tactics", platK8sSensor,
			`,"tags":["process","mitre_execution"],"mitigation":"log","eventType":"syscall","rulesets":[{"id":"rs-1","name":"ruleset1"}]`,
			platWant{"class_uid": int64(2004), "finding_info.uid": "2gRw", "finding_info.analytic.uid": "R-1", "finding_info.analytic.type_id": int64(1),
				"finding_info.analytic.related_analytics.uid": "rs-1", "finding_info.attacks.tactic.uid": "TA0002",
				"finding_info.attacks.tactic.name": "Execution", "finding_info.types": []any{"syscall"},
				"metadata.labels": []any{"process", "mitre_execution"}, "policy.uid": "p-1",
				"action_id": int64(3), "disposition_id": int64(17), "resources.type": "Kubernetes cluster"}},
		{"isolate", platK8sSensor, `,"mitigation":"isolate"`, platWant{"disposition_id": int64(4), "action_id": int64(99)}},
		{"block", platK8sSensor, `,"mitigation":"block"`, platWant{"disposition_id": int64(2), "action_id": int64(2)}},
		{"an unknown mitigation stays unmapped", platK8sSensor, `,"mitigation":"shrug"`, platWant{"disposition_id": nil, "unmapped.mitigation": "shrug"}},
		{"ECS clusters", platECSSensor, `,"serviceHostname":"ip-1"`, platWant{"resources.type": "Amazon ECS cluster", "device.hostname": "ip-1"}},
		{"the process is the evidence, in its container", platK8sSensor,
			`,"details":{"proc.pid":"1390","proc.name":"ln","proc.cmdline":"ln -s / root","proc.args":"-s / root","proc.exe":"/bin/ln",` +
				`"proc.ppid":7,"proc.pname":"sh","user.name":"root","container.id":"c1","container.image.digest":"sha256:ab",` +
				`"container.image.repository":"ubuntu","container.image.tag":"latest","evt.category":"net","fd.name":"10.96.0.1:443"}`,
			platWant{"evidences.process.pid": int64(1390), "evidences.process.file.path": "/bin/ln", "evidences.process.file.name": "ln",
				"evidences.process.parent_process.pid": int64(7), "evidences.process.user.name": "root",
				"evidences.container.uid": "c1", "evidences.container.image.uid": "sha256:ab", "evidences.container.image.name": "ubuntu",
				"evidences.dst_endpoint.ip": "10.96.0.1", "evidences.dst_endpoint.port": int64(443), "unmapped.details.proc.args": nil}},
		{"a scanned file and its malware", platK8sSensor,
			`,"details":{"file.name":"/tmp/x","file.sha256":"ab","malware.name":"Coinminer","malware.type":"coinminer","container.id":"c1"}`,
			platWant{"evidences.file.path": "/tmp/x", "evidences.file.hashes.algorithm_id": int64(3), "malware.name": "Coinminer",
				"malware.classification_ids": []any{int64(13)}, "metadata.profiles": []any{"security_control", "host"}}},
		{"an unknown malware type is Other and stays unmapped", platK8sSensor,
			`,"details":{"malware.name":"M","malware.type":"odd"}`,
			platWant{"malware.classification_ids": []any{int64(99)}, "unmapped.details.malware.type": "odd"}},
		{"<NA> is no value; a container without evidence is a resource", platECSSensor,
			`,"details":{"container.id":"c1","container.name":"host","container.image.digest":"<NA>","user.name":"<NA>"}`,
			platWant{"evidences": nil, "resources.type": "Amazon ECS cluster", "unmapped.details.container.image.digest": "<NA>"}},
		{"the pod", platK8sSensor,
			`,"kubernetesPodName":"web-1","kubernetesNamespaceName":"prod","kubernetesPodLabels":{"app":"web"},"details":{"k8s.pod.name":"web-1","k8s.pod.id":"u-1"}`,
			platWant{"unmapped.kubernetesPodName": nil, "unmapped.details": nil}},
		{"a process without its pid is no evidence", platK8sSensor, `,"details":{"proc.pid":"x","proc.name":"ln","proc.ppid":3}`,
			platWant{"evidences": nil, "unmapped.details.proc.name": "ln", "unmapped.details.proc.pid": "x", "unmapped.details.proc.ppid": int64(3)}},
		{"odd types", platK8sSensor, `,"tags":"mitre_impact","rulesets":"x","details":[1],"kubernetesPodLabels":[]`,
			platWant{"finding_info.attacks.tactic.uid": "TA0040", "unmapped.details": []any{int64(1)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			platCheck(t, platformEvent(t, ContainerSensorEvent, tc.event, platSensorItem(tc.extra)), tc.want)
		})
	}
	body := platformEvent(t, ContainerSensorEvent, platK8sSensor, platSensorItem(`,"kubernetesPodName":"web-1","kubernetesNamespaceName":"prod","kubernetesPodLabels":{"app":"web"},"details":{"k8s.pod.name":"web-1","k8s.pod.id":"u-1"}`))
	pod := body["resources"].([]any)[1].(map[string]any)
	assert.Equal(t, map[string]any{"uid": "u-1", "name": "web-1", "namespace": "prod", "type": "Kubernetes pod",
		"tags": []any{map[string]any{"name": "app", "value": "web"}}}, pod)
}

func platEvaluationItem(extra string) string {
	return `{"id":"2gRw","policyId":"p-1","policyName":"nist","policyDefinitionName":"dev","clusterId":"c-1","clusterName":"prod",` +
		`"namespace":"production","createdDateTime":"2024-05-14T11:52:30Z","kind":"Pod","requestId":"r-1"` + extra + `}`
}

func TestOCSFContainerEvaluationEvent(t *testing.T) {
	reason := `"violationReasons":[{"type":"registry","action":"block","resources":[{"object":"web-1","image":"busybox"}]}]`
	for _, tc := range []struct {
		name, extra string
		want        platWant
	}{
		{"a denial fails", `,"decision":"deny","action":"block","operation":"CREATE",` + reason,
			platWant{"class_uid": int64(2003), "compliance.status_id": int64(3), "compliance.status_code": "deny", "compliance.control": "dev",
				"compliance.checks.name": "registry", "compliance.checks.status_id": int64(3), "action_id": int64(2), "disposition_id": int64(2),
				"finding_info.title": "Kubernetes admission evaluation", "metadata.correlation_uid": "r-1", "policy.name": "nist",
				"unmapped.violationReasons.type": "registry", "unmapped.operation": "CREATE"}},
		{"a logged violation warns", `,"decision":"allow","action":"log",` + reason,
			platWant{"compliance.status_id": int64(2), "action_id": int64(3), "disposition_id": int64(17)}},
		{"a clean request passes", `,"decision":"allow","action":"allow"`,
			platWant{"compliance.status_id": int64(1), "action_id": int64(1), "compliance.checks": nil, "unmapped.kind": "Pod"}},
		{"an exception passes its check", `,"decision":"allow","action":"allow","exceptions":[{"type":"registry","resources":[{"object":"web-1"}]}]`,
			platWant{"compliance.status_id": int64(1), "compliance.checks.status_id": int64(1), "resources": []any{
				map[string]any{"uid": "c-1", "name": "prod", "type": "Kubernetes cluster"},
				map[string]any{"name": "web-1", "namespace": "production", "type": "Pod"}}}},
		{"a running workload's mitigation", `,"decision":"deny","mitigation":"isolate",` + reason,
			platWant{"disposition_id": int64(4), "finding_info.title": "Kubernetes workload evaluation"}},
		{"an unknown decision", `,"decision":5,"violationReasons":"x"`, platWant{"compliance.status_id": int64(0), "unmapped.decision": int64(5)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			platCheck(t, platformEvent(t, ContainerEvaluationEvent, platEvaluation, platEvaluationItem(tc.extra)), tc.want)
		})
	}
}

func platTaskItem(action, status, extra string) string {
	return `{"id":"00000112","status":"` + status + `","action":"` + action + `","account":"xdr-test",` +
		`"createdDateTime":"2024-05-14T11:44:27Z","lastActionDateTime":"2024-05-14T11:46:02Z"` + extra + `}`
}

func TestOCSFTask(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind *Kind
		item string
		want platWant
	}{
		{"isolating is Isolate", ResponseTask, platTaskItem("isolate", "succeeded", `,"agentGuid":"g-1","endpointName":"host-1"`),
			platWant{"class_uid": int64(7001), "activity_id": int64(1), "command_uid": "00000112", "status_id": int64(1),
				"countermeasures.d3f_technique.uid": "D3-NI", "device.uid": "g-1", "device.hostname": "host-1",
				"actor.user.name": "xdr-test", "start_time": int64(1715687067000), "end_time": int64(1715687162000),
				"metadata.profiles": []any{"host"}}},
		{"terminating a process evicts", ResponseTask, platTaskItem("terminateProcess", "failed", `,"fileSha1":"ab","error":{"code":"TaskError","number":4000202,"message":"gone"}`),
			platWant{"activity_id": int64(2), "status_id": int64(2), "status_code": "4000202", "status_detail": "gone",
				"observables.type_id": int64(8), "observables.value": "ab", "unmapped.error.code": "TaskError"}},
		{"disabling an account evicts", ResponseTask, platTaskItem("disableAccount", "rejected", `,"tasks":[{"accountName":"u@example.com","status":"rejected"}]`),
			platWant{"activity_id": int64(2), "status_id": int64(99), "status": "rejected", "observables.name": "tasks.accountName",
				"observables.type_id": int64(34), "unmapped.tasks.accountName": "u@example.com"}},
		{"restoring is Restore", ResponseTask, platTaskItem("restoreIsolate", "running", ""),
			platWant{"activity_id": int64(3), "status_id": int64(99), "end_time": nil, "metadata.modified_time": int64(1715687162000)}},
		{"blocking isolates", ResponseTask, platTaskItem("block", "queued", `,"url":"http://test.com"`),
			platWant{"activity_id": int64(1), "observables.type_id": int64(6), "observables.value": "http://test.com"}},
		{"a sandbox submission detects", ResponseTask, platTaskItem("submitSandbox", "succeeded", ""), platWant{"activity_id": int64(5)}},
		{"collecting a file is Other", ResponseTask, platTaskItem("collectFile", "succeeded", `,"filePath":"C:\\x.exe"`),
			platWant{"activity_id": int64(99), "activity_name": "collectFile", "countermeasures": nil, "observables.type_id": int64(45)}},
		{"a playbook run", PlaybookTask, `{"id":"SP-1","status":"partiallySucceeded","playbookId":"pb-1","playbookName":"Block IoCs",` +
			`"playbookDescription":"Blocks","playbookType":"threatDetection","createdDateTime":"2024-05-14T10:15:00Z",` +
			`"lastActionDateTime":"2024-05-14T10:21:33Z","executionPeriod":393}`,
			platWant{"activity_id": int64(99), "activity_name": "Run playbook", "status_id": int64(4), "actor.app_name": "Block IoCs",
				"actor.app_uid": "pb-1", "remediation.desc": "Blocks", "duration": int64(393000), "unmapped.playbookType": "threatDetection"}},
		{"a playbook's task", ResponseTask, strings.Replace(platTaskItem("isolate", "queued", ""), "xdr-test", "Security Playbooks", 1),
			platWant{"actor.app_name": "Security Playbooks", "actor.user": nil}},
		{"an update is the same command in its later state", ResponseTaskUpdate, platTaskItem("isolate", "failed", ""),
			platWant{"activity_id": int64(1), "status_id": int64(2), "metadata.uid": "00000112@2024-05-14T11:46:02Z",
				"command_uid": "00000112", "time": int64(1715687162000)}},
		{"an endpoint deletion is Other", EndpointSecurityTaskUpdate, `{"id":"e-1","status":"failed","action":"delete",` +
			`"createdDateTime":"2024-05-14T10:40:00Z","lastActionDateTime":"2024-05-14T10:47:31Z","error":{"code":"TaskError","message":"no"}}`,
			platWant{"activity_id": int64(99), "activity_name": "delete", "status_code": "TaskError", "actor": nil}},
		{"odd types", ResponseTask, `{"id":"1","status":7,"action":["isolate"],"account":null,"createdDateTime":"2024-05-14T10:40:00Z",` +
			`"lastActionDateTime":"2024-05-14T10:47:31Z","error":"x","tasks":{"a":1},"pid":"12","executionPeriod":"x"}`,
			platWant{"activity_id": int64(0), "status_id": int64(0), "unmapped.action": []any{"isolate"}, "observables.value": "12"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			platCheck(t, platformEvent(t, tc.kind, platTask, tc.item), tc.want)
		})
	}
}

// TestOCSFPlatformOddTypes replaces each field of each sample item in turn
// with values of other types: every event must still conform.
func TestOCSFPlatformOddTypes(t *testing.T) {
	for _, tc := range []struct {
		page, event string
		kind        *Kind
	}{
		{"audit_logs_page.json", platAuditEvent, AuditLog},
		{"containerSecurity_kubernetesAuditEventLogs_page.json", platK8sAudit, ContainerAuditEvent},
		{"containerSecurity_kubernetesSensorEventLogs_page.json", platK8sSensor, ContainerSensorEvent},
		{"containerSecurity_amazonEcsSensorEventLogs_page.json", platECSSensor, ContainerSensorEvent},
		{"containerSecurity_kubernetesEvaluationEventLogs_page.json", platEvaluation, ContainerEvaluationEvent},
		{"response_tasks_page.json", platTask, ResponseTask},
		{"securityPlaybooks_tasks_page.json", "trendmicro.visionone.playbook_task", PlaybookTask},
		{"endpointSecurity_tasks_page.json", "trendmicro.visionone.endpoint_security_task", EndpointSecurityTaskUpdate},
	} {
		t.Run(tc.page, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(samples, tc.page))
			require.NoError(t, err)
			var page struct{ Items []map[string]any }
			require.NoError(t, json.Unmarshal(raw, &page))
			tr, err := New(Options{Kind: tc.kind, EventName: tc.event, OCSF: true})
			require.NoError(t, err)
			odd := []any{nil, 7, "", "<NA>", []any{"x", 1}, map[string]any{"k": []any{}}}
			for _, item := range page.Items {
				for field := range item {
					for _, v := range odd {
						changed := map[string]any{}
						for k, w := range item {
							changed[k] = w
						}
						changed[field] = v
						// Nested objects get the odd value in each of their fields too.
						if sub, ok := item[field].(map[string]any); ok {
							s := map[string]any{}
							for k := range sub {
								s[k] = v
							}
							changed[field] = s
						}
						b, _ := json.Marshal(changed)
						lr := plog.NewLogRecord()
						if _, err := tr.Translate(b, observedAt, lr); err != nil {
							continue // the head refuses it: no record
						}
						assert.Empty(t, ocsf.Validate(lr.Body().Map().AsRaw()), "%s", b)
					}
				}
			}
		})
	}
}
