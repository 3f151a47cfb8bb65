package filterlang

import (
	"fmt"
	"strings"
)

// FilterOptions says which parts of TMV1-Filter an endpoint accepts.
type FilterOptions struct {
	AllowContains bool            // contains(field,'substr'): workbench (§2.1) and others
	Fields        map[string]bool // allowed field names; nil = any
	// ContainsFields, if set, are the only fields contains() takes
	// (security playbook tasks: id and playbookName, §6.4).
	ContainsFields map[string]bool
}

// ParseFilter parses a TMV1-Filter header (§1.6): `field eq
// 'value'`, `and`, `or`, `not`, `( )`, and with AllowContains
// `contains(field,'value')`. Values are single-quoted and a doubled quote
// inside them stands for one quote (OData style). An empty or blank filter
// matches everything. Errors are *SyntaxError.
func ParseFilter(s string, opts FilterOptions) (Expr, error) {
	p := newParser(newFilterLexer(s), opts.parseCondition)
	if p.peek().kind == tokEOF {
		return emptyFilter{}, nil
	}
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
		return nil, p.fail(name, "expected a condition")
	}
	if strings.EqualFold(name.text, "contains") && p.peek().kind == tokLParen {
		return o.parseContains(p, name)
	}
	if err := o.checkField(name); err != nil {
		return nil, err
	}
	op := p.next()
	if op.kind != tokWord || !strings.EqualFold(op.text, "eq") {
		return nil, p.fail(op, "expected 'eq' after field %q", name.text)
	}
	value := p.next()
	if value.kind != tokString {
		return nil, p.fail(value, "expected a single-quoted value after 'eq'")
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
		return nil, p.fail(field, "expected a field name in contains()")
	}
	if err := o.checkField(field); err != nil {
		return nil, err
	}
	if o.ContainsFields != nil && !o.ContainsFields[field.text] {
		return nil, errorf(field.pos, "contains() does not apply to field %q", field.text)
	}
	if t := p.next(); t.kind != tokComma {
		return nil, p.fail(t, "expected ',' after field %q in contains()", field.text)
	}
	value := p.next()
	if value.kind != tokString {
		return nil, p.fail(value, "expected a single-quoted value in contains()")
	}
	if t := p.next(); t.kind != tokRParen {
		return nil, p.fail(t, "expected ')' to close contains()")
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

// filterLexer reads the tokens of a TMV1-Filter.
type filterLexer struct{ scanner }

func newFilterLexer(s string) *filterLexer {
	return &filterLexer{scanner{s: s, punct: "(),", quote: '\'', endOfString: endOfFilterString}}
}

func (l *filterLexer) scan() token {
	if t, ok := l.scanShared(); ok {
		return t
	}
	start, c := l.i, l.s[l.i]
	switch {
	case isIdentStart(c):
		return l.scanWord(isIdentPart)
	case c == '"':
		return invalid(start, "values take single quotes in TMV1-Filter")
	}
	return invalid(start, fmt.Sprintf("unexpected character %q", c))
}

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
