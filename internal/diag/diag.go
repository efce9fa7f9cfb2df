// Package diag is nngrade's one notion of a place in a text and of a problem
// found there. Every file reader (problem sets, rubrics, submissions) reports
// an Error at a Pos, and every reader of a typed answer or formula (the engine's
// answer and expression readers) echoes the text with Caret, so that all of
// nngrade's messages point the same way: a caret under the offending character,
// long lines windowed around it, control characters masked.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a place in a text. Line and Column are 1-based; Column counts
// characters (runes) from the start of the line, as a user counts them and as
// the caret under an echo stands, so "60 × × 32" is wrong at column 6, not 7
// (a tab counts as one). Offset is the 0-based byte offset in the whole text.
// A zero Line means the place is unknown (a zero Column: the line is known,
// the column is not).
type Pos struct {
	File   string
	Line   int
	Column int
	Offset int
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:column, leaving out what is unknown.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Column > 0 {
			s += fmt.Sprintf(":%d", p.Column)
		}
	}
	return s
}

// Range is the text from Start up to (not including) End.
type Range struct {
	Start, End Pos
}

// Error is one problem at a place in a file, rendered as
//
//	file:line:column: message
//	    the offending line
//	    ^
type Error struct {
	Pos
	Msg string
	// Source is the text of the offending line, shown with a caret under Column.
	Source string
	// Fatal marks an error after which the decoded values are incomplete (a syntax
	// error, or a value of the wrong type), so checks of their meaning would mislead.
	Fatal bool
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Source != "" && e.Column > 0 {
		b.WriteString(Quote(e.Source, ByteOffset(e.Source, e.Column), "    "))
	}
	return b.String()
}

// TextError is an error of a reader of one text (a formula, a domain, an
// answer) that knows where in the text it stopped, so that a loader can report
// it at that character of the file the text was written in (see tomlfile's
// Value.TextError) instead of echoing the text alone.
type TextError interface {
	error
	// TextOffset is the byte offset of the problem in the text read.
	TextOffset() int
	// Message is what is wrong (and what would be valid), without the place
	// or an echo of the text.
	Message() string
}

// ErrorList collects every problem in one or more files, as go/scanner's does.
type ErrorList []*Error

// Add appends an error.
func (l *ErrorList) Add(e *Error) { *l = append(*l, e) }

// Sort orders the list by file, line and column, keeping the order of equal places.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Fatal reports whether decoding stopped early: the values are incomplete.
func (l ErrorList) Fatal() bool {
	for _, e := range l {
		if e.Fatal {
			return true
		}
	}
	return false
}

// Err returns nil for an empty list, else the list itself.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Column is the 1-based column (in characters) of byte offset within line.
func Column(line string, offset int) int {
	return utf8.RuneCountInString(line[:min(max(offset, 0), len(line))]) + 1
}

// ByteOffset is the byte offset in line of 1-based character column col; a
// column past the end counts on in bytes, so that a caret may stand after it.
func ByteOffset(line string, col int) int {
	for i := range line {
		if col <= 1 {
			return i
		}
		col--
	}
	return len(line) + max(col-1, 0)
}

// EchoWidth bounds an echoed line so that a long one still shows the place.
const EchoWidth = 72

// Quote renders the caret block that follows a message: a newline, the line of
// text holding the byte offset (see Caret), a newline and a caret under the
// offending character, each line starting with indent.
func Quote(text string, offset int, indent string) string {
	echo, pad := Caret(text, offset)
	return "\n" + indent + echo + "\n" + indent + strings.Repeat(" ", pad) + "^"
}

// Caret returns the line of text that holds the byte offset (the whole line
// when it has at most EchoWidth runes, else EchoWidth runes of it around the
// offset, cut ends marked "…") and how many columns of
// spaces put a caret under the offending rune. Every rune shows as one column:
// tabs and carriage returns become spaces and other unprintable runes "?", so
// the caret always lands within or just after the echo, and a control character
// in hostile text cannot reach the terminal.
func Caret(text string, offset int) (echo string, pad int) {
	off := min(max(offset, 0), len(text))
	for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
		off--
	}
	lineStart := strings.LastIndexByte(text[:off], '\n') + 1
	lineEnd := len(text)
	if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
		lineEnd = off + i
	}
	before := []rune(text[lineStart:off])
	after := []rune(text[off:lineEnd])
	lead, tail := "", ""
	if len(before)+len(after) > EchoWidth {
		// Too long to show whole: keep EchoWidth runes around the offset, half
		// before it unless what follows is shorter and leaves more room.
		keep := min(len(before), max(EchoWidth/2, EchoWidth-len(after)))
		if keep < len(before) {
			before = before[len(before)-keep:]
			lead = "…"
		}
		if len(before)+len(after) > EchoWidth {
			after = after[:EchoWidth-len(before)]
			tail = "…"
		}
	}
	echo = lead + strings.Map(mask, string(before)) + strings.Map(mask, string(after)) + tail
	return echo, utf8.RuneCountInString(lead) + len(before)
}

// mask is how a rune is shown in an echo: tabs and carriage returns as spaces,
// other unprintable runes (and invalid UTF-8) as "?".
func mask(r rune) rune {
	switch {
	case r == '\t' || r == '\r':
		return ' '
	case !unicode.IsPrint(r) || r == utf8.RuneError:
		return '?'
	}
	return r
}
