package grader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/submissions"
)

// ClassGrader grades a class one submission at a time, as a reader hands them
// over, and keeps each student as a small record: who, from where, and per
// question the index of the result in the grader's memo (a class writes the
// same few hundred answers many times over). A submission is not kept once it
// is graded, so a class of any size is held in a few bytes a student.
// Submissions are graded in batches across GOMAXPROCS workers while the
// reader goes on filling the next batch; the results do not depend on how
// many workers there are, or on which met an answer first.
type ClassGrader struct {
	g       *Grader
	workers int
	// batches are filled and graded in turn: one fills while the ones
	// before it are graded, one after another (pending, in the order added;
	// each done when its done is closed), and stored in that order when a
	// batch is needed to fill. With a few in hand, neither the reader nor
	// the workers wait for the other batch by batch.
	batches []classBatch
	filling *classBatch
	pending []*classBatch
	free    []*classBatch
	scratch []grading // one a worker
	class   *storedStudents
	// variants, for a set with params, gives each student their variant's
	// grader; a worker's scratch holds what it found in one grader's memos,
	// so it has one a variant (variantScratch[worker][variant]).
	variants       *Variants
	variantScratch [][]*grading
}

// classBatch is submissions graded together, and their results.
type classBatch struct {
	subs   []*submissions.Submission
	graded []gradedSubmission // subs' results, by position
	done   chan struct{}
}

// gradedSubmission is a submission's results before it is stored: per
// question a memo index, or -1 for a result of its own.
type gradedSubmission struct {
	refs    []int32
	own     []QuestionResult
	variant int32 // the student's variant, for a class of variants
}

// batchSize is how many submissions are graded together: enough to keep the
// workers busy, few enough that the batches are no burden on memory.
const batchSize = 512

// batchesInHand is how many batches a ClassGrader has: one filling, the
// rest graded or waiting to be.
const batchesInHand = 4

// NewClassGrader starts grading a class with g. g's policy (SelfCheck) must
// not change while the class is graded.
func (g *Grader) NewClassGrader() *ClassGrader {
	workers := max(1, runtime.GOMAXPROCS(0))
	c := &ClassGrader{g: g, workers: workers, scratch: make([]grading, workers),
		class: &storedStudents{g: g, policy: g.policy(), questions: len(g.questions)}}
	c.batches = make([]classBatch, batchesInHand)
	for i := range c.batches {
		c.batches[i].graded = make([]gradedSubmission, batchSize)
		c.free = append(c.free, &c.batches[i])
	}
	c.filling, c.free = c.free[0], c.free[1:]
	return c
}

// NewClassGrader starts grading a class whose every student is graded
// against their own variant. v's policy (SelfCheck) is the class's.
func (v *Variants) NewClassGrader() *ClassGrader {
	c := v.base.NewClassGrader()
	c.variants, c.class.variants = v, v
	c.variantScratch = make([][]*grading, c.workers)
	return c
}

// scratchFor is worker's scratch for variant i.
func (c *ClassGrader) scratchFor(worker int, i int32) *grading {
	row := c.variantScratch[worker]
	for int(i) >= len(row) {
		row = append(row, nil)
	}
	c.variantScratch[worker] = row
	if row[i] == nil {
		row[i] = new(grading)
	}
	return row[i]
}

// SpillTo has the class keep the results of students' own (answers no memo
// holds) in spill past a few megabytes, rather than in memory. Call it before
// the first Add.
func (c *ClassGrader) SpillTo(spill Spill) { c.class.own.spill = spill }

// Records is about how many bytes the class's records take in memory so far:
// blocks of text and indices, which hold no pointers, so that the collector
// has nothing to look through in them.
func (c *ClassGrader) Records() int64 {
	s := c.class
	n := int64(cap(s.start))*4 + int64(cap(s.wideStart))*8 + int64(cap(s.order))*4 + int64(cap(s.variantOf))*4 +
		int64(cap(s.own.mem)) + int64(cap(s.own.offsets))*8
	for _, b := range s.text {
		n += int64(cap(b))
	}
	for _, b := range s.refs {
		n += int64(cap(b.small))*2 + int64(cap(b.wide))*4
	}
	return n
}

// Add grades sub and keeps its record; sub is not kept.
func (c *ClassGrader) Add(sub *submissions.Submission) {
	b := c.filling
	b.subs = append(b.subs, sub)
	if len(b.subs) == batchSize {
		c.launch()
	}
}

