package grader

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/submissions"
)

// analysisClass grades grader/testdata/analysis_class.csv (Homework 8, ten
// students written to repeat wrong answers) under the bundled rubric, with
// one more student whose submission could not be read.
func analysisClass(t *testing.T) (*Grader, []*submissions.Submission) {
	t.Helper()
	src, err := os.ReadFile("testdata/analysis_class.csv")
	if err != nil {
		t.Fatal(err)
	}
	subs, err := submissions.LoadCSV("analysis_class.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	subs = append(subs, &submissions.Submission{Student: "s11", Source: "s11.toml", Unreadable: "s11.toml:1:1: not TOML"})
	return New(solveBundled(t, "hw8"), bundledRubric(t)), subs
}

func TestAnalyseClass(t *testing.T) {
	g, subs := analysisClass(t)
	class := g.GradeClass(subs)
	a, err := AnalyseClass(class)
	if err != nil {
		t.Fatal(err)
	}
	if a.Students != 10 || len(a.Totals) != 10 || a.MaxScore != 20 || len(a.Items) != len(class.Questions) {
		t.Fatalf("students %d, totals %v, max %v, %d items", a.Students, a.Totals, a.MaxScore, len(a.Items))
	}
	// Difficulty and discrimination by independent arithmetic: two passes
	// over the graded students, the textbook formulas.
	var graded []StudentResult
	for _, s := range class.Students {
		if s.Submission == "" {
			graded = append(graded, s)
		}
	}
	for i, item := range a.Items {
		var xs, ys []float64
		for _, s := range graded {
			xs = append(xs, s.Questions[i].Score)
			ys = append(ys, s.Score-s.Questions[i].Score)
		}
		wantDifficulty := mean(xs) / class.Questions[i].MaxScore
		if math.Abs(item.Difficulty-wantDifficulty) > 1e-4 {
			t.Errorf("%s: difficulty %v, want %v", item.QuestionID, item.Difficulty, wantDifficulty)
		}
		want := pearson(xs, ys)
		if math.IsNaN(want) != math.IsNaN(item.Discrimination) || math.Abs(item.Discrimination-want) > 1e-4 {
			t.Errorf("%s: discrimination %v, want %v", item.QuestionID, item.Discrimination, want)
		}
		c := item.Counts
		if n := c.Correct + c.Partial + c.Incorrect + c.Invalid + c.Missing + c.Review; n != len(class.Students) {
			t.Errorf("%s: counts %+v add up to %d, not the class's %d", item.QuestionID, c, n, len(class.Students))
		}
		if c.Missing < 1 {
			t.Errorf("%s: %d missing; the unreadable submission counts as missing", item.QuestionID, c.Missing)
		}
	}

	item := func(id string) ItemAnalysis {
		for _, it := range a.Items {
			if it.QuestionID == id {
				return it
			}
		}
		t.Fatalf("no item %s", id)
		return ItemAnalysis{}
	}
	// 1d: everyone right but s08 (and s10 who left it blank): 0 is
	// correct for 8 of 10.
	if d := item("1d"); d.Difficulty != 0.8 || d.Counts != (StatusCounts{Correct: 8, Incorrect: 1, Missing: 2}) {
		t.Errorf("1d: difficulty %v, counts %+v", d.Difficulty, d.Counts)
	}
	if c := item("1a").Counts; c.Invalid != 1 || c.Partial != 1 || c.Incorrect != 1 {
		t.Errorf("1a counts %+v: want s08's invalid answer, s06's partial and s04's incorrect", c)
	}
	// 1e: 15x15x64 and 15 x 15 x 64 are one answer as read (and s04's
	// 15×15×64 is right given s04's pool); 13x13x64 is another.
	e := item("1e")
	if len(e.WrongAnswers) != 3 {
		t.Fatalf("1e wrong answers: %+v", e.WrongAnswers)
	}
	first := e.WrongAnswers[0]
	if first.Answer != "15 × 15 × 64" || first.Count != 2 || !slices.Equal(first.Students, []string{"s02", "s03"}) ||
		first.Status != Incorrect || first.Score != 0 || !strings.Contains(first.Diagnosis, "rounded up") ||
		first.Written != "15x15x64" || first.MistakeAnswer != "15 × 15 × 64" || first.Covered {
		t.Errorf("1e's first wrong answer: %+v", first)
	}
	if second := e.WrongAnswers[1]; second.Answer != "13 × 13 × 64" || second.Count != 2 ||
		!slices.Equal(second.Students, []string{"s05", "s08"}) {
		t.Errorf("1e's second wrong answer: %+v", second)
	}
	if third := e.WrongAnswers[2]; third.Status != Partial || third.Count != 1 || third.Students[0] != "s06" {
		t.Errorf("1e's third wrong answer (s06's channels first): %+v", third)
	}
	// Question 2: k^2 + k*n + k is a known mistake of the rubric (covered),
	// k^2 + k*n is not; both written three ways, grouped as read.
	two := item("2")
	var known, unknown *WrongAnswer
	for i := range two.WrongAnswers {
		switch w := &two.WrongAnswers[i]; w.Answer {
		case "k^2 + k·n + k":
			known = w
		case "k^2 + k·n":
			unknown = w
		}
	}
	if known == nil || unknown == nil {
		t.Fatalf("question 2's wrong answers: %+v", two.WrongAnswers)
	}
	if known.Count != 3 || !known.Covered || known.Status != Partial || known.Score != 1.5 ||
		!strings.Contains(known.Diagnosis, "bias") {
		t.Errorf("the known mistake: %+v", *known)
	}
	if unknown.Count != 3 || unknown.Covered || unknown.Status != Incorrect || !slices.Equal(unknown.Students, []string{"s04", "s05", "s08"}) {
		t.Errorf("the mistake the rubric does not know: %+v", *unknown)
	}
	if two.WrongAnswers[0].Count < two.WrongAnswers[len(two.WrongAnswers)-1].Count {
		t.Errorf("question 2's wrong answers are not most frequent first: %+v", two.WrongAnswers)
	}
}

// TestAnalyseClassStreams: a class graded by a ClassGrader, read only
// through Each, has the analysis of the same class graded whole.
func TestAnalyseClassStreams(t *testing.T) {
	g, subs := analysisClass(t)
	whole, err := AnalyseClass(g.GradeClass(subs))
	if err != nil {
		t.Fatal(err)
	}
	cg := New(g.Key, g.Rubric).NewClassGrader()
	for _, s := range subs {
		cg.Add(s)
	}
	stored, err := AnalyseClass(cg.Finish())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(analysisText(whole), analysisText(stored)) {
		t.Errorf("stored class:\n%v\nwhole class:\n%v", analysisText(stored), analysisText(whole))
	}
}

// analysisText is a's fields as text (NaN != NaN for DeepEqual).
func analysisText(a *ClassAnalysis) []string {
	out := []string{fmt.Sprint(a.Students, a.Totals, a.MaxScore)}
	for _, it := range a.Items {
		out = append(out, fmt.Sprintf("%+v", it))
	}
	return out
}

// TestAnalyseClassWithoutItsGrader: a class put together by hand (no
// question_info, no grader) is analysed from its students; Covered is false.
func TestAnalyseClassWithoutItsGrader(t *testing.T) {
	class := &ClassResult{MaxScore: 2, Students: []StudentResult{
		{Student: "a", Score: 2, Questions: []QuestionResult{{ID: "x", MaxScore: 1, Score: 1, Status: Correct}, {ID: "y", MaxScore: 1, Score: 1, Status: Correct}}},
		{Student: "b", Score: 0, Questions: []QuestionResult{{ID: "x", MaxScore: 1, Status: Incorrect, Answer: "7", Feedback: "no"}, {ID: "y", MaxScore: 1, Status: Incorrect, Answer: " 8 "}}},
		{Student: "c", Score: 1, Questions: []QuestionResult{{ID: "x", MaxScore: 1, Status: Incorrect, Answer: "7"}, {ID: "y", MaxScore: 1, Score: 1, Status: Correct}}},
	}}
	a, err := AnalyseClass(class)
	if err != nil {
		t.Fatal(err)
	}
	x := a.Items[0]
	if x.QuestionID != "x" || x.Difficulty != 0.3333 || len(x.WrongAnswers) != 1 || x.WrongAnswers[0].Count != 2 ||
		x.WrongAnswers[0].Answer != "7" || x.WrongAnswers[0].Diagnosis != "no" || x.WrongAnswers[0].Covered || x.WrongAnswers[0].MistakeAnswer != "" {
		t.Errorf("x: %+v", x)
	}
	// x against the rest (y): (1,1), (0,0), (0,1): r = 0.5.
	if x.Discrimination != 0.5 {
		t.Errorf("x's discrimination %v, want 0.5", x.Discrimination)
	}
	if y := a.Items[1]; y.WrongAnswers[0].Answer != "8" {
		t.Errorf("y's wrong answer %q, want it trimmed", y.WrongAnswers[0].Answer)
	}
	// A student short of a question has it missing; one with them in
	// another order is read by id.
	class.Students[1].Questions = class.Students[1].Questions[:1]
	q := class.Students[2].Questions
	q[0], q[1] = q[1], q[0]
	a, err = AnalyseClass(class)
	if err != nil {
		t.Fatal(err)
	}
	if x, y := a.Items[0], a.Items[1]; x.Counts != (StatusCounts{Correct: 1, Incorrect: 2}) || y.Counts != (StatusCounts{Correct: 2, Missing: 1}) {
		t.Errorf("counts by id: x %+v, y %+v", x.Counts, y.Counts)
	}
	// No variance, no correlation; no student, no difficulty.
	same := &ClassResult{Students: []StudentResult{
		{Student: "a", Score: 1, Questions: []QuestionResult{{ID: "x", MaxScore: 1, Score: 1, Status: Correct}}},
		{Student: "b", Score: 1, Questions: []QuestionResult{{ID: "x", MaxScore: 1, Score: 1, Status: Correct}}},
	}}
	if a, _ := AnalyseClass(same); !math.IsNaN(a.Items[0].Discrimination) || a.Items[0].Difficulty != 1 {
		t.Errorf("a question all got right: %+v", a.Items[0])
	}
	empty := &ClassResult{Questions: []QuestionInfo{{ID: "x", MaxScore: 1}}}
	if a, _ := AnalyseClass(empty); !math.IsNaN(a.Items[0].Difficulty) || a.Students != 0 {
		t.Errorf("an empty class: %+v", a)
	}
}

// TestAnalyseClassBoundsItsGroups: a class whose every answer differs keeps
// at most maxAnswerGroups wrong answers a question; the rest are counted.
func TestAnalyseClassBoundsItsGroups(t *testing.T) {
	if testing.Short() {
		t.Skip("grades 3,000 students")
	}
	key, r, _ := hw8Bench(t)
	g := New(key, r)
	subs, err := submissions.LoadCSV("class.csv", distinctClassCSV(t, g, 3000))
	if err != nil {
		t.Fatal(err)
	}
	cg := g.NewClassGrader()
	for _, s := range subs {
		cg.Add(s)
	}
	a, err := AnalyseClass(cg.Finish())
	if err != nil {
		t.Fatal(err)
	}
	bounded := false
	for _, it := range a.Items {
		grouped := 0
		for _, w := range it.WrongAnswers {
			grouped += w.Count
			if len(w.Students) > MaxListedStudents || len(w.Students) > w.Count {
				t.Errorf("%s: %d students listed for %d", it.QuestionID, len(w.Students), w.Count)
			}
		}
		if wrong := it.Counts.Incorrect + it.Counts.Partial; it.Ungrouped > wrong || grouped > wrong {
			t.Errorf("%s: %d ungrouped, %d in the top answers, of %d wrong", it.QuestionID, it.Ungrouped, grouped, wrong)
		}
		if it.Ungrouped > 0 {
			bounded = true
			if wrong := it.Counts.Incorrect + it.Counts.Partial; wrong-it.Ungrouped < maxAnswerGroups {
				t.Errorf("%s: %d of %d wrong answers grouped; the bound is %d", it.QuestionID, wrong-it.Ungrouped, wrong, maxAnswerGroups)
			}
		}
	}
	if !bounded {
		t.Errorf("no question of 3,000 distinct answers reached the bound of %d groups", maxAnswerGroups)
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func pearson(xs, ys []float64) float64 {
	mx, my := mean(xs), mean(ys)
	var sxy, sxx, syy float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
		syy += (ys[i] - my) * (ys[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}
