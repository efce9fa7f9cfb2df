package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// reportGolden is the instructor's report of examples/hw8/class.csv.
const reportGolden = "testdata/hw8_report.html"

// TestReportOfExampleClass: `grade hw8 examples/hw8/class.csv --format
// html` writes the report byte for byte as testdata/hw8_report.html (refresh
// it with -update after checking the change, in a browser too), and --out
// FILE writes the same bytes to the file, and nothing to stdout.
func TestReportOfExampleClass(t *testing.T) {
	class := filepath.Join("..", "..", "examples", "hw8", "class.csv")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"nngrade", "grade", "hw8", class, "--format", "html"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	if *update {
		if err := os.WriteFile(reportGolden, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(reportGolden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Errorf("the report differs from %s (run go test -update after checking the change)", reportGolden)
	}

	page := filepath.Join(t.TempDir(), "report.html")
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"nngrade", "grade", "hw8", class, "--format", "html", "--out", page}, &stdout, &stderr); code != 0 {
		t.Fatalf("--out: exit %d; stderr:\n%s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("--out: %d bytes on stdout", stdout.Len())
	}
	if got, err := os.ReadFile(page); err != nil || !bytes.Equal(got, want) {
		t.Errorf("--out: the file differs from %s (%v)", reportGolden, err)
	}
	if want := "wrote the class report to " + page + "\n"; stderr.String() != want {
		t.Errorf("--out: stderr %q, want %q", stderr.String(), want)
	}
}
