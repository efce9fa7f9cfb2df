package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// Gradescope's layout (its "Autograder Specifications", File hierarchy): the
// autograder zip is unpacked into /autograder/source, the student's upload is
// in /autograder/submission, and the results go to
// /autograder/results/results.json. The zip nngrade gradescope writes holds
// these files at its root, next to setup.sh and run_autograder.
const (
	autograderBinary = "nngrade"
	autograderSet    = "problem-set.toml"
	autograderRubric = "rubric.toml" // absent: one point a question
)

// autograderPaths are Gradescope's folders under a root ("/" on Gradescope,
// a temporary folder in a test).
type autograderPaths struct{ source, submission, results string }

func gradescopePaths(root string) autograderPaths {
	base := filepath.Join(root, "autograder")
	return autograderPaths{
		source:     filepath.Join(base, "source"),
		submission: filepath.Join(base, "submission"),
		results:    filepath.Join(base, "results", "results.json"),
	}
}

func autogradeCommand() *cli.Command {
	return &cli.Command{
		Name:      "autograde",
		Usage:     "grade one Gradescope upload: what the autograder that nngrade gradescope builds runs",
		ArgsUsage: "[--root DIR] [--check]",
		Description: "Run by the autograder zip's run_autograder for each upload: grades the answers file (a\n" +
			"submission TOML, or a CSV with one row) in ROOT/autograder/submission against the problem set and\n" +
			"rubric in ROOT/autograder/source, under the student policy (as check does: a wrong answer's key\n" +
			"is not shown), and writes ROOT/autograder/results/results.json. An upload that cannot be graded\n" +
			"(no answers file, several, one that does not read, one for another set) still gets a\n" +
			"results.json that tells the student what to fix, with 0 points. The instructor's view (keys\n" +
			"and numbers) goes to standard output, which Gradescope shows only to instructors.\n" +
			"With --check, only loads the set and rubric (setup.sh does, when Gradescope builds the image).\n\n" +
			"To try an autograder on your machine:\n" +
			"   mkdir -p try/autograder/source try/autograder/submission\n" +
			"   unzip autograder.zip -d try/autograder/source && cp answers.toml try/autograder/submission/\n" +
			"   NNGRADE_GRADESCOPE_ROOT=try sh try/autograder/source/run_autograder\n" +
			"   cat try/autograder/results/results.json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "root", Value: "/", Usage: "the folder that holds Gradescope's autograder/ `DIR`"},
			&cli.StringFlag{Name: "visibility", Value: "visible", Usage: "when students see the results: `WHEN` is " + strings.Join(report.GradescopeVisibilities, ", ")},
			&cli.BoolFlag{Name: "check", Usage: "only check that the problem set and rubric load"},
		},
		Action: cmdAutograde,
	}
}

func cmdAutograde(c *cli.Context) error {
	stdout := c.App.Writer
	if c.NArg() != 0 {
		return usageError(c, "takes no arguments; the upload is read from ROOT/autograder/submission")
	}
	visibility := c.String("visibility")
	if !slices.Contains(report.GradescopeVisibilities, visibility) {
		return usageError(c, "unknown --visibility %q; valid: %s", visibility, strings.Join(report.GradescopeVisibilities, ", "))
	}
	paths := gradescopePaths(c.String("root"))
	key, rubric, err := loadAutograderKey(paths.source)
	if err != nil {
		msg := fmt.Sprintf("nngrade autograde: the autograder's problem set or rubric does not load:\n%v", err)
		if !c.Bool("check") {
			// Gradescope shows a student nothing useful when results.json is
			// missing: say that the fault is not theirs.
			failed := fmt.Sprintf(`{"score": 0, "output": %q, "visibility": "visible", "tests": []}`+"\n",
				"The autograder could not grade your upload: its problem set did not load. Your instructor can see why in the autograder's output; this is not a fault of your answers.")
			if werr := writeResults(paths.results, []byte(failed)); werr != nil {
				msg += "\n" + werr.Error()
			}
		}
		return &exitError{code: 2, msg: msg}
	}
	if c.Bool("check") {
		var points float64
		for _, q := range key.Set.Questions {
			points += rubric.For(q.ID).Points
		}
		rubricText := "one point a question"
		if _, err := os.Stat(filepath.Join(paths.source, autograderRubric)); err == nil {
			rubricText = "rubric " + autograderRubric
		}
		fmt.Fprintf(stdout, "autograder ready: problem set %s (%s, %g %s), %s\n", key.Set.ID,
			plural.Count(len(key.Set.Questions), "question", "questions"), points, plural.Word(int(points), "point", "points"), rubricText)
		return nil
	}
	sub, note := readUpload(paths.submission, key)
	student := grader.New(key, rubric)
	student.SelfCheck = true // the student reads results.json: see grader.Grader.SelfCheck
	var buf bytes.Buffer
	err = report.GradescopeWith(&buf, student.Grade(sub), report.GradescopeOptions{Visibility: visibility, Note: note})
	if err == nil {
		err = writeResults(paths.results, buf.Bytes())
	}
	if err != nil {
		return &exitError{code: 2, msg: "nngrade autograde: " + err.Error()}
	}
	// Standard output is the instructor's (Gradescope hides it from
	// students): the same upload as the instructor's grading sees it.
	if note != "" {
		fmt.Fprintf(stdout, "%s\n\n", note)
	}
	return report.StudentTable(stdout, grader.New(key, rubric).Grade(sub))
}

