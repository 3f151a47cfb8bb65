package translate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	jsoniter "github.com/json-iterator/go"
	segjson "github.com/segmentio/encoding/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/simulator"
)

// The content key before issue 15 made it faster, kept verbatim (decode,
// fast path and its conditions) as the reference the keys stored in
// checkpoints were computed with: every key must stay byte-for-byte the
// same, or an upgrade re-delivers a boundary second.
func legacyAuditKey(raw []byte) (string, error) {
	if !segjson.Valid(raw) {
		return "", fmt.Errorf("%w: not valid JSON", ErrInvalidItem)
	}
	iter := jsoniter.ConfigDefault.BorrowIterator(raw)
	defer jsoniter.ConfigDefault.ReturnIterator(iter)
	if iter.WhatIsNext() != jsoniter.ObjectValue {
		return "", fmt.Errorf("%w: not a JSON object", ErrInvalidItem)
	}
	l := &legacyItem{body: pcommon.NewMap(), exact: true}
	l.readObject(iter, l.body)
	if iter.Error != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalidItem, iter.Error)
	}
	var canon []byte
	if l.exact && !legacyHasSurrogateEscape(raw) && utf8.Valid(raw) {
		canon = legacyAppendMap(make([]byte, 0, len(raw)), l.body)
	} else {
		var err error
		if canon, err = referenceCanonicalJSON(raw); err != nil {
			return "", err
		}
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:]), nil
}

type legacyItem struct {
	body  pcommon.Map
	exact bool
}

func (l *legacyItem) readObject(iter *jsoniter.Iterator, m pcommon.Map) {
	iter.ReadMapCB(func(iter *jsoniter.Iterator, key string) bool {
		l.readValue(iter, m.PutEmpty(validUTF8(key)))
		return true
	})
}

func (l *legacyItem) readValue(iter *jsoniter.Iterator, dst pcommon.Value) {
	switch iter.WhatIsNext() {
	case jsoniter.StringValue:
		dst.SetStr(validUTF8(iter.ReadString()))
	case jsoniter.NumberValue:
		lit := string(iter.ReadNumber())
		if i, err := strconv.ParseInt(lit, 10, 64); err == nil {
			dst.SetInt(i)
			if lit == "-0" {
				l.exact = false
			}
			return
		}
		l.exact = false
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			dst.SetStr(lit)
			return
		}
		dst.SetDouble(f)
	case jsoniter.BoolValue:
		dst.SetBool(iter.ReadBool())
	case jsoniter.ObjectValue:
		l.readObject(iter, dst.SetEmptyMap())
	case jsoniter.ArrayValue:
		s := dst.SetEmptySlice()
		iter.ReadArrayCB(func(iter *jsoniter.Iterator) bool {
			l.readValue(iter, s.AppendEmpty())
			return true
		})
	default:
		iter.Skip()
	}
}

func legacyHasSurrogateEscape(raw []byte) bool {
	for i := 0; ; {
		j := bytes.Index(raw[i:], []byte(`\u`))
		if j < 0 {
			return false
		}
		i += j + 2
		if i+1 < len(raw) && (raw[i] == 'd' || raw[i] == 'D') {
			switch raw[i+1] {
			case '8', '9', 'a', 'b', 'c', 'd', 'e', 'f', 'A', 'B', 'C', 'D', 'E', 'F':
				return true
			}
		}
	}
}

func legacyAppendMap(dst []byte, m pcommon.Map) []byte {
	type member struct {
		key string
		val pcommon.Value
	}
	members := make([]member, 0, m.Len())
	for k, v := range m.All() {
		members = append(members, member{k, v})
	}
	slices.SortFunc(members, func(a, b member) int { return strings.Compare(a.key, b.key) })
	dst = append(dst, '{')
	for i, mb := range members {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = legacyAppendString(dst, mb.key)
		dst = append(dst, ':')
		dst = legacyAppendValue(dst, mb.val)
	}
	return append(dst, '}')
}

