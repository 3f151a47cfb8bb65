package filterlang

import (
	"fmt"
	"strings"
)

// Expr is a parsed filter or query. String returns its canonical form, which
// parses back (with the same options) to an equal Expr.
type Expr interface {
	Match(r Resolver) bool
	fmt.Stringer
}

// Resolver gives the values of a field on one item: several for arrays or
// repeated nested fields, none if the item lacks the field.
type Resolver interface {
	Values(field string) []string
}

// MapResolver is a Resolver over an item already flattened to field values.
type MapResolver map[string][]string

// Values implements Resolver.
func (m MapResolver) Values(field string) []string { return m[field] }

// andExpr and orExpr hold two or more operands. The parser flattens nested
// operators of the same kind, so an operand is never of its parent's type and
// String needs parentheses only around an or inside an and or a not.
type andExpr []Expr

type orExpr []Expr

type notExpr struct{ operand Expr }

// matchAll is the query `*`.
type matchAll struct{}

// emptyFilter is an empty TMV1-Filter: a blank header filters nothing.
type emptyFilter struct{}

func (e andExpr) Match(r Resolver) bool {
	for _, x := range e {
		if !x.Match(r) {
			return false
		}
	}
	return true
}

func (e orExpr) Match(r Resolver) bool {
	for _, x := range e {
		if x.Match(r) {
			return true
		}
	}
	return false
}

func (e notExpr) Match(r Resolver) bool { return !e.operand.Match(r) }

func (matchAll) Match(Resolver) bool { return true }

func (emptyFilter) Match(Resolver) bool { return true }

func (e andExpr) String() string { return join(e, " and ") }

func (e orExpr) String() string { return join(e, " or ") }

func (e notExpr) String() string {
	switch e.operand.(type) {
	case andExpr, orExpr:
		return "not (" + e.operand.String() + ")"
	}
	return "not " + e.operand.String()
}

func (matchAll) String() string { return "*" }

func (emptyFilter) String() string { return "" }

// join prints operands with op between them. Only an or operand needs
// parentheses: it can sit under an and, and the parser never leaves an
// operand of its parent's own kind.
func join(operands []Expr, op string) string {
	parts := make([]string, len(operands))
	for i, x := range operands {
		parts[i] = x.String()
		if _, isOr := x.(orExpr); isOr {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, op)
}
