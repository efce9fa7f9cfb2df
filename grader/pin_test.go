package grader

// These tests pin documented grading behaviour before issue 8 moves the grader's
// internals: rubric tolerances, known mistakes, carry-forward from a student's
// own counts, the bias diagnoses, the "times too small" hint and whitespace-only
// answers. They go through the exported API only (problems.Load, Solve,
// rubrics.Load, New(...).Grade), with rubrics written as TOML so that the
// documented keys are pinned too, and they assert what a student sees: status,
// score and feedback.

import (
	"strconv"
	"testing"

	"github.com/nngrade/nngrade/rubrics"
)

// loadPinSet solves testdata/pin.toml: a weights-only count, two number
// questions and a formula that is not a polynomial.
func loadPinSet(t *testing.T) *Key { return solveFile(t, "testdata/pin.toml") }

// rubricFor loads a rubric written in TOML for the key's problem set.
func rubricFor(t *testing.T, key *Key, src string) *rubrics.Rubric {
	t.Helper()
	var ids []string
	for _, q := range key.Set.Questions {
		ids = append(ids, q.ID)
	}
	r, err := rubrics.Load("pin-rubric.toml", []byte(src), ids)
	if err != nil {
		t.Fatalf("rubric does not load: %v\n%s", err, src)
	}
	return r
}

// pinCase is one answer graded under one rubric and what the student must see.
type pinCase struct {
	name     string
	rubric   string // TOML; "" is the default rubric
	id       string
	answer   string
	status   Status
	score    float64
	feedback string // the whole feedback; "-" skips the check
}

func runPinCases(t *testing.T, key *Key, cases []pinCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := rubrics.Default()
			if tc.rubric != "" {
				r = rubricFor(t, key, tc.rubric)
			}
			got := grade(t, key, r, map[string]string{tc.id: tc.answer})[tc.id]
			if got.Status != tc.status || got.Score != tc.score {
				t.Errorf("%s %q: %s %v, want %s %v (feedback %q)", tc.id, tc.answer, got.Status, got.Score, tc.status, tc.score, got.Feedback)
			}
			if tc.feedback != "-" && got.Feedback != tc.feedback {
				t.Errorf("%s %q: feedback\n\t%q\nwant\n\t%q", tc.id, tc.answer, got.Feedback, tc.feedback)
			}
		})
	}
}

// TestPinRubricTolerances: abs_tol and rel_tol widen what a number answer may
// differ from the key (100/3 = 33.33…), in [defaults] or per question;
// formula_tol widens formula equivalence at the test points (exp(x) is no
// polynomial, so it is compared numerically).
func TestPinRubricTolerances(t *testing.T) {
	key := loadPinSet(t)
	runPinCases(t, key, []pinCase{
		{"number, default tolerance", "", "third", "33.4", Incorrect, 0, "-"},
		{"number, exact", "", "third", "100/3", Correct, 1, ""},
		{"abs_tol accepts", "[defaults]\nabs_tol = 0.05\n", "third", "33.3", Correct, 1, ""},
		{"abs_tol bounds", "[defaults]\nabs_tol = 0.05\n", "third", "33.2", Incorrect, 0, "-"},
		{"abs_tol per question", "[questions.third]\nabs_tol = 0.05\n", "third", "33.3", Correct, 1, ""},
		{"abs_tol of another question", "[questions.twelve]\nabs_tol = 0.05\n", "third", "33.34", Incorrect, 0, "-"},
		{"rel_tol accepts", "[defaults]\nrel_tol = 0.002\n", "third", "33.3", Correct, 1, ""},
		{"rel_tol bounds", "[defaults]\nrel_tol = 0.002\n", "third", "33.2", Incorrect, 0, "-"},
		{"rel_tol too tight", "[defaults]\nrel_tol = 0.0005\n", "third", "33.3", Incorrect, 0, "-"},
		{"rel_tol per question", "[questions.third]\nrel_tol = 0.002\n", "third", "33.3", Correct, 1, ""},
		{"formula, default tolerance", "", "growth", "1.0001 exp(x)", Incorrect, 0, "-"},
		{"formula, exact", "", "growth", "e^x", Correct, 1, ""},
		{"formula_tol accepts", "[defaults]\nformula_tol = 1e-3\n", "growth", "1.0001 exp(x)", Correct, 1, ""},
		{"formula_tol bounds", "[defaults]\nformula_tol = 1e-5\n", "growth", "1.0001 exp(x)", Incorrect, 0, "-"},
		{"formula_tol per question", "[questions.growth]\nformula_tol = 1e-3\n", "growth", "1.0001 exp(x)", Correct, 1, ""},
		{"formula_tol leaves numbers alone", "[defaults]\nformula_tol = 1e-3\n", "third", "33.34", Incorrect, 0, "-"},
		// Without a tolerance in the rubric, a decimal is right when it is the key
		// to the significant digits the student gave, at least 3 (issue 9 A).
		{"digits given: 3", "", "third", "33.3", Correct, 1, ""},
		{"digits given: 9", "", "third", "33.3333333", Correct, 1, ""},
		{"digits given: last digit off", "", "third", "33.3334", Incorrect, 0, "-"},
		{"digits given: too few", "", "third", "33", Incorrect, 0, "-"},
		{"digits given: a rubric tolerance decides", "[defaults]\nrel_tol = 1e-6\n", "third", "33.3", Incorrect, 0, "-"},
		{"digits given: sig_figs decides", "[defaults]\nsig_figs = 5\n", "third", "33.3", Incorrect, 0, "-"},
	})
}

