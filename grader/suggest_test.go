package grader

import (
	"strings"
	"testing"

	"github.com/nngrade/nngrade/rubrics"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
	"github.com/nngrade/nngrade/submissions"
)

// TestSuggestedMistakesLoadBack: the suggestion for the analysis class,
// pasted into the bundled rubric, loads, every mistake in it reads as an
// answer, it changes no score, and graded again the class has nothing left
// to suggest: the answers it names are now covered.
func TestSuggestedMistakesLoadBack(t *testing.T) {
	g, subs := analysisClass(t)
	before := g.GradeClass(subs)
	a, err := AnalyseClass(before)
	if err != nil {
		t.Fatal(err)
	}
	suggested := SuggestedMistakes(a, 2)
	for _, want := range []string{
		// s04 wrote 15×15×64 too, right given s04's pool (carry-forward).
		"\n# 1e: 2 students (s02, s03), incorrect, 0 of 1 points.\n# Left commented out: 1 student who wrote it was credited by carry-forward from\n" +
			"# their earlier answers, which a known mistake would take away.\n# [[questions.\"1e\".mistakes]]\n# answer = \"15 × 15 × 64\"\n# credit = 0\n# feedback = \"You rounded up (ceil)",
		// Question 2's diagnosis is the notes the grader adds to a known
		// mistake's feedback anyway.
		"# nngrade adds its own notes on the answer after this feedback, as it does now.\n" +
			"[[questions.\"2\".mistakes]]\nanswer = \"k^2 + k·n\"\ncredit = 0\nfeedback = \"\"\n",
		"# 2: 3 students (s04, s05, s08), incorrect, 0 of 3 points.",
	} {
		if !strings.Contains(suggested, want) {
			t.Errorf("the suggestion lacks\n%s\n---- it is:\n%s", want, suggested)
		}
	}
	// k^2 + k*n + k is the rubric's already; an answer only one student
	// wrote is below minCount.
	if strings.Contains(suggested, `"k^2 + k·n + k"`) || strings.Contains(suggested, ": 1 student (") {
		t.Errorf("the suggestion has a covered or a rare answer:\n%s", suggested)
	}
	// A suggestion's feedback reaches students: no number of the key in it
	// (the instructor's diagnosis says "one per filter, 32 more").
	for _, leak := range []string{"32 more", "64 more", "12,544", "I = 64"} {
		if strings.Contains(suggested, leak) {
			t.Errorf("the suggested feedback names %q:\n%s", leak, suggested)
		}
	}
	src, _ := bundledrubrics.Source("hw8")
	pasted := string(src) + "\n" + suggested
	r, err := rubrics.Load("pasted.toml", []byte(pasted), g.Key.Set.QuestionIDs())
	if err != nil {
		t.Fatalf("the rubric with the suggestion pasted does not load: %v\n%s", err, suggested)
	}
	if err := CheckRubric(g.Key, r); err != nil {
		t.Fatalf("a suggested mistake does not read as an answer: %v", err)
	}
	after := New(g.Key, r).GradeClass(subs)
	sameForStudents(t, g.Key, subs, before, after, g.Rubric, r)
	again, err := AnalyseClass(after)
	if err != nil {
		t.Fatal(err)
	}
	left := SuggestedMistakes(again, 2)
	for _, line := range strings.Split(left, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			t.Errorf("graded with the suggestion, the class still has suggestions:\n%s", left)
			break
		}
	}
	if !strings.Contains(left, "# answer = \"15 × 15 × 64\"") {
		t.Errorf("the answer left commented out is no longer suggested:\n%s", left)
	}
	if more := SuggestedMistakes(again, 1); !strings.Contains(more, ": 1 student (") {
		t.Errorf("no suggestion of answers one student wrote:\n%s", more)
	}
}

// TestSuggestedMistakesKeepPartialCredit: every wrong answer suggested
// (minCount 1), pasted, changes no score and no feedback, partial credit
// that is no round fraction of the points included (1 of 3 axes right on a
// 2-point question: 0.6667 points, credit 0.33335; 0.3334 would give 0.6668).
func TestSuggestedMistakesKeepPartialCredit(t *testing.T) {
	g, subs := analysisClass(t)
	const rubric = "[defaults]\npoints = 2\npartial_shape = true\nchannels_first_credit = 0.5\n\n[questions.\"1e\"]\ncarry_forward = true\n"
	r, err := rubrics.Load("r.toml", []byte(rubric), nil)
	if err != nil {
		t.Fatal(err)
	}
	before := New(g.Key, r).GradeClass(subs)
	a, err := AnalyseClass(before)
	if err != nil {
		t.Fatal(err)
	}
	suggested := SuggestedMistakes(a, 1)
	if !strings.Contains(suggested, "answer = \"62 × 62 × 32\"\ncredit = 0.33335\n") {
		t.Errorf("no mistake with 1/3 of 2 points' credit:\n%s", suggested)
	}
	pasted, err := rubrics.Load("pasted.toml", []byte(rubric+suggested), g.Key.Set.QuestionIDs())
	if err != nil {
		t.Fatalf("%v\n%s", err, suggested)
	}
	after := New(g.Key, pasted).GradeClass(subs)
	sameForStudents(t, g.Key, subs, before, after, r, pasted)
}

