package main

import (
	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
)

// loadGradeSet opens the set grade grades (a bundled name or a file): a set
// with per-student values has no one key, and is returned alone (each
// student's variant is solved as the class is graded); any other is solved.
func loadGradeSet(name string) (*problems.Set, *grader.Key, error) {
	set, err := bundledsets.Open(name)
	if err != nil {
		return nil, nil, &exitError{code: 2, msg: notASet(name, err).Error()}
	}
	if set.HasParams() {
		return set, nil, nil
	}
	key, err := grader.Solve(set)
	if err != nil {
		return nil, nil, &exitError{code: 2, msg: err.Error()}
	}
	return set, key, nil
}

// loadGradeRubric is loadRubric for what loadGradeSet returned: the known
// mistakes of a rubric for a set with per-student values are read in its
// variants (validate's, see problems.Set.CheckVariants).
func loadGradeRubric(c *cli.Context, set *problems.Set, key *grader.Key) (*rubrics.Rubric, error) {
	if key != nil {
		return loadRubric(c, key)
	}
	return loadSetRubric(c, set, func(r *rubrics.Rubric) error { return grader.CheckRubricVariants(set, r) })
}

// newClassGrader grades a class against key, or, for a set with per-student
// values (key nil), each student against their own variant.
func newClassGrader(set *problems.Set, key *grader.Key, rubric *rubrics.Rubric, selfCheck bool) *grader.ClassGrader {
	if key == nil {
		return grader.NewVariants(set, rubric, selfCheck).NewClassGrader()
	}
	g := grader.New(key, rubric)
	g.SelfCheck = selfCheck
	return g.NewClassGrader()
}
