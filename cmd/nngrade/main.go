// Command nngrade grades neural-network homework: it solves a problem set's
// questions itself (layer shapes, parameter counts, formulas, identities) and grades
// students' answers against the solutions, with feedback that explains mistakes.
//
// The package is the command-line surface only: flags, files and terminals. The
// math lives in engine/, the grading in grader/, and everything printed is
// rendered by grader/report. main.go holds the app and run(); each command is
// declared beside its action in a file of its name (grade.go, key.go, ...), and
// load.go opens what several commands share: problem sets and rubrics.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

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
	err := app.Run(flagsFirst(args, app.Commands))
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

func newApp(stdout, stderr io.Writer) *cli.App {
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
			"   nngrade check hw8 my-answers.toml     self-check one submission\n" +
			"   nngrade publish hw8 --out handout     a sealed student edition, to check without the key\n" +
			"   nngrade gradescope hw8 --out ag.zip   a Gradescope autograder that grades each upload",
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // run() prints errors once
		// Each command is declared in its own file, beside its action, which
		// writes to c.App.Writer and c.App.ErrWriter.
		Commands: []*cli.Command{
			keyCommand(),
			gradeCommand(),
			columnsCommand(),
			checkCommand(),
			extractCommand(),
			validateCommand(),
			templateCommand(),
			variantsCommand(),
			summaryCommand(),
			publishCommand(),
			gradescopeCommand(),
			autogradeCommand(),
		},
	}
}

func usageError(c *cli.Context, format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf("nngrade %s: %s\nusage: nngrade %s %s", c.Command.Name, fmt.Sprintf(format, args...), c.Command.Name, c.Command.ArgsUsage)}
}
