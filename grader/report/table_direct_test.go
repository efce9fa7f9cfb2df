package report

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// oddClass is a class whose table stretches the layout: ids and names of
// double-width, combining and emoji characters, a student id longer than any
// header, a question id no header line is as wide as, a question no student
// was graded on and one the question list does not name, review marks, and
// students whose submissions were not read.
func oddClass() *grader.ClassResult {
	questions := []grader.QuestionInfo{
		{ID: "1", MaxScore: 1},
		{ID: "a-very-long-question-id", MaxScore: 12.5},
		{ID: "λ", MaxScore: 2},
		{ID: "never", MaxScore: 1},
	}
	students := []grader.StudentResult{
		{Student: "李小龙", Questions: []grader.QuestionResult{
			{ID: "1", Score: 1, MaxScore: 1, Status: grader.Correct},
			{ID: "λ", Score: 0.6667, MaxScore: 2, Status: grader.Partial},
			{ID: "extra", Score: 3, MaxScore: 3, Status: grader.Correct},
		}},
		{Student: "e\u0301mile-🙂", Questions: []grader.QuestionResult{
			{ID: "1", Score: 0, MaxScore: 1, Status: grader.Review},
			{ID: "a-very-long-question-id", Score: 12.5, MaxScore: 12.5, Status: grader.Correct},
		}},
		{Student: "a-student-id-longer-than-every-header-in-the-table", Submission: grader.SubmissionUnreadable, Problem: "bad file"},
		{Student: "x", Submission: grader.SubmissionNone},
		{Student: "tab\tand\nnewline", Questions: []grader.QuestionResult{
			{ID: "λ", Score: 0, MaxScore: 2, Status: grader.Invalid},
			{ID: "extra", Score: 1, MaxScore: 3, Status: grader.Partial},
		}},
	}
	return assembleClass("odd\u202e", "Odd × widths", questions, students)
}

// TestDirectClassTableIsTablewriters draws classes both ways, through
// tablewriter and row by row, and wants the same bytes: the direct rendering
// that large classes get may not drift from the look of the golden files.
func TestDirectClassTableIsTablewriters(t *testing.T) {
	classes := map[string]*grader.ClassResult{
		"fixture": fixtureClass(),
		"big":     bigClass(300, 15),
		"odd":     oddClass(),
		"one":     bigClass(1, 1),
	}
	defer func(n int) { directTableRows = n }(directTableRows)
	for name, c := range classes {
		directTableRows = c.Len() // tablewriter
		var viaTablewriter bytes.Buffer
		if err := ClassTable(&viaTablewriter, c); err != nil {
			t.Fatal(err)
		}
		directTableRows = c.Len() - 1 // direct
		var direct bytes.Buffer
		if err := ClassTable(&direct, c); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(direct.Bytes(), viaTablewriter.Bytes()) {
			t.Errorf("%s: the direct class table differs from tablewriter's:\n%s\n---- tablewriter:\n%s", name, direct.Bytes(), viaTablewriter.Bytes())
		}
		if name == "fixture" {
			checkGolden(t, "class_table", direct.Bytes())
		}
		if name == "odd" && !strings.Contains(direct.String(), reviewLegend) {
			t.Errorf("odd: no review legend:\n%s", direct.Bytes())
		}
	}
}

// TestDirectClassTableIgnoresLocaleWidth: the direct rendering, like
// tablewriter's, measures without East Asian widths whatever the locale says.
func TestDirectClassTableIgnoresLocaleWidth(t *testing.T) {
	defer func(n int) { directTableRows = n }(directTableRows)
	directTableRows = 0
	sameUnderEastAsianWidth(t, "class_table", func(w io.Writer) error { return ClassTable(w, fixtureClass()) })
}
