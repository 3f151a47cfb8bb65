package feeds

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// update regenerates the golden files: go test ./internal/feeds -run TestGolden -update
var update = flag.Bool("update", false, "regenerate testdata/golden/*.yaml")

// samples is the module's home of sample pages (testdata/samples).
const samples = "../../testdata/samples"

// observedAt is the fixed read time of every golden page.
var observedAt = time.Date(2024, 5, 14, 9, 30, 0, 0, time.UTC)

// TestGolden translates the sample pages of every stream the registry
// declares, as its stream does, and compares the records with the stream's
// golden file, testdata/golden/<stream>.yaml. A feed's sample pages are
// testdata/samples/<path>_page*.json, its path under /v3.0 with "/" as "_"
// (an updates stream reads its section's pages); a stream without any
// fails. A data pipeline's lines are items of a list feed, translated as
// its stream translates them: its golden file is that stream's.
func TestGolden(t *testing.T) {
	for _, f := range Streams() {
		t.Run(f.Stream, func(t *testing.T) {
			source, pages := samplePages(t, f)
			actual := translatePages(t, pages, translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name}, nil)
			compareGolden(t, filepath.Join("testdata", "golden", source.Stream+".yaml"), actual, !f.Packages)
		})
	}
}

// samplePages returns the sample pages of f's items and the feed they are
// the pages of: a data pipeline's lines are a list feed's items. A stream
// without any fails.
func samplePages(t testing.TB, f *Feed) (source *Feed, pages []string) {
	t.Helper()
	source = f
	if f.Packages {
		source = f.LinesFeed()
		require.NotNil(t, source, "a pipeline whose lines are no list feed's items")
	}
	pattern := strings.ReplaceAll(source.SimulatorFeed(), "/", "_") + "_page*.json"
	pages, err := filepath.Glob(filepath.Join(samples, pattern))
	require.NoError(t, err)
	require.NotEmpty(t, pages, "no sample page %s in %s", pattern, samples)
	return source, pages
}

// translatePages translates every item of pages as o says, into one
// resource's records, and calls each, if set, with every record.
func translatePages(t testing.TB, pages []string, o translate.Options, each func(page string, i int, lr plog.LogRecord)) plog.Logs {
	t.Helper()
	tr, err := translate.New(o)
	require.NoError(t, err)
	actual := plog.NewLogs()
	records := actual.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for _, page := range pages {
		for i, item := range pageItems(t, page) {
			lr := records.AppendEmpty()
			_, err := tr.Translate(item, observedAt, lr)
			require.NoError(t, err, "%s item %d", filepath.Base(page), i)
			if each != nil {
				each(page, i, lr)
			}
		}
	}
	return actual
}

// compareGolden compares actual with the golden file at path, first
// regenerating it with -update when write (a pipeline's lines share their
// list stream's file, which that stream writes).
func compareGolden(t *testing.T, path string, actual plog.Logs, write bool) {
	t.Helper()
	if *update && write {
		require.NoError(t, golden.WriteLogsToFile(path, actual))
		t.Logf("regenerated %s", path)
	}
	expected, err := golden.ReadLogs(path)
	require.NoError(t, err)
	require.NoError(t, plogtest.CompareLogs(expected, actual))
}

// pageItems returns the raw items of a sample page.
func pageItems(t testing.TB, path string) []json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	require.NoError(t, json.Unmarshal(raw, &page), path)
	return page.Items
}
