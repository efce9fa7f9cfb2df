// Package submissions loads students' answers: one TOML file per student
// (FORMAT.md), a CSV export with one row per student, or a folder of either. One
// bad file never stops a batch: Collect returns what it could read and a list of
// problems, each with its file and line.
package submissions

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nngrade/nngrade/internal/diag"
	"github.com/nngrade/nngrade/internal/tomlfile"
	"github.com/nngrade/nngrade/problems"
)

// Bounds on student input: it is data, and a class export is not a place for
// megabytes of text.
const (
	MaxFileSize   = 1 << 20 // a submission TOML file
	MaxCSVSize    = 32 << 20
	MaxAnswerSize = 4 << 10
)

// Submission is one student's answers.
type Submission struct {
	Student    string
	Name       string
	ProblemSet string
	Source     string            // file, and line for a CSV row: "class.csv:3"
	File       string            // the file alone
	FromCSV    bool              // a row of a class CSV rather than a file of its own
	Answers    map[string]string // question id -> answer as written
	Order      []string          // question ids in the order the file gives them
	Line       map[string]int    // question id -> line in the file (TOML only)
	// At is where each answer is written (TOML only): At[id].Error(offset, msg)
	// reports a problem at a byte of the answer at its file:line:column.
	At map[string]tomlfile.Value
}

