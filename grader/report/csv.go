package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nngrade/nngrade/grader"
)

// GradebookCSV writes the class as a gradebook: a header
// "student,name,total,<question ids…>" (questions in question_info order), then
// one row per student with the total and the score on each question. A question
// the student was not graded on is an empty cell. No two columns have the same
// name (gradebookHeader). When some student's submission was not read (unreadable,
// or none from a student on the roster), a last column "submission" says so for
// each student. Text cells that a spreadsheet would run as a formula are defused
// (see csvText); student ids are written as they are (see csvID).
func GradebookCSV(w io.Writer, c *grader.ClassResult) error {
	if c == nil {
		return fmt.Errorf("report: GradebookCSV: no class result")
	}
	scan, err := scanClass(c, nil)
	if err != nil {
		return err
	}
	if _, err := w.Write(appendCSVRecord(nil, gradebookHeader(columnIDs(scan.cols), scan.notes))); err != nil {
		return csvError(err)
	}
	if err := flushAsCSVWriter(w); err != nil {
		return csvError(err)
	}
	// Rows are written on every core at once (grader.RenderScores), each
	// goroutine with the scores it printed of its own. A score is a number
	// ("0.3333", "-1", "NaN", "+Inf"), which CSV never quotes: it is
	// appended as it is.
	err = c.RenderScores(w, func() grader.ScoresRenderer {
		scores := newScoreStrings(scoreDecimals)
		return func(dst []byte, _ int, s *grader.StudentScores) ([]byte, error) {
			dst = appendCSVField(dst, csvID(s.Student))
			dst = append(dst, ',')
			dst = appendCSVField(dst, csvText(s.Name))
			dst = append(dst, ',')
			dst = append(dst, scores.format(s.Score)...)
			inOrder := inColumns(s.Questions, scoreID, scan.cols)
			for i, col := range scan.cols {
				dst = append(dst, ',')
				if inOrder {
					dst = append(dst, scores.format(s.Questions[i].Score)...)
				} else if q := questionIndex(s.Questions, scoreID, col.ID, i); q >= 0 {
					dst = append(dst, scores.format(s.Questions[q].Score)...)
				}
			}
			if scan.notes {
				dst = append(dst, ',')
				dst = appendCSVField(dst, csvText(submissionNoteFor(s.Submission, s.Problem)))
			}
			return append(dst, '\n'), nil
		}
	})
	if err != nil {
		return csvError(err)
	}
	return nil
}

// gradebookHeader is "student,name,total", a column per question id and, with
// notes, "submission". A spreadsheet or LMS that matches columns by name must
// never see two alike (compared ignoring case), so a question id that is taken
// (a question called "total", or ids that differ only in case) is written
// "<id> (question)", then "<id> (question 2)", and so on.
func gradebookHeader(ids []string, notes bool) []string {
	header := []string{"student", "name", "total"}
	taken := map[string]bool{"student": true, "name": true, "total": true}
	if notes {
		taken["submission"] = true
	}
	for _, id := range ids {
		name := csvText(id)
		for n := 1; taken[strings.ToLower(name)]; n++ {
			if n == 1 {
				name = csvText(id + " (question)")
			} else {
				name = csvText(fmt.Sprintf("%s (question %d)", id, n))
			}
		}
		taken[strings.ToLower(name)] = true
		header = append(header, name)
	}
	if notes {
		header = append(header, "submission")
	}
	return header
}

// Canvas writes the class as a CSV that Canvas's gradebook imports into one
// assignment column (Grades > Import).
//
// The layout is the one Canvas's own gradebook export writes and its importer
// reads back:
//
//   - the header starts with "Student" and "ID", and the last student column
//     must be "Section". A "SIS User ID" column is only recognized when
//     "SIS Login ID" follows it: with "Student,ID,SIS User ID,Section" the
//     importer rejects the file ("Invalid header row"). So the header is
//     "Student,ID,SIS User ID,SIS Login ID,Section,<assignment>".
//   - a row whose first cell contains "Points Possible" sets each assignment's
//     points possible; the export writes it as "    Points Possible", and so
//     does this.
//   - a student row is matched by the Canvas ID if present (it is left empty:
//     nngrade does not know it), then by SIS User ID, then by SIS Login ID, then
//     by name. The student id goes in both SIS columns, since it may be either
//     (a numeric SIS id or a login such as "ssr226"); Section is left empty.
//   - an assignment header that names no existing assignment ("Title" rather
//     than the export's "Title (123)") creates a new one.
//
// Student is the student's name, or the id when there is none. assignment is
// the column's title; empty means the problem set id. The score is the student's
// total; Points Possible is the class's max_score. Sources relied on: Canvas's
// GradebookImporter (update_column_count, check_for_non_student_row,
// process_student) and GradebookExporter in instructure/canvas-lms, and Ohio
// State's CarmenCanvas guide "Import a CSV file to Carmen grades"
// (teaching.resources.osu.edu), which lists the student columns Canvas requires.
func Canvas(w io.Writer, c *grader.ClassResult, assignment string) error {
	return CanvasAccounts(w, c, assignment, nil)
}