// Len is the number of submissions added.
func (c *ClassGrader) Len() int {
	n := c.class.len() + len(c.filling.subs)
	for _, b := range c.pending {
		n += len(b.subs)
	}
	return n
}

// launch starts grading the batch filled, in the background when there are
// workers to share it, once the batches before it are graded (the workers'
// scratch is theirs); then it takes a batch to fill, storing the oldest
// graded one when none is free.
func (c *ClassGrader) launch() {
	b := c.filling
	if len(b.subs) == 0 {
		return
	}
	b.done = make(chan struct{})
	var before chan struct{}
	if n := len(c.pending); n > 0 {
		before = c.pending[n-1].done
	}
	c.pending = append(c.pending, b)
	if c.workers == 1 {
		c.grade(b)
	} else {
		go func() {
			if before != nil {
				<-before
			}
			c.grade(b)
		}()
	}
	if len(c.free) == 0 {
		c.storeOldest()
	}
	c.filling, c.free = c.free[len(c.free)-1], c.free[:len(c.free)-1]
}

// storeOldest stores the first batch pending, in the order it was added,
// once graded, and frees it.
func (c *ClassGrader) storeOldest() {
	b := c.pending[0]
	<-b.done
	for i, sub := range b.subs {
		c.class.add(sub, &b.graded[i])
		b.subs[i] = nil
	}
	b.subs = b.subs[:0]
	c.pending = append(c.pending[:0], c.pending[1:]...)
	c.free = append(c.free, b)
}

// wait stores every batch pending, in the order added, once graded.
func (c *ClassGrader) wait() {
	for len(c.pending) > 0 {
		c.storeOldest()
	}
}

// grade grades a batch across the workers and closes its done.
func (c *ClassGrader) grade(b *classBatch) {
	defer close(b.done)
	n := len(b.subs)
	gradeOne := func(i, worker int) {
		out := &b.graded[i]
		out.refs, out.own = out.refs[:0], out.own[:0]
		if c.variants == nil {
			gradeSubmission(c.g, &c.scratch[worker], b.subs[i], out)
			return
		}
		out.variant = c.variants.index(b.subs[i].Student)
		e := c.variants.entry(out.variant)
		if e.err != nil {
			out.own = c.variants.failedResults(b.subs[i], e)
			for range out.own {
				out.refs = append(out.refs, -1)
			}
			return
		}
		gradeSubmission(e.g, c.scratchFor(worker, out.variant), b.subs[i], out)
	}
	if c.workers == 1 || n < 2*c.workers {
		for i := range n {
			gradeOne(i, 0)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range c.workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				gradeOne(i, w)
			}
		})
	}
	wg.Wait()
}

// gradeSubmission grades sub with g into out, using w's scratch.
func gradeSubmission(g *Grader, w *grading, sub *submissions.Submission, out *gradedSubmission) {
	defer func() {
		// gradeEach recovers from a panic of the engine's in any one
		// answer; anything else fails this student alone, not the class.
		if r := recover(); r != nil {
			*w = grading{}
			out.refs, out.own = out.refs[:0], g.failedResults(sub, r)
			for range out.own {
				out.refs = append(out.refs, -1)
			}
		}
	}()
	g.gradeEach(sub, w, func(_ int, ref int32, qr *QuestionResult) {
		out.refs = append(out.refs, ref)
		if ref < 0 {
			out.own = append(out.own, *qr)
		}
	})
}

// flush grades and stores every submission added.
func (c *ClassGrader) flush() {
	c.launch()
	c.wait()
}

// Has reports whether a submission of student was added. Call it once every
// submission is (after it, Add sorts the class again).
func (c *ClassGrader) Has(student string) bool {
	c.flush()
	c.class.sortByStudent()
	_, found := c.class.find(student)
	return found
}

// Kept reports whether the class keeps the submission of student read from
// source (after DropDuplicates, a student's one submission).
func (c *ClassGrader) Kept(student, source string) bool {
	c.flush()
	c.class.sortByStudent()
	i, found := c.class.find(student)
	for ; found && i < len(c.class.order) && string(c.class.field(c.class.order[i], idField)) == student; i++ {
		if c.class.source(c.class.order[i]) == source {
			return true
		}
	}
	return false
}

