// Package grader joins a solved problem set, a rubric and students' answers into
// scored results with feedback. It reads no files and prints nothing: cmd/nngrade
// loads the inputs and renders what this package returns.
package grader

// Status is the verdict on one answer.
type Status string

// The statuses of FORMAT.md's JSON output.
const (
	Correct   Status = "correct"
	Partial   Status = "partial"
	Incorrect Status = "incorrect"
	Invalid   Status = "invalid" // could not be read: the feedback says why and where
	Missing   Status = "missing"
	// Review: nngrade could not decide the answer (the key is undefined at
	// almost every test point, or the values are beyond any precision it
	// computes); no points until an instructor looks at it.
	Review Status = "review"
)

// SubmissionStatus is what became of a student's submission when there are no
// answers to grade; see StudentResult.Submission.
type SubmissionStatus string

// The values of StudentResult.Submission besides "" (read and graded).
const (
	SubmissionUnreadable SubmissionStatus = "unreadable"
	SubmissionNone       SubmissionStatus = "none"
)

// QuestionResult is one student's result on one question.
type QuestionResult struct {
	ID       string  `json:"id"`
	Text     string  `json:"text,omitempty"` // the question, for exports that show it
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	Status   Status  `json:"status"`
	Answer   string  `json:"answer"`   // as the student wrote it
	Expected string  `json:"expected"` // the key's display form; "" when the rubric hides it
	Feedback string  `json:"feedback"`
	// ReadAs is how the answer was understood ("60 × 60 × 32", "k·(k + m) + k"),
	// so a student sees what was graded; "" when it could not be read.
	ReadAs string `json:"read_as,omitempty"`
	// CarriedForward names the student's earlier answers this one was credited from.
	CarriedForward []string `json:"carried_forward,omitempty"`
	// SourceLine and Extraction say where in a transcribed homework the
	// answer was found and how ("inferred, boxed"); zero for a submission
	// file or CSV row, and for a question no answer was found for.
	SourceLine int    `json:"source_line,omitempty"`
	Extraction string `json:"extraction,omitempty"`
	// CopiedFrom, for a set with per-student values, are the values of
	// another variant whose answer this wrong answer is (the params the
	// question does not depend on left out): likely copied from a classmate.
	// Only in the instructor's outputs, never under SelfCheck.
	CopiedFrom Params `json:"copied_from,omitempty"`
}

// StudentResult is one student's graded submission.
type StudentResult struct {
	Student string `json:"student"`
	Name    string `json:"name,omitempty"`
	Source  string `json:"source,omitempty"` // the file (and line for a CSV row) it came from
	// Submission says why the student has no answers of their own: "unreadable"
	// (a file came in but could not be read; Problem says why) or "none" (on the
	// roster, nothing came in). Empty when the submission was read.
	Submission SubmissionStatus `json:"submission,omitempty"`
	Problem    string           `json:"problem,omitempty"`
	// Params are the student's own values, for a set with per-student
	// values: the variant they were graded against.
	Params    Params           `json:"params,omitempty"`
	Score     float64          `json:"score"`
	MaxScore  float64          `json:"max_score"`
	Questions []QuestionResult `json:"questions"`

	// shared holds, for each of Questions, the result as the class keeps it
	// for every student who gave it (nil for a result of the student's own):
	// see Shared.
	shared []*QuestionResult
}

// Shared is the result of question i as a ClassGrader's class keeps it once
// for every student whose answer was graded alike, or nil when the result
// is this student's own (or the class holds no shared results). Within one
// pass over a class (Each, Render), the same pointer means the same result,
// so a writer may key what it rendered of Questions[i] by it without
// comparing results.
func (s *StudentResult) Shared(i int) *QuestionResult {
	if i < len(s.shared) {
		return s.shared[i]
	}
	return nil
}

// Result is the student's result on question i: Shared(i) when the class
// keeps it for several students, else their own, &Questions[i].
func (s *StudentResult) Result(i int) *QuestionResult {
	if shared := s.Shared(i); shared != nil {
		return shared
	}
	return &s.Questions[i]
}

// ClassResult is a graded class: FORMAT.md's `grade --format json`.
type ClassResult struct {
	ProblemSet string          `json:"problem_set"`
	Title      string          `json:"title,omitempty"`
	MaxScore   float64         `json:"max_score"`
	Questions  []QuestionInfo  `json:"question_info,omitempty"`
	Students   []StudentResult `json:"students"`
	// stored holds the students of a class graded by a ClassGrader, in place
	// of Students: a record of a few bytes each, the results of its answers
	// shared with every student who wrote the same. Each reads either.
	stored *storedStudents
	// grader is the grader that graded the class, if it was graded in this
	// process: AnalyseClass asks it which answers the rubric knows.
	grader *Grader
}

// Len is the number of students in the class.
func (c *ClassResult) Len() int {
	if c.stored != nil {
		return c.stored.len()
	}
	return len(c.Students)
}

// Each calls f with each student in turn, in the class's order (by student
// id), and stops at the first error f returns. The result f is given is only
// valid during the call: a class kept compactly builds each student's result
// in the same buffer. f may not change it.
func (c *ClassResult) Each(f func(*StudentResult) error) error {
	if c.stored != nil {
		return c.stored.each(f)
	}
	for i := range c.Students {
		if err := f(&c.Students[i]); err != nil {
			return err
		}
	}
	return nil
}

// QuestionInfo describes a graded question, in the problem set's order.
type QuestionInfo struct {
	ID       string  `json:"id"`
	Text     string  `json:"text"`
	MaxScore float64 `json:"max_score"`
	Mean     float64 `json:"mean"` // mean score over the class
}
