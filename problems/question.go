package problems

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
)

// question checks the i-th [[questions]] table.
func (l *loader) question(set *Set, i int, doc questionDoc, varOrder, defOrder []string) Question {
	header, _ := l.f.Place("questions", i)
	line := header.Key.Line
	q := Question{ID: doc.ID, Kind: Kind(doc.Kind), Text: doc.Text, Network: doc.Network, Layer: doc.Layer,
		Lhs: doc.Lhs, Allow: doc.Allow, Small: doc.Small, Order: doc.Order, Line: line}
	at := func(key string) diag.Pos {
		if pl, ok := l.f.Place("questions", i, key); ok {
			return pl.Key
		}
		return tomlfile.LinePos(line)
	}
	valueAt := func(key string) diag.Pos {
		if pl, ok := l.f.Place("questions", i, key); ok && pl.Value.Start.IsValid() {
			return pl.Value.Start
		}
		return at(key)
	}
	table := header.Key // a missing key is reported at the [[questions]] header
	if !table.IsValid() {
		table = tomlfile.LinePos(line)
	}
	label := fmt.Sprintf("question %q", doc.ID)
	if doc.ID == "" {
		label = fmt.Sprintf("question #%d", i+1)
		l.errorf(table, "%s has no id; add e.g. id = \"1a\"", label)
	} else if !idPattern.MatchString(doc.ID) {
		l.errorf(valueAt("id"), "%s: id may use only letters, digits, - and _", label)
	}
	defer func() { l.checkParamUse(i, &q, label) }()
	// fail reports a key that should not be there, bad a value that is wrong,
	// missing a key the question lacks.
	fail := func(key, format string, args ...any) {
		l.errorf(at(key), "%s: %s", label, fmt.Sprintf(format, args...))
	}
	bad := func(key, format string, args ...any) {
		l.errorf(valueAt(key), "%s: %s", label, fmt.Sprintf(format, args...))
	}
	missing := func(format string, args ...any) {
		l.errorf(table, "%s: %s", label, fmt.Sprintf(format, args...))
	}
	if q.Kind == "" {
		if doc.Network != "" {
			q.Kind = KindNetwork
		} else {
			missing("no kind; set kind = %s, or network = \"...\" for a network question", kindChoices())
			return q
		}
	}
	valid, ok := q.Kind.Keys()
	if !ok {
		bad("kind", "unknown kind %q%s", q.Kind, tomlfile.DidYouMean(doc.Kind, Kinds))
		return q
	}
	// Keys set that this kind does not use are mistakes too: a formula with ask = ...
	present := map[string]bool{
		"network": doc.Network != "", "layer": doc.Layer != "", "ask": doc.Ask != "",
		"variables": doc.Variables != nil, "define": doc.Define != nil, "answer": doc.Answer != nil,
		"allow": doc.Allow != nil, "lhs": doc.Lhs != "", "small": doc.Small != "", "order": doc.Order != 0,
		"framework": doc.Framework != "",
	}
	for _, k := range []string{"network", "layer", "ask", "framework", "variables", "define", "lhs", "answer", "allow", "small", "order"} {
		if present[k] && !q.Kind.Takes(k) {
			fail(k, "a %s question has no %q (it takes %v)", q.Kind, k, valid)
		}
	}
	if q.Kind == KindNetwork {
		if doc.Framework != "" {
			if fw, err := parseFramework(doc.Framework); err != nil {
				bad("framework", "%v", err)
			} else {
				q.Framework = &fw
			}
		}
		l.networkQuestion(set, &q, doc.Ask, questionReports{fail, bad, missing})
		if net, ok := set.Network(q.Network); ok {
			if len(net.Symbols) == 0 && (doc.Answer != nil || doc.Variables != nil) {
				fail("answer", "a question on network %q takes no answer or variables: the engine computes its answer (they are for networks whose sizes are names)", q.Network)
			}
			if len(net.Symbols) > 0 {
				if q.Ask != nil && !q.Ask.Symbolic {
					bad("ask", "ask = %q needs numeric sizes, but network %q has sizes given as names (%v); ask for a count", q.Ask.Name, q.Network, net.SymbolNames())
				}
				if a, ok := doc.Answer.(string); ok {
					q.Answer = a
				}
				q.Variables = orderedVars(doc.Variables, varOrder)
				l.placeValues(i, &q)
			}
		}
		return q
	}
	switch a := doc.Answer.(type) {
	case nil:
		missing("no answer; add answer = \"...\"")
	case string:
		q.Answer = a
	case int64:
		q.Answer = strconv.FormatInt(a, 10)
	case float64:
		q.Answer = strconv.FormatFloat(a, 'g', -1, 64)
	default:
		fail("answer", "answer: want a string or a number, got %s", describe(a))
	}
	q.Variables = orderedVars(doc.Variables, varOrder)
	for _, d := range orderedVars(doc.Define, defOrder) {
		q.Define = append(q.Define, Define{Name: d.Name, Expr: d.Domain})
	}
	l.placeValues(i, &q)
	// Past this point the kinds that take variables and lhs need them: only a
	// network question (returned above) may do without variables.
	if q.Kind.Takes("variables") {
		if len(q.Variables) == 0 {
			missing("a %s question needs variables, e.g. variables = { n = \"integer 1..1000\" }", q.Kind)
		}
	}
	if q.Kind.Takes("lhs") {
		if q.Lhs == "" {
			missing("a %s question needs lhs, the expression the answer must equal", q.Kind)
		}
	}
	if q.Kind == KindAsymptotic {
		if q.Small == "" {
			missing("an asymptotic question needs small, the variable that goes to 0")
		} else if doc.Variables != nil {
			if _, ok := doc.Variables[q.Small]; !ok {
				bad("small", "small = %q is not one of its variables%s", q.Small, tomlfile.DidYouMean(q.Small, varNames(q.Variables)))
			}
		}
		if q.Order < 1 {
			report := missing
			if _, set := l.f.Place("questions", i, "order"); set {
				report = func(format string, args ...any) { bad("order", format, args...) }
			}
			report("an asymptotic question needs order >= 1 (lhs - answer = O(small^order))")
		}
	}
	return q
}

