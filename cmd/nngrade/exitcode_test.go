package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestRubricExitCodes pins the exit codes testscript cannot tell apart (it only
// sees zero or not): a rubric that cannot be used stops grading with exit code 2,
// as a usage error does, while validate's findings exit 1. The files are those
// of testdata/script/grade_rubric.txtar.
func TestRubricExitCodes(t *testing.T) {
	in := scriptFiles(t, "testdata/script/grade_rubric.txtar")
	runExitCases(t, []exitCase{
		{"grade with a fitting rubric", []string{"grade", in("small.toml"), in("subs"), "--rubric", in("rubric.toml")}, 0, ""},
		{"grade with another set's rubric", []string{"grade", in("small.toml"), in("subs"), "--rubric", in("other.toml")}, 2,
			`rubric is for problem set "hw8", not "small"`},
		{"grade with a rubric naming no question of the set", []string{"grade", in("small.toml"), in("subs"), "--rubric", in("typo.toml")}, 2,
			`typo.toml:3:12: the problem set has no question "totl"; did you mean "total"?`},
		{"grade with no rubric file", []string{"grade", in("small.toml"), in("subs"), "--rubric", in("absent.toml")}, 2, "absent.toml"},
		{"validate with a rubric naming no question of the set", []string{"validate", in("small.toml"), "--rubric", in("typo.toml")}, 1,
			"nngrade validate: 1 of 1 file has problems"},
		{"check with another set's rubric", []string{"check", in("small.toml"), in("subs/ann.toml"), "--rubric", in("other.toml")}, 2,
			`other.toml:2:15: the rubric is for problem set "hw8", not "small"`},
		{"validate with another set's rubric", []string{"validate", in("small.toml"), "--rubric", in("other.toml")}, 1,
			"nngrade validate: 1 of 1 file has problems"},
		{"validate with a rubric of the same set", []string{"validate", in("small.toml"), "--rubric", in("rubric.toml")}, 0, ""},
	})
}

// TestUnreadableMistakeExitCodes: a rubric whose known mistake cannot be read is
// refused by grade and check with exit code 2, as any other rubric that cannot
// be used. The files are those of testdata/script/rubric_mistakes.txtar, which
// checks the messages.
func TestUnreadableMistakeExitCodes(t *testing.T) {
	in := scriptFiles(t, "testdata/script/rubric_mistakes.txtar")
	var cases []exitCase
	for _, cmd := range []string{"grade", "check"} {
		args := []string{cmd, in("small.toml"), in("answers.toml"), "--rubric"}
		cases = append(cases,
			exitCase{cmd + " with an unreadable mistake", append(args, in("unreadable.toml")), 2,
				`unreadable.toml:5:12: question "params": known mistake "2,4OO" cannot be read`},
			exitCase{cmd + " with the mistake readable", append(args, in("readable.toml")), 0, ""})
	}
	runExitCases(t, cases)
}

// scriptFiles writes the files of a testscript archive to a temporary directory
// and returns the path of each there.
func scriptFiles(t *testing.T, archivePath string) func(name string) string {
	t.Helper()
	archive, err := txtar.ParseFile(archivePath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range archive.Files {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return func(name string) string { return filepath.Join(dir, name) }
}

// exitCase is one run of the command and how it must end.
type exitCase struct {
	name   string
	args   []string
	code   int
	stderr string // a part of stderr; "" wants none
}

func runExitCases(t *testing.T, cases []exitCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"nngrade"}, tc.args...), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if tc.stderr == "" && stderr.Len() > 0 {
				t.Errorf("stderr:\n%s", stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", tc.stderr, stderr.String())
			}
			if tc.code == 2 && stdout.Len() > 0 {
				t.Errorf("a refused run still printed grades:\n%s", stdout.String())
			}
		})
	}
}

