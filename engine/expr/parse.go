package expr

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Limits on untrusted input. An answer over a limit is an *Error, never a
// crash, a hang or a large allocation.
const (
	MaxLength   = 4096 // bytes of source: the one limit on an answer (engine/answer and submissions use it too)
	MaxNodes    = 1000 // syntax-tree nodes
	MaxDepth    = 64   // nesting of parentheses and operators
	MaxExponent = 1000 // magnitude of a literal exponent (x^1000)
	maxDigits   = 100  // digits in one number literal
	maxExp10    = 400  // magnitude of a literal's decimal exponent (1e-400)
)

// parser is a recursive-descent parser with precedence climbing over the
// token slice the lexer produces. Errors abort through panic(*Error), which
// parseNode recovers: the first error stops the parse.
type parser struct {
	env       *Env
	src       string
	toks      []token
	i         int
	nodes     int
	depth     int
	diffDepth int
	index     string // the index of an enclosing \sum_i, stripped from p_i
}

// parseNode parses src into a shape-checked tree. A leading label such as
// "P =" is dropped (see dropLabel).
func (e *Env) parseNode(src string, isDefine bool) (root node, err error) {
	return e.parseSource(src, false)
}

// normalizedSource is src as the lexer reads it (NormalizeMapped), and
// placeErr, which moves an *Error found in that text back into the text as
// typed, so that its caret points at what the student wrote.
func normalizedSource(src string) (text string, placeErr func(error)) {
	normal := NormalizeMapped(src)
	if normal.Text == src {
		return src, func(error) {}
	}
	return normal.Text, func(err error) {
		if perr, ok := err.(*Error); ok {
			perr.Source, perr.Offset = normal.Original, normal.OriginalOffset(perr.Offset)
		}
	}
}

// parseSource parses src; groupDigits reads digits grouped in threes
// (146,378) as one number, for an answer that is a single number.
func (e *Env) parseSource(src string, groupDigits bool) (root node, err error) {
	if len(src) > MaxLength {
		return nil, errorAt(src, MaxLength, "the answer is too long (%d bytes; at most %d)", len(src), MaxLength)
	}
	src, placeErr := normalizedSource(src)
	defer func() { placeErr(err) }()
	if len(src) > MaxLength {
		return nil, errorAt(src, MaxLength, "the answer is too long (%d bytes; at most %d)", len(src), MaxLength)
	}
	p := &parser{env: e, src: src}
	defer func() {
		if r := recover(); r != nil {
			if perr, ok := r.(*Error); ok {
				root, err = nil, perr
				return
			}
			root, err = nil, errorAt(src, 0, "internal error reading the answer: %v", r)
		}
	}()
	l := newLexer(src)
	l.groupDigits = groupDigits
	for {
		t := l.next()
		if t.kind == tokError {
			return nil, errorAt(src, t.pos, "%s", t.val)
		}
		p.toks = append(p.toks, t)
		if t.kind == tokEOF {
			break
		}
		if len(p.toks) > 2*MaxNodes {
			return nil, errorAt(src, t.pos, "the answer has too many symbols (at most %d)", 2*MaxNodes)
		}
	}
	if len(p.toks) == 1 {
		return nil, errorAt(src, len(src), "the answer is empty")
	}
	p.dropLabel()
	root = p.parseExpr()
	if t := p.peek(); t.kind != tokEOF {
		p.unexpected(t)
	}
	return root, nil
}

// dropLabel accepts one leading "label =" and skips it: "P = k^2 + k",
// "D_KL = sum(p*eps)". The label must start with a name that is not a
// declared variable or define; any other "=" is an error.
func (p *parser) dropLabel() {
	depth, eq := 0, -1
	for i, t := range p.toks {
		switch t.kind {
		case tokLParen, tokLBrace, tokLBrack:
			depth++
		case tokRParen, tokRBrace, tokRBrack:
			depth--
		case tokEquals:
			if depth != 0 {
				continue // inside brackets: \sum_{i=1}, or an error the parser reports
			}
			if eq >= 0 {
				p.fail(t.pos, `unexpected "=": write only the expression, as in "k^2 + k"`)
			}
			eq = i
		}
	}
	if eq < 0 {
		return
	}
	if eq == 0 {
		// "= k(k+m) + k": the student wrote the right-hand side of an equation.
		p.i = 1
		return
	}
	first := p.toks[0]
	if first.kind != tokIdent || p.env.lookupSymbol(first.val) != nil {
		p.fail(p.toks[eq].pos, `unexpected "=": write only the expression, as in "k^2 + k"`)
	}
	p.i = eq + 1
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) fail(pos int, format string, args ...any) {
	panic(errorAt(p.src, pos, format, args...))
}

