package expr

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// DomainKind says what values a variable takes.
type DomainKind int

const (
	DomainInteger DomainKind = iota // integer A..B
	DomainReal                      // real (a, b), [a, b], (a, b], [a, b)
	DomainSimplex                   // simplex N: N positive entries summing to 1
	DomainVector                    // vector N (a, b): N entries in an interval
)

// MaxVectorLength bounds simplex and vector sizes.
const MaxVectorLength = 1000

// maxIntBound keeps integer ranges exactly representable as float64.
const maxIntBound = 1 << 52

// Domain is a variable's set of values, parsed from a problem set's
// variables table.
type Domain struct {
	Kind           DomainKind
	Lo, Hi         float64 // bounds; ±Inf allowed for reals; integers: A and B
	LoOpen, HiOpen bool    // interval ends excluded
	N              int     // entries of a simplex or vector; 0 for scalars
}

// Size is 0 for a scalar domain and N for a vector domain.
func (d Domain) Size() int { return d.N }

// String renders the domain in the syntax ParseDomain reads.
func (d Domain) String() string {
	switch d.Kind {
	case DomainInteger:
		return fmt.Sprintf("integer %s..%s", fmtFloat(d.Lo), fmtFloat(d.Hi))
	case DomainSimplex:
		return fmt.Sprintf("simplex %d", d.N)
	case DomainVector:
		return fmt.Sprintf("vector %d %s", d.N, d.interval())
	}
	return "real " + d.interval()
}

func (d Domain) interval() string {
	l, r := "[", "]"
	if d.LoOpen {
		l = "("
	}
	if d.HiOpen {
		r = ")"
	}
	return l + fmtBound(d.Lo) + ", " + fmtBound(d.Hi) + r
}

func fmtBound(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return fmtFloat(x)
}

const domainHelp = `valid domains: "integer 1..100", "real (0, 1)", "real [-1, 1]", "simplex 6", "vector 4 (-1, 1)"`

// ParseDomain reads a domain string: `integer A..B`, `real (a, b)` (any mix
// of open "(" ")" and closed "[" "]" ends; inf and -inf allowed),
// `simplex N`, or `vector N (a, b)`. Errors are *Error values with a caret.
func ParseDomain(s string) (Domain, error) {
	fail := func(off int, format string, args ...any) (Domain, error) {
		e := errorAt(s, off, format, args...)
		e.Msg += "; " + domainHelp
		return Domain{}, e
	}
	trimmed := strings.TrimLeft(s, " \t")
	off := len(s) - len(trimmed)
	word, rest, _ := strings.Cut(trimmed, " ")
	restOff := off + len(word) + 1
	rest, restOff = trimSpaceOff(rest, restOff)
	switch word {
	case "integer", "int":
		a, b, ok := strings.Cut(rest, "..")
		if !ok {
			return fail(restOff, `an integer domain is written A..B`)
		}
		lo, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		hi, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
		if err1 != nil {
			return fail(restOff, "%q is not an integer", strings.TrimSpace(a))
		}
		if err2 != nil {
			return fail(restOff+len(a)+2, "%q is not an integer", strings.TrimSpace(b))
		}
		if lo > hi {
			return fail(restOff, "empty range: %d > %d", lo, hi)
		}
		if lo < -maxIntBound || hi > maxIntBound {
			return fail(restOff, "integer bounds must lie within ±2^52")
		}
		return Domain{Kind: DomainInteger, Lo: float64(lo), Hi: float64(hi)}, nil
	case "real":
		d, err := parseInterval(s, rest, restOff)
		if err != nil {
			return fail(err.Offset, "%s", err.Msg)
		}
		d.Kind = DomainReal
		return d, nil
	case "simplex", "vector":
		numText, tail, _ := strings.Cut(rest, " ")
		n, err := strconv.Atoi(numText)
		if err != nil || n < 1 {
			return fail(restOff, "%s needs a positive length, as in %q", word, word+" 6")
		}
		if n > MaxVectorLength {
			return fail(restOff, "length %d is too long (at most %d)", n, MaxVectorLength)
		}
		tailOff := restOff + len(numText) + 1
		tail, tailOff = trimSpaceOff(tail, tailOff)
		if word == "simplex" {
			if tail != "" {
				return fail(tailOff, "unexpected %q after the simplex length", tail)
			}
			return Domain{Kind: DomainSimplex, Lo: 0, Hi: 1, LoOpen: true, HiOpen: true, N: n}, nil
		}
		d, perr := parseInterval(s, tail, tailOff)
		if perr != nil {
			return fail(perr.Offset, "%s", perr.Msg)
		}
		d.Kind, d.N = DomainVector, n
		return d, nil
	}
	return fail(off, "unknown domain %q", word)
}

