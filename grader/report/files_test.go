package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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
	for _, e := range entries {
		info, _ := e.Info()
		if perm := info.Mode().Perm(); perm != 0o644 {
			t.Errorf("%s has mode %v, want 0644", e.Name(), perm)
		}
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
	want := []string{"___escape.md", "ada.md", "empty.md", "ssr226.md", "wchen.md"}
	if !slices.Equal(names, want) {
		t.Errorf("feedback files %q, want %q", names, want)
	}
	if !strings.HasPrefix(string(files["ssr226.md"]), "# Homework 8: CNN shapes") {
		t.Errorf("ssr226.md starts %q", string(files["ssr226.md"])[:40])
	}
	gs, err := GradescopeClass(fixtureClass())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := gs["___escape.json"]; !ok || len(gs) != 5 {
		t.Errorf("gradescope files: %d, ___escape.json present: %v", len(gs), ok)
	}
}
