package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// maxFileNameBytes keeps a name from SafeFileName well under the 255-byte
// limit of common file systems, with room for a "-2" suffix and an extension.
// maxWrittenNameBytes is the limit WriteFiles applies to the names it is
// given, so that any name SafeFileNames makes passes through it unchanged.
const (
	maxFileNameBytes    = 100
	maxWrittenNameBytes = 240
)

// SafeFileName turns a student id (or any untrusted text) into a file name that
// stays inside the directory it is written to: only ASCII letters, digits, '.',
// '-' and '_' are kept and every other character (path separators included)
// becomes '_'; a leading or trailing '.' becomes '_' (no ".", "..", hidden
// files, or names Windows would trim); Windows device names (CON, NUL, COM1…)
// get a leading '_'; the result is at most 100 bytes and never empty.
// "../x" becomes "___x" and "ssr226" stays "ssr226". Different ids can give the
// same name ("a/b" and "a_b"): SafeFileNames tells them apart.
func SafeFileName(s string) string {
	return safeName(s, maxFileNameBytes)
}

// safeName is SafeFileName with a length limit in bytes.
func safeName(s string, limit int) string {
	out := make([]byte, 0, min(len(s), limit))
	for _, r := range s {
		if len(out) >= limit {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			out = append(out, byte(r))
		default:
			out = append(out, '_')
		}
	}
	for i := 0; i < len(out) && out[i] == '.'; i++ {
		out[i] = '_'
	}
	for i := len(out) - 1; i >= 0 && out[i] == '.'; i-- {
		out[i] = '_'
	}
	if len(out) == 0 {
		return "_"
	}
	name := string(out)
	if isWindowsDeviceName(name) {
		name = "_" + name
	}
	return name
}

// isWindowsDeviceName reports names Windows reserves for devices, with or
// without an extension ("nul", "COM1.md").
func isWindowsDeviceName(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(stem) {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		return true
	}
	return false
}

// SafeFileNames gives each id a distinct safe file name ending in ext, in the
// order of ids: SafeFileName(id)+ext, and when that name is taken, ignoring
// case (macOS and Windows file systems do), "-2", "-3", … before ext. The same
// ids in the same order always give the same names.
func SafeFileNames(ids []string, ext string) []string {
	names := make([]string, len(ids))
	taken := make(map[string]bool, len(ids))
	for i, id := range ids {
		base := SafeFileName(id)
		name := base + ext
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = base + "-" + strconv.Itoa(n) + ext
		}
		taken[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// WriteFileAtomic writes data to path whole or not at all: it writes a
// temporary file in the same directory, flushes it to disk, and renames it over
// path, so a reader (or a crash) sees the old file or the new one, never half
// of one. The file is made readable by everyone (0644).
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, filepath.Base(path), data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("report: %w", err)
	}
	syncDir(dir)
	return nil
}

// WriteFiles writes files (name → contents) into dir, creating dir if needed.
// Each name is passed through SafeFileName (with a limit of 240 bytes rather
// than 100, so names from SafeFileNames are kept as they are), so a name built
// from a student id such as "../x" lands inside dir as "___x"; two names that become the same
// (ignoring case) are an error and nothing is written. Every file is written to
// a temporary file and flushed first; only when all of them are on disk are
// they renamed into place, in sorted order. So a failure while writing (a full
// disk) leaves dir as it was, and each file is always whole.
func WriteFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)

	targets := make([]string, len(names))
	owner := make(map[string]string, len(names))
	for i, name := range names {
		safe := safeName(name, maxWrittenNameBytes)
		key := strings.ToLower(safe)
		if other, ok := owner[key]; ok {
			return fmt.Errorf("report: files %q and %q would both be written as %s", other, name, filepath.Join(dir, safe))
		}
		owner[key] = name
		targets[i] = filepath.Join(dir, safe)
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	temps := make([]string, 0, len(names))
	removeTemps := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for i, name := range names {
		tmp, err := writeTemp(dir, filepath.Base(targets[i]), files[name])
		if err != nil {
			removeTemps()
			return err
		}
		temps = append(temps, tmp)
	}
	for i, tmp := range temps {
		if err := os.Rename(tmp, targets[i]); err != nil {
			removeTemps() // the ones not yet renamed; renamed ones are already gone
			return fmt.Errorf("report: %w (%d of %d files written)", err, i, len(temps))
		}
	}
	syncDir(dir)
	return nil
}

// writeTemp writes data to a new temporary file in dir, named after base and
// hidden (".base.tmp123"), flushed to disk and closed; it returns the path.
func writeTemp(dir, base string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("report: writing %s: %w", filepath.Join(dir, base), err)
	}
	return tmp, nil
}

// syncDir flushes a directory's entries, so renames into it survive a crash.
// It is best effort: some systems (Windows, some network file systems) cannot
// sync a directory, and the files themselves are already whole on disk.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}
