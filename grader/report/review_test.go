package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// TestReviewStatusIsRendered: an answer nngrade could not decide shows as
// such in every output an instructor or student reads, and the class table
// marks it and explains the mark. (The gradebook CSV holds scores only, for
// every status.)
func TestReviewStatusIsRendered(t *testing.T) {
	const feedback = "Your answer could not be decided: at 12 test points the values are beyond the precision nngrade computes; an instructor should review it."
	s := grader.StudentResult{Student: "s1", MaxScore: 2, Questions: []grader.QuestionResult{
		{ID: "1", Score: 0, MaxScore: 1, Status: grader.Review, Answer: "exp(exp(x))/exp(exp(x))", Feedback: feedback},
		{ID: "2", Score: 1, MaxScore: 1, Status: grader.Correct, Answer: "4"},
	}}
	c := &grader.ClassResult{ProblemSet: "p", MaxScore: 2, Students: []grader.StudentResult{s},
		Questions: []grader.QuestionInfo{{ID: "1", MaxScore: 1}, {ID: "2", MaxScore: 1}}}
	outputs := map[string]func(*bytes.Buffer) error{
		"class table":   func(b *bytes.Buffer) error { return ClassTable(b, c) },
		"student table": func(b *bytes.Buffer) error { return StudentTable(b, s) },
		"JSON":          func(b *bytes.Buffer) error { return JSON(b, c) },
		"student JSON":  func(b *bytes.Buffer) error { return StudentJSON(b, s) },
		"feedback":      func(b *bytes.Buffer) error { return Feedback(b, s, "p") },
		"gradescope":    func(b *bytes.Buffer) error { return Gradescope(b, s) },
		"Moodle CSV":    func(b *bytes.Buffer) error { return Moodle(b, c) },
	}
	for name, render := range outputs {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(b.String(), "review") {
			t.Errorf("%s does not say the answer is under review:\n%s", name, b.String())
		}
	}
	var b bytes.Buffer
	if err := ClassTable(&b, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), " 0"+markReview+" ") || !strings.HasSuffix(b.String(), classLegend+reviewLegend) {
		t.Errorf("class table lacks the review mark or its legend:\n%s", b.String())
	}
	b.Reset()
	c.Students[0].Questions[0].Status = grader.Incorrect
	if err := ClassTable(&b, c); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), reviewLegend) {
		t.Errorf("the review legend is shown with no answer under review:\n%s", b.String())
	}
}
