package gen

import (
	"slices"
	"strings"
)

// /containerSecurity/kubernetesEvaluationEventLogs items (§6.1): a policy's
// verdict on a Kubernetes workload. The document's item is a oneOf of two
// variants of one evaluation event: an admission evaluation (the admission
// controller's decision on a request, with `action` and `operation`) and a
// continuous one (a running workload re-evaluated, with `mitigation`).
// Times are whole seconds, as the document's examples show.

// violationRule is one kind of policy rule a workload can break.
type violationRule struct {
	reasonType string // the Reason's type, as the document enumerates
	// properties are the rule's ruleProperties, in one of the document's
	// RuleProperty shapes.
	properties func(d *draw, w k8sWorkload) []any
	// findings are the image scan's counts for the violating resource
	// (nil: none shown).
	findings func(d *draw) map[string]any
	// applies tells whether the rule can flag the workload (a tag rule
	// needs a tag, a registry rule a public image).
	applies func(w k8sWorkload) bool
	// connect rules judge `kubectl exec` and port-forward requests: an
	// admission evaluation of operation CONNECT on a Pod.
	connect bool
	// command is the connect request's command.
	command string
}

// The RuleProperty shapes of the document.
func keyValue(key, value string) map[string]any { return map[string]any{"key": key, "value": value} }
func expression(key, value string) map[string]any {
	return map[string]any{"properties": []any{keyValue(key, value)}}
}

var violationRules = []weighted[*violationRule]{
	{20, &violationRule{reasonType: "containerSecurityContext", properties: func(d *draw, _ k8sWorkload) []any {
		return []any{pick(d, []map[string]any{
			keyValue("privileged", "true"), keyValue("runAsNonRoot", "false"),
			keyValue("allowPrivilegeEscalation", "true"), keyValue("readOnlyRootFilesystem", "false"),
		})}
	}}},
	{8, &violationRule{reasonType: "podSecurityContext", properties: func(d *draw, _ k8sWorkload) []any {
		return []any{keyValue(pick(d, []string{"hostNetwork", "hostPID", "hostIPC"}), "true")}
	}}},
	{10, &violationRule{reasonType: "registry",
		properties: func(*draw, k8sWorkload) []any { return []any{expression("not-equals", "registry.contoso.com")} },
		applies:    publicImage}},
	{6, &violationRule{reasonType: "tag",
		properties: func(*draw, k8sWorkload) []any { return []any{expression("equals", "latest")} },
		applies:    func(w k8sWorkload) bool { _, tag := splitImage(w.image); return tag == "latest" }}},
	{14, &violationRule{reasonType: "vulnerabilities",
		properties: func(d *draw, _ k8sWorkload) []any {
			return []any{expression("max-severity", pick(d, []string{"high", "medium", "critical"}))}
		}, findings: severityCounts}},
	{6, &violationRule{reasonType: "cvssAttackVector",
		properties: func(*draw, k8sWorkload) []any { return []any{keyValue("cvss-attack-vector", "network")} },
		findings:   severityCounts}},
	{3, &violationRule{reasonType: "cvssAttackComplexity",
		properties: func(*draw, k8sWorkload) []any { return []any{keyValue("cvss-attack-complexity", "low")} },
		findings:   severityCounts}},
	{3, &violationRule{reasonType: "cvssAvailability",
		properties: func(*draw, k8sWorkload) []any { return []any{keyValue("cvss-availability", "high")} },
		findings:   severityCounts}},
	{4, &violationRule{reasonType: "checklistProfile",
		properties: func(d *draw, _ k8sWorkload) []any {
			return []any{keyValue("checklist-profile", pick(d, []string{"pci-dss", "nist800190", "hipaa"}))}
		}, findings: severityCounts}},
	{4, &violationRule{reasonType: "malware",
		properties: func(*draw, k8sWorkload) []any { return []any{expression("count", "0")} },
		findings:   func(d *draw) map[string]any { return map[string]any{"malwareCount": d.between(1, 3)} }}},
	{4, &violationRule{reasonType: "secrets",
		properties: func(*draw, k8sWorkload) []any { return []any{expression("count", "0")} }}},
	{6, &violationRule{reasonType: "unscannedImage",
		properties: func(*draw, k8sWorkload) []any { return []any{keyValue("days", "30")} }}},
	{5, &violationRule{reasonType: "capabilities",
		properties: func(d *draw, _ k8sWorkload) []any {
			return []any{keyValue("capabilities-rule", pick(d, []string{"baseline", "restricted", "restrict-nondefaults"}))}
		}}},
	{5, &violationRule{reasonType: "podexec", connect: true, command: "/bin/bash",
		properties: func(*draw, k8sWorkload) []any { return []any{} }}},
	{2, &violationRule{reasonType: "portforward", connect: true, command: "port-forward 5432",
		properties: func(*draw, k8sWorkload) []any { return []any{} }}},
}

// publicImage: the image is not from the tenant's own registries.
func publicImage(w k8sWorkload) bool {
	repo, _ := splitImage(w.image)
	return !strings.HasPrefix(repo, "registry.contoso.com/") && !strings.HasPrefix(repo, "registry.k8s.io/")
}

