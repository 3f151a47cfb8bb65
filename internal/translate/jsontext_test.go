package translate

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// marshalled is what encoding/json writes for v's raw form, HTML escaping
// off: the text the writer must match.
func marshalled(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// eventText is the writer's text of m, an event's JSON body.
func eventText(m pcommon.Map) string {
	w := getJSONWriter(false, false)
	defer w.release()
	return string(w.appendMap(w.buf, m))
}

// TestJSONWriterValues: each kind of value is written as encoding/json
// writes it, and a map's members keep their order.
func TestJSONWriterValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(v pcommon.Value)
	}{
		{"string", func(v pcommon.Value) { v.SetStr("a \"quoted\" \\ <tag> & tab\t nl\n é 😀 \u2028\x01") }},
		{"invalid UTF-8", func(v pcommon.Value) { v.SetStr("ok \xff\xfe end") }},
		{"int", func(v pcommon.Value) { v.SetInt(-9007199254740993) }},
		{"double", func(v pcommon.Value) { v.SetDouble(3.25) }},
		{"whole double", func(v pcommon.Value) { v.SetDouble(100) }},
		{"small double", func(v pcommon.Value) { v.SetDouble(1.5e-9) }},
		{"large double", func(v pcommon.Value) { v.SetDouble(-2e21) }},
		{"bool", func(v pcommon.Value) { v.SetBool(true) }},
		{"null", func(pcommon.Value) {}},
		{"bytes", func(v pcommon.Value) { v.SetEmptyBytes().FromRaw([]byte{0, 1, 254, 255}) }},
		{"array", func(v pcommon.Value) {
			s := v.SetEmptySlice()
			s.AppendEmpty().SetStr("x")
			s.AppendEmpty().SetInt(1)
			s.AppendEmpty().SetEmptyMap().PutBool("b", false)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := pcommon.NewMap()
			tc.set(m.PutEmpty("v"))
			assert.Equal(t, marshalled(t, m.AsRaw()), eventText(m))
		})
	}
	t.Run("order", func(t *testing.T) {
		m := pcommon.NewMap()
		m.PutInt("z", 1)
		m.PutEmptyMap("a").PutStr("y", "1")
		m.PutStr("m", "2")
		assert.Equal(t, `{"z":1,"a":{"y":"1"},"m":"2"}`, eventText(m))
	})
	t.Run("not a number", func(t *testing.T) {
		m := pcommon.NewMap()
		m.PutDouble("nan", math.NaN())
		m.PutDouble("inf", math.Inf(1))
		assert.Equal(t, `{"nan":null,"inf":null}`, eventText(m))
	})
}

// FuzzJSONWriter: whatever a string or a double holds, the writer writes it
// byte for byte as encoding/json does (HTML escaping off).
func FuzzJSONWriter(f *testing.F) {
	f.Add("plain", 1.5)
	f.Add("\"\\\x00\u2028\xff<>&", 1e-7)
	f.Add("", -1e300)
	f.Fuzz(func(t *testing.T, s string, d float64) {
		if math.IsNaN(d) || math.IsInf(d, 0) {
			d = 0 // encoding/json refuses them; the writer writes null
		}
		m := pcommon.NewMap()
		m.PutStr(s, s)
		require.Equal(t, marshalled(t, m.AsRaw()), eventText(m))
		m = pcommon.NewMap()
		m.PutDouble("d", d)
		require.Equal(t, marshalled(t, m.AsRaw()), eventText(m))
	})
}
