package problems_test

import (
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/errortest"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func variantsSet(t testing.TB) *problems.Set {
	t.Helper()
	set, err := bundled.Set("hw8-variants")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestVariantKeysByArithmetic solves the bundled variant set for many
// students and checks every key against arithmetic done here, not by the
// engine: each student, answering their own variant with numbers computed
// from the textbook formulas, gets every question right.
func TestVariantKeysByArithmetic(t *testing.T) {
	set := variantsSet(t)
	if !set.HasParams() || set.Values != nil {
		t.Fatalf("hw8-variants: HasParams %v, Values %v", set.HasParams(), set.Values)
	}
	seen := map[string]bool{}
	for i := 0; i < 400; i++ {
		student := fmt.Sprintf("student%03d", i)
		v, err := set.Draw(student)
		if err != nil {
			t.Fatal(err)
		}
		seen[v.Key()] = true
		p := v.Map()
		s, f1, k1, f2, st := p["s"], p["f1"], p["k1"], p["f2"], p["st"]
		h1 := s - k1 + 1 // stride 1, no padding
		if h1%2 != 0 {
			t.Fatalf("%s: %s breaks require: %d is odd", student, v, h1)
		}
		hp := h1 / 2
		h2 := (hp-3)/st + 1
		conv1 := k1*k1*3*f1 + f1
		conv2 := 3*3*f1*f2 + f2
		fc := h2*h2*f2*10 + 10
		want := map[string]string{
			"1a": fmt.Sprintf("%d x %d x %d", h1, h1, f1),
			"1b": strconv.Itoa(conv1),
			"1c": fmt.Sprintf("%d x %d x %d", hp, hp, f1),
			"1d": fmt.Sprintf("%d x %d x %d", h2, h2, f2),
			"1e": strconv.Itoa(fc),
			"1f": strconv.Itoa(conv1 + conv2 + fc),
			"2":  strconv.Itoa(k1 * k1 * 3 * f1),
			"3":  fmt.Sprintf("%d n + %d", f1, f1),
		}
		variant, err := set.Variant(v)
		if err != nil {
			t.Fatalf("%s: %v", student, err)
		}
		if variant.HasParams() || variant.Values.Key() != v.Key() {
			t.Fatalf("%s: variant has params %v, values %v", student, variant.Params, variant.Values)
		}
		key, err := grader.Solve(variant)
		if err != nil {
			t.Fatalf("%s (%s): %v", student, v, err)
		}
		ka, _ := key.Answer("1b")
		if ka.Int != int64(conv1) {
			t.Errorf("%s (%s): 1b key %d, want %d", student, v, ka.Int, conv1)
		}
		res := grader.New(key, rubrics.Default()).Grade(&submissions.Submission{Student: student, Answers: want})
		for _, q := range res.Questions {
			if q.Status != grader.Correct {
				t.Errorf("%s (%s): question %s answered %q: %s, expected %s (%s)", student, v, q.ID, q.Answer, q.Status, q.Expected, q.Feedback)
			}
		}
		q, _ := variant.Question("1a")
		wantText := fmt.Sprintf("Input %d × %d × 3; the first convolution layer has %d kernels of %d × %d,", s, s, f1, k1, k1)
		if !strings.HasPrefix(q.Text, wantText) {
			t.Errorf("%s: text %q, want it to start %q", student, q.Text, wantText)
		}
	}
	if len(seen) < 100 {
		t.Errorf("400 students drew only %d combinations", len(seen))
	}
}

// TestCopiedAnswersAreWrong: another variant's right answers are wrong for
// a student whose values differ.
func TestCopiedAnswersAreWrong(t *testing.T) {
	set := variantsSet(t)
	a, _ := set.Draw("alice")
	var other problems.Values
	for i := 0; other == nil; i++ {
		v, _ := set.Draw(fmt.Sprintf("other%d", i))
		if v.Map()["f1"] != a.Map()["f1"] && v.Map()["k1"] != a.Map()["k1"] {
			other = v
		}
	}
	va, _ := set.Variant(a)
	vo, _ := set.Variant(other)
	ka, err := grader.Solve(va)
	if err != nil {
		t.Fatal(err)
	}
	ko, err := grader.Solve(vo)
	if err != nil {
		t.Fatal(err)
	}
	copied := map[string]string{}
	for _, ans := range ko.Answers {
		copied[ans.Question.ID] = ans.Display
	}
	res := grader.New(ka, rubrics.Default()).Grade(&submissions.Submission{Student: "alice", Answers: copied})
	for _, q := range res.Questions {
		if q.ID == "1b" || q.ID == "2" || q.ID == "3" || q.ID == "1a" {
			if q.Status == grader.Correct {
				t.Errorf("question %s: %s's answer %q is right for alice (%s)", q.ID, other, q.Answer, a)
			}
		}
	}
}

// drawBySpec is FORMAT.md's draw, written again from its text: SHA-256 of
// set id, 0, seed, 0, student, 0, attempt; the first 8 bytes big-endian,
// modulo the number of combinations; the last param varying fastest.
func drawBySpec(id, seed, student string, attempt int, choices [][]int) []int {
	h := sha256.Sum256([]byte(id + "\x00" + seed + "\x00" + student + "\x00" + strconv.Itoa(attempt)))
	n := uint64(1)
	for _, c := range choices {
		n *= uint64(len(c))
	}
	i := binary.BigEndian.Uint64(h[:8]) % n
	out := make([]int, len(choices))
	for j := len(choices) - 1; j >= 0; j-- {
		out[j] = choices[j][i%uint64(len(choices[j]))]
		i /= uint64(len(choices[j]))
	}
	return out
}

const evenSet = `id = "even"
seed = "2026"

[params]
a = [1, 2, 3]
b = { from = 10, to = 70, step = 10 }
c = [-1, 1]

[[questions]]
id = "1"
kind = "number"
text = "{a} + {b} + {c}?"
answer = "a + b + c"
`

// TestDrawFollowsTheSpec: the draw is the documented one, so other tools can
// reproduce it.
func TestDrawFollowsTheSpec(t *testing.T) {
	set, err := problems.Load("even.toml", []byte(evenSet))
	if err != nil {
		t.Fatal(err)
	}
	if set.Combinations() != 42 || set.Seed != "2026" {
		t.Fatalf("combinations %d, seed %q", set.Combinations(), set.Seed)
	}
	choices := [][]int{{1, 2, 3}, {10, 20, 30, 40, 50, 60, 70}, {-1, 1}}
	for i := 0; i < 2000; i++ {
		student := fmt.Sprintf("u%d", i)
		v, err := set.Draw(student)
		if err != nil {
			t.Fatal(err)
		}
		want := drawBySpec("even", "2026", student, 0, choices)
		if got := []int{v[0].Value, v[1].Value, v[2].Value}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: drew %v, the spec says %v", student, got, want)
		}
	}
	if got := set.Combination(0).String() + " / " + set.Combination(1).String() + " / " + set.Combination(41).String(); got != "a = 1, b = 10, c = -1 / a = 1, b = 10, c = 1 / a = 3, b = 70, c = 1" {
		t.Errorf("combinations in order: %s", got)
	}
	a, _ := set.Draw("  u7 ")
	b, _ := set.Draw("u7")
	if a.Key() != b.Key() {
		t.Errorf("a student id is trimmed: %s vs %s", a, b)
	}
}

