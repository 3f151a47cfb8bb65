package translate

import (
	"encoding/base64"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// jsonWriter renders pcommon values (and evTrees, ocsf_tree.go) as JSON
// text into reusable memory. It is hand-written because pdata has no
// encoder for a plain JSON map (its own JSON is OTLP's, and Value.AsString
// goes through AsRaw and encoding/json: a Go map and an interface per
// value, keys sorted), and the two texts it writes need neither:
//   - canonical: the canonical JSON of an item's body that contentKey hashes,
//     keys sorted byte-wise, strings quoted as encoding/json quotes them
//     (valid UTF-8, no doubles: contentKey's conditions);
//   - otherwise an OCSF event's JSON body (body_format: json) and the item
//     values in it: members in the order the mapping wrote them.
type jsonWriter struct {
	buf []byte
	// members is a stack of object members, each canonical object sorting
	// its own segment on top.
	members   []jsonMember
	canonical bool
	// verbatim is the item's (item.verbatim): every string is quoted as it
	// is.
	verbatim bool
}

type jsonMember struct {
	key string
	val pcommon.Value
}

// maxPooledJSON keeps an unusually large text's buffer out of the pool.
const maxPooledJSON = 64 << 10

var jsonWriters = sync.Pool{New: func() any { return &jsonWriter{buf: make([]byte, 0, 1024)} }}

// getJSONWriter returns an empty pooled writer; release hands it back.
func getJSONWriter(canonical, verbatim bool) *jsonWriter {
	w := jsonWriters.Get().(*jsonWriter)
	w.buf, w.canonical, w.verbatim = w.buf[:0], canonical, verbatim
	return w
}

func (w *jsonWriter) release() {
	if cap(w.buf) <= maxPooledJSON {
		jsonWriters.Put(w)
	}
}

func (w *jsonWriter) appendMap(dst []byte, m pcommon.Map) []byte {
	if !w.canonical {
		dst = append(dst, '{')
		first := true
		for k, v := range m.All() {
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = w.appendString(dst, k)
			dst = append(dst, ':')
			dst = w.appendValue(dst, v)
		}
		return append(dst, '}')
	}
	base := len(w.members)
	for k, v := range m.All() {
		w.members = append(w.members, jsonMember{k, v})
	}
	// Byte-wise, as encoding/json sorts map keys.
	slices.SortFunc(w.members[base:], func(a, b jsonMember) int { return strings.Compare(a.key, b.key) })
	dst = append(dst, '{')
	for i := base; i < len(w.members); i++ {
		if i > base {
			dst = append(dst, ',')
		}
		// Indexed, not ranged: nested objects push onto w.members, which
		// may move it.
		mb := w.members[i]
		dst = w.appendString(dst, mb.key)
		dst = append(dst, ':')
		dst = w.appendValue(dst, mb.val)
	}
	clear(w.members[base:]) // drop the references the pool would keep
	w.members = w.members[:base]
	return append(dst, '}')
}

func (w *jsonWriter) appendValue(dst []byte, v pcommon.Value) []byte {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return w.appendString(dst, v.Str())
	case pcommon.ValueTypeInt:
		return strconv.AppendInt(dst, v.Int(), 10)
	case pcommon.ValueTypeDouble:
		return appendJSONFloat(dst, v.Double())
	case pcommon.ValueTypeBool:
		return strconv.AppendBool(dst, v.Bool())
	case pcommon.ValueTypeMap:
		return w.appendMap(dst, v.Map())
	case pcommon.ValueTypeSlice:
		sl := v.Slice()
		dst = append(dst, '[')
		for i := 0; i < sl.Len(); i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = w.appendValue(dst, sl.At(i))
		}
		return append(dst, ']')
	case pcommon.ValueTypeBytes: // as encoding/json writes a []byte
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, v.Bytes().AsRaw())
		return append(dst, '"')
	default: // Empty (JSON null)
		return append(dst, "null"...)
	}
}

// appendString is appendCanonicalString, which for a verbatim item (strings
// of printable ASCII without '"' or '\\', see item.verbatim) only quotes.
func (w *jsonWriter) appendString(dst []byte, s string) []byte {
	if w.verbatim {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	return appendCanonicalString(dst, s)
}

// appendJSONFloat writes f as encoding/json does: the shortest text that
// reads back as f, in exponent form below 1e-6 and from 1e21 on, with a
// one-digit negative exponent unpadded. JSON has no NaN or infinity (a
// decoded item holds neither): null.
func appendJSONFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}
