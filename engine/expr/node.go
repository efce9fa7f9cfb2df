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
