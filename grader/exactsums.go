package grader

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
)

// scoreSums are the sums item analysis needs of a question's score (x) and
// the rest of the total (y), over the graded students, kept exactly: exact
// sums do not depend on the order they were added in, so a class tallied in
// chunks, on however many cores, has the statistics of one pass.
//
// Scores are kept to 4 decimals (roundScore): such a score is counted as
// an integer number of units of 1e-4 (scoreUnits), and its sums, squares
// and products as integers wide enough for any class. y is always on that
// grid (it is rounded so). An x off it (a class put together by hand, a
// third of a point) is counted as the binary fraction it is: the students
// with each such x are counted, with the sum of their y, at most
// maxOffGridValues values a question; any more in sums of arbitrary
// precision (slowly: no graded class has them).
type scoreSums struct {
	n int64
	// x on the grid, in units: Σx, Σx², Σxy; and Σy, Σy² (in units).
	x, xx, xy, y, yy wideInt

	// Students with x and their total T both on the grid (and below
	// onGridLimit) are counted apart, until settle adds them to the sums
	// above: their y is T − X (in units), exactly, so that Σy = ΣT − ΣX,
	// Σy² = ΣT² − 2·ΣTX + ΣX², Σxy = ΣTX − ΣX², and ΣX, ΣX², ΣTX are
	// counted a result at a time: a result's students add their totals
	// (addOnGrid). ΣT² is the chunk's (classTally.totalSquares), less
	// offGridTotalSquares: the squares of the totals on the grid of the
	// students whose x was not.
	gridX, gridXX, gridTX, gridT wideInt
	offGridTotalSquares          wideInt

	offGrid  map[uint64]int32 // an x off the grid (its bits) -> index in offValue
	offValue []float64
	offCount []int64   // the students with each offValue
	offY     []wideInt // the sum of their y, in units
	lastOff  int32     // the index of the last x found off the grid
	rest     *offGridSums

	// An x that is not finite, or a y not finite or beyond scoreUnitsLimit,
	// makes the statistics it is in NaN.
	xOutOfRange, yOutOfRange bool
}

// maxOffGridValues bounds scoreSums.offValue.
const maxOffGridValues = 256

// scoreUnitsLimit bounds a score in units of 1e-4 (about 4.6e14 points),
// so that a product of two fits in 124 bits, and a sum of 2^63 of them in
// a wideInt's 192.
const scoreUnitsLimit = 1 << 62

// scoreUnits is x in units of 1e-4, rounded to the nearest (half away from
// zero); ok is false when x is not finite or beyond scoreUnitsLimit.
func scoreUnits(x float64) (units int64, ok bool) {
	u := math.Round(x * 1e4)
	if !(math.Abs(u) < scoreUnitsLimit) {
		return 0, false
	}
	return int64(u), true
}

// roundedUnits is roundScore(v) in units of 1e-4, computed as roundScore
// computes it; ok is false when v is not finite or beyond scoreUnitsLimit.
func roundedUnits(v float64) (units int64, ok bool) {
	a := math.Abs(v)*1e4 + 0.5
	if !(a < scoreUnitsLimit) {
		return 0, false
	}
	if units = int64(a); v < 0 {
		units = -units
	}
	return units, true
}

// onGridLimit bounds x and the total T (in units) counted as addOnGrid
// counts them (about 2.8e10 points): below it, the float64s of x and T
// are close enough to them that roundScore(T − x) is exactly T − X.
const onGridLimit = 1 << 48

// addOnGrid counts n students whose x is x (units, on the grid, below
// onGridLimit) and whose totals, on the grid likewise, add up to totals.
func (s *scoreSums) addOnGrid(x, n int64, totals *wideInt) {
	s.n += n
	s.gridX.addProduct(x, n)
	var square wideInt
	square.addProduct(x, x)
	s.gridXX.addMul(square, n)
	s.gridTX.addMul(*totals, x)
	s.gridT.addWide(*totals)
}

