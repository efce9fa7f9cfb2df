package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
)

// StudentValues is one student's per-student values (nngrade variants).
type StudentValues struct {
	Student string
	Name    string // from the roster; "" when it has none
	Values  problems.Values
}

// VariantsCSV writes every student's values for a mail merge or an LMS:
// a header "student,name,<params…>" (name only when some student has one),
// then a row per student in roster order, the values in the params' order.
// Names are defused as the gradebook's are (csvText).
func VariantsCSV(w io.Writer, set *problems.Set, students []StudentValues) error {
	names := false
	for _, s := range students {
		names = names || s.Name != ""
	}
	header := []string{"student"}
	if names {
		header = append(header, "name")
	}
	for _, p := range set.Params {
		header = append(header, csvText(p.Name))
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return csvError(err)
	}
	row := make([]string, 0, len(header))
	for _, s := range students {
		row = append(row[:0], csvID(s.Student))
		if names {
			row = append(row, csvText(s.Name))
		}
		if len(s.Values) != len(set.Params) {
			return fmt.Errorf("report: VariantsCSV: student %q has %d values for %d params", s.Student, len(s.Values), len(set.Params))
		}
		for _, v := range s.Values {
			row = append(row, strconv.Itoa(v.Value))
		}
		if err := cw.Write(row); err != nil {
			return csvError(err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return csvError(err)
	}
	return nil
}

// VariantsJSON writes every student's values:
//
//	{"problem_set": "hw8-variants", "params": ["s", "f1"],
//	 "students": [{"student": "ab1", "name": "Ann", "params": {"s": 62, "f1": 16}}]}
func VariantsJSON(w io.Writer, set *problems.Set, students []StudentValues) error {
	type studentJSON struct {
		Student string        `json:"student"`
		Name    string        `json:"name,omitempty"`
		Params  grader.Params `json:"params"`
	}
	out := struct {
		ProblemSet string        `json:"problem_set"`
		Params     []string      `json:"params"`
		Students   []studentJSON `json:"students"`
	}{ProblemSet: set.ID, Params: []string{}, Students: []studentJSON{}}
	for _, p := range set.Params {
		out.Params = append(out.Params, p.Name)
	}
	for _, s := range students {
		out.Students = append(out.Students, studentJSON{s.Student, s.Name, grader.Params(s.Values)})
	}
	return encodeJSON(w, out)
}
