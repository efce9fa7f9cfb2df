package expr

import (
	"fmt"
	"slices"
	"strings"
)

// Conditions. A problem set's per-student values may be constrained
// ("s - k1 + 1 >= 8"): a condition is comparisons between expressions of
// the Env's variables, joined by "and" and "or". The expressions are the
// answer language's own, read by the same lexer and parser, so that a
// condition and a key agree on what "2k", "k^2" or "floor(s/2)" mean.

// Condition is a parsed condition, bound to the Env that parsed it. It is
// immutable and safe for concurrent use.
type Condition struct {
	env *Env
	src string
	// any holds the alternatives joined by "or"; each alternative holds the
	// comparisons joined by "and".
	any [][]comparison
}

// comparison is a chain a op b [op c ...]: 1 <= k <= 5 holds when both do.
type comparison struct {
	ops   []string // "<", "<=", ">", ">=", "==", "!="
	terms []term   // len(ops)+1
}

// term is one side of a comparison, compiled once.
type term struct {
	root  node
	exact bool // evaluated with big.Rat (exact.go); else in float64
	fn    scalarFn
}

// ParseCondition reads a condition over the Env's variables:
//
//	condition  = conjunct { "or" conjunct }
//	conjunct   = comparison { "and" comparison }
//	comparison = expr op expr { op expr }
//	op         = "<" | "<=" | ">" | ">=" | "==" | "=" | "!=" | "≤" | "≥" | "≠"
//
// "and" binds tighter than "or"; conditions are not grouped in parentheses
// (brackets group expressions only). A chain 1 <= k <= 5 holds when each of
// its comparisons does. Errors are *Error values with a caret.
func (e *Env) ParseCondition(src string) (c *Condition, err error) {
	if len(src) > MaxLength {
		return nil, errorAt(src, MaxLength, "the condition is too long (%d bytes; at most %d)", len(src), MaxLength)
	}
	src, placeErr := normalizedSource(src)
	defer func() { placeErr(err) }()
	defer func() {
		if r := recover(); r != nil {
			if perr, ok := r.(*Error); ok {
				c, err = nil, perr
				return
			}
			c, err = nil, errorAt(src, 0, "internal error reading the condition: %v", r)
		}
	}()
	l := newLexer(src)
	l.compare = true
	var toks []token
	for {
		t := l.next()
		if t.kind == tokError {
			return nil, errorAt(src, t.pos, "%s", t.val)
		}
		toks = append(toks, t)
		if t.kind == tokEOF {
			break
		}
		if len(toks) > 2*MaxNodes {
			return nil, errorAt(src, t.pos, "the condition has too many symbols (at most %d)", 2*MaxNodes)
		}
	}
	if len(toks) == 1 {
		return nil, errorAt(src, 0, "the condition is empty")
	}
	c = &Condition{env: e, src: src}
	for _, alt := range splitWord(toks, "or") {
		var all []comparison
		for _, part := range splitWord(alt, "and") {
			all = append(all, e.parseComparison(src, part))
		}
		c.any = append(c.any, all)
	}
	return c, nil
}

// splitWord splits tokens (ending in tokEOF) at the name word outside
// brackets; each part ends in an EOF token at its end.
func splitWord(toks []token, word string) [][]token {
	var parts [][]token
	depth, start := 0, 0
	for i, t := range toks {
		switch t.kind {
		case tokLParen, tokLBrace, tokLBrack, tokLFloor, tokLCeil:
			depth++
		case tokRParen, tokRBrace, tokRBrack, tokRFloor, tokRCeil:
			depth--
		}
		if t.kind == tokEOF || depth == 0 && t.kind == tokIdent && t.val == word {
			part := append(toks[start:i:i], token{kind: tokEOF, pos: t.pos, end: t.pos})
			parts = append(parts, part)
			start = i + 1
		}
	}
	return parts
}

// parseComparison parses one comparison chain; an error panics as the
// parser's do.
func (e *Env) parseComparison(src string, toks []token) comparison {
	var c comparison
	start := 0
	for i, t := range toks {
		if t.kind != tokCompare && t.kind != tokEOF {
			continue
		}
		side := append(toks[start:i:i], token{kind: tokEOF, pos: t.pos, end: t.pos})
		if len(side) == 1 {
			switch {
			case len(c.ops) > 0:
				panic(errorAt(src, t.pos, "expected an expression after %q", c.ops[len(c.ops)-1]))
			case t.kind == tokCompare:
				panic(errorAt(src, t.pos, "expected an expression before %q", t.val))
			}
			panic(errorAt(src, t.pos, "expected a condition, as in \"s - k + 1 >= 8\""))
		}
		c.terms = append(c.terms, e.parseTerm(src, side))
		if t.kind == tokCompare {
			c.ops = append(c.ops, t.val)
		}
		start = i + 1
	}
	if len(c.ops) == 0 {
		panic(errorAt(src, toks[0].pos, `a condition compares two expressions, as in "s - k + 1 >= 8" (with <, <=, >, >=, == or !=)`))
	}
	return c
}

// parseTerm parses one side of a comparison: a scalar expression.
func (e *Env) parseTerm(src string, toks []token) term {
	p := &parser{env: e, src: src, toks: toks}
	root := p.parseExpr()
	if t := p.peek(); t.kind != tokEOF {
		p.unexpected(t)
	}
	if root.Shape() != 0 {
		p.fail(toks[0].pos, "a condition compares numbers, not vectors")
	}
	return term{root: root, exact: rationalNode(root) && overIntegers(root), fn: compileScalar(root)}
}

