package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/submissions"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:      "template",
		Usage:     "print a submission file listing every question, to fill in",
		ArgsUsage: "SET",
		Description: "SET may be a problem set or a sealed student edition (<id>.student.toml). For a set with\n" +
			"per-student values ([params]), --student names the student whose numbers the questions show.\n\n" +
			"Examples:\n   nngrade template hw8 > answers.toml\n   nngrade template hw8-variants --student ab1 > ab1.toml",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "student", Value: submissions.PlaceholderStudent, Usage: "the student `ID` to write in the file (and, for a set with per-student values, whose numbers to show)"},
		},
		Action: cmdTemplate,
	}
}

func cmdTemplate(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set")
	}
	name := c.Args().First()
	set, err := bundledsets.Open(name)
	if errors.As(err, new(*problems.StudentEditionError)) {
		ed, err := loadEdition(name)
		if err != nil {
			return err
		}
		_, err = c.App.Writer.Write(editionTemplate(ed, filepath.Base(name), c.String("student")))
		return err
	}
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	student := c.String("student")
	if set.HasParams() {
		if !c.IsSet("student") || strings.TrimSpace(student) == "" {
			return &exitError{code: 2, msg: fmt.Sprintf("%s has per-student values (%s): the questions' numbers are each student's own; "+
				"name the student with: nngrade template %s --student ID", name, paramNames(set), name)}
		}
		if set, err = studentVariant(name, student); err != nil {
			return err
		}
	}
	_, err = c.App.Writer.Write(submissionTemplate(set, student))
	return err
}

// paramNames lists a set's params: "s, f1, k1".
func paramNames(set *problems.Set) string {
	names := make([]string, len(set.Params))
	for i, p := range set.Params {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// templateQuestion is what a template says of one question.
type templateQuestion struct{ id, text, hint string }

// submissionTemplate lists every question id with its text and a hint of the
// answer's form as comments, written by the same writer as the self-check
// page's "Download my answers".
func submissionTemplate(set *problems.Set, student string) []byte {
	var qs []templateQuestion
	for _, q := range set.Questions {
		qs = append(qs, templateQuestion{q.ID, q.Text, set.AnswerHint(q)})
	}
	return writeTemplate(set.ID, set.Title, templateSetArg(set), student, qs)
}

// editionTemplate is submissionTemplate for a sealed student edition, named
// as setArg on the check line.
func editionTemplate(ed *grader.StudentEdition, setArg, student string) []byte {
	var qs []templateQuestion
	for _, q := range ed.Questions {
		qs = append(qs, templateQuestion{q.ID, q.Text, q.Hint})
	}
	return writeTemplate(ed.ProblemSet, ed.Title, setArg, student, qs)
}

func writeTemplate(id, title, setArg, student string, questions []templateQuestion) []byte {
	heading := "Answers for " + id
	if title != "" {
		heading += ": " + title
	}
	d := submissions.Draft{
		Comment:    []string{heading, "Fill in each answer as a string; check with: nngrade check " + setArg + " THIS_FILE"},
		Student:    student,
		ProblemSet: id,
	}
	for _, q := range questions {
		comment := strings.Split(strings.TrimSpace(q.text), "\n")
		if q.hint != "" {
			comment = append(comment, "("+q.hint+")")
		}
		d.Answers = append(d.Answers, submissions.DraftAnswer{ID: q.id, Comment: comment})
	}
	return submissions.Encode(d)
}

func templateSetArg(set *problems.Set) string {
	if isBundled(set) {
		return set.ID
	}
	return filepath.Base(set.Source)
}
