package expr

import (
	"fmt"
	"strings"
	"unicode/utf8"
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

// echoWindow is how many characters of a long answer are shown either side
// of the caret.
const echoWindow = 40

// Error renders the message, the column, and the source echoed with a caret.
func (e *Error) Error() string {
	runes := []rune(e.Source)
	col := e.Column() - 1
	from, to := 0, len(runes)
	prefix, suffix := "", ""
	if col-from > echoWindow {
		from = col - echoWindow
		prefix = "…"
	}
	if to-col > echoWindow {
		to = col + echoWindow
		suffix = "…"
	}
	var line strings.Builder
	for _, r := range runes[from:to] {
		if r == '\n' || r == '\t' || r == '\r' {
			r = ' '
		}
		line.WriteRune(r)
	}
	pad := strings.Repeat(" ", utf8.RuneCountInString(prefix)+col-from)
	return fmt.Sprintf("%s at column %d\n  %s%s%s\n  %s^", e.Msg, col+1, prefix, line.String(), suffix, pad)
}

func errorAt(src string, offset int, format string, args ...any) *Error {
	return &Error{Source: src, Offset: offset, Msg: fmt.Sprintf(format, args...)}
}
