package grader

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// AnalyseClass is the item analysis of a graded class (see ClassAnalysis),
// in memory bounded whatever the class's size and variety: per question a
// few sums, and the wrong answers grouped by how they were read, at most
// maxAnswerGroups groups a question (see ItemAnalysis.Ungrouped) with at
// most MaxListedStudents students listed in each. The class's totals are
// kept, one number a student, for the score distribution.
//
// A large class is read in contiguous chunks of its students, one a core
// (see analyseClass), and the chunks' tallies merged in order into exactly
// what one pass in the class's order finds: the analysis does not depend on
// the number of cores.
//
// Whether a wrong answer is one of the rubric's known mistakes (Covered) is
// known for a class graded in this process (by a Grader's ClassGrader or
// GradeClass); for any other class it is false.
//
// A student's result on each question is found by its id (at the
// question's position when it is there); a student without one (in a class
// put together by hand) has it missing. The error is Each's: a graded class has none.
func AnalyseClass(c *ClassResult) (*ClassAnalysis, error) {
	return analyseClass(c, analysisChunks(c.Len()))
}

// analysisChunks is how many chunks AnalyseClass reads a class of n
// students in: one a core (passWorkers), none of fewer than
// minAnalysisChunk students.
func analysisChunks(n int) int { return max(1, min(passWorkers(), n/minAnalysisChunk)) }

// minAnalysisChunk is the fewest students worth a goroutine of their own.
const minAnalysisChunk = 4096

