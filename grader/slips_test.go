package grader

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// TestSlipAnswersCoverTheDiagnosis holds slipAnswers to what the diagnosis
// does, on every question of every test set, under every rubric the set has
// and for both audiences: each enumerated slip is diagnosed with its own
// wording, and any other wrong answer gets feedback that depends only on its
// class (a shape: its number of axes and which of them are right; a count or a
// number: nothing), so that a sealed edition that judged every enumerated answer
// ahead of time and one representative of each class gives the diagnosis of
// every answer. The other answers tried are many near misses: the key with
// every size the network's solution has put in, taken out, multiplied or
// divided, its axes replaced or permuted, and random values.
func TestSlipAnswersCoverTheDiagnosis(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 1))
	for _, ts := range allTestSets(t) {
		for ri, r := range ts.rubrics {
			for _, student := range []bool{false, true} {
				g := New(ts.key, r)
				g.SelfCheck = student
				for i := range g.questions {
					q := &g.questions[i]
					name := fmt.Sprintf("%s/rubric%d/student=%t/%s", ts.name, ri, student, q.key.Question.ID)
					checkSlipsCover(t, name, g, q, rng)
				}
			}
		}
	}
}

func checkSlipsCover(t *testing.T, name string, g *Grader, q *gradedQuestion, rng *rand.Rand) {
	ka := q.key
	if ka.Kind == FormulaValue || ka.Kind == TupleValue {
		if len(g.slipAnswers(q)) != 0 {
			t.Errorf("%s: a %v question has slips", name, ka.Kind)
		}
		return
	}
	ctx := g.newStudentContext(nil)
	slips := g.slips(q)
	enumerated := g.slipAnswers(q)
	if len(enumerated) != len(slips) {
		t.Fatalf("%s: %d slip answers for %d slips", name, len(enumerated), len(slips))
	}
	isMistake := func(r reading) bool {
		return slices.ContainsFunc(q.mistakes, func(m knownMistake) bool { return ka.kind.same(q, m.answer, r) })
	}
	for _, s := range slips {
		if right, _, _ := ka.kind.compare(q, s.answer); right {
			t.Errorf("%s: slip %s is the key", name, ka.kind.readAs(ka, s.answer))
		}
		if isMistake(s.answer) {
			continue // the rubric's feedback comes first
		}
		v := g.judge(ctx, q, s.answer)
		if s.reorder != noReorder {
			continue // graded by the rubric's shape_order or weight_order
		}
		if want := g.say(s); want == "" || !slices.Contains(v.feedback, want) {
			t.Errorf("%s: slip %s: feedback %q, want %q", name, ka.kind.readAs(ka, s.answer), v.feedback, want)
		}
	}
	isEnumerated := func(r reading) bool {
		if ka.Kind == IntegerValue {
			return slices.ContainsFunc(enumerated, func(e reading) bool { return e.count == r.count })
		}
		_, ok := g.slipFor(q, r)
		return ok
	}
	byClass := map[string]string{}
	example := map[string]string{}
	for _, c := range nearMisses(g, q, rng) {
		if right, _, _ := ka.kind.compare(q, c); right || isMistake(c) || isEnumerated(c) {
			continue
		}
		v := g.judge(ctx, q, c)
		class := answerClass(ka, c)
		fb := string(v.status) + ": " + strings.Join(v.feedback, " | ")
		if have, seen := byClass[class]; !seen {
			byClass[class], example[class] = fb, ka.kind.readAs(ka, c)
		} else if have != fb {
			t.Errorf("%s: %s is no enumerated slip, but its feedback %q is not that of %s, of the same class %s: %q",
				name, ka.kind.readAs(ka, c), fb, example[class], class, have)
			return
		}
	}
}

