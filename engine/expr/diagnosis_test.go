package expr

import (
	"strings"
	"testing"
)

// TestDiagnosis pins the explanation of wrong answers, and that none quotes
// the key.
func TestDiagnosis(t *testing.T) {
	rnnKey := "k^2 + k*n + k + m*k + m"
	cases := []struct {
		name        string
		env         func(testing.TB) *Env
		key, answer string
		want        string
	}{
		{"seed student", rnnEnv, rnnKey, "k(k+m)+k",
			"Your answer is missing k·n + m; it does not depend on n, but the expected answer does."},
		{"extra", rnnEnv, rnnKey, "k^2 + k*n + 3*k + m*k + m", "Your answer has an extra 2·k."},
		{"missing and extra", rnnEnv, rnnKey, "k^2 + k*n + k + m*k + n", "Your answer is missing m and has an extra n."},
		{"too small", rnnEnv, rnnKey, "(k^2 + k*n + k + m*k + m)/4", "Your answer is 4 times too small."},
		{"too large", rnnEnv, rnnKey, "2*(k^2 + k*n + k + m*k + m)", "Your answer is 2 times too large."},
		{"sign", rnnEnv, rnnKey, "-(k^2 + k*n + k + m*k + m)", "Your answer has the wrong sign."},
		{"zero", rnnEnv, rnnKey, "0", "Your answer is 0."},
		{"disallowed", epsEnv, "1 - exp(-eps)", "1 - q/p",
			"Your answer uses p, which this question does not allow; write it in terms of eps only."},
		{"first order", epsEnv, "1 - exp(-eps)", "eps",
			"Your answer is wrong at p = 0.5, q = 0.1: it gives 1.60944, which is 0.809438 too large (101%); it agrees with the expected answer only to first order in eps (the difference is O(eps^2))."},
		{"undefined", func(tb testing.TB) *Env {
			e, _ := NewEnv([]Var{{"x", "real (-1, 1)"}}, nil, Options{})
			return e
		}, "x^2", "sqrt(x)^4", "Your answer is undefined at x = -0.4, where the expected answer is defined."},
		{"independent of n", rnnEnv, "floor((n + k)/2)", "floor(k/2)", "Your answer is wrong at n = 2, k = 8: it gives 4, which is 1 too small (20%); it does not depend on n, but the expected answer does."},
		{"vector length", func(tb testing.TB) *Env {
			e, _ := NewEnv([]Var{{"p", "simplex 3"}}, nil, Options{})
			return e
		}, "sum(p)", "p", "Your answer is a vector of 3 entries, but a single number is expected."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := c.env(t)
			key, err := env.Parse(c.key)
			if err != nil {
				t.Fatal(err)
			}
			ans, err := env.Parse(c.answer)
			if err != nil {
				t.Fatal(err)
			}
			v := env.Compare(key, ans)
			if v.Equivalent {
				t.Fatal("judged equivalent")
			}
			if v.Diagnosis != c.want {
				t.Errorf("got  %q\nwant %q", v.Diagnosis, c.want)
			}
			if strings.Contains(v.Diagnosis, key.String()) {
				t.Errorf("the diagnosis reveals the key %q", key)
			}
		})
	}
}

func TestCheckIdentity(t *testing.T) {
	env := epsEnv(t)
	lhs, _ := env.Parse("(p - q)/p")
	good, _ := env.Parse("1 - exp(-eps)")
	bad, _ := env.Parse("1 - exp(eps)")
	if err := env.CheckIdentity(lhs, good); err != nil {
		t.Errorf("a right key is rejected: %v", err)
	}
	err := env.CheckIdentity(lhs, bad)
	if err == nil || !strings.Contains(err.Error(), `"1 - exp(eps)" is not equal to "(p - q)/p"`) {
		t.Errorf("a wrong key: got %v", err)
	}
	e2, _ := NewEnv([]Var{{"n", "integer 1..10"}}, nil, Options{})
	never, _ := e2.Parse("log(n - 1000)")
	if err := e2.CheckKey(never); err == nil {
		t.Error("a key undefined on the whole domain passes CheckKey")
	}
}

