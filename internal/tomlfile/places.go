package tomlfile

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/nngrade/nngrade/internal/diag"
)

// Place is where a key is written in the file and where its value is.
type Place struct {
	// Key is the start of the key: its first part in `a.b = 1`, the "[" of a
	// table header, or for an element of an array the element itself.
	Key diag.Pos
	// Name is the last part of the key: "b" in `a.b = 1`, `"1k"` in
	// [questions."1k"].
	Name diag.Pos
	// Value is the value as written (a string's quotes included). Only its
	// Start is known for arrays and inline tables; it is zero for a table header.
	Value Value
}

// Value is a value as written in the file: its place and its raw TOML text,
// quotes and escapes included, so that an offset in the decoded string can be
// mapped back to the file (see Pos).
type Value struct {
	diag.Range
	Raw string
	// lines is the text of the file lines the value spans, for the caret.
	lines string
}

// places indexes where every key of a file is set, built once from go-toml's
// parser: BurntSushi/toml, the decoder, does not report positions.
type places struct {
	// at holds each place by its path with array indices ("questions", 3,
	// "answer").
	at map[string]Place
	// nth holds each path without array indices in document order: the key
	// paths BurntSushi reports for undecoded keys carry no indices.
	nth map[string][]Place
	// all holds every place in document order with its path, for a search by line.
	all []namedPlace
}

type namedPlace struct {
	name string // the last part of the key
	Place
}

// pathKey encodes a path of keys (strings) and array indices (ints) as a map key.
func pathKey(path ...any) string {
	var b strings.Builder
	for _, p := range path {
		switch x := p.(type) {
		case string:
			b.WriteByte(0)
			b.WriteString(x)
		case int:
			b.WriteByte(1)
			b.WriteString(strconv.Itoa(x))
		default:
			panic("tomlfile: a path holds keys (string) and indices (int)")
		}
	}
	return b.String()
}

// withoutIndices drops the array indices from an encoded path.
func withoutIndices(key string) string {
	var b strings.Builder
	for _, seg := range strings.Split(key, "\x00") {
		if i := strings.IndexByte(seg, 1); i >= 0 {
			seg = seg[:i]
		}
		if seg != "" {
			b.WriteByte(0)
			b.WriteString(seg)
		}
	}
	return b.String()
}

// indexer walks go-toml's expressions and records every place.
type indexer struct {
	f      *File
	p      *unstable.Parser
	places places
	// arrays counts the tables of each array of tables ([[questions]]) by path.
	arrays map[string]int
	last   diag.Pos // the position pos gave last
}

func (f *File) index() {
	ix := &indexer{f: f, p: &unstable.Parser{}, arrays: map[string]int{},
		places: places{at: map[string]Place{}, nth: map[string][]Place{}}}
	ix.p.Reset(f.src)
	table := ""
	for ix.p.NextExpression() {
		e := ix.p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = ix.header(e)
		case unstable.KeyValue:
			ix.keyValue(table, e)
		}
	}
	// A file BurntSushi reads but go-toml does not (they may differ on the
	// edges of the TOML versions) keeps the places found before the
	// disagreement: errors after it are reported by line alone.
	f.places = ix.places
}

// header records a table header and returns the path it opens.
func (ix *indexer) header(e *unstable.Node) string {
	it := e.Key()
	var parts []*unstable.Node
	for it.Next() {
		parts = append(parts, it.Node())
	}
	path := ""
	for i, part := range parts {
		path += pathKey(string(part.Data))
		last := i == len(parts)-1
		if !last {
			if n, ok := ix.arrays[path]; ok {
				path += pathKey(n - 1) // [[a.b]] under [[a]]: in a's last table
			}
			ix.implicit(path, part)
			continue
		}
		open := ix.pos(bytes.LastIndexByte(ix.f.src[:ix.offset(parts[0])], '['))
		if e.Kind == unstable.ArrayTable {
			open = ix.pos(bytes.LastIndexByte(ix.f.src[:open.Offset], '['))
		}
		pl := Place{Key: open, Name: ix.pos(ix.offset(part))}
		ix.record(path, string(part.Data), pl)
		if e.Kind == unstable.ArrayTable {
			n := ix.arrays[path]
			ix.arrays[path] = n + 1
			path += pathKey(n)
			ix.places.at[path] = pl
		}
	}
	return path
}

