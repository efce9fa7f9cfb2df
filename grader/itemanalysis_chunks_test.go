package grader

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"testing"

	"github.com/nngrade/nngrade/submissions"
)

// sameAnalysis reports whether a and b are equal, field by field, a NaN
// equal to a NaN.
func sameAnalysis(a, b *ClassAnalysis) bool {
	withoutNaN := func(a *ClassAnalysis) ClassAnalysis {
		c := *a
		c.Items = append([]ItemAnalysis(nil), a.Items...)
		for i := range c.Items {
			for _, f := range []*float64{&c.Items[i].Difficulty, &c.Items[i].Discrimination} {
				if math.IsNaN(*f) {
					*f = -1234.5 // no statistic's value
				}
			}
		}
		return c
	}
	return reflect.DeepEqual(withoutNaN(a), withoutNaN(b))
}

// analysedInChunks analyses c in 1, 2, 3 and 7 chunks and fails unless all
// four are the same; it returns the first.
func analysedInChunks(t *testing.T, name string, c *ClassResult) *ClassAnalysis {
	t.Helper()
	var one *ClassAnalysis
	for _, chunks := range []int{1, 2, 3, 7} {
		a, err := analyseClass(c, chunks)
		if err != nil {
			t.Fatal(err)
		}
		if one == nil {
			one = a
			continue
		}
		if !sameAnalysis(one, a) {
			t.Errorf("%s in %d chunks differs from one pass:\n%v\none pass:\n%v", name, chunks, analysisText(a), analysisText(one))
		}
	}
	return one
}

// withAnswerGroups runs f with maxAnswerGroups set to n.
func withAnswerGroups(n int, f func()) {
	defer func(old int) { maxAnswerGroups = old }(maxAnswerGroups)
	maxAnswerGroups = n
	f()
}

// gradedBothWays grades subs with g as GradeClass does (the class's
// Students) and with a ClassGrader (the class kept compactly).
func gradedBothWays(g *Grader, subs []*submissions.Submission) (students, stored *ClassResult) {
	students = New(g.Key, g.Rubric).GradeClass(subs)
	cg := New(g.Key, g.Rubric).NewClassGrader()
	for _, s := range subs {
		cg.Add(s)
	}
	return students, cg.Finish()
}

// TestAnalyseClassInChunks: a class analysed in 1, 2, 3 or 7 chunks (on
// as many goroutines) has the same analysis, bit for bit, read from its
// Students or from a ClassGrader's records, the two the same; with a bound
// on the groups so small that the chunks each reach it and a later chunk's
// answers of an earlier chunk's groups must be found again, in a class of
// a few hundred different answers and in one where every answer differs.
func TestAnalyseClassInChunks(t *testing.T) {
	key, r, _ := hw8Bench(t)
	g := New(key, r)
	n := 1200
	if testing.Short() {
		n = 300
	}
	for _, distinct := range []bool{false, true} {
		subs, err := submissions.LoadCSV("class.csv", generateClass(t, g, n, distinct))
		if err != nil {
			t.Fatal(err)
		}
		// A few students with no submission of their own, in every chunk.
		for i := 0; i < len(subs); i += 97 {
			subs[i] = &submissions.Submission{Student: subs[i].Student, Source: "x.toml", Unreadable: "x.toml:1:1: not TOML"}
		}
		students, stored := gradedBothWays(g, subs)
		for _, groups := range []int{maxAnswerGroups, 5, 40} {
			withAnswerGroups(groups, func() {
				name := fmt.Sprintf("distinct %v, at most %d groups", distinct, groups)
				a := analysedInChunks(t, name+", students", students)
				b := analysedInChunks(t, name+", stored", stored)
				if !sameAnalysis(a, b) {
					t.Errorf("%s: the stored class's analysis:\n%v\nthe students':\n%v", name, analysisText(b), analysisText(a))
				}
				// Known mistakes judged on one goroutine, as on several.
				workers := passWorkers()
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
				if c, _ := analyseClass(stored, 1); !sameAnalysis(a, c) {
					t.Errorf("%s: on one core:\n%v\non %d:\n%v", name, analysisText(c), workers, analysisText(a))
				}
				ungrouped := 0
				for _, it := range a.Items {
					ungrouped += it.Ungrouped
				}
				if groups < 100 && ungrouped == 0 {
					t.Errorf("%s: no answer ungrouped: the bound was not reached", name)
				}
			})
		}
	}
}

