package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
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
			"that cannot be read is reported, and its student keeps a row marked unreadable when the\n" +
			"file names the id (or is named by it); the exit code is then 1. --roster gives every\n" +
			"enrolled student a row, with all answers missing when nothing came in.\n\n" +
			"Examples (the files are in examples/hw8/):\n   nngrade grade\n   nngrade grade hw8 submissions/ --details\n" +
			"   nngrade grade hw8 class.csv --format csv > gradebook.csv\n" +
			"   nngrade grade hw8 class.csv --format canvas --assignment \"Homework 8\" > canvas.csv\n" +
			"   nngrade grade hw8 submissions/ --roster roster.csv\n" +
			"   nngrade grade hw8 class.csv --out feedback/",
		Flags: []cli.Flag{
			formatFlag("`FORMAT`: table, json, csv, canvas, moodle or gradescope", "table"),
			&cli.BoolFlag{Name: "details", Aliases: []string{"d"}, Usage: "also print each student's table: answer, expected, score, feedback"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write one Markdown feedback file per student into `DIR`"},
			&cli.StringFlag{Name: "assignment", Value: "", Usage: "the gradebook column `NAME` for --format canvas (default: the set's title)"},
			rubricFlag(),
			&cli.StringFlag{Name: "roster", Usage: "give every student of the roster `FILE` (a CSV with a student id column, such as an LMS export) a row; report submissions from others"},
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
	var found []error
	if len(args) == 0 {
		subs, err = bundledclasses.Class(key.Set.ID)
		if err != nil || len(subs) == 0 {
			return usageError(c, "no submissions given, and problem set %q has no bundled sample class", key.Set.ID)
		}
	} else {
		subs, found = submissions.Collect(args)
	}
	if path := c.String("roster"); path != "" {
		roster, rosterProblems := submissions.LoadRoster(path)
		if len(roster) == 0 {
			return &exitError{code: 2, msg: errors.Join(rosterProblems...).Error()}
		}
		found = append(found, rosterProblems...)
		var strangers []error
		subs, strangers = submissions.ApplyRoster(subs, roster, path)
		found = append(found, strangers...)
	}
	usable, notes, more := checkSubmissions(subs, key.Set)
	found = append(found, more...)
	var problemsFound []error
	var notices []string
	for _, p := range found {
		if submissions.IsNotice(p) {
			notices = append(notices, p.Error())
			continue
		}
		problemsFound = append(problemsFound, p)
	}
	for _, p := range problemsFound {
		fmt.Fprintln(stderr, p)
	}
	for _, n := range append(notices, notes...) {
		fmt.Fprintln(stderr, n)
	}
	g := grader.New(key, rubric)
	// Gradescope shows its results.json to the student: it is graded under the
	// student policy, as check is (no key values in the feedback, the key only
	// with an answer that is the key). The instructor's outputs keep the
	// numbers behind each slip.
	g.SelfCheck = c.String("format") == "gradescope"
	class := g.GradeClass(usable)
	if err := writeClass(c, stdout, class); err != nil {
		return err
	}
	if dir := c.String("out"); dir != "" {
		if err := writeFeedbackFiles(dir, class); err != nil {
			if errors.Is(err, context.Canceled) {
				return &exitError{code: 130, msg: "nngrade grade: stopped; " + strings.TrimPrefix(err.Error(), "report: ")}
			}
			return &exitError{code: 2, msg: err.Error()}
		}
		fmt.Fprintf(stderr, "wrote %s to %s\n", plural.Count(len(class.Students), "feedback file", "feedback files"), dir)
	}
	if len(problemsFound) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("nngrade grade: %s with the submissions above; %s",
			plural.Count(len(problemsFound), "problem", "problems"), gradedSummary(class))}
	}
	return nil
}

// gradedSummary says what the outputs hold after problems: how many students
// were graded, and how many of those rows stand for a file that could not be
// read.
func gradedSummary(class *grader.ClassResult) string {
	if len(class.Students) == 0 {
		return "no student was graded"
	}
	unreadable := 0
	for _, s := range class.Students {
		if s.Submission == grader.SubmissionUnreadable {
			unreadable++
		}
	}
	s := plural.Count(len(class.Students), "student", "students") + " graded"
	if unreadable > 0 {
		s += fmt.Sprintf(", %d of them marked unreadable", unreadable)
	}
	return s
}

