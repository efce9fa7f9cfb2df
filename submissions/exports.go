package submissions

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nngrade/nngrade/problems"
)

// A class CSV may come as an LMS or a form exports it, recognised by its
// header (FORMAT.md, "Exports"): Canvas's quiz Student Analysis report,
// Moodle's quiz Responses report, a Google Form's or a Microsoft Form's
// responses. Each is read as it comes: the student id from the column the LMS
// keeps it in, the answers from the question columns, and the rest (times,
// sections, scores) left out. A student who answered several times is graded
// on the last attempt or response; the others are notices.

// ExportKind is the program that wrote a class CSV.
type ExportKind int

const (
	OwnCSV        ExportKind = iota // nngrade's own: student,name,<question ids…>
	CanvasQuiz                      // a Canvas classic quiz's Student Analysis report
	MoodleQuiz                      // a Moodle quiz's Responses report
	GoogleForm                      // a Google Form's responses (Sheets' CSV)
	MicrosoftForm                   // a Microsoft Form's responses (the workbook saved as CSV)
)

var exportNames = [...]string{
	OwnCSV:        "a class CSV",
	CanvasQuiz:    "a Canvas quiz Student Analysis report",
	MoodleQuiz:    "a Moodle quiz Responses report",
	GoogleForm:    "a Google Forms responses export",
	MicrosoftForm: "a Microsoft Forms responses export",
}

func (k ExportKind) String() string {
	if k < 0 || int(k) >= len(exportNames) {
		return "ExportKind(" + strconv.Itoa(int(k)) + ")"
	}
	return exportNames[k]
}

// Export is what a class CSV's header says about it, shared by its rows.
type Export struct {
	Kind ExportKind
	// IDColumn is the header of the column the student ids are read from;
	// AltIDColumn's is read for a row whose IDColumn cell is blank (Canvas's
	// id beside sis_id, the email beside an id question), "" when none.
	IDColumn, AltIDColumn string
	// IDNamed says the id column was named by the user (--id-column or a
	// columns file) rather than recognised.
	IDNamed bool
	// Ignored are the columns that hold neither the student nor an answer:
	// timestamps, sections, scores, an LMS's own columns.
	Ignored []string
}

// Exported is how a row of an export was read: the file's Export, shared
// by its rows, and the row's student's Account.
type Exported struct {
	*Export
	Account Account
}

// Account is how the LMS whose export a row came from knows its student:
// what a gradebook written back to it names them by (Canvas's user id and SIS
// id, Moodle's ID number and email address). Empty fields were not in the
// export.
type Account struct {
	CanvasID, SISID string
	IDNumber, Email string
}

// Options says how to read class CSVs beyond what their headers say.
type Options struct {
	// IDColumn is the header of the column holding student ids, in place of
	// the one recognised (--id-column); IDColumnFrom says who named it, for
	// the error when no column has that header ("--id-column", or the place
	// in a columns file: "columns.toml:2:13").
	IDColumn, IDColumnFrom string
	// Set, when given, reads transcribed homework (IsDocument) against it;
	// without it such a file is a problem.
	Set *problems.Set
}

// exportLayout is where an export's header keeps each thing.
type exportLayout struct {
	export    *Export
	student   studentCols
	answers   []int // the columns holding answers, in order
	rank      rankKind
	rankCol   int  // the column ranking a student's rows (attempt, time, response number), or -1
	stateCol  int  // Moodle's "State": an attempt not finished ranks below every finished one; or -1
	dashBlank bool // "-" is no answer (Moodle)
	// account columns, -1 when absent
	canvasID, sisID, idNumber, email int
}

// rankKind is how a student's rows are ordered, to grade the last.
type rankKind int

const (
	rankFileOrder  rankKind = iota // the row read last
	rankNumber                     // the greater number (Canvas's attempt, Microsoft's response ID)
	rankMoodleTime                 // the later "Started on" (Moodle's English date), else the row read last
)

// canvasMeta are the columns a Canvas Student Analysis report starts with.
var canvasMeta = []string{"name", "id", "sis_id", "section", "section_id", "section_sis_id", "submitted", "attempt"}

