package filterlang

import "strings"

// MatchKind is how a search field compares a query value with an item's
// values; §4.1 lists each field as Partial or Full.
type MatchKind int

const (
	Partial MatchKind = iota // case-insensitive substring
	Full                     // case-insensitive equality of the whole value
)

// ParseQuery parses a TMV1-Query header (§1.6, §4.1):
// `field:value`, values in double quotes when they contain spaces or special
// characters (`src:"192.169.1.1"`), `and`, `or`, `not`, `( )`, `*` alone =
// match everything, `field:*` = the field exists on the item, `*` inside a
// value is a wildcard (`hostName:web*`). fields maps allowed names to how they
// match; nil = any field, Partial. Errors are *SyntaxError.
func ParseQuery(s string, fields map[string]MatchKind) (Expr, error) {
	p := newParser(newQueryLexer(s), queryFields(fields).parseCondition)
	if p.peek().kind == tokEOF { // the header is required (§4.1)
		return nil, errorf(0, "empty query")
	}
	return p.parseAll()
}

type queryFields map[string]MatchKind

// fieldMatch is `field:value`. segs is the value split at its wildcards as
// written; lower is segs lowercased once for matching.
type fieldMatch struct {
	field string
	kind  MatchKind
	segs  []string
	lower []string
}

// fieldExists is `field:*`: the item has at least one value for the field.
type fieldExists struct{ field string }

func (e fieldMatch) Match(r Resolver) bool {
	for _, v := range r.Values(e.field) {
		if matchWildcard(e.lower, strings.ToLower(v), e.kind == Full) {
			return true
		}
	}
	return false
}

func (e fieldExists) Match(r Resolver) bool { return len(r.Values(e.field)) > 0 }

// String always quotes the value, so any value prints the same way.
func (e fieldMatch) String() string {
	quoted := make([]string, len(e.segs))
	for i, seg := range e.segs {
		quoted[i] = queryEscaper.Replace(seg)
	}
	return e.field + `:"` + strings.Join(quoted, "*") + `"`
}

func (e fieldExists) String() string { return e.field + ":*" }

var queryEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, `*`, `\*`)

func (f queryFields) parseCondition(p *parser) (Expr, error) {
	name := p.next()
	if name.kind == tokWord && name.text == "*" {
		return matchAll{}, nil
	}
	if name.kind != tokWord || !isIdent(name.text) {
		return nil, p.fail(name, "expected field:value or '*'")
	}
	kind, known := f[name.text]
	if f != nil && !known {
		return nil, errorf(name.pos, "unknown field %q", name.text)
	}
	if t := p.next(); t.kind != tokColon {
		return nil, p.fail(t, "expected ':' after field %q", name.text)
	}
	var segs []string
	switch value := p.next(); value.kind {
	case tokWord:
		segs = strings.Split(value.text, "*")
	case tokString:
		segs = splitQueryString(value.text)
	default:
		return nil, p.fail(value, "expected a value after '%s:'", name.text)
	}
	if strings.Join(segs, "") == "" && len(segs) > 1 { // only wildcards
		return fieldExists{field: name.text}, nil
	}
	lower := make([]string, len(segs))
	for i, seg := range segs {
		lower[i] = strings.ToLower(seg)
	}
	return fieldMatch{field: name.text, kind: kind, segs: segs, lower: lower}, nil
}

// splitQueryString decodes the raw content of a double-quoted value and
// splits it at unescaped `*`. A backslash escapes `"`, `\` and `*`; before any
// other character it stays as written.
func splitQueryString(raw string) []string {
	var segs []string
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '\\' && i+1 < len(raw) && strings.IndexByte(`"\*`, raw[i+1]) >= 0:
			b.WriteByte(raw[i+1])
			i++
		case c == '*':
			segs = append(segs, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(segs, b.String())
}

// queryLexer reads the tokens of a TMV1-Query.
type queryLexer struct{ scanner }

func newQueryLexer(s string) *queryLexer {
	return &queryLexer{scanner{s: s, punct: "():", quote: '"', endOfString: endOfQueryString}}
}

// scan reads a bare word where no shared token starts.
func (l *queryLexer) scan() token {
	if t, ok := l.scanShared(); ok {
		return t
	}
	return l.scanWord(inBareWord)
}

// inBareWord: a bare word runs up to a space, a parenthesis, a colon or a
// double quote.
func inBareWord(c byte) bool { return !isSpace(c) && strings.IndexByte(`()":`, c) < 0 }

// endOfQueryString returns the index of the double quote closing a value
// whose content starts at i, stepping over backslash escapes.
func endOfQueryString(s string, i int) (int, bool) {
	for {
		j := strings.IndexAny(s[i:], `"\`)
		if j < 0 {
			return 0, false
		}
		i += j
		if s[i] == '"' {
			return i, true
		}
		i += 2 // a backslash and the byte it escapes
		if i > len(s) {
			return 0, false
		}
	}
}

func isIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentPart(s[i]) {
			return false
		}
	}
	return true
}
