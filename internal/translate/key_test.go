package translate

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// auditVector is the package documentation's test vector: the first item of
// the audit sample page. Its key was computed independently of Go
// (Python: sha256(json.dumps(item, sort_keys=True, separators=(",", ":"),
// ensure_ascii=False))), which agrees with the definition for this item.
const (
	auditVectorItem = `{
  "loggedDateTime": "2024-05-14T07:29:48Z", "ingestedDateTime": "2024-05-14T07:29:51Z",
  "loggedUser": "Root Account", "loggedRole": "Master Administrator", "accessType": "Console",
  "category": "Logon and Logoff", "activity": "Log on", "result": "Successful",
  "details": {"ipAddr": "203.0.113.10"}
}`
	auditVectorCanonical = `{"accessType":"Console","activity":"Log on","category":"Logon and Logoff","details":{"ipAddr":"203.0.113.10"},"ingestedDateTime":"2024-05-14T07:29:51Z","loggedDateTime":"2024-05-14T07:29:48Z","loggedRole":"Master Administrator","loggedUser":"Root Account","result":"Successful"}`
	auditVectorKey       = "d04701efa38f68fe6467baa6ad1ef2357968af0f7a8332937922626f883183d2"
)

func TestAuditKeyVector(t *testing.T) {
	canon, err := referenceCanonicalJSON([]byte(auditVectorItem))
	require.NoError(t, err)
	assert.Equal(t, auditVectorCanonical, string(canon))

	key, err := AuditKey([]byte(auditVectorItem))
	require.NoError(t, err)
	assert.Equal(t, auditVectorKey, key)
}

func TestAuditKeyIgnoresLayout(t *testing.T) {
	same := []string{
		auditVectorCanonical,
		// Keys reordered, nested too, and pretty-printed differently.
		`{"result":"Successful","details":{"ipAddr":"203.0.113.10"},"activity":"Log on",
		  "category":"Logon and Logoff","accessType":"Console","loggedRole":"Master Administrator",
		  "loggedUser":"Root Account","loggedDateTime":"2024-05-14T07:29:48Z","ingestedDateTime":"2024-05-14T07:29:51Z"}`,
		// Escapes that decode to the same text.
		`{"accessType":"Console","activity":"Log\u0020on","category":"Logon and Logoff","details":{"ipAddr":"203.0.113.10"},"ingestedDateTime":"2024-05-14T07:29:51Z","loggedDateTime":"2024-05-14T07:29:48Z","loggedRole":"Master Administrator","loggedUser":"Root Account","result":"Successful"}`,
	}
	for i, item := range same {
		key, err := AuditKey([]byte(item))
		require.NoError(t, err, i)
		assert.Equal(t, auditVectorKey, key, i)
	}
}

func TestAuditKeyDistinguishes(t *testing.T) {
	tests := []struct{ a, b string }{
		{`{"n":1}`, `{"n":1.0}`}, // numbers keep their literal text
		{`{"n":1}`, `{"n":"1"}`},
		{`{"a":null}`, `{}`},
		{`{"a":[1,2]}`, `{"a":[2,1]}`},
		{`{"loggedUser":"x"}`, `{"loggedUser":"y"}`},
	}
	for _, tt := range tests {
		ka, err := AuditKey([]byte(tt.a))
		require.NoError(t, err)
		kb, err := AuditKey([]byte(tt.b))
		require.NoError(t, err)
		assert.NotEqual(t, ka, kb, "%s vs %s", tt.a, tt.b)
	}
}

