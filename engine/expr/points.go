package expr

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Test points that find one-point differences. Random points over an
// integer range rarely land where two answers part: floor((n+1)/1000) and
// floor(n/1000) differ only at n ≡ 999 (mod 1000), min(n, 500) and n only
// above 500, an off-by-one at the domain's end only there. So besides the
// drawn points, comparisons use
//
//   - edge points (the Env's, drawn once): every integer variable at lo,
//     lo+1, hi−1 and hi with the others at the first test point, and the
//     corners of the integer variables' box (all 2^k for up to 4 of them);
//   - switch points (each expression's, found once): where the argument of
//     a floor or ceil crosses an integer and where the arguments of a min
//     or max (or abs, relu and 0) cross, found along each integer variable
//     in turn, whenever that argument is linear in it.
//
// Edge points come after the drawn points and are not counted by CheckKey,
// so its message and the first points a diagnosis quotes do not move.

// maxCorners bounds the corners of the integer box: 2^4.
const maxCornerVars = 4

// maxSwitchPoints bounds the switch points of one expression.
const maxSwitchPoints = 24

// allPoints is the number of test points comparisons use: drawn, then edge.
func (e *Env) allPoints() int { return e.npoints + e.nedge }

// integerVars are the scalar integer variables whose range has room for
// an edge (at least 3 values).
func (e *Env) integerVars() []*symbol {
	var out []*symbol
	for _, s := range e.syms {
		if !s.define && s.size == 0 && s.dom.Kind == DomainInteger && s.dom.Hi-s.dom.Lo >= 2 {
			out = append(out, s)
		}
	}
	return out
}

// addEdgePoints appends the edge points to the drawn ones.
func (e *Env) addEdgePoints() {
	ints := e.integerVars()
	if len(ints) == 0 || e.width == 0 {
		return
	}
	base := append([]float64(nil), e.point(0)...)
	seen := map[string]bool{}
	var rows []float64
	add := func(row []float64) {
		k := pointKey(row)
		if !seen[k] {
			seen[k] = true
			rows = append(rows, row...)
		}
	}
	for _, s := range ints {
		for _, v := range []float64{s.dom.Lo, s.dom.Lo + 1, s.dom.Hi - 1, s.dom.Hi} {
			row := append([]float64(nil), base...)
			row[s.slot] = v
			add(row)
		}
	}
	k := min(len(ints), maxCornerVars)
	for mask := 0; mask < 1<<k; mask++ {
		row := append([]float64(nil), base...)
		for i, s := range ints {
			// Beyond maxCornerVars, a variable follows the last one's end.
			bit := (mask >> min(i, k-1)) & 1
			row[s.slot] = s.dom.Lo
			if bit == 1 {
				row[s.slot] = s.dom.Hi
			}
		}
		add(row)
	}
	e.points = append(e.points, rows...)
	e.nedge = len(rows) / e.width
}

func pointKey(row []float64) string {
	var b strings.Builder
	for _, v := range row {
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		b.WriteByte(',')
	}
	return b.String()
}

// switchPoints are x's switch points, found once.
func (x *Expr) switchPoints() [][]float64 {
	x.switchOnce.Do(func() { x.switches = x.env.findSwitchPoints(x.root) })
	return x.switches
}

// crossing is a function whose sign or integer part changes where a branch
// switches: a floor's argument (crossing every integer), or the difference
// of two arguments of a min or max (crossing 0).
type crossing struct {
	f        node
	minus    node // nil: f alone
	integers bool // every integer, not just 0
}

