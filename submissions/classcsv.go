package submissions

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/internal/plural"
)

// classColumns is what a class CSV's header says, worked out once a file:
// where the student, their name and the problem set are, and which columns
// hold answers.
type classColumns struct {
	header     []string
	student    studentCols
	setCol     int      // the problem_set column, or -1
	answerCols []int    // the columns holding answers, in order
	dashBlank  bool     // a cell holding "-" alone is no answer (Moodle)
	export     *Export  // what the header says of the file (ExportColumns)
	columns    []string // their headers: every row's Submission.Columns
	ids        *cellIDs // every row's Submission.cellIDs: columns, until renamed

	answered []int            // the row being read's answered columns
	orders   []string         // room for the next rows' Submission.Order
	cells    []string         // room for the next rows' Submission.cells
	sources  *strings.Builder // the last rows' Submission.Source, one after the other
}

// source is a row's Source, "file:line", written without fmt after the last
// rows' in one buffer: a string of its own a row would cost as much as the
// rest of its Submission. A strings.Builder only appends, so the strings
// already taken from it stay as they are; a full one is left to them.
func (c *classColumns) source(name string, line int) string {
	const room = 2 << 10
	if c.sources == nil || c.sources.Cap()-c.sources.Len() < len(name)+len(":")+20 {
		c.sources = new(strings.Builder)
		c.sources.Grow(max(room, 2*(len(name)+21)))
	}
	start := c.sources.Len()
	c.sources.WriteString(name)
	c.sources.WriteByte(':')
	var digits [20]byte
	c.sources.Write(strconv.AppendInt(digits[:0], int64(line), 10))
	return c.sources.String()[start:]
}

// orderBatch is how many question ids' room for rows' orders is allocated at once.
const orderBatch = 256

// readClassCSV reads a class export from src (LoadCSV's format) row by row and
// yields a submission for each row that names a student; every problem is
// returned, in the order met.
func readClassCSV(name string, src io.ReaderAt, opt Options, yield func(*Submission)) []error {
	f, err := openCSV(name, src, "CSV")
	if err != nil {
		return []error{err}
	}
	if kind := RecogniseExport(f.header); kind != OwnCSV {
		lay, errs := exportHeader(name, f.header, kind, opt)
		if lay == nil {
			return errs
		}
		return append(errs, readExport(name, src, f, lay, yield)...)
	}
	cols, errs := classHeader(name, f.header, opt)
	if cols == nil {
		return errs
	}
	f.eachRow(func(err error) { errs = append(errs, err) }, func(rec []string, line int) {
		sub, rowErr := cols.row(name, cols.source(name, line), line, rec)
		if rowErr != nil {
			errs = append(errs, rowErr)
		}
		if sub != nil {
			yield(sub)
		}
	})
	return errs
}

// classHeader reads a class CSV's header: nil when it has no student column,
// and the header's problems (a Notice of which column holds the student id, a
// column given twice).
func classHeader(name string, header []string, opt Options) (*classColumns, []error) {
	student, note := studentColumns(header)
	named := false
	if opt.IDColumn != "" {
		i := slices.Index(header, opt.IDColumn)
		if i < 0 {
			i = slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(h, opt.IDColumn) })
		}
		if i < 0 {
			return nil, []error{fmt.Errorf("%s:1: the header has no column %q for the student ids (named by %s); its columns: %s",
				name, opt.IDColumn, opt.IDColumnFrom, quoteList(header, 12))}
		}
		if i != student.id {
			student.otherIDs = slices.DeleteFunc(student.otherIDs, func(o int) bool { return o == i })
			if student.id >= 0 {
				student.otherIDs = append(student.otherIDs, student.id)
			}
			student.id = i
		}
		note, named = fmt.Sprintf("student ids from column %q, as named", header[i]), true
	}
	if student.id < 0 {
		return nil, []error{fmt.Errorf("%s:1: the header has no \"student\" column; the first line should be student,name,<question ids…>", name)}
	}
	var errs []error
	if note != "" {
		errs = append(errs, &Notice{fmt.Sprintf("%s:1: %s", name, note)})
	}
	c := &classColumns{header: header, student: student, setCol: -1, export: &Export{Kind: OwnCSV, IDColumn: header[student.id], IDNamed: named}}
	seenCol := map[string]int{}
	for i, h := range header {
		switch {
		case student.uses(i):
			continue
		case strings.EqualFold(h, "problem_set"):
			c.setCol = i
			continue
		}
		if prev, dup := seenCol[h]; dup {
			errs = append(errs, fmt.Errorf("%s:1: column %q appears twice (columns %d and %d)", name, h, prev+1, i+1))
		}
		seenCol[h] = i
		c.answerCols = append(c.answerCols, i)
		c.columns = append(c.columns, h)
	}
	c.ids = &cellIDs{ids: c.columns}
	return c, errs
}

