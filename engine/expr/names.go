package expr

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Names. A declared variable or define is matched by its exact name or by
// any spelling of the same Greek letter: a variable declared "eps" (or
// "epsilon", or "ε") is also read from ε, ϵ, \epsilon and \varepsilon.
// Function names and the constants e and pi come next; a declared variable
// shadows them (declare "e" and e is no longer Euler's number; declare
// "sigma" and σ is that variable, no longer the sigmoid function). Last, an
// unknown run of letters such as "km" is read as a product of declared
// names (k·m) when it splits into them.

// greekByName maps spelled Greek names (LaTeX words and common short forms)
// to a canonical key.
var greekByName = map[string]string{
	"alpha": "alpha", "beta": "beta", "gamma": "gamma", "delta": "delta",
	"epsilon": "epsilon", "varepsilon": "epsilon", "eps": "epsilon",
	"zeta": "zeta", "eta": "eta", "theta": "theta", "vartheta": "theta",
	"iota": "iota", "kappa": "kappa", "lambda": "lambda", "lam": "lambda", "mu": "mu",
	"nu": "nu", "xi": "xi", "rho": "rho", "sigma": "sigma", "tau": "tau",
	"phi": "phi", "varphi": "phi", "chi": "chi", "psi": "psi", "omega": "omega",
	"Delta": "Delta", "Sigma": "Sigma", "Omega": "Omega", "Gamma": "Gamma",
	"Lambda": "Lambda", "Phi": "Phi", "Psi": "Psi", "Theta": "Theta",
}

// greekByRune maps Greek letters typed as Unicode to the same keys.
var greekByRune = map[rune]string{
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'δ': "delta", 'ε': "epsilon", 'ϵ': "epsilon",
	'ζ': "zeta", 'η': "eta", 'θ': "theta", 'ϑ': "theta", 'ι': "iota", 'κ': "kappa",
	'λ': "lambda", 'μ': "mu", 'ν': "nu", 'ξ': "xi", 'ρ': "rho", 'σ': "sigma",
	'τ': "tau", 'φ': "phi", 'ϕ': "phi", 'χ': "chi", 'ψ': "psi", 'ω': "omega",
	'Δ': "Delta", 'Σ': "Sigma", 'Ω': "Omega", 'Γ': "Gamma", 'Λ': "Lambda",
	'Φ': "Phi", 'Ψ': "Psi", 'Θ': "Theta", 'π': "pi",
}

// greekLaTeX is the LaTeX command printed for each key.
var greekLaTeX = map[string]string{"epsilon": `\epsilon`, "pi": `\pi`}

// greekKey returns the canonical Greek key of a spelling, or "".
func greekKey(name string) string {
	if k, ok := greekByName[name]; ok {
		return k
	}
	if r, size := utf8.DecodeRuneInString(name); size == len(name) {
		return greekByRune[r]
	}
	return ""
}

// funcID identifies a built-in function.
type funcID int

const (
	fnExp funcID = iota
	fnLog
	fnLog2
	fnLog10
	fnSqrt
	fnAbs
	fnFloor
	fnCeil
	fnMin
	fnMax
	fnSin
	fnCos
	fnTan
	fnSinh
	fnCosh
	fnTanh
	fnSigmoid
	fnRelu
	fnSoftplus
	fnSum
	fnMean
	fnDot
	fnSoftmax
	fnKL
	fnEntropy
	fnCrossEntropy
	fnDiff
	fnErf
	fnErfc
)

// function describes a built-in: its canonical name, its arity, and
// whether it applies elementwise to vectors.
type function struct {
	id          funcID
	name        string
	minArgs     int
	maxArgs     int // -1: any number
	elementwise bool
}

var functions = []*function{
	{fnExp, "exp", 1, 1, true},
	{fnLog, "log", 1, 1, true},
	{fnLog2, "log2", 1, 1, true},
	{fnLog10, "log10", 1, 1, true},
	{fnSqrt, "sqrt", 1, 1, true},
	{fnAbs, "abs", 1, 1, true},
	{fnFloor, "floor", 1, 1, true},
	{fnCeil, "ceil", 1, 1, true},
	{fnMin, "min", 1, -1, true},
	{fnMax, "max", 1, -1, true},
	{fnSin, "sin", 1, 1, true},
	{fnCos, "cos", 1, 1, true},
	{fnTan, "tan", 1, 1, true},
	{fnSinh, "sinh", 1, 1, true},
	{fnCosh, "cosh", 1, 1, true},
	{fnTanh, "tanh", 1, 1, true},
	{fnSigmoid, "sigmoid", 1, 1, true},
	{fnRelu, "relu", 1, 1, true},
	{fnSoftplus, "softplus", 1, 1, true},
	{fnSum, "sum", 1, 1, false},
	{fnMean, "mean", 1, 1, false},
	{fnDot, "dot", 2, 2, false},
	{fnSoftmax, "softmax", 1, 1, false},
	{fnKL, "kl", 2, 2, false},
	{fnEntropy, "entropy", 1, 1, false},
	{fnCrossEntropy, "cross_entropy", 2, 2, false},
	{fnDiff, "diff", 2, 2, false},
	{fnErf, "erf", 1, 1, true},   // GELU's exact form: x/2·(1 + erf(x/√2))
	{fnErfc, "erfc", 1, 1, true}, // 1 - erf(x)
}

