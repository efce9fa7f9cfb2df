// Package problems reads problem sets: TOML files (FORMAT.md, "Problem set") that
// describe networks and the questions asked about them, checked strictly. Every
// problem in a file is reported at once, each at its file:line:column with the
// closest valid spelling, and a network that cannot be built is reported at the
// line of the layer that breaks it.
//
// The package turns files into checked values and nothing more: solving the
// networks and grading answers belong to the engine and the grader.
package problems

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// Set is a loaded, checked problem set.
type Set struct {
	ID     string // "hw8"
	Title  string
	Source string // the file name it was loaded from ("bundled:hw8" for a bundled set)

	Networks  []nn.Network // in document order; every layer has a name
	Questions []Question   // in document order

	// Per-student values (params.go, variant.go). A set with params is the
	// set as written: its texts and keys hold the params' names and a
	// network sized by one is built per variant (its sizes read 0 here).
	// A variant (Variant) has no Params and carries its Values.
	Params  []Param  // in declaration order
	Require []string // conditions every draw meets
	Seed    string   // the set's seed key, part of every draw
	Values  Values   // a variant's values; nil for a set as written

	variants *variantSource // a set with params: how to make its variants
}

// Network returns the network with the given name.
func (s *Set) Network(name string) (nn.Network, bool) {
	for _, n := range s.Networks {
		if n.Name == name {
			return n, true
		}
	}
	return nn.Network{}, false
}

// Question returns the question with the given id.
func (s *Set) Question(id string) (Question, bool) {
	if i := s.questionIndex(id); i >= 0 {
		return s.Questions[i], true
	}
	return Question{}, false
}

// HasQuestion reports whether the set has a question id, without copying
// the question (a class's every answer is checked so).
func (s *Set) HasQuestion(id string) bool { return s.questionIndex(id) >= 0 }

func (s *Set) questionIndex(id string) int {
	for i := range s.Questions {
		if s.Questions[i].ID == id {
			return i
		}
	}
	return -1
}

// QuestionIDs lists the question ids in document order.
func (s *Set) QuestionIDs() []string {
	ids := make([]string, len(s.Questions))
	for i, q := range s.Questions {
		ids[i] = q.ID
	}
	return ids
}

// Kind is a kind of question: what its answer is and how it is graded. Its value
// is the name a problem-set file gives it (kind = "formula").
type Kind string

// Question kinds.
const (
	KindNetwork    Kind = "network"    // a number or shape computed from a network
	KindFormula    Kind = "formula"    // an expression in the question's variables
	KindIdentity   Kind = "identity"   // an expression equal to lhs, in the allowed names
	KindAsymptotic Kind = "asymptotic" // lhs − answer = O(small^order)
	KindNumber     Kind = "number"     // a number, given by an expression the engine evaluates
)

// kindTable is the one list of question kinds: each kind with the keys a
// question of that kind takes besides id, kind and text. The loader's checks,
// Kinds and Kind.Keys all come from it.
var kindTable = []struct {
	kind Kind
	keys []string
	// hint says what to write, for a submission template; a network question's
	// comes from its ask's answer form instead.
	hint string
}{
	{KindNetwork, []string{"network", "layer", "ask", "framework", "variables", "answer"}, ""},
	{KindFormula, []string{"variables", "define", "answer", "allow"}, formulaHint},
	{KindIdentity, []string{"variables", "define", "lhs", "answer", "allow"}, formulaHint},
	{KindAsymptotic, []string{"variables", "define", "lhs", "answer", "allow", "small", "order"}, formulaHint},
	{KindNumber, []string{"answer"}, "a number, e.g. 0.25, 1/4 or 2.5e-3"},
}

const formulaHint = `a formula, e.g. k^2 + 2k or \frac{1}{2} e^{-x}`

// Kinds lists the names of the question kinds, for messages and suggestions.
var Kinds = func() []string {
	names := make([]string, len(kindTable))
	for i, k := range kindTable {
		names[i] = string(k.kind)
	}
	return names
}()

