package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/internal/plural"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/submissions"
)

func variantsCommand() *cli.Command {
	return &cli.Command{
		Name:      "variants",
		Usage:     "list every student's values of a set with per-student values ([params])",
		ArgsUsage: "SET --roster FILE",
		Description: "Draws each student's values as grading, key --student and template --student do, for a\n" +
			"mail merge or an LMS. The roster is the CSV grade --roster reads (a student id column, such\n" +
			"as an LMS export; a name column is kept). Rows the roster cannot give are reported and the\n" +
			"exit code is then 1.\n\n" +
			"Examples:\n   nngrade variants hw8-variants --roster roster.csv\n" +
			"   nngrade variants hw8-variants --roster roster.csv --format json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "roster", Usage: "the students: a CSV `FILE` with a student id column, as grade --roster reads"},
			formatFlag("`FORMAT`: csv or json", "csv"),
		},
		Action: cmdVariants,
	}
}

func cmdVariants(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set (a file, or a bundled name such as hw8-variants)")
	}
	format := c.String("format")
	if format != "csv" && format != "json" {
		return usageError(c, "unknown --format %q; valid: csv, json", format)
	}
	path := c.String("roster")
	if path == "" {
		return usageError(c, "name the students with --roster FILE (a CSV with a student id column)")
	}
	name := c.Args().First()
	set, err := bundledsets.Open(name)
	if err != nil {
		return &exitError{code: 2, msg: notASet(name, err).Error()}
	}
	if !set.HasParams() {
		return &exitError{code: 2, msg: fmt.Sprintf("%s has no [params]: every student has the same numbers (docs/FORMAT.md, \"Per-student values\")", name)}
	}
	roster, found := submissions.LoadRoster(path)
	if len(roster) == 0 {
		return &exitError{code: 2, msg: errors.Join(found...).Error()}
	}
	var students []report.StudentValues
	for _, e := range roster {
		v, err := set.Draw(e.Student)
		if err != nil {
			return &exitError{code: 2, msg: fmt.Sprintf("%s: %v", e.Source, err)}
		}
		students = append(students, report.StudentValues{Student: e.Student, Name: e.Name, Values: v})
	}
	var buf bytes.Buffer
	if format == "json" {
		err = report.VariantsJSON(&buf, set, students)
	} else {
		err = report.VariantsCSV(&buf, set, students)
	}
	if err != nil {
		return err
	}
	if _, err := c.App.Writer.Write(buf.Bytes()); err != nil {
		return err
	}
	problems := 0
	for _, err := range found {
		fmt.Fprintln(c.App.ErrWriter, err)
		if _, notice := err.(*submissions.Notice); !notice {
			problems++
		}
	}
	if problems > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("nngrade variants: %s with the roster above; %s listed", plural.Count(problems, "problem", "problems"), plural.Count(len(students), "student", "students"))}
	}
	return nil
}
