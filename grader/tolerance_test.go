package grader

import (
	"strings"
	"testing"

	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
)

// TestRubricTolerances grades real-valued answers under rubrics that set
// rel_tol, abs_tol and formula_tol, read from TOML as an instructor writes them.
// rel_tol = 0 means exact: it no longer falls back to the default 1e-9.
func TestRubricTolerances(t *testing.T) {
	set, err := problems.Load("tol.toml", []byte(`id = "tol"

[[questions]]
id = "third"
kind = "number"
answer = "1/3"

[[questions]]
id = "growth"
kind = "formula"
variables = { x = "real [-1, 1]" }
answer = "exp(x)"
`))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	cases := []toleranceCase{
		// The default rel_tol, 1e-9, accepts a difference of 1e-12 relative.
		{"", "third", "0.333333333333", Correct},
		// rel_tol = 0 is exact: only the value itself, however written.
		{"rel_tol = 0", "third", "0.333333333333", Incorrect},
		{"rel_tol = 0", "third", "1/3", Correct},
		{"rel_tol = 0", "third", "2/6", Correct},
		// abs_tol is a fixed distance, on top of an exact rel_tol.
		{"rel_tol = 0\nabs_tol = 0.001", "third", "0.3334", Correct},
		{"rel_tol = 0\nabs_tol = 0.001", "third", "0.335", Incorrect},
		// Either tolerance is enough.
		{"rel_tol = 0.01\nabs_tol = 0.001", "third", "0.335", Correct},
		// The default formula_tol, 1e-9 (formula_tol = 0, which would be
		// exact, is an error at load): a correct rewriting that rounds
		// differently at the test points stays right, and a relative error of
		// 1e-7 stays wrong.
		{"", "growth", "exp(x/2)^2", Correct},
		{"", "growth", "exp(x/3)*exp(2x/3)", Correct},
		{"", "growth", "1.0000001*exp(x)", Incorrect},
		// rel_tol does not apply to formulas.
		{"rel_tol = 0.1", "growth", "1.0000001*exp(x)", Incorrect},
	}
	runToleranceCases(t, key, cases)
}

// TestExactTolerances: number questions decide a tolerance in exact arithmetic
// when both values are rational, apply a rubric's explicit tolerance to integer
// keys too, keep integers exact by default, and hide no relative error on a
// small key behind an absolute floor.
func TestExactTolerances(t *testing.T) {
	set, err := problems.Load("exact.toml", []byte(`id = "exact"

[[questions]]
id = "one"
kind = "number"
answer = "1"

[[questions]]
id = "hundred"
kind = "number"
answer = "100"

[[questions]]
id = "huge"
kind = "number"
answer = "10^100 + 7"

[[questions]]
id = "tiny"
kind = "number"
answer = "1.5e-8"

[[questions]]
id = "blocks"
kind = "number"
answer = "ceil(10^20/7)"
`))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	cases := []toleranceCase{
		// 1 − 0.95 is 0.050000000000000044 in float64, above 0.05·1; exactly it is 0.05.
		{"rel_tol = 0.05", "one", "0.95", Correct},
		{"rel_tol = 0.05", "one", "1.05", Correct},
		{"rel_tol = 0.05", "one", "0.9499", Incorrect},
		{"abs_tol = 0.05\nrel_tol = 0", "one", "1.05", Correct},
		{"abs_tol = 0.05\nrel_tol = 0", "one", "1.0500001", Incorrect},
		// An explicit tolerance applies to integer keys, relative to the key:
		// |110 − 100| ≤ 0.1·100, and an answer above the key gets no more room
		// than one below it.
		{"rel_tol = 0.1", "hundred", "105", Correct},
		{"rel_tol = 0.1", "hundred", "110", Correct},
		{"rel_tol = 0.1", "hundred", "90", Correct},
		{"rel_tol = 0.1", "hundred", "111", Incorrect},
		{"rel_tol = 0.1", "hundred", "89", Incorrect},
		{"abs_tol = 5\nrel_tol = 0", "hundred", "95", Correct},
		// By default integers are exact, however large.
		{"", "hundred", "101", Incorrect},
		{"", "huge", "10^100 + 8", Incorrect},
		{"", "huge", "10^100 + 7", Correct},
		// A 1e-7 relative error on a key near 1e-8 is seen; the exact value is right.
		{"", "tiny", "1.5000015e-8", Incorrect},
		{"", "tiny", "15e-9", Correct},
		// A key with ceil is exact too, not the float64 nearest 1.4285714285714286e19.
		{"", "blocks", "14285714285714285715", Correct},
		{"", "blocks", "14285714285714285714", Incorrect},
	}
	runToleranceCases(t, key, cases)
}

// TestUndecidedFormulaIsReviewed: an answer whose values are beyond any
// precision nngrade computes is neither right nor wrong: status review, no
// points, feedback that says so.
func TestUndecidedFormulaIsReviewed(t *testing.T) {
	set, err := problems.Load("review.toml", []byte(`id = "review"

[[questions]]
id = "one"
kind = "formula"
variables = { x = "real [750, 800]" }
answer = "x/x"
`))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	for answer, want := range map[string]Status{
		"exp(exp(x))/exp(exp(x))": Review,
		"exp(x)/exp(x)":           Correct,
		"exp(x)/exp(x + 1)":       Incorrect,
	} {
		got := grade(t, key, nil, map[string]string{"one": answer})["one"]
		if got.Status != want || (want == Review && (got.Score != 0 || !strings.Contains(got.Feedback, "review"))) {
			t.Errorf("%q: %s, score %v, want %s (%s)", answer, got.Status, got.Score, want, got.Feedback)
		}
	}
}

// toleranceCase is one answer graded under a rubric's [defaults] table.
type toleranceCase struct {
	rubric string // the [defaults] table
	id     string
	answer string
	want   Status
}

func runToleranceCases(t *testing.T, key *Key, cases []toleranceCase) {
	t.Helper()
	for _, tc := range cases {
		r, err := rubrics.Load("r.toml", []byte("[defaults]\n"+tc.rubric+"\n"), key.Set.QuestionIDs())
		if err != nil {
			t.Fatalf("rubric %q: %v", tc.rubric, err)
		}
		got := grade(t, key, r, map[string]string{tc.id: tc.answer})[tc.id]
		if got.Status != tc.want {
			t.Errorf("rubric %q, %s = %q: %s, want %s (%s)", tc.rubric, tc.id, tc.answer, got.Status, tc.want, got.Feedback)
		}
	}
}
