// Package answer reads numeric and shape answers as students write them:
// "146,378", "1.46378e5", "P_c = 2432", "60 × 60 × 32", "60 \times 60 \times 32",
// "(12544, 10)", "[60, 60, 32]". An answer that cannot be read gets an Error that
// echoes it with a caret under the problem and says what was expected.
//
// The reader is a small hand-written scanner over the normalized text: no regular
// expressions, bounded input, no allocation beyond the result on the common path.
package answer

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/internal/diag"
)

// MaxLength bounds an answer; a longer one is refused unread. It is the
// expression reader's limit, so that every answer has the same one.
const MaxLength = expr.MaxLength

// Error is an answer that cannot be read. Its Error method echoes the answer with a
// caret under the problem:
//
//	cannot read "60 × × 32" as a shape: expected a number after "×"
//	  60 × × 32
//	       ^
//	expected a shape such as 32 × 32 × 16, 32x32x16 or (128, 10)
type Error struct {
	Input    string // the answer as given (its first 80 runes when it was too long to read)
	Offset   int    // byte offset of the problem in Input, 0 <= Offset <= len(Input)
	Msg      string // what is wrong there
	Expected string // what would be valid, e.g. "a shape such as 32 × 32 × 16"
	As       string // what the answer was read as: "a shape", "a whole number", ...
}

// TextOffset is the byte offset of the problem in Input.
func (e *Error) TextOffset() int { return e.Offset }

// Message is what is wrong and, when known, what would be valid:
// "expected a number after "×"; expected a shape such as 32 × 32 × 16".
func (e *Error) Message() string {
	if e.Expected == "" {
		return e.Msg
	}
	return e.Msg + "; expected " + e.Expected
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cannot read %q", shorten(e.Input))
	if e.As != "" {
		b.WriteString(" as ")
		b.WriteString(e.As)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	b.WriteString(diag.Quote(e.Input, e.Offset, "  "))
	if e.Expected != "" {
		fmt.Fprintf(&b, "\nexpected %s", e.Expected)
	}
	return b.String()
}

// echoWidth bounds the answer quoted in the message, as the echo below it is.
const echoWidth = diag.EchoWidth

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= echoWidth {
		return s
	}
	return cutRunes(s, echoWidth-3) + "..."
}

// cutRunes returns the first n runes of s.
func cutRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// Number is a number as a student wrote it. Every decimal text is exact (146378,
// 1.46378e5, 0.25, 1/3), and so is arithmetic on them (4*(512*512+512)): Rat
// holds the exact value. A value that is not rational (\log 10) has Rat nil.
// Float is the nearest float64, for tolerances. Digits is the number of
// significant digits the student wrote when the answer is one decimal number
// (7 for 2.302585, 2 for 0.0015), else 0.
type Number struct {
	Rat    *big.Rat
	Float  float64
	Digits int
}

// Float64 returns the value as a float64.
func (n Number) Float64() float64 { return n.Float }

// IsInt reports whether the number is a whole number.
func (n Number) IsInt() bool { return n.Rat != nil && n.Rat.IsInt() }

// String formats the number: whole numbers exactly, others with %g.
func (n Number) String() string {
	if n.Rat != nil && n.Rat.IsInt() {
		return n.Rat.Num().String()
	}
	return fmt.Sprintf("%g", n.Float)
}

// What the readers read an answer as, and the examples their errors give.
// An example is never a key of a bundled problem set (a student reading an
// error must not be shown an answer), and a caller that knows the question's
// answer form sets Error.Expected from it instead.
const (
	asInt       = "a whole number"
	asNumber    = "a number"
	asShape     = "a shape"
	asTuple     = "a tuple of numbers"
	asSize      = "a receptive field's size"
	expectSize  = "a receptive field's size such as 5, 5 × 5 or size 5"
	expectInt   = "a whole number such as 1,234, 1234 or 1.234e3"
	expectNum   = "a number such as 0.25, 1/4, 2.5e-3 or 2.5 × 10^-3"
	expectShape = "a shape such as 32 × 32 × 16, 32x32x16 or (128, 10)"
	expectTuple = "numbers such as (11, 4, 5.5)"
)