// placeValues records where the i-th question's expressions are written.
func (l *loader) placeValues(i int, q *Question) {
	value := func(path ...any) tomlfile.Value {
		pl, _ := l.f.Place(append([]any{"questions", i}, path...)...)
		return pl.Value
	}
	q.AnswerAt, q.LhsAt = value("answer"), value("lhs")
	for j := range q.Variables {
		q.Variables[j].At = value("variables", q.Variables[j].Name)
	}
	for j := range q.Define {
		q.Define[j].At = value("define", q.Define[j].Name)
	}
}

// questionReports report a problem of a question at a key, at its value, or
// (a missing key) at the question's table.
type questionReports struct {
	key, value func(key, format string, args ...any)
	table      func(format string, args ...any)
}

// networkQuestion checks a network question and looks its ask up in the engine's table.
func (l *loader) networkQuestion(set *Set, q *Question, ask string, r questionReports) {
	fail, bad, missing := r.key, r.value, r.table
	net, ok := set.Network(q.Network)
	if !ok {
		var names []string
		for _, n := range set.Networks {
			names = append(names, n.Name)
		}
		bad("network", "unknown network %q%s", q.Network, tomlfile.DidYouMean(q.Network, names))
		return
	}
	if ask == "" {
		missing("no ask; add ask = \"output_shape\", \"params\", \"total_params\", ...")
		return
	}
	a, ok := nn.AskNamed(ask)
	if !ok {
		bad("ask", "unknown ask %q%s", ask, tomlfile.DidYouMean(ask, nn.Asks()))
		return
	}
	q.Ask = a
	if q.Layer == "" {
		if a.Scope&nn.NetworkScope == 0 {
			missing("ask = %q needs a layer; add layer = \"...\"", ask)
		}
		return
	}
	if a.Scope&nn.LayerScope == 0 {
		fail("layer", "ask = %q is about the whole network; remove layer = %q", ask, q.Layer)
		return
	}
	var names []string
	for _, layer := range net.Layers {
		names = append(names, layer.Name)
		if layer.Name != q.Layer {
			continue
		}
		if lt, _ := nn.LayerTypeNamed(layer.Type); a.Form == nn.MatrixForm && lt != nil && !lt.Weights {
			bad("ask", "layer %q is a %s layer, which has no weight matrix", q.Layer, layer.Type)
		}
		return
	}
	bad("layer", "network %q has no layer %q%s", q.Network, q.Layer, tomlfile.DidYouMean(q.Layer, names))
}

// orderedVars turns a TOML inline table into a list in document order (names the
// order does not know, which cannot happen for a parsed file, go last, sorted).
func orderedVars(m map[string]string, order []string) []Variable {
	if len(m) == 0 {
		return nil
	}
	var out []Variable
	done := map[string]bool{}
	for _, k := range order {
		if v, ok := m[k]; ok && !done[k] {
			out = append(out, Variable{Name: k, Domain: v})
			done[k] = true
		}
	}
	var rest []string
	for k := range m {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, Variable{Name: k, Domain: m[k]})
	}
	return out
}

func varNames(vs []Variable) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Name
	}
	return out
}
