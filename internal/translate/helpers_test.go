package translate

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// addSamplePages seeds f with the bytes of every sample page.
func addSamplePages(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join(samples, "*.json"))
	for _, page := range pages {
		raw, err := os.ReadFile(page)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
}

// translateOne translates one item that must be valid.
func translateOne(tb testing.TB, o Options, item string) plog.LogRecord {
	tb.Helper()
	tr, err := New(named(o))
	require.NoError(tb, err)
	lr := plog.NewLogRecord()
	_, err = tr.Translate([]byte(item), observedAt, lr)
	require.NoError(tb, err)
	return lr
}

// withFields is base with the fields of set replaced, a nil value removing
// the field; base is left as it is.
func withFields(base, set map[string]any) map[string]any {
	item := maps.Clone(base)
	if item == nil {
		item = map[string]any{}
	}
	for k, v := range set {
		if v == nil {
			delete(item, k)
		} else {
			item[k] = v
		}
	}
	return item
}

// allKinds lists one Options per kind and search source.
func allKinds() []Options {
	opts := []Options{{Kind: WorkbenchAlert}, {Kind: WorkbenchAlertUpdate}, {Kind: OATDetection}, {Kind: AuditLog}}
	for _, source := range slices.Sorted(maps.Keys(testSearchEvents)) {
		opts = append(opts, Options{Kind: Search, Source: source})
	}
	return opts
}

// Event names as the receiver's feed registry gives them; the golden files
// hold them.
var (
	testEvents = map[*Kind]string{
		WorkbenchAlert:       "trendmicro.visionone.workbench_alert",
		WorkbenchAlertUpdate: "trendmicro.visionone.workbench_alert",
		OATDetection:         "trendmicro.visionone.oat_detection",
		AuditLog:             "trendmicro.visionone.audit_log",
	}
	testSearchEvents = map[string]string{
		"detections": "detection", "endpointActivities": "endpoint_activity", "networkActivities": "network_activity",
		"emailActivities": "email_activity", "cloudActivities": "cloud_activity", "mobileActivities": "mobile_activity",
		"identityActivities": "identity_activity", "containerActivities": "container_activity",
	}
)

// named fills in o's event name, as the registry would.
func named(o Options) Options {
	if o.Kind == Search {
		o.EventName = "trendmicro.visionone.search." + testSearchEvents[o.Source]
	} else {
		o.EventName = testEvents[o.Kind]
	}
	return o
}

// samples holds the sample pages and error bodies every package's tests
// read (one home, testdata/samples at the module root).
const samples = "../../testdata/samples"

// testObject returns an object written into a new map, and a func that
// returns the map as pcommon's AsRaw renders it.
func testObject() (ocsfObject, func() map[string]any) {
	m := pcommon.NewMap()
	return ocsfObject{evMap{pm: m}}, m.AsRaw
}
