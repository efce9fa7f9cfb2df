package grader

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
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
// students' text in one buffer, their results as indices.
type storedStudents struct {
	g         *Grader
	policy    int
	questions int
	// text holds each student's id, name, source and problem, each written
	// as a length and its bytes; start is where each student's begins.
	text   []byte
	start  []int
	status []SubmissionStatus
	// refs holds questions indices a student: a result in the grader's memo,
	// or -(k+1) for own[k], a result not memoised.
	refs []int32
	own  []QuestionResult
	// order is the students in the class's order (by student id once sorted);
	// a student dropped as a duplicate is not in it.
	order  []int32
	sorted bool
	buf    StudentResult // the result Each hands out, built anew each time
}

func (s *storedStudents) add(sub *submissions.Submission, r *gradedSubmission) {
	k := int32(len(s.start))
	s.start = append(s.start, len(s.text))
	for _, field := range [...]string{sub.Student, sub.Name, sub.Source, sub.Unreadable} {
		s.text = binary.AppendUvarint(s.text, uint64(len(field)))
		s.text = append(s.text, field...)
	}
	res := newStudentResult(sub)
	s.status = append(s.status, res.Submission)
	own := r.own
	for _, ref := range r.refs {
		if ref < 0 {
			s.own = append(s.own, own[0])
			own = own[1:]
			ref = -int32(len(s.own))
		}
		s.refs = append(s.refs, ref)
	}
	s.order = append(s.order, k)
	s.sorted = false
}

func (s *storedStudents) len() int { return len(s.order) }

// field is the n-th text field of student k (0 id, 1 name, 2 source, 3 problem).
func (s *storedStudents) field(k int32, n int) []byte {
	text := s.text[s.start[k]:]
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

func (s *storedStudents) result(k int32, i int) *QuestionResult {
	ref := s.refs[int(k)*s.questions+i]
	if ref < 0 {
		return &s.own[-ref-1]
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
	byID := func(a, b int32) int { return bytes.Compare(s.field(a, 0), s.field(b, 0)) }
	if slices.IsSortedFunc(s.order, byID) {
		return
	}
	slices.SortStableFunc(s.order, byID)
}

// find is the position in order of student's first submission.
func (s *storedStudents) find(student string) (int, bool) {
	return slices.BinarySearchFunc(s.order, student, func(k int32, id string) int {
		return bytes.Compare(s.field(k, 0), []byte(id))
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
			if s.status[k] != SubmissionUnreadable {
				keep = k
				break
			}
		}
		for _, k := range group {
			if k != keep && s.status[k] != SubmissionUnreadable {
				drops = append(drops, dropped{k, fmt.Errorf("%s: student %q already has a submission (%s); this one is skipped",
					s.field(k, 2), s.field(k, 0), s.field(keep, 2))})
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
		*r = StudentResult{Student: string(s.field(k, 0)), Name: string(s.field(k, 1)), Source: string(s.field(k, 2)),
			Problem: string(s.field(k, 3)), Submission: s.status[k], Questions: r.Questions[:0]}
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
