package expr

import (
	"math"
	"math/big"
	"slices"
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
//     in turn, whenever that argument is linear in it;
//   - scanned points (scanSwitchPoints): where that argument is not linear
//     in a variable, or its zero depends on another one, exact evaluation
//     at every value within a budget; an answer with a crossing too large
//     to scan that the key lacks is Undecided (unsearchedSwitch), not right.
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
	x.switchOnce.Do(func() { x.switches, x.crossings, x.unscanned = x.env.findSwitchPoints(x.root) })
	return x.switches
}

// unsearchedSwitch is a crossing of the answer, not linear in an integer
// variable whose range is too large to scan, that the key does not have
// ("" when there is none): where it switches, no test point may land, so
// agreement at every test point does not show the answer right.
func unsearchedSwitch(key, answer *Expr) string {
	key.switchPoints()
	answer.switchPoints()
	for _, c := range answer.unscanned {
		if !slices.Contains(key.crossings, c.fingerprint) {
			return c.text
		}
	}
	return ""
}

// crossingID names a crossing by where it switches (text) and by its
// values at the first drawn points (fingerprint), so that the key's
// floor(n*n/4) covers the answer's floor(n^2/4).
type crossingID struct{ text, fingerprint string }

const fingerprintPoints = 8

func (e *Env) crossingID(c crossing) crossingID {
	id := crossingID{text: crossingText(c)}
	var b strings.Builder
	if c.integers {
		b.WriteString("integers:")
	} else {
		b.WriteString("zero:")
	}
	for i := 0; i < min(e.npoints, fingerprintPoints); i++ {
		v, ok := c.small(e.point(i))
		if !ok {
			id.fingerprint = id.text
			return id
		}
		b.WriteString(strconv.FormatInt(v.n, 10) + "/" + strconv.FormatInt(v.d, 10) + ",")
	}
	id.fingerprint = b.String()
	return id
}