// DropDuplicates keeps one submission per student, as submissions.Collect
// does: the first read, and one marked unreadable only when none of the
// student's could be read. It returns a problem for each readable submission
// dropped, in the order they were added.
func (c *ClassGrader) DropDuplicates() []error {
	c.flush()
	return c.class.dropDuplicates()
}

// Finish is the graded class, in student id order (a student with several
// submissions in the order they were added), with each question's mean.
func (c *ClassGrader) Finish() *ClassResult {
	c.flush()
	g := c.g
	cr := &ClassResult{ProblemSet: g.Key.Set.ID, Title: g.Key.Set.Title, stored: c.class, grader: g}
	for _, ka := range g.Key.Answers {
		pts := g.Rubric.For(ka.Question.ID).Points
		cr.MaxScore += pts
		cr.Questions = append(cr.Questions, QuestionInfo{ID: ka.Question.ID, Text: ka.Question.Text, MaxScore: pts})
	}
	cr.MaxScore = roundScore(cr.MaxScore)
	s := c.class
	s.sortByStudent()
	s.lists = g.lists(s.policy)
	if c.variants != nil {
		n := c.variants.count()
		s.graders, s.variantLists = make([]*Grader, n), make([][][]*QuestionResult, n)
		for v := range n {
			s.graders[v] = c.variants.grader(int32(v))
			s.variantLists[v] = s.graders[v].lists(s.policy)
		}
		cr.grader = nil // its rubric's known answers are each variant's
	}
	// One pass over the records for the means, and for what a report would
	// otherwise read every student for before writing the first (Summary).
	sum := ClassSummary{Finite: true}
	sums := make([]float64, s.questions)
	for _, k := range s.order {
		sum.SubmissionNotes = sum.SubmissionNotes || s.submission(k) != ""
		var score, max float64
		rs := s.resultsOf(k)
		for i := range sums {
			qr := rs.result(i, &s.reader)
			sums[i] += qr.Score
			score += qr.Score
			max += qr.MaxScore
			sum.Review = sum.Review || qr.Status == Review
		}
		sum.TotalSum += roundScore(score)
		sum.Finite = sum.Finite && isFinite(score) && isFinite(max)
	}
	if n := len(s.order); n > 0 {
		for i := range cr.Questions {
			cr.Questions[i].Mean = roundScore(sums[i] / float64(n))
		}
	}
	s.summary = sum
	return cr
}

// lists is each question's memoised results under policy.
func (g *Grader) lists(policy int) [][]*QuestionResult {
	lists := make([][]*QuestionResult, len(g.questions))
	for i := range lists {
		memo := g.memo(policy, i)
		memo.mu.RLock()
		lists[i] = memo.list
		memo.mu.RUnlock()
	}
	return lists
}

// ClassSummary is what a report needs to know of a whole class before it
// writes its first student.
type ClassSummary struct {
	SubmissionNotes bool    // some student's submission was not read (unreadable, or none)
	Review          bool    // some answer's status is review
	TotalSum        float64 // the students' totals added in the class's order
	Finite          bool    // every score a student has is a finite number
}

