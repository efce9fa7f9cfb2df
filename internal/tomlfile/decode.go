// Package tomlfile reads TOML files strictly and reports every problem with its
// place: file:line:column, the offending line and a caret, and for an unknown key
// or name the closest valid spelling. The problems, submissions and rubrics
// loaders share it so that every file nngrade reads fails the same helpful way.
package tomlfile

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/nngrade/nngrade/internal/diag"
)

// File is a TOML source kept for reporting problems at their place after
// decoding: BurntSushi/toml decodes but does not report where keys are, so the
// file is also read by go-toml's parser, which does (see Place).
type File struct {
	Name       string
	src        []byte
	text       string // src as a string, once: a value's lines are slices of it, not copies
	lineStarts []int  // byte offset of each line's first byte
	places     places
}

// NewFile indexes src for Place and Nth.
func NewFile(name string, src []byte) *File {
	f := &File{Name: name, src: src, text: string(src), lineStarts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			f.lineStarts = append(f.lineStarts, i+1)
		}
	}
	f.index()
	return f
}

// Place returns where the key at path is set. The path holds keys (strings)
// and array indices (ints): Place("questions", 2, "answer") is the answer of
// the third [[questions]] table, Place("networks", "cnn", "layers", 0) the
// first layer's inline table.
func (f *File) Place(path ...any) (Place, bool) {
	pl, ok := f.places.at[pathKey(path...)]
	return pl, ok
}

// Nth returns the nth (0-based) place, in document order, where the key path
// (without array indices) is set: Nth(2, "questions") is the third
// [[questions]] header.
func (f *File) Nth(nth int, path ...string) (Place, bool) {
	keys := make([]any, len(path))
	for i, k := range path {
		keys[i] = k
	}
	all := f.places.nth[pathKey(keys...)]
	if nth < 0 || nth >= len(all) {
		return Place{}, false
	}
	return all[nth], true
}

// Error makes a problem at a position of the file, with the line's text for
// the caret; a zero Line means the place is unknown.
func (f *File) Error(pos diag.Pos, msg string) *diag.Error {
	pos.File = f.Name
	e := &diag.Error{Pos: pos, Msg: msg}
	if pos.Line > 0 && pos.Line <= len(f.lineStarts) {
		e.Source = strings.TrimRight(f.linesOf(pos.Line, pos.Line), "\r")
	}
	return e
}

// LinePos is the position of a line whose column is unknown.
func LinePos(line int) diag.Pos { return diag.Pos{Line: line} }

// Decode reads src into v (a pointer to a struct with toml tags) and reports every
// problem it can find at once: a syntax error (with its line, column and caret;
// decoding stops there), values of the wrong type, and keys v has no place for,
// each with the closest valid key. It returns the metadata for callers that need
// key order (md.Keys() is in document order). A file nested deeper than
// MaxNesting is refused before it is parsed (see CheckNesting).
func Decode(name string, src []byte, v any) (toml.MetaData, *File, diag.ErrorList) {
	var errs diag.ErrorList
	if e := CheckNesting(name, src, MaxNesting); e != nil {
		errs.Add(e)
		return toml.MetaData{}, &File{Name: name, src: src, lineStarts: []int{0}}, errs
	}
	f := NewFile(name, src)
	md, err := toml.Decode(string(src), v)
	if err != nil {
		e := f.fromTOML(err)
		e.Fatal = true
		errs.Add(e)
		return md, f, errs
	}
	seen := map[string]int{}
	undecoded := md.Undecoded()
	undecodedSet := make(map[string]bool, len(undecoded))
	for _, k := range undecoded {
		undecodedSet[k.String()] = true
	}
	for _, key := range undecoded {
		path := []string(key)
		nth := seen[key.String()]
		seen[key.String()]++
		if parentUndecoded(undecodedSet, path) {
			continue // report the unknown table, not each key inside it
		}
		pl, _ := f.Nth(nth, path...)
		name := path[len(path)-1]
		valid := validKeys(reflect.TypeOf(v), path[:len(path)-1])
		msg := fmt.Sprintf("unknown key %q", name)
		if len(path) > 1 {
			msg = fmt.Sprintf("unknown key %q in %s", name, strings.Join(path[:len(path)-1], "."))
		}
		errs.Add(f.Error(pl.Name, msg+DidYouMean(name, valid)))
	}
	return md, f, errs
}

// parentUndecoded reports whether a table holding path is undecoded itself.
// The set is built once per file: building it per key made a file of many
// unknown keys take quadratic time (2000 keys, 16 KB, took 1.8 s).
func parentUndecoded(undecoded map[string]bool, path []string) bool {
	for i := 1; i < len(path); i++ {
		if undecoded[toml.Key(path[:i]).String()] {
			return true
		}
	}
	return false
}

var lineInMessage = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): `)

// fromTOML turns a decoding error into a positioned Error.
func (f *File) fromTOML(err error) *diag.Error {
	var perr toml.ParseError
	if errors.As(err, &perr) {
		msg := perr.Message
		if perr.LastKey != "" && !strings.Contains(msg, perr.LastKey) {
			msg = fmt.Sprintf("%s (at key %q)", msg, perr.LastKey)
		}
		// BurntSushi counts the column in bytes; a Pos in characters.
		line, col := perr.Position.Line, diag.Column(f.lineText(perr.Position.Line), perr.Position.Col-1)
		if strings.Contains(msg, `got '\n'`) && line > 1 {
			// The parser stands on the newline, which it counts as the next line;
			// the student's missing character belongs at the end of this one.
			line--
			col = utf8.RuneCountInString(strings.TrimRight(f.lineText(line), "\r")) + 1
		}
		return f.Error(diag.Pos{Line: line, Column: col}, "TOML syntax: "+msg)
	}
	msg := err.Error()
	if m := lineInMessage.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		key := m[2]
		rest := strings.TrimPrefix(msg, m[0])
		rest = strings.Replace(rest, "incompatible types: ", "", 1)
		return f.Error(f.keyOnLine(line, lastSegment(key)), fmt.Sprintf("key %q: %s", key, rest))
	}
	return f.Error(diag.Pos{}, strings.TrimPrefix(msg, "toml: "))
}

func lastSegment(key string) string {
	parts := strings.Split(key, ".")
	return strings.Trim(parts[len(parts)-1], `"`)
}

func (f *File) lineText(line int) string { return f.linesOf(line, line) }

// keyOnLine is the place of the key named name set on a line, or the line alone.
func (f *File) keyOnLine(line int, name string) diag.Pos {
	for _, pl := range f.places.all {
		if pl.Name.Line == line && pl.name == name {
			return pl.Name
		}
	}
	return LinePos(line)
}

// validKeys lists the toml keys a struct type accepts at path, following struct
// fields by tag, map values and slice elements; nil where anything goes.
func validKeys(t reflect.Type, path []string) []string {
	for {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if len(path) == 0 {
			break
		}
		switch t.Kind() {
		case reflect.Struct:
			f, ok := fieldByKey(t, path[0])
			if !ok {
				return nil
			}
			t = f.Type
		case reflect.Map:
			t = t.Elem()
		default:
			return nil
		}
		path = path[1:]
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if k := tomlKey(t.Field(i)); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if tomlKey(f) == key || (f.Tag.Get("toml") == "" && strings.EqualFold(f.Name, key)) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func tomlKey(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := strings.Split(f.Tag.Get("toml"), ",")[0]
	if tag == "-" {
		return ""
	}
	if tag == "" {
		return strings.ToLower(f.Name)
	}
	return tag
}