// canvasQuestion is a Canvas report's question header: "<question id>: <text>".
var canvasQuestion = regexp.MustCompile(`^[0-9]+: `)

// canvasTotals end a Canvas report.
var canvasTotals = []string{"n correct", "n incorrect", "score"}

// moodleResponse is a Moodle Responses column: "Response 3".
var moodleResponse = regexp.MustCompile(`^Response ([0-9]{1,4})$`)

// moodleExtra are the per-question columns Moodle adds when asked: the
// question's text and its right answer.
var moodleExtra = regexp.MustCompile(`^(Question|Right answer) [0-9]{1,4}$`)

// formIDNames are the headers of a form's id question, as headerWord
// spells them.
var formIDNames = []string{"student id", "studentid", "student number", "sis id", "id number", "id", "student"}

// formScore are a form quiz's columns of marks: Google's "Score",
// Microsoft's "Total points", "Quiz feedback", "Points - <question>" and
// "Feedback - <question>".
func formScore(h string) bool {
	switch h {
	case "Score", "Total points", "Quiz feedback":
		return true
	}
	return strings.HasPrefix(h, "Points - ") || strings.HasPrefix(h, "Feedback - ")
}

// RecogniseExport says which program wrote a class CSV with this header.
// A header of none of the exports is nngrade's own.
func RecogniseExport(header []string) ExportKind {
	has := func(h string) bool {
		for _, x := range header {
			if x == h {
				return true
			}
		}
		return false
	}
	hasResponse := false
	for _, h := range header {
		if moodleResponse.MatchString(h) {
			hasResponse = true
			break
		}
	}
	switch {
	case len(header) >= 3 && header[0] == "name" && header[1] == "id" && header[2] == "sis_id" && has("attempt"):
		return CanvasQuiz
	case (has("Surname") || has("Last name")) && has("First name") && has("State") && has("Started on") && hasResponse:
		return MoodleQuiz
	case len(header) >= 4 && header[0] == "ID" && header[1] == "Start time" && header[2] == "Completion time" && header[3] == "Email":
		return MicrosoftForm
	case len(header) >= 1 && header[0] == "Timestamp":
		// nngrade's own columns win over a form's (a hand-made
		// "Timestamp,Email,student,…"), unless the form's own email is there.
		if len(header) >= 2 && header[1] == "Email Address" {
			return GoogleForm
		}
		for _, h := range header {
			if headerWord(h) == "student" {
				return OwnCSV
			}
		}
		return GoogleForm
	}
	return OwnCSV
}

