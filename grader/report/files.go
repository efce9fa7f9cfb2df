package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/internal/plural"
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
	return safeName(s, maxFileNameBytes, "")
}

// safeName is SafeFileName with a length limit in bytes and extra characters
// to keep.
func safeName(s string, limit int, keep string) string {
	out := make([]byte, 0, min(len(s), limit))
	for _, r := range s {
		if len(out) >= limit {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.',
			r < utf8.RuneSelf && strings.ContainsRune(keep, r):
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

// StudentFileName is the file name of a student's own file (feedback, results)
// in an output folder: it depends on the student id alone, so adding or
// removing a student never renames another's file, and different ids always
// get different names, also on file systems that ignore case (macOS, Windows).
// docs/FORMAT.md documents the mapping, which reads back unambiguously:
//
//   - a–z, 0–9, '_', '@', '+' are kept, and so are '-' except as the first
//     character (a name that starts with '-' reads as an option to a shell
//     command) and '.' except as the first or last character;
//   - an uppercase letter becomes '^' and the letter in lowercase ("AB1" →
//     "^a^b1");
//   - every other byte (a first '-', a first or last '.', '%', '^', a space,
//     '/', each byte of a non-ASCII letter) becomes '%' and two lowercase hex
//     digits ("../x" → "%2e.%2fx");
//   - a Windows device name (con, nul, com1, …, before the first '.') has its
//     first letter written as %xx ("con" → "%63on"); the empty id is "%".
//
// So "ssr226" stays "ssr226" and "jdoe@uni.edu" stays "jdoe@uni.edu". An id
// whose name would pass 200 bytes (never one nngrade reads: ids are at most 100
// characters) keeps its first 180 bytes and ends in "%%" and 16 hex digits
// of its SHA-256. ext (".md") is appended.
func StudentFileName(id, ext string) string {
	const maxName = 200
	var b strings.Builder
	escape := func(c byte) { fmt.Fprintf(&b, "%%%02x", c) }
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '@', c == '+':
			if i == 0 && (c == '-' || isWindowsDeviceName(id)) {
				escape(c)
			} else {
				b.WriteByte(c)
			}
		case c == '.' && i > 0 && i < len(id)-1:
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte('^')
			b.WriteByte(c - 'A' + 'a')
		default:
			escape(c)
		}
	}
	name := b.String()
	if id == "" {
		name = "%"
	}
	if len(name) > maxName {
		cut := 180
		for cut > 0 && (name[cut-1] == '%' || name[cut-1] == '^' || (cut > 1 && name[cut-2] == '%')) {
			cut-- // never cut an escape in two
		}
		sum := sha256.Sum256([]byte(id))
		name = name[:cut] + "%%" + hex.EncodeToString(sum[:8])
	}
	return name + ext
}

// IndexFileName is the file, next to the students' files, that maps each
// student id to its file name (see StudentFileName): a CSV "student,file".
const IndexFileName = "index.csv"

// studentFiles names each student's file (StudentFileName with ext) and
// renders the index that maps ids to names, ids exactly as in the ID columns
// of the gradebooks.
func studentFiles(ids []string, ext string) (names []string, index []byte, err error) {
	rows := [][]string{{"student", "file"}}
	names = make([]string, len(ids))
	for i, id := range ids {
		names[i] = StudentFileName(id, ext)
		rows = append(rows, []string{csvID(id), names[i]})
	}
	var buf bytes.Buffer
	if err := writeCSV(&buf, rows); err != nil {
		return nil, nil, err
	}
	return names, buf.Bytes(), nil
}

// WriteFileAtomic writes data to path whole or not at all: it writes a
// temporary file in the same directory, flushes it to disk, and renames it over
// path, so a reader (or a crash) sees the old file or the new one, never half
// of one. The file is created as any new file is, under the user's umask.
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

// WriteFiles is WriteFilesContext without a way to stop it.
func WriteFiles(dir string, files map[string][]byte) error {
	return WriteFilesContext(context.Background(), dir, files)
}

// WriteFilesContext writes files (name → contents) into dir, creating dir if
// needed. Each name is made safe as SafeFileName does, with a limit of 240
// bytes rather than 100 and with the characters of StudentFileName's names
// ('@', '+', '^', '%') kept, so a name built from a student id such as "../x"
// lands inside dir as "___x"; two names that become the same (ignoring case)
// are an error and nothing is written. Files and the folder are created under
// the user's umask, as any program's are.
//
// Every file is written to a temporary file and flushed first; only when all
// of them are on disk are they renamed into place, in sorted order. So a
// failure while writing (a full disk) leaves dir as it was, and each file is
// always whole. When ctx is done before the renames start (the user pressed
// Ctrl-C), the temporary files are removed and ctx's error returned; once
// renaming has started it finishes, which takes moments. Temporary files that
// a killed run left in dir (".<name>.nngrade-tmp<digits>") are removed first.
func WriteFilesContext(ctx context.Context, dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)

	targets := make([]string, len(names))
	owner := make(map[string]string, len(names))
	for i, name := range names {
		safe := safeName(name, maxWrittenNameBytes, writtenNameExtra)
		key := strings.ToLower(safe)
		if other, ok := owner[key]; ok {
			return fmt.Errorf("report: files %q and %q would both be written as %s", other, name, filepath.Join(dir, safe))
		}
		owner[key] = name
		targets[i] = filepath.Join(dir, safe)
	}

	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	removeStaleTemps(dir)
	temps := make([]string, 0, len(names))
	removeTemps := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for i, name := range names {
		if err := ctx.Err(); err != nil {
			removeTemps()
			return fmt.Errorf("report: nothing written to %s: %w", dir, err)
		}
		tmp, err := writeTemp(dir, filepath.Base(targets[i]), files[name])
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			removeTemps()
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		removeTemps()
		return fmt.Errorf("report: nothing written to %s: %w", dir, err)
	}
	for i, tmp := range temps {
		if err := os.Rename(tmp, targets[i]); err != nil {
			temps = temps[i:]
			removeTemps() // the ones not yet renamed
			return fmt.Errorf("report: %w (%d of %s written)", err, i, plural.Count(len(names), "file", "files"))
		}
	}
	syncDir(dir)
	return nil
}

