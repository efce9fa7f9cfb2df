package expr

import (
	"math/big"
	"sort"
	"sync"
)

// Expr is a parsed answer or key, bound to the Env that parsed it. It is
// immutable and safe for concurrent use.
type Expr struct {
	env    *Env
	src    string
	root   node
	names  []string // declared names used, sorted
	poly   *poly    // exact expansion; nil when not a polynomial
	scalar scalarFn // set when the expression is a number
	vector vectorFn // set when the expression is a vector

	once   sync.Once
	values []float64 // values at the Env's test points, computed once

	// rational: a scalar that evaluates exactly (exact.go); precise: a
	// scalar that evaluates with math/big.Float (bigfloat.go).
	rational, precise bool
	exactOnce         sync.Once
	exactValues       []*big.Rat  // at the test points, when rational
	exactStates       []evalState // valueOK, or why exactValues[i] is nil
	exactSmall        []smallRat  // exactValues[i] when it fits, for the fast path
	exactSmallOK      []bool
	switchOnce        sync.Once
	switches          [][]float64  // switch points (points.go)
	crossings         []string     // fingerprints of its crossings (points.go)
	unscanned         []crossingID // crossings too large to scan (unsearchedSwitch)

	// precise values at the test points, by precision (precFirst,
	// precSecond), filled as points need them: a key is compared with a
	// whole class.
	preciseMu     sync.Mutex
	preciseValues [2][]preciseValue

	fingerprintValues sync.Map // pointKey -> preciseValue, for CompareFingerprint
}

// Parse reads a student's answer or an instructor's key. Names resolve
// against the Env's variables and defines (see the package comment). A
// syntax or name error is an *Error whose Error() echoes src with a caret.
func (e *Env) Parse(src string) (x *Expr, err error) {
	return e.parse(src, false)
}

// parse is Parse; groupDigits reads digits grouped in threes as one number.
func (e *Env) parse(src string, groupDigits bool) (x *Expr, err error) {
	root, err := e.parseSource(src, groupDigits)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, errorAt(src, 0, "internal error compiling the answer: %v", r)
		}
	}()
	return e.fromRoot(src, root), nil
}

// fromRoot compiles a parsed tree.
func (e *Env) fromRoot(src string, root node) *Expr {
	x := &Expr{env: e, src: src, root: root}
	seen := map[string]bool{}
	walkSurface(root, func(s *symbol) {
		if !seen[s.name] {
			seen[s.name] = true
			x.names = append(x.names, s.name)
		}
	})
	sort.Strings(x.names)
	if root.Shape() == 0 {
		x.scalar = compileScalar(root)
		x.poly = e.expandPoly(root)
		x.rational = rationalNode(root) && overIntegers(root)
		x.precise = bigNode(root)
	} else {
		x.vector = compileVector(root)
	}
	return x
}

// negated is −x, for the diagnosis "has the wrong sign".
func (x *Expr) negated() *Expr {
	return x.env.fromRoot("-("+x.src+")", &negNode{base{0, x.root.Shape()}, x.root})
}

// walkSurface visits the declared names an expression uses as written,
// without entering defines.
func walkSurface(n node, visit func(*symbol)) {
	switch n := n.(type) {
	case *nameNode:
		visit(n.sym)
	case *negNode:
		walkSurface(n.x, visit)
	case *binaryNode:
		walkSurface(n.x, visit)
		walkSurface(n.y, visit)
	case *callNode:
		for _, a := range n.args {
			walkSurface(a, visit)
		}
	}
}

// String is the canonical plain-text form: "k·(k + m) + k".
func (x *Expr) String() string {
	var p printer
	p.node(x.root)
	return p.b.String()
}

// LaTeX renders the expression for answer keys: "k \cdot \left(k + m\right) + k".
func (x *Expr) LaTeX() string {
	p := printer{latex: true}
	p.node(x.root)
	return p.b.String()
}

// Source is the text the expression was parsed from.
func (x *Expr) Source() string { return x.src }

// Names lists the declared variables and defines the expression uses as
// written (eps, not the p and q inside it), sorted.
func (x *Expr) Names() []string { return append([]string(nil), x.names...) }

// Len is 0 for a number and N for a vector of N entries.
func (x *Expr) Len() int { return x.root.Shape() }

// width is how many floats one evaluation yields.
func (x *Expr) width() int { return max(x.root.Shape(), 1) }

// evalAt writes the value at test point p into out.
func (x *Expr) evalAt(p []float64, out []float64) {
	if x.scalar != nil {
		out[0] = x.scalar(p)
		return
	}
	copy(out, x.vector(p))
}

// valuesAtPoints evaluates at every test point once and keeps the result.
func (x *Expr) valuesAtPoints() []float64 {
	x.once.Do(func() {
		e := x.env
		w := x.width()
		x.values = make([]float64, e.allPoints()*w)
		for i := 0; i < e.allPoints(); i++ {
			x.evalAt(e.point(i), x.values[i*w:(i+1)*w])
		}
	})
	return x.values
}

// exactAt is the exact value at test point i of a rational expression,
// computed once for all the test points.
func (x *Expr) exactAt(i int) (*big.Rat, evalState) {
	x.exactOnce.Do(func() {
		e := x.env
		x.exactValues = make([]*big.Rat, e.allPoints())
		x.exactStates = make([]evalState, e.allPoints())
		x.exactSmall = make([]smallRat, e.allPoints())
		x.exactSmallOK = make([]bool, e.allPoints())
		for i := range x.exactValues {
			x.exactValues[i], x.exactStates[i] = evalRat(x.root, e.point(i))
			x.exactSmall[i], x.exactSmallOK[i] = evalSmall(x.root, e.point(i))
		}
	})
	return x.exactValues[i], x.exactStates[i]
}

// preciseValue is a high-precision value at a test point, once computed.
type preciseValue struct {
	v     *big.Float
	state evalState
	done  bool
}

// preciseAt is the value at test point p, index i (-1: not one of the
// Env's points, so not kept), at precision precFirst (pass 0) or
// precSecond (pass 1).
func (x *Expr) preciseAt(p []float64, i, pass int, prec uint) (*big.Float, evalState) {
	if i < 0 {
		return evalBig(x.root, p, prec)
	}
	x.preciseMu.Lock()
	if x.preciseValues[pass] == nil {
		x.preciseValues[pass] = make([]preciseValue, x.env.allPoints())
	}
	pv := x.preciseValues[pass][i]
	x.preciseMu.Unlock()
	if pv.done {
		return pv.v, pv.state
	}
	v, st := evalBig(x.root, p, prec)
	x.preciseMu.Lock()
	x.preciseValues[pass][i] = preciseValue{v, st, true}
	x.preciseMu.Unlock()
	return v, st
}

func (e *Env) point(i int) []float64 { return e.points[i*e.width : (i+1)*e.width] }