// exportHeader works out an export's layout from its header, once a file.
// The problems are the file's, at its line 1; a nil layout means no row can
// be read.
func exportHeader(name string, header []string, kind ExportKind, opt Options) (*exportLayout, []error) {
	lay := &exportLayout{export: &Export{Kind: kind}, rankCol: -1, stateCol: -1, canvasID: -1, sisID: -1, idNumber: -1, email: -1,
		student: studentCols{id: -1, name: -1, first: -1, last: -1, alt: -1}}
	col := func(h string) int {
		for i, x := range header {
			if x == h {
				return i
			}
		}
		return -1
	}
	meta := make([]bool, len(header)) // neither student nor answer
	answer := make([]bool, len(header))
	switch kind {
	case CanvasQuiz:
		for i, h := range header {
			switch {
			case contains(canvasMeta, h), contains(canvasTotals, h):
				meta[i] = true
			case canvasQuestion.MatchString(h):
				answer[i] = true
			case i > 0 && answer[i-1] && isNumber(h):
				meta[i] = true // the question's score column, headed by its points
			default:
				meta[i] = true
				lay.export.Ignored = append(lay.export.Ignored, h)
			}
		}
		lay.canvasID, lay.sisID = col("id"), col("sis_id")
		lay.student.id, lay.student.alt, lay.student.name = lay.sisID, lay.canvasID, col("name")
		lay.rank, lay.rankCol = rankNumber, col("attempt")
	case MoodleQuiz:
		for i, h := range header {
			switch {
			case moodleResponse.MatchString(h):
				answer[i] = true
			case moodleExtra.MatchString(h):
				meta[i] = true
			default:
				meta[i] = true
				if !moodleOwn(h) {
					lay.export.Ignored = append(lay.export.Ignored, h)
				}
			}
		}
		lay.idNumber, lay.email = col("ID number"), col("Email address")
		lay.student.id, lay.student.alt = lay.idNumber, lay.email
		if lay.student.id < 0 {
			lay.student.id, lay.student.alt = lay.email, -1
		}
		lay.student.first, lay.student.last = col("First name"), col("Surname")
		if lay.student.last < 0 {
			lay.student.last = col("Last name") // Moodle 4's English for "Surname"
		}
		lay.rank, lay.rankCol, lay.dashBlank = rankMoodleTime, col("Started on"), true
		lay.stateCol = col("State")
	case GoogleForm, MicrosoftForm:
		first := 0
		if kind == MicrosoftForm {
			lay.rank, lay.rankCol = rankNumber, 0 // "ID" is the response's number, not the student's
			for i, h := range header {
				if i < 4 || i < 6 && (h == "Name" || h == "Last modified time") {
					meta[i], first = true, i+1
				}
			}
			lay.email = 3
		} else {
			meta[0], first = true, 1
			if e := col("Email Address"); e >= 0 {
				lay.email, meta[e] = e, true
			}
		}
		for i := first; i < len(header); i++ {
			h := header[i]
			w := headerWord(h)
			switch {
			case meta[i]:
			case formScore(h):
				meta[i] = true
			case lay.student.id < 0 && contains(formIDNames, w):
				lay.student.id, meta[i] = i, true
			case lay.student.name < 0 && contains(nameHeaders, w):
				lay.student.name, meta[i] = i, true
			default:
				answer[i] = true
			}
		}
		if n := col("Name"); n >= 0 && lay.student.name < 0 {
			lay.student.name = n
		}
		switch {
		case lay.student.id < 0:
			lay.student.id = lay.email
		default:
			lay.student.alt = lay.email
		}
	}
	var errs []error
	if opt.IDColumn != "" {
		i := col(opt.IDColumn)
		if i < 0 {
			for j, h := range header {
				if strings.EqualFold(h, opt.IDColumn) {
					i = j
					break
				}
			}
		}
		if i < 0 {
			return nil, []error{fmt.Errorf("%s:1: the header has no column %q for the student ids (named by %s); its columns: %s",
				name, opt.IDColumn, opt.IDColumnFrom, quoteList(header, 12))}
		}
		if i != lay.student.id { // the column recognised keeps its fallback
			lay.student.id, lay.student.alt, lay.export.IDNamed = i, -1, true
			answer[i], meta[i] = false, true
		}
	}
	if lay.student.id < 0 {
		return nil, []error{fmt.Errorf("%s:1: %s with no column for the student id (%s); name the column that holds the ids with --id-column",
			name, kind, idColumnsOf(kind))}
	}
	lay.export.IDColumn = header[lay.student.id]
	if lay.student.alt >= 0 {
		lay.export.AltIDColumn = header[lay.student.alt]
	}
	seen := map[string]int{}
	for i, h := range header {
		if !answer[i] {
			continue
		}
		if prev, dup := seen[h]; dup {
			errs = append(errs, fmt.Errorf("%s:1: column %q appears twice (columns %d and %d); the answers in the second are not graded: give the questions different titles",
				name, h, prev+1, i+1))
			continue
		}
		seen[h] = i
		lay.answers = append(lay.answers, i)
	}
	return lay, errs
}

// idColumnsOf names the columns an export's student ids are looked for in.
func idColumnsOf(kind ExportKind) string {
	switch kind {
	case CanvasQuiz:
		return `"sis_id", else "id"`
	case MoodleQuiz:
		return `"ID number", else "Email address"`
	}
	return `a question such as "Student ID", else "Email Address" or "Email"`
}

