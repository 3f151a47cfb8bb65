package gen

import "strings"

// The item shapes of the Container Security event logs and the account
// compromise indicators, from the item schemas of Trend's OpenAPI document
// for v3.0 (§6.1, §6.6); shapeOf (schema_test.go) names them.

const uuidPattern = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`

var (
	ksuidValue = pattern(`^[0-9A-Za-z]{27}$`)
	isoMicro   = layout("2006-01-02T15:04:05.000000Z")
	mitigation = enum("log", "isolate", "terminate")
	syslogSev  = enum("emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug")
	rulesetsOf = arrayOf(shaped(fields{"id": str, "name": str}, nil))
	stringMap  = check{"object of strings", func(v any) bool {
		m, ok := v.(map[string]any)
		for _, x := range m {
			if _, isStr := x.(string); !isStr {
				return false
			}
		}
		return ok
	}}

	containerAuditRequired = fields{"id": ksuidValue, "createdDateTime": isoSec, "source": str}
	containerAuditOptional = fields{
		"name": str, "resources": arrayOf(shaped(fields{"type": str, "value": str}, nil)),
		"priority": enum("Highest", "High", "Normal", "Low", "Lowest"), "detail": shaped(fields{"message": str}, nil),
		"clusterId": str, "clusterName": str,
	}

	sensorRequired = fields{
		"id": ksuidValue, "eventType": enum("syscall", "malware", "secretScan"), "ruleId": str, "ruleName": str,
		"clusterId": str, "clusterName": str, "createdDateTime": isoMicro, "mitigation": mitigation,
	}
	sensorOptional = fields{
		"policyId": str, "policyName": str, "rulesets": rulesetsOf, "severity": syslogSev, "tags": strs, "details": object,
	}
	k8sSensorOptional = merge(sensorOptional, fields{
		"kubernetesNamespaceName": str, "kubernetesPodName": str, "kubernetesPodLabels": stringMap, "nodeHostname": str,
	})
	ecsSensorRequired = merge(sensorRequired, fields{"eventType": enum("syscall")})
	ecsSensorOptional = merge(sensorOptional, fields{"serviceHostname": str, "details": stringMap})

	evaluationRequired = fields{
		"id": ksuidValue, "policyId": str, "policyName": str, "policyDefinitionName": str, "clusterId": str,
		"clusterName": str, "createdDateTime": isoSec, "decision": enum("allow", "deny"),
		"kind": enum("Pod", "EphemeralContainers", "ReplicaSet", "ReplicationController", "Deployment", "StatefulSet",
			"DaemonSet", "Job", "CronJob"),
		"namespace": str, "requestId": uuidValue,
	}
	admissionEvaluationRequired = merge(evaluationRequired, fields{
		"action": enum("allow", "block", "log"), "operation": enum("CREATE", "UPDATE", "CONNECT"),
	})
	continuousEvaluationRequired = merge(evaluationRequired, fields{"mitigation": mitigation})
	reasonShape                  = shaped(fields{
		"type": str, "ruleProperties": array, "action": enum("block", "log", "allow", "terminate", "isolate"),
		"resources": arrayOf(shaped(fields{"object": str}, fields{"image": str, "container": str, "command": str, "findings": object})),
	}, nil)
	evaluationOptional = fields{"violationReasons": arrayOf(reasonShape), "exceptions": arrayOf(reasonShape)}

	compromiseRequired = fields{
		"id": uuidValue, "account": str,
		"riskEvent": shaped(fields{
			"name": str, "eventId": uuidValue, "riskLevel": enum("low", "medium", "high"), "detail": object,
			"remediations": strs, "suggestedActions": strs,
		}, nil),
		"dataSourceOrProcessor": enum(dataSources...),
		"detectedDateTime":      isoSec,
	}
)

// dataSources is the document's dataSourceOrProcessor enum.
var dataSources = []string{
	"Active Directory (on-premises)", "Dark Web", "Email Sensor", "Endpoint Sensor", "Microsoft Entra ID", "Okta",
	"Phishing Insight", "Risk Analytics Service", "Trend Micro Cloud App Security", "Trend Micro Email Security",
}

// isContainerEvents reports whether kind is one of the Container Security
// event logs.
func isContainerEvents(kind Kind) bool { return strings.HasPrefix(string(kind), "containerSecurity/") }
