package translate

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	jsoniter "github.com/json-iterator/go"
	segjson "github.com/segmentio/encoding/json"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// item is one decoded Vision One item.
type item struct {
	// body is the item as a map, in the item's own key order.
	body pcommon.Map
	// raw is the item as received; it is only read during the call that
	// decoded it (the canonical-JSON fallback) and never retained.
	raw []byte
	// exactNumbers reports that every number in raw is an integer whose
	// literal text equals its decimal rendering, so that canonical JSON
	// rendered from body reproduces each number's literal text.
	exactNumbers bool
	// plainText reports that raw is valid UTF-8 without \uD800-\uDFFF
	// escapes. Then every string in it decodes to valid UTF-8 (its bytes
	// between ASCII quotes and backslashes are valid UTF-8, and any other
	// \u escape encodes a valid rune), so validUTF8 need not look at each
	// string, and canonical JSON may be rendered from body (contentKey).
	plainText bool
}

// decodeItem validates raw as one JSON object and decodes it in one pass into
// a pcommon map, sized for fields top-level fields (0: unknown).
//
// encoding/json alone would need an interface tree first (one allocation per
// value, numbers as json.Number strings) and then a second walk to build
// pcommon values. Instead a validator checks the syntax, and json-iterator,
// the iterator pdata itself uses for OTLP/JSON, streams the values straight
// into pcommon (BENCHMARKS.md, section 1, compares them).
//
// The validator is segmentio/encoding's Valid, a drop-in for encoding/json's
// (it rejects the same inputs; FuzzTranslate checks it against
// encoding/json), several times faster.
func decodeItem(raw []byte, fields int) (*item, error) {
	if !segjson.Valid(raw) {
		return nil, fmt.Errorf("%w: not valid JSON", ErrInvalidItem)
	}
	iter := jsoniter.ConfigDefault.BorrowIterator(raw)
	defer jsoniter.ConfigDefault.ReturnIterator(iter)
	if iter.WhatIsNext() != jsoniter.ObjectValue {
		return nil, fmt.Errorf("%w: not a JSON object", ErrInvalidItem)
	}
	it := &item{body: pcommon.NewMap(), raw: raw, exactNumbers: true,
		plainText: utf8.Valid(raw) && !hasSurrogateEscape(raw)}
	it.body.EnsureCapacity(fields)
	it.readObject(iter, it.body)
	if iter.Error != nil {
		// Unreachable after Valid, kept so that a disagreement between the
		// two parsers is an error rather than a silently partial body.
		return nil, fmt.Errorf("%w: %v", ErrInvalidItem, iter.Error)
	}
	return it, nil
}

func (it *item) readObject(iter *jsoniter.Iterator, m pcommon.Map) {
	iter.ReadMapCB(func(iter *jsoniter.Iterator, key string) bool {
		// PutEmpty replaces the value of a repeated key, so the last one wins
		// as with encoding/json.
		it.readValue(iter, m.PutEmpty(it.validUTF8(key)))
		return true
	})
}

func (it *item) readValue(iter *jsoniter.Iterator, dst pcommon.Value) {
	switch iter.WhatIsNext() {
	case jsoniter.StringValue:
		dst.SetStr(it.validUTF8(iter.ReadString()))
	case jsoniter.NumberValue:
		it.setNumber(dst, string(iter.ReadNumber()))
	case jsoniter.BoolValue:
		dst.SetBool(iter.ReadBool())
	case jsoniter.ObjectValue:
		it.readObject(iter, dst.SetEmptyMap())
	case jsoniter.ArrayValue:
		s := dst.SetEmptySlice()
		iter.ReadArrayCB(func(iter *jsoniter.Iterator) bool {
			it.readValue(iter, s.AppendEmpty())
			return true
		})
	default: // null: dst stays an empty value
		iter.Skip()
	}
}

// setNumber keeps integers that fit int64 as Int and every other number as
// Double. A number beyond float64's range keeps its literal text as Str, the
// only lossless choice left.
func (it *item) setNumber(dst pcommon.Value, lit string) {
	if i, err := strconv.ParseInt(lit, 10, 64); err == nil {
		dst.SetInt(i)
		if lit == "-0" {
			it.exactNumbers = false
		}
		return
	}
	it.exactNumbers = false
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		dst.SetStr(lit)
		return
	}
	dst.SetDouble(f)
}

// validUTF8 is the package's validUTF8, skipped for plain text.
func (it *item) validUTF8(s string) string {
	if it.plainText {
		return s
	}
	return validUTF8(s)
}

// validUTF8 replaces each byte of an invalid UTF-8 sequence with U+FFFD, as
// encoding/json does when it decodes a string.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return string(out)
}
