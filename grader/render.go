package grader

import (
	"io"
	"runtime"
	"sync"
)

// A Renderer appends student s, the class's i-th (from 0, in the class's
// order), to dst: a gradebook row, a JSON element. s is only valid during
// the call, and may not be changed.
type Renderer func(dst []byte, i int, s *StudentResult) ([]byte, error)

// Render writes every student to w in the class's order, as renderers made
// by newRenderer append them, and stops at the first error. A large class
// kept compactly (graded by a ClassGrader) is read and rendered on several
// cores at once (renderWorkers), a batch of students each, and the batches
// are written in order: w receives exactly what one renderer would have
// written, up to the student whose renderer failed. Each
// goroutine has a renderer of its own, made on the calling goroutine, so a
// renderer may keep what it rendered before (the strings of the scores it
// printed), but must share nothing another could change.
func (c *ClassResult) Render(w io.Writer, newRenderer func() Renderer) error {
	return c.renderBuilt(w, newRenderer, false)
}

// RenderResults is Render for a renderer that reads each of a student's
// results as s.Result(i), never as s.Questions[i]: a result the class shares
// between students (Shared) is then not copied into the student's Questions,
// whose entry for it is left as it was (a large class's JSON copied 280 MB
// of results that way, to read them once). len(s.Questions) is still the
// student's number of results.
func (c *ClassResult) RenderResults(w io.Writer, newRenderer func() Renderer) error {
	return c.renderBuilt(w, newRenderer, true)
}

// renderBuilt is Render, with each stored student's shared results left
// out of their Questions when sharedUncopied (RenderResults).
func (c *ClassResult) renderBuilt(w io.Writer, newRenderer func() Renderer, sharedUncopied bool) error {
	if c.stored == nil {
		return c.renderStudents(w, newRenderer)
	}
	s := c.stored
	return s.render(w, RenderWorkers(), func() recordRenderer {
		render := newRenderer()
		var r StudentResult
		return func(dst []byte, i int, k int32, rd *studentReader) ([]byte, error) {
			rd.sharedUncopied = sharedUncopied
			s.build(&r, k, rd)
			return render(dst, i, &r)
		}
	})
}

// renderStudents is Render for a class held in Students: one renderer, on
// the calling goroutine.
func (c *ClassResult) renderStudents(w io.Writer, newRenderer func() Renderer) error {
	render := newRenderer()
	var buf []byte
	for i := range c.Students {
		var err error
		if buf, err = render(buf[:0], i, &c.Students[i]); err != nil {
			return err
		}
		if _, err = w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// A recordRenderer appends stored student k, the class's i-th, to dst,
// reading the class with rd: the student's result built (Render), or only
// their scores (RenderScores).
type recordRenderer func(dst []byte, i int, k int32, rd *studentReader) ([]byte, error)

// passWorkers is how many goroutines a pass over a large class runs on
// when each takes a part of the class (the item analysis): one a core, up
// to maxRenderWorkers.
func passWorkers() int { return min(runtime.GOMAXPROCS(0), maxRenderWorkers) }

// RenderWorkers is how many goroutines Render renders a large class on: one
// a core and one more, up to maxRenderWorkers (one alone on one core). The
// goroutine that writes the batches in order takes part of a core, and
// waits for the batch next in order and for the writer: an extra renderer
// keeps every core busy meanwhile (on 2 cores, JSON's renderers had used
// 1.7 of them, and take 1.9 with a third). A renderer that keeps what it
// rendered before should keep at most its share of what one would keep
// alone.
func RenderWorkers() int {
	if passWorkers() == 1 {
		return 1
	}
	return min(passWorkers()+1, maxRenderWorkers)
}

// maxRenderWorkers bounds Render's goroutines: each holds batches of
// rendered bytes (and its renderer what it keeps), and past a few the one
// writer is what takes the time.
const maxRenderWorkers = 8

// renderBatch is how many students a goroutine renders at a time: a JSON
// batch is about 400 KB.
const renderBatch = 64

// renderedBatch is a batch's bytes, or the error that stopped it.
type renderedBatch struct {
	bytes []byte
	err   error
}

// render is Render, or RenderScores, for a stored class: each student read
// and appended by a renderer newRenderer makes, on the calling goroutine
// for a small class (or one worker), else on workers goroutines. Batches
// are handed out in order;
// each carries the channel its bytes come back on, and the caller takes
// those channels in the same order, so that it writes the batches in order
// whichever goroutine finished first. At most 2×workers+1 batches are in
// hand at once (2×workers handed out, one being written), and so there are
// that many buffers, passed around for good: a batch grown to its size once
// is not grown again.
func (s *storedStudents) render(w io.Writer, workers int, newRenderer func() recordRenderer) error {
	if workers == 1 || len(s.order) < 2*renderBatch {
		render, rd := newRenderer(), new(studentReader)
		var buf []byte
		for i, k := range s.order {
			var err error
			if buf, err = render(buf[:0], i, k, rd); err != nil {
				return err
			}
			if _, err = w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	}
	type job struct {
		start int
		done  chan renderedBatch
	}
	jobs, inOrder := make(chan job), make(chan job, 2*workers)
	stop := make(chan struct{})
	free := make(chan []byte, 2*workers+1)
	for range cap(free) {
		free <- nil
	}
	var wg sync.WaitGroup
	defer wg.Wait() // no goroutine outlives Render: each reads the class
	defer close(stop)
	wg.Go(func() {
		defer close(jobs)
		defer close(inOrder)
		for start := 0; start < len(s.order); start += renderBatch {
			j := job{start, make(chan renderedBatch, 1)}
			select {
			case inOrder <- j:
			case <-stop:
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				return
			}
		}
	})
	for range workers {
		render := newRenderer() // here, so that newRenderer need not be safe to call at once
		wg.Go(func() {
			rd := new(studentReader)
			for j := range jobs {
				var buf []byte
				select {
				case buf = <-free:
				case <-stop:
					return
				}
				buf = buf[:0]
				var err error
				for i := j.start; i < min(j.start+renderBatch, len(s.order)); i++ {
					var out []byte
					if out, err = render(buf, i, s.order[i], rd); err != nil {
						break // the batch keeps the students before, as one renderer would have written them
					}
					buf = out
				}
				j.done <- renderedBatch{buf, err}
			}
		})
	}
	for j := range inOrder {
		b := <-j.done
		if _, err := w.Write(b.bytes); err != nil {
			return err
		}
		if b.err != nil {
			return b.err
		}
		free <- b.bytes // never blocks: it takes back one of the buffers it holds
	}
	return nil
}
