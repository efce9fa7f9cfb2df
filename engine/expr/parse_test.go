package expr

import (
	"errors"
	"strings"
	"testing"
)

func rnnEnv(t testing.TB) *Env {
	t.Helper()
	e, err := NewEnv([]Var{{"n", "integer 1..1000"}, {"k", "integer 1..1000"}, {"m", "integer 1..1000"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func epsEnv(t testing.TB) *Env {
	t.Helper()
	e, err := NewEnv([]Var{{"p", "real (0, 1)"}, {"q", "real (0, 1)"}}, []Define{{"eps", "log(p) - log(q)"}}, Options{Allow: []string{"eps"}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestNotation checks that every spelling a student may type reads as the
// same canonical formula.
func TestNotation(t *testing.T) {
	groups := []struct {
		name      string
		env       func(testing.TB) *Env
		canonical string
		spellings []string
	}{
		{"rnn", rnnEnv, "k·(k + m) + k", []string{
			"k(k+m)+k", `k \cdot (k+m) + k`, "$k(k+m)+k$", "$$k(k+m)+k$$", `\(k(k+m)+k\)`,
			"k*(k+m)+k", "k×(k+m)+k", "k·(k+m)+k", `k\left(k+m\right)+k`, "P = k(k+m)+k", `k \times \{k+m\} + k`,
		}},
		{"rnn-expanded", rnnEnv, "k^2 + k·m + k", []string{
			"k^2 + km + k", "k² + km + k", "k**2 + k m + k", "k^{2} + k\\cdot m + k", "$k^2+km+k$",
		}},
		{"eps", epsEnv, "1 - exp(-eps)", []string{
			`1 - e^{-\epsilon}`, "1-exp(-ε)", "1 − e^(−ε)", `1 - e^{-\varepsilon}`, `1-\exp(-\epsilon)`,
			"1 - e^-eps", "1 – exp(−ϵ)", `$1 - e^{-\epsilon}$`, "1 - exp(-epsilon)",
		}},
		{"eps-variable", func(tb testing.TB) *Env {
			e, err := NewEnv([]Var{{"eps", "real (-1, 1)"}}, nil, Options{})
			if err != nil {
				tb.Fatal(err)
			}
			return e
		}, "1 - exp(-eps)", []string{
			`1 - e^{-\epsilon}`, "1-exp(-ε)", "1 − e^(−ε)", `1 - e^{-\varepsilon}`, `\(1-\exp(-\epsilon)\)`,
		}},
		{"kl", func(tb testing.TB) *Env {
			e, err := NewEnv([]Var{{"p", "simplex 6"}, {"q", "simplex 6"}}, []Define{{"eps", "log(p) - log(q)"}}, Options{})
			if err != nil {
				tb.Fatal(err)
			}
			return e
		}, "sum(p·eps)", []string{
			"sum(p*eps)", `\sum_i p_i \epsilon_i`, `\sum_{i=1}^{6} p_i \varepsilon_i`, "Σ p ε", "∑_i p_i ε_i",
			`$$\sum_{i} p_{i}\epsilon_{i}$$`, "D_KL = sum(p eps)",
		}},
		{"frac", epsEnv, "(p - q)/p", []string{
			`\frac{p-q}{p}`, `\dfrac{p - q}{p}`, `\tfrac{p-q}{p}`, "(p-q)/p", "(p − q) ÷ p", `\left(p-q\right)/p`,
		}},
	}
	for _, g := range groups {
		env := g.env(t)
		for _, s := range g.spellings {
			t.Run(g.name+"/"+s, func(t *testing.T) {
				x, err := env.Parse(s)
				if err != nil {
					t.Fatal(err)
				}
				if got := x.String(); got != g.canonical {
					t.Errorf("read as %q, want %q", got, g.canonical)
				}
			})
		}
	}
}

// TestReading checks how single constructs are read.
func TestReading(t *testing.T) {
	env, err := NewEnv([]Var{
		{"x", "real (-2, 2)"}, {"y", "real (0, 3)"}, {"n", "integer 1..50"}, {"eps", "real (-1, 1)"}, {"v", "vector 3 (-1, 1)"},
	}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ in, want string }{
		{"2x", "2·x"},
		{"xy", "x·y"},
		{"(x+y)(x-y)", "(x + y)·(x - y)"},
		{"-x^2", "-x^2"},
		{"(-x)^2", "(-x)^2"},
		{"2^-x", "2^(-x)"},
		{"2^3^2", "2^3^2"},
		{"x**2", "x^2"},
		{"x³", "x^3"},
		{"x⁻¹", "x^(-1)"},
		{"1.5e-3x", "0.0015·x"},
		{"2e", "2·e"},
		{"e^x", "exp(x)"},
		{"√x", "sqrt(x)"},
		{`\sqrt{x+y}`, "sqrt(x + y)"},
		{`\sqrt[3]{y}`, "y^(1/3)"},
		{`\log p`, ""},
		{`\ln y - \log y`, "log(y) - log(y)"},
		{"log_2(y)", "log2(y)"},
		{`\log_{10} y`, "log10(y)"},
		{"|x|", "abs(x)"},
		{`\lfloor n/2 \rfloor`, "floor(n/2)"},
		{"⌈n/2⌉", "ceil(n/2)"},
		{"σ(x)", "sigmoid(x)"},
		{`\operatorname{relu}(x)`, "relu(x)"},
		{"pi*x", "pi·x"},
		{"π x", "pi·x"},
		{"diff(sigmoid(x), x)", "diff(sigmoid(x), x)"},
		{"sum(v^2)", "sum(v^2)"},
		{"softmax(2v)", "softmax(2·v)"},
		{"x - (y - n)", "x - (y - n)"},
		{"x/(y·n)", "x/(y·n)"},
		{"x + -y", "x + (-y)"},
		{"ε/2", "eps/2"},
		{`\frac12 x`, "1/2·x"},
		{`\sum_i v_i^2 + 1`, "sum(v^2) + 1"},
		{"max(x, y, n)", "max(x, y, n)"},
		{"tanh x", "tanh(x)"},
		// A function without parentheses takes the product that follows (issue 9 A).
		{"sin 2x", "sin(2·x)"},
		{`\log 2n`, "log(2·n)"},
		{`n \log n`, "n·log(n)"},
		{`\log x^2 y`, "log(x^2·y)"},
		{`\sin x \cos x`, "sin(x)·cos(x)"},
		{`\log y - \log x`, "log(y) - log(x)"},
		{`\log n \cdot y`, "log(n)·y"},
		{`\log n (n+1)`, ""},
		// A power of a function.
		{`\tanh^2(x)`, "tanh(x)^2"},
		{`\tanh^{2} x`, "tanh(x)^2"},
		{"tanh²(x)", "tanh(x)^2"},
		{`\sin^{-1} x`, ""},
		{"sech(x)", "1/cosh(x)"},
		{`\operatorname{sech}^2 x`, "1/cosh(x)^2"},
		{`\coth x + csch(x) + sec(x)`, "1/tanh(x) + 1/sinh(x) + 1/cos(x)"},
		{`\ln y`, "log(y)"},
		{`\operatorname{erf}(x) + erfc x`, "erf(x) + erfc(x)"},
		{`\frac{x}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)`, "x/2·(1 + erf(x/sqrt(2)))"},
		// Unicode fractions are one group.
		{"½ x", "1/2·x"},
		{"y^½", "y^(1/2)"},
		{"¾", "3/4"},
		// A full stop ends a sentence, and "=" starts the right-hand side.
		{"= x + y.", "x + y"},
		{"$$= x(x+y) + x.$$", "x·(x + y) + x"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			x, err := env.Parse(c.in)
			if c.want == "" {
				if err == nil {
					t.Fatalf("read as %q, want an error", x)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := x.String(); got != c.want {
				t.Errorf("read as %q, want %q", got, c.want)
			}
			// The canonical form reads back to the same form.
			y, err := env.Parse(x.String())
			if err != nil {
				t.Fatalf("canonical %q does not parse: %v", x, err)
			}
			if y.String() != x.String() {
				t.Errorf("canonical %q re-reads as %q", x, y)
			}
		})
	}
}

// TestImplicitProduct pins that an implicit product binds tighter than + and
// looser than ^ also inside a run of letters, as in every textbook: CK^2 is
// C·K², not (C·K)² (issue 9 A), and the seed student's RNN answers read as
// written.
func TestImplicitProduct(t *testing.T) {
	env, err := NewEnv([]Var{{"C", "integer 1..50"}, {"K", "integer 1..50"}, {"N", "integer 1..50"},
		{"k", "integer 1..50"}, {"n", "integer 1..50"}, {"m", "integer 1..50"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ in, want string }{
		{"CK^2", "C·K^2"},
		{"2kn^2", "2·k·n^2"},
		{"N(CK^2+1)", "N·(C·K^2 + 1)"},
		{"kn²", "k·n^2"},
		{"kn^2m", "k·n^2·m"},
		{"CK^{2}N", "C·K^2·N"},
		// /work/shared/seed/homework8.md, problem 2.
		{"$$= k(k+m) + k.$$", "k·(k + m) + k"},
		{"$$= k^2 + km + k$$", "k^2 + k·m + k"},
	}
	for _, c := range cases {
		x, err := env.Parse(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := x.String(); got != c.want {
			t.Errorf("%s read as %q, want %q", c.in, got, c.want)
		}
	}
}

// TestErrors compares whole rendered errors, caret included.
func TestErrors(t *testing.T) {
	env := rnnEnv(t)
	cases := []struct{ in, want string }{
		{"k(k+)", "unexpected \")\" (no matching opening bracket) at column 5\n  k(k+)\n      ^"},
		{"k+", "unexpected end of input at column 3\n  k+\n    ^"},
		{"k + z", "unknown name \"z\" (known names: n, k, m) at column 5\n  k + z\n      ^"},
		{"(k+m", "expected \")\", found end of input at column 5\n  (k+m\n      ^"},
		{"k # m", "unexpected character '#' at column 3\n  k # m\n    ^"},
		{`k \alef`, "unknown LaTeX command \"\\alef\" at column 3\n  k \\alef\n    ^"},
		{"k = m", "unexpected \"=\": write only the expression, as in \"k^2 + k\" at column 3\n  k = m\n    ^"},
		{"ε − k)", "unknown name \"ε\" (known names: n, k, m) at column 1\n  ε − k)\n  ^"},
		{"k^5000", "the exponent 5000 is too large (at most 1000) at column 3\n  k^5000\n    ^"},
		{"max k", "max needs parentheses around its arguments: max(a, b) at column 5\n  max k\n      ^"},
		{"", "the answer is empty at column 1\n  \n  ^"},
		// A multi-line answer names the line, and counts the column within it,
		// as the echo shows only that line.
		{"k*(k+n)\n  + m)", "unexpected \")\" (no matching opening bracket) at line 2, column 6\n    + m)\n       ^"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := env.Parse(c.in)
			if err == nil {
				t.Fatal("no error")
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %T is not *Error", err)
			}
			if got := err.Error(); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestLimits feeds over-limit answers: each must be a clear error.
func TestLimits(t *testing.T) {
	env := rnnEnv(t)
	cases := []struct{ name, in, want string }{
		{"length", strings.Repeat("k+", MaxLength/2+1) + "k", "too long"},
		{"depth", strings.Repeat("(", 100) + "k" + strings.Repeat(")", 100), "nested too deeply"},
		{"nodes", strings.Repeat("k*", 900) + "k", "too large"},
		{"digits", strings.Repeat("9", 150), "too many digits"},
		{"literal exponent", "1e999999999", "out of range"},
		{"power tower", "2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^2", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x, err := env.Parse(c.in)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				key, _ := env.Parse("k")
				_ = env.Compare(key, x) // must return, not hang or panic
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
	// A huge polynomial falls back to sampling instead of expanding.
	big, err := env.Parse("(k+m+n+1)^60")
	if err != nil {
		t.Fatal(err)
	}
	if big.poly != nil {
		t.Errorf("(k+m+n+1)^60 was expanded; it should exceed the expansion bounds")
	}
}

func TestParseDomain(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"integer 1..1000", "integer 1..1000", ""},
		{"real (0, 1)", "real (0, 1)", ""},
		{"real [-1, 1]", "real [-1, 1]", ""},
		{"real (0, 1]", "real (0, 1]", ""},
		{"real (0, inf)", "real (0, inf)", ""},
		{"simplex 6", "simplex 6", ""},
		{"vector 4 (-1, 1)", "vector 4 (-1, 1)", ""},
		{"integer 5..1", "", "empty range"},
		{"real (1, 0)", "", "empty interval"},
		{"complex (0, 1)", "", "unknown domain"},
		{"simplex 0", "", "positive length"},
		{"vector 5000 (0, 1)", "", "too long"},
		{"real (0, x)", "", `"x" is not a number`},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, err := ParseDomain(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got %v, want error containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.String() != c.want {
				t.Errorf("got %q, want %q", d, c.want)
			}
		})
	}
}

func TestEvalNumber(t *testing.T) {
	cases := []struct{ in, want string }{
		{"12544 * 10", "125440"},
		// An exact value prints as a decimal when its expansion ends, else as
		// a fraction (issue 9 A: a key never shows as 3/200000000).
		{"3/4", "0.75"},
		{"1/3", "1/3"},
		{"2^100", "1267650600228229401496703205376"},
		{"1.5e-3", "0.0015"},
		{"10^(-3)", "0.001"},
		{"1.5e-8", "0.000000015"},
		{"2^-20", "0.00000095367431640625"},
		{"2^-40", "1/1099511627776"}, // 40 decimals: more than a key shows

		{"floor(7/2)", "3"},
		{"log(1)", "0"},
		{"sqrt(2)", "1.41421356237"},
		{"(5*5*3 + 1) * 32", "2432"},
		// Digits grouped in threes are one number, never a product (issue 9 A).
		{"146,378", "146378"},
		{"146 378", "146378"},
		{"20{,}234 * 2", "40468"},
		{`146\,378`, "146378"},
		{"1,000,000/4", "250000"},
		{"max(1,234)", "234"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			n, err := EvalNumber(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if n.String() != c.want {
				t.Errorf("got %s, want %s", n, c.want)
			}
		})
	}
	if _, err := EvalNumber("1/0"); err == nil {
		t.Error("1/0: no error")
	}
	if _, err := EvalNumber("k + 1"); err == nil {
		t.Error("k + 1: no error")
	}
	for _, in := range []string{"1234 567", "146 37", `146\,378\,12`} {
		if n, err := EvalNumber(in); err == nil {
			t.Errorf("%s: read as %s, want an error", in, n)
		}
	}
}
