package grader

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/engine/tolerance"
	"github.com/nngrade/nngrade/rubrics"
)

// Real-valued answers (number questions, a receptive field's numbers) are
// right within a window around the key: |x − key| ≤ abs_tol, or ≤ rel_tol·|key|.
// A sealed edition cannot hold the window's bounds, which give the key away,
// so it cuts the line into cells and seals, for each cell near a window, which
// windows hold it:
//
//   - rel_tol: cells of width RelStep in ln|x| (one grid for each sign), so that
//     a cell's width says nothing of the key's magnitude; RelStep is the
//     window's width in ln|x| divided by relCellsPerWindow.
//   - abs_tol: cells of width AbsStep in x, 2·abs_tol / absCellsPerWindow.
//
// Each grid is shifted by an offset drawn from the salt. A cell wholly inside a
// window is sealed "in" it, a cell that reaches over its edge "edge"; a cell
// sealed for no window is outside them all. An answer is then decided exactly
// unless it lies in an edge cell, a sliver of one cell on each side of the
// window, where the check says review. The key, the rubric's known mistakes
// (in their order, after the key, as full grading tries them) and, for number
// questions, integers (which compare exactly with an integer key unless the
// rubric sets a tolerance) each have their windows; the values full grading
// accepts outside any window (the key to sig_figs figures, the key rounded to
// the digits given) and the exact values of the key, the mistakes and the
// slips are sealed one by one as answers.

// cellTarget is one window a cell touches: the target (0 the key, i the
// rubric's i-th known mistake), whether the cell only reaches over its edge,
// and the verdict the target gives an answer it holds.
type cellTarget struct {
	Index   int           `json:"i"`
	Edge    bool          `json:"x,omitempty"`
	Verdict sealedVerdict `json:"v"`
}

// cellContent is what a sealed cell holds.
type cellContent struct {
	Targets []cellTarget `json:"t"`
}

// window is one target's window for one value: the value and its tolerance.
type window struct {
	index   int
	center  *big.Rat
	verdict sealedVerdict
}

// grids is a question's two cell grids under its rubric settings.
type grids struct {
	relStep, absStep float64
	rel, abs         *big.Rat // the tolerances as full grading reads them
	keys             sealKeys
}

// relCellsPerWindow and absCellsPerWindow are how many cells a window spans:
// the band where a check says review is at most one cell on each side.
const (
	relCellsPerWindow = 64
	absCellsPerWindow = 32
)

// maxRelTol is the widest rel_tol a sealed edition takes: a window of ±50 %
// or more reaches to zero or the other sign, which cells in ln|x| cannot hold.
const maxRelTol = 0.5

func newGrids(s rubrics.Settings, keys sealKeys) (grids, error) {
	g := grids{keys: keys, rel: tolerance.Decimal(s.RelTol), abs: tolerance.Decimal(s.AbsTol)}
	if s.RelTol >= maxRelTol {
		return g, fmt.Errorf("rel_tol = %g is too wide to seal (a student edition takes rel_tol below %g)", s.RelTol, maxRelTol)
	}
	if s.RelTol > 0 {
		g.relStep = (math.Log1p(s.RelTol) - math.Log1p(-s.RelTol)) / relCellsPerWindow
	}
	if s.AbsTol > 0 {
		g.absStep = 2 * s.AbsTol / absCellsPerWindow
	}
	return g, nil
}

func gridsOf(sq *StudentQuestion, keys sealKeys) grids {
	return grids{relStep: sq.RelStep, absStep: sq.AbsStep, keys: keys}
}

// offset is the shift of a grid, in cells, drawn from the salt.
func (g grids) offset(grid string) float64 {
	b := g.keys.mac("offset", grid, "")
	return float64(binary.BigEndian.Uint64(b)>>11) / (1 << 53)
}

