// Package submissions loads students' answers: one TOML file per student
// (FORMAT.md), a CSV export with one row per student, or a folder of either. One
// bad file never stops a batch: Collect returns what it could read and a list of
// problems, each with its file and line.
package submissions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/internal/tomlfile"
	"github.com/nngrade/nngrade/problems"
)

// Bounds on student input: it is data, and a class export is not a place for
// megabytes of text.
const (
	MaxFileSize = 1 << 20 // a submission TOML file
	// MaxCSVSize bounds a CSV read whole into memory: a roster, a class CSV
	// given as bytes (LoadCSV) or through a pipe ("<(unzip -p …)").
	MaxCSVSize = 32 << 20
	// MaxCSVFileSize bounds a class CSV that is a regular file: it is read
	// as it goes, never whole, so only the time it takes bounds it (1 GiB is
	// some six million students of a dozen answers).
	MaxCSVFileSize = 1 << 30
	// MaxAnswerSize is the readers' own limit (answer.MaxLength), so that a
	// file, the self-check page's preview and its verdict give the same one.
	MaxAnswerSize = answer.MaxLength
)

// AnswerTooLong says why an answer is too long to grade, or "" when it is not:
// the words an over-long answer's verdict gives, for a preview to give too.
func AnswerTooLong(text string) string {
	if len(text) <= MaxAnswerSize {
		return ""
	}
	return fmt.Sprintf("the answer is %d bytes; an answer may have at most %d", len(text), MaxAnswerSize)
}

// StudentIDProblem says what is wrong with a student id, for a form (the
// self-check page) to say as it is typed: "" for a good id. A file with such
// an id is refused by Load, with its place.
func StudentIDProblem(id string) string {
	switch {
	case id == "":
		return "enter your student id"
	case !idPattern.MatchString(id):
		return "use letters, digits and @ . _ + - only"
	case len(id) > maxStudentID:
		return fmt.Sprintf("at most %d characters", maxStudentID)
	case id == PlaceholderStudent:
		return fmt.Sprintf("%q is the template's placeholder; write your own id", id)
	}
	return ""
}

// PlaceholderStudent is the student id `nngrade template` writes unless told
// another: a file that still has it was handed in without the student's id.
const PlaceholderStudent = "your-id"

const maxStudentID = 100

// Submission is one student's answers.
type Submission struct {
	Student    string
	Name       string
	ProblemSet string
	Source     string // file, and line for a CSV row: "class.csv:3"
	File       string // the file alone
	FromCSV    bool   // a row of a class CSV rather than a file of its own
	// NotSubmitted is a student on the roster who handed nothing in.
	NotSubmitted bool
	// Answers maps a question id to the answer as written, for a submission
	// read from a file of its own; a CSV row's answers are its cells (nil
	// here). Read either with Answer.
	Answers map[string]string
	Order   []string       // question ids in the order the file gives them
	Line    map[string]int // question id -> line in the file (TOML only)
	// At is where each answer is written (TOML only): At[id].Error(offset, msg)
	// reports a problem at a byte of the answer at its file:line:column.
	At map[string]tomlfile.Value
	// Columns is a CSV row's header: the columns that hold answers, as written,
	// so that columns no answer fills are still known (CSV only).
	Columns []string
	// cells are a CSV row's answer cells, cells[k] answering cellIDs.ids[k]:
	// a slice a row in place of a map a row, which cost a class of 100,000
	// rows most of its reading time. cellIDs is shared by a file's rows.
	cells   []string
	cellIDs *cellIDs
	// Exported is set for a row of an LMS's or a form's export (nil for
	// nngrade's own CSV and for files): what the export is, and how the LMS
	// knows the row's student.
	Exported *Exported
	// Unreadable says why the student's file could not be read (its first
	// problem): the submission has the student id recovered from the file, and
	// no answers, so that the student keeps a row marked unreadable.
	Unreadable string
	// Extracted is how each answer was found in a transcribed homework
	// (question id -> extraction; Line holds the same lines), nil for a
	// submission TOML or a CSV row. A question it lacks had no answer found.
	Extracted map[string]Extraction
	// Invalid says why an answer cannot be graded although the file was read
	// (question id -> why: it is longer than MaxAnswerSize); Answers holds
	// its beginning. The grader marks it invalid and grades the rest.
	Invalid map[string]string
}