// ReadInt reads an exact whole-number answer. It accepts thousands groups of three
// ("146,378", "146 378", thin and no-break spaces, "146{,}378"), a zero decimal
// part ("146378.0"), an exponent ("1.46378e5", "1.46378 \times 10^5",
// "1.46378×10⁵"), a leading name ("P_c = 2432", "W_{cf} =", "Total:"), LaTeX
// wrappers ("$2432$", "\boxed{2432}") and one trailing unit word ("2,432
// parameters"; see unitWords). A value that is not whole ("146378.5") or does not
// fit in an int64 is an *Error.
//
// Arithmetic reads as ReadNumber reads it ("4*(512*512+512)", "20000*128",
// "\lceil 50000/128 \rceil"); its value must be whole.
func ReadInt(s string) (int64, error) {
	r := newReader(s, asInt, expectInt)
	if err := r.prepare(); err != nil {
		return 0, err
	}
	from := r.pos
	n, err := r.number()
	if err == nil {
		r.skipUnitWord()
		err = r.end()
	}
	if err == nil {
		return r.toInt(n)
	}
	v, evalErr := r.evaluate(from, err, false)
	if evalErr != nil {
		return 0, evalErr
	}
	written := strings.Join(strings.Fields(r.in[from:r.stop]), " ")
	if v.Rat == nil && v.Float == math.Trunc(v.Float) && math.Abs(v.Float) < 1<<53 {
		// max(1,234): a function evaluated in float64 whose value is whole.
		return int64(v.Float), nil
	}
	if v.Rat == nil || !v.Rat.IsInt() {
		return 0, r.fail(from, fmt.Sprintf("%s is %s, not a whole number", written, v.decimal()))
	}
	if !v.Rat.Num().IsInt64() {
		return 0, r.fail(from, fmt.Sprintf("%s is too large (the largest whole number is 9,223,372,036,854,775,807)", written))
	}
	return v.Rat.Num().Int64(), nil
}

// ReadNumber reads a numeric answer: ReadInt's spellings, a fractional part
// ("0.25") and a fraction of two numbers ("1/4"), keeping it exact. It is the
// one reader of a number: an answer that is not a single number is evaluated
// as arithmetic by engine/expr.EvalNumber after the wrappers and the label or
// chain before the last "=" are taken off ("3 \cdot 3 \cdot 32 \cdot 64 + 64 =
// 18496" reads as 18496, "4*(512*512+512)" as 1050624, "\log 10" as
// 2.302585...), with digits grouped in threes still one number.
func ReadNumber(s string) (Number, error) {
	r := newReader(s, asNumber, expectNum)
	if err := r.prepare(); err != nil {
		return Number{}, err
	}
	from := r.pos
	v, err := r.plainNumber()
	if err == nil {
		return v, nil
	}
	return r.evaluate(from, err, true)
}

// evaluate reads the text from offset from as arithmetic, when the scanner
// stopped with scanErr. When arithmetic fails too, the error that reached
// further into the answer is reported: the scanner's for "2432 per channel",
// the evaluator's for "4*(512*512+"; on a tie, the evaluator's when
// preferEval (a number answer: "unknown name "one"" for "one quarter"), else
// the scanner's (a count: "unexpected "per" after the number"). The
// evaluator's error is an *expr.Error placed in the whole answer.
func (r *reader) evaluate(from int, scanErr error, preferEval bool) (Number, error) {
	text := r.in[from:r.stop]
	v, err := expr.EvalNumber(text)
	if err == nil {
		return Number{Rat: v.Rat, Float: v.Float}, nil
	}
	var exprErr *expr.Error
	var readErr *Error
	if errors.As(err, &exprErr) && errors.As(scanErr, &readErr) {
		at := r.normal.OriginalOffset(from + exprErr.Offset)
		if at > readErr.Offset || at == readErr.Offset && preferEval {
			return Number{}, &expr.Error{Source: r.normal.Original, Offset: at, Msg: exprErr.Msg}
		}
	}
	return Number{}, scanErr
}