func trimSpaceOff(s string, off int) (string, int) {
	t := strings.TrimLeft(s, " \t")
	return strings.TrimRight(t, " \t"), off + len(s) - len(t)
}

// parseInterval reads "(a, b)" with open or closed ends.
func parseInterval(src, s string, off int) (Domain, *Error) {
	if len(s) < 2 || (s[0] != '(' && s[0] != '[') {
		return Domain{}, errorAt(src, off, "expected an interval such as (0, 1) or [0, 1]")
	}
	last := s[len(s)-1]
	if last != ')' && last != ']' {
		return Domain{}, errorAt(src, off+len(s)-1, `an interval ends with ")" or "]"`)
	}
	a, b, ok := strings.Cut(s[1:len(s)-1], ",")
	if !ok {
		return Domain{}, errorAt(src, off+1, "an interval has two bounds separated by a comma")
	}
	lo, err := parseBound(a)
	if err != nil {
		return Domain{}, errorAt(src, off+1, "%q is not a number", strings.TrimSpace(a))
	}
	hi, err := parseBound(b)
	if err != nil {
		return Domain{}, errorAt(src, off+2+len(a), "%q is not a number", strings.TrimSpace(b))
	}
	d := Domain{Lo: lo, Hi: hi, LoOpen: s[0] == '(', HiOpen: last == ')'}
	if math.IsInf(lo, 0) {
		d.LoOpen = true
	}
	if math.IsInf(hi, 0) {
		d.HiOpen = true
	}
	if !(lo < hi) && !(lo == hi && !d.LoOpen && !d.HiOpen) {
		return Domain{}, errorAt(src, off, "empty interval")
	}
	return d, nil
}

func parseBound(s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "inf", "+inf", "∞", "+∞":
		return math.Inf(1), nil
	case "-inf", "-∞", "−∞":
		return math.Inf(-1), nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		return 0, fmt.Errorf("not finite")
	}
	return x, err
}

// simpleFractions are the interior fractions used for the first, readable
// test points of a real interval.
var simpleFractions = []float64{0.5, 0.3, 0.8, 0.1, 0.65, 0.9, 0.2, 0.45}

// sample writes the value of test point p into out (length max(N, 1)).
// vi is the variable's index: it staggers the simple points so that two
// variables of one domain do not take equal values.
func (d Domain) sample(r *rand.Rand, p, vi int, out []float64) {
	switch d.Kind {
	case DomainInteger:
		lo, hi := int64(d.Lo), int64(d.Hi)
		span := hi - lo + 1
		switch {
		case p < 11:
			small := min(span, 11)
			out[0] = float64(lo + (int64(p)*int64(vi+1)+int64(5*vi))%small)
		case p == 11:
			out[0] = float64(hi)
		case p == 12:
			out[0] = float64(max(hi-1, lo))
		default:
			out[0] = float64(lo + r.Int64N(span))
		}
	case DomainReal:
		out[0] = d.sampleReal(r, p, vi)
	case DomainVector:
		for i := range out {
			out[i] = d.sampleReal(r, 100, vi)
		}
	case DomainSimplex:
		var sum float64
		for i := range out {
			u := r.Float64()
			out[i] = -math.Log(1 - u*0.999999)
			sum += out[i]
		}
		for i := range out {
			out[i] /= sum
		}
	}
}

func (d Domain) sampleReal(r *rand.Rand, p, vi int) float64 {
	lo, hi := d.Lo, d.Hi
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		x := math.Exp(-2 + 5*r.Float64())
		if r.IntN(2) == 0 {
			x = -x
		}
		return x
	case math.IsInf(hi, 1):
		return lo + math.Exp(-3+6*r.Float64())
	case math.IsInf(lo, -1):
		return hi - math.Exp(-3+6*r.Float64())
	}
	if lo == hi {
		return lo
	}
	switch {
	case p < len(simpleFractions):
		return lo + (hi-lo)*simpleFractions[(p+3*vi)%len(simpleFractions)]
	case p == len(simpleFractions) && !d.LoOpen:
		return lo
	case p == len(simpleFractions)+1 && !d.HiOpen:
		return hi
	}
	for {
		u := r.Float64()
		if u > 0 {
			return lo + (hi-lo)*u
		}
	}
}
