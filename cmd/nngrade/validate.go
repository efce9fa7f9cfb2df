package main

import (
	"fmt"
	"math"
	"os"
	"strings"

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
		fmt.Fprintf(stdout, "%s: ok (%s, %s%s)\n", path, plural.Count(len(set.Networks), "network", "networks"), plural.Count(len(set.Questions), "question", "questions"), variantsChecked(set))
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
	if set.HasParams() {
		if setClean {
			found = append(found, validateVariants(set, rubricPath)...)
		}
		return found, set
	}
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

// validateVariants checks a set with per-student values: every combination
// of its params' values that meets require (a sample when there are more
// than problems.MaxCheckedCombinations) is built and its key solved, and the
// rubric, if any, is checked against the first variant's key.
func validateVariants(set *problems.Set, rubricPath string) []error {
	var first *grader.Key
	err := set.CheckVariants(func(v *problems.Set) error {
		key, err := grader.Solve(v)
		if first == nil && err == nil {
			first = key
		}
		return err
	})
	if err != nil {
		return []error{err}
	}
	if rubricPath != "" && first != nil {
		if _, err := loadRubricFor(rubricPath, first); err != nil {
			return []error{err}
		}
	}
	return nil
}

// variantsChecked says, for a set with params, what validate checked:
// "; 5 params, 888 combinations checked".
func variantsChecked(set *problems.Set) string {
	if !set.HasParams() {
		return ""
	}
	params := plural.Count(len(set.Params), "param", "params")
	which := ""
	if len(set.Require) > 0 {
		which = " meeting require"
	}
	n := set.Combinations()
	if n > problems.MaxCheckedCombinations {
		return fmt.Sprintf("; %s, %s: a sample of %d checked%s", params, combinationsText(n), problems.MaxCheckedCombinations, strings.Replace(which, " meeting", ", those meeting", 1))
	}
	if which != "" {
		return fmt.Sprintf("; %s, %s: each%s checked", params, combinationsText(n), which)
	}
	return fmt.Sprintf("; %s, %s checked", params, combinationsText(n))
}

// combinationsText is a number of combinations, "more than 2^63" when it
// saturates.
func combinationsText(n int) string {
	if n == math.MaxInt {
		return "more than 2^63 combinations"
	}
	return plural.Count(n, "combination", "combinations")
}
