package grader

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// hw8VariantsAnswers is the key of hw8-variants for values v, worked out
// here by hand from the layers' definitions (valid convolutions, 2 × 2
// pooling, biases everywhere), not by the engine.
func hw8VariantsAnswers(v map[string]int) map[string]string {
	s, f1, k1, f2, st := v["s"], v["f1"], v["k1"], v["f2"], v["st"]
	o1 := s - k1 + 1         // conv1, stride 1, no padding
	p := o1 / 2              // 2 × 2 max pooling
	o2 := (p-3)/st + 1       // conv2, 3 × 3, stride st
	conv1 := k1*k1*3*f1 + f1 // weights and biases
	conv2 := 3*3*f1*f2 + f2
	fc := o2*o2*f2*10 + 10
	return map[string]string{
		"1a": fmt.Sprintf("%d x %d x %d", o1, o1, f1),
		"1b": fmt.Sprint(conv1),
		"1c": fmt.Sprintf("%d × %d × %d", p, p, f1),
		"1d": fmt.Sprintf("%dx%dx%d", o2, o2, f2),
		"1e": fmt.Sprint(fc),
		"1f": fmt.Sprint(conv1 + conv2 + fc),
		"2":  fmt.Sprint(k1 * k1 * 3 * f1),
		"3":  fmt.Sprintf("%d n + %d", f1, f1),
	}
}

func openHW8Variants(t testing.TB) *problems.Set {
	t.Helper()
	set, err := bundledsets.Open("hw8-variants")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestClassOfVariantsAnsweringTheirOwnScoresFull: a class of many students,
// each answering their own variant's key (worked out in the test), scores
// 100%, question by question; each student's JSON values are their draw.
func TestClassOfVariantsAnsweringTheirOwnScoresFull(t *testing.T) {
	set := openHW8Variants(t)
	const n = 1500 // past a few batches, so that workers share variants
	var subs []*submissions.Submission
	draws := map[string]problems.Values{}
	variants := map[string]bool{}
	for i := range n {
		id := fmt.Sprintf("st%05d", i)
		v, err := set.Draw(id)
		if err != nil {
			t.Fatal(err)
		}
		draws[id] = v
		variants[v.Key()] = true
		subs = append(subs, &submissions.Submission{Student: id, Answers: hw8VariantsAnswers(v.Map())})
	}
	if len(variants) < 50 {
		t.Fatalf("only %d variants among %d students: the test would not test much", len(variants), n)
	}
	cr := NewVariants(set, nil, false).GradeClass(subs)
	if cr.Len() != n || cr.MaxScore != 8 {
		t.Fatalf("%d students, max %v; want %d, 8", cr.Len(), cr.MaxScore, n)
	}
	for _, s := range cr.Students {
		if got, want := Params(draws[s.Student]).String(), s.Params.String(); got != want || want == "" {
			t.Fatalf("%s: params %q, drawn %q", s.Student, want, got)
		}
		if s.Score != s.MaxScore {
			for _, q := range s.Questions {
				if q.Status != Correct {
					t.Errorf("%s (%s): question %s: %q is %s: %s (expected %s)", s.Student, s.Params, q.ID, q.Answer, q.Status, q.Feedback, q.Expected)
				}
			}
			t.FailNow()
		}
	}
	for _, q := range cr.Questions {
		if q.Mean != 1 {
			t.Errorf("question %s: mean %v", q.ID, q.Mean)
		}
	}
	// The class's question texts are the set's, {name} as written; a
	// student's are their own numbers.
	if !strings.Contains(cr.Questions[0].Text, "{s} × {s}") {
		t.Errorf("class question text %q: want the set's, with {s}", cr.Questions[0].Text)
	}
	first := cr.Students[0]
	if want := fmt.Sprintf("Input %d × %d × 3", draws[first.Student].Map()["s"], draws[first.Student].Map()["s"]); !strings.HasPrefix(first.Questions[0].Text, want) {
		t.Errorf("%s's text %q: want it to start %q", first.Student, first.Questions[0].Text, want)
	}
}

// TestVariantsWrongAnswerIsWrong: the answer of a student's own variant
// with one number off is wrong, and the feedback still diagnoses it
// against their own values.
func TestVariantsWrongAnswerIsWrong(t *testing.T) {
	set := openHW8Variants(t)
	v := NewVariants(set, nil, false)
	g, values, err := v.For("alice")
	if err != nil {
		t.Fatal(err)
	}
	answers := hw8VariantsAnswers(values.Map())
	k1, f1 := values.Map()["k1"], values.Map()["f1"]
	answers["1b"] = fmt.Sprint(k1 * k1 * 3 * f1) // the biases forgotten
	r := g.Grade(&submissions.Submission{Student: "alice", Answers: answers})
	if r.Score != 7 || r.Questions[1].Status != Incorrect {
		t.Fatalf("score %v, 1b %s; want 7, incorrect", r.Score, r.Questions[1].Status)
	}
	if !strings.Contains(r.Questions[1].Feedback, "bias") {
		t.Errorf("1b's feedback %q does not name the biases", r.Questions[1].Feedback)
	}
	if r.Params.String() != values.String() {
		t.Errorf("params %q, want %q", r.Params, values)
	}
}

// TestVariantThatCannotBeMadeIsReviewed: a student whose variant cannot be
// made has every answer under review, with a message naming the values;
// the rest of the class is graded.
func TestVariantThatCannotBeMadeIsReviewed(t *testing.T) {
	set, err := problems.Load("broken.toml", []byte(`id = "broken"
[params]
n = [2, 3]
[[questions]]
id = "1"
kind = "number"
text = "1 / ({n} - 3)?"
answer = "1/(n - 3)"
`))
	if err != nil {
		t.Fatal(err)
	}
	var good, bad string
	for i := 0; good == "" || bad == ""; i++ {
		id := fmt.Sprintf("s%d", i)
		v, err := set.Draw(id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Map()["n"] == 2 {
			good = id
		} else {
			bad = id
		}
	}
	cr := NewVariants(set, nil, false).GradeClass([]*submissions.Submission{
		{Student: good, Answers: map[string]string{"1": "-1"}},
		{Student: bad, Answers: map[string]string{"1": "7"}},
	})
	for _, s := range cr.Students {
		q := s.Questions[0]
		switch s.Student {
		case good:
			if q.Status != Correct {
				t.Errorf("%s: %s (%s)", s.Student, q.Status, q.Feedback)
			}
		case bad:
			if q.Status != Review || !strings.Contains(q.Feedback, "n = 3") || q.Answer != "7" {
				t.Errorf("%s: %s, answer %q, feedback %q; want review naming n = 3", s.Student, q.Status, q.Answer, q.Feedback)
			}
		}
	}
}

// TestRubricMistakeAsFormulaInTheParams: a known mistake written with the
// params' names is read in each student's values.
func TestRubricMistakeAsFormulaInTheParams(t *testing.T) {
	set := openHW8Variants(t)
	r, err := rubrics.Load("r.toml", []byte(`problem_set = "hw8-variants"
[[questions."1b".mistakes]]
answer = "k1*k1*3*f1"
credit = 0.5
feedback = "The biases are missing."
[[questions."2".mistakes]]
answer = "k1*k1*f1"
credit = 0.25
feedback = "The input has 3 channels."
`), set.QuestionIDs())
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckRubricVariants(set, r); err != nil {
		t.Fatal(err)
	}
	v := NewVariants(set, r, false)
	for _, id := range []string{"ann", "bo", "cy", "dee", "eve"} {
		g, values, err := v.For(id)
		if err != nil {
			t.Fatal(err)
		}
		m := values.Map()
		answers := hw8VariantsAnswers(m)
		answers["1b"] = fmt.Sprint(m["k1"] * m["k1"] * 3 * m["f1"])
		answers["2"] = fmt.Sprint(m["k1"] * m["k1"] * m["f1"])
		res := g.Grade(&submissions.Submission{Student: id, Answers: answers})
		if q := res.Questions[1]; q.Score != 0.5 || !strings.Contains(q.Feedback, "biases are missing") {
			t.Errorf("%s (%s): 1b %q scored %v: %q", id, values, q.Answer, q.Score, q.Feedback)
		}
		if q := res.Questions[6]; q.Score != 0.25 || !strings.Contains(q.Feedback, "3 channels") {
			t.Errorf("%s (%s): 2 %q scored %v: %q", id, values, q.Answer, q.Score, q.Feedback)
		}
	}
}

// TestCopiesBetweenVariantsAreFlagged: students who hand in a classmate's
// answers, worked out for the classmate's values, are marked wrong on every
// question whose key differs, and each such answer names the values it is
// right for; a classmate who drew the same values copies right answers.
// Under SelfCheck nothing is flagged.
func TestCopiesBetweenVariantsAreFlagged(t *testing.T) {
	set := openHW8Variants(t)
	ids := map[string]problems.Values{}
	var source, same, other string
	for i := 0; source == "" || same == "" || other == ""; i++ {
		id := fmt.Sprintf("s%04d", i)
		v, err := set.Draw(id)
		if err != nil {
			t.Fatal(err)
		}
		ids[id] = v
		m := v.Map()
		switch {
		case source == "":
			source = id
		case v.Key() == ids[source].Key() && same == "":
			same = id
		case other == "" && m["s"] != ids[source].Map()["s"] && m["f1"] != ids[source].Map()["f1"] &&
			m["k1"] != ids[source].Map()["k1"] && m["f2"] != ids[source].Map()["f2"]:
			other = id
		}
	}
	copied := hw8VariantsAnswers(ids[source].Map())
	subs := []*submissions.Submission{
		{Student: source, Answers: copied},
		{Student: same, Answers: copied},
		{Student: other, Answers: copied},
	}
	for _, selfCheck := range []bool{false, true} {
		cr := NewVariants(set, nil, selfCheck).GradeClass(subs)
		for _, s := range cr.Students {
			for _, q := range s.Questions {
				switch {
				case s.Student != other:
					if q.Status != Correct || q.CopiedFrom != nil {
						t.Errorf("selfCheck %v, %s (%s): %s %q is %s, copied from %q", selfCheck, s.Student, s.Params, q.ID, q.Answer, q.Status, q.CopiedFrom)
					}
				case q.Status == Correct:
					t.Errorf("%s (%s): %s: %q is right, for %s", s.Student, s.Params, q.ID, q.Answer, ids[source])
				case selfCheck:
					if q.CopiedFrom != nil {
						t.Errorf("under SelfCheck, %s: %s is flagged as copied from %s", s.Student, q.ID, q.CopiedFrom)
					}
				default:
					if q.CopiedFrom == nil {
						t.Errorf("%s (%s): %s: %q (the answer for %s) is not flagged: %s", s.Student, s.Params, q.ID, q.Answer, ids[source], q.Feedback)
						continue
					}
					// The values named (with the source's for the params
					// left out) have the copied answer as their key,
					// worked out here.
					named := ids[source].Map()
					for _, p := range q.CopiedFrom {
						named[p.Name] = p.Value
					}
					if want := hw8VariantsAnswers(named)[q.ID]; want != q.Answer {
						t.Errorf("%s: %s %q flagged as the answer for %s, whose answer is %q", s.Student, q.ID, q.Answer, q.CopiedFrom, want)
					}
					if note := q.CopyNote(s.Params); !strings.Contains(note, "This is the answer for "+q.CopiedFrom.String()) {
						t.Errorf("note %q", note)
					}
				}
			}
		}
	}
}

// TestItemAnalysisOfVariantsGroupsBySlip: the same slip in different
// variants (the biases forgotten: a different number for each) is one
// wrong answer of the item analysis, and copies are counted per question
// with their students.
func TestItemAnalysisOfVariantsGroupsBySlip(t *testing.T) {
	set := openHW8Variants(t)
	var subs []*submissions.Submission
	seen := map[int]bool{} // k1*k1*3*f1, so that the slips' numbers differ
	var first problems.Values
	for i := 0; len(subs) < 3; i++ {
		id := fmt.Sprintf("p%03d", i)
		v, err := set.Draw(id)
		if err != nil {
			t.Fatal(err)
		}
		m := v.Map()
		weights := m["k1"] * m["k1"] * 3 * m["f1"]
		if seen[weights] {
			continue
		}
		seen[weights] = true
		if first == nil {
			first = v
		}
		answers := hw8VariantsAnswers(m)
		answers["1b"] = fmt.Sprint(weights)
		subs = append(subs, &submissions.Submission{Student: id, Answers: answers})
	}
	// A fourth hands in the first's answers with other values.
	for i := 0; ; i++ {
		id := fmt.Sprintf("q%03d", i)
		v, err := set.Draw(id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Map()["s"]-v.Map()["k1"] != first.Map()["s"]-first.Map()["k1"] {
			subs = append(subs, &submissions.Submission{Student: id, Answers: subs[0].Answers})
			break
		}
	}
	a, err := AnalyseClass(NewVariants(set, nil, false).GradeClass(subs))
	if err != nil {
		t.Fatal(err)
	}
	item := a.Items[1] // 1b
	if len(item.WrongAnswers) == 0 || item.WrongAnswers[0].Count < 3 {
		t.Fatalf("1b's wrong answers %+v: want the three students' slip as one", item.WrongAnswers)
	}
	if !strings.Contains(item.WrongAnswers[0].Diagnosis, "bias") {
		t.Errorf("1b's slip diagnosed %q", item.WrongAnswers[0].Diagnosis)
	}
	if a.Items[0].Copies != 1 || len(a.Items[0].CopiedBy) != 1 || a.Items[0].CopiedBy[0] != subs[3].Student {
		t.Errorf("1a: %d copies by %q; want 1 by %s", a.Items[0].Copies, a.Items[0].CopiedBy, subs[3].Student)
	}
	// One variant's wrong number is no known mistake for the others: none
	// is suggested for the rubric.
	if !a.ByDiagnosis {
		t.Error("a class of variants is not analysed by diagnosis")
	}
	if s := SuggestedMistakes(a, 2); s != "" {
		t.Errorf("suggested for a class of variants:\n%s", s)
	}
}

// TestVariantMistakeErrors: known mistakes written with params that cannot be
// read in the variants, as data (testdata/errors/variant-mistakes*.toml).
func TestVariantMistakeErrors(t *testing.T) {
	set := openHW8Variants(t)
	errortest.Run(t, "testdata/errors/variant-mistakes*.toml", func(name string, src []byte) error {
		r, err := rubrics.Load(name, src, set.QuestionIDs())
		if err != nil {
			return err
		}
		return CheckRubricVariants(set, r)
	})
}
