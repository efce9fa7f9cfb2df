package submissions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Enrolled is one student of a roster.
type Enrolled struct {
	Student, Name string
	Source        string // "roster.csv:3"
}

// LoadRoster reads a roster: a CSV with a student id column, such as an LMS's
// gradebook export. The id column goes by any of idHeaders' names (Canvas's "SIS
// User ID", Moodle's "ID number" or "Username", a plain "student"); a name
// column is kept when there is one. Canvas's "Points Possible" row is skipped. A
// row without a usable id, or with an id already listed, is a problem and the
// rest still load.
func LoadRoster(path string) ([]Enrolled, []error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, []error{err}
	}
	if info.Size() > MaxCSVSize {
		return nil, []error{fmt.Errorf("%s: %d bytes is larger than a roster may be (%d)", path, info.Size(), MaxCSVSize)}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, []error{err}
	}
	f, err := openCSV(path, bytes.NewReader(src), "roster")
	if err != nil {
		return nil, []error{err}
	}
	header := f.header
	cols, note := studentColumns(header)
	if cols.id < 0 {
		return nil, []error{fmt.Errorf("%s:1: the roster has no student id column; name it \"student\" (or an LMS's name for it: %s)",
			path, strings.Join(quoted(idHeaders[3:]), ", "))}
	}
	var errs []error
	if note != "" {
		errs = append(errs, &Notice{fmt.Sprintf("%s:1: %s", path, note)})
	}
	var roster []Enrolled
	seen := map[string]int{}
	for {
		rec, line, err := f.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if f.broken {
				return roster, append(errs, err)
			}
			errs = append(errs, err)
			continue
		}
		id, name := cols.student(rec)
		switch {
		case len(rec) == 1 && strings.TrimSpace(rec[0]) == "":
			continue
		case id == "" && strings.Contains(strings.Join(rec, ","), "Points Possible"):
			continue // Canvas's second line, not a student
		case id == "":
			errs = append(errs, fmt.Errorf("%s:%d: the row has no student id in column %q", path, line, header[cols.id]))
			continue
		case !validStudentID(id):
			errs = append(errs, fmt.Errorf("%s:%d: student id %q may use letters, digits and @ . _ + - only", path, line, id))
			continue
		}
		if prev, dup := seen[id]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: student %q is already on the roster (line %d)", path, line, id, prev))
			continue
		}
		seen[id] = line
		roster = append(roster, Enrolled{Student: id, Name: name, Source: fmt.Sprintf("%s:%d", path, line)})
	}
	if len(roster) == 0 {
		errs = append(errs, fmt.Errorf("%s: the roster lists no students", path))
	}
	return roster, errs
}

func quoted(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// ApplyRoster gives every enrolled student a submission: theirs, or one with no
// answers marked NotSubmitted. A submission from a student not on the roster
// stays (it is graded) and is reported. A submission without a name takes the
// roster's.
func ApplyRoster(subs []*Submission, roster []Enrolled, rosterFile string) ([]*Submission, []error) {
	rc := NewRosterCheck(roster, rosterFile)
	var problems []error
	has := map[string]bool{}
	out := append([]*Submission(nil), subs...)
	for _, s := range subs {
		has[s.Student] = true
		if err := rc.Apply(s); err != nil {
			problems = append(problems, err)
		}
	}
	return append(out, rc.Missing(func(id string) bool { return has[id] })...), problems
}

// RosterCheck applies a roster to submissions one at a time, as they are
// read, for a class too large to hold: ApplyRoster in two steps.
type RosterCheck struct {
	roster   []Enrolled
	enrolled map[string]int // student -> index in roster
	file     string
}

// NewRosterCheck is a check of submissions against roster, read from file.
func NewRosterCheck(roster []Enrolled, file string) *RosterCheck {
	rc := &RosterCheck{roster: roster, enrolled: make(map[string]int, len(roster)), file: file}
	for i, e := range roster {
		rc.enrolled[e.Student] = i
	}
	return rc
}

// Apply gives sub the roster's name when it has none. A student not on the
// roster is a problem; the submission is still graded.
func (rc *RosterCheck) Apply(s *Submission) error {
	i, ok := rc.enrolled[s.Student]
	if !ok {
		return fmt.Errorf("%s: student %q is not on the roster %s; graded, but check the id", s.Source, s.Student, rc.file)
	}
	if s.Name == "" {
		s.Name = rc.roster[i].Name
	}
	return nil
}

// Missing is a submission marked NotSubmitted, with no answers, for every
// enrolled student has says handed nothing in, in the roster's order.
func (rc *RosterCheck) Missing(has func(student string) bool) []*Submission {
	var out []*Submission
	for _, e := range rc.roster {
		if has(e.Student) {
			continue
		}
		out = append(out, &Submission{Student: e.Student, Name: e.Name, Source: e.Source, File: rc.file,
			Answers: map[string]string{}, NotSubmitted: true})
	}
	return out
}
