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
	// ByDiagnosis is true for a class of variants (a set with params): its
	// wrong answers are grouped by diagnosis, each group's answer an example
	// from one variant, which is no known mistake for the others.
	ByDiagnosis bool
}

// ItemAnalysis is the class's result on one question.
type ItemAnalysis struct {
	QuestionID string
	MaxScore   float64
	// Difficulty is the mean score over the max score, 0 to 1 (classical
	// test theory's item facility: higher is easier), rounded to 4 decimals;
	// NaN when the question is worth no points or no student was graded.
	Difficulty float64
	// Discrimination is the Pearson correlation of the question's score with
	// the rest of the student's total (the total less this question); NaN
	// when either has no variance (JSON null, shown as "—"). Rounded to 4
	// decimals.
	Discrimination float64
	Counts         StatusCounts
	// WrongAnswers are the most frequent wrong (incorrect or partial)
	// answers, most frequent first, answers of equal count in the order of
	// their first student; at most MaxWrongAnswers.
	WrongAnswers []WrongAnswer
	// Ungrouped counts wrong answers left out of WrongAnswers' grouping: a
	// read form first written after a question already had maxAnswerGroups
	// different wrong answers, or longer than maxGroupedAnswer bytes. They
	// are counted in Counts.
	Ungrouped int
	// Copies counts, in a set with per-student values, the wrong answers
	// that are another variant's key (QuestionResult.CopiedFrom); CopiedBy
	// lists their students in the class's order, at most MaxListedStudents.
	Copies   int
	CopiedBy []string
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
	// Written is the answer as the first student who wrote it wrote it.
	Written string
	// MistakeAnswer is how a rubric's known mistake would write it: Answer
	// when the grader reads Answer as the same answer, else Written; ""
	// when the class was not graded in this process (see AnalyseClass).
	MistakeAnswer string
	// MistakeFeedback is the feedback a known mistake for it would give for
	// the students who wrote it to read what a student's check tells them
	// now: the diagnosis under the student policy (which names no number of
	// the key, as Diagnosis may) less the notes the grader adds after any
	// known mistake's feedback (a formula's "Read as …" and the terms it
	// misses), "" when that is all of it. Set with MistakeAnswer.
	MistakeFeedback string
	// MistakeNotes is true when the grader adds such notes after it.
	MistakeNotes bool
	// CarriedForward counts the students of Count whose answer was credited
	// by carry-forward from their earlier answers. Status, Score and
	// Diagnosis are those of a student not credited so, when there is one.
	CarriedForward int
	// CorrectByCarry counts the students, not in Count, who wrote the same
	// answer and were credited in full by carry-forward (it is right given
	// their earlier answers). A known mistake is matched before
	// carry-forward, so one for this answer would take their credit away.
	CorrectByCarry int
}

// MaxListedStudents bounds WrongAnswer.Students.
const MaxListedStudents = 50
