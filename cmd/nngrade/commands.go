package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// defaultSet is what `nngrade grade` grades when given no arguments.
const defaultSet = "hw8"

// loadKey opens a problem set (a bundled name or a file) and solves it.
func loadKey(name string) (*grader.Key, error) {
	set, err := problems.Open(name)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	key, err := grader.Solve(set)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	return key, nil
}

// loadRubric reads --rubric, else the set's bundled rubric, else the default.
func loadRubric(c *cli.Context, key *grader.Key) (*rubrics.Rubric, error) {
	ids := questionIDs(key.Set)
	if path := c.String("rubric"); path != "" {
		r, err := rubrics.LoadFile(path, ids)
		if err != nil {
			return nil, &exitError{code: 2, msg: err.Error()}
		}
		if r.ProblemSet != "" && r.ProblemSet != key.Set.ID {
			return nil, &exitError{code: 2, msg: fmt.Sprintf("%s: rubric is for problem set %q, not %q", path, r.ProblemSet, key.Set.ID)}
		}
		if err := grader.CheckRubric(key, r); err != nil {
			return nil, &exitError{code: 2, msg: err.Error()}
		}
		return r, nil
	}
	if r, ok := rubrics.Bundled(key.Set.ID); ok && isBundled(key.Set) {
		return r, nil
	}
	return rubrics.Default(), nil
}

func isBundled(set *problems.Set) bool {
	for _, n := range problems.BundledNames() {
		if set.Source == "bundled:"+n || set.ID == n && !strings.HasSuffix(set.Source, ".toml") {
			return true
		}
	}
	return false
}

func questionIDs(set *problems.Set) []string {
	ids := make([]string, len(set.Questions))
	for i, q := range set.Questions {
		ids[i] = q.ID
	}
	return ids
}

func cmdGrade(c *cli.Context, stdout, stderr io.Writer) error {
	args := c.Args().Slice()
	setName := defaultSet
	if len(args) > 0 {
		setName, args = args[0], args[1:]
	}
	key, err := loadKey(setName)
	if err != nil {
		return err
	}
	rubric, err := loadRubric(c, key)
	if err != nil {
		return err
	}
	var subs []*submissions.Submission
	var problemsFound []error
	if len(args) == 0 {
		subs, err = submissions.Bundled(key.Set.ID)
		if err != nil || len(subs) == 0 {
			return usageError(c, "no submissions given, and problem set %q has no bundled sample class", key.Set.ID)
		}
	} else {
		subs, problemsFound = submissions.Collect(args)
	}
	usable, notes, more := checkSubmissions(subs, key.Set)
	problemsFound = append(problemsFound, more...)
	for _, p := range problemsFound {
		fmt.Fprintln(stderr, p)
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, n)
	}
	class := grader.New(key, rubric).GradeClass(usable)
	if err := writeClass(c, stdout, class); err != nil {
		return err
	}
	if dir := c.String("out"); dir != "" {
		if err := writeFeedbackFiles(dir, class); err != nil {
			return &exitError{code: 2, msg: err.Error()}
		}
		fmt.Fprintf(stderr, "wrote %d feedback files to %s\n", len(class.Students), dir)
	}
	if len(problemsFound) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("nngrade grade: %d problem(s) with the submissions above; the rest were graded", len(problemsFound))}
	}
	return nil
}

// checkSubmissions keeps the submissions that can be graded against set. A
// submission for another set is a problem and is skipped. An answer to a question
// the set does not have is a problem when its id is close to a real one (a typo
// loses the student's answer); a CSV column that is no question at all (an LMS
// export's "Timestamp" or "Email") is only noted, once per file.
func checkSubmissions(subs []*submissions.Submission, set *problems.Set) (usable []*submissions.Submission, notes []string, found []error) {
	type column struct{ file, id string }
	csvColumns := map[column][]string{} // -> students
	var columnOrder []column
	var suggestions = map[column]string{}
	for _, s := range subs {
		skip := false
		for _, e := range s.Check(set) {
			var wrongSet *submissions.WrongSetError
			var unknown *submissions.UnknownQuestionError
			switch {
			case errors.As(e, &wrongSet):
				found = append(found, e)
				skip = true
			case errors.As(e, &unknown) && unknown.FromCSV:
				c := column{unknown.File, unknown.ID}
				if _, seen := csvColumns[c]; !seen {
					columnOrder = append(columnOrder, c)
				}
				csvColumns[c] = append(csvColumns[c], unknown.Student)
				suggestions[c] = unknown.Suggestion
			default:
				found = append(found, e)
			}
		}
		if !skip {
			usable = append(usable, s)
		}
	}
	ignored := map[string][]string{}
	var files []string
	for _, c := range columnOrder {
		if sug := suggestions[c]; sug != "" {
			found = append(found, fmt.Errorf("%s: column %q is not a question of %s; did you mean %q? The answers of %d students in it were not graded",
				c.file, c.id, set.ID, sug, len(csvColumns[c])))
			continue
		}
		if _, ok := ignored[c.file]; !ok {
			files = append(files, c.file)
		}
		ignored[c.file] = append(ignored[c.file], fmt.Sprintf("%q", c.id))
	}
	for _, f := range files {
		notes = append(notes, fmt.Sprintf("%s: ignored columns that are not questions of %s: %s", f, set.ID, strings.Join(ignored[f], ", ")))
	}
	return usable, notes, found
}

