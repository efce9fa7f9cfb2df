package expr

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// corpusCase is one pair of testdata/equivalence_corpus.json.
type corpusCase struct {
	Name       string            `json:"name"`
	Vars       [][2]string       `json:"vars"`
	Defines    map[string]string `json:"defines"`
	Key        string            `json:"key"`
	Answer     string            `json:"answer"`
	Equivalent bool              `json:"equivalent"`
	Kind       string            `json:"kind"`
	Small      string            `json:"small"`
	Order      int               `json:"order"`
	// RelTol and AbsTol are a rubric's formula tolerance (0: the default).
	RelTol float64 `json:"rel_tol"`
	AbsTol float64 `json:"abs_tol"`
	// Review: the pair cannot be decided, and Compare must say so
	// (Verdict.Undecided) rather than guess.
	Review bool `json:"review"`
	// Reference names how reference/sympy_verdicts.py establishes the truth
	// independently: "exhaustive" (every point of an integer domain, in
	// exact rational arithmetic) or "mpmath" (many points at 50 digits).
	Reference string `json:"reference"`
}

func loadCorpus(tb testing.TB) []corpusCase {
	tb.Helper()
	data, err := os.ReadFile("testdata/equivalence_corpus.json")
	if err != nil {
		tb.Fatal(err)
	}
	var cases []corpusCase
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatal(err)
	}
	return cases
}

// preparedCase is a corpus pair parsed once.
type preparedCase struct {
	corpusCase
	env         *Env
	key, answer *Expr
}

func (c *preparedCase) compare() Verdict {
	if c.Kind == "asymptotic" {
		return c.env.CompareAsymptotic(c.key, c.answer, c.Small, c.Order)
	}
	return c.env.Compare(c.key, c.answer)
}

func prepare(tb testing.TB, c corpusCase) *preparedCase {
	tb.Helper()
	var vars []Var
	for _, v := range c.Vars {
		vars = append(vars, Var{Name: v[0], Domain: v[1]})
	}
	var defs []Define
	names := make([]string, 0, len(c.Defines))
	for name := range c.Defines {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		defs = append(defs, Define{Name: name, Expr: c.Defines[name]})
	}
	env, err := NewEnv(vars, defs, Options{RelTol: c.RelTol, AbsTol: c.AbsTol})
	if err != nil {
		tb.Fatalf("%s: %v", c.Name, err)
	}
	key, err := env.Parse(c.Key)
	if err != nil {
		tb.Fatalf("%s: key: %v", c.Name, err)
	}
	answer, err := env.Parse(c.Answer)
	if err != nil {
		tb.Fatalf("%s: answer: %v", c.Name, err)
	}
	return &preparedCase{corpusCase: c, env: env, key: key, answer: answer}
}

func TestCorpus(t *testing.T) {
	for _, c := range loadCorpus(t) {
		t.Run(c.Name, func(t *testing.T) {
			p := prepare(t, c)
			v := p.compare()
			if v.Undecided != c.Review {
				t.Fatalf("%q vs %q: got undecided=%v (%s), want %v", c.Key, c.Answer, v.Undecided, v.Diagnosis, c.Review)
			}
			if v.Equivalent != c.Equivalent {
				t.Fatalf("%q vs %q: got equivalent=%v (%s), want %v", c.Key, c.Answer, v.Equivalent, v.Diagnosis, c.Equivalent)
			}
			if !v.Equivalent && v.Diagnosis == "" {
				t.Errorf("a wrong answer has no diagnosis")
			}
			if v.Equivalent && v.Diagnosis != "" {
				t.Errorf("a right answer has a diagnosis: %s", v.Diagnosis)
			}
			if c.Kind == "" && c.Equivalent {
				// An identity holds both ways, and CheckIdentity agrees.
				if err := p.env.CheckIdentity(p.key, p.answer); err != nil {
					t.Errorf("CheckIdentity: %v", err)
				}
			}
		})
	}
}

// sympyFile is testdata/sympy_verdicts.json, written by
// reference/sympy_verdicts.py.
type sympyFile struct {
	Version       string  `json:"sympy_version"`
	MedianSeconds float64 `json:"median_seconds"`
	Pairs         []struct {
		Name    string   `json:"name"`
		Verdict *bool    `json:"verdict"`
		Seconds *float64 `json:"seconds"`
		Error   string   `json:"error"`
		// Reference is the truth the script establishes without the
		// engine: true, false, or "undefined" (no point has a value).
		Reference any `json:"reference"`
	} `json:"pairs"`
}

