package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// secret stands for item content that must never reach an error message.
const secret = "s3cr3t-item-content"

func TestTranslateErrors(t *testing.T) {
	wb := Options{Kind: WorkbenchAlert}
	wbUpdate := Options{Kind: WorkbenchAlertUpdate}
	oat := Options{Kind: OATDetection}
	audit := Options{Kind: AuditLog}
	search := Options{Kind: Search, Source: "endpointActivities"}
	tests := []struct {
		name    string
		opts    Options
		item    string
		wantErr string // the field named, or the problem with the item itself
	}{
		{"empty input", wb, ``, "not valid JSON"},
		{"truncated", oat, `{"uuid":"` + secret, "not valid JSON"},
		{"trailing data", oat, `{"uuid":"u"} {}`, "not valid JSON"},
		{"array", search, `[{"uuid":"` + secret + `"}]`, "not a JSON object"},
		{"string", audit, `"` + secret + `"`, "not a JSON object"},
		{"null", audit, `null`, "not a JSON object"},
		{"number", wb, `42`, "not a JSON object"},

		{"workbench id missing", wb, `{"createdDateTime":"2024-05-14T08:00:00Z","x":"` + secret + `"}`, `"id" is missing`},
		{"workbench id null", wb, `{"id":null,"createdDateTime":"2024-05-14T08:00:00Z"}`, `"id" is missing`},
		{"workbench id empty", wb, `{"id":"","createdDateTime":"2024-05-14T08:00:00Z"}`, `"id" is empty`},
		{"workbench id number", wb, `{"id":12,"createdDateTime":"2024-05-14T08:00:00Z"}`, `"id" is a number, not a string`},
		{"workbench createdDateTime missing", wb, `{"id":"WB-1"}`, `"createdDateTime" is missing`},
		{"workbench createdDateTime bad", wb, `{"id":"WB-1","createdDateTime":"soon"}`, `"createdDateTime" unrecognised time "soon"`},
		{"workbench createdDateTime wrong type", wb, `{"id":"WB-1","createdDateTime":["` + secret + `"]}`, `"createdDateTime" is an array, not a time`},
		{"update updatedDateTime missing", wbUpdate, `{"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z"}`, `"updatedDateTime" is missing`},
		{"update updatedDateTime bad", wbUpdate, `{"id":"WB-1","createdDateTime":"2024-05-14T08:00:00Z","updatedDateTime":true}`, `"updatedDateTime" is a boolean, not a time`},

		{"oat uuid missing", oat, `{"detectedDateTime":"2024-05-14T08:00:00Z"}`, `"uuid" is missing`},
		{"oat uuid object", oat, `{"uuid":{"v":"` + secret + `"},"detectedDateTime":"2024-05-14T08:00:00Z"}`, `"uuid" is an object, not a string`},
		{"oat detectedDateTime missing", oat, `{"uuid":"u","ingestedDateTime":"2024-05-14T08:00:00Z"}`, `"detectedDateTime" is missing`},
		{"oat ingestedDateTime bad, no fallback", oat, `{"uuid":"u","detectedDateTime":"2024-05-14T08:00:00Z","ingestedDateTime":"x"}`, `"ingestedDateTime" unrecognised time`},

		{"audit loggedDateTime missing", audit, `{"ingestedDateTime":"2024-05-14T08:00:00Z","loggedUser":"` + secret + `"}`, `"loggedDateTime" is missing`},
		{"audit loggedDateTime out of range", audit, `{"loggedDateTime":"1960-01-01T00:00:00Z"}`, `"loggedDateTime" out of range`},
		{"audit ingestedDateTime bad", audit, `{"loggedDateTime":"2024-05-14T08:00:00Z","ingestedDateTime":"2024-99-14T08:00:00Z"}`, `"ingestedDateTime" unrecognised time`},

		{"search uuid empty", search, `{"uuid":"","eventTime":1715676500000}`, `"uuid" is empty`},
		{"search uuid number", search, `{"uuid":7,"eventTime":1715676500000}`, `"uuid" is a number, not a string`},
		{"search times missing", search, `{"uuid":"u","hostName":"` + secret + `"}`, `"eventTimeDT" is missing`},
		{"search eventTime bad, no fallback", search, `{"uuid":"u","eventTime":"abc","eventTimeDT":"2024-05-14T08:00:00Z"}`, `"eventTime" unrecognised time "abc"`},
		{"search eventTime negative", search, `{"uuid":"u","eventTime":-1715676500000}`, `"eventTime" out of range`},
		{"search eventTimeDT bad", search, `{"uuid":"u","eventTimeDT":"2024/05/14"}`, `"eventTimeDT" unrecognised time`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := New(named(tt.opts))
			require.NoError(t, err)
			lr := plog.NewLogRecord()
			meta, err := tr.Translate([]byte(tt.item), observedAt, lr)
			require.ErrorIs(t, err, ErrInvalidItem)
			assert.ErrorContains(t, err, tt.wantErr)
			assert.NotContains(t, err.Error(), secret)
			assert.Equal(t, Meta{}, meta)
			assert.Equal(t, plog.NewLogRecord(), lr, "no partial record")
		})
	}
}

func TestAuditKeyErrors(t *testing.T) {
	for _, item := range []string{``, `[]`, `{"a":`, `null`} {
		_, err := AuditKey([]byte(item))
		assert.ErrorIs(t, err, ErrInvalidItem, item)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"no kind", Options{EventName: "e"}, "no kind"},
		{"no event name", Options{Kind: OATDetection}, "no event name"},
		{"search without source", Options{Kind: Search, EventName: "e"}, "needs its source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := New(tt.opts)
			assert.Nil(t, tr)
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}
