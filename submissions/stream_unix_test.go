//go:build unix

package submissions

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestPipeOverTheLimitIsRefused: a class CSV given through a pipe is read
// into memory, and so still refused past MaxCSVSize, as before files were
// read as they go.
func TestPipeOverTheLimitIsRefused(t *testing.T) {
	path := pipeWriting(t, "piped.csv", func(f *os.File) {
		f.WriteString("student,1a\n")
		row := bytes.Repeat([]byte("s1,2\n"), 1<<16)
		for written := 0; written <= MaxCSVSize; written += len(row) {
			if _, err := f.Write(row); err != nil {
				return // the reader has stopped
			}
		}
	})
	var n int
	problems := Walk([]string{path}, func(*Submission) { n++ })
	if n != 0 || len(problems) != 1 || !strings.HasSuffix(problems[0].Error(), "piped.csv: more bytes than a submission file may have (33554432)") {
		t.Errorf("%d rows, problems %v", n, problems)
	}
}
