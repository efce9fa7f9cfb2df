package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/nngrade/nngrade/grader"
)

// JSON writes the class as FORMAT.md's `grade --format json`, indented by two
// spaces and ending in a newline. The keys are the struct tags of grader's
// result types, which follow FORMAT.md. Scores are rounded to 4 decimals, so
// the bytes do not depend on the last bit of a floating-point sum; "students"
// and each student's "questions" are arrays even when empty, never null. Text
// is written as it is ("k < n", not "k \u003c n"). A score that is not a finite
// number is an error naming the student and question, and nothing is written.
func JSON(w io.Writer, c *grader.ClassResult) error {
	if c == nil {
		return fmt.Errorf("report: JSON: no class result")
	}
	if err := checkFinite(c); err != nil {
		return err
	}
	return encodeJSON(w, roundedClass(c))
}

// StudentJSON writes one student's result (`check --format json`) as one
// entry of JSON's "students": the same keys, rounding and escaping, so a
// self-check and the class's grades read alike.
func StudentJSON(w io.Writer, s grader.StudentResult) error {
	if err := checkStudentFinite(&s); err != nil {
		return err
	}
	return encodeJSON(w, roundedStudent(s))
}

// encodeJSON writes v indented, without HTML escaping, all or nothing: the
// encoding goes to a buffer first so an error leaves w untouched.
func encodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("report: encoding JSON: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// roundedClass is a copy of c with every score rounded and every list non-nil.
// The input is not modified.
func roundedClass(c *grader.ClassResult) *grader.ClassResult {
	out := *c
	out.MaxScore = roundScore(c.MaxScore)
	if c.Questions != nil {
		out.Questions = make([]grader.QuestionInfo, len(c.Questions))
		for i, q := range c.Questions {
			q.MaxScore = roundScore(q.MaxScore)
			q.Mean = roundScore(q.Mean)
			out.Questions[i] = q
		}
	}
	out.Students = make([]grader.StudentResult, len(c.Students))
	for i, s := range c.Students {
		out.Students[i] = roundedStudent(s)
	}
	return &out
}

// roundedStudent is a copy of s with every score rounded and Questions non-nil.
func roundedStudent(s grader.StudentResult) grader.StudentResult {
	s.Score = roundScore(s.Score)
	s.MaxScore = roundScore(s.MaxScore)
	qs := make([]grader.QuestionResult, len(s.Questions))
	for i, q := range s.Questions {
		q.Score = roundScore(q.Score)
		q.MaxScore = roundScore(q.MaxScore)
		qs[i] = q
	}
	s.Questions = qs
	return s
}
