package feeds

import (
	"path/filepath"
	"testing"

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
			source, pages := samplePages(t, f)
			o := translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name, OCSF: true}
			actual := translatePages(t, pages, o, func(page string, i int, lr plog.LogRecord) {
				for _, defect := range ocsf.Validate(lr.Body().Map().AsRaw()) {
					t.Errorf("%s item %d: %v", filepath.Base(page), i, defect)
				}
			})
			compareGolden(t, filepath.Join("testdata", "golden", "ocsf", source.Stream+".yaml"), actual, !f.Packages)
		})
	}
}

// TestOCSFRawData: with raw_data, every event carries its item's JSON text,
// the item as it came, and stays valid.
func TestOCSFRawData(t *testing.T) {
	for _, f := range Streams() {
		if f.Packages {
			continue
		}
		t.Run(f.Stream, func(t *testing.T) {
			_, pages := samplePages(t, f)
			items := pageItems(t, pages[0])
			o := translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name, OCSF: true, RawData: true}
			translatePages(t, pages[:1], o, func(_ string, i int, lr plog.LogRecord) {
				raw, ok := lr.Body().Map().Get("raw_data")
				require.True(t, ok, "raw_data")
				assert.JSONEq(t, string(items[i]), raw.Str())
				assert.Empty(t, ocsf.Validate(lr.Body().Map().AsRaw()))
			})
		})
	}
}