// Answer is the student's answer to question id, as written; ok is false
// when there is none (a CSV row's blank cell is none).
func (s *Submission) Answer(id string) (answer string, ok bool) {
	if s.cellIDs == nil {
		answer, ok = s.Answers[id]
		return answer, ok
	}
	// A column given twice (a problem the loader reports) answers with its
	// last cell that is not blank, as a map filled column by column would.
	for k, cid := range s.cellIDs.ids {
		if cid == id && !blank(s.cells[k]) {
			answer, ok = s.cells[k], true
		}
	}
	return answer, ok
}

// CellIDs is the question each of a CSV row's answer cells answers (its
// header, renamed as Rename was told), nil for a submission that is not a CSV
// row. Every row of a file shares the same slice, so that a reader can work
// out once per file where each question's answer is (see Cell); it must not
// be changed.
func (s *Submission) CellIDs() []string {
	if s.cellIDs == nil {
		return nil
	}
	return s.cellIDs.ids
}

// Cell is the answer in a CSV row's cell k (CellIDs()[k] names its question);
// a blank cell is none ("", false), as Answer has it.
func (s *Submission) Cell(k int) (answer string, ok bool) {
	if blank(s.cells[k]) {
		return "", false
	}
	return s.cells[k], true
}

// cellIDs is the question ids of a class CSV's answer columns, shared by
// its rows: renamed holds them renamed once by the map Rename was given.
type cellIDs struct {
	ids       []string
	renamedBy map[string]string
	renamed   *cellIDs
	// known is, by column, whether knownIn's set has the column's question:
	// Check looks each column up once a file, not once a row.
	knownIn  *problems.Set
	known    []bool
	allKnown bool // every one of known
}

// knownBy is, by column, whether set has the question of the column's id,
// found once for all the rows of a file (which Check reads one at a time).
func (c *cellIDs) knownBy(set *problems.Set) []bool {
	if c.knownIn != set || len(c.known) != len(c.ids) {
		c.known = make([]bool, len(c.ids))
		c.allKnown = true
		for k, id := range c.ids {
			c.known[k] = set.HasQuestion(id)
			c.allKnown = c.allKnown && c.known[k]
		}
		c.knownIn = set
	}
	return c.known
}

// rename is ids renamed by read, made once for all the rows of a file: read
// is taken to be the same, unchanged map for all of them (MatchColumns's
// Read, as the rows of one file share). The map is kept, so that no other
// map can come to have its address.
func (c *cellIDs) rename(read map[string]string) *cellIDs {
	if c.renamed != nil && reflect.ValueOf(c.renamedBy).Pointer() == reflect.ValueOf(read).Pointer() {
		return c.renamed
	}
	renamed := &cellIDs{ids: slices.Clone(c.ids)}
	for k, col := range renamed.ids {
		if id, ok := read[col]; ok {
			renamed.ids[k] = id
		}
	}
	c.renamedBy, c.renamed = read, renamed
	return renamed
}

// tooLong records an answer longer than MaxAnswerSize: invalid, with its
// beginning kept for the reports (in the answer's cell k, for a CSV row).
func (s *Submission) tooLong(id, answer string, k int) {
	if s.Invalid == nil {
		s.Invalid = map[string]string{}
	}
	s.Invalid[id] = AnswerTooLong(answer)
	short := answer[:200]
	for !utf8.ValidString(short) {
		short = short[:len(short)-1]
	}
	if s.cellIDs != nil {
		s.cells[k] = short + "…"
		return
	}
	s.Answers[id] = short + "…"
}

// Notice is worth telling the user but loses nothing (which of several columns
// holds the student id, columns read as questions): it is returned among a
// load's problems but is not one.
type Notice struct{ Msg string }

func (n *Notice) Error() string { return n.Msg }

// IsNotice reports whether err is only a Notice.
func IsNotice(err error) bool {
	var n *Notice
	return errors.As(err, &n)
}

