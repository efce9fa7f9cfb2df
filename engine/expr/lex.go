package expr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexer is a set of state functions (text/template/parse's design) run
// synchronously: next asks the current state for tokens until one is queued.
// It reads plain text, Unicode mathematics and the LaTeX that students paste,
// and maps every spelling of an operator to one token kind.

const eofRune = -1

type stateFn func(*lexer) stateFn

type lexer struct {
	// groupDigits: digits may be grouped in threes (146,378, 146 378,
	// 20{,}234), as in an answer that is one number; a comma groups only
	// outside brackets, where it cannot separate arguments.
	groupDigits bool
	// compare: comparison operators are tokens (a condition, ParseCondition);
	// in an answer they are not, and "<" stays an unexpected character.
	compare bool
	depth   int // open brackets, for the comma rule
	src     string
	start   int // start of the token being read
	pos     int // current byte offset
	width   int // width of the last rune read
	state   stateFn
	queue   []token
}

func newLexer(src string) *lexer {
	return &lexer{src: src, state: lexAny}
}

// next returns the next token; after tokEOF or tokError it keeps returning
// tokEOF.
func (l *lexer) next() token {
	for len(l.queue) == 0 {
		if l.state == nil {
			return token{kind: tokEOF, pos: len(l.src), end: len(l.src)}
		}
		l.state = l.state(l)
	}
	t := l.queue[0]
	l.queue = l.queue[1:]
	return t
}

func (l *lexer) nextRune() rune {
	if l.pos >= len(l.src) {
		l.width = 0
		return eofRune
	}
	r, w := utf8.DecodeRuneInString(l.src[l.pos:])
	l.width = w
	l.pos += w
	return r
}

func (l *lexer) backup() { l.pos -= l.width }

func (l *lexer) peek() rune {
	r := l.nextRune()
	l.backup()
	return r
}

func (l *lexer) ignore() { l.start = l.pos }

func (l *lexer) emit(k tokenKind) { l.emitVal(k, l.src[l.start:l.pos]) }

func (l *lexer) emitVal(k tokenKind, val string) {
	l.queue = append(l.queue, token{kind: k, pos: l.start, end: l.pos, val: val})
	l.start = l.pos
}

// errorf queues an error token positioned at the current token and stops.
func (l *lexer) errorf(format string, args ...any) stateFn {
	l.queue = append(l.queue, token{kind: tokError, pos: l.start, end: l.pos, val: fmt.Sprintf(format, args...)})
	return nil
}

// singleRune maps one-rune operators and brackets, including their Unicode
// spellings, to token kinds.
var singleRune = map[rune]tokenKind{
	'(': tokLParen, ')': tokRParen,
	'[': tokLBrack, ']': tokRBrack,
	'{': tokLBrace, '}': tokRBrace,
	',': tokComma, '|': tokPipe,
	'+': tokPlus,
	'-': tokMinus, '−': tokMinus, '–': tokMinus,
	'*': tokStar, '×': tokStar, '·': tokStar, '⋅': tokStar, '∗': tokStar, '•': tokStar,
	'/': tokSlash, '÷': tokSlash, '∕': tokSlash,
	'^': tokCaret,
	'_': tokUnderscore,
	'=': tokEquals,
	'√': tokSqrt,
	'⌊': tokLFloor, '⌋': tokRFloor, '⌈': tokLCeil, '⌉': tokRCeil,
}

// superscripts maps Unicode superscript runes to their ASCII meaning.
var superscripts = map[rune]byte{
	'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4',
	'⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
	'⁻': '-', '⁺': '+',
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// vulgarFractions maps the Unicode fraction characters to numerator and
// denominator.
var vulgarFractions = map[rune][2]string{
	'½': {"1", "2"}, '⅓': {"1", "3"}, '⅔': {"2", "3"}, '¼': {"1", "4"}, '¾': {"3", "4"},
	'⅕': {"1", "5"}, '⅖': {"2", "5"}, '⅗': {"3", "5"}, '⅘': {"4", "5"}, '⅙': {"1", "6"},
	'⅚': {"5", "6"}, '⅐': {"1", "7"}, '⅛': {"1", "8"}, '⅜': {"3", "8"}, '⅝': {"5", "8"},
	'⅞': {"7", "8"}, '⅑': {"1", "9"}, '⅒': {"1", "10"},
}

// onlyClosingRest reports whether what follows a full stop is only white
// space and the $ that close LaTeX math.
func onlyClosingRest(rest string) bool {
	return strings.TrimLeftFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '$' }) == ""
}

