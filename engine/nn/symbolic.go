package nn

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// Symbolic counts. A count (parameters, weights, MACs) of a network whose sizes
// are names is a polynomial in those names: every layer's count is a product of
// sizes. Rather than teach every layer algebra, SymbolicCount solves the network
// numerically on a grid of values and interpolates the polynomial exactly, then
// confirms it at a point off the grid. So the formula comes from the same code
// as every numeric answer, and a count that is not a polynomial of low degree (a
// size that passes through a stride's floor) is refused rather than guessed.

// symbolicDegree bounds the degree of each name in a count: H·H in recurrent
// weights, T²·E in attention's MACs, n³ when one name sizes every axis of a 3-D
// input that is flattened; 4 leaves a margin at (4+1)^names solves.
const symbolicDegree = 4

// maxSymbols bounds the names of one network: the grid has (degree+1)^names points.
const maxSymbols = 5

// grids are the sizes substituted for the names, tried in turn: any symbolicDegree+1
// distinct values determine the polynomial, and small ones keep the numbers
// small, but a network whose kernels or windows are larger than the first grid
// cannot be built on it (a 7×7 kernel on an input of n = 5), so larger grids follow.
var grids = [][]int64{{5, 6, 7, 8, 9}, {16, 17, 18, 19, 20}, {64, 65, 66, 67, 68}, {256, 257, 258, 259, 260}}

// Polynomial is an exact polynomial in named integer sizes with integer
// coefficients.
type Polynomial struct {
	Vars  []string
	Terms map[string]*big.Int // key: exponents joined by ",", in Vars order
}

// SymbolNames lists a network's symbol names in order of first appearance.
func (n Network) SymbolNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, s := range n.Symbols {
		if !seen[s.Name] {
			seen[s.Name] = true
			names = append(names, s.Name)
		}
	}
	return names
}

// Substitute returns the network with every symbol replaced by its value.
func (n Network) Substitute(values map[string]int) (Network, error) {
	out := n
	out.Symbols = nil
	out.Input = append([]int(nil), n.Input...)
	out.Layers = append([]Layer(nil), n.Layers...)
	for _, s := range n.Symbols {
		v, ok := values[s.Name]
		if !ok {
			return out, fmt.Errorf("no value for %q", s.Name)
		}
		if s.Layer < 0 {
			if s.Axis < 0 || s.Axis >= len(out.Input) {
				return out, fmt.Errorf("symbol %q: input axis %d out of range", s.Name, s.Axis)
			}
			out.Input[s.Axis] = v
			continue
		}
		if s.Layer >= len(out.Layers) {
			return out, fmt.Errorf("symbol %q: layer %d out of range", s.Name, s.Layer)
		}
		l := &out.Layers[s.Layer]
		switch s.Key {
		case "units":
			l.Units = v
		case "filters":
			l.Filters = v
		case "vocab":
			l.Vocab = v
		case "dim":
			l.Dim = v
		case "kernel":
			l.Kernel = []int{v}
		default:
			return out, fmt.Errorf("symbol %q: key %q cannot be a name", s.Name, s.Key)
		}
	}
	return out, nil
}

// SymbolicParams returns the network's total parameter count (trainable and
// non-trainable, as the framework lists them) as a polynomial in its symbols:
// for an Elman RNN of k units on n features followed by dense(m) under Keras,
// "k^2 + n*k + k*m + k + m". It is SymbolicCount of TotalParams.
func SymbolicParams(net Network) (Polynomial, error) {
	return SymbolicCount(net, func(s *Solution) int64 { return s.TotalParams })
}

// SymbolicCount returns count(solution) as a polynomial in the network's symbols.
// count picks what is counted: func(s *Solution) int64 { return s.TotalParams }.
func SymbolicCount(net Network, count func(*Solution) int64) (Polynomial, error) {
	ps, err := SymbolicCounts(net, []func(*Solution) int64{count})
	if err != nil {
		return Polynomial{}, err
	}
	return ps[0], nil
}

