package grader

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nngrade/nngrade/internal/plural"
)

// SuggestMinCount is the fewest students who wrote a wrong answer for the
// reports to suggest a known mistake for it.
const SuggestMinCount = 2

// SuggestedMistakes is a rubric's known mistakes (FORMAT.md's
// [[questions."id".mistakes]]) for the class's frequent wrong answers that
// the rubric does not cover yet: those at least minCount students wrote,
// among each question's WrongAnswers. Each gives the credit the answer earns
// today (unrounded: 0.33335 for 0.6667 of 2 points) and as its feedback the
// grader's diagnosis as a student's check gives it (less the notes the
// grader writes after any known mistake's feedback), so that pasted into the
// rubric as it is it changes no score and nothing a student is shown, and
// shows no number of the key; the instructor edits both. An answer
// some student of which was credited by carry-forward is left commented
// out: a known mistake is matched first, and would take that credit away.
// "" when there is nothing to suggest.
func SuggestedMistakes(a *ClassAnalysis, minCount int) string {
	if a.ByDiagnosis {
		// One variant's wrong number is no mistake of another's: a known
		// mistake of a set with params is a formula in them, which the
		// instructor writes (FORMAT.md, "Grading a set with per-student values").
		return ""
	}
	var b strings.Builder
	for _, item := range a.Items {
		for _, w := range item.WrongAnswers {
			if w.Covered || w.Count < max(minCount, 1) {
				continue
			}
			if b.Len() == 0 {
				b.WriteString("# Known mistakes the rubric does not have yet: the class's frequent wrong answers,\n" +
					"# each with the credit it earns today and nngrade's diagnosis as its feedback.\n" +
					"# Feedback reaches students as written: edit it (and the credit), then paste\n" +
					"# the entries into the rubric.\n")
			}
			answer := w.MistakeAnswer
			if answer == "" {
				answer = w.Written
			}
			if answer == "" {
				answer = w.Answer
			}
			feedback, notesFollow := w.Diagnosis, false
			if w.MistakeAnswer != "" {
				feedback, notesFollow = w.MistakeFeedback, w.MistakeNotes
			}
			credit := 0.0
			if item.MaxScore > 0 {
				credit = min(1, max(0, w.Score/item.MaxScore))
			}
			fmt.Fprintf(&b, "\n# %s\n", commentLine(fmt.Sprintf("%s: %s (%s), %s, %s of %s points.", item.QuestionID,
				plural.Count(w.Count, "student", "students"), listStudents(w.Students, w.Count), w.Status,
				formatPoints(w.Score), formatPoints(item.MaxScore))))
			entry := fmt.Sprintf("[[questions.%s.mistakes]]\nanswer = %s\ncredit = %s\nfeedback = %s\n",
				tomlString(item.QuestionID), tomlString(answer), strconv.FormatFloat(credit, 'f', -1, 64), tomlString(feedback))
			if notesFollow {
				entry = "# nngrade adds its own notes on the answer after this feedback, as it does now.\n" + entry
			}
			carried := w.CarriedForward + w.CorrectByCarry
			if carried == 0 {
				b.WriteString(entry)
				continue
			}
			// A known mistake is matched before carry-forward: this one
			// would take those students' credit away.
			fmt.Fprintf(&b, "# Left commented out: %s who wrote it %s credited by carry-forward from\n"+
				"# their earlier answers, which a known mistake would take away.\n",
				plural.Count(carried, "student", "students"), plural.Word(carried, "was", "were"))
			for _, line := range strings.SplitAfter(entry, "\n") {
				if line != "" {
					b.WriteString("# " + line)
				}
			}
		}
	}
	return b.String()
}

// listStudents names the first few students, and says how many more.
func listStudents(ids []string, count int) string {
	const named = 5
	shown := ids[:min(len(ids), named)]
	s := strings.Join(shown, ", ")
	if more := count - len(shown); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// commentLine is s made fit for one line of a TOML comment: a comment ends
// at the line's end, and student text (an id) may hold a line break; TOML
// allows no other control character in a comment, nor bytes that are not
// UTF-8.
func commentLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func formatPoints(x float64) string { return strconv.FormatFloat(roundScore(x), 'f', -1, 64) }

// tomlString quotes s as a TOML basic string: \" and \\, the short escapes,
// \uXXXX for the other control characters, and U+FFFD for bytes that are
// not UTF-8 (which TOML cannot hold).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
