package expr

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
)

// The checking side of fingerprints (fingerprint.go), and the diagnoses a
// student may see: they name which variable's terms are off, or a slip
// (a wrong sign, a whole factor), never a term of the key nor its value at
// a test point. Full grading under the student policy (Verdict.
// StudentDiagnosis) and the sealed check (CompareFingerprint) phrase them
// with the same code, from the same questions put to the key: "is this the
// key's part with n?" answered by the key itself or by its hashes.

// UnsureDiagnosis is the sealed check's feedback when it cannot decide.
const UnsureDiagnosis = "The self-check cannot be sure of this answer; your instructor's grading decides."

// CompareFingerprint decides whether answer (parsed by this Env, built from
// the same declarations and options as the Env that fingerprinted the key)
// equals the key fp stands for, as Compare would decide it against the
// key. Diagnosis and StudentDiagnosis are the student wording. Undecided
// is set, with UnsureDiagnosis, where the fingerprint cannot tell: a value
// in the band at the tolerance's boundary, or an answer with a floor, min
// or max switching where the key does not.
func (e *Env) CompareFingerprint(fp *Fingerprint, key SealedKey, answer *Expr) (v Verdict) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("Your answer could not be checked (internal error: %v).", r)
			v = Verdict{Diagnosis: msg, StudentDiagnosis: msg}
		}
	}()
	student := func(msg string) Verdict { return Verdict{Diagnosis: msg, StudentDiagnosis: msg} }
	if fp == nil || key == nil || answer == nil || answer.env != e {
		return student("The answer could not be checked: it was read for another question.")
	}
	if d := e.disallowed(answer, studentWords); d != "" {
		return student(d)
	}
	if fp.Len != answer.Len() {
		return student(sentence(fmt.Sprintf("your answer is %s, but %s is expected", describeLen(answer.Len()), describeLen(fp.Len))))
	}
	if fp.Poly && answer.poly != nil {
		if key.Matches("poly", answer.poly.canon()) {
			return Verdict{Equivalent: true, Exact: true}
		}
		v := student(e.studentPolyDiagnosis(key, answer.poly))
		v.Exact = true
		return v
	}
	switch e.matchPoints(fp, key, answer) {
	case pointAgrees:
		return Verdict{Equivalent: true}
	case pointUndecided:
		v := student(UnsureDiagnosis)
		v.Undecided = true
		return v
	}
	return student(studentSampleDiagnosis(func() bool {
		return e.matchPoints(fp, key, answer.negated()) == pointAgrees
	}))
}

// matchPoints compares answer with the fingerprint at its points:
// pointDiffers when some point surely differs, pointUndecided when no
// point does but some cannot be decided (or too few agree, or the answer
// switches where the key does not), else pointAgrees.
func (e *Env) matchPoints(fp *Fingerprint, key SealedKey, answer *Expr) pointOutcome {
	sizes := sizesFor(e.opts.RelTol, e.opts.AbsTol)
	exact := e.exactMatcher(fp, key, answer)
	compared, unsure := 0, false
	for i, pt := range fp.Points {
		switch e.matchPoint(fp, key, answer, i, pt, sizes, exact) {
		case pointDiffers:
			return pointDiffers
		case pointAgrees:
			compared++
		case pointUndecided:
			unsure = true
		}
	}
	if unsure || compared < minCompared {
		return pointUndecided
	}
	if answer.scalar != nil && len(e.integerVars()) > 0 && len(crossingsOf(answer.root)) > 0 && !e.switchesCovered(fp, key, answer) {
		// Full grading also compares where the answer's floors, mins and
		// maxes switch; the key's values there are not in the fingerprint.
		return pointUndecided
	}
	return pointAgrees
}

