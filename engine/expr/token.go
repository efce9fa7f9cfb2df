package expr

// tokenKind identifies a lexical token of the answer language.
type tokenKind int

const (
	tokEOF        tokenKind = iota
	tokError                // the lexer's message is in val
	tokNumber               // 12, 1.5, 1.5e-3
	tokIdent                // k, eps, ε, log; LaTeX \epsilon arrives with val "epsilon"
	tokSuper                // superscript digits ² ⁻¹; val holds them in ASCII ("2", "-1")
	tokLParen               // ( [ \left(
	tokRParen               // ) ]
	tokLBrace               // { \{
	tokRBrace               // } \}
	tokLBrack               // [ (only special after \sqrt)
	tokRBrack               // ]
	tokComma                // ,
	tokPipe                 // |
	tokPlus                 // +
	tokMinus                // - − –
	tokStar                 // * × · ⋅ \cdot \times
	tokSlash                // / ÷ \div
	tokCaret                // ^ **
	tokUnderscore           // _ (a subscript)
	tokEquals               // =
	tokSqrt                 // √ \sqrt
	tokFrac                 // \frac \dfrac \tfrac
	tokLFloor               // ⌊ \lfloor
	tokRFloor               // ⌋ \rfloor
	tokLCeil                // ⌈ \lceil
	tokRCeil                // ⌉ \rceil
	tokCompare              // < <= > >= == != ≤ ≥ ≠, only in a condition (ParseCondition); val holds the ASCII operator
)

var tokenNames = [...]string{
	tokEOF:        "end of input",
	tokError:      "error",
	tokNumber:     "number",
	tokIdent:      "name",
	tokSuper:      "superscript",
	tokLParen:     `"("`,
	tokRParen:     `")"`,
	tokLBrace:     `"{"`,
	tokRBrace:     `"}"`,
	tokLBrack:     `"["`,
	tokRBrack:     `"]"`,
	tokComma:      `","`,
	tokPipe:       `"|"`,
	tokPlus:       `"+"`,
	tokMinus:      `"-"`,
	tokStar:       `"*"`,
	tokSlash:      `"/"`,
	tokCaret:      `"^"`,
	tokUnderscore: `"_"`,
	tokEquals:     `"="`,
	tokSqrt:       `"√"`,
	tokFrac:       `"\frac"`,
	tokLFloor:     `"⌊"`,
	tokRFloor:     `"⌋"`,
	tokLCeil:      `"⌈"`,
	tokRCeil:      `"⌉"`,
	tokCompare:    "comparison",
}

// String names the token kind as an error message would.
func (k tokenKind) String() string {
	if k >= 0 && int(k) < len(tokenNames) {
		return tokenNames[k]
	}
	return "token"
}

// Operator precedence levels, loosest first. Unary minus sits between
// products and powers, so -x^2 is -(x^2) and -a·b is (-a)·b.
const (
	precNone    = 0
	precSum     = 1
	precProduct = 2
	precUnary   = 3
	precPower   = 4
	precAtom    = 5
)

// Precedence is the binding strength of a binary operator token, or
// precNone for tokens that are not binary operators.
func (k tokenKind) Precedence() int {
	switch k {
	case tokPlus, tokMinus:
		return precSum
	case tokStar, tokSlash:
		return precProduct
	case tokCaret:
		return precPower
	}
	return precNone
}

// token is one lexeme: its kind, where it starts and ends in the source
// (byte offsets), and its normalized value.
type token struct {
	kind tokenKind
	pos  int
	end  int
	val  string
}
