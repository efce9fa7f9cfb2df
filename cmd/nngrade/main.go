// Command nngrade grades neural-network homework: it solves a problem set's
// questions itself (layer shapes, parameter counts, formulas, identities) and grades
// students' answers against the solutions, with feedback that explains mistakes.
//
// This file holds the command-line surface only: flags, files and terminals. The
// math lives in engine/, the grading in grader/.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// exitError carries a process exit code through urfave/cli without printing twice.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is main without os.Exit, so tests can drive the whole command.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(flagsFirst(args))
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "nngrade: %v\n", err)
	return 2
}

// valueFlags are the flags that take a value, so flagsFirst keeps the value with
// its flag.
var valueFlags = map[string]bool{"format": true, "f": true, "out": true, "o": true,
	"rubric": true, "assignment": true, "student": true}

// flagsFirst moves a command's flags before its arguments: urfave/cli v2 stops
// reading flags at the first argument, but users type `nngrade grade hw8 --details`.
func flagsFirst(args []string) []string {
	if len(args) < 3 {
		return args
	}
	out := append([]string(nil), args[:2]...)
	var positional []string
	for i := 2; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		out = append(out, a)
		name := strings.TrimLeft(a, "-")
		if valueFlags[name] && !strings.Contains(name, "=") && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}

func newApp(stdout, stderr io.Writer) *cli.App {
	formatFlag := func(usage string, def string) *cli.StringFlag {
		return &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: def, Usage: usage}
	}
	rubricFlag := &cli.StringFlag{Name: "rubric", Usage: "grade with the rubric `FILE` (default: the set's bundled rubric, else one point a question)"}
	return &cli.App{
		Name:      "nngrade",
		Usage:     "solve and grade neural-network homework: layer shapes, parameter counts, formulas",
		Writer:    stdout,
		ErrWriter: stderr,
		Description: "A problem set is a TOML file (see docs/FORMAT.md) or a bundled set by name (hw8).\n" +
			"nngrade solves every question itself, then grades students' answers against the solutions.\n\n" +
			"Examples:\n" +
			"   nngrade grade                         grade the bundled Homework 8 sample class\n" +
			"   nngrade key hw8 --format markdown     an answer key with worked solutions\n" +
			"   nngrade check hw8 my-answers.toml     self-check one submission",
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // run() prints errors once
		Commands: []*cli.Command{
			{
				Name:      "key",
				Usage:     "print the answer key of a problem set",
				ArgsUsage: "SET",
				Description: "Solves every question and prints the answers, with a per-layer table for each network.\n\n" +
					"Examples:\n   nngrade key hw8\n   nngrade key hw8 --format json\n   nngrade key my-set.toml --format markdown > key.md",
				Flags: []cli.Flag{
					formatFlag("`FORMAT`: table, json or markdown (worked solutions)", "table"),
				},
				Action: func(c *cli.Context) error { return cmdKey(c, stdout) },
			},
			{
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
					rubricFlag,
				},
				Action: func(c *cli.Context) error { return cmdGrade(c, stdout, stderr) },
			},
			{
				Name:      "check",
				Usage:     "self-check one submission and print feedback on every answer",
				ArgsUsage: "SET ANSWERS",
				Description: "Grades one submission file as an instructor would and explains each answer.\n\n" +
					"Examples:\n   nngrade template hw8 > answers.toml   # fill it in, then:\n   nngrade check hw8 answers.toml",
				Flags: []cli.Flag{
					formatFlag("`FORMAT`: table or json", "table"),
					rubricFlag,
				},
				Action: func(c *cli.Context) error { return cmdCheck(c, stdout) },
			},
			{
				Name:      "validate",
				Usage:     "check problem sets, reporting every problem at once",
				ArgsUsage: "FILE...",
				Description: "Loads each problem set, builds its networks and verifies its keys (identities, asymptotic\n" +
					"orders). Every problem is reported with file:line:column and a suggestion.\n\n" +
					"Example:\n   nngrade validate my-set.toml",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "rubric", Usage: "also check the rubric `FILE` against the set"},
				},
				Action: func(c *cli.Context) error { return cmdValidate(c, stdout) },
			},
			{
				Name:        "template",
				Usage:       "print a submission file listing every question, to fill in",
				ArgsUsage:   "SET",
				Description: "Example:\n   nngrade template hw8 > answers.toml",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "student", Value: "your-id", Usage: "the student `ID` to write in the file"},
				},
				Action: func(c *cli.Context) error { return cmdTemplate(c, stdout) },
			},
			{
				Name:        "summary",
				Usage:       "print each network's per-layer table (like torchinfo or Keras summary)",
				ArgsUsage:   "SET",
				Description: "Example:\n   nngrade summary hw8",
				Action:      func(c *cli.Context) error { return cmdSummary(c, stdout) },
			},
		},
	}
}

func usageError(c *cli.Context, format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf("nngrade %s: %s\nusage: nngrade %s %s", c.Command.Name, fmt.Sprintf(format, args...), c.Command.Name, c.Command.ArgsUsage)}
}
