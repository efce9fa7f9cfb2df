package grader_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/submissions"
)

// TestGradebookCSVOfAGeneratedClass: the gradebook of a generated class,
// graded as nngrade grade grades it (the file walked into a ClassGrader,
// results of the students' own spilled to a file), is the bytes
// encoding/csv writes from every student's whole result read with Each, as
// GradebookCSV wrote it before it read a stored class's scores alone; and
// the class written from Students, each student's result copied out, is
// the same bytes again.
func TestGradebookCSVOfAGeneratedClass(t *testing.T) {
	for _, class := range []struct {
		name     string
		students int
		distinct bool
	}{{"repeated", 20_000, false}, {"distinct", 3_000, true}} {
		t.Run(class.name, func(t *testing.T) {
			key, r, src := grader.GeneratedClass(t, class.students, class.distinct)
			dir := t.TempDir()
			path := filepath.Join(dir, "class.csv")
			if err := os.WriteFile(path, src, 0o644); err != nil {
				t.Fatal(err)
			}
			spill, err := os.CreateTemp(dir, "spill")
			if err != nil {
				t.Fatal(err)
			}
			defer spill.Close()
			cg := grader.New(key, r).NewClassGrader()
			cg.SpillTo(spill)
			if errs := submissions.Walk([]string{path}, cg.Add); len(errs) > 0 {
				t.Fatal(errs)
			}
			c := cg.Finish()
			want := eachGradebook(t, c)
			var got bytes.Buffer
			if err := report.GradebookCSV(&got, c); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("GradebookCSV differs from encoding/csv's at byte %d", firstDifferenceOf(got.Bytes(), want))
			}
			whole := &grader.ClassResult{ProblemSet: c.ProblemSet, Title: c.Title, MaxScore: c.MaxScore, Questions: c.Questions}
			c.Each(func(s *grader.StudentResult) error {
				copied := *s
				copied.Questions = slices.Clone(s.Questions)
				whole.Students = append(whole.Students, copied)
				return nil
			})
			got.Reset()
			if err := report.GradebookCSV(&got, whole); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("GradebookCSV of the class in Students differs from encoding/csv's at byte %d", firstDifferenceOf(got.Bytes(), want))
			}
		})
	}
}

// eachGradebook is the gradebook of a generated class as encoding/csv
// writes it from each student's result read with Each: a generated class's
// ids and names are plain text, which the gradebook writes as it is (the
// test checks), every student was read, and every student has the class's
// questions in order.
func eachGradebook(t *testing.T, c *grader.ClassResult) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"student", "name", "total"}
	for _, q := range c.Questions {
		header = append(header, q.ID)
	}
	w.Write(header)
	row := make([]string, 0, len(header))
	c.Each(func(s *grader.StudentResult) error {
		if s.Submission != "" || strings.ContainsAny(s.Student+s.Name, "=+-@'\t\r\n\\\"") || len(s.Questions) != len(c.Questions) {
			t.Fatalf("student %q (%q, %q) is not as the generator writes them", s.Student, s.Name, s.Submission)
		}
		row = append(row[:0], s.Student, s.Name, oldScore(s.Score))
		for i, q := range s.Questions {
			if q.ID != c.Questions[i].ID {
				t.Fatalf("student %q has question %q in %q's place", s.Student, q.ID, c.Questions[i].ID)
			}
			row = append(row, oldScore(q.Score))
		}
		return w.Write(row)
	})
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// oldScore is a score as the reports print it: to four decimals, with no
// trailing zeros and no "-0".
func oldScore(x float64) string {
	if !math.IsNaN(x) && !math.IsInf(x, 0) && math.Abs(x) < 1e15 {
		if x = math.Round(x*1e4) / 1e4; x == 0 {
			x = 0
		}
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func firstDifferenceOf(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
