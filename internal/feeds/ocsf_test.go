package feeds

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/ocsf"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// TestOCSFGolden translates the sample pages of every stream the registry
// declares in the OCSF mode, holds every event to the OCSF 1.8.0 schema
// (internal/ocsf) and compares the records with the stream's golden file,
// testdata/golden/ocsf/<stream>.yaml. A stream whose kind has no OCSF
// mapping fails.
func TestOCSFGolden(t *testing.T) {
	for _, f := range Streams() {
		t.Run(f.Stream, func(t *testing.T) {
			source := f
			if f.Packages {
				source = f.LinesFeed()
				require.NotNil(t, source, "a pipeline whose lines are no list feed's items")
			}
			pattern := strings.ReplaceAll(source.SimulatorFeed(), "/", "_") + "_page*.json"
			pages, err := filepath.Glob(filepath.Join(samples, pattern))
			require.NoError(t, err)
			require.NotEmpty(t, pages, "no sample page %s in %s", pattern, samples)

			tr, err := translate.New(translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name, OCSF: true})
			require.NoError(t, err)
			actual := plog.NewLogs()
			records := actual.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
			for _, page := range pages {
				for i, item := range pageItems(t, page) {
					lr := records.AppendEmpty()
					_, err := tr.Translate(item, observedAt, lr)
					require.NoError(t, err, "%s item %d", filepath.Base(page), i)
					for _, defect := range ocsf.Validate(lr.Body().Map().AsRaw()) {
						t.Errorf("%s item %d: %v", filepath.Base(page), i, defect)
					}
				}
			}

			path := filepath.Join("testdata", "golden", "ocsf", source.Stream+".yaml")
			if *update && !f.Packages {
				require.NoError(t, golden.WriteLogsToFile(path, actual))
				t.Logf("regenerated %s", path)
			}
			expected, err := golden.ReadLogs(path)
			require.NoError(t, err)
			require.NoError(t, plogtest.CompareLogs(expected, actual))
		})
	}
}

// TestOCSFRawData: with raw_data, every event carries its item's JSON text,
// the item as it came.
func TestOCSFRawData(t *testing.T) {
	for _, f := range Streams() {
		if f.Packages {
			continue
		}
		t.Run(f.Stream, func(t *testing.T) {
			pattern := strings.ReplaceAll(f.SimulatorFeed(), "/", "_") + "_page*.json"
			pages, err := filepath.Glob(filepath.Join(samples, pattern))
			require.NoError(t, err)
			require.NotEmpty(t, pages)
			tr, err := translate.New(translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name, OCSF: true, RawData: true})
			require.NoError(t, err)
			item := pageItems(t, pages[0])[0]
			lr := plog.NewLogRecord()
			_, err = tr.Translate(item, observedAt, lr)
			require.NoError(t, err)
			raw, ok := lr.Body().Map().Get("raw_data")
			require.True(t, ok, "raw_data")
			assert.JSONEq(t, string(item), raw.Str())
			assert.Empty(t, ocsf.Validate(lr.Body().Map().AsRaw()))
			var event map[string]any
			require.NoError(t, json.Unmarshal([]byte(raw.Str()), &event))
		})
	}
}
