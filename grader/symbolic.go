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
	ka.Worked = symbolicWorked(net, q, idx, ka.formula)
	return ka, nil
}

// askSymbols name each count a symbolic question may ask in its worked solution.
var askSymbols = map[string]struct{ symbol, what string }{
	"params":               {"P", "parameters"},
	"weights":              {"W", "weights"},
	"biases":               {"B", "biases"},
	"total_params":         {"P", "parameters"},
	"trainable_params":     {"P", "trainable parameters"},
	"non_trainable_params": {"P", "non-trainable parameters"},
	"macs":                 {`\text{MACs}`, "multiply-accumulates"},
}

// maxShareNames bounds the names of a network whose worked solution shows each
// layer's share: each share is interpolated on a grid of 5^names points in
// exact arithmetic, which at 4 or 5 names costs seconds for a deep network
// while the key itself (one interpolation) takes well under one.
const maxShareNames = 3

// symbolicWorked derives a count on a network whose sizes are names: each
// layer's share as the polynomial the engine derives (idx: the asked layer, -1
// for the whole network), then the count, boxed.
func symbolicWorked(net nn.Network, q problems.Question, idx int, fk *formulaKey) string {
	names := askSymbols[q.Ask.Name]
	if names.symbol == "" {
		names.symbol, names.what = "N", q.Ask.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Counting the %s of the architecture layer by layer with its sizes as names (%s conventions):\n\n", names.what, net.Framework)
	if idx < 0 && len(net.SymbolNames()) <= maxShareNames {
		// Each layer's share, solved on one grid for all layers; shown when
		// several layers add to the count.
		counts := make([]func(*nn.Solution) int64, len(net.Layers))
		for i := range counts {
			counts[i] = func(s *nn.Solution) int64 { return q.Ask.Count(&s.Layers[i]) }
		}
		var shares []string
		polys, err := nn.SymbolicCounts(net, counts)
		for i := 0; err == nil && i < len(polys); i++ {
			if polys[i].String() == "0" {
				continue
			}
			if x, err := fk.env.Parse(polys[i].String()); err == nil {
				l := net.Layers[i]
				shares = append(shares, fmt.Sprintf("$$%s_{\\text{%s}} = %s \\quad (\\text{%s})$$\n\n", names.symbol, texText(l.Name), x.LaTeX(), texText(l.Type)))
			}
		}
		if len(shares) > 1 {
			b.WriteString(strings.Join(shares, ""))
		}
	}
	label := names.symbol
	if idx >= 0 {
		label = fmt.Sprintf("%s_{\\text{%s}}", names.symbol, texText(net.Layers[idx].Name))
	}
	fmt.Fprintf(&b, "$$\\boxed{%s = %s}$$", label, fk.answer.LaTeX())
	return b.String()
}

// texText escapes a name for LaTeX's \text{…}: layer names may hold underscores.
func texText(s string) string {
	return strings.NewReplacer(`\`, `\textbackslash{}`, "_", `\_`, "#", `\#`, "%", `\%`, "&", `\&`, "$", `\$`, "{", `\{`, "}", `\}`).Replace(s)
}