func writeClass(c *cli.Context, w io.Writer, class *grader.ClassResult) error {
	var buf bytes.Buffer
	var err error
	switch f := c.String("format"); f {
	case "table":
		err = report.ClassTable(&buf, class)
		if err == nil && c.Bool("details") {
			for _, s := range class.Students {
				buf.WriteString("\n")
				if err = report.StudentTable(&buf, s); err != nil {
					break
				}
			}
		}
	case "json":
		err = report.JSON(&buf, class)
	case "csv":
		err = report.GradebookCSV(&buf, class)
	case "canvas":
		name := c.String("assignment")
		if name == "" {
			name = class.Title
		}
		if name == "" {
			name = class.ProblemSet
		}
		err = report.Canvas(&buf, class, name)
	case "moodle":
		err = report.Moodle(&buf, class)
	case "gradescope":
		if len(class.Students) != 1 {
			return usageError(c, "--format gradescope writes one student's results.json; got %d students (use --out DIR for one file per student)", len(class.Students))
		}
		err = report.Gradescope(&buf, class.Students[0])
	default:
		return usageError(c, "unknown --format %q; valid: table, json, csv, canvas, moodle, gradescope", f)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func writeFeedbackFiles(dir string, class *grader.ClassResult) error {
	files, err := report.FeedbackFiles(class)
	if err != nil {
		return err
	}
	return report.WriteFiles(dir, files)
}

func cmdCheck(c *cli.Context, stdout io.Writer) error {
	if c.NArg() != 2 {
		return usageError(c, "want a problem set and one answers file")
	}
	key, err := loadKey(c.Args().Get(0))
	if err != nil {
		return err
	}
	rubric, err := loadRubric(c, key)
	if err != nil {
		return err
	}
	path := c.Args().Get(1)
	src, err := os.ReadFile(path)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	sub, err := submissions.Load(path, src)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	var notes []string
	for _, e := range sub.Check(key.Set) {
		notes = append(notes, e.Error())
	}
	g := grader.New(key, rubric)
	g.SelfCheck = true
	res := g.Grade(sub)
	switch f := c.String("format"); f {
	case "table":
		if err := report.StudentTable(stdout, res); err != nil {
			return err
		}
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	default:
		return usageError(c, "unknown --format %q; valid: table, json", f)
	}
	if len(notes) > 0 {
		return &exitError{code: 1, msg: strings.Join(notes, "\n")}
	}
	return nil
}

func cmdValidate(c *cli.Context, stdout io.Writer) error {
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
			var r *rubrics.Rubric
			if r, err = rubrics.LoadFile(c.String("rubric"), questionIDs(set)); err == nil {
				err = grader.CheckRubric(key, r)
			}
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

func cmdTemplate(c *cli.Context, stdout io.Writer) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set")
	}
	set, err := problems.Open(c.Args().First())
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	_, err = io.WriteString(stdout, submissionTemplate(set, c.String("student")))
	return err
}

// submissionTemplate lists every question id with its text as a comment.
func submissionTemplate(set *problems.Set, student string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Answers for %s", set.ID)
	if set.Title != "" {
		fmt.Fprintf(&b, ": %s", set.Title)
	}
	b.WriteString("\n# Fill in each answer as a string; check with: nngrade check " + templateSetArg(set) + " THIS_FILE\n\n")
	fmt.Fprintf(&b, "student = %q\nname = \"\"\nproblem_set = %q\n\n[answers]\n", student, set.ID)
	for _, q := range set.Questions {
		for _, line := range strings.Split(strings.TrimSpace(q.Text), "\n") {
			fmt.Fprintf(&b, "# %s\n", line)
		}
		if hint := answerHint(q); hint != "" {
			fmt.Fprintf(&b, "# (%s)\n", hint)
		}
		fmt.Fprintf(&b, "%q = \"\"\n\n", q.ID)
	}
	return b.String()
}

func templateSetArg(set *problems.Set) string {
	if isBundled(set) {
		return set.ID
	}
	return filepath.Base(set.Source)
}

func answerHint(q problems.Question) string {
	if q.Ask != nil {
		return q.Ask.Hint
	}
	if len(q.Allow) > 0 {
		return "a formula using only " + strings.Join(q.Allow, ", ")
	}
	switch q.Kind {
	case problems.KindFormula, problems.KindIdentity, problems.KindAsymptotic:
		return "a formula, e.g. k^2 + 2k or \\frac{1}{2} e^{-x}"
	}
	return ""
}
