package answer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/engine/expr"
)

// reader scans one answer. text is the part still to be read: a window
// [pos, stop) of the original input, so every error points into what the student
// typed.
type reader struct {
	in       string          // the answer after normalisation
	normal   expr.Normalized // the way back to the answer as typed, for errors
	pos      int
	stop     int
	as       string // what the answer is read as, for errors
	expected string
	// commaGroups: a comma inside a number groups thousands (146,378); otherwise it
	// separates the items of a tuple.
	commaGroups bool
	// spaceGroups: a space inside a number groups thousands (146 378); inside
	// brackets it separates items instead ([60 60 32], as MATLAB writes them).
	spaceGroups bool
	// axisLabels: each item of a list is labelled, "H=8, W=8, C=64".
	axisLabels bool
}

// newReader reads in after Unicode compatibility normalisation (fullwidth
// digits, ...; see expr.Normalize); an error echoes in as typed.
func newReader(in, as, expected string) *reader {
	normal := expr.Normalized{Text: in, Original: in}
	if len(in) <= MaxLength { // an over-long answer is refused unread
		normal = expr.NormalizeMapped(in)
	}
	return &reader{in: normal.Text, normal: normal, stop: len(normal.Text), as: as, expected: expected, commaGroups: true, spaceGroups: true}
}

func (r *reader) fail(off int, msg string) *Error {
	return &Error{Input: r.normal.Original, Offset: r.normal.OriginalOffset(off), Msg: msg, Expected: r.expected, As: r.as}
}

// prepare bounds the input and strips what surrounds the value: white space, $…$,
// \(…\), \boxed{…}, a trailing period, and a leading "name =" or "name:".
func (r *reader) prepare() error {
	if len(r.normal.Original) > MaxLength {
		return &Error{Input: cutRunes(r.normal.Original, 2*echoWidth), Offset: 0, As: r.as, Expected: r.expected,
			Msg: fmt.Sprintf("the answer is %d bytes long; at most %d are read", len(r.normal.Original), MaxLength)}
	}
	if !utf8.ValidString(r.in) {
		return r.fail(0, "the answer is not valid UTF-8 text")
	}
	for changed := true; changed; {
		changed = false
		r.trimSpace()
		for _, pair := range [][2]string{{"$$", "$$"}, {"$", "$"}, {`\(`, `\)`}, {`\[`, `\]`}, {`\boxed{`, "}"}, {`\mathbf{`, "}"}} {
			t := r.in[r.pos:r.stop]
			if len(t) >= len(pair[0])+len(pair[1]) && strings.HasPrefix(t, pair[0]) && strings.HasSuffix(t, pair[1]) {
				r.pos += len(pair[0])
				r.stop -= len(pair[1])
				changed = true
				break
			}
		}
		if t := r.in[r.pos:r.stop]; strings.HasSuffix(t, ".") && len(t) > 1 {
			r.stop--
			changed = true
		}
	}
	r.dropName()
	r.trimSpace()
	if r.pos >= r.stop {
		return r.fail(r.pos, "there is no value")
	}
	return nil
}

func (r *reader) trimSpace() {
	for r.pos < r.stop {
		c, size := utf8.DecodeRuneInString(r.in[r.pos:r.stop])
		if !isSpace(c) {
			break
		}
		r.pos += size
	}
	for r.stop > r.pos {
		c, size := utf8.DecodeLastRuneInString(r.in[r.pos:r.stop])
		if !isSpace(c) {
			break
		}
		r.stop -= size
	}
}

func isSpace(c rune) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u2009', '\u202f', '\u2002', '\u2003', '~':
		return true
	}
	return false
}

// dropName skips "P_c = W_c + B_c = 2432" up to the last "=" (or a leading
// "Output:") when what comes before starts like a name, so that the value a
// student boxed is what is read.
func (r *reader) dropName() {
	t := r.in[r.pos:r.stop]
	if r.as == asShape || r.as == asTuple || r.as == asSize {
		if labelledAxes(t) {
			r.axisLabels = true // H=8, W=8, C=64: the labels are skipped item by item
			return
		}
		if start, end, ok := productBeforeValue(t); ok {
			// "32 × 32 × 32 = 32768": the shape is the product's factors, not its value.
			r.pos, r.stop = r.pos+start, r.pos+end
			return
		}
	}
	if cut := strings.LastIndex(t, "="); cut >= 0 {
		// "P_c = 2432" and "14 × 14 × 64 = 12544": the value is what follows the last "=".
		r.pos += cut + 1
		return
	}
	if t == "" || !(isLetter(rune(t[0])) || t[0] == '\\') {
		return
	}
	if cut := strings.Index(t, ":"); cut >= 0 {
		r.pos += cut + 1
	}
}

