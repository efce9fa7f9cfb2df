package expr

import (
	"slices"
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
