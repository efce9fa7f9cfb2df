package report

import (
	"bytes"
	"errors"
	"io"
	"math"
	"runtime"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// TestStreamingWritersWriteTheWholeClassWritersBytes compares every class
// writer, which reads the class student by student, with the whole-class
// code it replaced (whole_test.go), on generated classes and the fixture.
func TestStreamingWritersWriteTheWholeClassWritersBytes(t *testing.T) {
	classes := map[string]*grader.ClassResult{
		"fixture": fixtureClass(),
		"varied":  variedClass(3000, 1),
		"small":   variedClass(40, 2),
		"empty":   assembleClass("empty", "", fixtureQuestions, nil),
		"no info": assembleClass("bare", "", nil, variedClass(30, 3).Students),
	}
	writers := []struct {
		name          string
		stream, whole func(io.Writer, *grader.ClassResult) error
	}{
		{"JSON", JSON, wholeJSON},
		{"GradebookCSV", GradebookCSV, wholeGradebookCSV},
		{"Canvas", func(w io.Writer, c *grader.ClassResult) error { return Canvas(w, c, "HW, 8") },
			func(w io.Writer, c *grader.ClassResult) error { return wholeCanvas(w, c, "HW, 8") }},
		{"Moodle", Moodle, wholeMoodle},
	}
	for name, c := range classes {
		for _, wr := range writers {
			var got, want bytes.Buffer
			if err := wr.whole(&want, c); err != nil {
				t.Fatalf("%s, %s (whole class): %v", name, wr.name, err)
			}
			if err := wr.stream(&got, c); err != nil {
				t.Fatalf("%s, %s: %v", name, wr.name, err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s, %s: streamed output differs from the whole-class output at byte %d:\n%s\n---- want:\n%s",
					name, wr.name, firstDifference(got.Bytes(), want.Bytes()), clip(got.Bytes()), clip(want.Bytes()))
			}
		}
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func clip(b []byte) []byte {
	if len(b) > 3000 {
		return append(b[:3000:3000], "…"...)
	}
	return b
}

// TestJSONWritesNothingWhenALateScoreIsNotFinite: a score JSON cannot carry
// in the class's last student stops JSON before its first byte.
func TestJSONWritesNothingWhenALateScoreIsNotFinite(t *testing.T) {
	c := variedClass(500, 4)
	last := &c.Students[len(c.Students)-1]
	last.Questions = append(last.Questions, grader.QuestionResult{ID: "1a", Score: math.NaN(), MaxScore: 1})
	var buf bytes.Buffer
	err := JSON(&buf, c)
	if err == nil {
		t.Fatal("JSON accepted a NaN score")
	}
	if buf.Len() != 0 {
		t.Errorf("JSON wrote %d bytes before failing: %v", buf.Len(), err)
	}
}

// failingWriter accepts limit bytes, then fails.
type failingWriter struct{ limit int }

var errDiskFull = errors.New("disk full")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.limit {
		n := f.limit
		f.limit = 0
		return n, errDiskFull
	}
	f.limit -= len(p)
	return len(p), nil
}

// TestClassWritersReportAFailedWrite: a writer that fails partway through a
// large class is an error from every class writer, not a silent cut.
func TestClassWritersReportAFailedWrite(t *testing.T) {
	c := variedClass(3000, 5)
	defer func(n int) { directTableRows = n }(directTableRows)
	directTableRows = 1000
	for name, write := range map[string]func(io.Writer) error{
		"JSON":         func(w io.Writer) error { return JSON(w, c) },
		"GradebookCSV": func(w io.Writer) error { return GradebookCSV(w, c) },
		"Canvas":       func(w io.Writer) error { return Canvas(w, c, "") },
		"Moodle":       func(w io.Writer) error { return Moodle(w, c) },
		"ClassTable":   func(w io.Writer) error { return ClassTable(w, c) },
		"HTMLReport":   func(w io.Writer) error { return HTMLReport(w, c, &grader.ClassAnalysis{MaxScore: c.MaxScore}, "") },
	} {
		if err := write(&failingWriter{limit: 20_000}); !errors.Is(err, errDiskFull) {
			t.Errorf("%s: error %v, want %v", name, err, errDiskFull)
		}
	}
}

// TestFeedbackIsWholeFeedback compares Feedback, alone and as a class's
// feedback files render it (from kept parts, the second time round too), with
// the fmt-built Feedback it replaced, on every student of a generated class.
func TestFeedbackIsWholeFeedback(t *testing.T) {
	c := variedClass(1500, 10)
	c.Students = append(c.Students, fixtureClass().Students...)
	render := feedbackRenderer(c)
	var got, want, alone bytes.Buffer
	for pass := range 2 {
		for _, s := range c.Students {
			got.Reset()
			want.Reset()
			alone.Reset()
			if err := render(&got, &s); err != nil {
				t.Fatal(err)
			}
			if err := wholeFeedback(&want, s, c.Title); err != nil {
				t.Fatal(err)
			}
			if err := Feedback(&alone, s, c.Title); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) || !bytes.Equal(alone.Bytes(), want.Bytes()) {
				t.Fatalf("pass %d, %s:\n%s\n---- alone:\n%s\n---- want:\n%s", pass, s.Student, got.Bytes(), alone.Bytes(), want.Bytes())
			}
		}
	}
}

// TestClassWritersAllocateLittle: writing a 5,000-student class (megabytes of
// output) allocates well under a megabyte in JSON, the gradebooks and the
// directly drawn class table: none of them holds the class's rows or output.
// (Before they streamed, JSON allocated 120 MB and the table 100 MB here.)
func TestClassWritersAllocateLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 5,000-student class")
	}
	c := bigClass(5000, 12)
	for name, write := range map[string]func(io.Writer) error{
		"JSON":         func(w io.Writer) error { return JSON(w, c) },
		"GradebookCSV": func(w io.Writer) error { return GradebookCSV(w, c) },
		"Canvas":       func(w io.Writer) error { return Canvas(w, c, "") },
		"ClassTable":   func(w io.Writer) error { return ClassTable(w, c) },
		"HTMLReport":   func(w io.Writer) error { return HTMLReport(w, c, &grader.ClassAnalysis{MaxScore: c.MaxScore}, "") },
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if err := write(io.Discard); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("%s allocated %d bytes for 5,000 students", name, n)
		}
	}
}
