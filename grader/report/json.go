package report

import (
	"bufio"
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
//
// Each question_info entry carries its item_analysis (grader.AnalyseClass):
// difficulty, discrimination (null when it is not a number), the counts of
// each status and the most frequent wrong answers.
//
// The class is written student by student as Each gives them, through a
// buffer, after a pass that checks every score and one that analyses the
// class: the class is never copied and its output never held whole.
func JSON(w io.Writer, c *grader.ClassResult) error {
	if c == nil {
		return fmt.Errorf("report: JSON: no class result")
	}
	if err := checkFinite(c); err != nil {
		return err
	}
	analysis, err := grader.AnalyseClass(c)
	if err != nil {
		return err
	}
	// The class without its students, encoded as the whole class would be:
	// everything up to "students": [ and, for an empty class, the rest.
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(classHead(c, analysis)); err != nil {
		return fmt.Errorf("report: encoding JSON: %w", err)
	}
	if c.Len() == 0 {
		_, err := w.Write(head.Bytes())
		return err
	}
	const emptyStudents = "[]\n}\n"
	if !bytes.HasSuffix(head.Bytes(), []byte(emptyStudents)) {
		return fmt.Errorf("report: encoding JSON: the class does not end in its students: %q", head.Bytes())
	}
	bw := bufio.NewWriter(w)
	bw.Write(head.Bytes()[:head.Len()-len(emptyStudents)+1]) // through the "["

	// Students are encoded on every core at once (grader.Render), each
	// goroutine keeping the questions it encoded before; a student's results
	// are read where the class keeps them (RenderResults), not copied.
	err = c.RenderResults(bw, func() grader.Renderer {
		var students studentEncoder
		students.questions.budget = renderShare()
		return func(dst []byte, i int, s *grader.StudentResult) ([]byte, error) {
			if i == 0 {
				dst = append(dst, "\n    "...)
			} else {
				dst = append(dst, ",\n    "...)
			}
			return students.appendStudent(dst, s), nil
		}
	})
	if err != nil {
		return err // once w fails, stop reading the class
	}
	bw.WriteString("\n  ]\n}\n")
	return bw.Flush()
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

// roundedStudent is a copy of s with every score rounded and Questions non-nil.
func roundedStudent(s grader.StudentResult) grader.StudentResult {
	var out grader.StudentResult
	roundStudentInto(&out, &s)
	return out
}

// roundStudentInto sets dst to s with every score rounded and Questions
// non-nil, reusing dst's Questions for the copy: dst may not share them with s.
func roundStudentInto(dst, s *grader.StudentResult) {
	qs := dst.Questions[:0]
	if qs == nil {
		qs = make([]grader.QuestionResult, 0, len(s.Questions))
	}
	*dst = *s
	dst.Score = roundScore(s.Score)
	dst.MaxScore = roundScore(s.MaxScore)
	for _, q := range s.Questions {
		q.Score = roundScore(q.Score)
		q.MaxScore = roundScore(q.MaxScore)
		qs = append(qs, q)
	}
	dst.Questions = qs
}
