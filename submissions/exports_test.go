package submissions

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
)

// TestRecogniseExport: each export is known by its documented columns, and
// a header of none of them is nngrade's own (a hand-made one that starts
// with Timestamp but has nngrade's student column stays nngrade's).
func TestRecogniseExport(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   ExportKind
	}{
		{"name,id,sis_id,section,section_id,section_sis_id,submitted,attempt,1: Q,1.0,n correct,n incorrect,score", CanvasQuiz},
		{"name,id,sis_id,section", OwnCSV}, // no attempt: not a quiz report
		{"Surname,First name,ID number,Email address,State,Started on,Completed,Time taken,Grade/10.00,Response 1", MoodleQuiz},
		{"Surname,First name,State,Started on,Q. 1 /1.00", OwnCSV}, // the Grades report, no responses
		{"ID,Start time,Completion time,Email,Name,Question", MicrosoftForm},
		{"Timestamp,Email Address,Question", GoogleForm},
		{"Timestamp,Name,Student ID,Question", GoogleForm},
		{"Timestamp,Email,student,name,1a", OwnCSV},
		{"Timestamp,Email Address,student,1a", GoogleForm},
		{"student,name,1a", OwnCSV},
		{"", OwnCSV},
	} {
		if got := RecogniseExport(strings.Split(tc.header, ",")); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.header, got, tc.want)
		}
	}
}