// loadAutograderKey solves the problem set in the autograder's source folder
// and loads its rubric, the one nngrade gradescope put there (none: one point
// a question).
func loadAutograderKey(source string) (*grader.Key, *rubrics.Rubric, error) {
	key, err := loadKey(filepath.Join(source, autograderSet))
	if err != nil {
		return nil, nil, err
	}
	path := filepath.Join(source, autograderRubric)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return key, rubrics.Default(), nil
	}
	r, err := loadRubricFor(path, key)
	if err != nil {
		return nil, nil, err
	}
	return key, r, nil
}

// writeResults writes results.json whole, creating its folder if needed.
func writeResults(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	return report.WriteFileAtomic(path, data)
}

// maxUploadEntries bounds the files and folders of an upload looked through:
// an answers file is one small file, and an upload of thousands is a mistake.
const maxUploadEntries = 1000

// readUpload reads the answers file of an upload: the one .toml or .csv file
// in the folder or in folders within it (Gradescope unpacks an uploaded zip),
// hidden files and macOS's __MACOSX left out. When the upload cannot be
// graded, the submission has no answers and note tells the student why and
// what to do; note also carries what grading set aside (an answer to a
// question the set does not have). Names are given relative to the folder,
// as the student uploaded them.
func readUpload(dir string, key *grader.Key) (sub *submissions.Submission, note string) {
	empty := &submissions.Submission{Student: "your upload", Answers: map[string]string{}}
	up, err := listUpload(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return empty, "No upload was found: the autograder's submission folder is missing. " +
			"Upload your answers file again; if this stays, tell your instructor."
	case err != nil:
		return empty, "Your upload could not be read: " + err.Error()
	}
	answers, others := up.answers, up.others
	template := fmt.Sprintf("Upload your answers as one TOML file (the answers template of %s, filled in).", key.Set.ID)
	switch len(answers) {
	case 0:
		switch {
		case len(up.notFiles) > 0:
			return empty, fmt.Sprintf("%s in your upload is not a file (a link, a folder or a special file); upload the answers file itself. %s", quoteNames(up.notFiles), template)
		case len(others) == 0 && len(up.hidden) > 0:
			return empty, fmt.Sprintf("Your upload has only hidden files (%s), which are left out; name your answers file without a leading dot. %s", quoteNames(up.hidden), template)
		case len(others) == 0:
			return empty, "Your upload has no files. " + template
		}
		return empty, fmt.Sprintf("Your upload has no answers file (.toml or .csv), only %s. %s", quoteNames(others), template)
	case 1:
	default:
		return empty, fmt.Sprintf("Your upload has %d answers files, %s; upload exactly one, with all your answers.", len(answers), quoteNames(answers))
	}
	name := answers[0]
	src, err := readLimited(filepath.Join(dir, name), submissions.MaxCSVSize)
	if err != nil {
		return empty, fmt.Sprintf("%s could not be read: %v", name, err)
	}
	// Errors name the file as the student knows it, not by the autograder's path.
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		rows, err := submissions.LoadCSV(name, src)
		if len(rows) != 1 {
			msg := fmt.Sprintf("%s has %d rows of answers; a CSV upload has a header and one row, yours.", name, len(rows))
			if err != nil {
				msg += "\n" + err.Error()
			}
			return empty, msg
		}
		if err != nil {
			return empty, fmt.Sprintf("%s could not be read:\n%v", name, err)
		}
		sub = rows[0]
		sub.Rename(submissions.MatchColumns(sub.Columns, key.Set).Read)
	} else {
		if sub, err = submissions.Load(name, src); err != nil {
			return empty, fmt.Sprintf("%s could not be read, so nothing was graded; fix it and upload it again:\n%v", name, err)
		}
	}
	var notes []string
	for _, e := range sub.Check(key.Set) {
		if wrong := (*submissions.WrongSetError)(nil); errors.As(e, &wrong) {
			// Graded against this set, its answers would be judged against
			// other questions' keys: refuse rather than mislead.
			return empty, fmt.Sprintf("%s answers problem set %q, not %q, so nothing was graded; upload your answers to %s.", name, wrong.Got, wrong.Want, wrong.Want)
		}
		notes = append(notes, e.Error())
	}
	return sub, strings.Join(notes, "\n")
}

// upload is what an upload's folder holds, by path relative to it, sorted:
// answers files, other files, things named as answers files that are not
// files (links, folders, special files) and hidden names left out.
type upload struct {
	answers, others, notFiles, hidden []string
}

// listUpload lists an upload's files.
func listUpload(dir string) (up upload, err error) {
	seen := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == dir {
			return nil
		}
		if seen++; seen > maxUploadEntries {
			return fmt.Errorf("it has more than %d files and folders", maxUploadEntries)
		}
		name := d.Name()
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(name, ".") || name == "__MACOSX" {
			if name != "__MACOSX" {
				up.hidden = append(up.hidden, rel)
			}
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		answersName := false
		switch strings.ToLower(filepath.Ext(name)) {
		case ".toml", ".csv":
			answersName = true
		}
		switch {
		case answersName && !d.Type().IsRegular():
			up.notFiles = append(up.notFiles, rel)
		case d.IsDir():
		case answersName:
			up.answers = append(up.answers, rel)
		default:
			up.others = append(up.others, rel)
		}
		return nil
	})
	for _, list := range [][]string{up.answers, up.others, up.notFiles, up.hidden} {
		slices.Sort(list)
	}
	return up, err
}

// readLimited reads a file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.Unwrap(err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, fmt.Errorf("it is larger than %d bytes", limit)
	}
	return src, nil
}

// quoteNames lists up to five file names, then how many more there are.
func quoteNames(names []string) string {
	const shown = 5
	var parts []string
	for i, n := range names {
		if i == shown {
			parts = append(parts, fmt.Sprintf("and %d more", len(names)-shown))
			break
		}
		parts = append(parts, fmt.Sprintf("%q", n))
	}
	return strings.Join(parts, ", ")
}