// decimal prints a value as a decimal: exactly when it terminates within 12
// digits after the point, else to 12 significant digits.
func (n Number) decimal() string {
	if n.Rat != nil {
		if n.Rat.IsInt() {
			return n.Rat.Num().String()
		}
		if s := n.Rat.FloatString(12); strings.TrimRight(s, "0") != "" {
			if back, ok := new(big.Rat).SetString(s); ok && back.Cmp(n.Rat) == 0 {
				return strings.TrimRight(s, "0")
			}
		}
	}
	return strconv.FormatFloat(n.Float, 'g', 12, 64)
}

// Decimal prints the number as a decimal, never as a fraction: "0.25",
// "1050624", "2.30258509299" (12 significant digits when it does not
// terminate), for "read as" notes.
func (n Number) Decimal() string { return n.decimal() }

// plainNumber reads one number, "/" and a second number, and a unit word.
func (r *reader) plainNumber() (Number, error) {
	n, err := r.number()
	if err != nil {
		return Number{}, err
	}
	digits := significantDigits(n.digits)
	value := n.rat()
	r.skipSpaces()
	if at := r.pos; r.accept("/") {
		d, err := r.number()
		if err != nil {
			return Number{}, err
		}
		den := d.rat()
		if den.Sign() == 0 {
			return Number{}, r.fail(at, "division by zero")
		}
		value.Quo(value, den)
		digits = 0
	}
	r.skipUnitWord()
	if err := r.end(); err != nil {
		return Number{}, err
	}
	f, _ := value.Float64()
	return Number{Rat: value, Float: f, Digits: digits}, nil
}

// significantDigits counts the digits of a mantissa after its leading zeros.
func significantDigits(digits string) int {
	return len(strings.TrimLeft(digits, "0"))
}

// ReadShape reads a shape or a tuple of whole numbers: "60 × 60 × 32", "60x60x32",
// "60 X 60 X 32", "60*60*32", "60 \times 60 \times 32", "[60, 60, 32]",
// "(12544, 10)", "12544 by 10", with ReadInt's names and wrappers
// ("CNV_1 = 60 \times 60 \times 32").
//
// Commas are ambiguous: "12,544" is one size with a thousands comma or two sizes.
// The rule: inside brackets, and in a list with no multiplication sign, a comma
// separates sizes ("(12,544)" and "12,544" are [12 544]); in a list whose sizes
// are separated by ×, x, *, \times or "by", a comma groups thousands
// ("12,544 × 10" is [12544 10]). A caller that expects a single size should read
// it with ReadInt first, which takes "12,544" as 12544. Spaces follow the same
// rule: inside brackets they separate sizes ("[60 60 32]"), outside they group
// thousands ("12 544 × 10" is [12544 10]).
func ReadShape(s string) ([]int64, error) {
	r := newReader(s, asShape, expectShape)
	if err := r.prepare(); err != nil {
		return nil, err
	}
	nums, err := r.list(true)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(nums))
	for i, n := range nums {
		v, err := r.toInt(n)
		if err != nil {
			return nil, err
		}
		if v < 0 {
			return nil, r.fail(n.start, "a size cannot be negative")
		}
		out[i] = v
	}
	return out, nil
}

