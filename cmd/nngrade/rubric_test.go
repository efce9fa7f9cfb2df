package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestUnreadableMistakeExitCode: grade and check refuse a rubric whose known
// mistake cannot be read with exit code 2 (input that cannot be used), as for
// any other broken rubric, not 1 (graded, with problems). It runs on the files
// of testdata/script/rubric_mistakes.txtar, which checks the messages.
func TestUnreadableMistakeExitCode(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/script/rubric_mistakes.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	for _, cmd := range []string{"grade", "check"} {
		for rubric, want := range map[string]int{"unreadable.toml": 2, "readable.toml": 0} {
			var stdout, stderr bytes.Buffer
			code := run([]string{"nngrade", cmd, path("small.toml"), path("answers.toml"), "--rubric", path(rubric)}, &stdout, &stderr)
			if code != want {
				t.Errorf("%s --rubric %s: exit %d, want %d\n%s", cmd, rubric, code, want, stderr.String())
			}
		}
	}
}
