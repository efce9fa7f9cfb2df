package submissions

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/problems"
)

// idHeaders are the headers a student-id column goes by, best first: nngrade's
// own, then Canvas's ("SIS User ID", "SIS Login ID"), Moodle's ("ID number",
// "Username") and a bare "ID" (Canvas's own numeric id, the last resort). Headers
// are compared by headerWord: case, underscores and runs of spaces do not count.
var idHeaders = []string{"student", "student id", "studentid", "sis user id", "sis login id", "id number", "idnumber", "username", "id"}

// nameHeaders are the headers of a column holding the student's full name.
var nameHeaders = []string{"name", "full name", "student name"}

// headerWord is a header as idHeaders and nameHeaders spell it.
func headerWord(h string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(h, "_", " "))), " ")
}

// studentCols says which columns of a header hold the student and their name.
type studentCols struct {
	id, name    int
	first, last int   // Moodle's "First name" and "Last name", when there is no full name
	otherIDs    []int // id candidates not used
	// alt is read for a row whose id cell is blank (an export's second id
	// column: Canvas's id beside sis_id), or -1.
	alt int
}

// uses reports whether column i holds the student rather than an answer.
func (c studentCols) uses(i int) bool {
	if i == c.id || i == c.name || i == c.first || i == c.last || i == c.alt && c.alt >= 0 {
		return true
	}
	for _, o := range c.otherIDs {
		if o == i {
			return true
		}
	}
	return false
}

// student reads a row's student id and name.
func (c studentCols) student(rec []string) (id, name string) {
	cell := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return cleanCell(rec[i])
	}
	id, name = cell(c.id), cell(c.name)
	if id == "" && c.alt >= 0 {
		id = cell(c.alt)
	}
	if name == "" {
		name = strings.TrimSpace(cell(c.first) + " " + cell(c.last))
	}
	return id, name
}

// studentColumns finds the student id and name columns of a header. When several
// columns could hold the id, the first of idHeaders wins and note says so. In a
// Canvas export (which has "SIS User ID" or "SIS Login ID"), "Student" holds
// names, not ids.
func studentColumns(header []string) (studentCols, string) {
	c := studentCols{id: -1, name: -1, first: -1, last: -1, alt: -1}
	words := make([]string, len(header))
	canvas := false
	for i, h := range header {
		words[i] = headerWord(h)
		if words[i] == "sis user id" || words[i] == "sis login id" {
			canvas = true
		}
	}
	rank := func(w string) int {
		if canvas && w == "student" {
			return -1
		}
		for r, h := range idHeaders {
			if w == h {
				return r
			}
		}
		return -1
	}
	var candidates []int
	for i, w := range words {
		if rank(w) >= 0 {
			candidates = append(candidates, i)
		}
		switch {
		case canvas && w == "student", c.name < 0 && contains(nameHeaders, w):
			c.name = i
		case w == "first name" && c.first < 0:
			c.first = i
		case (w == "last name" || w == "surname") && c.last < 0:
			c.last = i
		}
	}
	if len(candidates) == 0 {
		return c, ""
	}
	sort.SliceStable(candidates, func(a, b int) bool { return rank(words[candidates[a]]) < rank(words[candidates[b]]) })
	c.id, c.otherIDs = candidates[0], candidates[1:]
	if len(c.otherIDs) == 0 {
		return c, ""
	}
	var others []string
	for _, o := range c.otherIDs {
		others = append(others, fmt.Sprintf("%q (column %d)", header[o], o+1))
	}
	return c, fmt.Sprintf("column %q (column %d) holds the student id; %s could too and %s not read",
		header[c.id], c.id+1, strings.Join(others, ", "), plural.Word(len(others), "is", "are"))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// questionPrefix is a word a column header may put before a question id:
// "Question 1a", "Q1a", "Problem 2", "Ex. 3".
var questionPrefix = regexp.MustCompile(`^(question|problem|exercise|ex|q|p)\s*[#.:]?\s*([0-9])`)

// canonicalColumn is a column header or question id reduced as FORMAT.md's
// "Class CSV" describes: lower case, the text after a colon dropped ("Question
// 1a: Output shape of conv1"), a leading question word dropped ("Question",
// "Problem", "Exercise", "Ex", "Q", "P" before a digit), and spaces, "_", "-",
// ".", "#", "(" and ")" removed: "Question 1(a)", "Q1a", "1.a" and "1A" are all
// "1a".
func canonicalColumn(s string) string {
	s = strings.ToLower(cleanCell(s))
	if i := strings.IndexByte(s, ':'); i > 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if m := questionPrefix.FindStringSubmatchIndex(s); m != nil {
		s = s[m[4]:]
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t_-.#()", r) {
			return -1
		}
		return r
	}, s)
}

// LooksLikeQuestion reports whether a column header looks like a question
// rather than an export's own column ("Timestamp", "Email"): it starts with a
// digit or a question word before one.
func LooksLikeQuestion(header string) bool {
	c := canonicalColumn(header)
	return c != "" && c[0] >= '0' && c[0] <= '9'
}

// ColumnMatch is how a class CSV's columns answer a problem set's questions.
type ColumnMatch struct {
	Read      map[string]string   // a column that is not a question id -> the question it was read as
	Ambiguous map[string][]string // a column that reads as several questions -> them
	NoColumn  []string            // questions no column answers, in the set's order
	Ignored   map[string]bool     // columns a columns file says answer no question: their answers are not graded, by choice
}

// MatchColumns matches a class CSV's columns with set's questions: a column
// whose header is a question id answers it; any other is read as the question
// whose id has the same canonicalColumn form, when exactly one has and no other
// column already answers it.
func MatchColumns(columns []string, set *problems.Set) ColumnMatch {
	m := ColumnMatch{Read: map[string]string{}, Ambiguous: map[string][]string{}}
	ids := set.QuestionIDs()
	answered := map[string]bool{}
	for _, c := range columns {
		if _, ok := set.Question(c); ok {
			answered[c] = true
		}
	}
	byForm := map[string][]string{}
	for _, id := range ids {
		f := canonicalColumn(id)
		byForm[f] = append(byForm[f], id)
	}
	for _, c := range columns {
		if _, ok := set.Question(c); ok {
			continue
		}
		f := canonicalColumn(c)
		if f == "" {
			continue
		}
		switch got := byForm[f]; {
		case len(got) == 1 && !answered[got[0]]:
			m.Read[c] = got[0]
			answered[got[0]] = true
		case len(got) > 1:
			m.Ambiguous[c] = got
		}
	}
	for _, id := range ids {
		if !answered[id] {
			m.NoColumn = append(m.NoColumn, id)
		}
	}
	return m
}

// Rename moves the answers in the columns of read (column -> question id) to
// the questions they answer.
// A CSV row's rows share their renamed ids: read must be the same, unchanged
// map for every row of a file, as MatchColumns gives.
func (s *Submission) Rename(read map[string]string) {
	if len(read) == 0 {
		return // a file whose every column is a question id: each row of a class comes here
	}
	if s.cellIDs != nil {
		s.cellIDs = s.cellIDs.rename(read)
	}
	for i, col := range s.Order {
		id, ok := read[col]
		if !ok {
			continue
		}
		if s.cellIDs == nil {
			s.Answers[id] = s.Answers[col]
			delete(s.Answers, col)
		}
		if why, tooLong := s.Invalid[col]; tooLong {
			s.Invalid[id] = why // the answer is its beginning: it must stay invalid under its question
			delete(s.Invalid, col)
		}
		s.Order[i] = id
	}
}