// lnAbs is ln|x| for any rational x ≠ 0, however large or small.
func lnAbs(x *big.Rat) float64 {
	f := new(big.Float).SetPrec(64).SetRat(x)
	mant := new(big.Float)
	exp := f.MantExp(mant)
	m, _ := mant.Float64()
	return math.Log(math.Abs(m)) + float64(exp)*math.Ln2
}

func signOf(x *big.Rat) string {
	if x.Sign() < 0 {
		return "-"
	}
	return "+"
}

// relCell is the cell of x ≠ 0 in the rel_tol grid named grid.
func (g grids) relCell(grid string, x *big.Rat) int64 {
	return int64(math.Floor(lnAbs(x)/g.relStep - g.offset(grid)))
}

// absCell is the cell of x in the abs_tol grid named grid, computed exactly.
func (g grids) absCell(grid string, x *big.Rat) int64 {
	h := new(big.Rat).SetFloat64(g.absStep)
	t := new(big.Rat).Quo(x, h)
	t.Sub(t, new(big.Rat).SetFloat64(g.offset(grid)))
	return floorRat(t)
}

func floorRat(x *big.Rat) int64 {
	q := new(big.Int).Div(x.Num(), x.Denom()) // Euclidean: floor for a positive divisor
	return q.Int64()
}

// cellSet gathers the targets of every cell before they are sealed.
type cellSet map[string]map[string][]cellTarget // grid -> cell -> targets

func (cs cellSet) add(grid, cell string, t cellTarget) {
	if cs[grid] == nil {
		cs[grid] = map[string][]cellTarget{}
	}
	for _, have := range cs[grid][cell] {
		if have.Index == t.Index {
			return
		}
	}
	cs[grid][cell] = append(cs[grid][cell], t)
}

// addWindow records the cells of both grids that window w (|x − center| within
// the tolerance) reaches, under the grid names relGrid (a sign is added) and absGrid.
func (g grids) addWindow(cs cellSet, relGrid, absGrid string, w window) {
	c := w.center
	if g.relStep > 0 && c.Sign() != 0 {
		r, _ := g.rel.Float64()
		lc := lnAbs(c)
		g.addLogWindow(cs, relGrid+":"+signOf(c), g.relStep, lc, lc+math.Log1p(-r), lc+math.Log1p(r), w)
	}
	if g.absStep > 0 {
		h := new(big.Rat).SetFloat64(g.absStep)
		off := new(big.Rat).SetFloat64(g.offset(absGrid))
		lo, hi := new(big.Rat).Sub(c, g.abs), new(big.Rat).Add(c, g.abs)
		// A margin for full grading's float64 comparisons.
		eps := new(big.Rat).Abs(c)
		eps.Add(eps, g.abs).Mul(eps, big.NewRat(1, 1e12))
		loE, hiE := new(big.Rat).Sub(lo, eps), new(big.Rat).Add(hi, eps)
		loI, hiI := new(big.Rat).Add(lo, eps), new(big.Rat).Sub(hi, eps)
		first, last := g.absCell(absGrid, loE), g.absCell(absGrid, hiE)
		for j := first; j <= last; j++ {
			a := new(big.Rat).Add(new(big.Rat).SetInt64(j), off)
			a.Mul(a, h)
			b := new(big.Rat).Add(a, h)
			if b.Cmp(loE) <= 0 || a.Cmp(hiE) >= 0 {
				continue
			}
			inside := a.Cmp(loI) >= 0 && b.Cmp(hiI) <= 0
			cs.add(absGrid, strconv.FormatInt(j, 10), cellTarget{Index: w.index, Edge: !inside, Verdict: w.verdict})
		}
	}
}

