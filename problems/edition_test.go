package problems

import (
	"errors"
	"strings"
	"testing"
)

// TestLoadRefusesAStudentEdition checks that a sealed student edition is
// recognised and refused with a message saying what to do instead, and that
// an edition key in a problem set is an unknown key.
func TestLoadRefusesAStudentEdition(t *testing.T) {
	src := "edition = \"student\"\nversion = 1\nproblem_set = \"hw8\"\nsalt = \"AAAA\"\n\n[[questions]]\nid = \"1a\"\nform = \"shape\"\n"
	_, err := Load("hw8.student.toml", []byte(src))
	var ed *StudentEditionError
	if !errors.As(err, &ed) {
		t.Fatalf("a student edition loaded as a set: %v", err)
	}
	for _, want := range []string{"hw8.student.toml is a sealed student edition", "nngrade check hw8.student.toml ANSWERS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal %q does not say %q", err, want)
		}
	}
	_, err = Load("set.toml", []byte("edition = \"teacher\"\nid = \"x\"\n\n[[questions]]\nid = \"a\"\nkind = \"number\"\nanswer = \"1\"\n"))
	if err == nil || errors.As(err, &ed) || !strings.Contains(err.Error(), `set.toml:1:1: unknown key "edition"`) {
		t.Errorf("edition = \"teacher\" in a set: %v", err)
	}
}
