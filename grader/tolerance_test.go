package grader

import (
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
	cases := []struct {
		rubric string // the [defaults] table
		id     string
		answer string
		want   Status
	}{
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
	for _, tc := range cases {
		r, err := rubrics.Load("r.toml", []byte("[defaults]\n"+tc.rubric+"\n"), set.QuestionIDs())
		if err != nil {
			t.Fatalf("rubric %q: %v", tc.rubric, err)
		}
		got := grade(t, key, r, map[string]string{tc.id: tc.answer})[tc.id]
		if got.Status != tc.want {
			t.Errorf("rubric %q, %s = %q: %s, want %s (%s)", tc.rubric, tc.id, tc.answer, got.Status, tc.want, got.Feedback)
		}
	}
}
