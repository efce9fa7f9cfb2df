//go:build unix

package main

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkCommandBesideEncodingCSV times the command itself, nngrade grade
// hw8 FILE --format csv and --format json to /dev/null, a process each run,
// beside encoding/csv alone reading FILE in this process: issue 11's measure
// (the command within 5 times encoding/csv's time), side by side in one run.
// Each run's peak memory is reported as peak-MB (the largest of the runs).
// FILE is NNGRADE_CLASS_FILE, a generated class (see the README's "Grading a
// large class"):
//
//	NNGRADE_CLASS_FILE=/tmp/class.csv go test -count=1 ./grader -run WriteGeneratedClassFile
//	NNGRADE_CLASS_FILE=/tmp/class.csv go test ./cmd/nngrade -run '^$' -bench CommandBesideEncodingCSV -benchtime 5x -count 3
func BenchmarkCommandBesideEncodingCSV(b *testing.B) {
	class := os.Getenv("NNGRADE_CLASS_FILE")
	if class == "" {
		b.Skip("set NNGRADE_CLASS_FILE to a class CSV (see the doc comment)")
	}
	info, err := os.Stat(class)
	if err != nil {
		b.Fatal(err)
	}
	bin := filepath.Join(b.TempDir(), "nngrade")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(info.Size())
		for b.Loop() {
			readWithEncodingCSV(b, class)
		}
	})
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer null.Close()
	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			b.SetBytes(info.Size())
			var peak int64
			for b.Loop() {
				cmd := exec.Command(bin, "grade", "hw8", class, "--format", format)
				cmd.Stdout, cmd.Stderr = null, null // the file itself: no pipe for this process to copy
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
				if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, usage.Maxrss) // KB on Linux
				}
			}
			b.ReportMetric(float64(peak)/1024, "peak-MB")
		})
	}
}

// readWithEncodingCSV reads the CSV file at path with encoding/csv alone, row
// by row, reusing the record: what the command's time is measured against.
func readWithEncodingCSV(b *testing.B, path string) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord, r.ReuseRecord = -1, true
	for {
		if _, err := r.Read(); errors.Is(err, io.EOF) {
			return
		} else if err != nil {
			b.Fatal(err)
		}
	}
}
