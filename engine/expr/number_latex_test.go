package expr

import (
	"math/big"
	"testing"
)

// TestConstantLaTeX typesets the number keys whose LaTeX the key once printed
// raw (issue 12: $$log(10)$$, $$ceil(50000/128)$$).
func TestConstantLaTeX(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"log(10)", `\log\left(10\right)`},
		{"ceil(50000/128)", `\left\lceil \frac{50000}{128}\right\rceil`},
		{"floor(7/2)", `\left\lfloor \frac{7}{2}\right\rfloor`},
		{"146,378", `146378`},
		{"sqrt(2)*pi", `\sqrt{2} \cdot \pi`},
	} {
		got, err := ConstantLaTeX(tc.src)
		if err != nil || got != tc.want {
			t.Errorf("ConstantLaTeX(%q) = %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
	if _, err := ConstantLaTeX("log(x)"); err == nil {
		t.Errorf("ConstantLaTeX(log(x)): no error for a name")
	}
}

func TestNumberLaTeX(t *testing.T) {
	for _, tc := range []struct {
		n    Number
		want string
	}{
		{Number{Rat: big.NewRat(1, 3)}, `\frac{1}{3}`},
		{Number{Rat: big.NewRat(-2, 3)}, `-\frac{2}{3}`},
		{Number{Rat: big.NewRat(391, 1)}, `391`},
		{Number{Rat: big.NewRat(19, 20)}, `0.95`},
		{Number{Float: 1.5e-8}, `1.5 \times 10^{-8}`},
		{Number{Float: 6.02e23}, `6.02 \times 10^{23}`},
		{Number{Float: 2.302585092994046}, `2.30258509299`},
	} {
		if got := tc.n.LaTeX(); got != tc.want {
			t.Errorf("%v.LaTeX() = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := NameLaTeX("eps"); got != `\epsilon` {
		t.Errorf("NameLaTeX(eps) = %q", got)
	}
}
