package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// BenchmarkClassTableAndJSON renders what `nngrade grade --format json` and
// the default table print for a large class: 200 students × 15 questions.
func BenchmarkClassTableAndJSON(b *testing.B) {
	c := bigClass(200, 15)
	b.ReportAllocs()
	for b.Loop() {
		if err := ClassTable(io.Discard, c); err != nil {
			b.Fatal(err)
		}
		if err := JSON(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClassTable(b *testing.B) {
	c := bigClass(200, 15)
	b.ReportAllocs()
	for b.Loop() {
		if err := ClassTable(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSON(b *testing.B) {
	c := bigClass(200, 15)
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzRenderStudent feeds arbitrary student text (id, name, answer, feedback)
// to every renderer. None may fail or panic; the JSON outputs must be valid
// JSON; the CSV outputs must read back with one row per student and a fixed
// number of columns; the tables may not pass a control character through to
// the terminal; and the student's file name must be one path element.
func FuzzRenderStudent(f *testing.F) {
	f.Add("ssr226", "Saigam Srivatsavai", "60 × 60 × 32", "")
	f.Add("../x", `=cmd|' /C calc'!A0`, "k(k+m+k", caretFeedback)
	f.Add("a,b", "\"quoted\"\nname", "24\x1b[31m32", "line one\r\nline two\ttab")
	f.Add("", "", "`code` | pipe <b>", "\u202eevil\u200b")
	f.Add("\xff\xfe", "x", "\x00", "^^^\n~~~")
	f.Fuzz(func(t *testing.T, id, name, answer, feedback string) {
		s := grader.StudentResult{Student: id, Name: name, Score: 0.5, MaxScore: 1,
			Questions: []grader.QuestionResult{
				{ID: id, Score: 0.5, MaxScore: 1, Status: grader.Partial, Answer: answer,
					Expected: answer, ReadAs: feedback, Feedback: feedback, CarriedForward: []string{name}},
				{ID: "2", Score: 0, MaxScore: 0, Status: grader.Invalid, Answer: feedback, Feedback: answer},
			}}
		c := &grader.ClassResult{ProblemSet: id, Title: name, MaxScore: 1,
			Questions: []grader.QuestionInfo{{ID: id, Text: feedback, MaxScore: 1, Mean: 0.5}},
			Students:  []grader.StudentResult{s, s}}

		var buf bytes.Buffer
		for kind, render := range map[string]func(io.Writer) error{
			"ClassTable":   func(w io.Writer) error { return ClassTable(w, c) },
			"StudentTable": func(w io.Writer) error { return StudentTable(w, s) },
			"Feedback":     func(w io.Writer) error { return Feedback(w, s, name) },
		} {
			buf.Reset()
			if err := render(&buf); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			for _, r := range buf.String() {
				if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || isHiddenFormat(r) {
					t.Fatalf("%s passed control character %U through:\n%q", kind, r, buf.String())
				}
			}
		}
		for name, render := range map[string]func(io.Writer) error{
			"JSON":       func(w io.Writer) error { return JSON(w, c) },
			"Gradescope": func(w io.Writer) error { return Gradescope(w, s) },
		} {
			buf.Reset()
			if err := render(&buf); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatalf("%s wrote invalid JSON:\n%s", name, buf.Bytes())
			}
		}
		for name, tc := range map[string]struct {
			render     func(io.Writer) error
			rows, cols int
		}{
			"GradebookCSV": {func(w io.Writer) error { return GradebookCSV(w, c) }, 3, 5},
			"Canvas":       {func(w io.Writer) error { return Canvas(w, c, name) }, 4, 6},
			"Moodle":       {func(w io.Writer) error { return Moodle(w, c) }, 3, 4},
		} {
			buf.Reset()
			if err := tc.render(&buf); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			r := csv.NewReader(&buf)
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("%s does not read back: %v", name, err)
			}
			if len(rows) != tc.rows {
				t.Fatalf("%s: %d rows, want %d", name, len(rows), tc.rows)
			}
			for i, row := range rows {
				// GradebookCSV has one column per distinct question id.
				if len(row) != tc.cols && !(name == "GradebookCSV" && id == "2" && len(row) == tc.cols-1) {
					t.Fatalf("%s row %d: %d fields, want %d", name, i, len(row), tc.cols)
				}
				for _, cell := range row {
					// A student id is written exactly as it is, for the LMS to
					// match (csvID): made of id characters only, it runs nothing.
					if cell == id && isIDText(id) {
						continue
					}
					if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
						t.Fatalf("%s row %d: cell %q would run as a formula", name, i, cell)
					}
				}
			}
		}
		fileName := SafeFileName(id)
		if fileName == "" || fileName == "." || fileName == ".." ||
			strings.ContainsAny(fileName, `/\`) || filepath.Base(fileName) != fileName {
			t.Fatalf("SafeFileName(%q) = %q is not a single path element", id, fileName)
		}
	})
}
