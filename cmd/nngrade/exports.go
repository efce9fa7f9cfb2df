package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/submissions"
)

// LMS and form exports (Canvas and Moodle quiz reports, Google and Microsoft
// Forms) are recognised by submissions; this file is their command-line
// side: --columns and --id-column, the printout of how an export's columns
// were matched with the questions, `nngrade columns`, and the accounts that
// let --format canvas and moodle name students as their LMS did.

// exportFlags are grade's flags for reading exports.
func exportFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "columns", Usage: "read which question each column of an export answers, and the student id column, from the TOML `FILE` that `nngrade columns SET EXPORT` writes"},
		&cli.StringFlag{Name: "id-column", Usage: "read the student ids from the column headed `NAME`, in place of the column recognised"},
	}
}

// exportOptions reads --columns (for set) and --id-column, which wins over
// the columns file's id_column.
func exportOptions(c *cli.Context, set *problems.Set) (submissions.Options, *submissions.ColumnsFile, error) {
	var opt submissions.Options
	var columns *submissions.ColumnsFile
	if path := c.String("columns"); path != "" {
		src, err := os.ReadFile(path)
		if err != nil {
			return opt, nil, &exitError{code: 2, msg: fmt.Sprintf("nngrade %s: --columns: %v", c.Command.Name, err)}
		}
		columns, err = submissions.LoadColumnsFile(path, src, set)
		if err != nil {
			return opt, nil, &exitError{code: 2, msg: err.Error()}
		}
		if columns.IDColumn != "" {
			opt.IDColumn, opt.IDColumnFrom = columns.IDColumn, columns.IDColumnAt
		}
	}
	if id := c.String("id-column"); id != "" {
		opt.IDColumn, opt.IDColumnFrom = id, "--id-column"
	}
	return opt, columns, nil
}

// exportColumns is what a submissionChecker keeps of the exports it matched.
type exportColumns struct {
	fixed *submissions.ColumnsFile         // --columns, or nil
	maps  map[string]submissions.ColumnMap // export file -> how its columns were matched
	// column is each file's column header -> its place in maps[file].Columns,
	// so that a lost column's mapping is found at once, not by a search of
	// every column (a file of thousands of columns, most lost, was quadratic).
	column  map[string]map[string]int
	files   []string                       // the files matched by MapColumns, in order
	columns []string                       // their answer columns
	ids     map[string]submissions.Account // student -> how their LMS knows them
}

// matchFile matches the columns of s's file with the set's questions, once
// a file: nngrade's own CSV by MatchColumns as before (unless a columns file
// is given), an export by MapColumns, with the mapping printed.
func (k *submissionChecker) matchFile(s *submissions.Submission) submissions.ColumnMatch {
	x := &k.export
	if s.Exported == nil && x.fixed == nil {
		m := submissions.MatchColumns(s.Columns, k.set)
		k.notes = append(k.notes, columnNotes(s.File, m, k.set)...)
		return m
	}
	exp := &submissions.Export{Kind: submissions.OwnCSV}
	if s.Exported != nil {
		exp = s.Exported.Export
	}
	var fixed submissions.Fixed
	if x.fixed != nil {
		fixed = x.fixed
	}
	cm := submissions.MapColumns(s.Columns, exp.Kind, k.set, fixed)
	if x.maps == nil {
		x.maps = map[string]submissions.ColumnMap{}
	}
	x.maps[s.File] = cm
	if x.column == nil {
		x.column = map[string]map[string]int{}
	}
	at := make(map[string]int, len(cm.Columns))
	for i, col := range cm.Columns {
		if _, dup := at[col.Column]; !dup {
			at[col.Column] = i
		}
	}
	x.column[s.File] = at
	x.files = append(x.files, s.File)
	x.columns = append(x.columns, s.Columns...)
	k.notes = append(k.notes, mappingNotes(s.File, exp, cm, k.set)...)
	return cm.Match()
}

// account records how the LMS whose export s came from knows its student.
func (k *submissionChecker) account(s *submissions.Submission) {
	if s.Exported == nil || s.Exported.Account == (submissions.Account{}) {
		return
	}
	if k.export.ids == nil {
		k.export.ids = map[string]submissions.Account{}
	}
	if _, ok := k.export.ids[s.Student]; !ok {
		k.export.ids[s.Student] = s.Exported.Account
	}
}

// accounts are the students' LMS accounts for the gradebook writers.
func (k *submissionChecker) accounts() report.Accounts {
	if len(k.export.ids) == 0 {
		return nil
	}
	out := make(report.Accounts, len(k.export.ids))
	for id, a := range k.export.ids {
		out[id] = report.Account{CanvasID: a.CanvasID, SISUserID: a.SISID, IDNumber: a.IDNumber, Email: a.Email}
	}
	return out
}

// lostExportColumn is the problem of an export's column that answers no
// question although students answered in it, or nil for a column of
// nngrade's own CSV (finish's rules).
func (k *submissionChecker) lostExportColumn(c lostColumn, lostText string) error {
	m, ok := k.export.maps[c.file]
	if !ok {
		return nil
	}
	what := "answers no question of " + k.set.ID
	if i, ok := k.export.column[c.file][c.id]; ok {
		switch col := m.Columns[i]; {
		case len(col.Could) > 0:
			what = fmt.Sprintf("could be question %s of %s (%s)", strings.Join(col.Could, " or "), k.set.ID, col.Why)
		case col.Why != "":
			what += " (" + col.Why + ")"
		}
	}
	return fmt.Errorf("%s: column %q %s; say which question it answers in a columns file (nngrade columns %s %s > columns.toml; then --columns columns.toml), or give it \"\" there to leave it out. %s",
		c.file, c.id, what, k.set.ID, c.file, lostText)
}

