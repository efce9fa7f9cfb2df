package expr

import "math/big"

// node is a syntax-tree node. The interface is sealed: only this package's
// node types implement it. Every node knows its byte offset in the source
// and its shape: 0 for a number, N for a vector of N entries.
type node interface {
	Pos() int
	Shape() int
	aNode()
}

type base struct {
	pos   int
	shape int
}

func (b *base) Pos() int   { return b.pos }
func (b *base) Shape() int { return b.shape }
func (b *base) aNode()     {}

// numNode is a decimal literal, kept exactly.
type numNode struct {
	base
	rat  *big.Rat
	f    float64
	text string // as typed, for printing values a float cannot hold
}

// constNode is e or pi.
type constNode struct {
	base
	c constKind
}

// nameNode is a declared variable or a define.
type nameNode struct {
	base
	sym *symbol
}

// negNode is unary minus.
type negNode struct {
	base
	x node
}

// binaryNode is x op y for op in + - * / ^.
type binaryNode struct {
	base
	op   tokenKind
	x, y node
}

// callNode applies a built-in function.
type callNode struct {
	base
	fn   *function
	args []node
}

// sameTree reports whether two syntax trees are the same expression: the same
// node kinds, operators, functions, names and numbers, wherever they stand.
func sameTree(a, b node) bool {
	switch x := a.(type) {
	case *numNode:
		y, ok := b.(*numNode)
		if !ok {
			return false
		}
		if x.rat != nil && y.rat != nil {
			return x.rat.Cmp(y.rat) == 0
		}
		return x.rat == nil && y.rat == nil && x.f == y.f && x.text == y.text
	case *constNode:
		y, ok := b.(*constNode)
		return ok && x.c == y.c
	case *nameNode:
		y, ok := b.(*nameNode)
		return ok && x.sym == y.sym
	case *negNode:
		y, ok := b.(*negNode)
		return ok && sameTree(x.x, y.x)
	case *binaryNode:
		y, ok := b.(*binaryNode)
		return ok && x.op == y.op && sameTree(x.x, y.x) && sameTree(x.y, y.y)
	case *callNode:
		y, ok := b.(*callNode)
		if !ok || x.fn != y.fn || len(x.args) != len(y.args) {
			return false
		}
		for i := range x.args {
			if !sameTree(x.args[i], y.args[i]) {
				return false
			}
		}
		return true
	}
	return false
}
