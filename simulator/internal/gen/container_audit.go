package gen

import (
	"fmt"
	"strings"
)

// /containerSecurity/kubernetesAuditEventLogs items (§6.1): what Container
// Security saw in a cluster's Kubernetes audit log. The item schema declares
// id, createdDateTime (whole seconds), name, source, resources, priority,
// detail.message and the cluster; the request itself (user, verb, resource,
// object, response code) is told in detail.message, whose content the
// document leaves to the originating service.

// k8sAuditEvent is one kind of audit event.
type k8sAuditEvent struct {
	name     string // the event's name, like the document's Resource.NotFound
	source   string // the service the request was made to
	priority string // Highest, High, Normal, Low, Lowest
	verb     string
	resource string // resource[/subresource] of the request
	status   int    // response code
	actor    k8sActor
	// object names the object of the request in workload w ("" for a
	// collection).
	object func(d *draw, w k8sWorkload) string
	// clusterWide: the request is not namespaced.
	clusterWide bool
}

// k8sActor is the kind of user behind a request.
type k8sActor int

const (
	actorPerson     k8sActor = iota // an engineer signed in through OIDC
	actorCI                         // the CI pipeline's service account
	actorController                 // an in-cluster controller or Container Security's own components
	actorAnonymous                  // system:anonymous
)

// k8sWorkload is a workload of the search container pool.
type k8sWorkload = struct{ namespace, app, image string }

var k8sAuditEvents = []weighted[*k8sAuditEvent]{
	{15, &k8sAuditEvent{"Resource.NotFound", "scout", "Low", "get", "pods", 404, actorController, podName, false}},
	{15, &k8sAuditEvent{"Secret.Read", "kube-apiserver", "Normal", "get", "secrets", 200, actorPerson, secretName, false}},
	{5, &k8sAuditEvent{"Secret.List", "kube-apiserver", "High", "list", "secrets", 200, actorPerson, nil, true}},
	{10, &k8sAuditEvent{"ConfigMap.Update", "kube-apiserver", "Low", "patch", "configmaps", 200, actorCI, configMapName, false}},
	{15, &k8sAuditEvent{"Deployment.Create", "kube-apiserver", "Lowest", "create", "deployments", 201, actorCI, appName, false}},
	{6, &k8sAuditEvent{"Deployment.Delete", "kube-apiserver", "Normal", "delete", "deployments", 200, actorPerson, appName, false}},
	{8, &k8sAuditEvent{"Pod.Exec", "kube-apiserver", "High", "create", "pods/exec", 101, actorPerson, podName, false}},
	{4, &k8sAuditEvent{"Pod.PortForward", "kube-apiserver", "Normal", "create", "pods/portforward", 101, actorPerson, podName, false}},
	{4, &k8sAuditEvent{"RoleBinding.Create", "kube-apiserver", "High", "create", "rolebindings", 201, actorPerson, roleBindingName, false}},
	{2, &k8sAuditEvent{"ClusterRoleBinding.Create", "kube-apiserver", "Highest", "create", "clusterrolebindings", 201, actorPerson,
		func(d *draw, w k8sWorkload) string { return w.app + "-cluster-admin" }, true}},
	{6, &k8sAuditEvent{"ServiceAccount.Token.Create", "kube-apiserver", "Low", "create", "serviceaccounts/token", 201, actorController, appName, false}},
	{2, &k8sAuditEvent{"Namespace.Delete", "kube-apiserver", "High", "delete", "namespaces", 200, actorPerson,
		func(d *draw, w k8sWorkload) string { return w.namespace }, true}},
	{2, &k8sAuditEvent{"Request.Anonymous", "kube-apiserver", "Highest", "list", "pods", 403, actorAnonymous, nil, true}},
	{6, &k8sAuditEvent{"Pod.List", "oversight-controller", "Lowest", "list", "pods", 200, actorController, nil, false}},
}

var (
	ciServiceAccounts = []string{"system:serviceaccount:ci:argocd-application-controller", "system:serviceaccount:ci:gitlab-runner"}
	controllerUsers   = []string{
		"system:serviceaccount:trendmicro-system:trendmicro-scout",
		"system:serviceaccount:trendmicro-system:trendmicro-oversight-controller",
		"system:kube-controller-manager",
	}
	kubectlAgents = []string{"kubectl/v1.29.3 (linux/amd64) kubernetes/6813625", "kubectl/v1.28.8 (darwin/arm64) kubernetes/fc11ff3", "Lens/2024.4.230844"}
)

func podName(d *draw, w k8sWorkload) string {
	return w.app + "-" + d.hex(10)[:9] + "-" + d.hex(6)[:5]
}
func secretName(d *draw, w k8sWorkload) string {
	return w.app + pick(d, []string{"-db-credentials", "-tls", "-api-token"})
}
func configMapName(_ *draw, w k8sWorkload) string { return w.app + "-config" }
func appName(_ *draw, w k8sWorkload) string       { return w.app }
func roleBindingName(d *draw, w k8sWorkload) string {
	return w.app + pick(d, []string{"-edit", "-view", "-admin"})
}

func containerAuditItem(r Record) map[string]any {
	d := newDraw(r, streamItem)
	ev := pickWeighted(d, k8sAuditEvents)
	cl := pick(d, clusters)
	w := pick(d, workloads)

	user, agent, sourceIP := "", pick(d, kubectlAgents), pick(d, hosts).ips[0]
	switch ev.actor {
	case actorPerson:
		user = pick(d, people).upn
	case actorCI:
		user, agent = pick(d, ciServiceAccounts), "argocd/v2.10.6"
	case actorController:
		user, agent = pick(d, controllerUsers), "Go-http-client/2.0"
		sourceIP = fmt.Sprintf("10.244.%d.%d", d.IntN(8), 2+d.IntN(250)) // a pod address
	case actorAnonymous:
		user, agent, sourceIP = "system:anonymous", "python-requests/2.31.0", pick(d, externalIPs)
	}
	object := ""
	if ev.object != nil {
		object = ev.object(d, w)
	}

	resources := []map[string]any{{"type": "clusterID", "value": cl.id}}
	msg := []string{"user=" + user, "verb=" + ev.verb, "resource=" + ev.resource}
	if !ev.clusterWide {
		resources = append(resources, map[string]any{"type": "namespace", "value": w.namespace})
		msg = append(msg, "namespace="+w.namespace)
	}
	if object != "" {
		kind, _, _ := strings.Cut(ev.resource, "/")
		resources = append(resources, map[string]any{"type": strings.TrimSuffix(kind, "s"), "value": object})
		msg = append(msg, "name="+object)
	}
	msg = append(msg, "sourceIP="+sourceIP, fmt.Sprintf("responseCode=%d", ev.status), "userAgent="+agent,
		"auditID="+d.uuid(), "timestamp: "+isoSeconds(r.Time))

	return map[string]any{
		"id":              containerEventID(r),
		"createdDateTime": isoSeconds(r.Time),
		"name":            ev.name,
		"source":          ev.source,
		"resources":       resources,
		"priority":        ev.priority,
		"detail":          map[string]any{"message": strings.Join(msg, " ")},
		"clusterId":       cl.id,
		"clusterName":     cl.name,
	}
}
