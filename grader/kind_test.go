package grader

import (
	"github.com/nngrade/nngrade/internal/errortest"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// TestEveryKindIsGraded walks problems' kind table: every kind a problem set may
// use has an implementation here.
func TestEveryKindIsGraded(t *testing.T) {
	for _, name := range problems.Kinds {
		if questionKinds[problems.Kind(name)] == nil {
			t.Errorf("kind %q has no questionKind", name)
		}
	}
	if len(questionKinds) != len(problems.Kinds) {
		t.Errorf("%d question kinds graded, %d loaded", len(questionKinds), len(problems.Kinds))
	}
}

// loadKinds solves testdata/kinds.toml, one question of each kind, and loads a
// rubric of testdata for it.
func loadKinds(t *testing.T, rubricFile string) (*Key, *rubrics.Rubric) {
	t.Helper()
	key := solveFile(t, "testdata/kinds.toml")
	r, err := rubrics.LoadFile(rubricFile, key.Set.QuestionIDs())
	if err != nil {
		t.Fatal(err)
	}
	return key, r
}

// TestKnownMistakesOfEveryKind matches a known mistake on every kind of question.
// A mistake is read as the student's answer is: the flattened size "6,400" is
// one number (where a shape has one axis a comma groups thousands), and a
// receptive field's mistake may use labels as a student may.
func TestKnownMistakesOfEveryKind(t *testing.T) {
	key, r := loadKinds(t, "testdata/kinds-rubric.toml")
	if err := CheckRubric(key, r); err != nil {
		t.Fatalf("CheckRubric: %v", err)
	}
	got := grade(t, key, r, map[string]string{
		"count": "36", "shape": "40x40x4", "flat": "6400", "rf": "(1, 1, 0)", "f": "n*n/2", "num": "1/2",
	})
	want := map[string]struct {
		status   Status
		score    float64
		feedback string
	}{
		"count": {Partial, 0.5, "You counted the weights but not the biases."},
		"shape": {Incorrect, 0, "A 3 × 3 kernel without padding shrinks each side by 2."},
		"flat":  {Partial, 0.25, "You flattened the input, not the output of c1."},
		"rf":    {Incorrect, 0, "That is one input pixel; a 3 × 3 kernel sees three."},
		"f":     {Partial, 0.5, "That is the leading term only.\nRead as n·n/2."},
		"num":   {Incorrect, 0, "One half is the chance of one coin, not of two."},
	}
	for id, w := range want {
		q := got[id]
		if q.Status != w.status || q.Score != w.score || !strings.HasPrefix(q.Feedback, w.feedback) {
			t.Errorf("%s %q: %s %v %q, want %s %v %q", id, q.Answer, q.Status, q.Score, q.Feedback, w.status, w.score, w.feedback)
		}
	}
}

// TestCheckRubric checks every unreadable mistake of testdata/unreadable-mistakes.toml
// is reported at the line marked ERROR, with the message marked there (the
// reader's, with its caret), and nothing else is.
func TestCheckRubric(t *testing.T) {
	key := solveFile(t, "testdata/kinds.toml")
	errortest.Run(t, "testdata/errors/mistakes*.toml", func(name string, src []byte) error {
		r, err := rubrics.Load(name, src, key.Set.QuestionIDs())
		if err != nil {
			return err
		}
		return CheckRubric(key, r)
	})

	_, r := loadKinds(t, "testdata/errors/mistakes.toml")
	// A grader built with the rubric still grades: the readable mistake matches,
	// the unreadable ones match nothing.
	res := New(key, r).Grade(&submissions.Submission{Student: "s", Answers: map[string]string{"count": "36", "shape": "38 × × 4"}})
	if q := res.Questions[0]; q.Status != Partial || q.Score != 0.5 {
		t.Errorf("count 36: %s %v", q.Status, q.Score)
	}
	if q := res.Questions[1]; q.Status != Invalid {
		t.Errorf("shape %q: %s", q.Answer, q.Status)
	}
}

// TestBundledRubricsAreReadable: every known mistake of a bundled rubric reads
// as an answer to its question.
func TestBundledRubricsAreReadable(t *testing.T) {
	for _, name := range problems.BundledNames() {
		r, ok := rubrics.Bundled(name)
		if !ok {
			continue
		}
		set, err := problems.Bundled(name)
		if err != nil {
			t.Fatal(err)
		}
		key, err := Solve(set)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckRubric(key, r); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
