package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:      "template",
		Usage:     "print a submission file listing every question, to fill in",
		ArgsUsage: "SET",
		Description: "SET may be a problem set or a sealed student edition (<id>.student.toml).\n\n" +
			"Example:\n   nngrade template hw8 > answers.toml",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "student", Value: "your-id", Usage: "the student `ID` to write in the file"},
		},
		Action: cmdTemplate,
	}
}

func cmdTemplate(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set")
	}
	name := c.Args().First()
	set, err := problems.Open(name)
	if errors.As(err, new(*problems.StudentEditionError)) {
		ed, err := loadEdition(name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(c.App.Writer, editionTemplate(ed, filepath.Base(name), c.String("student")))
		return err
	}
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	_, err = io.WriteString(c.App.Writer, submissionTemplate(set, c.String("student")))
	return err
}

// templateQuestion is what a template says of one question.
type templateQuestion struct{ id, text, hint string }

// submissionTemplate lists every question id with its text as a comment.
func submissionTemplate(set *problems.Set, student string) string {
	var qs []templateQuestion
	for _, q := range set.Questions {
		qs = append(qs, templateQuestion{q.ID, q.Text, set.AnswerHint(q)})
	}
	return writeTemplate(set.ID, set.Title, templateSetArg(set), student, qs)
}

// editionTemplate is submissionTemplate for a sealed student edition, named
// as setArg on the check line.
func editionTemplate(ed *grader.StudentEdition, setArg, student string) string {
	var qs []templateQuestion
	for _, q := range ed.Questions {
		qs = append(qs, templateQuestion{q.ID, q.Text, q.Hint})
	}
	return writeTemplate(ed.ProblemSet, ed.Title, setArg, student, qs)
}

func writeTemplate(id, title, setArg, student string, questions []templateQuestion) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Answers for %s", id)
	if title != "" {
		fmt.Fprintf(&b, ": %s", title)
	}
	b.WriteString("\n# Fill in each answer as a string; check with: nngrade check " + setArg + " THIS_FILE\n\n")
	fmt.Fprintf(&b, "student = %q\nname = \"\"\nproblem_set = %q\n\n[answers]\n", student, id)
	for _, q := range questions {
		for _, line := range strings.Split(strings.TrimSpace(q.text), "\n") {
			fmt.Fprintf(&b, "# %s\n", line)
		}
		if q.hint != "" {
			fmt.Fprintf(&b, "# (%s)\n", q.hint)
		}
		fmt.Fprintf(&b, "%q = \"\"\n\n", q.id)
	}
	return b.String()
}

func templateSetArg(set *problems.Set) string {
	if isBundled(set) {
		return set.ID
	}
	return filepath.Base(set.Source)
}
