package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nngrade/nngrade/grader"
)

// The Gradescope autograder's results.json, with the field names of its
// specification ("Autograder Specifications", Output format, in
// gradescope-autograders.readthedocs.io/en/latest/specs/, source
// gradescope/autograder_samples docs/specs.md): top-level score, output,
// visibility, stdout_visibility and tests; per test score, max_score, status
// ("passed" or "failed", see "Test case status"), name, number, output and
// visibility. The specification has no top-level max_score: Gradescope sums the
// tests' max_score. Only documented keys are written; gradescope_test.go checks
// the keys against the specification's list.
type gradescopeResults struct {
	Score            float64          `json:"score"`
	Output           string           `json:"output"`
	Visibility       string           `json:"visibility"`
	StdoutVisibility string           `json:"stdout_visibility"`
	Tests            []gradescopeTest `json:"tests"`
}

type gradescopeTest struct {
	Score      float64 `json:"score"`
	MaxScore   float64 `json:"max_score"`
	Status     string  `json:"status"`
	Name       string  `json:"name"`
	Number     string  `json:"number"`
	Output     string  `json:"output"`
	Visibility string  `json:"visibility"`
}

// Gradescope visibility and status values, as the specification spells them.
const (
	gradescopeVisible = "visible"
	gradescopeHidden  = "hidden"
	gradescopePassed  = "passed"
	gradescopeFailed  = "failed"
)

// Gradescope writes one student's results as Gradescope's autograder
// results.json: the student's total as "score", and one test per question whose
// "number" is the question id, "status" is "passed" only for a correct answer
// (partial credit shows as failed with its score), and "output" gives the
// answer, how it was read, the expected answer and the feedback. Output is plain
// text, which Gradescope shows in a fixed-width <pre> block, so caret lines stay
// aligned. Results are visible to the student at once ("visibility": "visible");
// nngrade's standard output is for the instructor ("stdout_visibility":
// "hidden"). Run it inside run_autograder, writing
// /autograder/results/results.json.
func Gradescope(w io.Writer, s grader.StudentResult) error {
	return GradescopeWith(w, s, GradescopeOptions{})
}

// GradescopeOptions are what an autograder run adds to Gradescope's results.
type GradescopeOptions struct {
	// Visibility is when the student sees the results, one of
	// GradescopeVisibilities; "" is "visible", at once. Every test has the
	// same (a test's own visibility would override the results').
	Visibility string
	// Note is told to the student before the total: what the autograder has
	// to say about the upload (its answers file could not be read, with the
	// place and a caret; it answers another set). Kept verbatim, lines and
	// all.
	Note string
}

// GradescopeVisibilities are the visibility values Gradescope's
// specification documents ("Controlling Test Case Visibility"): hidden
// (never shown to students), after_due_date, after_published (once the
// instructor publishes the grades) and visible.
var GradescopeVisibilities = []string{gradescopeVisible, gradescopeHidden, "after_due_date", "after_published"}

// GradescopeWith is Gradescope with the options of an autograder run.
func GradescopeWith(w io.Writer, s grader.StudentResult, o GradescopeOptions) error {
	if o.Visibility != "" && !slices.Contains(GradescopeVisibilities, o.Visibility) {
		return fmt.Errorf("report: Gradescope visibility %q; valid: %s", o.Visibility, strings.Join(GradescopeVisibilities, ", "))
	}
	if err := checkStudentFinite(&s); err != nil {
		return err
	}
	r := gradescopeResultsFor(roundedStudent(s))
	if o.Visibility != "" {
		r.Visibility = o.Visibility
		for i := range r.Tests {
			r.Tests[i].Visibility = o.Visibility
		}
	}
	if note := strings.TrimRight(cleanText(o.Note), "\n "); note != "" {
		r.Output = note + "\n\n" + r.Output
	}
	return encodeJSON(w, r)
}

// GradescopeClass renders Gradescope results for every student of a class, as
// files for WriteFiles: StudentFileName(id, ".json") each, and IndexFileName
// mapping ids to names. It is for archiving or uploading results made outside
// Gradescope's own autograder run.
func GradescopeClass(c *grader.ClassResult) (map[string][]byte, error) {
	if c == nil {
		return nil, fmt.Errorf("report: GradescopeClass: no class result")
	}
	return studentFileMap(c, ".json", func(buf *bytes.Buffer, s *grader.StudentResult) error {
		return Gradescope(buf, *s)
	})
}

func gradescopeResultsFor(s grader.StudentResult) gradescopeResults {
	r := gradescopeResults{
		Score: s.Score,
		Output: fmt.Sprintf("%s: %s / %s (%s)", cleanText(studentLabel(&s)),
			formatScore(s.Score), formatScore(s.MaxScore), formatPercent(s.Score, s.MaxScore)),
		Visibility:       gradescopeVisible,
		StdoutVisibility: gradescopeHidden,
		Tests:            make([]gradescopeTest, 0, len(s.Questions)),
	}
	if note := submissionNote(&s); note != "" {
		r.Output += "\n" + cleanText(note)
	}
	for _, q := range s.Questions {
		status := gradescopeFailed
		if q.Status == grader.Correct {
			status = gradescopePassed
		}
		r.Tests = append(r.Tests, gradescopeTest{
			Score:      q.Score,
			MaxScore:   q.MaxScore,
			Status:     status,
			Name:       testName(q),
			Number:     oneLine(q.ID),
			Output:     gradescopeOutput(q),
			Visibility: gradescopeVisible,
		})
	}
	return r
}

// gradescopeOutput is a test's text: what the student wrote, how it was read,
// what was expected, and the feedback, verbatim (carets included).
func gradescopeOutput(q grader.QuestionResult) string {
	var b strings.Builder
	answer := cleanText(q.Answer)
	if q.Status == grader.Missing && q.Answer == "" {
		answer = "(none)"
	}
	fmt.Fprintf(&b, "Your answer: %s\n", answer)
	if q.ReadAs != "" && q.ReadAs != q.Answer {
		fmt.Fprintf(&b, "Read as: %s\n", cleanText(q.ReadAs))
	}
	if q.Expected != "" {
		fmt.Fprintf(&b, "Expected: %s\n", cleanText(q.Expected))
	}
	fmt.Fprintf(&b, "Score: %s / %s (%s)\n", formatScore(q.Score), formatScore(q.MaxScore), q.Status)
	if len(q.CarriedForward) > 0 {
		fmt.Fprintf(&b, "Credited from your answers to: %s\n", cleanText(strings.Join(q.CarriedForward, ", ")))
	}
	if fb := strings.TrimRight(cleanText(q.Feedback), "\n "); fb != "" {
		b.WriteString("\n")
		b.WriteString(fb)
		b.WriteString("\n")
	}
	return b.String()
}

// testName is a Gradescope test's title: the question id and, when the result
// carries it, the start of the question's text.
func testName(q grader.QuestionResult) string {
	name := "Question " + oneLine(q.ID)
	if text := oneLine(q.Text); text != "" {
		name += ": " + truncate(text, 60)
	}
	return name
}