// TestNothingLostExitCodes pins issue 9 C's exit codes: a submission for
// another set refused by check (1), columns only noted (0), answers lost or
// rows ragged (1), a roster that cannot be used (2).
func TestNothingLostExitCodes(t *testing.T) {
	check := scriptFiles(t, "testdata/script/check_wrong_set.txtar")
	csv := scriptFiles(t, "testdata/script/grade_class_csv.txtar")
	roster := scriptFiles(t, "testdata/script/grade_roster.txtar")
	runExitCases(t, []exitCase{
		{"check a submission for another set", []string{"check", "hw8", check("hw7.toml")}, 1, `is for problem set "hw7", not "hw8"; not graded`},
		{"grade with columns read by the normalisation", []string{"grade", "hw8", csv("forms.csv")}, 0, `columns read as questions of hw8: "Question 1a" as 1a`},
		{"grade with a column of lost answers", []string{"grade", "hw8", csv("lost.csv")}, 1, `column "Question 9" is not a question of hw8`},
		{"grade with ragged rows", []string{"grade", "hw8", csv("ragged.csv")}, 1, "3 students graded"},
		{"grade with a roster", []string{"grade", "hw8", roster("subs"), "--roster", roster("canvas.csv")}, 0, `"SIS User ID" (column 3) holds the student id`},
		{"grade with a roster without ids", []string{"grade", "hw8", roster("subs"), "--roster", roster("noid.csv")}, 2, "the roster has no student id column"},
	})
}

// TestExamples grades the files in examples/hw8 as README.md's commands do:
// they must stay valid and complete (exit 0, nothing reported but the
// roster's note on which column holds the id).
func TestExamples(t *testing.T) {
	ex := func(name string) string { return filepath.Join("..", "..", "examples", "hw8", name) }
	runExitCases(t, []exitCase{
		{"class and folder", []string{"grade", "hw8", ex("class.csv"), ex("submissions"), "--format", "csv"}, 0, ""},
		{"canvas", []string{"grade", "hw8", ex("class.csv"), "--format", "canvas", "--assignment", "Homework 8"}, 0, ""},
		{"gradescope", []string{"grade", "hw8", ex("one.toml"), "--format", "gradescope"}, 0, ""},
		{"check", []string{"check", "hw8", ex("one.toml")}, 0, ""},
		{"roster", []string{"grade", "hw8", ex("submissions"), "--roster", ex("roster.csv")}, 0, `"SIS User ID" (column 3) holds the student id`},
		{"canvas quiz", []string{"grade", "hw8", ex("exports/canvas-quiz.csv"), "--format", "canvas"}, 0, `student ids from column "sis_id"`},
		{"google form by email", []string{"grade", "hw8", ex("exports/google-form.csv"), "--id-column", "Email Address"}, 0, `student ids from column "Email Address", as named`},
		{"columns", []string{"columns", "hw8", ex("exports/moodle-responses.csv")}, 0, ""},
	})
}

// TestOverLongAnswerGradedInvalid: an over-long answer is graded invalid with a
// message, the student's other answers are graded, the student keeps the row,
// and the problem is reported (exit 1).
func TestOverLongAnswerGradedInvalid(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "long.toml")
	src := "student = \"x1\"\n[answers]\n\"1a\" = \"" + strings.Repeat("6", 5000) + "\"\n\"1b\" = \"2432\"\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nngrade", "grade", "hw8", path, "--format", "json"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d; stderr %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), `long.toml:3: "x1"'s answer to "1a" cannot be graded: the answer is 5000 bytes; an answer may have at most 4096`) {
		t.Errorf("stderr: %s", stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		`"id": "1a",\s+"text": "[^"]*",\s+"score": 0,\s+"max_score": 1,\s+"status": "invalid",\s+"answer": "6{200}…",`,
		`"feedback": "the answer is 5000 bytes; an answer may have at most 4096"`,
		`"id": "1b",\s+"text": "[^"]*",\s+"score": 1,`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("grade JSON does not match %s", want)
		}
	}
}