// TestCanonicalFastPathMatchesReference covers the inputs that choose between
// the fast path and the reference definition.
func TestCanonicalFastPathMatchesReference(t *testing.T) {
	items := []string{
		`{}`,
		`{"b":{"d":[],"c":{}},"a":[null,true,false,0,-12,9223372036854775807]}`,
		`{"html":"<a href=\"x\">&amp;</a>","ctl":"\u0000\u001f\b\f\n\r\t\u007f","ls":"\u2028\u2029","uni":"é漢字🙂"}`,
		`{"esc":"\\\"\/"}`,
		`{"dup":1,"dup":2}`,
		`{"é":1,"e":2,"E":3,"":4}`,
		`{"float":1.50,"exp":1e3,"neg0":-0,"big":12345678901234567890}`,         // reference path: literal text kept
		`{"pair":"\ud83d\ude42","lone":"\ud800x","twice":"\ud800\ud800\udc00"}`, // reference path
		"{\"bad\":\"\xff\xfe a\xe2\x82\"}",                                      // invalid UTF-8: reference path
		`{"huge":1e400}`,
	}
	for _, item := range items {
		t.Run(item, func(t *testing.T) {
			want, err := referenceCanonicalJSON([]byte(item))
			require.NoError(t, err)
			sum := sha256.Sum256(want)
			got, err := AuditKey([]byte(item))
			require.NoError(t, err)
			assert.Equal(t, hex.EncodeToString(sum[:]), got)
		})
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		name        string
		opts        Options
		item        string
		wantKey     string
		wantHashed  bool
		wantCursor  time.Time
		wantVersion string
	}{
		{
			name: "workbench id", opts: Options{Kind: WorkbenchAlert},
			item:    `{"id":"WB-9002-20240514-00001","createdDateTime":"2024-05-14T08:01:09Z","updatedDateTime":"2024-05-14T09:00:00Z"}`,
			wantKey: "WB-9002-20240514-00001", wantCursor: time.Unix(1715673669, 0).UTC(), wantVersion: "WB-9002-20240514-00001@2024-05-14T09:00:00Z",
		},
		{
			name: "workbench update id@updatedDateTime in UTC seconds", opts: Options{Kind: WorkbenchAlertUpdate},
			item:    `{"id":"WB-1","createdDateTime":"2024-05-14T08:01:09Z","updatedDateTime":"2024-05-14T11:13:02.750+02:00"}`,
			wantKey: "WB-1@2024-05-14T09:13:02Z", wantCursor: time.Date(2024, 5, 14, 9, 13, 2, 750e6, time.UTC), wantVersion: "WB-1@2024-05-14T09:13:02Z",
		},
		{
			name: "workbench alert without updatedDateTime: no version", opts: Options{Kind: WorkbenchAlert},
			item:    `{"id":"WB-2","createdDateTime":"2024-05-14T08:01:09Z"}`,
			wantKey: "WB-2", wantCursor: time.Unix(1715673669, 0).UTC(),
		},
		{
			name: "oat uuid, cursor ingestedDateTime", opts: Options{Kind: OATDetection},
			item:    `{"uuid":"fdd69d98","detectedDateTime":"2024-05-14T09:02:56Z","ingestedDateTime":"2024-05-14T09:05:11Z"}`,
			wantKey: "fdd69d98", wantCursor: time.Date(2024, 5, 14, 9, 5, 11, 0, time.UTC),
		},
		{
			name: "oat cursor falls back to detectedDateTime", opts: Options{Kind: OATDetection},
			item:    `{"uuid":"fdd69d98","detectedDateTime":"2024-05-14T09:02:56Z","ingestedDateTime":null}`,
			wantKey: "fdd69d98", wantCursor: time.Date(2024, 5, 14, 9, 2, 56, 0, time.UTC),
		},
		{
			name: "audit content hash, cursor ingestedDateTime", opts: Options{Kind: AuditLog},
			item:    auditVectorItem,
			wantKey: auditVectorKey, wantHashed: true, wantCursor: time.Date(2024, 5, 14, 7, 29, 51, 0, time.UTC),
		},
		{
			name: "audit cursor falls back to loggedDateTime", opts: Options{Kind: AuditLog},
			item:    `{"loggedDateTime":"2022-07-16 04:30:04"}`,
			wantKey: mustAuditKey(t, `{"loggedDateTime":"2022-07-16 04:30:04"}`), wantHashed: true, wantCursor: time.Date(2022, 7, 16, 4, 30, 4, 0, time.UTC),
		},
		{
			name: "search uuid, cursor eventTime ms", opts: Options{Kind: Search, Source: "detections"},
			item:    `{"uuid":"1a6f3c2e","eventTime":1715676500000,"eventTimeDT":"2000-01-01T00:00:00+00:00"}`,
			wantKey: "1a6f3c2e", wantCursor: time.UnixMilli(1715676500000).UTC(),
		},
		{
			name: "search eventTime as numeric string", opts: Options{Kind: Search, Source: "endpointActivities"},
			item:    `{"uuid":"u","eventTime":"1633124154241"}`,
			wantKey: "u", wantCursor: time.UnixMilli(1633124154241).UTC(),
		},
		{
			name: "search cursor falls back to eventTimeDT", opts: Options{Kind: Search, Source: "cloudActivities"},
			item:    `{"uuid":"u","eventTimeDT":"2021-10-01T21:35:54.241000+00:00"}`,
			wantKey: "u", wantCursor: time.UnixMilli(1633124154241).UTC(),
		},
		{
			name: "search item without uuid keyed by content", opts: Options{Kind: Search, Source: "emailActivities"},
			item:    `{"msgUuid":"AAMk","eventTime":1601249307000}`,
			wantKey: mustAuditKey(t, `{"eventTime":1601249307000,"msgUuid":"AAMk"}`), wantHashed: true, wantCursor: time.UnixMilli(1601249307000).UTC(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := New(named(tt.opts))
			require.NoError(t, err)
			lr := plog.NewLogRecord()
			meta, err := tr.Translate([]byte(tt.item), observedAt, lr)
			require.NoError(t, err)
			assert.Equal(t, tt.wantKey, meta.Key)
			assert.Equal(t, tt.wantHashed, meta.Hashed)
			assert.Equal(t, tt.wantCursor, meta.Cursor)
			assert.Equal(t, tt.wantVersion, meta.Version)
			uid, ok := lr.Attributes().Get(attrRecordUID)
			require.True(t, ok)
			assert.Equal(t, tt.wantKey, uid.Str())
		})
	}
}

func mustAuditKey(tb testing.TB, item string) string {
	tb.Helper()
	key, err := AuditKey([]byte(item))
	require.NoError(tb, err)
	return key
}