// lexAny dispatches on the next rune.
func lexAny(l *lexer) stateFn {
	r := l.nextRune()
	switch {
	case r == eofRune:
		l.emitVal(tokEOF, "")
		return nil
	case unicode.IsSpace(r) || r == '$':
		// Dollar signs only delimit LaTeX math: $…$ and $$…$$ read as their content.
		l.ignore()
		return lexAny
	case isDigit(r) || r == '.' && isDigit(l.peek()):
		l.backup()
		return lexNumber
	case r == '\\':
		return lexCommand
	case r == '∑':
		l.emitVal(tokIdent, "sum")
		return lexAny
	case r == '*' && l.peek() == '*':
		l.nextRune()
		l.emit(tokCaret)
		return lexAny
	case r == '.' && onlyClosingRest(l.src[l.pos:]):
		// A sentence's full stop after the answer: "= k(k+m) + k."
		l.ignore()
		return lexAny
	}
	if f, ok := vulgarFractions[r]; ok {
		// ½ is (1/2): one group, so that x^½ is x^(1/2).
		l.emitVal(tokLParen, "(")
		l.emitVal(tokNumber, f[0])
		l.emitVal(tokSlash, "/")
		l.emitVal(tokNumber, f[1])
		l.emitVal(tokRParen, ")")
		return lexAny
	}
	if _, ok := superscripts[r]; ok {
		l.backup()
		return lexSuperscript
	}
	if unicode.IsLetter(r) {
		l.backup()
		return lexIdent
	}
	if l.compare {
		if op := l.comparison(r); op != "" {
			l.emitVal(tokCompare, op)
			return lexAny
		}
		if r == '!' {
			return l.errorf(`"!" must be followed by "=" ("!=" is "not equal")`)
		}
	}
	if k, ok := singleRune[r]; ok {
		switch k {
		case tokLParen, tokLBrack, tokLBrace:
			l.depth++
		case tokRParen, tokRBrack, tokRBrace:
			l.depth--
		}
		l.emit(k)
		return lexAny
	}
	return l.errorf("unexpected character %q", r)
}

// comparison reads the comparison operator that starts with r, r already
// read, and returns it in ASCII ("<=" for ≤; "==" for = and ==), or "" when
// r starts none.
func (l *lexer) comparison(r rune) string {
	switch r {
	case '≤':
		return "<="
	case '≥':
		return ">="
	case '≠':
		return "!="
	case '<', '>', '=', '!':
		if l.peek() == '=' {
			l.nextRune()
			return string(r) + "="
		}
		if r == '=' {
			return "=="
		}
		if r != '!' {
			return string(r)
		}
	}
	return ""
}

