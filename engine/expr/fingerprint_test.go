package expr

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// hashedKey is a sealed key as an edition keeps it: only hashes of the
// canonical values, so that a test cannot pass by reading the key.
type hashedKey map[string]string

func hashValue(name, canon string) string {
	h := sha256.Sum256([]byte(name + "\x00" + canon))
	return hex.EncodeToString(h[:8])
}

func sealKey(fp *Fingerprint) hashedKey {
	k := hashedKey{}
	for name, canon := range fp.Values {
		k[name] = hashValue(name, canon)
	}
	return k
}

func (k hashedKey) Matches(name, canon string) bool {
	h, ok := k[name]
	return ok && h == hashValue(name, canon)
}

type fingerprintCase struct {
	name    string
	vars    []Var
	defines []Define
	allow   []string
	key     string
	answers []string // equivalent rewritings and slips alike: the sealed verdict must be full grading's
}

var fingerprintCases = []fingerprintCase{
	{
		name: "hw8 2: an RNN's parameters, an integer polynomial",
		vars: []Var{{"n", "integer 1..1000"}, {"k", "integer 1..1000"}, {"m", "integer 1..1000"}},
		key:  "k^2 + k*n + k + m*k + m",
		answers: []string{
			"k(k+n+1+m)+m", "k^2 + kn + k + mk + m", "(k+1)(k+m) + k n - k^2 + k^2 - k m + k m - k + k - k + m - m", "k\\cdot(k + n + m + 1) + m",
			"k^2+k*n+k*m", "k*(k+m)+k", "k^2 + k*n + k", "2(k^2 + k*n + k + m*k + m)", "(k^2 + k*n + k + m*k + m)/3",
			"-(k^2 + k*n + k + m*k + m)", "k^2 + k*n + k + m*k + m + 1", "k^2 + 2k*n + k + m*k + m", "k^2 + k*n + k + m*k",
			"k^2 + k*n + k + m*k + m + 1/n", "sqrt(k^2)*k + k*n + k + m*k + m", "k^2 + k*n + k + m*k + m + floor(n/2000)",
			"0", "k^3", "n + m", "k^2 + k*n + k + m*k + m + 10^-30", "k^2 + k*n + k + m*k + m + log(n)",
		},
	},
	{
		name: "hw8 3a: an identity in ε = log p − log q",
		vars: []Var{{"p", "real (0, 1)"}, {"q", "real (0, 1)"}}, defines: []Define{{"eps", "log(p) - log(q)"}}, allow: []string{"eps"},
		key: "1 - exp(-eps)",
		answers: []string{
			"1 - e^{-\\epsilon}", "(exp(eps)-1)/exp(eps)", "1 - 1/exp(eps)", "-expm", "eps", "exp(-eps) - 1", "1 - exp(eps)", "1 - exp(-eps) + 1e-12",
			"1 - exp(-eps) + 1e-6", "p", "(p-q)/p", "2(1 - exp(-eps))", "tanh(eps/2)*2/(1 + tanh(eps/2))", "1 - exp(-eps)^2", "log(1 - exp(-eps))",
		},
	},
	{
		name: "hw8 3a's lhs as the key: an identity's key is the lhs's function",
		vars: []Var{{"p", "real (0, 1)"}, {"q", "real (0, 1)"}}, defines: []Define{{"eps", "log(p) - log(q)"}},
		key:     "(p - q)/p",
		answers: []string{"1 - exp(-eps)", "1 - q/p", "(p-q)/q", "1 - exp(eps)", "eps"},
	},
	{
		name: "hw8 3c: the KL divergence over simplices",
		vars: []Var{{"p", "simplex 6"}, {"q", "simplex 6"}}, defines: []Define{{"eps", "log(p) - log(q)"}}, allow: []string{"eps", "p", "q"},
		key: "sum(p * eps)",
		answers: []string{
			"kl(p, q)", "sum(p*log(p/q))", "\\sum_i p_i \\epsilon_i", "sum(q*eps)", "-sum(p*eps)", "sum(p*eps) + 1e-13", "sum(p*eps) + 1e-6",
			"sum(eps)", "p", "mean(p*eps)*6", "cross_entropy(p, q) - entropy(p)", "sum(p*eps)^2",
		},
	},
	{
		name:    "a formula over the reals",
		vars:    []Var{{"x", "real (0, 1)"}},
		key:     "exp(x)",
		answers: []string{"e^x", "exp(x/2)^2", "1 + x", "exp(-x)", "-exp(x)", "exp(x) + 1e-15", "exp(x)*(1 + 1e-7)", "2exp(x)", "cosh(x) + sinh(x)"},
	},
	{
		name:    "an identity (1 + x)^2 over the reals: polynomials compared exactly",
		vars:    []Var{{"x", "real (0, 1)"}},
		key:     "1 + 2x + x^2",
		answers: []string{"(1+x)^2", "1 + x^2", "1 + 2x", "2x + x^2", "(1-x)^2", "(1+x)^2 + 1/10^20", "exp(2*log(1+x))"},
	},
	{
		name:    "an exact key that is not a polynomial",
		vars:    []Var{{"n", "integer 1..100"}},
		key:     "n*floor(n/2)",
		answers: []string{"floor(n/2)*n", "n^2/2", "n*floor(n/2) + 1/10^30", "n*ceil(n/2)", "floor(n/2)*sqrt(n^2)", "-n*floor(n/2)", "n*floor(n/2)*(1+10^-12)"},
	},
	{
		name:    "a sum n(n+1)/2",
		vars:    []Var{{"n", "integer 1..100"}},
		key:     "n*(n+1)/2",
		answers: []string{"n^2/2 + n/2", "n^2/2", "n(n+1)", "n(n-1)/2", "(n^2+n)/2", "binomial", "n*(n+1)/2 + 0*n"},
	},
	{
		name:    "a vector key",
		vars:    []Var{{"x", "vector 3 (-2, 2)"}},
		key:     "softmax(x)",
		answers: []string{"exp(x)/sum(exp(x))", "exp(x - max(x))/sum(exp(x - max(x)))", "exp(x)", "-softmax(x)", "x", "softmax(2x)", "softmax(x) + 1e-14", "softmax(x)*(1 + 1e-5)", "sum(x)"},
	},
	{
		name:    "two variables of one name space, real and integer",
		vars:    []Var{{"H", "integer 1..10"}, {"W", "integer 1..10"}},
		key:     "H W + H",
		answers: []string{"H(W+1)", "W H + W", "H W", "H + W", "2 H W + 2 H", "H W + H + 0.5"},
	},
}

