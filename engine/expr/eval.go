package expr

import "math"

// Evaluation compiles a tree once into Go closures over a test point (a
// flat []float64 holding every variable; a vector variable takes N
// consecutive slots) and runs them many times. Scalars and vectors compile
// separately so that scalar answers, the common case, never allocate.

type scalarFn func(x []float64) float64

// vectorFn returns a slice the caller must not modify: it may alias the
// test point.
type vectorFn func(x []float64) []float64

// compileScalar compiles a node of shape 0.
func compileScalar(n node) scalarFn {
	switch n := n.(type) {
	case *numNode:
		v := n.f
		return func([]float64) float64 { return v }
	case *constNode:
		v := math.E
		if n.c == constPi {
			v = math.Pi
		}
		return func([]float64) float64 { return v }
	case *nameNode:
		if n.sym.define {
			return compileScalar(n.sym.body)
		}
		slot := n.sym.slot
		return func(x []float64) float64 { return x[slot] }
	case *negNode:
		f := compileScalar(n.x)
		return func(x []float64) float64 { return -f(x) }
	case *binaryNode:
		a, b := compileScalar(n.x), compileScalar(n.y)
		switch n.op {
		case tokPlus:
			return func(x []float64) float64 { return a(x) + b(x) }
		case tokMinus:
			return func(x []float64) float64 { return a(x) - b(x) }
		case tokStar:
			return func(x []float64) float64 { return a(x) * b(x) }
		case tokSlash:
			return func(x []float64) float64 { return a(x) / b(x) }
		}
		if k, ok := literalValue(n.y); ok && k == 2 {
			return func(x []float64) float64 { v := a(x); return v * v }
		}
		return func(x []float64) float64 { return math.Pow(a(x), b(x)) }
	case *callNode:
		return compileScalarCall(n)
	}
	panic("compileScalar: unknown node")
}

func compileScalarCall(n *callNode) scalarFn {
	f := n.fn
	if f.elementwise && len(n.args) == 1 && f.id != fnMin && f.id != fnMax {
		g := compileScalar(n.args[0])
		u := unaryFuncs[f.id]
		return func(x []float64) float64 { return u(g(x)) }
	}
	switch f.id {
	case fnMin, fnMax:
		pick := math.Max
		if f.id == fnMin {
			pick = math.Min
		}
		if len(n.args) == 1 {
			if n.args[0].Shape() == 0 {
				return compileScalar(n.args[0])
			}
			v := compileVector(n.args[0])
			return func(x []float64) float64 {
				vs := v(x)
				r := vs[0]
				for _, e := range vs[1:] {
					r = pick(r, e)
				}
				return r
			}
		}
		fs := make([]scalarFn, len(n.args))
		for i, a := range n.args {
			fs[i] = compileScalar(a)
		}
		return func(x []float64) float64 {
			r := fs[0](x)
			for _, g := range fs[1:] {
				r = pick(r, g(x))
			}
			return r
		}
	case fnSum, fnMean:
		if n.args[0].Shape() == 0 {
			return compileScalar(n.args[0])
		}
		v := compileVector(n.args[0])
		mean := f.id == fnMean
		return func(x []float64) float64 {
			vs := v(x)
			var s float64
			for _, e := range vs {
				s += e
			}
			if mean {
				s /= float64(len(vs))
			}
			return s
		}
	case fnSoftmax:
		return func([]float64) float64 { return 1 }
	case fnDot, fnKL, fnCrossEntropy:
		a, b := compileAny(n.args[0]), compileAny(n.args[1])
		id := f.id
		return func(x []float64) float64 {
			p, q := a(x), b(x)
			var s float64
			for i := range p {
				switch id {
				case fnDot:
					s += p[i] * q[i]
				case fnKL:
					if p[i] != 0 {
						s += p[i] * math.Log(p[i]/q[i])
					}
				case fnCrossEntropy:
					s -= p[i] * math.Log(q[i])
				}
			}
			return s
		}
	case fnEntropy:
		a := compileAny(n.args[0])
		return func(x []float64) float64 {
			var s float64
			for _, e := range a(x) {
				if e != 0 {
					s -= e * math.Log(e)
				}
			}
			return s
		}
	case fnDiff:
		d := compileDual(n.args[0], n.args[1].(*nameNode).sym.slot)
		return func(x []float64) float64 { return d(x).d }
	}
	panic("compileScalarCall: unknown function " + f.name)
}

// compileAny compiles a scalar or vector node to a vector function; a
// scalar becomes a one-entry vector.
func compileAny(n node) vectorFn {
	if n.Shape() > 0 {
		return compileVector(n)
	}
	f := compileScalar(n)
	return func(x []float64) []float64 { return []float64{f(x)} }
}