// implicit records a table that a dotted key or header creates by naming it,
// at that name, unless the table was written already.
func (ix *indexer) implicit(path string, part *unstable.Node) {
	if _, ok := ix.places.at[path]; ok {
		return
	}
	pos := ix.pos(ix.offset(part))
	ix.record(path, string(part.Data), Place{Key: pos, Name: pos})
}

func (ix *indexer) record(path, name string, pl Place) {
	ix.places.at[path] = pl
	bare := withoutIndices(path)
	ix.places.nth[bare] = append(ix.places.nth[bare], pl)
	ix.places.all = append(ix.places.all, namedPlace{name: name, Place: pl})
}

// keyValue records `key = value` under the table path, and everything inside
// an inline table or array value.
func (ix *indexer) keyValue(table string, e *unstable.Node) {
	it := e.Key()
	path := table
	var first, last *unstable.Node
	for it.Next() {
		if last != nil {
			ix.implicit(path, last)
		}
		last = it.Node()
		if first == nil {
			first = last
		}
		path += pathKey(string(last.Data))
	}
	v := e.Value()
	start := ix.valueStart(last)
	ix.record(path, string(last.Data), Place{Key: ix.pos(ix.offset(first)), Name: ix.pos(ix.offset(last)), Value: ix.value(v, start)})
	ix.nested(path, v)
}

// nested records the keys of an inline table and the elements of an array.
func (ix *indexer) nested(path string, v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				ix.keyValue(path, kv)
			}
		}
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			el := it.Node()
			start := -1
			if el.Kind != unstable.Array {
				start = int(el.Raw.Offset)
			}
			elPath := path + pathKey(i)
			pos := ix.pos(max(start, 0))
			pl := Place{Key: pos, Name: pos, Value: ix.value(el, start)}
			if start < 0 {
				pl = Place{}
			}
			ix.places.at[elPath] = pl
			ix.nested(elPath, el)
		}
	}
}

// valueStart finds the first byte of the value after a key's last part: past
// the closing quote, spaces, "=" and spaces.
func (ix *indexer) valueStart(last *unstable.Node) int {
	i := ix.offset(last) + int(last.Raw.Length)
	src := ix.f.src
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '=') {
		i++
	}
	return i
}

// value describes a value starting at byte start (negative: unknown).
func (ix *indexer) value(v *unstable.Node, start int) Value {
	if start < 0 {
		return Value{}
	}
	end := start
	if v.Kind != unstable.Array && v.Kind != unstable.InlineTable {
		end = start + int(v.Raw.Length)
	}
	val := Value{Range: diag.Range{Start: ix.pos(start), End: ix.pos(end)}, Raw: string(ix.f.src[start:end])}
	val.lines = ix.f.linesOf(val.Start.Line, val.End.Line)
	return val
}

func (ix *indexer) offset(n *unstable.Node) int { return int(n.Raw.Offset) }

// pos is the position of offset. The index asks for the places of a line's
// values in order, so it counts each column on from the last place when that
// is earlier on the same line: counted from the line's start every time, a
// long line (a student edition's arrays of hashes) took quadratic time.
func (ix *indexer) pos(offset int) diag.Pos {
	ix.last = ix.f.posAfter(offset, ix.last)
	return ix.last
}

// pos turns a byte offset into a position of the file.
func (f *File) pos(offset int) diag.Pos { return f.posAfter(offset, diag.Pos{}) }

// posAfter is pos, counting the column on from an earlier position when it
// is on the same line before offset.
func (f *File) posAfter(offset int, earlier diag.Pos) diag.Pos {
	end := min(max(offset, 0), len(f.src))
	line := sort.Search(len(f.lineStarts), func(i int) bool { return f.lineStarts[i] > offset })
	start := f.lineStarts[line-1]
	from, column := start, 1
	if earlier.Line == line && earlier.Column > 0 && earlier.Offset >= start && earlier.Offset <= end {
		from, column = earlier.Offset, earlier.Column
	}
	column += utf8.RuneCount(f.src[from:end])
	return diag.Pos{File: f.Name, Line: line, Column: column, Offset: offset}
}

// linesOf returns the text of lines from to to (1-based, inclusive).
func (f *File) linesOf(from, to int) string {
	if from < 1 || to > len(f.lineStarts) {
		return ""
	}
	end := len(f.src)
	if to < len(f.lineStarts) {
		end = f.lineStarts[to] - 1
	}
	return f.text[f.lineStarts[from-1]:end]
}
