package tomlfile

import (
	"strings"
	"testing"
)

func TestCheckNestingRefuses(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	dotted := func(n int) string { return strings.TrimSuffix(strings.Repeat("a.", n), ".") }
	cases := []struct {
		name, src string
		want      string // the error's first line
	}{
		{"inline tables", "x = " + deep("{a=", "}", 2000), "f.toml:1:53: arrays and tables nest more than 16 deep"},
		{"arrays", "x = " + deep("[", "]", 2000), "f.toml:1:21: arrays and tables nest more than 16 deep"},
		{"columns count characters", "x = [\"×\", " + deep("[", "]", 2000) + "]", "f.toml:1:26: arrays and tables nest more than 16 deep"},
		{"arrays over lines", "x = [\n" + strings.Repeat("[\n", 20), "f.toml:17:1: arrays and tables nest more than 16 deep"},
		{"dotted key", "s = 1\n" + dotted(2000) + " = 1", "f.toml:2:32: a dotted key or table header has more than 16 parts"},
		{"dotted key with spaces and quotes", `"a" . a . 'b.c' .` + dotted(20) + " = 1", "f.toml:1:43: a dotted key or table header has more than 16 parts"},
		{"dotted header", "[" + dotted(2000) + "]", "f.toml:1:33: a dotted key or table header has more than 16 parts"},
		{"array of tables header", "[[" + dotted(2000) + "]]", "f.toml:1:34: a dotted key or table header has more than 16 parts"},
		{"dotted key in an inline table", "x = {b = 1.5, " + dotted(2000) + " = 1}", "f.toml:1:46: a dotted key or table header has more than 16 parts"},
		{"after a multi-line string", "x = \"\"\"a\nb\"\"\"\"\"\n" + dotted(20) + " = 1", "f.toml:3:32: a dotted key or table header has more than 16 parts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := CheckNesting("f.toml", []byte(tc.src), MaxNesting)
			if e == nil {
				t.Fatal("no error")
			}
			if !e.Fatal {
				t.Error("not fatal")
			}
			if got, _, _ := strings.Cut(e.Error(), "\n"); !strings.HasPrefix(got, tc.want) {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			// The caret stands under the offending character.
			if c := tc.src[e.Offset]; !strings.ContainsRune(".[{", rune(c)) {
				t.Errorf("error at %q (offset %d)", c, e.Offset)
			}
			// Decode refuses it the same way, before parsing.
			var v map[string]any
			if _, _, errs := Decode("f.toml", []byte(tc.src), &v); len(errs) != 1 || errs[0].Error() != e.Error() {
				t.Errorf("Decode: %v", errs)
			}
		})
	}
}

// TestCheckNestingAccepts: what TOML allows within the limit passes, and
// brackets and dots inside strings and comments are not counted.
func TestCheckNestingAccepts(t *testing.T) {
	many := strings.Repeat(".[{", 40)
	ok := []string{
		"[" + strings.TrimSuffix(strings.Repeat("a.", 16), ".") + "]\n",
		"[[questions]]\nanswer = \"" + many + "\"\nb = '" + many + "'\n",
		"a = \"\"\"\n" + many + "\n" + many + "\\\"\"\"\n\"\"\"\n",
		"a = '''\n" + many + "\n'''\n",
		"a = \"\"\"x\"\"\"\"\"\nb = 1 # " + many + "\n",
		"a = \"esc \\\" " + many + "\"\n",
		"a = [1.5, 2.5e3, 1979-05-27T07:32:00.999, " + strings.Repeat("0.1, ", 40) + "]\n",
		"x = [\n  [1.5, 2.5],\n  { a.b = 1.5, c = [0.5] },\n]\n",
		"x = " + strings.Repeat("[", 16) + strings.Repeat("]", 16) + "\n",
		"\"" + many + "\" = 1\n",
	}
	for _, src := range ok {
		if e := CheckNesting("f.toml", []byte(src), MaxNesting); e != nil {
			t.Errorf("%q: %v", src, e)
		}
	}
}

// BenchmarkDecodeHostile measures how long Decode takes to refuse hostile
// files of about 6 KB. Before CheckNesting ran first it took from 0.2 s (a
// key of 2000 parts) to minutes (2000 nested inline tables).
func BenchmarkDecodeHostile(b *testing.B) {
	const n = 2000
	dotted := strings.TrimSuffix(strings.Repeat("a.", n), ".")
	for name, src := range map[string]string{
		"inline_tables": "x = " + strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n),
		"dotted_key":    dotted + " = 1",
		"dotted_header": "[" + dotted + "]",
		"array_header":  "[[" + dotted + "]]",
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var v map[string]any
				if _, _, errs := Decode("f.toml", []byte(src), &v); len(errs) == 0 {
					b.Fatal("accepted")
				}
			}
		})
	}
}
