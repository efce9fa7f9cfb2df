package expr

import (
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustEnv(t *testing.T, vars ...Var) *Env {
	t.Helper()
	env, err := NewEnv(vars, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func mustParse(t *testing.T, env *Env, src string) *Expr {
	t.Helper()
	x, err := env.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestBigFunctionsMatchMath checks every high-precision function against
// the math package where float64 is accurate.
func TestBigFunctionsMatchMath(t *testing.T) {
	env := mustEnv(t, Var{"x", "real [-1000, 1000]"})
	funcs := map[string]func(float64) float64{
		"exp(x)": math.Exp, "log(x)": math.Log, "log2(x)": math.Log2, "log10(x)": math.Log10,
		"sqrt(x)": math.Sqrt, "abs(x)": math.Abs, "floor(x)": math.Floor, "ceil(x)": math.Ceil,
		"sin(x)": math.Sin, "cos(x)": math.Cos, "tan(x)": math.Tan, "sinh(x)": math.Sinh,
		"cosh(x)": math.Cosh, "tanh(x)": math.Tanh, "sigmoid(x)": sigmoid, "relu(x)": func(x float64) float64 { return math.Max(x, 0) },
		"softplus(x)": softplus, "x^2.5": func(x float64) float64 { return math.Pow(x, 2.5) },
		"x^(-3)": func(x float64) float64 { return math.Pow(x, -3) }, "pi*x": func(x float64) float64 { return math.Pi * x },
		"e^x": math.Exp,
	}
	args := []float64{-700.5, -30, -2.5, -1, -0.3, -1e-9, 1e-12, 0.1, 0.5, 1, 2, 3.75, 20, 100.25, 700}
	for src, want := range funcs {
		x := mustParse(t, env, src)
		if !x.precise {
			t.Fatalf("%s: not evaluable at high precision", src)
		}
		for _, a := range args {
			w := want(a)
			if !isFinite(w) {
				continue
			}
			got, st := evalBig(x.root, []float64{a}, precFirst)
			if st != valueOK {
				t.Errorf("%s at %v: state %v, want %v", src, a, st, w)
				continue
			}
			g, _ := got.Float64()
			if d := math.Abs(g - w); d > 1e-13*math.Max(math.Abs(w), 1e-300) && d > 1e-300 {
				t.Errorf("%s at %v = %v, want %v", src, a, g, w)
			}
		}
	}
}

// TestBigConstants checks π, e and ln 2 to 60 digits, and values float64
// cannot hold.
func TestBigConstants(t *testing.T) {
	for _, tc := range []struct {
		got  *big.Float
		want string
	}{
		{bigPi(256), "3.14159265358979323846264338327950288419716939937510582097494"},
		{must(bigExp(newFloat(256).SetInt64(1), 256)), "2.71828182845904523536028747135266249775724709369995957496697"},
		{bigLn2(256), "0.693147180559945309417232121458176568075500134360255254120680"},
		// e^750 overflows float64.
		{must(bigExp(newFloat(256).SetInt64(750), 256)), "5.25849454145480416680773554928684e+325"},
	} {
		want, _, err := big.ParseFloat(tc.want, 10, 256, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		d := newFloat(256).Sub(tc.got, want)
		mantissa, _, _ := strings.Cut(tc.want, "e")
		digits := len(mantissa) - 3 // significant digits less one, for the last one's rounding
		if d.Sign() != 0 && d.MantExp(nil)-want.MantExp(nil) > -int(float64(digits)*3.3) {
			t.Errorf("got %s, want %s", tc.got.Text('g', 60), tc.want)
		}
	}
	// sin(10^22) needs π to 70 more digits than 10^22 has (the reduction).
	x := newFloat(precFirst).SetFloat64(1e22)
	s, _, st := bigSinCos(x, precFirst)
	if g, _ := s.Float64(); st != valueOK || math.Abs(g-math.Sin(1e22)) > 1e-15 {
		t.Errorf("sin(1e22) = %v, want %v", g, math.Sin(1e22))
	}
	// Beyond big.Float's exponent range the value is out of reach, not wrong.
	if _, st := bigExp(newFloat(128).SetFloat64(1e12), 128); st != valueOutOfReach {
		t.Errorf("exp(1e12): state %v, want out of reach", st)
	}
}

func must(x *big.Float, st evalState) *big.Float {
	if st != valueOK {
		panic(st)
	}
	return x
}

// TestExactEvaluation: the int64 fast path and big.Rat agree, and values
// beyond float64 are exact.
func TestExactEvaluation(t *testing.T) {
	env := mustEnv(t, Var{"n", "integer -50..400"}, Var{"k", "integer 1..7"})
	srcs := []string{"floor(n/k)", "ceil(n/k)", "floor(-n/3)", "min(n, k^3) - max(n/2, k)", "abs(n - 100)/k",
		"relu(n - 200)*k", "(n + 1)^3/k^2", "2^k - k^2", "k^(-3)*n + (-1)^n", "(n/k)^(-2)", "floor((n^2 + 1)/(k + 1))", "3^k*n"}
	for _, src := range srcs {
		x := mustParse(t, env, src)
		if !x.rational {
			t.Fatalf("%s: not exact", src)
		}
		for n := -50.0; n <= 400; n += 13 {
			for k := 1.0; k <= 7; k++ {
				p := []float64{n, k}
				slow, st := evalExact(x.root, p)
				fast, ok := evalSmall(x.root, p)
				if st != valueOK || !ok || big.NewRat(fast.n, fast.d).Cmp(slow) != 0 {
					t.Fatalf("%s at n=%v k=%v: fast %v/%v (%v), exact %v (%v)", src, n, k, fast.n, fast.d, ok, slow, st)
				}
				if f, _ := slow.Float64(); math.Abs(f-x.scalar(p)) > 1e-9*math.Max(1, math.Abs(f)) {
					t.Fatalf("%s at n=%v k=%v: exact %v, float %v", src, n, k, f, x.scalar(p))
				}
			}
		}
	}
	x := mustParse(t, env, "2^(n-100) - 1")
	v, st := evalRat(x.root, []float64{400, 1})
	want := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 300), big.NewInt(1))
	if st != valueOK || !v.IsInt() || v.Num().Cmp(want) != 0 {
		t.Errorf("2^300 - 1 = %v (%v)", v, st)
	}
	x = mustParse(t, env, "1/(n - 100)")
	if _, st := evalRat(x.root, []float64{100, 1}); st != valueUndefined {
		t.Errorf("1/0: state %v, want undefined", st)
	}
	x = mustParse(t, env, "2^(k^3*n)")
	if _, st := evalRat(x.root, []float64{400, 7}); st != valueOutOfReach {
		t.Errorf("2^137200 held exactly, want out of reach past %d bits", maxExactBits)
	}
}

// TestEdgeAndSwitchPoints: the points that find one-point differences are
// there.
func TestEdgeAndSwitchPoints(t *testing.T) {
	env := mustEnv(t, Var{"a", "integer 1..300"}, Var{"b", "integer 5..90"}, Var{"x", "real (0, 1)"})
	var edges [][2]float64
	for i := env.npoints; i < env.allPoints(); i++ {
		edges = append(edges, [2]float64{env.point(i)[0], env.point(i)[1]})
	}
	for _, want := range [][2]float64{{1, 5}, {1, 90}, {300, 5}, {300, 90}} {
		if !slices.Contains(edges, want) {
			t.Errorf("corner %v missing from the edge points %v", want, edges)
		}
	}
	has := func(points [][]float64, slot int, v float64) bool {
		for _, p := range points {
			if p[slot] == v {
				return true
			}
		}
		return false
	}
	for src, want := range map[string][2]float64{
		"floor((a+1)/100)":   {0, 99},  // a + 1 reaches 100
		"ceil(a/7) + b":      {0, 8},   // a/7 passes 1
		"min(a, 173)":        {0, 173}, // the arguments cross
		"max(3*b - 100, 20)": {1, 40},  // 3b − 100 = 20
		"abs(b - 47)":        {1, 47},
	} {
		x := mustParse(t, env, src)
		if pts := x.switchPoints(); !has(pts, int(want[0]), want[1]) {
			t.Errorf("%s: no switch point with slot %v = %v among %v", src, want[0], want[1], pts)
		}
	}
	// Without floors and the like there are none.
	if pts := mustParse(t, env, "a*b + x").switchPoints(); len(pts) != 0 {
		t.Errorf("a*b + x: %d switch points", len(pts))
	}
}

// TestKeyBeyondFloat64: a key that overflows float64 at every test point is
// gradable when it has a value exactly or at higher precision.
func TestKeyBeyondFloat64(t *testing.T) {
	env := mustEnv(t, Var{"n", "integer 1100..1200"}, Var{"x", "real [720, 730]"})
	for _, tc := range []struct {
		key, right, wrong string
	}{
		{"2^n", "2*2^(n-1)", "2^n + 1"},
		{"exp(x)*exp(x)", "exp(2*x)", "exp(2*x + 10^(-6))"},
	} {
		key := mustParse(t, env, tc.key)
		if err := env.CheckKey(key); err != nil {
			t.Errorf("%s: %v", tc.key, err)
		}
		if v := env.Compare(key, mustParse(t, env, tc.right)); !v.Equivalent {
			t.Errorf("%s vs %s: %s", tc.key, tc.right, v.Diagnosis)
		}
		if v := env.Compare(key, mustParse(t, env, tc.wrong)); v.Equivalent || v.Undecided {
			t.Errorf("%s vs %s: equivalent=%v undecided=%v", tc.key, tc.wrong, v.Equivalent, v.Undecided)
		}
	}
}

// TestHugeValuesPrintQuickly: a diagnosis quoting 17^(7^7) prints it from
// its binary exponent (big.Float.Text took half a minute), to 4 digits.
func TestHugeValuesPrintQuickly(t *testing.T) {
	x, st := bigPow(newFloat(precFirst).SetInt64(17), newFloat(precFirst).SetInt64(823543), precFirst)
	if st != valueOK {
		t.Fatalf("17^823543: state %v", st)
	}
	start := time.Now()
	if got, want := fmtBig(x), "3.945e+1013327"; got != want { // mpmath: 3.9451055567e+1013327
		t.Errorf("fmtBig(17^823543) = %s, want %s", got, want)
	}
	if got, want := fmtBig(x.Neg(x)), "-3.945e+1013327"; got != want {
		t.Errorf("fmtBig(-17^823543) = %s, want %s", got, want)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("printing took %v", d)
	}
	env := mustEnv(t, Var{"x", "real [1, 2]"})
	start = time.Now()
	v := env.Compare(mustParse(t, env, "x"), mustParse(t, env, "17^7^7*x"))
	if v.Equivalent || !strings.Contains(v.Diagnosis, "e+10133") || time.Since(start) > 2*time.Second {
		t.Errorf("17^7^7·x: %+v after %v", v, time.Since(start))
	}
}
