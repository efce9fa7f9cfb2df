package submissions

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nngrade/nngrade/internal/diag"
)

// referenceRows reads a spreadsheet export as the loader did before it read
// as it goes (issue 11): the whole text in memory, the byte-order mark
// trimmed, lone CRs turned into LFs by oldMacLineEnds, and a row that cannot
// be parsed placed with its line's text (lineOf). streamRows must read the
// same rows and place the same problems, one string each.
func referenceRows(name string, src []byte) []string {
	src = oldMacLineEnds(bytes.TrimPrefix(src, utf8BOM))
	if !utf8.Valid(src) {
		bad := 0
		for utf8.FullRune(src[bad:]) {
			r, size := utf8.DecodeRune(src[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		line := 1 + bytes.Count(src[:bad], []byte{'\n'})
		col := 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:bad], '\n')+1:bad])
		return []string{fmt.Sprintf("%s:%d:%d: not UTF-8 text (byte 0x%02X); export the CSV as UTF-8", name, line, col, src[bad])}
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return []string{fmt.Sprintf("%s:1: cannot read the header: %v", name, err)}
	}
	for i := range header {
		header[i] = cleanCell(header[i])
	}
	out := []string{fmt.Sprintf("header %q", header)}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			col := diag.Column(lineOf(src, perr.Line), perr.Column-1)
			if perr.StartLine < perr.Line && errors.Is(perr.Err, csv.ErrQuote) {
				out = append(out, fmt.Sprintf("%s:%d: a quoted cell on this line is not closed until line %d (%d:%d: %v); lines %d to %d were read as one row and not graded",
					name, perr.StartLine, perr.Line, perr.Line, col, perr.Err, perr.StartLine, perr.Line))
				continue
			}
			out = append(out, fmt.Sprintf("%s:%d:%d: %v", name, perr.Line, col, perr.Err))
			continue
		}
		if err != nil {
			return append(out, fmt.Sprintf("%s: %v", name, err))
		}
		line, _ := r.FieldPos(0)
		out = append(out, fmt.Sprintf("%d %q", line, rec))
	}
}

// lineOf returns the 1-based line n of src ("" past its end).
func lineOf(src []byte, n int) string {
	for ; n > 1; n-- {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return ""
		}
		src = src[i+1:]
	}
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		src = src[:i]
	}
	return string(src)
}

// streamRows reads src with openCSV and csvFile.next, as a class CSV or a
// roster is read, in referenceRows' words.
func streamRows(name string, src io.ReaderAt) []string {
	f, err := openCSV(name, src, "CSV")
	if err != nil {
		return []string{err.Error()}
	}
	out := []string{fmt.Sprintf("header %q", f.header)}
	for {
		rec, line, err := f.next()
		switch {
		case errors.Is(err, io.EOF):
			return out
		case err != nil:
			out = append(out, err.Error())
		default:
			out = append(out, fmt.Sprintf("%d %q", line, rec))
		}
	}
}

// trickle is src read at most step bytes at a time, so that the streaming
// reader's reads end everywhere in a small text: between a CR and what follows
// it, inside a character, inside the byte-order mark. (io.ReaderAt asks for an
// error with a short read; the readers above take a short read as it comes.)
type trickle struct {
	src  []byte
	step int
}

func (t trickle) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(t.src)) {
		return 0, io.EOF
	}
	return copy(p[:min(len(p), t.step)], t.src[off:]), nil
}

// csvTexts are spreadsheet exports whose reading the streaming reader must
// get right: every line end, byte-order marks, multibyte text before a bad
// quote, quoted fields over several lines, text that is not UTF-8.
func csvTexts() map[string]string {
	return map[string]string{
		"plain":                 "student,name,1a\ns1,Ann,60\ns2,Bo,\"6,0\"\n",
		"BOM and CRLF":          "\xef\xbb\xbfstudent,name,1a\r\ns1,Ann,60\r\ns2,Bo,\"6\r\n0\"\r\n",
		"CR alone":              "student,name,1a\rm1,Ann,60\rm2,Bo,\"6\r0\"\r",
		"CR at the end":         "student,1a\rs1,2\r",
		"CR CR LF":              "student,1a\r\r\ns1,2\r\r\ns2,\"\r\r\n\"\r",
		"a BOM later":           "student,1a\n\xef\xbb\xbfs1,2\n",
		"only a BOM":            "\xef\xbb\xbf",
		"part of a BOM":         "\xef\xbbstudent,1a\n",
		"empty":                 "",
		"no line end":           "student,1a\ns1,2",
		"bad quote after Ä":     "student,1a\nÄ\"x,5\n",
		"bad quotes on lines":   "student,1a\ns1,\"a\nb\"\"\nc\" x\ns2,ok\n€😀\"x,1\ns3,\"open\n",
		"bad quote in a header": "stu\"dent,1a\ns1,2\n",
		"not UTF-8":             "student,1a\ns1,\xff\n",
		"cut character":         "student,1a\ns1,\xe2\x82\n",
		"blank lines":           "student,1a\n\n\ns1,2\n,\n",
	}
}

