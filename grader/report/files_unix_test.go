//go:build unix

package report

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFilesUseTheUmask: files and folders are created as the user's
// umask says (here 027: no access for others), not forced to 0644.
func TestWriteFilesUseTheUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "feedback")
	if err := WriteFiles(dir, map[string][]byte{"a.md": []byte("a")}); err != nil {
		t.Fatal(err)
	}
	single := filepath.Join(dir, "single.json")
	if err := WriteFileAtomic(single, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o750, filepath.Join(dir, "a.md"): 0o640, single: 0o640} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", filepath.Base(path), got, want)
		}
	}
}
