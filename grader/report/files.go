package report

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nngrade/nngrade/grader"
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

// renderStudentFiles renders each student's file of a class in class order
// (render into a buffer, then emit with its name, StudentFileName(id, ext);
// the bytes are emit's only during the call) and writes the index that maps
// ids to names, ids exactly as in the ID columns of the gradebooks, to index.
// The one place FeedbackFiles, GradescopeClass and WriteFeedbackFilesContext
// name, render and index students' files.
func renderStudentFiles(c *grader.ClassResult, ext string, render func(*bytes.Buffer, *grader.StudentResult) error,
	index io.Writer, emit func(name string, data []byte) error) error {
	iw := csv.NewWriter(index)
	if err := iw.Write([]string{"student", "file"}); err != nil {
		return csvError(err)
	}
	var buf bytes.Buffer
	row := make([]string, 2)
	err := c.Each(func(s *grader.StudentResult) error {
		name := StudentFileName(s.Student, ext)
		row[0], row[1] = csvID(s.Student), name
		if err := iw.Write(row); err != nil {
			return csvError(err)
		}
		buf.Reset()
		if err := render(&buf, s); err != nil {
			return err
		}
		return emit(name, buf.Bytes())
	})
	return flushCSV(iw, err)
}

// studentFileMap is renderStudentFiles into a map for WriteFiles.
func studentFileMap(c *grader.ClassResult, ext string, render func(*bytes.Buffer, *grader.StudentResult) error) (map[string][]byte, error) {
	files := make(map[string][]byte, c.Len()+1)
	var index bytes.Buffer
	err := renderStudentFiles(c, ext, render, &index, func(name string, data []byte) error {
		files[name] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	files[IndexFileName] = index.Bytes()
	return files, nil
}

// WriteFeedbackFilesContext writes the class's feedback into dir as
// FeedbackFiles and WriteFilesContext together would, with the same names,
// bytes and guarantees (all files or none, each whole; Ctrl-C through ctx
// removes what was written so far; stale temporary files removed), but
// without holding the class's files in memory: each student's file is
// rendered and written to its temporary file at once, and only the names are
// kept until the renames. It returns the number of students' files written
// (index.csv not counted); students with the same id share one file, the last
// one's, as in FeedbackFiles' map.
func WriteFeedbackFilesContext(ctx context.Context, dir string, c *grader.ClassResult) (int, error) {
	return WriteFeedbackFilesProgress(ctx, dir, c, nil)
}

// WriteFeedbackFilesProgress is WriteFeedbackFilesContext calling written,
// when not nil, after each student's file is written (to its temporary name),
// for a progress display.
func WriteFeedbackFilesProgress(ctx context.Context, dir string, c *grader.ClassResult, written func()) (int, error) {
	if c == nil {
		return 0, fmt.Errorf("report: WriteFeedbackFilesContext: no class result")
	}
	return writeStudentFiles(ctx, dir, c, ".md", feedbackRenderer(c), written)
}

// WriteGradescopeFilesProgress writes each student's Gradescope results.json
// (as Gradescope writes it) into dir as StudentFileName(id, ".json"), with
// index.csv, under WriteFeedbackFilesProgress's guarantees: all files or none,
// each whole, streamed through the class. It is for results made outside
// Gradescope's own autograder run (archiving, another tool); Gradescope
// itself grades each upload with the autograder `nngrade gradescope` builds.
func WriteGradescopeFilesProgress(ctx context.Context, dir string, c *grader.ClassResult, written func()) (int, error) {
	if c == nil {
		return 0, fmt.Errorf("report: WriteGradescopeFilesProgress: no class result")
	}
	return writeStudentFiles(ctx, dir, c, ".json", func(buf *bytes.Buffer, s *grader.StudentResult) error {
		return Gradescope(buf, *s)
	}, written)
}

// writeStudentFiles renders each student's file with render and writes them
// and the index into dir, all or nothing, holding only names in memory.
func writeStudentFiles(ctx context.Context, dir string, c *grader.ClassResult, ext string,
	render func(*bytes.Buffer, *grader.StudentResult) error, written func()) (int, error) {
	temps, err := newTempFiles(dir, c.Len()+1)
	if err != nil {
		return 0, err
	}
	index, err := createTemp(dir, IndexFileName)
	if err != nil {
		temps.abort()
		return 0, err
	}
	indexBuf := bufio.NewWriter(index)
	err = renderStudentFiles(c, ext, render, indexBuf, func(name string, data []byte) error {
		if written != nil {
			defer written()
		}
		return temps.add(ctx, name, data)
	})
	if err == nil {
		err = indexBuf.Flush()
	}
	indexTmp, err := finishTemp(index, dir, IndexFileName, err)
	if err == nil {
		err = temps.adopt(IndexFileName, indexTmp)
	} else if indexTmp != "" {
		os.Remove(indexTmp)
	}
	if err != nil {
		temps.abort()
		return 0, err
	}
	n, err := temps.commit(ctx)
	if err != nil {
		return 0, err
	}
	return n - 1, nil
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

// WriteFileAtomicFrom is WriteFileAtomic for a file too large to hold:
// write writes it, as it goes, into the temporary file that becomes path
// once write returns nil. On an error path is left as it was.
func WriteFileAtomicFrom(path string, write func(io.Writer) error) error {
	dir, base := filepath.Dir(path), filepath.Base(path)
	f, err := createTemp(dir, base)
	if err != nil {
		return err
	}
	tmp, err := finishTemp(f, dir, base, write(f))
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

	owner := make(map[string]string, len(names))
	for _, name := range names {
		safe := safeName(name, maxWrittenNameBytes, writtenNameExtra)
		key := strings.ToLower(safe)
		if other, ok := owner[key]; ok {
			return fmt.Errorf("report: files %q and %q would both be written as %s", other, name, filepath.Join(dir, safe))
		}
		owner[key] = name
	}

	temps, err := newTempFiles(dir, len(names))
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := temps.add(ctx, name, files[name]); err != nil {
			temps.abort()
			return err
		}
	}
	_, err = temps.commit(ctx)
	return err
}

// tempFiles is a set of files on their way into a folder, all or nothing:
// each is written to a temporary file as it comes (add), and only when all
// are on disk are they renamed into place, in sorted order (commit), or all
// removed (abort). WriteFilesContext and WriteFeedbackFilesContext share it;
// it keeps the names, never the contents once written.
//
// The temporary files are written and flushed to disk by tempFileWriters
// goroutines: each flush waits for the disk, and a file system commits
// flushes that wait together at once (on ext4, 2,000 small files take 1.2 s
// one after the other and 0.25 s eight at a time).
type tempFiles struct {
	dir   string
	byKey map[string]int // lowercased target name → index in entries of its latest file

	queue   chan tempWrite
	writers sync.WaitGroup

	mu      sync.Mutex // guards entries' tmp fields and err, which writers set
	entries []tempFile
	err     error // the first error in writing a temporary file
}

type tempFile struct {
	name   string // as given
	target string // the path it is renamed to; "" for a file only to be removed
	tmp    string // the temporary file holding it, once written
}

// tempWrite is a file for a writer: entries[index]'s contents.
type tempWrite struct {
	index int
	base  string
	data  []byte
}

// tempFileWriters is how many files are written and flushed at once.
const tempFileWriters = 8

// newTempFiles creates dir if needed, removes the temporary files a killed
// run left in it, and starts the writers.
func newTempFiles(dir string, sizeHint int) (*tempFiles, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	removeStaleTemps(dir)
	t := &tempFiles{dir: dir, entries: make([]tempFile, 0, sizeHint), byKey: make(map[string]int, sizeHint),
		queue: make(chan tempWrite, 2*tempFileWriters)}
	for range tempFileWriters {
		t.writers.Go(func() {
			for w := range t.queue {
				tmp, err := writeTemp(t.dir, w.base, w.data)
				t.mu.Lock()
				t.entries[w.index].tmp = tmp // on an error, a file writeTemp could not remove, for abort
				if err != nil && t.err == nil {
					t.err = err
				}
				t.mu.Unlock()
			}
		})
	}
	return t, nil
}

// target is where name is written: made safe as WriteFilesContext says, and
// the key two names collide on when equal.
func (t *tempFiles) target(name string) (safe, key string) {
	safe = safeName(name, maxWrittenNameBytes, writtenNameExtra)
	return safe, strings.ToLower(safe)
}

// add has data written to a temporary file for name; data is copied, and
// the caller may reuse it at once. The same name given again replaces what
// it was given before (as a map's key would); a different name that lands on
// the same file is an error. When ctx is done, nothing more is written and
// ctx's error returned. An error in writing an earlier file is returned by a
// later add or by commit. After an error the caller calls abort.
func (t *tempFiles) add(ctx context.Context, name string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("report: nothing written to %s: %w", t.dir, err)
	}
	t.mu.Lock()
	err := t.err
	t.mu.Unlock()
	if err != nil {
		return err
	}
	index, err := t.register(name)
	if err != nil {
		return err
	}
	safe, _ := t.target(name)
	t.queue <- tempWrite{index: index, base: safe, data: bytes.Clone(data)}
	return nil
}

// adopt takes a temporary file already written in the folder (by createTemp
// and finishTemp) as name's; add's rules for names apply. The file is removed
// with the others on abort, on an error too.
func (t *tempFiles) adopt(name, tmp string) error {
	index, err := t.register(name)
	t.mu.Lock()
	t.entries[index].tmp = tmp
	t.mu.Unlock()
	return err
}

// register adds an entry for name and returns its index. A name given before
// makes the earlier entry one only to be removed; a name colliding with
// another is an error, and its entry one only to be removed.
func (t *tempFiles) register(name string) (int, error) {
	safe, key := t.target(name)
	entry := tempFile{name: name, target: filepath.Join(t.dir, safe)}
	earlier, seen := t.byKey[key]
	var err error
	t.mu.Lock()
	switch {
	case seen && t.entries[earlier].name != name:
		err = fmt.Errorf("report: files %q and %q would both be written as %s", t.entries[earlier].name, name, filepath.Join(t.dir, safe))
		entry.target = ""
	case seen:
		t.entries[earlier].target = ""
	}
	index := len(t.entries)
	t.entries = append(t.entries, entry)
	t.mu.Unlock()
	if err == nil {
		t.byKey[key] = index
	}
	return index, err
}

// wait stops the writers once they have written every file queued, and
// returns the first error they met.
func (t *tempFiles) wait() error {
	if t.queue != nil {
		close(t.queue)
		t.writers.Wait()
		t.queue = nil
	}
	return t.err
}

// abort removes every temporary file.
func (t *tempFiles) abort() {
	t.wait()
	for _, e := range t.entries {
		if e.tmp != "" {
			os.Remove(e.tmp)
		}
	}
	t.entries = nil
}

// commit waits for every file to be on disk and renames them into place in
// sorted order of names, and returns how many there are. When ctx is done
// before the renames start (the user pressed Ctrl-C), the temporary files are
// removed and ctx's error returned; once renaming has started it finishes,
// which takes moments.
func (t *tempFiles) commit(ctx context.Context) (int, error) {
	if err := t.wait(); err != nil {
		t.abort()
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		t.abort()
		return 0, fmt.Errorf("report: nothing written to %s: %w", t.dir, err)
	}
	kept := t.entries[:0]
	for _, e := range t.entries {
		if e.target == "" {
			os.Remove(e.tmp) // replaced by a later file of the same name
			continue
		}
		kept = append(kept, e)
	}
	t.entries = kept
	slices.SortFunc(t.entries, func(a, b tempFile) int { return strings.Compare(a.name, b.name) })
	n := len(t.entries)
	for i, e := range t.entries {
		if err := os.Rename(e.tmp, e.target); err != nil {
			t.entries = t.entries[i:]
			t.abort() // the ones not yet renamed
			return i, fmt.Errorf("report: %w (%d of %s written)", err, i, plural.Count(n, "file", "files"))
		}
	}
	t.entries = nil
	syncDir(t.dir)
	return n, nil
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
// path. On an error the path of a file it could not remove is returned too.
func writeTemp(dir, base string, data []byte) (string, error) {
	f, err := createTemp(dir, base)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	return finishTemp(f, dir, base, err)
}

// createTemp creates a new temporary file in dir, named after base and
// hidden (".base.nngrade-tmp123"), with mode 0666 less the umask, as the file
// it becomes would be (os.CreateTemp would make it 0600).
func createTemp(dir, base string) (*os.File, error) {
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
		return nil, fmt.Errorf("report: %w", err)
	}
	return f, nil
}

// finishTemp flushes a temporary file from createTemp to disk and closes it,
// and returns its path; err is an error in writing it, if any. On an error
// the file is removed, and its path returned only if it could not be.
func finishTemp(f *os.File, dir, base string, err error) (string, error) {
	tmp := f.Name()
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