// checkSubmissions keeps the submissions that can be graded against set. A
// submission for another set is a problem and is skipped. A class CSV's columns
// are matched with the set's questions once per file (submissions.MatchColumns:
// "Question 1a" answers 1a, which a note says); a column that looks like a
// question but answers none loses the answers in it, a problem that names them;
// a column that is no question at all (an LMS export's "Timestamp" or "Email")
// is only noted, as are the questions no column answers.
func checkSubmissions(subs []*submissions.Submission, set *problems.Set) (usable []*submissions.Submission, notes []string, found []error) {
	type column struct{ file, id string }
	type lostAnswer struct{ student, answer string }
	csvColumns := map[column][]lostAnswer{}
	var columnOrder []column
	var suggestions = map[column]string{}
	matches := map[string]submissions.ColumnMatch{} // CSV file -> how its columns answer set
	for _, s := range subs {
		if s.FromCSV {
			m, done := matches[s.File]
			if !done {
				m = submissions.MatchColumns(s.Columns, set)
				matches[s.File] = m
				notes = append(notes, columnNotes(s.File, m, set)...)
			}
			s.Rename(m.Read)
		}
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
				csvColumns[c] = append(csvColumns[c], lostAnswer{unknown.Student, s.Answers[unknown.ID]})
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
		lost := csvColumns[c]
		var named []string
		for i, a := range lost {
			if i == 5 {
				named = append(named, fmt.Sprintf("and %d more", len(lost)-5))
				break
			}
			named = append(named, fmt.Sprintf("%s %q", a.student, a.answer))
		}
		lostText := fmt.Sprintf("The answers of %s in it were not graded: %s", plural.Count(len(lost), "student", "students"), strings.Join(named, ", "))
		switch sug, could := suggestions[c], matches[c.file].Ambiguous[c.id]; {
		case len(could) > 0:
			found = append(found, fmt.Errorf("%s: column %q could be question %s of %s; name it by its question id. %s",
				c.file, c.id, strings.Join(could, " or "), set.ID, lostText))
			continue
		case sug != "":
			found = append(found, fmt.Errorf("%s: column %q is not a question of %s; did you mean %q? %s",
				c.file, c.id, set.ID, sug, lostText))
			continue
		case submissions.LooksLikeQuestion(c.id):
			found = append(found, fmt.Errorf("%s: column %q is not a question of %s (its questions: %s). %s",
				c.file, c.id, set.ID, strings.Join(set.QuestionIDs(), ", "), lostText))
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

// columnNotes says how a class CSV's columns were read: the columns read as
// questions by FORMAT.md's normalisation, and the questions no column answers.
func columnNotes(file string, m submissions.ColumnMatch, set *problems.Set) []string {
	var notes []string
	var read []string
	for _, id := range set.QuestionIDs() {
		for col, to := range m.Read {
			if to == id {
				read = append(read, fmt.Sprintf("%q as %s", col, id))
			}
		}
	}
	if len(read) > 0 {
		notes = append(notes, fmt.Sprintf("%s: columns read as questions of %s: %s", file, set.ID, strings.Join(read, ", ")))
	}
	if len(m.NoColumn) > 0 {
		notes = append(notes, fmt.Sprintf("%s: no column answers %s %s (missing in every row)",
			file, plural.Word(len(m.NoColumn), "question", "questions"), strings.Join(m.NoColumn, ", ")))
	}
	return notes
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
			return usageError(c, "--format gradescope writes one student's results.json; got %s (use --out DIR for one file per student)", plural.Count(len(class.Students), "student", "students"))
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

// writeFeedbackFiles writes the feedback files and their index into dir. While
// it writes, Ctrl-C (SIGINT) and SIGTERM stop it cleanly: its temporary files
// are removed and dir is left as it was. Before and after, the signals act as
// usual.
func writeFeedbackFiles(dir string, class *grader.ClassResult) error {
	files, err := report.FeedbackFiles(class)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return report.WriteFilesContext(ctx, dir, files)
}