// SymbolicCounts is SymbolicCount of several counts of one network (each
// layer's share of a total, for a worked solution), solving the network once
// per point of the grid for all of them. An error is the first count's that
// is not a polynomial.
func SymbolicCounts(net Network, counts []func(*Solution) int64) ([]Polynomial, error) {
	vars := net.SymbolNames()
	if len(vars) == 0 {
		return nil, fmt.Errorf("network %q has no symbolic sizes", net.Name)
	}
	if len(vars) > maxSymbols {
		return nil, fmt.Errorf("network %q has %d symbolic sizes; at most %d are supported", net.Name, len(vars), maxSymbols)
	}
	type solved struct {
		sol *Solution
		err error
	}
	solutions := map[string]solved{}
	solveAt := func(values []int64) (*Solution, error) {
		key := fmt.Sprint(values)
		if s, ok := solutions[key]; ok {
			return s.sol, s.err
		}
		m := map[string]int{}
		for i, v := range vars {
			m[v] = int(values[i])
		}
		sub, err := net.Substitute(m)
		var sol *Solution
		if err == nil {
			sol, err = Solve(sub)
		}
		solutions[key] = solved{sol, err}
		return sol, err
	}
	out := make([]Polynomial, len(counts))
	for i, count := range counts {
		p, err := symbolicPolynomial(net.Name, vars, func(values []int64) (int64, error) {
			sol, err := solveAt(values)
			if err != nil {
				return 0, err
			}
			return count(sol), nil
		})
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// symbolicPolynomial interpolates the polynomial in vars whose values eval
// gives, on the first grid the network can be built on, and confirms it off
// the grid.
func symbolicPolynomial(name string, vars []string, eval func([]int64) (int64, error)) (Polynomial, error) {
	var coeffs map[string]*big.Rat
	var grid []int64
	var err error
	for _, grid = range grids {
		if coeffs, err = interpolate(len(vars), grid, eval); err == nil {
			break
		}
	}
	if err != nil {
		return Polynomial{}, err
	}
	p := Polynomial{Vars: vars, Terms: map[string]*big.Int{}}
	for exps, c := range coeffs {
		if c.Sign() == 0 {
			continue
		}
		if !c.IsInt() {
			return Polynomial{}, fmt.Errorf("network %q: the count is not an integer polynomial in %s", name, strings.Join(vars, ", "))
		}
		p.Terms[exps] = new(big.Int).Set(c.Num())
	}
	// Confirm off the grid: a count that is not such a polynomial would differ.
	check := make([]int64, len(vars))
	for i := range check {
		check[i] = grid[len(grid)-1] + 3 + int64(2*i)
	}
	want, err := eval(check)
	if err != nil {
		return Polynomial{}, err
	}
	if got := p.Eval(check); got.Cmp(big.NewInt(want)) != 0 {
		return Polynomial{}, fmt.Errorf("network %q: the count is not a polynomial in %s of degree at most %d in each (a symbolic size passes through a floor or a stride?)", name, strings.Join(vars, ", "), symbolicDegree)
	}
	return p, nil
}

// interpolate finds the coefficients of the polynomial of degree ≤ symbolicDegree
// in each of n variables through its values on the grid gridValues^n, one variable
// at a time (exact, with rationals).
func interpolate(n int, gridValues []int64, eval func([]int64) (int64, error)) (map[string]*big.Rat, error) {
	out := map[string]*big.Rat{}
	point := make([]int64, n)
	exps := make([]int, n)
	// values[flat index] over the grid.
	size := 1
	for i := 0; i < n; i++ {
		size *= len(gridValues)
	}
	vals := make([]*big.Rat, size)
	for idx := 0; idx < size; idx++ {
		r := idx
		for i := n - 1; i >= 0; i-- {
			point[i] = gridValues[r%len(gridValues)]
			r /= len(gridValues)
		}
		v, err := eval(point)
		if err != nil {
			return nil, err
		}
		vals[idx] = new(big.Rat).SetInt64(v)
	}
	// Convert grid values to coefficients axis by axis: along each axis, replace
	// the values at the nodes by the coefficients of the univariate polynomial.
	stride := 1
	for axis := n - 1; axis >= 0; axis-- {
		k := len(gridValues)
		for base := 0; base < size; base++ {
			if (base/stride)%k != 0 {
				continue
			}
			ys := make([]*big.Rat, k)
			for j := 0; j < k; j++ {
				ys[j] = vals[base+j*stride]
			}
			cs := univariate(ys, gridValues)
			for j := 0; j < k; j++ {
				vals[base+j*stride] = cs[j]
			}
		}
		stride *= k
	}
	for idx := 0; idx < size; idx++ {
		r := idx
		for i := n - 1; i >= 0; i-- {
			exps[i] = r % len(gridValues)
			r /= len(gridValues)
		}
		out[expKey(exps)] = vals[idx]
	}
	return out, nil
}

// univariate returns c with Σ c_j x^j = y at x = gridValues, by solving the
// Vandermonde system exactly.
func univariate(ys []*big.Rat, gridValues []int64) []*big.Rat {
	k := len(ys)
	m := make([][]*big.Rat, k)
	for i := range m {
		m[i] = make([]*big.Rat, k+1)
		x := big.NewRat(gridValues[i], 1)
		p := big.NewRat(1, 1)
		for j := 0; j < k; j++ {
			m[i][j] = new(big.Rat).Set(p)
			p.Mul(p, x)
		}
		m[i][k] = new(big.Rat).Set(ys[i])
	}
	for col := 0; col < k; col++ {
		for row := col + 1; row < k; row++ {
			if m[row][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(m[row][col], m[col][col])
			for j := col; j <= k; j++ {
				m[row][j].Sub(m[row][j], new(big.Rat).Mul(f, m[col][j]))
			}
		}
	}
	c := make([]*big.Rat, k)
	for row := k - 1; row >= 0; row-- {
		sum := new(big.Rat).Set(m[row][k])
		for j := row + 1; j < k; j++ {
			sum.Sub(sum, new(big.Rat).Mul(m[row][j], c[j]))
		}
		c[row] = sum.Quo(sum, m[row][row])
	}
	return c
}

func expKey(exps []int) string {
	parts := make([]string, len(exps))
	for i, e := range exps {
		parts[i] = fmt.Sprint(e)
	}
	return strings.Join(parts, ",")
}

func parseExpKey(key string) []int {
	parts := strings.Split(key, ",")
	out := make([]int, len(parts))
	for i, p := range parts {
		fmt.Sscan(p, &out[i])
	}
	return out
}

// Eval evaluates the polynomial at integer values, in Vars order.
func (p Polynomial) Eval(values []int64) *big.Int {
	sum := new(big.Int)
	for key, c := range p.Terms {
		term := new(big.Int).Set(c)
		for i, e := range parseExpKey(key) {
			for ; e > 0; e-- {
				term.Mul(term, big.NewInt(values[i]))
			}
		}
		sum.Add(sum, term)
	}
	return sum
}

// String writes the polynomial as an expression the answer language reads,
// highest degree first: "k^2 + k*n + k + k*m + m".
func (p Polynomial) String() string {
	type term struct {
		exps   []int
		degree int
		coef   *big.Int
	}
	var terms []term
	for key, c := range p.Terms {
		e := parseExpKey(key)
		d := 0
		for _, x := range e {
			d += x
		}
		terms = append(terms, term{e, d, c})
	}
	if len(terms) == 0 {
		return "0"
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].degree != terms[j].degree {
			return terms[i].degree > terms[j].degree
		}
		if a, b := maxInt(terms[i].exps), maxInt(terms[j].exps); a != b {
			return a > b // k^2 before n*k
		}
		for k := range terms[i].exps {
			if terms[i].exps[k] != terms[j].exps[k] {
				return terms[i].exps[k] > terms[j].exps[k]
			}
		}
		return false
	})
	var b strings.Builder
	for i, t := range terms {
		c := new(big.Int).Set(t.coef)
		if i > 0 {
			if c.Sign() < 0 {
				b.WriteString(" - ")
				c.Neg(c)
			} else {
				b.WriteString(" + ")
			}
		} else if c.Sign() < 0 {
			b.WriteString("-")
			c.Neg(c)
		}
		var factors []string
		if c.Cmp(big.NewInt(1)) != 0 || t.degree == 0 {
			factors = append(factors, c.String())
		}
		for k, e := range t.exps {
			switch {
			case e == 1:
				factors = append(factors, p.Vars[k])
			case e > 1:
				factors = append(factors, fmt.Sprintf("%s^%d", p.Vars[k], e))
			}
		}
		b.WriteString(strings.Join(factors, "*"))
	}
	return b.String()
}

func maxInt(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
