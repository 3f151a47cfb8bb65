package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
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
				attrEventName: testEvents[WorkbenchAlert], attrRecordUID: "WB-1", attrAlertID: "WB-1",
			},
		},
		{
			name: "workbench techniques unique across rules", opts: Options{Kind: WorkbenchAlertUpdate},
			item: `{"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z","updatedDateTime":"2024-05-14T09:00:00Z","score":64,
				"alertProvider":"SAE","matchedRules":[
					{"matchedFilters":[{"mitreTechniqueIds":["T1003","V9.T1003.004"]},{"mitreTechniqueIds":["T1003"]}]},
					{"matchedFilters":[{"mitreTechniqueIds":["T1112",7,""]}]}, "junk"]}`,
			want: map[string]any{
				attrEventName: testEvents[WorkbenchAlert], attrRecordUID: "WB-1@2024-05-14T09:00:00Z", attrAlertID: "WB-1",
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
				attrEventName: testEvents[OATDetection], attrRecordUID: "u",
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
			want: map[string]any{attrEventName: testEvents[OATDetection], attrRecordUID: "u", attrOATEntityType: "mailbox"},
		},
		{
			name: "audit", opts: Options{Kind: AuditLog},
			item: `{"loggedDateTime":"2024-05-14T08:00:00Z","loggedUser":"Root Account","loggedRole":"Master Administrator",
				"accessType":"API","category":"API Keys","activity":"Add API key","result":"Successful"}`,
			want: map[string]any{
				attrEventName:     testEvents[AuditLog],
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

// The record's EventName and event.name attribute are the name the registry
// gives the feed.
func TestEventNames(t *testing.T) {
	tr, err := New(Options{Kind: AuditLog, EventName: "trendmicro.visionone.test_feed"})
	require.NoError(t, err)
	lr := plog.NewLogRecord()
	_, err = tr.Translate([]byte(`{"loggedDateTime":"2024-05-14T07:29:48Z"}`), observedAt, lr)
	require.NoError(t, err)
	assert.Equal(t, "trendmicro.visionone.test_feed", lr.EventName())
	name, _ := lr.Attributes().Get(attrEventName)
	assert.Equal(t, "trendmicro.visionone.test_feed", name.Str())
}
