package report

// The writers as they were before they streamed (issue 11), each building the
// whole output from c.Students: the reference the streaming writers are
// compared with on generated classes, byte for byte.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/grader"
)

// wholeJSON is JSON as it was: encoding/json over a rounded copy of the
// whole class.
func wholeJSON(w io.Writer, c *grader.ClassResult) error {
	if err := checkFinite(c); err != nil {
		return err
	}
	out := *c
	out.MaxScore = roundScore(c.MaxScore)
	if c.Questions != nil {
		out.Questions = make([]grader.QuestionInfo, len(c.Questions))
		for i, q := range c.Questions {
			q.MaxScore = roundScore(q.MaxScore)
			q.Mean = roundScore(q.Mean)
			out.Questions[i] = q
		}
	}
	out.Students = make([]grader.StudentResult, len(c.Students))
	for i, s := range c.Students {
		s.Score = roundScore(s.Score)
		s.MaxScore = roundScore(s.MaxScore)
		qs := make([]grader.QuestionResult, len(s.Questions))
		for j, q := range s.Questions {
			q.Score = roundScore(q.Score)
			q.MaxScore = roundScore(q.MaxScore)
			qs[j] = q
		}
		s.Questions = qs
		out.Students[i] = s
	}
	// The item analysis (issue 12) is not what this reference checks: it
	// is the same head JSON writes, with the students as they were.
	a, err := grader.AnalyseClass(c)
	if err != nil {
		return err
	}
	head := classHead(c, a)
	head.Students = out.Students
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(head)
}

func wholeGradebookCSV(w io.Writer, c *grader.ClassResult) error {
	if c == nil {
		return fmt.Errorf("report: GradebookCSV: no class result")
	}
	cols := wholeColumns(c)
	ids := columnIDs(cols)
	notes := false
	for _, s := range c.Students {
		notes = notes || s.Submission != ""
	}
	rows := make([][]string, 0, len(c.Students)+1)
	rows = append(rows, gradebookHeader(ids, notes))
	for _, s := range c.Students {
		row := make([]string, 0, len(cols)+4)
		row = append(row, csvID(s.Student), csvText(s.Name), formatScore(s.Score))
		for _, col := range cols {
			cell := ""
			if q, ok := findQuestion(&s, col.ID); ok {
				cell = formatScore(q.Score)
			}
			row = append(row, cell)
		}
		if notes {
			row = append(row, csvText(submissionNote(&s)))
		}
		rows = append(rows, row)
	}
	return writeCSV(w, rows)
}

func wholeCanvas(w io.Writer, c *grader.ClassResult, assignment string) error {
	if c == nil {
		return fmt.Errorf("report: Canvas: no class result")
	}
	if assignment == "" {
		assignment = c.ProblemSet
	}
	rows := make([][]string, 0, len(c.Students)+2)
	rows = append(rows,
		[]string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", csvText(oneLine(assignment))},
		[]string{"    Points Possible", "", "", "", "", formatScore(c.MaxScore)},
	)
	for _, s := range c.Students {
		name := s.Name
		if name == "" {
			name = s.Student
		}
		id := csvID(s.Student)
		rows = append(rows, []string{csvText(oneLine(name)), "", id, id, "", formatScore(s.Score)})
	}
	return writeCSV(w, rows)
}

func wholeMoodle(w io.Writer, c *grader.ClassResult) error {
	if c == nil {
		return fmt.Errorf("report: Moodle: no class result")
	}
	item := oneLine(c.ProblemSet)
	if item == "" {
		item = "Grade"
	}
	rows := make([][]string, 0, len(c.Students)+1)
	rows = append(rows, []string{"ID number", "Full name", csvText(item), "Feedback"})
	for _, s := range c.Students {
		rows = append(rows, []string{
			csvID(s.Student), csvText(oneLine(s.Name)), formatScore(s.Score), csvText(plainSummary(&s)),
		})
	}
	return writeCSV(w, rows)
}

