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
	// verbatim reports that no string in raw has an escape or a byte
	// outside ASCII: each is its own canonical JSON text between quotes.
	verbatim bool
}

// decodePlain is decodeItem for the common item: a JSON object that is
// valid UTF-8 without \uD800-\uDFFF escapes (item.plainText), nested at most
// maxPlainDepth deep. It validates and decodes in one pass, where the
// general path (decodeGeneral) scans the item four times: segmentio's Valid,
// utf8.Valid, the surrogate search and json-iterator (BENCHMARKS.md, section
// 1, "The audit key (issue 15)"). It is hand-written because no library
// decodes into pcommon in one validating pass. It makes the calls on the
// body that the general path makes (PutEmpty per member in order,
// AppendEmpty per element, setNumber on each number's literal text), so the
// body is the same; and it accepts only what encoding/json's Valid accepts.
// On anything else (invalid UTF-8, a surrogate escape, deeper nesting, any
// syntax error) it returns nil and decodeItem takes the general path, which
// gives the item's error as before. TestDecodePlain and FuzzDecodePlain
// check both claims.
func decodePlain(raw []byte, fields int) *item {
	p := plainParser{b: raw, it: &item{body: pcommon.NewMap(), raw: raw, exactNumbers: true, plainText: true, verbatim: true}}
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return nil
	}
	p.it.body.EnsureCapacity(fields)
	// One copy of the item holds every member name and string value that
	// has no escape, as substrings: one allocation per item instead of one
	// per name and per string (about twenty for an audit item). A Go string
	// is immutable, so the record may share it; its body holds these values
	// anyway, and the copy is no larger than the item (though a value kept
	// alone, say an attribute after the body is dropped, keeps it all).
	p.s = string(raw)
	if !p.object(p.it.body, 0) {
		return nil
	}
	if p.space(); p.i != len(p.b) {
		return nil
	}
	return p.it
}

// maxPlainDepth bounds decodePlain's recursion; deeper items (none in the
// API's schemas) take the general path.
const maxPlainDepth = 64

type plainParser struct {
	b  []byte
	s  string // b, copied once: the text of every string without escapes
	i  int
	it *item
}

func (p *plainParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// object parses the object at p.i ('{') into m.
func (p *plainParser) object(m pcommon.Map, depth int) bool {
	if depth >= maxPlainDepth {
		return false
	}
	p.i++ // '{'
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return true
	}
	for {
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return false
		}
		key, ok := p.str()
		if !ok {
			return false
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return false
		}
		p.i++
		p.space()
		// PutEmpty replaces the value of a repeated key, as in readObject.
		if !p.value(m.PutEmpty(key), depth) {
			return false
		}
		p.space()
		if p.i >= len(p.b) {
			return false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
			p.space()
		case '}':
			p.i++
			return true
		default:
			return false
		}
	}
}

// value parses the value at p.i, which follows any white space, into dst.
func (p *plainParser) value(dst pcommon.Value, depth int) bool {
	if p.i >= len(p.b) {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '"':
		s, ok := p.str()
		if ok {
			dst.SetStr(s)
		}
		return ok
	case c == '{':
		return p.object(dst.SetEmptyMap(), depth+1)
	case c == '[':
		if depth+1 >= maxPlainDepth {
			return false
		}
		s := dst.SetEmptySlice()
		p.i++
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return true
		}
		for {
			if !p.value(s.AppendEmpty(), depth+1) {
				return false
			}
			p.space()
			if p.i >= len(p.b) {
				return false
			}
			switch p.b[p.i] {
			case ',':
				p.i++
				p.space()
			case ']':
				p.i++
				return true
			default:
				return false
			}
		}
	case c == 't' || c == 'f':
		b := c == 't'
		if !p.literal(strconv.FormatBool(b)) {
			return false
		}
		dst.SetBool(b)
		return true
	case c == 'n':
		return p.literal("null") // dst stays an empty value, as in readValue
	case c == '-' || ('0' <= c && c <= '9'):
		start := p.i
		if !p.number() {
			return false
		}
		p.it.setNumber(dst, string(p.b[start:p.i]))
		return true
	}
	return false
}

func (p *plainParser) literal(lit string) bool {
	if len(p.b)-p.i < len(lit) || string(p.b[p.i:p.i+len(lit)]) != lit {
		return false
	}
	p.i += len(lit)
	return true
}

// number scans a number as JSON's grammar defines it (RFC 8259, section 6):
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (p *plainParser) number() bool {
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return false
		}
	}
	return true
}

func (p *plainParser) digits() int {
	start := p.i
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

// str parses the string at p.i ('"'). It refuses control bytes (which JSON
// allows only escaped), invalid UTF-8 and \uD800-\uDFFF escapes, whose edge
// cases json-iterator and encoding/json resolve differently (see
// item.plainText); every other string decodes the same in both, as here.
func (p *plainParser) str() (string, bool) {
	p.i++ // '"'
	start, ascii := p.i, true
	for ; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !ascii {
				if !utf8.Valid(s) {
					return "", false
				}
				p.it.verbatim = false
			}
			return p.s[start : p.i-1], true
		case c == '\\':
			if !ascii && !utf8.Valid(p.b[start:p.i]) {
				return "", false
			}
			p.it.verbatim = false
			return p.escaped(append(make([]byte, 0, p.i-start+16), p.b[start:p.i]...))
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// escaped finishes a string whose text so far is buf, at a backslash.
func (p *plainParser) escaped(buf []byte) (string, bool) {
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			tail := p.b[start:p.i]
			p.i++
			if !utf8.Valid(tail) {
				return "", false
			}
			return string(append(buf, tail...)), true
		case c < 0x20:
			return "", false
		case c != '\\':
			p.i++
			continue
		}
		tail := p.b[start:p.i]
		if !utf8.Valid(tail) {
			return "", false
		}
		buf = append(buf, tail...)
		if p.i+1 >= len(p.b) {
			return "", false
		}
		switch e := p.b[p.i+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			if p.i+6 > len(p.b) {
				return "", false
			}
			var r rune
			for _, h := range p.b[p.i+2 : p.i+6] {
				switch {
				case '0' <= h && h <= '9':
					r = r<<4 | rune(h-'0')
				case 'a' <= h && h <= 'f':
					r = r<<4 | rune(h-'a'+10)
				case 'A' <= h && h <= 'F':
					r = r<<4 | rune(h-'A'+10)
				default:
					return "", false
				}
			}
			if 0xD800 <= r && r <= 0xDFFF {
				return "", false
			}
			buf = utf8.AppendRune(buf, r)
			p.i += 4
		default:
			return "", false
		}
		p.i += 2
		start = p.i
	}
	return "", false
}

// decodeItem validates raw as one JSON object and decodes it into a pcommon
// map, sized for fields top-level fields (0: unknown): by decodePlain when
// it can, which gives the same item in one pass, else by decodeGeneral.
func decodeItem(raw []byte, fields int) (*item, error) {
	if it := decodePlain(raw, fields); it != nil {
		return it, nil
	}
	return decodeGeneral(raw, fields)
}

// decodeGeneral is decodeItem for every item, the definition of its result
// and its errors.
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
func decodeGeneral(raw []byte, fields int) (*item, error) {
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