type submissionDoc struct {
	Student    string         `toml:"student"`
	Name       string         `toml:"name"`
	ProblemSet string         `toml:"problem_set"`
	Answers    map[string]any `toml:"answers"`
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9@._+-]+$`)

// Load reads one submission TOML file. Line ends may be LF, CRLF or, as old
// Mac editors save them, CR alone.
func Load(name string, src []byte) (*Submission, error) {
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than a submission may be (%d)", name, len(src), MaxFileSize)
	}
	src = oldMacLineEnds(src)
	var doc submissionDoc
	md, f, errs := tomlfile.Decode(name, src, &doc)
	if errs.Fatal() {
		return nil, errs
	}
	if err := notAnswers(name, md); err != nil {
		return nil, err
	}
	sub := &Submission{Student: doc.Student, Name: doc.Name, ProblemSet: doc.ProblemSet, Source: name, File: name,
		Answers: map[string]string{}, Line: map[string]int{}, At: map[string]tomlfile.Value{}}
	if doc.Student == "" {
		errs.Add(f.Error(tomlfile.LinePos(1), "no student id; add a line such as student = \"ab123\""))
	} else if !idPattern.MatchString(doc.Student) || len(doc.Student) > maxStudentID {
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
			errs.Add(f.Error(at.Value.Start, fmt.Sprintf("the answer to %q should be text in quotes, e.g. %q = \"32 × 32 × 16\"", id, id)))
			continue
		}
		if len(a) > MaxAnswerSize {
			sub.tooLong(id, a, -1)
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

// notAnswers says in one line that a TOML file is not an answers file (a
// student edition, a problem set, a rubric), rather than listing each of its
// keys as unknown: students easily pick the wrong .toml.
func notAnswers(name string, md toml.MetaData) error {
	const want = "an answers file has student = \"…\", problem_set = \"…\" and an [answers] table"
	if md.IsDefined("edition") {
		return fmt.Errorf("%s: this is the student edition of a problem set, not an answers file; %s", name, want)
	}
	if md.IsDefined("questions") && !md.IsDefined("answers") && !md.IsDefined("student") {
		return fmt.Errorf("%s: this is not an answers file but questions (a problem set or a rubric); %s", name, want)
	}
	return nil
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
// line ends are fine, and so are old Mac line ends (CR alone). The student id
// column may go by an LMS's name for it (idHeaders); when several columns could
// hold it, the best is used and a Notice says which. Problems in single rows are
// returned with the rows that loaded; a row with more or fewer cells than the
// header is graded as far as its cells go, and reported with its line. src is
// in memory, so it may be at most MaxCSVSize bytes; Walk reads a class CSV
// that is a regular file as it goes, up to MaxCSVFileSize.
func LoadCSV(name string, src []byte) ([]*Submission, error) {
	if len(src) > MaxCSVSize {
		return nil, fmt.Errorf("%s: %d bytes is larger than a class file may be (%d)", name, len(src), MaxCSVSize)
	}
	var subs []*Submission
	errs := readClassCSV(name, bytes.NewReader(src), Options{}, func(s *Submission) { subs = append(subs, s) })
	return subs, errors.Join(errs...)
}

// cleanCell trims a header or id cell, and removes byte-order marks from it: a
// CSV pasted together from several exports carries one at the start of a line.
func cleanCell(s string) string {
	if strings.IndexByte(s, "\ufeff"[0]) >= 0 { // rare: look for the mark only then
		s = strings.ReplaceAll(s, "\ufeff", "")
	}
	return strings.TrimSpace(s)
}

// quoteList is up to max values quoted, then how many more there are.
func quoteList(values []string, max int) string {
	var parts []string
	for i, v := range values {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(values)-max))
			break
		}
		parts = append(parts, strconv.Quote(v))
	}
	return strings.Join(parts, ", ")
}

// Collect loads every path: a submission .toml, a class .csv, or a folder of them
// (read one level deep, in name order). A file that cannot be read is a problem in
// the returned list and the rest still load; so is a student id that appears twice.
func Collect(paths []string) ([]*Submission, []error) {
	var subs []*Submission
	problems := Walk(paths, func(s *Submission) { subs = append(subs, s) })
	return dedupe(subs, problems)
}

// Walk reads every path as Collect does (the same files in the same order,
// the same submissions, problems and notices), but hands each submission to
// yield as soon as it is read and keeps none: a class CSV that is a regular
// file is read row by row, never whole. Walk does not look for students who
// appear twice (Collect does); a file that cannot be read but names its
// student is yielded as a submission marked Unreadable, which a student's
// readable submission elsewhere should win over, as in Collect. The problems
// are returned in the order they were met.
func Walk(paths []string, yield func(*Submission)) []error {
	return WalkOptions(paths, Options{}, yield)
}

// WalkFor reads every path as Walk does and, given the problem set, also
// transcribed homework (IsDocument: .md, .tex, .txt), given as files or found
// in folders (a folder's README is not read), each read by LoadDocument.
func WalkFor(set *problems.Set, paths []string, yield func(*Submission)) []error {
	return WalkOptions(paths, Options{Set: set}, yield)
}

// WalkOptions is Walk, reading class CSVs and transcribed homework as opt says.
func WalkOptions(paths []string, opt Options, yield func(*Submission)) []error {
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
				document := opt.Set != nil && IsDocument(e.Name()) && !isFolderReadme(e.Name())
				if ext != ".toml" && ext != ".csv" && !document {
					continue
				}
				path := filepath.Join(p, e.Name())
				if err := checkRegular(path, e); err != nil {
					problems = append(problems, err)
					continue
				}
				files = append(files, path)
			}
			if len(files) == 0 {
				kinds := ".toml or .csv"
				if opt.Set != nil {
					kinds = ".toml, .csv, .md, .tex or .txt"
				}
				problems = append(problems, fmt.Errorf("%s: no %s submissions in this folder", p, kinds))
			}
		}
		for _, f := range files {
			problems = append(problems, walkPath(f, info.IsDir(), opt, yield)...)
		}
	}
	return problems
}

// dedupe keeps one submission per student: the first read, and a file marked
// unreadable only when no file of the student's could be read.
func dedupe(subs []*Submission, problems []error) ([]*Submission, []error) {
	seen := map[string]string{}
	var unique []*Submission
	for _, s := range subs {
		if s.Unreadable != "" {
			continue
		}
		if prev, dup := seen[s.Student]; dup {
			problems = append(problems, fmt.Errorf("%s: student %q already has a submission (%s); this one is skipped", s.Source, s.Student, prev))
			continue
		}
		seen[s.Student] = s.Source
		unique = append(unique, s)
	}
	for _, s := range subs {
		if _, dup := seen[s.Student]; s.Unreadable == "" || dup {
			continue
		}
		seen[s.Student] = s.Source
		unique = append(unique, s)
	}
	return unique, problems
}

// checkRegular reports an entry of a submission folder that is not a regular
// file (after following a symbolic link): a folder, a named pipe, a device or
// a socket named like a submission. Such an entry is skipped: opening a named
// pipe waits for a writer, and a device may never end.
func checkRegular(path string, e fs.DirEntry) error {
	mode := e.Type()
	if mode&fs.ModeSymlink != 0 {
		info, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("%s: %w; skipped", path, errors.Unwrap(err))
		}
		mode = info.Mode()
	}
	if mode.IsRegular() {
		return nil
	}
	return notRegularError(path, mode)
}

func notRegularError(path string, mode fs.FileMode) error {
	kind := "not a regular file"
	switch {
	case mode.IsDir():
		kind = "a folder, not a file (folders inside a folder are not read)"
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO), not a file"
	case mode&fs.ModeDevice != 0:
		kind = "a device, not a file"
	case mode&fs.ModeSocket != 0:
		kind = "a socket, not a file"
	}
	return fmt.Errorf("%s: %s; skipped", path, kind)
}

// loadPath reads a submission file or class CSV (see walkPath) and returns
// what it read, with its problems joined.
func loadPath(path string, inFolder bool) ([]*Submission, error) {
	var subs []*Submission
	errs := walkPath(path, inFolder, Options{}, func(s *Submission) { subs = append(subs, s) })
	return subs, errors.Join(errs...)
}

// walkPath reads a submission file or class CSV and yields its submissions.
// A file found in a folder (inFolder) must be a regular file: it is opened
// without waiting (a named pipe put in its place after the folder was listed
// is refused, not waited on). A class CSV that is a regular file is read from
// the open file as it goes, up to MaxCSVFileSize. A path given by the user
// may be a pipe ("<(unzip -p …)"); it is read to its end into memory, but no
// further than a submission (MaxFileSize) or class CSV (MaxCSVSize) may be
// long.
func walkPath(path string, inFolder bool, opt Options, yield func(*Submission)) []error {
	isCSV := strings.EqualFold(filepath.Ext(path), ".csv")
	limit := int64(MaxFileSize)
	if isCSV {
		limit = MaxCSVSize
	}
	// fail reports a file that could not be read; a submission file whose
	// student can be named still gives a row, marked unreadable.
	fail := func(err error) []error {
		if !isCSV {
			for _, s := range unreadable(path, nil, err) {
				yield(s)
			}
		}
		return []error{err}
	}
	open := os.Open
	if inFolder {
		open = openNoWait
	}
	f, err := open(path)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	if inFolder && !info.Mode().IsRegular() {
		return []error{notRegularError(path, info.Mode())}
	}
	if isCSV && info.Mode().IsRegular() {
		if info.Size() > MaxCSVFileSize {
			return fail(fmt.Errorf("%s: %d bytes is larger than a class CSV file may be (%d)", path, info.Size(), int64(MaxCSVFileSize)))
		}
		return readClassCSV(path, f, opt, yield)
	}
	if info.Mode().IsRegular() && info.Size() > limit {
		return fail(fmt.Errorf("%s: %d bytes is larger than a submission file may be (%d)", path, info.Size(), limit))
	}
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return fail(fmt.Errorf("%s: %w", path, err))
	}
	if int64(len(src)) > limit {
		return fail(fmt.Errorf("%s: more bytes than a submission file may have (%d)", path, limit))
	}
	if isCSV {
		return readClassCSV(path, bytes.NewReader(src), opt, yield)
	}
	var s *Submission
	switch {
	case IsDocument(path) && opt.Set != nil:
		s, err = LoadDocument(opt.Set, path, src, "")
	case IsDocument(path):
		err = fmt.Errorf("%s: a transcribed homework is read against its problem set, which was not given", path)
	default:
		s, err = Load(path, src)
	}
	if err != nil {
		for _, s := range unreadable(path, src, err) {
			yield(s)
		}
		return []error{err}
	}
	yield(s)
	return nil
}

// studentLine is a student id as a submission file writes it, found without
// parsing the file, which could not be parsed.
var studentLine = regexp.MustCompile(`(?m)^[ \t]*"?student"?[ \t]*=[ \t]*["']([A-Za-z0-9@._+-]{1,100})["']`)

// unreadable is the placeholder of a submission file that could not be read:
// the student id it writes, else its file name when that is an id (ab123.toml),
// so that the student keeps a row marked unreadable. Nil when neither gives one.
func unreadable(path string, src []byte, err error) []*Submission {
	id := ""
	if m := studentLine.FindSubmatch(oldMacLineEnds(src)); m != nil {
		id = string(m[1])
	} else if stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)); idPattern.MatchString(stem) && len(stem) <= 100 {
		id = stem
	}
	if id == "" {
		return nil
	}
	why := err.Error()
	if i := strings.IndexByte(why, '\n'); i >= 0 {
		why = why[:i]
	}
	return []*Submission{{Student: id, Source: path, File: path, Answers: map[string]string{}, Unreadable: why}}
}