// ReadReceptiveSize reads a receptive field's size, the answer to a
// receptive_field_size question: "8", "8 × 8" or "(8, 8)" (a square field,
// one size per axis), "size 8", "size = 8", with an optional trailing
// "pixels" or "px". Axes of different sizes are an *Error: the question asks
// for one size.
func ReadReceptiveSize(s string) (int64, error) {
	r := newReader(s, asSize, expectSize)
	if err := r.prepare(); err != nil {
		return 0, err
	}
	r.skipSpaces()
	if t := r.rest(); len(t) >= 4 && strings.EqualFold(t[:4], "size") {
		r.pos += 4
		r.skipSpaces()
		if !r.accept("=") {
			r.accept(":")
		}
		r.trimSpace()
		if r.pos >= r.stop {
			return 0, r.fail(r.pos, "there is no value")
		}
	}
	for _, unit := range []string{"input pixels", "pixels", "pixel", "px"} {
		t := r.rest()
		if len(t) > len(unit) && strings.EqualFold(t[len(t)-len(unit):], unit) {
			r.stop -= len(unit)
			r.trimSpace()
			break
		}
	}
	nums, err := r.list(true)
	if err != nil {
		return 0, err
	}
	first, err := r.toInt(nums[0])
	if err != nil {
		return 0, err
	}
	for _, n := range nums[1:] {
		v, err := r.toInt(n)
		if err != nil {
			return 0, err
		}
		if v != first {
			return 0, r.fail(n.start, fmt.Sprintf("the axes differ (%d and %d): give the size along the first axis", first, v))
		}
	}
	if first <= 0 {
		return 0, r.fail(nums[0].start, "a receptive field's size is at least 1")
	}
	return first, nil
}

// ReadTuple reads a tuple of numbers such as a receptive field "(11, 4, 5.5)",
// "[11, 4, 5.5]" or "11, 4, 5.5", with ReadShape's separators and comma rule.
func ReadTuple(s string) ([]Number, error) {
	r := newReader(s, asTuple, expectTuple)
	if err := r.prepare(); err != nil {
		return nil, err
	}
	nums, err := r.list(false)
	if err != nil {
		return nil, err
	}
	out := make([]Number, len(nums))
	for i, n := range nums {
		out[i] = n.number()
	}
	return out, nil
}

// scanned is a number read from the text: mantissa digits, decimal point position
// and exponent, kept exact.
type scanned struct {
	start, end int // offsets in the original input
	neg        bool
	digits     string // without grouping separators or the point
	fracLen    int    // digits after the point
	exponent   int64  // power of ten
}

func (n scanned) rat() *big.Rat {
	num, ok := new(big.Int).SetString(n.digits, 10)
	if !ok {
		num = new(big.Int)
	}
	if n.neg {
		num.Neg(num)
	}
	r := new(big.Rat).SetInt(num)
	exp := n.exponent - int64(n.fracLen)
	if exp != 0 {
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs(exp)), nil)
		if exp > 0 {
			r.Mul(r, new(big.Rat).SetInt(p))
		} else {
			r.Quo(r, new(big.Rat).SetInt(p))
		}
	}
	return r
}

func (n scanned) number() Number {
	r := n.rat()
	f, _ := r.Float64()
	return Number{Rat: r, Float: f}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// toInt returns a scanned number as an int64, or an error that quotes the number
// as written: not whole, or out of range.
func (r *reader) toInt(n scanned) (int64, error) {
	// The number as written, on one line: an answer may break a line inside "1.5 \times 10^3".
	written := strings.Join(strings.Fields(r.in[n.start:n.end]), " ")
	if n.fracLen == 0 && n.exponent == 0 {
		// The common case, without big numbers: digits only.
		if v, ok := smallInt(n.digits); ok {
			if n.neg {
				v = -v
			}
			return v, nil
		}
	}
	q := n.rat()
	if !q.IsInt() {
		return 0, r.fail(n.start, fmt.Sprintf("%s is not a whole number", written))
	}
	v := q.Num()
	if !v.IsInt64() {
		return 0, r.fail(n.start, fmt.Sprintf("%s is too large (the largest whole number is 9,223,372,036,854,775,807)", written))
	}
	return v.Int64(), nil
}

// smallInt converts up to 18 decimal digits, which always fit in an int64.
func smallInt(digits string) (int64, bool) {
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(digits); i++ {
		v = v*10 + int64(digits[i]-'0')
	}
	return v, true
}
