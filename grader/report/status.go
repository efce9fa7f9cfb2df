package report

import "github.com/nngrade/nngrade/grader"

// submissionNote is the one line every report gives a student whose answers
// were not read: "submission could not be read: <why>" or "no submission"; ""
// for a submission that was read.
func submissionNote(s *grader.StudentResult) string {
	return submissionNoteFor(s.Submission, s.Problem)
}

// submissionNoteFor is submissionNote of a student whose submission's
// status and problem are these.
func submissionNoteFor(status grader.SubmissionStatus, problem string) string {
	switch status {
	case grader.SubmissionUnreadable:
		if problem == "" {
			return "submission could not be read"
		}
		return "submission could not be read: " + oneLine(problem)
	case grader.SubmissionNone:
		return "no submission"
	}
	return ""
}

// submissionMark is the short form of submissionNote, for a table's student
// cell: " (unreadable)" or " (no submission)".
func submissionMark(s *grader.StudentResult) string {
	switch s.Submission {
	case grader.SubmissionUnreadable:
		return " (unreadable)"
	case grader.SubmissionNone:
		return " (no submission)"
	}
	return ""
}
