package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check problem sets, reporting every problem at once",
		ArgsUsage: "FILE...",
		Description: "Loads each problem set, builds its networks and verifies its keys (identities, asymptotic\n" +
			"orders). Every problem is reported with file:line:column and a suggestion.\n\n" +
			"Example:\n   nngrade validate my-set.toml",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rubric", Usage: "also check the rubric `FILE` against the set"},
		},
		Action: cmdValidate,
	}
}

func cmdValidate(c *cli.Context) error {
	stdout := c.App.Writer
	if c.NArg() == 0 {
		return usageError(c, "name at least one problem-set file")
	}
	failed := 0
	for _, path := range c.Args().Slice() {
		var key *grader.Key
		set, err := problems.Open(path)
		if err == nil {
			key, err = grader.Solve(set)
		}
		if err == nil && c.String("rubric") != "" {
			_, err = loadRubricFor(c.String("rubric"), key)
		}
		if err != nil {
			failed++
			fmt.Fprintln(stdout, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%d networks, %d questions)\n", path, len(set.Networks), len(set.Questions))
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("nngrade validate: %d of %d files have problems", failed, c.NArg())}
	}
	return nil
}
