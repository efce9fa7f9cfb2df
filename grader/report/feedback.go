package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/nngrade/nngrade/grader"
)

// Feedback writes one student's feedback as Markdown: a heading with title and
// the student, the total, a summary table, then a section per question with the
// answer as written and as read, the expected answer when the rubric shows it,
// the score and status, and the explanation. Answers are code spans, so nothing
// a student writes is read as Markdown or HTML. An explanation that spans lines
// (an answer echoed with a caret under the problem) is a fenced code block,
// where the caret stays in its column; a one-line explanation is a paragraph
// with Markdown's special characters escaped.
func Feedback(w io.Writer, s grader.StudentResult, title string) error {
	var f feedbackWriter
	_, err := w.Write(f.appendFeedback(nil, &s, title))
	return err
}

// feedbackWriter renders Feedback for the students of a class, keeping each
// distinct question's summary row and section (in a renderCache),
// which a class repeats from student to student. Its zero value keeps none.
type feedbackWriter struct {
	parts  *renderCache[feedbackPart]
	scores *scoreStrings
}

// feedbackPart is a question's row of the summary table and its section.
type feedbackPart struct{ row, section string }

func newFeedbackWriter() *feedbackWriter {
	return &feedbackWriter{parts: new(renderCache[feedbackPart]), scores: newScoreStrings(scoreDecimals)}
}

func (f *feedbackWriter) score(x float64) string {
	if f.scores == nil {
		return formatScore(x)
	}
	return f.scores.format(x)
}

// appendFeedback appends s's feedback file to dst.
func (f *feedbackWriter) appendFeedback(dst []byte, s *grader.StudentResult, title string) []byte {
	if title == "" {
		title = "Feedback"
	}
	dst = append(dst, "# "...)
	dst = append(dst, mdEscape(oneLine(title))...)
	dst = append(dst, ": feedback for "...)
	dst = append(dst, mdEscape(oneLine(studentLabel(s)))...)
	dst = append(dst, "\n\n**Total: "...)
	dst = append(dst, f.score(s.Score)...)
	dst = append(dst, " / "...)
	dst = append(dst, f.score(s.MaxScore)...)
	dst = append(dst, " ("...)
	dst = append(dst, formatPercent(s.Score, s.MaxScore)...)
	dst = append(dst, ")**\n"...)
	if s.Source != "" {
		dst = append(dst, "\nGraded from "...)
		dst = append(dst, mdCode(s.Source)...)
		dst = append(dst, ".\n"...)
	}
	if len(s.Params) > 0 {
		// The student's own values; a copy's flag (CopiedFrom) is the
		// instructor's and is not written in a file the student is sent.
		dst = append(dst, "\nYour values: "...)
		dst = append(dst, mdEscape(s.Params.String())...)
		dst = append(dst, ".\n"...)
	}
	if note := submissionNote(s); note != "" {
		dst = append(dst, "\n**"...)
		dst = append(dst, mdEscape(note)...)
		dst = append(dst, ".**\n"...)
	}
	if len(s.Questions) == 0 {
		return append(dst, "\nNo questions were graded.\n"...)
	}
	dst = append(dst, "\n| Question | Score | Status |\n| --- | ---: | --- |\n"...)
	for i := range s.Questions {
		dst = append(dst, f.part(s, i).row...)
	}
	for i := range s.Questions {
		dst = append(dst, f.part(s, i).section...)
	}
	return dst
}

// part is the row and section of s's i-th result, kept when f keeps parts
// (see renderCache for which results it keeps).
func (f *feedbackWriter) part(s *grader.StudentResult, i int) feedbackPart {
	if f.parts == nil {
		return f.renderPart(&s.Questions[i])
	}
	if p, ok := f.parts.get(s, i); ok {
		return p
	}
	p := f.renderPart(&s.Questions[i])
	f.parts.put(s, i, len(p.row)+len(p.section), func() feedbackPart { return p })
	return p
}