// lexNumber reads digits [. digits] [(e|E) [+|-] digits]. An e is an
// exponent only when digits follow it, so 2e is 2·e and 2e3 is 2000.
func lexNumber(l *lexer) stateFn {
	digits := func() {
		for isDigit(l.peek()) {
			l.nextRune()
		}
	}
	digits()
	var grouped strings.Builder // the digits without their separators, when grouped
	if l.groupDigits && l.pos-l.start <= 3 {
		for {
			size := l.groupSeparatorAt(l.pos)
			if size == 0 {
				break
			}
			if grouped.Len() == 0 {
				grouped.WriteString(l.src[l.start:l.pos])
			}
			grouped.WriteString(l.src[l.pos+size : l.pos+size+3])
			l.pos += size + 3
		}
	}
	if grouped.Len() > 0 {
		fracStart := l.pos
		if l.peek() == '.' {
			l.nextRune()
			digits()
		}
		grouped.WriteString(l.src[fracStart:l.pos])
		l.emitVal(tokNumber, grouped.String())
		return l.afterGroupedNumber()
	}
	if l.peek() == '.' {
		l.nextRune()
		digits()
	}
	if r := l.peek(); r == 'e' || r == 'E' {
		save := l.pos
		l.nextRune()
		if s := l.peek(); s == '+' || s == '-' {
			l.nextRune()
		}
		if isDigit(l.peek()) {
			digits()
		} else {
			l.pos = save
		}
	}
	l.emit(tokNumber)
	if l.groupDigits {
		return l.afterGroupedNumber()
	}
	return lexAny
}

// groupSeparatorAt returns the length of a thousands separator at offset i
// followed by exactly three digits, or 0: a comma (outside brackets), a
// space, a thin or no-break space, an apostrophe, or LaTeX's {,} and \,.
func (l *lexer) groupSeparatorAt(i int) int {
	rest := l.src[i:]
	size := 0
	switch r, w := utf8.DecodeRuneInString(rest); {
	case r == ',' && l.depth == 0, r == ' ', r == '\u2009', r == '\u202f', r == '\u00a0', r == '\'':
		size = w
	case strings.HasPrefix(rest, "{,}"):
		size = 3
	case strings.HasPrefix(rest, `\,`):
		size = 2
	default:
		return 0
	}
	t := rest[size:]
	if len(t) < 3 || !isDigit(rune(t[0])) || !isDigit(rune(t[1])) || !isDigit(rune(t[2])) || len(t) > 3 && isDigit(rune(t[3])) {
		return 0
	}
	return size
}

// afterGroupedNumber refuses two numbers separated only by white space in
// an answer that may group digits: "1234 567" is neither a grouped number
// nor, written that way, a product.
func (l *lexer) afterGroupedNumber() stateFn {
	i := l.pos
	for i < len(l.src) {
		if rest := l.src[i:]; len(rest) >= 2 && rest[0] == '\\' && strings.IndexByte(",;:! ", rest[1]) >= 0 {
			i += 2 // LaTeX spacing
			continue
		}
		r, w := utf8.DecodeRuneInString(l.src[i:])
		if !unicode.IsSpace(r) && r != '~' {
			break
		}
		i += w
	}
	if i > l.pos && i < len(l.src) && isDigit(rune(l.src[i])) {
		l.start, l.pos = l.pos, i
		return l.errorf("two numbers are separated only by a space: group digits in threes (1 234 567) or write an operator between them")
	}
	return lexAny
}

// lexIdent reads a name: a letter, then letters, digits, and underscores
// that are followed by a letter or digit (x_1, D_KL). A subscript in braces
// (x_{t}) is left to the parser.
func lexIdent(l *lexer) stateFn {
	l.nextRune()
	for {
		r := l.peek()
		if unicode.IsLetter(r) || isDigit(r) {
			l.nextRune()
			continue
		}
		if r == '_' && l.pos+1 < len(l.src) {
			after, _ := utf8.DecodeRuneInString(l.src[l.pos+1:])
			if unicode.IsLetter(after) || isDigit(after) {
				l.nextRune()
				continue
			}
		}
		break
	}
	l.emit(tokIdent)
	return lexAny
}

// lexSuperscript reads a run of superscript runes (x², x⁻¹).
func lexSuperscript(l *lexer) stateFn {
	var b strings.Builder
	for {
		r := l.peek()
		c, ok := superscripts[r]
		if !ok {
			break
		}
		l.nextRune()
		if c != '+' {
			b.WriteByte(c)
		}
	}
	v := b.String()
	if v == "" || v == "-" {
		return l.errorf("a superscript needs digits")
	}
	l.emitVal(tokSuper, v)
	return lexAny
}