// Accounts says how an LMS knows the students whose answers came from its
// export (a Canvas quiz report, a Moodle quiz's responses), by student id:
// the gradebook written back to that LMS names them the same way.
type Accounts map[string]Account

// Account is how an LMS knows a student: Canvas's user id and SIS user id,
// Moodle's ID number and email address; "" when the export had none.
type Account struct {
	CanvasID, SISUserID string
	IDNumber, Email     string
}

// canvas and moodle report whether a came from that LMS's export. A student
// graded from one LMS's export and written for the other keeps the id they
// were graded under, as any other student: the other LMS's fields, all
// empty, would leave them unmatched by its import.
func (a Account) canvas() bool { return a.CanvasID != "" || a.SISUserID != "" }
func (a Account) moodle() bool { return a.IDNumber != "" || a.Email != "" }

// CanvasAccounts is Canvas, naming each student of accounts as their Canvas
// export did: "ID" holds their Canvas user id and "SIS User ID" their SIS id
// (either may be empty), which Canvas's import matches; "SIS Login ID", not
// in the export, is left empty. Other students are written as Canvas writes
// them.
func CanvasAccounts(w io.Writer, c *grader.ClassResult, assignment string, accounts Accounts) error {
	if c == nil {
		return fmt.Errorf("report: Canvas: no class result")
	}
	if assignment == "" {
		assignment = c.ProblemSet
	}
	head := appendCSVRecord(nil, []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", csvText(oneLine(assignment))})
	head = appendCSVRecord(head, []string{"    Points Possible", "", "", "", "", formatScore(c.MaxScore)})
	if _, err := w.Write(head); err != nil {
		return csvError(err)
	}
	err := c.RenderScores(w, func() grader.ScoresRenderer {
		row := make([]string, 6)
		scores := newScoreStrings(scoreDecimals)
		return func(dst []byte, _ int, s *grader.StudentScores) ([]byte, error) {
			name := s.Name
			if name == "" {
				name = s.Student
			}
			id := csvID(s.Student)
			row[0], row[1], row[2], row[3], row[5] = csvText(oneLine(name)), "", id, id, scores.format(s.Score)
			if a, ok := accounts[s.Student]; ok && a.canvas() {
				row[1], row[2], row[3] = csvID(a.CanvasID), csvID(a.SISUserID), ""
			}
			return appendCSVRecord(dst, row), nil
		}
	})
	if err == nil {
		err = flushAsCSVWriter(w)
	}
	if err != nil {
		return csvError(err)
	}
	return nil
}

// Moodle writes the class as a CSV for Moodle's gradebook import (Grades >
// Import > CSV file). Moodle maps columns by hand on its preview page, so the
// header names what each column is:
//
//	ID number,Full name,<problem set id>,Feedback
//
// "ID number" holds the student id: choose it under "Map from" and the user
// field it matches under "Map to" (ID number, or username when the ids are
// logins). The grade column's header is the problem set id, so "New grade item"
// creates an item by that name; map "Feedback" to "Feedback for" that item.
// Moodle's documentation warns that importing feedback alone overwrites the
// linked grades, which is why grade and feedback travel together.
// The feedback cell summarizes every question: its status, score and feedback,
// one line each, with caret-only lines dropped (Moodle does not show text in a
// fixed-width font, so a caret would point nowhere).
// Sources relied on: MoodleDocs "Grade import" (https://docs.moodle.org/311/en/Grade_import:
// "Map from"/"Map to", Note 3 on feedback) and Moodle's Behat scenario "An admin
// can import grades into gradebook using a CSV file" (mapping columns to
// "New grade item").
func Moodle(w io.Writer, c *grader.ClassResult) error {
	return MoodleAccounts(w, c, nil)
}

// MoodleAccounts is Moodle, naming each student of accounts as their Moodle
// export did: "ID number" holds their ID number, and when any of them has an
// email address an "Email address" column follows it, so that the import can
// match by either ("Map from" that column, "Map to" the field). A student
// whose id was their email has an empty ID number. Other students are
// written as Moodle writes them.
func MoodleAccounts(w io.Writer, c *grader.ClassResult, accounts Accounts) error {
	if c == nil {
		return fmt.Errorf("report: Moodle: no class result")
	}
	item := oneLine(c.ProblemSet)
	if item == "" {
		item = "Grade"
	}
	email := false
	for _, a := range accounts {
		email = email || a.Email != ""
	}
	cw := csv.NewWriter(w)
	header := []string{"ID number", "Full name", csvText(item), "Feedback"}
	if email {
		header = []string{"ID number", "Email address", "Full name", csvText(item), "Feedback"}
	}
	if err := cw.Write(header); err != nil {
		return csvError(err)
	}
	row := make([]string, len(header))
	summaries := newPlainSummarizer()
	err := c.Each(func(s *grader.StudentResult) error {
		rest := row[1:]
		row[0] = csvID(s.Student)
		if email {
			row[1], rest = "", row[2:]
		}
		if a, ok := accounts[s.Student]; ok && a.moodle() {
			row[0] = csvID(a.IDNumber)
			if email {
				row[1] = csvID(a.Email)
			}
		}
		rest[0], rest[1], rest[2] = csvText(oneLine(s.Name)), summaries.scores.format(s.Score), csvText(summaries.summary(s))
		return cw.Write(row)
	})
	return flushCSV(cw, err)
}

// plainSummary is a student's feedback as plain text, for a gradebook cell:
// the total, then one line per question with its status, score and feedback.
func plainSummary(s *grader.StudentResult) string {
	return newPlainSummarizer().summary(s)
}

// plainSummarizer writes plainSummary for every student of a class, keeping
// each distinct question's part (up to maxSummaryPartBytes of them) and the
// scores' strings, which a class repeats from student to student.
type plainSummarizer struct {
	scores    *scoreStrings
	parts     map[summaryPartKey]string
	partBytes int
	buf       []byte
}

// summaryPartKey is what a question's part of a summary depends on.
type summaryPartKey struct {
	id, feedback    string
	status          grader.Status
	score, maxScore float64
}

const maxSummaryPartBytes = 4 << 20

func newPlainSummarizer() *plainSummarizer {
	return &plainSummarizer{scores: newScoreStrings(scoreDecimals), parts: make(map[summaryPartKey]string)}
}

func (p *plainSummarizer) summary(s *grader.StudentResult) string {
	b := p.buf[:0]
	b = append(b, p.scores.format(s.Score)...)
	b = append(b, " / "...)
	b = append(b, p.scores.format(s.MaxScore)...)
	b = append(b, " ("...)
	b = append(b, formatPercent(s.Score, s.MaxScore)...)
	b = append(b, ')')
	if note := submissionNote(s); note != "" {
		b = append(b, '\n')
		b = append(b, note...)
	}
	for i := range s.Questions {
		b = append(b, p.part(&s.Questions[i])...)
	}
	p.buf = b
	return string(b)
}

// part is a question's lines of the summary, each starting with a line break.
func (p *plainSummarizer) part(q *grader.QuestionResult) string {
	key := summaryPartKey{id: q.ID, feedback: q.Feedback, status: q.Status, score: q.Score, maxScore: q.MaxScore}
	if part, ok := p.parts[key]; ok {
		return part
	}
	var b strings.Builder
	b.WriteString("\n")
	b.WriteString(oneLine(q.ID))
	b.WriteString(": ")
	b.WriteString(string(q.Status))
	b.WriteString(", ")
	b.WriteString(p.scores.format(q.Score))
	b.WriteString(" / ")
	b.WriteString(p.scores.format(q.MaxScore))
	for i, line := range plainLines(q.Feedback) {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("\n  ")
		}
		b.WriteString(line)
	}
	part := b.String()
	if p.partBytes+len(part) <= maxSummaryPartBytes {
		p.parts[key] = part
		p.partBytes += len(part)
	}
	return part
}