// TestDrawIsEven: over 30,000 students each choice of each param, and each
// combination, is drawn within 5 standard deviations of an even share.
func TestDrawIsEven(t *testing.T) {
	set, err := problems.Load("even.toml", []byte(evenSet))
	if err != nil {
		t.Fatal(err)
	}
	const students = 30000
	counts := map[string]int{}
	combos := map[string]int{}
	for i := 0; i < students; i++ {
		v, err := set.Draw("s" + strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range v {
			counts[p.Name+"="+strconv.Itoa(p.Value)]++
		}
		combos[v.Key()]++
	}
	check := func(what string, got, k int) {
		p := 1 / float64(k)
		mean := students * p
		sd := math.Sqrt(students * p * (1 - p))
		if math.Abs(float64(got)-mean) > 5*sd {
			t.Errorf("%s drawn %d times of %d, expected %.0f ± %.0f", what, got, students, mean, sd)
		}
	}
	for _, p := range set.Params {
		for _, c := range p.Choices {
			name := p.Name + "=" + strconv.Itoa(c)
			check(name, counts[name], len(p.Choices))
		}
	}
	if len(combos) != 42 {
		t.Errorf("%d of 42 combinations drawn", len(combos))
	}
	for i := 0; i < set.Combinations(); i++ {
		k := set.Combination(uint64(i)).Key()
		check(k, combos[k], 42)
	}
}

// TestDrawMeetsRequire: no draw of the bundled variant set breaks its
// require, every value that can meet it is drawn, and a draw that would
// break it is drawn again.
func TestDrawMeetsRequire(t *testing.T) {
	set := variantsSet(t)
	drawn := map[int]bool{}
	for i := 0; i < 3000; i++ {
		v, err := set.Draw("r" + strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		p := v.Map()
		if (p["s"]-p["k1"]+1)%2 != 0 || !set.MeetsRequire(v) {
			t.Fatalf("%s breaks require", v)
		}
		drawn[p["s"]] = true
	}
	for s := 28; s <= 64; s += 2 {
		if !drawn[s] {
			t.Errorf("s = %d, which meets require, never drawn", s)
		}
	}
	// A student whose first attempt breaks require gets their second.
	choices := [][]int{}
	for _, p := range set.Params {
		choices = append(choices, p.Choices)
	}
	for i := 0; ; i++ {
		student := "x" + strconv.Itoa(i)
		first := drawBySpec(set.ID, set.Seed, student, 0, choices)
		if (first[0]-first[2]+1)%2 == 0 {
			continue
		}
		v, _ := set.Draw(student)
		for attempt := 1; ; attempt++ {
			next := drawBySpec(set.ID, set.Seed, student, attempt, choices)
			if (next[0]-next[2]+1)%2 == 0 {
				if got := fmt.Sprint(v[0].Value, v[1].Value, v[2].Value, v[3].Value, v[4].Value); got != fmt.Sprint(next[0], next[1], next[2], next[3], next[4]) {
					t.Errorf("%s: drew %v, the spec's attempt %d is %v", student, got, attempt, next)
				}
				break
			}
		}
		break
	}
}

// TestDrawGolden pins the draw: a change to it would give every student of
// a running course new numbers.
func TestDrawGolden(t *testing.T) {
	set := variantsSet(t)
	var b strings.Builder
	ids := []string{"alice", "bob", "carol", "s1234567", "Ünïcødé", "with space", "12"}
	for i := 0; i < 12; i++ {
		ids = append(ids, fmt.Sprintf("student-%02d", i))
	}
	for _, id := range ids {
		v, err := set.Draw(id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q\t%s\n", id, v)
	}
	const golden = "testdata/draws.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("draws changed:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestVariantIsCachedAndConcurrent(t *testing.T) {
	set := variantsSet(t)
	v, _ := set.Draw("alice")
	var wg sync.WaitGroup
	got := make([]*problems.Set, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = set.Variant(v)
		}()
	}
	wg.Wait()
	for _, g := range got {
		if g == nil || g != got[0] {
			t.Fatal("Variant of the same values made twice, or failed")
		}
	}
	w, _ := set.Draw("bob")
	if other, _ := set.Variant(w); w.Key() != v.Key() && other == got[0] {
		t.Error("different values share a variant")
	}
	plain, err := problems.Load("p.toml", []byte("id = \"p\"\n[[questions]]\nid = \"1\"\nkind = \"number\"\nanswer = \"2\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if plain.HasParams() || plain.Combinations() != 1 {
		t.Error("a set without params has params")
	}
	if same, err := plain.Variant(nil); err != nil || same != plain {
		t.Errorf("a set without params is its own variant: %v", err)
	}
	if v, err := plain.Draw("alice"); v != nil || err != nil {
		t.Errorf("a set without params draws %v, %v", v, err)
	}
}

func TestVariantRefusesOtherValues(t *testing.T) {
	set := variantsSet(t)
	v, _ := set.Draw("alice")
	bad := append(problems.Values(nil), v...)
	bad[0].Value = 29 + 100
	for _, tc := range []struct {
		v    problems.Values
		want string
	}{
		{v[:2], "2 values"},
		{bad, "is not one of its choices"},
		{append(problems.Values{{Name: "k1", Value: 3}}, v[1:]...), `is for "k1"`},
	} {
		if _, err := set.Variant(tc.v); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Variant(%s): %v, want %q", tc.v, err, tc.want)
		}
	}
}

// TestSetAsWritten: the set Load returns keeps the params' names; a network
// sized by one is built per variant.
func TestSetAsWritten(t *testing.T) {
	set := variantsSet(t)
	names := []string{}
	for _, p := range set.Params {
		names = append(names, fmt.Sprintf("%s:%d", p.Name, len(p.Choices)))
	}
	if got := strings.Join(names, " "); got != "s:37 f1:3 k1:2 f2:2 st:2" {
		t.Errorf("params %s", got)
	}
	if set.Combinations() != 37*3*2*2*2 || len(set.Require) != 1 {
		t.Errorf("combinations %d, require %v", set.Combinations(), set.Require)
	}
	q, _ := set.Question("2")
	if q.Answer != "k1*k1*3*f1" || !strings.Contains(q.Text, "{f1} kernels") {
		t.Errorf("question 2 as written: %q, %q", q.Answer, q.Text)
	}
	v, _ := set.Draw("alice")
	variant, _ := set.Variant(v)
	q, _ = variant.Question("2")
	p := v.Map()
	if want := fmt.Sprintf("(%d)*(%d)*3*(%d)", p["k1"], p["k1"], p["f1"]); q.Answer != want || q.AnswerAt.Start.IsValid() {
		t.Errorf("question 2 of %s: %q (at %v), want %q at no column", v, q.Answer, q.AnswerAt.Start, want)
	}
	if err := set.CheckVariants(func(v *problems.Set) error { _, err := grader.Solve(v); return err }); err != nil {
		t.Errorf("CheckVariants: %v", err)
	}
}

// TestParamErrorsAsData loads each set in testdata/params-errors, checks its
// variants (every combination, keys solved) when it loads: every error must
// be the one marked on its line.
func TestParamErrorsAsData(t *testing.T) {
	errortest.Run(t, "testdata/params-errors/*.toml", func(name string, src []byte) error {
		set, err := problems.Load(name, src)
		if err != nil {
			return err
		}
		return set.CheckVariants(func(v *problems.Set) error {
			_, err := grader.Solve(v)
			return err
		})
	})
}

// TestFormatParamsExample: FORMAT.md's example of [params] loads, and every
// variant builds and solves.
func TestFormatParamsExample(t *testing.T) {
	src, err := os.ReadFile("../docs/FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(src), "### Per-student values")
	_, block, ok2 := strings.Cut(section, "```toml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("FORMAT.md has no [params] example")
	}
	set, err := problems.Load("FORMAT.md", []byte(block))
	if err != nil {
		t.Fatal(err)
	}
	if set.Combinations() != 3*2*10 || set.Seed != "fall-2026" {
		t.Errorf("combinations %d, seed %q", set.Combinations(), set.Seed)
	}
	if err := set.CheckVariants(func(v *problems.Set) error { _, err := grader.Solve(v); return err }); err != nil {
		t.Error(err)
	}
}

// TestVariantDomains: a param in a variable's domain ("integer 1..h") is its
// value in each variant, and only where it is a whole name: not in 1e5 (e is
// a param too), not in h2, not as the domain's kind.
func TestVariantDomains(t *testing.T) {
	src := `id = "dom"
[params]
h = [4, 8]
e = [2, 3]
real = [7]

[[questions]]
id = "1"
kind = "formula"
text = "Params of a layer of {h} units over n inputs, x in (0, {h})."
variables = { n = "integer h..100", x = "real (0, h]", y = "real (-1, 1e5)", m = "vector e (0, real)" }
answer = "h*n + h + e*x + y + sum(m)"
`
	set, err := problems.Load("dom.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, hv := range []int{4, 8} {
		for _, ev := range []int{2, 3} {
			v := problems.Values{{Name: "h", Value: hv}, {Name: "e", Value: ev}, {Name: "real", Value: 7}}
			variant, err := set.Variant(v)
			if err != nil {
				t.Fatalf("%s: %v", v, err)
			}
			q, _ := variant.Question("1")
			got := map[string]string{}
			for _, x := range q.Variables {
				got[x.Name] = x.Domain
			}
			want := map[string]string{
				"n": fmt.Sprintf("integer %d..100", hv),
				"x": fmt.Sprintf("real (0, %d]", hv),
				"y": "real (-1, 1e5)",
				"m": fmt.Sprintf("vector %d (0, 7)", ev),
			}
			for name, w := range want {
				if got[name] != w {
					t.Errorf("%s: variable %s: domain %q, want %q", v, name, got[name], w)
				}
			}
		}
	}
	if err := set.CheckVariants(func(v *problems.Set) error { _, err := grader.Solve(v); return err }); err != nil {
		t.Errorf("CheckVariants: %v", err)
	}
}

// TestLoadAllLeavesOutParamNetworks: the part of a set with errors that
// LoadAll returns, for validate to solve, has no network sized by a param
// (built only in a variant, its sizes are not there), whether the param is
// sound or has errors of its own: solving that part once reported
// "kernel is required" at no place for a set whose only param was wrong.
func TestLoadAllLeavesOutParamNetworks(t *testing.T) {
	for _, choices := range []string{"[3, 5, 3]", "[3, 5]"} {
		src := `id = "p"
[params]
k = ` + choices + `

[networks.cnn]
input = [32, 32, 3]
layers = [{ name = "conv", type = "conv2d", filters = 8, kernel = "k" }]

[networks.fixed]
input = [8]
layers = [{ name = "fc", type = "dense", units = 4 }]

[[questions]]
id = "1"
text = "Output of {k} × {k} kernels on 32 × 32 × 3?"
network = "cnn"
layer = "conv"
ask = "output_shape"

[[questions]]
id = "2"
text = "Params of fc?"
network = "fixed"
layer = "fc"
ask = "params"

[[questions]]
id = "3"
kind = "number"
text = "An error of its own: no answer"
`
		part, err := problems.LoadAll("p.toml", []byte(src))
		if err == nil || part == nil {
			t.Fatalf("k = %s: LoadAll: %v, part %v; want errors and a part", choices, err, part)
		}
		if _, ok := part.Network("cnn"); ok || len(part.Questions) != 1 || part.Questions[0].ID != "2" {
			t.Errorf("k = %s: the part has networks %d, questions %d; want fixed alone and question 2", choices, len(part.Networks), len(part.Questions))
		}
		if _, err := grader.Solve(part); err != nil {
			t.Errorf("k = %s: solving the part: %v", choices, err)
		}
	}
}
