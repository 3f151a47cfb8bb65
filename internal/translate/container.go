package translate

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// Container Security event logs (docs/visionone-api.md §6.1): every item is
// keyed by id and windowed on and stamped with createdDateTime; their
// severities differ by log.
var (
	// ContainerAuditEvent is a /v3.0/containerSecurity/kubernetesAuditEventLogs
	// item: its priority is the severity.
	ContainerAuditEvent = &Kind{
		head:    containerHead(func(m pcommon.Map) (plog.SeverityNumber, string) { return mapped(m, "priority", prioritySeverity) }),
		promote: promoteContainer,
		ocsf:    ocsfContainerAuditEvent,
	}
	// ContainerSensorEvent is a kubernetesSensorEventLogs or
	// amazonEcsSensorEventLogs item (runtime rules): its syslog-style
	// severity is the severity.
	ContainerSensorEvent = &Kind{
		head:    containerHead(func(m pcommon.Map) (plog.SeverityNumber, string) { return mapped(m, "severity", syslogSeverity) }),
		promote: promoteContainer,
		ocsf:    ocsfContainerSensorEvent,
	}
	// ContainerEvaluationEvent is a kubernetesEvaluationEventLogs item (an
	// admission decision): a denial is a warning.
	ContainerEvaluationEvent = &Kind{
		head:    containerHead(func(m pcommon.Map) (plog.SeverityNumber, string) { return mapped(m, "decision", decisionSeverity) }),
		promote: promoteContainer,
		ocsf:    ocsfContainerEvaluationEvent,
	}
)

// prioritySeverity maps the audit events' priority.
var prioritySeverity = map[string]plog.SeverityNumber{
	"highest": plog.SeverityNumberFatal, "high": plog.SeverityNumberError, "normal": plog.SeverityNumberWarn,
	"low": plog.SeverityNumberInfo2, "lowest": plog.SeverityNumberInfo,
}

// syslogSeverity maps the runtime events' syslog levels (RFC 5424).
var syslogSeverity = map[string]plog.SeverityNumber{
	"emergency": plog.SeverityNumberFatal4, "alert": plog.SeverityNumberFatal3, "critical": plog.SeverityNumberFatal,
	"error": plog.SeverityNumberError, "warning": plog.SeverityNumberWarn, "notice": plog.SeverityNumberInfo2,
	"informational": plog.SeverityNumberInfo, "debug": plog.SeverityNumberDebug,
}

var decisionSeverity = map[string]plog.SeverityNumber{"deny": plog.SeverityNumberWarn, "allow": plog.SeverityNumberInfo}

// mapped maps m[name] through levels, ignoring case; an unknown value
// stays unspecified with its text.
func mapped(m pcommon.Map, name string, levels map[string]plog.SeverityNumber) (plog.SeverityNumber, string) {
	s, ok := str(m, name)
	if !ok {
		return plog.SeverityNumberUnspecified, ""
	}
	return levels[strings.ToLower(s)], s
}

func containerHead(severity func(pcommon.Map) (plog.SeverityNumber, string)) func(*item) (head, error) {
	return func(it *item) (head, error) {
		h, err := createdHead(it)
		if err != nil {
			return head{}, err
		}
		h.severity, h.sevText = severity(it.body)
		return h, nil
	}
}

// promoteContainer promotes what pipelines route container events on: the
// cluster, namespace, pod and node (Kubernetes semantic conventions), the
// container and its image, the ECS service host, and the rule, policy and
// outcome.
func promoteContainer(body, attrs pcommon.Map, _ Options) {
	putStr(attrs, string(semconv.K8SClusterUIDKey), body, "clusterId")
	putStr(attrs, string(semconv.K8SClusterNameKey), body, "clusterName")
	putStr(attrs, string(semconv.K8SNamespaceNameKey), body, "kubernetesNamespaceName")
	putStr(attrs, string(semconv.K8SNamespaceNameKey), body, "namespace")
	putStr(attrs, string(semconv.K8SPodNameKey), body, "kubernetesPodName")
	putStr(attrs, string(semconv.K8SNodeNameKey), body, "nodeHostname")
	putStr(attrs, attrHostName, body, "serviceHostname")
	putStr(attrs, attrContainerRule, body, "ruleName")
	putStr(attrs, attrContainerEventType, body, "eventType")
	putStr(attrs, attrContainerMitigation, body, "mitigation")
	putStr(attrs, attrContainerPolicy, body, "policyName")
	putStr(attrs, attrContainerDecision, body, "decision")
	putStr(attrs, attrContainerSource, body, "source")
	// A runtime rule is the rule that matched (semconv security_rule.*).
	putStr(attrs, attrRuleName, body, "ruleName")
	putStr(attrs, attrRuleUUID, body, "ruleId")
	if details, ok := mapField(body, "details"); ok {
		promoteRuntimeDetails(details, attrs)
		promoteRuntimeProcess(details, attrs)
	}
}

// promoteRuntimeDetails promotes the container, image and pod a runtime
// event's details name, with Falco-style keys (docs/visionone-api.md §6.1).
// A top-level field of the event, promoted before, wins.
func promoteRuntimeDetails(details, attrs pcommon.Map) {
	for _, f := range []struct{ to, from string }{
		{string(semconv.ContainerIDKey), "container.id"},
		{string(semconv.ContainerImageNameKey), "container.image.repository"},
		{string(semconv.K8SPodUIDKey), "k8s.pod.id"},
		{string(semconv.K8SPodNameKey), "k8s.pod.name"},
		{string(semconv.K8SNamespaceNameKey), "k8s.ns.name"},
	} {
		if _, set := attrs.Get(f.to); !set {
			putStr(attrs, f.to, details, f.from)
		}
	}
	if tag, ok := str(details, "container.image.tag"); ok {
		attrs.PutEmptySlice(string(semconv.ContainerImageTagsKey)).AppendEmpty().SetStr(tag)
	}
}
