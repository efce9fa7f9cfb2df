package submissions

import (
	"testing"

	"github.com/nngrade/nngrade/internal/errortest"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
)

// TestColumnsFileErrorsAsData loads each columns file in testdata/columns
// for Homework 8: every error must be the one marked at its line and column.
func TestColumnsFileErrorsAsData(t *testing.T) {
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	errortest.Run(t, "testdata/columns/*.toml", func(name string, src []byte) error {
		_, err := LoadColumnsFile(name, src, set)
		return err
	})
}