// Source is the condition as read.
func (c *Condition) Source() string { return c.src }

// Holds evaluates the condition with the given values of the Env's scalar
// variables. A variable without a value, or a side that is undefined there
// (a division by zero), is an error.
func (c *Condition) Holds(values map[string]float64) (bool, error) {
	p := make([]float64, c.env.width)
	for _, s := range c.env.syms {
		if s.define {
			continue
		}
		if s.size > 0 {
			return false, fmt.Errorf("condition %q: %s is a vector", c.src, s.name)
		}
		v, ok := values[s.name]
		if !ok {
			return false, fmt.Errorf("condition %q: no value for %s", c.src, s.name)
		}
		p[s.slot] = v
	}
	return c.holdsAt(p)
}

// HoldsAt is Holds with the values of the Env's variables in the order they
// were declared, all scalars: no map to build, for a condition evaluated
// many times.
func (c *Condition) HoldsAt(values []float64) (bool, error) {
	if len(values) != c.env.width {
		return false, fmt.Errorf("condition %q: %d values for %d variables", c.src, len(values), c.env.width)
	}
	return c.holdsAt(values)
}

func (c *Condition) holdsAt(p []float64) (bool, error) {
	for _, all := range c.any {
		holds := true
		for _, cmp := range all {
			ok, err := cmp.holds(c.src, p)
			if err != nil {
				return false, err
			}
			if !ok {
				holds = false
				break
			}
		}
		if holds {
			return true, nil
		}
	}
	return false, nil
}

func (c comparison) holds(src string, p []float64) (bool, error) {
	for i, op := range c.ops {
		sign, err := compareTerms(src, c.terms[i], c.terms[i+1], p)
		if err != nil {
			return false, err
		}
		if !compareOp(op, sign) {
			return false, nil
		}
	}
	return true, nil
}

// compareTerms is the sign of a − b at p: exactly where both evaluate
// exactly, else in float64.
func compareTerms(src string, a, b term, p []float64) (int, error) {
	if a.exact && b.exact {
		// Small rationals first: a draw evaluates its conditions for every
		// student of a class.
		if x, ok := evalSmall(a.root, p); ok {
			if y, ok := evalSmall(b.root, p); ok {
				return x.cmp(y), nil
			}
		}
		x, sx := evalRat(a.root, p)
		y, sy := evalRat(b.root, p)
		if sx == valueOK && sy == valueOK {
			return x.Cmp(y), nil
		}
		if sx == valueUndefined || sy == valueUndefined {
			return 0, undefinedTerm(src, a, b, sx == valueUndefined)
		}
	}
	x, y := a.fn(p), b.fn(p)
	if !isFinite(x) || !isFinite(y) {
		return 0, undefinedTerm(src, a, b, !isFinite(x))
	}
	switch {
	case x < y:
		return -1, nil
	case x > y:
		return 1, nil
	}
	return 0, nil
}

func undefinedTerm(src string, a, b term, first bool) error {
	t := b
	if first {
		t = a
	}
	return errorAt(src, t.root.Pos(), "this side of the condition has no finite value")
}

func compareOp(op string, sign int) bool {
	switch op {
	case "<":
		return sign < 0
	case "<=":
		return sign <= 0
	case ">":
		return sign > 0
	case ">=":
		return sign >= 0
	case "==":
		return sign == 0
	case "!=":
		return sign != 0
	}
	return false
}

// SubstituteNames returns src with each name that values holds, as a token
// of the answer language (not as a substring: in "k1 + kk" only k1 is a
// name k1), replaced by its value in parentheses: with k1 = 5, "2k1^2"
// becomes "2(5)^2". A name is matched as written, not by another spelling.
// A text the lexer cannot read is returned unchanged, for the reader of the
// result to report where it fails; changed says whether anything was
// replaced.
func SubstituteNames(src string, values map[string]string) (out string, changed bool) {
	if len(values) == 0 || len(src) > MaxLength {
		return src, false
	}
	text := Normalize(src)
	l := newLexer(text)
	var b strings.Builder
	last := 0
	for {
		t := l.next()
		if t.kind == tokError {
			return src, false
		}
		if t.kind == tokEOF {
			break
		}
		v, ok := values[t.val]
		if t.kind != tokIdent || !ok || text[t.pos:t.end] != t.val && text[t.pos:t.end] != `\`+t.val {
			continue
		}
		b.WriteString(text[last:t.pos])
		b.WriteString("(" + v + ")")
		last = t.end
		changed = true
	}
	if !changed {
		return src, false
	}
	b.WriteString(text[last:])
	return b.String(), true
}

// ConditionNames are the names a condition uses, as ParseCondition's lexer
// reads them (function names too, "and" and "or" not), each once, in order:
// for a caller that must know which variables a condition needs before it
// can declare them. It is nil when the text cannot be read.
func ConditionNames(src string) []string {
	if len(src) > MaxLength {
		return nil
	}
	l := newLexer(Normalize(src))
	l.compare = true
	var names []string
	for {
		t := l.next()
		switch {
		case t.kind == tokError:
			return nil
		case t.kind == tokEOF:
			return names
		case t.kind == tokIdent && t.val != "and" && t.val != "or" && !slices.Contains(names, t.val):
			names = append(names, t.val)
		}
	}
}
