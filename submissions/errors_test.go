package submissions

import (
	"errors"
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
)

// TestErrorsAsData loads each submission in testdata/errors and checks it
// against Homework 8: every error must be the one marked on its line.
func TestErrorsAsData(t *testing.T) {
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	errortest.Run(t, "testdata/errors/*.toml", func(name string, src []byte) error {
		sub, err := Load(name, src)
		if err != nil {
			return err
		}
		return errors.Join(sub.Check(set)...)
	})
}