// compileVector compiles a node of shape N > 0.
func compileVector(n node) vectorFn {
	size := n.Shape()
	switch n := n.(type) {
	case *nameNode:
		if n.sym.define {
			return compileVector(n.sym.body)
		}
		slot := n.sym.slot
		return func(x []float64) []float64 { return x[slot : slot+size] }
	case *negNode:
		f := compileVector(n.x)
		return func(x []float64) []float64 {
			v := f(x)
			out := make([]float64, len(v))
			for i, e := range v {
				out[i] = -e
			}
			return out
		}
	case *binaryNode:
		op := binaryFuncs[n.op]
		return broadcastFn(size, []node{n.x, n.y}, func(a []float64) float64 { return op(a[0], a[1]) })
	case *callNode:
		f := n.fn
		switch {
		case f.id == fnMin || f.id == fnMax:
			pick := math.Max
			if f.id == fnMin {
				pick = math.Min
			}
			return broadcastFn(size, n.args, func(a []float64) float64 {
				r := a[0]
				for _, e := range a[1:] {
					r = pick(r, e)
				}
				return r
			})
		case f.elementwise:
			u := unaryFuncs[f.id]
			return broadcastFn(size, n.args, func(a []float64) float64 { return u(a[0]) })
		case f.id == fnSoftmax:
			g := compileVector(n.args[0])
			return func(x []float64) []float64 {
				v := g(x)
				m := math.Inf(-1)
				for _, e := range v {
					m = math.Max(m, e)
				}
				out := make([]float64, len(v))
				var s float64
				for i, e := range v {
					out[i] = math.Exp(e - m)
					s += out[i]
				}
				for i := range out {
					out[i] /= s
				}
				return out
			}
		}
	}
	panic("compileVector: unknown node")
}

// broadcastFn applies op entry by entry, repeating scalar operands.
func broadcastFn(size int, args []node, op func([]float64) float64) vectorFn {
	type operand struct {
		s scalarFn
		v vectorFn
	}
	ops := make([]operand, len(args))
	for i, a := range args {
		if a.Shape() == 0 {
			ops[i].s = compileScalar(a)
		} else {
			ops[i].v = compileVector(a)
		}
	}
	return func(x []float64) []float64 {
		scal := make([]float64, len(ops))
		vecs := make([][]float64, len(ops))
		for i, o := range ops {
			if o.s != nil {
				scal[i] = o.s(x)
			} else {
				vecs[i] = o.v(x)
			}
		}
		out := make([]float64, size)
		buf := make([]float64, len(ops))
		for j := range out {
			for i := range ops {
				if vecs[i] != nil {
					buf[i] = vecs[i][j]
				} else {
					buf[i] = scal[i]
				}
			}
			out[j] = op(buf)
		}
		return out
	}
}

var binaryFuncs = map[tokenKind]func(a, b float64) float64{
	tokPlus:  func(a, b float64) float64 { return a + b },
	tokMinus: func(a, b float64) float64 { return a - b },
	tokStar:  func(a, b float64) float64 { return a * b },
	tokSlash: func(a, b float64) float64 { return a / b },
	tokCaret: math.Pow,
}

// snap rounds x to an integer when it is one up to floating-point error,
// so floor((n-3)/2·2) and the like see the exact integer.
func snap(x float64) float64 {
	r := math.Round(x)
	if math.Abs(x-r) <= 1e-9*math.Max(1, math.Abs(x)) {
		return r
	}
	return x
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	z := math.Exp(x)
	return z / (1 + z)
}

func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

var unaryFuncs = map[funcID]func(float64) float64{
	fnExp:      math.Exp,
	fnLog:      math.Log,
	fnLog2:     math.Log2,
	fnLog10:    math.Log10,
	fnSqrt:     math.Sqrt,
	fnAbs:      math.Abs,
	fnFloor:    func(x float64) float64 { return math.Floor(snap(x)) },
	fnCeil:     func(x float64) float64 { return math.Ceil(snap(x)) },
	fnSin:      math.Sin,
	fnCos:      math.Cos,
	fnTan:      math.Tan,
	fnSinh:     math.Sinh,
	fnCosh:     math.Cosh,
	fnTanh:     math.Tanh,
	fnSigmoid:  sigmoid,
	fnRelu:     func(x float64) float64 { return math.Max(x, 0) },
	fnSoftplus: softplus,
	fnErf:      math.Erf,
	fnErfc:     math.Erfc,
	fnMin:      func(x float64) float64 { return x },
	fnMax:      func(x float64) float64 { return x },
}
