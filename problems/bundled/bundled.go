// Package bundled holds the problem sets that ship with nngrade (hw8.toml here).
//
// It is a package of its own, imported by the command and by tests only, so that
// a program built from package problems alone carries no problem set: the
// self-check page's WebAssembly imports problems and must never hold a set's
// network or anything its answers could be solved from.
package bundled

import (
	"embed"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/nngrade/nngrade/internal/tomlfile"
	"github.com/nngrade/nngrade/problems"
)

//go:embed *.toml
var files embed.FS

// Names lists the problem sets that ship with nngrade, sorted.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	sort.Strings(names)
	return names
}

// Set loads a problem set that ships with nngrade, by name ("hw8").
func Set(name string) (*problems.Set, error) {
	src, err := Source(name)
	if err != nil {
		return nil, fmt.Errorf("no bundled problem set %q%s", name, tomlfile.DidYouMean(name, Names()))
	}
	return problems.Load("bundled:"+name, src)
}

// Source returns the TOML text of a bundled set, for users who want to copy
// and adapt it.
func Source(name string) ([]byte, error) {
	return files.ReadFile(name + ".toml")
}

// Open loads a problem set by bundled name or by file path. A name that is neither
// an existing file nor a bundled set gets a suggestion.
func Open(nameOrPath string) (*problems.Set, error) {
	if _, err := os.Stat(nameOrPath); err == nil {
		return problems.LoadFile(nameOrPath)
	}
	if !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".toml") {
		return Set(nameOrPath)
	}
	return nil, fmt.Errorf("%s: no such file (bundled sets: %s)", nameOrPath, strings.Join(Names(), ", "))
}
