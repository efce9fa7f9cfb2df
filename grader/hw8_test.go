package grader

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

// gradeSampleClass grades the bundled Homework 8 sample class under a rubric.
func gradeSampleClass(t *testing.T, r *rubrics.Rubric) map[string]map[string]QuestionResult {
	t.Helper()
	key := solveBundled(t, "hw8")
	subs, err := bundledclasses.Class("hw8")
	if err != nil {
		t.Fatal(err)
	}
	class := New(key, r).GradeClass(subs)
	out := map[string]map[string]QuestionResult{}
	for _, s := range class.Students {
		out[s.Student] = map[string]QuestionResult{}
		for _, q := range s.Questions {
			out[s.Student][q.ID] = q
		}
	}
	return out
}

func bundledRubric(t *testing.T) *rubrics.Rubric {
	r, ok := bundledrubrics.Rubric("hw8")
	if !ok {
		t.Fatal("no bundled rubric")
	}
	return r
}

func TestSeedStudentFullMarksOnProblem1(t *testing.T) {
	got := gradeSampleClass(t, bundledRubric(t))["ssr226"]
	for _, id := range []string{"1a", "1b", "1c", "1d", "1e", "1f", "1g", "1h", "1i", "1j"} {
		if q := got[id]; q.Status != Correct || q.Score != q.MaxScore {
			t.Errorf("seed student %s %q: %s %v/%v (%s)", id, q.Answer, q.Status, q.Score, q.MaxScore, q.Feedback)
		}
	}
}

func TestSeedStudentFormulas(t *testing.T) {
	plain := gradeSampleClass(t, rubrics.Default())["ssr226"]
	if q := plain["2"]; q.Status != Incorrect || !strings.Contains(q.Feedback, "missing k·n + m") {
		t.Errorf("k(k+m)+k without a rubric: %s, %q", q.Status, q.Feedback)
	}
	if q := plain["3a"]; q.Status != Correct {
		t.Errorf(`"1 - e^{-\epsilon}": %s (%s)`, q.Status, q.Feedback)
	}
	if q := plain["2"]; q.Expected != "" || strings.Contains(q.Feedback, "k^2 + k·n") {
		t.Errorf("a formula key is revealed without show_answer: %q / %q", q.Expected, q.Feedback)
	}
	ruled := gradeSampleClass(t, bundledRubric(t))["ssr226"]
	q := ruled["2"]
	if q.Status != Partial || q.Score != 0.9 || !strings.Contains(q.Feedback, "not the input weights U") || !strings.Contains(q.Feedback, "missing k·n + m") {
		t.Errorf("k(k+m)+k under the hw8 rubric: %s %v %q", q.Status, q.Score, q.Feedback)
	}
}

func TestChannelsFirstStudent(t *testing.T) {
	got := gradeSampleClass(t, bundledRubric(t))["cf02"]
	for _, id := range []string{"1a", "1c", "1e"} {
		q := got[id]
		if q.Status != Partial || !strings.Contains(q.Feedback, "channels-first") {
			t.Errorf("%s %q: %s %q", id, q.Answer, q.Status, q.Feedback)
		}
	}
	if q := got["1j"]; !strings.Contains(q.Feedback, "transpose") {
		t.Errorf("1j %q: %q", q.Answer, q.Feedback)
	}
}

func TestCarryForwardStudent(t *testing.T) {
	got := gradeSampleClass(t, bundledRubric(t))["cfw03"]
	if got["1c"].Status != Incorrect {
		t.Errorf("the wrong pool answer is %s", got["1c"].Status)
	}
	for _, id := range []string{"1e", "1g", "1h", "1i", "1j"} {
		q := got[id]
		if q.Score != q.MaxScore || !strings.Contains(q.Feedback, "1c (31 × 31 × 32)") {
			t.Errorf("%s %q: %v/%v %q", id, q.Answer, q.Score, q.MaxScore, q.Feedback)
		}
	}
}

func TestUnreadableStudent(t *testing.T) {
	got := gradeSampleClass(t, bundledRubric(t))["unr04"]
	for id, q := range got {
		want := Invalid
		if id == "1d" {
			want = Missing
		}
		if q.Status != want {
			t.Errorf("%s %q: %s, want %s", id, q.Answer, q.Status, want)
		}
		if q.Status == Invalid && !strings.Contains(q.Feedback, "^") {
			t.Errorf("%s %q: feedback has no caret: %q", id, q.Answer, q.Feedback)
		}
	}
}

