package translate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// AuditKey is the audit dedup key of a raw item: the lowercase hex SHA-256 of
// its canonical JSON (see the package documentation for the definition).
func AuditKey(item []byte) (string, error) {
	it, err := decodeItem(item, AuditLog.fields)
	if err != nil {
		return "", err
	}
	return contentKey(it)
}

// contentKey hashes the canonical JSON of it.
//
// The fast path renders into a pooled jsonWriter and hexes the
// sum on the stack: per key that leaves one allocation, the key string,
// where a fresh buffer, a member slice per object and hex.EncodeToString's
// two allocations were a quarter of an audit item's translation
// (BENCHMARKS.md, section 1). The bytes hashed are unchanged:
// TestContentKeyMatchesLegacy and FuzzContentKeyLegacy compare them with the
// previous implementation.
func contentKey(it *item) (string, error) {
	if !it.exactNumbers || !it.plainText {
		canon, err := referenceCanonicalJSON(it.raw)
		if err != nil {
			return "", err
		}
		return hexSHA256(canon), nil
	}
	w := getJSONWriter(true, it.verbatim)
	w.buf = w.appendMap(w.buf, it.body)
	key := hexSHA256(w.buf)
	w.release()
	return key, nil
}

// hexSHA256 is the lowercase hex SHA-256 of b, encoded on the stack so that
// the returned string is the only allocation.
func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// referenceCanonicalJSON is the definition of canonical JSON, word for word:
// decode with UseNumber, re-encode with encoding/json (sorted map keys), HTML
// escaping off, no indentation, no trailing newline.
//
// The fast path (jsonWriter, canonical) renders the same bytes from the decoded
// body without a second decode; it is used only where it provably agrees:
// numbers whose text the body keeps exactly, and strings that json-iterator
// and encoding/json decode identically (valid UTF-8, no \uD800-\uDFFF
// escapes, whose edge cases the two libraries resolve differently).
// FuzzCanonicalJSON checks the two against each other.
func referenceCanonicalJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil || v == nil {
		return nil, fmt.Errorf("%w: not a JSON object", ErrInvalidItem)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("%w: canonical JSON: %v", ErrInvalidItem, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// hasSurrogateEscape reports whether raw contains a \u escape in the UTF-16
// surrogate range (\uD800-\uDFFF). A false positive (an escaped backslash
// followed by such text) only sends the item to the slower exact path.
func hasSurrogateEscape(raw []byte) bool {
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

// appendCanonicalString quotes s exactly as encoding/json does with HTML
// escaping off (encode.go appendString): short escapes for \\ \" \b \f \n \r
// \t, \u00XX for other control bytes, \u2028 and \u2029 escaped, everything
// else verbatim, and an invalid UTF-8 byte (none in a canonical text, see
// contentKey) as \ufffd.
func appendCanonicalString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 { // an invalid byte
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
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