// TestStreamingReadsAsInMemory: the streaming reader reads every text as the
// loader read it whole, at every size of read.
func TestStreamingReadsAsInMemory(t *testing.T) {
	texts := csvTexts()
	// Past the readers' buffers: a character cut by the UTF-8 check's
	// buffer, a bad quote after more multibyte text than a buffer holds,
	// text that is not UTF-8 far into a file.
	texts["long line of é before a bad quote"] = "student,1a\ns1,2\n" + strings.Repeat("é", 70_000) + "\"x,5\ns2,3\n"
	texts["€ and 😀 over buffer ends"] = "student,1a\n" + strings.Repeat("s1,€😀€\n", 20_000) + "s2,\"😀\" x\n"
	texts["not UTF-8 far in"] = "student,1a\n" + strings.Repeat("s1,€\n", 30_000) + "s2,\xe2\x28\xa1\n"
	texts["a CR far in"] = "student,1a\n" + strings.Repeat("s1,2\n", 20_000) + "s2,\"6\r0\"\r\n"
	texts["a BOM and a CR far in"] = "\xef\xbb\xbfstudent,1a\n" + strings.Repeat("s1,2\n", 20_000) + "s2,6\rs3,\"\n"
	texts["CR alone, long"] = "student,1a\r" + strings.Repeat("s1,\"6\r0\"\r", 10_000)
	for name, text := range texts {
		want := referenceRows("c.csv", []byte(text))
		for _, step := range []int{1, 2, 3, 5, 4096, 1 << 20} {
			if step < 16 && len(text) > 1000 {
				continue // slow, and the small texts cover it
			}
			got := streamRows("c.csv", trickle{[]byte(text), step})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, read %d bytes at a time:\n got %.400q\nwant %.400q", name, step, got, want)
			}
		}
	}
}

