package submissions

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/expr"
	"github.com/nngrade/nngrade/internal/errortest"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
)

func TestLoad(t *testing.T) {
	src := "student = \"ab1\"\nname = \"A B\"\n\n[answers]\n\"1b\" = \"2432\"\n\"1a\" = \"60x60x32\"\n"
	s, err := Load("a.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Student != "ab1" || s.Answers["1a"] != "60x60x32" || strings.Join(s.Order, ",") != "1b,1a" || s.Line["1a"] != 6 {
		t.Errorf("%+v", s)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"misspelled key", "studnet = \"x\"\n", "a.toml:1:1: unknown key \"studnet\"; did you mean \"student\"?"},
		{"no student", "[answers]\n\"1\" = \"2\"\n", "a.toml:1: no student id"},
		{"syntax", "student = \"x\n", "a.toml:1:"},
		{"a table instead of text", "student = \"x\"\n[answers]\n\"1\" = { a = 1 }\n", "a.toml:3:7: the answer to \"1\" should be text in quotes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("a.toml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant prefix %s", err, tc.want)
			}
		})
	}
}

// TestOverLongAnswerKeepsTheRest: an answer longer than MaxAnswerSize is
// invalid, and the student's other answers still load, from a TOML file and
// from a CSV row; Check reports it at its line.
func TestOverLongAnswerKeepsTheRest(t *testing.T) {
	long := strings.Repeat("9", MaxAnswerSize+1)
	s, err := Load("a.toml", []byte("student = \"x\"\n[answers]\n\"1a\" = \""+long+"\"\n\"1b\" = \"2432\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	csvSubs, err := LoadCSV("c.csv", []byte("student,1a,1b\nx,"+long+",2432\n"))
	if err != nil || len(csvSubs) != 1 {
		t.Fatalf("%d rows, %v", len(csvSubs), err)
	}
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []*Submission{s, csvSubs[0]} {
		if answerTo(sub, "1b") != "2432" || !strings.Contains(sub.Invalid["1a"], "4097 bytes") || len(answerTo(sub, "1a")) > 300 {
			t.Errorf("%s: answers %q %q, invalid %q", sub.Source, answerTo(sub, "1a"), answerTo(sub, "1b"), sub.Invalid)
		}
		errs := sub.Check(set)
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), `answer to "1a" cannot be graded: the answer is 4097 bytes`) {
			t.Errorf("%s: check %v", sub.Source, errs)
		}
	}
	if errs := s.Check(set); len(errs) == 1 && !strings.HasPrefix(errs[0].Error(), "a.toml:3: ") {
		t.Errorf("not at its line: %v", errs[0])
	}
}

func TestLoadAcceptsBareNumbers(t *testing.T) {
	s, err := Load("a.toml", []byte("student = \"x\"\n[answers]\n\"1b\" = 2432\n\"1c\" = 0.5\n"))
	if err != nil || s.Answers["1b"] != "2432" || s.Answers["1c"] != "0.5" {
		t.Fatalf("%v %v", s, err)
	}
}

func TestLoadCSV(t *testing.T) {
	src := "\xef\xbb\xbfstudent,name,1a,1b\r\ns1,Ada,60 × 60 × 32,\"2,432\"\r\n,Nobody,1,2\r\ns2,Bo,,2400\r\n"
	subs, err := LoadCSV("c.csv", []byte(src))
	if len(subs) != 2 {
		t.Fatalf("%d submissions", len(subs))
	}
	if err == nil || !strings.Contains(err.Error(), "c.csv:3: the row has no student id") {
		t.Errorf("error %v", err)
	}
	if answerTo(subs[0], "1b") != "2,432" || subs[0].Name != "Ada" || subs[0].Source != "c.csv:2" {
		t.Errorf("%+v", subs[0])
	}
	if _, ok := subs[1].Answer("1a"); ok {
		t.Errorf("an empty cell is no answer: %+v", subs[1])
	}
	if _, err := LoadCSV("c.csv", []byte("name,1a\nA,1\n")); err == nil || !strings.Contains(err.Error(), `no "student" column`) {
		t.Errorf("no student column: %v", err)
	}
	// A bad quote after "Ä" (two bytes) is at the character's column, as in
	// every nngrade message.
	if _, err := LoadCSV("c.csv", []byte("student,1a\nÄ\"x,5\n")); err == nil || !strings.Contains(err.Error(), `c.csv:2:2: bare "`) {
		t.Errorf("bad quote: %v", err)
	}
}