// TestSuggestedMistakesEscapes: student text in a suggestion stays inside
// its TOML string or comment, whatever it holds.
func TestSuggestedMistakesEscapes(t *testing.T) {
	hostile := "7\"\n[defaults]\npoints = 100 \\ \x01 \xff"
	a := &ClassAnalysis{Items: []ItemAnalysis{{QuestionID: `q"1`, MaxScore: 2, WrongAnswers: []WrongAnswer{
		{Answer: hostile, Written: hostile, Status: Partial, Score: 1, Count: 3, Diagnosis: hostile,
			Students: []string{"a\n[defaults]", "b", "c"}},
		{Answer: "9", Status: Incorrect, Count: 4, CarriedForward: 4, Students: []string{"d"}},
	}}}}
	got := SuggestedMistakes(a, 1)
	r, err := rubrics.Load("s.toml", []byte(got), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, got)
	}
	ms := r.For(`q"1`).Mistakes
	want := strings.ToValidUTF8(hostile, "\uFFFD")
	if len(ms) != 1 || ms[0].Answer != want || ms[0].Feedback != want || ms[0].Credit != 0.5 || r.Defaults.Points != 1 {
		t.Errorf("read back: %+v, defaults %+v\n%s", ms, r.Defaults, got)
	}
	if !strings.Contains(got, "# Left commented out: 4 students who wrote it were credited by carry-forward") ||
		strings.Contains(got, "\nanswer = \"9\"") {
		t.Errorf("an answer credited by carry-forward is suggested:\n%s", got)
	}
	if SuggestedMistakes(&ClassAnalysis{}, 1) != "" {
		t.Error("an empty analysis suggests something")
	}
}

// FuzzSuggestedMistakes: whatever the students, answers, diagnosis and
// question id, the suggestion is TOML the rubric loader reads back to the
// same answer, credit and feedback (text that is not UTF-8 made so).
func FuzzSuggestedMistakes(f *testing.F) {
	f.Add("2", "k^2 + k·n", "Read as k^2.\nMissing k.", "s01", 0.5)
	f.Add(`q"1`, "7\"\n[defaults]", "\x01\xff\\", "a\nb\r#", 1.0)
	f.Add("1e", "15 × 15 × 64", "", "\u2028", 0.0)
	f.Fuzz(func(t *testing.T, id, answer, diagnosis, student string, credit float64) {
		if strings.TrimSpace(answer) == "" || strings.TrimSpace(strings.ToValidUTF8(answer, "\uFFFD")) == "" ||
			!(credit >= 0 && credit <= 1) {
			return // the loader refuses these, as it should
		}
		a := &ClassAnalysis{Items: []ItemAnalysis{{QuestionID: id, MaxScore: 1, WrongAnswers: []WrongAnswer{
			{Answer: answer, Written: answer, Status: Partial, Score: credit, Count: 2, Diagnosis: diagnosis, Students: []string{student, student}},
		}}}}
		got := SuggestedMistakes(a, 1)
		r, err := rubrics.Load("s.toml", []byte(got), nil)
		if err != nil {
			t.Fatalf("%v\n%s", err, got)
		}
		ms := r.For(strings.ToValidUTF8(id, "\uFFFD")).Mistakes
		if len(ms) != 1 || ms[0].Answer != strings.ToValidUTF8(answer, "\uFFFD") ||
			ms[0].Feedback != strings.ToValidUTF8(diagnosis, "\uFFFD") || ms[0].Credit != credit {
			t.Fatalf("read back %+v\n%s", ms, got)
		}
	})
}

// sameForStudents holds a class graded without and with pasted suggestions
// to the same scores and statuses, and to the same feedback under the
// student policy (what check and Gradescope show): a suggestion's feedback
// is that diagnosis, which names no number of the key. The instructor's
// feedback may lose such numbers.
func sameForStudents(t *testing.T, key *Key, subs []*submissions.Submission, before, after *ClassResult, without, with *rubrics.Rubric) {
	t.Helper()
	for i, s := range after.Students {
		for j, q := range s.Questions {
			if was := before.Students[i].Questions[j]; q.Score != was.Score || q.Status != was.Status {
				t.Errorf("%s %s: %v %s with the suggestion, %v %s without", s.Student, q.ID, q.Score, q.Status, was.Score, was.Status)
			}
		}
	}
	student := func(r *rubrics.Rubric) *ClassResult {
		g := New(key, r)
		g.SelfCheck = true
		return g.GradeClass(subs)
	}
	seenBefore, seenAfter := student(without), student(with)
	for i, s := range seenAfter.Students {
		for j, q := range s.Questions {
			if was := seenBefore.Students[i].Questions[j]; q.Feedback != was.Feedback {
				t.Errorf("%s %s: a student is told %q with the suggestion, %q without", s.Student, q.ID, q.Feedback, was.Feedback)
			}
		}
	}
}
