package translate

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// plainSeeds are items on both sides of decodePlain: ones it decodes
// (escapes, non-ASCII, numbers, nesting, repeated keys) and ones it leaves to
// the general path (surrogate escapes, invalid UTF-8, bad syntax).
var plainSeeds = []string{
	`{}`, ` {"a":1} `, `{"a":"b","a":[1,-0,1.5,1e400,9223372036854775808,true,false,null,{}]}`,
	`{"q":"x:\"y\" \\ \/ \b\f\n\r\t \u00e9\u2028\u0000","é":"ü\u2029"}`,
	"{\"a\":\"x\u2028y<é>\"}", `{"a":{"b":{"c":[[],[{}]]}}}`, `{"":"\\ud8"}`, `{"a":"\ud83d\ude00"}`, `{"a":"\uDFFF"}`, "{\"a\":\"\xff\"}",
	`{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":1e}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":tru}`,
	`{"a":1,}`, `{"a" 1}`, `{"a":1}x`, `{"a":1}{}`, `[1]`, `"a"`, "{\"a\":\"\t\"}", `{"a":[1,]}`,
	`{"a":1` + strings.Repeat(`,"b":[`, 70) + strings.Repeat(`]`, 70) + `}`,
}

// TestDecodePlain: decodePlain decodes the sample items (the fast path is
// taken), and agrees with the general path on them and on the seeds.
func TestDecodePlain(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join(samples, "*.json"))
	plain := 0
	for _, page := range pages {
		for _, it := range readItems(t, filepath.Base(page)) {
			if comparePlain(t, []byte(it)) {
				plain++
			}
		}
	}
	if plain == 0 {
		t.Fatal("decodePlain decoded no sample item")
	}
	accepted := 0
	for _, s := range plainSeeds {
		if comparePlain(t, []byte(s)) {
			accepted++
		}
	}
	if accepted == 0 || accepted == len(plainSeeds) {
		t.Fatalf("decodePlain accepted %d of %d seeds; they must cover both sides", accepted, len(plainSeeds))
	}
}

// FuzzDecodePlain is TestDecodePlain on arbitrary bytes.
func FuzzDecodePlain(f *testing.F) {
	for _, s := range plainSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { comparePlain(t, raw) })
}

// comparePlain fails t unless decodePlain(raw) is nil or the general path's
// item, and reports whether it decoded raw.
func comparePlain(t *testing.T, raw []byte) bool {
	t.Helper()
	it := decodePlain(raw, 0)
	if it == nil {
		return false
	}
	if !json.Valid(raw) {
		t.Fatalf("%q: invalid JSON decoded", raw)
	}
	want, err := decodeGeneral(raw, 0)
	if err != nil {
		t.Fatalf("%q: decoded, general path fails: %v", raw, err)
	}
	// The general path's plainText may be false where decodePlain's is true:
	// hasSurrogateEscape takes an escaped backslash before "ud8" for a
	// surrogate escape. Then the two keys take different ways: they must
	// agree.
	if !utf8.Valid(raw) || it.exactNumbers != want.exactNumbers {
		t.Fatalf("%q: exactNumbers %v, general path %v", raw, it.exactNumbers, want.exactNumbers)
	}
	if got, w := dumpMap(it.body), dumpMap(want.body); got != w {
		t.Fatalf("%q: body\n%s\nwant\n%s", raw, got, w)
	}
	if got, err := contentKey(it); err != nil {
		t.Fatalf("%q: key: %v", raw, err)
	} else if w, err := contentKey(want); err != nil || got != w {
		t.Fatalf("%q: key %s, general path %s (%v)", raw, got, w, err)
	}
	if it.verbatim {
		// Every string is its own canonical text: the key is the reference's.
		ref, err := referenceCanonicalJSON(raw)
		if err != nil {
			t.Fatal(err)
		}
		if key, _ := contentKey(it); it.exactNumbers && key != hexSHA256(ref) {
			t.Fatalf("%q: verbatim key differs from the reference", raw)
		}
	}
	return true
}

// dumpMap renders m with its members in order and every value's type.
func dumpMap(m pcommon.Map) string {
	var b strings.Builder
	var dump func(v pcommon.Value)
	dump = func(v pcommon.Value) {
		switch v.Type() {
		case pcommon.ValueTypeMap:
			b.WriteString("{")
			for k, e := range v.Map().All() {
				fmt.Fprintf(&b, "%q:", k)
				dump(e)
				b.WriteString(",")
			}
			b.WriteString("}")
		case pcommon.ValueTypeSlice:
			b.WriteString("[")
			for i := 0; i < v.Slice().Len(); i++ {
				dump(v.Slice().At(i))
				b.WriteString(",")
			}
			b.WriteString("]")
		default:
			fmt.Fprintf(&b, "%s(%q)", v.Type(), v.AsString())
		}
	}
	v := pcommon.NewValueMap()
	m.CopyTo(v.Map())
	dump(v)
	return b.String()
}