// settle adds the students counted by addOnGrid to the sums, given
// totalSquares, the sum of the squares of the totals on the grid of the
// students counted.
func (s *scoreSums) settle(totalSquares wideInt) {
	totalSquares.addWide(s.offGridTotalSquares.neg())
	s.x.addWide(s.gridX)
	s.xx.addWide(s.gridXX)
	s.xy.addWide(s.gridTX)
	s.xy.addWide(s.gridXX.neg())
	s.y.addWide(s.gridT)
	s.y.addWide(s.gridX.neg())
	s.yy.addWide(totalSquares)
	s.yy.addWide(s.gridTX.neg())
	s.yy.addWide(s.gridTX.neg())
	s.yy.addWide(s.gridXX)
	s.gridX, s.gridXX, s.gridTX, s.gridT, s.offGridTotalSquares = wideInt{}, wideInt{}, wideInt{}, wideInt{}, wideInt{}
}

// How an x is counted (xKind), besides an index in offValue.
const (
	xOnGrid      = -1 // in units
	xRest        = -2 // in rest
	xNotFinite   = -3
	xNotComputed = -4
)

// xKind is how x is counted: on the grid (units, xOnGrid: x is exactly the
// float64 of a number of 4 decimals), else by its index in offValue (a new
// one when there is room), else xRest; xNotFinite for NaN or an infinity.
func (s *scoreSums) xKind(x float64) (units int64, kind int32) {
	if u, ok := scoreUnits(x); ok && float64(u)/1e4 == x {
		return u, xOnGrid
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, xNotFinite
	}
	key := math.Float64bits(x)
	if len(s.offValue) > 0 && math.Float64bits(s.offValue[s.lastOff]) == key {
		return 0, s.lastOff // as the last was: a third of a point, again
	}
	if k, ok := s.offGrid[key]; ok {
		s.lastOff = k
		return 0, k
	}
	if len(s.offValue) >= maxOffGridValues {
		return 0, xRest
	}
	if s.offGrid == nil {
		s.offGrid = map[uint64]int32{}
	}
	k := int32(len(s.offValue))
	s.offGrid[key], s.lastOff = k, k
	s.offValue = append(s.offValue, x)
	s.offCount = append(s.offCount, 0)
	s.offY = append(s.offY, wideInt{})
	return 0, k
}

// add counts one student: x, counted as xKind said (units and kind), and y
// in units (when yInRange).
func (s *scoreSums) add(x float64, units int64, kind int32, y int64, yInRange bool) {
	if !yInRange {
		y, s.yOutOfRange = 0, true
	}
	s.n++
	s.y.add(y)
	s.yy.addProduct(y, y)
	switch {
	case kind == xOnGrid:
		s.x.add(units)
		s.xx.addProduct(units, units)
		s.xy.addProduct(units, y)
	case kind >= 0:
		s.offCount[kind]++
		s.offY[kind].add(y)
	case kind == xRest:
		s.restSums().add(x, 1, big.NewInt(y))
	default:
		s.xOutOfRange = true
	}
}

// merge adds o's students to s's; both are settled.
func (s *scoreSums) merge(o *scoreSums) {
	s.n += o.n
	s.x.addWide(o.x)
	s.xx.addWide(o.xx)
	s.xy.addWide(o.xy)
	s.y.addWide(o.y)
	s.yy.addWide(o.yy)
	for k, x := range o.offValue {
		if _, kind := s.xKind(x); kind >= 0 {
			s.offCount[kind] += o.offCount[k]
			s.offY[kind].addWide(o.offY[k])
		} else {
			s.restSums().add(x, o.offCount[k], o.offY[k].big())
		}
	}
	if o.rest != nil {
		s.restSums().merge(o.rest)
	}
	s.xOutOfRange = s.xOutOfRange || o.xOutOfRange
	s.yOutOfRange = s.yOutOfRange || o.yOutOfRange
}

func (s *scoreSums) restSums() *offGridSums {
	if s.rest == nil {
		s.rest = newOffGridSums()
	}
	return s.rest
}