// switchesCovered reports whether every point where the answer switches,
// as full grading finds them with the fingerprint's seed, is one of the
// fingerprint's points, and every crossing too large to scan is the key's.
func (e *Env) switchesCovered(fp *Fingerprint, key SealedKey, answer *Expr) bool {
	drawn, err := e.seeded(fp.Seed)
	if err != nil {
		return false
	}
	a, err := drawn.Parse(answer.src)
	if err != nil || a.scalar == nil {
		return false
	}
	have := map[string]bool{}
	for _, pt := range fp.Points {
		have[pointKey(pt.At)] = true
	}
	for _, p := range a.switchPoints() {
		if !have[pointKey(p)] {
			return false
		}
	}
	at := fingerprintAt(fp.Points)
	crossings := crossingsOf(a.root)
	for _, u := range a.unscanned {
		found := false
		for i, c := range crossings {
			if crossingText(c) != u.text {
				continue
			}
			canon := crossingCanon(crossings[i], at)
			for j := 0; j < fp.Crossings && !found; j++ {
				found = key.Matches(fmt.Sprintf("cross.%d", j), canon)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// matchPoint compares the answer with the key at fingerprint point i, the
// way comparePoint and sampleCompare would: exactly when both are exact,
// at high precision when both can be, else in float64.
func (e *Env) matchPoint(fp *Fingerprint, key SealedKey, answer *Expr, i int, pt FingerprintPoint, sizes gridSizes, exact exactMatch) pointOutcome {
	p := pt.At
	if fp.Rational && pt.Exact && e.decidesExactly() {
		// The key's exact values are sealed together, with no cells.
		return exact.at(i)
	}
	if answer.vector != nil {
		if !pt.Float {
			return pointSkipped
		}
		worst := pointAgrees
		for j, a := range answer.vector(p) {
			if !isFinite(a) {
				return pointDiffers
			}
			switch o := e.matchCells(key, i, j, newFloat(53).SetFloat64(a), pt, sizes, e.opts.RelTol, e.opts.AbsTol); o {
			case pointDiffers:
				return o
			case pointUndecided:
				worst = o
			}
		}
		return worst
	}
	if fp.Rational && pt.Exact && answer.rational {
		ax, st := evalRat(answer.root, p)
		switch st {
		case valueUndefined:
			return pointDiffers
		case valueOK:
			var rel, abs float64
			if e.explicitRel {
				rel = e.opts.RelTol
			}
			if e.explicitAbs {
				abs = e.opts.AbsTol
			}
			return e.matchCells(key, i, 0, newFloat(precSecond).SetRat(ax), pt, sizes, rel, abs)
		}
	}
	if fp.Precise && answer.precise {
		a, st := answer.fingerprintValue(p)
		switch st {
		case valueUndefined:
			return pointDiffers
		case valueOutOfReach:
			return pointUndecided
		}
		var abs float64
		if e.explicitAbs {
			abs = e.opts.AbsTol
		}
		return e.matchCells(key, i, 0, a, pt, sizes, e.opts.RelTol, abs)
	}
	if !pt.Float {
		return pointSkipped // full grading skips a point where the key's float64 value is not finite
	}
	a := answer.scalar(p)
	if !isFinite(a) {
		return pointDiffers
	}
	return e.matchCells(key, i, 0, newFloat(53).SetFloat64(a), pt, sizes, e.opts.RelTol, e.opts.AbsTol)
}

// exactMatch is how an answer compares with the key's exact values, sealed
// together (see exactTuple): all of them right or not, decided once.
type exactMatch struct {
	outcome   pointOutcome // at every exact point
	undefined int          // a point where the answer is undefined: it differs there; -1 if none
}

func (m exactMatch) at(i int) pointOutcome {
	if i == m.undefined {
		return pointDiffers
	}
	return m.outcome
}

// exactMatcher compares answer with the key's exact values: agrees or differs
// when the answer's are exact too, undecided when they cannot all be computed
// exactly (the key keeps no cells there to compare a float with).
func (e *Env) exactMatcher(fp *Fingerprint, key SealedKey, answer *Expr) exactMatch {
	first := -1
	for i, pt := range fp.Points {
		if pt.Exact {
			first = i
			break
		}
	}
	if first < 0 {
		return exactMatch{outcome: pointSkipped, undefined: -1}
	}
	canon, undefined, ok := e.answerExactTuple(fp, answer)
	switch {
	case undefined >= 0:
		return exactMatch{outcome: pointDiffers, undefined: undefined}
	case !ok:
		return exactMatch{outcome: pointUndecided, undefined: -1}
	case key.Matches(exactName(first), canon):
		return exactMatch{outcome: pointAgrees, undefined: -1}
	}
	return exactMatch{outcome: pointDiffers, undefined: -1}
}

// matchCells decides whether value a agrees with the key's entry j at point
// i within max(abs, rel·|k|), from the key's cells: surely (pointAgrees,
// pointDiffers) or not (pointUndecided, the band).
//
// Each grid says whether the key's cell is the answer's. The same cell puts
// the difference of the two values (log2|k| − log2|a| in relative grids,
// k − a in absolute ones) in that cell's span around the answer; another
// cell puts it outside. All the grids' answers together leave a set of
// possible differences: within the tolerance's window it is surely right,
// clear of the window surely wrong, else undecided. In the grid where the
// answer lies deepest, the same fine cell alone proves it right, and another
// coarse cell alone proves it wrong; the other grids narrow the band.
func (e *Env) matchCells(key SealedKey, i, j int, a *big.Float, pt FingerprintPoint, sizes gridSizes, rel, abs float64) pointOutcome {
	if rel == 0 && abs == 0 {
		return pointUndecided
	}
	cells := e.cellsOf(a, sizes, pt.Abs)
	same := make([]bool, len(cells))
	for n, c := range cells {
		same[n] = key.Matches(cellName(i, j, c.name), c.label)
	}
	var relRight, relWrong, absRight, absWrong bool
	if rel > 0 {
		if a.Sign() == 0 {
			// The key's relative cells are "0" exactly when it is 0.
			for n, c := range cells {
				if c.name[0] == 'r' {
					relRight, relWrong = same[n], !same[n]
					break
				}
			}
		} else {
			window := interval{-math.Log2(1 + rel), -math.Log2(1 - rel)}
			if rel >= 1 {
				window.hi = math.Inf(1)
			}
			relRight, relWrong = possibleDifferences(cells, same, 'r', sizes).decide(window)
		}
	}
	if abs > 0 && pt.Abs {
		absRight, absWrong = possibleDifferences(cells, same, 'a', sizes).decide(interval{-abs, abs})
	}
	if rel > 0 && relRight || abs > 0 && absRight {
		return pointAgrees
	}
	// Without absolute cells, the key is so far from 0 that rel·|k| > 4·abs.
	if (rel == 0 || relWrong) && (abs == 0 || absWrong || !pt.Abs && rel > 0) {
		return pointDiffers
	}
	return pointUndecided
}

// interval is a closed range of differences.
type interval struct{ lo, hi float64 }

// differences is a set of possible differences, a union of intervals, and
// whether a grid put the key in the answer's cell (so that the key has the
// answer's sign and is not 0, for relative grids).
type differences struct {
	set     []interval
	matched bool
}

// possibleDifferences intersects what every grid of one kind ('r' relative,
// 'a' absolute) says of the key's value against the answer's.
func possibleDifferences(cells []cell, same []bool, kind byte, sizes gridSizes) differences {
	d := differences{set: []interval{{math.Inf(-1), math.Inf(1)}}}
	for n, c := range cells {
		if c.name[0] != kind || math.IsNaN(c.frac) {
			continue
		}
		var width float64
		switch c.name[:2] {
		case "rf":
			width = 1 / sizes.relFine
		case "rc":
			width = 1 / sizes.relCoarse
		case "af":
			width = sizes.absFine
		case "ac":
			width = sizes.absCoarse
		}
		span := interval{-c.frac * width, (1 - c.frac) * width}
		if same[n] {
			d.matched = true
			d.set = intersect(d.set, span)
		} else {
			d.set = subtract(d.set, span)
		}
	}
	return d
}

// decide says whether the possible differences lie surely inside the window
// (right) or surely outside it (wrong). The window is narrowed or widened by
// a margin far above the few ulps two machines' values may differ by and
// far below the band.
func (d differences) decide(window interval) (right, wrong bool) {
	margin := 1e-4 * (window.hi - window.lo)
	if math.IsInf(margin, 0) {
		margin = 0
	}
	inner, outer := interval{window.lo + margin, window.hi - margin}, interval{window.lo - margin, window.hi + margin}
	right = d.matched && len(d.set) > 0
	for _, iv := range d.set {
		if iv.lo < inner.lo || iv.hi > inner.hi {
			right = false
		}
	}
	wrong = len(intersect(d.set, outer)) == 0
	return right, wrong
}

func intersect(set []interval, w interval) []interval {
	var out []interval
	for _, iv := range set {
		lo, hi := math.Max(iv.lo, w.lo), math.Min(iv.hi, w.hi)
		if lo <= hi {
			out = append(out, interval{lo, hi})
		}
	}
	return out
}

func subtract(set []interval, w interval) []interval {
	var out []interval
	for _, iv := range set {
		if iv.hi < w.lo || iv.lo > w.hi {
			out = append(out, iv)
			continue
		}
		if iv.lo < w.lo {
			out = append(out, interval{iv.lo, w.lo})
		}
		if iv.hi > w.hi {
			out = append(out, interval{w.hi, iv.hi})
		}
	}
	return out
}

// studentSampleDiagnosis phrases a wrong answer compared at test points
// for a student: the slip of a wrong sign, or that it is not the expected
// answer, without a point or a value.
func studentSampleDiagnosis(negationMatches func() bool) string {
	if negationMatches() {
		return "Your answer has the wrong sign."
	}
	return "Your answer does not equal the expected answer."
}

// WholeFactors are the factors a diagnosis of a whole factor names ("is 4
// times too small"): the small whole numbers, powers of two and powers of ten
// (a percentage, a unit prefix). A formula's diagnosis here and a number
// question's in the grader name the same ones. A sealed check tries each, so
// the list is short and finite.
func WholeFactors() []int64 { return slices.Clone(wholeFactors) }

var wholeFactors = func() []int64 {
	var f []int64
	for n := int64(2); n <= 20; n++ {
		f = append(f, n)
	}
	for p := int64(32); p <= 1024; p *= 2 {
		f = append(f, p)
	}
	for p := int64(100); p <= 1_000_000; p *= 10 {
		f = append(f, p)
	}
	return f
}()

// studentPolyDiagnosis phrases a wrong polynomial answer for a student:
// a constant multiple by its factor, else which variables' terms are
// wrong or missing and which are right, asking key about its parts.
func (e *Env) studentPolyDiagnosis(key SealedKey, ans *poly) string {
	if len(ans.terms) == 0 {
		return "Your answer is 0."
	}
	if key.Matches("poly.monic", ans.monic().canon()) {
		// ans = r·key for some r ≠ 1: try the small whole factors.
		// The leading coefficients tell the factor; the whole polynomial confirms it.
		lead := ans.lead()
		ratios := []*big.Rat{big.NewRat(-1, 1)}
		for _, n := range wholeFactors {
			ratios = append(ratios, big.NewRat(n, 1), big.NewRat(1, n), big.NewRat(-n, 1), big.NewRat(-1, n))
		}
		for _, r := range ratios {
			if !key.Matches("poly.lead", new(big.Rat).Quo(lead, r).RatString()) {
				continue
			}
			if k := ans.scale(new(big.Rat).Inv(r)); k != nil && key.Matches("poly", k.canon()) {
				return sentence("your answer " + describeRatio(r))
			}
		}
		return "Your answer is a constant multiple of the expected answer, but not the right one."
	}
	var wrong, right, notInAnswer, notInKey []string
	for i, s := range e.syms {
		if s.define || s.size != 0 {
			continue
		}
		part := ans.withVar(i)
		keyHas := !key.Matches("poly.var."+s.name, "0")
		switch {
		case len(part.terms) == 0 && !keyHas:
		case key.Matches("poly.var."+s.name, part.canon()):
			right = append(right, s.name)
		case len(part.terms) == 0:
			notInAnswer = append(notInAnswer, s.name)
		case !keyHas:
			notInKey = append(notInKey, s.name)
		default:
			wrong = append(wrong, s.name)
		}
	}
	var clauses []string
	if len(wrong) > 0 {
		clauses = append(clauses, "the terms with "+andList(wrong)+" are wrong or missing")
	}
	if c := ans.constPart(); !key.Matches("poly.const", c.canon()) {
		switch {
		case len(c.terms) == 0:
			clauses = append(clauses, "your answer has no constant term, but the expected answer has one")
		case key.Matches("poly.const", "0"):
			clauses = append(clauses, "your answer has a constant term, but the expected answer has none")
		default:
			clauses = append(clauses, "the constant term is wrong")
		}
	}
	for _, name := range notInAnswer {
		clauses = append(clauses, fmt.Sprintf("your answer does not depend on %s, but the expected answer does", name))
	}
	for _, name := range notInKey {
		clauses = append(clauses, fmt.Sprintf("your answer depends on %s, but the expected answer does not", name))
	}
	if len(right) > 0 {
		clauses = append(clauses, "the terms with "+andList(right)+" are right")
	}
	return sentence(strings.Join(clauses, "; "))
}

// andList joins names: "n", "k and n", "k, m and n".
func andList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// polyKey answers SealedKey's questions from a key polynomial itself: full
// grading's student diagnosis asks it what the sealed check asks the
// hashes.
type polyKey map[string]string

func (k polyKey) Matches(name, canon string) bool {
	v, ok := k[name]
	return ok && v == canon
}

// AnswerValues are the answer's canonical values that CompareFingerprint
// decides by at fingerprint point i, under the names the key's values have
// there: "poly" alone when both are polynomials, the exact value where both
// are exact, else the cells. When CompareFingerprint says the answer is
// the key, one of them (the polynomial, the exact value, the cell of the
// deepest fine grid) equals the key's: what was sealed under the key's
// value at that point then opens with the answer alone. (Only then: one
// point's value says nothing of the others.)
func (e *Env) AnswerValues(fp *Fingerprint, answer *Expr, i int) map[string]string {
	out := map[string]string{}
	if fp == nil || answer == nil || answer.env != e {
		return out
	}
	if fp.Poly && answer.poly != nil {
		// Decided by the polynomials alone, as CompareFingerprint decides.
		out["poly"] = answer.poly.canon()
		return out
	}
	if i < 0 || i >= len(fp.Points) {
		return out
	}
	pt := fp.Points[i]
	p := pt.At
	sizes := sizesFor(e.opts.RelTol, e.opts.AbsTol)
	add := func(j int, v *big.Float) {
		for _, c := range e.cellsOf(v, sizes, pt.Abs) {
			out[cellName(i, j, c.name)] = c.label
		}
	}
	switch {
	case answer.vector != nil:
		for j, a := range answer.vector(p) {
			if isFinite(a) {
				add(j, newFloat(53).SetFloat64(a))
			}
		}
		return out
	case fp.Rational && pt.Exact && e.decidesExactly():
		if canon, _, ok := e.answerExactTuple(fp, answer); ok {
			out[exactName(i)] = canon // decided exactly, all the exact points together
		}
		return out
	case fp.Rational && pt.Exact && answer.rational:
		if ax, st := evalRat(answer.root, p); st == valueOK {
			add(0, newFloat(precSecond).SetRat(ax))
			return out
		}
	}
	if fp.Precise && answer.precise {
		if a, st := answer.fingerprintValue(p); st == valueOK {
			add(0, a)
		}
		return out
	}
	if a := answer.scalar(p); isFinite(a) {
		add(0, newFloat(53).SetFloat64(a))
	}
	return out
}
