package expr

import (
	"errors"
	"strings"
	"testing"
)

// TestNameRules pins how names resolve when declarations shadow built-ins.
func TestNameRules(t *testing.T) {
	cases := []struct {
		name string
		vars []Var
		in   string
		want string
	}{
		{"e is Euler", []Var{{"x", "real (0, 1)"}}, "e*x", "e·x"},
		{"declared e", []Var{{"e", "real (0, 1)"}, {"x", "real (0, 1)"}}, "e^x", "e^x"},
		{"σ is sigmoid", []Var{{"x", "real (0, 1)"}}, "σ(x)", "sigmoid(x)"},
		{"declared sigma", []Var{{"sigma", "real (0, 1)"}, {"x", "real (0, 1)"}}, "σ(x)", "sigma·x"},
		{"declared sigma by letter", []Var{{"σ", "real (0, 1)"}}, `\sigma^2`, "σ^2"},
		{"greek declared as letter", []Var{{"ε", "real (0, 1)"}}, "eps + epsilon + \\varepsilon", "ε + ε + ε"},
		{"km split", []Var{{"k", "integer 1..9"}, {"m", "integer 1..9"}}, "2km", "2·k·m"},
		{"km declared", []Var{{"k", "integer 1..9"}, {"m", "integer 1..9"}, {"km", "integer 1..9"}}, "km", "km"},
		{"fewest pieces", []Var{{"a", "real (0, 1)"}, {"b", "real (0, 1)"}, {"ab", "real (0, 1)"}, {"c", "real (0, 1)"}}, "abc", "ab·c"},
		{"subscript", []Var{{"x_t", "real (0, 1)"}}, "x_{t} + x_t", "x_t + x_t"},
		{"greek with digit suffix", []Var{{"mu0", "real (0, 1)"}}, `μ0 + μ_0 + \mu_0 + \mu_{0} + mu_0`, "mu0 + mu0 + mu0 + mu0 + mu0"},
		{"greek with subscript", []Var{{"mu_0", "real (0, 1)"}, {"sigma_t", "real (0, 1)"}}, `μ0 σ_t + \sigma_{t}`, "mu_0·sigma_t + sigma_t"},
		{"greek suffix by letter", []Var{{"β1", "real (0, 1)"}}, `\beta_1 + beta1`, "β1 + β1"},
		{"micro sign is mu", []Var{{"mu", "real (0, 1)"}}, "µ + 2", "mu + 2"},
		{"fullwidth", []Var{{"x", "real (0, 1)"}}, "ｘ² ＋ ２ｘ", "x^2 + 2·x"},
		{"H shadows entropy", []Var{{"H", "real (0, 1)"}, {"x", "real (0, 1)"}}, "H(x+1)", "H·(x + 1)"},
		{"ln declared", []Var{{"ln", "real (0, 1)"}}, "2 ln", "2·ln"},
		{"label with subscript", []Var{{"p", "simplex 3"}, {"q", "simplex 3"}}, "D_{KL}(p||q) = kl(p, q)", "kl(p, q)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env, err := NewEnv(c.vars, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			x, err := env.Parse(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := x.String(); got != c.want {
				t.Errorf("read as %q, want %q", got, c.want)
			}
		})
	}
}

func TestNewEnvErrors(t *testing.T) {
	cases := []struct {
		name    string
		vars    []Var
		defines []Define
		opts    Options
	}{
		{"bad domain", []Var{{"x", "real (1, 0)"}}, nil, Options{}},
		{"function name", []Var{{"exp", "real (0, 1)"}}, nil, Options{}},
		{"reciprocal function name", []Var{{"sech", "real (0, 1)"}}, nil, Options{}},
		{"twice", []Var{{"eps", "real (0, 1)"}, {"ε", "real (0, 1)"}}, nil, Options{}},
		{"twice with a suffix", []Var{{"mu0", "real (0, 1)"}, {"mu_0", "real (0, 1)"}}, nil, Options{}},
		{"bad define", []Var{{"p", "real (0, 1)"}}, []Define{{"eps", "log(p"}}, Options{}},
		{"define unknown name", []Var{{"p", "real (0, 1)"}}, []Define{{"eps", "log(q)"}}, Options{}},
		{"allow unknown", []Var{{"p", "real (0, 1)"}}, nil, Options{Allow: []string{"q"}}},
		{"invalid name", []Var{{"2x", "real (0, 1)"}}, nil, Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := NewEnv(c.vars, c.defines, c.opts); err == nil {
				t.Fatal("no error")
			} else {
				t.Log(err)
			}
		})
	}
}

// TestExponentLetter pins that a literal such as 2E+3 is refused as ambiguous
// when E is a declared variable, and read as a power of ten otherwise.
func TestExponentLetter(t *testing.T) {
	withE, err := NewEnv([]Var{{"E", "real (0, 1)"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = withE.Parse("2E+3")
	if err == nil || !strings.Contains(err.Error(), "2E+3 is ambiguous with the variable E declared: write 2×10^3 for the number, or 2·E+3 for the product") {
		t.Errorf("2E+3 with E declared: got %v", err)
	}
	if x, err := withE.Parse("2*E + 3"); err != nil || x.String() != "2·E + 3" {
		t.Errorf("2*E + 3: %v %v", x, err)
	}
	without, err := NewEnv([]Var{{"x", "real (0, 1)"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if x, err := without.Parse("2E+3"); err != nil || x.String() != "2000" {
		t.Errorf("2E+3 without E: %v %v", x, err)
	}
}

// TestErf: erf and erfc evaluate (GELU's exact form) and differentiate.
func TestErf(t *testing.T) {
	env, err := NewEnv([]Var{{"x", "real (-3, 3)"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pairs := [][2]string{
		{"erf(x) + erfc(x)", "1"},
		{"diff(erf(x), x)", "2/sqrt(pi)·exp(-x^2)"},
		{`\frac{x}{2}(1 + \operatorname{erf}(x/\sqrt{2}))`, "x - x/2·erfc(x/sqrt(2))"},
		{"sech(x)^2", `1 - \tanh^2 x`},
	}
	for _, p := range pairs {
		a, err := env.Parse(p[0])
		if err != nil {
			t.Fatal(err)
		}
		b, err := env.Parse(p[1])
		if err != nil {
			t.Fatal(err)
		}
		if v := env.Compare(a, b); !v.Equivalent {
			t.Errorf("%s and %s: not equivalent: %s", p[0], p[1], v.Diagnosis)
		}
	}
}

// TestErrorInNormalisedFormula: the caret of an error in a formula with
// fullwidth characters is under the character as typed.
func TestErrorInNormalisedFormula(t *testing.T) {
	env, err := NewEnv([]Var{{"x", "real (0, 1)"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.Parse("ｘ ＋ ｙ")
	var perr *Error
	if !errors.As(err, &perr) || perr.Source != "ｘ ＋ ｙ" || perr.Offset != len("ｘ ＋ ") {
		t.Fatalf("got %#v", err)
	}
	if _, col := perr.Place(); col != 5 {
		t.Errorf("column %d, want 5", col)
	}
}