// addLogWindow records the cells of a grid in ln|x| of width step that the
// window [lo, hi] (around lc) reaches.
func (g grids) addLogWindow(cs cellSet, grid string, step, lc, lo, hi float64, w window) {
	// A margin for the rounding of ln: a cell this close to an edge is sealed
	// as on it, so that no rounding moves an answer across.
	eps := 1e-14 * math.Max(1, math.Abs(lc))
	off := g.offset(grid)
	first := int64(math.Floor((lo-eps)/step - off))
	last := int64(math.Floor((hi+eps)/step - off))
	for j := first; j <= last; j++ {
		a, b := (float64(j)+off)*step, (float64(j)+1+off)*step
		if b <= lo-eps || a >= hi+eps {
			continue
		}
		inside := a >= lo+eps && b <= hi-eps
		cs.add(grid, strconv.FormatInt(j, 10), cellTarget{Index: w.index, Edge: !inside, Verdict: w.verdict})
	}
}

// seal writes every cell of cs as an entry of sq.Cells.
func (g grids) seal(cs cellSet, sq *StudentQuestion) error {
	for grid, cells := range cs {
		for j, targets := range cells {
			entry, err := g.keys.seal(grid, j, cellContent{Targets: targets})
			if err != nil {
				return err
			}
			sq.Cells = append(sq.Cells, entry)
		}
	}
	return nil
}

// targetState is what the cells say of one target for one value.
type targetState int

const (
	outside targetState = iota
	onEdge
	inside
)

// states opens the cells x falls in (and its exact entry, for a point
// window) and says, for each target, whether x is in its window.
func (g grids) states(c *sealedQuestion, relGrid, absGrid, exactGrid string, x *big.Rat) (map[int]targetState, map[int]sealedVerdict, error) {
	states := map[int]targetState{}
	verdicts := map[int]sealedVerdict{}
	take := func(grid, cell string) error {
		var content cellContent
		ok, err := c.keys.open(c.cells, grid, cell, &content)
		if !ok || err != nil {
			return err
		}
		for _, t := range content.Targets {
			st := inside
			if t.Edge {
				st = onEdge
			}
			states[t.Index] = max(states[t.Index], st)
			verdicts[t.Index] = t.Verdict
		}
		return nil
	}
	if exactGrid != "" {
		if err := take(exactGrid, x.RatString()); err != nil {
			return nil, nil, err
		}
	}
	if g.relStep > 0 && x.Sign() != 0 {
		grid := relGrid + ":" + signOf(x)
		if err := take(grid, strconv.FormatInt(g.relCell(grid, x), 10)); err != nil {
			return nil, nil, err
		}
	}
	if g.absStep > 0 && absGrid != "" {
		if err := take(absGrid, strconv.FormatInt(g.absCell(absGrid, x), 10)); err != nil {
			return nil, nil, err
		}
	}
	return states, verdicts, nil
}

// decide walks the targets in full grading's order: the first whose window
// holds the answer decides, unless an earlier one may hold it too (review).
func decide(states map[int]targetState, verdicts map[int]sealedVerdict, targets int) (sealedVerdict, bool) {
	for i := 0; i < targets; i++ {
		switch states[i] {
		case inside:
			return verdicts[i], true
		case onEdge:
			return sealedVerdict{Status: Review, Feedback: reviewFeedback}, true
		}
	}
	return sealedVerdict{}, false
}

// exactValue is a number's exact value: its fraction, or its float64 exactly.
func exactValue(r *big.Rat, f float64) (*big.Rat, bool) {
	if r != nil {
		return r, true
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, false
	}
	return new(big.Rat).SetFloat64(f), true
}

// numberCanonical is a number as the seal compares it: an exact fraction, or
// "f:" and the float64 of a value that is not rational (ln 10).
func numberCanonical(r *big.Rat, f float64) string {
	if r != nil {
		return r.RatString()
	}
	return "f:" + strconv.FormatFloat(f, 'g', -1, 64)
}

// numberSealer seals a number question (form "number").
type numberSealer struct{}

// maxDigitsSealed is the most significant digits for which the key rounded to
// the digits given is sealed: beyond about 12 the rounding is well inside the
// default rel_tol window, which the cells decide.
const maxDigitsSealed = 17

