package grader

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/engine/tolerance"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
)

// formulaKey is a solved formula, identity, asymptotic or number question: its
// environment (variables, definitions, allowed names) and its answer, parsed once.
type formulaKey struct {
	question problems.Question
	vars     []expr.Var
	defs     []expr.Define
	env      *expr.Env
	answer   *expr.Expr
	lhs      *expr.Expr  // identity and asymptotic questions
	number   expr.Number // number questions
}

// expressionKind grades the questions answered by an expression in the
// question's variables: formula, identity and asymptotic. They differ only in
// how the key is checked, what a student's answer is compared with, and how the
// worked solution reads.
type expressionKind struct {
	checkKey   func(fk *formulaKey) error
	compareKey func(fk *formulaKey, got *expr.Expr) expr.Verdict
	worked     func(fk *formulaKey) string
}

// equalsKey compares an answer with the key: formula and identity questions.
func equalsKey(fk *formulaKey, got *expr.Expr) expr.Verdict { return fk.env.Compare(fk.answer, got) }

var (
	// formulaKind: the answer is equivalent to the key, which must be defined at
	// enough points to be graded.
	formulaKind = &expressionKind{
		checkKey: func(fk *formulaKey) error {
			if err := fk.env.CheckKey(fk.answer); err != nil {
				return fmt.Errorf("the key cannot be graded: %w", err)
			}
			return nil
		},
		compareKey: equalsKey,
		worked:     func(fk *formulaKey) string { return fmt.Sprintf("$$\\boxed{%s}$$", fk.answer.LaTeX()) },
	}
	// identityKind: the answer equals lhs, in the allowed names; the key must.
	identityKind = &expressionKind{
		checkKey: func(fk *formulaKey) error {
			if err := fk.env.CheckIdentity(fk.lhs, fk.answer); err != nil {
				return fmt.Errorf("the key is wrong: %w", err)
			}
			return nil
		},
		compareKey: equalsKey,
		worked: func(fk *formulaKey) string {
			return fmt.Sprintf("$$%s = \\boxed{%s}$$", fk.lhs.LaTeX(), fk.answer.LaTeX())
		},
	}
	// asymptoticKind: lhs − answer = O(small^order), for the key and the answer.
	asymptoticKind = &expressionKind{
		checkKey: func(fk *formulaKey) error {
			q := fk.question
			if v := fk.env.CompareAsymptotic(fk.lhs, fk.answer, q.Small, q.Order); !v.Equivalent {
				return fmt.Errorf("the key is wrong: answer is not lhs to O(%s^%d): %s", q.Small, q.Order, v.Diagnosis)
			}
			return nil
		},
		compareKey: func(fk *formulaKey, got *expr.Expr) expr.Verdict {
			return fk.env.CompareAsymptotic(fk.lhs, got, fk.question.Small, fk.question.Order)
		},
		worked: func(fk *formulaKey) string {
			q := fk.question
			return fmt.Sprintf("$$%s = %s + O(%s^{%d})$$", fk.lhs.LaTeX(), fk.answer.LaTeX(), expr.NameLaTeX(q.Small), q.Order)
		},
	}
)

func (k *expressionKind) solve(_ *Key, q problems.Question) (KeyAnswer, error) {
	ka := KeyAnswer{Question: q, layerIndex: -1, kind: k}
	fk := &formulaKey{question: q}
	for _, v := range q.Variables {
		fk.vars = append(fk.vars, expr.Var{Name: v.Name, Domain: v.Domain})
	}
	for _, d := range q.Define {
		fk.defs = append(fk.defs, expr.Define{Name: d.Name, Expr: d.Expr})
	}
	if err := fk.build(0); err != nil {
		return ka, err
	}
	if err := k.checkKey(fk); err != nil {
		return ka, err
	}
	ka.formula = fk
	ka.Kind = FormulaValue
	ka.Display = fk.answer.String()
	ka.Worked = k.worked(fk)
	return ka, nil
}

func (k *expressionKind) read(q *gradedQuestion, raw string) (reading, error) {
	got, err := q.formula.env.Parse(raw)
	return reading{formula: got}, err
}

func (k *expressionKind) readAs(_ *KeyAnswer, got reading) string { return got.formula.String() }

// compare says, for a wrong answer, how it was read, why it is wrong and (when
// the rubric lets it) what the key is.
func (k *expressionKind) compare(q *gradedQuestion, got reading) (bool, bool, []string) {
	return formulaNotes(k.compareKey(q.formula, got.formula), got.formula.String(), false, q.revealed())
}