// TestPinRubricMistakes: a known mistake is matched by value, not text ("2400"
// matches "2,400", "64x64x32" matches "64 × 64 × 32"), and its credit and
// feedback replace the grader's own diagnosis.
func TestPinRubricMistakes(t *testing.T) {
	key := loadQuiz(t)
	const rubric = `
[[questions.conv1_params.mistakes]]
answer = "2,400"
credit = 0.5
feedback = "The weights are right; the 32 biases are missing."

[[questions.conv1_params.mistakes]]
answer = "800"
feedback = "One input channel only."

[[questions.conv1_shape.mistakes]]
answer = "64 × 64 × 32"
credit = 0.25
feedback = "That is the input's size: conv1 has no padding."

[[questions.fc_weights.mistakes]]
answer = "(28800, 10)"
credit = 0.5
feedback = "The pool's output is not what feeds fc."
`
	runPinCases(t, key, []pinCase{
		{"count mistake with credit", rubric, "conv1_params", "2400", Partial, 0.5, "The weights are right; the 32 biases are missing."},
		{"count mistake without credit", rubric, "conv1_params", "800", Incorrect, 0, "One input channel only."},
		{"count not a mistake", rubric, "conv1_params", "2433", Incorrect, 0, "-"},
		{"count key still right", rubric, "conv1_params", "2432", Correct, 1, ""},
		{"shape mistake", rubric, "conv1_shape", "64x64x32", Partial, 0.25, "That is the input's size: conv1 has no padding."},
		{"weight shape mistake", rubric, "fc_weights", "(28800, 10)", Partial, 0.5, "The pool's output is not what feeds fc."},
		{"mistake of another question", rubric, "conv2_params", "2400", Incorrect, 0, "-"},
		{"without the rubric", "", "conv1_params", "2400", Incorrect, 0, "You counted the weights but forgot the biases: one per filter, 32 more."},
	})
}