// severityCounts are an image scan's unresolved findings by severity.
func severityCounts(d *draw) map[string]any {
	return map[string]any{
		"defcon1SeverityCount":    0,
		"criticalSeverityCount":   d.between(0, 3),
		"highSeverityCount":       d.between(1, 12),
		"mediumSeverityCount":     d.between(0, 40),
		"lowSeverityCount":        d.between(0, 60),
		"negligibleSeverityCount": d.between(0, 20),
		"unknownSeverityCount":    d.between(0, 4),
	}
}

// workloadKinds are the kinds a workload is admitted as; a connect
// request is always on a Pod.
var workloadKinds = []weighted[string]{
	{30, "Deployment"}, {25, "Pod"}, {15, "ReplicaSet"}, {8, "StatefulSet"}, {6, "DaemonSet"},
	{6, "Job"}, {5, "CronJob"}, {3, "EphemeralContainers"}, {2, "ReplicationController"},
}

// objectName is the name of a workload's object of kind.
func objectName(d *draw, w k8sWorkload, kind string) string {
	switch kind {
	case "Pod", "EphemeralContainers":
		return podName(d, w)
	case "ReplicaSet", "ReplicationController":
		return w.app + "-" + d.hex(10)[:9]
	case "Job":
		return w.app + "-" + d.digits(8)
	case "CronJob":
		return w.app + "-nightly"
	}
	return w.app
}

func containerEvaluationItem(r Record) map[string]any {
	d := newDraw(r, streamItem)
	cl := pick(d, clusters)
	w := pick(d, workloads)
	policy := policyFor[cl.id]
	continuous := d.chance(0.3)

	var violated []*violationRule
	if continuous || d.chance(0.6) {
		for range d.between(1, 2) {
			v := pickWeighted(d, violationRules)
			if (v.applies == nil || v.applies(w)) && !(continuous && v.connect) && !slices.Contains(violated, v) {
				violated = append(violated, v)
			}
		}
	}
	if continuous && len(violated) == 0 { // a running workload is re-evaluated when it breaks the policy
		violated = append(violated, violationRules[0].v)
	}
	connect := len(violated) > 0 && violated[0].connect
	if connect {
		violated = violated[:1] // a connect request breaks its own rule only
	}
	kind := pickWeighted(d, workloadKinds)
	if connect {
		kind = "Pod"
	}
	object := objectName(d, w, kind)

	item := map[string]any{
		"id":                   containerEventID(r),
		"policyId":             policy.id,
		"policyName":           policy.name,
		"policyDefinitionName": pick(d, policy.definitions),
		"clusterId":            cl.id,
		"clusterName":          cl.name,
		"createdDateTime":      isoSeconds(r.Time),
		"kind":                 kind,
		"namespace":            w.namespace,
		"requestId":            d.uuid(),
	}
	// The outcome of each variant: an admission request is allowed, logged
	// or blocked; a running workload that breaks the policy is logged,
	// isolated or terminated.
	action := "allow"
	switch {
	case continuous:
		action = pickWeighted(d, []weighted[string]{{70, "log"}, {20, "isolate"}, {10, "terminate"}})
		item["mitigation"], item["decision"] = action, "deny"
	case len(violated) == 0:
		item["action"], item["decision"] = "allow", "allow"
	default:
		action = pickWeighted(d, []weighted[string]{{55, "log"}, {45, "block"}})
		item["action"], item["decision"] = action, map[string]string{"log": "allow", "block": "deny"}[action]
	}
	if !continuous {
		item["operation"] = pickWeighted(d, []weighted[string]{{70, "CREATE"}, {30, "UPDATE"}})
		if connect {
			item["operation"] = "CONNECT"
		}
	}

	if len(violated) > 0 {
		reasons := make([]map[string]any, len(violated))
		for i, v := range violated {
			reasons[i] = violationReason(d, v, w, object, action)
		}
		item["violationReasons"] = reasons
	} else if !continuous && d.chance(0.15) && publicImage(w) {
		// Allowed by an exception of the policy (exceptions always allow).
		item["exceptions"] = []map[string]any{{
			"type":           "registry",
			"ruleProperties": []any{expression("starts-with", "docker.io/library/")},
			"action":         "allow",
			"resources":      []map[string]any{{"object": object, "image": w.image, "container": w.app}},
		}}
	}
	return item
}

// violationReason is one Reason of an evaluation: the rule, its
// properties, what was done and the resource that broke it.
func violationReason(d *draw, v *violationRule, w k8sWorkload, object, action string) map[string]any {
	resource := map[string]any{"object": object, "container": w.app, "image": w.image}
	if v.connect {
		resource["command"] = v.command
	}
	if v.findings != nil {
		resource["findings"] = v.findings(d)
	}
	return map[string]any{
		"type":           v.reasonType,
		"ruleProperties": v.properties(d, w),
		"action":         action,
		"resources":      []map[string]any{resource},
	}
}