// compareForStudent is compare in the student policy's words: which
// variable's terms are off, never a term of the key or its value at a point.
func (k *expressionKind) compareForStudent(q *gradedQuestion, got reading) (bool, bool, []string) {
	return formulaNotes(k.compareKey(q.formula, got.formula), got.formula.String(), true, q.revealed())
}

// revealed is the key as a wrong answer's feedback may show it ("" when the
// rubric keeps it hidden, as it does a formula's by default).
func (q *gradedQuestion) revealed() string {
	if q.settings.Reveal(true) {
		return q.formula.answer.String()
	}
	return ""
}

// formulaNotes turns the engine's verdict on a formula answer read as readAs
// into the grader's: right, left to review, or wrong with the notes its
// feedback carries, in the student's words or the instructor's. The sealed
// check (student_formula.go) calls it with the sealed verdict, so that both
// word a verdict alike.
func formulaNotes(res expr.Verdict, readAs string, student bool, answer string) (right, review bool, notes []string) {
	if res.Equivalent {
		return true, false, nil
	}
	notes = []string{fmt.Sprintf("Read as %s.", readAs)}
	diagnosis := res.Diagnosis
	if student {
		diagnosis = res.StudentDiagnosis
	}
	if d := strings.TrimSpace(diagnosis); d != "" {
		notes = append(notes, d)
	}
	if res.Undecided {
		if diagnosis != expr.UnsureDiagnosis {
			notes = append(notes, "nngrade could not decide this answer; your instructor will review it.")
		}
		return false, true, notes
	}
	if answer != "" {
		notes = append(notes, fmt.Sprintf("The answer is %s.", answer))
	}
	return false, false, notes
}

func (k *expressionKind) same(q *gradedQuestion, a, b reading) bool {
	return q.formula.env.Compare(a.formula, b.formula).Equivalent
}

func (k *expressionKind) diagnose(*Grader, *studentContext, *gradedQuestion, reading, *verdict) {}

func (k *expressionKind) jsonValue(ka *KeyAnswer) any { return ka.formula.answer.String() }

func (k *expressionKind) markdown(ka *KeyAnswer) string { return "$" + ka.formula.answer.LaTeX() + "$" }

// build parses the question's key in a fresh environment with the given relative
// tolerance (0: the engine's default). An error in one of the question's
// strings is a *problems.FieldError naming it, so that it is reported where
// that string is written.
func (fk *formulaKey) build(relTol float64) error {
	q := fk.question
	env, err := expr.NewEnv(fk.vars, fk.defs, expr.Options{Allow: q.Allow, RelTol: relTol})
	if decl := (*expr.DeclError)(nil); errors.As(err, &decl) {
		field := problems.Field{Key: "variables", Name: decl.Name}
		if decl.Define {
			field.Key = "define"
		}
		return &problems.FieldError{Field: field, Err: decl.Err}
	}
	if err != nil {
		return err
	}
	fk.env = env
	if fk.answer, err = env.Parse(q.Answer); err != nil {
		return &problems.FieldError{Field: problems.Field{Key: "answer"}, Err: err}
	}
	if q.Lhs != "" {
		if fk.lhs, err = env.Parse(q.Lhs); err != nil {
			return &problems.FieldError{Field: problems.Field{Key: "lhs"}, Err: err}
		}
	}
	return nil
}

// withTolerance returns the key parsed under a rubric's formula tolerance; a
// grader asks once per question, when it is built.
func (fk *formulaKey) withTolerance(tol float64) *formulaKey {
	if tol <= 0 {
		return fk
	}
	k := &formulaKey{question: fk.question, vars: fk.vars, defs: fk.defs}
	if err := k.build(tol); err != nil {
		return fk // the key parsed once already; keep the default tolerance
	}
	return k
}

// numberKind grades a number question: the key is an expression the engine
// evaluates; an answer is right exactly when both are rational, else within the
// rubric's tolerance or to its significant figures.
type numberKind struct{}

func (numberKind) solve(_ *Key, q problems.Question) (KeyAnswer, error) {
	ka := KeyAnswer{Question: q, layerIndex: -1, kind: numberKind{}}
	n, err := expr.EvalNumber(q.Answer)
	if err != nil {
		return ka, &problems.FieldError{Field: problems.Field{Key: "answer"}, Err: err}
	}
	ka.formula = &formulaKey{question: q, number: n}
	ka.Kind = NumberValue
	ka.Display = n.String()
	ka.Worked = numberWorked(q.Answer, n)
	return ka, nil
}

