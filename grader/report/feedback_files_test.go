package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// readDir reads every file of a folder: name → contents.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte, len(entries))
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

// TestWriteFeedbackFilesIsFeedbackFilesWritten: the streaming writer leaves
// the folder FeedbackFiles and WriteFilesContext leave, file for file and
// byte for byte, students sharing an id included (the last one's file, both
// in the index).
func TestWriteFeedbackFilesIsFeedbackFilesWritten(t *testing.T) {
	varied := variedClass(400, 6)
	varied.Students = append(varied.Students, varied.Students[7], varied.Students[3])
	varied.Students[len(varied.Students)-1].Name = "the second s3"
	for name, c := range map[string]*grader.ClassResult{"fixture": fixtureClass(), "varied": varied,
		"empty": assembleClass("empty", "", nil, nil)} {
		want := filepath.Join(t.TempDir(), "out")
		files, err := FeedbackFiles(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteFilesContext(context.Background(), want, files); err != nil {
			t.Fatal(err)
		}
		got := filepath.Join(t.TempDir(), "out")
		counted := 0
		n, err := WriteFeedbackFilesProgress(context.Background(), got, c, func() { counted++ })
		if err != nil {
			t.Fatal(err)
		}
		if counted != c.Len() {
			t.Errorf("%s: progress counted %d files for %d students", name, counted, c.Len())
		}
		gotFiles, wantFiles := readDir(t, got), readDir(t, want)
		if n != len(wantFiles)-1 {
			t.Errorf("%s: %d files written, want %d", name, n, len(wantFiles)-1)
		}
		if len(gotFiles) != len(wantFiles) {
			t.Errorf("%s: %d files, want %d", name, len(gotFiles), len(wantFiles))
		}
		for file, data := range wantFiles {
			if !bytes.Equal(gotFiles[file], data) {
				t.Errorf("%s: %s:\n%s\n---- want:\n%s", name, file, clip(gotFiles[file]), clip(data))
			}
		}
		if name == "varied" && !bytes.Contains(gotFiles["s3.md"], []byte("the second s3")) {
			t.Errorf("s3.md is not the last s3's:\n%s", gotFiles["s3.md"])
		}
	}
}

// stopAfter is a context that is done once Err has been asked n times: a
// Ctrl-C that comes while the files are being written.
type stopAfter struct {
	context.Context
	n int
}

func (s *stopAfter) Err() error {
	if s.n--; s.n < 0 {
		return context.Canceled
	}
	return nil
}

// TestWriteFeedbackFilesStoppedWritesNothing: stopped before the renames (at
// once, midway or after the last file), the folder is left as it was: no
// feedback file, no temporary file, the user's files untouched.
func TestWriteFeedbackFilesStoppedWritesNothing(t *testing.T) {
	c := variedClass(50, 7)
	for _, after := range []int{0, 20, c.Len()} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "s1.md"), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := WriteFeedbackFilesContext(&stopAfter{context.Background(), after}, dir, c)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("stopped after %d: error %v, want context.Canceled", after, err)
		}
		files := readDir(t, dir)
		if len(files) != 1 || string(files["s1.md"]) != "old" {
			var names []string
			for name := range files {
				names = append(names, name)
			}
			slices.Sort(names)
			t.Errorf("stopped after %d: the folder holds %q", after, names)
		}
	}
}

// TestWriteFeedbackFilesCleansUpAKilledRun: the temporary files of a killed
// run go, the user's own files stay.
func TestWriteFeedbackFilesCleansUpAKilledRun(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{".s1.md.nngrade-tmp42", ".index.csv.nngrade-tmp7", ".notes"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := variedClass(3, 8)
	if _, err := WriteFeedbackFilesContext(context.Background(), dir, c); err != nil {
		t.Fatal(err)
	}
	for name := range readDir(t, dir) {
		if strings.Contains(name, tempMark) {
			t.Errorf("%s is left", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".notes")); err != nil {
		t.Error(err)
	}
}

// TestWriteGradescopeFilesIsGradescopeClassWritten: the streaming writer of
// `grade --format gradescope --out DIR` leaves the folder GradescopeClass and
// WriteFilesContext leave: one results.json per student (id.json) and the
// index, byte for byte.
func TestWriteGradescopeFilesIsGradescopeClassWritten(t *testing.T) {
	for name, c := range map[string]*grader.ClassResult{"fixture": fixtureClass(), "varied": variedClass(300, 6)} {
		want := filepath.Join(t.TempDir(), "out")
		files, err := GradescopeClass(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteFilesContext(context.Background(), want, files); err != nil {
			t.Fatal(err)
		}
		got := filepath.Join(t.TempDir(), "out")
		counted := 0
		n, err := WriteGradescopeFilesProgress(context.Background(), got, c, func() { counted++ })
		if err != nil {
			t.Fatal(err)
		}
		gotFiles, wantFiles := readDir(t, got), readDir(t, want)
		if n != c.Len() || counted != c.Len() || len(gotFiles) != c.Len()+1 {
			t.Errorf("%s: %d written, %d counted, %d files, for %d students", name, n, counted, len(gotFiles), c.Len())
		}
		for file, data := range wantFiles {
			if !bytes.Equal(gotFiles[file], data) {
				t.Errorf("%s: %s:\n%s\n---- want:\n%s", name, file, clip(gotFiles[file]), clip(data))
			}
		}
		if name == "fixture" && !bytes.Contains(gotFiles["ssr226.json"], []byte(`"tests"`)) {
			t.Errorf("ssr226.json is not a results.json:\n%s", clip(gotFiles["ssr226.json"]))
		}
	}
}