func (numberSealer) seal(p *publication, q *gradedQuestion, sq *StudentQuestion) error {
	key, s := q.formula.number, q.settings
	keys := p.keys(q)
	g, err := newGrids(s, keys)
	if err != nil {
		return err
	}
	sq.RelStep, sq.AbsStep = g.relStep, g.absStep
	p.minCells = 2 * g.cellsPerWindow()
	// The key, the slips' table, the sig_figs value, two roundings a number
	// of digits: the entries any key may have.
	p.minAnswers = max(minAnswers, 3+2*(maxDigitsSealed-minDigitsGiven+1))
	p.decoySize = minSealedSize + 16 // a verdict with no feedback: a rounding's
	// Whole answers: the key, the known mistakes, the slips.
	cands := []candidate{{raw: numberRaw(key.Rat, key.Float), canonical: numberCanonical(key.Rat, key.Float)}}
	for _, m := range q.mistakes {
		cands = append(cands, candidate{raw: m.Answer, canonical: numberCanonical(m.answer.number.Rat, m.answer.number.Float)})
	}
	if g.relStep == 0 {
		// Without rel_tol cells, the slips' exact values are sealed one by
		// one; with them, N·x is checked against the key's cells (numberSlip).
		for _, r := range p.g.slipAnswers(q) {
			cands = append(cands, candidate{raw: numberRaw(r.number.Rat, r.number.Float), canonical: numberCanonical(r.number.Rat, r.number.Float)})
		}
	}
	if err := p.sealAnswers(q, sq, "answer", cands); err != nil {
		return err
	}
	// Values accepted outside the window: the key to sig_figs figures, and the
	// key rounded to the digits an answer gives.
	if s.SigFigs > 0 {
		v := roundSig(key.Float, s.SigFigs)
		raw := strconv.FormatFloat(v, 'g', -1, 64)
		if err := p.sealAnswers(q, sq, "sig", []candidate{{raw: raw, canonical: raw}}); err != nil {
			return err
		}
	}
	if !setsTolerance(s) && !key.IsInt() {
		if want, ok := exactValue(key.Rat, key.Float); ok && want.Sign() != 0 {
			for d := minDigitsGiven; d <= maxDigitsSealed; d++ {
				for _, c := range roundedTo(want, d) {
					if err := p.sealAnswers(q, sq, "digits:"+strconv.Itoa(d), []candidate{c}); err != nil {
						return err
					}
				}
			}
		}
	}
	// Windows: the key's and each known mistake's, for real answers and for
	// whole-number answers (which an integer target takes only exactly, unless
	// the rubric sets a tolerance).
	type target struct {
		n   expr.Number
		raw string // as graded for its verdict
	}
	targets := []target{{key, numberRaw(key.Rat, key.Float)}}
	for _, m := range q.mistakes {
		targets = append(targets, target{m.answer.number, m.Answer})
	}
	cs := cellSet{}
	for i, t := range targets {
		center, ok := exactValue(t.n.Rat, t.n.Float)
		if !ok {
			continue
		}
		w := window{index: i, center: center, verdict: p.grade(q, t.raw)}
		g.addWindow(cs, "rel:real", "abs:real", w)
		if !(t.n.IsInt() && !explicitTolerance(s)) {
			// Whole answers take it within its tolerance too. (Sealing the few
			// whole numbers of a narrow window one by one would be smaller, but
			// how many there are tells the key's magnitude.)
			g.addWindow(cs, "rel:int", "abs:int", w)
		}
	}
	// The diagnosis's "N times too small/large": its verdict for each
	// factor, in one entry (the factors are no secret, and two wordings serve).
	var table slipTable
	for _, sl := range numberSlips(q.key) {
		v := p.grade(q, numberRaw(sl.answer.number.Rat, sl.answer.number.Float))
		i := slices.Index(table.Verdicts, v)
		if i < 0 {
			i = len(table.Verdicts)
			table.Verdicts = append(table.Verdicts, v)
		}
		if table.Factor == nil {
			table.Factor = map[string]int{}
		}
		table.Factor[strconv.FormatInt(sl.factor, 10)] = i
	}
	// Always one entry of one size (a key of 0 has no slips), so that it
	// tells nothing.
	entry, err := keys.sealPadded("slips", "", table, slipTableSize)
	if err != nil {
		return err
	}
	sq.Answers = append(sq.Answers, entry)
	if err := g.seal(cs, sq); err != nil {
		return err
	}
	sq.Classes = []SealedClass{p.classOf(q, 0, "", otherNumber(key))}
	return nil
}

