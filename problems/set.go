// Package problems reads problem sets: TOML files (FORMAT.md, "Problem set") that
// describe networks and the questions asked about them, checked strictly. Every
// problem in a file is reported at once, each at its file:line:column with the
// closest valid spelling, and a network that cannot be built is reported at the
// line of the layer that breaks it.
//
// The package turns files into checked values and nothing more: solving the
// networks and grading answers belong to the engine and the grader.
package problems

import "github.com/nngrade/nngrade/engine/nn"

// Set is a loaded, checked problem set.
type Set struct {
	ID     string // "hw8"
	Title  string
	Source string // the file name it was loaded from ("bundled/hw8.toml" for a bundled set)

	Networks  []nn.Network // in document order; every layer has a name
	Questions []Question   // in document order
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
	for _, q := range s.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}

// QuestionIDs lists the question ids in document order.
func (s *Set) QuestionIDs() []string {
	ids := make([]string, len(s.Questions))
	for i, q := range s.Questions {
		ids[i] = q.ID
	}
	return ids
}

// Question kinds.
const (
	KindNetwork    = "network"    // a number or shape computed from a network
	KindFormula    = "formula"    // an expression in the question's variables
	KindIdentity   = "identity"   // an expression equal to lhs, in the allowed names
	KindAsymptotic = "asymptotic" // lhs − answer = O(small^order)
	KindNumber     = "number"     // a number, given by an expression the engine evaluates
)

// Kinds lists the question kinds, for messages and suggestions.
var Kinds = []string{KindNetwork, KindFormula, KindIdentity, KindAsymptotic, KindNumber}

// Question is one question of a set. Which fields are set depends on Kind.
type Question struct {
	ID   string
	Kind string // one of Kinds; "network" when the file sets network =
	Text string

	// Network questions.
	Network string
	Layer   string  // "" for whole-network asks (total_params, ...)
	Ask     *nn.Ask // from the engine's ask table (nn.AskNamed); nil for other kinds
	// Framework, when set ("pytorch" or "keras"), asks for that framework's count
	// whatever the network's own convention: "parameters as Keras reports them".
	Framework string

	// Formula, identity, asymptotic and number questions.
	Variables []Variable // in document order
	Define    []Define   // in document order
	Lhs       string
	Answer    string // the key, an expression
	Allow     []string
	Small     string // asymptotic: the small variable
	Order     int    // asymptotic: lhs − answer = O(small^Order)

	Line int // line of the question in its file, for later errors
}

// Variable is a named variable of a formula question and its domain, e.g.
// {"n", "integer 1..1000"} or {"p", "simplex 6"}.
type Variable struct {
	Name   string
	Domain string
}

// Define names an expression over the variables: {"eps", "log(p) - log(q)"}.
type Define struct {
	Name string
	Expr string
}
