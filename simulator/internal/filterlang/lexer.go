package filterlang

import (
	"fmt"
	"strings"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokLParen
	tokRParen
	tokAnd
	tokOr
	tokNot
	tokWord    // filter: an identifier; query: a bare word
	tokString  // a quoted value; text is the raw content between the quotes
	tokComma   // filter only
	tokColon   // query only
	tokInvalid // input the lexer cannot read; text is the reason
)

type token struct {
	kind tokenKind
	pos  int
	text string
}

// lexer yields the tokens of one input in order, then tokEOF (or tokInvalid)
// for good. Tokens are read on demand, so input past the first error, such as
// thousands of parentheses beyond MaxDepth, is never even scanned.
type lexer interface{ scan() token }

func invalid(pos int, reason string) token { return token{kind: tokInvalid, pos: pos, text: reason} }

var punctuation = map[byte]tokenKind{'(': tokLParen, ')': tokRParen, ',': tokComma, ':': tokColon}

// scanner is what both lexers share: spaces, the end of input, one-byte
// punctuation and quoted values.
type scanner struct {
	s           string
	i           int
	punct       string                            // bytes that are tokens by themselves
	quote       byte                              // opens and closes a value
	endOfString func(s string, i int) (int, bool) // index of the quote closing content that starts at i
}

// scanShared reads the next token if it is of a shared kind; otherwise it
// returns false with l.i at the start of the token.
func (l *scanner) scanShared() (token, bool) {
	l.i = skipSpace(l.s, l.i)
	if l.i == len(l.s) {
		return token{kind: tokEOF, pos: l.i}, true
	}
	start, c := l.i, l.s[l.i]
	switch {
	case strings.IndexByte(l.punct, c) >= 0:
		l.i++
		return token{kind: punctuation[c], pos: start, text: l.s[start:l.i]}, true
	case c == l.quote:
		end, ok := l.endOfString(l.s, start+1)
		if !ok {
			return invalid(start, "missing closing quote"), true
		}
		l.i = end + 1
		return token{kind: tokString, pos: start, text: l.s[start+1 : end]}, true
	}
	return token{}, false
}

// scanWord reads a word: the byte at l.i and the bytes after it for which
// inWord holds.
func (l *scanner) scanWord(inWord func(byte) bool) token {
	start := l.i
	for l.i++; l.i < len(l.s) && inWord(l.s[l.i]); l.i++ {
	}
	return wordToken(start, l.s[start:l.i])
}

// wordToken classifies a word as a boolean keyword or a plain word.
func wordToken(pos int, text string) token {
	kind := tokWord
	switch {
	case strings.EqualFold(text, "and"):
		kind = tokAnd
	case strings.EqualFold(text, "or"):
		kind = tokOr
	case strings.EqualFold(text, "not"):
		kind = tokNot
	}
	return token{kind: kind, pos: pos, text: text}
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

// describe names a token in an error message, keeping the message short.
func describe(t token) string {
	const maxShown = 32
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "a quoted value"
	case tokWord:
		if len(t.text) > maxShown {
			return fmt.Sprintf("%q...", t.text[:maxShown])
		}
		return fmt.Sprintf("%q", t.text)
	}
	return "'" + t.text + "'"
}
