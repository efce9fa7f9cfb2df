package expr

import (
	"math"
	"math/big"
	"sync"

	"github.com/nngrade/nngrade/engine/tolerance"
)

// High-precision evaluation. Where float64 overflows (log(1 + exp(x)) at
// x = 750), underflows or cancels (sqrt(x+1) − sqrt(x) at x = 10^12), a
// scalar expression is evaluated again with math/big.Float before an
// answer is called wrong. math/big has only +, −, ×, ÷ and sqrt: the
// functions below compute exp, log, sin and cos by argument reduction and
// Taylor series, to a few bits beyond the precision asked for, and return
// their results at that wider working precision: cosh(x) − sinh(x) then
// keeps its bits where 64 of them cancel.

// bigNode reports whether high-precision evaluation applies to a node:
// every scalar function but diff (whose dual numbers are float64).
func bigNode(n node) bool {
	if n.Shape() != 0 {
		return false
	}
	switch n := n.(type) {
	case *numNode, *constNode:
		return true
	case *nameNode:
		if n.sym.define {
			return bigNode(n.sym.body)
		}
		return true
	case *negNode:
		return bigNode(n.x)
	case *binaryNode:
		return bigNode(n.x) && bigNode(n.y)
	case *callNode:
		if _, ok := bigFuncs[n.fn.id]; !ok && n.fn.id != fnMin && n.fn.id != fnMax {
			return false
		}
		for _, a := range n.args {
			if !bigNode(a) {
				return false
			}
		}
		return true
	}
	return false
}

// maxBigExp bounds |exp's argument|: beyond it the result leaves
// big.Float's exponent range (about 2^±2^31), and the value is out of reach.
var maxBigExp = float64(math.MaxInt32-64) * math.Ln2

func newFloat(prec uint) *big.Float { return new(big.Float).SetPrec(prec) }

// evalBig evaluates a node for which bigNode holds at point p with prec
// bits of mantissa.
func evalBig(n node, p []float64, prec uint) (*big.Float, evalState) {
	switch n := n.(type) {
	case *numNode:
		return newFloat(prec).SetRat(n.rat), valueOK
	case *constNode:
		if n.c == constPi {
			return bigPi(prec), valueOK
		}
		return bigExp(newFloat(prec).SetInt64(1), prec)
	case *nameNode:
		if n.sym.define {
			return evalBig(n.sym.body, p, prec)
		}
		return newFloat(prec).SetFloat64(p[n.sym.slot]), valueOK
	case *negNode:
		x, st := evalBig(n.x, p, prec)
		if st != valueOK {
			return nil, st
		}
		return x.Neg(x), valueOK
	case *binaryNode:
		x, st := evalBig(n.x, p, prec)
		if st != valueOK {
			return nil, st
		}
		y, st := evalBig(n.y, p, prec)
		if st != valueOK {
			return nil, st
		}
		r := newFloat(prec)
		switch n.op {
		case tokPlus:
			tolerance.AddBig(r, x, y)
		case tokMinus:
			tolerance.SubBig(r, x, y)
		case tokStar:
			r.Mul(x, y)
		case tokSlash:
			if y.Sign() == 0 {
				return nil, valueUndefined
			}
			r.Quo(x, y)
		case tokCaret:
			return bigPow(x, y, prec)
		}
		return finiteState(r)
	case *callNode:
		args := make([]*big.Float, len(n.args))
		for i, a := range n.args {
			v, st := evalBig(a, p, prec)
			if st != valueOK {
				return nil, st
			}
			args[i] = v
		}
		switch n.fn.id {
		case fnMin, fnMax:
			r := args[0]
			for _, a := range args[1:] {
				if c := a.Cmp(r); c < 0 && n.fn.id == fnMin || c > 0 && n.fn.id == fnMax {
					r = a
				}
			}
			return r, valueOK
		}
		return bigFuncs[n.fn.id](args[0], prec)
	}
	return nil, valueOutOfReach
}

