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
	"time"
)

// BenchmarkCommandBesideEncodingCSV times the command itself, nngrade grade
// hw8 FILE --format csv and --format json to /dev/null, a process each run,
// beside encoding/csv alone reading FILE in this process: issue 11's measure
// (the command within 5 times encoding/csv's time), side by side in one run.
// Each round runs the three one after another, so that a machine busier in
// one stretch than another (a shared one often is) slows all three alike
// (ns/op is a round's time, the three together), and reports, over the
// rounds:
//
//   - encoding-csv-ms, csv-ms, json-ms: the mean time of each;
//   - csv-x, json-x: the command's total time over encoding/csv's;
//   - csv-x-worst, json-x-worst: the largest ratio in any one round;
//   - peak-MB: the command's largest peak memory (csv or json), in MiB.
//
// FILE is NNGRADE_CLASS_FILE, a generated class (see the README's "Grading a
// large class"):
//
//	NNGRADE_CLASS_FILE=/tmp/class.csv go test -count=1 ./grader -run WriteGeneratedClassFile
//	NNGRADE_CLASS_FILE=/tmp/class.csv go test ./cmd/nngrade -run '^$' -bench CommandBesideEncodingCSV -benchtime 10x -count 3
func BenchmarkCommandBesideEncodingCSV(b *testing.B) {
	class := os.Getenv("NNGRADE_CLASS_FILE")
	if class == "" {
		b.Skip("set NNGRADE_CLASS_FILE to a class CSV (see the doc comment)")
	}
	bin := filepath.Join(b.TempDir(), "nngrade")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer null.Close()
	formats := []string{"csv", "json"}
	var baseline time.Duration
	total := make([]time.Duration, len(formats))
	worst := make([]float64, len(formats))
	var peak int64
	rounds := 0
	for b.Loop() {
		start := time.Now()
		readWithEncodingCSV(b, class)
		read := time.Since(start)
		baseline += read
		for i, format := range formats {
			cmd := exec.Command(bin, "grade", "hw8", class, "--format", format)
			cmd.Stdout, cmd.Stderr = null, null // the file itself: no pipe for this process to copy
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
			took := time.Since(start)
			total[i] += took
			worst[i] = max(worst[i], float64(took)/float64(read))
			if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				peak = max(peak, usage.Maxrss) // KB on Linux
			}
		}
		rounds++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(rounds) / 1e6 }
	b.ReportMetric(ms(baseline), "encoding-csv-ms")
	for i, format := range formats {
		b.ReportMetric(ms(total[i]), format+"-ms")
		b.ReportMetric(float64(total[i])/float64(baseline), format+"-x")
		b.ReportMetric(worst[i], format+"-x-worst")
	}
	b.ReportMetric(float64(peak)/1024, "peak-MB")
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
