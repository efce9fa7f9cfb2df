package grader

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/internal/plural"
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

// matches reports whether an answer, as read, is the carried value: a count
// that is the carried count, or a shape that is the carried shape.
func (c carried) matches(got reading) bool {
	if c.isInt {
		return got.shape == nil && c.intValue == got.count
	}
	return got.shape != nil && slices.Equal(c.shape, got.shape)
}

// carryForward credits an answer that is right given the student's own earlier
// wrong answers (conv2's output from the student's pool output, the total from the
// student's layer counts), when the rubric allows it.
func (g *Grader) carryForward(ctx *studentContext, ka *KeyAnswer, s rubrics.Settings, v *verdict, matches func(carried) bool) bool {
	if !s.CarryForward || ka.network == nil {
		return false
	}
	ctx.consulted = true
	c, ok := g.carriedValue(ctx, ka)
	if !ok || len(c.from) == 0 || !matches(c) {
		return false
	}
	c.from = g.provenance(ctx, c.from, new([]string))
	v.credit = s.CarryForwardCredit
	v.status = statusFor(v.credit)
	if v.status == Correct && v.credit < 1 {
		v.status = Partial
	}
	v.carried = c.from
	if g.SelfCheck {
		// A student is told which of their answers this one follows from, not
		// what they were: an answer quoted back next to "this is not the key"
		// is a hint at the key of the question it answers.
		v.say("Carried forward: this is not the key, but it follows from your %s %s; credited %s.",
			plural.Word(len(c.from), "answer to", "answers to"), joinAnd(c.from), creditText(v.credit))
		return true
	}
	var names []string
	for _, id := range c.from {
		names = append(names, fmt.Sprintf("%s (%s)", id, g.studentAnswerText(ctx, id)))
	}
	what := plural.Word(len(names), "answer", "answers")
	if g.allBefore(c.from, ka) {
		what = "earlier " + what
	} else {
		what += " to" // a total asked before the counts it adds up
	}
	v.say("Carried forward: this is not the key, but it is right given your %s %s; credited %s.",
		what, joinAnd(names), creditText(v.credit))
	return true
}

// allBefore reports whether every question in ids comes before ka in the set.
func (g *Grader) allBefore(ids []string, ka *KeyAnswer) bool {
	for i := range g.Key.Answers {
		switch id := g.Key.Answers[i].Question.ID; {
		case id == ka.Question.ID:
			return len(ids) == 0 // any left come after it
		case slices.Contains(ids, id):
			ids = slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == id })
		}
	}
	return len(ids) == 0
}

// provenance adds, before each wrong answer in from, the earlier wrong answers it
// was itself carried forward from (conv2's shape from the pool's), so that a note
// goes back to the first slip of a consistent chain; an answer that is wrong even
// given the student's earlier ones stops the chain, as nothing before it explains it.
// seen holds the ids already followed (a few: a slice costs less than a map).
func (g *Grader) provenance(ctx *studentContext, from []string, seen *[]string) []string {
	var out []string
	for _, id := range from {
		if slices.Contains(*seen, id) {
			continue
		}
		*seen = append(*seen, id)
		if ka, ok := g.Key.Answer(id); ok {
			if c, ok := g.carriedValue(ctx, ka); ok && len(c.from) > 0 && g.isStudentAnswer(ctx, ka, c) {
				out = appendNew(out, g.provenance(ctx, c.from, seen)...)
			}
		}
		out = appendNew(out, id)
	}
	return out
}

// isStudentAnswer reports whether a carried value is what the student answered to ka.
func (g *Grader) isStudentAnswer(ctx *studentContext, ka *KeyAnswer, c carried) bool {
	if c.isInt {
		n, ok := ctx.count(ka)
		return ok && n == c.intValue
	}
	st, ok := ctx.shapeOf(ka)
	return ok && slices.Equal(st, c.shape)
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
	ka, ok := g.Key.Answer(id)
	if !ok {
		return "?"
	}
	if s, ok := ctx.shapeOf(ka); ok {
		return FormatShape(s)
	}
	if n, ok := ctx.count(ka); ok {
		return FormatInt(n)
	}
	return "?"
}

// carriedValue recomputes ka's answer through its network from the student's own
// answers, whichever order the questions come in: each layer is fed the output
// shape the student gave for the layer before it (or, where they gave none, the
// shape recomputed from their earlier ones), and a total adds up the per-layer
// parameter counts the student gave wherever they gave one, recomputing only the
// layers they did not count. The value's from names only the student's wrong
// answers it depends on: a shape that a later shape answer or a per-layer count
// makes irrelevant is not named.
func (g *Grader) carriedValue(ctx *studentContext, ka *KeyAnswer) (carried, bool) {
	if ka.position >= len(ctx.carried) {
		return g.computeCarried(ctx, ka) // a context not filled for this key
	}
	r := &ctx.carried[ka.position]
	if r.computed {
		return r.value, r.ok // provenance asks again for the answers a note names
	}
	r.value, r.ok = g.computeCarried(ctx, ka)
	r.computed = true
	return r.value, r.ok
}