// functionByName maps every accepted spelling to its function.
var functionByName = func() map[string]*function {
	m := make(map[string]*function)
	for _, f := range functions {
		m[f.name] = f
	}
	m["ln"] = m["log"]
	m["lg"] = m["log10"]
	m["log_2"] = m["log2"]
	m["log_10"] = m["log10"]
	m["σ"] = m["sigmoid"]
	m["sigma"] = m["sigmoid"]
	m["ReLU"] = m["relu"]
	m["KL"] = m["kl"]
	m["D_KL"] = m["kl"]
	m["H"] = m["entropy"]
	m["Σ"] = m["sum"]
	m["crossentropy"] = m["cross_entropy"]
	m["CE"] = m["cross_entropy"]
	return m
}()

// reciprocalOf maps the reciprocal trigonometric and hyperbolic functions
// to the function they invert: sech x is read as 1/cosh(x).
var reciprocalOf = map[string]string{
	"sech": "cosh", "csch": "sinh", "coth": "tanh",
	"sec": "cos", "csc": "sin", "cot": "tan",
}

// constKind is a mathematical constant.
type constKind int

const (
	constE constKind = iota
	constPi
)

// reservedName reports whether a name cannot be declared as a variable:
// function names other than the sigmoid's Greek spelling.
//
// Only a function's own name is reserved: an alias (H for entropy, lg, ln,
// CE, KL) may be declared as a variable, which then shadows it, so that a
// set with a variable H loads.
func reservedName(name string) bool {
	f, ok := functionByName[name]
	return ok && f.name == name || reciprocalOf[name] != ""
}

// lookupSymbol finds a declared variable or define by name or Greek spelling.
//
// A Greek letter with a suffix matches any spelling of the same letter and
// suffix: μ0, μ_0, mu_{0} and \mu_0 all find a declared mu0 or mu_0 (issue 9 A).
func (e *Env) lookupSymbol(name string) *symbol {
	if s, ok := e.byName[name]; ok {
		return s
	}
	if k := greekKey(name); k != "" {
		return e.byGreek[k]
	}
	if key, suffix := greekWithSuffix(name); key != "" {
		for _, s := range e.syms {
			if k, sfx := greekWithSuffix(s.name); k == key && sfx == suffix {
				return s
			}
		}
	}
	return nil
}

// greekWithSuffix splits a name into a Greek letter's key and a suffix: "μ0"
// and "mu0" are ("mu", "0"), "mu_0", "μ_{0}" and "sigma_t" are ("mu", "0"),
// ("mu", "0") and ("sigma", "t"). Without an underscore the suffix must be
// digits, so that "mut" is not mu·t's business here. Other names give "".
func greekWithSuffix(name string) (key, suffix string) {
	head, rest := "", ""
	if r, size := utf8.DecodeRuneInString(name); greekByRune[r] != "" {
		head, rest = name[:size], name[size:]
	} else {
		i := 0
		for i < len(name) && (name[i] >= 'a' && name[i] <= 'z' || name[i] >= 'A' && name[i] <= 'Z') {
			i++
		}
		head, rest = name[:i], name[i:]
	}
	key = greekKey(head)
	if key == "" || rest == "" {
		return "", ""
	}
	if strings.HasPrefix(rest, "_") {
		rest = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(rest, "_"), "{"), "}")
	} else {
		for i := 0; i < len(rest); i++ {
			if rest[i] < '0' || rest[i] > '9' {
				return "", ""
			}
		}
	}
	if rest == "" {
		return "", ""
	}
	return key, rest
}

// splitNames splits an undeclared run of letters into declared names,
// preferring the fewest pieces: "km" -> [k m]. It returns the byte offset
// of each piece within name, or nil when no split exists.
func (e *Env) splitNames(name string) []int {
	n := len(name)
	if n > 64 {
		return nil
	}
	// best[i]: fewest pieces covering name[:i]; from[i]: where the last piece starts.
	best := make([]int, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
	}
	for i := 0; i < n; i++ {
		if best[i] < 0 || !utf8.RuneStart(name[i]) {
			continue
		}
		for j := i + 1; j <= n; j++ {
			if j < n && !utf8.RuneStart(name[j]) {
				continue
			}
			if e.lookupSymbol(name[i:j]) == nil {
				continue
			}
			if best[j] < 0 || best[i]+1 < best[j] {
				best[j] = best[i] + 1
				from[j] = i
			}
		}
	}
	if best[n] < 2 {
		return nil
	}
	var starts []int
	for j := n; j > 0; j = from[j] {
		starts = append(starts, from[j])
	}
	sort.Ints(starts)
	return starts
}

// knownNames lists the declared names for "unknown name" messages.
func (e *Env) knownNames() string {
	if len(e.syms) == 0 {
		return "no variables are declared"
	}
	names := make([]string, len(e.syms))
	for i, s := range e.syms {
		names[i] = s.name
	}
	return "known names: " + strings.Join(names, ", ")
}
