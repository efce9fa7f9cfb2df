package expr

// NameAt is a name written in an expression, and where: its byte offset in
// the text as given.
type NameAt struct {
	Name   string
	Offset int
}

// Names lists the names an expression's text uses as tokens of the answer
// language (variables, params, function names), in order, each with its
// offset in src; nil when the lexer cannot read src, whose reader then
// reports where. A caller that knows which names are valid (a rubric
// mistake written with a set's params) can then say which one is not, at
// its place.
func Names(src string) []NameAt {
	if len(src) > MaxLength {
		return nil
	}
	n := NormalizeMapped(src)
	l := newLexer(n.Text)
	var out []NameAt
	for {
		t := l.next()
		switch t.kind {
		case tokError:
			return nil
		case tokEOF:
			return out
		case tokIdent:
			out = append(out, NameAt{Name: t.val, Offset: n.OriginalOffset(t.pos)})
		}
	}
}
