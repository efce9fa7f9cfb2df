package grader

import (
	"math/big"
	"slices"

	"github.com/nngrade/nngrade/engine/expr"

	"github.com/nngrade/nngrade/engine/nn"
)

// slipAnswers lists the answers the diagnosis names for q.
//
// INTERIM: helper "policy" is turning the diagnosis into lists of slips and
// exposes this same method over them (every slip, channels-first, transposes,
// PyTorch's order, wrong input layer, conventions, rounding, "N times too
// small"). Until that lands, this lists the slips the diagnosis already keeps
// as values; delete this file when merging policy's.
func (g *Grader) slipAnswers(q *gradedQuestion) []reading {
	ka := q.key
	var out []reading
	switch ka.Kind {
	case ShapeValue:
		if ka.Question.Ask.Form == nn.TensorForm && len(ka.Shape) >= 2 {
			out = append(out, reading{shape: channelsFirst(ka.Shape)})
		}
		if ka.Question.Ask.Form == nn.MatrixForm && len(ka.Shape) == 2 {
			out = append(out, reading{shape: []int64{ka.Shape[1], ka.Shape[0]}})
		}
		if order, ok := torchKernelOrder(ka); ok {
			out = append(out, reading{shape: order.shape})
		}
		if layer, lr, _, ok := g.layerContext(ka); ok && ka.Question.Ask.Form == nn.TensorForm {
			for _, s := range shapeSlips(ka.network, layer, lr) {
				out = append(out, reading{shape: s.shape})
			}
		}
	case IntegerValue:
		if ka.Question.Ask.MultiplyAccumulates {
			out = append(out, reading{count: 2 * ka.Int})
		}
		if layer, lr, _, ok := g.layerContext(ka); ok && ka.Question.Ask.Parts&nn.WeightsPart != 0 {
			out = append(out, reading{count: lr.Weights}, reading{count: lr.Params})
			if isConv(layer.Type) && len(lr.WeightShape) >= 3 {
				ws := lr.WeightShape
				bias := lr.Biases
				if ka.Question.Ask.Parts&nn.BiasesPart == 0 {
					bias = 0
				}
				kernel := product(ws[:len(ws)-2])
				cin, n := int64(ws[len(ws)-2]), int64(ws[len(ws)-1])
				out = append(out, reading{count: int64(ws[0])*cin*n + bias}, reading{count: kernel*n + bias}, reading{count: kernel*cin + bias}, reading{count: kernel*cin + 1})
			}
			for d := int64(1); d*d <= ka.Int; d++ { // "N times too small"
				if ka.Int%d == 0 {
					out = append(out, reading{count: d}, reading{count: ka.Int / d})
				}
			}
		}
	case NumberValue:
		k := q.formula.number
		for n := int64(2); n <= 10; n++ {
			if k.Rat != nil {
				out = append(out, reading{number: expr.Number{Rat: new(big.Rat).Mul(k.Rat, big.NewRat(n, 1))}}, reading{number: expr.Number{Rat: new(big.Rat).Quo(k.Rat, big.NewRat(n, 1))}})
			} else {
				out = append(out, reading{number: expr.Number{Float: k.Float * float64(n)}}, reading{number: expr.Number{Float: k.Float / float64(n)}})
			}
		}
		for i := range out {
			if out[i].number.Rat != nil {
				out[i].number.Float, _ = out[i].number.Rat.Float64()
			}
		}
	}
	return slices.DeleteFunc(out, func(r reading) bool {
		return ka.Kind == ShapeValue && slices.Equal(r.shape, ka.Shape) || ka.Kind == IntegerValue && r.count == ka.Int
	})
}
