package grader

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// Variants grades each student against their own variant of a set with
// params (FORMAT.md, "Per-student values"): the student's values are drawn
// (problems.Set.Draw), the variant with them written in is solved, and a
// Grader for it is made once, however many students drew the same values.
// Each variant's Grader keeps its own memo, so a result is memoised by
// variant and answer. A set without params is one variant, the set itself.
type Variants struct {
	set       *problems.Set
	rubric    *rubrics.Rubric
	selfCheck bool

	mu    sync.Mutex
	byKey map[string]int32 // Values.Key (or a draw's error) -> index in list
	list  []*variantEntry
	// base grades nothing: it has the set's questions as written (texts with
	// {name}), for what a class shows of them, and for the results of
	// students whose variant could not be made.
	base *Grader
	// copies are the variants wrong answers are compared with, made on
	// the first wrong answer.
	copies *copyFinder
}

// variantEntry is one variant's grader, made once.
type variantEntry struct {
	once   sync.Once
	values problems.Values
	g      *Grader
	err    error // the variant could not be drawn, built or solved
}

// NewVariants grades the variants of set under r (nil: one point a
// question); selfCheck grades under the student policy (see
// Grader.SelfCheck).
func NewVariants(set *problems.Set, r *rubrics.Rubric, selfCheck bool) *Variants {
	if r == nil {
		r = rubrics.Default()
	}
	v := &Variants{set: set, rubric: r, selfCheck: selfCheck, byKey: map[string]int32{}}
	v.base = baseGrader(set, r)
	v.base.SelfCheck = selfCheck
	v.copies = &copyFinder{variants: v}
	return v
}

// baseGrader is a grader of set's questions as written, with no key: it
// names and scores the questions for a class of variants, and grades no
// answer.
func baseGrader(set *problems.Set, r *rubrics.Rubric) *Grader {
	key := &Key{Set: set}
	for i, q := range set.Questions {
		key.Answers = append(key.Answers, KeyAnswer{Question: q, layerIndex: -1, position: i})
	}
	g := &Grader{Key: key, Rubric: r, questions: make([]gradedQuestion, len(key.Answers))}
	for i := range key.Answers {
		g.questions[i] = gradedQuestion{key: &key.Answers[i], settings: r.For(key.Answers[i].Question.ID)}
	}
	g.questionPlans = make([]*carryPlan, len(key.Answers))
	for policy := range g.memos {
		g.memos[policy] = make([]resultMemo, len(key.Answers))
	}
	return g
}

// Set is the set whose variants are graded.
func (v *Variants) Set() *problems.Set { return v.set }

// For is the grader of student's variant, and its values. The error says
// why the student has none: no values could be drawn, or the variant with
// them could not be built or solved (the error then names the values).
func (v *Variants) For(student string) (*Grader, problems.Values, error) {
	e := v.entry(v.index(student))
	return e.g, e.values, e.err
}

// index is the number of student's variant: variants are numbered in the
// order they are first met. Its grader is made on first use.
func (v *Variants) index(student string) int32 {
	values, drawErr := v.set.Draw(student)
	key := values.Key()
	if drawErr != nil {
		// Keyed by the error: a set whose draws fail fails alike for
		// students whose ids differ only in what the message echoes.
		key = "\x00" + drawErr.Error()
	}
	v.mu.Lock()
	i, ok := v.byKey[key]
	if !ok {
		i = int32(len(v.list))
		e := &variantEntry{values: values, err: drawErr}
		if drawErr != nil {
			e.once.Do(func() {})
		}
		v.list = append(v.list, e)
		v.byKey[key] = i
	}
	e := v.list[i]
	v.mu.Unlock()
	e.once.Do(func() { e.g, e.err = v.build(e.values) })
	return i
}

// entry is variant i, made.
func (v *Variants) entry(i int32) *variantEntry {
	v.mu.Lock()
	e := v.list[i]
	v.mu.Unlock()
	return e
}

// grader is the grader of variant i's results: its own, or the base grader
// for a variant that could not be made.
func (v *Variants) grader(i int32) *Grader {
	if e := v.entry(i); e.g != nil {
		return e.g
	}
	return v.base
}

// build solves the variant with values and makes its grader; the rubric's
// known mistakes are read with the variant's values (see mistakeAnswer).
func (v *Variants) build(values problems.Values) (*Grader, error) {
	variant, err := v.set.Variant(values)
	if err != nil {
		return nil, err
	}
	key, err := Solve(variant)
	if err != nil {
		return nil, fmt.Errorf("with %s: %w", values, err)
	}
	g := New(key, v.rubric)
	g.SelfCheck = v.selfCheck
	if !v.selfCheck {
		g.copies = v.copies
	}
	return g, nil
}

// count is the number of variants met so far.
func (v *Variants) count() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.list)
}

