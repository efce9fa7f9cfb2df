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

// Hash fingerprints the program's sources: the module's own packages by the
// contents of their Go and embedded files, other modules' packages by version.
// The standard library is left out, so that the build is not stale on a Go
// patch release (wasm_exec.js is committed with the build it goes with).
func Hash(moduleDir string) (string, error) {
	pkgs, err := Deps(moduleDir)
	if err != nil {
		return "", err
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].ImportPath < pkgs[j].ImportPath })
	h := sha256.New()
	for _, p := range pkgs {
		switch {
		case p.Standard:
			continue
		case p.Module == nil:
			return "", fmt.Errorf("%s: no module", p.ImportPath)
		case !p.Module.Main:
			fmt.Fprintf(h, "package %s %s@%s\n", p.ImportPath, p.Module.Path, p.Module.Version)
			continue
		}
		fmt.Fprintf(h, "package %s\n", p.ImportPath)
		files := append(append([]string{}, p.GoFiles...), p.EmbedFiles...)
		sort.Strings(files)
		for _, name := range files {
			src, err := os.ReadFile(filepath.Join(p.Dir, name))
			if err != nil {
				return "", err
			}
			sum := sha256.Sum256(src)
			fmt.Fprintf(h, "file %s %x\n", name, sum)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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

// SumLine is the content of selfcheck.sum for a hash.
func SumLine(hash string) string { return "sha256 " + hash + "\n" }

// ReadSum reads the hash back from selfcheck.sum's content.
func ReadSum(content []byte) string {
	return strings.TrimPrefix(strings.TrimSpace(string(content)), "sha256 ")
}
