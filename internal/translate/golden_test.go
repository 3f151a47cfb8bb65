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

// TestGolden covers the options of a translation; each feed's own golden
// file is internal/feeds' (TestGolden there, over the registry).
func TestGolden(t *testing.T) {
	tests := []struct {
		golden string
		opts   Options
		pages  []string
	}{
		{"audit_logs_body_json", Options{Kind: AuditLog, BodyAsJSON: true}, []string{"audit_logs_page.json"}},
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
// out for size (its name keeps it out of the pages internal/feeds' TestGolden
// reads): every alert translates, with a key of its own.
func TestWorkbenchFirstPage(t *testing.T) {
	items := readItems(t, "workbench_alerts_first_page.json")
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