// plainLines splits feedback into trimmed lines for a place without a
// fixed-width font: blank lines and lines of only carets or tildes (which mark a
// column of the line above) are dropped.
func plainLines(feedback string) []string {
	var lines []string
	for _, line := range strings.Split(cleanText(feedback), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.Trim(line, "^~ ") == "" {
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

// csvText prepares untrusted free text (a name, a question id, feedback) for a
// CSV cell. Control characters are escaped as in tables (line breaks are kept:
// the CSV writer quotes them), and a cell that a spreadsheet could run as a
// formula gets a leading apostrophe, so it shows as text: one that starts with
// =, +, - or @, after any spaces, or with a tab or carriage return (OWASP's
// list; a name such as `=HYPERLINK(…)` in a submission file would otherwise run
// when the gradebook is opened). Canvas's own export guards names the same way.
func csvText(s string) string {
	risky := s != "" && (s[0] == '\t' || s[0] == '\r')
	s = cleanText(s)
	if t := strings.TrimLeft(s, " "); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		risky = true
	}
	if risky {
		return "'" + s
	}
	return s
}

// csvID prepares a student id for an ID column (the gradebook's student,
// Canvas's SIS columns, Moodle's ID number, the feedback index). The LMS
// matches students by these cells, so an id is written exactly as it is, even
// one that starts with + - or @ ("+1234", "-ab", "@alice"): made only of the
// characters ids may have (letters, digits, @ . _ + -) it cannot be a formula
// that does anything. An id with any other character (possible only through
// the library, never from nngrade's loaders) is treated as free text.
func csvID(id string) string {
	if isIDText(id) {
		return id
	}
	return csvText(id)
}

// isIDText reports whether id is made only of the characters submissions
// allows in student ids (letters, digits, @ . _ + -) and is not empty.
func isIDText(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '@' || c == '.' || c == '_' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// appendCSVRecord appends a CSV line of fields to dst, as encoding/csv's
// Writer writes it (see appendCSVField), "\n" at its end.
func appendCSVRecord(dst []byte, fields []string) []byte {
	for i, field := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVField(dst, field)
	}
	return append(dst, '\n')
}

// appendCSVField appends field to dst as a cell of a CSV line, exactly as
// encoding/csv's Writer (comma-separated, UseCRLF false) writes it, so that
// rows appended straight to a buffer, without a Writer and its copy, are
// its bytes. A field is quoted when it holds a comma, a quote, \r or \n,
// starts with a space (unicode.IsSpace of its first rune), or is `\.`
// (Postgres's end of data); quoted, its quotes are doubled and everything
// else, line breaks included, is kept as it is.
func appendCSVField(dst []byte, field string) []byte {
	if !csvFieldNeedsQuotes(field) {
		return append(dst, field...)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(field, '"')
		if i < 0 {
			break
		}
		dst = append(dst, field[:i+1]...)
		dst = append(dst, '"')
		field = field[i+1:]
	}
	dst = append(dst, field...)
	return append(dst, '"')
}

// csvFieldNeedsQuotes is encoding/csv's Writer.fieldNeedsQuotes with a
// comma for its delimiter.
func csvFieldNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		if c := field[i]; c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// flushAsCSVWriter flushes w where the encoding/csv Writer these writers
// once wrote through flushed it (after the gradebook's header, at the end
// of Canvas's rows): csv.NewWriter(w) writes through w itself when w is a
// *bufio.Writer of at least bufio's default size (as cmd/nngrade's is),
// and so its Flush flushed w. A w that cannot take the bytes is then still
// this writer's error ("writing CSV"), found where it was, not left to the
// caller's own Flush.
func flushAsCSVWriter(w io.Writer) error {
	if bw, ok := w.(*bufio.Writer); ok && bw.Size() >= csvWriterBufferSize {
		return bw.Flush()
	}
	return nil
}

// csvWriterBufferSize is the buffer csv.NewWriter asks bufio.NewWriter for
// (bufio's default), which a *bufio.Writer at least that size is used as.
const csvWriterBufferSize = 4096

// flushCSV ends a CSV written row by row through csv.Writer's buffer to w
// (Moodle's). Like the rows the other class writers append and write as
// they go, what a failed write leaves behind is the caller's to discard
// (cmd/nngrade writes output files whole or not at all). err is the error
// that stopped the rows, if any.
func flushCSV(cw *csv.Writer, err error) error {
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		return csvError(err)
	}
	return nil
}

func csvError(err error) error { return fmt.Errorf("report: writing CSV: %w", err) }
