package grader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nngrade/nngrade/submissions"
)

// ClassGrader grades a class one submission at a time, as a reader hands them
// over, and keeps each student as a small record: who, from where, and per
// question the index of the result in the grader's memo (a class writes the
// same few hundred answers many times over). A submission is not kept once it
// is graded, so a class of any size is held in a few bytes a student.
// Submissions are graded in batches across GOMAXPROCS workers; the results do
// not depend on how many there are, or on which worker met an answer first.
type ClassGrader struct {
	g       *Grader
	workers int
	pending []*submissions.Submission
	graded  []gradedSubmission // pending's results, by position
	scratch []grading          // one a worker
	class   *storedStudents
}

// gradedSubmission is a submission's results before it is stored: per
// question a memo index, or -1 for a result of its own.
type gradedSubmission struct {
	refs []int32
	own  []QuestionResult
}

// batchSize is how many submissions are graded together: enough to keep the
// workers busy, few enough that the batch is no burden on memory.
const batchSize = 512

// NewClassGrader starts grading a class with g. g's policy (SelfCheck) must
// not change while the class is graded.
func (g *Grader) NewClassGrader() *ClassGrader {
	workers := max(1, runtime.GOMAXPROCS(0))
	c := &ClassGrader{g: g, workers: workers, scratch: make([]grading, workers),
		class: &storedStudents{g: g, policy: g.policy(), questions: len(g.questions)}}
	c.graded = make([]gradedSubmission, batchSize)
	return c
}

// Add grades sub and keeps its record; sub is not kept.
func (c *ClassGrader) Add(sub *submissions.Submission) {
	c.pending = append(c.pending, sub)
	if len(c.pending) == batchSize {
		c.flush()
	}
}

// Len is the number of submissions added.
func (c *ClassGrader) Len() int { return c.class.len() + len(c.pending) }

// flush grades the pending submissions, in parallel when there are workers to
// share them, and stores them in the order they were added.
func (c *ClassGrader) flush() {
	n := len(c.pending)
	gradeOne := func(i int, w *grading) {
		out := &c.graded[i]
		out.refs, out.own = out.refs[:0], out.own[:0]
		c.g.gradeEach(c.pending[i], w, func(_ int, ref int32, qr *QuestionResult) {
			out.refs = append(out.refs, ref)
			if ref < 0 {
				out.own = append(out.own, *qr)
			}
		})
	}
	if c.workers == 1 || n < 2*c.workers {
		for i := range n {
			gradeOne(i, &c.scratch[0])
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := range c.workers {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
					gradeOne(i, &c.scratch[w])
				}
			})
		}
		wg.Wait()
	}
	for i, sub := range c.pending {
		c.class.add(sub, &c.graded[i])
		c.pending[i] = nil
	}
	c.pending = c.pending[:0]
}

// Has reports whether a submission of student was added. Call it once every
// submission is (after it, Add sorts the class again).
func (c *ClassGrader) Has(student string) bool {
	c.flush()
	c.class.sortByStudent()
	_, found := c.class.find(student)
	return found
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
	cr := &ClassResult{ProblemSet: g.Key.Set.ID, Title: g.Key.Set.Title, stored: c.class}
	for _, ka := range g.Key.Answers {
		pts := g.Rubric.For(ka.Question.ID).Points
		cr.MaxScore += pts
		cr.Questions = append(cr.Questions, QuestionInfo{ID: ka.Question.ID, Text: ka.Question.Text, MaxScore: pts})
	}
	cr.MaxScore = roundScore(cr.MaxScore)
	s := c.class
	s.sortByStudent()
	s.lists = make([][]*QuestionResult, s.questions)
	for i := range s.lists {
		memo := g.memo(s.policy, i)
		memo.mu.RLock()
		s.lists[i] = memo.list
		memo.mu.RUnlock()
	}
	if n := len(s.order); n > 0 {
		sums := make([]float64, s.questions)
		for _, k := range s.order {
			for i := range sums {
				sums[i] += s.result(k, i).Score
			}
		}
		for i := range cr.Questions {
			cr.Questions[i].Mean = roundScore(sums[i] / float64(n))
		}
	}
	return cr
}

