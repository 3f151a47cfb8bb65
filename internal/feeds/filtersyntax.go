package feeds

import (
	"errors"
	"fmt"
)

// ErrFilterSyntax reports a filter or query the API would refuse (400) on
// every request.
var ErrFilterSyntax = errors.New("syntax error")

// CheckFilterSyntax checks what is certain about a TMV1-Filter without a
// grammar the API does not publish in full: single-quoted values are closed
// (” is a quote inside one, OData style) and parentheses outside them
// balance (docs/visionone-api.md §1.6). Anything else is left to the API.
func CheckFilterSyntax(filter string) error {
	return checkBalanced(filter, '\'', false)
}

// CheckQuerySyntax does the same for a TMV1-Query: double-quoted values,
// where a backslash escapes the next character.
func CheckQuerySyntax(query string) error {
	return checkBalanced(query, '"', true)
}

func checkBalanced(s string, quote byte, backslash bool) error {
	depth, quoteAt := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoteAt >= 0 && backslash && c == '\\':
			i++ // the next character is literal
		case quoteAt >= 0 && c == quote:
			if !backslash && i+1 < len(s) && s[i+1] == quote {
				i++ // '' is a literal quote
				continue
			}
			quoteAt = -1
		case quoteAt >= 0:
		case c == quote:
			quoteAt = i
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 {
				return fmt.Errorf("%w: unmatched ')' at character %d", ErrFilterSyntax, i+1)
			}
			depth--
		}
	}
	if quoteAt >= 0 {
		return fmt.Errorf("%w: the quote at character %d is not closed", ErrFilterSyntax, quoteAt+1)
	}
	if depth > 0 {
		return fmt.Errorf("%w: %d '(' not closed", ErrFilterSyntax, depth)
	}
	return nil
}
