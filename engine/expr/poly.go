package expr

import (
	"math/big"
	"sort"
	"strings"
)

// Exact polynomials. An answer built from scalar variables, rational
// numbers, + - ·, division by a nonzero constant and whole-number powers
// expands to a polynomial with big.Rat coefficients. Two such answers are
// equivalent exactly when their expansions are equal, whatever the size of
// the values: no test point can hide a "+1" next to a 10^30 coefficient.

// Bounds on expansion, so that (a+b+c)^60 falls back to sampling instead
// of exhausting memory.
const (
	maxPolyTerms   = 400
	maxPolyDegree  = 64
	maxPolyCoefBit = 4096
)

// poly maps a monomial (one exponent byte per declared symbol, in
// declaration order) to its nonzero coefficient.
type poly struct {
	nvars int
	terms map[string]*big.Rat
}

func newPoly(nvars int) *poly { return &poly{nvars: nvars, terms: map[string]*big.Rat{}} }

func (p *poly) constKey() string { return string(make([]byte, p.nvars)) }

func constPoly(nvars int, c *big.Rat) *poly {
	p := newPoly(nvars)
	if c.Sign() != 0 {
		p.terms[p.constKey()] = new(big.Rat).Set(c)
	}
	return p
}

// constant returns the value of a constant polynomial.
func (p *poly) constant() (*big.Rat, bool) {
	switch len(p.terms) {
	case 0:
		return new(big.Rat), true
	case 1:
		c, ok := p.terms[p.constKey()]
		return c, ok
	}
	return nil, false
}

func (p *poly) equal(q *poly) bool {
	if len(p.terms) != len(q.terms) {
		return false
	}
	for k, c := range p.terms {
		d, ok := q.terms[k]
		if !ok || c.Cmp(d) != 0 {
			return false
		}
	}
	return true
}

func (p *poly) addTerm(k string, c *big.Rat) bool {
	if old, ok := p.terms[k]; ok {
		old.Add(old, c)
		if old.Sign() == 0 {
			delete(p.terms, k)
		}
	} else if c.Sign() != 0 {
		p.terms[k] = new(big.Rat).Set(c)
	}
	return len(p.terms) <= maxPolyTerms && c.Num().BitLen() < maxPolyCoefBit && c.Denom().BitLen() < maxPolyCoefBit
}

// add returns p + sign·q, or nil when a bound is passed.
func (p *poly) add(q *poly, sign int) *poly {
	r := newPoly(p.nvars)
	for k, c := range p.terms {
		r.terms[k] = new(big.Rat).Set(c)
	}
	for k, c := range q.terms {
		if sign < 0 {
			c = new(big.Rat).Neg(c)
		}
		if !r.addTerm(k, c) {
			return nil
		}
	}
	return r
}

func (p *poly) mul(q *poly) *poly {
	if p.degree()+q.degree() > maxPolyDegree || len(p.terms)*len(q.terms) > maxPolyTerms*maxPolyTerms {
		return nil
	}
	r := newPoly(p.nvars)
	key := make([]byte, p.nvars)
	var c big.Rat
	for ka, ca := range p.terms {
		for kb, cb := range q.terms {
			for i := range key {
				key[i] = ka[i] + kb[i]
			}
			if !r.addTerm(string(key), c.Mul(ca, cb)) {
				return nil
			}
		}
	}
	return r
}

func (p *poly) scale(c *big.Rat) *poly {
	r := newPoly(p.nvars)
	for k, d := range p.terms {
		if !r.addTerm(k, new(big.Rat).Mul(c, d)) {
			return nil
		}
	}
	return r
}

// degree is the total degree (0 for constants and the zero polynomial).
func (p *poly) degree() int {
	d := 0
	for k := range p.terms {
		s := 0
		for i := 0; i < len(k); i++ {
			s += int(k[i])
		}
		d = max(d, s)
	}
	return d
}

// uses reports whether variable index i appears.
func (p *poly) uses(i int) bool {
	for k := range p.terms {
		if k[i] != 0 {
			return true
		}
	}
	return false
}

