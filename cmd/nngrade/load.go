package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
)

// formatFlag is --format (-f), whose valid values and default differ by command.
func formatFlag(usage, def string) *cli.StringFlag {
	return &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: def, Usage: usage}
}

// rubricFlag is --rubric for the commands that grade.
func rubricFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "rubric", Usage: "grade with the rubric `FILE` (default: the set's bundled rubric, else one point a question)"}
}

// keyArg solves the one problem set a command such as key takes; usage says
// what the argument may be when it is missing or not alone.
func keyArg(c *cli.Context, usage string) (*grader.Key, error) {
	if c.NArg() != 1 {
		return nil, usageError(c, "%s", usage)
	}
	return loadKey(c.Args().First())
}

// loadKey opens a problem set (a bundled name or a file) and solves it. A
// set with per-student values has no one key: it is refused, saying how to
// get a student's.
func loadKey(name string) (*grader.Key, error) {
	set, err := bundledsets.Open(name)
	if err != nil {
		return nil, &exitError{code: 2, msg: notASet(name, err).Error()}
	}
	if set.HasParams() {
		return nil, &exitError{code: 2, msg: perStudentError(name, set)}
	}
	key, err := grader.Solve(set)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	return key, nil
}

// openSetOrEdition opens a problem set (a bundled name or a file) and solves
// it, or, when name is a sealed student edition, loads that: one of key and
// edition is set.
func openSetOrEdition(name string) (*grader.Key, *grader.StudentEdition, error) {
	key, err := loadKey(name)
	if err == nil {
		return key, nil, nil
	}
	if _, openErr := bundledsets.Open(name); !errors.As(openErr, new(*problems.StudentEditionError)) {
		return nil, nil, err
	}
	ed, err := loadEdition(name)
	return nil, ed, err
}

// loadEdition reads a sealed student edition file.
func loadEdition(path string) (*grader.StudentEdition, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	if info.Size() > grader.MaxStudentEditionSize {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("%s: %d bytes is larger than a student edition may be (%d)", path, info.Size(), grader.MaxStudentEditionSize)}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	ed, err := grader.LoadStudentEdition(path, src)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	return ed, nil
}

// loadRubric reads --rubric, else the set's bundled rubric, else the default. A
// rubric file that cannot be read or is for another set stops the command.
func loadRubric(c *cli.Context, key *grader.Key) (*rubrics.Rubric, error) {
	return loadSetRubric(c, key.Set, func(r *rubrics.Rubric) error { return grader.CheckRubric(key, r) })
}

// loadSetRubric is loadRubric for set, whose known mistakes check reads (a
// set with per-student values reads them in every variant).
func loadSetRubric(c *cli.Context, set *problems.Set, check func(*rubrics.Rubric) error) (*rubrics.Rubric, error) {
	if path := c.String("rubric"); path != "" {
		r, err := loadRubricForSet(path, set, check)
		if err != nil {
			return nil, &exitError{code: 2, msg: err.Error()}
		}
		return r, nil
	}
	if r, ok := bundledrubrics.Rubric(set.ID); ok && isBundled(set) {
		return r, nil
	}
	return rubrics.Default(), nil
}

func isBundled(set *problems.Set) bool {
	for _, n := range bundledsets.Names() {
		if set.Source == "bundled:"+n || set.ID == n && !strings.HasSuffix(set.Source, ".toml") {
			return true
		}
	}
	return false
}

// loadRubricFor reads the rubric file at path and checks that it grades key's
// set: its questions are the set's, its problem_set, if any, is the set's id, and
// every known mistake reads as an answer to its question.
func loadRubricFor(path string, key *grader.Key) (*rubrics.Rubric, error) {
	return loadRubricForSet(path, key.Set, func(r *rubrics.Rubric) error { return grader.CheckRubric(key, r) })
}

// loadRubricForSet is loadRubricFor for set, whose known mistakes check reads.
func loadRubricForSet(path string, set *problems.Set, check func(*rubrics.Rubric) error) (*rubrics.Rubric, error) {
	r, err := rubrics.LoadFile(path, set.QuestionIDs())
	if err != nil {
		if isSet, wrong := notARubric(path); isSet {
			return nil, wrong
		}
		// A rubric for another set names that set's questions: say which set
		// it is for, not that each of its questions is unknown.
		if other, otherErr := rubrics.LoadFile(path, nil); otherErr == nil {
			if setErr := other.CheckSet(set.ID); setErr != nil {
				return nil, setErr
			}
		}
		return nil, err
	}
	if err := r.CheckSet(set.ID); err != nil {
		return nil, err
	}
	if err := check(r); err != nil {
		return nil, err
	}
	return r, nil
}

// notASet explains why path did not load as a problem set when it is a rubric
// (one that loads, or whose top-level keys are a rubric's): err otherwise.
func notASet(path string, err error) error {
	r, rubricErr := rubrics.LoadFile(path, nil)
	if rubricErr != nil {
		return err
	}
	forSet := ""
	if r.ProblemSet != "" {
		forSet = fmt.Sprintf(" for problem set %q", r.ProblemSet)
	}
	return fmt.Errorf("%s is a rubric%s, not a problem set; name the problem set first and give the rubric with --rubric %s", path, forSet, path)
}

// notARubric reports whether path, which did not load as a rubric, is a
// problem set, with an error saying so.
func notARubric(path string) (bool, error) {
	set, setErr := problems.LoadFile(path)
	if setErr != nil {
		return false, nil
	}
	return true, fmt.Errorf("%s is problem set %q, not a rubric; name it first, as the problem set, and give a rubric with --rubric", path, set.ID)
}

// perStudentError says that a set with per-student values has no key for
// everyone, and how to see a student's.
func perStudentError(name string, set *problems.Set) string {
	var params []string
	for _, p := range set.Params {
		params = append(params, p.Name)
	}
	return fmt.Sprintf("%s has per-student values (%s): each student has their own numbers and key; "+
		"see one student's with: nngrade key %s --student ID, or every student's values with: nngrade variants %s --roster FILE",
		name, strings.Join(params, ", "), name, name)
}

// studentVariant opens a problem set and returns the variant of student
// (the set itself when it has no per-student values).
func studentVariant(name, student string) (*problems.Set, error) {
	set, err := bundledsets.Open(name)
	if err != nil {
		return nil, &exitError{code: 2, msg: notASet(name, err).Error()}
	}
	if !set.HasParams() {
		return set, nil
	}
	v, err := set.Draw(student)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	variant, err := set.Variant(v)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	return variant, nil
}