func hw8(t testing.TB) *problems.Set {
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestMapColumns: the rules in their order, each question taken once, and
// every column that answers none saying why.
func TestMapColumns(t *testing.T) {
	set := hw8(t)
	type want struct {
		question string
		how      MatchHow
		could    string
	}
	for _, tc := range []struct {
		name    string
		kind    ExportKind
		columns []string
		fixed   Fixed
		want    []want
	}{
		{"ids and id prefixes", GoogleForm,
			[]string{"1a", "1b) params", "Q1c What size?", "Question 1d: params", "1e. size", "1f size", "1g:", "1"},
			nil, []want{{"1a", MatchID, ""}, {"1b", MatchIDPrefix, ""}, {"1c", MatchIDPrefix, ""}, {"1d", MatchIDPrefix, ""},
				{"1e", MatchIDPrefix, ""}, {"", MatchNone, ""}, {"1g", MatchIDPrefix, ""}, {"", MatchNone, ""}}},
		{"a question taken once", GoogleForm,
			[]string{"1a) size", "Q1a"},
			nil, []want{{"1a", MatchIDPrefix, ""}, {"", MatchNone, "1a"}}},
		{"Canvas's own question id is not the set's", CanvasQuiz,
			[]string{"1: Number of trainable parameters of the first convolution layer.", "2: 3b"},
			nil, []want{{"1b", MatchText, ""}, {"3b", MatchID, ""}}},
		{"text after normalising: case, spaces, unicode", GoogleForm,
			[]string{"  NUMBER of trainable   parameters of the max–pooling layer. ", "output size of the 2 x 2 max-pooling layer (h x w x c)."},
			nil, []want{{"1d", MatchText, ""}, {"1c", MatchText, ""}}},
		{"close text, and too close to two", GoogleForm,
			[]string{"Total number of trainable parameters in the network", "Number of trainable parameters of the 1st convolution layer"},
			nil, []want{{"1i", MatchCloseText, ""}, {"", MatchNone, "1b 1f"}}},
		{"Response k when the counts agree", MoodleQuiz,
			[]string{"Response 1", "Response 2", "Response 3", "Response 4", "Response 5", "Response 6", "Response 7", "Response 8", "Response 9", "Response 10", "Response 11", "Response 12", "Response 13", "Response 14"},
			nil, []want{{"1a", MatchPosition, ""}, {"1b", MatchPosition, ""}, {"1c", MatchPosition, ""}}},
		{"Response k when they do not", MoodleQuiz,
			[]string{"Response 1", "Response 2"},
			nil, []want{{"", MatchNone, ""}, {"", MatchNone, ""}}},
		{"a columns file first", MoodleQuiz,
			[]string{"Response 1", "Response 2", "1c"},
			fixedColumns{"Response 1": "1b", "Response 2": "", "1c": "1a"},
			[]want{{"1b", MatchFile, ""}, {"", MatchIgnored, ""}, {"1a", MatchFile, ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := MapColumns(tc.columns, tc.kind, set, tc.fixed)
			seen := map[string]string{}
			for i, c := range m.Columns {
				if c.Question != "" {
					if prev, dup := seen[c.Question]; dup {
						t.Errorf("question %s answered by %q and %q", c.Question, prev, c.Column)
					}
					seen[c.Question] = c.Column
				}
				if i >= len(tc.want) {
					continue
				}
				w := tc.want[i]
				if c.Question != w.question || c.How != w.how || strings.Join(c.Could, " ") != w.could {
					t.Errorf("%q: %q by %v, could %q (%s); want %q by %v, could %q", c.Column, c.Question, c.How, c.Could, c.Why, w.question, w.how, w.could)
				}
				if c.Question == "" && c.How != MatchIgnored && c.Why == "" && len(c.Could) == 0 && c.Column != "1f size" && c.Column != "1" {
					t.Errorf("%q answers none and does not say why", c.Column)
				}
			}
			if len(m.NoColumn)+len(seen) != len(set.Questions) {
				t.Errorf("%d questions with no column and %d answered, of %d", len(m.NoColumn), len(seen), len(set.Questions))
			}
		})
	}
}

type fixedColumns map[string]string

func (f fixedColumns) Question(c string) (string, bool) { id, ok := f[c]; return id, ok }

// TestExportRows: an export's rows as read: ids with their fallback, the
// last attempt, "-" as no answer in Moodle only, and the accounts.
func TestExportRows(t *testing.T) {
	src := "Surname,First name,ID number,Email address,State,Started on,Completed,Time taken,Grade/2.00,Response 1,Right answer 1,Response 2\n" +
		"Byron,Ada,ab1,ab@x.edu,Finished,\"21 November 2026, 9:00 AM\",,,,-,6,2432\n" +
		"Byron,Ada,ab1,ab@x.edu,Finished,\"20 November 2026, 9:00 AM\",,,,1,6,1\n" +
		"Dunn,Carl,,cd@x.edu,Finished,\"20 November 2026, 9:00 AM\",,,,7, 6 , - \n"
	subs, err := LoadCSV("m.csv", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `m.csv:3: the attempt of "ab1" started 20 November 2026, 9:00 AM is not graded: the one started 21 November 2026, 9:00 AM (line 2) is`) {
		t.Errorf("problems: %v", err)
	}
	if len(subs) != 2 {
		t.Fatalf("%d submissions", len(subs))
	}
	a, c := subs[0], subs[1]
	if a.Student != "ab1" || a.Name != "Ada Byron" || c.Student != "cd@x.edu" {
		t.Errorf("students %q %q, %q", a.Student, a.Name, c.Student)
	}
	if _, ok := a.Answer("Response 1"); ok || answerTo(a, "Response 2") != "2432" || answerTo(c, "Response 1") != "7" {
		t.Errorf("answers %v %v", a.Order, c.Order)
	}
	if _, ok := c.Answer("Response 2"); ok {
		t.Error("a Moodle \" - \" is an answer")
	}
	if a.Exported.Account != (Account{IDNumber: "ab1", Email: "ab@x.edu"}) || c.Exported.Account != (Account{Email: "cd@x.edu"}) {
		t.Errorf("accounts %+v %+v", a.Exported.Account, c.Exported.Account)
	}
	if a.Exported.Kind != MoodleQuiz || a.Exported.IDColumn != "ID number" || a.Exported.AltIDColumn != "Email address" || strings.Join(a.Columns, ",") != "Response 1,Response 2" {
		t.Errorf("export %+v, columns %q", a.Exported.Export, a.Columns)
	}
	// nngrade's own CSV is no export.
	subs, _ = LoadCSV("own.csv", []byte("student,1a\ns1,6\n"))
	if len(subs) != 1 || subs[0].Exported != nil {
		t.Errorf("own: %+v", subs)
	}
	// In a form, "-" is an answer.
	subs, _ = LoadCSV("g.csv", []byte("Timestamp,Student ID,Q1\nx,s1,-\n"))
	if len(subs) != 1 || answerTo(subs[0], "Q1") != "-" {
		t.Errorf("form: %+v", subs)
	}
}

// TestAnonymousResponses: a Microsoft Form that does not record who answers
// writes "anonymous" as every response's email; such responses are errors
// at their lines, not one student graded on the last of them.
func TestAnonymousResponses(t *testing.T) {
	src := "ID,Start time,Completion time,Email,Name,Q1\n" +
		"1,x,x,anonymous,,6\n" +
		"2,x,x,ab@x.edu,Ada,7\n" +
		"3,x,x,anonymous,,8\n"
	subs, err := LoadCSV("f.csv", []byte(src))
	if len(subs) != 1 || subs[0].Student != "ab@x.edu" {
		t.Fatalf("submissions %+v", subs)
	}
	for _, line := range []string{"f.csv:2:", "f.csv:4:"} {
		if err == nil || !strings.Contains(err.Error(), line+` the response is anonymous (its Email is "anonymous")`) {
			t.Errorf("no error at %s: %v", line, err)
		}
	}
	var notice *Notice
	if errors.As(err, &notice) {
		t.Errorf("an anonymous response is only a notice: %v", notice)
	}
}

// FuzzExports reads any text as a class CSV, recognising its export and
// matching its columns with Homework 8's questions: nothing may panic, every
// row read names a student, no question is given two columns, and a column
// matched names a question of the set.
func FuzzExports(f *testing.F) {
	// Small seeds in each export's shape: the examples' long question texts
	// make each run cost milliseconds, which starves the fuzzer.
	f.Add("name,id,sis_id,section,section_id,section_sis_id,submitted,attempt,4401: 1a) Output size,1.0,4402: Total number of trainable parameters,1.0,n correct,n incorrect,score\n" +
		"\"B, A\",5001,ab1,L1,101,L1,2026-11-20,1,60x60x32,1.0,2432,1.0,2,0,2.0\n\"B, A\",5001,ab1,L1,101,L1,2026-11-20,2,6,0.0,2,0.0,0,2,0.0\n,5007,,L1,101,L1,,1,1,1,1,1,1,1,1\n")
	f.Add("Surname,First name,ID number,Email address,State,Started on,Completed,Time taken,Grade/2.00,Response 1,Right answer 1,Response 2\n" +
		"Byron,Ada,ab1,ab@x.edu,Finished,\"21 November 2026, 9:00 AM\",,,,-,6,2432\nByron,Ada,,ab@x.edu,In progress,\"20 November 2026, 9:00 AM\",,,,1,6,1\nOverall average,,,,,,,,,,,\n")
	f.Add("Timestamp,Email Address,Score,Name,Student ID,Q1a,1b) params,Output size of the 2 × 2 max-pooling layer (H × W × C).\n" +
		"2026/11/20 10:00:00 AM GMT+1,a@x.edu,1 / 3,Ada,ab1,60x60x32,2432,30x30x32\n2026/11/20 10:01:00 AM GMT+1,a@x.edu,,Ada,,1,2,3\n")
	f.Add("ID,Start time,Completion time,Email,Name,Last modified time,Total points,Quiz feedback,Points - 1a,Feedback - 1a,1a\n2,,,a@b,A,,1,,1,,6\n1,,,a@b,A,,0,,0,,7\n")
	f.Add("student,name,1a,Question 1b: params\nab1,Ada,60x60x32,2432\n")
	f.Add("name,id,sis_id,attempt,1: 1a) x,1.0,2: Q1b,1.0\nA,1,,2,5,1,6,1\nA,1,,x,5,1,6,1\n")
	f.Add("Surname,First name,State,Started on,Response 1,Response 99999\nA,B,C,\"1 May 2026, 1:00 PM\",-,1\n")
	f.Add("ID,Start time,Completion time,Email,Name,Points - 1a,1a\n2,,,a@b,,1,6\n1e309,,,a@b,,1,7\n")
	f.Add("Timestamp,Email Address,ID,id,Student ID,1a,1a\n,,,,,,\n")
	set := hw8(f)
	// The budget of close matching kept small: an input that spends it is
	// as good a test with less, and the fuzzer runs (and minimises) faster.
	defer func(b int) { closeBudget = b }(closeBudget)
	closeBudget = 200_000
	f.Fuzz(func(t *testing.T, src string) {
		var columns []string
		kind := ExportKind(-1)
		subs, _ := LoadCSV("f.csv", []byte(src))
		for _, s := range subs {
			if s.Student == "" {
				t.Fatal("a submission without a student id")
			}
			if len(s.cells) != len(s.Columns) {
				t.Fatalf("%d cells for %d columns", len(s.cells), len(s.Columns))
			}
			columns, kind = s.Columns, OwnCSV
			if s.Exported != nil {
				kind = s.Exported.Kind
			}
		}
		if kind < 0 {
			return
		}
		m := MapColumns(columns, kind, set, nil)
		taken := map[string]bool{}
		for _, c := range m.Columns {
			if c.Question == "" {
				continue
			}
			if taken[c.Question] || !set.HasQuestion(c.Question) {
				t.Fatalf("column %q read as %q, taken %v", c.Column, c.Question, taken[c.Question])
			}
			taken[c.Question] = true
		}
		_ = m.Match()
	})
}

// TestBoundedDistance: the banded edit distance is the edit distance when it
// is at most k, and k+1 otherwise.
func TestBoundedDistance(t *testing.T) {
	full := func(a, b []rune) int {
		prev := make([]int, len(b)+1)
		for j := range prev {
			prev[j] = j
		}
		for i := 1; i <= len(a); i++ {
			cur := make([]int, len(b)+1)
			cur[0] = i
			for j := 1; j <= len(b); j++ {
				cost := 1
				if a[i-1] == b[j-1] {
					cost = 0
				}
				cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			}
			prev = cur
		}
		return prev[len(b)]
	}
	words := []string{"", "a", "ab", "ba", "kitten", "sitting", "output size", "outptu sise", "number of parameters", "numbre of paramters!", "×ε−"}
	for _, a := range words {
		for _, b := range words {
			for k := 0; k <= 6; k++ {
				want := min(full([]rune(a), []rune(b)), k+1)
				if got := boundedDistance([]rune(a), []rune(b), k); got != want {
					t.Errorf("%q %q k=%d: %d, want %d", a, b, k, got, want)
				}
			}
		}
	}
}

// TestMapColumnsBudget: thousands of long headers are matched in bounded
// time, the ones past the budget saying why they were not compared.
func TestMapColumnsBudget(t *testing.T) {
	set := hw8(t)
	var cols []string
	for i := range 5000 {
		cols = append(cols, fmt.Sprintf("%05d of trainable parameters of the first convolution layer.", i))
	}
	m := MapColumns(cols, GoogleForm, set, nil)
	if why := m.Columns[len(cols)-1].Why; !strings.Contains(why, "too many long headers") {
		t.Errorf("the last column: %q", why)
	}
}