func (p *parser) describe(t token) string {
	if t.kind == tokEOF {
		return "end of input"
	}
	return strconv.Quote(p.src[t.pos:t.end])
}

func (p *parser) unexpected(t token) {
	if t.kind == tokRParen || t.kind == tokRBrace || t.kind == tokRBrack {
		p.fail(t.pos, "unexpected %s (no matching opening bracket)", p.describe(t))
	}
	p.fail(t.pos, "unexpected %s", p.describe(t))
}

func (p *parser) expect(k tokenKind, what string) token {
	t := p.peek()
	if t.kind != k {
		p.fail(t.pos, "expected %s, found %s", what, p.describe(t))
	}
	return p.advance()
}

// count charges one node against MaxNodes.
func (p *parser) count(pos int) {
	p.nodes++
	if p.nodes > MaxNodes {
		p.fail(pos, "the answer is too large (more than %d terms and operators)", MaxNodes)
	}
}

// startsOperand reports whether t can begin a factor, which makes two
// adjacent factors an implicit product: 2k, k(k+m), (a+b)(a-b).
func startsOperand(t token) bool {
	switch t.kind {
	case tokNumber, tokIdent, tokLParen, tokLBrace, tokLBrack, tokSqrt, tokFrac, tokLFloor, tokLCeil:
		return true
	}
	return false
}

// parseExpr parses a whole expression.
//
//	expr = binary(precSum)
func (p *parser) parseExpr() node { return p.parseBinary(precSum) }

// parseBinary climbs operator precedence.
//
//	binary(prec) = unary { op binary(prec(op)+1) }   for + - * / and implicit ·
//	             | unary "^" exponent                 (right-associative)
func (p *parser) parseBinary(minPrec int) node {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > MaxDepth {
		p.fail(p.peek().pos, "the answer is nested too deeply (at most %d levels)", MaxDepth)
	}
	x := p.parseUnary()
	for {
		t := p.peek()
		op, prec := t.kind, t.kind.Precedence()
		implicit := false
		if prec == precNone && startsOperand(t) {
			op, prec, implicit = tokStar, precProduct, true
		}
		if prec == precNone || prec < minPrec {
			return x
		}
		if !implicit {
			p.advance()
		}
		var y node
		if op == tokCaret {
			y = p.parseBinary(precPower)
		} else {
			y = p.parseBinary(prec + 1)
		}
		x = p.binary(op, x, y, t.pos)
	}
}

// parseUnary parses signs, which bind looser than powers: -x^2 = -(x^2).
//
//	unary = ("-" | "+") binary(precPower) | postfix
func (p *parser) parseUnary() node {
	t := p.peek()
	switch t.kind {
	case tokMinus:
		p.advance()
		x := p.parseBinary(precPower)
		p.count(t.pos)
		return &negNode{base{t.pos, x.Shape()}, x}
	case tokPlus:
		p.advance()
		return p.parseBinary(precPower)
	}
	return p.parsePostfix()
}

// parsePostfix parses superscript powers: x², x⁻¹.
//
//	postfix = primary { superscript }
func (p *parser) parsePostfix() node {
	return p.parseSuperscripts(p.parsePrimary())
}

// parsePowers applies the powers that follow x, "^" or superscripts, to x
// alone: the last name of a split run of letters (CK^2 is C·K^2).
func (p *parser) parsePowers(x node) node {
	x = p.parseSuperscripts(x)
	for p.peek().kind == tokCaret {
		t := p.advance()
		x = p.binary(tokCaret, x, p.parseBinary(precPower), t.pos)
	}
	return x
}

// parseSuperscripts applies superscript powers (x², x⁻¹) to x.
func (p *parser) parseSuperscripts(x node) node {
	for p.peek().kind == tokSuper {
		t := p.advance()
		y := p.number(t.pos, strings.TrimPrefix(t.val, "-"))
		if strings.HasPrefix(t.val, "-") {
			p.count(t.pos)
			y = &negNode{base{pos: t.pos}, y}
		}
		x = p.binary(tokCaret, x, y, t.pos)
	}
	return x
}

