//go:build ignore

// gen builds the self-check page's WebAssembly and writes the files the page
// embeds: selfcheck.wasm.gz (the program in web/selfcheck, gzip-compressed),
// wasm_exec.js (Go's support script, from $(go env GOROOT)/lib/wasm, which must
// match the Go that built the program) and selfcheck.sum (a fingerprint of the
// sources it was built from, that TestWasmIsFresh compares). Run it with
// `go generate ./web`.
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/nngrade/nngrade/web/internal/wasmsrc"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("web/gen: ")
	moduleDir, err := filepath.Abs("..")
	if err != nil {
		log.Fatal(err)
	}
	hash, err := wasmsrc.Hash(moduleDir)
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "nngrade-wasm")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	wasmPath := filepath.Join(tmp, "selfcheck.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasmPath, wasmsrc.MainPackage)
	build.Dir = moduleDir
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("go build %s: %v", wasmsrc.MainPackage, err)
	}
	wasm, err := os.ReadFile(wasmPath)
	if err != nil {
		log.Fatal(err)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // no name, no time: the same program gives the same bytes
	zw.Write(wasm)
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		log.Fatal(err)
	}
	execJS, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		log.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"selfcheck.wasm.gz": gz.Bytes(),
		"wasm_exec.js":      execJS,
		"selfcheck.sum":     hash.Encode(),
	} {
		if err := os.WriteFile(name, content, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("web/gen: selfcheck.wasm %d bytes, gzip %d bytes; sources %s\n", len(wasm), gz.Len(), hash.Total[:12])
}