func wholeColumns(c *grader.ClassResult) []column {
	cols := make([]column, 0, len(c.Questions))
	seen := make(map[string]bool, len(c.Questions))
	for _, q := range c.Questions {
		if seen[q.ID] {
			continue
		}
		seen[q.ID] = true
		cols = append(cols, column{ID: q.ID, MaxScore: q.MaxScore, Mean: q.Mean})
	}
	extra := len(cols)
	for _, s := range c.Students {
		for _, q := range s.Questions {
			if seen[q.ID] {
				continue
			}
			seen[q.ID] = true
			cols = append(cols, column{ID: q.ID, MaxScore: q.MaxScore})
		}
	}
	if extra < len(cols) && len(c.Students) > 0 {
		for i := extra; i < len(cols); i++ {
			var sum float64
			for _, s := range c.Students {
				if q, ok := findQuestion(&s, cols[i].ID); ok {
					sum += q.Score
				}
			}
			cols[i].Mean = sum / float64(len(c.Students))
		}
	}
	return cols
}

// variedClass is a generated class of n students for comparing writers: a
// random mix (fixed seed) of every status, scores that do not round evenly,
// names and answers that CSV must quote, Markdown must escape and a table
// must clean (commas, quotes, line breaks, tabs, control and double-width
// characters, a formula), students whose submission was not read, students
// without some questions, duplicate results for a question, carried-forward
// credit, and questions the class's question list does not name.
func variedClass(n int, seed uint64) *grader.ClassResult {
	r := rand.New(rand.NewPCG(seed, 1))
	questions := []grader.QuestionInfo{
		{ID: "1a", Text: "Output size (H × W × C)", MaxScore: 1},
		{ID: "1b", Text: "Parameters", MaxScore: 2},
		{ID: "total", Text: "A question called total", MaxScore: 3},
		{ID: "Q", Text: "upper", MaxScore: 1},
		{ID: "q", Text: "lower", MaxScore: 1},
	}
	texts := []string{"", "60 × 60 × 32", "2,432", "say \"hi\"", "line\none", "tab\there", "=SUM(A1)",
		"李小龙", "\x1b[31mred", "`code` | *b*", "-3", "k·(k + m) + k", "\u202eevil", "  60 x", "# heading",
		"\xff\xfe bytes", "para\u2028graph\u2029", "<a & b>", "\b\f\x00\x7f", "ok"}
	pick := func() string { return texts[r.IntN(len(texts))] }
	statuses := []grader.Status{grader.Correct, grader.Partial, grader.Incorrect, grader.Invalid, grader.Missing, grader.Review}
	students := make([]grader.StudentResult, n)
	for i := range students {
		s := grader.StudentResult{Student: "s" + strconv.Itoa(i), Name: pick(), Source: fmt.Sprintf("class.csv:%d", i+2)}
		switch r.IntN(40) {
		case 0:
			s.Submission, s.Problem = grader.SubmissionUnreadable, pick()
			students[i] = s
			continue
		case 1:
			s.Submission = grader.SubmissionNone
			students[i] = s
			continue
		case 2:
			s.Student = "+" + s.Student
		case 3:
			s.Student = "id with, comma" + s.Student
		}
		for _, info := range questions {
			if r.IntN(15) == 0 {
				continue
			}
			st := statuses[r.IntN(len(statuses))]
			res := grader.QuestionResult{ID: info.ID, MaxScore: info.MaxScore, Status: st,
				Answer: pick(), Expected: pick(), ReadAs: pick(), Feedback: pick()}
			switch st {
			case grader.Correct:
				res.Score = info.MaxScore
			case grader.Partial:
				res.Score = info.MaxScore * float64(r.IntN(7)+1) / 9
				if r.IntN(3) == 0 {
					res.CarriedForward = []string{"1a", pick()}
				}
			}
			if r.IntN(50) == 0 {
				res.Feedback = caretFeedback
			}
			s.Questions = append(s.Questions, res)
		}
		switch r.IntN(30) {
		case 0:
			s.Questions = append(s.Questions, grader.QuestionResult{ID: "extra" + strconv.Itoa(r.IntN(3)), Score: 0.5, MaxScore: 1, Status: grader.Partial})
		case 1:
			if len(s.Questions) > 0 {
				s.Questions = append(s.Questions, s.Questions[0]) // graded twice: the first counts
			}
		}
		students[i] = s
	}
	return assembleClass("varied", "Varied, \"quoted\" × class", questions, students)
}

