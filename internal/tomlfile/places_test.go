package tomlfile

import (
	"fmt"
	"testing"
)

const placesSrc = `id = "x"   # the set
[networks.cnn]
input = [4, 4, 1]
layers = [
  { name = "c", type = "conv2d" },
  {type="dense",units=3},
]

[[questions]]
id = "1"
answer.text = 'k'

[[questions]]
"id" = "2"
variables = { n = "integer 1..9" }
`

func TestPlace(t *testing.T) {
	f := NewFile("p.toml", []byte(placesSrc))
	cases := []struct {
		path      []any
		key, name string // file:line:column of the key and of its last part
		value     string // of the value
	}{
		{[]any{"id"}, "p.toml:1:1", "p.toml:1:1", "p.toml:1:6"},
		{[]any{"networks"}, "p.toml:2:2", "p.toml:2:2", ""},
		{[]any{"networks", "cnn"}, "p.toml:2:1", "p.toml:2:11", ""},
		{[]any{"networks", "cnn", "input"}, "p.toml:3:1", "p.toml:3:1", "p.toml:3:9"},
		{[]any{"networks", "cnn", "layers", 0}, "p.toml:5:3", "p.toml:5:3", "p.toml:5:3"},
		{[]any{"networks", "cnn", "layers", 0, "type"}, "p.toml:5:17", "p.toml:5:17", "p.toml:5:24"},
		{[]any{"networks", "cnn", "layers", 1, "units"}, "p.toml:6:17", "p.toml:6:17", "p.toml:6:23"},
		{[]any{"questions", 0}, "p.toml:9:1", "p.toml:9:3", ""},
		{[]any{"questions", 1}, "p.toml:13:1", "p.toml:13:3", ""},
		{[]any{"questions", 0, "answer", "text"}, "p.toml:11:1", "p.toml:11:8", "p.toml:11:15"},
		{[]any{"questions", 1, "id"}, "p.toml:14:1", "p.toml:14:1", "p.toml:14:8"},
		{[]any{"questions", 1, "variables", "n"}, "p.toml:15:15", "p.toml:15:15", "p.toml:15:19"},
	}
	for _, tc := range cases {
		pl, ok := f.Place(tc.path...)
		if !ok {
			t.Errorf("Place%v not found", tc.path)
			continue
		}
		value := ""
		if pl.Value.Start.IsValid() {
			value = pl.Value.Start.String()
		}
		if pl.Key.String() != tc.key || pl.Name.String() != tc.name || value != tc.value {
			t.Errorf("Place%v = key %s, name %s, value %q; want %s, %s, %q", tc.path, pl.Key, pl.Name, value, tc.key, tc.name, tc.value)
		}
	}
	if pl, ok := f.Nth(1, "questions", "id"); !ok || pl.Key.Line != 14 {
		t.Errorf("Nth(1, questions.id) = %v, %v; want line 14", pl.Key, ok)
	}
	if _, ok := f.Nth(2, "questions"); ok {
		t.Error("Nth(2, questions) found a third [[questions]]")
	}
}

func TestValuePos(t *testing.T) {
	cases := []struct {
		name, value string
		offset      int    // in the decoded string
		want        string // line:column in the file, the value starting at 1:10
	}{
		{"basic string", `"k(k+"`, 3, "1:14"},
		{"end of a basic string is its closing quote", `"k(k+"`, 5, "1:15"},
		{"escapes before the offset", `"a\\tb\u00d7c"`, 6, "1:22"},
		{"inside an escape points at the backslash", `"a\u00d7c"`, 2, "1:12"},
		{"a multi-byte escape", `"a\\tb\u00d7c"`, 5, "1:16"},
		{"literal string keeps backslashes", `'a\tb'`, 3, "1:14"},
		{"multi-line basic string skips its first newline", "\"\"\"\nab\ncd\"\"\"", 4, "3:2"},
		{"line-ending backslash", "\"\"\"ab \\\n    cd\"\"\"", 3, "2:5"},
		{"multi-line literal string", "'''\nx\\y'''", 2, "2:3"},
		{"a number is its own text", "146378", 3, "1:13"},
		{"columns count characters, not bytes", `"26 × 26 × × 8"`, len("26 × 26 × "), "1:21"},
		{"on a later line too", "\"\"\"\n× ×\n× ?\"\"\"", len("× ×\n× "), "3:3"},
	}
	for _, tc := range cases {
		f := NewFile("v.toml", []byte("answer = "+tc.value+"\n"))
		pl, ok := f.Place("answer")
		if !ok {
			t.Fatalf("%s: no place", tc.name)
		}
		pos := pl.Value.Pos(tc.offset)
		if got := fmt.Sprintf("%d:%d", pos.Line, pos.Column); got != tc.want {
			t.Errorf("%s: offset %d of %s is at %s, want %s", tc.name, tc.offset, tc.value, got, tc.want)
		}
	}
}

func TestValueError(t *testing.T) {
	f := NewFile("v.toml", []byte("[q]\nanswer = \"\"\"\n  k(k+\\t\n  m\"\"\"\n"))
	pl, _ := f.Place("q", "answer")
	got := pl.Value.Error(len("  k(k+\t\n  "), "unexpected m").Error()
	want := "v.toml:4:3: unexpected m\n      m\"\"\"\n      ^"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
