package grader

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// Grader grades submissions against a solved set under a rubric. Build it with
// New, and change neither Key nor Rubric afterwards: New reads the rubric's known
// mistakes once for all the submissions it grades.
type Grader struct {
	Key    *Key
	Rubric *rubrics.Rubric
	// SelfCheck grades under the student policy, for anything a student sees
	// (check, a sealed edition's check, Gradescope's results): no message
	// carries a key value, this question's or another's; feedback names the
	// slip and not the number ("you counted the weights but not the biases");
	// a carry-forward note names the earlier question, not its answer; and the
	// key is shown only with an answer that is the key, unless the rubric's
	// show_answer = true reveals it for the question. Checking is then no way
	// to copy the answers. Without it, feedback is the instructor's: the
	// numbers behind each slip, and the key as the rubric's Reveal says.
	SelfCheck bool

	questions []gradedQuestion // Key.Answers ready for grading under Rubric
	plans     map[string]*carryPlan
	// verdicts memoises, per question and policy (SelfCheck or not), the
	// verdict on an answer's text where it cannot depend on the student's
	// other answers (see memoizable): a class writes the same few hundred
	// answers many times over, and a formula is costly to read and compare.
	verdicts [2][]verdictMemo
}

// verdictMemo is one question's memo: answer text -> verdict, up to
// maxMemoized entries (a class of all-different answers gains nothing and
// would only hold them).
type verdictMemo struct {
	byText sync.Map
	size   atomic.Int64
}

const maxMemoized = 1 << 14

// memoizable reports whether the verdict on an answer to q depends on its
// text alone: everything but carry-forward, which reads the student's
// earlier answers.
func memoizable(q *gradedQuestion) bool {
	return !(q.settings.CarryForward && q.key.network != nil)
}

// memo is the memo of question i under the grader's policy.
func (g *Grader) memo(i int) *verdictMemo {
	policy := 0
	if g.SelfCheck {
		policy = 1
	}
	return &g.verdicts[policy][i]
}

func (m *verdictMemo) load(text string) (verdict, bool) {
	v, ok := m.byText.Load(text)
	if !ok {
		return verdict{}, false
	}
	return v.(verdict), true
}

func (m *verdictMemo) store(text string, v verdict) {
	if m.size.Load() < maxMemoized {
		if _, had := m.byText.LoadOrStore(text, v); !had {
			m.size.Add(1)
		}
	}
}

// New returns a grader; a nil rubric means every question is worth one point with
// the default settings. A known mistake that cannot be read is never matched;
// CheckRubric reports such mistakes.
func New(key *Key, rubric *rubrics.Rubric) *Grader {
	if rubric == nil {
		rubric = rubrics.Default()
	}
	questions, _ := prepare(key, rubric) // unreadable mistakes are CheckRubric's to report
	g := &Grader{Key: key, Rubric: rubric, questions: questions, plans: carryPlans(key)}
	for policy := range g.verdicts {
		g.verdicts[policy] = make([]verdictMemo, len(questions))
	}
	return g
}

// verdict is the outcome of grading one answer before points are applied.
type verdict struct {
	status   Status
	credit   float64 // fraction of the question's points
	feedback []string
	readAs   string
	carried  []string
	// isKey is true when the answer is the key as the grader compares it (in
	// an axis order the rubric accepts, within a number's tolerance): not an
	// answer credited by carry-forward or as a known mistake). A right
	// formula is the key as far as this goes: showAnswer never shows a
	// formula's key to a student.
	isKey bool
}

func (v *verdict) say(format string, args ...any) {
	v.feedback = append(v.feedback, fmt.Sprintf(format, args...))
}

// Grade grades one submission. It never fails: an answer that cannot be read is
// graded invalid with feedback that says why.
func (g *Grader) Grade(sub *submissions.Submission) StudentResult {
	res := newStudentResult(sub)
	answers := g.readAnswers(sub)
	ctx := g.newStudentContext(answers)
	res.Questions = make([]QuestionResult, 0, len(g.questions))
	for i := range g.questions {
		q := &g.questions[i]
		a := answers[i]
		settings := q.settings
		qr := QuestionResult{ID: q.key.Question.ID, Text: q.key.Question.Text, MaxScore: settings.Points, Answer: a.raw}
		var v verdict
		switch {
		case !a.given:
			v = verdict{status: Missing}
			v.say("No answer given.")
		case a.memoized != nil:
			v = *a.memoized
		case a.err != nil:
			v = verdict{status: Invalid}
			v.say("%s", a.err.Error())
		default:
			v = g.judge(ctx, q, a.value)
		}
		if a.given && a.memoized == nil && !a.tooLong && memoizable(q) {
			g.memo(i).store(a.raw, v)
		}
		qr.Status = v.status
		qr.Score = roundScore(settings.Points * v.credit)
		qr.Feedback = strings.Join(v.feedback, "\n")
		qr.ReadAs = v.readAs
		qr.CarriedForward = v.carried
		if g.showAnswer(q.key, settings, v) {
			qr.Expected = q.key.Display
		}
		res.Score += qr.Score
		res.MaxScore += qr.MaxScore
		res.Questions = append(res.Questions, qr)
	}
	res.Score = roundScore(res.Score)
	return res
}