// TestPinCarryForwardFromOwnCounts: a total that is the sum of the student's own
// per-layer counts is carried forward from them, even though every shape is
// right (the shapes imply the key's counts, not the student's).
func TestPinCarryForwardFromOwnCounts(t *testing.T) {
	key := loadQuiz(t)
	answers := map[string]string{
		"conv1_shape":  "60 × 60 × 32",
		"conv1_params": "2400", // biases forgotten
		"pool_shape":   "30 × 30 × 32",
		"conv2_shape":  "14 × 14 × 64",
		"conv2_params": "18496",
		"fc_params":    "125440", // biases forgotten
		"total":        "146336", // 2400 + 18496 + 125440
	}
	const rubric = "[questions.total]\ncarry_forward = true\ncarry_forward_credit = 0.75\n"
	got := grade(t, key, rubricFor(t, key, rubric), answers)["total"]
	if got.Status != Partial || got.Score != 0.75 {
		t.Errorf("total: %s %v, want partial 0.75 (%q)", got.Status, got.Score, got.Feedback)
	}
	want := "Carried forward: this is not the key, but it is right given your earlier answers conv1_params (2,400) and fc_params (125,440); credited 0.75 of the points."
	if got.Feedback != want {
		t.Errorf("feedback\n\t%q\nwant\n\t%q", got.Feedback, want)
	}
	if len(got.CarriedForward) != 2 || got.CarriedForward[0] != "conv1_params" || got.CarriedForward[1] != "fc_params" {
		t.Errorf("carried forward from %v, want [conv1_params fc_params]", got.CarriedForward)
	}
	// The rubric's carry_forward is per question and off by default.
	if got := grade(t, key, rubrics.Default(), answers)["total"]; got.Status != Incorrect || len(got.CarriedForward) != 0 {
		t.Errorf("total without carry_forward: %s, carried from %v", got.Status, got.CarriedForward)
	}
	// A total that matches neither the key nor the student's counts earns nothing.
	answers["total"] = "146346"
	if got := grade(t, key, rubricFor(t, key, rubric), answers)["total"]; got.Status != Incorrect {
		t.Errorf("total inconsistent with the student's counts: %s (%q)", got.Status, got.Feedback)
	}
}

// TestPinBiasDiagnoses: weights without biases, on a total and on a layer, and
// biases counted where only weights are asked.
func TestPinBiasDiagnoses(t *testing.T) {
	runPinCases(t, loadQuiz(t), []pinCase{
		{"total without biases", "", "total", "146272", Incorrect, 0, "Your total counts the weights but not the biases."}, // 2400 + 18432 + 125440
		{"conv layer without biases", "", "conv1_params", "2400", Incorrect, 0, "You counted the weights but forgot the biases: one per filter, 32 more."},
		{"dense layer without biases", "", "fc_params", "125440", Incorrect, 0, "You counted the weights but forgot the biases: one per unit, 10 more."},
	})
	runPinCases(t, loadPinSet(t), []pinCase{
		{"weights key", "", "hidden_weights", "160", Correct, 1, ""},
		{"biases counted too", "", "hidden_weights", "168", Incorrect, 0, "You counted the biases too; the question asks for the weights alone."},
	})
}

// TestPinTimesTooSmall: a number or a count that divides the key says by how much.
func TestPinTimesTooSmall(t *testing.T) {
	runPinCases(t, loadPinSet(t), []pinCase{
		{"number too small", "", "twelve", "3", Incorrect, 0, "Your value is 4 times too small."},
		{"number half", "", "twelve", "6", Incorrect, 0, "Your value is 2 times too small."},
		{"number too large", "", "twelve", "48", Incorrect, 0, "Your value is 4 times too large."},
		{"number double", "", "twelve", "24", Incorrect, 0, "Your value is 2 times too large."},
		{"number off by no factor", "", "twelve", "5", Incorrect, 0, ""},
	})
	runPinCases(t, loadQuiz(t), []pinCase{
		{"count too small", "", "conv2_params", "4624", Incorrect, 0, "Your count is 4 times too small."}, // 18496 / 4
	})
}

// TestPinWhitespaceAnswerIsMissing: an answer of spaces, tabs and newlines is no
// answer, whatever the question's kind.
func TestPinWhitespaceAnswerIsMissing(t *testing.T) {
	quiz, pin := loadQuiz(t), loadPinSet(t)
	for _, blank := range []string{" ", " \t\n ", "\r\n"} {
		runPinCases(t, quiz, []pinCase{
			{"count " + strconv.Quote(blank), "", "total", blank, Missing, 0, "No answer given."},
			{"shape " + strconv.Quote(blank), "", "conv1_shape", blank, Missing, 0, "No answer given."},
		})
		runPinCases(t, pin, []pinCase{
			{"number " + strconv.Quote(blank), "", "twelve", blank, Missing, 0, "No answer given."},
			{"formula " + strconv.Quote(blank), "", "growth", blank, Missing, 0, "No answer given."},
		})
	}
}