// finiteState turns an overflow (big.Float rounds it to ±Inf) into
// valueOutOfReach.
func finiteState(r *big.Float) (*big.Float, evalState) {
	if r.IsInf() {
		return nil, valueOutOfReach
	}
	return r, valueOK
}

type bigFunc func(x *big.Float, prec uint) (*big.Float, evalState)

var bigFuncs = map[funcID]bigFunc{
	fnExp: bigExp,
	fnLog: bigLog,
	fnLog2: func(x *big.Float, prec uint) (*big.Float, evalState) {
		return bigLogBase(x, 2, prec)
	},
	fnLog10: func(x *big.Float, prec uint) (*big.Float, evalState) {
		return bigLogBase(x, 10, prec)
	},
	fnSqrt: func(x *big.Float, prec uint) (*big.Float, evalState) {
		if x.Sign() < 0 {
			return nil, valueUndefined
		}
		if x.Sign() == 0 {
			return newFloat(prec), valueOK
		}
		return newFloat(prec).Sqrt(x), valueOK
	},
	fnAbs: func(x *big.Float, prec uint) (*big.Float, evalState) { return newFloat(prec).Abs(x), valueOK },
	fnFloor: func(x *big.Float, prec uint) (*big.Float, evalState) {
		return bigFloor(x, prec), valueOK
	},
	fnCeil: func(x *big.Float, prec uint) (*big.Float, evalState) {
		f := bigFloor(newFloat(prec).Neg(x), prec)
		return f.Neg(f), valueOK
	},
	fnSin: func(x *big.Float, prec uint) (*big.Float, evalState) {
		s, _, st := bigSinCos(x, prec)
		return s, st
	},
	fnCos: func(x *big.Float, prec uint) (*big.Float, evalState) {
		_, c, st := bigSinCos(x, prec)
		return c, st
	},
	fnTan: func(x *big.Float, prec uint) (*big.Float, evalState) {
		s, c, st := bigSinCos(x, prec)
		if st != valueOK {
			return nil, st
		}
		if c.Sign() == 0 {
			return nil, valueUndefined
		}
		return s.Quo(s, c), valueOK
	},
	fnSinh: func(x *big.Float, prec uint) (*big.Float, evalState) { return bigSinhCosh(x, prec, -1) },
	fnCosh: func(x *big.Float, prec uint) (*big.Float, evalState) { return bigSinhCosh(x, prec, 1) },
	fnTanh: bigTanh,
	fnSigmoid: func(x *big.Float, prec uint) (*big.Float, evalState) {
		// 1/(1 + e^−x), written so that e^(±x) never overflows.
		neg := newFloat(prec).Neg(newFloat(prec).Abs(x))
		z, st := bigExp(neg, prec)
		if st != valueOK {
			return nil, st
		}
		one := newFloat(prec).SetInt64(1)
		den := newFloat(prec).Add(one, z)
		if x.Sign() >= 0 {
			return den.Quo(one, den), valueOK
		}
		return newFloat(prec).Quo(z, den), valueOK
	},
	fnRelu: func(x *big.Float, prec uint) (*big.Float, evalState) {
		if x.Sign() < 0 {
			return newFloat(prec), valueOK
		}
		return x, valueOK
	},
	fnSoftplus: func(x *big.Float, prec uint) (*big.Float, evalState) {
		// max(x, 0) + log(1 + e^−|x|)
		z, st := bigExp(newFloat(prec).Neg(newFloat(prec).Abs(x)), prec)
		if st != valueOK {
			return nil, st
		}
		l := bigLog1p(z, prec)
		if x.Sign() > 0 {
			l.Add(l, x)
		}
		return l, valueOK
	},
}

func bigFloor(x *big.Float, prec uint) *big.Float {
	i, acc := x.Int(nil) // truncates towards zero
	if x.Sign() < 0 && acc != big.Exact {
		i.Sub(i, big.NewInt(1))
	}
	return newFloat(max(prec, uint(i.BitLen()))).SetInt(i)
}

