package grader

import (
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/problems"
)

// solveSymbolicQuestion answers a count on a network whose sizes are names: the
// engine derives the count as a polynomial from the architecture, and grades it as
// a formula. A hand-written key in the question must agree with the derivation.
func solveSymbolicQuestion(net nn.Network, q problems.Question) (KeyAnswer, error) {
	idx := -1
	if q.Layer != "" {
		idx = layerIndex(net, q.Layer)
		if idx < 0 {
			return KeyAnswer{}, fmt.Errorf("network %q has no layer %q", q.Network, q.Layer)
		}
	}
	count := func(s *nn.Solution) int64 {
		if idx >= 0 {
			return q.Ask.Count(&s.Layers[idx])
		}
		return q.Ask.Total(s)
	}
	if q.Framework != nil {
		net.Framework = *q.Framework
	}
	poly, err := nn.SymbolicCount(net, count)
	if err != nil {
		return KeyAnswer{}, err
	}
	derived := poly.String()
	fq := q
	fq.Kind = problems.KindFormula
	if len(fq.Variables) == 0 {
		for _, name := range net.SymbolNames() {
			fq.Variables = append(fq.Variables, problems.Variable{Name: name, Domain: "integer 1..1000"})
		}
	}
	if fq.Answer == "" {
		fq.Answer = derived
	}
	ka, err := formulaKind.solve(nil, fq)
	if err != nil {
		return ka, err
	}
	if fq.Answer != derived {
		d, err := ka.formula.env.Parse(derived)
		if err != nil {
			return ka, fmt.Errorf("the derived count %s does not parse: %w", derived, err)
		}
		if v := ka.formula.env.Compare(d, ka.formula.answer); !v.Equivalent {
			why := strings.Replace(v.Diagnosis, "Your answer", "the key", 1)
			return ka, fmt.Errorf("the key %q is not the count the architecture gives, %s (%s)", q.Answer, derived, strings.TrimSuffix(why, "."))
		}
	}
	ka.Question = q
	ka.Worked = fmt.Sprintf("Counting the parameters of the architecture layer by layer with its sizes as names (%s conventions):\n\n$$\\boxed{%s}$$", net.Framework, ka.formula.answer.LaTeX())
	return ka, nil
}
