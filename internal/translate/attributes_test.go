package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPromotedAttributes covers the attribute rules the sample goldens do not
// reach: absent or mistyped fields are left out, sets are de-duplicated.
func TestPromotedAttributes(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		item string
		want map[string]any
	}{
		{
			name: "workbench minimal", opts: Options{Kind: WorkbenchAlert},
			item: `{"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z","score":"high","model":""}`,
			want: map[string]any{
				attrEventName: eventWorkbenchAlert, attrRecordUID: "WB-1", attrAlertID: "WB-1",
			},
		},
		{
			name: "workbench techniques unique across rules", opts: Options{Kind: WorkbenchAlertUpdate},
			item: `{"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z","updatedDateTime":"2024-05-14T09:00:00Z","score":64,
				"alertProvider":"SAE","matchedRules":[
					{"matchedFilters":[{"mitreTechniqueIds":["T1003","V9.T1003.004"]},{"mitreTechniqueIds":["T1003"]}]},
					{"matchedFilters":[{"mitreTechniqueIds":["T1112",7,""]}]}, "junk"]}`,
			want: map[string]any{
				attrEventName: eventWorkbenchAlert, attrRecordUID: "WB-1@2024-05-14T09:00:00Z", attrAlertID: "WB-1",
				attrAlertScore: int64(64), attrAlertProvider: "SAE",
				attrMitreTechniqueIDs: []any{"T1003", "V9.T1003.004", "T1112"},
				attrAlertUpdate:       true,
			},
		},
		{
			name: "oat sets and endpoint", opts: Options{Kind: OATDetection},
			item: `{"uuid":"u","detectedDateTime":"2024-05-14T08:00:00Z","source":"endpointActivityData","entityType":"endpoint",
				"filters":[{"id":"F1","mitreTacticIds":["TA0002"],"mitreTechniqueIds":["T1569.002"]},
				           {"id":"F2","mitreTacticIds":["TA0002","TA0005"],"mitreTechniqueIds":[]},{"id":"F1"}],
				"endpoint":{"endpointName":"LAB-1","agentGuid":"cedd"}}`,
			want: map[string]any{
				attrEventName: eventOATDetection, attrRecordUID: "u",
				attrOATSource: "endpointActivityData", attrOATEntityType: "endpoint",
				attrOATFilterIDs:      []any{"F1", "F2"},
				attrMitreTacticIDs:    []any{"TA0002", "TA0005"},
				attrMitreTechniqueIDs: []any{"T1569.002"},
				attrHostName:          "LAB-1", attrHostID: "cedd",
			},
		},
		{
			name: "oat without endpoint", opts: Options{Kind: OATDetection},
			item: `{"uuid":"u","detectedDateTime":"2024-05-14T08:00:00Z","entityType":"mailbox","endpoint":"n/a"}`,
			want: map[string]any{attrEventName: eventOATDetection, attrRecordUID: "u", attrOATEntityType: "mailbox"},
		},
		{
			name: "audit", opts: Options{Kind: AuditLog},
			item: `{"loggedDateTime":"2024-05-14T08:00:00Z","loggedUser":"Root Account","loggedRole":"Master Administrator",
				"accessType":"API","category":"API Keys","activity":"Add API key","result":"Successful"}`,
			want: map[string]any{
				attrEventName:     eventAuditLog,
				attrRecordUID:     mustAuditKey(t, `{"loggedDateTime":"2024-05-14T08:00:00Z","loggedUser":"Root Account","loggedRole":"Master Administrator","accessType":"API","category":"API Keys","activity":"Add API key","result":"Successful"}`),
				attrAuditCategory: "API Keys", attrAuditActivity: "Add API key", attrAuditResult: "Successful",
				attrAuditAccessType: "API", attrUserName: "Root Account", attrUserRoles: []any{"Master Administrator"},
			},
		},
		{
			name: "search host from endpointHostName", opts: Options{Kind: Search, Source: "detections"},
			item: `{"uuid":"u","eventTime":1715676500000,"endpointHostName":"ep","hostName":"h"}`,
			want: map[string]any{attrEventName: "trendmicro.visionone.search.detection", attrRecordUID: "u", attrSearchSource: "detections", attrHostName: "ep"},
		},
		{
			name: "search host falls back to hostName", opts: Options{Kind: Search, Source: "endpointActivities"},
			item: `{"uuid":"u","eventTime":1715676500000,"endpointHostName":"","hostName":"h"}`,
			want: map[string]any{attrEventName: "trendmicro.visionone.search.endpoint_activity", attrRecordUID: "u", attrSearchSource: "endpointActivities", attrHostName: "h"},
		},
		{
			name: "search without host", opts: Options{Kind: Search, Source: "containerActivities"},
			item: `{"uuid":"u","eventTime":1715676500000}`,
			want: map[string]any{attrEventName: "trendmicro.visionone.search.container_activity", attrRecordUID: "u", attrSearchSource: "containerActivities"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := translateOne(t, tt.opts, tt.item)
			assert.Equal(t, tt.want, lr.Attributes().AsRaw())
			assert.Equal(t, tt.want[attrEventName], lr.EventName())
		})
	}
}

func TestEventNames(t *testing.T) {
	want := []string{
		"trendmicro.visionone.workbench_alert", "trendmicro.visionone.workbench_alert",
		"trendmicro.visionone.oat_detection", "trendmicro.visionone.audit_log",
		"trendmicro.visionone.search.detection", "trendmicro.visionone.search.endpoint_activity",
		"trendmicro.visionone.search.network_activity", "trendmicro.visionone.search.email_activity",
		"trendmicro.visionone.search.cloud_activity", "trendmicro.visionone.search.mobile_activity",
		"trendmicro.visionone.search.identity_activity", "trendmicro.visionone.search.container_activity",
	}
	for i, o := range allKinds() {
		tr, err := New(o)
		if assert.NoError(t, err, o) {
			assert.Equal(t, want[i], tr.eventName, o)
		}
	}
}
