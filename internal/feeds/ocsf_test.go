package feeds

import (
	"bytes"
	"encoding/json"
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
	eachListStream(t, func(t *testing.T, f *Feed, pages []string) {
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

// eachListStream runs fn as a subtest of t for every list stream, with its
// sample pages (a pipeline's lines are a list stream's items).
func eachListStream(t *testing.T, fn func(t *testing.T, f *Feed, pages []string)) {
	for _, f := range Streams() {
		if f.Packages {
			continue
		}
		t.Run(f.Stream, func(t *testing.T) {
			_, pages := samplePages(t, f)
			fn(t, f, pages)
		})
	}
}

// TestOCSFBodyJSON: with body_format json, every event is the JSON text of
// the event the map body holds, its members in the same order, with
// raw_data and without. The text is written from an evTree and the map
// directly, so this holds the two ways of writing an event to one another.
func TestOCSFBodyJSON(t *testing.T) {
	eachListStream(t, func(t *testing.T, f *Feed, pages []string) {
		for _, rawData := range []bool{false, true} {
			o := translate.Options{Kind: f.Kind, EventName: f.Event, Source: f.Name, OCSF: true, RawData: rawData}
			maps := translatePages(t, pages, o, nil).ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
			o.BodyAsJSON = true
			texts := translatePages(t, pages, o, nil).ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
			require.Equal(t, maps.Len(), texts.Len())
			for i := range maps.Len() {
				event := maps.At(i).Body().Map()
				text := texts.At(i).Body().Str()
				want, err := json.Marshal(event.AsRaw())
				require.NoError(t, err)
				require.JSONEq(t, string(want), text, "record %d, raw_data %t", i, rawData)
				var order []string
				for k := range event.All() {
					order = append(order, k)
				}
				assert.Equal(t, order, topLevelKeys(t, text), "record %d, raw_data %t", i, rawData)
			}
		}
	})
}

// topLevelKeys returns the member names of the JSON object text, in order.
func topLevelKeys(t *testing.T, text string) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	_, err := dec.Token() // {
	require.NoError(t, err)
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}
