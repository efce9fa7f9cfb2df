// Package report renders what the grader returns: the class and student tables
// a terminal shows, FORMAT.md's JSON, gradebook CSVs for Canvas and Moodle,
// Gradescope's results.json, one Markdown feedback file per student, the
// instructor's report as one HTML page (HTMLReport), and a solved problem
// set as an answer key (table, JSON, Markdown with worked solutions) and
// per-layer summaries. Every command of cmd/nngrade prints
// through it, so all tables share one style and all JSON one encoder.
//
// The class writers (ClassTable, JSON, GradebookCSV, Canvas, Moodle,
// HTMLReport, WriteFeedbackFilesContext) read a class's students only through
// ClassResult.Len, Each, Render and RenderScores (GradebookCSV's and Canvas's
// rows, which need only each student's scores), one student at a time, and
// write as they go: a class of any size costs them a row's memory. Where a
// row needs the whole class first (the gradebook's columns, the table's
// widths, JSON's check that every score is finite) they make a first pass.
//
// It grades nothing and reads no files: it turns a grader.ClassResult,
// grader.StudentResult or grader.Key into bytes. Every renderer is deterministic, so the same
// results give the same bytes on every run and every machine: students and
// questions keep the order the grader gave them, no map is iterated to produce
// output, numbers are rounded to a fixed number of decimals before they are
// printed (so a last-bit difference in floating point between machines does not
// show), and table widths do not depend on the terminal's locale.
//
// Student answers, names and ids are untrusted text. Control characters are shown
// escaped in tables and Markdown, free-text CSV cells that a spreadsheet would
// run as a formula are defused (ids are kept exact: the LMS matches them), and
// file names derived from student ids are injective and cannot leave the
// output directory (see StudentFileName and WriteFiles).
package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/grader"
)

// scoreDecimals is how many decimals a score keeps wherever it is printed,
// JSON included: 1/3 of a point is 0.3333, and 0.3×3 is 0.9, not
// 0.8999999999999999.
const scoreDecimals = 4

// roundTo rounds x to the given number of decimals. Negative zero becomes zero,
// so "-0" is never printed.
func roundTo(x float64, decimals int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e15 {
		return x // beyond 1e15 a float64 has no decimals left to round
	}
	p := math.Pow10(decimals)
	r := math.Round(x*p) / p
	if r == 0 {
		return 0
	}
	return r
}

// roundScore is roundTo with the package's score precision.
func roundScore(x float64) float64 { return roundTo(x, scoreDecimals) }

// formatNumber prints x rounded to decimals, without trailing zeros:
// 1, 0.5, 0.3333, 146378.
func formatNumber(x float64, decimals int) string {
	return strconv.FormatFloat(roundTo(x, decimals), 'f', -1, 64)
}

// formatScore prints a score as every renderer shows it.
func formatScore(x float64) string { return formatNumber(x, scoreDecimals) }

// formatPercent prints score/max as a percentage with one decimal, or "-" when
// the maximum is zero and a percentage means nothing.
func formatPercent(score, max float64) string {
	if max == 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		return "-"
	}
	return formatNumber(100*score/max, 1) + "%"
}

// checkFinite reports the first score that JSON cannot carry (NaN or ±Inf),
// naming the student and question, so a grading bug surfaces as an error that
// says where instead of a half-written file. Writers that stream call it
// before they write anything.
func checkFinite(c *grader.ClassResult) error {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	if bad(c.MaxScore) {
		return fmt.Errorf("report: problem set %q: max_score is %v", c.ProblemSet, c.MaxScore)
	}
	for _, q := range c.Questions {
		if bad(q.MaxScore) || bad(q.Mean) {
			return fmt.Errorf("report: question %q: max_score %v, mean %v: not a finite number", q.ID, q.MaxScore, q.Mean)
		}
	}
	if sum, ok := c.Summary(); ok && sum.Finite {
		return nil // the grader saw every score
	}
	return c.Each(checkStudentFinite)
}

func checkStudentFinite(s *grader.StudentResult) error {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	if bad(s.Score) || bad(s.MaxScore) {
		return fmt.Errorf("report: student %q: score %v of %v: not a finite number", s.Student, s.Score, s.MaxScore)
	}
	for _, q := range s.Questions {
		if bad(q.Score) || bad(q.MaxScore) {
			return fmt.Errorf("report: student %q, question %q: score %v of %v: not a finite number", s.Student, q.ID, q.Score, q.MaxScore)
		}
	}
	return nil
}