// expandPoly expands a scalar tree, or returns nil when it is not a
// polynomial with rational coefficients (or is too large to expand).
func (e *Env) expandPoly(n node) *poly {
	nv := len(e.syms)
	switch n := n.(type) {
	case *numNode:
		return constPoly(nv, n.rat)
	case *nameNode:
		if n.sym.define {
			return e.expandPoly(n.sym.body)
		}
		if n.sym.size != 0 {
			return nil
		}
		p := newPoly(nv)
		key := make([]byte, nv)
		for i, s := range e.syms {
			if s == n.sym {
				key[i] = 1
			}
		}
		p.terms[string(key)] = big.NewRat(1, 1)
		return p
	case *negNode:
		x := e.expandPoly(n.x)
		if x == nil {
			return nil
		}
		return x.scale(big.NewRat(-1, 1))
	case *binaryNode:
		x := e.expandPoly(n.x)
		if x == nil {
			return nil
		}
		y := e.expandPoly(n.y)
		if y == nil {
			return nil
		}
		switch n.op {
		case tokPlus:
			return x.add(y, 1)
		case tokMinus:
			return x.add(y, -1)
		case tokStar:
			return x.mul(y)
		case tokSlash:
			c, ok := y.constant()
			if !ok || c.Sign() == 0 {
				return nil
			}
			return x.scale(new(big.Rat).Inv(c))
		case tokCaret:
			c, ok := y.constant()
			if base, isConst := x.constant(); ok && isConst && c.IsInt() && (base.Sign() != 0 || c.Sign() > 0) && c.Num().CmpAbs(big.NewInt(MaxExponent)) <= 0 {
				// A constant to a whole power stays exact: 2^100, 10^(-20).
				k := c.Num().Int64()
				if int64(max(base.Num().BitLen(), base.Denom().BitLen()))*max(k, -k) > maxPolyCoefBit {
					return nil
				}
				num := new(big.Int).Exp(base.Num(), big.NewInt(max(k, -k)), nil)
				den := new(big.Int).Exp(base.Denom(), big.NewInt(max(k, -k)), nil)
				if k < 0 {
					num, den = den, num
				}
				return constPoly(nv, new(big.Rat).SetFrac(num, den))
			}
			if !ok || !c.IsInt() || c.Sign() < 0 || c.Num().Cmp(big.NewInt(maxPolyDegree)) > 0 {
				return nil
			}
			k := int(c.Num().Int64())
			if x.degree()*k > maxPolyDegree {
				return nil
			}
			r := constPoly(nv, big.NewRat(1, 1))
			for ; k > 0 && r != nil; k-- {
				r = r.mul(x)
			}
			return r
		}
	}
	return nil
}

// String prints the polynomial with its highest-degree terms first:
// "k·n + m", "-2·k^2 + 3/2".
func (p *poly) format(e *Env) string {
	if len(p.terms) == 0 {
		return "0"
	}
	keys := make([]string, 0, len(p.terms))
	for k := range p.terms {
		keys = append(keys, k)
	}
	deg := func(k string) int {
		s := 0
		for i := 0; i < len(k); i++ {
			s += int(k[i])
		}
		return s
	}
	sort.Slice(keys, func(i, j int) bool {
		if di, dj := deg(keys[i]), deg(keys[j]); di != dj {
			return di > dj
		}
		return keys[i] > keys[j]
	})
	var b strings.Builder
	for i, k := range keys {
		c := p.terms[k]
		neg := c.Sign() < 0
		abs := new(big.Rat).Abs(c)
		switch {
		case i == 0 && neg:
			b.WriteString("-")
		case i > 0 && neg:
			b.WriteString(" - ")
		case i > 0:
			b.WriteString(" + ")
		}
		var factors []string
		for v := 0; v < len(k); v++ {
			switch k[v] {
			case 0:
			case 1:
				factors = append(factors, e.syms[v].name)
			default:
				factors = append(factors, e.syms[v].name+"^"+itoa(int(k[v])))
			}
		}
		sort.Slice(factors, func(i, j int) bool { return factors[i] < factors[j] })
		mono := strings.Join(factors, "·")
		num, den := abs.Num().String(), abs.Denom().String()
		switch {
		case mono == "":
			b.WriteString(abs.RatString())
		case num == "1" && den == "1":
			b.WriteString(mono)
		case den == "1":
			b.WriteString(num + "·" + mono)
		case num == "1":
			b.WriteString(mono + "/" + den)
		default:
			b.WriteString(num + "·" + mono + "/" + den)
		}
	}
	return b.String()
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }
