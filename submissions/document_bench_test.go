package submissions_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nngrade/nngrade/submissions"
)

// BenchmarkExtractSeed reads the seed homework (7 KB, 230 lines).
func BenchmarkExtractSeed(b *testing.B) {
	set, _ := hw8(b)
	src, err := os.ReadFile(filepath.Join("testdata", "documents", "homework8.md"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := submissions.LoadDocument(set, "x1.md", src, ""); err != nil {
			b.Fatal(err)
		}
	}
}
