package rubrics

import (
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
)

// TestErrorsAsData loads each rubric in testdata/errors for Homework 8's
// questions: every error must be the one marked on its line.
func TestErrorsAsData(t *testing.T) {
	errortest.Run(t, "testdata/errors/*.toml", func(name string, src []byte) error {
		_, err := Load(name, src, hw8IDs)
		return err
	})
}