// exact is the sums as rationals, in points: Σx, Σx², Σxy, Σy, Σy².
func (s *scoreSums) exact() (sx, sxx, sxy, sy, syy *big.Rat) {
	units, units2 := big.NewInt(1e4), big.NewInt(1e8)
	sx = new(big.Rat).SetFrac(s.x.big(), units)
	sxx = new(big.Rat).SetFrac(s.xx.big(), units2)
	sxy = new(big.Rat).SetFrac(s.xy.big(), units2)
	sy = new(big.Rat).SetFrac(s.y.big(), units)
	syy = new(big.Rat).SetFrac(s.yy.big(), units2)
	term := new(big.Rat)
	for k, x := range s.offValue {
		v := new(big.Rat).SetFloat64(x)
		count := new(big.Rat).SetInt64(s.offCount[k])
		sx.Add(sx, term.Mul(v, count))
		sxx.Add(sxx, term.Mul(term.Mul(v, v), count))
		sxy.Add(sxy, term.Mul(v, term.SetFrac(s.offY[k].big(), units)))
	}
	if r := s.rest; r != nil {
		x, _ := r.x.Rat(nil)
		xx, _ := r.xx.Rat(nil)
		xy, _ := r.xy.Rat(nil)
		sx.Add(sx, x)
		sxx.Add(sxx, xx)
		sxy.Add(sxy, xy.Quo(xy, new(big.Rat).SetInt(units)))
	}
	return sx, sxx, sxy, sy, syy
}

// meanOver is the mean of x over max, rounded to 4 decimals (roundTo4);
// NaN with no students, a max not above 0, or an x not finite.
func (s *scoreSums) meanOver(max float64) float64 {
	if s.n == 0 || !(max > 0) || s.xOutOfRange {
		return math.NaN()
	}
	if math.IsInf(max, 1) {
		return 0
	}
	var sx *big.Rat
	if len(s.offValue) == 0 && s.rest == nil {
		sx = new(big.Rat).SetFrac(s.x.big(), big.NewInt(1e4))
	} else {
		sx, _, _, _, _ = s.exact()
	}
	q := new(big.Rat).SetFloat64(max)
	q.Mul(q, new(big.Rat).SetInt64(s.n))
	f, _ := q.Quo(sx, q).Float64()
	return roundTo4(f)
}

// correlation is Pearson's r of x and y, rounded to 4 decimals; NaN when
// either does not vary (or is not finite). The numerator n·Σxy − Σx·Σy and
// the variances' n·Σx² − (Σx)², n·Σy² − (Σy)² are exact; r is computed
// from them to far more bits than its float64 has.
func (s *scoreSums) correlation() float64 {
	if s.n < 2 || s.xOutOfRange || s.yOutOfRange {
		return math.NaN()
	}
	const prec = 256
	var co, vxy *big.Float
	if len(s.offValue) == 0 && s.rest == nil {
		// All on the grid: the moments in units², as integers.
		n := big.NewInt(s.n)
		sx, sy := s.x.big(), s.y.big()
		moment := func(sum wideInt, a, b *big.Int) *big.Int {
			m := new(big.Int).Mul(n, sum.big())
			return m.Sub(m, new(big.Int).Mul(a, b))
		}
		vx, vy := moment(s.xx, sx, sx), moment(s.yy, sy, sy)
		if vx.Sign() <= 0 || vy.Sign() <= 0 {
			return math.NaN()
		}
		co = new(big.Float).SetPrec(prec).SetInt(moment(s.xy, sx, sy))
		vxy = new(big.Float).SetPrec(prec).SetInt(vx.Mul(vx, vy))
	} else {
		n := new(big.Rat).SetInt64(s.n)
		sx, sxx, sxy, sy, syy := s.exact()
		moment := func(sum, a, b *big.Rat) *big.Rat {
			m := new(big.Rat).Mul(n, sum)
			return m.Sub(m, new(big.Rat).Mul(a, b))
		}
		vx, vy := moment(sxx, sx, sx), moment(syy, sy, sy)
		if vx.Sign() <= 0 || vy.Sign() <= 0 {
			return math.NaN()
		}
		co = new(big.Float).SetPrec(prec).SetRat(moment(sxy, sx, sy))
		vxy = new(big.Float).SetPrec(prec).SetRat(vx.Mul(vx, vy))
	}
	f, _ := co.Quo(co, vxy.Sqrt(vxy)).Float64()
	return roundTo4(max(-1, min(1, f)))
}

// offGridSums are exact sums of any float64 x, with y in units: Σx, Σx²,
// Σx·y. Their precision holds every bit of a sum of 2^63 of them.
type offGridSums struct {
	x, xx, xy big.Float
	term, yf  big.Float
}

