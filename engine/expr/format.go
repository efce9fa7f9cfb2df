package expr

import (
	"math/big"
	"strconv"
	"strings"
)

// Canonical printing. String gives one plain-text spelling per tree, with
// the fewest parentheses that keep its meaning ("k·(k + m) + k"), variables
// under their declared names and e^x as exp(x); it parses back to the same
// value. LaTeX gives the same tree for answer keys.

func precOf(n node) int {
	switch n := n.(type) {
	case *binaryNode:
		return n.op.Precedence()
	case *negNode:
		return precUnary
	}
	return precAtom
}

type printer struct {
	b     strings.Builder
	latex bool
}

func (p *printer) group(n node, paren bool) {
	if !paren {
		p.node(n)
		return
	}
	if p.latex {
		p.b.WriteString(`\left(`)
		p.node(n)
		p.b.WriteString(`\right)`)
		return
	}
	p.b.WriteByte('(')
	p.node(n)
	p.b.WriteByte(')')
}

func (p *printer) node(n node) {
	switch n := n.(type) {
	case *numNode:
		p.b.WriteString(formatLiteral(n))
	case *constNode:
		switch {
		case n.c == constPi && p.latex:
			p.b.WriteString(`\pi`)
		case n.c == constPi:
			p.b.WriteString("pi")
		default:
			p.b.WriteString("e")
		}
	case *nameNode:
		if p.latex {
			p.b.WriteString(latexName(n.sym.name))
		} else {
			p.b.WriteString(n.sym.name)
		}
	case *negNode:
		p.b.WriteByte('-')
		p.group(n.x, precOf(n.x) < precUnary)
	case *binaryNode:
		p.binary(n)
	case *callNode:
		p.call(n)
	}
}

func (p *printer) binary(n *binaryNode) {
	prec := n.op.Precedence()
	_, rightNeg := n.y.(*negNode)
	if p.latex && n.op == tokSlash {
		p.b.WriteString(`\frac{`)
		p.node(n.x)
		p.b.WriteString("}{")
		p.node(n.y)
		p.b.WriteString("}")
		return
	}
	if n.op == tokCaret {
		p.group(n.x, precOf(n.x) <= precPower)
		if p.latex {
			p.b.WriteString("^{")
			p.node(n.y)
			p.b.WriteString("}")
			return
		}
		p.b.WriteByte('^')
		p.group(n.y, precOf(n.y) < precPower) // right-associative: 2^3^2 is 2^(3^2)
		return
	}
	p.group(n.x, precOf(n.x) < prec)
	switch {
	case n.op == tokPlus:
		p.b.WriteString(" + ")
	case n.op == tokMinus:
		p.b.WriteString(" - ")
	case n.op == tokStar && p.latex:
		p.b.WriteString(` \cdot `)
	case n.op == tokStar:
		p.b.WriteString("·")
	default:
		p.b.WriteString("/")
	}
	strict := n.op == tokMinus || n.op == tokSlash
	p.group(n.y, precOf(n.y) < prec || strict && precOf(n.y) == prec || rightNeg)
}

// latexFuncs are the functions LaTeX has a command for.
var latexFuncs = map[funcID]string{
	fnLog: `\log`, fnSin: `\sin`, fnCos: `\cos`, fnTan: `\tan`, fnSinh: `\sinh`,
	fnCosh: `\cosh`, fnTanh: `\tanh`, fnMin: `\min`, fnMax: `\max`, fnExp: `\exp`,
	fnLog2: `\log_{2}`, fnLog10: `\log_{10}`,
}

func (p *printer) call(n *callNode) {
	if p.latex {
		switch n.fn.id {
		case fnExp:
			p.b.WriteString("e^{")
			p.node(n.args[0])
			p.b.WriteString("}")
			return
		case fnSqrt:
			p.b.WriteString(`\sqrt{`)
			p.node(n.args[0])
			p.b.WriteString("}")
			return
		case fnAbs, fnFloor, fnCeil:
			open, close := `\left|`, `\right|`
			if n.fn.id == fnFloor {
				open, close = `\left\lfloor `, `\right\rfloor`
			} else if n.fn.id == fnCeil {
				open, close = `\left\lceil `, `\right\rceil`
			}
			p.b.WriteString(open)
			p.node(n.args[0])
			p.b.WriteString(close)
			return
		case fnDiff:
			p.b.WriteString(`\frac{\partial}{\partial ` + latexName(n.args[1].(*nameNode).sym.name) + `}`)
			p.group(n.args[0], true)
			return
		}
		if name, ok := latexFuncs[n.fn.id]; ok {
			p.b.WriteString(name)
		} else {
			p.b.WriteString(`\operatorname{` + strings.ReplaceAll(n.fn.name, "_", `\_`) + "}")
		}
		p.b.WriteString(`\left(`)
	} else {
		p.b.WriteString(n.fn.name)
		p.b.WriteByte('(')
	}
	for i, a := range n.args {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.node(a)
	}
	if p.latex {
		p.b.WriteString(`\right)`)
	} else {
		p.b.WriteByte(')')
	}
}

// latexName renders a variable name: Greek spellings as commands, a
// subscript in braces, longer names upright.
func latexName(name string) string {
	base, sub, hasSub := strings.Cut(name, "_")
	out := base
	if k := greekKey(base); k != "" {
		if cmd, ok := greekLaTeX[k]; ok {
			out = cmd
		} else {
			out = `\` + k
		}
	} else if len([]rune(base)) > 1 {
		out = `\mathrm{` + base + "}"
	}
	if hasSub {
		out += "_{" + sub + "}"
	}
	return out
}

// formatLiteral prints a number literal so that it reads back to the same
// exact value: integers in full (or as digits·e·zeros when long), other
// decimals in their shortest float form when that is exact, else as typed.
func formatLiteral(n *numNode) string {
	if n.rat.IsInt() {
		s := n.rat.Num().String()
		if len(s) <= 20 {
			return s
		}
		trimmed := strings.TrimRight(s, "0")
		return trimmed + "e" + strconv.Itoa(len(s)-len(trimmed))
	}
	s := strconv.FormatFloat(n.f, 'g', -1, 64)
	if r, ok := new(big.Rat).SetString(s); ok && r.Cmp(n.rat) == 0 {
		return s
	}
	return n.text
}
