package expr

import (
	"errors"
	"strings"
	"testing"
)

func conditionEnv(t testing.TB) *Env {
	t.Helper()
	env, err := NewEnv([]Var{{Name: "s", Domain: "integer 1..100"}, {Name: "k1", Domain: "integer 1..9"}, {Name: "f", Domain: "integer 1..64"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func TestConditionHolds(t *testing.T) {
	env := conditionEnv(t)
	at := map[string]float64{"s": 28, "k1": 5, "f": 16}
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"s - k1 + 1 >= 8", true},
		{"s - k1 + 1 >= 25", false},
		{"s - k1 + 1 > 24", false},
		{"s - k1 + 1 > 23", true},
		{"s - k1 + 1 == 24", true},
		{"s - k1 + 1 = 24", true},
		{"s - k1 + 1 != 24", false},
		{"s ≥ 28", true},
		{"s ≤ 27", false},
		{"s ≠ 28", false},
		{"3 <= k1 <= 5", true},
		{"3 <= k1 < 5", false},
		{"k1 < s and f > 16", false},
		{"k1 < s and f >= 16", true},
		{"f > 16 or k1 == 5", true},
		{"f > 16 or k1 == 4 and s == 28", false},
		{"f == 16 and k1 == 4 or s == 28", true},
		{"floor(s/k1) == 5", true},
		{"(s - k1)/2 >= 11.5", true},
		{"2k1 == 10", true},
		{"k1^2 < s", true},
		{"s/3 > 9.33", true},
		{"sqrt(f) == 4", true},
		{"min(s, f) < k1 or max(s, f) == 28", true},
		// Past int64's products: the comparison falls back to big numbers.
		{"2^61/3 > (2^60 + 1)/7", true},
		{"k1 * 2^61 / 3 > 2^62", false},
		{"k1 * 2^61 / 3 > 2^61", true},
	} {
		c, err := env.ParseCondition(tc.src)
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		got, err := c.Holds(at)
		if err != nil || got != tc.want {
			t.Errorf("%s at s=28, k1=5, f=16: got %v, %v; want %v", tc.src, got, err, tc.want)
		}
		// The same values in declaration order.
		if got, err := c.HoldsAt([]float64{28, 5, 16}); err != nil || got != tc.want {
			t.Errorf("%s: HoldsAt gives %v, %v; want %v", tc.src, got, err, tc.want)
		}
	}
}

func TestConditionErrors(t *testing.T) {
	env := conditionEnv(t)
	for _, tc := range []struct{ src, msg string }{
		{"s - k1 + 1", "a condition compares two expressions"},
		{"s >= ", `expected an expression after ">="`},
		{">= 3", `expected an expression before ">="`},
		{"s ! 3", `"!" must be followed by "="`},
		{"s - q >= 3", "q"},
		{"s >= 3 and", "expected a condition"},
		{"", "empty"},
		{"s >= (3", `expected ")"`},
	} {
		_, err := env.ParseCondition(tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: got %v, want an error containing %q", tc.src, err, tc.msg)
			continue
		}
		if _, ok := err.(*Error); !ok {
			t.Errorf("%q: got %T, want *Error with a place", tc.src, err)
		}
	}
	c, err := env.ParseCondition("s / (k1 - 5) > 1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Holds(map[string]float64{"s": 28, "k1": 5, "f": 1}); err == nil || !strings.Contains(err.Error(), "no finite value") {
		t.Errorf("division by zero: got %v", err)
	}
	if _, err := c.Holds(map[string]float64{"s": 28}); err == nil {
		t.Errorf("a missing value: no error")
	}
}

// A comparison is no token in an answer: "<" is still unexpected there.
func TestComparisonNotInAnswers(t *testing.T) {
	env := conditionEnv(t)
	if _, err := env.Parse("s < 3"); err == nil || !strings.Contains(err.Error(), "unexpected character") {
		t.Errorf("s < 3 as an answer: %v", err)
	}
}

func TestSubstituteNames(t *testing.T) {
	values := map[string]string{"k1": "5", "f1": "32", "eps": "3"}
	for _, tc := range []struct{ in, want string }{
		{"k1*k1*3*f1 + f1", "(5)*(5)*3*(32) + (32)"},
		{"2k1^2", "2(5)^2"},
		{"k1(k1+1)", "(5)((5)+1)"},
		{"kk1 + k1n", "kk1 + k1n"},
		{`\frac{f1}{k1}`, `\frac{(32)}{(5)}`},
		{`\eps + n`, `(3) + n`},
		{"n^2 + log(n)", "n^2 + log(n)"},
		{"k1 + ", "(5) + "},
		{"k1 @ 3", "k1 @ 3"}, // does not lex: left for its reader to report
	} {
		got, changed := SubstituteNames(tc.in, values)
		if got != tc.want || changed != (tc.in != tc.want) {
			t.Errorf("SubstituteNames(%q) = %q, %v; want %q", tc.in, got, changed, tc.want)
		}
	}
}

// FuzzParseCondition: no condition panics; every error is an *Error with a
// caret; SubstituteNames never panics and leaves a text without the names
// alone.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"s - k1 + 1 >= 8", "3 <= k1 <= 5", "f > 16 or k1 == 4 and s == 28",
		"floor((s - k1 + 1)/2)*2 == s - k1 + 1", "s ≥ 28", "s ! 3", ">= 3", "s >= 3 and", "s / (k1 - 5) > 1",
		"(s >= 3)", "s =", "s == == 3", "2^61/3 > (2^60 + 1)/7", "s < \\frac{f}{2}", "and", "or or"} {
		f.Add(s)
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	env := conditionEnv(f)
	values := map[string]string{"s": "28", "k1": "5", "f": "-16"}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := env.ParseCondition(src)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("%q: error %T is not *Error", src, err)
			}
			if !strings.Contains(err.Error(), "^") {
				t.Fatalf("%q: error has no caret: %v", src, err)
			}
		} else {
			_, _ = c.Holds(map[string]float64{"s": 28, "k1": 5, "f": 16})
		}
		out, changed := SubstituteNames(src, values)
		if !changed && out != src {
			t.Fatalf("%q: unchanged, but %q returned", src, out)
		}
	})
}

func TestConditionNames(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string
	}{
		{"s - k1 + 1 >= 8 and k1 != 4 or s ≤ 2", "s k1"},
		{"floor((s - k)/2)*2 == s - k", "floor s k"},
		{"2k <= kk", "k kk"},
		{"k >= 3 &&", ""}, // cannot be read
	} {
		if got := strings.Join(ConditionNames(tc.src), " "); got != tc.want {
			t.Errorf("ConditionNames(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}
