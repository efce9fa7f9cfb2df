package grader

import (
	"errors"
	"fmt"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
)

// A questionKind is everything grading does differently for one kind of question
// (network, formula, identity, asymptotic, number); the flow around it (reading
// each answer once, missing answers, known mistakes, points) is shared. To add a
// kind: a problems.Kind in problems' kind table, an implementation here, and its
// entry in questionKinds.
type questionKind interface {
	// solve answers q and checks its key as the set is solved: an identity must
	// hold, an asymptotic answer must be lhs to its order, a formula key must be
	// defined at enough points, a number must evaluate. The KeyAnswer it returns
	// names the kind that grades it (a count on a network whose sizes are names
	// is graded as a formula).
	solve(k *Key, q problems.Question) (KeyAnswer, error)
	// read reads one answer to q (a student's, or a rubric's known mistake) into
	// the value that is compared, carried forward and diagnosed. Its error is the
	// reader's, which echoes the answer with a caret and says what is valid.
	read(q *gradedQuestion, raw string) (reading, error)
	// readAs writes a read answer as the grader understood it.
	readAs(ka *KeyAnswer, got reading) string
	// compare reports whether a read answer is the key under q's settings, and
	// the notes its feedback carries when it is not, known mistake or not.
	// review is true when it cannot tell (a formula beyond any precision):
	// the answer is then neither right nor wrong but left to the instructor.
	compare(q *gradedQuestion, got reading) (right, review bool, notes []string)
	// same reports whether two read answers are the same answer under q's
	// settings: a student's and a known mistake's.
	same(q *gradedQuestion, a, b reading) bool
	// diagnose completes the verdict on a wrong answer that is no known mistake:
	// any other credit it earns (another axis order, carry-forward, partial
	// shapes) and the slip that explains it.
	diagnose(g *Grader, ctx *studentContext, q *gradedQuestion, got reading, v *verdict)
	// jsonValue and markdown render the key: FORMAT.md's JSON value and the
	// Markdown key's answer.
	jsonValue(ka *KeyAnswer) any
	markdown(ka *KeyAnswer) string
}

// studentComparer is a kind whose compare notes may name the key (a formula's
// missing terms, its value at a test point): under the student policy judge
// asks it for the notes in the student's words.
type studentComparer interface {
	compareForStudent(q *gradedQuestion, got reading) (right, review bool, notes []string)
}

// compare is kind.compare in the words of the grader's audience.
func (g *Grader) compare(kind questionKind, q *gradedQuestion, got reading) (right, review bool, notes []string) {
	if sc, ok := kind.(studentComparer); ok && g.SelfCheck {
		return sc.compareForStudent(q, got)
	}
	return kind.compare(q, got)
}

// questionKinds holds the implementation of every kind of question problems
// loads (TestEveryKindIsGraded checks that none is missing).
var questionKinds = map[problems.Kind]questionKind{
	problems.KindNetwork:    networkKind{},
	problems.KindFormula:    formulaKind,
	problems.KindIdentity:   identityKind,
	problems.KindAsymptotic: asymptoticKind,
	problems.KindNumber:     numberKind{},
}

// reading is an answer read once: the value its kind compares with the key and
// the known mistakes, carries forward and diagnoses. Which field is set depends
// on the kind (and, for a network question, on its value kind).
type reading struct {
	count   int64           // IntegerValue: a count
	shape   []int64         // ShapeValue: a shape as written
	tuple   []answer.Number // TupleValue: a receptive field's size, jump and start
	formula *expr.Expr      // FormulaValue: parsed in the question's environment
	number  expr.Number     // NumberValue
	digits  int             // NumberValue: significant digits written, 0 for arithmetic
}

// gradedQuestion is a solved question made ready for grading under a rubric:
// its settings, its key under the rubric's formula tolerance, and the rubric's
// known mistakes, each read once when the grader is built.
type gradedQuestion struct {
	key      *KeyAnswer
	settings rubrics.Settings
	formula  *formulaKey // formula and number questions: the key to read and compare with
	mistakes []knownMistake
	// slipCache holds the question's slips once the diagnosis first needs them.
	slipCache *slipCache
}

// knownMistake is a rubric's known mistake with its answer read.
type knownMistake struct {
	rubrics.Mistake
	answer reading
}