// slipTableSize is the size the slip table is padded to: more than any
// table of wholeFactors with two wordings.
const slipTableSize = 4096

// cellsPerWindow is how many cells the windows of one nonzero value reach
// at most, for padding: the cells of its rel_tol and abs_tol windows.
func (g grids) cellsPerWindow() int {
	n := 0
	if g.relStep > 0 {
		n += relCellsPerWindow + 2
	}
	if g.absStep > 0 {
		n += absCellsPerWindow + 2
	}
	return n
}

// slipTable is the verdicts of a number question's "N times" slips: by N
// (−N for too large), an index into Verdicts.
type slipTable struct {
	Verdicts []sealedVerdict `json:"v"`
	Factor   map[string]int  `json:"f"`
}

// numberRaw writes a number as an answer that reads back as the same value.
func numberRaw(r *big.Rat, f float64) string {
	if r != nil {
		return r.RatString()
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// otherNumber is a number that stands for every answer near no window: far
// from the key and beyond every whole factor of it (wholeFactors).
func otherNumber(key expr.Number) string {
	v := math.Abs(key.Float)*31415926.5 + 7919.5
	if math.IsInf(v, 0) || math.IsNaN(v) {
		v = 7919.5
	}
	return strconv.FormatFloat(v, 'g', 12, 64)
}

// roundedTo lists the answers with exactly d significant digits within half a
// unit of their last digit of want: the answers agreesToDigitsGiven accepts
// with d digits (one, or two at a tie or where the leading digit changes).
func roundedTo(want *big.Rat, d int) []candidate {
	var out []candidate
	lead := decimalExponent(new(big.Rat).Abs(want))
	for _, l := range []int{lead - 1, lead, lead + 1} {
		unit := pow10Rat(l - d + 1)
		t := new(big.Rat).Quo(want, unit)
		half := big.NewRat(1, 2)
		from := floorRat(new(big.Rat).Sub(t, half))
		to := floorRat(new(big.Rat).Add(t, half))
		for m := from; m <= to; m++ {
			abs := m
			if abs < 0 {
				abs = -abs
			}
			if abs == 0 || len(strconv.FormatInt(abs, 10)) != d {
				continue
			}
			v := new(big.Rat).Mul(new(big.Rat).SetInt64(m), unit)
			diff := new(big.Rat).Sub(v, want)
			halfUnit := new(big.Rat).Mul(unit, half)
			if diff.Abs(diff).Cmp(halfUnit) > 0 {
				continue
			}
			raw := digitsRaw(m, l-d+1)
			out = append(out, candidate{raw: raw, canonical: v.RatString()})
		}
	}
	return out
}

// digitsRaw writes m·10^e keeping every digit of m significant: "2.30e0".
func digitsRaw(m int64, e int) string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	digits := strconv.FormatInt(m, 10)
	exp := e + len(digits) - 1
	mant := digits[:1]
	if len(digits) > 1 {
		mant += "." + digits[1:]
	}
	return fmt.Sprintf("%s%se%d", sign, mant, exp)
}

func (numberSealer) validate(*StudentQuestion) error { return nil }

func (numberSealer) read(_ *StudentQuestion, raw string) (reading, error) {
	return numberKind{}.read(nil, raw)
}

func (numberSealer) readAs(_ *StudentQuestion, got reading) string {
	return numberKind{}.readAs(nil, got)
}

func (numberSealer) check(c *sealedQuestion, got reading) (sealedVerdict, error) {
	n := got.number
	if v, ok, err := c.lookup("answer", numberCanonical(n.Rat, n.Float)); ok || err != nil {
		return v, err
	}
	if v, ok, err := c.lookup("sig", strconv.FormatFloat(n.Float, 'g', -1, 64)); ok || err != nil {
		return v, err
	}
	if got.digits >= minDigitsGiven && n.Rat != nil {
		if v, ok, err := c.lookup("digits:"+strconv.Itoa(got.digits), n.Rat.RatString()); ok || err != nil {
			return v, err
		}
	}
	x, ok := exactValue(n.Rat, n.Float)
	if !ok {
		return c.class(0, ""), nil
	}
	class := "real"
	if n.IsInt() {
		class = "int"
	}
	g := gridsOf(c.sq, c.keys)
	states, verdicts, err := g.states(c, "rel:"+class, "abs:"+class, "", x)
	if err != nil {
		return sealedVerdict{}, err
	}
	if v, ok := decide(states, verdicts, maxIndex(states)+1); ok {
		return v, nil
	}
	if v, ok, err := c.numberSlip(g, x); ok || err != nil {
		return v, err
	}
	return c.class(0, ""), nil
}

// numberSlip finds the diagnosis's "N times too small/large" for x, in the
// order of numberSlips. Full grading names factor N when x is within the
// tolerance of key/N (key·N): its rel_tol part holds exactly when N·x (x/N) is
// in the key's rel_tol window, which the key's cells tell. Within abs_tol of
// key/N but not within rel_tol, the check does not name the slip, and it
// leaves it out in the cell at the window's edge (the status is the same).
func (c *sealedQuestion) numberSlip(g grids, x *big.Rat) (sealedVerdict, bool, error) {
	if g.relStep == 0 || x.Sign() == 0 {
		return sealedVerdict{}, false, nil
	}
	for _, small := range []bool{true, false} {
		for _, n := range wholeFactors {
			y, factor := new(big.Rat).Mul(x, big.NewRat(n, 1)), n
			if !small {
				y, factor = new(big.Rat).Quo(x, big.NewRat(n, 1)), -n
			}
			states, _, err := g.states(c, "rel:real", "", "", y)
			if err != nil {
				return sealedVerdict{}, false, err
			}
			if states[0] == inside {
				var table slipTable
				ok, err := c.keys.open(c.answers, "slips", "", &table)
				if !ok || err != nil {
					return sealedVerdict{}, false, err
				}
				i, ok := table.Factor[strconv.FormatInt(factor, 10)]
				if !ok || i < 0 || i >= len(table.Verdicts) {
					return sealedVerdict{}, false, nil
				}
				return table.Verdicts[i], true, nil
			}
		}
	}
	return sealedVerdict{}, false, nil
}

// maxIndex is the largest target index in states (-1 for none).
func maxIndex(states map[int]targetState) int {
	m := -1
	for i := range states {
		m = max(m, i)
	}
	return m
}

// receptiveSealer seals a receptive field (form "receptive"): size, jump and
// start, each compared within the rubric's tolerance. The key, the known
// mistakes and the slips are sealed whole; each number of an answer is also
// placed in the cells of the key's and the mistakes' windows for that number,
// and a target holds the answer when it holds all three.
type receptiveSealer struct{}

func (receptiveSealer) seal(p *publication, q *gradedQuestion, sq *StudentQuestion) error {
	ka, s := q.key, q.settings
	keys := p.keys(q)
	g, err := newGrids(s, keys)
	if err != nil {
		return err
	}
	sq.RelStep, sq.AbsStep = g.relStep, g.absStep
	sq.Axes = len(ka.Tuple)
	p.minCells = len(ka.Tuple) * (g.cellsPerWindow() + 1)
	keyRaw := tupleRaw(ka.Tuple)
	type target struct {
		raw   string
		value reading
	}
	keyRead, err := readAnswer(q, keyRaw)
	if err != nil {
		return fmt.Errorf("the key %s does not read back: %v", keyRaw, err)
	}
	targets := []target{{keyRaw, keyRead}}
	for _, m := range q.mistakes {
		targets = append(targets, target{m.Answer, m.answer})
	}
	var cands []candidate
	for _, t := range targets {
		cands = append(cands, candidate{raw: t.raw, canonical: tupleCanonical(t.value.tuple)})
	}
	for _, r := range p.g.slipAnswers(q) {
		cands = append(cands, candidate{raw: tupleRawNumbers(r.tuple), canonical: tupleCanonical(r.tuple)})
	}
	if err := p.sealAnswers(q, sq, "answer", cands); err != nil {
		return err
	}
	cs := cellSet{}
	for i, t := range targets {
		if len(t.value.tuple) != len(ka.Tuple) {
			continue // never the same answer as one of the key's length
		}
		w := window{index: i, verdict: p.grade(q, t.raw)}
		for e, x := range t.value.tuple {
			center, ok := exactValue(x.Rat, x.Float)
			if !ok {
				continue
			}
			w.center = center
			g.addWindow(cs, fmt.Sprintf("rel:%d", e), fmt.Sprintf("abs:%d", e), w)
			// The number itself, for a window of width 0.
			cs.add(fmt.Sprintf("exact:%d", e), center.RatString(), cellTarget{Index: i, Verdict: w.verdict})
		}
	}
	if err := g.seal(cs, sq); err != nil {
		return err
	}
	other := make([]float64, len(ka.Tuple))
	for i, x := range ka.Tuple {
		other[i] = math.Abs(x)*3 + 7919.5
	}
	sq.Classes = []SealedClass{p.classOf(q, 0, "", tupleRaw(other))}
	return nil
}

func tupleRaw(t []float64) string {
	parts := make([]string, len(t))
	for i, x := range t {
		parts[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func tupleRawNumbers(t []answer.Number) string {
	parts := make([]string, len(t))
	for i, x := range t {
		parts[i] = numberRaw(x.Rat, x.Float)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func tupleCanonical(t []answer.Number) string {
	parts := make([]string, len(t))
	for i, x := range t {
		parts[i] = numberCanonical(x.Rat, x.Float)
	}
	return strings.Join(parts, ";")
}

func (receptiveSealer) validate(sq *StudentQuestion) error {
	if sq.Axes < 1 || sq.Axes > maxSealedAxes {
		return errors.New("a receptive field's key has 1 to 8 numbers (axes)")
	}
	return nil
}

func (receptiveSealer) read(_ *StudentQuestion, raw string) (reading, error) {
	return readNetworkAnswer(TupleValue, nn.ReceptiveForm, 0, raw)
}

func (receptiveSealer) readAs(_ *StudentQuestion, got reading) string {
	return networkReadAs(TupleValue, nn.ReceptiveForm, got)
}

func (receptiveSealer) check(c *sealedQuestion, got reading) (sealedVerdict, error) {
	if v, ok, err := c.lookup("answer", tupleCanonical(got.tuple)); ok || err != nil {
		return v, err
	}
	if len(got.tuple) != c.sq.Axes {
		return c.class(0, ""), nil
	}
	g := gridsOf(c.sq, c.keys)
	// A target holds the answer when it holds every number of it.
	var all map[int]targetState
	verdicts := map[int]sealedVerdict{}
	for e, x := range got.tuple {
		v, ok := exactValue(x.Rat, x.Float)
		if !ok {
			return c.class(0, ""), nil
		}
		states, vs, err := g.states(c, fmt.Sprintf("rel:%d", e), fmt.Sprintf("abs:%d", e), fmt.Sprintf("exact:%d", e), v)
		if err != nil {
			return sealedVerdict{}, err
		}
		for i, v := range vs {
			verdicts[i] = v
		}
		if all == nil {
			all = states
			continue
		}
		for i := range all {
			all[i] = min(all[i], states[i])
		}
	}
	if v, ok := decide(all, verdicts, maxIndex(all)+1); ok {
		return v, nil
	}
	return c.class(0, ""), nil
}