// Summary is the class's ClassSummary, known without reading every student
// for a class graded by a ClassGrader, whose students have the questions of
// Questions in order; ok is false for any other class (read its students).
func (c *ClassResult) Summary() (_ ClassSummary, ok bool) {
	if c.stored == nil {
		return ClassSummary{}, false
	}
	return c.stored.summary, true
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// storedStudents is a graded class kept compactly (see ClassGrader): the
// students' text in blocks of bytes, their results as indices. Storage grows
// by blocks, not by copying a slice of the whole class: a slice that large
// grows by a quarter at a time, and its copies would cost more than the class.
type storedStudents struct {
	g         *Grader
	policy    int
	questions int
	// text holds each student's tag (see add), line (when the source is a
	// line of its file), id, name, source (unless it is a line) and problem,
	// each written as a length and its bytes, in blocks of textBlock bytes;
	// start is where each student's begins: block<<16 | offset, four bytes
	// a student. Past maxNarrowBlocks blocks (4 GiB of text) the students
	// that follow start at wideStart's block<<32 | offset.
	text      [][]byte
	start     []uint32
	wideStart []uint64
	files     []string
	// refs holds, in blocks of refBlock students, questions indices a
	// student: a result in the grader's memo, or -(k+1) for own's k-th, a
	// result not memoised.
	refs []refBlockOf
	own  ownResults
	// order is the students in the class's order (by student id once sorted);
	// a student dropped as a duplicate is not in it.
	order  []int32
	sorted bool
	// unordered is set once a student is added whose id is not above the
	// last one added: until then the students are in id order, each once,
	// and neither sorting nor dropping duplicates has anything to do (an
	// export is usually in id order; checking as it is read costs one
	// comparison a student, not a pass over the class). lastID is the last
	// id added.
	unordered bool
	lastID    []byte
	// lists is each question's memoised results as the class was finished:
	// all that its refs name, read without the memo's lock.
	lists   [][]*QuestionResult
	summary ClassSummary  // as Finish found it
	buf     StudentResult // the result Each hands out, built anew each time
	reader  studentReader // Each's and Finish's
	// A class of variants (variants not nil) keeps each student's variant
	// (variantOf, by student), and reads their results from that variant's
	// grader: graders and variantLists are, by variant, the graders and
	// their lists as the class was finished.
	variants     *Variants
	variantOf    []int32
	graders      []*Grader
	variantLists [][][]*QuestionResult
}

// studentReader is what one goroutine needs to read a stored class's
// students: room for a result of a student's own, decoded, and its window
// on the spill.
type studentReader struct {
	scratch QuestionResult
	window  ownWindow
	strings stringArena // the strings of the students built
	// sharedUncopied leaves a shared result out of the student's Questions
	// (ClassResult.RenderResults): its entry keeps what it held.
	sharedUncopied bool
}

const (
	textBlock = 1 << 16
	refBlock  = 1 << 12
)

// refBlockOf is a block of result indices: two bytes each while they are
// all memo indices (which maxMemoized keeps below 1<<16), four once one is
// a result of a student's own.
type refBlockOf struct {
	small []uint16
	wide  []int32
}

func (b *refBlockOf) append(ref int32) {
	if b.wide == nil && ref >= 0 {
		b.small = append(b.small, uint16(ref))
		return
	}
	if b.wide == nil {
		b.wide = make([]int32, len(b.small), cap(b.small))
		for i, r := range b.small {
			b.wide[i] = int32(r)
		}
		b.small = nil
	}
	b.wide = append(b.wide, ref)
}

func (b *refBlockOf) at(i int) int32 {
	if b.wide != nil {
		return b.wide[i]
	}
	return int32(b.small[i])
}

var submissionStatuses = []SubmissionStatus{"", SubmissionUnreadable, SubmissionNone}

func (s *storedStudents) add(sub *submissions.Submission, r *gradedSubmission) {
	k := int32(len(s.start) + len(s.wideStart))
	// The source is kept as its file's number and what follows "file:",
	// a line number as a number: a CSV row's source costs a few bytes.
	file, source, line, isLine := 0, sub.Source, uint64(0), false
	if rest, ok := strings.CutPrefix(sub.Source, sub.File); ok && sub.File != "" && strings.HasPrefix(rest, ":") {
		rest = rest[1:]
		if len(s.files) == 0 || s.files[len(s.files)-1] != sub.File {
			s.files = append(s.files, sub.File)
		}
		file, source = len(s.files), rest
		// Only a line as FormatUint writes it ("12", not "012") reads back the same.
		if n, err := strconv.ParseUint(rest, 10, 32); err == nil && (len(rest) == 1 || rest[0] != '0') {
			source, line, isLine = "", n, true
		}
	}
	// The tag is the file's number, the submission's status (an index in
	// submissionStatuses) and whether the source is a line: file<<3 |
	// status<<1 | isLine.
	status := slices.Index(submissionStatuses, newStudentResult(sub).Submission)
	tag := uint64(file)<<3 | uint64(status)<<1
	fields := [...]string{sub.Student, sub.Name, source, sub.Unreadable}
	sourceless := fields[:]
	if isLine {
		tag |= 1
		sourceless = []string{sub.Student, sub.Name, sub.Unreadable}
	}
	size := binary.MaxVarintLen64 * (len(fields) + 2)
	for _, f := range fields {
		size += len(f)
	}
	// A student starts a new block when theirs is full, or past the first
	// textBlock bytes of one made larger for a long text: a start's offset
	// has 16 bits.
	if n := len(s.text); n == 0 || len(s.text[n-1])+size > cap(s.text[n-1]) || len(s.text[n-1]) >= textBlock {
		s.text = append(s.text, make([]byte, 0, max(textBlock, size)))
	}
	b := len(s.text) - 1
	block := &s.text[b]
	if b < maxNarrowBlocks && len(s.wideStart) == 0 {
		s.start = append(s.start, uint32(b)<<16|uint32(len(*block)))
	} else {
		s.wideStart = append(s.wideStart, uint64(b)<<32|uint64(len(*block)))
	}
	*block = binary.AppendUvarint(*block, tag)
	if tag&1 != 0 {
		*block = binary.AppendUvarint(*block, line)
	}
	for _, f := range sourceless {
		*block = binary.AppendUvarint(*block, uint64(len(f)))
		*block = append(*block, f...)
	}
	if int(k)%refBlock == 0 {
		s.refs = append(s.refs, refBlockOf{small: make([]uint16, 0, refBlock*s.questions)})
	}
	refs := &s.refs[len(s.refs)-1]
	own := r.own
	for _, ref := range r.refs {
		if ref < 0 {
			ref = -int32(s.own.add(&own[0])) - 1
			own = own[1:]
		}
		refs.append(ref)
	}
	if s.variants != nil {
		s.variantOf = append(s.variantOf, r.variant)
	}
	s.order = append(s.order, k)
	s.sorted = false
	if len(s.order) > 1 && sub.Student <= string(s.lastID) {
		s.unordered = true
	}
	s.lastID = append(s.lastID[:0], sub.Student...)
}

// inIDOrder reports whether the students were added in id order, each once.
func (s *storedStudents) inIDOrder() bool {
	return !s.unordered && len(s.order) == len(s.start)+len(s.wideStart)
}

func (s *storedStudents) len() int { return len(s.order) }

// The fields of a student's text.
const (
	idField = iota
	nameField
	sourceField
	problemField
)

// head reads the start of student k's text: the file's number (0 for
// none), the submission's status, the line (when the source is a line of the
// file) and the fields.
func (s *storedStudents) head(k int32) (file int, status SubmissionStatus, line uint64, isLine bool, fields []byte) {
	var text []byte
	if int(k) < len(s.start) {
		at := s.start[k]
		text = s.text[at>>16][at&0xffff:]
	} else {
		at := s.wideStart[int(k)-len(s.start)]
		text = s.text[at>>32][uint32(at):]
	}
	tag, w := binary.Uvarint(text)
	text = text[w:]
	if tag&1 != 0 {
		line, w = binary.Uvarint(text)
		text = text[w:]
	}
	return int(tag >> 3), submissionStatuses[tag>>1&3], line, tag&1 != 0, text
}

// maxNarrowBlocks is how many blocks of text a four-byte start can name.
// A variable, so that a test can reach it.
var maxNarrowBlocks = 1 << 16

// studentText is a student's text as stored, read in one pass: the file's
// number (0 for none), the submission's status, the line (when the source is
// a line of the file) and the fields (sourceField empty when it is a line).
type studentText struct {
	file   int
	status SubmissionStatus
	line   uint64
	isLine bool
	fields [problemField + 1][]byte
}

// textOf reads student k's text.
func (s *storedStudents) textOf(k int32) studentText {
	var t studentText
	var text []byte
	t.file, t.status, t.line, t.isLine, text = s.head(k)
	for n := range t.fields {
		if n == sourceField && t.isLine {
			continue
		}
		size, w := binary.Uvarint(text)
		t.fields[n], text = text[w:w+int(size)], text[w+int(size):]
	}
	return t
}

// field is a text field of student k (empty for sourceField when the source
// is a line: see source). It reads no further than field n: sorting, finding
// and dropping duplicates ask for the id, the first, twice a comparison, and
// reading all four there (textOf) had made sorting 100,000 students added
// in no order 1.7 times as slow (BenchmarkSortShuffledClass).
func (s *storedStudents) field(k int32, n int) []byte {
	_, _, _, isLine, text := s.head(k)
	if isLine && n >= sourceField {
		if n == sourceField {
			return nil
		}
		n-- // no source field
	}
	for {
		size, w := binary.Uvarint(text)
		text = text[w:]
		if n == 0 {
			return text[:size]
		}
		text = text[size:]
		n--
	}
}

// source is student k's source: "class.csv:12", or a file's name.
func (s *storedStudents) source(k int32) string {
	t := s.textOf(k)
	return s.sourceIn(&t, nil)
}

// sourceIn is t's source, its string made in strs when that is not nil.
func (s *storedStudents) sourceIn(t *studentText, strs *stringArena) string {
	var digits [20]byte
	switch {
	case t.isLine:
		return strs.concat(s.files[t.file-1], ":", strconv.AppendUint(digits[:0], t.line, 10))
	case t.file == 0:
		return strs.concat("", "", t.fields[sourceField])
	}
	return strs.concat(s.files[t.file-1], ":", t.fields[sourceField])
}

// stringArena makes many small strings from a few large allocations: a
// class's students' ids, names and sources, read back a student at a time,
// would otherwise cost an allocation each. A string made in it stays valid
// (a strings.Builder never changes what it has written; a full one is left
// to the strings made in it and a new one started).
type stringArena struct {
	b strings.Builder
}

// stringArenaSize is the room each of an arena's builders starts with.
const stringArenaSize = 32 << 10

// concat is a + b + c, made in the arena (with a nil arena, allocated on
// its own).
func (a *stringArena) concat(x, y string, z []byte) string {
	n := len(x) + len(y) + len(z)
	if a == nil {
		return x + y + string(z)
	}
	if a.b.Cap()-a.b.Len() < n {
		a.b = strings.Builder{}
		a.b.Grow(max(stringArenaSize, n))
	}
	start := a.b.Len()
	a.b.WriteString(x)
	a.b.WriteString(y)
	a.b.Write(z)
	return a.b.String()[start:]
}

func (s *storedStudents) submission(k int32) SubmissionStatus {
	_, status, _, _, _ := s.head(k)
	return status
}

// result is student k's result on question i; a result of the student's own
// is decoded into rd's scratch.
func (s *storedStudents) result(k int32, i int, rd *studentReader) *QuestionResult {
	rs := s.resultsOf(k)
	return rs.result(i, rd)
}

// studentResults finds one stored student's results: their block of refs
// and their grader looked up once, for each result in turn.
type studentResults struct {
	s     *storedStudents
	g     *Grader
	lists [][]*QuestionResult // g's, once the class is finished
	refs  *refBlockOf
	first int // where the student's refs start in refs
}

func (s *storedStudents) resultsOf(k int32) studentResults {
	g, lists := s.g, s.lists
	if s.variantOf != nil {
		g, lists = s.variantGrader(k)
	}
	return studentResults{s: s, g: g, lists: lists, refs: &s.refs[int(k)/refBlock], first: int(k) % refBlock * s.questions}
}

// ref is the student's i-th ref: a memo index, or -(n+1) for the n-th of
// the results of students' own.
func (r *studentResults) ref(i int) int32 { return r.refs.at(r.first + i) }

// result is the student's result on question i; a result of their own is
// decoded into rd's scratch.
func (r *studentResults) result(i int, rd *studentReader) *QuestionResult {
	ref := r.ref(i)
	if ref < 0 {
		r.s.own.get(int(-ref-1), &rd.scratch, &rd.window)
		ka := r.g.questions[i].key
		rd.scratch.ID, rd.scratch.Text = ka.Question.ID, ka.Question.Text
		return &rd.scratch
	}
	return r.memoised(i, ref)
}

// memoised is the result at memo index ref of question i.
func (r *studentResults) memoised(i int, ref int32) *QuestionResult {
	if r.lists != nil {
		return r.lists[i][ref]
	}
	return r.g.memo(r.s.policy, i).result(ref)
}

// variantGrader is the grader of student k's variant, and its lists once
// the class is finished.
func (s *storedStudents) variantGrader(k int32) (*Grader, [][]*QuestionResult) {
	v := s.variantOf[k]
	if s.variantLists != nil {
		return s.graders[v], s.variantLists[v]
	}
	return s.variants.grader(v), nil
}

// variantValues is student k's values, in a class of variants.
func (s *storedStudents) variantValues(k int32) problems.Values {
	if s.variantOf == nil {
		return nil
	}
	return s.variants.entry(s.variantOf[k]).values
}

// sortByStudent puts the students in student id order, keeping the order
// they were added among a student's submissions; a class read in id order
// (as exports often are) is left as it is.
func (s *storedStudents) sortByStudent() {
	if s.sorted {
		return
	}
	s.sorted = true
	if s.inIDOrder() {
		return
	}
	byID := func(a, b int32) int { return bytes.Compare(s.field(a, idField), s.field(b, idField)) }
	if slices.IsSortedFunc(s.order, byID) {
		return
	}
	slices.SortStableFunc(s.order, byID)
}

// find is the position in order of student's first submission.
func (s *storedStudents) find(student string) (int, bool) {
	return slices.BinarySearchFunc(s.order, student, func(k int32, id string) int {
		return bytes.Compare(s.field(k, idField), []byte(id))
	})
}

func (s *storedStudents) dropDuplicates() []error {
	if s.inIDOrder() {
		return nil // no student twice
	}
	s.sortByStudent()
	type dropped struct {
		k   int32
		err error
	}
	var drops []dropped
	kept := s.order[:0]
	for i := 0; i < len(s.order); {
		j := i + 1
		for j < len(s.order) && bytes.Equal(s.field(s.order[j], 0), s.field(s.order[i], 0)) {
			j++
		}
		group := s.order[i:j]
		keep := group[0]
		for _, k := range group {
			if s.submission(k) != SubmissionUnreadable {
				keep = k
				break
			}
		}
		for _, k := range group {
			if k != keep && s.submission(k) != SubmissionUnreadable {
				drops = append(drops, dropped{k, fmt.Errorf("%s: student %q already has a submission (%s); this one is skipped",
					s.source(k), s.field(k, idField), s.source(keep))})
			}
		}
		kept = append(kept, keep)
		i = j
	}
	s.order = kept
	slices.SortFunc(drops, func(a, b dropped) int { return int(a.k - b.k) })
	var errs []error
	for _, d := range drops {
		errs = append(errs, d.err)
	}
	return errs
}

// each builds each student's result in turn, in order, and hands it to f.
func (s *storedStudents) each(f func(*StudentResult) error) error {
	if len(s.order) < 2*eachBatch || runtime.GOMAXPROCS(0) == 1 {
		for _, k := range s.order {
			s.build(&s.buf, k, &s.reader)
			if err := f(&s.buf); err != nil {
				return err
			}
		}
		return nil
	}
	// A large class is built in batches by another goroutine while f reads
	// the batch before: building a student's result costs about as much as
	// a report takes to write it.
	free, full := make(chan []StudentResult, eachBatches), make(chan []StudentResult, eachBatches)
	for range eachBatches {
		free <- make([]StudentResult, 0, eachBatch)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(full)
		for start := 0; start < len(s.order); start += eachBatch {
			var batch []StudentResult
			select {
			case batch = <-free:
			case <-stop:
				return
			}
			batch = batch[:min(eachBatch, len(s.order)-start)]
			for j := range batch {
				s.build(&batch[j], s.order[start+j], &s.reader)
			}
			select {
			case full <- batch:
			case <-stop:
				return
			}
		}
	}()
	for batch := range full {
		for j := range batch {
			if err := f(&batch[j]); err != nil {
				return err
			}
		}
		free <- batch
	}
	return nil
}

// eachBatch students are built at a time, in up to eachBatches batches ahead.
const (
	eachBatch   = 256
	eachBatches = 4
)

// build makes student k's result in r, reusing r's questions, reading with rd.
func (s *storedStudents) build(r *StudentResult, k int32, rd *studentReader) {
	strs, t := &rd.strings, s.textOf(k)
	*r = StudentResult{Student: strs.concat("", "", t.fields[idField]), Name: strs.concat("", "", t.fields[nameField]),
		Source: s.sourceIn(&t, strs), Problem: strs.concat("", "", t.fields[problemField]), Submission: t.status,
		Params:    Params(s.variantValues(k)),
		Questions: r.Questions[:0], shared: r.shared[:0]}
	rs := s.resultsOf(k)
	for i := range s.questions {
		qr := rs.result(i, rd)
		shared := qr != &rd.scratch
		switch {
		case !shared || !rd.sharedUncopied:
			r.Questions = append(r.Questions, *qr)
		case len(r.Questions) < cap(r.Questions):
			r.Questions = r.Questions[:len(r.Questions)+1]
		default:
			r.Questions = append(r.Questions, QuestionResult{})
		}
		if shared {
			r.shared = append(r.shared, qr)
		} else {
			r.shared = append(r.shared, nil)
		}
		r.Score += qr.Score
		r.MaxScore += qr.MaxScore
	}
	r.Score = roundScore(r.Score)
}
