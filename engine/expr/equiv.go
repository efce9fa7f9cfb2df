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
		if allFinite(vals[i*w : (i+1)*w]) {
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
		return Verdict{Exact: true, Diagnosis: e.polyDiagnosis(key.poly, answer.poly, words)}
	}
	return e.sampleCompare(key, answer, words)
}

func describeLen(n int) string {
	if n == 0 {
		return "a single number"
	}
	return fmt.Sprintf("a vector of %d entries", n)
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

// close reports whether two values agree within the Env's tolerance.
func (e *Env) close(a, b float64) bool {
	return tolerance.Equal(a, b, e.opts.AbsTol, e.opts.RelTol)
}

// sampleCompare compares at the test points.
func (e *Env) sampleCompare(key, answer *Expr, words wording) Verdict {
	kv, w := key.valuesAtPoints(), key.width()
	var buf []float64
	if w > 1 {
		buf = make([]float64, w)
	}
	compared := 0
	for i := 0; i < e.npoints; i++ {
		kvals := kv[i*w : (i+1)*w]
		if !allFinite(kvals) {
			continue
		}
		p := e.point(i)
		if answer.scalar != nil {
			a := answer.scalar(p)
			if msg := e.pointMismatch(key, answer, p, -1, kvals[0], a, words); msg != "" {
				return Verdict{Diagnosis: msg}
			}
		} else {
			answer.evalAt(p, buf)
			for j := range buf {
				if msg := e.pointMismatch(key, answer, p, j, kvals[j], buf[j], words); msg != "" {
					return Verdict{Diagnosis: msg}
				}
			}
		}
		compared++
	}
	if compared < minCompared {
		return Verdict{Diagnosis: sentence(fmt.Sprintf("%s could not be checked: %s is undefined at almost every test point", words.answer, words.key))}
	}
	return Verdict{Equivalent: true}
}

// pointMismatch describes a disagreement at test point p (entry j of a
// vector, or -1), or returns "" when the values agree.
func (e *Env) pointMismatch(key, answer *Expr, p []float64, j int, k, a float64, words wording) string {
	finite := !math.IsNaN(a) && !math.IsInf(a, 0)
	if finite && e.close(k, a) {
		return ""
	}
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
	if !finite {
		return sentence(fmt.Sprintf("%s%s is undefined %s, where %s is defined", entry, words.answer, where, words.key))
	}
	diff := a - k
	dir := "large"
	if diff < 0 {
		dir = "small"
	}
	msg := fmt.Sprintf("%s%s is wrong %s: it gives %s, which is %s too %s", entry, words.answer, where, fmtFloat(a), fmtFloat(math.Abs(diff)), dir)
	if k != 0 {
		msg += fmt.Sprintf(" (%.3g%%)", 100*math.Abs(diff/k))
	}
	if note := e.orderNote(key, answer, words); note != "" {
		msg += "; " + note
	}
	if note := e.dependencyNote(key, answer, words); note != "" {
		msg += "; " + note
	}
	return sentence(msg)
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
			msg += fmt.Sprintf(" (they differ by %d terms of degree up to %d)", len(diff.terms), diff.degree())
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