// parsePrimary parses an operand.
//
//	primary = number | name | "(" expr ")" | "{" expr "}" | "[" expr "]"
//	        | "|" expr "|" | "⌊" expr "⌋" | "⌈" expr "⌉"
//	        | "√" radicand | "\sqrt" ["[" expr "]"] radicand | "\frac" group group
func (p *parser) parsePrimary() node {
	t := p.advance()
	switch t.kind {
	case tokNumber:
		p.checkExponentLetter(t)
		return p.number(t.pos, t.val)
	case tokIdent:
		return p.parseName(t)
	case tokLParen:
		x := p.parseExpr()
		p.expect(tokRParen, `")"`)
		return x
	case tokLBrace:
		x := p.parseExpr()
		p.expect(tokRBrace, `"}"`)
		return x
	case tokLBrack:
		x := p.parseExpr()
		p.expect(tokRBrack, `"]"`)
		return x
	case tokPipe:
		x := p.parseExpr()
		p.expect(tokPipe, `closing "|"`)
		return p.call(functionByName["abs"], []node{x}, t.pos)
	case tokLFloor:
		x := p.parseExpr()
		p.expect(tokRFloor, `"⌋" or \rfloor`)
		return p.call(functionByName["floor"], []node{x}, t.pos)
	case tokLCeil:
		x := p.parseExpr()
		p.expect(tokRCeil, `"⌉" or \rceil`)
		return p.call(functionByName["ceil"], []node{x}, t.pos)
	case tokSqrt:
		var index node
		if p.peek().kind == tokLBrack {
			p.advance()
			index = p.parseExpr()
			p.expect(tokRBrack, `"]"`)
		}
		x := p.parsePostfix()
		if index == nil {
			return p.call(functionByName["sqrt"], []node{x}, t.pos)
		}
		one := p.number(t.pos, "1")
		return p.binary(tokCaret, x, p.binary(tokSlash, one, index, t.pos), t.pos)
	case tokFrac:
		if n := p.peek(); n.kind == tokNumber && len(n.val) == 2 && isDigit(rune(n.val[0])) && isDigit(rune(n.val[1])) {
			// \frac12 is TeX for \frac{1}{2}.
			p.advance()
			return p.binary(tokSlash, p.number(n.pos, n.val[:1]), p.number(n.pos+1, n.val[1:]), t.pos)
		}
		num := p.parsePrimary()
		den := p.parsePrimary()
		return p.binary(tokSlash, num, den, t.pos)
	}
	p.unexpected(t)
	return nil
}

// checkExponentLetter refuses a literal such as 2E+3 when E (or e) is a
// declared variable: it reads as 2·10^3 or as 2·E + 3, and guessing would
// grade a different answer from the one the student meant.
func (p *parser) checkExponentLetter(t token) {
	i := strings.IndexAny(t.val, "eE")
	if i < 0 {
		return
	}
	letter := t.val[i : i+1]
	if sym := p.env.lookupSymbol(letter); sym != nil {
		p.fail(t.pos, "%s is ambiguous with the variable %s declared: write %s×10^%s for the number, or %s·%s for the product",
			t.val, sym.name, t.val[:i], strings.TrimPrefix(t.val[i+1:], "+"), t.val[:i], t.val[i:])
	}
}

// number converts a literal exactly. Huge literals are refused before any
// big arithmetic happens.
func (p *parser) number(pos int, text string) node {
	p.count(pos)
	mant, exp, hasExp := strings.Cut(strings.ToLower(text), "e")
	if len(strings.TrimLeft(mant, "-")) > maxDigits {
		p.fail(pos, "the number has too many digits (at most %d)", maxDigits)
	}
	if hasExp {
		n, err := strconv.Atoi(exp)
		if err != nil || n > maxExp10 || n < -maxExp10 {
			p.fail(pos, "the exponent of %s is out of range (at most e±%d)", text, maxExp10)
		}
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		p.fail(pos, "%q is not a number", text)
	}
	f, _ := r.Float64()
	if math.IsInf(f, 0) {
		p.fail(pos, "the number %s is too large", text)
	}
	return &numNode{base: base{pos: pos}, rat: r, f: f, text: text}
}

