package submissions

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
)

// TestMatchColumns: the normalisation FORMAT.md documents, on hw8's ids and on a
// set whose ids collide once reduced.
func TestMatchColumns(t *testing.T) {
	hw8, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	cols := []string{"1a", "Question 1b", "Q1c", "q 1(d)", "1.E", "Problem 2: parameters of the RNN", "Question 9", "Email", "Ex. 3a", "1B"}
	m := MatchColumns(cols, hw8)
	want := map[string]string{"Question 1b": "1b", "Q1c": "1c", "q 1(d)": "1d", "1.E": "1e", "Problem 2: parameters of the RNN": "2", "Ex. 3a": "3a"}
	if !reflect.DeepEqual(m.Read, want) {
		t.Errorf("read %v\nwant %v", m.Read, want)
	}
	// "1B" would answer 1b, which "Question 1b" already does: not read twice.
	if strings.Join(m.NoColumn, ",") != "1f,1g,1h,1i,1j,3b,3c" {
		t.Errorf("no column: %v", m.NoColumn)
	}

	twins, err := problems.Load("t.toml", []byte("id = \"t\"\n[[questions]]\nid = \"1-a\"\nkind = \"number\"\nanswer = \"1\"\n[[questions]]\nid = \"1_a\"\nkind = \"number\"\nanswer = \"2\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	m = MatchColumns([]string{"Question 1a"}, twins)
	if got := m.Ambiguous["Question 1a"]; strings.Join(got, ",") != "1-a,1_a" || len(m.Read) != 0 {
		t.Errorf("ambiguous %v, read %v", m.Ambiguous, m.Read)
	}
}

func TestLooksLikeQuestion(t *testing.T) {
	for h, want := range map[string]bool{"Question 9": true, "Q12": true, "4b": true, "Timestamp": false, "Email": false, "Quiz": false, "p-value": false} {
		if got := LooksLikeQuestion(h); got != want {
			t.Errorf("LooksLikeQuestion(%q) = %v", h, got)
		}
	}
}

// TestStudentColumns: the id column under LMS names, the best of several used
// and named, Canvas's "Student" read as the name.
func TestStudentColumns(t *testing.T) {
	cases := []struct {
		header       string
		id, name     int
		noteContains string
	}{
		{"student,name,1a", 0, 1, ""},
		{"id,1a", 0, -1, ""},
		{"Name,ID,Student,1a", 2, 0, `"ID" (column 2) could too`},
		{"Student,ID,SIS User ID,SIS Login ID,Section", 2, 0, `"SIS Login ID" (column 4), "ID" (column 2) could too`},
		{"First name,Last name,ID number,Email address", 2, -1, ""},
		{"Full Name,Username", 1, 0, ""},
		{"name,1a", -1, 0, ""},
	}
	for _, tc := range cases {
		c, note := studentColumns(strings.Split(tc.header, ","))
		if c.id != tc.id || c.name != tc.name || !strings.Contains(note, tc.noteContains) || (tc.noteContains == "") != (note == "") {
			t.Errorf("%s: id %d name %d note %q", tc.header, c.id, c.name, note)
		}
	}
}

// TestRenameCSVRows: a CSV row's answers move to the questions their columns
// were read as, the rows of a file share the renamed ids, and an answer is no
// longer found under its column's name; a blank cell is no answer.
func TestRenameCSVRows(t *testing.T) {
	src := "student,Question 1a,1b,Email\ns1,60x60x32,2432,a@b\ns2,,2400,c@d\n"
	subs, err := LoadCSV("lms.csv", []byte(src))
	if err != nil || len(subs) != 2 {
		t.Fatalf("%d rows, %v", len(subs), err)
	}
	hw8, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	m := MatchColumns(subs[0].Columns, hw8)
	for _, s := range subs {
		s.Rename(m.Read)
	}
	if got := strings.Join(subs[0].CellIDs(), ","); got != "1a,1b,Email" {
		t.Errorf("renamed ids %s", got)
	}
	if &subs[0].CellIDs()[0] != &subs[1].CellIDs()[0] {
		t.Error("the rows of one file have ids of their own")
	}
	if got, ok := subs[0].Answer("1a"); got != "60x60x32" || !ok {
		t.Errorf("s1's 1a = %q, %v", got, ok)
	}
	if got, ok := subs[0].Answer("Question 1a"); ok {
		t.Errorf("s1 still answers the column: %q", got)
	}
	if got, ok := subs[1].Answer("1a"); ok {
		t.Errorf("s2's blank 1a = %q, read as an answer", got)
	}
	if got := strings.Join(subs[1].Order, ","); got != "1b,Email" {
		t.Errorf("s2's order %s", got)
	}
	// An answer too long to grade stays invalid under the question its
	// column was read as (it was left under the column's name, and graded as
	// its beginning).
	long, _ := LoadCSV("long.csv", []byte("student,Question 1a,1b\ns9,"+strings.Repeat("6", MaxAnswerSize+1)+",2432\n"))
	long[0].Rename(MatchColumns(long[0].Columns, hw8).Read)
	if why := long[0].Invalid["1a"]; !strings.Contains(why, "bytes") || long[0].Invalid["Question 1a"] != "" {
		t.Errorf("invalid after renaming: %q", long[0].Invalid)
	}
	// A second file, renamed by another map, keeps ids of its own.
	other, err := LoadCSV("other.csv", []byte("student,Q1a\ns3,60\n"))
	if err != nil {
		t.Fatal(err)
	}
	other[0].Rename(MatchColumns(other[0].Columns, hw8).Read)
	if got, _ := other[0].Answer("1a"); got != "60" || strings.Join(subs[0].CellIDs(), ",") != "1a,1b,Email" {
		t.Errorf("other file: 1a = %q; first file's ids now %v", got, subs[0].CellIDs())
	}
}
