package web

import (
	"bytes"
	"sync"
	"testing"

	"github.com/nngrade/nngrade/grader"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
)

// published is Homework 8 published as `nngrade publish hw8` would: the full
// key (for the tests' expectations only), the sealed edition and its page.
type published struct {
	key     *grader.Key
	edition *grader.StudentEdition
	toml    []byte
	page    []byte
	sealed  *grader.SealedGrader
}

var (
	hw8Once sync.Once
	hw8     *published
	hw8Err  error
)

// testSalt is a fixed salt, so that failures repeat; a publication draws one.
func testSalt(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func publishHW8(t testing.TB) *published {
	t.Helper()
	hw8Once.Do(func() { hw8, hw8Err = publish("hw8", testSalt(7)) })
	if hw8Err != nil {
		t.Fatal(hw8Err)
	}
	return hw8
}

func publish(name string, salt []byte) (*published, error) {
	set, err := bundledsets.Set(name)
	if err != nil {
		return nil, err
	}
	key, err := grader.Solve(set)
	if err != nil {
		return nil, err
	}
	rubric, _ := bundledrubrics.Rubric(name)
	ed, err := grader.Publish(key, rubric, salt)
	if err != nil {
		return nil, err
	}
	src, err := ed.Encode()
	if err != nil {
		return nil, err
	}
	// The page and the checker see the edition as a student's copy: read back
	// from its TOML.
	ed, err = grader.LoadStudentEdition(name+".student.toml", src)
	if err != nil {
		return nil, err
	}
	page, err := Page(ed, src)
	if err != nil {
		return nil, err
	}
	sealed, err := grader.NewSealedGrader(ed)
	if err != nil {
		return nil, err
	}
	return &published{key: key, edition: ed, toml: src, page: page, sealed: sealed}, nil
}
