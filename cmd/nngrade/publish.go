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
	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/web"
)

func publishCommand() *cli.Command {
	return &cli.Command{
		Name:      "publish",
		Usage:     "write a sealed student edition of a problem set, for students to check their answers",
		ArgsUsage: "SET --out DIR",
		Description: "Writes DIR/<id>.student.toml: the questions, the form each answer takes, the points, and\n" +
			"a sealed key that tells right from wrong (with the feedback grading gives) but from which no\n" +
			"answer can be read; and DIR/<id>.html, the self-check page: the same check in a browser,\n" +
			"offline, with nothing to install. Students open the page, or run:\n" +
			"   nngrade check <id>.student.toml answers.toml\n" +
			"The rubric is the one grade would use: the set's bundled rubric unless --rubric names another.\n\n" +
			"Example:\n   nngrade publish hw8 --out handout",
		Flags: []cli.Flag{
			rubricFlag(),
			&cli.StringFlag{Name: "out", Usage: "write the files into `DIR` (created if needed)"},
			&cli.StringFlag{Name: "student", Usage: "for a set with per-student values: the edition of student `ID`'s variant"},
			&cli.StringFlag{Name: "roster", Usage: "for a set with per-student values: one edition per student of the roster `FILE`, each in DIR/ID/"},
		},
		Action: cmdPublish,
	}
}

func cmdPublish(c *cli.Context) error {
	stdout := c.App.Writer
	if c.NArg() != 1 {
		return usageError(c, "want one problem set")
	}
	dir := c.String("out")
	if dir == "" {
		return usageError(c, "name the folder to write into with --out DIR")
	}
	set, key, err := loadGradeSet(c.Args().First())
	if err != nil {
		return err
	}
	if key == nil {
		return publishVariants(c, set, dir)
	}
	if c.String("student") != "" || c.String("roster") != "" {
		return usageError(c, "%s has no per-student values: one edition serves every student; leave out --student and --roster", c.Args().First())
	}
	rubric, err := loadRubric(c, key)
	if err != nil {
		return err
	}
	if c.String("rubric") == "" && !isBundled(key.Set) {
		// The edition seals the rubric's points, tolerances and known mistakes:
		// without the one the instructor grades with, students would check
		// against other ones and be told so nowhere.
		fmt.Fprintf(c.App.ErrWriter, "nngrade publish: no --rubric: the edition seals one point a question, the default tolerances and no known mistakes; publish with --rubric FILE, the rubric you grade %s with, so that students check as you grade.\n", key.Set.ID)
	}
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("nngrade publish: no random salt: %v", err)}
	}
	ed, err := grader.Publish(key, rubric, salt)
	if err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("nngrade publish: %s cannot be sealed:\n%v", key.Set.ID, err)}
	}
	if ids := ed.ValuesFoundPointByPoint(); len(ids) > 0 {
		// The rubric's formula_tol makes these keys' values sealed point by
		// point: each can be found alone, and a polynomial from a few.
		fmt.Fprintf(c.App.ErrWriter, "nngrade publish: the rubric sets formula_tol for %s, whose %s exact (a rational function of integer variables): with a tolerance the key's values are sealed point by point, and a student can find them one point at a time by trying values, then rebuild a polynomial from a few; leave formula_tol unset for such a question unless it needs one.\n",
			plural.Word(len(ids), "question", "questions")+" "+strings.Join(ids, ", "), plural.Word(len(ids), "key is", "keys are"))
	}
	src, err := ed.Encode()
	if err != nil {
		return err
	}
	page, err := web.Page(ed, src)
	if err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("nngrade publish: the self-check page: %v", err)}
	}
	files := map[string][]byte{key.Set.ID + ".student.toml": src, key.Set.ID + ".html": page}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := report.WriteFilesContext(ctx, dir, files); err != nil {
		if errors.Is(err, context.Canceled) {
			return &exitError{code: 130, msg: "nngrade publish: stopped; " + strings.TrimPrefix(err.Error(), "report: ")}
		}
		return &exitError{code: 2, msg: "nngrade publish: " + strings.TrimPrefix(err.Error(), "report: ")}
	}
	edition := filepath.Join(dir, key.Set.ID+".student.toml")
	fmt.Fprintf(stdout, "Wrote %s: the sealed student edition of %s (%s, %s).\n",
		edition, key.Set.ID, plural.Count(len(ed.Questions), "question", "questions"), pointsText(ed))
	fmt.Fprintf(stdout, "Wrote %s: the self-check page; it works offline, from a file or any LMS file area.\n", filepath.Join(dir, key.Set.ID+".html"))
	fmt.Fprintf(stdout, `
Students check their answers by opening %[1]s.html in a browser (upload it where they find
handouts), or with: nngrade check %[1]s.student.toml answers.toml
Keep the problem set and the rubric from students (they are the key); grade with them as usual.
What they learn: for each answer, the status, score and feedback your grading gives (the same
rubric), without any key's number; an answer your grading might credit by carry-forward is
shown wrong with a note naming the earlier question to check, and one at the very edge of a
tolerance is left to your grading.
What they cannot learn: no answer, network or formula can be read from the files. But any
checker is an oracle: a student can try answers one by one, and a program can try many (small
counts and shapes fall quickly). Publish anew each term: a fresh salt makes old files useless.
`, key.Set.ID)
	return nil
}

func pointsText(ed *grader.StudentEdition) string {
	var total float64
	for _, q := range ed.Questions {
		total += q.Points
	}
	return fmt.Sprintf("%g %s", total, plural.Word(int(total), "point", "points"))
}
