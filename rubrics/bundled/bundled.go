// Package bundled holds the rubrics that ship with the bundled problem sets
// (hw8.toml here).
//
// It is a package of its own, imported by the command and by tests only, so that
// a program built from package rubrics alone (the self-check page's WebAssembly)
// carries no rubric and its known mistakes.
package bundled

import (
	"embed"
	"fmt"

	"github.com/nngrade/nngrade/rubrics"
)

//go:embed *.toml
var files embed.FS

// Rubric returns the rubric that ships with a bundled problem set.
func Rubric(set string) (*rubrics.Rubric, bool) {
	src, ok := Source(set)
	if !ok {
		return nil, false
	}
	r, err := rubrics.Load("bundled:"+set+".toml", src, nil)
	if err != nil {
		panic(fmt.Sprintf("the bundled rubric for %s does not load: %v", set, err)) // a build defect, caught by the tests
	}
	return r, true
}

// Source returns a bundled rubric's TOML, so a test can check it against its set.
func Source(set string) ([]byte, bool) {
	src, err := files.ReadFile(set + ".toml")
	return src, err == nil
}