// writtenNameExtra are the characters WriteFilesContext keeps in a name beyond
// SafeFileName's: those StudentFileName writes.
const writtenNameExtra = "@+^%"

// tempMark is in every temporary file's name, so that those a killed run left
// behind can be told from the user's own files.
const tempMark = ".nngrade-tmp"

// staleTemp matches the names writeTemp gives: "." + a name + tempMark + digits.
var staleTemp = regexp.MustCompile(`^\..+` + regexp.QuoteMeta(tempMark) + `[0-9]+$`)

// removeStaleTemps removes the temporary files a run killed while writing
// (SIGKILL, a power cut) left in dir. Best effort: what cannot be removed
// stays, and hurts nothing. Two runs writing into one folder at once are not
// supported: one may remove the other's temporary files, which then fails.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() && staleTemp.MatchString(e.Name()) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// writeTemp writes data to a new temporary file in dir, named after base and
// hidden (".base.nngrade-tmp123"), flushed to disk and closed; it returns the
// path. The file is created with mode 0666 less the umask, as the file it
// becomes would be (os.CreateTemp would make it 0600). On an error the path of
// a file it could not remove is returned too.
func writeTemp(dir, base string, data []byte) (string, error) {
	var f *os.File
	var err error
	for range 100 {
		name := filepath.Join(dir, "."+base+tempMark+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
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
	if err != nil {
		if os.Remove(tmp) == nil {
			tmp = ""
		}
		return tmp, fmt.Errorf("report: writing %s: %w", filepath.Join(dir, base), err)
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