func TestAsymptoticDiagnosis(t *testing.T) {
	env, err := NewEnv([]Var{{"eps", "real (-1, 1)"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lhs, _ := env.Parse("1 - exp(-eps)")
	// want is the instructor's wording; student the student policy's, which
	// names the slip with no size and no point (lhs − answer near 0 is the
	// key's expansion less the answer: its size says what to add).
	cases := []struct{ answer, want, student string }{
		{"2eps", "Your answer is right only to order zero in eps: the difference shrinks like eps^1, but must be O(eps^2).",
			"Your answer is right only to order zero in eps: the difference shrinks like eps^1, but must be O(eps^2)."},
		{"1 + eps", "Your answer does not tend to the right value as eps → 0 (off by about 1 at eps = 0.1).",
			"Your answer does not tend to the right value as eps → 0: its constant term is wrong."},
		{"eps + 0.5", "Your answer does not tend to the right value as eps → 0 (off by about 0.5 at eps = 0.1).",
			"Your answer does not tend to the right value as eps → 0: its constant term is wrong."},
		{"eps/(eps+0)", "Your answer does not tend to the right value as eps → 0 (off by about 1 at eps = 0.1).",
			"Your answer does not tend to the right value as eps → 0: its constant term is wrong."},
		{"eps + 1/eps", "Your answer does not tend to the right value as eps → 0 (off by about 4.1e+04 at eps = -0.1).",
			"Your answer does not tend to the right value as eps → 0: it differs from the lhs by terms that grow as eps → 0."},
		{"log(eps)", "Your answer is undefined as eps → 0 (at eps = -0.1).", "Your answer is undefined as eps → 0."},
	}
	for _, c := range cases {
		t.Run(c.answer, func(t *testing.T) {
			ans, err := env.Parse(c.answer)
			if err != nil {
				t.Fatal(err)
			}
			v := env.CompareAsymptotic(lhs, ans, "eps", 2)
			if v.Equivalent || v.Diagnosis != c.want {
				t.Errorf("got %+v, want %q", v, c.want)
			}
			if v.StudentDiagnosis != c.student {
				t.Errorf("student diagnosis %q, want %q", v.StudentDiagnosis, c.student)
			}
		})
	}
	if v := env.CompareAsymptotic(lhs, lhs, "x", 2); v.Equivalent || !strings.Contains(v.Diagnosis, "misconfigured") {
		t.Errorf("an unknown small variable: %+v", v)
	}
}

// TestDeterministic: the same Env settings give the same verdict text.
func TestDeterministic(t *testing.T) {
	for i := 0; i < 3; i++ {
		env := epsEnv(t)
		key, _ := env.Parse("1 - exp(-eps)")
		ans, _ := env.Parse("eps/2")
		a := env.Compare(key, ans).Diagnosis
		env2 := epsEnv(t)
		key2, _ := env2.Parse("1 - exp(-eps)")
		ans2, _ := env2.Parse("eps/2")
		if b := env2.Compare(key2, ans2).Diagnosis; a != b {
			t.Fatalf("two runs differ:\n%s\n%s", a, b)
		}
	}
}

func TestTolerance(t *testing.T) {
	for _, c := range []struct {
		rel  float64
		want bool
	}{{0, true}, {1e-15, false}} {
		env, _ := NewEnv([]Var{{"x", "real (-3, 3)"}}, nil, Options{RelTol: c.rel, AbsTol: 1e-300})
		key, _ := env.Parse("exp(x)")
		ans, _ := env.Parse("exp(x)*(1 + 10^(-13))")
		if got := env.Compare(key, ans).Equivalent; got != c.want {
			t.Errorf("RelTol %g: equivalent = %v, want %v", c.rel, got, c.want)
		}
	}
}

// TestConcurrentCompare: one Env and key serve many goroutines (run with
// -race).
func TestConcurrentCompare(t *testing.T) {
	env := epsEnv(t)
	key, _ := env.Parse("1 - exp(-eps)")
	answers := []string{"1 - exp(-eps)", "eps", "1 - 1/exp(eps)", "eps/2"}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func(g int) {
			defer func() { done <- true }()
			for i := 0; i < 20; i++ {
				src := answers[(g+i)%len(answers)]
				ans, err := env.Parse(src)
				if err != nil {
					t.Error(err)
					return
				}
				want := src == "1 - exp(-eps)" || src == "1 - 1/exp(eps)"
				if got := env.Compare(key, ans).Equivalent; got != want {
					t.Errorf("%s: equivalent = %v", src, got)
				}
			}
		}(g)
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}

// TestDescribeLenAgrees: a length in a diagnosis agrees with its noun.
func TestDescribeLenAgrees(t *testing.T) {
	for n, want := range map[int]string{0: "a single number", 1: "a vector of 1 entry", 6: "a vector of 6 entries"} {
		if got := describeLen(n); got != want {
			t.Errorf("describeLen(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestSameTree: the same expression, however far beyond what a test point can
// evaluate, is equivalent to itself; a tree that differs anywhere is not the same.
func TestSameTree(t *testing.T) {
	env, err := NewEnv([]Var{{Name: "n", Domain: "integer 1..100"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	parse := func(s string) *Expr {
		x, err := env.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	if v := env.Compare(parse("2^10^10 + log(n)"), parse("2^10^10 + log(n)")); !v.Equivalent {
		t.Errorf("2^10^10 + log(n) against itself: %+v", v)
	}
	for _, pair := range [][2]string{{"log(n) + 2", "log(n) + 3"}, {"log(n)", "exp(n)"}, {"n^2", "2^n"}, {"-log(n)", "log(n)"}} {
		if sameTree(parse(pair[0]).root, parse(pair[1]).root) {
			t.Errorf("%s and %s are the same tree", pair[0], pair[1])
		}
	}
	if !sameTree(parse("max(n, 3) / 7").root, parse("max(n,3)/7").root) {
		t.Error("max(n, 3) / 7 written twice is not the same tree")
	}
}