// answerClass is what the feedback on a wrong answer that is no slip may
// depend on: for a shape, its number of axes and which of them are the key's.
func answerClass(ka *KeyAnswer, r reading) string {
	if ka.Kind != ShapeValue {
		return "any"
	}
	if len(r.shape) != len(ka.Shape) {
		return fmt.Sprintf("%d axes", len(r.shape))
	}
	var mask []byte
	for i := range r.shape {
		mask = append(mask, "x="[b2i(r.shape[i] == ka.Shape[i])])
	}
	return string(mask)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nearMisses are wrong answers close to the key in every way a slip could be.
func nearMisses(g *Grader, q *gradedQuestion, rng *rand.Rand) []reading {
	ka := q.key
	switch ka.Kind {
	case NumberValue:
		return numberNearMisses(ka, rng)
	case IntegerValue:
		var out []reading
		for _, n := range countNearMisses(g, ka, rng) {
			out = append(out, reading{count: n})
		}
		return out
	}
	var out []reading
	for _, s := range shapeNearMisses(g, ka, rng) {
		out = append(out, reading{shape: s})
	}
	return out
}

// solutionNumbers are the sizes and counts of the network's solution: every
// axis of every input and output, every count, products of shapes.
func solutionNumbers(g *Grader, ka *KeyAnswer) []int64 {
	if ka.network == nil {
		return nil
	}
	sol := g.Key.solution(ka)
	var out []int64
	for _, l := range sol.Layers {
		for _, s := range [][]int{l.InputShape, l.OutputShape, l.WeightShape} {
			for _, x := range s {
				out = append(out, int64(x))
			}
			if len(s) > 0 {
				out = append(out, product(s), product(s[:len(s)-1]))
			}
		}
		out = append(out, l.Weights, l.Biases, l.Params, l.MACs, l.Trainable, l.NonTrainable)
	}
	for _, l := range ka.network.Layers {
		out = append(out, int64(l.Units), int64(l.Filters), int64(l.Groups))
	}
	out = append(out, sol.TotalParams, sol.Trainable, sol.NonTrainable, sol.MACs)
	slices.Sort(out)
	return slices.Compact(out)
}

func countNearMisses(g *Grader, ka *KeyAnswer, rng *rand.Rand) []int64 {
	key := ka.Int
	nums := solutionNumbers(g, ka)
	out := []int64{0, 1, -key, key + 1, key - 1, key + 2, key - 2}
	for n := int64(2); n <= 64; n++ {
		out = append(out, key*n)
		if key%n == 0 {
			out = append(out, key/n)
		}
	}
	for _, a := range nums {
		out = append(out, a, key+a, key-a, 2*a)
		for _, b := range nums {
			out = append(out, a*b, a*b+b, a*b+a, a*b+1, key-a*b, key+a*b)
		}
	}
	for range 200 {
		out = append(out, rng.Int64N(3*key+100))
	}
	return out
}

func shapeNearMisses(g *Grader, ka *KeyAnswer, rng *rand.Rand) [][]int64 {
	key := ka.Shape
	nums := solutionNumbers(g, ka)
	var sizes []int64
	for _, x := range key {
		sizes = append(sizes, x-2, x-1, x+1, x+2, 2*x, x/2, (x+1)/2, x*x)
	}
	for _, x := range nums {
		if x > 0 && x <= 1<<16 {
			sizes = append(sizes, x)
		}
	}
	var out [][]int64
	with := func(s []int64) { out = append(out, s) }
	for i := range key {
		for _, x := range sizes {
			s := slices.Clone(key)
			s[i] = x
			with(s)
			if len(key) > 1 && i < len(key)-1 {
				s = slices.Clone(key)
				for j := 0; j < len(key)-1; j++ {
					s[j] = x // every spatial axis
				}
				with(s)
			}
		}
	}
	for _, p := range permutations(key) {
		with(p)
	}
	if ka.network != nil {
		for _, l := range g.Key.solution(ka).Layers {
			for _, s := range [][]int{l.InputShape, l.OutputShape, l.WeightShape} {
				if len(s) > 0 {
					for _, p := range permutations(toInt64s(s)) {
						with(p)
					}
				}
			}
		}
	}
	with(key[:len(key)-1])
	with(append(slices.Clone(key), 1))
	for range 100 {
		s := slices.Clone(key)
		for j := range s {
			if rng.IntN(2) == 0 {
				s[j] = rng.Int64N(2*s[j] + 10)
			}
		}
		with(s)
	}
	return out
}

func permutations(s []int64) [][]int64 {
	if len(s) <= 1 {
		return [][]int64{slices.Clone(s)}
	}
	var out [][]int64
	for i := range s {
		rest := append(slices.Clone(s[:i]), s[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]int64{s[i]}, p...))
		}
	}
	return out
}

func numberNearMisses(ka *KeyAnswer, rng *rand.Rand) []reading {
	key := ka.formula.number
	var out []reading
	scale := func(num, den int64) {
		v := expr.Number{Float: key.Float * float64(num) / float64(den)}
		if key.Rat != nil {
			v.Rat = new(big.Rat).Mul(key.Rat, big.NewRat(num, den))
			v.Float, _ = v.Rat.Float64()
		}
		out = append(out, reading{number: v})
	}
	for n := int64(2); n <= 2100; n++ {
		scale(n, 1)
		scale(1, n)
	}
	scale(3, 2)
	scale(2, 3)
	scale(-1, 1)
	for range 100 {
		f := rng.Float64() * 10 * key.Float
		out = append(out, reading{number: expr.Number{Float: f}})
	}
	return out
}

// TestDivisorsDescending checks the divisors the "times too small" slips are
// made of against a direct count.
func TestDivisorsDescending(t *testing.T) {
	for _, n := range []int64{1, 2, 12, 97, 2432, 18496, 146378, 1 << 40, 999_999_000_001, (1<<21 + 23) * 3} {
		var want []int64
		if n <= 1<<20 {
			for d := n; d >= 1; d-- {
				if n%d == 0 {
					want = append(want, d)
				}
			}
		}
		got := divisorsDescending(n)
		if want != nil && !slices.Equal(got, want) {
			t.Errorf("divisors of %d: %v, want %v", n, got, want)
		}
		for i, d := range got {
			if n%d != 0 || (i > 0 && d >= got[i-1]) {
				t.Errorf("divisors of %d: %v is not descending divisors", n, got)
				break
			}
		}
	}
}

