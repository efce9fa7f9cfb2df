// Package bundled holds the sample classes that ship with the bundled problem
// sets (hw8/*.toml here), one directory a set.
//
// It is a package of its own, imported by the command and by tests only, so that
// a program built from package submissions alone (the self-check page's
// WebAssembly) carries no sample answers.
package bundled

import (
	"embed"
	"fmt"
	"path"

	"github.com/nngrade/nngrade/submissions"
)

//go:embed */*.toml
var files embed.FS

// Class loads the sample class that ships with a bundled problem set.
func Class(set string) ([]*submissions.Submission, error) {
	entries, err := files.ReadDir(set)
	if err != nil {
		return nil, fmt.Errorf("problem set %q has no bundled sample class", set)
	}
	var subs []*submissions.Submission
	for _, e := range entries {
		src, err := files.ReadFile(path.Join(set, e.Name()))
		if err != nil {
			return nil, err
		}
		s, err := submissions.Load("bundled:"+set+"/"+e.Name(), src)
		if err != nil {
			return nil, err
		}
		subs = append(subs, s)
	}
	return subs, nil
}