// newStudentResult is sub's result before any question is graded: who, from
// where, and what became of a submission with no answers of its own.
func newStudentResult(sub *submissions.Submission) StudentResult {
	res := StudentResult{Student: sub.Student, Name: sub.Name, Source: sub.Source}
	switch {
	case sub.Unreadable != "":
		res.Submission, res.Problem = SubmissionUnreadable, sub.Unreadable
	case sub.NotSubmitted:
		res.Submission = SubmissionNone
	}
	return res
}

// studentAnswer is one answer of a submission, read once for carry-forward, the
// verdict and its diagnosis.
type studentAnswer struct {
	raw      string
	given    bool // false when missing or blank
	value    reading
	err      error    // the reader's error, or an internalError
	tooLong  bool     // refused before reading: raw is its beginning
	memoized *verdict // the verdict on the same text, graded before: not read again
}

// feedsCarryForward reports whether an answer to q is kept for carry-forward
// to later questions (counts and shapes; see newStudentContext), so that it
// must be read even when its own verdict is memoised.
func feedsCarryForward(q *gradedQuestion) bool {
	return q.key.Kind == IntegerValue || q.key.Kind == ShapeValue
}

// readAnswers reads every answer of sub, in the key's question order.
func (g *Grader) readAnswers(sub *submissions.Submission) []studentAnswer {
	answers := make([]studentAnswer, len(g.questions))
	for i := range g.questions {
		q := &g.questions[i]
		raw, ok := sub.Answers[q.key.Question.ID]
		a := studentAnswer{raw: raw, given: ok && strings.TrimSpace(raw) != ""}
		if why, bad := sub.Invalid[q.key.Question.ID]; bad {
			a.err, a.tooLong = errors.New(why), true // too long to read: raw is its beginning
		} else if a.given {
			if memoizable(q) {
				if v, ok := g.memo(i).load(raw); ok {
					a.memoized = &v
				}
			}
			if a.memoized == nil || feedsCarryForward(q) {
				a.value, a.err = readAnswer(q, raw)
			}
		}
		answers[i] = a
	}
	return answers
}

// showAnswer decides whether the key may be revealed. In an instructor's
// grading: always when the answer is right, otherwise as the rubric says (by
// default network and number answers are shown, formulas are not, so that a
// student can try again). To a student: only with an answer that is the key
// (not one credited by carry-forward, which would give the key of a question
// whose earlier answers were wrong), unless the rubric sets show_answer = true.
// A formula's key (identities' and asymptotic ones' too) is not shown to a
// student even then: the sealed check would have to seal it under the key's
// values at test points, and those are no secret (an identity's are its lhs's,
// which the student computes from the question; a polynomial's are small whole
// numbers found by trying each against its hash), so the key's spelling would
// be readable from the edition. A right formula needs no key beside it.
func (g *Grader) showAnswer(ka *KeyAnswer, s rubrics.Settings, v verdict) bool {
	if g.SelfCheck {
		return v.isKey && ka.Kind != FormulaValue || (s.ShowAnswer != nil && *s.ShowAnswer)
	}
	if v.status == Correct {
		return true
	}
	return s.Reveal(ka.Kind == FormulaValue)
}

// GradeClass grades every submission, in a stable order (by student id), so that
// the same files always give the same bytes.
func (g *Grader) GradeClass(subs []*submissions.Submission) *ClassResult {
	cr := &ClassResult{ProblemSet: g.Key.Set.ID, Title: g.Key.Set.Title}
	sorted := append([]*submissions.Submission(nil), subs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Student < sorted[j].Student })
	for _, ka := range g.Key.Answers {
		pts := g.Rubric.For(ka.Question.ID).Points
		cr.MaxScore += pts
		cr.Questions = append(cr.Questions, QuestionInfo{ID: ka.Question.ID, Text: ka.Question.Text, MaxScore: pts})
	}
	cr.MaxScore = roundScore(cr.MaxScore)
	for _, sub := range sorted {
		cr.Students = append(cr.Students, g.Grade(sub))
	}
	for i := range cr.Questions {
		if len(cr.Students) == 0 {
			break
		}
		var sum float64
		for _, st := range cr.Students {
			sum += st.Questions[i].Score
		}
		cr.Questions[i].Mean = roundScore(sum / float64(len(cr.Students)))
	}
	return cr
}

// roundScore keeps scores to four decimals so that 0.1+0.2 prints as 0.3 and
// results are byte-identical across machines.
func roundScore(x float64) float64 {
	const scale = 1e4
	if x < 0 {
		return -roundScore(-x)
	}
	return float64(int64(x*scale+0.5)) / scale
}
