package report

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

func TestSafeFileName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain_id", "ssr226", "ssr226"},
		{"with_extension", "ssr226.md", "ssr226.md"},
		{"parent_traversal", "../x", "___x"},
		{"deep_traversal", "../../etc/passwd", "___.._etc_passwd"},
		{"absolute_path", "/etc/passwd", "_etc_passwd"},
		{"windows_separator", `..\x`, "___x"},
		{"dot", ".", "_"},
		{"dot_dot", "..", "__"},
		{"hidden", ".bashrc", "_bashrc"},
		{"trailing_dot", "name.", "name_"},
		{"empty", "", "_"},
		{"spaces_and_unicode", "Zoë Smith", "Zo__Smith"},
		{"nul_byte", "a\x00b", "a_b"},
		{"windows_device", "CON", "_CON"},
		{"windows_device_ext", "nul.md", "_nul.md"},
		{"not_a_device", "console", "console"},
		{"long", strings.Repeat("a", 300), strings.Repeat("a", 100)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SafeFileName(tc.in); got != tc.want {
				t.Errorf("SafeFileName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSafeFileNamesAreDistinct(t *testing.T) {
	got := SafeFileNames([]string{"a/b", "a_b", "A_B", "c", "a_b-2"}, ".md")
	want := []string{"a_b.md", "a_b-2.md", "A_B-3.md", "c.md", "a_b-2-2.md"}
	if !slices.Equal(got, want) {
		t.Errorf("SafeFileNames = %q, want %q", got, want)
	}
}

// TestLongIDsSurviveWriteFiles: names SafeFileNames makes for ids longer than
// the limit (cut to the same 100 bytes, then told apart by "-2") must not be cut
// again, and collide, when WriteFiles writes them.
func TestLongIDsSurviveWriteFiles(t *testing.T) {
	long := strings.Repeat("a", 300)
	names := SafeFileNames([]string{long, long + "b"}, ".json")
	files := map[string][]byte{names[0]: []byte("1"), names[1]: []byte("2")}
	dir := t.TempDir()
	if err := WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestWriteFilesStaysInDir writes files named after hostile student ids and
// checks that every file lands inside the directory and nothing outside it
// changes.
func TestWriteFilesStaysInDir(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "out", "feedback")
	files := map[string][]byte{
		"../x.md":          []byte("escape attempt"),
		"../../y.md":       []byte("deeper"),
		"/abs.md":          []byte("absolute"),
		"ssr226.md":        []byte("# ok\n"),
		"sub/dir/file.md":  []byte("nested"),
		"..":               []byte("dot dot"),
		"":                 []byte("empty name"),
		"Zoë Smith.md":     []byte("unicode"),
		"=HYPERLINK().csv": []byte("formula"),
	}
	if err := WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	var outside []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Dir(path) != dir {
			outside = append(outside, path)
		}
		return nil
	})
	if len(outside) > 0 {
		t.Errorf("files written outside %s: %q", dir, outside)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"_", "_HYPERLINK__.csv", "___x.md", "___.._y.md", "__", "_abs.md", "ssr226.md", "sub_dir_file.md", "Zo__Smith.md"}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("files in dir: %q, want %q (no temporary files left)", names, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "___x.md"))
	if err != nil || string(data) != "escape attempt" {
		t.Errorf("___x.md = %q, %v", data, err)
	}
}

func TestWriteFilesCollisionWritesNothing(t *testing.T) {
	dir := t.TempDir()
	err := WriteFiles(dir, map[string][]byte{"a.md": []byte("1"), "A.md": []byte("2"), "b.md": []byte("3")})
	if err == nil || !strings.Contains(err.Error(), "would both be written as") {
		t.Fatalf("names equal but for case: err = %v, want a collision error", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("a collision should write nothing; dir has %d entries", len(entries))
	}
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "grades.json")
	if err := os.WriteFile(path, []byte("old contents, longer than the new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "new" {
		t.Errorf("after WriteFileAtomic: %q, %v", data, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %d entries", len(entries))
	}
}

func TestWriteFileAtomicMissingDirLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	err := WriteFileAtomic(filepath.Join(dir, "no", "such", "dir", "f.json"), []byte("x"))
	if err == nil {
		t.Fatal("writing into a missing directory: no error")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("%d entries left after a failed write", len(entries))
	}
}

func TestFeedbackFilesNames(t *testing.T) {
	files, err := FeedbackFiles(fixtureClass())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	want := []string{"%2e.%2fescape.md", "ada.md", "empty.md", "index.csv", "ssr226.md", "wchen.md"}
	if !slices.Equal(names, want) {
		t.Errorf("feedback files %q, want %q", names, want)
	}
	if !strings.HasPrefix(string(files["ssr226.md"]), "# Homework 8: CNN shapes") {
		t.Errorf("ssr226.md starts %q", string(files["ssr226.md"])[:40])
	}
	wantIndex := "student,file\nssr226,ssr226.md\nada,ada.md\nwchen,wchen.md\n../escape,%2e.%2fescape.md\nempty,empty.md\n"
	if got := string(files[IndexFileName]); got != wantIndex {
		t.Errorf("index:\n%s\nwant:\n%s", got, wantIndex)
	}
	gs, err := GradescopeClass(fixtureClass())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := gs["%2e.%2fescape.json"]; !ok || len(gs) != 6 || gs[IndexFileName] == nil {
		t.Errorf("gradescope files: %d, %%2e.%%2fescape.json present: %v", len(gs), ok)
	}
}

// TestFeedbackFileNamesDependOnTheIDAlone: a student's file keeps its name
// when students join the class, ahead of them in the order or with an id that
// differs only in case or in a character SafeFileName would replace.
func TestFeedbackFileNamesDependOnTheIDAlone(t *testing.T) {
	names := func(ids ...string) map[string]string {
		c := fixtureClass()
		c.Students = nil
		for _, id := range ids {
			c.Students = append(c.Students, grader.StudentResult{Student: id})
		}
		files, err := FeedbackFiles(c)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]string{}
		for name := range files {
			if name != IndexFileName {
				byID[name] = name
			}
		}
		if len(byID) != len(ids) {
			t.Fatalf("%d ids, %d files", len(ids), len(byID))
		}
		return byID
	}
	before := names("a_b", "ssr226")
	after := names("A_B", "a/b", "a b", "a_b", "ssr226", "SSR226")
	for name := range before {
		if _, ok := after[name]; !ok {
			t.Errorf("%s is gone once other students joined: %q", name, after)
		}
	}
}

