package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

// trickyCSVFields are fields encoding/csv quotes, or nearly does: every
// character it looks for, where it looks for it; every kind of leading
// space (unicode.IsSpace, which is more than ASCII's) and lookalikes that
// are not; Postgres's `\.` and its neighbours; invalid UTF-8 at the start.
var trickyCSVFields = []string{
	"", "a", "0.3333", "-1", "+Inf", "NaN", "s0000042", "Student 42", "李小龙",
	",", "a,b", "a,", ",a", `"`, `""`, `a"b`, `"a"`, `say "hi", twice`,
	"\n", "\r", "\r\n", "\n\r", "a\nb", "a\rb", "a\r\nb", "line\n", "\"\r\n\"",
	" ", "  ", " a", "a ", "\ta", "\va", "\fa", "\u0085a", "\u00a0a", "\u1680a", "\u2000a", "\u2028a", "\u3000a",
	"\xc2\x85", "\xc2", "\xffa", "\xe2\x80", "\u200ba", "\ufeffa", "a\tb", "a\x00b", "\x00",
	`\.`, `\.a`, `a\.`, `\`, `.`, `\\.`, `\,`, `'=SUM(A1)`, "=SUM(A1),\"x\"",
}

// csvWriterRecord is encoding/csv's Writer's bytes for one record.
func csvWriterRecord(t testing.TB, fields ...string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(fields); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkAppendCSVField checks appendCSVField and appendCSVRecord on field
// against encoding/csv's Writer: the field alone, after bytes already in
// dst, and in a record beside other fields.
func checkAppendCSVField(t testing.TB, field string) {
	want := csvWriterRecord(t, field)
	if got := append(appendCSVField(nil, field), '\n'); !bytes.Equal(got, want) {
		t.Fatalf("appendCSVField(%q) = %q, encoding/csv writes %q", field, got, want)
	}
	if got := appendCSVField([]byte("dst,"), field); !bytes.Equal(got, append([]byte("dst,"), want[:len(want)-1]...)) {
		t.Fatalf("appendCSVField(\"dst,\", %q) = %q: it does not append to dst", field, got)
	}
	record := []string{field, "x", field, " ", field}
	if got, want := appendCSVRecord(nil, record), csvWriterRecord(t, record...); !bytes.Equal(got, want) {
		t.Fatalf("appendCSVRecord(%q) = %q, encoding/csv writes %q", record, got, want)
	}
}

// TestAppendCSVFieldIsEncodingCSV: a field appended straight to a row is
// the bytes encoding/csv's Writer writes for it, for every tricky field.
func TestAppendCSVFieldIsEncodingCSV(t *testing.T) {
	quoted := 0
	for _, field := range trickyCSVFields {
		checkAppendCSVField(t, field)
		if csvFieldNeedsQuotes(field) {
			quoted++
		}
	}
	if quoted < len(trickyCSVFields)/3 || quoted > 2*len(trickyCSVFields)/3 {
		t.Errorf("%d of %d fields quoted: the table no longer tries both sides", quoted, len(trickyCSVFields))
	}
}

// FuzzAppendCSVField compares appendCSVField with encoding/csv's Writer on
// any string:
//
//	go test ./grader/report -run '^$' -fuzz '^FuzzAppendCSVField$' -fuzztime 10m -parallel 1
func FuzzAppendCSVField(f *testing.F) {
	for _, field := range trickyCSVFields {
		f.Add(field)
	}
	f.Fuzz(func(t *testing.T, field string) { checkAppendCSVField(t, field) })
}

// TestScoreCellsNeedNoQuotes: a score's cell, which the gradebook appends
// without quoting, is one encoding/csv would not quote, whatever the
// score: the formats of scores cannot hold a comma, quote, line break or
// leading space.
func TestScoreCellsNeedNoQuotes(t *testing.T) {
	scores := newScoreStrings(scoreDecimals)
	for _, x := range []float64{0, 1, -1, 1.0 / 3, -2.0 / 3, 1e15, -1e21, 1e-7, 146378, math.NaN(), math.Inf(1), math.Inf(-1),
		math.MaxFloat64, -math.SmallestNonzeroFloat64, math.Copysign(0, -1)} {
		if cell := scores.format(x); csvFieldNeedsQuotes(cell) {
			t.Errorf("score %v prints as %q, a cell encoding/csv quotes", x, cell)
		}
	}
}

// eachGradebookCSV is GradebookCSV as it was before it appended its rows
// itself and read a stored class's scores without building its students:
// encoding/csv's Writer on every student's whole result, read with Each.
func eachGradebookCSV(w io.Writer, c *grader.ClassResult) error {
	scan, err := scanClass(c, nil)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(gradebookHeader(columnIDs(scan.cols), scan.notes)); err != nil {
		return err
	}
	row := make([]string, 0, len(scan.cols)+4)
	err = c.Each(func(s *grader.StudentResult) error {
		row = append(row[:0], csvID(s.Student), csvText(s.Name), formatScore(s.Score))
		for _, col := range scan.cols {
			cell := ""
			if q, ok := findQuestion(s, col.ID); ok {
				cell = formatScore(q.Score)
			}
			row = append(row, cell)
		}
		if scan.notes {
			row = append(row, csvText(submissionNote(s)))
		}
		return cw.Write(row)
	})
	return flushCSV(cw, err)
}

// eachCanvas is CanvasAccounts as it was: encoding/csv's Writer on every
// student's whole result, read with Each.
func eachCanvas(w io.Writer, c *grader.ClassResult, assignment string, accounts Accounts) error {
	if assignment == "" {
		assignment = c.ProblemSet
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", csvText(oneLine(assignment))})
	cw.Write([]string{"    Points Possible", "", "", "", "", formatScore(c.MaxScore)})
	err := c.Each(func(s *grader.StudentResult) error {
		name := s.Name
		if name == "" {
			name = s.Student
		}
		id := csvID(s.Student)
		row := []string{csvText(oneLine(name)), "", id, id, "", formatScore(s.Score)}
		if a, ok := accounts[s.Student]; ok && a.canvas() {
			row[1], row[2], row[3] = csvID(a.CanvasID), csvID(a.SISUserID), ""
		}
		return cw.Write(row)
	})
	return flushCSV(cw, err)
}

// trickyClass grades n generated Homework 8 submissions with a ClassGrader,
// as nngrade grade does: answers drawn from the bundled sample class's,
// written again with spaces around them now and then (results of the
// students' own beside the memo's), under names, ids and problems a CSV
// must quote or defuse, some submissions unreadable and one student with
// none.
func trickyClass(t *testing.T, n int) *grader.ClassResult {
	t.Helper()
	key, r := homework8(t)
	sample, err := bundledclasses.Class("hw8")
	if err != nil {
		t.Fatal(err)
	}
	texts := append([]string{"Student, 1", "=HYPERLINK(\"x\")", "  -3", "\tname"}, trickyCSVFields...)
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	cg := grader.New(key, r).NewClassGrader()
	for i := range n {
		sub := &submissions.Submission{Student: fmt.Sprintf("s%06d", i), Name: texts[rng.IntN(len(texts))],
			Source: fmt.Sprintf("class.csv:%d", i+2), Answers: map[string]string{}}
		switch rng.IntN(60) {
		case 0:
			sub.Unreadable = texts[rng.IntN(len(texts))]
		case 1:
			sub.Student = "+" + sub.Student
		case 2:
			sub.Student = "id, \"quoted\"" + sub.Student
		}
		if sub.Unreadable == "" {
			for _, ka := range key.Answers {
				answer := sample[rng.IntN(len(sample))].Answers[ka.Question.ID]
				if rng.IntN(20) == 0 {
					answer = strings.Repeat(" ", rng.IntN(5000)) + answer
				}
				if answer != "" {
					sub.Answers[ka.Question.ID] = answer
				}
			}
		}
		cg.Add(sub)
	}
	cg.Add(&submissions.Submission{Student: "zz-roster", Name: "On the roster, nothing in", NotSubmitted: true})
	return cg.Finish()
}

// TestGradebookRowsAreEncodingCSVs: the gradebook and Canvas's CSV, each
// row appended straight to its batch from the student's scores, are the
// bytes encoding/csv wrote from every student's whole result before: for
// a class kept by a ClassGrader, rendered on several cores and (small) on
// one, and for the classes held whole that the other tests use.
func TestGradebookRowsAreEncodingCSVs(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	nan := variedClass(50, 9)
	nan.Students[3].Score, nan.Students[4].Questions[0].Score = math.NaN(), math.Inf(-1)
	classes := map[string]*grader.ClassResult{
		"graded":        trickyClass(t, 6000),
		"graded, small": trickyClass(t, 60),
		"varied":        variedClass(3000, 11),
		"fixture":       fixtureClass(),
		"not finite":    nan,
		"empty":         assembleClass("empty", "", fixtureQuestions, nil),
	}
	accounts := Accounts{"s000007": {CanvasID: "123", SISUserID: "sis, 7"}, "s000008": {IDNumber: "only Moodle"}}
	for name, c := range classes {
		for _, wr := range []struct {
			name     string
			got, old func(io.Writer, *grader.ClassResult) error
		}{
			{"GradebookCSV", GradebookCSV, eachGradebookCSV},
			{"Canvas", func(w io.Writer, c *grader.ClassResult) error { return CanvasAccounts(w, c, "HW \"8\"", accounts) },
				func(w io.Writer, c *grader.ClassResult) error { return eachCanvas(w, c, "HW \"8\"", accounts) }},
		} {
			var got, want bytes.Buffer
			if err := wr.old(&want, c); err != nil {
				t.Fatalf("%s, %s as it was: %v", name, wr.name, err)
			}
			if err := wr.got(&got, c); err != nil {
				t.Fatalf("%s, %s: %v", name, wr.name, err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				at := firstDifference(got.Bytes(), want.Bytes())
				t.Errorf("%s, %s differs from encoding/csv's at byte %d:\n%q\n---- want:\n%q",
					name, wr.name, at, got.Bytes()[max(0, at-200):min(got.Len(), at+200)], want.Bytes()[max(0, at-200):min(want.Len(), at+200)])
			}
		}
	}
	// The graded class has what the test means it to: rows CSV quotes,
	// cells defused, submissions not read.
	var buf bytes.Buffer
	if err := GradebookCSV(&buf, classes["graded"]); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\n\"id, \"\"quoted\"\"s", "\n+s0", ",\"'=HYPERLINK(\"\"x\"\")\",", "\"Student, 1\"", ",\"a\nb\",", ",no submission\n",
		",submission could not be read: "} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the graded class's gradebook has no %q", want)
		}
	}
}

