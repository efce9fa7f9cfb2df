package grader

import (
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
	"github.com/nngrade/nngrade/submissions"
)

// TestStudentEditionErrorsAsData loads each file of testdata/edition-errors:
// every error must be the one marked on its line and column.
func TestStudentEditionErrorsAsData(t *testing.T) {
	errortest.Run(t, "testdata/edition-errors/*.toml", func(name string, src []byte) error {
		_, err := LoadStudentEdition(name, src)
		return err
	})
}

// FuzzLoadStudentEdition loads any text as a student edition: it must never
// panic, and an edition that loads must make a SealedGrader that checks an
// answer to each question without panicking.
func FuzzLoadStudentEdition(f *testing.F) {
	errortest.AddSeeds(f, "testdata/edition-errors/*.toml")
	// The whole edition of a set with every kind, and an edition of each of
	// its questions alone: the fuzzer mutates a small seed many times faster.
	key := sealablePart(solveFile(f, "testdata/kinds.toml"))
	parts := []*Key{key}
	for _, ka := range key.Answers {
		one := *key
		one.Answers = []KeyAnswer{ka}
		parts = append(parts, &one)
	}
	for _, part := range parts {
		ed, err := Publish(part, nil, testSalt)
		if err != nil {
			f.Fatal(err)
		}
		src, err := ed.Encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	f.Fuzz(func(t *testing.T, src string) {
		ed, err := loadStudentEdition("fuzz.toml", []byte(src), false) // mutations break the seal: test what lies behind it
		if err != nil {
			return
		}
		sg, err := NewSealedGrader(ed)
		if err != nil {
			t.Fatalf("an edition that loads makes no grader: %v", err)
		}
		for _, q := range ed.Questions {
			for _, a := range []string{"1", "2 × 3", "(1, 2, 3)", "0.5", "x"} {
				sg.Read(q.ID, a)
			}
		}
		sub := map[string]string{}
		for _, q := range ed.Questions {
			sub[q.ID] = "12"
		}
		res := sg.Grade(&submissions.Submission{Student: "fuzz", Answers: sub})
		if len(res.Questions) != len(ed.Questions) {
			t.Fatalf("%d results for %d questions", len(res.Questions), len(ed.Questions))
		}
	})
}
