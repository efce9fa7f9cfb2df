package expr

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nngrade/nngrade/engine/tolerance"
	"github.com/nngrade/nngrade/internal/plural"
)

// Verdict is the result of comparing an answer with a key.
type Verdict struct {
	// Equivalent is true when the answer equals the key on the whole domain
	// (exactly for polynomials, at every test point otherwise).
	Equivalent bool
	// Exact is true when the verdict came from exact polynomial arithmetic
	// rather than from test points.
	Exact bool
	// Diagnosis explains a wrong answer in a sentence addressed to the
	// student ("Your answer is missing k·n + m."). It never quotes the key;
	// it may name missing or extra terms and values at a test point. Empty
	// when Equivalent.
	Diagnosis string
	// Undecided is true when the comparison could not decide: the key is
	// undefined at almost every test point, or the values there are beyond
	// any precision nngrade evaluates (exp(exp(800))). Equivalent is then
	// false, but the answer is not known to be wrong: an instructor should
	// review it, and Diagnosis says why.
	Undecided bool
	// StudentDiagnosis is Diagnosis in the student policy's words: it names
	// which variable's terms are off ("The terms with n are wrong or
	// missing; the terms with k and m are right.") or a slip (a wrong sign,
	// a whole factor), never a term of the key nor a value at a test point.
	// The sealed check (CompareFingerprint) gives the same words.
	StudentDiagnosis string
}

// wording names the two sides in diagnoses: a student's answer against the
// expected one, or an instructor's key against the lhs it must equal.
type wording struct{ answer, key string }

var (
	studentWords    = wording{"your answer", "the expected answer"}
	instructorWords = wording{"the answer", "the lhs"}
)

func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// minCompared is how many test points must have a defined key.
const minCompared = 4

// Compare decides whether answer equals key on the Env's domain. Both must
// come from this Env's Parse. Polynomials compare exactly; anything else is
// compared at the seeded test points, skipping points where the key is
// undefined and failing the answer where only it is undefined. Names the
// Options.Allow list excludes make the answer wrong.
func (e *Env) Compare(key, answer *Expr) Verdict {
	return e.compare(key, answer, studentWords, true)
}

// CheckIdentity verifies, when a problem set is loaded, that an
// instructor's answer equals the lhs it claims to express; nil when it does.
// The allow list does not apply to keys.
func (e *Env) CheckIdentity(lhs, rhs *Expr) error {
	if err := e.CheckKey(lhs); err != nil {
		return err
	}
	v := e.compare(lhs, rhs, instructorWords, false)
	if v.Equivalent {
		return nil
	}
	return fmt.Errorf("%q is not equal to %q: %s", rhs.src, lhs.src, v.Diagnosis)
}

// CheckKey verifies that a key is defined at enough test points to grade
// against (a key such as log(n - 1000) over n in 1..10 is not).
func (e *Env) CheckKey(key *Expr) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("checking %q: internal error: %v", key.src, r)
		}
	}()
	if key.env != e {
		return errors.New("the key was parsed by another Env")
	}
	vals, w := key.valuesAtPoints(), key.width()
	defined := 0
	for i := 0; i < e.npoints; i++ {
		if allFinite(vals[i*w:(i+1)*w]) || key.definedBeyondFloat(i) {
			defined++
		}
	}
	if defined < minCompared {
		return fmt.Errorf("%q is undefined at %d of %d test points drawn from the variables' domains; check the domains", key.src, e.npoints-defined, e.npoints)
	}
	return nil
}

