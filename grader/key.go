package grader

import (
	"errors"
	"fmt"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/problems"
)

// ValueKind is what form a question's answer takes.
type ValueKind int

const (
	IntegerValue ValueKind = iota // a count: params, weights, MACs
	ShapeValue                    // an output shape or weight-matrix shape
	TupleValue                    // a receptive field: size, jump, start
	FormulaValue                  // a formula, identity or asymptotic answer
	NumberValue                   // a number, possibly real
)

// KeyAnswer is the engine's solution to one question.
type KeyAnswer struct {
	Question problems.Question
	Kind     ValueKind
	Int      int64     // IntegerValue
	Shape    []int64   // ShapeValue (channels last; homework order for weights)
	Tuple    []float64 // TupleValue
	Display  string    // the answer as a key prints it: "60 × 60 × 32", "146,378"
	// Worked is the worked solution in the seed's style: the formula, the numbers
	// substituted, the result (Markdown with LaTeX).
	Worked string

	// network questions: where the answer comes from
	network    *nn.Network
	layerIndex int // -1 for whole-network questions

	formula *formulaKey // formula, identity, asymptotic, number questions

	kind questionKind // grades it: the question's kind, or a formula for a count on named sizes

	// position is the answer's index in its Key's Answers, by which a
	// student's answers are kept for carry-forward (see studentContext).
	position int
}

// Key is a solved problem set.
type Key struct {
	Set       *problems.Set
	Solutions map[string]*nn.Solution // by network name
	Answers   []KeyAnswer             // in the set's question order
}

// Answer returns the solved question with the given id.
func (k *Key) Answer(id string) (*KeyAnswer, bool) {
	for i := range k.Answers {
		if k.Answers[i].Question.ID == id {
			return &k.Answers[i], true
		}
	}
	return nil, false
}

// Solve computes every question's answer. A network that cannot be built or a key
// that fails its own check (an identity that does not hold, a hand-written count
// the architecture contradicts) is an error naming the question and its line;
// every such problem is reported at once. With a key's error the key of the
// questions that could be solved is returned too, for a validator to go on
// checking (a rubric's known mistakes); nil when a network cannot be built.
func Solve(set *problems.Set) (*Key, error) {
	key := &Key{Set: set, Solutions: map[string]*nn.Solution{}}
	for i := range set.Networks {
		net := set.Networks[i]
		if len(net.Symbols) > 0 {
			continue // counted as formulas, question by question
		}
		sol, err := nn.Solve(net)
		if err != nil {
			return nil, err
		}
		key.Solutions[net.Name] = sol
	}
	var failures []error
	for _, q := range set.Questions {
		var (
			ka  KeyAnswer
			err error
		)
		if q.Kind == "" {
			q.Kind = problems.KindNetwork // a set built in code may leave it unset
		}
		if kind, ok := questionKinds[q.Kind]; ok {
			ka, err = kind.solve(key, q)
		} else {
			err = fmt.Errorf("unknown kind %q", q.Kind)
		}
		if err != nil {
			failures = append(failures, q.KeyError(set.Source, err))
			continue
		}
		ka.position = len(key.Answers)
		key.Answers = append(key.Answers, ka)
	}
	if len(failures) > 0 {
		return key, errors.Join(failures...)
	}
	return key, nil
}

func (k *Key) solveNetworkQuestion(q problems.Question) (KeyAnswer, error) {
	net, ok := k.Set.Network(q.Network)
	if !ok {
		return KeyAnswer{}, fmt.Errorf("unknown network %q", q.Network)
	}
	if len(net.Symbols) > 0 {
		return solveSymbolicQuestion(net, q)
	}
	sol := k.Solutions[q.Network]
	if q.Framework != nil && *q.Framework != net.Framework {
		// The question asks for the other framework's count: solve a copy under it.
		net.Framework = *q.Framework
		name := otherFramework(q)
		if sol, ok = k.Solutions[name]; !ok {
			s, err := nn.Solve(net)
			if err != nil {
				return KeyAnswer{}, err
			}
			k.Solutions[name], sol = s, s
		}
	}
	ka := KeyAnswer{Question: q, network: &net, layerIndex: -1, kind: networkKind{}}
	if q.Layer != "" {
		ka.layerIndex = layerIndex(net, q.Layer)
		if ka.layerIndex < 0 {
			return ka, fmt.Errorf("network %q has no layer %q", q.Network, q.Layer)
		}
	}
	if q.Ask == nil {
		return ka, fmt.Errorf("no ask")
	}
	v, err := q.Ask.Value(sol, ka.layerIndex)
	if err != nil {
		return ka, err
	}
	ka.Kind = valueKinds[q.Ask.Kind]
	ka.Int, ka.Shape, ka.Tuple = v.Int, v.Shape, v.Tuple
	ka.Display = q.Ask.Display(v)
	ka.Worked = q.Ask.Worked(net, sol, ka.layerIndex)
	return ka, nil
}

// valueKinds is the grader's kind of each kind of ask.
var valueKinds = map[nn.AskKind]ValueKind{nn.IntegerAsk: IntegerValue, nn.ShapeAsk: ShapeValue, nn.TupleAsk: TupleValue}

// otherFramework names the solution of a question's network under the question's
// own framework in Key.Solutions: "cnn@keras".
func otherFramework(q problems.Question) string {
	return q.Network + "@" + q.Framework.String()
}

// solution returns the solution a network question was solved with (its network
// under the question's framework).
func (k *Key) solution(ka *KeyAnswer) *nn.Solution {
	if ka.Question.Framework != nil {
		if s, ok := k.Solutions[otherFramework(ka.Question)]; ok {
			return s
		}
	}
	return k.Solutions[ka.network.Name]
}

func layerIndex(net nn.Network, name string) int {
	for i, l := range net.Layers {
		if l.Name == name {
			return i
		}
	}
	return -1
}

func toInt64s(s []int) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		out[i] = int64(v)
	}
	return out
}

// FormatInt writes a count the way homework does: 146,378.
func FormatInt(v int64) string { return nn.FormatCount(v) }

// FormatShape writes a shape the way homework does: 60 × 60 × 32.
func FormatShape(s []int64) string { return nn.FormatShape(s) }

// JSONValue is the answer as FORMAT.md's key JSON gives it: a number, a list, or a
// formula's canonical text.
func (ka *KeyAnswer) JSONValue() any {
	if ka.kind == nil {
		return nil // not solved by Solve
	}
	return ka.kind.jsonValue(ka)
}

// MarkdownAnswer is the answer as the Markdown key prints it: LaTeX for formulas.
func (ka *KeyAnswer) MarkdownAnswer() string {
	if ka.kind == nil {
		return ka.Display // not solved by Solve
	}
	return ka.kind.markdown(ka)
}