// row is the submission of a row read at source (file:line): nil when the
// row names no usable student. A row with more or fewer cells than the header
// gives its submission and a problem.
func (c *classColumns) row(name, source string, line int, rec []string) (*Submission, error) {
	sub := &Submission{Source: source, File: name, FromCSV: true, Columns: c.columns, cellIDs: c.ids}
	sub.Student, sub.Name = c.student.student(rec)
	if c.setCol >= 0 && c.setCol < len(rec) {
		sub.ProblemSet = strings.TrimSpace(rec[c.setCol])
	}
	if sub.Student == "" {
		return nil, fmt.Errorf("%s:%d: the row has no student id", name, line)
	}
	if !validStudentID(sub.Student) {
		return nil, fmt.Errorf("%s:%d: student id %q may use letters, digits and @ . _ + - only", name, line, sub.Student)
	}
	var err error
	header := c.header
	switch {
	case len(rec) > len(header):
		err = fmt.Errorf("%s:%d: the row has %s but the header has %s; the cells past the last column (%s) were not graded (an answer with a comma needs quotes: \"2,432\")",
			name, line, plural.Count(len(rec), "cell", "cells"), plural.Count(len(header), "column", "columns"), quoteList(rec[len(header):], 3))
	case len(rec) < len(header):
		var lost []string
		for _, i := range c.answerCols {
			if i >= len(rec) {
				lost = append(lost, header[i])
			}
		}
		msg := fmt.Sprintf("%s:%d: the row has %s but the header has %s", name, line, plural.Count(len(rec), "cell", "cells"), plural.Count(len(header), "column", "columns"))
		if len(lost) > 0 {
			msg += fmt.Sprintf("; it has no cell for %s, graded as missing", quoteList(lost, 5))
		}
		err = errors.New(msg)
	}
	// The cells and order of many rows share backing arrays, allocated a
	// batch at a time: the record itself is reused for the next row.
	if len(c.cells) < len(c.answerCols) {
		c.cells = make([]string, max(orderBatch, len(c.answerCols)))
	}
	sub.cells = c.cells[:len(c.answerCols):len(c.answerCols)]
	c.cells = c.cells[len(c.answerCols):]
	c.answered = c.answered[:0]
	for k, i := range c.answerCols {
		if i < len(rec) {
			if c.dashBlank && isDash(rec[i]) {
				continue
			}
			sub.cells[k] = rec[i]
			if !blank(rec[i]) {
				c.answered = append(c.answered, k)
			}
		}
	}
	if len(c.answered) == 0 {
		return sub, err
	}
	if len(c.orders) < len(c.answered) {
		c.orders = make([]string, max(orderBatch, len(c.answered)))
	}
	sub.Order = c.orders[:0:len(c.answered)]
	c.orders = c.orders[len(c.answered):]
	for _, k := range c.answered {
		h := c.columns[k]
		sub.Order = append(sub.Order, h)
		if len(sub.cells[k]) > MaxAnswerSize {
			sub.tooLong(h, sub.cells[k], k)
		}
	}
	return sub, err
}

// blank reports whether a cell holds only white space (strings.TrimSpace
// would leave nothing), looking no further than its first other character.
func blank(cell string) bool {
	for i := 0; i < len(cell); i++ {
		switch c := cell[i]; {
		case c >= utf8.RuneSelf:
			return strings.TrimSpace(cell[i:]) == ""
		case c != ' ' && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r':
			return false
		}
	}
	return true
}

// isDash reports whether a cell holds "-" alone, Moodle's no answer.
func isDash(cell string) bool { return strings.TrimSpace(cell) == "-" }

// validStudentID reports whether id may name a student: idPattern, without a
// regular expression's cost on every row of a class.
func validStudentID(id string) bool {
	if id == "" || len(id) > maxStudentID {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case b == '@', b == '.', b == '_', b == '+', b == '-':
		default:
			return false
		}
	}
	return true
}