// TestGradingIsReproducible: the same files give byte-identical results, so a
// regrade request is answered by re-running.
func TestGradingIsReproducible(t *testing.T) {
	run := func() []byte {
		set, _ := bundledsets.Set("hw8")
		key, err := Solve(set)
		if err != nil {
			t.Fatal(err)
		}
		subs, _ := bundledclasses.Class("hw8")
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(New(key, bundledRubric(t)).GradeClass(subs)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := run(), run()
	if !bytes.Equal(a, b) {
		t.Fatal("two gradings of the same files differ")
	}
}

func TestSelfCheckHidesTheKey(t *testing.T) {
	set, _ := bundledsets.Set("hw8")
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	g := New(key, rubrics.Default())
	g.SelfCheck = true
	res := g.Grade(&submissions.Submission{Student: "s", Answers: map[string]string{"1a": "60 × 60 × 32", "1b": "2400"}})
	for _, q := range res.Questions {
		if (q.Expected != "") != (q.Status == Correct) {
			t.Errorf("%s (%s): expected %q shown to a student self-checking", q.ID, q.Status, q.Expected)
		}
	}
}

// FuzzGradeAnswer sends arbitrary text as the answer to every Homework 8
// question: grading must never panic, and every verdict is one of FORMAT.md's.
func FuzzGradeAnswer(f *testing.F) {
	key := solveBundled(f, "hw8")
	r, _ := bundledrubrics.Rubric("hw8")
	g := New(key, r)
	for _, s := range []string{"60 × 60 × 32", "k(k+m)+k", `1 - e^{-\epsilon}`, "sum(p*eps)", "(12544, 10)", "((((", "1e999999", "eps^eps^eps^eps",
		// Issue 9 A's spellings.
		"$$= k(k+m) + k.$$", "$$= k^2 + km + k$$", "2kn^2", "sin 2k", `n \log n`, `\tanh^2(k)`, "½k", "2E+3",
		`3 \cdot 3 \cdot 32 \cdot 64 + 64 = 18496`, "4*(512*512+512)", `\lceil 50000/128 \rceil = 391`, "146 378", "20{,}234",
		"(32,)", "H=8, W=8, C=64", "32 × 32 × 32 = 32768", "size 8", "8 × 8", "１４６，３７８", "μ_0", "2.302585"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		answers := map[string]string{}
		for _, q := range key.Set.Questions {
			answers[q.ID] = answer
		}
		res := g.Grade(&submissions.Submission{Student: "f", Answers: answers})
		for _, q := range res.Questions {
			switch q.Status {
			case Correct, Partial, Incorrect, Invalid, Missing, Review:
			default:
				t.Fatalf("%s: status %q", q.ID, q.Status)
			}
			if q.Score < 0 || q.Score > q.MaxScore {
				t.Fatalf("%s: score %v of %v", q.ID, q.Score, q.MaxScore)
			}
			if strings.Contains(q.Feedback, "internal error") {
				t.Fatalf("%s %q: %s", q.ID, answer, q.Feedback)
			}
		}
	})
}

// TestFlattenedSizeFeedback: a wrong flattened size (one number) is not told
// that its "spatial size is right but the channels are not", and a student who
// multiplied only some axes is told what the flattened size is made of.
func TestFlattenedSizeFeedback(t *testing.T) {
	key := solveBundled(t, "hw8")
	for _, answer := range []string{"40000", "146,378", "12544 values?"} {
		got := grade(t, key, rubrics.Default(), map[string]string{"1g": answer})["1g"]
		if got.Status == Correct || strings.Contains(got.Feedback, "channels") {
			t.Errorf("1g %q: %s %q", answer, got.Status, got.Feedback)
		}
	}
	got := grade(t, key, rubrics.Default(), map[string]string{"1g": "40000"})["1g"]
	if !strings.Contains(got.Feedback, "product of every axis of the layer's input") {
		t.Errorf("1g 40000: %q", got.Feedback)
	}
}

// TestSeedRNNAnswersAsWritten: the seed student's two lines for the RNN count,
// copied from /work/shared/seed/homework8.md with their "=" and full stop,
// read as k(k+m) + k and are diagnosed like it (issue 9 A); before, the
// leading "=" and the closing "." made both invalid.
func TestSeedRNNAnswersAsWritten(t *testing.T) {
	key := solveBundled(t, "hw8")
	for _, answer := range []string{"$$= k(k+m) + k.$$", "$$= k^2 + km + k$$"} {
		q := grade(t, key, rubrics.Default(), map[string]string{"2": answer})["2"]
		if q.Status != Incorrect || !strings.Contains(q.Feedback, "missing k·n + m") {
			t.Errorf("%q: %s %q", answer, q.Status, q.Feedback)
		}
	}
}

// solveBundled loads and solves a bundled problem set.
func solveBundled(t testing.TB, name string) *Key {
	t.Helper()
	set, err := bundledsets.Set(name)
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
