package tomlfile

import (
	"fmt"

	"github.com/nngrade/nngrade/internal/diag"
)

// MaxNesting bounds how deep a file's arrays and inline tables nest and how
// many parts a dotted key or table header has (a.b.c is three). Decode refuses
// a file beyond it before parsing: both TOML parsers nngrade uses take time
// that grows faster than the file on such input (a 4 KB student file of
// {a={a=…}} or of a key with two thousand parts held up a whole class for
// seconds), while nngrade's own files need four levels at most.
const MaxNesting = 16

// CheckNesting reports the first place where arrays and inline tables nest deeper
// than limit, or where a dotted key or table header has more than limit parts,
// so that hostile input cannot drive the TOML parsers' recursion or their work
// per key; nil when src is within the limit. It reads src once, in time linear
// in its length, skipping strings (all four kinds) and comments as TOML does.
func CheckNesting(name string, src []byte, limit int) *diag.Error {
	s := nestingScanner{name: name, src: src, limit: limit, line: 1}
	return s.scan()
}

// Kinds of bracket on the scanner's stack.
const (
	headerBracket = 'h' // [table] or [[array of tables]]
	arrayBracket  = 'a'
	tableBrace    = 't' // an inline table
)

type nestingScanner struct {
	name      string
	src       []byte
	limit     int
	line      int
	lineStart int    // offset of the current line's first byte
	stack     []byte // open brackets, innermost last
	// inValue is true after a key's "=" (a dot is then part of a number),
	// false where a key or header is being written.
	inValue bool
	dots    int // dots in the key or header being written
}

func (s *nestingScanner) scan() *diag.Error {
	src := s.src
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\n':
			s.newline(i)
			if len(s.stack) == 0 {
				s.inValue, s.dots = false, 0
			}
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			i = s.skipString(i)
		case '=':
			s.inValue = true
		case '.':
			if !s.inValue {
				s.dots++
				if s.dots >= s.limit {
					return s.errorAt(i, fmt.Sprintf("a dotted key or table header has more than %d parts", s.limit))
				}
			}
		case ',':
			if s.top() == tableBrace {
				s.inValue, s.dots = false, 0
			}
		case '[', '{':
			kind := byte(arrayBracket)
			switch {
			case c == '{':
				kind = tableBrace
			case !s.inValue && (len(s.stack) == 0 || s.top() == headerBracket):
				kind = headerBracket
			}
			if len(s.stack) >= s.limit {
				return s.errorAt(i, fmt.Sprintf("arrays and tables nest more than %d deep", s.limit))
			}
			s.stack = append(s.stack, kind)
			s.inValue = kind == arrayBracket
			if kind == tableBrace {
				s.dots = 0
			}
		case ']', '}':
			if len(s.stack) > 0 {
				closed := s.stack[len(s.stack)-1]
				s.stack = s.stack[:len(s.stack)-1]
				// After an array or inline table comes the rest of a value;
				// after a header's bracket, nothing is a value.
				s.inValue = closed != headerBracket
			}
		}
	}
	return nil
}

func (s *nestingScanner) top() byte {
	if len(s.stack) == 0 {
		return 0
	}
	return s.stack[len(s.stack)-1]
}

func (s *nestingScanner) newline(i int) { s.line, s.lineStart = s.line+1, i+1 }

// skipString returns the offset of the last byte of the string that opens at
// i. A one-line string, basic (double quotes) or literal (single), ends at its
// quote or, unterminated, at the end of the line; a multi-line one (three
// quotes) at the last three quotes of a run of three to five, since TOML lets
// a string end in quotes.
func (s *nestingScanner) skipString(i int) int {
	src, q := s.src, s.src[i]
	multi := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	if !multi {
		for j := i + 1; j < len(src); j++ {
			switch {
			case src[j] == '\n':
				return j - 1 // the newline is the scanner's
			case src[j] == '\\' && q == '"' && j+1 < len(src) && src[j+1] != '\n':
				j++
			case src[j] == q:
				return j
			}
		}
		return len(src) - 1
	}
	for j := i + 3; j < len(src); j++ {
		switch {
		case src[j] == '\n':
			s.newline(j)
		case src[j] == '\\' && q == '"' && j+1 < len(src):
			if src[j+1] == '\n' {
				s.newline(j + 1)
			}
			j++
		case src[j] == q && j+2 < len(src) && src[j+1] == q && src[j+2] == q:
			end := j + 2
			for n := 0; n < 2 && end+1 < len(src) && src[end+1] == q; n++ {
				end++
			}
			return end
		}
	}
	return len(src) - 1
}

// errorAt is the problem at byte offset i, with its line for the caret. It does
// not index the file as NewFile does: that would parse the hostile input.
func (s *nestingScanner) errorAt(i int, msg string) *diag.Error {
	end := s.lineStart
	for end < len(s.src) && s.src[end] != '\n' {
		end++
	}
	source := string(s.src[s.lineStart:end])
	if len(source) > 0 && source[len(source)-1] == '\r' {
		source = source[:len(source)-1]
	}
	return &diag.Error{
		Pos:    diag.Pos{File: s.name, Line: s.line, Column: diag.Column(source, i-s.lineStart), Offset: i},
		Msg:    msg + "; nngrade's files never need so many, so the file is not read",
		Source: source,
		Fatal:  true,
	}
}
