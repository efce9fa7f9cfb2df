package grader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/nngrade/nngrade/submissions"
)

// TestRenderIsEachInOrder: a stored class rendered on several goroutines
// (its results of the students' own partly spilled to a file, each
// goroutine reading them through a window of its own) writes the same
// bytes as one renderer reading it with Each, with the students' places in
// the class; a renderer's error, or the writer's, stops it and is returned,
// with what one renderer would have written before it.
func TestRenderIsEachInOrder(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	key, r, _ := hw8Bench(t)
	src := distinctClassCSV(t, New(key, r), 3000)
	subs, err := submissions.LoadCSV("class.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	g := New(key, r)
	for i := range g.questions {
		g.memo(0, i).limit = 100 // the rest are results of the students' own
	}
	c := g.NewClassGrader()
	f, err := os.CreateTemp(t.TempDir(), "spill")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c.SpillTo(f)
	c.class.own.limit = 1 << 12
	for _, sub := range subs {
		c.Add(sub)
	}
	class := c.Finish()
	if c.class.own.spilled == 0 {
		t.Fatal("nothing spilled; the test no longer reads a spill")
	}
	student := func(dst []byte, i int, s *StudentResult) []byte {
		dst = fmt.Appendf(dst, "%d %s %s %v\n", i, s.Student, s.Source, s.Score)
		for _, q := range s.Questions {
			dst = fmt.Appendf(dst, "  %s %s %q %q %v\n", q.ID, q.Status, q.Answer, q.Feedback, q.CarriedForward)
		}
		return dst
	}
	var want []byte
	i := 0
	class.Each(func(s *StudentResult) error {
		want = student(want, i, s)
		i++
		return nil
	})
	var got bytes.Buffer
	renderers := 0
	err = class.Render(&got, func() Renderer {
		renderers++
		return func(dst []byte, i int, s *StudentResult) ([]byte, error) { return student(dst, i, s), nil }
	})
	if err != nil || renderers < 2 {
		t.Fatalf("Render: %v, with %d renderers", err, renderers)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("Render wrote %d bytes unlike Each's %d", got.Len(), len(want))
	}

	stop := errors.New("stop here")
	got.Reset()
	err = class.Render(&got, func() Renderer {
		return func(dst []byte, i int, s *StudentResult) ([]byte, error) {
			if i == 1000 {
				return dst, stop
			}
			return student(dst, i, s), nil
		}
	})
	before := want[:bytes.Index(want, []byte("\n1000 "))+1] // what one renderer writes before it fails
	if !errors.Is(err, stop) || !bytes.Equal(got.Bytes(), before) {
		t.Errorf("a renderer's error: %v, and %d bytes written; one renderer writes %d", err, got.Len(), len(before))
	}
	err = class.Render(failingWriter{}, func() Renderer {
		return func(dst []byte, i int, s *StudentResult) ([]byte, error) { return student(dst, i, s), nil }
	})
	if !errors.Is(err, errWriteFailed) {
		t.Errorf("a writer's error: %v", err)
	}
}

var errWriteFailed = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWriteFailed }
