package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/internal/plural"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
)

// nngradeModule and nngradeCommand are the module and main package a
// binary's build information names when it is nngrade.
const (
	nngradeModule  = "github.com/nngrade/nngrade"
	nngradeCommand = nngradeModule + "/cmd/nngrade"
)

func gradescopeCommand() *cli.Command {
	return &cli.Command{
		Name:      "gradescope",
		Usage:     "build a Gradescope autograder: a zip that grades each student's upload",
		ArgsUsage: "SET --out autograder.zip",
		Description: "Writes the zip to upload as a Gradescope programming assignment's autograder: setup.sh and\n" +
			"run_autograder at its root, a static linux/amd64 nngrade, the problem set and the rubric; nothing\n" +
			"is downloaded when it runs. For each upload, run_autograder grades the answers file (a submission\n" +
			"TOML, or a CSV with one row) as check does, under the student policy, and writes\n" +
			"/autograder/results/results.json: the total and one test per question with its feedback. A\n" +
			"wrong answer's key is never in what the student sees; --visibility can hold the results back\n" +
			"until the due date or until you publish the grades. The\n" +
			"rubric is the one grade would use: the set's bundled rubric unless --rubric names another.\n\n" +
			"The nngrade inside is --binary FILE if given; else this nngrade if it is a static linux/amd64\n" +
			"build; else one built with the Go toolchain from the nngrade source folder you are in\n" +
			"(CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build ./cmd/nngrade).\n\n" +
			"Example:\n   nngrade gradescope hw8 --rubric hw8-rubric.toml --out autograder.zip",
		Flags: []cli.Flag{
			rubricFlag(),
			&cli.StringFlag{Name: "out", Usage: "write the autograder zip to `FILE`"},
			&cli.StringFlag{Name: "binary", Usage: "put the nngrade `FILE` in the zip: a static linux/amd64 build (CGO_ENABLED=0)"},
			&cli.StringFlag{Name: "visibility", Value: "visible", Usage: "when students see their results: `WHEN` is " + strings.Join(report.GradescopeVisibilities, ", ") + " (after_published: once you publish the grades)"},
		},
		Action: cmdGradescope,
	}
}

func cmdGradescope(c *cli.Context) error {
	stdout, stderr := c.App.Writer, c.App.ErrWriter
	if c.NArg() != 1 {
		return usageError(c, "want one problem set")
	}
	out := c.String("out")
	if out == "" {
		return usageError(c, "name the zip to write with --out FILE, e.g. --out autograder.zip")
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		return usageError(c, "--out %s is a folder; name the zip file to write, e.g. --out %s", out, filepath.Join(out, "autograder.zip"))
	}
	visibility := c.String("visibility")
	if !slices.Contains(report.GradescopeVisibilities, visibility) {
		return usageError(c, "unknown --visibility %q; valid: %s", visibility, strings.Join(report.GradescopeVisibilities, ", "))
	}
	name := c.Args().First()
	key, err := loadKey(name)
	if err != nil {
		return err
	}
	if _, err := loadRubric(c, key); err != nil {
		return err
	}
	// The set and rubric go into the zip as the TOML they were read from, so
	// that the autograder grades exactly as grade does here.
	setSrc, rubricSrc, err := autograderSources(name, c.String("rubric"), isBundled(key.Set))
	if err != nil {
		return &exitError{code: 2, msg: "nngrade gradescope: " + err.Error()}
	}
	if c.String("rubric") == "" && rubricSrc == nil {
		fmt.Fprintf(stderr, "nngrade gradescope: no --rubric: the autograder gives one point a question, with the default tolerances and no known mistakes; build it with --rubric FILE, the rubric you grade %s with.\n", key.Set.ID)
	}
	binary, from, err := autograderBinaryFor(c.String("binary"), stderr)
	if err != nil {
		return &exitError{code: 2, msg: "nngrade gradescope: " + err.Error()}
	}
	if err := tryAutograder(setSrc, rubricSrc, binary, visibility); err != nil {
		return &exitError{code: 2, msg: "nngrade gradescope: " + err.Error()}
	}
	zipped, err := autograderZip(setSrc, rubricSrc, binary, visibility)
	if err != nil {
		return &exitError{code: 2, msg: "nngrade gradescope: " + err.Error()}
	}
	if err := report.WriteFileAtomic(out, zipped); err != nil {
		return &exitError{code: 2, msg: "nngrade gradescope: " + strings.TrimPrefix(err.Error(), "report: ")}
	}
	rubricText := "one point a question"
	if rubricSrc != nil {
		rubricText = "its rubric"
	}
	fmt.Fprintf(stdout, "Wrote %s: a Gradescope autograder for %s (%s, %s; nngrade %s).\n", out, key.Set.ID,
		plural.Count(len(key.Set.Questions), "question", "questions"), rubricText, from)
	fmt.Fprintf(stdout, `
On Gradescope: create a Programming Assignment, and under Configure Autograder choose
"Zip file upload", upload %[1]s (any Ubuntu base image) and update the autograder.
Students upload their answers file (nngrade template %[2]s writes the one to fill in); each
upload gets one test per question with its feedback. Test it with Test Autograder first.
`, filepath.Base(out), key.Set.ID)
	return nil
}

// autograderSources reads the problem set's TOML and the rubric's: --rubric's
// file, the set's bundled rubric for a bundled set, or none.
func autograderSources(set, rubricPath string, bundled bool) (setSrc, rubricSrc []byte, err error) {
	if _, statErr := os.Stat(set); statErr == nil {
		setSrc, err = os.ReadFile(set)
	} else {
		setSrc, err = bundledsets.Source(set)
	}
	if err != nil {
		return nil, nil, err
	}
	switch {
	case rubricPath != "":
		rubricSrc, err = os.ReadFile(rubricPath)
	case bundled:
		id := strings.TrimSuffix(filepath.Base(set), ".toml")
		if src, ok := bundledrubrics.Source(id); ok {
			rubricSrc = src
		}
	}
	return setSrc, rubricSrc, err
}

// autograderScripts are the zip's setup.sh and run_autograder. Gradescope
// unpacks the zip into /autograder/source, copies run_autograder to
// /autograder/run_autograder, runs setup.sh once with bash when it builds the
// image, and runs run_autograder for each upload from /autograder. So the
// scripts name the files by their place under /autograder, never by their
// own; NNGRADE_GRADESCOPE_ROOT stands for the / that holds /autograder, for
// trying the autograder on your own machine (and for the tests).
const (
	setupScript = `#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder: nothing to install
# or download. It checks that nngrade runs and loads the problem set and the
# rubric, so that a fault shows now rather than on a student's upload.
# Written by nngrade gradescope.
set -eu
root="${NNGRADE_GRADESCOPE_ROOT:-/}"
source_dir="${root%/}/autograder/source"
chmod 755 "$source_dir/nngrade" "$source_dir/run_autograder"
"$source_dir/nngrade" autograde --check --root "$root"{{flags}}
`
	runScript = `#!/bin/sh
# Gradescope runs this for each upload: nngrade grades the answers file in
# /autograder/submission and writes /autograder/results/results.json (see
# nngrade autograde --help). Written by nngrade gradescope.
root="${NNGRADE_GRADESCOPE_ROOT:-/}"
exec "${root%/}/autograder/source/nngrade" autograde --root "$root"{{flags}}
`
)