// TestCSVWritersFlushABufferedWriterAsEncodingCSVDid: given a *bufio.Writer
// (cmd/nngrade's stdout is one, of 64 KiB), the gradebook flushes it after
// its header and Canvas after its last row, as the encoding/csv Writer they
// wrote through did (it wrote through the bufio.Writer itself): a stdout
// that cannot take a small class's CSV is their error, "writing CSV", as it
// was, and not left to the caller's Flush.
func TestCSVWritersFlushABufferedWriterAsEncodingCSVDid(t *testing.T) {
	for name, c := range map[string]*grader.ClassResult{"fixture": fixtureClass(), "graded, small": trickyClass(t, 60)} {
		var gradebook, canvas bytes.Buffer
		if err := GradebookCSV(&gradebook, c); err != nil {
			t.Fatal(err)
		}
		if err := Canvas(&canvas, c, ""); err != nil {
			t.Fatal(err)
		}
		header := gradebook.Bytes()[:bytes.IndexByte(gradebook.Bytes(), '\n')+1]
		for _, wr := range []struct {
			name    string
			write   func(io.Writer) error
			flushed []byte // what reaches the writer under the buffer
			all     []byte
		}{
			{"GradebookCSV", func(w io.Writer) error { return GradebookCSV(w, c) }, header, gradebook.Bytes()},
			{"Canvas", func(w io.Writer) error { return Canvas(w, c, "") }, canvas.Bytes(), canvas.Bytes()},
		} {
			var under bytes.Buffer
			if err := wr.write(bufio.NewWriterSize(&under, 64<<10)); err != nil {
				t.Fatalf("%s, %s: %v", name, wr.name, err)
			}
			if !bytes.Equal(under.Bytes(), wr.flushed) {
				t.Errorf("%s, %s flushed %d bytes of its buffered writer, encoding/csv's Writer %d:\n%q", name, wr.name,
					under.Len(), len(wr.flushed), clip(under.Bytes()))
			}
			err := wr.write(bufio.NewWriterSize(&failingWriter{}, 64<<10))
			if !errors.Is(err, errDiskFull) || !strings.HasPrefix(err.Error(), "report: writing CSV: ") {
				t.Errorf("%s, %s on a buffered writer that fails: error %v, want report: writing CSV: %v", name, wr.name, err, errDiskFull)
			}
			// A buffer smaller than encoding/csv's own is only written to:
			// what it holds is the caller's to flush.
			under.Reset()
			small := bufio.NewWriterSize(&under, 16)
			if err := wr.write(small); err != nil {
				t.Fatalf("%s, %s: %v", name, wr.name, err)
			}
			if small.Flush(); !bytes.Equal(under.Bytes(), wr.all) {
				t.Errorf("%s, %s through a 16-byte buffer wrote %q", name, wr.name, clip(under.Bytes()))
			}
		}
	}
}