// analyseClass is AnalyseClass reading the class in the given number of
// chunks (each tallied on a goroutine of its own; then merged in order).
func analyseClass(c *ClassResult, chunks int) (*ClassAnalysis, error) {
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
	n := c.Len()
	chunks = max(1, min(chunks, n))
	tallies := make([]*classTally, chunks)
	// Each chunk appends its totals in the class's order in its own part of
	// totals; the parts are then moved together.
	totals := make([]float64, n)
	var wg sync.WaitGroup
	for ch := range tallies {
		from, to := n*ch/chunks, n*(ch+1)/chunks
		t := newClassTally(len(questions), variants, from, to)
		t.totals = totals[from:from:to]
		tallies[ch] = t
		if chunks == 1 {
			t.run(newAnalysisReader(c, questions))
			break
		}
		wg.Go(func() { t.run(newAnalysisReader(c, questions)) })
	}
	wg.Wait()
	whole, rd := tallies[0], newAnalysisReader(c, questions)
	for _, t := range tallies[1:] {
		whole.merge(t, rd)
	}

	a := &ClassAnalysis{MaxScore: c.MaxScore, Items: make([]ItemAnalysis, len(questions)), ByDiagnosis: variants,
		Students: whole.students}
	if whole.students > 0 {
		a.Totals = totals[:0]
		for _, t := range tallies {
			a.Totals = append(a.Totals, t.totals...) // never past t.totals: a copy down, or in place
		}
	}
	for i, q := range questions {
		t, item := &whole.items[i], &a.Items[i]
		*item = ItemAnalysis{QuestionID: q.ID, MaxScore: q.MaxScore, Counts: t.statusCounts(),
			Ungrouped: t.ungrouped, Copies: t.copies, CopiedBy: rd.ids(t.copiedBy)}
		item.Difficulty, item.Discrimination = t.sums.meanOver(item.MaxScore), t.sums.correlation()
		item.WrongAnswers = t.top(MaxWrongAnswers, rd)
		for k := range item.WrongAnswers {
			item.WrongAnswers[k].CorrectByCarry = t.correctByCarry(item.WrongAnswers[k].Answer)
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
// A variable, so that a test can reach it with a small class.
var maxAnswerGroups = 1024

// maxGroupedAnswer is the longest read form grouped (as the grader's memo
// keeps no longer answer): a longer one is counted in Ungrouped.
const maxGroupedAnswer = 512

// analysisReader reads a class's students by their position in the class's
// order, for one goroutine of AnalyseClass: from a stored class's records
// (each result read once, a memoised one by its memo index), or from its
// Students.
type analysisReader struct {
	class     *ClassResult
	questions []QuestionInfo
	rd        studentReader
	own       []QuestionResult // a stored student's own results, decoded

	// The student read last: graded is false for one with no submission of
	// their own (nothing else is read then); results[i] is their result on
	// questions[i] (nil when they have none), valid until the next read;
	// refs[i] is its index in lists[i] when it is memoised (then it is the
	// same result for every student with the same ref and list), else -1;
	// list numbers lists (a class of variants has one a variant). total is
	// the student's total, for a class not stored (a stored class's is the
	// sum of the results: classTally.add).
	student *StudentResult // in a class not stored
	graded  bool
	total   float64
	results []*QuestionResult
	refs    []int32
	lists   [][]*QuestionResult
	list    int

	// entries[i] is how results[i] counts, when it is memoised: the tally's
	// memo entry for it.
	entries []*resultClass
}

func newAnalysisReader(c *ClassResult, questions []QuestionInfo) *analysisReader {
	r := &analysisReader{class: c, questions: questions,
		results: make([]*QuestionResult, len(questions)), refs: make([]int32, len(questions)),
		entries: make([]*resultClass, len(questions))}
	if c.stored != nil {
		r.own = make([]QuestionResult, len(questions))
	}
	return r
}

// read reads the student at position j.
func (r *analysisReader) read(j int) {
	s := r.class.stored
	if s == nil {
		// Its results are read as they are counted (classTally.add).
		st := &r.class.Students[j]
		r.student, r.graded, r.total, r.lists = st, st.Submission == "", st.Score, nil
		return
	}
	k := s.order[j]
	r.graded = s.submission(k) == ""
	if !r.graded {
		return
	}
	rs, list := s.resultsOf(k), 0
	if s.variantOf != nil {
		list = int(s.variantOf[k])
	}
	r.lists, r.list = rs.lists, list
	for i := range r.questions {
		ref := rs.ref(i)
		var q *QuestionResult
		if ref < 0 {
			q = &r.own[i]
			s.own.get(int(-ref-1), q, &r.rd.window)
			ref = -1
		} else {
			q = rs.memoised(i, ref)
			if rs.lists == nil {
				ref = -1 // no lists to key a tally's memo by
			}
		}
		r.results[i], r.refs[i] = q, ref
	}
}

// readOne reads the result on questions[i] of the student at position j:
// nil for a student with no submission of their own, or with no result
// on it. It is valid until the next read.
func (r *analysisReader) readOne(j, i int) *QuestionResult {
	s := r.class.stored
	if s == nil {
		st := &r.class.Students[j]
		if st.Submission != "" {
			return nil
		}
		return studentQuestion(st, r.questions[i].ID, i)
	}
	k := s.order[j]
	if s.submission(k) != "" {
		return nil
	}
	return s.result(k, i, &r.rd)
}

// ids is the ids of the students at positions, as the analysis lists them.
func (r *analysisReader) ids(positions []int32) []string {
	if positions == nil {
		return nil
	}
	ids := make([]string, len(positions))
	for n, j := range positions {
		if s := r.class.stored; s != nil {
			ids[n] = string(s.field(s.order[j], idField))
		} else {
			ids[n] = r.class.Students[j].Student
		}
	}
	return ids
}

// classTally is what AnalyseClass gathers from a chunk of the class's
// students, those at positions from to to (not included).
type classTally struct {
	from, to int
	students int
	totals   []float64
	items    []itemTally
	// memo is what each memoised result counts as, and the students counted
	// with it until the chunk's end (see resultClass), by list
	// (analysisReader.list), question and memo index: a result shared by a
	// thousand students is read, and its read form hashed, once.
	memo [][][]resultClass
	// totalSquares is Σ T² of the students whose total T is on the grid
	// (see scoreSums.addOnGrid).
	totalSquares wideInt
}

func newClassTally(questions int, byDiagnosis bool, from, to int) *classTally {
	t := &classTally{from: from, to: to, items: make([]itemTally, questions)}
	for i := range t.items {
		t.items[i] = itemTally{groups: newFormIndex(), byDiagnosis: byDiagnosis, carry: newFormIndex()}
	}
	return t
}

// run tallies the chunk's students.
func (t *classTally) run(r *analysisReader) {
	for j := t.from; j < t.to; j++ {
		r.read(j)
		t.add(r, j)
	}
	for _, byQuestion := range t.memo {
		for i, entries := range byQuestion {
			for k := range entries {
				t.items[i].flush(&entries[k])
			}
		}
	}
	for i := range t.items {
		t.items[i].sums.settle(t.totalSquares)
	}
}

// missingResult is the result of a student short of a question (in a class
// put together by hand): missing, and no points.
var missingResult = QuestionResult{Status: Missing}

// add counts the student r read last, at position j.
func (t *classTally) add(r *analysisReader, j int) {
	if !r.graded {
		for i := range t.items {
			t.items[i].counts[missingIndex]++
		}
		return
	}
	t.students++
	if st := r.student; r.class.stored == nil {
		t.totals = append(t.totals, r.total)
		for i := range t.items {
			q := studentQuestion(st, r.questions[i].ID, i)
			if q == nil {
				q = &missingResult
			}
			t.items[i].countOwn(q, r.total, 0, false, j)
		}
		return
	}
	var memo [][]resultClass
	if r.lists != nil {
		for len(t.memo) <= r.list {
			t.memo = append(t.memo, nil)
		}
		if t.memo[r.list] == nil {
			t.memo[r.list] = make([][]resultClass, len(t.items))
		}
		memo = t.memo[r.list]
	}
	var score float64
	memoOnGrid := false // a result memoised, its score on the grid
	for i := range t.items {
		var e *resultClass
		if ref := r.refs[i]; ref >= 0 {
			if memo[i] == nil {
				memo[i] = make([]resultClass, len(r.lists[i]))
			}
			if e = &memo[i][ref]; !e.known {
				t.items[i].classify(e, r.results[i], j)
			}
			memoOnGrid = memoOnGrid || e.onGrid
			r.entries[i] = e
			score += e.score
			continue
		}
		if r.results[i] == nil {
			r.results[i] = &missingResult
		}
		score += r.results[i].Score
	}
	// The total is roundScore(score), in units too.
	units, onGrid := roundedUnits(score)
	total := float64(units) / 1e4
	if onGrid = onGrid && units > -onGridLimit && units < onGridLimit; !onGrid {
		total = roundScore(score)
	}
	t.totals = append(t.totals, total)
	// A memoised result on the grid counts its students' totals
	// (scoreSums.addOnGrid), when their total is on the grid too; the square
	// of the total is counted once here, taken back for the questions whose
	// result does not count so.
	if onGrid = onGrid && memoOnGrid; onGrid {
		t.totalSquares.addProduct(units, units)
	}
	for i := range t.items {
		it := &t.items[i]
		if r.refs[i] < 0 {
			it.countOwn(r.results[i], total, units, onGrid, j)
			continue
		}
		e := r.entries[i]
		e.n++
		if onGrid && e.onGrid {
			e.nOnGrid++
			e.totals.add(units)
		} else {
			it.countSums(e, total, units, onGrid)
		}
		if e.status == partialIndex || e.status == incorrectIndex {
			it.list(e, r.results[i], j)
		}
	}
}

// merge adds o, the chunk that follows t's, to t: t is then the tally of
// both, as one pass over them would have made it.
func (t *classTally) merge(o *classTally, r *analysisReader) {
	t.students += o.students
	for i := range t.items {
		t.items[i].merge(&o.items[i], r, i, o.to)
	}
	t.to = o.to
}

// itemTally is what AnalyseClass gathers for one question as it reads the
// class (or a chunk of it): the answers' statuses, the exact sums of the
// question's score and the rest of the total, and the wrong answers by read
// form.
type itemTally struct {
	counts    [statuses]int // by statusIndex
	sums      scoreSums
	ungrouped int
	copies    int
	// copiedBy lists the positions of the students of copies, and listed
	// those of each wrong answer's students (by index in wrong), up to
	// MaxListedStudents: their ids are made for the lists that are kept.
	copiedBy []int32
	listed   [][]int32

	groups formIndex // read forms (or diagnoses: byDiagnosis), by index in wrong
	// byDiagnosis groups wrong answers by their diagnosis with its numbers
	// left out, in a class of variants: the same slip is a different answer
	// in each variant, and the same answer a different slip.
	byDiagnosis bool
	wrong       []WrongAnswer
	// carried marks the wrong answers whose verdict was taken from a student
	// credited by carry-forward; one who was not replaces it.
	carried []bool

	// Right answers credited by carry-forward are counted by read form:
	// carryCounts, by index in carry.
	carry       formIndex
	carryCounts []int
}

// formIndex numbers the forms a question's answers are grouped by (wrong
// answers' read forms or diagnoses, carry-forward credits' read forms) in
// the order first written: at most maxAnswerGroups of them, none longer
// than maxGroupedAnswer. overflowAt is the position of the first answer
// left out because there were maxAnswerGroups already (-1 for none).
type formIndex struct {
	index      map[string]int32
	keys       []string // by number
	overflowAt int
}

func newFormIndex() formIndex { return formIndex{overflowAt: -1} }

// find is form's number.
func (x *formIndex) find(form string) (int32, bool) {
	k, ok := x.index[form]
	return k, ok
}

// add is form's number, for form written by the student at position j: a
// new one (isNew) when form is not numbered yet and there is room, -1 when
// there is none (noting where) or form is too long.
func (x *formIndex) add(form string, j int) (k int32, isNew bool) {
	if k, ok := x.index[form]; ok {
		return k, false
	}
	if len(form) > maxGroupedAnswer {
		return -1, false
	}
	if len(x.keys) >= maxAnswerGroups {
		if x.overflowAt < 0 {
			x.overflowAt = j
		}
		return -1, false
	}
	return x.number(strings.Clone(form)), true
}

// adopt numbers form, a form of a later chunk's not numbered here, unless
// there is no room: -1 then.
func (x *formIndex) adopt(form string) int32 {
	if len(x.keys) >= maxAnswerGroups {
		return -1
	}
	return x.number(form)
}

func (x *formIndex) number(form string) int32 {
	if x.index == nil {
		x.index = map[string]int32{}
	}
	k := int32(len(x.keys))
	x.index[form] = k
	x.keys = append(x.keys, form)
	return k
}

// missedBy reports whether o, a later chunk's index, left out for its bound
// a form that x numbers: o counted its answers as left out, and its
// students from o.overflowAt must be read again.
func (x *formIndex) missedBy(o *formIndex) bool {
	if o.overflowAt < 0 {
		return false
	}
	for _, form := range x.keys {
		if _, ok := o.index[form]; !ok {
			return true
		}
	}
	return false
}

// resultClass is what a memoised result counts as in a question's tally,
// found once a chunk (classify), and the students counted with it
// (classTally.add) until they are added to the tally (flush).
type resultClass struct {
	known   bool // (a memo's entry) classified
	status  uint8
	carried bool // credited by carry-forward (QuestionResult.CarriedForward)
	copied  bool // a wrong answer that is another variant's key
	onGrid  bool // x, on the grid, is counted with the students' totals (scoreSums.addOnGrid)
	xKind   int32
	group   int32 // a wrong answer's index in wrong, or -1: ungrouped
	carry   int32 // a right answer credited by carry-forward: its index in carryCounts, or -1
	score   float64
	x       int64 // the score in units, when xKind is xOnGrid

	// The students counted with it: n in all, onGrid of them with their
	// total on the grid, whose totals add up to totals (in units).
	n, nOnGrid int64
	totals     wideInt
}

// The indices of itemTally.counts.
const (
	correctIndex = iota
	partialIndex
	incorrectIndex
	invalidIndex
	reviewIndex
	missingIndex
	statuses
)

// statusIndex is s's index in itemTally.counts: any status not known counts
// as missing.
func statusIndex(s Status) uint8 {
	switch s {
	case Correct:
		return correctIndex
	case Partial:
		return partialIndex
	case Incorrect:
		return incorrectIndex
	case Invalid:
		return invalidIndex
	case Review:
		return reviewIndex
	}
	return missingIndex
}

func (t *itemTally) statusCounts() StatusCounts {
	c := &t.counts
	return StatusCounts{Correct: c[correctIndex], Partial: c[partialIndex], Incorrect: c[incorrectIndex],
		Invalid: c[invalidIndex], Review: c[reviewIndex], Missing: c[missingIndex]}
}

// classify sets e to what q, the result of the student at position j,
// counts as: a new read form is given its group (or its count of
// carry-forward credits) here, the student the first of it.
func (t *itemTally) classify(e *resultClass, q *QuestionResult, j int) {
	*e = resultClass{known: true, status: statusIndex(q.Status), carried: len(q.CarriedForward) > 0,
		score: q.Score, group: -1, carry: -1}
	e.x, e.xKind = t.sums.xKind(q.Score)
	e.onGrid = e.xKind == xOnGrid && e.x > -onGridLimit && e.x < onGridLimit
	switch e.status {
	case correctIndex:
		if e.carried {
			e.carry = t.carryGroup(q, j)
		}
	case partialIndex, incorrectIndex:
		e.copied = len(q.CopiedFrom) > 0
		e.group = t.group(q, j)
	}
}

// countSums counts in the sums a student with a result classified as e
// that does not add their total to e's (scoreSums.addOnGrid): their total
// is total (units, in units of 1e-4, when on the grid), its square taken
// back from the chunk's with takeBack. (A memoised result's counts wait
// for flush.)
func (t *itemTally) countSums(e *resultClass, total float64, units int64, takeBack bool) {
	if takeBack {
		t.sums.offGridTotalSquares.addProduct(units, units)
	}
	y, yInRange := roundedUnits(total - e.score)
	t.sums.add(e.score, e.x, e.xKind, y, yInRange)
}

// list lists the student at position j with q, a wrong answer classified as
// e, among its students (and those of the copies), and takes its group's
// verdict from q when that is the first not credited by carry-forward.
func (t *itemTally) list(e *resultClass, q *QuestionResult, j int) {
	if e.copied && len(t.copiedBy) < MaxListedStudents {
		t.copiedBy = append(t.copiedBy, int32(j))
	}
	if k := e.group; k >= 0 {
		if t.carried[k] && !e.carried {
			t.setVerdict(int(k), q)
		}
		if len(t.listed[k]) < MaxListedStudents {
			t.listed[k] = append(t.listed[k], int32(j))
		}
	}
}

// countOwn counts the student at position j with q, a result not memoised:
// all of what classify, countSums, list and flush do for a memoised one.
func (t *itemTally) countOwn(q *QuestionResult, total float64, units int64, takeBack bool, j int) {
	status := statusIndex(q.Status)
	t.counts[status]++
	if takeBack {
		t.sums.offGridTotalSquares.addProduct(units, units)
	}
	x, kind := t.sums.xKind(q.Score)
	y, yInRange := roundedUnits(total - q.Score)
	t.sums.add(q.Score, x, kind, y, yInRange)
	carried := len(q.CarriedForward) > 0
	switch status {
	case correctIndex:
		if carried {
			if k := t.carryGroup(q, j); k >= 0 {
				t.carryCounts[k]++
			}
		}
	case partialIndex, incorrectIndex:
		if len(q.CopiedFrom) > 0 {
			t.copies++
			if len(t.copiedBy) < MaxListedStudents {
				t.copiedBy = append(t.copiedBy, int32(j))
			}
		}
		if k := t.group(q, j); k >= 0 {
			t.countWrong(int(k), q, carried, j)
		} else {
			t.ungrouped++
		}
	}
}

// flush adds e's students to the counts, and leaves e with none.
func (t *itemTally) flush(e *resultClass) {
	n := int(e.n)
	if n == 0 {
		return
	}
	t.counts[e.status] += n
	switch e.status {
	case correctIndex:
		if e.carry >= 0 {
			t.carryCounts[e.carry] += n
		}
	case partialIndex, incorrectIndex:
		if e.copied {
			t.copies += n
		}
		if e.group < 0 {
			t.ungrouped += n
			break
		}
		w := &t.wrong[e.group]
		w.Count += n
		if e.carried {
			w.CarriedForward += n
		}
	}
	if e.nOnGrid > 0 {
		t.sums.addOnGrid(e.x, e.nOnGrid, &e.totals)
	}
	e.n, e.nOnGrid, e.totals = 0, 0, wideInt{}
}

// countWrong counts q, a wrong answer, in group k.
func (t *itemTally) countWrong(k int, q *QuestionResult, carried bool, j int) {
	if t.carried[k] && !carried {
		t.setVerdict(k, q)
	}
	w := &t.wrong[k]
	w.Count++
	if carried {
		w.CarriedForward++
	}
	if len(t.listed[k]) < MaxListedStudents {
		t.listed[k] = append(t.listed[k], int32(j))
	}
}

// groupKey is how q, a wrong answer, is grouped.
func (t *itemTally) groupKey(q *QuestionResult) string {
	if t.byDiagnosis {
		return numbersLeftOut(q.Feedback)
	}
	return readForm(q)
}

// group is the index of q's group, for q a wrong answer of the student at
// position j, a new group when q is the first of it and there is room;
// -1 when it is not grouped.
func (t *itemTally) group(q *QuestionResult, j int) int32 {
	k, isNew := t.groups.add(t.groupKey(q), j)
	if !isNew {
		return k
	}
	// A class of variants shows its group's first answer.
	t.wrong = append(t.wrong, WrongAnswer{Answer: strings.Clone(readForm(q)), Written: strings.Clone(q.Answer)})
	t.carried = append(t.carried, false)
	t.listed = append(t.listed, nil)
	t.setVerdict(int(k), q)
	return k
}

// carryGroup is the index in carryCounts of q's read form, for q a right
// answer credited by carry-forward of the student at position j; -1 when
// it is not counted.
func (t *itemTally) carryGroup(q *QuestionResult, j int) int32 {
	k, isNew := t.carry.add(readForm(q), j)
	if isNew {
		t.carryCounts = append(t.carryCounts, 0)
	}
	return k
}

// correctByCarry is how many right answers credited by carry-forward were
// read as form.
func (t *itemTally) correctByCarry(form string) int {
	if k, ok := t.carry.find(form); ok {
		return t.carryCounts[k]
	}
	return 0
}

// merge adds o, the tally of question i in the chunk that follows t's,
// ending at position end, to t, as one pass over both would have counted
// them; r reads the chunk's students again when that is needed (below).
//
// One pass groups a question's first maxAnswerGroups read forms, in the
// order first written, and counts every later answer of one of them in
// its group. The chunks' groups, taken in order, skipping the forms
// already grouped, list the forms in the order the whole class first wrote
// them, up to each chunk's own bound: a form a chunk left ungrouped for its
// bound came after the chunk's maxAnswerGroups forms, which are then all
// grouped or seen, and so was not among the whole class's first either,
// unless an earlier chunk had written it: then it is a group of t's that
// o left ungrouped. Those answers are found by reading o's students again,
// from the first answer o left ungrouped for its bound, when t has a group
// o does not. (Only a class of more than maxAnswerGroups different wrong
// answers a question can need it.) Likewise for the carry-forward credits.
func (t *itemTally) merge(o *itemTally, r *analysisReader, i, end int) {
	for s := range t.counts {
		t.counts[s] += o.counts[s]
	}
	t.sums.merge(&o.sums)
	t.ungrouped += o.ungrouped
	t.copies += o.copies
	t.copiedBy = appendListed(t.copiedBy, o.copiedBy)
	for k, key := range o.groups.keys {
		w := &o.wrong[k]
		if tk, ok := t.groups.find(key); ok {
			// A group's verdict is its first student's not credited by
			// carry-forward, or else its first student's.
			tw := &t.wrong[tk]
			if t.carried[tk] && !o.carried[k] {
				tw.Status, tw.Score, tw.Diagnosis = w.Status, w.Score, w.Diagnosis
				t.carried[tk] = false
			}
			tw.Count += w.Count
			tw.CarriedForward += w.CarriedForward
			t.listed[tk] = appendListed(t.listed[tk], o.listed[k])
		} else if t.groups.adopt(key) >= 0 {
			t.wrong = append(t.wrong, *w)
			t.carried = append(t.carried, o.carried[k])
			t.listed = append(t.listed, o.listed[k])
		} else {
			t.ungrouped += w.Count
		}
	}
	for k, form := range o.carry.keys {
		if tk, ok := t.carry.find(form); ok {
			t.carryCounts[tk] += o.carryCounts[k]
		} else if t.carry.adopt(form) >= 0 {
			t.carryCounts = append(t.carryCounts, o.carryCounts[k])
		}
	}
	groups, carried := t.groups.missedBy(&o.groups), t.carry.missedBy(&o.carry)
	if !groups && !carried {
		return
	}
	from := end
	if groups {
		from = o.groups.overflowAt
	}
	if carried {
		from = min(from, o.carry.overflowAt)
	}
	for j := from; j < end; j++ {
		q := r.readOne(j, i)
		if q == nil {
			continue
		}
		switch statusIndex(q.Status) {
		case correctIndex:
			if !carried || j < o.carry.overflowAt || len(q.CarriedForward) == 0 {
				continue
			}
			form := readForm(q)
			if _, ok := o.carry.find(form); ok {
				continue // counted in o
			}
			if k, ok := t.carry.find(form); ok {
				t.carryCounts[k]++
			}
		case partialIndex, incorrectIndex:
			if !groups || j < o.groups.overflowAt {
				continue
			}
			key := t.groupKey(q)
			if _, ok := o.groups.find(key); ok {
				continue // counted in o
			}
			if k, ok := t.groups.find(key); ok {
				t.ungrouped-- // o counted it so
				t.countWrong(int(k), q, len(q.CarriedForward) > 0, j)
			}
		}
	}
}

// appendListed appends to a list of students the first of more, up to
// MaxListedStudents in all.
func appendListed(list, more []int32) []int32 {
	return append(list, more[:min(len(more), MaxListedStudents-len(list))]...)
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

// setVerdict takes wrong answer k's status, score and diagnosis from q.
func (t *itemTally) setVerdict(k int, q *QuestionResult) {
	w := &t.wrong[k]
	w.Status, w.Score, w.Diagnosis = q.Status, q.Score, strings.Clone(q.Feedback)
	t.carried[k] = len(q.CarriedForward) > 0
}

// top is the n most frequent wrong answers, most frequent first, answers of
// equal count in the order they were first written, with the ids of their
// students listed (read by r).
func (t *itemTally) top(n int, r *analysisReader) []WrongAnswer {
	order := make([]int, len(t.wrong))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(t.wrong[b].Count, t.wrong[a].Count) })
	out := make([]WrongAnswer, 0, min(n, len(order)))
	for _, k := range order[:min(n, len(order))] {
		w := t.wrong[k]
		w.Students = r.ids(t.listed[k])
		out = append(out, w)
	}
	return out
}

// roundTo4 rounds a statistic to 4 decimals, as scores are, so that its
// last bits never show.
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
//
// The answers are judged on a few goroutines at once (RenderWorkers), as
// a ClassGrader grades (the engine's work for one answer is all its own),
// each with a grader of its own under the student policy.
func (g *Grader) markCovered(a *ClassAnalysis) {
	type answer struct {
		question int // in g.questions
		w        *WrongAnswer
	}
	var answers []answer
	for i := range a.Items {
		item := &a.Items[i]
		for j := range g.questions {
			if g.questions[j].key.Question.ID == item.QuestionID {
				for k := range item.WrongAnswers {
					answers = append(answers, answer{j, &item.WrongAnswers[k]})
				}
				break
			}
		}
	}
	workers := min(passWorkers(), len(answers))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		student := New(g.Key, g.Rubric)
		student.SelfCheck = true
		mark := func() {
			for n := int(next.Add(1) - 1); n < len(answers); n = int(next.Add(1) - 1) {
				g.markAnswer(student, answers[n].question, answers[n].w)
			}
		}
		if workers == 1 {
			mark()
			break
		}
		wg.Go(mark)
	}
	wg.Wait()
}

// markAnswer is markCovered for w, a wrong answer to g's i-th question;
// student is g under the student policy.
func (g *Grader) markAnswer(student *Grader, i int, w *WrongAnswer) {
	q, sq := &g.questions[i], &student.questions[i]
	got, err := readAnswer(q, w.Written)
	if err != nil {
		return
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