// work is the working precision of a function evaluated to prec bits.
func work(prec uint) uint { return prec + 64 }

// constants caches ln 2 and π by precision: a comparison asks for the same
// two precisions again and again.
var constants sync.Map // constKey -> *big.Float

type constKey struct {
	name string
	prec uint
}

func cachedConst(name string, prec uint, compute func(prec uint) *big.Float) *big.Float {
	k := constKey{name, prec}
	if v, ok := constants.Load(k); ok {
		return v.(*big.Float)
	}
	v := compute(prec)
	constants.Store(k, v)
	return v
}

// atanhInv is atanh(1/n) = Σ 1/((2i+1)·n^(2i+1)), to prec bits.
func atanhInv(n int64, prec uint, alternating bool) *big.Float {
	w := work(prec)
	sum := newFloat(w)
	pow := newFloat(w).Quo(newFloat(w).SetInt64(1), newFloat(w).SetInt64(n)) // 1/n^(2i+1)
	n2 := newFloat(w).SetInt64(n * n)
	eps := newFloat(w).SetMantExp(newFloat(w).SetInt64(1), -int(w))
	term := newFloat(w)
	for i := int64(0); ; i++ {
		term.Quo(pow, newFloat(w).SetInt64(2*i+1))
		if alternating && i%2 == 1 {
			sum.Sub(sum, term)
		} else {
			sum.Add(sum, term)
		}
		if term.Cmp(eps) < 0 {
			break
		}
		pow.Quo(pow, n2)
	}
	return sum
}

// bigLn2 is ln 2 = 2·atanh(1/3).
func bigLn2(prec uint) *big.Float {
	return cachedConst("ln2", prec, func(prec uint) *big.Float {
		v := atanhInv(3, prec, false)
		return v.Mul(v, newFloat(work(prec)).SetInt64(2))
	})
}

// bigPi is π = 16·atan(1/5) − 4·atan(1/239) (Machin).
func bigPi(prec uint) *big.Float {
	v := cachedConst("pi", prec, func(prec uint) *big.Float {
		w := work(prec)
		a := atanhInv(5, prec, true)
		a.Mul(a, newFloat(w).SetInt64(16))
		b := atanhInv(239, prec, true)
		b.Mul(b, newFloat(w).SetInt64(4))
		return a.Sub(a, b)
	})
	return newFloat(prec).Set(v)
}

// bigExp is e^x: x = k·ln 2 + r, e^r by Taylor series on r/2^8, squared 8
// times, then scaled by 2^k.
func bigExp(x *big.Float, prec uint) (*big.Float, evalState) {
	xf, _ := x.Float64()
	if xf > maxBigExp {
		return nil, valueOutOfReach
	}
	if xf < -maxBigExp {
		return newFloat(prec), valueOK // below the smallest big.Float: 0 as float64 would say
	}
	if x.Sign() == 0 {
		return newFloat(prec).SetInt64(1), valueOK
	}
	k := math.Round(xf / math.Ln2)
	w := work(prec) + 64 // k·ln 2 cancels up to 32 bits of x
	r := newFloat(w).Mul(bigLn2(w), newFloat(w).SetFloat64(k))
	r.Sub(newFloat(w).Set(x), r)
	const halvings = 8
	r.SetMantExp(r, -halvings)
	sum := newFloat(w).SetInt64(1)
	term := newFloat(w).SetInt64(1)
	div := newFloat(w)
	for i := int64(1); ; i++ {
		term.Mul(term, r)
		term.Quo(term, div.SetInt64(i))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil) < -int(w) {
			break
		}
	}
	for i := 0; i < halvings; i++ {
		sum.Mul(sum, sum)
	}
	return finiteState(sum.SetMantExp(sum, int(k))) // kept at the working precision: a difference of two such values cancels less
}

