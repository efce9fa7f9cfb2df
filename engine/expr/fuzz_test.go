package expr

import (
	"errors"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"k(k+m)+k", "k^2 + km + k", "k² + km + k", `k \cdot (k+m) + k`, "$k(k+m)+k$",
	`1 - e^{-\epsilon}`, "1-exp(-ε)", "1 − e^(−ε)", `\frac{p-q}{p}`, `\sqrt[3]{x}`,
	"sum(p*eps)", "kl(p, q)", "diff(sigmoid(x), x)", "|x|", "⌊n/2⌋", "P = k^2", "x⁻¹",
	"2^2^2^2^2^2", "((((k))))", "k(k+)", `\left(`, "1e400", "log_{2}(x)", "σ(x)", "",
	// Issue 9 A's spellings: powers on split names, bare function arguments,
	// powers of functions, reciprocal functions, fractions, full stops.
	"2kn^2", "kn²m", "k(km^2+1)", "sin 2x", `\log 2n`, `n \log n`, `\log n (n+1)`, `\sin x \cos x`,
	`\tanh^2(x)`, `\tanh^{2} x`, "tanh²(x)", `\sin^{-1} x`, `\operatorname{sech} x`, "coth x^2",
	"½x", "x^¾", "= k(k+m) + k.", "2E+3", `\ln x`, "ｘ² ＋ ２ｘ", "µ", "xⁿ", "ﬁ",
}

func fuzzEnv(t testing.TB) *Env {
	env, err := NewEnv([]Var{
		{"n", "integer 1..1000"}, {"k", "integer 1..1000"}, {"m", "integer 1..1000"},
		{"x", "real (-2, 2)"}, {"p", "simplex 4"}, {"q", "simplex 4"},
	}, []Define{{"eps", "log(p) - log(q)"}}, Options{Points: 8})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// FuzzParse: no input panics; every error is an *Error whose rendering
// includes a caret; every accepted answer prints a canonical form that
// parses again.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	env := fuzzEnv(f)
	f.Fuzz(func(t *testing.T, src string) {
		x, err := env.Parse(src)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("%q: error %T is not *Error", src, err)
			}
			if !strings.Contains(err.Error(), "^") {
				t.Fatalf("%q: error has no caret: %v", src, err)
			}
			return
		}
		// The canonical form spells things out (ε → eps, H x → entropy(x),
		// xx → (x·x)), so it may pass a size or depth limit the input kept
		// within; any other failure to read it back is a bug.
		if _, err := env.Parse(x.String()); err != nil && !overLimit(err) {
			t.Fatalf("%q reads as %q, which does not parse: %v", src, x, err)
		}
		_ = x.LaTeX()
	})
}

// FuzzCompare: comparing any two answers returns a verdict, and a wrong
// verdict always explains itself.
func FuzzCompare(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+3)%len(fuzzSeeds)])
	}
	env := fuzzEnv(f)
	f.Fuzz(func(t *testing.T, a, b string) {
		key, err1 := env.Parse(a)
		ans, err2 := env.Parse(b)
		if err1 != nil || err2 != nil {
			return
		}
		v := env.Compare(key, ans)
		if !v.Equivalent && v.Diagnosis == "" {
			t.Fatalf("%q vs %q: not equivalent, no diagnosis", a, b)
		}
		if key.Len() == 0 && ans.Len() == 0 {
			_ = env.CompareAsymptotic(key, ans, "x", 2)
		}
		if self := env.Compare(key, key); !self.Equivalent && !strings.Contains(self.Diagnosis, "undefined") && !strings.Contains(self.Diagnosis, "not allow") {
			t.Fatalf("%q is not equivalent to itself: %s", a, self.Diagnosis)
		}
	})
}

func overLimit(err error) bool {
	for _, s := range []string{"too long", "too deeply", "too large", "too many"} {
		if strings.Contains(err.Error(), s) {
			return true
		}
	}
	return false
}

// FuzzNames: no text panics Names, and each name it finds is a name in the
// text as given: its offset is within the text, in order, and the text there
// reads as the name once normalised (a rubric's error is placed by it).
func FuzzNames(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("k1*k1*3*f1 + f2")
	f.Fuzz(func(t *testing.T, src string) {
		last := -1
		for _, n := range Names(src) {
			if n.Offset < 0 || n.Offset >= len(src) || n.Offset < last {
				t.Fatalf("Names(%q): %q at offset %d (previous %d, length %d)", src, n.Name, n.Offset, last, len(src))
			}
			if n.Name == "" {
				t.Fatalf("Names(%q): an empty name at %d", src, n.Offset)
			}
			last = n.Offset
		}
	})
}
