package main

import (
	"bytes"
	"os"
	"path/filepath"
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
			"nngrade validate: 1 of 1 files have problems"},
		{"check with another set's rubric", []string{"check", in("small.toml"), in("subs/ann.toml"), "--rubric", in("other.toml")}, 2,
			`other.toml:2:15: the rubric is for problem set "hw8", not "small"`},
		{"validate with another set's rubric", []string{"validate", in("small.toml"), "--rubric", in("other.toml")}, 1,
			"nngrade validate: 1 of 1 files have problems"},
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
