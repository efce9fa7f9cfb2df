package grader

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/submissions"
)

// SealedGrader checks submissions against a student edition, as Grader.Grade
// does against the problem set under the student policy: the same statuses,
// scores and feedback, except that an answer full grading would credit by
// carry-forward is shown wrong with a note naming the earlier questions to
// look at, and an answer in the thin band at the edge of a real-valued
// tolerance is left to review.
type SealedGrader struct {
	Edition   *StudentEdition
	questions []sealedQuestion
}

// NewSealedGrader makes a grader for a loaded (or just published) edition.
func NewSealedGrader(ed *StudentEdition) (*SealedGrader, error) {
	salt := ed.salt
	if salt == nil {
		var err error
		if salt, err = base64.StdEncoding.DecodeString(ed.Salt); err != nil {
			return nil, fmt.Errorf("the edition's salt is not base64: %v", err)
		}
	}
	sg := &SealedGrader{Edition: ed}
	for i := range ed.Questions {
		sq := &ed.Questions[i]
		s, ok := sealers[sq.Form]
		if !ok {
			return nil, fmt.Errorf("question %q: form %q is not one a student edition has (valid: %s)", sq.ID, sq.Form, strings.Join(sealerForms(), ", "))
		}
		sg.questions = append(sg.questions, sealedQuestion{
			sq: sq, s: s, keys: sealKeys{salt: salt, id: sq.ID},
			answers: entryMap(sq.Answers), cells: entryMap(sq.Cells),
		})
	}
	return sg, nil
}

// reviewFeedback is said of an answer a sealed check cannot decide.
const reviewFeedback = "The self-check cannot be sure of this answer: it is at the very edge of what is accepted. Your instructor's grading decides."

// Grade checks one submission. Like Grader.Grade it never fails: an answer
// that cannot be read is invalid with feedback that says why.
func (s *SealedGrader) Grade(sub *submissions.Submission) StudentResult {
	res := newStudentResult(sub)
	res.Questions = make([]QuestionResult, 0, len(s.questions))
	noted := make([]bool, len(s.questions)) // the carry-forward note may apply
	for i := range s.questions {
		c := &s.questions[i]
		sq := c.sq
		raw, ok := sub.Answer(sq.ID)
		qr := QuestionResult{ID: sq.ID, Text: sq.Text, MaxScore: sq.Points, Answer: raw}
		why, tooLong := sub.Invalid[sq.ID]
		switch {
		case tooLong:
			qr.Status, qr.Feedback, qr.Expected = Invalid, why, sq.Answer
		case !ok || strings.TrimSpace(raw) == "":
			qr.Status, qr.Feedback, qr.Expected = Missing, "No answer given.", sq.Answer
		default:
			got, err := c.read(raw)
			if err != nil {
				qr.Status, qr.Feedback, qr.Expected = Invalid, err.Error(), sq.Answer
				break
			}
			qr.ReadAs = c.s.readAs(sq, got)
			v, err := c.check(got)
			if err != nil {
				qr.Status, qr.Feedback = Invalid, fmt.Sprintf("This answer could not be checked: %v.", err)
				break
			}
			qr.Status, qr.Score, qr.Feedback, qr.Expected = v.Status, v.Score, v.Feedback, v.Expected
			noted[i] = v.Note
		}
		if sub.Extracted != nil {
			annotateExtraction(sub, &qr)
		}
		res.Score += qr.Score
		res.MaxScore += qr.MaxScore
		res.Questions = append(res.Questions, qr)
	}
	// The note names the questions this one follows from that were not
	// answered correctly, which may come after it (a total asked before
	// the counts it adds up): once every verdict is known.
	status := map[string]Status{}
	for _, qr := range res.Questions {
		status[qr.ID] = qr.Status
	}
	for i := range res.Questions {
		if note := carryNoteFor(s.questions[i].sq, status); noted[i] && note != "" {
			res.Questions[i].Feedback = joinFeedback(res.Questions[i].Feedback, note)
		}
	}
	res.Score = roundScore(res.Score)
	res.MaxScore = roundScore(res.MaxScore)
	return res
}

func joinFeedback(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

// read reads an answer as full grading would; a panic inside the engine
// becomes an internalError, as readAnswer makes it.
func (c *sealedQuestion) read(raw string) (got reading, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = internalError{r}
		}
	}()
	return c.s.read(c.sq, raw)
}

// check finds an answer's verdict; a panic becomes an error.
func (c *sealedQuestion) check(got reading) (v sealedVerdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("an internal error: %v", r)
		}
	}()
	return c.s.check(c, got)
}

// ErrNoSuchQuestion is Read's error for a question the edition does not have.
var ErrNoSuchQuestion = errors.New("no such question")

// Read is how an answer to a question is read, for a live preview: the value
// as full grading would understand it (ReadAs), or the reader's error, which
// echoes the answer with a caret under the place and says what is valid.
func (s *SealedGrader) Read(questionID, raw string) (readAs string, err error) {
	for i := range s.questions {
		c := &s.questions[i]
		if c.sq.ID != questionID {
			continue
		}
		got, err := c.read(raw)
		if err != nil {
			return "", err
		}
		return c.s.readAs(c.sq, got), nil
	}
	return "", fmt.Errorf("%w: %q", ErrNoSuchQuestion, questionID)
}
