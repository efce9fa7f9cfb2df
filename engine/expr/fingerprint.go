package expr

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// Fingerprints: what a sealed student edition keeps of a key, so that an
// answer can be checked without the key being readable.
//
// Fingerprint draws test points from a seed (the publication's salt: the
// points of one term are useless the next) as the grader's own points are
// drawn (the drawn and edge points of an Env with that seed, and the key's
// switch points), drops the points where the key is undefined, and gives
// the key's value at each point in canonical forms, named, for the caller
// to hash (HMAC with the salt). The checker (CompareFingerprint) computes
// the same forms from a student's answer and asks the caller whether the
// key's hash matches; it never sees the key.
//
//   - Exact: where the key is a rational function over integer variables
//     (as exact.go evaluates), its value is the exact rational "n/d",
//     compared exactly, as full grading compares exact values.
//   - Cells: otherwise (and also for an exact key, for answers that are
//     not exact), the value's cell in staggered grids. A relative grid cuts
//     log2|v| into cells of width 1/K (sign kept): a value's cell in grid g
//     is floor(log2|v|·K + g/4), written exponent and cell within the
//     octave so that no rounding of a huge exponent can move it. Four grids
//     staggered by a quarter cell: an answer's value lies at least 3/8 of a
//     cell from the boundaries of one of them (the deepest), so a rounding
//     difference of a few ulps, as between native amd64 math and the pure Go
//     math of GOOS=js/wasm, never puts two equal values in different cells
//     there. Fine grids (width log2(1+R), R the relative tolerance) decide
//     that an answer is right: in the deepest fine grid, the same cell means
//     |log2(a/k)| < 5/8 of a cell, within the tolerance. Coarse grids (width
//     at least −8/3·log2(1−R)) decide that it is wrong: a different cell in
//     the deepest coarse grid means |log2(a/k)| ≥ 3/8 of a cell, beyond it.
//     The other grids narrow what is left: every grid's same or different
//     cell bounds where the key can lie (matchCells). Absolute grids (cells
//     of v/A for the absolute tolerance A, same rules) do the same for
//     values near 0, where full grading's absolute tolerance decides; they
//     are kept only where it can (|v| ≤ 4·A/R).
//   - The band: an answer whose relative error lies between about 0.75·R
//     and 1.1·R (or absolute error between about 0.75·A and 1.1·A) is
//     neither surely right nor surely wrong, and CompareFingerprint says
//     Undecided: the self-check cannot be sure, and the instructor's grading
//     decides. Equivalent answers differ by rounding (1e-15 relative in
//     float64, far less at high precision), far below the band: they always
//     match.
//   - Polynomials: a key that expands to a polynomial also gives its
//     canonical expansion, its monic form, its terms with each variable
//     (p − p with that variable set to 0) and its constant, so that a
//     polynomial answer is decided exactly (as Compare decides two
//     polynomials) and the student diagnosis ("the terms with n are wrong
//     or missing") is the one full grading gives.
//   - Crossings: the values of the key's floor, ceil, min and max
//     arguments at the first points, so that an answer switching where the
//     key does is checked at the key's switch points, and one switching
//     elsewhere is Undecided rather than called right.
//
// Names of the values: "p<i>x" (exact value at point i), "p<i>e<j>r<f|c><g>"
// (entry j's relative cell in fine or coarse grid g), "p<i>e<j>a<f|c><g>"
// (absolute cells), "poly", "poly.monic", "poly.lead" (its leading
// coefficient), "poly.const", "poly.var.<name>",
// "cross.<i>".

// FingerprintScheme names the rules above; an edition records it, and a
// checker refuses a scheme it does not know.
const FingerprintScheme = "expr-fingerprint/1"

// Fingerprint is what a sealed edition keeps of one key (or known mistake).
// Everything but Values may be stored as is: it says nothing of the key's
// values. Values must be hashed before they are stored.
type Fingerprint struct {
	Seed      uint64 // the points were drawn with it (CompareFingerprint draws the answer's switch points with it too)
	Len       int    // 0 for a number, N for a vector of N entries
	Rational  bool   // the key evaluates exactly (a rational function over integer variables)
	Precise   bool   // the key evaluates at high precision (math/big)
	Poly      bool   // the key is a polynomial: the "poly…" values are set
	Crossings int    // "cross.<i>" values for i < Crossings
	Points    []FingerprintPoint
	// Values maps each name to the key's canonical form; hash each before
	// storing (never store them as they are: they are the key).
	Values map[string]string
}