// TestFingerprintAgreesWithCompare checks the sealed check against full
// grading on every answer: the same verdict, the same student words, and
// never Undecided for these answers (none lies in the band).
func TestFingerprintAgreesWithCompare(t *testing.T) {
	for _, c := range fingerprintCases {
		t.Run(c.name, func(t *testing.T) {
			env, err := NewEnv(c.vars, c.defines, Options{Allow: c.allow})
			if err != nil {
				t.Fatal(err)
			}
			key, err := env.Parse(c.key)
			if err != nil {
				t.Fatal(err)
			}
			for _, seed := range []uint64{1, 0xdecafbad, 1 << 60} {
				fp, err := env.Fingerprint(key, seed)
				if err != nil {
					t.Fatal(err)
				}
				sealed := sealKey(fp)
				for _, src := range append([]string{c.key}, c.answers...) {
					ans, err := env.Parse(src)
					if err != nil {
						continue // an answer the question cannot read ("-expm") is graded invalid before any comparison
					}
					full := env.Compare(key, ans)
					got := env.CompareFingerprint(fp, sealed, ans)
					if key.rational && !ans.rational && got.Undecided && got.StudentDiagnosis == UnsureDiagnosis {
						continue // an exact key's values are sealed together, with no cells to compare a float with
					}
					if got.Equivalent != full.Equivalent || got.Undecided != full.Undecided || got.StudentDiagnosis != full.StudentDiagnosis {
						t.Errorf("seed %d, %q:\nsealed: equivalent %v undecided %v %q\nfull:   equivalent %v undecided %v %q",
							seed, src, got.Equivalent, got.Undecided, got.StudentDiagnosis, full.Equivalent, full.Undecided, full.StudentDiagnosis)
					}
				}
			}
		})
	}
}

