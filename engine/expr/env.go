package expr

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/nngrade/nngrade/engine/tolerance"
)

// Var declares a variable: its name and its domain string (see ParseDomain).
type Var struct {
	Name   string
	Domain string
}

// Define names an expression over the variables, substituted wherever an
// answer uses the name: Define{"eps", "log(p) - log(q)"}. Over vector
// variables a define is elementwise.
type Define struct {
	Name string
	Expr string
}

// Options tune an Env. The zero value is the documented default.
type Options struct {
	// Allow lists the names (variables or defines) an answer may use. Empty
	// allows every declared name. Keys are not restricted.
	Allow []string
	// Seed makes the test points; the same seed gives the same points and so
	// the same verdicts. 0 means a fixed default.
	Seed uint64
	// RelTol and AbsTol: two values a and b agree at a test point when
	// |a-b| <= AbsTol or |a-b| <= RelTol·|b|, b the key's value (tolerance.Equal).
	// 0 (the zero Options) means the defaults 1e-9 and 1e-12, not exact:
	// equal formulas written differently round differently.
	RelTol, AbsTol float64
	// Points is the number of test points (default 32; at least 8, at most 1000).
	Points int
}

const (
	defaultRelTol = 1e-9
	defaultAbsTol = 1e-12
	defaultPoints = 32
	minPoints     = 8
	defaultSeed   = 0x6e6e6772616465 // "nngrade"
)

// symbol is a declared variable or define.
type symbol struct {
	name   string
	define bool
	dom    Domain // variables only
	slot   int    // variables: first index in a test point
	size   int    // 0 scalar, N vector
	body   node   // defines only
	source string // defines: the text
}

// Env holds a question's variables, defines and grading options, and the
// test points its comparisons use. An Env is safe for concurrent use once
// built.
type Env struct {
	opts    Options
	syms    []*symbol
	byName  map[string]*symbol
	byGreek map[string]*symbol
	allow   map[string]bool
	width   int       // floats per test point
	points  []float64 // len = npoints·width
	npoints int
	nedge   int // edge points after the drawn ones (points.go)

	// explicitAbs and explicitRel: the caller set the tolerance (a rubric's
	// formula_tol), so that it also applies to values known exactly; the
	// defaults only absorb floating-point rounding, which exact values do
	// not have. absTol and relTol are the tolerances as decimals.
	explicitAbs, explicitRel bool
	absTol, relTol           *big.Rat

	freeEnvs sync.Map // define name -> *Env treating it as a variable (orderNote)

	// vars and defines as declared, so that Fingerprint can draw the same
	// variables' points from another seed.
	vars       []Var
	defines    []Define
	seededEnvs sync.Map // seed -> *Env of the same declarations (Fingerprint)
}

// NewEnv checks the declarations and draws the test points. A bad domain or
// define is an error that names it.
func NewEnv(vars []Var, defines []Define, opts Options) (*Env, error) {
	e := &Env{opts: opts, byName: map[string]*symbol{}, byGreek: map[string]*symbol{},
		vars: append([]Var(nil), vars...), defines: append([]Define(nil), defines...)}
	e.explicitAbs, e.explicitRel = opts.AbsTol > 0, opts.RelTol > 0
	if e.opts.RelTol <= 0 {
		e.opts.RelTol = defaultRelTol
	}
	if e.opts.AbsTol <= 0 {
		e.opts.AbsTol = defaultAbsTol
	}
	e.absTol, e.relTol = tolerance.Decimal(e.opts.AbsTol), tolerance.Decimal(e.opts.RelTol)
	if e.opts.Points <= 0 {
		e.opts.Points = defaultPoints
	}
	e.opts.Points = min(max(e.opts.Points, minPoints), 1000)
	if e.opts.Seed == 0 {
		e.opts.Seed = defaultSeed
	}
	declare := func(s *symbol) error {
		if !validName(s.name) {
			return fmt.Errorf("%q is not a valid name: use letters, digits and _ (x, eps, W_1)", s.name)
		}
		if reservedName(s.name) {
			return fmt.Errorf("%q is a function name and cannot be declared", s.name)
		}
		if old := e.lookupSymbol(s.name); old != nil {
			if old.name != s.name {
				return fmt.Errorf("%q is another spelling of %q, which is already declared", s.name, old.name)
			}
			return fmt.Errorf("%q is declared twice", s.name)
		}
		e.byName[s.name] = s
		if k := greekKey(s.name); k != "" {
			e.byGreek[k] = s
		}
		e.syms = append(e.syms, s)
		return nil
	}
	for _, v := range vars {
		d, err := ParseDomain(v.Domain)
		if err != nil {
			return nil, &DeclError{Name: v.Name, Err: err}
		}
		s := &symbol{name: v.Name, dom: d, slot: e.width, size: d.Size()}
		if err := declare(s); err != nil {
			return nil, &DeclError{Name: v.Name, Err: err}
		}
		e.width += max(s.size, 1)
	}
	for _, d := range defines {
		s := &symbol{name: d.Name, define: true, source: d.Expr}
		root, err := e.parseNode(d.Expr, true)
		if err != nil {
			return nil, &DeclError{Define: true, Name: d.Name, Err: err}
		}
		s.body = root
		s.size = root.Shape()
		if err := declare(s); err != nil {
			return nil, &DeclError{Define: true, Name: d.Name, Err: err}
		}
	}
	if len(opts.Allow) > 0 {
		e.allow = map[string]bool{}
		for _, name := range opts.Allow {
			s := e.lookupSymbol(name)
			if s == nil {
				return nil, fmt.Errorf("allow: %q is not a declared variable or define (%s)", name, e.knownNames())
			}
			e.allow[s.name] = true
		}
	}
	e.drawPoints()
	e.addEdgePoints()
	return e, nil
}