// FingerprintPoint is one test point and what is known there.
type FingerprintPoint struct {
	At    []float64 // the point, one float per slot of the Env (vectors take N)
	Exact bool      // the key's exact value is known here ("p<i>x" when tolerances are the defaults)
	Float bool      // the key's float64 value is finite here (full grading skips the point otherwise for answers compared in float64)
	Abs   bool      // absolute cells are kept here
}

// SealedKey answers, for CompareFingerprint, whether the key's value named
// name has the canonical form canon: the caller hashes canon as it hashed
// the key's and compares with what it stored.
type SealedKey interface {
	Matches(name, canon string) bool
}

// grids is the number of staggered grids of each kind.
const grids = 4

// gridSizes are the cells per unit of the fine and coarse relative grids
// (per octave) and the widths of the absolute grids, for tolerances R and A.
type gridSizes struct {
	relFine, relCoarse float64 // cells per octave (whole numbers); 0 when the tolerance allows none
	absFine, absCoarse float64 // cell widths; 0 when A is 0
}

func sizesFor(rel, abs float64) gridSizes {
	var g gridSizes
	// A fine cell is as wide as the tolerance on one side: the same cell in
	// the deepest fine grid (5/8 of a cell at most from the answer) is then
	// well within it, and the four grids together place the key to a
	// quarter of it.
	if rel > 0 && rel < 0.5 {
		g.relFine = math.Ceil(1 / math.Log2(1+rel))
		g.relCoarse = math.Floor(1 / (-math.Log2(1-rel) * 8 / 3 * (1 + 1e-6)))
	}
	if abs > 0 {
		g.absFine = abs
		g.absCoarse = abs * 8 / 3 * (1 + 1e-6)
	}
	return g
}

// errNotSealable is returned for keys a fingerprint cannot stand for.
var errNotSealable = errors.New("cannot be fingerprinted")

// Fingerprint computes key's fingerprint at test points drawn with seed.
// It fails when the key is defined at too few of them, or the tolerances
// are too fine for cells (a relative tolerance below 1e-13).
func (e *Env) Fingerprint(key *Expr, seed uint64) (fp *Fingerprint, err error) {
	defer func() {
		if r := recover(); r != nil {
			fp, err = nil, fmt.Errorf("fingerprinting %q: internal error: %v", key.src, r)
		}
	}()
	if key == nil || key.env != e {
		return nil, errors.New("the key was parsed by another Env")
	}
	if e.opts.RelTol < 1e-13 {
		return nil, fmt.Errorf("%w: a relative tolerance of %g is too fine", errNotSealable, e.opts.RelTol)
	}
	drawn, err := e.seeded(seed)
	if err != nil {
		return nil, err
	}
	k2, err := drawn.Parse(key.src)
	if err != nil {
		return nil, err
	}
	var points [][]float64
	seen := map[string]bool{}
	add := func(p []float64) {
		if k := pointKey(p); !seen[k] {
			seen[k] = true
			points = append(points, append([]float64(nil), p...))
		}
	}
	for i := 0; i < drawn.allPoints(); i++ {
		add(drawn.point(i))
	}
	if k2.scalar != nil {
		for _, p := range k2.switchPoints() {
			add(p)
		}
	}
	// Shuffled, so that the switch points do not stand apart at the end.
	r := rand.New(rand.NewPCG(seed, 0x66696e6765727072))
	r.Shuffle(len(points), func(i, j int) { points[i], points[j] = points[j], points[i] })

	fp = &Fingerprint{Seed: seed, Len: key.Len(), Rational: key.rational, Precise: key.precise, Values: map[string]string{}}
	sizes := sizesFor(e.opts.RelTol, e.opts.AbsTol)
	var exact exactTuple
	for _, p := range points {
		pt, values, ok := e.keyAt(key, p)
		if !ok {
			continue
		}
		i := len(fp.Points)
		fp.Points = append(fp.Points, pt)
		if pt.Exact && e.decidesExactly() {
			// No cells: a value known exactly at one point is found by
			// trying likely values at that point alone (see exactTuple).
			exact.add(i, values.exact)
			continue
		}
		for _, v := range values.entries {
			fp.Points[i].Abs = fp.Points[i].Abs || e.keepAbs(v)
		}
		for j, v := range values.entries {
			for _, c := range e.cellsOf(v, sizes, fp.Points[i].Abs) {
				fp.Values[cellName(i, j, c.name)] = c.label
			}
		}
	}
	for _, i := range exact.points {
		fp.Values[exactName(i)] = exact.canon()
	}
	if len(fp.Points) < minCompared {
		return nil, fmt.Errorf("%w: %q is defined at only %d of the test points", errNotSealable, key.src, len(fp.Points))
	}
	if key.poly != nil {
		fp.Poly = true
		for name, v := range polyParts(e, key.poly) {
			fp.Values[name] = v
		}
	}
	if key.scalar != nil && len(e.integerVars()) > 0 {
		at := fingerprintAt(fp.Points)
		for i, c := range crossingsOf(key.root) {
			fp.Values[fmt.Sprintf("cross.%d", i)] = crossingCanon(c, at)
			fp.Crossings++
		}
	}
	return fp, nil
}