// autograderZip is the autograder: the scripts and nngrade, executable, and
// the set and the rubric. Its entries carry a fixed time, so that the same
// inputs give the same zip.
func autograderZip(setSrc, rubricSrc, binary []byte, visibility string) ([]byte, error) {
	flags := ""
	if visibility != "visible" {
		flags = " --visibility " + visibility
	}
	setup := strings.Replace(setupScript, "{{flags}}", flags, 1)
	run := strings.Replace(runScript, "{{flags}}", flags, 1)
	files := []struct {
		name string
		mode os.FileMode
		data []byte
	}{
		{"setup.sh", 0o755, []byte(setup)},
		{"run_autograder", 0o755, []byte(run)},
		{autograderBinary, 0o755, binary},
		{autograderSet, 0o644, setSrc},
	}
	if rubricSrc != nil {
		files = append(files, struct {
			name string
			mode os.FileMode
			data []byte
		}{autograderRubric, 0o644, rubricSrc})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		h.SetMode(f.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// autograderBinaryFor finds the nngrade to put in the zip, and says where it
// came from: --binary's file; else this nngrade when it is a static
// linux/amd64 build; else one built from the nngrade source folder the
// command runs in, with the Go toolchain.
func autograderBinaryFor(path string, stderr io.Writer) (data []byte, from string, err error) {
	if path != "" {
		if err := checkAutograderBinary(path); err != nil {
			return nil, "", fmt.Errorf("--binary %w", err)
		}
		data, err := os.ReadFile(path)
		return data, "from " + path, err
	}
	self, selfErr := os.Executable()
	if selfErr == nil {
		if selfErr = checkAutograderBinary(self); selfErr == nil {
			data, err := os.ReadFile(self)
			return data, "this one", err
		}
	}
	root, err := nngradeSourceFolder()
	if err != nil {
		return nil, "", fmt.Errorf("the zip needs nngrade built for Gradescope's machines (static, linux/amd64), and this nngrade is not one (%v); %v.\n"+
			"Build one in nngrade's source folder with\n   CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o nngrade-linux-amd64 ./cmd/nngrade\n"+
			"and give it with --binary nngrade-linux-amd64, or run this command from that folder", selfErr, err)
	}
	fmt.Fprintf(stderr, "nngrade gradescope: building a static linux/amd64 nngrade from %s (CGO_ENABLED=0 go build)...\n", root)
	data, err = buildStaticNngrade(root)
	if err != nil {
		return nil, "", err
	}
	return data, "built from " + root, nil
}

// checkAutograderBinary checks that the file at path is an nngrade that
// Gradescope's machines run: an x86-64 Linux executable with no dynamic
// loader (Go's CGO_ENABLED=0 build), whose build information names nngrade's
// command.
func checkAutograderBinary(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		var format *elf.FormatError
		if errors.As(err, &format) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%s is not a Linux executable", path)
		}
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			return fmt.Errorf("%s: %v", path, pe.Err)
		}
		return err
	}
	defer f.Close()
	if f.Machine != elf.EM_X86_64 || f.Class != elf.ELFCLASS64 {
		return fmt.Errorf("%s is built for %v, not x86-64 (amd64), which Gradescope runs", path, f.Machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is linked dynamically (build it with CGO_ENABLED=0)", path)
		}
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s is not a Go program (%v)", path, err)
	}
	if info.Path != nngradeCommand {
		return fmt.Errorf("%s is %s, not nngrade (%s)", path, info.Path, nngradeCommand)
	}
	return nil
}

// nngradeSourceFolder is the root of nngrade's module that holds the working
// folder, where go build can build nngrade.
func nngradeSourceFolder() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			line, _ := bufio.NewReader(f).ReadString('\n')
			f.Close()
			if strings.TrimSpace(line) == "module "+nngradeModule {
				if _, err := exec.LookPath("go"); err != nil {
					return "", fmt.Errorf("%s is nngrade's source, but the Go toolchain (go) is not installed", dir)
				}
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("the working folder is not in nngrade's source, to build one from")
		}
		dir = parent
	}
}

// buildStaticNngrade builds nngrade from its source folder for Gradescope:
// linux/amd64, statically linked (CGO_ENABLED=0), without local paths or
// debugging symbols (a third smaller; its build information stays).
func buildStaticNngrade(root string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "nngrade-gradescope-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, autograderBinary)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./cmd/nngrade")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/nngrade in %s: %v\n%s", root, err, out)
	}
	if err := checkAutograderBinary(bin); err != nil {
		return nil, err
	}
	return os.ReadFile(bin)
}

// tryAutograder runs the zip's nngrade as setup.sh will, on its set and
// rubric laid out as on Gradescope, when this machine can run it: a --binary
// from another version of nngrade that cannot read them fails here, not when
// Gradescope builds the image.
func tryAutograder(setSrc, rubricSrc, binary []byte, visibility string) error {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		return nil
	}
	root, err := os.MkdirTemp("", "nngrade-gradescope-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	source := gradescopePaths(root).source
	if err := os.MkdirAll(source, 0o777); err != nil {
		return err
	}
	files := map[string][]byte{autograderBinary: binary, autograderSet: setSrc}
	if rubricSrc != nil {
		files[autograderRubric] = rubricSrc
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(source, name), data, 0o755); err != nil {
			return err
		}
	}
	cmd := exec.Command(filepath.Join(source, autograderBinary), "autograde", "--check", "--root", root, "--visibility", visibility)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("the zip's nngrade does not load the set and rubric (%v):\n%s", err, bytes.TrimSpace(out))
	}
	return nil
}
