package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nngrade/nngrade/grader"
)

func TestFormatScore(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"integer", 1, "1"},
		{"half", 0.5, "0.5"},
		{"third", 1.0 / 3, "0.3333"},
		{"two_thirds", 2.0 / 3, "0.6667"},
		{"float_sum_noise", 0.3 * 3, "0.9"},
		{"negative_zero", math.Copysign(0, -1), "0"},
		{"tiny_negative_rounds_to_zero", -1e-9, "0"},
		{"large", 146378, "146378"},
		{"no_exponent", 1e21, "1000000000000000000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatScore(tc.in); got != tc.want {
				t.Errorf("formatScore(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct {
		name       string
		score, max float64
		want       string
	}{
		{"full", 20, 20, "100%"},
		{"one_decimal", 17.9, 20, "89.5%"},
		{"third", 1, 3, "33.3%"},
		{"zero_max", 0, 0, "-"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatPercent(tc.score, tc.max); got != tc.want {
				t.Errorf("formatPercent(%v, %v) = %q, want %q", tc.score, tc.max, got, tc.want)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain_unicode", "60 × 60 × 32", "60 × 60 × 32"},
		{"keeps_lines", "a\n  ^", "a\n  ^"},
		{"crlf", "a\r\nb", "a\nb"},
		{"lone_cr", "a\rb", `a\rb`},
		{"tab_is_one_space", "a\tb", "a b"},
		{"ansi_escape", "24\x1b[31m32", `24\x1b[31m32`},
		{"nul_and_del", "a\x00b\x7f", `a\x00b\x7f`},
		{"c1_control", "a\u0085b", `a\x85b`},
		{"bidi_override", "abc\u202edef", `abc\u202edef`},
		{"zero_width_space", "1\u200b0", `1\u200b0`},
		{"invalid_utf8", "a\xffb", "a\uFFFDb"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cleanText(tc.in); got != tc.want {
				t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestGradescopeKeys checks every key Gradescope renders against the field
// names of Gradescope's autograder specification (Output format), and the
// values of status and visibility against the ones it documents.
func TestGradescopeKeys(t *testing.T) {
	documentedTop := []string{"score", "execution_time", "output", "output_format", "test_output_format",
		"test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
	documentedTest := []string{"score", "max_score", "status", "name", "name_format", "number", "output",
		"output_format", "tags", "visibility", "extra_data"}
	visibilities := []string{"hidden", "after_due_date", "after_published", "visible"}
	statuses := []string{"passed", "failed"}

	for _, s := range fixtureClass().Students {
		t.Run(s.Student, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Gradescope(&buf, s); err != nil {
				t.Fatal(err)
			}
			var top map[string]json.RawMessage
			if err := json.Unmarshal(buf.Bytes(), &top); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, buf.Bytes())
			}
			for key := range top {
				if !slices.Contains(documentedTop, key) {
					t.Errorf("top-level key %q is not in Gradescope's specification", key)
				}
			}
			var results struct {
				Score            *float64                     `json:"score"`
				Visibility       string                       `json:"visibility"`
				StdoutVisibility string                       `json:"stdout_visibility"`
				Tests            []map[string]json.RawMessage `json:"tests"`
			}
			if err := json.Unmarshal(buf.Bytes(), &results); err != nil {
				t.Fatal(err)
			}
			if results.Score == nil {
				t.Error("no top-level score")
			} else if *results.Score != roundScore(s.Score) {
				t.Errorf("score %v, want %v", *results.Score, roundScore(s.Score))
			}
			for _, v := range []string{results.Visibility, results.StdoutVisibility} {
				if !slices.Contains(visibilities, v) {
					t.Errorf("visibility %q is not one Gradescope documents", v)
				}
			}
			if len(results.Tests) != len(s.Questions) {
				t.Fatalf("%d tests for %d questions", len(results.Tests), len(s.Questions))
			}
			for i, test := range results.Tests {
				for key := range test {
					if !slices.Contains(documentedTest, key) {
						t.Errorf("test %d: key %q is not in Gradescope's specification", i, key)
					}
				}
				var status, visibility, number string
				json.Unmarshal(test["status"], &status)
				json.Unmarshal(test["visibility"], &visibility)
				json.Unmarshal(test["number"], &number)
				if !slices.Contains(statuses, status) {
					t.Errorf("test %d: status %q", i, status)
				}
				if want := s.Questions[i].Status == grader.Correct; (status == "passed") != want {
					t.Errorf("test %d (%s): status %q for a %s answer", i, number, status, s.Questions[i].Status)
				}
				if !slices.Contains(visibilities, visibility) {
					t.Errorf("test %d: visibility %q", i, visibility)
				}
				if number != s.Questions[i].ID {
					t.Errorf("test %d: number %q, want %q", i, number, s.Questions[i].ID)
				}
			}
		})
	}
}

// TestJSONKeysAndRoundTrip checks the grade JSON against FORMAT.md's keys and
// decodes it back into the result types.
func TestJSONKeysAndRoundTrip(t *testing.T) {
	c := fixtureClass()
	var buf bytes.Buffer
	if err := JSON(&buf, c); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Top      map[string]json.RawMessage
		Students []map[string]json.RawMessage `json:"students"`
	}
	if err := json.Unmarshal(buf.Bytes(), &raw.Top); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"problem_set", "max_score", "students"} {
		if _, ok := raw.Top[key]; !ok {
			t.Errorf("FORMAT.md key %q missing at the top level", key)
		}
	}
	for _, s := range raw.Students {
		for _, key := range []string{"student", "score", "max_score", "questions"} {
			if _, ok := s[key]; !ok {
				t.Errorf("FORMAT.md key %q missing from a student", key)
			}
		}
		var qs []map[string]json.RawMessage
		json.Unmarshal(s["questions"], &qs)
		for _, q := range qs {
			for _, key := range []string{"id", "score", "max_score", "status", "answer", "expected", "feedback"} {
				if _, ok := q[key]; !ok {
					t.Errorf("FORMAT.md key %q missing from a question", key)
				}
			}
		}
	}

	var back grader.ClassResult
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Students[0].Score != 5.9 {
		t.Errorf("ssr226's score decodes as %v, want 5.9 (rounded)", back.Students[0].Score)
	}
	if got := back.Students[3].Questions[1].Answer; got != c.Students[3].Questions[1].Answer {
		t.Errorf("answer with a control character decodes as %q, want it unchanged", got)
	}
	if !strings.Contains(buf.String(), `"k(k+m+k"`) || strings.Contains(buf.String(), `\u003c`) {
		t.Error("text should be written as is, without HTML escaping")
	}
	if c.Students[0].Questions[3].Score == 0.9 {
		t.Error("fixture lost its float noise: JSON rounding is not being tested")
	}
	if got := back.Students[0].Questions[3].Score; got != 0.9 {
		t.Errorf("0.3×3 decodes as %v, want 0.9", got)
	}
}

func TestJSONEmptyListsAreArrays(t *testing.T) {
	var buf bytes.Buffer
	c := &grader.ClassResult{ProblemSet: "hw8", Students: []grader.StudentResult{{Student: "a"}}}
	if err := JSON(&buf, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"questions": []`) {
		t.Errorf("a student without questions should have \"questions\": []:\n%s", buf.String())
	}
	buf.Reset()
	if err := JSON(&buf, &grader.ClassResult{ProblemSet: "hw8"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"students": []`) {
		t.Errorf("a class without students should have \"students\": []:\n%s", buf.String())
	}
}

func TestNotFiniteScoreIsAnErrorThatSaysWhere(t *testing.T) {
	c := fixtureClass()
	c.Students[2].Questions[1].Score = math.NaN()
	renders := map[string]func(*bytes.Buffer) error{
		"JSON":       func(b *bytes.Buffer) error { return JSON(b, c) },
		"Gradescope": func(b *bytes.Buffer) error { return Gradescope(b, c.Students[2]) },
	}
	for name, render := range renders {
		var buf bytes.Buffer
		err := render(&buf)
		if err == nil {
			t.Errorf("%s: NaN score: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), `"wchen"`) || !strings.Contains(err.Error(), `"1b"`) {
			t.Errorf("%s: error %q should name the student and the question", name, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes despite the error", name, buf.Len())
		}
	}
}

// TestCSVEscaping reads every CSV export back with a CSV reader: names with
// commas and quotes, and feedback with line breaks, come back as single
// fields, and free-text cells a spreadsheet would run as formulas are
// defused, while student ids are written as they are: the LMS matches them.
func TestCSVEscaping(t *testing.T) {
	c := fixtureClass()
	c.Students[2].Name = "Chen, Wei \"Will\"\nsecond line"
	c.Students[0].Student = "+1-555"
	c.Students[1].Student = "@ada"
	c.Students[1].Name = "\t=1+1"
	c.Students[2].Student = "-wchen"
	tests := []struct {
		name   string
		render func(*bytes.Buffer) error
		cols   int
		check  func(t *testing.T, rows [][]string)
	}{
		{"gradebook", func(b *bytes.Buffer) error { return GradebookCSV(b, c) }, 3 + len(c.Questions),
			func(t *testing.T, rows [][]string) {
				if got := rows[3][1]; got != "Chen, Wei \"Will\"\nsecond line" {
					t.Errorf("name with comma, quotes and a line break read back as %q", got)
				}
				for row, want := range map[int]string{1: "+1-555", 2: "@ada", 3: "-wchen"} {
					if got := rows[row][0]; got != want {
						t.Errorf("id %q read back as %q: an id is written as it is", want, got)
					}
				}
				if got := rows[2][1]; got != "' =1+1" {
					t.Errorf("name starting with a tab read back as %q, want it defused", got)
				}
				if got := rows[4][0]; got != "../escape" {
					t.Errorf("id with a / read back as %q", got)
				}
				if got := rows[4][1]; !strings.HasPrefix(got, "'=HYPERLINK") {
					t.Errorf("formula name read back as %q, want it defused", got)
				}
				if got := rows[1][2]; got != "5.9" {
					t.Errorf("total %q, want 5.9", got)
				}
			}},
		{"canvas", func(b *bytes.Buffer) error { return Canvas(b, c, `HW "8", shapes`) }, 6,
			func(t *testing.T, rows [][]string) {
				if got := rows[0][5]; got != `HW "8", shapes` {
					t.Errorf("assignment header read back as %q", got)
				}
				if got := rows[1][0]; got != "    Points Possible" || rows[1][5] != "8" {
					t.Errorf("points possible row %q", rows[1])
				}
				if got := rows[4][0]; got != `Chen, Wei "Will"\nsecond line` {
					t.Errorf("Canvas student name read back as %q, want one line", got)
				}
				if got := rows[2][2] + " " + rows[2][3] + " " + rows[4][2]; got != "+1-555 +1-555 -wchen" {
					t.Errorf("SIS User ID and SIS Login ID read back as %q, want the ids as they are", got)
				}
			}},
		{"moodle", func(b *bytes.Buffer) error { return Moodle(b, c) }, 4,
			func(t *testing.T, rows [][]string) {
				if got := rows[1][0] + " " + rows[2][0]; got != "+1-555 @ada" {
					t.Errorf("ID number read back as %q, want the ids as they are", got)
				}
				feedback := rows[4][3]
				if !strings.Contains(feedback, "\n2: invalid, 0 / 3: unbalanced parenthesis: the \"(\"") {
					t.Errorf("feedback cell lost its lines or quotes:\n%s", feedback)
				}
				if strings.Contains(feedback, "^") {
					t.Errorf("caret lines should be dropped from plain feedback:\n%s", feedback)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf); err != nil {
				t.Fatal(err)
			}
			r := csv.NewReader(&buf)
			r.FieldsPerRecord = tc.cols
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("output does not read back as CSV with %d columns: %v", tc.cols, err)
			}
			tc.check(t, rows)
		})
	}
}

// TestWideClassTable renders 200 students × 15 questions and checks that the
// table stays a table: every line of the grid the same width, ASCII borders,
// one line per student.
func TestWideClassTable(t *testing.T) {
	var buf bytes.Buffer
	if err := ClassTable(&buf, bigClass(200, 15)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	grid := lines[1 : len(lines)-1] // between the title and the legend
	if want := 1 + 2 + 1 + 200 + 1 + 1 + 1; len(grid) != want {
		t.Errorf("%d grid lines, want %d (top, 2 header lines, rule, 200 students, rule, footer, bottom)", len(grid), want)
	}
	width := utf8.RuneCountInString(grid[0])
	for i, line := range grid {
		if n := utf8.RuneCountInString(line); n != width {
			t.Fatalf("grid line %d is %d wide, want %d:\n%s", i, n, width, line)
		}
		if line[0] != '+' && line[0] != '|' {
			t.Fatalf("grid line %d does not start with an ASCII border: %q", i, line)
		}
	}
	if width > 150 {
		t.Errorf("table is %d columns wide; 15 questions should fit in 150", width)
	}
}

func TestEmptyInputs(t *testing.T) {
	var buf bytes.Buffer
	if err := ClassTable(&buf, &grader.ClassResult{ProblemSet: "hw8"}); err != nil {
		t.Fatal(err)
	}
	if want := "Problem set hw8 (0 students, max 0)\nNo students were graded.\n"; buf.String() != want {
		t.Errorf("empty class table = %q, want %q", buf.String(), want)
	}
	for name, err := range map[string]error{
		"ClassTable":   ClassTable(&buf, nil),
		"JSON":         JSON(&buf, nil),
		"GradebookCSV": GradebookCSV(&buf, nil),
		"Canvas":       Canvas(&buf, nil, "x"),
		"Moodle":       Moodle(&buf, nil),
	} {
		if err == nil {
			t.Errorf("%s(nil): no error", name)
		}
	}
}

func TestMdCode(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "60 × 60 × 32", "`60 × 60 × 32`"},
		{"backtick_inside", "a`b", "``a`b``"},
		{"starts_with_backtick", "`x", "`` `x ``"},
		{"line_break", "a\nb", "`a\\nb`"},
		{"empty", "", "*empty*"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mdCode(tc.in); got != tc.want {
				t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMdEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"emphasis", "k*(k+m)+k_1", `k\*(k+m)+k\_1`},
		{"html", "<script>", `\<script\>`},
		{"heading_marker", "# not a heading", `\# not a heading`},
		{"hash_inside", "a # b", "a # b"},
		{"table_pipe", "a|b", `a\|b`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mdEscape(tc.in); got != tc.want {
				t.Errorf("mdEscape(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzIsPlain holds isPlain's byte-by-byte walk to the rune-by-rune one it
// replaced.
func FuzzIsPlain(f *testing.F) {
	for _, s := range []string{"", "60 × 60 × 32", "a\tb", "a\rb", "\x7f", "\u0085", "\u200b", "\ufeff", "\xff", "\ufffd", "line\nbreak", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isPlain(s), runeIsPlain(s); got != want {
			t.Errorf("isPlain(%q) = %v, was %v", s, got, want)
		}
	})
}

// TestGradescopeWith: an autograder run's visibility reaches the results and
// every test (a test's own would override the results'), and its note comes
// first in the output, lines and caret kept; a visibility Gradescope does not
// document is refused.
func TestGradescopeWith(t *testing.T) {
	s := fixtureClass().Students[0]
	note := "answers.toml:3:8: unterminated string\n  \"1a\" = \"60 × 60\n         ^"
	var buf bytes.Buffer
	if err := GradescopeWith(&buf, s, GradescopeOptions{Visibility: "after_published", Note: note}); err != nil {
		t.Fatal(err)
	}
	var r gradescopeResults
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Visibility != "after_published" {
		t.Errorf("visibility %q", r.Visibility)
	}
	for _, test := range r.Tests {
		if test.Visibility != "after_published" {
			t.Errorf("test %s: visibility %q", test.Number, test.Visibility)
		}
	}
	var plain bytes.Buffer
	if err := Gradescope(&plain, s); err != nil {
		t.Fatal(err)
	}
	var p gradescopeResults
	if err := json.Unmarshal(plain.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if want := note + "\n\n" + p.Output; r.Output != want {
		t.Errorf("output:\n%s\nwant:\n%s", r.Output, want)
	}
	err := GradescopeWith(&buf, s, GradescopeOptions{Visibility: "later"})
	if err == nil || !strings.Contains(err.Error(), `"later"; valid: visible, hidden, after_due_date, after_published`) {
		t.Errorf("visibility later: %v", err)
	}
}
