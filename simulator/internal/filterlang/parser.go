package filterlang

// MaxDepth bounds how deeply parentheses and `not` may nest, so hostile input
// cannot exhaust the stack of the parser or of Match.
const MaxDepth = 64

// The grammar is small and both languages share its boolean part, so a
// hand-written recursive-descent parser is shorter than a generator's input
// and gives what a generic parser library does not promise: exact error
// offsets, bounded recursion and one pass over the tokens.

// parser holds the shared boolean grammar; term parses one condition of the
// language at hand.
type parser struct {
	lex   lexer
	tok   token // the next token, not yet consumed
	depth int
	term  func(*parser) (Expr, error)
}

func newParser(lex lexer, term func(*parser) (Expr, error)) *parser {
	return &parser{lex: lex, tok: lex.scan(), term: term}
}

func (p *parser) peek() token { return p.tok }

// next consumes the next token. The lexer stops at the end or at its first
// error, and so does next.
func (p *parser) next() token {
	t := p.tok
	if t.kind != tokEOF && t.kind != tokInvalid {
		p.tok = p.lex.scan()
	}
	return t
}

// fail reports that t is not what the grammar expects here, or, if the lexer
// could not read t, why not.
func (p *parser) fail(t token, format string, args ...any) error {
	if t.kind == tokInvalid {
		return &SyntaxError{Offset: t.pos, Reason: t.text}
	}
	return errorf(t.pos, format+", found %s", append(args, describe(t))...)
}

func (p *parser) parseAll() (Expr, error) {
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	switch t := p.peek(); t.kind {
	case tokEOF:
		return e, nil
	case tokRParen:
		return nil, errorf(t.pos, "unmatched ')'")
	default:
		return nil, p.fail(t, "expected 'and', 'or' or end of input")
	}
}

func (p *parser) parseOr() (Expr, error) { return parseChain[orExpr](p, tokOr, p.parseAnd) }

func (p *parser) parseAnd() (Expr, error) { return parseChain[andExpr](p, tokAnd, p.parseUnary) }

// parseChain parses operands separated by op in a loop (not by recursion),
// merging operands that are themselves chains of the same operator.
func parseChain[T interface {
	~[]Expr
	Expr
}](p *parser, op tokenKind, operand func() (Expr, error)) (Expr, error) {
	var chain T
	for {
		e, err := operand()
		if err != nil {
			return nil, err
		}
		if same, ok := e.(T); ok {
			chain = append(chain, same...)
		} else {
			chain = append(chain, e)
		}
		if p.peek().kind != op {
			break
		}
		p.next()
	}
	if len(chain) == 1 {
		return chain[0], nil
	}
	return chain, nil
}

func (p *parser) parseUnary() (Expr, error) {
	open := p.peek()
	if open.kind != tokNot && open.kind != tokLParen {
		return p.term(p)
	}
	if p.depth == MaxDepth {
		return nil, errorf(open.pos, "nesting deeper than %d levels", MaxDepth)
	}
	p.depth++
	defer func() { p.depth-- }()
	p.next()
	if open.kind == tokNot {
		e, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return notExpr{e}, nil
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.next(); t.kind != tokRParen {
		return nil, p.fail(t, "expected 'and', 'or' or ')' to close '(' at offset %d", open.pos)
	}
	return e, nil
}
