package expr

import "math"

// Derivatives: diff(f, x) evaluates f on dual numbers v + d·ε with ε² = 0
// (forward-mode automatic differentiation). The derivative is exact up to
// floating-point rounding, with no step size to choose.

type dual struct{ v, d float64 }

type dualFn func(x []float64) dual

// compileDual compiles a scalar node, differentiating with respect to the
// variable in slot wrt.
func compileDual(n node, wrt int) dualFn {
	switch n := n.(type) {
	case *numNode, *constNode:
		v := compileScalar(n)
		return func(x []float64) dual { return dual{v(x), 0} }
	case *nameNode:
		if n.sym.define {
			return compileDual(n.sym.body, wrt)
		}
		slot := n.sym.slot
		var d float64
		if slot == wrt {
			d = 1
		}
		return func(x []float64) dual { return dual{x[slot], d} }
	case *negNode:
		f := compileDual(n.x, wrt)
		return func(x []float64) dual { a := f(x); return dual{-a.v, -a.d} }
	case *binaryNode:
		fa, fb := compileDual(n.x, wrt), compileDual(n.y, wrt)
		op := n.op
		return func(x []float64) dual {
			a, b := fa(x), fb(x)
			switch op {
			case tokPlus:
				return dual{a.v + b.v, a.d + b.d}
			case tokMinus:
				return dual{a.v - b.v, a.d - b.d}
			case tokStar:
				return dual{a.v * b.v, a.d*b.v + a.v*b.d}
			case tokSlash:
				return dual{a.v / b.v, (a.d*b.v - a.v*b.d) / (b.v * b.v)}
			}
			v := math.Pow(a.v, b.v)
			d := 0.0
			if a.d != 0 {
				d += b.v * math.Pow(a.v, b.v-1) * a.d
			}
			if b.d != 0 {
				d += v * math.Log(a.v) * b.d
			}
			return dual{v, d}
		}
	case *callNode:
		return compileDualCall(n, wrt)
	}
	panic("compileDual: unknown node")
}

func compileDualCall(n *callNode, wrt int) dualFn {
	args := make([]dualFn, len(n.args))
	for i, a := range n.args {
		args[i] = compileDual(a, wrt)
	}
	id := n.fn.id
	if id == fnMin || id == fnMax || id == fnSum || id == fnMean {
		return func(x []float64) dual {
			r := args[0](x)
			for _, g := range args[1:] {
				a := g(x)
				if id == fnMin && a.v < r.v || id == fnMax && a.v > r.v {
					r = a
				}
			}
			return r
		}
	}
	if id == fnSoftmax {
		return func([]float64) dual { return dual{1, 0} }
	}
	u := unaryFuncs[id]
	deriv := unaryDerivs[id]
	f := args[0]
	return func(x []float64) dual {
		a := f(x)
		return dual{u(a.v), deriv(a.v) * a.d}
	}
}

// unaryDerivs are the derivatives of the elementwise functions.
var unaryDerivs = map[funcID]func(float64) float64{
	fnExp:   math.Exp,
	fnLog:   func(x float64) float64 { return 1 / x },
	fnLog2:  func(x float64) float64 { return 1 / (x * math.Ln2) },
	fnLog10: func(x float64) float64 { return 1 / (x * math.Ln10) },
	fnSqrt:  func(x float64) float64 { return 0.5 / math.Sqrt(x) },
	fnAbs: func(x float64) float64 {
		if x < 0 {
			return -1
		}
		return 1
	},
	fnFloor: func(float64) float64 { return 0 },
	fnCeil:  func(float64) float64 { return 0 },
	fnSin:   math.Cos,
	fnCos:   func(x float64) float64 { return -math.Sin(x) },
	fnTan:   func(x float64) float64 { c := math.Cos(x); return 1 / (c * c) },
	fnSinh:  math.Cosh,
	fnCosh:  math.Sinh,
	fnTanh:  func(x float64) float64 { t := math.Tanh(x); return 1 - t*t },
	fnSigmoid: func(x float64) float64 {
		s := sigmoid(x)
		return s * (1 - s)
	},
	fnRelu: func(x float64) float64 {
		if x > 0 {
			return 1
		}
		return 0
	},
	fnSoftplus: sigmoid,
	fnErf:      func(x float64) float64 { return 2 / math.SqrtPi * math.Exp(-x*x) },
	fnErfc:     func(x float64) float64 { return -2 / math.SqrtPi * math.Exp(-x*x) },
}
