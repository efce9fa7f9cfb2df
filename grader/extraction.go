package grader

import (
	"strconv"

	"github.com/nngrade/nngrade/submissions"
)

// annotateExtraction adds to qr where its answer was found in a transcribed
// homework and how, and tells the student when the answer was tied to the
// question by the document's structure rather than their own label, so
// that a wrong inference is noticed and not taken for the student's slip.
func annotateExtraction(sub *submissions.Submission, qr *QuestionResult) {
	e, ok := sub.Extracted[qr.ID]
	if !ok {
		if qr.Status == Missing {
			qr.Feedback = "No answer found in the document for this question."
		}
		return
	}
	qr.SourceLine, qr.Extraction = e.Line, e.How()
	if e.IsInferred() {
		note := "Inferred from the document's structure (line " + strconv.Itoa(e.Line) + ", " + e.Marked + "): label your answer " + qr.ID + " if this is not it."
		qr.Feedback = joinFeedback(qr.Feedback, note)
	}
}
