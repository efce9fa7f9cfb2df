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

	"github.com/BurntSushi/toml"

	"github.com/nngrade/nngrade/internal/diag"
)

// File is a TOML source kept for locating keys and values after decoding:
// BurntSushi/toml does not expose key positions, so we find them in the text.
type File struct {
	Name  string
	lines []string
	// headers[i] is the table path in force on line i+1 ("[networks.cnn]" gives
	// ["networks", "cnn"]); nil before the first header.
	headers [][]string
}

// NewFile indexes src for Locate.
func NewFile(name string, src []byte) *File {
	f := &File{Name: name, lines: strings.Split(string(src), "\n")}
	var cur []string
	f.headers = make([][]string, len(f.lines))
	for i, line := range f.lines {
		if h, ok := parseHeader(line); ok {
			cur = h
		}
		f.headers[i] = cur
	}
	return f
}

// Decode reads src into v (a pointer to a struct with toml tags) and reports every
// problem it can find at once: a syntax error (with its line, column and caret;
// decoding stops there), values of the wrong type, and keys v has no place for,
// each with the closest valid key. It returns the metadata for callers that need
// key order (md.Keys() is in document order).
func Decode(name string, src []byte, v any) (toml.MetaData, *File, diag.ErrorList) {
	f := NewFile(name, src)
	var errs diag.ErrorList
	md, err := toml.Decode(string(src), v)
	if err != nil {
		e := f.fromTOML(err)
		e.Fatal = true
		errs.Add(e)
		return md, f, errs
	}
	seen := map[string]int{}
	for _, key := range md.Undecoded() {
		path := []string(key)
		nth := seen[key.String()]
		seen[key.String()]++
		if parentUndecoded(md, path) {
			continue // report the unknown table, not each key inside it
		}
		line, col := f.Locate(path, nth)
		name := path[len(path)-1]
		valid := validKeys(reflect.TypeOf(v), path[:len(path)-1])
		msg := fmt.Sprintf("unknown key %q", name)
		if len(path) > 1 {
			msg = fmt.Sprintf("unknown key %q in %s", name, strings.Join(path[:len(path)-1], "."))
		}
		errs.Add(f.At(line, col, msg+DidYouMean(name, valid)))
	}
	return md, f, errs
}

func parentUndecoded(md toml.MetaData, path []string) bool {
	undecoded := map[string]bool{}
	for _, k := range md.Undecoded() {
		undecoded[k.String()] = true
	}
	for i := 1; i < len(path); i++ {
		if undecoded[toml.Key(path[:i]).String()] {
			return true
		}
	}
	return false
}

// At makes an Error at a line and column of the file (0 for unknown).
func (f *File) At(line, col int, msg string) *diag.Error {
	e := &diag.Error{Pos: diag.Pos{File: f.Name, Line: line, Column: col}, Msg: msg}
	if line > 0 && line <= len(f.lines) {
		e.Source = strings.TrimRight(f.lines[line-1], "\r")
	}
	return e
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
		line, col := perr.Position.Line, perr.Position.Col
		if strings.Contains(msg, `got '\n'`) && line > 1 {
			// The parser stands on the newline, which it counts as the next line;
			// the student's missing character belongs at the end of this one.
			line--
			col = len(strings.TrimRight(f.lineText(line), "\r")) + 1
		}
		if text := f.lineText(line); col > len(text)+1 {
			col = len(text) + 1
		}
		return f.At(line, col, "TOML syntax: "+msg)
	}
	msg := err.Error()
	if m := lineInMessage.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		key := m[2]
		rest := strings.TrimPrefix(msg, m[0])
		rest = strings.Replace(rest, "incompatible types: ", "", 1)
		e := f.At(line, keyColumn(f.lineText(line), lastSegment(key)), fmt.Sprintf("key %q: %s", key, rest))
		return e
	}
	return f.At(0, 0, strings.TrimPrefix(msg, "toml: "))
}

func lastSegment(key string) string {
	parts := strings.Split(key, ".")
	return strings.Trim(parts[len(parts)-1], `"`)
}

func (f *File) lineText(line int) string {
	if line < 1 || line > len(f.lines) {
		return ""
	}
	return f.lines[line-1]
}

// Locate finds the nth (0-based) place where the key path is set: the line of a
// "key =" under a table header that is a prefix of the path, or the header itself
// for a table. It returns 0, 0 when the key cannot be found in the text.
func (f *File) Locate(path []string, nth int) (line, col int) {
	if len(path) == 0 {
		return 0, 0
	}
	name := path[len(path)-1]
	for i, text := range f.lines {
		if h, ok := parseHeader(text); ok {
			if equalPath(h, path) {
				if nth == 0 {
					return i + 1, strings.Index(text, "[") + 1
				}
				nth--
			}
			continue
		}
		if !isPrefix(f.headers[i], path[:len(path)-1]) && !(len(f.headers[i]) == 0 && len(path) == 1) {
			continue
		}
		if c := keyColumn(text, name); c > 0 {
			if nth == 0 {
				return i + 1, c
			}
			nth--
		}
	}
	return 0, 0
}

