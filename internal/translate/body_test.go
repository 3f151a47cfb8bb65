package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

func TestBodyIsLossless(t *testing.T) {
	item := `{"uuid":"u","eventTime":1715676500000,
		"int":42, "negInt":-7, "maxInt":9223372036854775807, "negZero":-0,
		"bigInt":12345678901234567890, "float":1.5, "floatInt":1.0, "exp":1e3, "huge":1e400,
		"str":"a\"b\\c\n\u00e9\ud83d\ude42", "badUTF8":"x` + "\xff" + `y",
		"t":true, "f":false, "null":null,
		"arr":[1,"two",[3,[4]],{"five":5},null],
		"obj":{"nested":{"deeper":{"n":1}},"empty":{},"emptyArr":[]},
		"dup":1, "dup":2}`
	lr := translateOne(t, Options{Kind: Search, Source: "detections"}, item)
	body := lr.Body()
	require.Equal(t, pcommon.ValueTypeMap, body.Type())
	m := body.Map()

	typeOf := func(k string) pcommon.ValueType {
		v, ok := m.Get(k)
		require.True(t, ok, k)
		return v.Type()
	}
	tests := []struct {
		key      string
		wantType pcommon.ValueType
		want     any // as pcommon's AsRaw renders it
	}{
		{"int", pcommon.ValueTypeInt, int64(42)},
		{"negInt", pcommon.ValueTypeInt, int64(-7)},
		{"maxInt", pcommon.ValueTypeInt, int64(9223372036854775807)},
		{"negZero", pcommon.ValueTypeInt, int64(0)},
		{"eventTime", pcommon.ValueTypeInt, int64(1715676500000)},
		{"bigInt", pcommon.ValueTypeDouble, 12345678901234567890.0},
		{"float", pcommon.ValueTypeDouble, 1.5},
		{"floatInt", pcommon.ValueTypeDouble, 1.0},
		{"exp", pcommon.ValueTypeDouble, 1000.0},
		{"huge", pcommon.ValueTypeStr, "1e400"}, // beyond float64: literal text kept
		{"str", pcommon.ValueTypeStr, "a\"b\\c\né🙂"},
		{"badUTF8", pcommon.ValueTypeStr, "x\uFFFDy"},
		{"t", pcommon.ValueTypeBool, true},
		{"f", pcommon.ValueTypeBool, false},
		{"null", pcommon.ValueTypeEmpty, nil},
		{"arr", pcommon.ValueTypeSlice, []any{int64(1), "two", []any{int64(3), []any{int64(4)}}, map[string]any{"five": int64(5)}, nil}},
		{"obj", pcommon.ValueTypeMap, map[string]any{"nested": map[string]any{"deeper": map[string]any{"n": int64(1)}}, "empty": map[string]any{}, "emptyArr": []any{}}},
		{"dup", pcommon.ValueTypeInt, int64(2)}, // last wins, as with encoding/json
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.wantType, typeOf(tt.key))
			v, _ := m.Get(tt.key)
			assert.Equal(t, tt.want, v.AsRaw())
		})
	}

	// The body keeps the item's own key order.
	var keys []string
	for k := range m.All() {
		keys = append(keys, k)
	}
	assert.Equal(t, []string{"uuid", "eventTime", "int", "negInt", "maxInt", "negZero", "bigInt", "float", "floatInt",
		"exp", "huge", "str", "badUTF8", "t", "f", "null", "arr", "obj", "dup"}, keys)
}

func TestBodyAsJSON(t *testing.T) {
	item := "{\n  \"uuid\": \"u\",\n  \"eventTime\": 1715676500000,\n  \"n\": 1.50,\n  \"s\": \"<&> \\u00e9\"\n}"
	lr := translateOne(t, Options{Kind: Search, Source: "detections", BodyAsJSON: true}, item)
	require.Equal(t, pcommon.ValueTypeStr, lr.Body().Type())
	// Compacted, otherwise byte for byte: number text and escapes kept.
	assert.Equal(t, `{"uuid":"u","eventTime":1715676500000,"n":1.50,"s":"<&> \u00e9"}`, lr.Body().Str())
	// Attributes are still promoted from the decoded item.
	uid, ok := lr.Attributes().Get(attrRecordUID)
	require.True(t, ok)
	assert.Equal(t, "u", uid.Str())
}

func TestTranslateDoesNotKeepItem(t *testing.T) {
	for _, bodyAsJSON := range []bool{false, true} {
		item := []byte(`{"uuid":"abc","eventTime":1715676500000,"hostName":"h1"}`)
		tr, err := New(named(Options{Kind: Search, Source: "detections", BodyAsJSON: bodyAsJSON}))
		require.NoError(t, err)
		lr := plog.NewLogRecord()
		meta, err := tr.Translate(item, observedAt, lr)
		require.NoError(t, err)

		for i := range item {
			item[i] = 'X' // the caller reuses its page buffer
		}
		assert.Equal(t, "abc", meta.Key)
		if bodyAsJSON {
			assert.Equal(t, `{"uuid":"abc","eventTime":1715676500000,"hostName":"h1"}`, lr.Body().Str())
		} else {
			assert.Equal(t, map[string]any{"uuid": "abc", "eventTime": int64(1715676500000), "hostName": "h1"}, lr.Body().Map().AsRaw())
		}
		v, _ := lr.Attributes().Get(attrHostName)
		assert.Equal(t, "h1", v.Str())
	}
}
