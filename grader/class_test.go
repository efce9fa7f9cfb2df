package grader

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/submissions"
)

// TestClassGraderWorkersAgree grades a generated class with one worker and
// with several: the same bytes whichever worker met an answer first, and the
// same as GradeClass's.
func TestClassGraderWorkersAgree(t *testing.T) {
	key, r, _ := hw8Bench(t)
	src := classCSV(t, New(key, r), 3000)
	subs, err := submissions.LoadCSV("class.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	var want string
	for _, workers := range []int{1, 2, 5} {
		c := New(key, r).NewClassGrader()
		c.workers, c.scratch = workers, make([]grading, workers)
		for _, sub := range subs {
			c.Add(sub)
		}
		got := classJSON(t, c.Finish())
		if want == "" {
			want = got
			continue
		}
		if got != want {
			t.Fatalf("%d workers grade differently from 1", workers)
		}
	}
	if got := classJSON(t, New(key, r).GradeClass(subs)); got != want {
		t.Fatal("GradeClass grades differently from a ClassGrader")
	}
	// A reader that stops early stops Each, and says why.
	c := New(key, r).NewClassGrader()
	for _, sub := range subs {
		c.Add(sub)
	}
	class, read, stop := c.Finish(), 0, errors.New("enough")
	err = class.Each(func(*StudentResult) error {
		if read++; read == 700 {
			return stop
		}
		return nil
	})
	if err != stop || read != 700 {
		t.Errorf("Each went on to %d students and returned %v, want 700 and %v", read, err, stop)
	}
}

// classJSON is a class as JSON, its students read with Each.
func classJSON(t *testing.T, c *ClassResult) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%d %v\n", c.Len(), c.Questions)
	err := c.Each(func(s *StudentResult) error {
		out, err := json.Marshal(s)
		b.Write(out)
		b.WriteByte('\n')
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestClassGraderKeepsOnePerStudent: a student with several submissions
// keeps the first read, one marked unreadable only when none could be read,
// and each readable one dropped is reported, in the order they came, as
// submissions.Collect does.
func TestClassGraderKeepsOnePerStudent(t *testing.T) {
	key, r, _ := hw8Bench(t)
	c := New(key, r).NewClassGrader()
	add := func(student, source, answer string, unreadable bool) {
		sub := &submissions.Submission{Student: student, Source: source, Answers: map[string]string{"1a": answer}}
		if unreadable {
			sub.Answers, sub.Unreadable = map[string]string{}, "cannot be read"
		}
		c.Add(sub)
	}
	add("zed", "z1.toml", "1", true)
	add("bob", "b1.toml", "2", false)
	add("zed", "z2.toml", "3", true)
	add("amy", "a1.toml", "4", true)
	add("bob", "b2.toml", "5", false)
	add("amy", "a2.toml", "6", false)
	add("bob", "b3.toml", "7", false)
	for _, id := range []string{"amy", "bob", "zed"} {
		if !c.Has(id) {
			t.Errorf("Has(%q) = false", id)
		}
	}
	if c.Has("ann") || c.Has("") {
		t.Error("Has names a student who handed nothing in")
	}
	var problems []string
	for _, err := range c.DropDuplicates() {
		problems = append(problems, err.Error())
	}
	want := []string{
		`b2.toml: student "bob" already has a submission (b1.toml); this one is skipped`,
		`b3.toml: student "bob" already has a submission (b1.toml); this one is skipped`,
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	var kept []string
	class := c.Finish()
	class.Each(func(s *StudentResult) error {
		kept = append(kept, s.Student+" "+s.Source+" "+string(s.Submission)+" "+s.Questions[0].Answer)
		return nil
	})
	if got, want := strings.Join(kept, "; "), "amy a2.toml  6; bob b1.toml  2; zed z1.toml unreadable "; got != want {
		t.Errorf("kept %q, want %q", got, want)
	}
	if class.Len() != 3 {
		t.Errorf("Len = %d, want 3", class.Len())
	}
}

// TestClassReadInIDOrder: a class added in id order is kept as it came,
// with nothing dropped, and one that leaves that order anywhere (a student
// twice in a row, a lower id at the very end) is still sorted and rid of its
// duplicates: the check made as students are added must not miss either.
func TestClassReadInIDOrder(t *testing.T) {
	key, r, _ := hw8Bench(t)
	for _, tc := range []struct {
		added, kept, dropped string
	}{
		{"amy bob cat dan", "amy bob cat dan", ""},
		{"amy bob bob cat", "amy bob cat", "bob"},
		{"amy bob cat cat", "amy bob cat", "cat"},
		{"amy bob cat abe", "abe amy bob cat", ""},
		{"amy bob cat amy", "amy bob cat", "amy"},
		{"bob amy", "amy bob", ""},
		{"amy", "amy", ""},
	} {
		c := New(key, r).NewClassGrader()
		for i, id := range strings.Fields(tc.added) {
			c.Add(&submissions.Submission{Student: id, Source: fmt.Sprintf("%s%d.toml", id, i), Answers: map[string]string{"1a": "60x60x32"}})
		}
		var dropped []string
		for _, err := range c.DropDuplicates() {
			id, _, _ := strings.Cut(strings.TrimPrefix(err.Error()[strings.Index(err.Error(), `"`):], `"`), `"`)
			dropped = append(dropped, id)
		}
		var kept []string
		c.Finish().Each(func(s *StudentResult) error {
			kept = append(kept, s.Student)
			return nil
		})
		if got := strings.Join(kept, " "); got != tc.kept {
			t.Errorf("added %s: kept %s, want %s", tc.added, got, tc.kept)
		}
		if got := strings.Join(dropped, " "); got != tc.dropped {
			t.Errorf("added %s: dropped %q, want %q", tc.added, got, tc.dropped)
		}
	}
}

// TestStoredClassKeepsResultsOfItsOwn: results no memo keeps (an answer too
// long to read; any answer once a memo is full) are stored with the student,
// and a class mixing them with memoised ones reads back as graded.
func TestStoredClassKeepsResultsOfItsOwn(t *testing.T) {
	key, r, _ := hw8Bench(t)
	g := New(key, r)
	var subs []*submissions.Submission
	for s := range 40 {
		sub := &submissions.Submission{Student: fmt.Sprintf("s%02d", s), Answers: map[string]string{"1a": "60x60x32", "1b": fmt.Sprint(2400 + s%3)}}
		if s%5 == 1 { // longer than the memo keeps, and carried forward
			sub.Answers["1b"] = strings.Repeat(" ", maxMemoizedText) + fmt.Sprint(2400+s%3)
			sub.Answers["2"] = "k(k+m)+k" + strings.Repeat(" + 0", maxMemoizedText/4)
		}
		if s%7 == 3 {
			sub.Answers["1a"] = strings.Repeat("6", 200) + "…"
			sub.Invalid = map[string]string{"1a": submissions.AnswerTooLong(strings.Repeat("6", 5000))}
		}
		subs = append(subs, sub)
	}
	class := g.GradeClass(subs)
	for i, sub := range subs {
		want, _ := json.Marshal(New(key, r).Grade(sub))
		got, _ := json.Marshal(class.Students[i])
		if string(got) != string(want) {
			t.Fatalf("student %s reads back as\n%s\nwant\n%s", sub.Student, got, want)
		}
	}
	// An answer too long to memoise is still read and graded as written.
	short := New(key, r).Grade(&submissions.Submission{Student: "x", Answers: map[string]string{"1a": "60x60x32", "1b": "2401", "2": "k(k+m)+k"}})
	for _, q := range class.Students[1].Questions {
		if q.ID != "1b" && q.ID != "2" {
			continue
		}
		for _, w := range short.Questions {
			first := func(s string) string { return strings.SplitN(s, "\n", 2)[0] }
			if w.ID == q.ID && (w.Status != q.Status || w.Score != q.Score || first(w.Feedback) != first(q.Feedback)) {
				t.Errorf("%s %.20q…: %s %v %q; written short: %s %v %q", q.ID, q.Answer, q.Status, q.Score, q.Feedback, w.Status, w.Score, w.Feedback)
			}
		}
	}
}

// failingSpill refuses every write, as a full disk would.
type failingSpill struct{ *os.File }

func (failingSpill) WriteAt([]byte, int64) (int, error) {
	return 0, errors.New("no space left on device")
}

// TestSpilledResultsReadBack: a class of all-different answers keeps its
// students' own results in the spill, and reads back as graded in memory;
// a spill that cannot be written keeps them in memory instead.
func TestSpilledResultsReadBack(t *testing.T) {
	key, r, _ := hw8Bench(t)
	src := distinctClassCSV(t, New(key, r), 1500)
	subs, err := submissions.LoadCSV("class.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	grade := func(spill Spill) (string, *ClassGrader) {
		g := New(key, r)
		for i := range g.questions {
			g.memo(0, i).limit = 100 // the rest are results of the students' own
		}
		c := g.NewClassGrader()
		if spill != nil {
			c.SpillTo(spill)
			c.class.own.limit = 1 << 12
		}
		for _, sub := range subs {
			c.Add(sub)
		}
		return classJSON(t, c.Finish()), c
	}
	want, _ := grade(nil)
	f, err := os.CreateTemp(t.TempDir(), "spill")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, c := grade(f)
	if c.class.own.spilled < 1<<20 {
		t.Fatalf("only %d bytes spilled; the test no longer spills", c.class.own.spilled)
	}
	if got != want {
		t.Fatal("a spilled class reads back differently")
	}
	if got, _ := grade(failingSpill{f}); got != want {
		t.Fatal("a class whose spill fails reads back differently")
	}
}

// TestClassGraderSurvivesAFailedStudent: a panic grading a student (here a
// grader broken on purpose: its memos cut short) marks that student's
// answers invalid with an internal error; it does not stop the class, whose
// batches are graded on other goroutines.
func TestClassGraderSurvivesAFailedStudent(t *testing.T) {
	key, r, _ := hw8Bench(t)
	g := New(key, r)
	memos := g.memos[0]
	g.memos[0] = memos[:1]
	c := g.NewClassGrader()
	for s := range 3 * batchSize {
		c.Add(&submissions.Submission{Student: fmt.Sprintf("s%04d", s), Answers: map[string]string{"1a": "60x60x32"}})
	}
	c.flush()
	g.memos[0] = memos // for Finish, which reads them
	class := c.Finish()
	if class.Len() != 3*batchSize {
		t.Fatalf("%d students graded, want %d", class.Len(), 3*batchSize)
	}
	class.Each(func(s *StudentResult) error {
		q := s.Questions[0]
		if q.Status != Invalid || !strings.Contains(q.Feedback, "internal error") || q.Answer != "60x60x32" || len(s.Questions) != len(g.questions) {
			t.Fatalf("%s: %s %q %q, %d questions", s.Student, q.Status, q.Feedback, q.Answer, len(s.Questions))
		}
		return nil
	})
}

// TestStoredSourcesReadBack: a student's source reads back as the reader
// gave it, whether a line of a file (kept as a number), a file alone, a file
// and something else, or nothing.
func TestStoredSourcesReadBack(t *testing.T) {
	key, r, _ := hw8Bench(t)
	c := New(key, r).NewClassGrader()
	sources := []struct{ file, source string }{
		{"class.csv", "class.csv:12"}, {"class.csv", "class.csv:0"}, {"class.csv", "class.csv:007"},
		{"class.csv", "class.csv:"}, {"class.csv", "class.csv:99999999999"}, {"a.toml", "a.toml"},
		{"", ""}, {"b.csv", "b.csv:3:4"}, {"class.csv", "class.csv:13"}, {"", "roster.csv:2"},
	}
	for i, src := range sources {
		c.Add(&submissions.Submission{Student: fmt.Sprintf("s%02d", i), Name: "N", File: src.file, Source: src.source,
			Unreadable: map[bool]string{true: "cannot be read"}[i%3 == 0], Answers: map[string]string{}})
	}
	i := 0
	c.Finish().Each(func(s *StudentResult) error {
		if want := sources[i].source; s.Source != want || s.Name != "N" || (s.Problem != "") != (i%3 == 0) {
			t.Errorf("student %s: source %q, name %q, problem %q; want source %q", s.Student, s.Source, s.Name, s.Problem, want)
		}
		i++
		return nil
	})
}

// TestStoredFieldReadsAsTextOf: field, which reads a student's text only as
// far as the field asked for, finds each field as textOf, which reads it all,
// does: for a source that is a line (no source field kept) or not, an
// unreadable submission's problem or none, empty names and ids included.
func TestStoredFieldReadsAsTextOf(t *testing.T) {
	key, r, _ := hw8Bench(t)
	c := New(key, r).NewClassGrader()
	sources := []struct{ file, source string }{
		{"class.csv", "class.csv:12"}, {"class.csv", "class.csv:007"}, {"a.toml", "a.toml"},
		{"", ""}, {"b.csv", "b.csv:3:4"}, {"", "roster.csv:2"},
	}
	for i, src := range sources {
		for j, name := range []string{"", "Ann B"} {
			c.Add(&submissions.Submission{Student: strings.Repeat("s", i%2) + fmt.Sprint(i*2+j), Name: name, File: src.file, Source: src.source,
				Unreadable: map[bool]string{true: "cannot be read"}[j == 1], Answers: map[string]string{}})
		}
	}
	c.flush()
	s := c.class
	for k := range int32(s.len()) {
		text := s.textOf(k)
		for n := range text.fields {
			if got, want := s.field(k, n), text.fields[n]; string(got) != string(want) {
				t.Errorf("student %d (%s): field %d is %q, textOf's %q", k, s.source(k), n, got, want)
			}
		}
	}
}

// BenchmarkSortShuffledClass sorts a stored class of 100,000 students added
// in no order, as sortByStudent does for an export not in id order: two ids
// read a comparison.
//
//	go test ./grader -run '^$' -bench SortShuffledClass -count 5
func BenchmarkSortShuffledClass(b *testing.B) {
	s := &storedStudents{questions: 2}
	graded := &gradedSubmission{refs: []int32{0, 0}}
	for _, i := range rand.New(rand.NewPCG(1, 2)).Perm(100_000) {
		s.add(&submissions.Submission{Student: fmt.Sprintf("s%07d", i), Name: fmt.Sprintf("Student %d", i),
			File: "class.csv", Source: fmt.Sprintf("class.csv:%d", i+2)}, graded)
	}
	added := slices.Clone(s.order)
	for b.Loop() {
		copy(s.order, added)
		s.sorted = false
		s.sortByStudent()
	}
}

// TestCSVRowsAnswerByColumn: a CSV row's answers are found by their column,
// worked out once a file, and a worker grading rows of two files with
// different columns finds each file's; a column given twice answers with its
// last cell that is not blank, as a file's answers would; a blank cell is a
// missing answer, written "".
func TestCSVRowsAnswerByColumn(t *testing.T) {
	key, r, _ := hw8Bench(t)
	g := New(key, r)
	first, err := submissions.LoadCSV("a.csv", []byte("student,1a,1b\ns1,60 × 60 × 32,2400\n"))
	if err != nil {
		t.Fatal(err)
	}
	second, _ := submissions.LoadCSV("b.csv", []byte("student,1b,1a,1b\ns2,2432,60x60x31,\ns3,1,2,3\ns4,  ,   ,\n"))
	c := g.NewClassGrader()
	for _, s := range append(first, second...) {
		c.Add(s)
	}
	got := map[string]string{}
	c.Finish().Each(func(s *StudentResult) error {
		got[s.Student] = s.Questions[0].Answer + "|" + string(s.Questions[0].Status) + "|" + s.Questions[1].Answer
		return nil
	})
	want := map[string]string{"s1": "60 × 60 × 32|correct|2400", "s2": "60x60x31|incorrect|2432", "s3": "2|incorrect|3", "s4": "|missing|"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %s, want %s", id, got[id], w)
		}
	}
}

// TestStoredTextPastNarrowStarts: students whose text lies past the blocks
// a four-byte start can name (made 3 here; 4 GiB of text in truth) are read
// back as those before them, submission status, names and long texts
// included; a text longer than a block has one of its own.
func TestStoredTextPastNarrowStarts(t *testing.T) {
	defer func(n int) { maxNarrowBlocks = n }(maxNarrowBlocks)
	maxNarrowBlocks = 3
	key, r, _ := hw8Bench(t)
	c := New(key, r).NewClassGrader()
	name := func(i int) string {
		if i%500 == 7 {
			return strings.Repeat("long name ", 8000) // past a block
		}
		return fmt.Sprintf("Student %d %s", i, strings.Repeat("x", i%90))
	}
	const n = 4000
	for i := range n {
		sub := &submissions.Submission{Student: fmt.Sprintf("s%04d", i), Name: name(i), File: "c.csv",
			Source: fmt.Sprintf("c.csv:%d", i+2), Answers: map[string]string{"1b": fmt.Sprint(i % 7)}}
		if i%3 == 1 {
			sub.Unreadable, sub.Answers = "cannot be read", map[string]string{}
		}
		c.Add(sub)
	}
	if len(c.class.wideStart) == 0 || len(c.class.start) == 0 {
		t.Fatalf("%d narrow starts, %d wide: the test does not reach past the narrow ones", len(c.class.start), len(c.class.wideStart))
	}
	i := 0
	c.Finish().Each(func(s *StudentResult) error {
		want := SubmissionStatus("")
		if i%3 == 1 {
			want = SubmissionUnreadable
		}
		if s.Student != fmt.Sprintf("s%04d", i) || s.Name != name(i) || s.Source != fmt.Sprintf("c.csv:%d", i+2) || s.Submission != want {
			t.Fatalf("student %d read back as %q %.40q %q %q", i, s.Student, s.Name, s.Source, s.Submission)
		}
		if want == "" && s.Questions[1].Answer != fmt.Sprint(i%7) {
			t.Fatalf("student %d's 1b: %q", i, s.Questions[1].Answer)
		}
		i++
		return nil
	})
	if i != n {
		t.Errorf("%d students read back, want %d", i, n)
	}
}
