package submissions

import (
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
	"github.com/nngrade/nngrade/problems"
)

// ColumnsFile says how an export's columns answer a problem set's questions,
// over MapColumns's own matching (--columns; FORMAT.md, "Columns file"):
//
//	id_column = "sis_id"          # optional: the column holding student ids
//	[columns]
//	"102: Output size of conv1?" = "1a"
//	"Any comments?" = ""          # answers no question: not graded, by choice
type ColumnsFile struct {
	Name     string
	IDColumn string // "" when the file does not name one
	// IDColumnAt is where id_column is written, "file:line:col".
	IDColumnAt string
	columns    map[string]string
	order      []string // the headers in the file's order
	at         map[string]*diag.Error
	file       *tomlfile.File
}

type columnsDoc struct {
	IDColumn any            `toml:"id_column"`
	Columns  map[string]any `toml:"columns"`
}

// Question is the question id the file gives column, "" for none; ok is false
// when the file does not name the column.
func (f *ColumnsFile) Question(column string) (id string, ok bool) {
	if f == nil {
		return "", false
	}
	id, ok = f.columns[column]
	return id, ok
}

// Headers are the column headers the file names, in its order.
func (f *ColumnsFile) Headers() []string { return f.order }

// NotIn is an error for each header of the file that none of the columns
// read has (seen: every answer column of every export read), at its place,
// with the closest header read.
func (f *ColumnsFile) NotIn(seen []string, files []string) []error {
	have := map[string]bool{}
	for _, s := range seen {
		have[s] = true
	}
	var errs []error
	for _, h := range f.order {
		if have[h] {
			continue
		}
		e := *f.at[h]
		e.Msg = fmt.Sprintf("column %q is in none of the files read (%s)%s", h, strings.Join(files, ", "), tomlfile.DidYouMean(h, seen))
		errs = append(errs, &e)
	}
	return errs
}

// LoadColumnsFile reads a columns file for set: every problem at its
// file:line:column (an unknown question id with the closest, a question given
// to two columns, a value that is not text).
func LoadColumnsFile(name string, src []byte, set *problems.Set) (*ColumnsFile, error) {
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than a columns file may be (%d)", name, len(src), MaxFileSize)
	}
	src = oldMacLineEnds(src)
	var doc columnsDoc
	md, f, errs := tomlfile.Decode(name, src, &doc)
	if errs.Fatal() {
		return nil, errs
	}
	cf := &ColumnsFile{Name: name, columns: map[string]string{}, at: map[string]*diag.Error{}, file: f}
	if doc.IDColumn != nil {
		at, _ := f.Place("id_column")
		s, ok := doc.IDColumn.(string)
		switch {
		case !ok:
			errs.Add(f.Error(at.Value.Start, `id_column should be the header of the column holding the student ids, in quotes: id_column = "sis_id"`))
		case strings.TrimSpace(s) == "":
			errs.Add(f.Error(at.Value.Start, `id_column is empty; name the column holding the student ids, or leave the line out`))
		default:
			cf.IDColumn, cf.IDColumnAt = cleanCell(s), at.Value.Start.String()
		}
	}
	ids := set.QuestionIDs()
	answeredBy := map[string]string{}
	for _, k := range md.Keys() {
		if len(k) != 2 || k[0] != "columns" {
			continue
		}
		header := k[1]
		at, _ := f.Place("columns", header)
		if strings.TrimSpace(header) == "" {
			errs.Add(f.Error(at.Name, `a column header is empty; write the column's header as the export has it`))
			continue
		}
		id, ok := doc.Columns[header].(string)
		if !ok {
			errs.Add(f.Error(at.Value.Start, fmt.Sprintf(`the question of column %q should be a question id in quotes ("1a"), or "" for a column that answers no question`, header)))
			continue
		}
		id = strings.TrimSpace(id)
		if id != "" && !set.HasQuestion(id) {
			msg := fmt.Sprintf("%q is not a question of %s", id, set.ID)
			if sug := tomlfile.Suggest(id, ids); sug != "" {
				msg += fmt.Sprintf("; did you mean %q?", sug)
			} else {
				msg += fmt.Sprintf(" (its questions: %s)", strings.Join(ids, ", "))
			}
			errs.Add(f.Error(at.Value.Start, msg))
			continue
		}
		if prev, dup := answeredBy[id]; dup && id != "" {
			errs.Add(f.Error(at.Value.Start, fmt.Sprintf("question %s is already answered by column %q (line %d); a question takes one column", id, prev, cf.at[prev].Line)))
			continue
		}
		header = cleanCell(header)
		if id != "" {
			answeredBy[id] = header
		}
		cf.columns[header] = id
		cf.order = append(cf.order, header)
		cf.at[header] = f.Error(at.Name, "")
	}
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return cf, nil
}

// WriteColumnsFile writes a columns file for the export columns of file
// (what ExportColumns read) as m matched them, for the user to check and
// edit: each column with the question it answers and how it was matched, a
// column that answers none or is ambiguous commented out with why, and the
// questions no column answers.
func WriteColumnsFile(b *strings.Builder, file string, exp *Export, m ColumnMap, set *problems.Set) {
	fmt.Fprintf(b, "# How the columns of %s (%s) answer the questions of %s,\n", file, exp.Kind, set.ID)
	b.WriteString("# as nngrade matched them. Check and edit, then grade with --columns FILE.\n")
	b.WriteString("# A column given \"\" answers no question: its answers are not graded.\n")
	fmt.Fprintf(b, "id_column = %s\n", tomlString(exp.IDColumn))
	b.WriteString("\n[columns]\n")
	for _, c := range m.Columns {
		// A column matched with no question is written commented out: the
		// file used as it is leaves it to be reported, never dropped.
		switch {
		case c.Question != "" && c.How == MatchCloseText:
			fmt.Fprintf(b, "%s = %s # %s (%.2f)", tomlString(c.Column), tomlString(c.Question), c.How, c.Score)
		case c.Question != "":
			fmt.Fprintf(b, "%s = %s # %s", tomlString(c.Column), tomlString(c.Question), c.How)
		case c.How == MatchIgnored:
			fmt.Fprintf(b, "%s = \"\" # answers no question", tomlString(c.Column))
		case len(c.Could) > 0:
			fmt.Fprintf(b, "# %s = %s # could be %s (%s): give its question id, or \"\" to leave it out", tomlString(c.Column), tomlString(c.Could[0]), strings.Join(c.Could, " or "), c.Why)
		default:
			why := "no question's id or text"
			if c.Why != "" {
				why = c.Why
			}
			fmt.Fprintf(b, "# %s = \"\" # matches no question (%s): give its question id, or \"\" to leave it out", tomlString(c.Column), why)
		}
		b.WriteByte('\n')
	}
	if len(m.NoColumn) > 0 {
		fmt.Fprintf(b, "# No column answers %s.\n", strings.Join(m.NoColumn, ", "))
	}
}