// columnsFileProblems are the entries of --columns that name a column no
// export read has.
func (k *submissionChecker) columnsFileProblems() []error {
	if k.export.fixed == nil || len(k.export.files) == 0 {
		return nil
	}
	return k.export.fixed.NotIn(k.export.columns, k.export.files)
}

// mappingNotes is the printout of how an export's columns answer the set's
// questions: what the file is and where the student ids come from, each
// column with its question and the rule that matched it, the columns left
// out, and the questions no column answers.
func mappingNotes(file string, exp *submissions.Export, m submissions.ColumnMap, set *problems.Set) []string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", file, exp.Kind)
	if exp.IDColumn != "" {
		fmt.Fprintf(&b, "; student ids from column %q", exp.IDColumn)
	}
	if exp.AltIDColumn != "" {
		fmt.Fprintf(&b, ", else %q", exp.AltIDColumn)
	}
	if exp.IDNamed {
		b.WriteString(", as named")
	}
	notes := []string{b.String()}
	b.Reset()
	fmt.Fprintf(&b, "%s: columns -> questions of %s:", file, set.ID)
	for _, c := range m.Columns {
		fmt.Fprintf(&b, "\n  %q -> ", shortHeader(c.Column))
		switch {
		case c.Question != "" && c.How == submissions.MatchCloseText:
			fmt.Fprintf(&b, "%s (%s, %.2f)", c.Question, c.How, c.Score)
		case c.Question != "" && c.How == submissions.MatchPosition:
			fmt.Fprintf(&b, "%s (%s: the question's place in %s)", c.Question, c.How, set.ID)
		case c.Question != "":
			fmt.Fprintf(&b, "%s (%s)", c.Question, c.How)
		case c.How == submissions.MatchIgnored:
			b.WriteString("none (the columns file says so: its answers are not graded)")
		case len(c.Could) > 0:
			fmt.Fprintf(&b, "? could be %s: %s", strings.Join(c.Could, " or "), c.Why)
		case c.Why != "":
			fmt.Fprintf(&b, "none: %s", c.Why)
		default:
			b.WriteString("none: no question's id or text")
		}
	}
	notes = append(notes, b.String())
	if len(exp.Ignored) > 0 {
		var q []string
		for _, h := range exp.Ignored {
			q = append(q, fmt.Sprintf("%q", h))
		}
		notes = append(notes, fmt.Sprintf("%s: columns left out (no student, no answer): %s", file, strings.Join(q, ", ")))
	}
	if len(m.NoColumn) > 0 {
		notes = append(notes, fmt.Sprintf("%s: no column answers %s %s (missing in every row)",
			file, plural.Word(len(m.NoColumn), "question", "questions"), strings.Join(m.NoColumn, ", ")))
	}
	return notes
}

// shortHeader is a header cut to a line's worth for the printout.
func shortHeader(h string) string {
	const most = 70
	if r := []rune(h); len(r) > most {
		return string(r[:most-1]) + "…"
	}
	return h
}

func columnsCommand() *cli.Command {
	return &cli.Command{
		Name:      "columns",
		Usage:     "write how an export's columns answer a set's questions, as a file to check, edit and pass to grade --columns",
		ArgsUsage: "SET EXPORT",
		Description: "EXPORT is a class CSV: a Canvas quiz Student Analysis report, a Moodle quiz Responses report,\n" +
			"a Google Forms or Microsoft Forms responses export, or nngrade's own. The file written to\n" +
			"standard output names the student id column and gives each answer column the question it\n" +
			"answers (\"\" for none), with how it was matched in a comment.\n\n" +
			"Example:\n   nngrade columns hw8 quiz.csv > columns.toml\n   nngrade grade hw8 quiz.csv --columns columns.toml",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "id-column", Usage: "read the student ids from the column headed `NAME`"},
		},
		Action: cmdColumns,
	}
}

func cmdColumns(c *cli.Context) error {
	if c.NArg() != 2 {
		return usageError(c, "want a problem set and an export, got %s", plural.Count(c.NArg(), "argument", "arguments"))
	}
	key, err := loadKey(c.Args().Get(0))
	if err != nil {
		return err
	}
	path := c.Args().Get(1)
	f, err := os.Open(path)
	if err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("nngrade columns: %v", err)}
	}
	defer f.Close()
	var opt submissions.Options
	if id := c.String("id-column"); id != "" {
		opt.IDColumn, opt.IDColumnFrom = id, "--id-column"
	}
	exp, cols, err := submissions.ExportColumns(path, f, opt)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	m := submissions.MapColumns(cols, exp.Kind, key.Set, nil)
	var b strings.Builder
	submissions.WriteColumnsFile(&b, path, exp, m, key.Set)
	_, err = fmt.Fprint(c.App.Writer, b.String())
	return err
}