// parseName resolves a name: a subscript (x_{t}), a declared variable or
// define, a function, a constant, or a product of declared names (km).
func (p *parser) parseName(t token) node {
	name := t.val
	isSum := functionByName[name] == functionByName["sum"] && p.env.lookupSymbol(name) == nil
	if p.peek().kind == tokUnderscore && p.peek().pos == t.end && !isSum {
		p.advance()
		s := p.advance()
		if s.kind == tokLBrace {
			s = p.advance()
			p.expect(tokRBrace, `"}" after the subscript`)
		}
		if s.kind != tokIdent && s.kind != tokNumber {
			p.fail(s.pos, "expected a subscript after %q", name+"_")
		}
		name += "_" + s.val
	}
	if p.index != "" && strings.HasSuffix(name, "_"+p.index) {
		// Inside \sum_i, p_i is the vector p entry by entry.
		if sym := p.env.lookupSymbol(strings.TrimSuffix(name, "_"+p.index)); sym != nil && sym.size > 0 {
			name = sym.name
		}
	}
	if sym := p.env.lookupSymbol(name); sym != nil {
		p.count(t.pos)
		return &nameNode{base{t.pos, sym.size}, sym}
	}
	if f, ok := functionByName[name]; ok {
		return p.parseCall(f, t)
	}
	if base := reciprocalOf[name]; base != "" {
		// sech x is 1/cosh(x): the engine evaluates the reciprocal of its function.
		x := p.parseCall(functionByName[base], t)
		return p.binary(tokSlash, p.number(t.pos, "1"), x, t.pos)
	}
	switch name {
	case "e":
		p.count(t.pos)
		return &constNode{base{pos: t.pos}, constE}
	case "pi", "π":
		p.count(t.pos)
		return &constNode{base{pos: t.pos}, constPi}
	}
	if t.val == p.src[t.pos:t.end] {
		if starts := p.env.splitNames(name); starts != nil {
			var x node
			for i, s := range starts {
				end := len(name)
				if i+1 < len(starts) {
					end = starts[i+1]
				}
				sym := p.env.lookupSymbol(name[s:end])
				p.count(t.pos + s)
				var y node = &nameNode{base{t.pos + s, sym.size}, sym}
				if i == len(starts)-1 {
					// A power binds tighter than the implicit product: CK^2 is C·K^2, kn² is k·n².
					y = p.parsePowers(y)
				}
				if x == nil {
					x = y
				} else {
					x = p.binary(tokStar, x, y, t.pos+s)
				}
			}
			return x
		}
	}
	p.fail(t.pos, "unknown name %q (%s)", name, p.env.knownNames())
	return nil
}

// parseCall parses a function's arguments. Without parentheses a
// one-argument function takes the next factor: \log p - \log q is
// log(p) - log(q), and log x^2 is log(x^2).
//
//	call = name "(" expr { "," expr } ")" | name binary(precPower)
func (p *parser) parseCall(f *function, t token) node {
	if f.id == fnDiff {
		p.diffDepth++
		defer func() { p.diffDepth-- }()
		if p.diffDepth > 1 {
			p.fail(t.pos, "diff inside diff is not supported")
		}
	}
	if f.id == fnSum && p.peek().kind != tokLParen {
		return p.parseIndexedSum(f, t)
	}
	power := p.parseFunctionPower(f, t)
	var args []node
	if p.peek().kind == tokLParen {
		p.advance()
		args = append(args, p.parseExpr())
		for p.peek().kind == tokComma {
			p.advance()
			args = append(args, p.parseExpr())
		}
		p.expect(tokRParen, fmt.Sprintf(`"," or ")" in %s(…)`, f.name))
	} else {
		if f.maxArgs != 1 {
			p.fail(p.peek().pos, "%s needs parentheses around its arguments: %s(a, b)", f.name, f.name)
		}
		if !startsOperand(p.peek()) && p.peek().kind != tokMinus {
			p.fail(p.peek().pos, "%s needs an argument, as in %s(x)", f.name, f.name)
		}
		args = append(args, p.parseBareArgument(f, t))
	}
	if len(args) < f.minArgs || f.maxArgs >= 0 && len(args) > f.maxArgs {
		want := fmt.Sprintf("%d", f.minArgs)
		if f.maxArgs < 0 {
			want = fmt.Sprintf("at least %d", f.minArgs)
		} else if f.maxArgs != f.minArgs {
			want = fmt.Sprintf("%d to %d", f.minArgs, f.maxArgs)
		}
		p.fail(t.pos, "%s takes %s argument(s), got %d", f.name, want, len(args))
	}
	x := p.call(f, args, t.pos)
	if power != nil {
		x = p.binary(tokCaret, x, power, t.pos)
	}
	return x
}

