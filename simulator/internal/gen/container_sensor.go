package gen

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// /containerSecurity/kubernetesSensorEventLogs and amazonEcsSensorEventLogs
// items (§6.1): a runtime rule (container_rules.go) fired in a container.
// createdDateTime carries microseconds, as the document's examples do;
// details holds the Falco-style fields of the document's examples: the
// Kubernetes pod (k8s.*) or ECS task (ecs.*), the container and its image
// (container.*), the event (evt.*), the process (proc.*) and the file or
// connection (fd.*), or for a scan the file and what was found in it.
// Kubernetes details keep the numbers of the Kubernetes example; ECS details
// are all strings, as in the ECS example.

func containerSensorItem(r Record) map[string]any {
	d := newDraw(r, streamItem)
	rule := pickWeighted(d, runtimeRules)
	cl := pick(d, clusters)
	w := pick(d, workloads)
	node := hostFor(d, "linux")
	hash, suffix := d.hex(10)[:9], d.hex(6)[:5]
	pod := w.app + "-" + hash + "-" + suffix
	repo, tag := splitImage(w.image)
	policy := policyFor[cl.id]

	details := map[string]any{
		"k8s.pod.name":               pod,
		"k8s.pod.id":                 d.uuid(),
		"k8s.ns.name":                w.namespace,
		"k8s.pod.labels":             "app:" + w.app,
		"container.id":               d.hex(12),
		"container.name":             w.app,
		"container.image.repository": repo,
		"container.image.tag":        tag,
		"container.image.digest":     "sha256:" + d.hex(64),
	}
	addFindings(d, rule, r.Time, details)

	item := runtimeEvent(d, r, cl, policy, rule, details)
	item["kubernetesNamespaceName"] = w.namespace
	item["kubernetesPodName"] = pod
	item["nodeHostname"] = node.name
	if d.chance(0.9) {
		item["kubernetesPodLabels"] = map[string]any{"app": w.app, "pod-template-hash": hash}
	}
	if d.chance(0.9) {
		item["rulesets"] = []map[string]any{pick(d, rulesets)}
	}
	return item
}

// ECS pools: the tenant's ECS clusters, the services they run, and the
// container instances (the AWS-hosted Linux servers of the fleet).
var (
	ecsClusters = []struct{ id, name string }{
		{"payments-ecs-2HJf0k1xX6Qw9ZJmV3aP7nTqL5b", "payments-ecs"},
		{"batch-ecs-2HJf1RrU3bKc8sYdN0aE4vWgM7p", "batch-ecs"},
	}
	ecsServices = []struct{ family, image string }{
		{"payments-api", "985266316733.dkr.ecr.us-east-1.amazonaws.com/payments-api:2.14.1"},
		{"checkout-worker", "985266316733.dkr.ecr.us-east-1.amazonaws.com/checkout-worker:1.8.0"},
		{"report-batch", "python:3.11-slim"},
	}
	ecsInstances = func() []*host {
		var out []*host
		for _, h := range hostsOf["linux"] {
			if strings.HasPrefix(h.name, "ip-") {
				out = append(out, h)
			}
		}
		if len(out) == 0 {
			out = hostsOf["linux"]
		}
		return out
	}()
)

// ecsUnknown is what an ECS detail holds when the event is not in a task
// (the document's ECS example, of a process on the host).
const ecsUnknown = "<NA>"

