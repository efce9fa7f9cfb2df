package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check problem sets, reporting every problem at once",
		ArgsUsage: "FILE...",
		Description: "Loads each problem set, builds its networks and verifies its keys (identities, asymptotic\n" +
			"orders). Every problem is reported at once, with file:line:column and a suggestion: the keys of\n" +
			"the questions that load are checked even when others do not.\n\n" +
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
		found, set := validateOne(path, c.String("rubric"))
		if len(found) > 0 {
			failed++
			for _, err := range found {
				fmt.Fprintln(stdout, err)
			}
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s, %s)\n", path, plural.Count(len(set.Networks), "network", "networks"), plural.Count(len(set.Questions), "question", "questions"))
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("nngrade validate: %d of %s %s problems", failed, plural.Count(c.NArg(), "file", "files"), plural.Word(failed, "has", "have"))}
	}
	return nil
}

// validateOne checks one problem set, and the rubric at rubricPath if any,
// and returns every problem at once: the set's structural errors, the keys of
// the questions that loaded cleanly (hand-written counts, identities,
// asymptotic orders, variable domains), and the rubric's.
func validateOne(path, rubricPath string) ([]error, *problems.Set) {
	var set *problems.Set
	var err error
	if _, statErr := os.Stat(path); statErr == nil {
		set, err = problems.LoadFileAll(path)
	} else {
		set, err = bundledsets.Open(path)
	}
	var found []error
	if err != nil {
		found = append(found, notASet(path, err))
	}
	if set == nil {
		return found, nil
	}
	setClean := err == nil
	key, err := grader.Solve(set)
	if err != nil {
		found = append(found, err)
	}
	if rubricPath == "" || key == nil {
		return found, set
	}
	if setClean {
		if _, err := loadRubricFor(rubricPath, key); err != nil {
			found = append(found, err)
		}
		return found, set
	}
	// The set's broken questions are not in key: check what does not depend
	// on them (the rubric's syntax, its problem_set, the known mistakes of
	// the questions that loaded).
	r, err := rubrics.LoadFile(rubricPath, nil)
	if err != nil {
		if isSet, wrong := notARubric(rubricPath); isSet {
			err = wrong
		}
		return append(found, err), set
	}
	if err := r.CheckSet(set.ID); err != nil {
		found = append(found, err)
	}
	if err := grader.CheckRubric(key, r); err != nil {
		found = append(found, err)
	}
	return found, set
}