// findSwitchPoints finds where the floors, ceils, mins and maxes of a
// scalar tree switch, along each integer variable from a few base points.
func (e *Env) findSwitchPoints(root node) [][]float64 {
	ints := e.integerVars()
	if len(ints) == 0 || root.Shape() != 0 {
		return nil
	}
	var crossings []crossing
	walk(root, func(n node) {
		c, ok := n.(*callNode)
		if !ok {
			return
		}
		switch c.fn.id {
		case fnFloor, fnCeil:
			if rationalNode(c.args[0]) {
				crossings = append(crossings, crossing{f: c.args[0], integers: true})
			}
		case fnAbs, fnRelu:
			if rationalNode(c.args[0]) {
				crossings = append(crossings, crossing{f: c.args[0]})
			}
		case fnMin, fnMax:
			for i := range c.args {
				for j := i + 1; j < len(c.args); j++ {
					if rationalNode(c.args[i]) && rationalNode(c.args[j]) {
						crossings = append(crossings, crossing{f: c.args[i], minus: c.args[j]})
					}
				}
			}
		}
	})
	if len(crossings) == 0 {
		return nil
	}
	// Bases: the first drawn point, and the all-low and all-high corners
	// (where a product such as n·k/1000 is linear in n with slope 1/1000).
	var bases [][]float64
	bases = append(bases, e.point(0))
	for _, end := range []bool{false, true} {
		row := append([]float64(nil), e.point(0)...)
		for _, s := range ints {
			row[s.slot] = s.dom.Lo
			if end {
				row[s.slot] = s.dom.Hi
			}
		}
		bases = append(bases, row)
	}
	seen := map[string]bool{}
	var out [][]float64
	for _, c := range crossings {
		for _, s := range ints {
			for _, b := range bases {
				for _, v := range c.values(b, s) {
					if len(out) >= maxSwitchPoints {
						return out
					}
					row := append([]float64(nil), b...)
					row[s.slot] = v
					if k := pointKey(row); !seen[k] {
						seen[k] = true
						out = append(out, row)
					}
				}
			}
		}
	}
	return out
}

// at evaluates the crossing's function exactly at p.
func (c crossing) at(p []float64) (*big.Rat, bool) {
	v, st := evalRat(c.f, p)
	if st != valueOK {
		return nil, false
	}
	if c.minus != nil {
		w, st := evalRat(c.minus, p)
		if st != valueOK {
			return nil, false
		}
		v = new(big.Rat).Sub(v, w)
	}
	return v, true
}

// values are the values of variable s, the others as in base, next to
// which the crossing's function reaches an integer (or 0): when it is
// linear in s, g(v) = g(lo) + slope·(v − lo), at v* = lo + (m − g(lo))/slope
// for the first, the middle and the last integer m it reaches.
func (c crossing) values(base []float64, s *symbol) []float64 {
	lo, hi := s.dom.Lo, s.dom.Hi
	p := append([]float64(nil), base...)
	var g [3]*big.Rat
	for i := range g {
		p[s.slot] = lo + float64(i)
		v, ok := c.at(p)
		if !ok {
			return nil
		}
		g[i] = v
	}
	slope := new(big.Rat).Sub(g[1], g[0])
	if slope.Sign() == 0 || slope.Cmp(new(big.Rat).Sub(g[2], g[1])) != 0 {
		return nil // constant or not linear in s
	}
	span := new(big.Rat).SetFloat64(hi - lo)
	gHi := new(big.Rat).Add(g[0], new(big.Rat).Mul(slope, span))
	a, b := g[0], gHi
	if a.Cmp(b) > 0 {
		a, b = b, a
	}
	var targets []*big.Rat
	if c.integers {
		first := ratFloor(new(big.Rat).Neg(a)) // −ceil(a)
		first.Neg(first)
		last := ratFloor(b)
		mid := ratFloor(new(big.Rat).Quo(new(big.Rat).Add(a, b), big.NewRat(2, 1)))
		targets = []*big.Rat{first, mid, last}
	} else {
		targets = []*big.Rat{new(big.Rat)}
	}
	var out []float64
	for _, m := range targets {
		// v* = lo + (m − g(lo))/slope
		v := new(big.Rat).Sub(m, g[0])
		v.Quo(v, slope)
		v.Add(v, new(big.Rat).SetFloat64(lo))
		f := ratFloor(v)
		fv, _ := f.Float64()
		cands := []float64{fv, fv + 1}
		if v.IsInt() {
			cands = []float64{fv - 1, fv, fv + 1}
		}
		for _, x := range cands {
			if x >= lo && x <= hi && !math.IsInf(x, 0) {
				out = append(out, x)
			}
		}
	}
	return out
}
