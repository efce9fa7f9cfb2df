// Package tomlfile reads TOML files strictly and reports every problem with its
// place: file:line:column, the offending line and a caret, and for an unknown key
// or name the closest valid spelling. The problems, submissions and rubrics
// loaders share it so that every file nngrade reads fails the same helpful way.
package tomlfile

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a file. Line and Column are 1-based; 0 means unknown.
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
	// Source is the text of the offending line, shown with a caret under Column.
	Source string
	// Fatal marks an error after which the decoded values are incomplete (a syntax
	// error, or a value of the wrong type), so checks of their meaning would mislead.
	Fatal bool
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Source != "" && e.Column > 0 {
		line := strings.ReplaceAll(e.Source, "\t", " ")
		fmt.Fprintf(&b, "\n    %s\n    %s^", line, strings.Repeat(" ", caretOffset(line, e.Column)))
	}
	return b.String()
}

// caretOffset turns a 1-based byte column into a count of runes, so that the caret
// stands under the right character when the line holds "×" or "ε".
func caretOffset(line string, column int) int {
	if column-1 > len(line) {
		column = len(line) + 1
	}
	return len([]rune(line[:column-1]))
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
