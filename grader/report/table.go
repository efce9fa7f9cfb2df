package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/plural"
)

// Marks appended to a score in the class table, so a status shows in the few
// characters a students × questions grid can spare.
const (
	markPartial = "~" // partial credit
	markInvalid = "?" // the answer could not be read
	markMissing = "-" // no answer: shown instead of the score
	markReview  = "!" // nngrade could not decide: the instructor reviews it
)

// classDecimals is how many decimals the class table shows: two keep a
// 15-question table within 150 columns; every other output keeps scoreDecimals.
const classDecimals = 2

// classNumber formats a score for the class table.
func classNumber(x float64) string { return formatNumber(x, classDecimals) }

// classLegend explains the marks under the class table.
const classLegend = "~ partial credit   ? answer could not be read (invalid)   - no answer (missing)\n"

// reviewLegend is added under the legend when a cell is marked for review
// (rare, so a table without one keeps its three marks).
const reviewLegend = "! nngrade could not decide the answer: review it (status review)\n"

// Widths above which a student-table cell is cut short or moved to a note.
const (
	maxAnswerWidth   = 40 // answer and expected cells; the full text is in Feedback
	maxInlineComment = 48 // longer or multi-line feedback becomes a numbered note
)

// newTable returns a tablewriter table in the plain style of every nngrade
// table: ASCII borders (no box-drawing characters, no colors, stable in golden
// files and in any terminal or pager), headers as given (not upper-cased), cell
// text kept as given (no trimming, so a caret line keeps its indent, no
// wrapping), and East Asian width detection off. tablewriter otherwise decides
// the width of "×" and "·" from LANG and LC_ALL, and the same results would
// print differently on a machine with a CJK locale. Headers are aligned by
// headerAlign (graded results center them; the key's tables, like torchinfo's,
// put them on the left); aligns gives each column's cells.
func newTable(w io.Writer, headerAlign tw.Align, aligns []tw.Align) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(headerAlign),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
	)
}

// ClassTable writes the class as a students × questions table: one row per
// student with the score on each question, the total and the percentage; a
// footer row with the class mean of each column. A title line names the problem
// set. A score carries a mark for its status (legend under the table): "0.5~"
// partial, "0?" could not be read, "-" no answer; correct and incorrect answers
// show the bare score. Each header gives the question id and, under it, its
// maximum ("/1"). Numbers are rounded to 2 decimals here, to keep 15 questions
// within 150 columns; the other outputs keep 4.
//
// A class of more than directTableRows students is drawn row by row as it is
// read (see renderDirect), in exactly the look tablewriter gives a smaller one,
// so a large class is never held in the table.
func ClassTable(w io.Writer, c *grader.ClassResult) error {
	if c == nil {
		return fmt.Errorf("report: ClassTable: no class result")
	}
	if c.Len() == 0 {
		_, err := io.WriteString(w, classTitle(c)+"No students were graded.\n")
		return err
	}
	t, err := newClassGrid(c)
	if err != nil {
		return err
	}
	if c.Len() > directTableRows {
		if err := t.measure(c); err != nil {
			return err
		}
		bw := bufio.NewWriter(w)
		bw.WriteString(classTitle(c))
		if err := t.renderDirect(bw, c); err != nil {
			return err
		}
		t.writeLegend(bw)
		return bw.Flush()
	}
	var out strings.Builder
	out.WriteString(classTitle(c))
	if err := t.renderTablewriter(&out, c); err != nil {
		return err
	}
	t.writeLegend(&out)
	_, err = io.WriteString(w, out.String())
	return err
}

// directTableRows is the size of class above which ClassTable draws its rows
// itself rather than through tablewriter, which keeps every row until it
// renders and spends tens of microseconds on each: 100,000 students would take
// seconds and a gigabyte. A variable so tests can draw small classes both ways.
var directTableRows = 1000