// parseFunctionPower reads the power written on a function's name, as in
// \tanh^2(x), \tanh^{2} x and tanh²(x): the power of the function's value.
// A power of -1 is refused: \sin^{-1} x means arcsin to some and 1/sin(x)
// to others.
func (p *parser) parseFunctionPower(f *function, t token) node {
	var power node
	switch n := p.peek(); n.kind {
	case tokCaret:
		p.advance()
		power = p.parsePrimary()
	case tokSuper:
		p.advance()
		power = p.number(n.pos, strings.TrimPrefix(n.val, "-"))
		if strings.HasPrefix(n.val, "-") {
			p.count(n.pos)
			power = &negNode{base{pos: n.pos}, power}
		}
	default:
		return nil
	}
	if v, ok := literalValue(power); ok && v < 0 {
		p.fail(t.pos, "%s with a negative power is ambiguous (an inverse function or a reciprocal): write 1/%s(x) or %s(x)^(-1)", p.src[t.pos:t.end], f.name, f.name)
	}
	if p.peek().kind != tokLParen && !startsOperand(p.peek()) {
		p.fail(p.peek().pos, "%s needs an argument after its power, as in %s^2(x)", f.name, f.name)
	}
	return power
}

// parseBareArgument reads the argument of a one-argument function written
// without parentheses: the product that follows, as textbooks mean it.
// sin 2x is sin(2·x), \log 2n is log(2·n), \log x^2 is log(x^2); the
// product stops at an explicit operator (\log p - \log q, \log n \cdot m)
// and at the next function (\sin x \cos x is sin(x)·cos(x)). A bracket after
// the first factor is refused as ambiguous: \log n (n+1) may mean
// log(n·(n+1)) or log(n)·(n+1).
func (p *parser) parseBareArgument(f *function, t token) node {
	start := p.peek().pos
	x := p.parseBinary(precPower)
	for {
		n := p.peek()
		if !startsOperand(n) || p.startsFunction(n) {
			return x
		}
		switch n.kind {
		case tokLParen, tokLBrack, tokLBrace:
			// The message quotes the answer on one line; the echo under it
			// shows where the bracket is.
			arg := strings.Join(strings.Fields(p.src[start:n.pos]), " ")
			p.fail(n.pos, "a bracket after %s is ambiguous: write %s(%s …) for one argument, or %s(%s)·(…) for a product",
				strings.Join(strings.Fields(p.src[t.pos:n.pos]), " "), f.name, arg, f.name, arg)
		}
		y := p.parseBinary(precPower)
		x = p.binary(tokStar, x, y, n.pos)
	}
}

// startsFunction reports whether t begins a function application: a name
// that is a function and not a declared variable, or a root.
func (p *parser) startsFunction(t token) bool {
	switch t.kind {
	case tokSqrt:
		return true
	case tokIdent:
		_, isFunc := functionByName[t.val]
		return (isFunc || reciprocalOf[t.val] != "") && p.env.lookupSymbol(t.val) == nil
	}
	return false
}

// binary builds x op y, checking shapes and literal exponents; e^x becomes
// exp(x) so that both spellings print alike.
func (p *parser) binary(op tokenKind, x, y node, pos int) node {
	if op == tokCaret {
		if c, ok := x.(*constNode); ok && c.c == constE {
			return p.call(functionByName["exp"], []node{y}, c.pos)
		}
		if n, ok := literalValue(y); ok && math.Abs(n) > MaxExponent {
			p.fail(y.Pos(), "the exponent %s is too large (at most %d)", fmtFloat(n), MaxExponent)
		}
	}
	p.count(pos)
	shape := p.broadcast(x, y, pos)
	return &binaryNode{base{pos, shape}, op, x, y}
}

// literalValue is the value of a number literal, possibly negated.
func literalValue(n node) (float64, bool) {
	switch n := n.(type) {
	case *numNode:
		return n.f, true
	case *negNode:
		v, ok := literalValue(n.x)
		return -v, ok
	}
	return 0, false
}