// labelledAxes reports whether t is a list of labelled sizes, "H=8, W=8, C=64"
// or "(H: 8, W: 8, C: 64)": two or more comma-separated items, each a name,
// "=" or ":", and a value.
func labelledAxes(t string) bool {
	t = strings.Trim(t, " ()[]")
	if !strings.Contains(t, ",") {
		return false
	}
	for rest, more := t, true; more; {
		var item string
		item, rest, more = strings.Cut(rest, ",")
		if n := axisLabelLength(item); n == 0 || strings.TrimSpace(item[n:]) == "" {
			return false
		}
	}
	return true
}

// axisLabelLength is the length of a leading "H =", " C_in:" in t (spaces
// included), or 0.
func axisLabelLength(t string) int {
	i := 0
	for i < len(t) && t[i] == ' ' {
		i++
	}
	if i == len(t) || !isLetter(rune(t[i])) {
		return 0
	}
	for i < len(t) && (isLetter(rune(t[i])) || isDigit(t[i]) || t[i] == '_' || t[i] == '{' || t[i] == '}') {
		i++
	}
	for i < len(t) && t[i] == ' ' {
		i++
	}
	if i == len(t) || t[i] != '=' && t[i] != ':' {
		return 0
	}
	i++
	for i < len(t) && t[i] == ' ' {
		i++
	}
	return i
}

// productBeforeValue finds, in "out = 32 × 32 × 32 = 32768", the product
// before the last "=" when what follows it is a single number: the byte range
// [start, end) of "32 × 32 × 32" in t.
func productBeforeValue(t string) (start, end int, ok bool) {
	last := strings.LastIndex(t, "=")
	if last < 0 {
		return 0, 0, false
	}
	value := strings.TrimSpace(t[last+1:])
	for _, c := range value {
		if !(c >= '0' && c <= '9' || c == ',' || c == ' ' || c == '.' || c == '{' || c == '}') {
			return 0, 0, false
		}
	}
	if value == "" {
		return 0, 0, false
	}
	start = strings.LastIndex(t[:last], "=") + 1
	product := t[start:last]
	if !strings.ContainsAny(product, "×*xX·") && !strings.Contains(product, `\times`) && !strings.Contains(product, `\cdot`) {
		return 0, 0, false
	}
	return start, last, true
}

