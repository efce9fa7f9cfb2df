package expr

import (
	"fmt"
	"math"
)

// Asymptotic checks: lhs − answer = O(small^order) as small → 0. The
// difference is measured at small = ±h for h shrinking geometrically from
// 0.1 (clamped to the domain) while h^order stays above 1e-10, at several
// test points for the other variables; the local order
// log(d(h₁)/d(h₂)) / log(h₁/h₂) at the smallest scales where d stands clear
// of rounding noise must reach order − 0.5. A difference that vanishes to
// rounding at every scale passes.

// asymptoticBasePoints is how many test points supply the other variables.
const asymptoticBasePoints = 6

// CompareAsymptotic decides whether lhs − answer = O(small^order) as the
// scalar variable small tends to 0 (from the sides its domain allows). Use
// it both to verify a key on load and to grade an answer; the allow list
// applies to answer.
func (e *Env) CompareAsymptotic(lhs, answer *Expr, small string, order int) (v Verdict) {
	defer func() {
		if r := recover(); r != nil {
			v = Verdict{Diagnosis: fmt.Sprintf("Your answer could not be checked (internal error: %v).", r)}
		}
		// The lhs is the question itself, not a key, but lhs − answer near 0
		// is the key's expansion less the answer: the student wording names
		// the slip (wrong constant, wrong order) with no size and no point.
		if v.StudentDiagnosis == "" {
			v.StudentDiagnosis = v.Diagnosis
		}
	}()
	if lhs == nil || answer == nil || lhs.env != e || answer.env != e {
		return Verdict{Diagnosis: "The answer could not be checked: it was read for another question."}
	}
	sym := e.lookupSymbol(small)
	if sym == nil || sym.define || sym.size != 0 || sym.dom.Kind != DomainReal || sym.dom.Lo > 0 || sym.dom.Hi < 0 {
		return Verdict{Diagnosis: fmt.Sprintf("The question is misconfigured: small = %q must be a declared real variable whose domain reaches 0.", small)}
	}
	if order < 1 || order > 8 {
		return Verdict{Diagnosis: fmt.Sprintf("The question is misconfigured: order %d must be between 1 and 8.", order)}
	}
	if d := e.disallowed(answer, studentWords); d != "" {
		return Verdict{Diagnosis: d}
	}
	if lhs.Len() != 0 || answer.Len() != 0 {
		return Verdict{Diagnosis: "Your answer must be a single number, not a vector."}
	}
	res := e.asymptoticOrder(lhs, answer, sym, order)
	switch {
	case res.undefined:
		return Verdict{Diagnosis: sentence(fmt.Sprintf("your answer is undefined as %s → 0 (at %s)", sym.name, res.where)),
			StudentDiagnosis: sentence(fmt.Sprintf("your answer is undefined as %s → 0", sym.name))}
	case res.noData:
		return Verdict{Diagnosis: sentence(fmt.Sprintf("the lhs is undefined near %s = 0, so the answer cannot be checked", sym.name))}
	case res.order >= float64(order)-0.5:
		return Verdict{Equivalent: true}
	}
	return Verdict{Diagnosis: sentence("your answer " + orderPhrase(res, sym.name, order)),
		StudentDiagnosis: sentence("your answer " + studentOrderPhrase(res, sym.name, order))}
}

type orderResult struct {
	order     float64 // smallest observed order of lhs − answer (+Inf: no difference)
	gap       float64 // |lhs − answer| at the largest scale, where the order was lowest
	where     string
	undefined bool // the answer is undefined where lhs is defined
	noData    bool // lhs undefined everywhere
}

// orderPhrase words a failed order check.
func orderPhrase(r orderResult, name string, want int) string {
	got := int(math.Round(r.order))
	if got <= 0 {
		return fmt.Sprintf("does not tend to the right value as %s → 0 (off by about %.3g at %s)", name, r.gap, r.where)
	}
	return fmt.Sprintf("is right only to %s in %s: the difference shrinks like %s^%d, but must be O(%s^%d)",
		orderName(got-1), name, name, got, name, want)
}

// studentOrderPhrase words a failed order check for a student: the slip
// by name and by whole orders only. The size of the difference (and where it
// was measured) is the key's expansion less the answer: quoting it would
// tell the student what to add.
func studentOrderPhrase(r orderResult, name string, want int) string {
	switch got := int(math.Round(r.order)); {
	case got < 0:
		return fmt.Sprintf("does not tend to the right value as %s → 0: it differs from the lhs by terms that grow as %s → 0", name, name)
	case got == 0:
		return fmt.Sprintf("does not tend to the right value as %s → 0: its constant term is wrong", name)
	}
	return orderPhrase(r, name, want)
}

func orderName(k int) string {
	switch k {
	case 0:
		return "order zero"
	case 1:
		return "first order"
	case 2:
		return "second order"
	case 3:
		return "third order"
	}
	return fmt.Sprintf("order %d", k)
}

