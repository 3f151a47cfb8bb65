// Package filterlang parses the two selection languages of the Vision One API
// so the simulator can apply them to its records (§1.6). In this package's
// comments "§N" is a section of docs/visionone-api.md, the project's API
// notes.
//
// TMV1-Filter (workbench §2.1, OAT §3.1, audit §5.1) is OData-like:
//
//	filter    = [ or ] .                       empty input matches everything
//	or        = and { "or" and } .
//	and       = unary { "and" unary } .
//	unary     = "not" unary | "(" or ")" | condition .
//	condition = field "eq" value
//	          | "contains" "(" field "," value ")" .   workbench only
//	field     = ( letter | "_" ) { letter | digit | "_" | "." } .
//	value     = "'" { char | "''" } "'" .            '' is a literal quote
//
// `eq` is exact, case-sensitive equality with any of the field's values;
// `contains` is a case-insensitive substring test on any value.
//
// TMV1-Query (search §4.1) is Lucene-like:
//
//	query     = or .                 or/and/unary as above
//	condition = "*" | field ":" value .
//	value     = bare | '"' { char | `\"` | `\\` | `\*` } '"' .
//
// A bare value runs up to whitespace, a parenthesis, a double quote or a
// colon; other characters need the quoted form. `*` alone matches every item,
// `field:*` matches items that have the field, and `*` inside a value is a
// wildcard for any run of characters (`\*` in quotes is a literal star). Each
// field matches either partially (case-insensitive substring: `web*` also
// matches "myweb01") or fully (case-insensitive equality of the whole value).
// Inside quotes a backslash before any other character is kept as written,
// so Windows paths need no doubling.
//
// In both languages keywords (and, or, not, eq, contains) are
// case-insensitive, precedence is not > and > or, whitespace between tokens
// is free, two conditions side by side without an operator are an error, and
// field names are case-sensitive. A condition on a field the item lacks is
// false, so `not` of it is true. Parsing runs in time linear in the input and
// rejects nesting (parentheses and `not`) deeper than MaxDepth.
package filterlang