// wholeFeedback is Feedback as it was, with fmt, before it kept the
// questions' parts it renders for a class.
func wholeFeedback(w io.Writer, s grader.StudentResult, title string) error {
	var b strings.Builder
	if title == "" {
		title = "Feedback"
	}
	fmt.Fprintf(&b, "# %s: feedback for %s\n\n", mdEscape(oneLine(title)), mdEscape(oneLine(studentLabel(&s))))
	fmt.Fprintf(&b, "**Total: %s / %s (%s)**\n", formatScore(s.Score), formatScore(s.MaxScore), formatPercent(s.Score, s.MaxScore))
	if s.Source != "" {
		fmt.Fprintf(&b, "\nGraded from %s.\n", mdCode(s.Source))
	}
	if note := submissionNote(&s); note != "" {
		fmt.Fprintf(&b, "\n**%s.**\n", mdEscape(note))
	}
	if len(s.Questions) == 0 {
		b.WriteString("\nNo questions were graded.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}

	b.WriteString("\n| Question | Score | Status |\n| --- | ---: | --- |\n")
	for _, q := range s.Questions {
		fmt.Fprintf(&b, "| %s | %s / %s | %s |\n", mdEscape(oneLine(q.ID)),
			formatScore(q.Score), formatScore(q.MaxScore), q.Status)
	}

	for _, q := range s.Questions {
		fmt.Fprintf(&b, "\n## Question %s: %s, %s / %s\n\n", mdEscape(oneLine(q.ID)), q.Status,
			formatScore(q.Score), formatScore(q.MaxScore))
		if q.Status == grader.Missing && q.Answer == "" {
			b.WriteString("- Your answer: *none*\n")
		} else {
			fmt.Fprintf(&b, "- Your answer: %s\n", mdCode(q.Answer))
		}
		if q.ReadAs != "" && q.ReadAs != q.Answer {
			fmt.Fprintf(&b, "- Read as: %s\n", mdCode(q.ReadAs))
		}
		if q.Expected != "" {
			fmt.Fprintf(&b, "- Expected: %s\n", mdCode(q.Expected))
		}
		if len(q.CarriedForward) > 0 {
			ids := make([]string, len(q.CarriedForward))
			for i, id := range q.CarriedForward {
				ids[i] = mdEscape(oneLine(id))
			}
			fmt.Fprintf(&b, "- Credited from your answers to: %s\n", strings.Join(ids, ", "))
		}
		feedback := strings.Trim(cleanText(q.Feedback), "\n")
		switch {
		case strings.TrimSpace(feedback) == "":
		case strings.Contains(feedback, "\n"):
			fence := mdFence(feedback)
			fmt.Fprintf(&b, "\n%s\n%s\n%s\n", fence, trimLineEnds(feedback), fence)
		default:
			fmt.Fprintf(&b, "\n%s\n", mdEscape(strings.TrimSpace(feedback)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// runeIsPlain is isPlain as it was, rune by rune.
func runeIsPlain(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' || r == '\t' ||
			(r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || isHiddenFormat(r) {
			return false
		}
	}
	return true
}

// writeCSV is how the whole-class writers wrote their rows: with encoding/csv (RFC 4180 quoting of commas, quotes
// and line breaks), all or nothing.
func writeCSV(w io.Writer, rows [][]string) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.WriteAll(rows); err != nil {
		return csvError(err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
