package grader

import (
	"slices"
	"strconv"
	"testing"

	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
)

// TestValuesFoundPointByPoint: publish warns of a rational key sealed under a
// formula_tol, and the warning is true: there the key's value at one test
// point, tried alone, matches a hash of the edition, while without
// formula_tol (its exact values sealed together) it matches none.
func TestValuesFoundPointByPoint(t *testing.T) {
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rubric string
		named  []string
	}{
		{"problem_set = \"hw8\"\n[questions.\"2\"]\nformula_tol = 1e-6\n", []string{"2"}},
		{"problem_set = \"hw8\"\n[defaults]\nformula_tol = 1e-6\n", []string{"2"}}, // 3a to 3c are real-valued
		{"problem_set = \"hw8\"\n", nil},
	} {
		r, err := rubrics.Load("r.toml", []byte(tc.rubric), key.Set.QuestionIDs())
		if err != nil {
			t.Fatal(err)
		}
		ed, _ := publishTest(t, key, r)
		if got := ed.ValuesFoundPointByPoint(); !slices.Equal(got, tc.named) {
			t.Errorf("%q: names %q, want %q", tc.rubric, got, tc.named)
		}
		sg, err := NewSealedGrader(ed)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range sg.questions {
			if q.sq.ID != "2" {
				continue
			}
			st, err := q.sq.Formula.load()
			if err != nil {
				t.Fatal(err)
			}
			// The key's value at the first point (n, k, m), written as a
			// number that is not a polynomial, as a search would try it.
			at := st.key.fp.Points[0].At
			n, k, m := int(at[0]), int(at[1]), int(at[2])
			value := k*k + k*n + k + m*k + m
			guess, err := st.env.Parse(strconv.Itoa(value) + "*exp(0)")
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for name, canon := range st.env.AnswerValues(st.key.fp, guess, 0) {
				found = found || (printKey{q.keys, &st.key}).Matches(name, canon)
			}
			if found != (tc.named != nil) {
				t.Errorf("%q: the key's value %d at %v alone matches: %v", tc.rubric, value, at, found)
			}
		}
	}
}
