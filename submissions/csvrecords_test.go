package submissions

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// recordsAsEncodingCSV reads text with recordReader and with encoding/csv
// (FieldsPerRecord -1, ReuseRecord) side by side, record by record, and
// reports the first difference: in the records, the errors, the record's
// line or the input offset. recordReader reads through a buffer of
// bufferSize bytes, given to it as it is (newRecordReader, like
// encoding/csv, would put a buffer smaller than bufio's default inside one
// of that size), so that a small one makes lines longer than the buffer,
// which take readLine's other way; encoding/csv reads through its own.
func recordsAsEncodingCSV(t *testing.T, text string, bufferSize int) {
	t.Helper()
	ours := &recordReader{r: bufio.NewReaderSize(strings.NewReader(text), bufferSize)}
	theirs := csv.NewReader(strings.NewReader(text))
	theirs.FieldsPerRecord, theirs.ReuseRecord = -1, true
	for n := 0; ; n++ {
		got, gotErr := ours.Read()
		want, wantErr := theirs.Read()
		if !reflect.DeepEqual(gotErr, wantErr) {
			t.Fatalf("%q, record %d: error %#v, encoding/csv's %#v", text, n, gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q, record %d: %q, encoding/csv read %q", text, n, got, want)
		}
		if ours.InputOffset() != theirs.InputOffset() {
			t.Fatalf("%q, record %d: offset %d, encoding/csv's %d", text, n, ours.InputOffset(), theirs.InputOffset())
		}
		if gotErr == nil {
			if line, _ := theirs.FieldPos(0); ours.recordStart() != line {
				t.Fatalf("%q, record %d: starts on line %d, encoding/csv says %d", text, n, ours.recordStart(), line)
			}
		}
		if errors.Is(gotErr, io.EOF) {
			return
		}
		if n > len(text)+1 {
			t.Fatalf("%q: more records than bytes", text)
		}
	}
}

// recordTexts are CSV texts that reach each of readRecord's ways: quoted
// fields over several lines, doubled quotes, bare quotes, a quote left open,
// CRLF and a CR before the end, empty lines and fields, and lines longer than
// the reader's buffer.
var recordTexts = []string{
	"", "\n", "\r", "\r\n", "\n\n\n", "a", "a\n", "a,b\nc,d\n", "a,\n", ",", ",,\n,", "a,b\r\nc\r\n", "a\rb\n", "a\r",
	`"a"`, `"a",b` + "\n", `"a""b",c`, `"a` + "\n" + `b",c` + "\n", `"a"b`, `a"b`, `a,b"c`, `"a` + "\n", `"a`, `"a""`,
	`"",""` + "\n", `"a"` + "\r\n", `"a` + "\r\n" + `b"` + "\r\n", "x,\"a\n\n\"\n", "\"\n", "\"\"\"", "a,\"b\nc\nd\" ,e\n",
	"é,\"ü\"\n日本,語\n", strings.Repeat("x", 100) + ",\"" + strings.Repeat("y\n", 40) + "\"\n", "\n\na,b\n\n\"c\n\n\"\n\n",
	"a,b\n\"unterminated,\nc,d\n", "a,b,\"c\"d\n", "\"a\"\n\"b\"x\ny\n", strings.Repeat("a,", 200) + "\n",
	// Lines longer than bufio's default buffer, as cmd/nngrade's is.
	strings.Repeat("x", 5000) + ",\"" + strings.Repeat("y,", 3000) + "\"\r\n" + strings.Repeat("z", 4097) + "\n",
	"a,\"" + strings.Repeat("y", 5000) + "\n" + strings.Repeat("w", 5000) + "\"\"\"\r\n", strings.Repeat("x", 6000) + "\"b\n",
	"\"" + strings.Repeat("q", 4100) + "\"x\n", "\"" + strings.Repeat("o", 5000) + "\r",
}

func TestRecordReaderIsEncodingCSV(t *testing.T) {
	for _, text := range recordTexts {
		for _, size := range []int{16, 4096} {
			recordsAsEncodingCSV(t, text, size)
		}
	}
}

// FuzzRecordReader: on any text, recordReader reads what encoding/csv reads.
//
//	go test ./submissions -run '^$' -fuzz '^FuzzRecordReader$' -fuzztime 10m
func FuzzRecordReader(f *testing.F) {
	for _, text := range recordTexts {
		f.Add(text, false)
	}
	f.Fuzz(func(t *testing.T, text string, smallBuffer bool) {
		size := 4096
		if smallBuffer {
			size = 16 // bufio's smallest: lines longer than it take readLine's other way
		}
		recordsAsEncodingCSV(t, text, size)
	})
}

// BenchmarkRecordReader reads a class-like CSV (quoted cells with commas,
// formulas, shapes, blanks) with recordReader and with encoding/csv.
//
//	go test ./submissions -run '^$' -bench RecordReader -benchmem
func BenchmarkRecordReader(b *testing.B) {
	var text strings.Builder
	text.WriteString("student,name,1a,1b,1c,1d,1e,1f,1g,1h,1i,1j,2,3a,3b,3c\n")
	cells := []string{`"(60, 60, 32)"`, "60 × 60 × 32", "2,432", `"2,432"`, "", `"   "`, "k^2 + k*n + k + m", "1 - exp(-eps)", "abc", "12544", "(", "1e999999"}
	for row := range 20_000 {
		text.WriteString("s" + strings.Repeat("0", 6) + ",Student " + string(rune('A'+row%26)))
		for col := range 14 {
			text.WriteString("," + cells[(row*7+col*3)%len(cells)])
		}
		text.WriteString("\n")
	}
	src := text.String()
	b.Run("recordReader", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			r := newRecordReader(strings.NewReader(src))
			for {
				if _, err := r.Read(); err != nil {
					break
				}
			}
		}
	})
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			r := csv.NewReader(strings.NewReader(src))
			r.FieldsPerRecord, r.ReuseRecord = -1, true
			for {
				if _, err := r.Read(); err != nil {
					break
				}
			}
		}
	})
}
