package tomlfile

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/internal/diag"
)

// Pos maps a byte offset in the decoded value (the string a loader stored) to
// its place in the file, accounting for the quotes, for escapes ("\t" is two
// bytes in the file, one in the string; "\u00d7" six and two), for the newline
// that may open a multi-line string and for a line-ending backslash. An offset
// inside an escape maps to its backslash; one past the end to the closing quote.
// A value whose place is unknown gives the zero Pos.
func (v Value) Pos(offset int) diag.Pos {
	if !v.Start.IsValid() {
		return diag.Pos{}
	}
	raw := rawOffset(v.Raw, offset)
	pos := v.Start
	for _, c := range []byte(v.Raw[:raw]) {
		if c == '\n' {
			pos.Line++
			pos.Column = 1
		} else if utf8.RuneStart(c) {
			pos.Column++ // columns count characters
		}
	}
	pos.Offset += raw
	return pos
}

// Error is a problem at a byte offset of the decoded value, at its place in
// the file with the file's line under it.
func (v Value) Error(offset int, msg string) *diag.Error {
	pos := v.Pos(offset)
	e := &diag.Error{Pos: pos, Msg: msg}
	if pos.IsValid() {
		lines := strings.Split(v.lines, "\n")
		if i := pos.Line - v.Start.Line; i < len(lines) {
			e.Source = strings.TrimRight(lines[i], "\r")
		}
	}
	return e
}

// TextError places err, when it is (or wraps) a diag.TextError about v's
// decoded text, at the file line and column of the offending character, with
// prefix before the reader's message and the file's line under it. It is
// false when err is no such error or v's place is unknown.
func (v Value) TextError(prefix string, err error) (*diag.Error, bool) {
	var te diag.TextError
	if !v.Start.IsValid() || !errors.As(err, &te) {
		return nil, false
	}
	return v.Error(te.TextOffset(), prefix+te.Message()), true
}

// rawOffset returns the byte offset in raw, a TOML value as written, of byte
// off of its decoded text.
func rawOffset(raw string, off int) int {
	basic, open := stringDelimiter(raw)
	i := len(open)
	end := len(raw) - len(open)
	if len(open) == 3 { // a newline right after """ or ''' is not part of the string
		if strings.HasPrefix(raw[i:], "\r\n") {
			i += 2
		} else if strings.HasPrefix(raw[i:], "\n") {
			i++
		}
	}
	if open == "" {
		end = len(raw)
	}
	for decoded := 0; i < end; {
		if basic && raw[i] == '\\' && i+1 < end {
			rawLen, decodedLen := escapeLength(raw[i:end])
			if decodedLen > 0 && decoded+decodedLen > off {
				return i // at or inside the escape: point at its backslash
			}
			i += rawLen // a line-ending backslash decodes to nothing: skip it
			decoded += decodedLen
			continue
		}
		if decoded >= off {
			return i
		}
		i++
		decoded++
	}
	return min(i, len(raw))
}

// stringDelimiter returns the opening delimiter of a string value ("" for a
// number or other value) and whether escapes apply (basic strings).
func stringDelimiter(raw string) (basic bool, open string) {
	for _, d := range []string{`"""`, `'''`, `"`, `'`} {
		if strings.HasPrefix(raw, d) && len(raw) >= 2*len(d) {
			return d[0] == '"', d
		}
	}
	return false, ""
}

// escapeLength measures the escape at the start of s (s[0] is '\\'): its
// length in the file and the length of what it decodes to.
func escapeLength(s string) (rawLen, decodedLen int) {
	switch s[1] {
	case 'u', 'U', 'x':
		n := map[byte]int{'u': 4, 'U': 8, 'x': 2}[s[1]]
		if len(s) < 2+n {
			return len(s), 0
		}
		r, err := strconv.ParseUint(s[2:2+n], 16, 32)
		if err != nil {
			return 2 + n, 0
		}
		return 2 + n, utf8.RuneLen(rune(r))
	case ' ', '\t', '\r', '\n':
		// A line-ending backslash: it and all whitespace and newlines after it
		// are not part of the string.
		j := 1
		for j < len(s) && strings.IndexByte(" \t\r\n", s[j]) >= 0 {
			j++
		}
		return j, 0
	}
	return 2, 1
}