// TestStudentWording pins, on Homework 8, what an instructor and a student
// are told about the same slips: the instructor the numbers behind each, the
// student the slip alone.
func TestStudentWording(t *testing.T) {
	key := solveBundled(t, "hw8")
	cases := []struct {
		name, id, answer    string
		others              map[string]string // earlier answers, for carry-forward
		instructor, student string
	}{
		{"biases forgotten", "1b", "2400", nil,
			"You counted the weights but forgot the biases: one per filter, 32 more.",
			"You counted the weights but not the biases (one per filter)."},
		{"input channels forgotten", "1f", "640", nil,
			"Each filter spans all 32 input channels: W = K² × C × N.",
			"Each filter spans all the input channels: W = K² × C × N."},
		{"one filter", "1f", "289", nil,
			"That is one filter; the layer has N = 64 of them.",
			"That is one filter; the layer has N of them."},
		{"times too small", "1h", "62725", nil,
			"Your count is 2 times too small.",
			"Your count is too small by a whole factor: a size that multiplies into it (the kernel, the channels, the filters or the units) is missing."},
		{"wrong input layer", "1h", "288010", nil,
			"You took the input size from the output of `pool1` (30 × 30 × 32 = 28,800 values); the layer is fed 12,544 values.",
			"You took the input size from the output of `pool1`; the layer is fed the output of `flatten`."},
		{"output size", "1e", "16 × 16 × 64", nil,
			"Check each spatial axis with O = ⌊(I − K + 2P)/S⌋ + 1, with I = 30, K = 3, P = 0, S = 2.",
			"Check each spatial axis with O = ⌊(I − K + 2P)/S⌋ + 1, with K = 3, P = 0, S = 2, I being the size of the layer's input."},
		{"flatten", "1g", "64", nil,
			"Flatten multiplies all the axes of its input: 14 × 14 × 64.",
			"Flatten multiplies all the axes of its input, not only the channels."},
		{"dense weight matrix", "1j", "(14400, 10)", nil,
			"A dense layer's weight matrix is (inputs, units): its rows are the 12,544 values that feed it.",
			"A dense layer's weight matrix is (inputs, units): its rows are the values that feed it, its input flattened."},
		{"carried forward", "1e", "14 × 14 × 64", map[string]string{"1c": "29 × 29 × 32"},
			"", ""},
		{"carried forward from a slip", "1e", "13 × 13 × 64", map[string]string{"1c": "28 × 28 × 32"},
			"Carried forward: this is not the key, but it is right given your earlier answer 1c (28 × 28 × 32); credited in full.",
			"Carried forward: this is not the key, but it follows from your answer to 1c; credited in full."},
	}
	r := carryForwardRubric()
	for _, tc := range cases {
		for _, student := range []bool{false, true} {
			g := New(key, r)
			g.SelfCheck = student
			answers := map[string]string{tc.id: tc.answer}
			for id, a := range tc.others {
				answers[id] = a
			}
			var got QuestionResult
			for _, q := range g.Grade(&submissions.Submission{Student: "s", Answers: answers}).Questions {
				if q.ID == tc.id {
					got = q
				}
			}
			want := tc.instructor
			if student {
				want = tc.student
			}
			if got.Feedback != want {
				t.Errorf("%s (student %t): %s %q: feedback %q, want %q", tc.name, student, tc.id, tc.answer, got.Feedback, want)
			}
			ka, _ := key.Answer(tc.id)
			isKey := tc.answer == ka.Display
			if shown := got.Expected != ""; student && shown != isKey {
				t.Errorf("%s (student): %s %q (%s): expected %q", tc.name, tc.id, tc.answer, got.Status, got.Expected)
			}
		}
	}
}

// TestStudentWordingNumbers: a number a whole factor off is told so, and a
// student is not told the factor (with the answer, it gives the key).
func TestStudentWordingNumbers(t *testing.T) {
	key := loadPinSet(t)
	for _, tc := range []struct{ answer, instructor, student string }{
		{"3", "Your value is 4 times too small.", "Your value is too small by a whole factor: a factor is missing."},
		{"48", "Your value is 4 times too large.", "Your value is too large by a whole factor: it has a factor too many."},
		{"13", "", ""},
	} {
		for _, student := range []bool{false, true} {
			g := New(key, rubrics.Default())
			g.SelfCheck = student
			var got QuestionResult
			for _, q := range g.Grade(&submissions.Submission{Student: "s", Answers: map[string]string{"twelve": tc.answer}}).Questions {
				if q.ID == "twelve" {
					got = q
				}
			}
			want := tc.instructor
			if student {
				want = tc.student
			}
			if got.Feedback != want || (student && got.Expected != "") {
				t.Errorf("twelve %q (student %t): feedback %q, expected %q; want feedback %q and no key for a student", tc.answer, student, got.Feedback, got.Expected, want)
			}
		}
	}
}
