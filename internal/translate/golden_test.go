package translate

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// update regenerates the golden files: go test ./internal/translate -run TestGolden -update
var update = flag.Bool("update", false, "regenerate testdata/golden/*.yaml")

// observedAt is the fixed read time of every golden page.
var observedAt = time.Date(2024, 5, 14, 9, 30, 0, 0, time.UTC)

// readItems returns the raw items of the sample pages in testdata.
func readItems(tb testing.TB, pages ...string) [][]byte {
	tb.Helper()
	var items [][]byte
	for _, page := range pages {
		raw, err := os.ReadFile(filepath.Join(samples, page))
		require.NoError(tb, err)
		var p struct {
			Items []json.RawMessage `json:"items"`
		}
		require.NoError(tb, json.Unmarshal(raw, &p), page)
		for _, it := range p.Items {
			items = append(items, it)
		}
	}
	return items
}

// translatePage translates items into one resource and one scope, as the
// pull loop does with a page.
func translatePage(tb testing.TB, o Options, items [][]byte) plog.Logs {
	tb.Helper()
	tr, err := New(named(o))
	require.NoError(tb, err)
	logs := plog.NewLogs()
	records := logs.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for i, it := range items {
		_, err := tr.Translate(it, observedAt, records.AppendEmpty())
		require.NoError(tb, err, "item %d", i)
	}
	return logs
}

func TestGolden(t *testing.T) {
	search := func(source string) Options { return Options{Kind: Search, Source: source} }
	tests := []struct {
		golden string
		opts   Options
		pages  []string
	}{
		{"workbench_alerts", Options{Kind: WorkbenchAlert}, []string{"workbench_alerts_page2_last.json"}},
		{"workbench_alert_updates", Options{Kind: WorkbenchAlertUpdate}, []string{"workbench_alerts_page2_last.json"}},
		{"oat_detections", Options{Kind: OATDetection}, []string{"oat_detections_page.json", "oat_detections_page_last.json"}},
		{"audit_logs", Options{Kind: AuditLog}, []string{"audit_logs_page.json", "audit_logs_page_last.json"}},
		{"audit_logs_body_json", Options{Kind: AuditLog, BodyAsJSON: true}, []string{"audit_logs_page.json"}},
		{"search_detections", search("detections"), []string{"search_detections_page.json"}},
		{"search_endpoint_activities", search("endpointActivities"), []string{"search_endpointActivities_page.json"}},
		{"search_network_activities", search("networkActivities"), []string{"search_networkActivities_page.json"}},
		{"search_email_activities", search("emailActivities"), []string{"search_emailActivities_page.json"}},
		{"search_cloud_activities", search("cloudActivities"), []string{"search_cloudActivities_page.json"}},
		{"search_mobile_activities", search("mobileActivities"), []string{"search_mobileActivities_page.json"}},
		{"search_identity_activities", search("identityActivities"), []string{"search_identityActivities_page.json"}},
		{"search_container_activities", search("containerActivities"), []string{"search_containerActivities_page.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			actual := translatePage(t, tt.opts, readItems(t, tt.pages...))
			path := filepath.Join("testdata", "golden", tt.golden+".yaml")
			if *update {
				require.NoError(t, golden.WriteLogsToFile(path, actual))
				t.Logf("regenerated %s", path)
			}
			expected, err := golden.ReadLogs(path)
			require.NoError(t, err)
			require.NoError(t, plogtest.CompareLogs(expected, actual))
		})
	}
}

// TestWorkbenchFirstPage covers the ten-alert sample page the goldens leave
// out for size: every alert translates, with a key of its own.
func TestWorkbenchFirstPage(t *testing.T) {
	items := readItems(t, "workbench_alerts_page1.json")
	require.Len(t, items, 10)
	tr, err := New(named(Options{Kind: WorkbenchAlert}))
	require.NoError(t, err)
	seen := map[string]bool{}
	for i, it := range items {
		meta, err := tr.Translate(it, observedAt, plog.NewLogRecord())
		require.NoError(t, err, "item %d", i)
		require.False(t, seen[meta.Key], "duplicate key %s", meta.Key)
		seen[meta.Key] = true
	}
}