// carriedResult is a carried value computed once for a student.
type carriedResult struct {
	value        carried
	ok, computed bool
}

func (g *Grader) computeCarried(ctx *studentContext, ka *KeyAnswer) (carried, bool) {
	net := ka.network
	sol := g.Key.solution(ka)
	plan := g.questionPlan(ka)
	shapeQ := func(j int) *KeyAnswer {
		if q := plan.shapeQ[j]; q != nil && q != ka {
			if _, given := ctx.shapeOf(q); given {
				return q
			}
		}
		return nil
	}
	countQ := func(j int) *KeyAnswer {
		if q := plan.countQ[j]; q != nil && q != ka {
			if _, given := ctx.count(q); given {
				return q
			}
		}
		return nil
	}
	last := ka.layerIndex
	if last < 0 {
		last = len(net.Layers) - 1
	}
	// shape is what feeds layer j, and shapeFrom the wrong answers it was computed
	// from; known is false once the student's shapes cannot feed a layer, until a
	// later shape answer of theirs gives the shape again.
	shape, known := net.Input, true
	var shapeFrom, from []string
	var total, trainable int64
	for j := 0; j <= last; j++ {
		key := &sol.Layers[j]
		lr := &noLayerResult
		if known {
			var err error
			if lr, err = ctx.apply(plan, net, j, shape); err != nil {
				known = false
			}
		}
		if j == ka.layerIndex {
			if !known {
				return carried{}, false
			}
			ctx.layer = *lr // the ask's functions take it by pointer: kept in ctx, not on the heap anew
			return valueOf(ka.Question.Ask, &ctx.layer, shapeFrom)
		}
		if q := countQ(j); q != nil {
			n, _ := ctx.count(q)
			total += n
			trainable += n - key.NonTrainable
			if n != q.Int {
				from = appendNew(from, q.Question.ID)
			}
		} else {
			switch {
			case known:
				total += lr.Params
				trainable += lr.Trainable
				if lr.Params != key.Params || lr.Trainable != key.Trainable {
					from = appendNew(from, shapeFrom...)
				}
			case !layerLearns(net.Layers[j]):
				// Nothing to count whatever its input: pooling, flatten, activations.
			default:
				return carried{}, false // a count that needs a shape the student's answers cannot give
			}
		}
		switch q := shapeQ(j); {
		case q != nil:
			st, _ := ctx.shapeOf(q)
			ctx.shape = appendInts(ctx.shape[:0], st) // read only here and by ctx.apply, which copies it
			shape, known, shapeFrom = ctx.shape, true, nil
			if !slices.Equal(st, q.Shape) {
				shapeFrom = plan.shapeFrom[j]
			}
		case known:
			shape = lr.OutputShape
			if slices.Equal(shape, key.OutputShape) {
				shapeFrom = nil // the student's slips upstream do not change this layer's output
			}
		}
	}
	if !countsParams(ka.Question.Ask) {
		return carried{}, false
	}
	v := ka.Question.Ask.Count(&nn.LayerResult{Params: total, Trainable: trainable})
	return carried{isInt: true, intValue: v, from: from}, true
}

// noLayerResult stands for a layer the student's answers cannot feed.
var noLayerResult nn.LayerResult

// carryPlan is, for one network under one framework, the questions that ask a
// layer's output shape and its parameter count, by layer: what carry-forward
// reads a student's own answers from.
type carryPlan struct {
	shapeQ, countQ []*KeyAnswer
	// shapeFrom is, by layer, the shape question's id alone: the wrong
	// answer a carried value follows from when the student's shape is wrong
	// (shared, never appended to: its capacity is its length).
	shapeFrom [][]string
	// applied memoises nn.Apply by layer and input shape: a class feeds each
	// layer the same few shapes, the key's and its slips'.
	appliedMu sync.RWMutex
	applied   map[appliedKey]appliedLayer
}

// appliedKey is a layer and the shape fed to it, up to maxAppliedAxes axes.
type appliedKey struct {
	plan        *carryPlan
	layer, axes int
	shape       [maxAppliedAxes]int
}

const maxAppliedAxes = 8

type appliedLayer struct {
	result nn.LayerResult
	err    error
}

