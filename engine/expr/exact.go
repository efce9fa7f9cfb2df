package expr

import (
	"math/big"
)

// Exact evaluation. A scalar expression built from numbers, scalar
// variables, + − × ÷, whole powers (2^n with n a variable too), floor,
// ceil, abs, min, max and relu has a rational value at every test point (a
// test point's coordinates are float64 values, which are rationals). It is
// evaluated there with big.Rat, so that an answer one away from a
// 100-digit key is wrong and floor((n+1)/1000) is never rounded across an
// integer. Anything else (e, pi, log, a fractional power) is evaluated in
// floating point and, where float64 cannot decide, with math/big.Float
// (bigfloat.go).

// evalState says whether an evaluation produced a value.
type evalState uint8

const (
	valueOK evalState = iota
	// valueUndefined: undefined at this point whatever the precision
	// (a division by zero, the log of a negative number).
	valueUndefined
	// valueOutOfReach: the value exists but cannot be computed here: it is
	// not rational (exact evaluation), or too large for any precision
	// nngrade uses (2^(2^40), exp(exp(800))).
	valueOutOfReach
)

// maxExactBits bounds the numerator and denominator of an exact value:
// 2^65536 is computed exactly, 2^(2^20) is out of reach.
const maxExactBits = 1 << 16

