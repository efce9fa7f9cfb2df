package web

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// keySpellings are the ways a key value could be written down: a count with
// and without thousands separators, a shape with every separator and bracket,
// a formula as the key prints it, with and without spaces. Values under 10 are
// left out: any text holds them.
func keySpellings(ka grader.KeyAnswer) []string {
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	number := func(n int64) {
		if n < 10 && n > -10 {
			return
		}
		plain := strconv.FormatInt(n, 10)
		add(plain)
		if n >= 1000 || n <= -1000 {
			commas := grader.FormatInt(n)
			add(commas, strings.ReplaceAll(commas, ",", " "), strings.ReplaceAll(commas, ",", "\u2009"), strings.ReplaceAll(commas, ",", "\u202f"), strings.ReplaceAll(commas, ",", "."))
		}
	}
	switch ka.Kind {
	case grader.IntegerValue:
		number(ka.Int)
	case grader.ShapeValue, grader.TupleValue:
		var dims []string
		if ka.Kind == grader.ShapeValue {
			for _, d := range ka.Shape {
				dims = append(dims, strconv.FormatInt(d, 10))
			}
		} else {
			for _, d := range ka.Tuple {
				dims = append(dims, strconv.FormatFloat(d, 'g', -1, 64))
			}
		}
		if len(dims) == 1 {
			if n, err := strconv.ParseInt(dims[0], 10, 64); err == nil {
				number(n)
			}
			break
		}
		for _, sep := range []string{" × ", "×", " x ", "x", "*", " * ", ", ", ",", " by "} {
			joined := strings.Join(dims, sep)
			add(joined, "("+joined+")", "["+joined+"]")
		}
	default:
		// A formula as the key prints it; a bare variable ("eps") is named
		// in the question's hint and is no secret.
		if len(ka.Display) >= 4 {
			add(ka.Display, strings.ReplaceAll(ka.Display, " ", ""))
		}
		return out
	}
	add(ka.Display)
	return out
}

// TestPageHoldsNoKey: no spelling of any of hw8's key values is in the page
// (its HTML, script and the sealed edition it carries) or among the strings
// of its WebAssembly, except where the questions state it too (the input size
// of a network is given, and so may be a key's).
func TestPageHoldsNoKey(t *testing.T) {
	p := publishHW8(t)
	page := withoutBlob(string(p.page))
	wasm := wasmBytes(t, string(p.page))
	var public strings.Builder
	for _, q := range p.edition.Questions {
		public.WriteString(q.Text + "\n" + q.Hint + "\n")
	}
	// An identity's or asymptotic question's lhs is stated by the question
	// (3b asks for 1 − e^{−ε} to first order, which is 3a's key): the
	// edition carries it for the checker.
	for _, ka := range p.key.Answers {
		public.WriteString(ka.Question.Lhs + "\n")
	}
	checked := 0
	for _, ka := range p.key.Answers {
		for _, s := range keySpellings(ka) {
			if s == "" || len(s) < 2 {
				continue
			}
			if strings.Contains(public.String(), s) {
				t.Logf("%s: %q is in the questions' text, so not a secret", ka.Question.ID, s)
				continue
			}
			checked++
			for where, text := range map[string][]byte{"the page": []byte(page), "the edition": p.toml} {
				if i := indexToken(text, s); i >= 0 {
					t.Errorf("%s: the key's %q is in %s: …%s…", ka.Question.ID, s, where, text[max(0, i-60):min(len(text), i+len(s)+60)])
				}
			}
			if len(s) >= 4 {
				if i := indexToken(wasm, s); i >= 0 {
					t.Errorf("%s: the key's %q is in the WebAssembly: %q", ka.Question.ID, s, wasm[max(0, i-40):min(len(wasm), i+len(s)+40)])
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d spellings checked", checked)
	}
	t.Logf("%d spellings of %d key values checked", checked, len(p.key.Answers))
}

// indexToken is the first place of s in text as a token: 2432 in 12432, or a
// name inside a word, is not it. -1 when there is none.
func indexToken(text []byte, s string) int {
	word := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
	}
	for from := 0; ; {
		i := bytes.Index(text[from:], []byte(s))
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(s)
		before := i == 0 || !word(text[i-1]) && text[i-1] != '.' || !word(s[0])
		after := end == len(text) || !word(text[end]) || !word(s[len(s)-1])
		if before && after {
			return i
		}
		from = i + 1
	}
}
