package grader

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
)

// testSet is a solved problem set and the rubrics it is graded under in the
// tests that go through every question of every set.
type testSet struct {
	name    string
	key     *Key
	rubrics []*rubrics.Rubric // the default rubric first, then the set's own
}

// allTestSets gathers every problem set the tests know: Homework 8 with its
// bundled rubric, the sets of grader/testdata, and the sets (and their
// rubrics) written inside the command's testscripts, which between them have
// every layer setting, framework convention and kind of question a diagnosis
// treats. A file that is no problem set, or one that does not solve (a
// testscript's broken set), is left out.
func allTestSets(t *testing.T) []testSet {
	t.Helper()
	sets := []testSet{{name: "hw8", key: solveBundled(t, "hw8"), rubrics: []*rubrics.Rubric{rubrics.Default(), bundledRubric(t)}}}
	files, _ := filepath.Glob("testdata/*.toml")
	var others []namedFile
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		others = append(others, namedFile{f, src})
	}
	sets = append(sets, setsAmong(others)...)
	scripts, _ := filepath.Glob("../cmd/nngrade/testdata/script/*.txtar")
	if len(scripts) == 0 {
		t.Fatal("no testscripts found in ../cmd/nngrade/testdata/script")
	}
	for _, path := range scripts {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var inArchive []namedFile
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".toml") {
				inArchive = append(inArchive, namedFile{filepath.Base(path) + ":" + f.Name, f.Data})
			}
		}
		sets = append(sets, setsAmong(inArchive)...)
	}
	return sets
}

type namedFile struct {
	name string
	src  []byte
}

// setsAmong solves the files that are problem sets and gives each the files
// that are rubrics for it.
func setsAmong(files []namedFile) []testSet {
	var sets []testSet
	for _, f := range files {
		set, err := problems.Load(f.name, f.src)
		if err != nil || len(set.Questions) == 0 {
			continue
		}
		key, err := Solve(set)
		if err != nil {
			continue
		}
		ts := testSet{name: f.name, key: key, rubrics: []*rubrics.Rubric{rubrics.Default()}}
		for _, r := range files {
			if r.name == f.name || !strings.Contains(string(r.src), "problem_set") {
				continue
			}
			rubric, err := rubrics.Load(r.name, r.src, set.QuestionIDs())
			if err != nil || rubric.CheckSet(set.ID) != nil {
				continue
			}
			ts.rubrics = append(ts.rubrics, rubric)
		}
		sets = append(sets, ts)
	}
	slices.SortFunc(sets, func(a, b testSet) int { return strings.Compare(a.name, b.name) })
	return sets
}