// column is one question of a class, in the order its columns are printed.
type column struct {
	ID       string
	MaxScore float64
	Mean     float64
}

// columnIDs is the question ids of cols, in order.
func columnIDs(cols []column) []string {
	ids := make([]string, len(cols))
	for i, col := range cols {
		ids[i] = col.ID
	}
	return ids
}

// classScan is what the writers that print a column per question learn from
// one pass over a class's students before they print the first row.
type classScan struct {
	cols     []column
	notes    bool    // some student's submission was not read: a "submission" column
	review   bool    // some answer has status review: the table's legend says what "!" means
	totalSum float64 // the students' totals added in class order, for the mean total
}

// scanClass lists a class's questions: question_info's order first, then any
// question a student was graded on that question_info does not list, in order
// of first appearance. Means come from question_info (the grader's numbers);
// for questions it does not list they are computed here, a student without the
// question counting as zero. Each student's first result on a question is the
// one that counts, as findQuestion finds it. extra, when not nil, is called
// with each student too (so a writer can measure its rows in the same pass).
func scanClass(c *grader.ClassResult, extra func(*grader.StudentResult) error) (classScan, error) {
	scan := classScan{cols: make([]column, 0, len(c.Questions))}
	index := make(map[string]int, len(c.Questions))
	for _, q := range c.Questions {
		if _, ok := index[q.ID]; ok {
			continue
		}
		index[q.ID] = len(scan.cols)
		scan.cols = append(scan.cols, column{ID: q.ID, MaxScore: q.MaxScore, Mean: q.Mean})
	}
	listed := len(scan.cols)
	if sum, ok := c.Summary(); ok && extra == nil {
		// A ClassGrader's class: every student has question_info's
		// questions, and the grader saw the rest as it finished.
		scan.notes, scan.review, scan.totalSum = sum.SubmissionNotes, sum.Review, sum.TotalSum
		return scan, nil
	}
	var sums []float64 // of the unlisted columns, by column - listed
	var counted []int  // the last student (1-based) whose score a sum holds
	student := 0
	err := c.Each(func(s *grader.StudentResult) error {
		student++
		scan.notes = scan.notes || s.Submission != ""
		scan.totalSum += s.Score
		for i := range s.Questions {
			q := &s.Questions[i]
			scan.review = scan.review || q.Status == grader.Review
			col, ok := i, i < len(scan.cols) && scan.cols[i].ID == q.ID // most classes keep question_info's order
			if !ok {
				col, ok = index[q.ID]
			}
			if !ok {
				col = len(scan.cols)
				index[q.ID] = col
				scan.cols = append(scan.cols, column{ID: q.ID, MaxScore: q.MaxScore})
				sums = append(sums, 0)
				counted = append(counted, 0)
			}
			if col >= listed && counted[col-listed] != student {
				counted[col-listed] = student
				sums[col-listed] += q.Score
			}
		}
		if extra != nil {
			return extra(s)
		}
		return nil
	})
	if err != nil {
		return classScan{}, err
	}
	for i, sum := range sums {
		scan.cols[listed+i].Mean = sum / float64(student)
	}
	return scan, nil
}

// findQuestion returns the student's result on question id, the first when
// there are several. A linear scan: a student has tens of questions, and it
// keeps lookups free of maps. hint is where the question usually is (its
// column): when it is there and no earlier result has its id, that is the
// answer at once.
func findQuestion(s *grader.StudentResult, id string) (*grader.QuestionResult, bool) {
	return findQuestionNear(s, id, -1)
}

func findQuestionNear(s *grader.StudentResult, id string, hint int) (*grader.QuestionResult, bool) {
	if i := questionIndex(s.Questions, resultID, id, hint); i >= 0 {
		return &s.Questions[i], true
	}
	return nil, false
}

// hasColumns reports whether the student's results are on the columns'
// questions, one each, in the columns' order (as every student of a class a
// ClassGrader graded is): result i is then column i's, with no search.
func hasColumns(s *grader.StudentResult, cols []column) bool {
	return inColumns(s.Questions, resultID, cols)
}

