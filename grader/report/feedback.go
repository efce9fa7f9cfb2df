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
	return func(buf *bytes.Buffer, s *grader.StudentResult) error {
		return Feedback(buf, *s, title)
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
