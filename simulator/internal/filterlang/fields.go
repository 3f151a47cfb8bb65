package filterlang

import "slices"

// Fields lists, sorted and once each, the field names e refers to; a caller
// can check rules between fields, such as audit's "activity requires
// category" (§5.1).
func Fields(e Expr) []string {
	var names []string
	var walk func(Expr)
	walk = func(e Expr) { // recursion bounded by MaxDepth
		switch e := e.(type) {
		case andExpr:
			for _, x := range e {
				walk(x)
			}
		case orExpr:
			for _, x := range e {
				walk(x)
			}
		case notExpr:
			walk(e.operand)
		case eqExpr:
			names = append(names, e.field)
		case containsExpr:
			names = append(names, e.field)
		case fieldMatch:
			names = append(names, e.field)
		case fieldExists:
			names = append(names, e.field)
		}
	}
	walk(e)
	slices.Sort(names)
	return slices.Compact(names)
}
