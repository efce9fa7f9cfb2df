package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
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
	_, err = io.WriteString(c.App.Writer, submissionTemplate(set, c.String("student")))
	return err
}

// submissionTemplate lists every question id with its text as a comment.
func submissionTemplate(set *problems.Set, student string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Answers for %s", set.ID)
	if set.Title != "" {
		fmt.Fprintf(&b, ": %s", set.Title)
	}
	b.WriteString("\n# Fill in each answer as a string; check with: nngrade check " + templateSetArg(set) + " THIS_FILE\n\n")
	fmt.Fprintf(&b, "student = %q\nname = \"\"\nproblem_set = %q\n\n[answers]\n", student, set.ID)
	for _, q := range set.Questions {
		for _, line := range strings.Split(strings.TrimSpace(q.Text), "\n") {
			fmt.Fprintf(&b, "# %s\n", line)
		}
		if hint := set.AnswerHint(q); hint != "" {
			fmt.Fprintf(&b, "# (%s)\n", hint)
		}
		fmt.Fprintf(&b, "%q = \"\"\n\n", q.ID)
	}
	return b.String()
}

func templateSetArg(set *problems.Set) string {
	if isBundled(set) {
		return set.ID
	}
	return filepath.Base(set.Source)
}
