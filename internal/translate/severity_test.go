package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

func TestRiskLevel(t *testing.T) {
	tests := []struct {
		in   string
		want plog.SeverityNumber
	}{
		{"info", plog.SeverityNumberInfo},
		{"low", plog.SeverityNumberWarn},
		{"medium", plog.SeverityNumberWarn3},
		{"high", plog.SeverityNumberError},
		{"critical", plog.SeverityNumberFatal},
		{"Critical", plog.SeverityNumberFatal},
		{"HIGH", plog.SeverityNumberError},
		{"undefined", plog.SeverityNumberUnspecified},
		{"unknown", plog.SeverityNumberUnspecified},
		{"", plog.SeverityNumberUnspecified},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, riskLevel(tt.in))
		})
	}
}

func TestHighestRisk(t *testing.T) {
	tests := []struct {
		name     string
		levels   []any // riskLevel of each filter; nil = field absent
		wantNum  plog.SeverityNumber
		wantText string
	}{
		{"one", []any{"medium"}, plog.SeverityNumberWarn3, "medium"},
		{"highest wins", []any{"low", "critical", "high"}, plog.SeverityNumberFatal, "critical"},
		{"known beats unknown", []any{"undefined", "info"}, plog.SeverityNumberInfo, "info"},
		{"unknown after known", []any{"high", "undefined"}, plog.SeverityNumberError, "high"},
		{"only unknown keeps text", []any{"undefined"}, plog.SeverityNumberUnspecified, "undefined"},
		{"missing and non-string skipped", []any{nil, int64(3), "low"}, plog.SeverityNumberWarn, "low"},
		{"no filters", nil, plog.SeverityNumberUnspecified, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			item := pcommon.NewMap()
			filters := item.PutEmptySlice("filters")
			for _, l := range tt.levels {
				f := filters.AppendEmpty().SetEmptyMap()
				f.PutStr("id", "F1")
				if l != nil {
					_ = f.PutEmpty("riskLevel").FromRaw(l)
				}
			}
			num, text := highestRisk(item)
			assert.Equal(t, tt.wantNum, num)
			assert.Equal(t, tt.wantText, text)
		})
	}
}

func TestAuditResultSeverity(t *testing.T) {
	tests := []struct {
		result   any
		wantNum  plog.SeverityNumber
		wantText string
	}{
		{"Successful", plog.SeverityNumberInfo, "Successful"},
		{"Unsuccessful", plog.SeverityNumberWarn, "Unsuccessful"},
		{"unsuccessful", plog.SeverityNumberWarn, "unsuccessful"},
		{"Partial", plog.SeverityNumberUnspecified, "Partial"},
		{nil, plog.SeverityNumberUnspecified, ""},
	}
	for _, tt := range tests {
		t.Run(tt.wantText, func(t *testing.T) {
			item := pcommon.NewMap()
			if tt.result != nil {
				_ = item.PutEmpty("result").FromRaw(tt.result)
			}
			num, text := auditResultSeverity(item)
			assert.Equal(t, tt.wantNum, num)
			assert.Equal(t, tt.wantText, text)
		})
	}
}

// TestSeverityPerKind checks which field each kind reads its severity from.
func TestSeverityPerKind(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		item     string
		wantNum  plog.SeverityNumber
		wantText string
	}{
		{"workbench severity", Options{Kind: WorkbenchAlert}, `{"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z","severity":"critical"}`, plog.SeverityNumberFatal, "critical"},
		{"workbench update severity", Options{Kind: WorkbenchAlertUpdate}, `{"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z","updatedDateTime":"2024-05-14T09:00:00Z","severity":"low"}`, plog.SeverityNumberWarn, "low"},
		{"oat filters", Options{Kind: OATDetection}, `{"uuid":"u","detectedDateTime":"2024-05-14T08:00:00Z","filters":[{"riskLevel":"low"},{"riskLevel":"high"}]}`, plog.SeverityNumberError, "high"},
		{"audit result", Options{Kind: AuditLog}, `{"loggedDateTime":"2024-05-14T08:00:00Z","result":"Unsuccessful"}`, plog.SeverityNumberWarn, "Unsuccessful"},
		{"activity filterRiskLevel", Options{Kind: Search, Source: "endpointActivities"}, `{"uuid":"u","eventTime":1715676500000,"filterRiskLevel":"medium"}`, plog.SeverityNumberWarn3, "medium"},
		{"activity without risk", Options{Kind: Search, Source: "networkActivities"}, `{"uuid":"u","eventTime":1715676500000}`, plog.SeverityNumberUnspecified, ""},
		{"detection integer severity is not mapped", Options{Kind: Search, Source: "detections"}, `{"uuid":"u","eventTime":1715676500000,"severity":4,"cccaRiskLevel":3}`, plog.SeverityNumberUnspecified, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := translateOne(t, tt.opts, tt.item)
			assert.Equal(t, tt.wantNum, lr.SeverityNumber())
			assert.Equal(t, tt.wantText, lr.SeverityText())
		})
	}
}
