// Package errortest checks loaders against error tests written as data, as
// go/parser's are: each test file marks the errors it must produce on comment
// lines right under the offending line, and Run fails on a missing error, an
// unexpected one, or one at another line or column.
//
// A marker is a TOML comment line of one of these forms, about the closest
// line above it that is not a marker:
//
//	#        ^ ERROR "regexp"   an error at the column of the character above the caret
//	# ERROR "regexp"            an error at column 1 (the "#" is the caret)
//	# LINE ERROR "regexp"       an error at the line, with no column
//	# FILE ERROR "regexp"       an error in the file, with no line
//
// The regexp, everything between the first and the last double quote taken
// as written (\" for a quote, \( for a parenthesis), must match the error's
// message: its first line, without the file:line:column prefix.
package errortest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nngrade/nngrade/internal/diag"
)

// Run loads every file matching pattern (a filepath.Glob pattern) with load,
// which receives the file's path and text, and checks the errors it returns
// against the file's markers. It fails when no file matches.
func Run(t *testing.T, pattern string, load func(name string, src []byte) error) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no error tests match %s (%v)", pattern, err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Markers(name, src)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatalf("%s marks no error: an error test must expect at least one", name)
			}
			Check(t, want, Flatten(load(name, src)))
		})
	}
}

// AddSeeds adds the text of every file matching pattern to a fuzz target's
// corpus: error tests are the inputs closest to the edges of a loader.
func AddSeeds(f *testing.F, pattern string) {
	f.Helper()
	files, _ := filepath.Glob(pattern)
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
}

// Expected is one error a test file marks.
type Expected struct {
	diag.Pos // Line 0: anywhere in the file; Column 0: no column
	Msg      *regexp.Regexp
	// Marker is the marker's own line, for messages about it.
	Marker int
}

var markerLine = regexp.MustCompile(`^#( *\^ | |( LINE| FILE) )ERROR (".*")\s*$`)

// Markers reads the expected errors of a test file.
func Markers(name string, src []byte) ([]Expected, error) {
	var out []Expected
	target := 0 // the line the markers below are about
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimRight(line, "\r")
		m := markerLine.FindStringSubmatch(line)
		if m == nil {
			if strings.Contains(line, "ERROR") && strings.HasPrefix(line, "#") {
				return nil, fmt.Errorf("%s:%d: a malformed ERROR marker", name, i+1)
			}
			target = i + 1
			continue
		}
		rx, err := regexp.Compile(m[3][1 : len(m[3])-1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, i+1, err)
		}
		e := Expected{Pos: diag.Pos{File: name, Line: target, Column: 1}, Msg: rx, Marker: i + 1}
		switch {
		case m[2] == " LINE":
			e.Column = 0
		case m[2] == " FILE":
			e.Line, e.Column = 0, 0
		case strings.Contains(m[1], "^"):
			// Columns count characters, as the marker's caret lines up.
			e.Column = utf8.RuneCountInString(line[:strings.Index(line, "^")]) + 1
		}
		if e.Line == 0 && m[2] != " FILE" {
			return nil, fmt.Errorf("%s:%d: a marker before any line", name, i+1)
		}
		out = append(out, e)
	}
	return out, nil
}

// Flatten lists the positioned errors in err: the elements of a
// diag.ErrorList or of errors.Join, each *diag.Error as it is, and any other
// error read from its text, "file:line:column: message" (line and column
// optional).
func Flatten(err error) []*diag.Error {
	switch e := err.(type) {
	case nil:
		return nil
	case diag.ErrorList:
		return e
	case *diag.Error:
		return []*diag.Error{e}
	case interface{ Unwrap() []error }:
		var out []*diag.Error
		for _, inner := range e.Unwrap() {
			out = append(out, Flatten(inner)...)
		}
		return out
	}
	return []*diag.Error{parse(err.Error())}
}

var placePrefix = regexp.MustCompile(`^([^:\n]+)(?::(\d+))?(?::(\d+))?: `)

// parse reads an error's place from its text.
func parse(text string) *diag.Error {
	first, _, _ := strings.Cut(text, "\n")
	m := placePrefix.FindStringSubmatch(first)
	if m == nil {
		return &diag.Error{Msg: first}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return &diag.Error{Pos: diag.Pos{File: m[1], Line: line, Column: col}, Msg: strings.TrimPrefix(first, m[0])}
}

// Reporter is the part of *testing.T that Check reports through.
type Reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// Check matches the errors got with the expected ones, each once, and reports
// every expected error missing and every error not expected.
func Check(t Reporter, want []Expected, got []*diag.Error) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, g := range got {
			if used[i] || g.File != w.File || g.Line != w.Line || g.Column != w.Column {
				continue
			}
			msg, _, _ := strings.Cut(g.Msg, "\n")
			if w.Msg.MatchString(msg) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s: missing error matching %q (marked on line %d)", w.Pos, w.Msg, w.Marker)
		}
	}
	for i, g := range got {
		if !used[i] {
			t.Errorf("unexpected error %s: %s", g.Pos, g.Msg)
		}
	}
}
