package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
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
func ClassTable(w io.Writer, c *grader.ClassResult) error {
	if c == nil {
		return fmt.Errorf("report: ClassTable: no class result")
	}
	var out strings.Builder
	out.WriteString(classTitle(c))
	if len(c.Students) == 0 {
		out.WriteString("No students were graded.\n")
		_, err := io.WriteString(w, out.String())
		return err
	}
	cols := columns(c)

	aligns := make([]tw.Align, 0, len(cols)+3)
	aligns = append(aligns, tw.AlignLeft)
	header := make([]any, 0, len(cols)+3)
	header = append(header, "Student")
	for _, col := range cols {
		aligns = append(aligns, tw.AlignRight)
		header = append(header, oneLine(col.ID)+"\n/"+classNumber(col.MaxScore))
	}
	aligns = append(aligns, tw.AlignRight, tw.AlignRight)
	header = append(header, "Total\n/"+classNumber(c.MaxScore), "%")

	table := newTable(&out, tw.AlignCenter, aligns)
	table.Header(header...)
	row := make([]any, len(header))
	var totalSum float64
	review := false
	for _, s := range c.Students {
		row[0] = oneLine(s.Student) + submissionMark(s)
		for i, col := range cols {
			q, ok := findQuestion(s, col.ID)
			if !ok {
				row[i+1] = markMissing
				continue
			}
			row[i+1] = classCell(q)
			review = review || q.Status == grader.Review
		}
		row[len(cols)+1] = classNumber(s.Score)
		row[len(cols)+2] = formatPercent(s.Score, c.MaxScore)
		totalSum += s.Score
		if err := table.Append(row...); err != nil {
			return fmt.Errorf("report: class table: student %q: %w", s.Student, err)
		}
	}
	footer := make([]any, len(header))
	footer[0] = "Mean"
	for i, col := range cols {
		footer[i+1] = classNumber(col.Mean)
	}
	meanTotal := totalSum / float64(len(c.Students))
	footer[len(cols)+1] = classNumber(meanTotal)
	footer[len(cols)+2] = formatPercent(meanTotal, c.MaxScore)
	table.Footer(footer...)
	if err := table.Render(); err != nil {
		return fmt.Errorf("report: class table: %w", err)
	}
	out.WriteString(classLegend)
	if review {
		out.WriteString(reviewLegend)
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// classTitle is the line above the class table.
func classTitle(c *grader.ClassResult) string {
	title := "Problem set " + oneLine(c.ProblemSet)
	if c.Title != "" {
		title += ": " + oneLine(c.Title)
	}
	return fmt.Sprintf("%s (%s, max %s)\n", title, plural.Count(len(c.Students), "student", "students"), formatScore(c.MaxScore))
}

// classCell is one score in the class table, with its status mark.
func classCell(q grader.QuestionResult) string {
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
	fmt.Fprintf(&out, "%s: %s / %s (%s)\n", oneLine(studentLabel(s)),
		formatScore(s.Score), formatScore(s.MaxScore), formatPercent(s.Score, s.MaxScore))
	if s.Source != "" {
		fmt.Fprintf(&out, "from %s\n", oneLine(s.Source))
	}
	if note := submissionNote(s); note != "" {
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
		expected := truncate(oneLine(q.Expected), maxAnswerWidth)
		if q.Expected == "" {
			expected = "-"
		}
		status := string(q.Status)
		if len(q.CarriedForward) > 0 {
			status += "\ncarried from " + oneLine(strings.Join(q.CarriedForward, ", "))
		}
		feedback := strings.TrimRight(cleanText(q.Feedback), "\n ")
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
