package report

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/olekukonko/tablewriter/tw"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/plural"
)

// statsWrongAnswers is how many of a question's most frequent wrong answers
// StatsTable lists.
const statsWrongAnswers = 3

// statsLegend explains the statistics under StatsTable's table.
const statsLegend = "difficulty: mean score / max (1: everyone right); discrimination: correlation of the score\n" +
	"with the rest of the total (below 0.2 the question tells strong from weak students apart\n" +
	"poorly; - : the scores do not vary)\n"

// StatsTable writes a class's item analysis (`grade --stats`): the class's
// title line, a table with a row per question (its points, difficulty,
// discrimination, and how many answers have each status), then each
// question's most frequent wrong answers as read, with how many students
// wrote them, their score and the diagnosis; last, the known mistakes the
// rubric could have (grader.SuggestedMistakes of the answers at least
// grader.SuggestMinCount students wrote), as TOML to paste. a is
// AnalyseClass(c).
func StatsTable(w io.Writer, c *grader.ClassResult, a *grader.ClassAnalysis) error {
	if c == nil || a == nil {
		return fmt.Errorf("report: StatsTable: no class result or analysis")
	}
	var out strings.Builder
	out.WriteString(classTitle(c))
	if a.Students == 0 {
		out.WriteString("No submission was graded: there is nothing to analyse.\n")
		_, err := io.WriteString(w, out.String())
		return err
	}
	total := 0.0
	for _, x := range a.Totals {
		total += x
	}
	fmt.Fprintf(&out, "Item analysis of %s (mean total %s / %s)\n", plural.Count(a.Students, "graded submission", "graded submissions"),
		formatNumber(total/float64(a.Students), classDecimals), formatScore(a.MaxScore))
	review := false
	for _, it := range a.Items {
		review = review || it.Counts.Review > 0
	}
	header := []any{"Question", "Max", "Difficulty", "Discrimination", "Correct", "Partial", "Incorrect", "Invalid", "Missing"}
	if review {
		header = append(header, "Review")
	}
	aligns := []tw.Align{tw.AlignLeft}
	for range header[1:] {
		aligns = append(aligns, tw.AlignRight)
	}
	table := newTable(&out, tw.AlignCenter, aligns)
	table.Header(header...)
	for _, it := range a.Items {
		n := it.Counts
		row := []any{oneLine(it.QuestionID), formatScore(it.MaxScore), statistic(it.Difficulty), statistic(it.Discrimination),
			n.Correct, n.Partial, n.Incorrect, n.Invalid, n.Missing}
		if review {
			row = append(row, n.Review)
		}
		if err := table.Append(row...); err != nil {
			return fmt.Errorf("report: stats table, question %q: %w", it.QuestionID, err)
		}
	}
	if err := table.Render(); err != nil {
		return fmt.Errorf("report: stats table: %w", err)
	}
	out.WriteString(statsLegend)
	for _, it := range a.Items {
		if it.Copies > 0 {
			fmt.Fprintf(&out, "Question %s: %s another variant's answer (copied?): %s\n", oneLine(it.QuestionID),
				plural.Count(it.Copies, "wrong answer is", "wrong answers are"), studentList(it.CopiedBy, it.Copies))
		}
	}

	wrote := false
	for _, it := range a.Items {
		if len(it.WrongAnswers) == 0 {
			continue
		}
		if !wrote {
			fmt.Fprintf(&out, "\nMost frequent wrong answers (at most %d a question; \"known\": a mistake the rubric has):\n", statsWrongAnswers)
			wrote = true
		}
		for k, wa := range it.WrongAnswers[:min(len(it.WrongAnswers), statsWrongAnswers)] {
			label := ""
			if k == 0 {
				label = oneLine(it.QuestionID)
			}
			known := ""
			if wa.Covered {
				known = ", known"
			}
			fmt.Fprintf(&out, "%-4s %s: %s (%s), %s %s / %s%s\n", label, truncate(oneLine(wa.Answer), maxAnswerWidth),
				plural.Count(wa.Count, "student", "students"), studentList(wa.Students, wa.Count), wa.Status,
				formatScore(wa.Score), formatScore(it.MaxScore), known)
			diagnosis := strings.TrimRight(cleanText(wa.Diagnosis), "\n ")
			if diagnosis == "" {
				continue
			}
			for _, line := range strings.Split(diagnosis, "\n") {
				out.WriteString("       ")
				out.WriteString(strings.TrimRight(line, " "))
				out.WriteByte('\n')
			}
		}
		if it.Ungrouped > 0 {
			fmt.Fprintf(&out, "       and %s not grouped: the question has more different wrong answers than are counted\n",
				plural.Count(it.Ungrouped, "wrong answer", "wrong answers"))
		}
	}
	if suggested := grader.SuggestedMistakes(a, grader.SuggestMinCount); suggested != "" {
		out.WriteString("\n")
		out.WriteString(suggested)
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// statistic prints a difficulty or discrimination with 2 decimals, or "-"
// when it is not a number.
func statistic(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return formatNumber(x, 2)
}

// studentList names the first three students, and says how many more.
func studentList(ids []string, count int) string {
	shown := ids[:min(len(ids), 3)]
	names := make([]string, len(shown))
	for i, id := range shown {
		names[i] = oneLine(id)
	}
	s := strings.Join(names, ", ")
	if more := count - len(shown); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}
