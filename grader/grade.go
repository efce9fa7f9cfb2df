package grader

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	// questionPlans is, by question, the plan of its network (nil for a
	// question on none): found without naming the network.
	questionPlans []*carryPlan
	// memos holds, per policy (SelfCheck or not) and question, the results
	// already graded: a class writes the same few hundred answers many times
	// over, and a formula is costly to read and compare. A result is keyed by
	// the answer's text, and for a question graded with carry-forward also by
	// the student's answers it can be carried from (see memoKey).
	memos [2][]resultMemo
	// copies, for an instructor's grader of a variant, finds the other
	// variants a wrong answer is right for (see copyFinder); nil otherwise.
	copies *copyFinder
}

// resultMemo is one question's memo under one policy. An answer's result is
// found by its text; where it depends on the student's other answers (a wrong
// answer that carry-forward might credit), the text says so and the result is
// found by the text and what carry-forward makes of the other answers
// (contextKey). A result, once stored, never changes, and its index in list
// is its name in a stored class. The memo holds at most maxMemoized results
// and readings: a class of all-different answers gains nothing from it.
type resultMemo struct {
	mu        sync.RWMutex
	byText    map[string]int32 // answer text -> result, or dependsOnContext
	byContext map[string]int32 // answer text, 0, contextKey -> result
	readings  map[string]answerReading
	list      []*QuestionResult
	limit     int // see capacity
}

// answerReading is an answer as read, kept for carry-forward (see
// feedsCarryForward): a later question's verdict reads it even where the
// answer's own result is memoised.
type answerReading struct {
	value reading
	err   error
}

// dependsOnContext marks an answer text whose result depends on the
// student's other answers.
const dependsOnContext = -2

// maxMemoized bounds each memo (a real class has a few hundred distinct
// answers to a question, a few thousand with carry-forward's contexts); a
// stored class's result indices take two bytes as long as it stays below
// 1<<16.
const maxMemoized = 1 << 12

// maxMemoizedText is the longest answer memoised: with maxMemoized, it
// bounds the text a memo holds (a few megabytes a question).
const maxMemoizedText = 512

func (g *Grader) memo(policy, i int) *resultMemo { return &g.memos[policy][i] }

// policy numbers the grader's policy for its memos.
func (g *Grader) policy() int {
	if g.SelfCheck {
		return 1
	}
	return 0
}

// load finds a result by a key of byText or byContext: its index (or
// dependsOnContext) and the result, or ok false.
func (m *resultMemo) load(byContext bool, key []byte) (ref int32, qr *QuestionResult, ok bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	index := m.byText
	if byContext {
		index = m.byContext
	}
	ref, ok = index[string(key)]
	if ok && ref >= 0 {
		qr = m.list[ref]
	}
	return ref, qr, ok
}

// store keeps qr under key (a byText key, or a byContext one) unless the memo
// is full, and returns its index, or -1 when it was not kept. When another
// worker stored the same key first, its result (the same) is the one kept.
// dependentText, when not nil, is an answer text to mark dependsOnContext.
func (m *resultMemo) store(byContext bool, key, dependentText []byte, qr QuestionResult) (int32, *QuestionResult) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byText == nil {
		m.byText, m.byContext = map[string]int32{}, map[string]int32{}
	}
	index := m.byText
	if byContext {
		index = m.byContext
	}
	if ref, ok := index[string(key)]; ok && ref >= 0 {
		return ref, m.list[ref]
	}
	if len(m.list) >= m.capacity() {
		return -1, &qr
	}
	if dependentText != nil {
		m.byText[string(dependentText)] = dependsOnContext
	}
	ref := int32(len(m.list))
	index[string(key)] = ref
	qr.Answer = strings.Clone(qr.Answer) // a reader's answer may hold its whole row
	m.list = append(m.list, &qr)
	return ref, &qr
}

// reading is the memoised reading of an answer text, if any.
func (m *resultMemo) reading(text string) (answerReading, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.readings[text]
	return r, ok
}

func (m *resultMemo) storeReading(text string, r answerReading) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.readings) >= maxMemoized {
		return
	}
	if m.readings == nil {
		m.readings = map[string]answerReading{}
	}
	m.readings[text] = r
}