func isLetter(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func (r *reader) peekRune() (rune, int) {
	if r.pos >= r.stop {
		return utf8.RuneError, 0
	}
	return utf8.DecodeRuneInString(r.in[r.pos:r.stop])
}

func (r *reader) skipSpaces() {
	for {
		c, size := r.peekRune()
		if size == 0 || !isSpace(c) {
			return
		}
		r.pos += size
	}
}

func (r *reader) rest() string { return r.in[r.pos:r.stop] }

// accept consumes s (after spaces) if the text continues with it.
func (r *reader) accept(s string) bool {
	save := r.pos
	r.skipSpaces()
	if strings.HasPrefix(r.rest(), s) {
		r.pos += len(s)
		return true
	}
	r.pos = save
	return false
}

func (r *reader) end() error {
	r.skipSpaces()
	if r.pos < r.stop {
		return r.fail(r.pos, "unexpected "+quoteString(r.word())+" after the number")
	}
	return nil
}

// word returns the text from pos up to the next space (about 40 bytes at most), to
// quote what stands where it should not.
func (r *reader) word() string {
	t := r.rest()
	for i, c := range t {
		if i > 0 && (isSpace(c) || i >= 40) {
			return t[:i]
		}
	}
	return t
}

func quoteRune(c rune) string {
	return "\"" + string(c) + "\""
}

// unitWords may follow a count ("2,432 parameters", "10 Weights"): the words a
// student uses for what was counted. Any other trailing word is an error, so that
// "2432 per channel" is not silently read as 2432.
var unitWords = []string{"parameters", "parameter", "params", "param", "weights", "weight", "biases", "bias", "macs", "units", "neurons"}

func (r *reader) skipUnitWord() {
	save := r.pos
	r.skipSpaces()
	for _, w := range unitWords {
		if strings.EqualFold(r.rest(), w) {
			r.pos = r.stop
			return
		}
	}
	r.pos = save
}

// number reads one number: digits with optional thousands groups (146,378 or
// 146 378), a decimal part, and an exponent (1.46e5, 1.46 × 10^5, 1.46×10⁵).
func (r *reader) number() (scanned, error) {
	r.skipSpaces()
	n := scanned{start: r.pos}
	if r.accept("-") || r.accept("−") {
		n.neg = true
	} else {
		r.accept("+")
	}
	r.skipSpaces()
	var digits strings.Builder
	start := r.pos
	groupRun := -1 // digits since the last group separator; -1 before any separator
	for r.pos < r.stop {
		c := r.in[r.pos]
		if isDigit(c) {
			digits.WriteByte(c)
			r.pos++
			if groupRun >= 0 {
				groupRun++
			}
			continue
		}
		if size := r.groupSeparatorAt(); size > 0 && digits.Len() > 0 {
			if groupRun >= 0 && groupRun != 3 {
				return n, r.fail(r.pos, "digits are grouped in threes, as in 1,234,567")
			}
			if groupRun < 0 && digits.Len() > 3 {
				return n, r.fail(r.pos, "digits are grouped in threes, as in 1,234,567")
			}
			r.pos += size
			groupRun = 0
			continue
		}
		if c == ',' && r.commaGroups && r.pos+1 < r.stop && isDigit(r.in[r.pos+1]) {
			return n, r.fail(r.pos, "digits are grouped in threes, as in 1,234,567")
		}
		break
	}
	if groupRun >= 0 && groupRun != 3 {
		return n, r.fail(r.pos, "digits are grouped in threes, as in 1,234,567")
	}
	if r.pos < r.stop && r.in[r.pos] == '.' && r.pos+1 < r.stop && isDigit(r.in[r.pos+1]) {
		r.pos++
		for r.pos < r.stop && isDigit(r.in[r.pos]) {
			digits.WriteByte(r.in[r.pos])
			n.fracLen++
			r.pos++
		}
	}
	if digits.Len() == 0 {
		if r.pos >= r.stop {
			return n, r.fail(r.pos, "a number is missing here")
		}
		c, _ := r.peekRune()
		return n, r.fail(start, "expected a number, not "+quoteRune(c))
	}
	if digits.Len() > 40 {
		return n, r.fail(start, "the number has too many digits")
	}
	n.digits = digits.String()
	exp, err := r.exponent()
	if err != nil {
		return n, err
	}
	n.exponent = exp
	n.end = r.pos
	return n, nil
}

// groupSeparatorAt returns the byte length of a thousands separator at pos (a comma
// when commas group, a space-like rune, or LaTeX's {,} and \,) followed by
// exactly three digits, or 0.
func (r *reader) groupSeparatorAt() int {
	c, size := utf8.DecodeRuneInString(r.rest())
	switch {
	case c == ',' && r.commaGroups:
	case (c == '\u2009' || c == '\u202f' || c == '\u00a0' || c == ' ') && r.spaceGroups:
	case c == '\'' || c == '{' && strings.HasPrefix(r.rest(), "{,}"):
		if c == '{' {
			size = 3
		}
	case c == '\\' && strings.HasPrefix(r.rest(), `\,`):
		size = 2 // LaTeX's thin space: 146\,378
	default:
		return 0
	}
	t := r.in[r.pos+size : r.stop]
	if len(t) < 3 || !isDigit(t[0]) || !isDigit(t[1]) || !isDigit(t[2]) || len(t) > 3 && isDigit(t[3]) {
		return 0
	}
	return size
}

// exponent reads e5, E-3, × 10^5, \times 10^{5}, ×10⁵, * 10**5, · 10^5.
func (r *reader) exponent() (int64, error) {
	save := r.pos
	if r.pos < r.stop && (r.in[r.pos] == 'e' || r.in[r.pos] == 'E') {
		r.pos++
		if v, ok := r.exponentDigits(); ok {
			return v, nil
		}
		r.pos = save
		return 0, nil
	}
	for _, times := range []string{"×", "\\times", "*", "·", "\\cdot", "x"} {
		if !r.accept(times) {
			continue
		}
		if r.accept("10") {
			switch {
			case r.accept("^{"):
				v, ok := r.exponentDigits()
				if ok && r.accept("}") {
					return v, nil
				}
			case r.accept("^"), r.accept("**"):
				if v, ok := r.exponentDigits(); ok {
					return v, nil
				}
			default:
				if v, ok := r.superscript(); ok {
					return v, nil
				}
			}
		}
		r.pos = save
		return 0, nil
	}
	return 0, nil
}

func (r *reader) exponentDigits() (int64, bool) {
	r.skipSpaces()
	neg := false
	if r.accept("-") || r.accept("−") {
		neg = true
	} else {
		r.accept("+")
	}
	var v int64
	n := 0
	for r.pos < r.stop && isDigit(r.in[r.pos]) && n < 4 {
		v = v*10 + int64(r.in[r.pos]-'0')
		r.pos++
		n++
	}
	if n == 0 || (r.pos < r.stop && isDigit(r.in[r.pos])) {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

var superscripts = map[rune]int64{'⁰': 0, '¹': 1, '²': 2, '³': 3, '⁴': 4, '⁵': 5, '⁶': 6, '⁷': 7, '⁸': 8, '⁹': 9}

func (r *reader) superscript() (int64, bool) {
	neg := false
	if c, size := r.peekRune(); c == '⁻' {
		neg = true
		r.pos += size
	}
	var v int64
	n := 0
	for n < 4 {
		c, size := r.peekRune()
		d, ok := superscripts[c]
		if !ok {
			break
		}
		v = v*10 + d
		r.pos += size
		n++
	}
	if n == 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// MaxAxes is the most axes (or tuple values) a shape or tuple answer may
// have; a sealed student edition has one verdict class for each number of
// axes up to it.
const MaxAxes = 16

// list reads a shape or tuple: items separated by ×, x, X, *, \times, \cdot,
// "by", semicolons or commas, optionally in ( ), [ ], { }, ⟨ ⟩ or \left( \right);
// inside brackets a space also separates items ([60 60 32]). sizes refuses an
// exponent in an item ("1.2544e4 × 10" is not how a size is written).
func (r *reader) list(sizes bool) ([]scanned, error) {
	r.skipSpaces()
	closer := ""
	for _, pair := range [][2]string{{`\left(`, `\right)`}, {`\left[`, `\right]`}, {"(", ")"}, {"[", "]"}, {`\{`, `\}`}, {"{", "}"}, {"<", ">"}, {"⟨", "⟩"}} {
		if r.accept(pair[0]) {
			closer = pair[1]
			break
		}
	}
	r.commaGroups = closer == "" && r.hasTimesSeparator()
	r.spaceGroups = closer == ""
	var items []scanned
	for {
		if len(items) >= MaxAxes {
			return nil, r.fail(r.pos, fmt.Sprintf("too many axes (%d at most)", MaxAxes))
		}
		if r.axisLabels {
			r.skipSpaces()
			r.pos += axisLabelLength(r.rest())
		}
		n, err := r.number()
		if err != nil {
			return nil, err
		}
		if sizes && n.exponent != 0 {
			return nil, r.fail(n.start, "a size is written without an exponent")
		}
		items = append(items, n)
		before := r.pos
		r.skipSpaces()
		if closer != "" && r.accept(closer) {
			break
		}
		if closer != "" && r.pos > before && r.startsNumber() {
			continue // [60 60 32]
		}
		if r.pos >= r.stop {
			if closer != "" {
				return nil, r.fail(r.pos, "the closing "+quoteString(closer)+" is missing")
			}
			break
		}
		sep, ok := r.separator()
		if !ok {
			c, _ := r.peekRune()
			return nil, r.fail(r.pos, "expected × or a comma between sizes, not "+quoteRune(c))
		}
		if sep == "," && closer != "" && r.accept(closer) {
			break // a Python 1-tuple, (32,), or a trailing comma
		}
		r.skipSpaces()
		if !r.startsNumber() && !(r.axisLabels && axisLabelLength(r.rest()) > 0) {
			return nil, r.fail(r.pos, "expected a number after "+quoteString(sep))
		}
	}
	if err := r.end(); err != nil {
		return nil, err
	}
	return items, nil
}

func quoteString(s string) string { return "\"" + s + "\"" }

// separator consumes the separator between two items and returns it.
func (r *reader) separator() (string, bool) {
	for _, sep := range []string{"×", "\\times", "*", "x", "X", ",", "by", "\\cdot", "·", ";"} {
		if sep == "," && r.commaGroups {
			continue
		}
		if r.accept(sep) {
			return sep, true
		}
	}
	return "", false
}

// startsNumber reports whether a number begins at pos: a digit, or a sign or point
// before one.
func (r *reader) startsNumber() bool {
	t := r.rest()
	for _, sign := range []string{"-", "−", "+"} {
		if strings.HasPrefix(t, sign) {
			t = strings.TrimLeft(t[len(sign):], " ")
			break
		}
	}
	return t != "" && (isDigit(t[0]) || t[0] == '.' && len(t) > 1 && isDigit(t[1]))
}

// hasTimesSeparator reports whether the rest of the text separates sizes with a
// multiplication sign, so that a comma in it can only group thousands.
func (r *reader) hasTimesSeparator() bool {
	t := r.rest()
	return strings.ContainsAny(t, "×*xX·") || strings.Contains(t, `\times`) || strings.Contains(t, " by ")
}
