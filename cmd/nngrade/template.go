package main

import (
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/submissions"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:        "template",
		Usage:       "print a submission file listing every question, to fill in",
		ArgsUsage:   "SET",
		Description: "Example:\n   nngrade template hw8 > answers.toml",
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
	set, err := bundledsets.Open(c.Args().First())
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	_, err = c.App.Writer.Write(submissionTemplate(set, c.String("student")))
	return err
}

// submissionTemplate lists every question id with its text and a hint of the
// answer's form as comments, written by the same writer as the self-check
// page's "Download my answers".
func submissionTemplate(set *problems.Set, student string) []byte {
	title := "Answers for " + set.ID
	if set.Title != "" {
		title += ": " + set.Title
	}
	d := submissions.Draft{
		Comment:    []string{title, "Fill in each answer as a string; check with: nngrade check " + templateSetArg(set) + " THIS_FILE"},
		Student:    student,
		ProblemSet: set.ID,
	}
	for _, q := range set.Questions {
		comment := strings.Split(strings.TrimSpace(q.Text), "\n")
		if hint := set.AnswerHint(q); hint != "" {
			comment = append(comment, "("+hint+")")
		}
		d.Answers = append(d.Answers, submissions.DraftAnswer{ID: q.ID, Comment: comment})
	}
	return submissions.Encode(d)
}

func templateSetArg(set *problems.Set) string {
	if isBundled(set) {
		return set.ID
	}
	return filepath.Base(set.Source)
}