// asymptoticOrder measures how fast lhs − answer vanishes as sym → 0.
func (e *Env) asymptoticOrder(lhs, answer *Expr, sym *symbol, order int) orderResult {
	res := orderResult{order: math.Inf(1), noData: true}
	hmin := math.Pow(1e-10, 1/float64(order))
	point := make([]float64, e.width)
	var signs []float64
	if sym.dom.Hi > 0 {
		signs = append(signs, 1)
	}
	if sym.dom.Lo < 0 {
		signs = append(signs, -1)
	}
	for b := 0; b < min(asymptoticBasePoints, e.npoints); b++ {
		copy(point, e.point(b))
		for _, sign := range signs {
			limit := sym.dom.Hi
			if sign < 0 {
				limit = -sym.dom.Lo
			}
			h := math.Min(0.1, limit/2)
			var hs, ds []float64
			for i := 0; i < 12 && (i < 3 || h >= hmin); i++ {
				point[sym.slot] = sign * h
				l, a := lhs.scalar(point), answer.scalar(point)
				if math.IsNaN(l) || math.IsInf(l, 0) {
					break
				}
				res.noData = false
				if math.IsNaN(a) || math.IsInf(a, 0) {
					res.undefined = true
					res.where = e.pointString(point, usedVariables(lhs, answer))
					return res
				}
				d := math.Abs(l - a)
				noise := 1e-12 * math.Max(1, math.Max(math.Abs(l), math.Abs(a)))
				if d <= noise {
					d = 0
				}
				hs, ds = append(hs, h), append(ds, d)
				h /= 4
			}
			p := localOrder(hs, ds)
			if p < res.order {
				res.order = p
				point[sym.slot] = sign * hs[0]
				res.gap = ds[len(ds)-1]
				res.where = e.pointString(point, usedVariables(lhs, answer))
			}
		}
	}
	return res
}

// localOrder estimates the order of d(h) ~ C·h^p from the smallest two
// scales where d is nonzero; +Inf when d vanishes from some scale on.
func localOrder(hs, ds []float64) float64 {
	last := -1
	for i, d := range ds {
		if d > 0 {
			last = i
		}
	}
	if last < 0 || last < len(ds)-1 && last == 0 {
		return math.Inf(1)
	}
	if last < len(ds)-1 {
		// The difference fell into rounding noise: it vanishes faster than
		// any scale measured can show.
		return math.Inf(1)
	}
	if last == 0 {
		return math.Inf(1)
	}
	return math.Log(ds[last-1]/ds[last]) / math.Log(hs[last-1]/hs[last])
}

// orderNote, for a wrong answer that depends on a single scalar name t
// (a variable or define) whose values reach 0, says to which order in t it
// agrees with the key: "it agrees only to first order in eps".
func (e *Env) orderNote(key, answer *Expr, words wording) string {
	if len(key.names) != 1 || len(answer.names) != 1 || key.names[0] != answer.names[0] || key.Len() != 0 {
		return ""
	}
	sym := e.lookupSymbol(key.names[0])
	if sym == nil || sym.size != 0 {
		return ""
	}
	env := e
	if sym.define || sym.dom.Kind != DomainReal {
		// Treat the define as a free variable near 0, provided its values
		// at the test points straddle 0.
		if !sym.define || !e.straddlesZero(sym) {
			return ""
		}
		env = e.freeEnv(sym)
		if env == nil {
			return ""
		}
		k, err1 := env.Parse(key.src)
		a, err2 := env.Parse(answer.src)
		if err1 != nil || err2 != nil {
			return ""
		}
		key, answer, sym = k, a, env.lookupSymbol(sym.name)
	} else if sym.dom.Lo > 0 || sym.dom.Hi < 0 {
		return ""
	}
	res := env.asymptoticOrder(key, answer, sym, 2)
	got := int(math.Round(res.order))
	if res.undefined || res.noData || math.IsInf(res.order, 1) || got < 2 {
		return ""
	}
	return fmt.Sprintf("it agrees with %s only to %s in %s (the difference is O(%s^%d))", words.key, orderName(got-1), sym.name, sym.name, got)
}

// straddlesZero reports whether a scalar define takes both signs at the
// test points.
func (e *Env) straddlesZero(sym *symbol) bool {
	f := compileScalar(sym.body)
	neg, pos := false, false
	for i := 0; i < e.npoints; i++ {
		v := f(e.point(i))
		neg = neg || v < 0
		pos = pos || v > 0
	}
	return neg && pos
}

// freeEnv is an Env where the define sym is a free real variable on
// [-1, 1], built once per define.
func (e *Env) freeEnv(sym *symbol) *Env {
	if cached, ok := e.freeEnvs.Load(sym.name); ok {
		return cached.(*Env)
	}
	env, err := NewEnv([]Var{{Name: sym.name, Domain: "real [-1, 1]"}}, nil, e.opts)
	if err != nil {
		return nil
	}
	cached, _ := e.freeEnvs.LoadOrStore(sym.name, env)
	return cached.(*Env)
}
