package grader

import (
	"strings"
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
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

// TestKnownMistakesOfEveryKind matches a known mistake on every kind of question:
// it walks problems.Kinds, and a kind without a question in testdata/kinds.toml
// whose answer below matches a known mistake of testdata/kinds-rubric.toml
// fails it. A mistake is read as the student's answer is: the flattened size
// "6,400" is one number (where a shape has one axis a comma groups thousands),
// a receptive field's mistake may use labels as a student may, and a formula
// mistake matches an equivalent answer.
func TestKnownMistakesOfEveryKind(t *testing.T) {
	key, r := loadKinds(t, "testdata/kinds-rubric.toml")
	if err := CheckRubric(key, r); err != nil {
		t.Fatalf("CheckRubric: %v", err)
	}
	// Each question's answer and the result of its known mistake.
	cases := map[string]struct {
		answer   string
		status   Status
		score    float64
		feedback string
	}{
		"count": {"36", Partial, 0.5, "You counted the weights but not the biases."},
		"shape": {"40x40x4", Incorrect, 0, "A 3 × 3 kernel without padding shrinks each side by 2."},
		"flat":  {"6400", Partial, 0.25, "You flattened the input, not the output of c1."},
		"rf":    {"(1, 1, 0)", Incorrect, 0, "That is one input pixel; a 3 × 3 kernel sees three."},
		"f":     {"n*n/2", Partial, 0.5, "That is the leading term only.\nRead as n·n/2."},
		"ident": {"x^2 + 1", Incorrect, 0, "You dropped the cross term 2x."},
		"asym":  {"1", Partial, 0.5, "That is the zeroth order only; the first-order term is x."},
		"num":   {"1/2", Incorrect, 0, "One half is the chance of one coin, not of two."},
	}
	answers := map[string]string{}
	for id, c := range cases {
		answers[id] = c.answer
	}
	got := grade(t, key, r, answers)
	matched := map[problems.Kind]bool{}
	for _, q := range key.Set.Questions {
		c, ok := cases[q.ID]
		if !ok {
			t.Errorf("question %q (%s) has no case", q.ID, q.Kind)
			continue
		}
		res := got[q.ID]
		if res.Status != c.status || res.Score != c.score || !strings.HasPrefix(res.Feedback, c.feedback) {
			t.Errorf("%s %q: %s %v %q, want %s %v %q", q.ID, res.Answer, res.Status, res.Score, res.Feedback, c.status, c.score, c.feedback)
			continue
		}
		matched[q.Kind] = true
	}
	for _, kind := range problems.Kinds {
		if !matched[problems.Kind(kind)] {
			t.Errorf("kind %q: no question of testdata/kinds.toml whose known mistake matched", kind)
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
	for _, name := range bundledsets.Names() {
		r, ok := bundledrubrics.Rubric(name)
		if !ok {
			continue
		}
		set, err := bundledsets.Set(name)
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

// TestUndefinedReceptiveFieldIsNoKey: a receptive field asked of a layer
// after a transposed convolution is not defined in input pixels; a set that
// asks it does not solve (its size would read 0, and a student writing 0
// would be right), and the error names the question's line and the layer.
func TestUndefinedReceptiveFieldIsNoKey(t *testing.T) {
	src := `id = "ct"
[networks.n]
input = [7, 7, 8]
layers = [
  { name = "up", type = "conv_transpose2d", filters = 4, kernel = 3, stride = 2 },
  { name = "c", type = "conv2d", filters = 6, kernel = 3 },
]
[[questions]]
id = "size"
text = "receptive field"
network = "n"
layer = "c"
ask = "receptive_field_size"
`
	set, err := problems.Load("ct.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Solve(set)
	if err == nil || !strings.Contains(err.Error(), `ct.toml:8: question "size": the receptive field of layer "c" (conv2d) is not defined in input pixels`) {
		t.Errorf("solving: %v", err)
	}
}