// TestStreamingPlacesRowsInCharacters: the columns in errors count
// characters, however far into a line and however many lines the bad rows
// are apart.
func TestStreamingPlacesRowsInCharacters(t *testing.T) {
	long := strings.Repeat("é", 70_000)
	cases := map[string][]string{
		"student,1a\nÄ\"x,5\n":                            {`c.csv:2:2: bare " in non-quoted-field`},
		"student,1a\ns1,\"a\nb\" x\n€😀\"x,1\n":            {`c.csv:2: a quoted cell on this line is not closed until line 3 (3:2: extraneous or missing " in quoted-field); lines 2 to 3 were read as one row and not graded`, `c.csv:4:3: bare " in non-quoted-field`},
		"student,1a\n" + long + "\"x,5\n" + long + "\"\n": {`c.csv:2:70001: bare " in non-quoted-field`, `c.csv:3:70001: bare " in non-quoted-field`},
		"student,1a\r\rs1,x\"\r":                          {`c.csv:3:5: bare " in non-quoted-field`},
	}
	for text, want := range cases {
		var got []string
		for _, row := range streamRows("c.csv", bytes.NewReader([]byte(text))) {
			if strings.HasPrefix(row, "c.csv:") {
				got = append(got, row)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q:\n got %q\nwant %q", text, got, want)
		}
	}
}

// TestWalkReadsAFileAsLoadCSV: a class CSV read from a file as it goes gives
// the submissions and problems LoadCSV gives for its bytes.
func TestWalkReadsAFileAsLoadCSV(t *testing.T) {
	texts := csvTexts()
	texts["class"] = "Student,SIS User ID,Question 1a,problem_set,1b,1b\n" +
		"\"B, A\",ab1,60,hw8,2,3\n" +
		"C,cd2,\"6\n0\",hw8,,,,x,y\n" +
		"D,bad id,1,hw8\n" +
		"E,ef3,\n" +
		",,\n" +
		"F,gh4," + strings.Repeat("9", MaxAnswerSize+1) + ",hw8, 2 ,\n"
	dir := t.TempDir()
	for name, text := range texts {
		path := filepath.Join(dir, "class.csv")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		want, wantErr := LoadCSV(path, []byte(text))
		var got []*Submission
		errs := Walk([]string{path}, func(s *Submission) { got = append(got, s) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Walk read\n%+v\nLoadCSV\n%+v", name, got, want)
		}
		if g, w := fmt.Sprint(errors.Join(errs...)), fmt.Sprint(wantErr); g != w {
			t.Errorf("%s: Walk's problems\n%s\nLoadCSV's\n%s", name, g, w)
		}
	}
}

// TestWalkIsCollectWithoutDedupe: on the examples and test data, Walk yields
// every submission Collect returns, in the same order, and the same problems;
// a student twice is yielded twice (Collect keeps the first and reports the
// second), and an unreadable file's placeholder is yielded where it is met.
func TestWalkIsCollectWithoutDedupe(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.toml", "student = \"a\"\n[answers]\n\"1a\" = \"2\"\n")
	write("b.toml", "student = \"b\"\n[answers]\n\"1a\" = \"2\n")
	write("c.csv", "student,1a\na,5\nb,6\n\"x,7\n")
	paths := []string{"../examples/hw8/class.csv", "../examples/hw8/submissions", "bundled/hw8", "testdata/errors", "no-such-file.csv", dir}
	var walked []*Submission
	problems := Walk(paths, func(s *Submission) { walked = append(walked, s) })
	subs, collected := Collect(paths)

	var who []string
	for _, s := range walked {
		who = append(who, s.Student)
	}
	for _, s := range []string{"a", "b", "a", "b"} { // a.toml, b.toml unreadable, then c.csv's rows
		if !contains(who, s) {
			t.Errorf("Walk did not yield %q: %v", s, who)
		}
	}
	if n := len(walked); n < 10 || walked[n-4].Student != "a" || walked[n-3].Unreadable == "" || walked[n-2].Source != filepath.Join(dir, "c.csv")+":2" {
		t.Errorf("the folder's submissions, in order: %v", who[max(0, n-4):])
	}
	unique, deduped := dedupe(walked, append([]error(nil), problems...))
	if !reflect.DeepEqual(unique, subs) {
		t.Errorf("Walk's submissions, deduplicated, are not Collect's")
	}
	if g, w := fmt.Sprint(deduped), fmt.Sprint(collected); g != w {
		t.Errorf("Walk's problems, deduplicated:\n%s\nCollect's:\n%s", g, w)
	}
	added := fmt.Sprint(collected[min(len(problems), len(collected)):])
	if !strings.Contains(added, `c.csv:2: student "a" already has a submission`) || strings.Contains(added, `student "b"`) {
		t.Errorf("Collect adds a (twice) to Walk's problems, not b (a file it could not read): %v", added)
	}
	if !strings.Contains(fmt.Sprint(problems), "c.csv:4:5: extraneous or missing \" in quoted-field") {
		t.Errorf("the bad row is not placed: %v", problems)
	}
}

// classRows writes a class CSV of rows students at path, each row about 100
// bytes, and returns its size.
func classRows(t *testing.T, path string, rows int, tail string) int64 {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "student,name,1a,1b,2a\n")
	for i := range rows {
		fmt.Fprintf(w, "s%07d,Student number %d of a big class,60 × 60 × 32,\"2,432\",W_1 x + b_1 (a formula)\n", i, i)
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	return info.Size()
}

// TestBigCSVFileIsReadAsItGoes: a class CSV file larger than MaxCSVSize
// loads, row by row, and the memory in use stays far below the file's size;
// a quote left open cannot make one row the rest of the file.
func TestBigCSVFileIsReadAsItGoes(t *testing.T) {
	if testing.Short() {
		t.Skip("writes two files of 40 MB")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "big.csv")
	const rows = 400_000
	size := classRows(t, path, rows, "")
	if size <= MaxCSVSize {
		t.Fatalf("the file has %d bytes, not more than %d", size, MaxCSVSize)
	}
	var n int
	var peak uint64
	var kept []*Submission
	var mem runtime.MemStats
	problems := Walk([]string{path}, func(s *Submission) {
		if n%50_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&mem)
			peak = max(peak, mem.HeapAlloc)
		}
		if want := fmt.Sprintf("s%07d", n); s.Student != want || answerTo(s, "1b") != "2,432" || s.Source != fmt.Sprintf("%s:%d", path, n+2) {
			t.Fatalf("row %d: %+v", n, s)
		}
		if n%997 == 0 {
			kept = append(kept, s)
		}
		n++
	})
	// Rows' sources and orders share buffers: the ones kept are still theirs.
	for _, s := range kept {
		var row int
		fmt.Sscanf(s.Student, "s%d", &row)
		if s.Source != fmt.Sprintf("%s:%d", path, row+2) || strings.Join(s.Order, ",") != "1a,1b,2a" ||
			answerTo(s, "1a") != "60 × 60 × 32" || answerTo(s, "1b") != "2,432" || answerTo(s, "2a") != "W_1 x + b_1 (a formula)" {
			t.Fatalf("row %d kept: %+v", row, s)
		}
	}
	if n != rows || len(problems) != 0 {
		t.Errorf("%d rows read, problems %v", n, problems)
	}
	if peak > 16<<20 {
		t.Errorf("%d bytes in use reading a file of %d: it is held, not read as it goes", peak, size)
	}

	// A quote left open on line 3: the rows before it load, and the rest is
	// one row too long to read.
	open := filepath.Join(dir, "open.csv")
	classRows(t, open, 1, "s1,\"open\n"+strings.Repeat("text that is still in the quote\n", (MaxCSVRowSize+4*textBufferSize)/32))
	n = 0
	problems = Walk([]string{open}, func(s *Submission) { n++ })
	want := open + ":3: a row is longer than a row may be (33554432 bytes); is a quote left open?"
	if n != 1 || len(problems) != 1 || problems[0].Error() != want {
		t.Errorf("%d rows, problems %v\nwant %s", n, problems, want)
	}
}