// LocateIn finds the first line at or after from (1-based) where key is set,
// before the next table header: used for a key inside one [[questions]] entry
// whose header line is from.
func (f *File) LocateIn(prefix []string, from int, key string) (line, col int) {
	if from < 1 {
		from = 1
	}
	for i := from - 1; i < len(f.lines); i++ {
		text := f.lines[i]
		if _, ok := parseHeader(text); ok {
			if i > from-1 {
				return 0, 0
			}
			continue
		}
		if c := keyColumn(text, key); c > 0 {
			return i + 1, c
		}
	}
	return 0, 0
}

// LocateInlineTable finds the nth (0-based) inline table "{ … }" that starts a line
// under the table path (a layer of [networks.cnn]'s layers array), or 0, 0.
func (f *File) LocateInlineTable(table []string, nth int) (line, col int) {
	for i, text := range f.lines {
		if _, ok := parseHeader(text); ok || !equalPath(f.headers[i], table) {
			continue
		}
		t := strings.TrimLeft(stripComment(text), " \t")
		if strings.HasPrefix(t, "layers") {
			if j := strings.Index(t, "{"); j >= 0 && strings.HasPrefix(strings.TrimSpace(t[strings.Index(t, "[")+1:]), "{") {
				t = t[j:]
			}
		}
		if strings.HasPrefix(t, "{") {
			if nth == 0 {
				return i + 1, len(text) - len(t) + 1
			}
			nth--
		}
	}
	return 0, 0
}

// keyColumn returns the 1-based column of `key =` (bare or quoted) in a line, or 0.
func keyColumn(text, key string) int {
	if key == "" {
		return 0
	}
	re := regexp.MustCompile(`(^|[\s{,.])("` + regexp.QuoteMeta(key) + `"|'` + regexp.QuoteMeta(key) + `'|` + regexp.QuoteMeta(key) + `)\s*=`)
	loc := re.FindStringSubmatchIndex(stripComment(text))
	if loc == nil {
		return 0
	}
	return loc[4] + 1
}

// stripComment blanks a trailing # comment (outside strings) so that keys named in
// comments are not found; it keeps byte offsets intact.
func stripComment(text string) string {
	inStr := byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inStr != 0:
			if c == '\\' && inStr == '"' {
				i++
			} else if c == inStr {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '#':
			return text[:i]
		}
	}
	return text
}

// parseHeader reads "[a.b]" or "[[a.\"b c\"]]" into its key path.
func parseHeader(line string) ([]string, bool) {
	s := strings.TrimSpace(stripComment(line))
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, false
	}
	s = strings.TrimPrefix(strings.TrimSuffix(s, "]"), "[")
	s = strings.TrimPrefix(strings.TrimSuffix(s, "]"), "[")
	var path []string
	var cur strings.Builder
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			path = append(path, strings.TrimSpace(cur.String()))
			cur.Reset()
		case c == ' ' || c == '\t':
		default:
			cur.WriteByte(c)
		}
	}
	path = append(path, strings.TrimSpace(cur.String()))
	return path, true
}

func isPrefix(prefix, path []string) bool {
	if len(prefix) > len(path) {
		return false
	}
	for i := range prefix {
		if prefix[i] != path[i] {
			return false
		}
	}
	return true
}

func equalPath(a, b []string) bool { return len(a) == len(b) && isPrefix(a, b) }

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

// ColumnOf returns the 1-based column where key is set on the given line, or 0.
func (f *File) ColumnOf(line int, key string) int {
	return keyColumn(f.lineText(line), key)
}

// Line returns the text of line n (1-based), or "" outside the file.
func (f *File) Line(n int) string { return f.lineText(n) }

// CheckNesting reports the first place where arrays and inline tables nest deeper
// than limit, so that hostile input cannot drive the TOML parser's recursion; nil
// when src is within the limit. Strings and comments are skipped.
func CheckNesting(name string, src []byte, limit int) *diag.Error {
	depth, line, col := 0, 1, 0
	quote := byte(0)
	for i := 0; i < len(src); i++ {
		c := src[i]
		col++
		switch {
		case c == '\n':
			line, col = line+1, 0
			if quote == '"' || quote == '\'' {
				// Single-line strings end at the line; multi-line ones are
				// rare enough here that treating them as code is safe: the
				// count can only stop a file, never let a deep one through.
				quote = 0
			}
		case quote != 0:
			if c == '\\' && quote == '"' && i+1 < len(src) && src[i+1] != '\n' {
				i++
				col++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '[' || c == '{':
			depth++
			if depth > limit {
				return NewFile(name, src).At(line, col, fmt.Sprintf("arrays and tables nest more than %d deep", limit))
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}