func (e *Env) compare(key, answer *Expr, words wording, checkAllow bool) (v Verdict) {
	defer func() {
		if r := recover(); r != nil {
			v = Verdict{Diagnosis: sentence(fmt.Sprintf("%s could not be checked (internal error: %v)", words.answer, r))}
		}
		if v.StudentDiagnosis == "" {
			v.StudentDiagnosis = v.Diagnosis
		}
	}()
	if key == nil || answer == nil || key.env != e || answer.env != e {
		return Verdict{Diagnosis: "The answer could not be checked: it was read for another question."}
	}
	if checkAllow {
		if d := e.disallowed(answer, words); d != "" {
			return Verdict{Diagnosis: d}
		}
	}
	if kl, al := key.Len(), answer.Len(); kl != al {
		return Verdict{Diagnosis: sentence(fmt.Sprintf("%s is %s, but %s is expected", words.answer, describeLen(al), describeLen(kl)))}
	}
	if key.poly != nil && answer.poly != nil {
		if key.poly.equal(answer.poly) {
			return Verdict{Equivalent: true, Exact: true}
		}
		return Verdict{Exact: true, Diagnosis: e.polyDiagnosis(key.poly, answer.poly, words),
			StudentDiagnosis: e.studentPolyDiagnosis(polyKey(polyParts(e, key.poly)), answer.poly)}
	}
	if sameTree(key.root, answer.root) {
		// The same expression is the same function, even where no test point
		// can be evaluated (2^10^10 against itself).
		return Verdict{Equivalent: true}
	}
	v = e.sampleCompare(key, answer, words)
	if !v.Equivalent && !v.Undecided && words == studentWords {
		v.StudentDiagnosis = studentSampleDiagnosis(func() bool {
			return e.compare(key, answer.negated(), instructorWords, false).Equivalent
		})
	}
	return v
}

func describeLen(n int) string {
	if n == 0 {
		return "a single number"
	}
	return "a vector of " + plural.Count(n, "entry", "entries")
}