func (f *feedbackWriter) renderPart(q *grader.QuestionResult) feedbackPart {
	id := mdEscape(oneLine(q.ID))
	score := f.score(q.Score) + " / " + f.score(q.MaxScore)
	row := "| " + id + " | " + score + " | " + string(q.Status) + " |\n"

	var b strings.Builder
	b.WriteString("\n## Question " + id + ": " + string(q.Status) + ", " + score + "\n\n")
	if q.Status == grader.Missing && q.Answer == "" {
		b.WriteString("- Your answer: *none*\n")
	} else {
		b.WriteString("- Your answer: " + mdCode(q.Answer) + "\n")
	}
	if q.ReadAs != "" && q.ReadAs != q.Answer {
		b.WriteString("- Read as: " + mdCode(q.ReadAs) + "\n")
	}
	if q.SourceLine > 0 {
		b.WriteString(fmt.Sprintf("- Found at: line %d of your document (%s)\n", q.SourceLine, mdEscape(oneLine(q.Extraction))))
	}
	if q.Expected != "" {
		b.WriteString("- Expected: " + mdCode(q.Expected) + "\n")
	}
	if len(q.CarriedForward) > 0 {
		ids := make([]string, len(q.CarriedForward))
		for i, id := range q.CarriedForward {
			ids[i] = mdEscape(oneLine(id))
		}
		b.WriteString("- Credited from your answers to: " + strings.Join(ids, ", ") + "\n")
	}
	feedback := strings.Trim(cleanText(q.Feedback), "\n")
	switch {
	case strings.TrimSpace(feedback) == "":
	case strings.Contains(feedback, "\n"):
		fence := mdFence(feedback)
		b.WriteString("\n" + fence + "\n" + trimLineEnds(feedback) + "\n" + fence + "\n")
	default:
		b.WriteString("\n" + mdEscape(strings.TrimSpace(feedback)) + "\n")
	}
	return feedbackPart{row: row, section: b.String()}
}

// FeedbackFiles renders Feedback for every student of a class, as files for
// WriteFiles: StudentFileName(id, ".md") each, titled with the problem set's
// title, or its id when it has none, and IndexFileName mapping ids to names.
// It holds every file in memory: WriteFeedbackFilesContext writes the same
// files into a folder without.
func FeedbackFiles(c *grader.ClassResult) (map[string][]byte, error) {
	if c == nil {
		return nil, fmt.Errorf("report: FeedbackFiles: no class result")
	}
	return studentFileMap(c, ".md", feedbackRenderer(c))
}

// feedbackRenderer renders a student's feedback file of class c.
func feedbackRenderer(c *grader.ClassResult) func(*bytes.Buffer, *grader.StudentResult) error {
	title := c.Title
	if title == "" {
		title = c.ProblemSet
	}
	f := newFeedbackWriter()
	return func(buf *bytes.Buffer, s *grader.StudentResult) error {
		buf.Write(f.appendFeedback(buf.AvailableBuffer(), s, title))
		return nil
	}
}

// mdCode makes s an inline code span: one line, delimited by a run of backticks
// longer than any inside it, padded with a space when it starts or ends with a
// backtick (CommonMark's rule for code spans).
func mdCode(s string) string {
	s = oneLine(s)
	if s == "" {
		return "*empty*"
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdFence is a code fence longer than any run of backticks in s.
func mdFence(s string) string {
	return strings.Repeat("`", max(3, longestRun(s, '`')+1))
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// mdEscape escapes the characters that would make Markdown of one line of
// text: emphasis (* _ ~), code (`), links ([ ]), HTML (< >), table cells (|),
// backslashes, and a heading, list or quote marker at the start.
func mdEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
		case '#', '+', '-':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// trimLineEnds removes trailing spaces from every line.
func trimLineEnds(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " ")
	}
	return strings.Join(lines, "\n")
}
