package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
	"github.com/nngrade/nngrade/web"
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

// checkVariant reads the submission at path for check when name is a set
// with per-student values, and solves the variant of its student: --student's
// (which, for a transcribed homework, is also the student's id), else the
// one the submission names. For any other set it returns neither, and check
// goes on as for one key.
func checkVariant(c *cli.Context, name, path string) (*grader.Key, *submissions.Submission, error) {
	set, err := bundledsets.Open(name)
	if err != nil || !set.HasParams() {
		return nil, nil, nil
	}
	var sub *submissions.Submission
	if submissions.IsDocument(path) {
		if sub, err = readDocument(set, path, c.String("student")); err != nil {
			return nil, nil, err
		}
	} else {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, &exitError{code: 2, msg: err.Error()}
		}
		if sub, err = submissions.Load(path, src); err != nil {
			return nil, nil, &exitError{code: 2, msg: err.Error()}
		}
	}
	student := c.String("student")
	if student == "" {
		student = sub.Student
	}
	if strings.TrimSpace(student) == "" || student == submissions.PlaceholderStudent {
		return nil, nil, usageError(c, "%s has per-student values: say whose with --student ID, or write your id as student in %s", name, sub.Source)
	}
	if sub.Student != "" && sub.Student != submissions.PlaceholderStudent && strings.TrimSpace(sub.Student) != strings.TrimSpace(student) {
		fmt.Fprintf(c.App.ErrWriter, "note: %s is student %q's; checked against the values of %q, as --student says.\n", sub.Source, sub.Student, student)
	}
	values, err := set.Draw(student)
	if err != nil {
		return nil, nil, &exitError{code: 2, msg: err.Error()}
	}
	variant, err := set.Variant(values)
	if err != nil {
		return nil, nil, &exitError{code: 2, msg: err.Error()}
	}
	key, err := grader.Solve(variant)
	if err != nil {
		return nil, nil, &exitError{code: 2, msg: err.Error()}
	}
	return key, sub, nil
}

// publishVariants writes the sealed editions of a set with per-student
// values: one per student, each sealing that student's variant alone (an
// edition that drew any id's variant would carry every variant's sealed
// keys, and one student could check answers for another's numbers). With
// --student, DIR/<id>.student.toml and DIR/<id>.html; with --roster, the
// same in DIR/STUDENT/ for each student of the roster.
func publishVariants(c *cli.Context, set *problems.Set, dir string) error {
	stdout := c.App.Writer
	var students []string
	switch student, roster := c.String("student"), c.String("roster"); {
	case student != "" && roster != "":
		return usageError(c, "give --student or --roster, not both")
	case student != "":
		students = []string{strings.TrimSpace(student)}
	case roster != "":
		enrolled, problems := submissions.LoadRoster(roster)
		if len(enrolled) == 0 {
			return &exitError{code: 2, msg: errors.Join(problems...).Error()}
		}
		for _, p := range problems {
			fmt.Fprintln(c.App.ErrWriter, p)
		}
		for _, e := range enrolled {
			students = append(students, e.Student)
		}
	default:
		return usageError(c, "%s has per-student values: each student needs their own edition; publish one with --student ID, or one per student with --roster FILE", c.Args().First())
	}
	rubric, err := loadGradeRubric(c, set, nil)
	if err != nil {
		return err
	}
	if c.String("rubric") == "" && !isBundled(set) {
		fmt.Fprintf(c.App.ErrWriter, "nngrade publish: no --rubric: the editions seal one point a question, the default tolerances and no known mistakes; publish with --rubric FILE, the rubric you grade %s with, so that students check as you grade.\n", set.ID)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var folders []string
	if len(students) > 1 {
		folders = report.SafeFileNames(students, "")
	}
	for i, student := range students {
		values, err := set.Draw(student)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		variant, err := set.Variant(values)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		key, err := grader.Solve(variant)
		if err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		salt := make([]byte, 32)
		if _, err := rand.Read(salt); err != nil {
			return &exitError{code: 2, msg: fmt.Sprintf("nngrade publish: no random salt: %v", err)}
		}
		ed, err := grader.Publish(key, rubric, salt)
		if err != nil {
			return &exitError{code: 2, msg: fmt.Sprintf("nngrade publish: %s (student %s, %s) cannot be sealed:\n%v", set.ID, student, values, err)}
		}
		src, err := ed.Encode()
		if err != nil {
			return err
		}
		page, err := web.Page(ed, src)
		if err != nil {
			return &exitError{code: 2, msg: fmt.Sprintf("nngrade publish: the self-check page: %v", err)}
		}
		out := dir
		if folders != nil {
			out = filepath.Join(dir, folders[i])
		}
		files := map[string][]byte{set.ID + ".student.toml": src, set.ID + ".html": page}
		if err := report.WriteFilesContext(ctx, out, files); err != nil {
			if errors.Is(err, context.Canceled) {
				return &exitError{code: 130, msg: "nngrade publish: stopped; " + strings.TrimPrefix(err.Error(), "report: ")}
			}
			return &exitError{code: 2, msg: "nngrade publish: " + strings.TrimPrefix(err.Error(), "report: ")}
		}
		fmt.Fprintf(stdout, "Wrote %s and %s: student %s's edition of %s (%s).\n", filepath.Join(out, set.ID+".student.toml"),
			filepath.Join(out, set.ID+".html"), student, set.ID, values)
	}
	fmt.Fprintf(stdout, `
Each student gets their own edition, sealing their own values' key alone: hand each their
folder (or file) only. An edition checks answers for its student's numbers; a student
checking with a classmate's edition is checking the classmate's numbers.
`)
	return nil
}
