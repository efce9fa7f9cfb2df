// Package tolerance decides when two real numbers are equal enough: the one
// comparison behind a rubric's rel_tol and abs_tol (grader) and formula
// equivalence at test points (engine/expr).
package tolerance

import "math"

// Equal reports whether a and b are equal within an absolute or a relative
// tolerance:
//
//	a == b, or |a − b| <= absTol, or |a − b| <= relTol·max(|a|, |b|).
//
// A tolerance of 0 adds nothing, so Equal(a, b, 0, 0) is exact equality; there
// is no hidden default. The relative test scales with the larger magnitude, so
// Equal is symmetric in a and b. The absolute test is what accepts a value that
// should be 0 and is 1e-17, which no relative tolerance can. NaN equals
// nothing; an infinity equals only itself. The model is gonum's
// scalar.EqualWithinAbsOrRel.
func Equal(a, b, absTol, relTol float64) bool {
	if a == b {
		return true
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false // else Inf <= relTol·Inf would hold
	}
	d := math.Abs(a - b)
	return d <= absTol || d <= relTol*math.Max(math.Abs(a), math.Abs(b))
}
