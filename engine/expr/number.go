package expr

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Number is the value of a constant expression such as an instructor's
// "12544 * 10": exact when it is rational, a float otherwise.
type Number struct {
	Rat   *big.Rat // exact value; nil when not rational (log(2), pi)
	Float float64  // the value as a float64 (rounded when Rat is set)
}

// IsInt reports whether the number is an exact integer.
func (n Number) IsInt() bool { return n.Rat != nil && n.Rat.IsInt() }

// String prints an exact value as an integer, a decimal when its decimal
// expansion ends ("125440", "0.95", "0.000000015"), or else a fraction, which
// is exact where a decimal would not be ("1/3"); other values with up to 12
// significant digits.
func (n Number) String() string {
	if n.Rat == nil {
		return strconv.FormatFloat(n.Float, 'g', 12, 64)
	}
	if n.Rat.IsInt() {
		return n.Rat.Num().String()
	}
	if places, ok := decimalPlaces(n.Rat.Denom()); ok {
		return n.Rat.FloatString(places)
	}
	return n.Rat.RatString()
}

// maxDecimalPlaces bounds the decimals String writes out; a value that needs
// more stays a fraction.
const maxDecimalPlaces = 30

// decimalPlaces returns how many decimals a fraction with this (positive)
// denominator needs to be written exactly: its denominator must be 2^a·5^b,
// and then max(a, b) places suffice.
func decimalPlaces(den *big.Int) (int, bool) {
	d := new(big.Int).Set(den)
	var twos, fives int
	two, five, rem := big.NewInt(2), big.NewInt(5), new(big.Int)
	for d.Cmp(big.NewInt(1)) > 0 && twos <= maxDecimalPlaces {
		if q, r := new(big.Int).QuoRem(d, two, rem); r.Sign() == 0 {
			d, twos = q, twos+1
			continue
		}
		if q, r := new(big.Int).QuoRem(d, five, rem); r.Sign() == 0 {
			d, fives = q, fives+1
			continue
		}
		return 0, false
	}
	places := max(twos, fives)
	return places, d.Cmp(big.NewInt(1)) == 0 && places <= maxDecimalPlaces
}

var constantEnv, _ = NewEnv(nil, nil, Options{})

// EvalNumber evaluates a constant expression: exactly (big.Rat) when it
// uses only rational numbers and + - · / and whole powers, or also floor,
// ceil, min, max and abs with a whole result; else as a float. Digits
// grouped in threes are one number (146,378, 146 378, 20{,}234; a comma
// only outside brackets, where it cannot separate arguments), never a
// product. Errors are *Error values with a caret.
//
// It evaluates the expression as written; engine/answer.ReadNumber, which
// calls it, is the reader of a student's number (labels, chains, \boxed{}).
func EvalNumber(src string) (Number, error) {
	x, err := constantEnv.parse(src, true)
	if err != nil {
		return Number{}, err
	}
	if x.Len() != 0 {
		return Number{}, errorAt(src, 0, "expected a single number, not a vector")
	}
	if x.poly != nil {
		if c, ok := x.poly.constant(); ok {
			f, _ := c.Float64()
			return Number{Rat: c, Float: f}, nil
		}
	}
	if x.rational {
		// floor, ceil, min, max, abs and whole powers evaluate exactly:
		// ceil(10^20/7) is the integer it is, not the float64 nearest.
		// A value that is not whole keeps its decimal form below.
		if r, st := evalRat(x.root, nil); st == valueOK && r.IsInt() {
			f, _ := r.Float64()
			return Number{Rat: r, Float: f}, nil
		}
	}
	f := x.scalar(nil)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Number{}, errorAt(src, 0, "the expression has no finite value")
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 && x.integerValued() {
		return Number{Rat: new(big.Rat).SetFloat64(f), Float: f}, nil
	}
	return Number{Float: f}, nil
}

// integerValued reports whether the outermost operation rounds to an
// integer (floor, ceil), so a float result is exact.
func (x *Expr) integerValued() bool {
	c, ok := x.root.(*callNode)
	return ok && (c.fn.id == fnFloor || c.fn.id == fnCeil)
}

// LaTeX writes the number for an answer key: a fraction as \frac{1}{3}, an
// exponent as a power of ten (1.5 \times 10^{-8}).
func (n Number) LaTeX() string {
	s := n.String()
	if num, den, ok := strings.Cut(s, "/"); ok {
		if neg := strings.HasPrefix(num, "-"); neg {
			return `-\frac{` + num[1:] + "}{" + den + "}"
		}
		return `\frac{` + num + "}{" + den + "}"
	}
	if mant, exp, ok := strings.Cut(s, "e"); ok {
		sign := ""
		if rest, neg := strings.CutPrefix(exp, "-"); neg {
			sign, exp = "-", rest
		}
		return mant + ` \times 10^{` + sign + strings.TrimLeft(strings.TrimPrefix(exp, "+"), "0") + "}"
	}
	return s
}

// ConstantLaTeX typesets a constant expression as EvalNumber reads it, for an
// answer key: "log(10)" as \log\left(10\right), "ceil(50000/128)" as
// \left\lceil \frac{50000}{128} \right\rceil.
func ConstantLaTeX(src string) (string, error) {
	x, err := constantEnv.parse(src, true)
	if err != nil {
		return "", err
	}
	return x.LaTeX(), nil
}

// NameLaTeX typesets a variable's name as LaTeX() does in an expression:
// "eps" as \epsilon, "x_1" as x_{1}.
func NameLaTeX(name string) string { return latexName(name) }