// latexCommands maps LaTeX control words to tokens. Words that name
// functions, constants or Greek letters become tokIdent with the word as
// their value; the parser resolves them.
var latexCommands = map[string]tokenKind{
	"cdot": tokStar, "times": tokStar, "ast": tokStar,
	"div":  tokSlash,
	"frac": tokFrac, "dfrac": tokFrac, "tfrac": tokFrac, "cfrac": tokFrac,
	"sqrt":   tokSqrt,
	"lfloor": tokLFloor, "rfloor": tokRFloor, "lceil": tokLCeil, "rceil": tokRCeil,
	"vert": tokPipe, "lvert": tokPipe, "rvert": tokPipe, "mid": tokPipe,
}

// latexIgnored lists sizing and spacing words that carry no meaning here.
var latexIgnored = map[string]bool{
	"left": true, "right": true, "big": true, "Big": true, "bigg": true, "Bigg": true,
	"bigl": true, "bigr": true, "Bigl": true, "Bigr": true, "biggl": true, "biggr": true,
	"displaystyle": true, "textstyle": true, "quad": true, "qquad": true,
}

// latexWrappers take a braced argument that is a name: \operatorname{relu}.
var latexWrappers = map[string]bool{
	"operatorname": true, "mathrm": true, "text": true, "mathit": true, "textrm": true,
}

// latexNames are control words read as names: functions, constants, Greek.
var latexNames = map[string]bool{
	"exp": true, "log": true, "ln": true, "lg": true, "sin": true, "cos": true, "tan": true,
	"sinh": true, "cosh": true, "tanh": true, "max": true, "min": true, "pi": true, "sum": true,
	"sec": true, "csc": true, "cot": true, "coth": true, "erf": true, "erfc": true,
}

// lexCommand reads a LaTeX control sequence after its backslash.
func lexCommand(l *lexer) stateFn {
	r := l.nextRune()
	switch r {
	case '(', ')', '[', ']', ',', ';', ':', '!', ' ':
		// \( \) \[ \] delimit math; \, \; \: \! are spacing.
		l.ignore()
		return lexAny
	case '{':
		l.emit(tokLBrace)
		return lexAny
	case '}':
		l.emit(tokRBrace)
		return lexAny
	case '|':
		l.emit(tokPipe)
		return lexAny
	}
	if !unicode.IsLetter(r) {
		return l.errorf("unexpected %q after a backslash", r)
	}
	for unicode.IsLetter(l.peek()) {
		l.nextRune()
	}
	word := l.src[l.start+1 : l.pos]
	switch {
	case latexIgnored[word]:
		// \left. and \right. print no delimiter.
		for unicode.IsSpace(l.peek()) {
			l.nextRune()
		}
		if (word == "left" || word == "right") && l.peek() == '.' {
			l.nextRune()
		}
		l.ignore()
		return lexAny
	case latexWrappers[word]:
		for unicode.IsSpace(l.peek()) {
			l.nextRune()
		}
		if l.peek() != '{' {
			return l.errorf(`\%s needs a name in braces, as in \%s{relu}`, word, word)
		}
		l.nextRune()
		nameStart := l.pos
		for {
			c := l.peek()
			if c == '}' {
				break
			}
			if c == eofRune {
				return l.errorf(`missing "}" after \%s{`, word)
			}
			l.nextRune()
		}
		name := strings.TrimSpace(l.src[nameStart:l.pos])
		l.nextRune()
		if name == "" {
			return l.errorf(`\%s{} is empty`, word)
		}
		l.emitVal(tokIdent, name)
		return lexAny
	case latexNames[word] || greekByName[word] != "":
		l.emitVal(tokIdent, word)
		return lexAny
	}
	if k, ok := latexCommands[word]; ok {
		l.emit(k)
		return lexAny
	}
	return l.errorf(`unknown LaTeX command "\%s"`, word)
}
