package expr

import (
	"fmt"
	"unicode/utf8"

	"github.com/nngrade/nngrade/internal/diag"
)

// Error is a mistake in a formula or a domain string: what is wrong and
// where. Its Error method echoes the text with a caret under the place:
//
//	unexpected ")" at column 5
//	  k(k+)
//	      ^
type Error struct {
	Source string // the text as given
	Offset int    // byte offset of the problem in Source
	Msg    string // what is wrong, without the position
}

// Column is the 1-based column (in characters, not bytes) of the problem.
func (e *Error) Column() int {
	off := min(max(e.Offset, 0), len(e.Source))
	return utf8.RuneCountInString(e.Source[:off]) + 1
}

// Error renders the message, the column, and the source echoed with a caret
// (the line holding the problem, windowed around it when long).
func (e *Error) Error() string {
	return fmt.Sprintf("%s at column %d", e.Msg, e.Column()) + diag.Quote(e.Source, e.Offset, "  ")
}

func errorAt(src string, offset int, format string, args ...any) *Error {
	return &Error{Source: src, Offset: offset, Msg: fmt.Sprintf(format, args...)}
}