// apply is plan.apply through the worker's own copy (a context is a
// worker's, and outlives the student it is filled for): per layer, the few
// shapes a class feeds it, searched in turn.
func (ctx *studentContext) apply(plan *carryPlan, net *nn.Network, j int, shape []int) (*nn.LayerResult, error) {
	layers := ctx.applied[plan]
	if layers == nil {
		if ctx.applied == nil {
			ctx.applied = map[*carryPlan][][]appliedShape{}
		}
		layers = make([][]appliedShape, len(net.Layers))
		ctx.applied[plan] = layers
	}
	for i := range layers[j] {
		if a := &layers[j][i]; slices.Equal(a.shape, shape) {
			return &a.result, a.err
		}
	}
	a := appliedShape{shape: slices.Clone(shape)}
	a.result, a.err = plan.apply(net, j, shape)
	if len(layers[j]) < maxShapesSearched {
		layers[j] = append(layers[j], a)
	}
	return &a.result, a.err
}

// appliedShape is a layer's result on one input shape.
type appliedShape struct {
	shape  []int
	result nn.LayerResult
	err    error
}

// maxShapesSearched is how many shapes a worker keeps for a layer: more
// would take longer to search than the memo shared by the workers.
const maxShapesSearched = 32

// apply is nn.Apply of the plan's network's layer j to shape, memoised. The
// result is shared: callers must not change it.
func (p *carryPlan) apply(net *nn.Network, j int, shape []int) (nn.LayerResult, error) {
	if len(shape) > maxAppliedAxes {
		return nn.Apply(net.Layers[j], shape, net.Framework)
	}
	key := appliedKey{plan: p, layer: j, axes: len(shape)}
	copy(key.shape[:], shape)
	p.appliedMu.RLock()
	a, ok := p.applied[key]
	p.appliedMu.RUnlock()
	if ok {
		return a.result, a.err
	}
	a.result, a.err = nn.Apply(net.Layers[j], shape, net.Framework)
	p.appliedMu.Lock()
	defer p.appliedMu.Unlock()
	if p.applied == nil {
		p.applied = map[appliedKey]appliedLayer{}
	}
	if len(p.applied) < maxMemoized {
		p.applied[key] = a
	}
	return a.result, a.err
}

// planKey names a network under the framework its questions count it in.
func planKey(net *nn.Network) string { return net.Name + "@" + net.Framework.String() }

// carryPlans makes the plan of every network the key's questions use, once
// for all the submissions a grader grades.
func carryPlans(key *Key) map[string]*carryPlan {
	plans := map[string]*carryPlan{}
	for i := range key.Answers {
		a := &key.Answers[i]
		if a.network == nil {
			continue
		}
		p := plans[planKey(a.network)]
		if p == nil {
			n := len(a.network.Layers)
			p = &carryPlan{shapeQ: make([]*KeyAnswer, n), countQ: make([]*KeyAnswer, n), shapeFrom: make([][]string, n)}
			plans[planKey(a.network)] = p
		}
		if a.layerIndex < 0 {
			continue
		}
		switch {
		case a.Question.Ask.Form == nn.TensorForm:
			p.shapeQ[a.layerIndex] = a
			p.shapeFrom[a.layerIndex] = []string{a.Question.ID}
		case countsParams(a.Question.Ask):
			p.countQ[a.layerIndex] = a
		}
	}
	return plans
}

// questionPlan is the plan of ka's network.
func (g *Grader) questionPlan(ka *KeyAnswer) *carryPlan {
	if ka.position < len(g.questionPlans) && &g.Key.Answers[ka.position] == ka {
		if p := g.questionPlans[ka.position]; p != nil {
			return p
		}
	}
	return g.carryPlan(ka.network)
}

func (g *Grader) carryPlan(net *nn.Network) *carryPlan {
	if p := g.plans[planKey(net)]; p != nil {
		return p
	}
	return carryPlans(g.Key)[planKey(net)] // a Grader not made by New
}

// layerLearns reports whether a layer type has weights, so that a count of its
// parameters depends on its input.
func layerLearns(l nn.Layer) bool {
	t, ok := nn.LayerTypeNamed(l.Type)
	return !ok || t.Weights
}

// appendNew appends the ids not already in list, keeping the order they were met.
func appendNew(list []string, ids ...string) []string {
	for _, id := range ids {
		if !slices.Contains(list, id) {
			list = append(list, id)
		}
	}
	return list
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

// appendInts appends s's sizes to dst.
func appendInts(dst []int, s []int64) []int {
	for _, v := range s {
		dst = append(dst, int(v))
	}
	return dst
}