// storedStudents is a graded class kept compactly (see ClassGrader): the
// students' text in blocks of bytes, their results as indices. Storage grows
// by blocks, not by copying a slice of the whole class: a slice that large
// grows by a quarter at a time, and its copies would cost more than the class.
type storedStudents struct {
	g         *Grader
	policy    int
	questions int
	// text holds each student's file (an index in files, 0 for none), id,
	// name, source (the line alone when it is in the file) and problem,
	// each written as a length and its bytes, in blocks of textBlock bytes;
	// start is where each student's begins: block<<32 | offset.
	text   [][]byte
	start  []uint64
	files  []string
	status []uint8 // an index in submissionStatuses
	// refs holds, in blocks of refBlock students, questions indices a
	// student: a result in the grader's memo, or -(k+1) for own[k], a result
	// not memoised.
	refs []refBlockOf
	own  []QuestionResult
	// order is the students in the class's order (by student id once sorted);
	// a student dropped as a duplicate is not in it.
	order  []int32
	sorted bool
	// lists is each question's memoised results as the class was finished:
	// all that its refs name, read without the memo's lock.
	lists [][]*QuestionResult
	buf   StudentResult // the result Each hands out, built anew each time
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
	k := int32(len(s.start))
	file, source := 0, sub.Source
	if rest, ok := strings.CutPrefix(sub.Source, sub.File+":"); ok && sub.File != "" {
		if len(s.files) == 0 || s.files[len(s.files)-1] != sub.File {
			s.files = append(s.files, sub.File)
		}
		file, source = len(s.files), rest
	}
	fields := [...]string{sub.Student, sub.Name, source, sub.Unreadable}
	size := binary.MaxVarintLen64 * (len(fields) + 1)
	for _, f := range fields {
		size += len(f)
	}
	if len(s.text) == 0 || len(s.text[len(s.text)-1])+size > cap(s.text[len(s.text)-1]) {
		s.text = append(s.text, make([]byte, 0, max(textBlock, size)))
	}
	block := &s.text[len(s.text)-1]
	s.start = append(s.start, uint64(len(s.text)-1)<<32|uint64(len(*block)))
	*block = binary.AppendUvarint(*block, uint64(file))
	for _, f := range fields {
		*block = binary.AppendUvarint(*block, uint64(len(f)))
		*block = append(*block, f...)
	}
	s.status = append(s.status, uint8(slices.Index(submissionStatuses, newStudentResult(sub).Submission)))
	if int(k)%refBlock == 0 {
		s.refs = append(s.refs, refBlockOf{small: make([]uint16, 0, refBlock*s.questions)})
	}
	refs := &s.refs[len(s.refs)-1]
	own := r.own
	for _, ref := range r.refs {
		if ref < 0 {
			s.own = append(s.own, own[0])
			own = own[1:]
			ref = -int32(len(s.own))
		}
		refs.append(ref)
	}
	s.order = append(s.order, k)
	s.sorted = false
}

func (s *storedStudents) len() int { return len(s.order) }

// The fields of a student's text.
const (
	idField = iota
	nameField
	sourceField
	problemField
)

// field is a text field of student k.
func (s *storedStudents) field(k int32, n int) []byte {
	at := s.start[k]
	text := s.text[at>>32][uint32(at):]
	_, w := binary.Uvarint(text) // the file
	text = text[w:]
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
	at := s.start[k]
	file, _ := binary.Uvarint(s.text[at>>32][uint32(at):])
	if file == 0 {
		return string(s.field(k, sourceField))
	}
	return s.files[file-1] + ":" + string(s.field(k, sourceField))
}

func (s *storedStudents) submission(k int32) SubmissionStatus { return submissionStatuses[s.status[k]] }

func (s *storedStudents) result(k int32, i int) *QuestionResult {
	ref := s.refs[int(k)/refBlock].at(int(k)%refBlock*s.questions + i)
	if ref < 0 {
		return &s.own[-ref-1]
	}
	if s.lists != nil {
		return s.lists[i][ref]
	}
	return s.g.memo(s.policy, i).result(ref)
}

// sortByStudent puts the students in student id order, keeping the order
// they were added among a student's submissions; a class read in id order
// (as exports often are) is left as it is.
func (s *storedStudents) sortByStudent() {
	if s.sorted {
		return
	}
	s.sorted = true
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
	for _, k := range s.order {
		r := &s.buf
		*r = StudentResult{Student: string(s.field(k, idField)), Name: string(s.field(k, nameField)), Source: s.source(k),
			Problem: string(s.field(k, problemField)), Submission: s.submission(k), Questions: r.Questions[:0]}
		for i := range s.questions {
			qr := s.result(k, i)
			r.Questions = append(r.Questions, *qr)
			r.Score += qr.Score
			r.MaxScore += qr.MaxScore
		}
		r.Score = roundScore(r.Score)
		if err := f(r); err != nil {
			return err
		}
	}
	return nil
}
