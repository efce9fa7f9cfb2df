package grader

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

// AnalyseClass is the item analysis of a graded class (see ClassAnalysis),
// read in one pass through c.Each, in memory bounded whatever the class's
// size and variety: per question a few running sums, and the wrong answers
// grouped by how they were read, at most maxAnswerGroups groups a question
// (see ItemAnalysis.Ungrouped) with at most MaxListedStudents students listed
// in each. The class's totals are kept, one number a student, for the score
// distribution.
//
// Whether a wrong answer is one of the rubric's known mistakes (Covered) is
// known for a class graded in this process (by a Grader's ClassGrader or
// GradeClass); for any other class it is false.
//
// A student's result on each question is found by its id (at the
// question's position when it is there); a student without one (in a class
// put together by hand) has it missing. The error is Each's: a graded class has none.
func AnalyseClass(c *ClassResult) (*ClassAnalysis, error) {
	questions := c.Questions
	if len(questions) == 0 {
		// A class without question_info (put together by hand): its first
		// student's questions are the class's.
		c.Each(func(s *StudentResult) error {
			for _, q := range s.Questions {
				questions = append(questions, QuestionInfo{ID: q.ID, Text: q.Text, MaxScore: q.MaxScore})
			}
			return errStop
		})
	}
	a := &ClassAnalysis{MaxScore: c.MaxScore, Items: make([]ItemAnalysis, len(questions))}
	tallies := make([]itemTally, len(questions))
	variants := c.stored != nil && c.stored.variants != nil
	if c.stored == nil {
		c.Each(func(s *StudentResult) error {
			if len(s.Params) > 0 {
				variants = true
				return errStop
			}
			return nil
		})
	}
	a.ByDiagnosis = variants
	for i, q := range questions {
		a.Items[i] = ItemAnalysis{QuestionID: q.ID, MaxScore: q.MaxScore}
		tallies[i].groups = map[string]int{}
		tallies[i].byDiagnosis = variants
	}
	// tally counts one student: graded is false for a student with no
	// submission of their own; result(i) is their result on questions[i]
	// (nil when they have none), valid until the next call; studentID is
	// their id, a copy kept for the lists.
	tally := func(graded bool, score float64, studentID func() string, result func(i int) *QuestionResult) {
		if graded {
			a.Students++
			a.Totals = append(a.Totals, score)
		}
		for i := range questions {
			item, t := &a.Items[i], &tallies[i]
			if !graded {
				item.Counts.Missing++
				continue
			}
			q := result(i)
			if q == nil {
				// A class put together by hand may lack a question for a
				// student: missing, and no points.
				q = &QuestionResult{ID: questions[i].ID, Status: Missing}
			}
			item.Counts.add(q.Status)
			t.addScore(q.Score, roundScore(score-q.Score))
			if q.Status == Correct && len(q.CarriedForward) > 0 {
				t.addCarried(q)
			}
			if q.Status != Incorrect && q.Status != Partial {
				continue
			}
			t.addWrong(item, studentID, q)
		}
	}
	var err error
	if s := c.stored; s != nil {
		// A class kept by a ClassGrader is read from its records, without
		// building each student's result: its students have the class's
		// questions in order.
		rd := new(studentReader)
		for _, k := range s.order {
			var score float64
			for i := range questions {
				score += s.result(k, i, rd).Score
			}
			id := ""
			tally(s.submission(k) == "", roundScore(score), func() string {
				if id == "" {
					id = string(s.field(k, idField))
				}
				return id
			}, func(i int) *QuestionResult { return s.result(k, i, rd) })
		}
	} else {
		err = c.Each(func(s *StudentResult) error {
			id := "" // the student's id, copied once it is kept: s is only valid during the call
			tally(s.Submission == "", s.Score, func() string {
				if id == "" {
					id = strings.Clone(s.Student)
				}
				return id
			}, func(i int) *QuestionResult { return studentQuestion(s, questions[i].ID, i) })
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	for i := range a.Items {
		item, t := &a.Items[i], &tallies[i]
		item.Difficulty, item.Discrimination = math.NaN(), t.correlation()
		if t.n > 0 && item.MaxScore > 0 {
			item.Difficulty = roundTo4(t.meanX / item.MaxScore)
		}
		item.WrongAnswers = t.top(MaxWrongAnswers)
		for k := range item.WrongAnswers {
			item.WrongAnswers[k].CorrectByCarry = t.correctByCarry[item.WrongAnswers[k].Answer]
		}
	}
	if c.grader != nil {
		c.grader.markCovered(a)
	}
	return a, nil
}

// studentQuestion is s's result on question id: its i-th when that is on
// id (as in every graded class), else the first on id; nil when s has none.
func studentQuestion(s *StudentResult, id string, i int) *QuestionResult {
	if i < len(s.Questions) && s.Questions[i].ID == id {
		return &s.Questions[i]
	}
	for k := range s.Questions {
		if s.Questions[k].ID == id {
			return &s.Questions[k]
		}
	}
	return nil
}

// errStop ends an Each early; it is not an error.
var errStop = fmt.Errorf("stop")

// maxAnswerGroups bounds the distinct wrong answers (by read form) counted
// for one question: a real class writes a few hundred; a class whose every
// answer differs would otherwise keep them all. An answer first written
// after the bound is reached is counted in ItemAnalysis.Ungrouped: only an
// answer rarer than about one in maxAnswerGroups can be missed that way.
const maxAnswerGroups = 1024

// maxGroupedAnswer is the longest read form grouped (as the grader's memo
// keeps no longer answer): a longer one is counted in Ungrouped.
const maxGroupedAnswer = 512

// itemTally is what AnalyseClass gathers for one question as it reads the
// class: running means and co-moments of the question's score (x) and the
// rest of the total (y), updated as Welford's algorithm does, which stays
// exact where sums of squares over 100,000 students would cancel; and the
// wrong answers by read form.
type itemTally struct {
	n                  int
	meanX, meanY       float64
	m2x, m2y, coMoment float64

	groups map[string]int // read form (or diagnosis: byDiagnosis) -> index in wrong
	// byDiagnosis groups wrong answers by their diagnosis with its numbers
	// left out, in a class of variants: the same slip is a different answer
	// in each variant, and the same answer a different slip.
	byDiagnosis bool
	wrong       []WrongAnswer
	// carried marks the wrong answers whose verdict was taken from a student
	// credited by carry-forward; one who was not replaces it.
	carried []bool
	// correctByCarry counts right answers credited by carry-forward, by read
	// form (at most maxAnswerGroups forms).
	correctByCarry map[string]int
}

// addCarried counts q, an answer credited in full by carry-forward.
func (t *itemTally) addCarried(q *QuestionResult) {
	form := readForm(q)
	if _, ok := t.correctByCarry[form]; !ok {
		if len(t.correctByCarry) >= maxAnswerGroups || len(form) > maxGroupedAnswer {
			return
		}
		if t.correctByCarry == nil {
			t.correctByCarry = map[string]int{}
		}
		form = strings.Clone(form)
	}
	t.correctByCarry[form]++
}

func (t *itemTally) addScore(x, y float64) {
	t.n++
	n := float64(t.n)
	dx := x - t.meanX
	t.meanX += dx / n
	dy := y - t.meanY
	t.meanY += dy / n
	t.m2x += float64(dx * (x - t.meanX))
	t.m2y += float64(dy * (y - t.meanY))
	t.coMoment += float64(dx * (y - t.meanY))
}

// correlation is Pearson's r of x and y, rounded to 4 decimals; NaN when
// either does not vary.
func (t *itemTally) correlation() float64 {
	if t.n < 2 || t.m2x <= 0 || t.m2y <= 0 {
		return math.NaN()
	}
	r := t.coMoment / math.Sqrt(float64(t.m2x*t.m2y))
	return roundTo4(max(-1, min(1, r)))
}

// numbersLeftOut is a diagnosis with each number in it (digits, with
// their grouping commas and decimal point) written #, for grouping a slip
// across variants: "Your count is 16 times too small." and "Your count is
// 32 times too small." are one slip.
func numbersLeftOut(diagnosis string) string {
	return diagnosisNumber.ReplaceAllString(strings.TrimSpace(diagnosis), "#")
}

var diagnosisNumber = regexp.MustCompile(`[0-9]+(?:[.,][0-9]+)*`)

// readForm is how a wrong answer is grouped: as the grader read it, or as
// written (trimmed) when it has no read form.
func readForm(q *QuestionResult) string {
	if q.ReadAs != "" {
		return q.ReadAs
	}
	return strings.TrimSpace(q.Answer)
}

// addWrong counts q, a student's wrong answer, in its group; studentID is the
// student's id as kept, copied the first time it is listed.
func (t *itemTally) addWrong(item *ItemAnalysis, studentID func() string, q *QuestionResult) {
	if len(q.CopiedFrom) > 0 {
		item.Copies++
		if len(item.CopiedBy) < MaxListedStudents {
			item.CopiedBy = append(item.CopiedBy, studentID())
		}
	}
	form := readForm(q)
	shown := form // a class of variants shows its group's first answer
	if t.byDiagnosis {
		form = numbersLeftOut(q.Feedback)
	}
	k, ok := t.groups[form]
	if !ok {
		if len(t.wrong) >= maxAnswerGroups || len(form) > maxGroupedAnswer {
			item.Ungrouped++
			return
		}
		k = len(t.wrong)
		t.groups[strings.Clone(form)] = k
		t.wrong = append(t.wrong, WrongAnswer{Answer: strings.Clone(shown), Written: strings.Clone(q.Answer)})
		t.carried = append(t.carried, false)
		t.setVerdict(k, q)
	} else if t.carried[k] && len(q.CarriedForward) == 0 {
		t.setVerdict(k, q)
	}
	w := &t.wrong[k]
	w.Count++
	if len(q.CarriedForward) > 0 {
		w.CarriedForward++
	}
	if len(w.Students) < MaxListedStudents {
		w.Students = append(w.Students, studentID())
	}
}

// setVerdict takes wrong answer k's status, score and diagnosis from q.
func (t *itemTally) setVerdict(k int, q *QuestionResult) {
	w := &t.wrong[k]
	w.Status, w.Score, w.Diagnosis = q.Status, q.Score, strings.Clone(q.Feedback)
	t.carried[k] = len(q.CarriedForward) > 0
}

// top is the n most frequent wrong answers, most frequent first, answers of
// equal count in the order they were first written.
func (t *itemTally) top(n int) []WrongAnswer {
	order := make([]int, len(t.wrong))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(t.wrong[b].Count, t.wrong[a].Count) })
	out := make([]WrongAnswer, 0, min(n, len(order)))
	for _, k := range order[:min(n, len(order))] {
		out = append(out, t.wrong[k])
	}
	return out
}

func (c *StatusCounts) add(s Status) {
	switch s {
	case Correct:
		c.Correct++
	case Partial:
		c.Partial++
	case Incorrect:
		c.Incorrect++
	case Invalid:
		c.Invalid++
	case Review:
		c.Review++
	default:
		c.Missing++
	}
}

// roundTo4 rounds a statistic to 4 decimals, as scores are, so that its
// last bits (which depend on the order of the sums) never show.
func roundTo4(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	return roundScore(x)
}

// markCovered sets Covered on each wrong answer of a that one of the
// rubric's known mistakes matches (as grading matched it: by equivalence,
// not by text), and MistakeAnswer and MistakeFeedback to how a mistake
// would write it. The feedback is the diagnosis under the student policy
// (check, the self-check page, Gradescope): a known mistake's feedback
// reaches students as written, and the instructor's diagnosis may name the
// key's numbers ("the 125,450 parameters of fc").
func (g *Grader) markCovered(a *ClassAnalysis) {
	student := New(g.Key, g.Rubric)
	student.SelfCheck = true
	for i := range a.Items {
		item := &a.Items[i]
		var q, sq *gradedQuestion
		for j := range g.questions {
			if g.questions[j].key.Question.ID == item.QuestionID {
				q, sq = &g.questions[j], &student.questions[j]
				break
			}
		}
		if q == nil {
			continue
		}
		for k := range item.WrongAnswers {
			w := &item.WrongAnswers[k]
			got, err := readAnswer(q, w.Written)
			if err != nil {
				continue
			}
			w.MistakeAnswer = w.Written
			if asRead, err := readAnswer(q, w.Answer); err == nil && g.sameAnswer(q, asRead, got) {
				w.MistakeAnswer = w.Answer
			}
			diagnosis := student.diagnosis(sq, got)
			w.MistakeFeedback = diagnosis
			if notes := strings.Join(student.compareNotes(sq, got), "\n"); notes != "" {
				// judge writes the notes first, then the diagnosis; after a
				// known mistake's feedback it writes the same notes.
				w.MistakeNotes = true
				switch {
				case diagnosis == notes:
					w.MistakeFeedback = ""
				case strings.HasPrefix(diagnosis, notes+"\n"):
					w.MistakeFeedback = diagnosis[len(notes)+1:]
				}
			}
			for _, m := range q.mistakes {
				if g.sameAnswer(q, m.answer, got) {
					w.Covered = true
					break
				}
			}
		}
	}
}

// diagnosis is g's feedback on got as an answer to q from a student with no
// other answers (nothing to carry forward); "" when the engine panics.
func (g *Grader) diagnosis(q *gradedQuestion, got reading) (feedback string) {
	defer func() {
		if recover() != nil {
			feedback = ""
		}
	}()
	v := g.judge(g.newStudentContext(nil), q, got)
	return strings.Join(v.feedback, "\n")
}

// compareNotes are the notes judge adds to any verdict on a wrong answer,
// known mistake or not; none when the engine panics.
func (g *Grader) compareNotes(q *gradedQuestion, got reading) (notes []string) {
	defer func() {
		if recover() != nil {
			notes = nil
		}
	}()
	_, _, notes = g.compare(q.key.kind, q, got)
	return notes
}

// sameAnswer is the kind's same, with an engine's panic meaning no.
func (g *Grader) sameAnswer(q *gradedQuestion, a, b reading) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return q.key.kind.same(q, a, b)
}