// crossingText says, in canonical spelling, where the crossing switches:
// "n·n/4 reaches an integer", "n·n − 2209 changes sign", "a and b cross".
func crossingText(c crossing) string {
	var p printer
	p.node(c.f)
	switch {
	case c.minus != nil:
		p.b.WriteString(" and ")
		p.node(c.minus)
		p.b.WriteString(" cross")
	case c.integers:
		p.b.WriteString(" reaches an integer")
	default:
		p.b.WriteString(" changes sign")
	}
	return p.b.String()
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
// It also returns the canonical spelling of every crossing, and of those
// not linear in a variable too large to scan (see unsearchedSwitch).
func (e *Env) findSwitchPoints(root node) (points [][]float64, fingerprints []string, unscanned []crossingID) {
	ints := e.integerVars()
	if len(ints) == 0 || root.Shape() != 0 {
		return nil, nil, nil
	}
	crossings := crossingsOf(root)
	if len(crossings) == 0 {
		return nil, nil, nil
	}
	ids := make([]crossingID, len(crossings))
	for i, c := range crossings {
		ids[i] = e.crossingID(c)
		fingerprints = append(fingerprints, ids[i].fingerprint)
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
	add := func(row []float64) {
		if k := pointKey(row); !seen[k] {
			seen[k] = true
			out = append(out, row)
		}
	}
linear:
	for _, c := range crossings {
		for _, s := range ints {
			for _, b := range bases {
				for _, v := range c.values(b, s) {
					if len(out) >= maxSwitchPoints {
						break linear
					}
					row := append([]float64(nil), b...)
					row[s.slot] = v
					add(row)
				}
			}
		}
	}
	// The scanned points have a budget of their own, so that the linear
	// crossings of a floor(n/997) do not crowd out where n·n − 2209 is 0.
	scanned, skipped := e.scanSwitchPoints(crossings, ints, bases[0])
	for _, row := range scanned {
		add(row)
	}
	for _, i := range skipped {
		unscanned = append(unscanned, ids[i])
	}
	return out, fingerprints, unscanned
}

// crossingsOf lists the crossings of a scalar tree: the arguments of its
// floors and ceils, of its abs and relu, and the pairs of arguments of its
// mins and maxes, where exact evaluation applies to them.
func crossingsOf(root node) []crossing {
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
	return crossings
}

// Scanning bounds: the values one variable is scanned over, the exact
// evaluations one expression may spend, and the points it may keep.
const (
	maxScanValues   = 1 << 13
	maxScanEvals    = 1 << 15
	maxScannedPoint = 48
	maxScanGroups   = 4
)

// scanSwitchPoints finds the switches that solving a linear equation along
// one variable from a few base points misses, by exact evaluation on the
// int64 fast path within a budget:
//
//   - along a variable in which a crossing's function is not linear
//     (abs(n·n − 2209), floor(1/(abs(n·n − 2209) + 1))), every value is
//     scanned, the others as in base, and both sides of each switch kept;
//   - where a difference of min/max arguments, or an abs or relu argument,
//     is linear in s but its zero depends on another variable t
//     (abs(n·k − 391) is 0 only at n·k = 17·23), every value of t is
//     scanned and the integer zeros in s kept.
//
// Each scan keeps at most maxScanGroups switches (or zeros), evenly spaced
// along the scan, so that the many switches of min(n, 2·k) do not crowd
// out the two of abs(n·k − 391); all scans together keep at most
// maxScannedPoint points. skipped are the indices of the crossings not
// linear in a variable the budget could not scan.
func (e *Env) scanSwitchPoints(crossings []crossing, ints []*symbol, base []float64) (points [][]float64, skipped []int) {
	evals := 0
	var scans []scanResult
	p := append([]float64(nil), base...)
	for ci, c := range crossings {
		for _, s := range ints {
			n := s.dom.Hi - s.dom.Lo + 1
			copy(p, base)
			lin, ok := c.linearIn(p, s)
			evals += 3
			if !ok {
				continue
			}
			if !lin {
				// Along s at every value of the other integer variables
				// (the whole box) when the budget allows; else along the
				// base's line only, which leaves the rest unsearched.
				lines := boxSize(ints, s)
				switch {
				case n <= maxScanValues && evals+int(n*lines) <= maxScanEvals:
					var groups [][][]float64
					eachBoxPoint(p, ints, s, func() {
						groups = append(groups, c.scanAlong(p, s, &evals)...)
					})
					scans = append(scans, thinGroups(groups))
				case n <= maxScanValues && evals+int(n) <= maxScanEvals:
					scans = append(scans, thinGroups(c.scanAlong(p, s, &evals)))
					fallthrough
				default:
					if len(skipped) == 0 || skipped[len(skipped)-1] != ci {
						skipped = append(skipped, ci)
					}
				}
				continue
			}
			if c.integers {
				continue
			}
			for _, t := range ints {
				if t == s {
					continue
				}
				m := t.dom.Hi - t.dom.Lo + 1
				if m > maxScanValues || evals+2*int(m) > maxScanEvals {
					continue
				}
				copy(p, base)
				scans = append(scans, thinGroups(c.zerosAcross(p, s, t, &evals)))
			}
		}
	}
	// Rare switches first: a switch found at almost every value is met by
	// the drawn points anyway, one found once is not.
	slices.SortStableFunc(scans, func(a, b scanResult) int { return a.switches - b.switches })
	var found [][]float64
	for _, r := range scans {
		found = append(found, r.points...)
	}
	return found[:min(len(found), maxScannedPoint)], skipped
}

// scanResult is what one scan keeps: the points of a few of the switches
// it found, and how many it found.
type scanResult struct {
	points   [][]float64
	switches int
}

// thinGroups keeps maxScanGroups of the groups of points (the points on
// either side of one switch), evenly spaced, the first and last among them.
func thinGroups(groups [][][]float64) scanResult {
	r := scanResult{switches: len(groups)}
	if len(groups) <= maxScanGroups {
		for _, g := range groups {
			r.points = append(r.points, g...)
		}
		return r
	}
	for i := 0; i < maxScanGroups; i++ {
		r.points = append(r.points, groups[i*(len(groups)-1)/(maxScanGroups-1)]...)
	}
	return r
}

// small evaluates the crossing's function exactly in int64 arithmetic.
func (c crossing) small(p []float64) (smallRat, bool) {
	v, ok := evalSmall(c.f, p)
	if !ok || c.minus == nil {
		return v, ok
	}
	w, ok := evalSmall(c.minus, p)
	if !ok {
		return smallRat{}, false
	}
	return v.add(w, -1)
}

// linearIn reports whether the crossing's function is linear in s at its
// first three values (the others as in p); ok is false when it is constant
// there or cannot be evaluated on the fast path.
func (c crossing) linearIn(p []float64, s *symbol) (linear, ok bool) {
	var g [3]smallRat
	for i := range g {
		p[s.slot] = s.dom.Lo + float64(i)
		v, ok := c.small(p)
		if !ok {
			return false, false
		}
		g[i] = v
	}
	d1, ok1 := g[1].add(g[0], -1)
	d2, ok2 := g[2].add(g[1], -1)
	if !ok1 || !ok2 {
		return false, false
	}
	if d1 == d2 {
		return true, d1.n != 0
	}
	return false, true
}

// scanAlong evaluates the crossing at every value of s and keeps both
// sides of each switch: a change of sign (through 0 too) or, for a floor
// or ceil, of integer part.
func (c crossing) scanAlong(p []float64, s *symbol, evals *int) [][][]float64 {
	var out [][][]float64
	var prev smallRat
	havePrev := false
	for v := s.dom.Lo; v <= s.dom.Hi; v++ {
		*evals++
		p[s.slot] = v
		cur, ok := c.small(p)
		if !ok {
			havePrev = false
			continue
		}
		if havePrev && c.switches(prev, cur) {
			var group [][]float64
			for _, x := range []float64{v - 1, v} {
				row := append([]float64(nil), p...)
				row[s.slot] = x
				group = append(group, row)
			}
			out = append(out, group)
		}
		prev, havePrev = cur, true
	}
	return out
}

func (c crossing) switches(a, b smallRat) bool {
	if c.integers {
		return a.floor() != b.floor() || (a.d == 1) != (b.d == 1)
	}
	return sign64(a.n) != sign64(b.n)
}

func sign64(x int64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// zerosAcross keeps, for every value of t, the integer value of s in its
// range where the crossing's function, linear in s, is 0 (verified
// exactly), with the values of s on either side.
func (c crossing) zerosAcross(p []float64, s, t *symbol, evals *int) [][][]float64 {
	var out [][][]float64
	for u := t.dom.Lo; u <= t.dom.Hi; u++ {
		p[t.slot] = u
		p[s.slot] = s.dom.Lo
		g0, ok0 := c.small(p)
		p[s.slot] = s.dom.Lo + 1
		g1, ok1 := c.small(p)
		*evals += 2
		if !ok0 || !ok1 {
			continue
		}
		slope, ok := g1.add(g0, -1)
		if !ok || slope.n == 0 {
			continue
		}
		// v* = lo − g(lo)/slope, an integer when slope divides g(lo).
		num, ok1 := mul64(g0.n, slope.d)
		den, ok2 := mul64(g0.d, slope.n)
		if !ok1 || !ok2 || den == 0 || num%den != 0 {
			continue
		}
		v := s.dom.Lo - float64(num/den)
		if v < s.dom.Lo || v > s.dom.Hi {
			continue
		}
		p[s.slot] = v
		*evals++
		if z, ok := c.small(p); !ok || z.n != 0 {
			continue
		}
		var group [][]float64
		for _, x := range []float64{v - 1, v, v + 1} {
			if x >= s.dom.Lo && x <= s.dom.Hi {
				row := append([]float64(nil), p...)
				row[s.slot] = x
				group = append(group, row)
			}
		}
		out = append(out, group)
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

// boxSize is the number of value combinations of the integer variables
// other than s (at least 1; +Inf beyond any budget).
func boxSize(ints []*symbol, s *symbol) float64 {
	size := 1.0
	for _, t := range ints {
		if t != s {
			size *= t.dom.Hi - t.dom.Lo + 1
		}
	}
	return min(size, math.MaxInt32)
}

// eachBoxPoint sets p to every combination of the integer variables other
// than s in turn and calls visit.
func eachBoxPoint(p []float64, ints []*symbol, s *symbol, visit func()) {
	var others []*symbol
	for _, t := range ints {
		if t != s {
			others = append(others, t)
			p[t.slot] = t.dom.Lo
		}
	}
	for {
		visit()
		i := 0
		for ; i < len(others); i++ {
			t := others[i]
			if p[t.slot] < t.dom.Hi {
				p[t.slot]++
				break
			}
			p[t.slot] = t.dom.Lo
		}
		if i == len(others) {
			return
		}
	}
}