// TestAnalyseClassInChunksFindsEarlierGroups: a chunk that reached the
// bound on groups before it saw an answer the chunks before it grouped
// counts that answer in its group, as one pass does: here the first
// students write answers a, b; the next write c, d, e, … (the bound
// reached) and then a again.
func TestAnalyseClassInChunksFindsEarlierGroups(t *testing.T) {
	student := func(i int, answer string) StudentResult {
		return StudentResult{Student: fmt.Sprintf("s%03d", i), Score: 0, MaxScore: 1,
			Questions: []QuestionResult{{ID: "x", MaxScore: 1, Status: Incorrect, Answer: answer}}}
	}
	class := &ClassResult{MaxScore: 1, Questions: []QuestionInfo{{ID: "x", MaxScore: 1}}}
	for i, a := range []string{"a", "b", "a", "b"} {
		class.Students = append(class.Students, student(i, a))
	}
	for i := range 4 {
		class.Students = append(class.Students, student(4+i, strconv.Itoa(i)))
	}
	class.Students = append(class.Students, student(8, "a"), student(9, "9"))
	// Right answers credited by carry-forward, likewise: a and b, then
	// 0, 1, 2, 3, then a again.
	carried := func(i int, answer string) StudentResult {
		s := student(i, answer)
		s.Score, s.Questions[0].Score, s.Questions[0].Status, s.Questions[0].CarriedForward = 1, 1, Correct, []string{"w"}
		return s
	}
	for i, a := range []string{"a", "b", "0", "1", "2", "3", "a", "a"} {
		class.Students = append(class.Students, carried(10+i, a))
	}
	// A wrong answer credited by carry-forward first gives its group's
	// verdict until one that was not (in a later chunk) comes.
	for _, i := range []int{1, 3} {
		early := &class.Students[i].Questions[0]
		early.Feedback, early.CarriedForward = "b, carried", []string{"w"}
	}
	late := student(18, "b")
	late.Questions[0].Feedback = "b, not carried"
	class.Students = append(class.Students, late)
	withAnswerGroups(3, func() {
		a := analysedInChunks(t, "a class of twenty", class)
		item := a.Items[0]
		// a, b and 0 are the three groups; 1, 2, 3 and 9 are not grouped.
		if item.Ungrouped != 4 || len(item.WrongAnswers) != 3 || item.WrongAnswers[0].Answer != "a" ||
			item.WrongAnswers[0].Count != 3 || item.WrongAnswers[0].Students[2] != "s008" {
			t.Errorf("ungrouped %d, wrong answers %+v", item.Ungrouped, item.WrongAnswers)
		}
		if w := item.WrongAnswers[0]; w.CorrectByCarry != 3 {
			t.Errorf("a: %d right by carry-forward, want 3", w.CorrectByCarry)
		}
		if w := item.WrongAnswers[1]; w.Answer != "b" || w.Count != 3 || w.CarriedForward != 2 || w.Diagnosis != "b, not carried" || w.CorrectByCarry != 1 {
			t.Errorf("b: %+v", w)
		}
	})
}

// TestAnalyseClassOfVariantsInChunks: a class of variants (wrong answers
// grouped by diagnosis, copies counted) has the same analysis in any
// number of chunks, from its Students or its records.
func TestAnalyseClassOfVariantsInChunks(t *testing.T) {
	set := openHW8Variants(t)
	rng := rand.New(rand.NewPCG(8, 1))
	var subs []*submissions.Submission
	var first map[string]string
	for i := range 400 {
		id := fmt.Sprintf("v%04d", i)
		v, err := set.Draw(id)
		if err != nil {
			t.Fatal(err)
		}
		m := v.Map()
		answers := hw8VariantsAnswers(m)
		switch rng.IntN(4) {
		case 0:
			answers["1b"] = fmt.Sprint(m["k1"] * m["k1"] * 3 * m["f1"]) // the biases forgotten
		case 1:
			if first != nil {
				answers = first // another variant's answers
			}
		case 2:
			answers["1e"] = strconv.Itoa(rng.IntN(5000))
		}
		if first == nil {
			first = answers
		}
		subs = append(subs, &submissions.Submission{Student: id, Answers: answers})
	}
	variants := NewVariants(set, nil, false)
	students := variants.GradeClass(subs)
	cg := NewVariants(set, nil, false).NewClassGrader()
	for _, s := range subs {
		cg.Add(s)
	}
	stored := cg.Finish()
	for _, groups := range []int{maxAnswerGroups, 3} {
		withAnswerGroups(groups, func() {
			a := analysedInChunks(t, "variants, students", students)
			b := analysedInChunks(t, "variants, stored", stored)
			if !sameAnalysis(a, b) {
				t.Errorf("the stored class's analysis:\n%v\nthe students':\n%v", analysisText(b), analysisText(a))
			}
			if !a.ByDiagnosis || a.Items[0].Copies == 0 {
				t.Errorf("by diagnosis %v, %d copies", a.ByDiagnosis, a.Items[0].Copies)
			}
		})
	}
}