// kindChoices lists the kinds a question without network = must name, quoted:
// "formula", "identity", "asymptotic" or "number".
func kindChoices() string {
	var quoted []string
	for _, e := range kindTable {
		if e.kind != KindNetwork {
			quoted = append(quoted, strconv.Quote(string(e.kind)))
		}
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// Keys returns the keys a question of kind k takes besides id, kind and text,
// and whether k is a kind at all.
func (k Kind) Keys() ([]string, bool) {
	for _, e := range kindTable {
		if e.kind == k {
			return e.keys, true
		}
	}
	return nil, false
}

func formulaIn(names []string) string {
	return "a formula in " + strings.Join(names, ", ") + "; plain text, Unicode or LaTeX"
}

// AnswerHint says what an answer to q looks like, for a submission template:
// "a shape, e.g. 32 × 32 × 16", "a formula in n, k, m", "a formula using only eps".
func (s *Set) AnswerHint(q Question) string {
	if q.Ask != nil {
		net, ok := s.Network(q.Network)
		if ok && len(net.Symbols) > 0 {
			return formulaIn(net.SymbolNames())
		}
		if ok && q.Ask.Form == nn.TensorForm {
			// A flattened output is one size, written as a number.
			if sol, err := nn.Solve(net); err == nil {
				if l := sol.Layer(q.Layer); l != nil && len(l.OutputShape) == 1 {
					return nn.CountForm.Hint()
				}
			}
		}
		return q.Ask.Form.Hint()
	}
	if len(q.Allow) > 0 {
		return "a formula using only " + strings.Join(q.Allow, ", ")
	}
	for _, e := range kindTable {
		if e.kind != q.Kind {
			continue
		}
		if e.hint == formulaHint && len(q.Variables)+len(q.Define) > 0 {
			var names []string
			for _, v := range q.Variables {
				names = append(names, v.Name)
			}
			for _, d := range q.Define {
				names = append(names, d.Name)
			}
			return formulaIn(names)
		}
		return e.hint
	}
	return ""
}

// Takes reports whether a question of kind k takes the given key.
func (k Kind) Takes(key string) bool {
	keys, _ := k.Keys()
	return slices.Contains(keys, key)
}

// Question is one question of a set. Which fields are set depends on Kind.
type Question struct {
	ID   string
	Kind Kind // one of Kinds; KindNetwork when the file sets network =
	Text string

	// Network questions.
	Network string
	Layer   string  // "" for whole-network asks (total_params, ...)
	Ask     *nn.Ask // from the engine's ask table (nn.AskNamed); nil for other kinds
	// Framework, when set (framework = "pytorch" or "keras"), asks for that
	// framework's count whatever the network's own convention: "parameters as
	// Keras reports them". nil: the network's.
	Framework *nn.Framework

	// Formula, identity, asymptotic and number questions.
	Variables []Variable // in document order
	Define    []Define   // in document order
	Lhs       string
	Answer    string // the key, an expression
	Allow     []string
	Small     string // asymptotic: the small variable
	Order     int    // asymptotic: lhs − answer = O(small^Order)

	Line int // line of the question in its file, for later errors
	// AnswerAt and LhsAt are where the answer and lhs are written (zero when
	// unknown), so that a key the engine cannot read is reported at the
	// offending character: AnswerAt.Error(offset, msg).
	AnswerAt, LhsAt tomlfile.Value
}

// Variable is a named variable of a formula question and its domain, e.g.
// {"n", "integer 1..1000"} or {"p", "simplex 6"}.
type Variable struct {
	Name   string
	Domain string
	At     tomlfile.Value // where the domain is written
}

// Define names an expression over the variables: {"eps", "log(p) - log(q)"}.
type Define struct {
	Name string
	Expr string
	At   tomlfile.Value // where the expression is written
}