func TestCollectKeepsGoing(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.toml", "student = \"a\"\n[answers]\n\"1\" = \"2\"\n")
	write("b.toml", "student = \"b\"\n[answers]\n\"1\" = \"2\n")
	write("c.csv", "student,1\na,5\nc,6\n")
	write("notes.txt", "ignored")
	subs, probs := Collect([]string{dir})
	// b.toml cannot be read, but it names its student: b keeps a row, marked.
	if len(subs) != 3 || subs[0].Student != "a" || subs[1].Student != "c" || subs[2].Student != "b" {
		t.Fatalf("subs %v", subs)
	}
	if !strings.Contains(subs[2].Unreadable, "b.toml:3") || len(subs[2].Answers) != 0 {
		t.Errorf("unreadable b: %+v", subs[2])
	}
	if len(probs) != 2 {
		t.Fatalf("problems %v", probs)
	}
	if !strings.Contains(probs[0].Error(), "b.toml:3") || !strings.Contains(probs[1].Error(), `student "a" already has a submission`) {
		t.Errorf("problems %v", probs)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("student = \"a\"\n[answers]\n\"1\" = \"2\"\n")
	f.Add("student = \"a\"\n[answers]\n\"1\" = \"\"\"\n 6\\t0 \\\n  \\u00d7 6\"\"\"\n2 = '6\\0'\n")
	errortest.AddSeeds(f, "testdata/errors/*.toml")
	for _, src := range hostileTOML() {
		f.Add(src)
	}
	f.Add("student = \"a\"\r[answers]\r\"1\" = \"\"\"\r2\"\"\"\r")
	f.Fuzz(func(t *testing.T, src string) {
		s, err := Load("f.toml", []byte(src))
		if err == nil && s == nil {
			t.Fatal("nil without error")
		}
		if err != nil {
			_ = err.Error()
			return
		}
		// Every byte of a string answer maps to the same byte in the file, or
		// to the backslash of the escape that wrote it; a lone CR is a line end.
		src = string(oldMacLineEnds([]byte(src)))
		for id, a := range s.Answers {
			at := s.At[id]
			if !strings.HasPrefix(at.Raw, "\"") && !strings.HasPrefix(at.Raw, "'") {
				continue
			}
			for i := 0; i <= len(a); i++ {
				pos := at.Pos(i)
				if pos.Offset < at.Start.Offset || pos.Offset >= at.End.Offset {
					t.Fatalf("answer %q: offset %d maps to %d, outside the value %d..%d", id, i, pos.Offset, at.Start.Offset, at.End.Offset)
				}
				if i < len(a) && src[pos.Offset] != a[i] && src[pos.Offset] != '\\' {
					t.Fatalf("answer %q: byte %d %q maps to %q at %s", id, i, a[i], src[pos.Offset], pos)
				}
				lineStart := strings.LastIndexByte(src[:pos.Offset], '\n') + 1
				if pos.Line != strings.Count(src[:pos.Offset], "\n")+1 || pos.Column != utf8.RuneCountInString(src[lineStart:pos.Offset])+1 {
					t.Fatalf("answer %q: offset %d at %s, which is not byte %d (columns count characters)", id, i, pos, pos.Offset)
				}
			}
		}
	})
}

func FuzzLoadCSV(f *testing.F) {
	f.Add("student,name,1a\ns1,A,60x60x32\n")
	f.Add("student,1\n\"a,1\n")
	f.Add("Student,ID,Question 1a\n\ufeffs1,7,2,3\ns2\n")
	f.Add("Student,SIS User ID,SIS Login ID\n    Points Possible,,\n\"B, A\",ab1,ab1\n")
	f.Add("student,name,1a\rm1,Ann,60\rm2,Bo,\"6\r0\"\r")
	f.Add("student,name,1a\r\n+1,\t=cmd|' /C calc'!A0,@SUM(1)\r-2,=HYPERLINK(\"x\"),1\r")
	f.Add("\xef\xbb\xbfstudent,1a\n" + strings.Repeat("\"", 4000) + "\n")
	f.Fuzz(func(t *testing.T, src string) {
		subs, _ := LoadCSV("f.csv", []byte(src))
		for _, s := range subs {
			if s.Student == "" {
				t.Fatal("a submission without a student id")
			}
			checkRowAnswers(t, s)
		}
	})
}