// moodleOwn reports whether h is one of a Moodle report's own columns, read
// or left out without a note.
func moodleOwn(h string) bool {
	switch h {
	case "Surname", "Last name", "First name", "ID number", "Email address", "Username", "Institution", "Department",
		"State", "Started on", "Completed", "Time taken":
		return true
	}
	return strings.HasPrefix(h, "Grade/")
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// moodleDates are the layouts of Moodle's "Started on" in English.
var moodleDates = []string{"2 January 2006, 3:04 PM", "2 January 2006 3:04 PM", "Monday, 2 January 2006, 3:04 PM", "2006-01-02 15:04:05", "2006-01-02 15:04"}

// moodleUnfinished are the states (Moodle's English) of an attempt the
// student did not submit: Moodle grades none of them, and its "last attempt"
// is the last finished one.
var moodleUnfinished = []string{"In progress", "Overdue", "Never submitted"}

// rowRank is a row's place among its student's rows: the greatest is graded.
type rowRank struct {
	line       int
	num        float64 // the attempt or response number, or the start time in seconds
	hasNum     bool
	label      string // the attempt as the file writes it, for the notice
	unfinished string // a Moodle attempt's state when it was not submitted ("In progress"), else ""
}

// rankOf is a row's rank.
func (lay *exportLayout) rankOf(rec []string, line int) rowRank {
	r := rowRank{line: line}
	if i := lay.stateCol; i >= 0 && i < len(rec) {
		if state := strings.TrimSpace(rec[i]); contains(moodleUnfinished, state) {
			r.unfinished = state
		}
	}
	if lay.rankCol < 0 || lay.rankCol >= len(rec) {
		return r
	}
	cell := strings.TrimSpace(rec[lay.rankCol])
	switch lay.rank {
	case rankNumber:
		if v, err := strconv.ParseFloat(cell, 64); err == nil {
			r.num, r.hasNum, r.label = v, true, cell
		}
	case rankMoodleTime:
		cell = strings.Join(strings.Fields(cell), " ")
		for _, layout := range moodleDates {
			if t, err := time.Parse(layout, cell); err == nil {
				r.num, r.hasNum, r.label = float64(t.Unix()), true, cell
				break
			}
		}
	}
	return r
}

// after reports whether r supersedes q: a finished attempt over one not
// finished; then, both numbered, the greater number; otherwise, or with
// equal numbers, the row read later.
func (r rowRank) after(q rowRank) bool {
	if (r.unfinished == "") != (q.unfinished == "") {
		return r.unfinished == ""
	}
	if r.hasNum && q.hasNum && r.num != q.num {
		return r.num > q.num
	}
	return r.line > q.line
}

// superseded is the notice of a row a later attempt or response of its
// student stands in place of.
func (lay *exportLayout) superseded(name, student string, row, last rowRank) error {
	switch {
	case lay.export.Kind == CanvasQuiz && row.label != "" && last.label != "":
		return &Notice{fmt.Sprintf("%s:%d: attempt %s of %q is not graded: attempt %s (line %d) is", name, row.line, row.label, student, last.label, last.line)}
	case lay.export.Kind == MoodleQuiz && row.label != "" && last.label != "":
		return &Notice{fmt.Sprintf("%s:%d: the attempt of %q started %s%s is not graded: the one started %s%s (line %d) is", name, row.line, student, row.label, row.stateNote(), last.label, last.stateNote(), last.line)}
	case lay.export.Kind == MoodleQuiz && row.unfinished != "":
		return &Notice{fmt.Sprintf("%s:%d: the attempt of %q%s is not graded: a finished one (line %d) is", name, row.line, student, row.stateNote(), last.line)}
	}
	return &Notice{fmt.Sprintf("%s:%d: this response of %q is not graded: a later one (line %d) is", name, row.line, student, last.line)}
}

// stateNote names a Moodle attempt's state when it was not finished.
func (r rowRank) stateNote() string {
	if r.unfinished == "" {
		return ""
	}
	return " (" + r.unfinished + ")"
}

// readExport reads an export's rows, yielding a submission for each
// student's last attempt or response. A first pass reads only the student
// id and rank of each row, keeping each student's last; the second yields
// those rows, and says which it passed over. The file is read twice, never
// held.
func readExport(name string, src io.ReaderAt, f *csvFile, lay *exportLayout, yield func(*Submission)) []error {
	last := map[string]rowRank{}
	f.eachRow(nil, func(rec []string, line int) { // a row's problems are the second pass's to report
		id, _ := lay.student.student(rec)
		if id == "" || lay.anonymous(id) {
			return
		}
		r := lay.rankOf(rec, line)
		if prev, ok := last[id]; !ok || r.after(prev) {
			last[id] = r
		}
	})
	f, err := openCSV(name, src, "CSV")
	if err != nil {
		return []error{err}
	}
	cols := &classColumns{header: f.header, student: lay.student, setCol: -1, answerCols: lay.answers, dashBlank: lay.dashBlank, export: lay.export}
	for _, i := range lay.answers {
		cols.columns = append(cols.columns, f.header[i])
	}
	cols.ids = &cellIDs{ids: cols.columns}
	var errs []error
	f.eachRow(func(err error) { errs = append(errs, err) }, func(rec []string, line int) {
		id, _ := lay.student.student(rec)
		if id == "" && lay.export.Kind == MoodleQuiz && strings.TrimSpace(rec[0]) == "Overall average" {
			return // the report's last line when downloaded with averages
		}
		if lay.anonymous(id) {
			errs = append(errs, fmt.Errorf("%s:%d: the response is anonymous (its %s is %q): it names no student, and is not graded; make the form record who answers, or ask for a student id in it", name, line, lay.export.IDColumn, id))
			return
		}
		if winner, ok := last[id]; ok && winner.line != line {
			errs = append(errs, lay.superseded(name, id, lay.rankOf(rec, line), winner))
			return
		}
		sub, rowErr := cols.row(name, cols.source(name, line), line, rec)
		if rowErr != nil {
			errs = append(errs, rowErr)
		}
		if r := lay.rankOf(rec, line); sub != nil && r.unfinished != "" {
			errs = append(errs, &Notice{fmt.Sprintf("%s:%d: the attempt of %q graded is %q in Moodle (not submitted): the file has no finished attempt of theirs", name, line, id, r.unfinished)})
		}
		if sub != nil {
			sub.Exported = &Exported{Export: lay.export, Account: lay.account(rec)}
			yield(sub)
		}
	})
	return errs
}

// anonymous reports whether a form's response names no student: Microsoft
// Forms writes "anonymous" for the email (and name) of a form that does not
// record who answers, and every such response would be one student.
func (lay *exportLayout) anonymous(id string) bool {
	return (lay.export.Kind == MicrosoftForm || lay.export.Kind == GoogleForm) && strings.EqualFold(id, "anonymous")
}

// account is how the LMS knows a row's student, empty for a form.
func (lay *exportLayout) account(rec []string) Account {
	cell := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return cleanCell(rec[i])
	}
	switch lay.export.Kind {
	case CanvasQuiz:
		return Account{CanvasID: cell(lay.canvasID), SISID: cell(lay.sisID)}
	case MoodleQuiz:
		return Account{IDNumber: cell(lay.idNumber), Email: cell(lay.email)}
	}
	return Account{}
}

// ExportColumns reads a class CSV's header only: what it is, and the
// headers of its answer columns, in order.
func ExportColumns(name string, src io.ReaderAt, opt Options) (*Export, []string, error) {
	f, err := openCSV(name, src, "CSV")
	if err != nil {
		return nil, nil, err
	}
	kind := RecogniseExport(f.header)
	if kind == OwnCSV {
		cols, errs := classHeader(name, f.header, opt)
		if cols == nil {
			return nil, nil, errors.Join(errs...)
		}
		return cols.export, cols.columns, nil
	}
	lay, errs := exportHeader(name, f.header, kind, opt)
	if lay == nil {
		return nil, nil, errors.Join(errs...)
	}
	var columns []string
	for _, i := range lay.answers {
		columns = append(columns, f.header[i])
	}
	return lay.export, columns, nil
}