// prepare makes every question of key ready for grading under r. A known
// mistake whose answer cannot be read is left out (no student's answer could
// match it) and returned in the error, one line per mistake.
func prepare(key *Key, r *rubrics.Rubric) ([]gradedQuestion, error) {
	questions := make([]gradedQuestion, len(key.Answers))
	var unreadable diag.ErrorList
	var values problems.Values // a variant's, for mistakes written with params
	if key.Set != nil {
		values = key.Set.Values
	}
	for i := range key.Answers {
		ka := &key.Answers[i]
		q := &questions[i]
		q.key = ka
		q.settings = r.For(ka.Question.ID)
		q.slipCache = &slipCache{}
		q.formula = ka.formula
		if ka.Kind == FormulaValue {
			q.formula = ka.formula.withTolerance(q.settings.FormulaTol)
		}
		for _, m := range q.settings.Mistakes {
			text := mistakeAnswer(values, ka, m.Answer)
			got, err := readAnswer(q, text)
			if err != nil && text != m.Answer {
				// Read with the params' values: the reader's place is in the
				// text with the values in, not in the one written.
				unreadable.Add(variantMistakeError(r, ka, m, values, text, err))
				continue
			}
			if err != nil {
				unreadable.Add(mistakeError(r, ka.Question.ID, m, err))
				continue
			}
			q.mistakes = append(q.mistakes, knownMistake{Mistake: m, answer: got})
		}
	}
	unreadable.Sort()
	return questions, unreadable.Err()
}

// CheckRubric reports every known mistake of r that cannot be read as an answer
// to its question of key, each at the place in the rubric file of the character
// the reader stopped at, with that line and a caret. A grader built with such a
// rubric never matches those mistakes.
func CheckRubric(key *Key, r *rubrics.Rubric) error {
	_, err := prepare(key, r)
	return err
}

// mistakeError reports a known mistake that cannot be read: at the file line
// and column of the offending character of its answer (escapes accounted for)
// when the rubric knows where the answer is written, else at the mistake's line.
func mistakeError(r *rubrics.Rubric, id string, m rubrics.Mistake, err error) *diag.Error {
	what := fmt.Sprintf("question %q: known mistake %q cannot be read", id, m.Answer)
	as := "an answer"
	if answerErr := (*answer.Error)(nil); errors.As(err, &answerErr) && answerErr.As != "" {
		as = answerErr.As // "a shape", "a whole number", ...
	}
	if e, ok := m.At.TextError(what+" as "+as+": ", err); ok {
		return e
	}
	file := r.Source
	if file == "" {
		file = "rubric"
	}
	return &diag.Error{Pos: diag.Pos{File: file, Line: m.Line}, Msg: fmt.Sprintf("%s as an answer: %v", what, err)}
}

// internalError is a failure inside the engine while reading or grading one
// answer: that answer is graded invalid and says so, and the batch goes on.
type internalError struct{ cause any }

func (e internalError) Error() string {
	return fmt.Sprintf("This answer could not be graded (an internal error: %v); please report it with the answer.", e.cause)
}

// readAnswer reads one answer to q through its kind; a panic inside the engine
// becomes an internalError.
func readAnswer(q *gradedQuestion, raw string) (got reading, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = internalError{r}
		}
	}()
	return q.key.kind.read(q, raw)
}

// judge grades an answer that was read: the key, a known mistake, or whatever
// the kind's diagnosis makes of it.
func (g *Grader) judge(ctx *studentContext, q *gradedQuestion, got reading) (v verdict) {
	defer func() {
		if r := recover(); r != nil {
			v = verdict{status: Invalid}
			v.say("%s", internalError{r}.Error())
		}
	}()
	kind := q.key.kind
	v.readAs = kind.readAs(q.key, got)
	right, review, notes := g.compare(kind, q, got)
	if right {
		v.status, v.credit, v.isKey = Correct, 1, true
		return v
	}
	if review {
		v.status = Review
		v.feedback = append(v.feedback, notes...)
		return v
	}
	v.status = Incorrect
	for _, m := range q.mistakes {
		if kind.same(q, m.answer, got) {
			v = mistakeVerdict(v, m.Mistake)
			v.feedback = append(v.feedback, notes...)
			return v
		}
	}
	v.feedback = append(v.feedback, notes...)
	kind.diagnose(g, ctx, q, got, &v)
	return v
}