// DeclError is a declaration NewEnv refuses: a variable whose domain cannot
// be read, a define whose expression cannot, or a name that cannot be
// declared. It names the declaration, so that a caller knows which of its
// strings Err (an *Error when the text is at fault) is about.
type DeclError struct {
	Define bool // a define; else a variable
	Name   string
	Err    error
}

func (e *DeclError) Error() string {
	if e.Define {
		return "define " + e.Name + ": " + e.Err.Error()
	}
	return "variable " + e.Name + ": " + e.Err.Error()
}

func (e *DeclError) Unwrap() error { return e.Err }

func validName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	l := newLexer(name)
	t := l.next()
	return t.kind == tokIdent && t.pos == 0 && t.end == len(name) && l.next().kind == tokEOF
}

// Names lists the declared variables and defines, in declaration order.
func (e *Env) Names() []string {
	out := make([]string, len(e.syms))
	for i, s := range e.syms {
		out[i] = s.name
	}
	return out
}

// rng returns a generator for one variable, so adding a variable does not
// move the others' points.
func (e *Env) rng(name string) *rand.Rand {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * 1099511628211
	}
	return rand.New(rand.NewPCG(e.opts.Seed, h))
}

// drawPoints fills the test points: the first ones use small, simple
// values (both parities, ends of closed intervals) so that a diagnosis can
// quote a readable point; the rest are random over the domain.
func (e *Env) drawPoints() {
	e.npoints = e.opts.Points
	e.points = make([]float64, e.npoints*e.width)
	vi := 0
	for _, s := range e.syms {
		if s.define {
			continue
		}
		r := e.rng(s.name)
		for p := 0; p < e.npoints; p++ {
			row := e.points[p*e.width+s.slot:]
			s.dom.sample(r, p, vi, row[:max(s.size, 1)])
		}
		vi++
	}
}

// pointString describes test point p for a message: "k = 3, n = 5".
func (e *Env) pointString(p []float64, names map[string]bool) string {
	var parts []string
	for _, s := range e.syms {
		if s.define || names != nil && !names[s.name] {
			continue
		}
		parts = append(parts, s.name+" = "+formatValue(p[s.slot:s.slot+max(s.size, 1)], s.size > 0))
	}
	return strings.Join(parts, ", ")
}

func formatValue(v []float64, vector bool) string {
	if !vector {
		return fmtFloat(v[0])
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, x := range v {
		if i == 4 && len(v) > 5 {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%.3g", x)
	}
	b.WriteByte(')')
	return b.String()
}

func fmtFloat(x float64) string {
	if x == float64(int64(x)) && x < 1e15 && x > -1e15 {
		return fmt.Sprintf("%d", int64(x))
	}
	return fmt.Sprintf("%.6g", x)
}