func TestStudentFileName(t *testing.T) {
	cases := []struct{ id, want string }{
		{"ssr226", "ssr226.md"},
		{"jdoe@uni.edu", "jdoe@uni.edu.md"},
		{"+1-555", "+1-555.md"},
		{"-x", "%2dx.md"},
		{"A00123", "^a00123.md"},
		{"Zoë Smith", "^zo%c3%ab%20^smith.md"},
		{"../x", "%2e.%2fx.md"},
		{"x.", "x%2e.md"},
		{"100%^", "100%25%5e.md"},
		{"con", "%63on.md"},
		{"NUL.txt", "^n^u^l.txt.md"},
		{"com1.x", "%63om1.x.md"},
		{"", "%.md"},
	}
	for _, tc := range cases {
		if got := StudentFileName(tc.id, ".md"); got != tc.want {
			t.Errorf("StudentFileName(%q) = %q, want %q", tc.id, got, tc.want)
		}
		if got := safeName(tc.want, maxWrittenNameBytes, writtenNameExtra); got != tc.want {
			t.Errorf("WriteFiles would write %q as %q", tc.want, got)
		}
	}
	long := strings.Repeat("é", 200)
	a, b := StudentFileName(long, ".md"), StudentFileName(long+"x", ".md")
	if a == b || len(a) > 210 || !strings.Contains(a, "%%") {
		t.Errorf("long ids: %q and %q", a, b)
	}
}

// TestStudentFileNameIsInjective: different ids never share a name, ignoring
// case, among every id of up to three characters from a set that covers each
// rule, and names read back to their ids.
func TestStudentFileNameIsInjective(t *testing.T) {
	alphabet := []string{"a", "A", "c", "o", "n", "1", ".", "-", "_", "%", "^", "2", "d", "e", "/", "é", "@"}
	seen := map[string]string{}
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		name := strings.ToLower(StudentFileName(id, ".md"))
		if other, dup := seen[name]; dup {
			t.Fatalf("%q and %q both become %q", other, id, name)
		}
		seen[name] = id
		if depth == 3 {
			return
		}
		for _, c := range alphabet {
			walk(id+c, depth+1)
		}
	}
	walk("", 0)
}

// TestWriteFilesRemovesTemporaryFilesWhenStopped: a run stopped (Ctrl-C)
// before its files are renamed into place leaves the folder as it was.
func TestWriteFilesRemovesTemporaryFilesWhenStopped(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := WriteFilesContext(ctx, dir, map[string][]byte{"a.md": []byte("new"), "b.md": []byte("new")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "a.md" {
		t.Errorf("folder after a stopped run: %v", entries)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(data) != "old" {
		t.Errorf("a.md = %q, want the old contents", data)
	}
}

// TestWriteFilesCleansUpAKilledRun: the temporary files of a run killed while
// writing are removed by the next run; the user's own files stay, hidden ones
// included.
func TestWriteFilesCleansUpAKilledRun(t *testing.T) {
	dir := t.TempDir()
	left := []string{".a.md.nngrade-tmp123", ".%2e.md.nngrade-tmp9"}
	kept := []string{".notes", ".x.nngrade-tmp", "y.nngrade-tmp1", ".a.md.tmp123"}
	for _, name := range append(append([]string{}, left...), kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFiles(dir, map[string][]byte{"a.md": []byte("new")}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := append([]string{"a.md"}, kept...)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("folder holds %q, want %q", names, want)
	}
}
