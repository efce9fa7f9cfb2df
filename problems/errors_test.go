package problems_test

import (
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/errortest"
	"github.com/nngrade/nngrade/problems"
)

// TestErrorsAsData loads each problem set in testdata/errors and, when it
// loads, solves its key: every error must be the one marked on its line.
func TestErrorsAsData(t *testing.T) {
	errortest.Run(t, "testdata/errors/*.toml", func(name string, src []byte) error {
		set, err := problems.Load(name, src)
		if err != nil {
			return err
		}
		_, err = grader.Solve(set)
		return err
	})
}
