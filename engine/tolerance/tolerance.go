// Package tolerance decides when two real numbers are equal enough: the one
// comparison behind a rubric's rel_tol and abs_tol (grader) and formula
// equivalence at test points (engine/expr).
package tolerance

import (
	"math"
	"math/big"
	"strconv"
)

// Equal reports whether a is b within an absolute or a relative tolerance,
// where b is the reference (the key):
//
//	a == b, or |a − b| <= absTol, or |a − b| <= relTol·|b|.
//
// A tolerance of 0 adds nothing, so Equal(a, b, 0, 0) is exact equality; there
// is no hidden default. The relative test scales with the key alone, as an
// instructor means "within 5% of the answer": with relTol 0.05 and b = 100,
// 95 and 105 are equal and 105.2 is not (a bound scaled by max(|a|, |b|), as
// in gonum's scalar.EqualWithinAbsOrRel, would give an answer above the key
// more room than one below it). The absolute test is what accepts a value
// that should be 0 and is 1e-17, which no relative tolerance can. NaN equals
// nothing; an infinity equals only itself.
func Equal(a, b, absTol, relTol float64) bool {
	if a == b {
		return true
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false // else Inf <= relTol·Inf would hold
	}
	d := math.Abs(a - b)
	return d <= absTol || d <= relTol*math.Abs(b)
}

// EqualRat is Equal decided in exact arithmetic, for values known exactly
// (decimals as written, fractions, big integers): 0.95 against 1 with
// relTol 0.05 is equal, where float64 subtraction says 0.050000000000000044.
// Nil tolerances are 0.
func EqualRat(a, b, absTol, relTol *big.Rat) bool {
	if a.Cmp(b) == 0 {
		return true
	}
	d := new(big.Rat).Sub(a, b)
	d.Abs(d)
	if absTol != nil && d.Cmp(absTol) <= 0 {
		return true
	}
	if relTol == nil || relTol.Sign() <= 0 {
		return false
	}
	m := new(big.Rat).Abs(b)
	return d.Cmp(m.Mul(m, relTol)) <= 0
}

// EqualBig is Equal for high-precision approximations of real values
// (engine/expr re-evaluates with math/big when float64 overflows or
// cancels). The rule and the tolerances are the same; only the arithmetic
// is wider. Infinite operands equal nothing but themselves.
func EqualBig(a, b *big.Float, absTol, relTol *big.Rat) bool {
	if a.Cmp(b) == 0 {
		return true
	}
	if a.IsInf() || b.IsInf() {
		return false
	}
	prec := max(a.Prec(), b.Prec()) + 64
	d := SubBig(new(big.Float).SetPrec(prec), a, b)
	d.Abs(d)
	if absTol != nil && d.Cmp(new(big.Float).SetPrec(prec).SetRat(absTol)) <= 0 {
		return true
	}
	if relTol == nil || relTol.Sign() <= 0 {
		return false
	}
	m := new(big.Float).SetPrec(prec).Abs(b)
	m.Mul(m, new(big.Float).SetPrec(prec).SetRat(relTol))
	return d.Cmp(m) <= 0
}

// Decimal is a tolerance as the user wrote it: the shortest decimal that
// reads back as x (0.05 is 1/20, not the binary float just above it), so
// that EqualRat decides "within 5%" about 5%. 0 and non-finite values give
// nil (no tolerance).
func Decimal(x float64) *big.Rat {
	if x <= 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok {
		return new(big.Rat).SetFloat64(x)
	}
	return r
}

// SubBig sets z = x − y, rounded to z's precision, and returns z. It is
// big.Float's Sub without its cost when the exponents are far apart: Sub
// shifts the smaller operand's mantissa by the gap, gigabytes of zeros for
// 5^(19^7) − 1, where the answer is the larger operand to every bit z holds.
// A student's answer can make that gap, so every difference of values an
// answer computes goes through here.
func SubBig(z, x, y *big.Float) *big.Float {
	if x.IsInf() || y.IsInf() || x.Sign() == 0 || y.Sign() == 0 {
		return z.Sub(x, y)
	}
	gap := x.MantExp(nil) - y.MantExp(nil)
	// Beyond prec+2 bits the smaller operand cannot change the rounded result
	// but for the sticky bit, which the result's last-bit rounding ignores.
	limit := int(z.Prec()) + 2
	switch {
	case gap > limit:
		return z.Set(x)
	case -gap > limit:
		return z.Neg(y)
	}
	return z.Sub(x, y)
}

// AddBig sets z = x + y as SubBig does x − (−y).
func AddBig(z, x, y *big.Float) *big.Float {
	return SubBig(z, x, new(big.Float).Neg(y))
}