type submissionDoc struct {
	Student    string         `toml:"student"`
	Name       string         `toml:"name"`
	ProblemSet string         `toml:"problem_set"`
	Answers    map[string]any `toml:"answers"`
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9@._+-]+$`)

// Load reads one submission TOML file.
func Load(name string, src []byte) (*Submission, error) {
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than a submission may be (%d)", name, len(src), MaxFileSize)
	}
	var doc submissionDoc
	md, f, errs := tomlfile.Decode(name, src, &doc)
	if errs.Fatal() {
		return nil, errs
	}
	sub := &Submission{Student: doc.Student, Name: doc.Name, ProblemSet: doc.ProblemSet, Source: name, File: name,
		Answers: map[string]string{}, Line: map[string]int{}, At: map[string]tomlfile.Value{}}
	if doc.Student == "" {
		errs.Add(f.Error(tomlfile.LinePos(1), "no student id; add a line such as student = \"ab123\""))
	} else if !idPattern.MatchString(doc.Student) || len(doc.Student) > 100 {
		at, _ := f.Place("student")
		errs.Add(f.Error(at.Value.Start, fmt.Sprintf("student id %q may use letters, digits and @ . _ + - only", doc.Student)))
	}
	for _, k := range md.Keys() {
		if len(k) != 2 || k[0] != "answers" {
			continue
		}
		id := k[1]
		at, _ := f.Place("answers", id)
		line := at.Key.Line
		sub.Order = append(sub.Order, id)
		sub.Line[id] = line
		sub.At[id] = at.Value
		a, ok := answerText(doc.Answers[id])
		if !ok {
			errs.Add(f.Error(at.Value.Start, fmt.Sprintf("the answer to %q should be text in quotes, e.g. %q = \"60 × 60 × 32\"", id, id)))
			continue
		}
		if len(a) > MaxAnswerSize {
			errs.Add(f.Error(tomlfile.LinePos(line), fmt.Sprintf("the answer to %q is %d bytes; an answer may have at most %d", id, len(a), MaxAnswerSize)))
			continue
		}
		sub.Answers[id] = a
	}
	errs.Sort()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return sub, nil
}

// answerText accepts an answer written as a string, or as a bare TOML number
// ("1b" = 2432) which a student may well type, and turns it into text.
func answerText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return "", false
}

// LoadCSV reads a class export: a header "student,name,<question ids…>" (name
// optional) and one row per student. Spreadsheet exports' byte-order mark and CRLF
// line ends are fine. Problems in single rows are returned with the rows that
// loaded.
func LoadCSV(name string, src []byte) ([]*Submission, error) {
	if len(src) > MaxCSVSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than a class file may be (%d)", name, len(src), MaxCSVSize)
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%s: not UTF-8 text; export the CSV as UTF-8", name)
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: cannot read the header: %v", name, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	studentCol, nameCol, setCol := -1, -1, -1
	var errs []error
	seenCol := map[string]int{}
	for i, h := range header {
		switch strings.ToLower(h) {
		case "student", "student_id", "id":
			studentCol = i
		case "name":
			nameCol = i
		case "problem_set":
			setCol = i
		default:
			if prev, dup := seenCol[h]; dup {
				errs = append(errs, fmt.Errorf("%s:1: column %q appears twice (columns %d and %d)", name, h, prev+1, i+1))
			}
			seenCol[h] = i
		}
	}
	if studentCol < 0 {
		return nil, fmt.Errorf("%s:1: the header has no \"student\" column; the first line should be student,name,<question ids…>", name)
	}
	var subs []*Submission
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				// encoding/csv counts the column in bytes; a column counts characters.
				line := perr.Line
				col := diag.Column(lineOf(src, line), perr.Column-1)
				errs = append(errs, fmt.Errorf("%s:%d:%d: %v", name, line, col, perr.Err))
				continue
			}
			errs = append(errs, fmt.Errorf("%s: %v", name, err))
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		sub := &Submission{Source: fmt.Sprintf("%s:%d", name, line), File: name, FromCSV: true, Answers: map[string]string{}}
		if studentCol < len(rec) {
			sub.Student = strings.TrimSpace(rec[studentCol])
		}
		if nameCol >= 0 && nameCol < len(rec) {
			sub.Name = strings.TrimSpace(rec[nameCol])
		}
		if setCol >= 0 && setCol < len(rec) {
			sub.ProblemSet = strings.TrimSpace(rec[setCol])
		}
		if sub.Student == "" {
			errs = append(errs, fmt.Errorf("%s:%d: the row has no student id", name, line))
			continue
		}
		if !idPattern.MatchString(sub.Student) || len(sub.Student) > 100 {
			errs = append(errs, fmt.Errorf("%s:%d: student id %q may use letters, digits and @ . _ + - only", name, line, sub.Student))
			continue
		}
		if len(rec) > len(header) {
			errs = append(errs, fmt.Errorf("%s:%d: the row has %d cells but the header has %d columns", name, line, len(rec), len(header)))
		}
		tooLong := false
		for i, h := range header {
			if i == studentCol || i == nameCol || i == setCol || i >= len(rec) {
				continue
			}
			if len(rec[i]) > MaxAnswerSize {
				errs = append(errs, fmt.Errorf("%s:%d: the answer to %q is %d bytes; an answer may have at most %d", name, line, h, len(rec[i]), MaxAnswerSize))
				tooLong = true
				continue
			}
			if strings.TrimSpace(rec[i]) == "" {
				continue
			}
			sub.Answers[h] = rec[i]
			sub.Order = append(sub.Order, h)
		}
		if tooLong {
			continue
		}
		subs = append(subs, sub)
	}
	return subs, errors.Join(errs...)
}

// Collect loads every path: a submission .toml, a class .csv, or a folder of them
// (read one level deep, in name order). A file that cannot be read is a problem in
// the returned list and the rest still load; so is a student id that appears twice.
func Collect(paths []string) ([]*Submission, []error) {
	var subs []*Submission
	var problems []error
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		files := []string{p}
		if info.IsDir() {
			files = nil
			entries, err := os.ReadDir(p)
			if err != nil {
				problems = append(problems, err)
				continue
			}
			for _, e := range entries {
				ext := strings.ToLower(filepath.Ext(e.Name()))
				if !e.IsDir() && (ext == ".toml" || ext == ".csv") {
					files = append(files, filepath.Join(p, e.Name()))
				}
			}
			if len(files) == 0 {
				problems = append(problems, fmt.Errorf("%s: no .toml or .csv submissions in this folder", p))
			}
		}
		for _, f := range files {
			got, err := loadPath(f)
			subs = append(subs, got...)
			if err != nil {
				problems = append(problems, err)
			}
		}
	}
	seen := map[string]string{}
	var unique []*Submission
	for _, s := range subs {
		if prev, dup := seen[s.Student]; dup {
			problems = append(problems, fmt.Errorf("%s: student %q already has a submission (%s); this one is skipped", s.Source, s.Student, prev))
			continue
		}
		seen[s.Student] = s.Source
		unique = append(unique, s)
	}
	return unique, problems
}

func loadPath(path string) ([]*Submission, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	isCSV := strings.EqualFold(filepath.Ext(path), ".csv")
	limit := int64(MaxFileSize)
	if isCSV {
		limit = MaxCSVSize
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes is larger than a submission file may be (%d)", path, info.Size(), limit)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if isCSV {
		return LoadCSV(path, src)
	}
	s, err := Load(path, src)
	if err != nil {
		return nil, err
	}
	return []*Submission{s}, nil
}

// WrongSetError is a submission for another problem set: it cannot be graded.
type WrongSetError struct {
	Source, Student, Want, Got string
}

func (e *WrongSetError) Error() string {
	return fmt.Sprintf("%s: submission of %q is for problem set %q, not %q", e.Source, e.Student, e.Got, e.Want)
}

// UnknownQuestionError is an answer to a question the set does not have. The
// answer is not graded; Suggestion is the closest question id, if any is close.
type UnknownQuestionError struct {
	Place, File, Student, ID, Set, Suggestion string
	FromCSV                                   bool
}

func (e *UnknownQuestionError) Error() string {
	s := fmt.Sprintf("%s: %q answers question %q, which %s does not have", e.Place, e.Student, e.ID, e.Set)
	if e.Suggestion != "" {
		s += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return s
}

// Check compares a submission with the problem set it answers: a different
// problem_set is a *WrongSetError, and an answer to a question the set does not
// have is an *UnknownQuestionError (with the closest id).
func (s *Submission) Check(set *problems.Set) []error {
	var errs []error
	if s.ProblemSet != "" && s.ProblemSet != set.ID {
		errs = append(errs, &WrongSetError{Source: s.Source, Student: s.Student, Want: set.ID, Got: s.ProblemSet})
	}
	ids := set.QuestionIDs()
	order := append([]string(nil), s.Order...)
	if len(order) == 0 {
		for id := range s.Answers {
			order = append(order, id)
		}
		sort.Strings(order)
	}
	for _, id := range order {
		if _, ok := set.Question(id); ok {
			continue
		}
		place := s.Source
		if line := s.Line[id]; line > 0 {
			place = fmt.Sprintf("%s:%d", s.Source, line)
		}
		errs = append(errs, &UnknownQuestionError{Place: place, File: s.File, Student: s.Student, ID: id, Set: set.ID,
			Suggestion: tomlfile.Suggest(id, ids), FromCSV: s.FromCSV})
	}
	return errs
}

// lineOf returns the 1-based line n of src ("" past its end).
func lineOf(src []byte, n int) string {
	for ; n > 1; n-- {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return ""
		}
		src = src[i+1:]
	}
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		src = src[:i]
	}
	return string(src)
}
