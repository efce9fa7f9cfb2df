package expr

import (
	"fmt"
	"strings"

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

// Place is the 1-based line and column (in characters, not bytes) of the
// problem in Source, the column counted within its line, as the echo shows it.
func (e *Error) Place() (line, column int) {
	off := min(max(e.Offset, 0), len(e.Source))
	lineStart := strings.LastIndexByte(e.Source[:off], '\n') + 1
	return strings.Count(e.Source[:off], "\n") + 1, diag.Column(e.Source[lineStart:], off-lineStart)
}

// Error renders the message, the place (the column, and the line too when the
// source has several) and the line holding the problem echoed with a caret,
// windowed around it when long.
func (e *Error) Error() string {
	line, col := e.Place()
	at := fmt.Sprintf("column %d", col)
	if strings.Contains(e.Source, "\n") {
		at = fmt.Sprintf("line %d, column %d", line, col)
	}
	return e.Msg + " at " + at + diag.Quote(e.Source, e.Offset, "  ")
}

// Message is what is wrong, without the place or the echo.
func (e *Error) Message() string { return e.Msg }

// TextOffset is the byte offset of the problem in the text that was read.
func (e *Error) TextOffset() int { return e.Offset }

func errorAt(src string, offset int, format string, args ...any) *Error {
	return &Error{Source: src, Offset: offset, Msg: fmt.Sprintf(format, args...)}
}