func containerECSSensorItem(r Record) map[string]any {
	d := newDraw(r, streamItem)
	rule := pickWeighted(d, ecsRuntimeRules)
	cl := pick(d, ecsClusters)
	svc := pick(d, ecsServices)
	instance := pick(d, ecsInstances)
	repo, tag := splitImage(svc.image)
	taskID := d.hex(32)
	revision := strconv.Itoa(d.between(3, 40))

	details := map[string]any{
		"container.id":               taskID + "-" + d.digits(10),
		"container.name":             svc.family,
		"container.image.repository": repo,
		"container.image.tag":        tag,
		"container.image.digest":     "sha256:" + d.hex(64),
		"ecs.cluster.name":           cl.name,
		"ecs.task.arn":               "arn:aws:ecs:us-east-1:985266316733:task/" + cl.name + "/" + taskID,
		"ecs.task.definition":        svc.family + ":" + revision,
		"ecs.taskdef.family":         svc.family,
		"ecs.taskdef.version":        revision,
	}
	if d.chance(0.1) { // a process on the container instance itself
		details["container.name"] = "host"
		for _, k := range []string{"container.image.repository", "container.image.tag", "container.image.digest",
			"ecs.cluster.name", "ecs.task.arn", "ecs.task.definition", "ecs.taskdef.family", "ecs.taskdef.version"} {
			details[k] = ecsUnknown
		}
	}
	addFindings(d, rule, r.Time, details)
	if raw, ok := details["evt.rawtime"].(int64); ok { // a syscall event
		details["evt.time"] = time.Unix(0, raw).UTC().Format("15:04:05.000000000")
		details["proc.exeline"] = details["proc.cmdline"]
		details["user.loginuid"] = "-1"
	}
	for k, v := range details {
		if _, ok := v.(string); !ok {
			details[k] = fmt.Sprint(v)
		}
	}

	policy := policyFor[clusters[1].id] // ECS clusters run the default policy
	item := runtimeEvent(d, r, cl, policy, rule, details)
	item["serviceHostname"] = instance.name
	if d.chance(0.9) {
		item["rulesets"] = []map[string]any{pick(d, rulesets)}
	}
	return item
}

// addFindings adds to details what the rule saw: the Falco event and
// process of a syscall rule, the file and malware of a malware scan, the
// file and secret of a secret scan.
// runtimeEvent is what a Kubernetes and an ECS runtime event have alike:
// the cluster, the policy and the rule that matched.
func runtimeEvent(d *draw, r Record, cl struct{ id, name string }, policy *containerPolicy, rule *runtimeRule,
	details map[string]any,
) map[string]any {
	return map[string]any{
		"id":              containerEventID(r),
		"clusterId":       cl.id,
		"clusterName":     cl.name,
		"policyId":        policy.id,
		"policyName":      policy.name,
		"mitigation":      mitigationFor(d, rule.severity),
		"eventType":       rule.eventType,
		"ruleId":          rule.id,
		"ruleName":        rule.name,
		"severity":        rule.severity,
		"createdDateTime": isoMicros(r.Time),
		"tags":            rule.tags,
		"details":         details,
	}
}

func addFindings(d *draw, rule *runtimeRule, t time.Time, details map[string]any) {
	switch rule.eventType {
	case "malware":
		m := pick(d, runtimeMalware)
		details["file.name"] = m.file
		details["file.type"] = m.fileType
		details["file.sha256"] = d.hex(64)
		details["malware.name"] = m.name
		details["malware.type"] = m.malwareType
		return
	case "secretScan":
		s := pick(d, runtimeSecrets)
		details["file.name"] = s.file
		details["secret.type"] = s.secretType
		details["secret.line"] = d.between(1, 120)
		return
	}
	pid := d.between(100, 40000)
	pname, _, _ := strings.Cut(rule.parent, " ")
	cmdline := strings.TrimSpace(rule.exe + " " + rule.args)
	details["evt.num"] = d.between(10_000, 9_000_000)
	// The raw time is the event's instant in nanoseconds: within the
	// microsecond createdDateTime shows.
	details["evt.rawtime"] = t.UnixNano() + int64(d.IntN(1000))
	details["evt.type"] = rule.evtType
	details["evt.category"] = rule.evtCategory
	details["proc.pid"] = pid
	details["proc.ppid"] = pid - d.between(1, 90)
	details["proc.exe"] = rule.exe
	details["proc.name"] = rule.exe
	details["proc.args"] = rule.args
	details["proc.cmdline"] = cmdline
	details["proc.pname"] = pname
	details["proc.pcmdline"] = rule.parent
	details["user.name"] = pick(d, containerUsers)
	if rule.fd != "" {
		details["fd.num"] = d.between(3, 255)
		details["fd.name"] = rule.fd
	}
}