// failedResults is every question of sub under review, for a student whose
// variant e could not be made: never graded against another's numbers,
// never dropped.
func (v *Variants) failedResults(sub *submissions.Submission, e *variantEntry) []QuestionResult {
	out := make([]QuestionResult, len(v.base.questions))
	why := "Your own values could not be drawn"
	if len(e.values) > 0 {
		why = "Your variant (" + e.values.String() + ") could not be made"
	}
	for i := range v.base.questions {
		ka := v.base.questions[i].key
		out[i] = QuestionResult{ID: ka.Question.ID, Text: ka.Question.Text, MaxScore: v.base.questions[i].settings.Points,
			Answer: answerText(sub, ka.Question.ID), Status: Review,
			Feedback: why + ", so this answer was not graded; an instructor will grade it. " + e.err.Error()}
	}
	return out
}

// Params are a variant's values as JSON writes them: an object in the
// order the params are declared, {"f1": 32, "k1": 5}.
type Params problems.Values

// MarshalJSON writes the values as an object, in declaration order.
func (p Params) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, v := range p {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(v.Name)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(v.Value))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// String is the values as messages show them: "f1 = 32, k1 = 5".
func (p Params) String() string { return problems.Values(p).String() }

// mistakeAnswer is a known mistake's answer as a variant reads it: each
// param's name in it (as a token of the expression language) replaced by the
// variant's value in parentheses, and for a count the arithmetic that
// leaves done (a count is read as digits), so that "k1*k1*3*f1" reads as 2400 where k1 = 5 and f1 = 32. An
// answer that names no param is read as written.
func mistakeAnswer(values problems.Values, ka *KeyAnswer, text string) string {
	if len(values) == 0 {
		return text
	}
	names := make(map[string]string, len(values))
	for _, p := range values {
		names[p.Name] = strconv.Itoa(p.Value)
	}
	out, changed := expr.SubstituteNames(text, names)
	if !changed {
		return text
	}
	if ka.Kind == IntegerValue { // a number's reader does arithmetic itself
		if n, err := expr.EvalNumber(out); err == nil {
			return n.String()
		}
	}
	return out
}

// CheckRubricVariants is CheckRubric in every variant of set that
// problems.Set.CheckVariants checks: a known mistake that cannot be read
// with some values (one naming a name that is no param, say) is an error at
// its place in the rubric, prefixed with those values. A set without params
// is checked as it is.
func CheckRubricVariants(set *problems.Set, r *rubrics.Rubric) error {
	return set.CheckVariants(func(v *problems.Set) error {
		key, err := Solve(v)
		if err != nil {
			return err
		}
		return CheckRubric(key, r)
	})
}

// CopyNote is the instructor's note on a result whose answer is another
// variant's (CopiedFrom), for a student with values own: "This is the
// answer for f1 = 32, k1 = 5, not for your values (f1 = 16, k1 = 3)."; ""
// for any other result.
func (q *QuestionResult) CopyNote(own Params) string {
	if len(q.CopiedFrom) == 0 {
		return ""
	}
	var yours problems.Values
	for _, p := range own {
		for _, c := range q.CopiedFrom {
			if c.Name == p.Name {
				yours = append(yours, p)
			}
		}
	}
	note := "This is the answer for " + q.CopiedFrom.String() + ", not for "
	if len(yours) == 0 {
		return note + "this student's values: copied from a classmate?"
	}
	return note + "this student's values (" + yours.String() + "): copied from a classmate?"
}

// variantMistakeError reports a known mistake written with params that
// cannot be read once their values are in (text): at the first name in it
// that is no param, no variable or define of the question and no function,
// the likely cause ("k9 is no param"); else at the answer's start, echoing
// the text as read.
func variantMistakeError(r *rubrics.Rubric, ka *KeyAnswer, m rubrics.Mistake, values problems.Values, text string, err error) *diag.Error {
	known := map[string]bool{}
	var params []string
	for _, p := range values {
		known[p.Name] = true
		params = append(params, p.Name)
	}
	for _, v := range ka.Question.Variables {
		known[v.Name] = true
	}
	for _, d := range ka.Question.Define {
		known[d.Name] = true
	}
	what := fmt.Sprintf("question %q: known mistake %q", ka.Question.ID, m.Answer)
	for _, n := range expr.Names(m.Answer) {
		if known[n.Name] || strings.HasPrefix(strings.TrimSpace(m.Answer[n.Offset+len(n.Name):]), "(") {
			continue
		}
		msg := fmt.Sprintf("%s uses %q, which is no param of the set (its params: %s)", what, n.Name, strings.Join(params, ", "))
		if len(ka.Question.Variables) > 0 {
			msg += " nor a variable of the question"
		}
		return placedMistakeError(r, m, n.Offset, msg)
	}
	return placedMistakeError(r, m, 0, fmt.Sprintf("%s, read as %q, cannot be read: %v", what, text, firstLine(err.Error())))
}

// placedMistakeError is an error at byte offset of mistake m's answer, or
// at its line when the rubric does not know where the answer is written.
func placedMistakeError(r *rubrics.Rubric, m rubrics.Mistake, offset int, msg string) *diag.Error {
	if m.At.Start.IsValid() {
		return m.At.Error(offset, msg)
	}
	file := r.Source
	if file == "" {
		file = "rubric"
	}
	return &diag.Error{Pos: diag.Pos{File: file, Line: m.Line}, Msg: msg}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