// oldMacLineEnds turns each carriage return that no line feed follows into a
// line feed: files saved with old Mac OS line ends (CR alone) read as lines,
// and every byte keeps its offset, so positions in errors stay right. CRLF
// is left alone; TOML and CSV readers take it.
func oldMacLineEnds(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	if i < 0 {
		return src
	}
	out := bytes.Clone(src)
	for ; i < len(out); i++ {
		if out[i] == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = '\n'
		}
	}
	return out
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
	// The answers in order: a CSV row's answered cells (the columns known
	// once for its file), or the ids of a file's answers.
	var order []string
	var known func(i int) bool
	if ids := s.CellIDs(); ids != nil {
		byColumn := s.cellIDs.knownBy(set)
		if s.cellIDs.allKnown && len(s.Invalid) == 0 {
			return errs // every column a question, every cell read: a class's every row
		}
		order, known = ids, func(k int) bool { return byColumn[k] }
	} else {
		order = s.Order // a class's every row is checked: no copy of it
		if len(order) == 0 {
			for id := range s.Answers {
				order = append(order, id)
			}
			sort.Strings(order)
		}
		known = func(i int) bool { return set.HasQuestion(order[i]) }
	}
	for i, id := range order {
		known := known(i)
		why, invalid := s.Invalid[id]
		if known && !invalid {
			continue
		}
		if s.cellIDs != nil && blank(s.cells[i]) {
			continue // no answer in the cell: nothing to grade, or to lose
		}
		place := s.Source
		if line := s.Line[id]; line > 0 {
			place = fmt.Sprintf("%s:%d", s.Source, line)
		}
		if known {
			errs = append(errs, fmt.Errorf("%s: %q's answer to %q cannot be graded: %s; it is marked invalid and the other answers are graded", place, s.Student, id, why))
			continue
		}
		errs = append(errs, &UnknownQuestionError{Place: place, File: s.File, Student: s.Student, ID: id, Set: set.ID,
			Suggestion: tomlfile.Suggest(id, set.QuestionIDs()), FromCSV: s.FromCSV})
	}
	return errs
}