// capacity is how many results the memo keeps: maxMemoized unless a test
// says fewer.
func (m *resultMemo) capacity() int {
	if m.limit > 0 {
		return m.limit
	}
	return maxMemoized
}

// size is the number of results memoised.
func (m *resultMemo) size() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.list)
}

// result is the memoised result ref.
func (m *resultMemo) result(ref int32) *QuestionResult {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.list[ref]
}

// New returns a grader; a nil rubric means every question is worth one point with
// the default settings. A known mistake that cannot be read is never matched;
// CheckRubric reports such mistakes.
func New(key *Key, rubric *rubrics.Rubric) *Grader {
	if rubric == nil {
		rubric = rubrics.Default()
	}
	for i := range key.Answers {
		if key.Answers[i].position != i {
			key.Answers[i].position = i // a Key put together by hand, not by Solve
		}
	}
	questions, _ := prepare(key, rubric) // unreadable mistakes are CheckRubric's to report
	g := &Grader{Key: key, Rubric: rubric, questions: questions, plans: carryPlans(key)}
	g.questionPlans = make([]*carryPlan, len(key.Answers))
	for i := range key.Answers {
		if net := key.Answers[i].network; net != nil {
			g.questionPlans[i] = g.plans[planKey(net)]
		}
	}
	for policy := range g.memos {
		g.memos[policy] = make([]resultMemo, len(questions))
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
	if g.Key.Set != nil {
		res.Params = Params(g.Key.Set.Values) // a variant's, for a set with params
	}
	res.Questions = make([]QuestionResult, 0, len(g.questions))
	g.gradeEach(sub, new(grading), func(_ int, _ int32, qr *QuestionResult) {
		res.Questions = append(res.Questions, *qr)
		res.Score += qr.Score
		res.MaxScore += qr.MaxScore
	})
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

// failedResults is every answer of sub marked invalid with the internal
// error r, for a submission whose grading failed as a whole.
func (g *Grader) failedResults(sub *submissions.Submission, r any) []QuestionResult {
	out := make([]QuestionResult, len(g.questions))
	for i := range g.questions {
		ka := g.questions[i].key
		out[i] = QuestionResult{ID: ka.Question.ID, Text: ka.Question.Text, MaxScore: g.questions[i].settings.Points,
			Answer: answerText(sub, ka.Question.ID), Status: Invalid, Feedback: internalError{r}.Error()}
	}
	return out
}

// grading is one grader's scratch space for a submission, reused for the
// next: a worker of a ClassGrader has its own.
type grading struct {
	answers []studentAnswer
	context studentContext
	key     []byte // a memo key, one at a time
	// seen is what this worker found in the grader's memos, by question: the
	// memos are shared by every worker, and their locks would otherwise be
	// taken several times for every answer of every student.
	seen []workerMemo
	// cellIDs is the question each cell of the last CSV row graded answers,
	// and columnOf each question's cell in such rows (see answer).
	cellIDs  []string
	columnOf []int
}

// workerMemo is what a worker found in one question's memo.
type workerMemo struct {
	byText    map[string]*textEntry
	byContext map[string]memoHit
}

type memoHit struct {
	ref int32
	qr  *QuestionResult
}

// textEntry is what a worker knows of one answer text to a question: its
// result in the memo (or that it depends on the student's other answers),
// and the answer as read, once known. One lookup a question and student.
type textEntry struct {
	memoHit
	found   bool
	reading answerReading
	read    bool
}

// answer is sub's answer to question i (whose id is id). A CSV row's is
// found by its column, worked out once for the rows of a file.
func (w *grading) answer(g *Grader, sub *submissions.Submission, i int, id string) (string, bool) {
	ids := sub.CellIDs()
	if ids == nil {
		return sub.Answer(id)
	}
	if len(ids) != len(w.cellIDs) || len(ids) > 0 && &ids[0] != &w.cellIDs[0] {
		w.cellIDs = ids
		w.columnOf = w.columnOf[:0]
		for _, q := range g.questions {
			w.columnOf = append(w.columnOf, columnOf(ids, q.key.Question.ID))
		}
	}
	switch k := w.columnOf[i]; k {
	case noColumn:
		return "", false
	case severalColumns:
		return sub.Answer(id)
	default:
		return sub.Cell(k)
	}
}

// columnOf is the index of id in ids, noColumn when it is not there, or
// severalColumns when it is there more than once.
func columnOf(ids []string, id string) int {
	k := noColumn
	for j, cid := range ids {
		switch {
		case cid != id:
		case k != noColumn:
			return severalColumns
		default:
			k = j
		}
	}
	return k
}

const (
	noColumn       = -1
	severalColumns = -2
)

// entry is what the worker knows of text as an answer to question i.
func (w *grading) entry(i int, text string) *textEntry {
	m := &w.seen[i]
	if e, ok := m.byText[text]; ok {
		return e
	}
	e := &textEntry{memoHit: memoHit{ref: -1}}
	if m.byText == nil {
		m.byText = map[string]*textEntry{}
	}
	if len(m.byText) < maxMemoized {
		m.byText[strings.Clone(text)] = e // text may hold its whole row
	}
	return e
}

// found is the memo's result for e's text, looked up once found.
func (w *grading) found(memo *resultMemo, e *textEntry, text string) (memoHit, bool) {
	if !e.found {
		w.key = append(w.key[:0], text...)
		if ref, qr, ok := memo.load(false, w.key); ok {
			e.memoHit, e.found = memoHit{ref, qr}, true
		}
	}
	return e.memoHit, e.found
}

// read is the answer as read, from the memo when it was read before.
func (w *grading) read(memo *resultMemo, e *textEntry, q *gradedQuestion, text string) answerReading {
	if !e.read {
		r, ok := memo.reading(text)
		if !ok {
			r.value, r.err = readAnswer(q, text)
			memo.storeReading(text, r)
		}
		e.reading, e.read = r, true
	}
	return e.reading
}

// loadByContext is memo.load of a byContext key through the worker's copy.
func (w *grading) loadByContext(memo *resultMemo, i int, key []byte) (int32, *QuestionResult, bool) {
	local := w.contextSeen(i)
	if hit, ok := local[string(key)]; ok {
		return hit.ref, hit.qr, true
	}
	ref, qr, ok := memo.load(true, key)
	if ok && len(local) < maxMemoized {
		local[string(key)] = memoHit{ref, qr}
	}
	return ref, qr, ok
}

// store is memo.store through the worker's own copy: key is the text, or
// with byContext a byContext key.
func (w *grading) store(memo *resultMemo, i int, byContext bool, text string, key, dependentText []byte, qr QuestionResult) (int32, *QuestionResult) {
	ref, stored := memo.store(byContext, key, dependentText, qr)
	if ref < 0 {
		return ref, stored
	}
	if byContext {
		if local := w.contextSeen(i); len(local) < maxMemoized {
			local[string(key)] = memoHit{ref, stored}
		}
		if dependentText != nil {
			e := w.entry(i, text)
			e.memoHit, e.found = memoHit{dependsOnContext, nil}, true
		}
		return ref, stored
	}
	e := w.entry(i, text)
	e.memoHit, e.found = memoHit{ref, stored}, true
	return ref, stored
}

func (w *grading) contextSeen(i int) map[string]memoHit {
	m := &w.seen[i]
	if m.byContext == nil {
		m.byContext = map[string]memoHit{}
	}
	return m.byContext
}

// gradeEach grades every answer of sub and hands each question's result to
// keep, in the key's order: ref is its index in the question's memo, or -1
// for a result not memoised (qr is then the student's own). keep must not
// change qr.
func (g *Grader) gradeEach(sub *submissions.Submission, w *grading, keep func(i int, ref int32, qr *QuestionResult)) {
	if sub.Extracted != nil {
		// A transcribed homework's results carry where each answer was
		// found: they are the student's own, not shared through a memo.
		shared := keep
		keep = func(i int, _ int32, qr *QuestionResult) {
			own := *qr
			annotateExtraction(sub, &own)
			shared(i, -1, &own)
		}
	}
	policy := g.policy()
	answers := g.readAnswers(sub, w)
	ctx := &w.context
	g.fillStudentContext(ctx, answers)
	for i := range g.questions {
		q := &g.questions[i]
		a := &answers[i]
		memo := g.memo(policy, i)
		byContext, unkeyed := false, a.tooLong || a.unkeyed
		if a.ref == dependsOnContext {
			key, ok := g.contextKey(ctx, q.key, a.value, append(append(w.key[:0], a.raw...), 0))
			w.key, byContext, unkeyed = key, ok, !ok
			if ref, qr, found := w.loadByContext(memo, i, w.key); ok && found {
				keep(i, ref, qr)
				continue
			}
			if !a.read {
				a.value, a.err = readAnswer(q, a.raw)
				a.read = true
			}
		}
		if a.result != nil {
			keep(i, a.ref, a.result)
			continue
		}
		settings := q.settings
		var v verdict
		ctx.consulted = false
		switch {
		case !a.given:
			v = verdict{status: Missing}
			v.say("No answer given.")
		case a.err != nil:
			v = verdict{status: Invalid}
			v.say("%s", a.err.Error())
		default:
			v = g.judge(ctx, q, a.value)
		}
		qr := QuestionResult{ID: q.key.Question.ID, Text: q.key.Question.Text, MaxScore: settings.Points, Answer: a.raw,
			Status: v.status, Score: roundScore(settings.Points * v.credit), Feedback: strings.Join(v.feedback, "\n"),
			ReadAs: v.readAs, CarriedForward: v.carried}
		if g.showAnswer(q.key, settings, v) {
			qr.Expected = q.key.Display
		}
		if g.copies != nil && !g.SelfCheck && (v.status == Incorrect || v.status == Partial) && a.given && a.err == nil {
			qr.CopiedFrom = Params(g.copies.find(g, i, a.raw, a.value))
		}
		var dependentText []byte
		switch {
		case unkeyed:
			keep(i, -1, &qr)
			continue
		case byContext:
		case ctx.consulted:
			// The verdict read the student's other answers: the text is
			// marked, and the result kept by what it read.
			key, ok := g.contextKey(ctx, q.key, a.value, append(append(w.key[:0], a.raw...), 0))
			if !ok {
				keep(i, -1, &qr)
				continue
			}
			dependentText = []byte(a.raw)
			w.key, byContext = key, true
		default:
			w.key = append(w.key[:0], a.raw...)
		}
		ref, stored := w.store(memo, i, byContext, a.raw, w.key, dependentText, qr)
		keep(i, ref, stored)
	}
}

// studentAnswer is one answer of a submission, read once for carry-forward, the
// verdict and its diagnosis.
type studentAnswer struct {
	raw     string
	given   bool // false when missing or blank
	value   reading
	err     error // the reader's error, or an internalError
	read    bool  // value and err are the answer as read
	tooLong bool  // refused before reading: raw is its beginning
	unkeyed bool  // longer than maxMemoizedText: its result is not memoised
	// ref and result are the result memoised for the answer's text, if any
	// (ref is dependsOnContext when the text's result depends on the
	// student's other answers): such an answer is not read again.
	ref    int32
	result *QuestionResult
}

// answerText is sub's answer to question id, "" when there is none.
func answerText(sub *submissions.Submission, id string) string {
	text, _ := sub.Answer(id)
	return text
}

// feedsCarryForward reports whether an answer to q is kept for carry-forward
// to later questions (counts and shapes; see newStudentContext), so that it
// must be read even when its own result is memoised.
func feedsCarryForward(q *gradedQuestion) bool {
	return q.key.Kind == IntegerValue || q.key.Kind == ShapeValue
}

// readAnswers reads every answer of sub, in the key's question order, into
// w's buffers. An answer whose result is memoised by its text alone is read
// only where carry-forward needs its value, and a count or shape read before
// is not read again.
func (g *Grader) readAnswers(sub *submissions.Submission, w *grading) []studentAnswer {
	policy := g.policy()
	if cap(w.answers) < len(g.questions) {
		w.answers = make([]studentAnswer, len(g.questions))
	}
	answers := w.answers[:len(g.questions)]
	if len(w.seen) != len(g.questions) {
		w.seen = make([]workerMemo, len(g.questions))
	}
	for i := range g.questions {
		q := &g.questions[i]
		memo := g.memo(policy, i)
		raw, ok := w.answer(g, sub, i, q.key.Question.ID)
		a := studentAnswer{raw: raw, given: ok && strings.TrimSpace(raw) != "", ref: -1}
		if why, bad := sub.Invalid[q.key.Question.ID]; bad {
			a.err, a.tooLong = errors.New(why), true // too long to read: raw is its beginning
			answers[i] = a
			continue
		}
		if len(raw) > maxMemoizedText {
			// Too long to be worth keeping: a long answer is seldom written
			// twice, and a class of them would fill the memos with text.
			a.unkeyed = true
			if a.given {
				a.value, a.err = readAnswer(q, raw)
				a.read = true
			}
			answers[i] = a
			continue
		}
		e := w.entry(i, raw)
		if hit, ok := w.found(memo, e, raw); ok {
			a.ref, a.result = hit.ref, hit.qr
		}
		switch {
		case !a.given:
		case feedsCarryForward(q):
			r := w.read(memo, e, q, raw)
			a.value, a.err, a.read = r.value, r.err, true
		case a.result == nil && a.ref != dependsOnContext:
			a.value, a.err = readAnswer(q, raw)
			a.read = true
		}
		answers[i] = a
	}
	return answers
}

// contextKey appends to key what carry-forward makes of the student's other
// answers for ka, which is all a verdict on ka reads of them: the value
// recomputed from them, the earlier answers it follows from, and those
// answers as the feedback names them.
// ok is false when carry-forward failed (a panic in the engine, which the
// verdict reported as an internal error): such a result is not memoised.
func (g *Grader) contextKey(ctx *studentContext, ka *KeyAnswer, got reading, key []byte) (_ []byte, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	if g.upstreamAsKeyed(ctx, ka) {
		// Carry-forward makes the key's own value of answers that are the
		// key's: nothing is carried, as below, without working it out (a
		// third of a generated class's answers, most of a real class's).
		return append(key, '-'), true
	}
	c, carriedOK := g.carriedValue(ctx, ka)
	if !carriedOK || len(c.from) == 0 || !c.matches(got) {
		// Nothing is carried forward: the verdict is the text's alone, the
		// same for every student whose answers carry nothing to it.
		return append(key, '-'), true
	}
	if c.isInt {
		key = strconv.AppendInt(append(key, 'i'), c.intValue, 10)
	} else {
		key = append(key, 's')
		for _, n := range c.shape {
			key = strconv.AppendInt(append(key, ','), n, 10)
		}
	}
	for _, id := range g.provenance(ctx, c.from, new([]string)) {
		key = append(append(key, ';'), id...)
		key = append(append(key, '='), g.studentAnswerText(ctx, id)...)
	}
	return key, true
}

// upstreamAsKeyed reports whether every count and shape the student gave
// that carry-forward reads for ka (computeCarried: the network's layers up
// to ka's) is the key's, so that what it carries forward follows from no
// wrong answer (its from is empty).
func (g *Grader) upstreamAsKeyed(ctx *studentContext, ka *KeyAnswer) bool {
	if ka.network == nil {
		return false
	}
	plan := g.questionPlan(ka)
	if plan == nil {
		return false
	}
	last := ka.layerIndex
	if last < 0 {
		last = len(ka.network.Layers) - 1
	}
	for j := 0; j <= last; j++ {
		if q := plan.shapeQ[j]; q != nil && q != ka {
			if st, given := ctx.shapeOf(q); given && !slices.Equal(st, q.Shape) {
				return false
			}
		}
		if q := plan.countQ[j]; q != nil && q != ka {
			if n, given := ctx.count(q); given && n != q.Int {
				return false
			}
		}
	}
	return true
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
// the same files always give the same bytes. Its Students hold every result;
// a large class is better graded with a ClassGrader, read with Each.
func (g *Grader) GradeClass(subs []*submissions.Submission) *ClassResult {
	return gradeClass(g.NewClassGrader(), subs)
}

// GradeClass is Grader.GradeClass for a class of variants: each student is
// graded against their own.
func (v *Variants) GradeClass(subs []*submissions.Submission) *ClassResult {
	return gradeClass(v.NewClassGrader(), subs)
}

func gradeClass(c *ClassGrader, subs []*submissions.Submission) *ClassResult {
	for _, sub := range subs {
		c.Add(sub)
	}
	cr := c.Finish()
	cr.Students = make([]StudentResult, 0, cr.Len())
	cr.Each(func(s *StudentResult) error {
		kept := *s
		kept.Questions = slices.Clone(s.Questions)
		kept.shared = nil // the results are the student's own copies now
		cr.Students = append(cr.Students, kept)
		return nil
	})
	cr.stored = nil
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