// disallowed names the first name the answer may not use, as a diagnosis.
func (e *Env) disallowed(answer *Expr, words wording) string {
	if e.allow == nil {
		return ""
	}
	for _, name := range answer.names {
		if !e.allow[name] {
			var allowed []string
			for _, s := range e.syms {
				if e.allow[s.name] {
					allowed = append(allowed, s.name)
				}
			}
			return sentence(fmt.Sprintf("%s uses %s, which this question does not allow; write it in terms of %s only",
				words.answer, name, strings.Join(allowed, ", ")))
		}
	}
	return ""
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// close reports whether a agrees with the reference value b (the key's)
// within the Env's tolerance.
func (e *Env) close(a, b float64) bool {
	return tolerance.Equal(a, b, e.opts.AbsTol, e.opts.RelTol)
}

// sampleCompare compares at the test points: the drawn and edge points,
// then the switch points of either side (points.go).
func (e *Env) sampleCompare(key, answer *Expr, words wording) Verdict {
	kv, w := key.valuesAtPoints(), key.width()
	var buf []float64
	if w > 1 {
		buf = make([]float64, w)
	}
	compared, undecided := 0, 0
	tally := func(o pointOutcome) {
		switch o {
		case pointAgrees:
			compared++
		case pointUndecided:
			undecided++
		}
	}
	for i := 0; i < e.allPoints(); i++ {
		kvals := kv[i*w : (i+1)*w]
		p := e.point(i)
		if answer.scalar != nil {
			o, msg := e.comparePoint(key, answer, p, i, kvals[0], words)
			if o == pointDiffers {
				return Verdict{Diagnosis: msg}
			}
			tally(o)
			continue
		}
		if !allFinite(kvals) {
			continue
		}
		answer.evalAt(p, buf)
		for j := range buf {
			if msg := e.pointMismatch(key, answer, p, j, kvals[j], buf[j], words); msg != "" {
				return Verdict{Diagnosis: msg}
			}
		}
		compared++
	}
	if answer.scalar != nil && key.scalar != nil {
		for _, x := range []*Expr{key, answer} {
			for _, p := range x.switchPoints() {
				o, msg := e.comparePoint(key, answer, p, -1, key.scalar(p), words)
				if o == pointDiffers {
					return Verdict{Diagnosis: msg}
				}
				tally(o)
			}
		}
	}
	if compared >= minCompared && answer.scalar != nil && key.scalar != nil {
		if f := unsearchedSwitch(key, answer); f != "" {
			return Verdict{Undecided: true, Diagnosis: sentence(fmt.Sprintf("%s agrees with %s at every test point, but the values where %s are too many to search exactly, and the two may differ there; an instructor should review it", words.answer, words.key, f))}
		}
	}
	if compared < minCompared {
		if undecided > 0 {
			return Verdict{Undecided: true, Diagnosis: sentence(fmt.Sprintf("%s could not be decided: at %d test points the values are beyond the precision nngrade computes; an instructor should review it", words.answer, undecided))}
		}
		return Verdict{Undecided: true, Diagnosis: sentence(fmt.Sprintf("%s could not be checked: %s is undefined at almost every test point", words.answer, words.key))}
	}
	return Verdict{Equivalent: true}
}

// pointOutcome is the result of comparing two scalars at one test point.
type pointOutcome uint8

const (
	pointAgrees    pointOutcome = iota
	pointSkipped                // the key is undefined here
	pointUndecided              // a value is beyond any precision used
	pointDiffers
)

// comparePoint compares two scalar expressions at p, test point i (-1 for
// a switch point), where the key's float64 value is k. Exactly when both
// are rational there; else in float64, and where float64 cannot decide
// (a value overflowed, or they differ, or agree only by the default
// absolute tolerance) at higher precision.
func (e *Env) comparePoint(key, answer *Expr, p []float64, i int, k float64, words wording) (pointOutcome, string) {
	if key.rational && answer.rational && !e.explicitAbs && !e.explicitRel {
		// The int64 fast path: both values in lowest terms, equal or not.
		var ks smallRat
		var kok bool
		if i >= 0 {
			key.exactAt(i)
			ks, kok = key.exactSmall[i], key.exactSmallOK[i]
		} else {
			ks, kok = evalSmall(key.root, p)
		}
		if kok {
			if as, ok := evalSmall(answer.root, p); ok {
				if as == ks {
					return pointAgrees, ""
				}
				return pointDiffers, e.exactMismatch(key, answer, p, big.NewRat(ks.n, ks.d), big.NewRat(as.n, as.d), words)
			}
		}
	}
	if key.rational && answer.rational {
		var kx *big.Rat
		var ks evalState
		if i >= 0 {
			kx, ks = key.exactAt(i)
		} else {
			kx, ks = evalRat(key.root, p)
		}
		if ks == valueUndefined {
			return pointSkipped, ""
		}
		if ks == valueOK {
			ax, as := evalRat(answer.root, p)
			switch as {
			case valueUndefined:
				return pointDiffers, e.pointMismatch(key, answer, p, -1, k, math.NaN(), words)
			case valueOK:
				if e.equalRat(ax, kx) {
					return pointAgrees, ""
				}
				return pointDiffers, e.exactMismatch(key, answer, p, kx, ax, words)
			}
		}
	}
	a := answer.scalar(p)
	kFinite, aFinite := isFinite(k), isFinite(a)
	if kFinite && aFinite && tolerance.Equal(a, k, e.strictAbsTol(), e.opts.RelTol) {
		return pointAgrees, ""
	}
	if key.precise && answer.precise {
		return e.preciseComparePoint(key, answer, p, i, k, a, words)
	}
	if !kFinite {
		return pointSkipped, ""
	}
	if msg := e.pointMismatch(key, answer, p, -1, k, a, words); msg != "" {
		return pointDiffers, msg
	}
	return pointAgrees, ""
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// strictAbsTol is the absolute tolerance that needs no second look: the
// caller's, or none. The default one (1e-12) absorbs the rounding of a
// value that should be 0, but would also hide a relative error on a key
// near 1e-8, so a pair it alone accepts is looked at again at higher
// precision.
func (e *Env) strictAbsTol() float64 {
	if e.explicitAbs {
		return e.opts.AbsTol
	}
	return 0
}

// equalRat decides exact values: exactly equal under the default
// tolerances (which only absorb float64 rounding), within the caller's
// tolerances decided in exact arithmetic otherwise.
func (e *Env) equalRat(a, b *big.Rat) bool {
	var abs, rel *big.Rat
	if e.explicitAbs {
		abs = e.absTol
	}
	if e.explicitRel {
		rel = e.relTol
	}
	return tolerance.EqualRat(a, b, abs, rel)
}

// Precisions of the second look. The first decides most points: when it
// confirms both float64 values to 40 bits, float64 lost nothing and a
// difference is real. Else the second tells rounding from a difference:
// rounding falls with the precision, a real difference stays.
const (
	precFirst  = 128
	precSecond = 256
)

// preciseComparePoint compares two scalars at p, test point i (-1 for a
// switch point), with math/big.Float; kf and af are their float64 values.
// The key's values are kept.
func (e *Env) preciseComparePoint(key, answer *Expr, p []float64, i int, kf, af float64, words wording) (pointOutcome, string) {
	var abs *big.Rat
	if e.explicitAbs {
		abs = e.absTol
	}
	var first *big.Float
	for pass, prec := range []uint{precFirst, precSecond} {
		k, ks := key.preciseAt(p, i, pass, prec)
		if ks == valueUndefined {
			return pointSkipped, ""
		}
		a, as := evalBig(answer.root, p, prec)
		if ks == valueOutOfReach || as == valueOutOfReach {
			return pointUndecided, ""
		}
		if as == valueUndefined {
			kv, _ := k.Float64()
			return pointDiffers, e.pointMismatch(key, answer, p, -1, kv, math.NaN(), words)
		}
		if tolerance.EqualBig(a, k, abs, e.relTol) {
			return pointAgrees, ""
		}
		d := tolerance.SubBig(newFloat(prec), k, a)
		d.Abs(d)
		if first == nil {
			if confirms(k, kf) && confirms(a, af) {
				return pointDiffers, e.bigMismatch(key, answer, p, k, a, words)
			}
			first = d
			continue
		}
		if d.Sign() == 0 || d.MantExp(nil) < first.MantExp(nil)-(precSecond-precFirst)/2 {
			return pointAgrees, ""
		}
		return pointDiffers, e.bigMismatch(key, answer, p, k, a, words)
	}
	panic("unreachable")
}

// confirms reports whether a high-precision value agrees with a float64
// one to 40 bits.
func confirms(x *big.Float, f float64) bool {
	if !isFinite(f) {
		return false
	}
	d := tolerance.SubBig(newFloat(x.Prec()), x, newFloat(x.Prec()).SetFloat64(f))
	if d.Sign() == 0 {
		return true
	}
	if x.Sign() == 0 {
		return false
	}
	return d.MantExp(nil) < x.MantExp(nil)-40
}

// pointMismatch describes a disagreement at test point p (entry j of a
// vector, or -1), or returns "" when the values agree.
func (e *Env) pointMismatch(key, answer *Expr, p []float64, j int, k, a float64, words wording) string {
	finite := !math.IsNaN(a) && !math.IsInf(a, 0)
	if finite && e.close(a, k) {
		return ""
	}
	if !finite {
		return e.mismatchMessage(key, answer, p, j, words, nil)
	}
	diff := a - k
	m := &mismatch{value: fmtFloat(a), diff: fmtFloat(math.Abs(diff)), large: diff >= 0}
	if k != 0 {
		m.percent = fmt.Sprintf(" (%.3g%%)", 100*math.Abs(diff/k))
	}
	return e.mismatchMessage(key, answer, p, j, words, m)
}

// exactMismatch describes two different exact values: the difference is
// given exactly, so that a 100-digit answer one too large says so.
func (e *Env) exactMismatch(key, answer *Expr, p []float64, k, a *big.Rat, words wording) string {
	diff := new(big.Rat).Sub(a, k)
	m := &mismatch{value: fmtRat(a), diff: fmtRat(new(big.Rat).Abs(diff)), large: diff.Sign() >= 0}
	if k.Sign() != 0 {
		q, _ := new(big.Rat).Quo(diff, k).Float64()
		m.percent = fmt.Sprintf(" (%.3g%%)", 100*math.Abs(q))
	}
	return e.mismatchMessage(key, answer, p, -1, words, m)
}

// bigMismatch describes two different high-precision values.
func (e *Env) bigMismatch(key, answer *Expr, p []float64, k, a *big.Float, words wording) string {
	diff := tolerance.SubBig(newFloat(k.Prec()), a, k)
	m := &mismatch{value: fmtBig(a), diff: fmtBig(newFloat(k.Prec()).Abs(diff)), large: diff.Sign() >= 0}
	if k.Sign() != 0 {
		q, _ := newFloat(k.Prec()).Quo(diff, k).Float64()
		m.percent = fmt.Sprintf(" (%.3g%%)", 100*math.Abs(q))
	}
	return e.mismatchMessage(key, answer, p, -1, words, m)
}

// mismatch is a wrong value as a diagnosis shows it.
type mismatch struct {
	value, diff string
	large       bool
	percent     string // " (3.2%)", or "" when the key is 0
}

// mismatchMessage phrases a disagreement at p; m is nil when the answer
// is undefined there.
func (e *Env) mismatchMessage(key, answer *Expr, p []float64, j int, words wording, m *mismatch) string {
	where := e.pointString(p, usedVariables(key, answer))
	if where != "" {
		where = "at " + where
	} else {
		where = "as a number"
	}
	entry := ""
	if j >= 0 {
		entry = fmt.Sprintf("entry %d of ", j+1)
	}
	if m == nil {
		return sentence(fmt.Sprintf("%s%s is undefined %s, where %s is defined", entry, words.answer, where, words.key))
	}
	dir := "large"
	if !m.large {
		dir = "small"
	}
	msg := fmt.Sprintf("%s%s is wrong %s: it gives %s, which is %s too %s", entry, words.answer, where, m.value, m.diff, dir)
	msg += m.percent
	if note := e.orderNote(key, answer, words); note != "" {
		msg += "; " + note
	}
	if note := e.dependencyNote(key, answer, words); note != "" {
		msg += "; " + note
	}
	return sentence(msg)
}

// fmtRat prints an exact value: whole numbers of up to 30 digits and short
// fractions as they are, anything longer to 6 significant digits.
func fmtRat(r *big.Rat) string {
	if s := r.RatString(); len(s) <= 30 {
		return s
	}
	return fmtBig(new(big.Float).SetPrec(precFirst).SetRat(r))
}

// fmtBig prints a high-precision value as fmtFloat would when it fits a
// float64, else as a power of ten to 4 significant digits, computed from
// the binary exponent: big.Float.Text would expand 17^823543 digit by digit.
func fmtBig(x *big.Float) string {
	if f, _ := x.Float64(); isFinite(f) && (f != 0 || x.Sign() == 0) {
		return fmtFloat(f)
	}
	mant := new(big.Float)
	exp2 := x.MantExp(mant) // x = mant·2^exp2, 0.5 ≤ |mant| < 1
	m, _ := mant.Float64()
	d := float64(exp2)*math.Log10(2) + math.Log10(math.Abs(m))
	exp10 := math.Floor(d)
	lead := math.Pow(10, d-exp10)
	if lead >= 9.9995 {
		lead, exp10 = 1, exp10+1
	}
	sign := ""
	if x.Sign() < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%.4ge%+d", sign, lead, int64(exp10))
}

// definedBeyondFloat reports whether a scalar key whose float64 value at
// test point i is not finite has a value there exactly or at higher
// precision (2^n for n = 2000; log(1 + exp(x)) at x = 800).
func (x *Expr) definedBeyondFloat(i int) bool {
	if x.rational {
		if _, st := x.exactAt(i); st == valueOK {
			return true
		}
	}
	if x.precise {
		_, st := evalBig(x.root, x.env.point(i), precFirst)
		return st == valueOK
	}
	return false
}

// usedVariables is the set of declared variables either side depends on,
// looking inside defines.
func usedVariables(xs ...*Expr) map[string]bool {
	used := map[string]bool{}
	for _, x := range xs {
		walk(x.root, func(n node) {
			if nn, ok := n.(*nameNode); ok && !nn.sym.define {
				used[nn.sym.name] = true
			}
		})
	}
	return used
}

// polyDiagnosis phrases key − answer for two polynomials.
func (e *Env) polyDiagnosis(key, ans *poly, words wording) string {
	if len(ans.terms) == 0 {
		return sentence(words.answer + " is 0")
	}
	// A constant multiple: "is 4 times too small".
	if len(key.terms) == len(ans.terms) && len(key.terms) > 0 {
		var ratio *big.Rat
		for k, c := range key.terms {
			if d, ok := ans.terms[k]; ok {
				ratio = new(big.Rat).Quo(d, c)
			}
			break
		}
		if ratio != nil {
			if scaled := key.scale(ratio); scaled != nil && scaled.equal(ans) {
				return sentence(words.answer + " " + describeRatio(ratio))
			}
		}
	}
	diff := key.add(ans, -1)
	var missing, extra *poly
	if diff != nil {
		missing, extra = newPoly(diff.nvars), newPoly(diff.nvars)
		for k, c := range diff.terms {
			if c.Sign() > 0 {
				missing.terms[k] = c
			} else {
				extra.terms[k] = new(big.Rat).Neg(c)
			}
		}
	}
	var deps []string
	for i, s := range e.syms {
		ku, au := key.uses(i), ans.uses(i)
		switch {
		case ku && !au:
			deps = append(deps, fmt.Sprintf("it does not depend on %s, but %s does", s.name, words.key))
		case au && !ku:
			deps = append(deps, fmt.Sprintf("it depends on %s, but %s does not", s.name, words.key))
		}
	}
	var parts []string
	if diff != nil && len(diff.terms) <= 4 {
		if len(missing.terms) > 0 {
			parts = append(parts, "is missing "+missing.format(e))
		}
		if len(extra.terms) > 0 {
			parts = append(parts, "has an extra "+extra.format(e))
		}
	}
	msg := words.answer + " " + strings.Join(parts, " and ")
	if len(parts) == 0 {
		msg = words.answer + " is a different polynomial"
		if diff != nil {
			msg += fmt.Sprintf(" (they differ by %s of degree up to %d)", plural.Count(len(diff.terms), "term", "terms"), diff.degree())
		}
	}
	if len(deps) > 0 {
		msg += "; " + strings.Join(deps, "; ")
	}
	return sentence(msg)
}

func describeRatio(r *big.Rat) string {
	switch {
	case r.Cmp(big.NewRat(-1, 1)) == 0:
		return "has the wrong sign"
	case r.Sign() < 0:
		return "has the wrong sign and the wrong scale (" + new(big.Rat).Neg(r).RatString() + " times the expected size)"
	case r.IsInt():
		return "is " + r.RatString() + " times too large"
	case new(big.Rat).Inv(r).IsInt():
		return "is " + new(big.Rat).Inv(r).RatString() + " times too small"
	}
	return "is " + r.RatString() + " times the expected value"
}

// dependencyNote names a scalar variable that one side uses and the other
// does not, when the side using it really varies with it (checked by
// moving that variable alone between two test points).
func (e *Env) dependencyNote(key, answer *Expr, words wording) string {
	if key.Len() != 0 {
		return ""
	}
	keyVars, ansVars := usedVariables(key), usedVariables(answer)
	var notes []string
	for _, s := range e.syms {
		if s.define || s.size != 0 || keyVars[s.name] == ansVars[s.name] {
			continue
		}
		user := key
		if ansVars[s.name] {
			user = answer
		}
		if !e.varies(user, s) {
			continue
		}
		if keyVars[s.name] {
			notes = append(notes, fmt.Sprintf("it does not depend on %s, but %s does", s.name, words.key))
		} else {
			notes = append(notes, fmt.Sprintf("it depends on %s, but %s does not", s.name, words.key))
		}
	}
	return strings.Join(notes, "; ")
}

// varies reports whether x changes when only s moves, at some test point.
func (e *Env) varies(x *Expr, s *symbol) bool {
	point := make([]float64, e.width)
	for i := 0; i+1 < e.npoints && i < 8; i++ {
		copy(point, e.point(i))
		a := x.scalar(point)
		point[s.slot] = e.point(i + 1)[s.slot]
		b := x.scalar(point)
		if allFinite([]float64{a, b}) && !e.close(a, b) {
			return true
		}
	}
	return false
}