// classGrid is the class table's layout, learned in a pass over the class:
// its columns, header and footer cells, and whether a review mark needs its
// legend line.
type classGrid struct {
	scan   classScan
	aligns []tw.Align
	header []string // a cell per column; "\n" separates a header's lines
	footer []string
	widths []int // display width of each column's widest cell; set by measure, for renderDirect only

	numbers *scoreStrings           // classNumber's strings
	cells   map[classCellKey]string // classCell's strings
}

type classCellKey struct {
	score  float64
	status grader.Status
}

// cell is classCell(q), remembered: a class repeats a few cells throughout.
func (g *classGrid) cell(q *grader.QuestionResult) string {
	key := classCellKey{q.Score, q.Status}
	if cell, ok := g.cells[key]; ok {
		return cell
	}
	cell := classCell(q)
	if len(g.cells) < maxScoreStrings {
		g.cells[key] = cell
	}
	return cell
}

func newClassGrid(c *grader.ClassResult) (*classGrid, error) {
	g := &classGrid{numbers: newScoreStrings(classDecimals), cells: make(map[classCellKey]string)}
	var err error
	if g.scan, err = scanClass(c, nil); err != nil {
		return nil, err
	}
	cols := g.scan.cols
	g.aligns = make([]tw.Align, 0, len(cols)+3)
	g.aligns = append(g.aligns, tw.AlignLeft)
	g.header = make([]string, 0, len(cols)+3)
	g.header = append(g.header, "Student")
	for _, col := range cols {
		g.aligns = append(g.aligns, tw.AlignRight)
		g.header = append(g.header, oneLine(col.ID)+"\n/"+classNumber(col.MaxScore))
	}
	g.aligns = append(g.aligns, tw.AlignRight, tw.AlignRight)
	g.header = append(g.header, "Total\n/"+classNumber(c.MaxScore), "%")

	g.footer = make([]string, len(g.header))
	g.footer[0] = "Mean"
	for i, col := range cols {
		g.footer[i+1] = classNumber(col.Mean)
	}
	meanTotal := g.scan.totalSum / float64(c.Len())
	g.footer[len(cols)+1] = classNumber(meanTotal)
	g.footer[len(cols)+2] = formatPercent(meanTotal, c.MaxScore)
	return g, nil
}

// measure sets the columns' widths for renderDirect: the widest line of each
// header, footer and row cell, the rows read in a pass of their own.
func (g *classGrid) measure(c *grader.ClassResult) error {
	g.widths = make([]int, len(g.header))
	for i, h := range g.header {
		for _, line := range strings.Split(h, "\n") {
			g.widths[i] = max(g.widths[i], cellWidth(line))
		}
		g.widths[i] = max(g.widths[i], cellWidth(g.footer[i]))
	}
	row := make([]string, len(g.header))
	return c.Each(func(s *grader.StudentResult) error {
		g.fillRow(row, s, c)
		for i, cell := range row {
			g.widths[i] = max(g.widths[i], cellWidth(cell))
		}
		return nil
	})
}

// fillRow sets row to the student's cells.
func (g *classGrid) fillRow(row []string, s *grader.StudentResult, c *grader.ClassResult) {
	cols := g.scan.cols
	row[0] = oneLine(s.Student) + submissionMark(s)
	for i, col := range cols {
		q, ok := findQuestionNear(s, col.ID, i)
		if !ok {
			row[i+1] = markMissing
			continue
		}
		row[i+1] = g.cell(q)
	}
	row[len(cols)+1] = g.numbers.format(s.Score)
	row[len(cols)+2] = formatPercent(s.Score, c.MaxScore)
}

