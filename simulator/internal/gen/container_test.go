package gen

import (
	"fmt"
	"testing"
	"time"
)

// The reference vector of the KSUID specification (segmentio/ksuid):
// timestamp 107608047, payload B5A1CD34B5F99D1154FB6853345C9735.
func TestKSUIDMatchesTheReferenceEncoding(t *testing.T) {
	got := ksuid(time.Unix(ksuidEpoch+107608047, 0), 0xB5A1CD34B5F99D11, 0x54FB6853345C9735)
	if want := "0ujtsYcgvSTl8PAuAdqWYSMnLOv"; got != want {
		t.Fatalf("ksuid %s, want %s", got, want)
	}
	if got := ksuid(time.Unix(ksuidEpoch, 0), 0, 0); got != "000000000000000000000000000" {
		t.Fatalf("zero ksuid %s", got)
	}
}

// The tenant's fixed Container Security ids have the form of real ones:
// <name>-<KSUID>.
func TestContainerPoolIDsAreNamedKSUIDs(t *testing.T) {
	var ids []string
	for _, c := range append(clusters, ecsClusters...) {
		ids = append(ids, c.id)
	}
	for _, p := range policyFor {
		ids = append(ids, p.id)
	}
	for _, r := range rulesets {
		ids = append(ids, r["id"].(string))
	}
	named := pattern(`^[A-Za-z0-9-]+-[0-9A-Za-z]{27}$`)
	for _, id := range ids {
		if !named.ok(id) {
			t.Errorf("id %q is not <name>-<KSUID>", id)
		}
	}
}

// Each container log shows every value its generator can take for the
// field that tells its variants apart.
func TestContainerEventVariantsAllOccur(t *testing.T) {
	tests := []struct {
		kind  Kind
		field func(m map[string]any) string
		want  []string
	}{
		{ContainerAuditEvents, func(m map[string]any) string { return fmt.Sprint(m["priority"]) },
			[]string{"Highest", "High", "Normal", "Low", "Lowest"}},
		{ContainerSensorEvents, func(m map[string]any) string { return fmt.Sprint(m["eventType"]) },
			[]string{"syscall", "malware", "secretScan"}},
		{ContainerSensorEvents, func(m map[string]any) string { return fmt.Sprint(m["mitigation"]) },
			[]string{"log", "isolate", "terminate"}},
		{ContainerECSSensorEvents, func(m map[string]any) string { return fmt.Sprint(m["details"].(map[string]any)["container.name"]) },
			[]string{"host", "payments-api"}},
		{ContainerEvaluationEvents, evaluationVariant,
			[]string{"admission/allow/allow", "admission/log/allow", "admission/block/deny", "continuous/log/deny",
				"continuous/isolate/deny", "continuous/terminate/deny"}},
		{ContainerEvaluationEvents, func(m map[string]any) string { return fmt.Sprint(m["operation"]) },
			[]string{"CREATE", "UPDATE", "CONNECT"}},
	}
	for _, tt := range tests {
		seen := counter{}
		for _, r := range testRecords(tt.kind, 2000) {
			seen[tt.field(Item(r, r.Time))]++
		}
		seen.requireSeen(t, tt.want...)
	}
}

// evaluationVariant names an evaluation event's variant and outcome, and
// fails on an item that mixes the variants or contradicts its decision.
func evaluationVariant(m map[string]any) string {
	action, hasAction := m["action"].(string)
	mit, hasMitigation := m["mitigation"].(string)
	_, hasOperation := m["operation"]
	decision := m["decision"].(string)
	_, violated := m["violationReasons"]
	switch {
	case hasAction && hasOperation && !hasMitigation:
		if (action == "block") != (decision == "deny") || (action == "allow") == violated {
			return "inconsistent admission " + action + "/" + decision
		}
		return "admission/" + action + "/" + decision
	case hasMitigation && !hasAction && !hasOperation && violated:
		return "continuous/" + mit + "/" + decision
	}
	return fmt.Sprintf("mixed variant %v", m)
}

// Runtime events carry the Falco-style details of the document's examples,
// agreeing with the event's own fields; ECS events name the service host
// and no Kubernetes object.
func TestSensorEventDetails(t *testing.T) {
	k8sKeys := []string{"k8s.pod.name", "k8s.ns.name", "container.id", "container.image.repository", "container.image.tag"}
	syscallKeys := []string{"evt.type", "evt.rawtime", "proc.pid", "proc.cmdline", "proc.pname"}
	for _, r := range testRecords(ContainerSensorEvents, 500) {
		m := Item(r, r.Time)
		details := m["details"].(map[string]any)
		want := k8sKeys
		switch m["eventType"] {
		case "syscall":
			want = append(want, syscallKeys...)
		case "malware":
			want = append(want, "file.name", "file.sha256", "malware.name", "malware.type")
		case "secretScan":
			want = append(want, "file.name", "secret.type")
		}
		for _, k := range want {
			if _, ok := details[k]; !ok {
				t.Fatalf("seed %d (%s): details lack %s: %v", r.Seed, m["eventType"], k, details)
			}
		}
		if details["k8s.pod.name"] != m["kubernetesPodName"] || details["k8s.ns.name"] != m["kubernetesNamespaceName"] {
			t.Fatalf("seed %d: details name another pod than the event: %v", r.Seed, m)
		}
		if raw, ok := details["evt.rawtime"].(int64); ok && !time.Unix(0, raw).Truncate(time.Microsecond).Equal(r.Time.Truncate(time.Microsecond)) {
			t.Fatalf("seed %d: evt.rawtime %d is not the event's microsecond %v", r.Seed, raw, r.Time)
		}
	}
	for _, r := range testRecords(ContainerECSSensorEvents, 500) {
		m := Item(r, r.Time)
		for _, k := range []string{"kubernetesNamespaceName", "kubernetesPodName", "kubernetesPodLabels", "nodeHostname"} {
			if _, ok := m[k]; ok {
				t.Fatalf("seed %d: an ECS event with %s", r.Seed, k)
			}
		}
		if m["serviceHostname"] == nil || m["eventType"] != "syscall" {
			t.Fatalf("seed %d: ECS event %v", r.Seed, m)
		}
		for _, k := range []string{"container.id", "ecs.task.arn", "evt.type", "proc.cmdline"} {
			if _, ok := m["details"].(map[string]any)[k].(string); !ok {
				t.Fatalf("seed %d: ECS details lack the string %s", r.Seed, k)
			}
		}
	}
}

// Audit events tell the Kubernetes request in detail.message.
func TestContainerAuditEventsTellTheRequest(t *testing.T) {
	verbs := counter{}
	for _, r := range testRecords(ContainerAuditEvents, 1000) {
		m := Item(r, r.Time)
		msg := m["detail"].(map[string]any)["message"].(string)
		var user, verb string
		if _, err := fmt.Sscanf(msg, "user=%s verb=%s", &user, &verb); err != nil || user == "" {
			t.Fatalf("seed %d: message %q", r.Seed, msg)
		}
		verbs[verb]++
		if resources := m["resources"].([]map[string]any); resources[0]["value"] != m["clusterId"] {
			t.Fatalf("seed %d: first resource %v is not the cluster", r.Seed, resources[0])
		}
	}
	verbs.requireSeen(t, "get", "list", "create", "patch", "delete")
}