// seeded is an Env of the same declarations and options whose points are
// drawn with seed, built once per seed.
func (e *Env) seeded(seed uint64) (*Env, error) {
	if seed == 0 {
		seed = defaultSeed
	}
	if seed == e.opts.Seed {
		return e, nil
	}
	if cached, ok := e.seededEnvs.Load(seed); ok {
		return cached.(*Env), nil
	}
	opts := e.opts
	opts.Seed = seed
	if !e.explicitAbs {
		opts.AbsTol = 0
	}
	if !e.explicitRel {
		opts.RelTol = 0
	}
	env, err := NewEnv(e.vars, e.defines, opts)
	if err != nil {
		return nil, err
	}
	cached, _ := e.seededEnvs.LoadOrStore(seed, env)
	return cached.(*Env), nil
}

// keyValues are the key's values at one point: exact when known, and the
// entries (one for a number) as precisely as they were computed.
type keyValues struct {
	exact   *big.Rat
	entries []*big.Float
}

// keyAt evaluates the key at p; ok is false when the point is not kept
// (the key is undefined there, or beyond any precision).
func (e *Env) keyAt(key *Expr, p []float64) (FingerprintPoint, keyValues, bool) {
	pt := FingerprintPoint{At: append([]float64(nil), p...)}
	var kv keyValues
	w := key.width()
	buf := make([]float64, w)
	key.evalAt(p, buf)
	pt.Float = allFinite(buf)
	if key.rational {
		x, st := evalRat(key.root, p)
		switch st {
		case valueUndefined:
			return pt, kv, false
		case valueOK:
			pt.Exact, kv.exact = true, x
			kv.entries = []*big.Float{newFloat(precSecond).SetRat(x)}
			return pt, kv, true
		}
	}
	if key.precise {
		v, st := valueFallingToZero(key.root, buf[0], p)
		if st != valueOK {
			return pt, kv, false
		}
		kv.entries = []*big.Float{v}
		return pt, kv, true
	}
	if !pt.Float {
		return pt, kv, false
	}
	for _, f := range buf {
		kv.entries = append(kv.entries, newFloat(53).SetFloat64(f))
	}
	return pt, kv, true
}

// fingerprintValue is valueFallingToZero of an answer at p, kept: a sealed
// check compares one answer with the key's fingerprint and each known
// mistake's, at mostly the same points.
func (x *Expr) fingerprintValue(p []float64) (*big.Float, evalState) {
	k := pointKey(p)
	if v, ok := x.fingerprintValues.Load(k); ok {
		pv := v.(preciseValue)
		return pv.v, pv.state
	}
	v, st := valueFallingToZero(x.root, x.scalar(p), p)
	x.fingerprintValues.Store(k, preciseValue{v: v, state: st, done: true})
	return v, st
}

// valueFallingToZero is a scalar's value at p at high precision (f its
// float64 value): 0 when it falls with the precision (a difference that is
// 0 but rounds to 10^-70, as full grading's second look tells rounding from
// a difference). A value float64 confirms to 40 bits has no such residue,
// and the first precision is enough.
func valueFallingToZero(root node, f float64, p []float64) (*big.Float, evalState) {
	lo, loState := evalBig(root, p, precFirst)
	if loState == valueOK && lo.Sign() != 0 && confirms(lo, f) {
		return lo, valueOK
	}
	hi, st := evalBig(root, p, precSecond)
	if st != valueOK {
		return nil, st
	}
	if hi.Sign() == 0 {
		return hi, valueOK
	}
	if loState != valueOK {
		return hi, valueOK
	}
	if lo.Sign() == 0 && hi.MantExp(nil) < -3*precFirst/2 || lo.Sign() != 0 && hi.MantExp(nil) < lo.MantExp(nil)-(precSecond-precFirst)/2 {
		return newFloat(precSecond), valueOK
	}
	return hi, valueOK
}

