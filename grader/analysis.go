package grader

// ClassAnalysis is how a graded class did, question by question: what an
// instructor reads first (the HTML report, `grade --stats`, and
// question_info[].item_analysis in the JSON output).
type ClassAnalysis struct {
	// Students counted: those with a submission that was read. Students whose
	// submission was unreadable or missing count in Items[].Counts.Missing
	// but not in difficulty, discrimination or the score distribution.
	Students int
	// Totals are the graded students' total scores, in the class's order, for
	// the score distribution (a histogram in the report).
	Totals   []float64
	MaxScore float64
	// Items has one entry per question, in the problem set's order (the
	// order of ClassResult.Questions).
	Items []ItemAnalysis
}

// ItemAnalysis is the class's result on one question.
type ItemAnalysis struct {
	QuestionID string
	MaxScore   float64
	// Difficulty is the mean score over the max score, 0 to 1 (classical
	// test theory's item facility: higher is easier).
	Difficulty float64
	// Discrimination is the Pearson correlation of the question's score with
	// the rest of the student's total (the total less this question); NaN
	// when either has no variance (JSON null, shown as "—").
	Discrimination float64
	Counts         StatusCounts
	// WrongAnswers are the most frequent wrong (incorrect or partial)
	// answers, most frequent first, answers of equal count in the order of
	// their first student; at most MaxWrongAnswers.
	WrongAnswers []WrongAnswer
}

// MaxWrongAnswers bounds ItemAnalysis.WrongAnswers.
const MaxWrongAnswers = 10

// StatusCounts counts a question's answers by status.
type StatusCounts struct {
	Correct, Partial, Incorrect, Invalid, Missing, Review int
}

// WrongAnswer is one wrong answer as the class wrote it, grouped by how it
// was read (ReadAs, so "13x13x64" and "13 × 13 × 64" are one answer).
type WrongAnswer struct {
	Answer    string // as read (the ReadAs form), or as written when it was not read
	Status    Status // incorrect or partial
	Count     int
	Score     float64 // the credit it earned
	Diagnosis string  // the engine's feedback on it, what a student is told
	// Students who wrote it, in the class's order (the report links them);
	// at most MaxListedStudents, Count says how many in all.
	Students []string
	// Covered is true when the rubric already has a known mistake for it; a
	// suggested rubric lists only answers not covered.
	Covered bool
}

// MaxListedStudents bounds WrongAnswer.Students.
const MaxListedStudents = 50
