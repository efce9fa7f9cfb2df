// Package wasmsrc fingerprints the Go sources the self-check page's WebAssembly
// is built from, so that a test can tell when the committed build is stale.
package wasmsrc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// MainPackage is the WebAssembly program's import path.
const MainPackage = "github.com/nngrade/nngrade/web/selfcheck"

// Package is what go list says of one package the program imports.
type Package struct {
	ImportPath string
	Dir        string
	Standard   bool
	GoFiles    []string
	EmbedFiles []string
	Module     *struct {
		Path    string
		Version string
		Main    bool
	}
}

// Deps lists every package the WebAssembly program is built from, the
// standard library's included, as `GOOS=js GOARCH=wasm go list -deps` sees them.
// moduleDir is the module's root.
func Deps(moduleDir string) ([]Package, error) {
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Dir,Standard,GoFiles,EmbedFiles,Module", MainPackage)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s for js/wasm: %v\n%s", MainPackage, err, stderr.String())
	}
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p Package
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// Sum fingerprints the program's sources: the module's own packages by the
// contents of their Go and embedded files, other modules' packages by version.
// The standard library is left out, so that the build is not stale on a Go
// patch release (wasm_exec.js is committed with the build it goes with).
type Sum struct {
	Total    string
	Packages map[string]string // import path -> its fingerprint
}

// Hash computes the Sum of the sources the program is built from now.
func Hash(moduleDir string) (Sum, error) {
	pkgs, err := Deps(moduleDir)
	if err != nil {
		return Sum{}, err
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].ImportPath < pkgs[j].ImportPath })
	sum := Sum{Packages: map[string]string{}}
	total := sha256.New()
	for _, p := range pkgs {
		if p.Standard {
			continue
		}
		if p.Module == nil {
			return Sum{}, fmt.Errorf("%s: no module", p.ImportPath)
		}
		h := sha256.New()
		if !p.Module.Main {
			fmt.Fprintf(h, "%s@%s\n", p.Module.Path, p.Module.Version)
		} else {
			files := append(append([]string{}, p.GoFiles...), p.EmbedFiles...)
			sort.Strings(files)
			for _, name := range files {
				src, err := os.ReadFile(filepath.Join(p.Dir, name))
				if err != nil {
					return Sum{}, err
				}
				fmt.Fprintf(h, "file %s %x\n", name, sha256.Sum256(src))
			}
		}
		pkgSum := hex.EncodeToString(h.Sum(nil))
		sum.Packages[p.ImportPath] = pkgSum
		fmt.Fprintf(total, "%s %s\n", p.ImportPath, pkgSum)
	}
	sum.Total = hex.EncodeToString(total.Sum(nil))
	return sum, nil
}

// Changed lists the packages whose sources differ between two sums, or that
// only one has.
func (s Sum) Changed(other Sum) []string {
	var changed []string
	for p, h := range s.Packages {
		if other.Packages[p] != h {
			changed = append(changed, p)
		}
	}
	for p := range other.Packages {
		if _, ok := s.Packages[p]; !ok {
			changed = append(changed, p)
		}
	}
	sort.Strings(changed)
	return changed
}

// OwnPackages lists the module's own packages among deps.
func OwnPackages(deps []Package) []string {
	var own []string
	for _, p := range deps {
		if p.Module != nil && p.Module.Main {
			own = append(own, p.ImportPath)
		}
	}
	return own
}

// Encode writes the sum as selfcheck.sum holds it: the total, then one line a
// package.
func (s Sum) Encode() []byte {
	var b strings.Builder
	b.WriteString("sha256 " + s.Total + "\n")
	paths := make([]string, 0, len(s.Packages))
	for p := range s.Packages {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		b.WriteString(p + " " + s.Packages[p] + "\n")
	}
	return []byte(b.String())
}

// ReadSum reads selfcheck.sum.
func ReadSum(content []byte) (Sum, error) {
	sum := Sum{Packages: map[string]string{}}
	for i, line := range strings.Split(strings.TrimSpace(string(content)), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) != 2:
			return Sum{}, fmt.Errorf("selfcheck.sum:%d: want two fields, got %q", i+1, line)
		case i == 0 && f[0] == "sha256":
			sum.Total = f[1]
		case i == 0:
			return Sum{}, fmt.Errorf("selfcheck.sum:1: want sha256 and the total, got %q", line)
		default:
			sum.Packages[f[0]] = f[1]
		}
	}
	return sum, nil
}