// TestLineFinderCountsAsDiagColumn: the line finder's column of every byte
// offset of every line, asked in order and out of it, is diag.Column's on
// the line's text, also where the offset cuts a character.
func TestLineFinderCountsAsDiagColumn(t *testing.T) {
	text := "a€b\r\n😀é\"x\n\nÄ\r" + strings.Repeat("€", 30_000) + "\n"
	inMemory := oldMacLineEnds([]byte(text))
	type ask struct{ line, offset int }
	var asks []ask
	for n := 1; n <= 6; n++ {
		for offset := 0; offset <= len(lineOf(inMemory, n))+2; offset += 1 + offset/50 {
			asks = append(asks, ask{n, offset})
		}
	}
	source, _, err := scanCSV(bytes.NewReader([]byte(text)))
	if err != nil || !source.crs {
		t.Fatal(source, err)
	}
	lf := lineFinder{src: source}
	for pass, order := range [][]ask{asks, {asks[len(asks)-1], asks[0], asks[3], asks[2], asks[3]}} {
		for _, a := range order {
			if got, want := lf.column(a.line, a.offset), diag.Column(lineOf(inMemory, a.line), a.offset); got != want {
				t.Errorf("pass %d: line %d, byte %d: column %d, want %d", pass, a.line, a.offset, got, want)
			}
		}
	}
}

// FuzzCSVStream: whatever the text, and however it is cut into reads, the
// streaming reader reads the rows and places the problems that reading it
// whole did, and Walk reads a file as LoadCSV reads its bytes.
func FuzzCSVStream(f *testing.F) {
	for _, text := range csvTexts() {
		f.Add(text, byte(1))
	}
	f.Add("student,1a\r\n\r\rs\",\"\r", byte(2))
	path := filepath.Join(f.TempDir(), "f.csv")
	f.Fuzz(func(t *testing.T, text string, step byte) {
		want := referenceRows("f.csv", []byte(text))
		if got := streamRows("f.csv", trickle{[]byte(text), int(step%8) + 1}); !reflect.DeepEqual(got, want) {
			t.Fatalf("read %d bytes at a time:\n got %q\nwant %q", step%8+1, got, want)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		subs, err := LoadCSV(path, []byte(text))
		var walked []*Submission
		problems := Walk([]string{path}, func(s *Submission) { walked = append(walked, s) })
		if !reflect.DeepEqual(walked, subs) || fmt.Sprint(errors.Join(problems...)) != fmt.Sprint(err) {
			t.Fatalf("Walk read %+v, %v\nLoadCSV %+v, %v", walked, problems, subs, err)
		}
	})
}

// TestBlankIsTrimSpace: a cell is blank exactly when strings.TrimSpace leaves
// nothing of it, and a student id is valid exactly when idPattern matches it.
func TestBlankIsTrimSpace(t *testing.T) {
	for _, cell := range []string{"", " ", " \t\r\n\v\f", "x", " x", "\u00a0", " \u2003 ", "\u2003x", "\u0085", " é", "\ufeff", "\xff"} {
		if got, want := blank(cell), strings.TrimSpace(cell) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", cell, got, want)
		}
	}
	for _, id := range []string{"", "a", "ab1@x.y_z+w-v", "a b", "é", "a/b", "a\n", strings.Repeat("a", 100), strings.Repeat("a", 101), "A-Z09", "a:b"} {
		if got, want := validStudentID(id), idPattern.MatchString(id) && len(id) <= maxStudentID; got != want {
			t.Errorf("validStudentID(%q) = %v, want %v", id, got, want)
		}
	}
}
