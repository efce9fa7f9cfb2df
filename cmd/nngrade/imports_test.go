package main

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoEngineImports keeps cmd/ thin: it renders what the grader returns
// (through grader/report) and knows nothing of the math, so no file of the
// command imports an engine package.
func TestNoEngineImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "github.com/nngrade/nngrade/engine") {
				t.Errorf("%s imports %s: render through grader/report instead", fset.Position(imp.Pos()), path)
			}
		}
	}
}
