package translate

import (
	"bytes"
	"strings"
)

// compactJSON is src, JSON that decodeItem has validated, without the
// whitespace outside its strings: encoding/json.Compact's text for valid
// input. It is hand-written because Compact (and segmentio's, which calls
// it) validates the text again byte by byte; this pass only finds the ends
// of strings and the blanks between tokens, and keeps the item's text as
// it came (numbers as written, keys in order, duplicates too).
func compactJSON(src []byte) string {
	var b strings.Builder
	start := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '"':
			i = stringEnd(src, i)
		case isJSONSpace(c):
			if b.Cap() == 0 {
				b.Grow(len(src))
			}
			b.Write(src[start:i])
			for i+1 < len(src) && isJSONSpace(src[i+1]) {
				i++ // a line break and its indent: one run
			}
			start = i + 1
		}
	}
	if b.Cap() == 0 {
		return string(src) // nothing to drop: one copy
	}
	b.Write(src[start:])
	return b.String()
}

// stringEnd is the index of the quote that closes the string opened at
// src[open], or the last index if none does.
func stringEnd(src []byte, open int) int {
	for i := open + 1; ; i++ {
		j := bytes.IndexByte(src[i:], '"')
		if j < 0 {
			return len(src) - 1
		}
		i += j
		backslashes := 0
		for k := i - 1; src[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return i
		}
	}
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