// numberWorked is a number key's worked solution: the key's expression
// typeset, then its value ("\log\left(10\right) \approx \boxed{2.30258509299}");
// the value alone when the key is written as a number.
func numberWorked(answer string, n expr.Number) string {
	value := n.LaTeX()
	tex, err := expr.ConstantLaTeX(answer)
	if err != nil || tex == value {
		return fmt.Sprintf("$$\\boxed{%s}$$", value)
	}
	relation := "="
	if n.Rat == nil {
		relation = `\approx`
	}
	return fmt.Sprintf("$$%s %s \\boxed{%s}$$", tex, relation, value)
}

// read reads a number answer with engine/answer's one reader of a number, as
// count questions are read: thousands groups, labels and chains, \boxed{},
// arithmetic and LaTeX functions.
func (numberKind) read(_ *gradedQuestion, raw string) (reading, error) {
	n, err := answer.ReadNumber(raw)
	return reading{number: expr.Number{Rat: n.Rat, Float: n.Float}, digits: n.Digits}, err
}

// readAs shows the value as a decimal, never as a fraction such as 460517/200000.
func (numberKind) readAs(_ *KeyAnswer, got reading) string {
	return answer.Number{Rat: got.number.Rat, Float: got.number.Float}.Decimal()
}

func (k numberKind) compare(q *gradedQuestion, got reading) (bool, bool, []string) {
	key, s := q.formula.number, q.settings
	return k.same(q, reading{number: key}, got) ||
		(s.SigFigs > 0 && roundSig(key.Float, s.SigFigs) == got.number.Float) ||
		(!setsTolerance(s) && agreesToDigitsGiven(key, got)), false, nil
}

// minDigitsGiven is the fewest significant digits an answer must give for
// its digits to decide: 2.3 for ln 10 is not accepted, 2.30 is.
const minDigitsGiven = 3

// setsTolerance reports whether a rubric chose how close a number must be
// (rel_tol or abs_tol other than the defaults, or sig_figs): then its choice
// decides, not the digits the student gave.
func setsTolerance(s rubrics.Settings) bool {
	d := rubrics.DefaultSettings()
	return s.RelTol != d.RelTol || s.AbsTol != d.AbsTol || s.SigFigs > 0
}

// agreesToDigitsGiven reports whether a decimal answer with at least
// minDigitsGiven significant digits is the key rounded to those digits:
// 2.302585 for ln 10 (2.302585093...). It decides exactly: |got − key| is at
// most half a unit in the last digit the student wrote. A key that is a whole
// number is not matched this way (a count is exact).
func agreesToDigitsGiven(key expr.Number, got reading) bool {
	d := got.digits
	if d < minDigitsGiven || key.IsInt() || got.number.Rat == nil || got.number.Rat.Sign() == 0 {
		return false
	}
	want := key.Rat
	if want == nil {
		if math.IsNaN(key.Float) || math.IsInf(key.Float, 0) {
			return false
		}
		want = new(big.Rat).SetFloat64(key.Float)
	}
	// The leading digit of got is at 10^lead; its last given digit at 10^(lead-d+1).
	g := new(big.Rat).Abs(got.number.Rat)
	lead := decimalExponent(g)
	halfUnit := pow10Rat(lead - d + 1)
	halfUnit.Quo(halfUnit, big.NewRat(2, 1))
	diff := new(big.Rat).Sub(got.number.Rat, want)
	return diff.Abs(diff).Cmp(halfUnit) <= 0
}

// decimalExponent is floor(log10 x) for x > 0, decided exactly.
func decimalExponent(x *big.Rat) int {
	e := int(math.Floor(math.Log10(math.Abs(ratFloat(x)))))
	// Correct a float64 rounding at a power of ten.
	for pow10Rat(e).Cmp(x) > 0 {
		e--
	}
	for pow10Rat(e+1).Cmp(x) <= 0 {
		e++
	}
	return e
}

func ratFloat(x *big.Rat) float64 {
	f, _ := x.Float64()
	return f
}

// pow10Rat is 10^e as an exact rational.
func pow10Rat(e int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(e, -e))), nil)
	if e >= 0 {
		return new(big.Rat).SetInt(p)
	}
	return new(big.Rat).SetFrac(big.NewInt(1), p)
}