// broadcast is the shape of an elementwise operation: a scalar combines
// with anything; two vectors must have one length.
func (p *parser) broadcast(x, y node, pos int) int {
	a, b := x.Shape(), y.Shape()
	switch {
	case a == 0:
		return b
	case b == 0 || a == b:
		return a
	}
	p.fail(pos, "vectors of different lengths (%d and %d) cannot be combined", a, b)
	return 0
}

// call builds a function application and works out its shape.
func (p *parser) call(f *function, args []node, pos int) node {
	p.count(pos)
	shape := 0
	switch {
	case f.id == fnMin || f.id == fnMax:
		if len(args) == 1 {
			shape = 0 // the largest or smallest entry
		} else {
			shape = args[0].Shape()
			for _, a := range args[1:] {
				shape = p.broadcast(&base{shape: shape}, a, pos)
			}
		}
	case f.elementwise:
		shape = args[0].Shape()
	case f.id == fnSoftmax:
		shape = args[0].Shape()
	case f.id == fnDot || f.id == fnKL || f.id == fnCrossEntropy:
		if args[0].Shape() != args[1].Shape() {
			p.fail(pos, "%s needs two vectors of one length, got lengths %d and %d", f.name, args[0].Shape(), args[1].Shape())
		}
	case f.id == fnDiff:
		v, ok := args[1].(*nameNode)
		if !ok || v.sym.define || v.sym.size != 0 {
			p.fail(args[1].Pos(), "diff's second argument must be a declared scalar variable, as in diff(sigmoid(x), x)")
		}
		if hasVector(args[0]) {
			p.fail(args[0].Pos(), "diff needs a scalar expression without vectors")
		}
	}
	return &callNode{base{pos, shape}, f, args}
}

// hasVector reports whether any part of n is a vector.
func hasVector(n node) bool {
	found := false
	walk(n, func(m node) {
		if m.Shape() > 0 {
			found = true
		}
	})
	return found
}

// walk visits n and its descendants, entering defines' bodies.
func walk(n node, visit func(node)) {
	visit(n)
	switch n := n.(type) {
	case *negNode:
		walk(n.x, visit)
	case *binaryNode:
		walk(n.x, visit)
		walk(n.y, visit)
	case *callNode:
		for _, a := range n.args {
			walk(a, visit)
		}
	case *nameNode:
		if n.sym.define {
			walk(n.sym.body, visit)
		}
	}
}

// parseIndexedSum reads a sum written as mathematics: \sum_i p_i \epsilon_i,
// \sum_{i=1}^{n} p_i \log(p_i/q_i), Σ p ε. The bounds are skipped (a sum
// runs over whole vectors); the index is stripped from subscripted vector
// names; the summand is the product that follows.
//
//	indexedSum = "sum" ["_" (name | "{" … "}")] ["^" (primary | "{" … "}")] binary(precProduct)
func (p *parser) parseIndexedSum(f *function, t token) node {
	if p.peek().kind == tokUnderscore {
		p.advance()
		s := p.advance()
		switch s.kind {
		case tokIdent:
			p.index = s.val
		case tokLBrace:
			if n := p.peek(); n.kind == tokIdent {
				p.index = n.val
			}
			p.skipGroup(s)
		default:
			p.fail(s.pos, `expected the summation index after "_", as in \sum_i`)
		}
		if p.peek().kind == tokCaret {
			p.advance()
			if s := p.advance(); s.kind == tokLBrace {
				p.skipGroup(s)
			}
		}
	}
	defer func() { p.index = "" }()
	if !startsOperand(p.peek()) && p.peek().kind != tokMinus {
		p.fail(p.peek().pos, "sum needs a summand, as in sum(w*x) or \\sum_i w_i x_i")
	}
	arg := p.parseBinary(precProduct)
	return p.call(f, []node{arg}, t.pos)
}

// skipGroup skips tokens up to the brace that closes open.
func (p *parser) skipGroup(open token) {
	depth := 1
	for depth > 0 {
		t := p.advance()
		switch t.kind {
		case tokLBrace:
			depth++
		case tokRBrace:
			depth--
		case tokEOF:
			p.fail(open.pos, `missing "}" for this "{"`)
		}
	}
}