// TestFingerprintHoldsNoKey: no part of the fingerprint that may be stored
// as it is (all but Values, which are hashed) spells the key.
func TestFingerprintHoldsNoKey(t *testing.T) {
	for _, c := range fingerprintCases {
		env, _ := NewEnv(c.vars, c.defines, Options{Allow: c.allow})
		key, _ := env.Parse(c.key)
		fp, err := env.Fingerprint(key, 7)
		if err != nil {
			t.Fatal(err)
		}
		plain := fmt.Sprintf("%v %v %v %v %v %v", fp.Len, fp.Rational, fp.Precise, fp.Poly, fp.Crossings, fp.Points)
		for _, spelling := range []string{key.String(), key.LaTeX(), key.Source()} {
			if strings.Contains(plain, spelling) {
				t.Errorf("%s: the fingerprint's plain part contains the key %q", c.name, spelling)
			}
		}
	}
}

// TestFingerprintDependsOnSeed: a fresh salt gives other points, so one
// term's hashes are useless the next.
func TestFingerprintDependsOnSeed(t *testing.T) {
	env, _ := NewEnv([]Var{{"x", "real (0, 1)"}}, nil, Options{})
	key, _ := env.Parse("exp(x)")
	a, _ := env.Fingerprint(key, 1)
	b, _ := env.Fingerprint(key, 2)
	same := 0
	for name, v := range a.Values {
		if b.Values[name] == v {
			same++
		}
	}
	if same > len(a.Values)/4 {
		t.Errorf("%d of %d values are the same under another seed", same, len(a.Values))
	}
}

