package grader

import (
	"io"
)

// StudentScores is the part of a student's result that a gradebook row
// needs: who they are, what became of their submission, their total and
// their score on each question. A class kept by a ClassGrader reads it
// straight from its records (RenderScores), without building the
// StudentResult, whose answers, feedback and texts such a row never shows.
type StudentScores struct {
	Student    string
	Name       string
	Submission SubmissionStatus // as StudentResult.Submission
	Problem    string           // as StudentResult.Problem
	Score      float64          // the total, exactly as StudentResult.Score
	// Questions are the student's scores, one for each of their results
	// in the order of StudentResult.Questions.
	Questions []QuestionScore
}

// QuestionScore is a student's score on one question.
type QuestionScore struct {
	ID    string
	Score float64
}

// A ScoresRenderer appends student s, the class's i-th (from 0, in the
// class's order), to dst, as a Renderer does, from the student's scores
// alone. s is only valid during the call, and may not be changed.
type ScoresRenderer func(dst []byte, i int, s *StudentScores) ([]byte, error)

// RenderScores is Render for a writer that needs only each student's
// scores: every student is written to w in the class's order, as
// renderers made by newRenderer append them, on several cores for a large
// class kept by a ClassGrader, which reads each student's scores from its
// records rather than build their result. A class held in Students gives
// each student's scores as their result has them.
func (c *ClassResult) RenderScores(w io.Writer, newRenderer func() ScoresRenderer) error {
	if c.stored == nil {
		return c.renderStudents(w, func() Renderer {
			render := newRenderer()
			var v StudentScores
			return func(dst []byte, i int, s *StudentResult) ([]byte, error) {
				v.setFrom(s)
				return render(dst, i, &v)
			}
		})
	}
	s := c.stored
	return s.render(w, RenderWorkers(), func() recordRenderer {
		render := newRenderer()
		var v StudentScores
		return func(dst []byte, i int, k int32, rd *studentReader) ([]byte, error) {
			s.scores(&v, k, rd)
			return render(dst, i, &v)
		}
	})
}

// setFrom makes v the scores of r, reusing v's questions.
func (v *StudentScores) setFrom(r *StudentResult) {
	*v = StudentScores{Student: r.Student, Name: r.Name, Submission: r.Submission, Problem: r.Problem, Score: r.Score,
		Questions: v.Questions[:0]}
	for i := range r.Questions {
		v.Questions = append(v.Questions, QuestionScore{ID: r.Questions[i].ID, Score: r.Questions[i].Score})
	}
}

// scores makes v student k's scores, reusing v's questions, reading with
// rd: what setFrom would make of the result build makes, down to the
// total, which is added up and rounded as build does. Each result is
// found as result finds it, the student's block of refs and grader looked
// up once, and a result of the student's own is not decoded past its
// score.
func (s *storedStudents) scores(v *StudentScores, k int32, rd *studentReader) {
	strs, t := &rd.strings, s.textOf(k)
	*v = StudentScores{Student: strs.concat("", "", t.fields[idField]), Name: strs.concat("", "", t.fields[nameField]),
		Submission: t.status, Problem: strs.concat("", "", t.fields[problemField]), Questions: v.Questions[:0]}
	rs := s.resultsOf(k)
	var total float64
	for i := range s.questions {
		var q QuestionScore
		if ref := rs.ref(i); ref < 0 {
			q = QuestionScore{ID: rs.g.questions[i].key.Question.ID, Score: s.own.score(int(-ref-1), &rd.window)}
		} else {
			qr := rs.memoised(i, ref)
			q = QuestionScore{ID: qr.ID, Score: qr.Score}
		}
		v.Questions = append(v.Questions, q)
		total += q.Score
	}
	v.Score = roundScore(total)
}