// TestSympyVerdicts checks that the committed sympy verdicts cover the
// corpus (rerun reference/sympy_verdicts.py after editing it) and lists the
// pairs sympy gets wrong or cannot judge.
func TestSympyVerdicts(t *testing.T) {
	data, err := os.ReadFile("testdata/sympy_verdicts.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref sympyFile
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	corpus := loadCorpus(t)
	if len(ref.Pairs) != len(corpus) {
		t.Fatalf("sympy_verdicts.json has %d pairs, the corpus %d: rerun reference/sympy_verdicts.py", len(ref.Pairs), len(corpus))
	}
	var wrong, unjudged []string
	for i, c := range corpus {
		r := ref.Pairs[i]
		if r.Name != c.Name {
			t.Fatalf("pair %d is %q in sympy_verdicts.json but %q in the corpus: rerun reference/sympy_verdicts.py", i, r.Name, c.Name)
		}
		if c.Reference != "" {
			checkReference(t, c, r.Reference)
		}
		switch {
		case r.Verdict == nil:
			unjudged = append(unjudged, c.Name+" ("+r.Error+")")
		case *r.Verdict != c.Equivalent:
			wrong = append(wrong, c.Name+": "+c.Key+" vs "+c.Answer)
		}
	}
	t.Logf("sympy %s, median %.2f ms per check", ref.Version, ref.MedianSeconds*1000)
	t.Logf("sympy wrong on %d of %d pairs:\n  %s", len(wrong), len(corpus), strings.Join(wrong, "\n  "))
	t.Logf("sympy cannot judge %d pairs:\n  %s", len(unjudged), strings.Join(unjudged, "\n  "))
}

// checkReference holds a pair's expected verdict to the truth
// reference/sympy_verdicts.py established independently: an equivalent
// pair is equivalent there, a wrong one wrong, and a pair under review
// is one the engine cannot decide (the reference may know better: mpmath
// computes exp(exp(800))).
func checkReference(t *testing.T, c corpusCase, ref any) {
	t.Helper()
	if c.Review {
		t.Logf("%s: under review; the reference says %v", c.Name, ref)
		return
	}
	if got, ok := ref.(bool); !ok || got != c.Equivalent {
		t.Errorf("%s: the corpus says equivalent=%v, the %s reference says %v", c.Name, c.Equivalent, c.Reference, ref)
	}
}

// BenchmarkCompare times one equivalence check per corpus pair, each pair
// parsed once (keys are reused across a class), and reports the median.
func BenchmarkCompare(b *testing.B) {
	b.ReportAllocs()
	var cases []*preparedCase
	for _, c := range loadCorpus(b) {
		if c.Kind == "" {
			cases = append(cases, prepare(b, c))
		}
	}
	for _, c := range cases {
		c.compare() // fill the key's cached values, as the first student does
	}
	perCase := make([]time.Duration, len(cases))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := cases[i%len(cases)]
		start := time.Now()
		c.compare()
		perCase[i%len(cases)] += time.Since(start)
	}
	b.StopTimer()
	if b.N >= len(cases) {
		rounds := b.N / len(cases)
		ns := make([]float64, len(cases))
		for i, d := range perCase {
			ns[i] = float64(d.Nanoseconds()) / float64(rounds)
		}
		sort.Float64s(ns)
		b.ReportMetric(ns[len(ns)/2], "median-ns/check")
		b.ReportMetric(ns[len(ns)-1], "max-ns/check")
	}
}

// BenchmarkCompareUncached is BenchmarkCompare without the key's cached
// values: every check evaluates both sides at every test point.
func BenchmarkCompareUncached(b *testing.B) {
	b.ReportAllocs()
	var cases []*preparedCase
	for _, c := range loadCorpus(b) {
		if c.Kind == "" {
			cases = append(cases, prepare(b, c))
		}
	}
	perCase := make([]time.Duration, len(cases))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := cases[i%len(cases)]
		k := c.key
		fresh := &Expr{env: k.env, src: k.src, root: k.root, names: k.names, poly: k.poly, scalar: k.scalar, vector: k.vector}
		start := time.Now()
		c.env.Compare(fresh, c.answer)
		perCase[i%len(cases)] += time.Since(start)
	}
	b.StopTimer()
	if b.N >= len(cases) {
		rounds := b.N / len(cases)
		ns := make([]float64, len(cases))
		for i, d := range perCase {
			ns[i] = float64(d.Nanoseconds()) / float64(rounds)
		}
		sort.Float64s(ns)
		b.ReportMetric(ns[len(ns)/2], "median-ns/check")
	}
}

// BenchmarkParseAndCompare includes parsing both sides, for one-off checks.
func BenchmarkParseAndCompare(b *testing.B) {
	b.ReportAllocs()
	cases := loadCorpus(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		prepare(b, cases[i%len(cases)]).compare()
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	env, err := NewEnv([]Var{{"n", "integer 1..1000"}, {"k", "integer 1..1000"}, {"m", "integer 1..1000"}}, nil, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := env.Parse(`$k \cdot (k+m) + k^{2} + kn + m$`); err != nil {
			b.Fatal(err)
		}
	}
}