func legacyAppendValue(dst []byte, v pcommon.Value) []byte {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return legacyAppendString(dst, v.Str())
	case pcommon.ValueTypeInt:
		return strconv.AppendInt(dst, v.Int(), 10)
	case pcommon.ValueTypeBool:
		return strconv.AppendBool(dst, v.Bool())
	case pcommon.ValueTypeMap:
		return legacyAppendMap(dst, v.Map())
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		dst = append(dst, '[')
		for i := 0; i < s.Len(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = legacyAppendValue(dst, s.At(i))
		}
		return append(dst, ']')
	default:
		return append(dst, "null"...)
	}
}

func legacyAppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '\u2028' || r == '\u2029' {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
				start = i + size
			}
			i += size
			continue
		}
		if b >= 0x20 && b != '"' && b != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch b {
		case '\\', '"':
			dst = append(dst, '\\', b)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// simulatorItems fetches full pages from an in-process simulator (fixed seed
// and clock): audit logs and every search source, the items the receiver
// keys by content, as its generator makes them.
func simulatorItems(t *testing.T) map[string][][]byte {
	t.Helper()
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	feeds := map[simulator.Feed]string{
		simulator.Audit: "audit/logs", simulator.SearchDetections: "search/detections",
		simulator.EndpointActivities: "search/endpointActivities", simulator.NetworkActivities: "search/networkActivities",
		simulator.EmailActivities: "search/emailActivities", simulator.CloudActivities: "search/cloudActivities",
		simulator.MobileActivities: "search/mobileActivities", simulator.IdentityActivities: "search/identityActivities",
		simulator.ContainerActivities: "search/containerActivities",
	}
	rates := map[simulator.Feed]float64{}
	for f := range feeds {
		rates[f] = 600
	}
	rates[simulator.Audit] = 6000
	sim, err := simulator.New(simulator.Options{Seed: 15, History: time.Hour, Clock: simulator.ManualClock(now), RateLimit: -1, Rates: rates})
	require.NoError(t, err)
	get := func(path string, q url.Values) [][]byte {
		req := httptest.NewRequest(http.MethodGet, "/v3.0/"+path+"?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+simulator.DemoKey)
		req.Header.Set("TMV1-Query", "*")
		w := httptest.NewRecorder()
		sim.Handler().ServeHTTP(w, req)
		require.Equal(t, http.StatusOK, w.Code, "%s: %s", path, w.Body.String())
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &page), path)
		require.NotEmpty(t, page.Items, path)
		items := make([][]byte, len(page.Items))
		for i, it := range page.Items {
			items[i] = it
		}
		return items
	}
	apiTime := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
	out := map[string][][]byte{}
	for path := range maps.Values(feeds) {
		if path != "audit/logs" {
			out[path] = get(path, url.Values{"startDateTime": {apiTime(now.Add(-time.Hour))}, "endDateTime": {apiTime(now)}, "top": {"5000"}})
			continue
		}
		// Ten full pages (top is at most 200) of two-minute windows.
		for w := range 10 {
			from := now.Add(-time.Hour + time.Duration(w)*2*time.Minute)
			out[path] = append(out[path], get(path, url.Values{"startDateTime": {apiTime(from)}, "endDateTime": {apiTime(from.Add(2 * time.Minute))}, "top": {"200"}, "labels": {"all"}})...)
		}
	}
	require.GreaterOrEqual(t, len(out["audit/logs"]), 1500, "audit items")
	return out
}

