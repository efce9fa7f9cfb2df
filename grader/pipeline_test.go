package grader_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/submissions"
)

// BenchmarkGradeClassPipeline is nngrade grade on a generated Homework 8
// class file, as the command runs it: the CSV streamed from disk, each row
// graded as it is read, the gradebook CSV or the JSON written as the class is
// read back; beside it, encoding/csv alone reading the same file, which
// issue 11's target is measured against (at most 5 times its time). The
// distinct class has no two answers alike, so nothing is graded from memory.
// All of them run under the collector's settings nngrade grade runs under
// (cmd/nngrade's keepHeapSmall: an 80 MiB memory limit as the only trigger),
// encoding/csv too, so that the ratio is the command's.
//
//	go test ./grader -run '^$' -bench GradeClassPipeline -benchmem -benchtime 3x
func BenchmarkGradeClassPipeline(b *testing.B) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(80 << 20))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, class := range []struct {
		name     string
		students int
		distinct bool
	}{{"students=100000", 100_000, false}, {"distinct/students=10000", 10_000, true}} {
		key, r, src := grader.GeneratedClass(b, class.students, class.distinct)
		path := filepath.Join(b.TempDir(), "class.csv")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run("encoding-csv/"+class.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if rows := grader.ReadWithEncodingCSV(b, path); rows != class.students+1 {
					b.Fatal(rows)
				}
			}
		})
		for _, format := range []string{"csv", "json"} {
			b.Run(format+"/"+class.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					c := grader.New(key, r).NewClassGrader()
					if errs := submissions.Walk([]string{path}, c.Add); len(errs) > 0 {
						b.Fatal(errs)
					}
					class := c.Finish()
					var err error
					if format == "csv" {
						err = report.GradebookCSV(io.Discard, class)
					} else {
						err = report.JSON(io.Discard, class)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestWriteGeneratedClassFile writes a generated class to the file named by
// NNGRADE_CLASS_FILE (NNGRADE_CLASS_STUDENTS students, 100,000 unless set;
// NNGRADE_CLASS_DISTINCT=1 for one where no two answers are alike), to
// measure nngrade grade on it, peak memory included:
//
//	NNGRADE_CLASS_FILE=/tmp/class.csv go test ./grader -run WriteGeneratedClassFile
//	/usr/bin/time -v go run ./cmd/nngrade grade hw8 /tmp/class.csv --format csv > /dev/null
func TestWriteGeneratedClassFile(t *testing.T) {
	path := os.Getenv("NNGRADE_CLASS_FILE")
	if path == "" {
		t.Skip("set NNGRADE_CLASS_FILE to write a generated class there")
	}
	n := 100_000
	if s := os.Getenv("NNGRADE_CLASS_STUDENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	_, _, src := grader.GeneratedClass(t, n, os.Getenv("NNGRADE_CLASS_DISTINCT") == "1")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(src)).ReadAll()
	if err != nil || len(rows)-1 != n {
		t.Fatalf("wrote %d rows (%v), want %d", len(rows)-1, err, n)
	}
	fmt.Printf("wrote %d students (%d bytes) to %s\n", n, len(src), path)
}

// BenchmarkGradeClassPhases times the phases of the 100,000-student
// pipeline apart, to see where its time goes: reading the file
// (encoding/csv alone, then submissions.Walk making submissions), reading
// and grading together (Walk into a ClassGrader, then Finish), the item
// analysis, and writing the graded class as CSV and as JSON.
func BenchmarkGradeClassPhases(b *testing.B) {
	key, r, src := grader.GeneratedClass(b, 100_000, false)
	path := filepath.Join(b.TempDir(), "class.csv")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		b.Fatal(err)
	}
	phase := func(name string, run func(b *testing.B)) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				run(b)
			}
		})
	}
	phase("encoding-csv", func(b *testing.B) { grader.ReadWithEncodingCSV(b, path) })
	phase("walk", func(b *testing.B) {
		if errs := submissions.Walk([]string{path}, func(*submissions.Submission) {}); len(errs) > 0 {
			b.Fatal(errs)
		}
	})
	grade := func(b *testing.B) *grader.ClassResult {
		c := grader.New(key, r).NewClassGrader()
		if errs := submissions.Walk([]string{path}, c.Add); len(errs) > 0 {
			b.Fatal(errs)
		}
		return c.Finish()
	}
	phase("walk+grade", func(b *testing.B) { grade(b) })
	class := grade(b)
	phase("item-analysis", func(b *testing.B) {
		if _, err := grader.AnalyseClass(class); err != nil {
			b.Fatal(err)
		}
	})
	phase("write-csv", func(b *testing.B) {
		if err := report.GradebookCSV(io.Discard, class); err != nil {
			b.Fatal(err)
		}
	})
	phase("write-json", func(b *testing.B) {
		if err := report.JSON(io.Discard, class); err != nil {
			b.Fatal(err)
		}
	})
}

// TestStoredClassWritesTheSameBytes: every class writer writes a class kept
// by a ClassGrader (read in parallel, its shared results not copied where a
// writer reads them in place) exactly as it writes the same class held
// whole (GradeClass's Students), on generated classes large enough to be
// rendered on several goroutines and one that is not, one with no two answers alike (so
// that students have results of their own beside the shared ones).
func TestStoredClassWritesTheSameBytes(t *testing.T) {
	writers := map[string]func(io.Writer, *grader.ClassResult) error{
		"json": report.JSON, "csv": report.GradebookCSV, "moodle": report.Moodle,
		"canvas": func(w io.Writer, c *grader.ClassResult) error { return report.Canvas(w, c, "HW 8") },
	}
	for _, class := range []struct {
		students int
		distinct bool
	}{{3000, false}, {600, true}, {100, false}} {
		key, r, src := grader.GeneratedClass(t, class.students, class.distinct)
		subs, err := submissions.LoadCSV("class.csv", src)
		if err != nil {
			t.Fatal(err)
		}
		c := grader.New(key, r).NewClassGrader()
		for _, sub := range subs {
			c.Add(sub)
		}
		stored, whole := c.Finish(), grader.New(key, r).GradeClass(subs)
		for name, write := range writers {
			var got, want bytes.Buffer
			if err := write(&got, stored); err != nil {
				t.Fatal(name, err)
			}
			if err := write(&want, whole); err != nil {
				t.Fatal(name, err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%d students (distinct %v), %s: the stored class is written differently from the whole class (%d and %d bytes)",
					class.students, class.distinct, name, got.Len(), want.Len())
			}
		}
	}
}
