package translate

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// The kinds of the container, case, task and account-compromise feeds:
// key, cursor, version, severity and promoted attributes.
func TestContainerCaseTaskAndRiskKinds(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	tests := []struct {
		name        string
		kind        *Kind
		item        string
		wantKey     string
		wantCursor  time.Time
		wantVersion string
		wantSev     plog.SeverityNumber
		wantAttrs   map[string]any
	}{
		{
			name: "kubernetes audit event", kind: ContainerAuditEvent,
			item:    `{"id":"a1","createdDateTime":"2024-05-14T08:00:00Z","source":"k8s-audit","priority":"High","clusterId":"c1","clusterName":"prod"}`,
			wantKey: "a1", wantCursor: at("2024-05-14T08:00:00Z"), wantSev: plog.SeverityNumberError,
			wantAttrs: map[string]any{"k8s.cluster.uid": "c1", "k8s.cluster.name": "prod", "trendmicro.visionone.container.source": "k8s-audit"},
		},
		{
			name: "kubernetes sensor event", kind: ContainerSensorEvent,
			item: `{"id":"s1","createdDateTime":"2024-05-14T08:00:01Z","severity":"critical","clusterId":"c1","clusterName":"prod",` +
				`"kubernetesNamespaceName":"payments","kubernetesPodName":"api-7d9","nodeHostname":"node-3","ruleName":"Terminal shell in container",` +
				`"eventType":"syscall","mitigation":"log","ruleId":"TM-00000001",` +
				`"details":{"container.id":"4102001853b8","container.image.repository":"ubuntu","container.image.tag":"22.04",` +
				`"k8s.pod.id":"fc550ed4","k8s.pod.name":"ignored","k8s.ns.name":"ignored"}}`,
			wantKey: "s1", wantCursor: at("2024-05-14T08:00:01Z"), wantSev: plog.SeverityNumberFatal,
			wantAttrs: map[string]any{
				"k8s.namespace.name": "payments", "k8s.pod.name": "api-7d9", "k8s.node.name": "node-3",
				"container.id": "4102001853b8", "container.image.name": "ubuntu", "container.image.tags": []any{"22.04"},
				"k8s.pod.uid":                         "fc550ed4",
				"trendmicro.visionone.container.rule": "Terminal shell in container", "trendmicro.visionone.container.event_type": "syscall",
				"trendmicro.visionone.container.mitigation": "log",
			},
		},
		{
			name: "amazon ecs sensor event", kind: ContainerSensorEvent,
			item:    `{"id":"e1","createdDateTime":"2024-05-14T08:00:02Z","severity":"notice","serviceHostname":"ip-10-0-0-5"}`,
			wantKey: "e1", wantCursor: at("2024-05-14T08:00:02Z"), wantSev: plog.SeverityNumberInfo2,
			wantAttrs: map[string]any{"host.name": "ip-10-0-0-5"},
		},
		{
			name: "kubernetes evaluation denied", kind: ContainerEvaluationEvent,
			item:    `{"id":"v1","createdDateTime":"2024-05-14T08:00:03Z","decision":"deny","namespace":"default","policyName":"baseline"}`,
			wantKey: "v1", wantCursor: at("2024-05-14T08:00:03Z"), wantSev: plog.SeverityNumberWarn,
			wantAttrs: map[string]any{"k8s.namespace.name": "default", "trendmicro.visionone.container.policy": "baseline", "trendmicro.visionone.container.decision": "deny"},
		},
		{
			name: "case", kind: Case,
			item:    `{"id":"CL-1","createdDateTime":"2024-05-14T08:00:00Z","updatedDateTime":"2024-05-14T09:30:00Z","priority":"P1","status":"Open","type":"Workbench","findings":"NoFindings"}`,
			wantKey: "CL-1", wantCursor: at("2024-05-14T08:00:00Z"), wantVersion: "CL-1@2024-05-14T09:30:00Z", wantSev: plog.SeverityNumberError,
			wantAttrs: map[string]any{"trendmicro.visionone.case.id": "CL-1", "trendmicro.visionone.case.status": "Open", "trendmicro.visionone.case.priority": "P1"},
		},
		{
			name: "case update", kind: CaseUpdate,
			item:    `{"id":"CL-1","createdDateTime":"2024-05-14T08:00:00Z","updatedDateTime":"2024-05-14T09:30:00Z","priority":"P0","status":"Closed"}`,
			wantKey: "CL-1@2024-05-14T09:30:00Z", wantCursor: at("2024-05-14T09:30:00Z"), wantVersion: "CL-1@2024-05-14T09:30:00Z", wantSev: plog.SeverityNumberFatal,
			wantAttrs: map[string]any{"trendmicro.visionone.case.update": true},
		},
		{
			name: "response task", kind: ResponseTask,
			item:    `{"id":"00000003","status":"failed","action":"isolate","createdDateTime":"2024-05-14T08:00:00Z","lastActionDateTime":"2024-05-14T08:02:00Z","endpointName":"web-01","agentGuid":"g1","account":"analyst"}`,
			wantKey: "00000003", wantCursor: at("2024-05-14T08:00:00Z"), wantVersion: "00000003@2024-05-14T08:02:00Z", wantSev: plog.SeverityNumberError,
			wantAttrs: map[string]any{"trendmicro.visionone.task.action": "isolate", "trendmicro.visionone.task.status": "failed", "host.name": "web-01", "host.id": "g1", "user.name": "analyst"},
		},
		{
			name: "response task update", kind: ResponseTaskUpdate,
			item:    `{"id":"00000003","status":"succeeded","action":"isolate","createdDateTime":"2024-05-14T08:00:00Z","lastActionDateTime":"2024-05-14T08:02:00Z"}`,
			wantKey: "00000003@2024-05-14T08:02:00Z", wantCursor: at("2024-05-14T08:02:00Z"), wantVersion: "00000003@2024-05-14T08:02:00Z", wantSev: plog.SeverityNumberInfo,
			wantAttrs: map[string]any{"trendmicro.visionone.task.update": true},
		},
		{
			name: "playbook task", kind: PlaybookTask,
			item:    `{"id":"p1","status":"partiallySucceeded","playbookName":"Isolate on alert","playbookType":"xdrDetection","createdDateTime":"2024-05-14T08:00:00Z","lastActionDateTime":"2024-05-14T08:05:00Z"}`,
			wantKey: "p1", wantCursor: at("2024-05-14T08:00:00Z"), wantVersion: "p1@2024-05-14T08:05:00Z", wantSev: plog.SeverityNumberWarn,
			wantAttrs: map[string]any{"trendmicro.visionone.playbook.name": "Isolate on alert", "trendmicro.visionone.playbook.type": "xdrDetection"},
		},
		{
			name: "account compromise indicator", kind: AccountCompromiseIndicator,
			item:    `{"id":"u1","account":"jdoe@example.com","detectedDateTime":"2024-05-14T08:00:00Z","dataSourceOrProcessor":"Dark Web","riskEvent":{"name":"Leaked credentials","eventId":"e9","riskLevel":"high"}}`,
			wantKey: "u1@2024-05-14T08:00:00Z/e9", wantCursor: at("2024-05-14T08:00:00Z"), wantSev: plog.SeverityNumberError,
			wantAttrs: map[string]any{"user.name": "jdoe@example.com", "trendmicro.visionone.risk.event": "Leaked credentials", "trendmicro.visionone.risk.level": "high", "trendmicro.visionone.risk.data_source": "Dark Web"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := New(Options{Kind: tt.kind, EventName: "e"})
			require.NoError(t, err)
			lr := plog.NewLogRecord()
			meta, err := tr.Translate([]byte(tt.item), observedAt, lr)
			require.NoError(t, err)
			assert.Equal(t, tt.wantKey, meta.Key)
			assert.Equal(t, tt.wantCursor, meta.Cursor)
			assert.Equal(t, tt.wantVersion, meta.Version)
			assert.Equal(t, tt.wantSev, lr.SeverityNumber())
			attrs := lr.Attributes().AsRaw()
			for k, v := range tt.wantAttrs {
				assert.Equal(t, v, attrs[k], k)
			}
		})
	}
}
