package filterlang

import (
	"strings"
)

// FilterOptions says which parts of TMV1-Filter an endpoint accepts.
type FilterOptions struct {
	AllowContains bool            // workbench only: contains(field,'substr') (visionone-api.md §2.1)
	Fields        map[string]bool // allowed field names; nil = any
}

// ParseFilter parses a TMV1-Filter header (visionone-api.md §1.6): `field eq
// 'value'`, `and`, `or`, `not`, `( )`, and with AllowContains
// `contains(field,'value')`. Values are single-quoted and a doubled quote
// inside them stands for one quote (OData style). An empty or blank filter
// matches everything. Errors are *SyntaxError.
func ParseFilter(s string, opts FilterOptions) (Expr, error) {
	toks, err := lexFilter(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 1 { // only tokEOF
		return emptyFilter{}, nil
	}
	p := parser{toks: toks, term: opts.parseCondition}
	return p.parseAll()
}

// eqExpr is `field eq 'value'`: exact, case-sensitive equality with any value.
type eqExpr struct{ field, value string }

// containsExpr is `contains(field,'value')`: case-insensitive substring of any
// value. lower is value lowercased once at parse time.
type containsExpr struct{ field, value, lower string }

func (e eqExpr) Match(r Resolver) bool {
	for _, v := range r.Values(e.field) {
		if v == e.value {
			return true
		}
	}
	return false
}

func (e containsExpr) Match(r Resolver) bool {
	for _, v := range r.Values(e.field) {
		if strings.Contains(strings.ToLower(v), e.lower) {
			return true
		}
	}
	return false
}

func (e eqExpr) String() string { return e.field + " eq " + quoteFilter(e.value) }

func (e containsExpr) String() string {
	return "contains(" + e.field + "," + quoteFilter(e.value) + ")"
}

func quoteFilter(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }

func (o FilterOptions) parseCondition(p *parser) (Expr, error) {
	name := p.next()
	if name.kind != tokWord {
		return nil, errorf(name.pos, "expected a condition, found %s", describe(name))
	}
	if strings.EqualFold(name.text, "contains") && p.peek().kind == tokLParen {
		return o.parseContains(p, name)
	}
	if err := o.checkField(name); err != nil {
		return nil, err
	}
	op := p.next()
	if op.kind != tokWord || !strings.EqualFold(op.text, "eq") {
		return nil, errorf(op.pos, "expected 'eq' after field %q, found %s", name.text, describe(op))
	}
	value := p.next()
	if value.kind != tokString {
		return nil, errorf(value.pos, "expected a single-quoted value after 'eq', found %s", describe(value))
	}
	return eqExpr{field: name.text, value: unquoteFilter(value.text)}, nil
}

// parseContains parses the rest of `contains(field,'value')` after its name.
func (o FilterOptions) parseContains(p *parser, name token) (Expr, error) {
	if !o.AllowContains {
		return nil, errorf(name.pos, "contains() is not supported by this endpoint")
	}
	p.next() // '('
	field := p.next()
	if field.kind != tokWord {
		return nil, errorf(field.pos, "expected a field name in contains(), found %s", describe(field))
	}
	if err := o.checkField(field); err != nil {
		return nil, err
	}
	if t := p.next(); t.kind != tokComma {
		return nil, errorf(t.pos, "expected ',' after field %q in contains(), found %s", field.text, describe(t))
	}
	value := p.next()
	if value.kind != tokString {
		return nil, errorf(value.pos, "expected a single-quoted value in contains(), found %s", describe(value))
	}
	if t := p.next(); t.kind != tokRParen {
		return nil, errorf(t.pos, "expected ')' to close contains(), found %s", describe(t))
	}
	v := unquoteFilter(value.text)
	return containsExpr{field: field.text, value: v, lower: strings.ToLower(v)}, nil
}

func (o FilterOptions) checkField(name token) error {
	if o.Fields != nil && !o.Fields[name.text] {
		return errorf(name.pos, "unknown field %q", name.text)
	}
	return nil
}

func unquoteFilter(raw string) string { return strings.ReplaceAll(raw, "''", "'") }

// lexFilter splits a filter into tokens, ending with tokEOF.
func lexFilter(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case c == '(' || c == ')' || c == ',':
			toks = append(toks, token{kind: punctuation[c], pos: i, text: s[i : i+1]})
			i++
		case c == '\'':
			end, ok := endOfFilterString(s, i+1)
			if !ok {
				return nil, errorf(i, "missing closing quote")
			}
			toks = append(toks, token{kind: tokString, pos: i, text: s[i+1 : end]})
			i = end + 1
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			toks = append(toks, wordToken(i, s[i:j]))
			i = j
		case c == '"':
			return nil, errorf(i, "values take single quotes in TMV1-Filter")
		default:
			return nil, errorf(i, "unexpected character %q", c)
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(s)}), nil
}

var punctuation = map[byte]tokenKind{'(': tokLParen, ')': tokRParen, ',': tokComma, ':': tokColon}

// endOfFilterString returns the index of the quote closing a value whose
// content starts at i, stepping over doubled quotes.
func endOfFilterString(s string, i int) (int, bool) {
	for {
		j := strings.IndexByte(s[i:], '\'')
		if j < 0 {
			return 0, false
		}
		i += j
		if i+1 < len(s) && s[i+1] == '\'' {
			i += 2
			continue
		}
		return i, true
	}
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '.' }
