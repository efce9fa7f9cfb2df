package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// TestStudentJSON checks `check --format json` against `grade --format json`:
// the same student gives the same object, with scores rounded and text unescaped.
func TestStudentJSON(t *testing.T) {
	s := grader.StudentResult{Student: "ab123", Score: 1.0 / 3, MaxScore: 2, Questions: []grader.QuestionResult{
		{ID: "3a", Score: 1.0 / 3, MaxScore: 2, Status: grader.Partial, Answer: "k < n && m > 0", Feedback: "<b>not HTML</b>"},
	}}
	var one, class bytes.Buffer
	if err := StudentJSON(&one, s); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&class, &grader.ClassResult{ProblemSet: "hw8", Students: []grader.StudentResult{s}}); err != nil {
		t.Fatal(err)
	}
	got := one.String()
	for _, want := range []string{`"answer": "k < n && m > 0"`, `"feedback": "<b>not HTML</b>"`, `"score": 0.3333,`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	// The class output holds the same object, indented one level deeper.
	indented := strings.ReplaceAll(strings.TrimSuffix(got, "\n"), "\n", "\n    ")
	if !strings.Contains(class.String(), "    "+indented) {
		t.Errorf("StudentJSON differs from the student in JSON:\n%s\n---\n%s", got, class.String())
	}

	s.Questions[0].Score = math.NaN()
	one.Reset()
	if err := StudentJSON(&one, s); err == nil || !strings.Contains(err.Error(), `"3a"`) {
		t.Errorf("a NaN score: error %v, want one naming question 3a", err)
	}
	if one.Len() > 0 {
		t.Errorf("a NaN score wrote %q", one.String())
	}
}
