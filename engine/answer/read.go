// Package answer reads numeric and shape answers as students write them:
// "146,378", "1.46378e5", "P_c = 2432", "60 × 60 × 32", "60 \times 60 \times 32",
// "(12544, 10)", "[60, 60, 32]". An answer that cannot be read gets an Error that
// echoes it with a caret under the problem and says what was expected.
//
// The reader is a small hand-written scanner over the normalized text: no regular
// expressions, bounded input, no allocation beyond the result on the common path.
package answer

import (
	"fmt"

	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLength bounds an answer; a longer one is refused unread.
const MaxLength = 4096

// Error is an answer that cannot be read.
type Error struct {
	Input    string // the answer as given
	Offset   int    // byte offset of the problem in Input
	Msg      string
	Expected string // what would be valid
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cannot read %q: %s", shorten(e.Input), e.Msg)
	if line, caret, ok := caretLine(e.Input, e.Offset); ok {
		fmt.Fprintf(&b, "\n  %s\n  %s^", line, caret)
	}
	if e.Expected != "" {
		fmt.Fprintf(&b, "\nexpected %s", e.Expected)
	}
	return b.String()
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	r := []rune(s)
	return string(r[:77]) + "..."
}

// caretLine returns the echoed input (one line, at most 80 runes around the offset)
// and the spaces that put a caret under the offending rune.
func caretLine(in string, off int) (string, string, bool) {
	if len(in) > 400 || strings.ContainsAny(in, "\n\r") {
		return "", "", false
	}
	if off > len(in) {
		off = len(in)
	}
	for off > 0 && off < len(in) && !utf8.RuneStart(in[off]) {
		off--
	}
	prefix := []rune(in[:off])
	line := []rune(in)
	start := 0
	if len(prefix) > 60 {
		start = len(prefix) - 60
	}
	end := len(line)
	if end-start > 80 {
		end = start + 80
	}
	printable := strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return '?'
	}, string(line[start:end]))
	return printable, strings.Repeat(" ", len(prefix)-start), true
}

// Number is a number as a student wrote it: exact when the text was an exact
// decimal (146378, 1.46378e5, 0.25), with its float64 value alongside.
type Number struct {
	Rat   *big.Rat
	Float float64
}

// Float64 returns the value as a float64.
func (n Number) Float64() float64 { return n.Float }

// IsInt reports whether the number is a whole number.
func (n Number) IsInt() bool { return n.Rat != nil && n.Rat.IsInt() }

func (n Number) String() string {
	if n.Rat != nil && n.Rat.IsInt() {
		return n.Rat.Num().String()
	}
	return fmt.Sprintf("%g", n.Float)
}

const (
	expectInt   = "a whole number such as 2432, 146,378 or 1.46378e5"
	expectShape = "a shape such as 60 × 60 × 32, 60x60x32 or (12544, 10)"
	expectTuple = "numbers such as (11, 4, 5.5)"
)

// ReadInt reads an exact whole-number answer.
func ReadInt(s string) (int64, error) {
	r := newReader(s, expectInt)
	if err := r.prepare(); err != nil {
		return 0, err
	}
	n, err := r.number()
	if err != nil {
		return 0, err
	}
	r.skipUnitWord()
	if err := r.end(); err != nil {
		return 0, err
	}
	return r.toInt(n)
}

// ReadNumber reads a numeric answer, exact when possible.
func ReadNumber(s string) (Number, error) {
	r := newReader(s, "a number such as 0.25, 1/4 or 2.5e-3")
	if err := r.prepare(); err != nil {
		return Number{}, err
	}
	n, err := r.number()
	if err != nil {
		return Number{}, err
	}
	r.skipUnitWord()
	if err := r.end(); err != nil {
		return Number{}, err
	}
	return n.number(), nil
}

// ReadShape reads a shape or a tuple of whole numbers: 60 × 60 × 32, 60x60x32,
// 60 \times 60 \times 32, [60, 60, 32], (12544, 10), 12544 by 10. Without brackets
// or a multiplication sign, commas separate sizes ("12544, 10"); a caller that
// expects one size should read "12,544" with ReadInt.
func ReadShape(s string) ([]int64, error) {
	r := newReader(s, expectShape)
	if err := r.prepare(); err != nil {
		return nil, err
	}
	nums, err := r.list()
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

// ReadTuple reads a tuple of numbers such as a receptive field "(11, 4, 5.5)".
func ReadTuple(s string) ([]Number, error) {
	r := newReader(s, expectTuple)
	if err := r.prepare(); err != nil {
		return nil, err
	}
	nums, err := r.list()
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
	start    int // offset in the original input
	neg      bool
	digits   string // without grouping separators or the point
	fracLen  int    // digits after the point
	exponent int64  // power of ten
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

func (r *reader) toInt(n scanned) (int64, error) {
	q := n.rat()
	if !q.IsInt() {
		return 0, r.fail(n.start, fmt.Sprintf("%s is not a whole number", q.FloatString(6)))
	}
	v := q.Num()
	if !v.IsInt64() {
		return 0, r.fail(n.start, "the number is too large")
	}
	return v.Int64(), nil
}
