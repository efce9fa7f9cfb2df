package grader

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/rubrics"
)

// carried is what a question's answer would be if the student's own earlier answers
// were right: the value recomputed through the network from them.
type carried struct {
	isInt    bool
	intValue int64
	shape    []int64
	from     []string // the earlier questions whose wrong answers it was computed from
}

// carryForward credits an answer that is right given the student's own earlier
// wrong answers (conv2's output from the student's pool output, the total from the
// student's layer counts), when the rubric allows it.
func (g *Grader) carryForward(ctx *studentContext, ka *KeyAnswer, s rubrics.Settings, v *verdict, matches func(carried) bool) bool {
	if !s.CarryForward || ka.network == nil {
		return false
	}
	c, ok := g.carriedValue(ctx, ka)
	if !ok || len(c.from) == 0 || !matches(c) {
		return false
	}
	v.credit = s.CarryForwardCredit
	v.status = statusFor(v.credit)
	if v.status == Correct && v.credit < 1 {
		v.status = Partial
	}
	v.carried = c.from
	var names []string
	for _, id := range c.from {
		names = append(names, fmt.Sprintf("%s (%s)", id, g.studentAnswerText(ctx, id)))
	}
	what := "answer"
	if len(names) > 1 {
		what = "answers"
	}
	v.say("Carried forward: this is not the key, but it is right given your earlier %s %s; credited %s.",
		what, joinAnd(names), creditText(v.credit))
	return true
}

// joinAnd joins items as prose: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func creditText(c float64) string {
	if c >= 1 {
		return "in full"
	}
	return fmt.Sprintf("%g of the points", roundScore(c))
}

func (g *Grader) studentAnswerText(ctx *studentContext, id string) string {
	if s, ok := ctx.shapes[id]; ok {
		return FormatShape(s)
	}
	if n, ok := ctx.ints[id]; ok {
		return FormatInt(n)
	}
	return "?"
}

// carriedValue recomputes ka's answer through its network, feeding each layer the
// student's own answer for the previous layer's output shape where they gave a wrong
// one, and using their own per-layer parameter counts in totals.
func (g *Grader) carriedValue(ctx *studentContext, ka *KeyAnswer) (carried, bool) {
	net := ka.network
	shapeQ, countQ := map[int]*KeyAnswer{}, map[int]*KeyAnswer{}
	for i := range g.Key.Answers {
		a := &g.Key.Answers[i]
		if a.network == nil || a.network.Name != net.Name || a.layerIndex < 0 || a == ka {
			continue
		}
		switch {
		case a.Question.Ask.Form == nn.TensorForm:
			shapeQ[a.layerIndex] = a
		case countsParams(a.Question.Ask):
			countQ[a.layerIndex] = a
		}
	}
	last := ka.layerIndex
	if last < 0 {
		last = len(net.Layers) - 1
	}
	var c carried
	shape := net.Input
	var total, trainable int64
	for j := 0; j <= last; j++ {
		lr, err := nn.Apply(net.Layers[j], shape, net.Framework)
		if err != nil {
			return c, false // the student's shapes cannot feed this layer
		}
		if j == ka.layerIndex {
			return valueOf(ka.Question.Ask, &lr, c.from)
		}
		params, train := lr.Params, lr.Trainable
		if q := countQ[j]; q != nil {
			if n, ok := ctx.ints[q.Question.ID]; ok && n != q.Int {
				params, train = n, n-lr.NonTrainable
				c.from = append(c.from, q.Question.ID)
			}
		}
		total += params
		trainable += train
		shape = lr.OutputShape
		if q := shapeQ[j]; q != nil {
			if st, ok := ctx.shapes[q.Question.ID]; ok && !slices.Equal(st, q.Shape) {
				shape = toInts(st)
				c.from = append(c.from, q.Question.ID)
			}
		}
	}
	if !countsParams(ka.Question.Ask) {
		return c, false
	}
	c.isInt = true
	c.intValue = ka.Question.Ask.Count(&nn.LayerResult{Params: total, Trainable: trainable})
	return c, true
}

// countsParams reports whether an ask counts weights and biases (a layer's
// params, the network's total or trainable): such counts carry forward from a
// student's own per-layer parameter counts.
func countsParams(ask *nn.Ask) bool {
	return ask.Parts == nn.WeightsPart|nn.BiasesPart
}

// valueOf is a layer's value for ask, recomputed from the student's answers.
func valueOf(ask *nn.Ask, lr *nn.LayerResult, from []string) (carried, bool) {
	if ask.Kind == nn.TupleAsk {
		return carried{}, false
	}
	v, err := ask.LayerValue(lr)
	if err != nil {
		return carried{}, false
	}
	return carried{from: from, isInt: ask.Kind == nn.IntegerAsk, intValue: v.Int, shape: v.Shape}, true
}

func toInts(s []int64) []int {
	out := make([]int, len(s))
	for i, v := range s {
		out[i] = int(v)
	}
	return out
}