// keepAbs reports whether absolute cells decide anything for a value: near
// 0, where the absolute tolerance exceeds the relative one, or always when
// only an absolute tolerance was set (exact values compare by it alone).
func (e *Env) keepAbs(v *big.Float) bool {
	if e.explicitAbs && !e.explicitRel {
		return true
	}
	f, _ := new(big.Float).Abs(v).Float64()
	return f <= 4*e.opts.AbsTol/e.opts.RelTol
}

// cell is a value's cell in one grid: its name ("rf2") and label.
type cell struct {
	name, label string
	depth       float64 // distance to the nearer boundary, in cells
	frac        float64 // where the value lies in its cell, from 0 (its lower edge) to 1
}

// cellsOf are v's cells in every grid: relative ones, and absolute ones
// when withAbs.
func (e *Env) cellsOf(v *big.Float, s gridSizes, withAbs bool) []cell {
	var out []cell
	for _, g := range []struct {
		kind string
		k    float64
	}{{"rf", s.relFine}, {"rc", s.relCoarse}} {
		if g.k == 0 {
			continue
		}
		for i := 0; i < grids; i++ {
			c := relCell(v, g.k, float64(i)/grids)
			c.name = g.kind + strconv.Itoa(i)
			out = append(out, c)
		}
	}
	if withAbs {
		for _, g := range []struct {
			kind  string
			width float64
		}{{"af", s.absFine}, {"ac", s.absCoarse}} {
			if g.width == 0 {
				continue
			}
			for i := 0; i < grids; i++ {
				c := absCell(v, g.width, float64(i)/grids)
				c.name = g.kind + strconv.Itoa(i)
				out = append(out, c)
			}
		}
	}
	return out
}

// relCell is v's cell in the relative grid of k cells per octave, offset
// by off cells: sign, then the octave and the cell within it, so that the
// label is exact whatever the exponent. 0 has the label "0".
func relCell(v *big.Float, k, off float64) cell {
	if v.Sign() == 0 {
		return cell{label: "0", depth: math.Inf(1), frac: math.NaN()}
	}
	mant := new(big.Float)
	exp := v.MantExp(mant) // |mant| in [0.5, 1)
	m, _ := mant.Abs(mant).Float64()
	// v = ±(2m)·2^(exp−1) with 2m in [1, 2).
	x := math.Log2(2*m)*k + off
	c := math.Floor(x)
	depth := math.Min(x-c, c+1-x)
	oct := int64(exp - 1)
	if c >= k {
		c -= k
		oct++
	}
	sign := "+"
	if v.Sign() < 0 {
		sign = "-"
	}
	return cell{label: sign + strconv.FormatInt(oct, 10) + ":" + strconv.FormatFloat(c, 'f', 0, 64), depth: depth, frac: x - math.Floor(x)}
}

// absCell is v's cell in the absolute grid of cells of the given width,
// offset by off cells, computed with enough bits that the integer part is
// exact.
func absCell(v *big.Float, width, off float64) cell {
	prec := uint(64)
	q := newFloat(prec).Quo(v, newFloat(prec).SetFloat64(width))
	if e := q.MantExp(nil); e > 0 {
		prec += uint(e)
		q = newFloat(prec).Quo(v, newFloat(prec).SetFloat64(width))
	}
	q.Add(q, newFloat(prec).SetFloat64(off))
	fl := bigFloor(q, prec)
	i, _ := fl.Int(nil)
	frac, _ := newFloat(prec).Sub(q, fl).Float64()
	return cell{label: i.String(), depth: math.Min(frac, 1-frac), frac: frac}
}

// polyParts are the canonical forms of a polynomial key's parts.
func polyParts(e *Env, p *poly) map[string]string {
	out := map[string]string{"poly": p.canon(), "poly.monic": p.monic().canon(), "poly.lead": p.lead().RatString(), "poly.const": p.constPart().canon()}
	for i, s := range e.syms {
		if !s.define && s.size == 0 {
			out["poly.var."+s.name] = p.withVar(i).canon()
		}
	}
	return out
}

// canon is the polynomial's canonical text: its terms sorted by monomial,
// each the exponents and the exact coefficient; "0" for 0.
func (p *poly) canon() string {
	if len(p.terms) == 0 {
		return "0"
	}
	keys := make([]string, 0, len(p.terms))
	for k := range p.terms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(';')
		}
		for j := 0; j < len(k); j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(k[j])))
		}
		b.WriteByte(':')
		b.WriteString(p.terms[k].RatString())
	}
	return b.String()
}