// questionIndex is findQuestionNear for a student's results or scores
// (qs, whose question ids idOf reads): the position of the first on
// question id, or -1.
func questionIndex[Q any](qs []Q, idOf func(*Q) string, id string, hint int) int {
	if hint >= 0 && hint < len(qs) && idOf(&qs[hint]) == id && !hasQuestionBefore(qs, idOf, id, hint) {
		return hint
	}
	for i := range qs {
		if idOf(&qs[i]) == id {
			return i
		}
	}
	return -1
}

// inColumns is hasColumns for a student's results or scores.
func inColumns[Q any](qs []Q, idOf func(*Q) string, cols []column) bool {
	if len(qs) != len(cols) {
		return false
	}
	for i := range cols {
		if idOf(&qs[i]) != cols[i].ID {
			return false
		}
	}
	return true
}

// hasQuestionBefore reports whether one of the first n of qs is on question
// id.
func hasQuestionBefore[Q any](qs []Q, idOf func(*Q) string, id string, n int) bool {
	for i := range n {
		if idOf(&qs[i]) == id {
			return true
		}
	}
	return false
}

// resultID and scoreID are the question ids of a result and of a score,
// for questionIndex and inColumns.
func resultID(q *grader.QuestionResult) string { return q.ID }
func scoreID(q *grader.QuestionScore) string   { return q.ID }

// scoreStrings remembers how scores print, for writers that print the same
// few scores for every student of a class: formatting a float is most of a
// gradebook row's cost. At most maxScoreStrings are kept.
type scoreStrings struct {
	decimals int
	printed  map[float64]string
	// recent holds the scores printed last, each in the slot its bits
	// pick, looked in before printed: a gradebook row prints the same few
	// scores over and over, and one slot costs less to look in than
	// hashing a float for the map, or looking through a list.
	recent [64]printedScore
}

type printedScore struct {
	bits uint64
	s    string
}

const maxScoreStrings = 4096

func newScoreStrings(decimals int) *scoreStrings {
	return &scoreStrings{decimals: decimals, printed: make(map[float64]string)}
}

// format is formatNumber(x, decimals).
func (p *scoreStrings) format(x float64) string {
	bits := math.Float64bits(x)
	slot := &p.recent[bits*0x9e3779b97f4a7c15>>58] // the top 6 bits of a product that mixes them all in
	if slot.bits == bits && slot.s != "" {
		return slot.s
	}
	s, ok := p.printed[x]
	if !ok {
		s = formatNumber(x, p.decimals)
		if len(p.printed) < maxScoreStrings {
			p.printed[x] = s
		}
	}
	*slot = printedScore{bits, s}
	return s
}

// studentLabel is how a student is named in headings: "Name (id)" or the id.
func studentLabel(s *grader.StudentResult) string {
	if s.Name != "" && s.Name != s.Student {
		return s.Name + " (" + s.Student + ")"
	}
	return s.Student
}

// cleanText makes untrusted text safe to print on a terminal or in Markdown
// while keeping its lines: control characters, and Unicode format characters
// that reorder or hide text (bidi overrides, zero-width spaces), are shown as
// \x1b or \u202e escapes; a tab becomes one space, so a caret computed by
// counting characters stays under the character it points at; \r\n becomes \n.
// Invalid UTF-8 bytes become U+FFFD.
func cleanText(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // \r\n: the \n that follows ends the line
			}
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isHiddenFormat(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether cleanText would return s unchanged; the common case
// (ASCII text, "60 × 60 × 32") then costs no allocation.
func isPlain(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII, most of any text, byte by byte
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || (r >= 0x80 && r < 0xa0) || isHiddenFormat(r) {
			return false
		}
		i += size
	}
	return true
}

// isHiddenFormat reports the invisible characters that change how surrounding
// text displays: bidirectional embeddings, overrides and isolates, zero-width
// spaces and joiners' lookalikes, and the byte-order mark. An answer could use
// them to look like something it is not.
func isHiddenFormat(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200f: // zero-width space … right-to-left mark
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2060 && r <= 0x2069: // word joiner … bidi isolates
		return true
	case r == 0xfeff:
		return true
	}
	return false
}

// oneLine is cleanText for a single table cell: line breaks are shown as \n so a
// student's answer cannot add rows of its own.
func oneLine(s string) string {
	s = cleanText(s)
	if !strings.Contains(s, "\n") {
		return s
	}
	return strings.ReplaceAll(s, "\n", `\n`)
}

// truncate shortens s to at most max runes, marking the cut with "...".
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)
	return string(runes[:max-3]) + "..."
}
