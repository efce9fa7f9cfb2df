package problems

import (
	"errors"
	"os"
	"path/filepath"
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

// TestLargeStudentEditionIsRecognised: a student edition may be larger than a
// problem set (up to grader.MaxStudentEditionSize); one over MaxFileSize is
// still refused as an edition, so that check can load it as one, not as a set
// "larger than a problem set may be".
func TestLargeStudentEditionIsRecognised(t *testing.T) {
	head := "# A sealed student edition\nedition = \"student\"\nversion = 1\n\n[[questions]]\nid = \"1a\"\n"
	big := head + strings.Repeat("# padding\n", MaxFileSize/10+1)
	path := filepath.Join(t.TempDir(), "hw8.student.toml")
	if err := os.WriteFile(path, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	var ed *StudentEditionError
	if _, err := LoadFile(path); !errors.As(err, &ed) {
		t.Errorf("LoadFile of a %d-byte edition: %v", len(big), err)
	}
	if _, err := Load("hw8.student.toml", []byte(big)); !errors.As(err, &ed) {
		t.Errorf("Load of a %d-byte edition: %v", len(big), err)
	}
	// An edition key inside a table, or no edition key: an oversized set.
	for _, src := range []string{
		"id = \"x\"\n[meta]\nedition = \"student\"\n" + strings.Repeat("# padding\n", MaxFileSize/10+1),
		"id = \"x\"\n" + strings.Repeat("# padding\n", MaxFileSize/10+1),
	} {
		_, err := Load("big.toml", []byte(src))
		if errors.As(err, &ed) || err == nil || !strings.Contains(err.Error(), "larger than a problem set may be") {
			t.Errorf("an oversized set: %v", err)
		}
	}
}