// leadKey is the greatest monomial in canonical order ("" for 0).
func (p *poly) leadKey() string {
	lead := ""
	for k := range p.terms {
		if k > lead {
			lead = k
		}
	}
	return lead
}

// lead is the leading coefficient (0 for 0).
func (p *poly) lead() *big.Rat {
	if len(p.terms) == 0 {
		return new(big.Rat)
	}
	return p.terms[p.leadKey()]
}

// monic is p divided by its leading coefficient (0 stays 0).
func (p *poly) monic() *poly {
	if len(p.terms) == 0 {
		return p
	}
	return p.scale(new(big.Rat).Inv(p.lead()))
}

// withVar keeps the terms in which variable i appears: p − p|_{v=0}.
func (p *poly) withVar(i int) *poly {
	r := newPoly(p.nvars)
	for k, c := range p.terms {
		if k[i] != 0 {
			r.terms[k] = c
		}
	}
	return r
}

// constPart keeps the constant term: p with every variable 0.
func (p *poly) constPart() *poly {
	r := newPoly(p.nvars)
	if c, ok := p.terms[p.constKey()]; ok {
		r.terms[p.constKey()] = c
	}
	return r
}

// fingerprintAt are the points crossings are fingerprinted at.
func fingerprintAt(points []FingerprintPoint) [][]float64 {
	var at [][]float64
	for i := 0; i < len(points) && i < fingerprintPoints; i++ {
		at = append(at, points[i].At)
	}
	return at
}

// crossingCanon is a crossing's values at the given points, or its text
// where it cannot be evaluated exactly there.
func crossingCanon(c crossing, at [][]float64) string {
	var b strings.Builder
	if c.integers {
		b.WriteString("integers:")
	} else {
		b.WriteString("zero:")
	}
	for _, p := range at {
		v, ok := c.small(p)
		if !ok {
			return crossingText(c)
		}
		b.WriteString(strconv.FormatInt(v.n, 10) + "/" + strconv.FormatInt(v.d, 10) + ",")
	}
	return b.String()
}

// decidesExactly reports whether the env compares exact values exactly (no
// tolerance set by the caller), as full grading does for two rational values.
func (e *Env) decidesExactly() bool { return !e.explicitAbs && !e.explicitRel }

// exactTuple is the key's exact values at the points where it has one, all
// together. Each point's name is sealed with the whole tuple, never its own
// value alone: a student with the edition could otherwise try value after
// value at one point until its hash matched, point by point, and rebuild
// a polynomial key from a few values. An answer's values must all be right
// to match, which is all full grading asks of them there.
type exactTuple struct {
	points []int
	values []string
}

func (t *exactTuple) add(i int, v *big.Rat) {
	t.points = append(t.points, i)
	t.values = append(t.values, v.RatString())
}

// canon is the tuple's canonical text: "3=5/2;7=-1" (point index = value).
func (t *exactTuple) canon() string {
	var b strings.Builder
	for n, i := range t.points {
		if n > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.Itoa(i))
		b.WriteByte('=')
		b.WriteString(t.values[n])
	}
	return b.String()
}

// answerExactTuple is answer's exactTuple at the points where the key's is
// kept: ok is false when answer is not rational or some value cannot be
// computed exactly; undefined names a point where answer is undefined.
func (e *Env) answerExactTuple(fp *Fingerprint, answer *Expr) (canon string, undefined int, ok bool) {
	if !fp.Rational || !answer.rational || !e.decidesExactly() {
		return "", -1, false
	}
	var t exactTuple
	for i, pt := range fp.Points {
		if !pt.Exact {
			continue
		}
		x, st := evalRat(answer.root, pt.At)
		switch st {
		case valueUndefined:
			return "", i, false
		case valueOK:
			t.add(i, x)
		default:
			return "", -1, false
		}
	}
	return t.canon(), -1, true
}

// exactName and cellName name a point's values: "p3x" (the exact value at
// point 3) and "p3e0rf2" (entry 0's cell in fine relative grid 2). Letters
// between the numbers keep a name from reading as a value ("3.0").
func exactName(i int) string { return "p" + strconv.Itoa(i) + "x" }

func cellName(i, j int, grid string) string {
	return "p" + strconv.Itoa(i) + "e" + strconv.Itoa(j) + grid
}
