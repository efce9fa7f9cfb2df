package problems

import (
	"embed"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/nngrade/nngrade/internal/tomlfile"
)

//go:embed bundled/*.toml
var bundledFS embed.FS

// BundledNames lists the problem sets that ship with nngrade, sorted.
func BundledNames() []string {
	entries, _ := bundledFS.ReadDir("bundled")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	sort.Strings(names)
	return names
}

// Bundled loads a problem set that ships with nngrade, by name ("hw8").
func Bundled(name string) (*Set, error) {
	src, err := bundledFS.ReadFile(path.Join("bundled", name+".toml"))
	if err != nil {
		return nil, fmt.Errorf("no bundled problem set %q%s", name, tomlfile.DidYouMean(name, BundledNames()))
	}
	set, err := Load("bundled:"+name, src)
	if err != nil {
		return nil, err
	}
	return set, nil
}

// BundledSource returns the TOML text of a bundled set, for users who want to copy
// and adapt it.
func BundledSource(name string) ([]byte, error) {
	return bundledFS.ReadFile(path.Join("bundled", name+".toml"))
}

// Open loads a problem set by bundled name or by file path. A name that is neither
// an existing file nor a bundled set gets a suggestion.
func Open(nameOrPath string) (*Set, error) {
	if _, err := os.Stat(nameOrPath); err == nil {
		return LoadFile(nameOrPath)
	}
	if !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".toml") {
		return Bundled(nameOrPath)
	}
	return nil, fmt.Errorf("%s: no such file (bundled sets: %s)", nameOrPath, strings.Join(BundledNames(), ", "))
}