// TestAnalyseClassOffTheGrid: a class put together by hand whose scores
// are not kept to 4 decimals (thirds, and scores drawn at random: more
// than maxOffGridValues of them) has exact statistics in any number of
// chunks, as the textbook's two-pass formulas find them.
func TestAnalyseClassOffTheGrid(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	questions := []QuestionInfo{{ID: "thirds", MaxScore: 1}, {ID: "random", MaxScore: 2}, {ID: "grid", MaxScore: 3}}
	class := &ClassResult{MaxScore: 6, Questions: questions}
	for i := range 3000 {
		s := StudentResult{Student: fmt.Sprintf("s%04d", i), MaxScore: 6}
		scores := []float64{float64(rng.IntN(4)) / 3, rng.Float64() * 2, float64(rng.IntN(30001)) / 1e4}
		for k, q := range questions {
			status := Correct
			if scores[k] < q.MaxScore/2 {
				status = Partial
			}
			s.Questions = append(s.Questions, QuestionResult{ID: q.ID, MaxScore: q.MaxScore, Score: scores[k], Status: status,
				Answer: strconv.Itoa(rng.IntN(50))})
			s.Score += scores[k]
		}
		if i%3 == 0 {
			s.Score = roundScore(s.Score) // some totals on the grid, some not
		}
		class.Students = append(class.Students, s)
	}
	a := analysedInChunks(t, "off the grid", class)
	for i, item := range a.Items {
		var xs, ys []float64
		for _, s := range class.Students {
			xs = append(xs, s.Questions[i].Score)
			ys = append(ys, roundScore(s.Score-s.Questions[i].Score))
		}
		if want := mean(xs) / questions[i].MaxScore; math.Abs(item.Difficulty-want) > 0.6e-4 {
			t.Errorf("%s: difficulty %v, want %v", item.QuestionID, item.Difficulty, want)
		}
		if want := pearson(xs, ys); math.Abs(item.Discrimination-want) > 0.6e-4 {
			t.Errorf("%s: discrimination %v, want %v", item.QuestionID, item.Discrimination, want)
		}
	}
	// Not finite: no statistics, in any number of chunks.
	class.Students[1500].Questions[1].Score = math.NaN()
	class.Students[2000].Score = math.Inf(1)
	a = analysedInChunks(t, "not finite", class)
	if d := a.Items[1]; !math.IsNaN(d.Difficulty) || !math.IsNaN(d.Discrimination) {
		t.Errorf("a NaN score: difficulty %v, discrimination %v", d.Difficulty, d.Discrimination)
	}
	if d := a.Items[0]; math.IsNaN(d.Difficulty) || !math.IsNaN(d.Discrimination) {
		t.Errorf("an infinite total: difficulty %v, discrimination %v", d.Difficulty, d.Discrimination)
	}
}

// TestWideInt: the 192-bit sums agree with math/big, at the extremes too.
func TestWideInt(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	values := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, scoreUnitsLimit - 1, -(scoreUnitsLimit - 1), 1 << 32, -(1 << 32)}
	for range 200 {
		values = append(values, rng.Int64()>>rng.IntN(64)*(1-2*int64(rng.IntN(2))))
	}
	var w wideInt
	want := new(big.Int)
	for _, a := range values {
		for _, b := range values[:20] {
			if bits := new(big.Int).Mul(big.NewInt(a), big.NewInt(b)); bits.BitLen() < 127 {
				w.addProduct(a, b)
				want.Add(want, bits)
			}
			w.add(a)
			want.Add(want, big.NewInt(a))
			var square wideInt
			square.addProduct(a%(1<<40), b%(1<<40))
			w.addMul(square, b%(1<<40))
			want.Add(want, new(big.Int).Mul(new(big.Int).Mul(big.NewInt(a%(1<<40)), big.NewInt(b%(1<<40))), big.NewInt(b%(1<<40))))
			if got := w.big(); got.Cmp(want) != 0 {
				t.Fatalf("after %d, %d: %v, want %v", a, b, got, want)
			}
		}
	}
	w.addWide(w.neg())
	if w != (wideInt{}) {
		t.Errorf("w - w = %v", w)
	}
}

// TestGridUnits: a total and a score on the grid, below onGridLimit, have
// roundScore(total - score) exactly their difference in units (what
// scoreSums.addOnGrid counts on); roundedUnits is roundScore in units; and
// xKind finds a score on the grid or off it.
func TestGridUnits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var s scoreSums
	for range 200_000 {
		scale := int64(1) << rng.IntN(49)
		T, X := rng.Int64N(2*scale)-scale, rng.Int64N(2*scale)-scale
		total, x := float64(T)/1e4, float64(X)/1e4
		if u, kind := s.xKind(x); kind != xOnGrid || u != X {
			t.Fatalf("xKind(%v) = %d, %d; want %d on the grid", x, u, kind, X)
		}
		if y, ok := roundedUnits(total - x); !ok || y != T-X {
			t.Fatalf("total %d, x %d: y %d (%v), want %d", T, X, y, ok, T-X)
		}
		v := (rng.Float64() - 0.5) * float64(scale)
		if y, _ := roundedUnits(v); float64(y)/1e4 != roundScore(v) {
			t.Fatalf("roundedUnits(%v) = %d; roundScore %v", v, y, roundScore(v))
		}
	}
	if _, kind := s.xKind(1.0 / 3); kind != 0 {
		t.Errorf("1/3 is counted as %d, not the first off the grid", kind)
	}
}
