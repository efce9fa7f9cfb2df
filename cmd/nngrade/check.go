package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "self-check one submission and print feedback on every answer",
		ArgsUsage: "SET ANSWERS",
		Description: "Grades one submission file as the instructor's grading would (the same statuses and scores) and\n" +
			"explains each answer the way a student may see it: the feedback names the slip, not the number that\n" +
			"gives the answer away, and the key is shown only next to an answer that is the key (a formula's\n" +
			"never). SET may be a problem set or a sealed student edition (<id>.student.toml, written by\n" +
			"nngrade publish).\n\n" +
			"Examples:\n   nngrade template hw8 > answers.toml   # fill it in, then:\n   nngrade check hw8 answers.toml",
		Flags: []cli.Flag{
			formatFlag("`FORMAT`: table or json", "table"),
			rubricFlag(),
			&cli.StringFlag{Name: "student", Usage: "the student `ID` of a transcribed homework (default: the id near the name in the document, else the file name); " +
				"for a set with per-student values, also whose variant to check against (default: the answers file's student)"},
		},
		Action: cmdCheck,
	}
}

func cmdCheck(c *cli.Context) error {
	stdout := c.App.Writer
	if c.NArg() != 2 {
		return usageError(c, "want a problem set and one answers file")
	}
	path := c.Args().Get(1)
	// A set with per-student values is checked against the variant of the
	// submission's student (or --student's): the submission is read first.
	key, sub, err := checkVariant(c, c.Args().Get(0), path)
	if err != nil {
		return err
	}
	var edition *grader.StudentEdition
	if key == nil {
		if key, edition, err = openSetOrEdition(c.Args().Get(0)); err != nil {
			return err
		}
	}
	var rubric *rubrics.Rubric
	if edition != nil && c.String("rubric") != "" {
		return usageError(c, "%s is a sealed student edition, which carries the rubric it was published with; --rubric is for a problem set", c.Args().Get(0))
	}
	if key != nil {
		if rubric, err = loadRubric(c, key); err != nil {
			return err
		}
	}
	set := editionOrKeySet(key, edition)
	switch {
	case sub != nil: // read by checkVariant
	case submissions.IsDocument(path):
		if sub, err = readDocument(set, path, c.String("student")); err != nil {
			return err
		}
	default:
		if c.String("student") != "" {
			return usageError(c, "--student names the student of a transcribed homework (.md, .tex, .txt); %s names its own", path)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		if sub, err = submissions.Load(path, src); err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
	}
	var notes []string
	for _, e := range sub.Check(set) {
		var wrongSet *submissions.WrongSetError
		if errors.As(e, &wrongSet) {
			// Graded against this set, its answers would be judged against
			// other questions' keys: refuse rather than mislead.
			own := wrongSet.Got
			if edition != nil {
				// A student has the edition of a set, not the set.
				own += ".student.toml"
			}
			return &exitError{code: 1, msg: fmt.Sprintf("%s; not graded. Check it against its own set: nngrade check %s %s", e, own, path)}
		}
		notes = append(notes, e.Error())
	}
	var res grader.StudentResult
	if edition != nil {
		sg, err := grader.NewSealedGrader(edition)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		res = sg.Grade(sub)
	} else {
		g := grader.New(key, rubric)
		g.SelfCheck = true // the student policy: see grader.Grader.SelfCheck
		res = g.Grade(sub)
	}
	switch f := c.String("format"); f {
	case "table":
		if err := report.StudentTable(stdout, res); err != nil {
			return err
		}
	case "json":
		if err := report.StudentJSON(stdout, res); err != nil {
			return err
		}
	default:
		return usageError(c, "unknown --format %q; valid: table, json", f)
	}
	if sub.Student == submissions.PlaceholderStudent {
		// Not an error while checking; but handed in like this, the answers
		// would be nobody's.
		fmt.Fprintf(c.App.ErrWriter, "note: %s still has student = %q, the template's placeholder: write your own id before you hand it in.\n", path, sub.Student)
	}
	if len(notes) > 0 {
		return &exitError{code: 1, msg: strings.Join(notes, "\n")}
	}
	return nil
}
