package expr

import "testing"

func TestSmoke(t *testing.T) {
	e, err := NewEnv([]Var{{"n", "integer 1..1000"}, {"k", "integer 1..1000"}, {"m", "integer 1..1000"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"k(k+m)+k", "k^2 + km + k", "k² + km + k", "k \\cdot (k+m) + k", "$k(k+m)+k$", "P = k^2+kn+k+mk+m", "k(k+)", "2^-k", "-k^2", "a+", "(k+m)(k-m)/2"} {
		x, err := e.Parse(s)
		if err != nil {
			t.Logf("%q: %v", s, err)
			continue
		}
		t.Logf("%q -> %s | %s", s, x, x.LaTeX())
	}
	key, _ := e.Parse("k^2 + k*n + k + m*k + m")
	for _, s := range []string{"k(k+m)+k", "k^2+kn+k+mk+m+1", "k(k+n+m+1)+m", "(k^2 + k*n + k + m*k + m)/4", "floor(k/2)"} {
		a, err := e.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%q: %+v", s, e.Compare(key, a))
	}
	e2, _ := NewEnv([]Var{{"p", "real (0, 1)"}, {"q", "real (0, 1)"}}, []Define{{"eps", "log(p) - log(q)"}}, Options{Allow: []string{"eps"}})
	lhs, _ := e2.Parse("(p - q)/p")
	for _, s := range []string{"1 - e^{-\\epsilon}", "1-exp(-ε)", "1 − e^(−ε)", "eps", "1-p/q", "\\(1 - e^{-\\varepsilon}\\)"} {
		a, err := e2.Parse(s)
		if err != nil {
			t.Log(err)
			continue
		}
		t.Logf("%q -> %s: %+v", s, a, e2.Compare(lhs, a))
	}
	e3, _ := NewEnv([]Var{{"eps", "real (-1, 1)"}}, nil, Options{})
	l3, _ := e3.Parse("1 - exp(-eps)")
	for _, s := range []string{"eps", "eps - eps^2/2", "2eps", "0", "eps^2"} {
		a, _ := e3.Parse(s)
		t.Logf("asym %q: %+v", s, e3.CompareAsymptotic(l3, a, "eps", 2))
	}
	e4, _ := NewEnv([]Var{{"p", "simplex 6"}, {"q", "simplex 6"}}, []Define{{"eps", "log(p) - log(q)"}}, Options{})
	l4, _ := e4.Parse("kl(p, q)")
	for _, s := range []string{"sum(p * eps)", "sum(q*eps)", "-sum(p*log(q/p))", "softmax(p)", "mean(p*eps)*6"} {
		a, err := e4.Parse(s)
		if err != nil {
			t.Log(err)
			continue
		}
		t.Logf("kl %q: %+v", s, e4.Compare(l4, a))
	}
	n, err := EvalNumber("12544 * 10")
	t.Log(n, err)
}
