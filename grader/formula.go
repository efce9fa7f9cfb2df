package grader

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nngrade/nngrade/engine/expr"
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
	// byTol holds the key re-parsed under a rubric's own formula tolerance.
	byTol map[float64]*formulaKey
}

func solveFormulaQuestion(q problems.Question) (KeyAnswer, error) {
	ka := KeyAnswer{Question: q, layerIndex: -1}
	if q.Kind == problems.KindNumber {
		n, err := expr.EvalNumber(q.Answer)
		if err != nil {
			return ka, fmt.Errorf("answer: %w", err)
		}
		ka.formula = &formulaKey{question: q, number: n}
		ka.Kind = NumberValue
		ka.Display = n.String()
		ka.Worked = fmt.Sprintf("$$%s = \\boxed{%s}$$", q.Answer, n.String())
		return ka, nil
	}
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
	switch q.Kind {
	case problems.KindIdentity:
		if err := fk.env.CheckIdentity(fk.lhs, fk.answer); err != nil {
			return ka, fmt.Errorf("the key is wrong: %w", err)
		}
	case problems.KindAsymptotic:
		if v := fk.env.CompareAsymptotic(fk.lhs, fk.answer, q.Small, q.Order); !v.Equivalent {
			return ka, fmt.Errorf("the key is wrong: answer is not lhs to O(%s^%d): %s", q.Small, q.Order, v.Diagnosis)
		}
	default:
		if err := fk.env.CheckKey(fk.answer); err != nil {
			return ka, fmt.Errorf("the key cannot be graded: %w", err)
		}
	}
	ka.formula = fk
	ka.Kind = FormulaValue
	ka.Display = fk.answer.String()
	ka.Worked = fk.worked()
	return ka, nil
}

// build parses the question's key in a fresh environment with the given relative
// tolerance (0: the engine's default).
func (fk *formulaKey) build(relTol float64) error {
	q := fk.question
	env, err := expr.NewEnv(fk.vars, fk.defs, expr.Options{Allow: q.Allow, RelTol: relTol})
	if err != nil {
		return err
	}
	fk.env = env
	if fk.answer, err = env.Parse(q.Answer); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	if q.Lhs != "" {
		if fk.lhs, err = env.Parse(q.Lhs); err != nil {
			return fmt.Errorf("lhs: %w", err)
		}
	}
	return nil
}

// withTolerance returns the key parsed under a rubric's formula tolerance.
func (fk *formulaKey) withTolerance(tol float64) *formulaKey {
	if tol <= 0 {
		return fk
	}
	if k, ok := fk.byTol[tol]; ok {
		return k
	}
	k := &formulaKey{question: fk.question, vars: fk.vars, defs: fk.defs}
	if err := k.build(tol); err != nil {
		return fk // the key parsed once already; keep the default tolerance
	}
	if fk.byTol == nil {
		fk.byTol = map[float64]*formulaKey{}
	}
	fk.byTol[tol] = k
	return k
}

func (fk *formulaKey) worked() string {
	q := fk.question
	switch q.Kind {
	case problems.KindIdentity:
		return fmt.Sprintf("$$%s = \\boxed{%s}$$", fk.lhs.LaTeX(), fk.answer.LaTeX())
	case problems.KindAsymptotic:
		return fmt.Sprintf("$$%s = %s + O(%s^{%d})$$", fk.lhs.LaTeX(), fk.answer.LaTeX(), q.Small, q.Order)
	}
	return fmt.Sprintf("$$\\boxed{%s}$$", fk.answer.LaTeX())
}

func (fk *formulaKey) jsonValue() any {
	if fk == nil {
		return nil
	}
	if fk.question.Kind == problems.KindNumber {
		if fk.number.Rat != nil && fk.number.Rat.IsInt() && fk.number.Rat.Num().IsInt64() {
			return fk.number.Rat.Num().Int64()
		}
		return fk.number.Float
	}
	return fk.answer.String()
}

func (fk *formulaKey) latex() string {
	if fk.question.Kind == problems.KindNumber {
		return fk.number.String()
	}
	return fk.answer.LaTeX()
}

func (g *Grader) gradeFormulaAnswer(ka *KeyAnswer, raw string, s rubrics.Settings) verdict {
	if ka.Question.Kind == problems.KindNumber {
		return gradeNumber(ka.formula.number, raw, s)
	}
	fk := ka.formula.withTolerance(s.FormulaTol)
	got, err := fk.env.Parse(raw)
	if err != nil {
		return invalid(err, "a formula")
	}
	v := verdict{readAs: got.String()}
	var res expr.Verdict
	if ka.Question.Kind == problems.KindAsymptotic {
		res = fk.env.CompareAsymptotic(fk.lhs, got, ka.Question.Small, ka.Question.Order)
	} else {
		res = fk.env.Compare(fk.answer, got)
	}
	if res.Equivalent {
		v.status, v.credit = Correct, 1
		return v
	}
	if m, ok := matchMistake(s.Mistakes, func(text string) bool {
		mx, err := fk.env.Parse(text)
		return err == nil && fk.env.Compare(mx, got).Equivalent
	}); ok {
		v = mistakeVerdict(v, m)
	} else {
		v.status = Incorrect
	}
	v.say("Read as %s.", got.String())
	if res.Diagnosis != "" {
		v.say("%s", strings.TrimSpace(res.Diagnosis))
	}
	if s.Reveal(true) {
		v.say("The answer is %s.", fk.answer.String())
	}
	return v
}

// gradeNumber grades a number question: exactly when both are rational, else
// within the rubric's tolerance or to its significant figures.
func gradeNumber(key expr.Number, raw string, s rubrics.Settings) verdict {
	got, err := expr.EvalNumber(raw)
	if err != nil {
		return invalid(err, "a number")
	}
	v := verdict{readAs: got.String()}
	same := func(a, b expr.Number) bool {
		if a.Rat != nil && b.Rat != nil && a.IsInt() && b.IsInt() {
			return a.Rat.Cmp(b.Rat) == 0
		}
		if a.Rat != nil && b.Rat != nil && a.Rat.Cmp(b.Rat) == 0 {
			return true
		}
		return closeEnough(a.Float, b.Float, s)
	}
	if same(got, key) || (s.SigFigs > 0 && roundSig(key.Float, s.SigFigs) == got.Float) {
		v.status, v.credit = Correct, 1
		return v
	}
	if m, ok := matchMistake(s.Mistakes, func(text string) bool {
		mv, err := expr.EvalNumber(text)
		return err == nil && same(mv, got)
	}); ok {
		return mistakeVerdict(v, m)
	}
	v.status = Incorrect
	if key.Float != 0 && got.Float != 0 {
		ratio := key.Float / got.Float
		if r := math.Round(ratio); r >= 2 && math.Abs(ratio-r) < 1e-9 {
			v.say("Your value is %s times too small.", strconv.FormatFloat(r, 'g', -1, 64))
		} else if r := math.Round(1 / ratio); r >= 2 && math.Abs(1/ratio-r) < 1e-9 {
			v.say("Your value is %s times too large.", strconv.FormatFloat(r, 'g', -1, 64))
		}
	}

	return v
}

// roundSig rounds x to n significant figures.
func roundSig(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
