package bundled

import (
	"strings"
	"testing"

	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/submissions"
)

func TestBundledClassChecksAgainstItsSet(t *testing.T) {
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	subs, err := Class("hw8")
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) < 5 {
		t.Fatalf("%d sample students", len(subs))
	}
	for _, s := range subs {
		if errs := s.Check(set); len(errs) > 0 {
			t.Errorf("%s: %v", s.Student, errs)
		}
	}
	bad := &submissions.Submission{Student: "x", ProblemSet: "hw7", Source: "x.toml", Answers: map[string]string{"1k": "1"}, Order: []string{"1k"}, Line: map[string]int{"1k": 4}}
	errs := bad.Check(set)
	if len(errs) != 2 || !strings.Contains(errs[1].Error(), `x.toml:4: "x" answers question "1k", which hw8 does not have; did you mean "1a"?`) {
		t.Errorf("errors %v", errs)
	}
}

func TestClassOfNoSet(t *testing.T) {
	if _, err := Class("hw9"); err == nil || !strings.Contains(err.Error(), `problem set "hw9" has no bundled sample class`) {
		t.Errorf("Class(hw9): %v", err)
	}
}
