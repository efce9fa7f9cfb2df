package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/submissions"
)

func extractCommand() *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "show the answers grade and check would take from a transcribed homework (.md, .tex, .txt)",
		ArgsUsage: "SET FILE",
		Description: "Prints, for each question, the answer taken from the document, the line it came from and how it\n" +
			"was found: labelled (the student wrote the question's label), inferred (from the set's structure:\n" +
			"the layer a section names, an identity's left side, a problem's one question), and an answer\n" +
			"marker, a box, the label's line, the final value of a derivation or a sentence. A question with no\n" +
			"answer found is missing when graded. SET may be a problem set or a sealed student edition.\n\n" +
			"Example:\n   nngrade extract hw8 examples/hw8/transcribed/ssr226.md",
		Flags:  []cli.Flag{studentFlag()},
		Action: cmdExtract,
	}
}

func cmdExtract(c *cli.Context) error {
	if c.NArg() != 2 {
		return usageError(c, "want a problem set and one transcribed homework")
	}
	key, edition, err := openSetOrEdition(c.Args().Get(0))
	if err != nil {
		return err
	}
	set := editionOrKeySet(key, edition)
	path := c.Args().Get(1)
	sub, err := readDocument(set, path, c.String("student"))
	if err != nil {
		return err
	}
	return writeExtraction(c.App.Writer, set, sub)
}

// studentFlag is --student, which names the student of one transcribed
// homework.
func studentFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "student", Usage: "the student `ID` of a transcribed homework (default: the id near the name in the document, else the file name)"}
}

// editionOrKeySet is the set of whichever of key and edition is given.
func editionOrKeySet(key *grader.Key, edition *grader.StudentEdition) *problems.Set {
	if edition != nil {
		return edition.Set()
	}
	return key.Set
}

// readDocument reads one transcribed homework for set; student, when
// given, is its student.
func readDocument(set *problems.Set, path, student string) (*submissions.Submission, error) {
	if !submissions.IsDocument(path) {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("%s: not a transcribed homework; extract reads .md, .markdown, .tex and .txt files", path)}
	}
	src, err := readLimited(path, submissions.MaxFileSize)
	if err != nil {
		return nil, &exitError{code: 2, msg: fmt.Sprintf("%s: %v", path, err)}
	}
	sub, err := submissions.LoadDocument(set, path, src, student)
	if err != nil {
		return nil, &exitError{code: 2, msg: err.Error()}
	}
	return sub, nil
}

// writeExtraction prints each question's extraction, one a line.
func writeExtraction(w io.Writer, set *problems.Set, sub *submissions.Submission) error {
	who := sub.Student
	if sub.Name != "" {
		who += " (" + sub.Name + ")"
	}
	fmt.Fprintf(w, "%s, from %s, for problem set %s\n", who, sub.Source, set.ID)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "question\tline\tfound\tanswer")
	missing := 0
	for _, q := range set.Questions {
		e, ok := sub.Extracted[q.ID]
		if !ok {
			missing++
			fmt.Fprintf(tw, "%s\t-\tnot found\t(missing)\n", q.ID)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", q.ID, strconv.Itoa(e.Line), e.How(), oneLineText(e.Answer))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if missing > 0 {
		fmt.Fprintf(w, "%d of %d questions have no answer found: they are graded missing.\n", missing, len(set.Questions))
	}
	return nil
}

// oneLineText keeps an answer on its row.
func oneLineText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
