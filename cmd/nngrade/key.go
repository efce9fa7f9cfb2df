package main

import (
	"bytes"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
)

func keyCommand() *cli.Command {
	return &cli.Command{
		Name:      "key",
		Usage:     "print the answer key of a problem set",
		ArgsUsage: "SET",
		Description: "Solves every question and prints the answers, with a per-layer table for each network.\n" +
			"With --rubric, each question's points and the total are shown too.\n\n" +
			"Examples:\n   nngrade key hw8\n   nngrade key hw8 --format json\n   nngrade key my-set.toml --format markdown > key.md\n" +
			"   nngrade key my-set.toml --rubric my-rubric.toml --format latex > key.tex\n" +
			"   nngrade key hw8-variants --student ab1   one student's key, for a set with per-student values",
		Flags: []cli.Flag{
			formatFlag("`FORMAT`: table, json, markdown (worked solutions) or latex (the same as a LaTeX document)", "table"),
			&cli.StringFlag{Name: "rubric", Usage: "show each question's points from the rubric `FILE`"},
			&cli.StringFlag{Name: "student", Usage: "the key of student `ID`'s variant, for a set with per-student values ([params])"},
		},
		Action: cmdKey,
	}
}

func cmdKey(c *cli.Context) error {
	var key *grader.Key
	var err error
	student := strings.TrimSpace(c.String("student"))
	if c.IsSet("student") {
		key, err = studentKeyArg(c, student)
	} else {
		key, err = keyArg(c, "want one problem set (a file, or a bundled name such as hw8)")
	}
	if err != nil {
		return err
	}
	opts := report.KeyOptions{Student: student}
	if path := c.String("rubric"); path != "" {
		r, err := loadRubricFor(path, key)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		opts.Points = map[string]float64{}
		for _, id := range key.Set.QuestionIDs() {
			opts.Points[id] = r.For(id).Points
		}
	}
	var buf bytes.Buffer
	switch f := c.String("format"); f {
	case "table":
		err = report.KeyTableWith(&buf, key, opts)
	case "json":
		err = report.KeyJSONWith(&buf, key, opts)
	case "markdown", "md":
		err = report.KeyMarkdownWith(&buf, key, opts)
	case "latex", "tex":
		err = report.KeyLaTeX(&buf, key, opts)
	default:
		return usageError(c, "unknown --format %q; valid: table, json, markdown, latex", f)
	}
	if err != nil {
		return err
	}
	_, err = c.App.Writer.Write(buf.Bytes())
	return err
}

// studentKeyArg solves the variant of student of the one problem set the
// command takes.
func studentKeyArg(c *cli.Context, student string) (*grader.Key, error) {
	if c.NArg() != 1 {
		return nil, usageError(c, "want one problem set (a file, or a bundled name such as hw8-variants)")
	}
	if student == "" {
		return nil, usageError(c, "--student needs a student id")
	}
	set, err := studentVariant(c.Args().First(), student)
	if err != nil {
		return nil, err
	}
	key, err := grader.Solve(set)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	return key, nil
}
