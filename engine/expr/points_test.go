package expr

import (
	"slices"
	"strings"
	"testing"
)

// TestScannedSwitchPoints checks that the exact scans of points.go find
// switches that solving a linear equation along one variable cannot: a
// crossing not linear in its variable, and a zero of a linear crossing
// that depends on another variable. Each wanted point is the only place
// where the expression's branch changes.
func TestScannedSwitchPoints(t *testing.T) {
	cases := []struct {
		vars []Var
		src  string
		want []float64 // in the order of vars
	}{
		{[]Var{{"n", "integer 1..5000"}}, "floor(n/997) + floor(1/(abs(n*n-2209)+1))", []float64{47}},
		{[]Var{{"n", "integer 1..8000"}}, "abs(n^3 - 343000)", []float64{70}},
		{[]Var{{"n", "integer 1..100"}, {"k", "integer 1..100"}}, "min(n,2*k) + max(n,k) + floor(1/(abs(n*k-391)+1))", []float64{17, 23}},
		{[]Var{{"n", "integer 1..100"}, {"k", "integer 1..100"}}, "max(n*k, 391)", []float64{23, 17}},
		// Not linear in n nor in k: the whole 100×100 box is scanned.
		{[]Var{{"n", "integer 1..100"}, {"k", "integer 1..100"}}, "n + floor(1/((n*k-391)^2+1))", []float64{17, 23}},
	}
	for _, c := range cases {
		env := mustEnv(t, c.vars...)
		x := mustParse(t, env, c.src)
		var slots []int
		for _, v := range c.vars {
			slots = append(slots, env.lookupSymbol(v.Name).slot)
		}
		found := false
		for _, p := range x.switchPoints() {
			var at []float64
			for _, s := range slots {
				at = append(at, p[s])
			}
			found = found || slices.Equal(at, c.want)
		}
		if !found {
			t.Errorf("%s: no switch point at %v among %v", c.src, c.want, x.switchPoints())
		}
	}
}

// TestScanBudget checks that a scan beyond maxScanValues is not made: a
// domain of a million values is not walked for every answer.
func TestScanBudget(t *testing.T) {
	env := mustEnv(t, Var{"n", "integer 1..1000000"})
	x := mustParse(t, env, "abs(n*n - 2209)")
	for _, p := range x.switchPoints() {
		if p[env.lookupSymbol("n").slot] == 47 {
			t.Fatalf("found n = 47 by a scan the budget forbids")
		}
	}
}

// TestUnsearchedSwitchIsReviewed checks that an answer whose branch
// switches where no scan can reach (a crossing not linear in a variable of
// a million values) goes to review instead of being called right, while
// the same crossing in the key, or a linear one, still decides.
func TestUnsearchedSwitchIsReviewed(t *testing.T) {
	env := mustEnv(t, Var{"n", "integer 1..1000000"})
	cases := []struct {
		key, answer string
		review      bool
	}{
		{"floor(n/997)", "floor(n/997) + floor(1/(abs(n*n-2209)+1))", true},
		{"floor(n*n/4)", "floor(n^2/4)", false},           // the key has the crossing
		{"floor(n/997)", "floor((n+997)/997) - 1", false}, // linear: solved exactly
		{"floor(n*n/4)", "floor(n*n/4) + floor(1/(abs(n*n*n-343000)+1))", true},
	}
	// Two variables whose box is too large to scan: the base's line is
	// scanned, the rest is not, so the answer is reviewed.
	env2 := mustEnv(t, Var{"n", "integer 50..5000"}, Var{"k", "integer 50..5000"})
	v := env2.Compare(mustParse(t, env2, "n + k"), mustParse(t, env2, "n + k + floor(1/((n*k-4087)^2+1))"))
	if !v.Undecided {
		t.Errorf("n + k + floor(1/((n*k-4087)^2+1)) with n, k in 50..5000: got %+v, want review", v)
	}
	for _, c := range cases {
		v := env.Compare(mustParse(t, env, c.key), mustParse(t, env, c.answer))
		if v.Undecided != c.review || (!c.review && !v.Equivalent) {
			t.Errorf("%s vs %s: got %+v, want review=%v", c.key, c.answer, v, c.review)
		}
		if c.review && !strings.Contains(v.Diagnosis, "an instructor should review it") {
			t.Errorf("%s vs %s: diagnosis %q does not ask for review", c.key, c.answer, v.Diagnosis)
		}
	}
}