// TestContentKeyMatchesLegacy checks the content key, through AuditKey and
// through Translate (audit logs, search items without uuid), against the
// previous implementation: the sample pages, the simulator's audit and
// search items, and the edge cases that choose between fast and exact path.
func TestContentKeyMatchesLegacy(t *testing.T) {
	corpora := map[string][][]byte{}
	pages, err := filepath.Glob(filepath.Join(samples, "*_page*.json"))
	require.NoError(t, err)
	for _, page := range pages {
		corpora["samples/"+filepath.Base(page)] = readItems(t, filepath.Base(page))
	}
	for path, items := range simulatorItems(t) {
		corpora["simulator/"+path] = items
	}
	for _, s := range []string{
		`{}`, auditVectorItem,
		`{"b":{"d":[],"c":{}},"a":[null,true,false,0,-12,9223372036854775807],"c":{"z":{"y":{"x":[{"b":1,"a":2}]}}}}`,
		`{"html":"<a href=\"x\">&amp;</a>","ctl":"\u0000\u001f\b\f\n\r\t\u007f","ls":"\u2028\u2029","uni":"é漢字🙂"}`,
		`{"esc":"\\\"\/","\u00e9":"\u00E9","dup":1,"dup":2,"é":1,"e":2,"E":3,"":4}`,
		`{"float":1.50,"exp":1e3,"neg0":-0,"big":12345678901234567890,"huge":1e400}`,
		`{"pair":"\ud83d\ude42","lone":"\ud800x","twice":"\ud800\ud800\udc00","back":"\\ud800"}`,
		"{\"bad\":\"\xff\xfe a\xe2\x82\",\"k\xc3\":1}",
	} {
		corpora["edge cases"] = append(corpora["edge cases"], []byte(s))
	}

	audit, err := New(named(Options{Kind: AuditLog}))
	require.NoError(t, err)
	search, err := New(named(Options{Kind: Search, Source: "emailActivities"}))
	require.NoError(t, err)
	var n int
	for name, items := range corpora {
		t.Run(name, func(t *testing.T) {
			for i, item := range items {
				want, err := legacyAuditKey(item)
				require.NoError(t, err, "%d", i)
				got, err := AuditKey(item)
				require.NoError(t, err, "%d", i)
				require.Equal(t, want, got, "item %d: %s", i, item)
				n++

				// The same key from Translate, as audit log and as a search
				// item without uuid (the translators' own paths to it).
				if meta, err := audit.Translate(item, observedAt, plog.NewLogRecord()); err == nil {
					require.Equal(t, want, meta.Key, "audit item %d", i)
				}
				withTime := withoutUUID(t, item)
				wantSearch, err := legacyAuditKey(withTime)
				require.NoError(t, err)
				meta, err := search.Translate(withTime, observedAt, plog.NewLogRecord())
				require.NoError(t, err, "search item %d", i)
				require.Equal(t, wantSearch, meta.Key, "search item %d", i)
			}
		})
	}
	assert.Greater(t, n, 5000, "items compared")
}

// withoutUUID is item without uuid and with an eventTime, as a search
// source that declares no uuid serves it.
func withoutUUID(t *testing.T, item []byte) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(item, &m))
	delete(m, "uuid")
	if _, ok := m["eventTime"]; !ok {
		m["eventTime"] = json.RawMessage(`1601249307000`)
	}
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// FuzzContentKeyLegacy compares the content key with the previous
// implementation on arbitrary input, seeded with every sample item: the
// same key, or both an error.
func FuzzContentKeyLegacy(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join(samples, "*_page*.json"))
	for _, page := range pages {
		for _, it := range readItems(f, filepath.Base(page)) {
			f.Add([]byte(it))
		}
	}
	raw, err := os.ReadFile(filepath.Join(samples, "audit_logs_page.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"a":"<&>\u2028\u0000é","b":[1,-0,1.0,null,{"c":true,"b":{"a":[]}}],"a":2}`))
	f.Add([]byte(`{"s":"\ud83d\ude42\ud800","t":"\\ud800"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := legacyAuditKey(data)
		got, err := AuditKey(data)
		if (err != nil) != (wantErr != nil) || got != want {
			t.Fatalf("AuditKey %q (%v), legacy %q (%v)", got, err, want, wantErr)
		}
		if err != nil {
			return
		}
		meta, err := mustTranslator(t, Options{Kind: AuditLog}).Translate(data, observedAt, plog.NewLogRecord())
		if err == nil && meta.Key != want {
			t.Fatalf("Translate key %q, legacy %q", meta.Key, want)
		}
	})
}

func mustTranslator(t *testing.T, o Options) *Translator {
	t.Helper()
	tr, err := New(named(o))
	require.NoError(t, err)
	return tr
}