// TestFingerprintBand moves an answer away from the key by a relative
// error δ: below 0.7·R the sealed check must say right, above 1.2·R
// wrong, as full grading does; in between it may say it cannot be
// sure, but never contradict full grading.
func TestFingerprintBand(t *testing.T) {
	for _, tc := range []struct {
		name, key, answer string // answer has %s for 1+δ
		vars              []Var
	}{
		{"high precision", "exp(x)", "exp(x)*%s", []Var{{"x", "real (0, 1)"}}},
		{"float64", "sum(p*log(p/q))", "sum(p*log(p/q))*%s", []Var{{"p", "simplex 4"}, {"q", "simplex 4"}}},
	} {
		env, err := NewEnv(tc.vars, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		key, _ := env.Parse(tc.key)
		fp, err := env.Fingerprint(key, 42)
		if err != nil {
			t.Fatal(err)
		}
		sealed := sealKey(fp)
		undecided := 0
		for e := -12.0; e <= -6; e += 0.05 {
			delta := math.Pow(10, e)
			for _, sign := range []float64{1, -1} {
				src := fmt.Sprintf(tc.answer, "(1 + "+strings.TrimSuffix(fmt.Sprintf("%.6e", sign*delta), "")+")")
				ans, err := env.Parse(src)
				if err != nil {
					t.Fatal(err)
				}
				full, got := env.Compare(key, ans), env.CompareFingerprint(fp, sealed, ans)
				if got.Undecided {
					undecided++
					if delta < 0.7e-9 || delta > 1.2e-9 {
						t.Errorf("%s: δ = %.3g is outside the band, but the sealed check is undecided", tc.name, sign*delta)
					}
					continue
				}
				if got.Equivalent != full.Equivalent {
					t.Errorf("%s: δ = %.3g: sealed says equivalent %v, full grading %v", tc.name, sign*delta, got.Equivalent, full.Equivalent)
				}
			}
		}
		if undecided == 0 {
			t.Errorf("%s: no answer fell in the band; the test no longer probes it", tc.name)
		}
	}
}

// TestFingerprintSealsExactValuesTogether: a key's exact values are sealed as
// one tuple under every point's name, never one value alone, so that no
// point's value can be found by trying likely values at that point (and a
// polynomial rebuilt from a few of them); an answer that is not rational is
// left undecided against them, however close or far, rather than guessed.
func TestFingerprintSealsExactValuesTogether(t *testing.T) {
	env, err := NewEnv([]Var{{"n", "integer 1..1000"}, {"k", "integer 1..1000"}, {"m", "integer 1..1000"}}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, _ := env.Parse("k^2 + k*n + k + m*k + m")
	fp, err := env.Fingerprint(key, 7)
	if err != nil {
		t.Fatal(err)
	}
	tuple, exact := "", 0
	for i, pt := range fp.Points {
		if !pt.Exact {
			continue
		}
		exact++
		own, _ := evalRat(key.root, pt.At)
		got := fp.Values[exactName(i)]
		if got == own.RatString() || !strings.Contains(got, ";") {
			t.Errorf("point %d is sealed with its own value alone: %q", i, got)
		}
		if tuple == "" {
			tuple = got
		} else if got != tuple {
			t.Errorf("point %d is sealed with %q, another point with %q: not one tuple", i, got, tuple)
		}
		for name := range fp.Values {
			if strings.HasPrefix(name, fmt.Sprintf("p%de", i)) {
				t.Errorf("exact point %d keeps cell %s: a likely value tried there finds it", i, name)
			}
		}
	}
	if exact < minCompared {
		t.Fatalf("only %d exact points", exact)
	}
	sealed := sealKey(fp)
	for _, src := range []string{"k*(k+n+m+1) + m", "k^2 + k*n + k + m*k + m + 1"} {
		ans, _ := env.Parse(src)
		if got, full := env.CompareFingerprint(fp, sealed, ans), env.Compare(key, ans); got.Equivalent != full.Equivalent || got.Undecided {
			t.Errorf("%q: sealed %+v, full %+v", src, got, full)
		}
	}
	for _, src := range []string{"(k^2 + k*n + k + m*k + m)*sqrt(1)^2*exp(0)", "k^2 + k*n + k + m*k + m + log(n)"} {
		ans, _ := env.Parse(src)
		if ans.rational {
			t.Fatalf("%q is rational; the test needs an answer that is not", src)
		}
		if got := env.CompareFingerprint(fp, sealed, ans); !got.Undecided || got.Equivalent {
			t.Errorf("%q against an exact key: %+v, want undecided", src, got)
		}
	}
}

// TestFingerprintAbsoluteBand: near 0, float64 comparisons accept an
// absolute error up to 1e-12, and the absolute cells decide it.
func TestFingerprintAbsoluteBand(t *testing.T) {
	env, _ := NewEnv([]Var{{"p", "simplex 3"}}, nil, Options{})
	key, _ := env.Parse("sum(p) - 1")
	fp, err := env.Fingerprint(key, 5)
	if err != nil {
		t.Fatal(err)
	}
	sealed := sealKey(fp)
	for e := -15.0; e <= -10; e += 0.1 {
		delta := math.Pow(10, e)
		ans, _ := env.Parse(fmt.Sprintf("sum(p) - 1 + %.6e", delta))
		full, got := env.Compare(key, ans), env.CompareFingerprint(fp, sealed, ans)
		if got.Undecided {
			if delta < 0.7e-12 || delta > 1.2e-12 {
				t.Errorf("δ = %.3g is outside the band, but the sealed check is undecided", delta)
			}
			continue
		}
		if got.Equivalent != full.Equivalent {
			t.Errorf("δ = %.3g: sealed says equivalent %v, full grading %v", delta, got.Equivalent, full.Equivalent)
		}
	}
}

// TestCellsStableUnderUlps: the values of one formula computed on two
// machines differ by a few ulps (native amd64 math against the pure Go
// math of GOOS=js/wasm); in the grid where a value lies deepest, such a
// difference never changes its cell, and so the sealed check agrees.
func TestCellsStableUnderUlps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := sizesFor(defaultRelTol, defaultAbsTol)
	env, _ := NewEnv([]Var{{"x", "real (0, 1)"}}, nil, Options{})
	for i := 0; i < 20000; i++ {
		v := math.Exp(r.NormFloat64()*50) * float64(1-2*r.IntN(2))
		if i%10 == 0 {
			v = r.NormFloat64() * 1e-12 // where the absolute cells decide
		}
		key := newFloat(53).SetFloat64(v)
		withAbs := env.keepAbs(key) // as Fingerprint keeps them
		stored := map[string]string{}
		for _, c := range env.cellsOf(key, sizes, withAbs) {
			stored[c.name] = c.label
		}
		w := v
		for k := 0; k < 1+r.IntN(8); k++ {
			if r.IntN(2) == 0 {
				w = math.Nextafter(w, math.Inf(1))
			} else {
				w = math.Nextafter(w, math.Inf(-1))
			}
		}
		deepest := map[string]cell{}
		for _, c := range env.cellsOf(newFloat(53).SetFloat64(w), sizes, withAbs) {
			if d, ok := deepest[c.name[:2]]; !ok || c.depth > d.depth {
				deepest[c.name[:2]] = c
			}
		}
		for kind, c := range deepest {
			if stored[c.name] != c.label {
				t.Fatalf("%v and %v (a few ulps apart) fall in different %s cells: %s and %s", v, w, kind, stored[c.name], c.label)
			}
		}
		pt := FingerprintPoint{Abs: withAbs}
		key0 := keyCells(stored)
		if o := env.matchCells(key0, 0, 0, newFloat(53).SetFloat64(w), pt, sizes, defaultRelTol, defaultAbsTol); o != pointAgrees {
			t.Fatalf("%v and %v (a few ulps apart) do not agree: outcome %d", v, w, o)
		}
	}
}

// keyCells serves one point's cells as a sealed key for matchCells.
type keyCells map[string]string

func (k keyCells) Matches(name, canon string) bool {
	v, ok := k[name[len(name)-3:]] // p<i>e<j> and the grid's name

	return ok && v == canon
}

// TestRelCellExact: the label of a huge value is computed from its exponent
// exactly, so that 2^100000 and 2^100000·(1+2^-60) share their cell.
func TestRelCellExact(t *testing.T) {
	sizes := sizesFor(defaultRelTol, defaultAbsTol)
	x := newFloat(200).SetMantExp(newFloat(200).SetFloat64(1.3), 100000)
	y := newFloat(200).Mul(x, newFloat(200).Add(big.NewFloat(1), newFloat(200).SetMantExp(big.NewFloat(1), -60)))
	for g := 0; g < grids; g++ {
		a, b := relCell(x, sizes.relFine, float64(g)/grids), relCell(y, sizes.relFine, float64(g)/grids)
		if a.depth > 0.01 && a.label != b.label {
			t.Errorf("grid %d: %s and %s", g, a.label, b.label)
		}
		if !strings.HasPrefix(a.label, "+99999:") && !strings.HasPrefix(a.label, "+100000:") {
			t.Errorf("grid %d: label %s does not carry the octave", g, a.label)
		}
	}
}

// TestStudentDiagnosisNamesNoTerm: the student wording of a polynomial
// diagnosis names variables and slips, never a term of the key or of the
// difference (the instructor's wording does).
func TestStudentDiagnosisNamesNoTerm(t *testing.T) {
	env, _ := NewEnv([]Var{{"n", "integer 1..1000"}, {"k", "integer 1..1000"}, {"m", "integer 1..1000"}}, nil, Options{})
	key, _ := env.Parse("k^2 + k*n + k + m*k + m")
	for _, tc := range []struct{ answer, want string }{
		{"k*(k+m)+k", "The terms with k and m are wrong or missing; your answer does not depend on n, but the expected answer does."},
		{"k^2 + k*n + k + m*k", "The terms with m are wrong or missing; the terms with n and k are right."},
		{"k^2 + k*n + m*k + m", "The terms with k are wrong or missing; the terms with n and m are right."},
		{"k^2 + k*n + k + m*k + m + 7", "Your answer has a constant term, but the expected answer has none; the terms with n, k and m are right."},
		{"k^2 + 2k*n + k + m*k + m", "The terms with n and k are wrong or missing; the terms with m are right."},
		{"3(k^2 + k*n + k + m*k + m)", "Your answer is 3 times too large."},
		{"(k^2 + k*n + k + m*k + m)/4", "Your answer is 4 times too small."},
		{"-(k^2 + k*n + k + m*k + m)", "Your answer has the wrong sign."},
		{"(k^2 + k*n + k + m*k + m)*2/3", "Your answer is a constant multiple of the expected answer, but not the right one."},
		{"0", "Your answer is 0."},
	} {
		ans, err := env.Parse(tc.answer)
		if err != nil {
			t.Fatal(err)
		}
		v := env.Compare(key, ans)
		if v.StudentDiagnosis != tc.want {
			t.Errorf("%q: student diagnosis %q, want %q", tc.answer, v.StudentDiagnosis, tc.want)
		}
		for _, term := range []string{"k^2", "k·n", "m·k", "k·m", "·", "^"} {
			if strings.Contains(v.StudentDiagnosis, term) {
				t.Errorf("%q: student diagnosis %q names a term (%s)", tc.answer, v.StudentDiagnosis, term)
			}
		}
		if v.Diagnosis == v.StudentDiagnosis && !strings.Contains(tc.want, "times") && !strings.Contains(tc.want, "sign") && tc.answer != "0" {
			t.Errorf("%q: the instructor's diagnosis %q should stay as detailed as before", tc.answer, v.Diagnosis)
		}
	}
}

// TestStudentDiagnosisNoValue: away from polynomials, the student wording
// quotes no test point and no value (the instructor's quotes both).
func TestStudentDiagnosisNoValue(t *testing.T) {
	env, _ := NewEnv([]Var{{"x", "real (0, 1)"}}, nil, Options{})
	key, _ := env.Parse("exp(x)")
	for _, src := range []string{"1 + x", "exp(x) + 1", "log(x)", "1/(x - 0.5)"} {
		ans, _ := env.Parse(src)
		v := env.Compare(key, ans)
		if v.Equivalent || strings.ContainsAny(v.StudentDiagnosis, "0123456789=") {
			t.Errorf("%q: student diagnosis %q quotes a value or point", src, v.StudentDiagnosis)
		}
		if !strings.Contains(v.Diagnosis, "x = ") {
			t.Errorf("%q: the instructor's diagnosis %q should still name the point", src, v.Diagnosis)
		}
	}
}

// TestFingerprintSwitches: an answer whose floor switches where the key's
// does is decided at the key's switch points; one switching elsewhere
// cannot be decided by the sealed check, and says so.
func TestFingerprintSwitches(t *testing.T) {
	env, _ := NewEnv([]Var{{"n", "integer 1..1000"}}, nil, Options{})
	key, _ := env.Parse("floor(n/7) + n")
	fp, err := env.Fingerprint(key, 3)
	if err != nil {
		t.Fatal(err)
	}
	sealed := sealKey(fp)
	for _, tc := range []struct {
		answer             string
		equivalent, unsure bool
	}{
		{"n + floor(n/7)", true, false},
		{"n + floor(n/2000)", false, false}, // wrong at n = 1000 (1000/7 is no whole number)
		{"floor(n/7 + n)", false, true},     // equal, but full grading also looks where 8n/7 reaches other integers
		{"n + ceil((n-6)/7)", false, true},  // equal, but it switches at other values of its argument
		{"n + floor((n+1)/7)", false, false},
		{"n + n/7", false, false},
	} {
		ans, _ := env.Parse(tc.answer)
		got := env.CompareFingerprint(fp, sealed, ans)
		if got.Equivalent != tc.equivalent || got.Undecided != tc.unsure {
			t.Errorf("%q: equivalent %v undecided %v, want %v %v (%s)", tc.answer, got.Equivalent, got.Undecided, tc.equivalent, tc.unsure, got.Diagnosis)
		}
		if full := env.Compare(key, ans); !got.Undecided && full.Equivalent != got.Equivalent {
			t.Errorf("%q: sealed %v, full grading %v", tc.answer, got.Equivalent, full.Equivalent)
		}
	}
}

// TestAnswerValuesOpen: an answer the fingerprint matches has, at its first
// points, a value equal to the key's under the same name (what a verdict
// sealed under the key's values opens with); an answer it does not match
// need not, and a polynomial answer gives its polynomial alone.
func TestAnswerValuesOpen(t *testing.T) {
	for _, c := range fingerprintCases {
		env, _ := NewEnv(c.vars, c.defines, Options{Allow: c.allow})
		key, _ := env.Parse(c.key)
		fp, err := env.Fingerprint(key, 11)
		if err != nil {
			t.Fatal(err)
		}
		sealed := sealKey(fp)
		for _, src := range append([]string{c.key}, c.answers...) {
			ans, err := env.Parse(src)
			if err != nil || !env.CompareFingerprint(fp, sealed, ans).Equivalent {
				continue
			}
			opens := false
			for i := 0; i < 2 && !opens; i++ {
				values := env.AnswerValues(fp, ans, i)
				if _, ok := values["poly"]; ok && len(values) != 1 {
					t.Errorf("%s, %q: a polynomial answer gives %d values", c.name, src, len(values))
				}
				for name, v := range values {
					if fp.Values[name] == v && (name == "poly" || strings.HasSuffix(name, "x") || strings.Contains(name, "rf") || strings.Contains(name, "af")) {
						opens = true
					}
				}
			}
			if !opens {
				t.Errorf("%s, %q: matches the key, but none of its values at the first points is the key's", c.name, src)
			}
		}
	}
}

// TestFingerprintExplicitTolerance: under a rubric's formula_tol, exact
// values compare within it (in exact arithmetic in full grading, by cells
// sealed), not exactly.
func TestFingerprintExplicitTolerance(t *testing.T) {
	for _, tc := range []struct {
		vars []Var
		key  string
	}{
		{[]Var{{"n", "integer 1..100"}}, "n*floor(n/2) + 1"},
		{[]Var{{"x", "real (0, 1)"}}, "exp(x)"},
	} {
		env, _ := NewEnv(tc.vars, nil, Options{RelTol: 1e-6})
		key, _ := env.Parse(tc.key)
		fp, err := env.Fingerprint(key, 9)
		if err != nil {
			t.Fatal(err)
		}
		sealed := sealKey(fp)
		for _, d := range []string{"1e-12", "1e-9", "1e-8", "2e-7", "3e-6", "1e-5", "1e-3", "-1e-8", "-1e-5"} {
			src := "(" + tc.key + ")*(1 + " + d + ")"
			ans, err := env.Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			full, got := env.Compare(key, ans), env.CompareFingerprint(fp, sealed, ans)
			if got.Undecided || got.Equivalent != full.Equivalent {
				t.Errorf("%s: sealed equivalent %v undecided %v, full grading %v", src, got.Equivalent, got.Undecided, full.Equivalent)
			}
		}
	}
}

// BenchmarkCompareFingerprint times the sealed check of one answer on the
// self-check page's typical questions (hw8 2, 3a, 3c): the key's fingerprint
// made once, the answer parsed and checked each time.
func BenchmarkCompareFingerprint(b *testing.B) {
	for _, c := range []struct {
		name   string
		fc     fingerprintCase
		answer string
	}{
		{"polynomial", fingerprintCases[0], "k(k+n+1+m)+m"},
		{"identity", fingerprintCases[1], "1 - e^{-\\epsilon}"},
		{"simplex", fingerprintCases[3], "\\sum_i p_i \\epsilon_i"},
	} {
		b.Run(c.name, func(b *testing.B) {
			env, _ := NewEnv(c.fc.vars, c.fc.defines, Options{Allow: c.fc.allow})
			key, _ := env.Parse(c.fc.key)
			fp, err := env.Fingerprint(key, 1)
			if err != nil {
				b.Fatal(err)
			}
			sealed := sealKey(fp)
			b.ReportAllocs()
			for b.Loop() {
				ans, _ := env.Parse(c.answer)
				if !env.CompareFingerprint(fp, sealed, ans).Equivalent {
					b.Fatal("not equivalent")
				}
			}
		})
	}
}