// renderTablewriter draws the table with tablewriter, the reference look.
func (g *classGrid) renderTablewriter(out io.Writer, c *grader.ClassResult) error {
	table := newTable(out, tw.AlignCenter, g.aligns)
	table.Header(toAny(g.header)...)
	row := make([]string, len(g.header))
	cells := make([]any, len(g.header))
	err := c.Each(func(s *grader.StudentResult) error {
		g.fillRow(row, s, c)
		for i, cell := range row {
			cells[i] = cell
		}
		if err := table.Append(cells...); err != nil {
			return fmt.Errorf("report: class table: student %q: %w", s.Student, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	table.Footer(toAny(g.footer)...)
	if err := table.Render(); err != nil {
		return fmt.Errorf("report: class table: %w", err)
	}
	return nil
}

func toAny(cells []string) []any {
	out := make([]any, len(cells))
	for i, cell := range cells {
		out[i] = cell
	}
	return out
}

// renderDirect draws the table as tablewriter does with newTable's settings
// (ASCII borders, one space of padding, headers centered with the odd space
// on the right, cells aligned by aligns, widths by twwidth without East Asian
// widths), one row at a time, so a class of any size costs one row's memory.
// TestDirectClassTableIsTablewriters holds the two renderings equal.
func (g *classGrid) renderDirect(w *bufio.Writer, c *grader.ClassResult) error {
	border := g.border()
	w.WriteString(border)
	lines := make([][]string, len(g.header))
	height := 0
	for i, h := range g.header {
		lines[i] = strings.Split(h, "\n")
		height = max(height, len(lines[i]))
	}
	line := make([]string, len(g.header))
	centered := make([]tw.Align, len(g.header))
	for i := range centered {
		centered[i] = tw.AlignCenter
	}
	for l := range height {
		for i := range lines {
			line[i] = ""
			if l < len(lines[i]) {
				line[i] = lines[i][l]
			}
		}
		g.writeLine(w, line, centered)
	}
	w.WriteString(border)
	row := make([]string, len(g.header))
	err := c.Each(func(s *grader.StudentResult) error {
		g.fillRow(row, s, c)
		return g.writeLine(w, row, g.aligns) // once w fails, stop reading the class
	})
	if err != nil {
		return err
	}
	w.WriteString(border)
	g.writeLine(w, g.footer, g.aligns)
	w.WriteString(border)
	return nil
}

// border is a horizontal rule: "+------+-----+\n".
func (g *classGrid) border() string {
	var b strings.Builder
	b.WriteByte('+')
	for _, width := range g.widths {
		b.WriteString(strings.Repeat("-", width+2))
		b.WriteByte('+')
	}
	b.WriteByte('\n')
	return b.String()
}

// writeLine writes one line of cells between bars, each padded by a space on
// either side and aligned in its column. Its error is w's first.
func (g *classGrid) writeLine(w *bufio.Writer, cells []string, aligns []tw.Align) error {
	w.WriteByte('|')
	for i, cell := range cells {
		gap := g.widths[i] - cellWidth(cell)
		left := 0
		switch aligns[i] {
		case tw.AlignRight:
			left = gap
		case tw.AlignCenter:
			left = gap / 2
		}
		writeSpaces(w, 1+left)
		w.WriteString(cell)
		writeSpaces(w, 1+gap-left)
		w.WriteByte('|')
	}
	return w.WriteByte('\n')
}

func writeSpaces(w *bufio.Writer, n int) {
	for range n {
		w.WriteByte(' ')
	}
}

// cellWidth is the columns a cell takes as tablewriter counts them with East
// Asian widths off (newTable's setting), whatever the global setting is.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return twwidth.WidthWithOptions(s, twwidth.Options{})
		}
	}
	return len(s)
}

// writeLegend writes the marks' legend under the table.
func (g *classGrid) writeLegend(w io.StringWriter) {
	w.WriteString(classLegend)
	if g.scan.review {
		w.WriteString(reviewLegend)
	}
}

// classTitle is the line above the class table.
func classTitle(c *grader.ClassResult) string {
	title := "Problem set " + oneLine(c.ProblemSet)
	if c.Title != "" {
		title += ": " + oneLine(c.Title)
	}
	return fmt.Sprintf("%s (%s, max %s)\n", title, plural.Count(c.Len(), "student", "students"), formatScore(c.MaxScore))
}

// classCell is one score in the class table, with its status mark.
func classCell(q *grader.QuestionResult) string {
	switch q.Status {
	case grader.Missing:
		return markMissing
	case grader.Partial:
		return classNumber(q.Score) + markPartial
	case grader.Invalid:
		return classNumber(q.Score) + markInvalid
	case grader.Review:
		return classNumber(q.Score) + markReview
	default:
		return classNumber(q.Score)
	}
}

// StudentTable writes one student's graded submission: a heading with the
// student, the total and where the submission came from, then a table of
// question, answer, expected, score, status and feedback. Feedback that spans
// lines (an answer echoed with a caret under the problem) or is long does not
// fit a table cell, so the cell points to a numbered note printed verbatim under
// the table, where the caret stays under the character it marks. An answer the
// grader read differently from how it was written shows how it was read on a
// second line.
func StudentTable(w io.Writer, s grader.StudentResult) error {
	var out strings.Builder
	fmt.Fprintf(&out, "%s: %s / %s (%s)\n", oneLine(studentLabel(&s)),
		formatScore(s.Score), formatScore(s.MaxScore), formatPercent(s.Score, s.MaxScore))
	if s.Source != "" {
		fmt.Fprintf(&out, "from %s\n", oneLine(s.Source))
	}
	if len(s.Params) > 0 {
		fmt.Fprintf(&out, "values: %s\n", s.Params)
	}
	if note := submissionNote(&s); note != "" {
		fmt.Fprintf(&out, "%s\n", note)
	}
	if len(s.Questions) == 0 {
		out.WriteString("No questions were graded.\n")
		_, err := io.WriteString(w, out.String())
		return err
	}

	aligns := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignLeft, tw.AlignLeft}
	table := newTable(&out, tw.AlignCenter, aligns)
	table.Header("Question", "Answer", "Expected", "Score", "Status", "Feedback")
	type note struct{ id, text string }
	var notes []note
	for _, q := range s.Questions {
		answer := truncate(oneLine(q.Answer), maxAnswerWidth)
		if q.Status == grader.Missing && q.Answer == "" {
			answer = "(none)"
		}
		if q.ReadAs != "" && q.ReadAs != q.Answer {
			answer += "\nread as " + truncate(oneLine(q.ReadAs), maxAnswerWidth)
		}
		if q.SourceLine > 0 {
			answer += fmt.Sprintf("\nline %d, %s", q.SourceLine, oneLine(q.Extraction))
		}
		expected := truncate(oneLine(q.Expected), maxAnswerWidth)
		if q.Expected == "" {
			expected = "-"
		}
		status := string(q.Status)
		if len(q.CarriedForward) > 0 {
			status += "\ncarried from " + oneLine(strings.Join(q.CarriedForward, ", "))
		}
		feedback := strings.TrimRight(cleanText(q.Feedback), "\n ")
		if note := q.CopyNote(s.Params); note != "" { // an instructor's table: SelfCheck finds no copies
			feedback = strings.TrimLeft(feedback+"\n"+note, "\n")
		}
		cell := feedback
		if strings.Contains(feedback, "\n") || displayWidth(feedback) > maxInlineComment {
			notes = append(notes, note{id: q.ID, text: feedback})
			cell = fmt.Sprintf("see note %d", len(notes))
		}
		err := table.Append(oneLine(q.ID), answer, expected,
			formatScore(q.Score)+" / "+formatScore(q.MaxScore), status, cell)
		if err != nil {
			return fmt.Errorf("report: student table %q, question %q: %w", s.Student, q.ID, err)
		}
	}
	if err := table.Render(); err != nil {
		return fmt.Errorf("report: student table %q: %w", s.Student, err)
	}
	for i, n := range notes {
		fmt.Fprintf(&out, "\nNote %d (question %s):\n", i+1, oneLine(n.id))
		for _, line := range strings.Split(n.text, "\n") {
			out.WriteString("    ")
			out.WriteString(strings.TrimRight(line, " "))
			out.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// displayWidth approximates the columns a single line takes: one per rune,
// which is what the caret lines in feedback assume too.
func displayWidth(s string) int {
	return utf8.RuneCountInString(s)
}