// same compares two numbers under the rubric's tolerance, in exact arithmetic
// when both are rational (decimals as written: 0.95 is 19/20, so 0.95 against 1
// with rel_tol = 0.05 is right, as float64 subtraction would not say). Two
// integers compare exactly unless the rubric sets rel_tol or abs_tol: the
// default rel_tol is for real values and would accept a count one away from a
// 12-digit key. Others compare in float64.
func (numberKind) same(q *gradedQuestion, a, b reading) bool {
	x, y := a.number, b.number
	s := q.settings
	if x.Rat != nil && y.Rat != nil {
		if x.Rat.Cmp(y.Rat) == 0 {
			return true
		}
		if x.IsInt() && y.IsInt() && !explicitTolerance(s) {
			return false
		}
		return tolerance.EqualRat(y.Rat, x.Rat, tolerance.Decimal(s.AbsTol), tolerance.Decimal(s.RelTol))
	}
	return closeEnough(y.Float, x.Float, s)
}

// explicitTolerance reports whether a rubric set rel_tol or abs_tol away from
// the defaults (Settings does not record whether a key was written, so
// rel_tol = 1e-9 written out reads as the default).
func explicitTolerance(s rubrics.Settings) bool {
	d := rubrics.DefaultSettings()
	return s.RelTol != d.RelTol || s.AbsTol != d.AbsTol
}

// wholeFactors are the factors by which a number answer is diagnosed as too
// small or too large: the ones a formula's diagnosis names (expr.WholeFactors).
// The list is finite so that a sealed edition can judge each of them ahead of
// time; numberSlips lists the answers they make.
var wholeFactors = expr.WholeFactors()

// numberSlips are a number question's key divided and multiplied by each of
// wholeFactors, in that order; exact when the key is rational.
func numberSlips(ka *KeyAnswer) []slip {
	key := ka.formula.number
	if key.Float == 0 || math.IsNaN(key.Float) || math.IsInf(key.Float, 0) {
		return nil
	}
	var out []slip
	for _, small := range []bool{true, false} {
		for _, n := range wholeFactors {
			v := expr.Number{Float: key.Float * float64(n)}
			if key.Rat != nil {
				v.Rat = new(big.Rat).Mul(key.Rat, new(big.Rat).SetInt64(n))
			}
			explain := fmt.Sprintf("Your value is %d times too large.", n)
			student := "Your value is too large by a whole factor: it has a factor too many."
			if small {
				v.Float = key.Float / float64(n)
				if key.Rat != nil {
					v.Rat = new(big.Rat).Quo(key.Rat, new(big.Rat).SetInt64(n))
				}
				explain = fmt.Sprintf("Your value is %d times too small.", n)
				student = "Your value is too small by a whole factor: a factor is missing."
			}
			if v.Rat != nil {
				v.Float, _ = v.Rat.Float64()
			}
			factor := -n
			if small {
				factor = n
			}
			out = append(out, slip{answer: reading{number: v}, explain: explain, student: student, factor: factor})
		}
	}
	return out
}

// numberSlipFor finds the first of a number question's slips that got is,
// under the question's tolerance. Only the factors near the ratio of the key
// to got are compared: a rubric's tolerance moves the ratio by little, and a
// comparison of exact numbers is costly.
func numberSlipFor(q *gradedQuestion, list []slip, got reading) (slip, bool) {
	key := q.formula.number
	if key.Float == 0 || got.number.Float == 0 {
		return slip{}, false
	}
	ratio := key.Float / got.number.Float
	near := func(f int64) bool {
		x := ratio
		if f < 0 {
			x, f = 1/ratio, -f
		}
		return math.Abs(x-float64(f)) <= 1+1e-9*float64(f)
	}
	for _, s := range list {
		if near(s.factor) && (numberKind{}).same(q, s.answer, got) {
			return s, true
		}
	}
	return slip{}, false
}

// diagnose names a whole factor between the answer and the key, one of
// wholeFactors: the answer is one of the question's slips, within the
// rubric's tolerance.
func (numberKind) diagnose(g *Grader, _ *studentContext, q *gradedQuestion, got reading, v *verdict) {
	if s, ok := g.slipFor(q, got); ok {
		v.feedback = append(v.feedback, g.say(s))
	}
}

func (numberKind) jsonValue(ka *KeyAnswer) any {
	n := ka.formula.number
	if n.Rat != nil && n.Rat.IsInt() && n.Rat.Num().IsInt64() {
		return n.Rat.Num().Int64()
	}
	return n.Float
}

func (numberKind) markdown(ka *KeyAnswer) string { return "$" + ka.formula.number.LaTeX() + "$" }

// roundSig rounds x to n significant figures.
func roundSig(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
