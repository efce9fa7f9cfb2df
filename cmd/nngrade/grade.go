package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/submissions"
)

// defaultSet is what `nngrade grade` grades when given no arguments.
const defaultSet = "hw8"

func gradeCommand() *cli.Command {
	return &cli.Command{
		Name:      "grade",
		Usage:     "grade a class: submission files, folders of them, or a CSV export",
		ArgsUsage: "[SET [SUBMISSIONS...]]",
		Description: "With no arguments, grades the bundled Homework 8 sample class. Each SUBMISSIONS argument is a\n" +
			"submission TOML file, a folder of them, or a CSV with one row per student. A submission\n" +
			"that cannot be read is reported and the rest are graded; the exit code is then 1.\n\n" +
			"Examples:\n   nngrade grade\n   nngrade grade hw8 submissions/ --details\n" +
			"   nngrade grade hw8 class.csv --format csv > gradebook.csv\n" +
			"   nngrade grade hw8 class.csv --format canvas --assignment \"Homework 8\" > canvas.csv\n" +
			"   nngrade grade hw8 class.csv --out feedback/",
		Flags: []cli.Flag{
			formatFlag("`FORMAT`: table, json, csv, canvas, moodle or gradescope", "table"),
			&cli.BoolFlag{Name: "details", Aliases: []string{"d"}, Usage: "also print each student's table: answer, expected, score, feedback"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write one Markdown feedback file per student into `DIR`"},
			&cli.StringFlag{Name: "assignment", Value: "", Usage: "the gradebook column `NAME` for --format canvas (default: the set's title)"},
			rubricFlag(),
		},
		Action: cmdGrade,
	}
}

func cmdGrade(c *cli.Context) error {
	stdout, stderr := c.App.Writer, c.App.ErrWriter
	args := c.Args().Slice()
	setName := defaultSet
	if len(args) > 0 {
		setName, args = args[0], args[1:]
	}
	key, err := loadKey(setName)
	if err != nil {
		return err
	}
	rubric, err := loadRubric(c, key)
	if err != nil {
		return err
	}
	var subs []*submissions.Submission
	var problemsFound []error
	if len(args) == 0 {
		subs, err = submissions.Bundled(key.Set.ID)
		if err != nil || len(subs) == 0 {
			return usageError(c, "no submissions given, and problem set %q has no bundled sample class", key.Set.ID)
		}
	} else {
		subs, problemsFound = submissions.Collect(args)
	}
	usable, notes, more := checkSubmissions(subs, key.Set)
	problemsFound = append(problemsFound, more...)
	for _, p := range problemsFound {
		fmt.Fprintln(stderr, p)
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, n)
	}
	class := grader.New(key, rubric).GradeClass(usable)
	if err := writeClass(c, stdout, class); err != nil {
		return err
	}
	if dir := c.String("out"); dir != "" {
		if err := writeFeedbackFiles(dir, class); err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		fmt.Fprintf(stderr, "wrote %d feedback files to %s\n", len(class.Students), dir)
	}
	if len(problemsFound) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("nngrade grade: %d problem(s) with the submissions above; the rest were graded", len(problemsFound))}
	}
	return nil
}

// checkSubmissions keeps the submissions that can be graded against set. A
// submission for another set is a problem and is skipped. An answer to a question
// the set does not have is a problem when its id is close to a real one (a typo
// loses the student's answer); a CSV column that is no question at all (an LMS
// export's "Timestamp" or "Email") is only noted, once per file.
func checkSubmissions(subs []*submissions.Submission, set *problems.Set) (usable []*submissions.Submission, notes []string, found []error) {
	type column struct{ file, id string }
	csvColumns := map[column][]string{} // -> students
	var columnOrder []column
	var suggestions = map[column]string{}
	for _, s := range subs {
		skip := false
		for _, e := range s.Check(set) {
			var wrongSet *submissions.WrongSetError
			var unknown *submissions.UnknownQuestionError
			switch {
			case errors.As(e, &wrongSet):
				found = append(found, e)
				skip = true
			case errors.As(e, &unknown) && unknown.FromCSV:
				c := column{unknown.File, unknown.ID}
				if _, seen := csvColumns[c]; !seen {
					columnOrder = append(columnOrder, c)
				}
				csvColumns[c] = append(csvColumns[c], unknown.Student)
				suggestions[c] = unknown.Suggestion
			default:
				found = append(found, e)
			}
		}
		if !skip {
			usable = append(usable, s)
		}
	}
	ignored := map[string][]string{}
	var files []string
	for _, c := range columnOrder {
		if sug := suggestions[c]; sug != "" {
			found = append(found, fmt.Errorf("%s: column %q is not a question of %s; did you mean %q? The answers of %d students in it were not graded",
				c.file, c.id, set.ID, sug, len(csvColumns[c])))
			continue
		}
		if _, ok := ignored[c.file]; !ok {
			files = append(files, c.file)
		}
		ignored[c.file] = append(ignored[c.file], fmt.Sprintf("%q", c.id))
	}
	for _, f := range files {
		notes = append(notes, fmt.Sprintf("%s: ignored columns that are not questions of %s: %s", f, set.ID, strings.Join(ignored[f], ", ")))
	}
	return usable, notes, found
}

func writeClass(c *cli.Context, w io.Writer, class *grader.ClassResult) error {
	var buf bytes.Buffer
	var err error
	switch f := c.String("format"); f {
	case "table":
		err = report.ClassTable(&buf, class)
		if err == nil && c.Bool("details") {
			for _, s := range class.Students {
				buf.WriteString("\n")
				if err = report.StudentTable(&buf, s); err != nil {
					break
				}
			}
		}
	case "json":
		err = report.JSON(&buf, class)
	case "csv":
		err = report.GradebookCSV(&buf, class)
	case "canvas":
		name := c.String("assignment")
		if name == "" {
			name = class.Title
		}
		if name == "" {
			name = class.ProblemSet
		}
		err = report.Canvas(&buf, class, name)
	case "moodle":
		err = report.Moodle(&buf, class)
	case "gradescope":
		if len(class.Students) != 1 {
			return usageError(c, "--format gradescope writes one student's results.json; got %d students (use --out DIR for one file per student)", len(class.Students))
		}
		err = report.Gradescope(&buf, class.Students[0])
	default:
		return usageError(c, "unknown --format %q; valid: table, json, csv, canvas, moodle, gradescope", f)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func writeFeedbackFiles(dir string, class *grader.ClassResult) error {
	files, err := report.FeedbackFiles(class)
	if err != nil {
		return err
	}
	return report.WriteFiles(dir, files)
}
