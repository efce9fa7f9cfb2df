//go:build unix

package submissions

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCollectSkipsWhatIsNotAFile: a named pipe, a device, a folder and a link
// to a pipe named like submissions are skipped and reported, never opened in a
// way that waits; the real submissions around them are read.
func TestCollectSkipsWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.toml", "student = \"a\"\n[answers]\n\"1a\" = \"1\"\n")
	write("z.csv", "student,1a\nz,2\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.toml"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{"null.csv": "/dev/null", "pipelink.toml": "pipe.toml", "b.toml": "a.toml"}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	// b.toml links to a.toml: the same student twice, reported as such.
	type result struct {
		subs  []*Submission
		probs []error
	}
	done := make(chan result, 1)
	go func() {
		subs, probs := Collect([]string{dir})
		done <- result{subs, probs}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Collect is waiting on the named pipe")
	}
	var students []string
	for _, s := range r.subs {
		students = append(students, s.Student)
	}
	if got := strings.Join(students, ","); got != "a,z" {
		t.Errorf("students %s, want a,z", got)
	}
	var msgs []string
	for _, p := range r.probs {
		msgs = append(msgs, strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), ""))
	}
	want := []string{
		"folder.toml: a folder, not a file (folders inside a folder are not read); skipped",
		"null.csv: a device, not a file; skipped",
		"pipe.toml: a named pipe (FIFO), not a file; skipped",
		"pipelink.toml: a named pipe (FIFO), not a file; skipped",
		`b.toml: student "a" already has a submission (a.toml); this one is skipped`,
	}
	if got := strings.Join(msgs, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestLoadPathRefusesAPipeInAFolder: a named pipe that takes a file's place
// after the folder was listed is refused when opened, without waiting.
func TestLoadPathRefusesAPipeInAFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "late.toml")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := loadPath(path, true)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "a named pipe (FIFO), not a file; skipped") {
			t.Errorf("error %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("loadPath is waiting on the named pipe")
	}
}

// TestLoadPathReadsAPipeGiven: a pipe the user names (as <(…) does) is read.
func TestLoadPathReadsAPipeGiven(t *testing.T) {
	path := pipeWriting(t, "given.csv", func(f *os.File) { f.WriteString("student,1a\np,3\n") })
	subs, err := loadPath(path, false)
	if err != nil || len(subs) != 1 || subs[0].Student != "p" {
		t.Errorf("got %v, %v", subs, err)
	}
}

// pipeWriting is a named pipe in a temporary folder, which write fills once
// a reader opens it (and closes after); the test is skipped where there are
// no named pipes.
func pipeWriting(t *testing.T, name string, write func(*os.File)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		write(f)
	}()
	return path
}
