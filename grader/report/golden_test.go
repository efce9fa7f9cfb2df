package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"

	"github.com/nngrade/nngrade/grader"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// renderCase is one renderer applied to the fixture class.
type renderCase struct {
	name   string // also the golden file: testdata/<name>.golden
	render func(w io.Writer, c *grader.ClassResult) error
}

// eachStudent renders every student of the class in turn, separated by a
// line naming the student, so one golden file covers every status.
func eachStudent(render func(w io.Writer, s grader.StudentResult) error) func(io.Writer, *grader.ClassResult) error {
	return func(w io.Writer, c *grader.ClassResult) error {
		for i, s := range c.Students {
			if i > 0 {
				io.WriteString(w, "\n")
			}
			io.WriteString(w, "===== "+s.Student+" =====\n")
			if err := render(w, s); err != nil {
				return err
			}
		}
		return nil
	}
}

var renderCases = []renderCase{
	{"class_table", ClassTable},
	{"student_table", eachStudent(StudentTable)},
	{"grade_json", JSON},
	{"student_json", eachStudent(StudentJSON)},
	{"gradebook_csv", GradebookCSV},
	{"canvas_csv", func(w io.Writer, c *grader.ClassResult) error { return Canvas(w, c, "Homework 8") }},
	{"moodle_csv", Moodle},
	{"gradescope_json", eachStudent(Gradescope)},
	{"feedback_md", eachStudent(func(w io.Writer, s grader.StudentResult) error {
		return Feedback(w, s, "Homework 8")
	})},
	{"html_report", htmlFixture},
}

func TestGolden(t *testing.T) {
	for _, tc := range renderCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf, fixtureClass()); err != nil {
				t.Fatalf("render: %v", err)
			}
			checkGolden(t, tc.name, buf.Bytes())
		})
	}
}

// checkGolden compares got with testdata/<name>.golden, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestSameBytesTwice renders every format twice, from two separately built
// copies of the class, and demands identical bytes: no map order, pointer or
// time leaks into output.
func TestSameBytesTwice(t *testing.T) {
	for _, tc := range renderCases {
		t.Run(tc.name, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := tc.render(&first, fixtureClass()); err != nil {
				t.Fatal(err)
			}
			if err := tc.render(&second, fixtureClass()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Errorf("two renders differ:\n%s\n---\n%s", first.Bytes(), second.Bytes())
			}
		})
	}
	t.Run("file_maps", func(t *testing.T) {
		for _, build := range []func(*grader.ClassResult) (map[string][]byte, error){FeedbackFiles, GradescopeClass} {
			a, err := build(fixtureClass())
			if err != nil {
				t.Fatal(err)
			}
			b, err := build(fixtureClass())
			if err != nil {
				t.Fatal(err)
			}
			if len(a) != len(b) {
				t.Fatalf("%d files, then %d", len(a), len(b))
			}
			for name, data := range a {
				if !bytes.Equal(data, b[name]) {
					t.Errorf("%s differs between two renders", name)
				}
			}
		}
	})
}

// TestTablesIgnoreLocaleWidth renders the tables as if the terminal had a CJK
// locale (tablewriter then counts "×" and "·" as two columns) and expects the
// golden bytes all the same: the renderers switch that detection off.
func TestTablesIgnoreLocaleWidth(t *testing.T) {
	for _, tc := range renderCases[:2] {
		sameUnderEastAsianWidth(t, tc.name, func(w io.Writer) error { return tc.render(w, fixtureClass()) })
	}
}

// sameUnderEastAsianWidth renders with tablewriter's East Asian width
// detection forced on and compares with testdata/<name>.golden.
func sameUnderEastAsianWidth(t *testing.T, name string, render func(io.Writer) error) {
	t.Helper()
	twwidth.SetEastAsian(true)
	defer twwidth.SetEastAsian(false)
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s: output depends on East Asian width:\n%s", name, buf.Bytes())
	}
}