// bigLog1p is log(1 + z) for z ≥ 0, accurate for tiny z.
func bigLog1p(z *big.Float, prec uint) *big.Float {
	w := work(prec)
	if z.Sign() == 0 {
		return newFloat(prec)
	}
	if z.MantExp(nil) < -int(w)/2 {
		// log(1+z) = z − z²/2 + …; the z² term is below the precision.
		sq := newFloat(w).Mul(z, z)
		sq.Quo(sq, newFloat(w).SetInt64(2))
		return newFloat(prec).Sub(newFloat(w).Set(z), sq)
	}
	one := newFloat(w).SetInt64(1)
	l, _ := bigLog(newFloat(w).Add(one, z), w)
	return newFloat(prec).Set(l)
}

// bigLog is log x for x > 0: x = m·2^e with m in [1/√2, √2), log x =
// e·ln 2 + 2·atanh((m−1)/(m+1)).
func bigLog(x *big.Float, prec uint) (*big.Float, evalState) {
	if x.Sign() <= 0 {
		return nil, valueUndefined
	}
	w := work(prec)
	m := newFloat(w)
	e := x.MantExp(m) // m in [0.5, 1)
	if m.Cmp(newFloat(w).SetFloat64(math.Sqrt2/2)) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	one := newFloat(w).SetInt64(1)
	z := newFloat(w).Quo(newFloat(w).Sub(m, one), newFloat(w).Add(m, one))
	z2 := newFloat(w).Mul(z, z)
	sum := newFloat(w)
	pow := newFloat(w).Set(z)
	term, div := newFloat(w), newFloat(w)
	for i := int64(0); pow.Sign() != 0; i++ {
		term.Quo(pow, div.SetInt64(2*i+1))
		sum.Add(sum, term)
		if term.Sign() == 0 || term.MantExp(nil) < -int(w) {
			break
		}
		pow.Mul(pow, z2)
	}
	sum.Mul(sum, newFloat(w).SetInt64(2))
	if e != 0 {
		sum.Add(sum, newFloat(w).Mul(bigLn2(w), newFloat(w).SetInt64(int64(e))))
	}
	return sum, valueOK
}

func bigLogBase(x *big.Float, base int64, prec uint) (*big.Float, evalState) {
	l, st := bigLog(x, work(prec))
	if st != valueOK {
		return nil, st
	}
	b, _ := bigLog(newFloat(work(prec)).SetInt64(base), work(prec))
	return newFloat(prec).Quo(l, b), valueOK
}

// bigPow is x^y: by repeated multiplication for a whole y (so (−2)^3 is
// −8), else e^(y·log x) for x > 0.
func bigPow(x, y *big.Float, prec uint) (*big.Float, evalState) {
	if y.IsInt() {
		k, acc := y.Int64()
		if acc == big.Exact && k >= -(1<<20) && k <= 1<<20 {
			if x.Sign() == 0 {
				switch {
				case k == 0:
					return newFloat(prec).SetInt64(1), valueOK
				case k < 0:
					return nil, valueUndefined
				}
				return newFloat(prec), valueOK
			}
			w := work(prec) + 32
			r := newFloat(w).SetInt64(1)
			b := newFloat(w).Set(x)
			for e := max(k, -k); e > 0; e >>= 1 {
				if e&1 == 1 {
					r.Mul(r, b)
				}
				b.Mul(b, b)
				if r.IsInf() || b.IsInf() && e > 1 {
					return nil, valueOutOfReach
				}
			}
			if k < 0 {
				r.Quo(newFloat(w).SetInt64(1), r)
			}
			return finiteState(newFloat(prec).Set(r))
		}
	}
	switch x.Sign() {
	case 0:
		if y.Sign() > 0 {
			return newFloat(prec), valueOK
		}
		return nil, valueUndefined
	case -1:
		return nil, valueUndefined
	}
	w := work(prec)
	l, _ := bigLog(x, w)
	return bigExp(l.Mul(l, y), prec)
}

// maxTrigExp bounds the binary exponent of a sine's argument (2^1024, about
// 10^308, the largest float64): reducing a larger one modulo 2π needs π to
// more bits than the argument has, for every point of every answer.
const maxTrigExp = 1024

