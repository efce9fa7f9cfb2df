package submissions

import (
	"embed"
	"fmt"
	"path"
)

//go:embed bundled
var bundledFS embed.FS

// Bundled loads the sample class that ships with a bundled problem set.
func Bundled(set string) ([]*Submission, error) {
	dir := path.Join("bundled", set)
	entries, err := bundledFS.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("problem set %q has no bundled sample class", set)
	}
	var subs []*Submission
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		src, err := bundledFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := Load("bundled:"+set+"/"+e.Name(), src)
		if err != nil {
			return nil, err
		}
		subs = append(subs, s)
	}
	return subs, nil
}