// rationalNode reports whether exact evaluation applies to a scalar node.
func rationalNode(n node) bool {
	if n.Shape() != 0 {
		return false
	}
	switch n := n.(type) {
	case *numNode:
		return true
	case *nameNode:
		if n.sym.define {
			return rationalNode(n.sym.body)
		}
		return true
	case *negNode:
		return rationalNode(n.x)
	case *binaryNode:
		return rationalNode(n.x) && rationalNode(n.y)
	case *callNode:
		switch n.fn.id {
		case fnAbs, fnFloor, fnCeil, fnMin, fnMax, fnRelu:
			for _, a := range n.args {
				if !rationalNode(a) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// overIntegers reports whether every variable a node uses ranges over the
// integers. Exact evaluation is kept to those: over a real interval a test
// point's coordinates carry 52-bit fractions that make big.Rat slow, and
// float64 with the high-precision second look decides there.
func overIntegers(n node) bool {
	ok := true
	walk(n, func(n node) {
		if v, isName := n.(*nameNode); isName && !v.sym.define && v.sym.dom.Kind != DomainInteger {
			ok = false
		}
	})
	return ok
}

// evalExact evaluates a node for which rationalNode holds at point p. The
// result may be shared with the tree (a literal's value): callers never
// modify it.
func evalExact(n node, p []float64) (*big.Rat, evalState) {
	switch n := n.(type) {
	case *numNode:
		return n.rat, valueOK
	case *nameNode:
		if n.sym.define {
			return evalExact(n.sym.body, p)
		}
		v := p[n.sym.slot]
		if i := int64(v); float64(i) == v {
			return new(big.Rat).SetInt64(i), valueOK
		}
		return new(big.Rat).SetFloat64(v), valueOK
	case *negNode:
		x, st := evalExact(n.x, p)
		if st != valueOK {
			return nil, st
		}
		return new(big.Rat).Neg(x), valueOK
	case *binaryNode:
		x, st := evalExact(n.x, p)
		if st != valueOK {
			return nil, st
		}
		y, st := evalExact(n.y, p)
		if st != valueOK {
			return nil, st
		}
		var r *big.Rat
		switch n.op {
		case tokPlus:
			r = new(big.Rat).Add(x, y)
		case tokMinus:
			r = new(big.Rat).Sub(x, y)
		case tokStar:
			r = new(big.Rat).Mul(x, y)
		case tokSlash:
			if y.Sign() == 0 {
				return nil, valueUndefined
			}
			r = new(big.Rat).Quo(x, y)
		case tokCaret:
			return ratPow(x, y)
		}
		return r, sizeState(r)
	case *callNode:
		return evalExactCall(n, p)
	}
	return nil, valueOutOfReach
}

func sizeState(r *big.Rat) evalState {
	if r.Num().BitLen() > maxExactBits || r.Denom().BitLen() > maxExactBits {
		return valueOutOfReach
	}
	return valueOK
}

// ratPow is x^y when y is a whole number; a fractional power is out of
// reach of exact arithmetic (it is evaluated in floating point instead).
func ratPow(x, y *big.Rat) (*big.Rat, evalState) {
	if !y.IsInt() {
		return nil, valueOutOfReach
	}
	if x.Sign() == 0 {
		switch y.Sign() {
		case 0:
			return big.NewRat(1, 1), valueOK // as math.Pow(0, 0)
		case -1:
			return nil, valueUndefined
		}
		return new(big.Rat), valueOK
	}
	k := y.Num()
	bits := max(x.Num().BitLen(), x.Denom().BitLen())
	if !k.IsInt64() || (bits > 1 && new(big.Int).Mul(new(big.Int).Abs(k), big.NewInt(int64(bits-1))).Cmp(big.NewInt(maxExactBits)) > 0) {
		return nil, valueOutOfReach
	}
	if bits <= 1 && x.Num().CmpAbs(big.NewInt(1)) == 0 && x.Denom().Cmp(big.NewInt(1)) == 0 {
		// ±1 to any whole power.
		if x.Sign() > 0 || k.Bit(0) == 0 {
			return big.NewRat(1, 1), valueOK
		}
		return big.NewRat(-1, 1), valueOK
	}
	e := new(big.Int).Abs(k)
	num := new(big.Int).Exp(x.Num(), e, nil)
	den := new(big.Int).Exp(x.Denom(), e, nil)
	if k.Sign() < 0 {
		num, den = den, num
	}
	r := new(big.Rat).SetFrac(num, den)
	return r, sizeState(r)
}

func evalExactCall(n *callNode, p []float64) (*big.Rat, evalState) {
	args := make([]*big.Rat, len(n.args))
	for i, a := range n.args {
		v, st := evalExact(a, p)
		if st != valueOK {
			return nil, st
		}
		args[i] = v
	}
	x := args[0]
	switch n.fn.id {
	case fnAbs:
		return new(big.Rat).Abs(x), valueOK
	case fnFloor:
		return ratFloor(x), valueOK
	case fnCeil:
		r := ratFloor(new(big.Rat).Neg(x))
		return r.Neg(r), valueOK
	case fnRelu:
		if x.Sign() < 0 {
			return new(big.Rat), valueOK
		}
		return x, valueOK
	case fnMin, fnMax:
		r := x
		for _, a := range args[1:] {
			if c := a.Cmp(r); c < 0 && n.fn.id == fnMin || c > 0 && n.fn.id == fnMax {
				r = a
			}
		}
		return r, valueOK
	}
	return nil, valueOutOfReach
}

// ratFloor is the largest integer ≤ x (big.Int.Div rounds towards −∞ for
// the positive denominator a big.Rat keeps).
func ratFloor(x *big.Rat) *big.Rat {
	q := new(big.Int).Div(x.Num(), x.Denom())
	return new(big.Rat).SetInt(q)
}

// smallRat is a rational with int64 numerator and positive denominator in
// lowest terms (0 is 0/1), so that equal values have equal fields: the fast path of exact evaluation, taken while no value
// needs more than 62 bits (the counts and sizes of a homework almost
// always).
type smallRat struct{ n, d int64 }

const smallLimit = 1 << 62

func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || c >= smallLimit || c <= -smallLimit {
		return 0, false
	}
	return c, true
}

func gcd64(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func makeSmall(n, d int64) (smallRat, bool) {
	if d == 0 {
		return smallRat{}, false
	}
	if d < 0 {
		n, d = -n, -d
	}
	if g := gcd64(n, d); g > 1 {
		n, d = n/g, d/g
	}
	return smallRat{n, d}, true
}

func (a smallRat) add(b smallRat, sign int64) (smallRat, bool) {
	x, ok1 := mul64(a.n, b.d)
	y, ok2 := mul64(b.n, a.d)
	d, ok3 := mul64(a.d, b.d)
	if !ok1 || !ok2 || !ok3 {
		return smallRat{}, false
	}
	s := x + sign*y
	if s >= smallLimit || s <= -smallLimit {
		return smallRat{}, false
	}
	return makeSmall(s, d)
}

func (a smallRat) floor() int64 {
	q := a.n / a.d
	if a.n%a.d != 0 && a.n < 0 {
		q--
	}
	return q
}

// evalSmall is evalExact in int64 arithmetic. ok is false when a value
// leaves int64 or the node needs more (then evalExact decides, including
// whether the value is undefined).
func evalSmall(n node, p []float64) (smallRat, bool) {
	switch n := n.(type) {
	case *numNode:
		if n.rat.Num().IsInt64() && n.rat.Denom().IsInt64() {
			return makeSmall(n.rat.Num().Int64(), n.rat.Denom().Int64())
		}
	case *nameNode:
		if n.sym.define {
			return evalSmall(n.sym.body, p)
		}
		v := p[n.sym.slot]
		if i := int64(v); float64(i) == v && i < smallLimit && i > -smallLimit {
			return smallRat{i, 1}, true
		}
	case *negNode:
		x, ok := evalSmall(n.x, p)
		return smallRat{-x.n, x.d}, ok
	case *binaryNode:
		x, ok := evalSmall(n.x, p)
		if !ok {
			return x, false
		}
		y, ok := evalSmall(n.y, p)
		if !ok {
			return y, false
		}
		switch n.op {
		case tokPlus:
			return x.add(y, 1)
		case tokMinus:
			return x.add(y, -1)
		case tokStar:
			if x.n == 0 || y.n == 0 {
				return smallRat{0, 1}, true
			}
			g1, g2 := gcd64(x.n, y.d), gcd64(y.n, x.d)
			a, ok1 := mul64(x.n/g1, y.n/g2)
			b, ok2 := mul64(x.d/g2, y.d/g1)
			return smallRat{a, b}, ok1 && ok2
		case tokSlash:
			if y.n == 0 {
				return smallRat{}, false
			}
			return (smallRat{x.n, x.d}).mulInv(y)
		case tokCaret:
			if y.d != 1 {
				return smallRat{}, false
			}
			if x.d == 1 && (x.n == 1 || x.n == -1) {
				// ±1 to any whole power, as (-1)^n for parity.
				if x.n == 1 || y.n%2 == 0 {
					return smallRat{1, 1}, true
				}
				return smallRat{-1, 1}, true
			}
			if y.n < 0 && x.n != 0 && y.n >= -62 {
				x, _ = makeSmall(x.d, x.n)
				y.n = -y.n
			}
			if y.n < 0 || y.n > 62 {
				return smallRat{}, false
			}
			r := smallRat{1, 1}
			for k := int64(0); k < y.n; k++ {
				a, ok1 := mul64(r.n, x.n)
				b, ok2 := mul64(r.d, x.d)
				if !ok1 || !ok2 {
					return smallRat{}, false
				}
				r = smallRat{a, b}
			}
			return r, true
		}
	case *callNode:
		args := make([]smallRat, len(n.args))
		for i, a := range n.args {
			v, ok := evalSmall(a, p)
			if !ok {
				return v, false
			}
			args[i] = v
		}
		x := args[0]
		switch n.fn.id {
		case fnAbs:
			if x.n < 0 {
				x.n = -x.n
			}
			return x, true
		case fnFloor:
			return smallRat{x.floor(), 1}, true
		case fnCeil:
			return smallRat{-(smallRat{-x.n, x.d}).floor(), 1}, true
		case fnRelu:
			if x.n < 0 {
				return smallRat{0, 1}, true
			}
			return x, true
		case fnMin, fnMax:
			r := x
			for _, a := range args[1:] {
				c := a.cmp(r)
				if c < 0 && n.fn.id == fnMin || c > 0 && n.fn.id == fnMax {
					r = a
				}
			}
			return r, true
		}
	}
	return smallRat{}, false
}

func (a smallRat) mulInv(y smallRat) (smallRat, bool) {
	inv, ok := makeSmall(y.d, y.n)
	if !ok {
		return smallRat{}, false
	}
	if a.n == 0 {
		return smallRat{0, 1}, true
	}
	g1, g2 := gcd64(a.n, inv.d), gcd64(inv.n, a.d)
	n, ok1 := mul64(a.n/g1, inv.n/g2)
	d, ok2 := mul64(a.d/g2, inv.d/g1)
	return smallRat{n, d}, ok1 && ok2
}

// cmp compares without overflow: both differ from 0 by less than 2^62, so
// the cross products are compared in 128 bits.
func (a smallRat) cmp(b smallRat) int {
	if l, ok := mul64(a.n, b.d); ok {
		if r, ok := mul64(b.n, a.d); ok {
			switch {
			case l < r:
				return -1
			case l > r:
				return 1
			}
			return 0
		}
	}
	l := new(big.Int).Mul(big.NewInt(a.n), big.NewInt(b.d))
	r := new(big.Int).Mul(big.NewInt(b.n), big.NewInt(a.d))
	return l.Cmp(r)
}

// evalRat is evalExact with the int64 fast path first.
func evalRat(n node, p []float64) (*big.Rat, evalState) {
	if s, ok := evalSmall(n, p); ok {
		return big.NewRat(s.n, s.d), valueOK
	}
	return evalExact(n, p)
}