// TestOldMacLineEnds: files saved with CR alone as the line end (old Mac OS)
// are read, and an error in one is reported at its line.
func TestOldMacLineEnds(t *testing.T) {
	s, err := Load("mac.toml", []byte("student = \"m1\"\r[answers]\r\"1a\" = \"60 × 60 × 32\"\r\"1b\" = '''\r2432'''\r"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Student != "m1" || s.Answers["1a"] != "60 × 60 × 32" || s.Answers["1b"] != "2432" || s.Line["1a"] != 3 {
		t.Errorf("read %+v", s)
	}
	_, err = Load("mac.toml", []byte("student = \"m1\"\r[answers]\r\"1a\" = \"60\r"))
	if err == nil || !strings.HasPrefix(err.Error(), "mac.toml:3:") {
		t.Errorf("error %v, want one at mac.toml:3", err)
	}
	subs, err := LoadCSV("mac.csv", []byte("student,name,1a\rm1,Ann,60\rm2,Bo,\"6\r0\"\r"))
	if err != nil || len(subs) != 2 {
		t.Fatalf("%d rows, %v", len(subs), err)
	}
	if subs[0].Student != "m1" || answerTo(subs[0], "1a") != "60" || subs[1].Source != "mac.csv:3" || answerTo(subs[1], "1a") != "6\n0" {
		t.Errorf("rows %+v %+v", subs[0], subs[1])
	}
}

// TestLoadNotAnswers: a student edition, a problem set or a rubric given as
// answers is named in one line, not reported key by key.
func TestLoadNotAnswers(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"student edition", "edition = \"student\"\nversion = 1\nproblem_set = \"hw8\"\nsalt = \"x\"\n[[questions]]\nid = \"1a\"\n", "e.toml: this is the student edition of a problem set, not an answers file; an answers file has"},
		{"problem set", "id = \"hw8\"\n[networks.a]\ninput = [1]\n[[questions]]\nid = \"1a\"\nkind = \"shape\"\n", "e.toml: this is not an answers file but questions"},
		{"rubric", "[questions.\"1a\"]\npoints = 2\n", "e.toml: this is not an answers file but questions"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("e.toml", []byte(tc.src))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "unknown key") {
				t.Errorf("got %v\nwant one line starting %s", err, tc.want)
			}
		})
	}
}

// TestStudentIDProblem: the form's words for an id agree with what Load refuses.
func TestStudentIDProblem(t *testing.T) {
	for id, want := range map[string]string{
		"ab123": "", "a.b+c@d_e-f": "",
		"": "enter your student id", "ab 123/é": "use letters, digits and @ . _ + - only",
		strings.Repeat("a", 101): "at most 100 characters", PlaceholderStudent: `"your-id" is the template's placeholder; write your own id`,
	} {
		if got := StudentIDProblem(id); got != want {
			t.Errorf("StudentIDProblem(%q) = %q, want %q", id, got, want)
		}
		_, err := Load("a.toml", []byte("student = "+strconv.Quote(id)+"\n[answers]\n\"1\" = \"2\"\n"))
		if refused := err != nil; refused != (want != "" && id != PlaceholderStudent) {
			t.Errorf("id %q: Load's error %v, the form's problem %q", id, err, want)
		}
	}
}

// TestAnswerTooLong: one limit, the readers' own, in the same words as a
// loaded file's over-long answer.
func TestAnswerTooLong(t *testing.T) {
	if MaxAnswerSize != answer.MaxLength || answer.MaxLength != expr.MaxLength {
		t.Errorf("limits: submissions %d, answer %d, expr %d", MaxAnswerSize, answer.MaxLength, expr.MaxLength)
	}
	long := strings.Repeat("1", MaxAnswerSize+1)
	if AnswerTooLong(long[1:]) != "" {
		t.Errorf("an answer of %d bytes is too long", MaxAnswerSize)
	}
	sub, err := Load("a.toml", []byte("student = \"x\"\n[answers]\n\"1\" = \""+long+"\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sub.Invalid["1"], AnswerTooLong(long); got != want || want == "" {
		t.Errorf("Load says %q, AnswerTooLong %q", got, want)
	}
}

// answerTo is s's answer to id, "" when it has none.
func answerTo(s *Submission, id string) string {
	a, _ := s.Answer(id)
	return a
}

// checkRowAnswers holds a CSV row's answers to what a map filled column by
// column with its cells that are not blank would say: Answer finds an
// answer for every id of Order and none blank, and a cell's answer is its
// question's (the last such cell's, for a question in two columns).
func checkRowAnswers(t *testing.T, s *Submission) {
	t.Helper()
	ids := s.CellIDs()
	want := map[string]string{}
	for k, id := range ids {
		cell, ok := s.Cell(k)
		if ok != !blank(cell) || !ok && cell != "" {
			t.Fatalf("%s: cell %d is %q, %v", s.Source, k, cell, ok)
		}
		if ok {
			want[id] = cell
		}
	}
	for _, id := range s.Order {
		if _, ok := s.Answer(id); !ok {
			t.Fatalf("%s: %q is in the order but has no answer", s.Source, id)
		}
	}
	for _, id := range ids {
		got, ok := s.Answer(id)
		if w, wok := want[id]; got != w || ok != wok {
			t.Fatalf("%s: Answer(%q) = %q, %v; want %q, %v", s.Source, id, got, ok, w, wok)
		}
	}
}