// offGridPrec is enough bits for any sum of squares of float64s (from
// 2^-2148 to 2^2048) and products of a float64 and a y below 2^62, 2^63
// of them.
const offGridPrec = 2148 + 2048 + 64 + 64

func newOffGridSums() *offGridSums {
	s := new(offGridSums)
	for _, f := range []*big.Float{&s.x, &s.xx, &s.xy, &s.term, &s.yf} {
		f.SetPrec(offGridPrec)
	}
	return s
}

// add counts count students whose x is x, the sum of their y ySum.
func (s *offGridSums) add(x float64, count int64, ySum *big.Int) {
	t := s.term.SetFloat64(x)
	t.Mul(t, s.yf.SetInt64(count))
	s.x.Add(&s.x, t)
	t.Mul(t, s.yf.SetFloat64(x))
	s.xx.Add(&s.xx, t)
	t.SetFloat64(x)
	t.Mul(t, s.yf.SetInt(ySum))
	s.xy.Add(&s.xy, t)
}

func (s *offGridSums) merge(o *offGridSums) {
	s.x.Add(&s.x, &o.x)
	s.xx.Add(&s.xx, &o.xx)
	s.xy.Add(&s.xy, &o.xy)
}

// wideInt is a 192-bit two's complement integer, least significant word
// first: room for a sum of 2^63 products of two numbers below 2^62.
type wideInt [3]uint64

// add adds v.
func (w *wideInt) add(v int64) {
	var carry uint64
	w[0], carry = bits.Add64(w[0], uint64(v), 0)
	w[1], carry = bits.Add64(w[1], uint64(v>>63), carry)
	w[2] += uint64(v>>63) + carry
}

// addProduct adds a·b, which fits in 128 bits.
func (w *wideInt) addProduct(a, b int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	// The unsigned product of a and b's bits, made signed: for a < 0 it
	// multiplied a + 2^64, which adds b·2^64 (and likewise for b).
	hi -= uint64(b) & uint64(a>>63)
	hi -= uint64(a) & uint64(b>>63)
	var carry uint64
	w[0], carry = bits.Add64(w[0], lo, 0)
	w[1], carry = bits.Add64(w[1], hi, carry)
	w[2] += uint64(int64(hi)>>63) + carry
}

// addMul adds a·b, which fits in a wideInt.
func (w *wideInt) addMul(a wideInt, b int64) {
	neg := int64(a[2]) < 0
	if neg {
		a = a.neg()
	}
	m := uint64(b)
	if b < 0 {
		m, neg = uint64(-b), !neg // -MinInt64 is 2^63 as a uint64
	}
	hi0, lo0 := bits.Mul64(a[0], m)
	hi1, lo1 := bits.Mul64(a[1], m)
	mid, carry := bits.Add64(lo1, hi0, 0)
	p := wideInt{lo0, mid, a[2]*m + hi1 + carry}
	if neg {
		p = p.neg()
	}
	w.addWide(p)
}

// neg is -w.
func (w wideInt) neg() wideInt {
	var carry uint64
	w[0], carry = bits.Add64(^w[0], 1, 0)
	w[1], carry = bits.Add64(^w[1], 0, carry)
	w[2], _ = bits.Add64(^w[2], 0, carry)
	return w
}

// addWide adds v.
func (w *wideInt) addWide(v wideInt) {
	var carry uint64
	w[0], carry = bits.Add64(w[0], v[0], 0)
	w[1], carry = bits.Add64(w[1], v[1], carry)
	w[2], _ = bits.Add64(w[2], v[2], carry)
}

// big is w as a big.Int.
func (w *wideInt) big() *big.Int {
	neg := int64(w[2]) < 0
	mag := *w
	if neg {
		mag = w.neg()
	}
	var bytes [24]byte
	binary.BigEndian.PutUint64(bytes[0:], mag[2])
	binary.BigEndian.PutUint64(bytes[8:], mag[1])
	binary.BigEndian.PutUint64(bytes[16:], mag[0])
	b := new(big.Int).SetBytes(bytes[:])
	if neg {
		b.Neg(b)
	}
	return b
}