// bigSinCos is sin x and cos x: x reduced modulo 2π, then the Taylor
// series at x/2^8 and the double-angle formulas 8 times.
func bigSinCos(x *big.Float, prec uint) (*big.Float, *big.Float, evalState) {
	exp := x.MantExp(nil)
	if exp > maxTrigExp {
		return nil, nil, valueOutOfReach // reducing it would take π to more digits than is sensible
	}
	const halvings = 8
	w := work(prec) + uint(max(exp, 0)) + 2*halvings
	twoPi := bigPi(w)
	twoPi.Mul(twoPi, newFloat(w).SetInt64(2))
	r := newFloat(w).Set(x)
	q := newFloat(w).Quo(r, twoPi)
	qi, _ := q.Int(nil)
	r.Sub(r, newFloat(w).Mul(twoPi, newFloat(w).SetInt(qi)))
	r.SetMantExp(r, -halvings)
	r2 := newFloat(w).Mul(r, r)
	small := func(x *big.Float) bool { return x.Sign() == 0 || x.MantExp(nil) < -int(w) }
	sin, cos := newFloat(w).Set(r), newFloat(w).SetInt64(1)
	st, ct := newFloat(w).Set(r), newFloat(w).SetInt64(1)
	div := newFloat(w)
	for i := int64(1); ; i++ {
		st.Mul(st, r2)
		st.Quo(st, div.SetInt64((2*i)*(2*i+1)))
		ct.Mul(ct, r2)
		ct.Quo(ct, div.SetInt64((2*i-1)*(2*i)))
		if i%2 == 1 {
			sin.Sub(sin, st)
			cos.Sub(cos, ct)
		} else {
			sin.Add(sin, st)
			cos.Add(cos, ct)
		}
		if small(st) && small(ct) {
			break
		}
	}
	one := newFloat(w).SetInt64(1)
	for i := 0; i < halvings; i++ {
		s2 := newFloat(w).Mul(sin, cos)
		s2.SetMantExp(s2, 1)
		c2 := newFloat(w).Mul(cos, cos)
		c2.SetMantExp(c2, 1)
		c2.Sub(c2, one)
		sin, cos = s2, c2
	}
	return sin, cos, valueOK
}

// bigSinhCosh is (e^x + sign·e^−x)/2.
func bigSinhCosh(x *big.Float, prec uint, sign int) (*big.Float, evalState) {
	w := work(prec) + 64
	if x.MantExp(nil) < -int(prec) {
		// sinh x = x, cosh x = 1 below the precision.
		if sign < 0 {
			return newFloat(prec).Set(x), valueOK
		}
		return newFloat(prec).SetInt64(1), valueOK
	}
	a, st := bigExp(x, w)
	if st != valueOK {
		return nil, st
	}
	if a.Sign() == 0 {
		return nil, valueOutOfReach // e^x underflowed: e^−x is beyond reach
	}
	b := newFloat(w).Quo(newFloat(w).SetInt64(1), a) // e^−x
	if sign < 0 {
		a.Sub(a, b)
	} else {
		a.Add(a, b)
	}
	a.SetMantExp(a, -1)
	return a, valueOK
}

// bigTanh is (1 − e^−2|x|)/(1 + e^−2|x|) with the sign of x.
func bigTanh(x *big.Float, prec uint) (*big.Float, evalState) {
	w := work(prec) + 64
	if x.MantExp(nil) < -int(prec) {
		return newFloat(prec).Set(x), valueOK
	}
	a := newFloat(w).Abs(x)
	a.SetMantExp(a, 1)
	z, st := bigExp(a.Neg(a), w)
	if st != valueOK {
		return nil, st
	}
	one := newFloat(w).SetInt64(1)
	r := newFloat(w).Quo(newFloat(w).Sub(one, z), newFloat(w).Add(one, z))
	if x.Sign() < 0 {
		r.Neg(r)
	}
	return r, valueOK
}
