package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/internal/plural"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

// defaultSet is what `nngrade grade` grades when given no arguments.
const defaultSet = "hw8"

func gradeCommand() *cli.Command {
	return &cli.Command{
		Name:      "grade",
		Usage:     "grade a class: submission files, folders of them, or a CSV export",
		ArgsUsage: "[SET [SUBMISSIONS...]]",
		Description: "With no arguments, grades the bundled Homework 8 sample class. Each SUBMISSIONS argument is a\n" +
			"submission TOML file, a folder of them, or a CSV with one row per student, or a student's\n" +
			"homework itself, transcribed as Markdown, LaTeX or text (.md, .tex, .txt: see nngrade extract). A submission\n" +
			"that cannot be read is reported, and its student keeps a row marked unreadable when the\n" +
			"file names the id (or is named by it); the exit code is then 1. --roster gives every\n" +
			"enrolled student a row, with all answers missing when nothing came in.\n\n" +
			"A CSV may be an LMS's or a form's export as it comes: a Canvas quiz Student Analysis report,\n" +
			"a Moodle quiz Responses report, Google or Microsoft Forms responses. How its columns answer\n" +
			"the questions is printed on stderr; `nngrade columns SET EXPORT` writes it as a file to\n" +
			"correct and pass back with --columns.\n\n" +
			"Examples (the files are in examples/hw8/):\n   nngrade grade\n   nngrade grade hw8 submissions/ --details\n" +
			"   nngrade grade hw8 class.csv --format csv > gradebook.csv\n" +
			"   nngrade grade hw8 class.csv --format canvas --assignment \"Homework 8\" > canvas.csv\n" +
			"   nngrade grade hw8 submissions/ --roster roster.csv\n" +
			"   nngrade grade hw8 class.csv --stats\n" +
			"   nngrade grade hw8 class.csv --out feedback/\n" +
			"   nngrade grade hw8 class.csv --format gradescope --out results/   # one results.json per student\n" +
			"   nngrade grade hw8 class.csv --format html --out report.html       # the instructor's report\n" +
			"   nngrade grade hw8 exports/canvas-quiz.csv --format canvas        # a Canvas quiz, back to Canvas\n" +
			"   nngrade grade hw8 exports/google-form.csv --id-column \"Email Address\"",
		Flags: append([]cli.Flag{
			formatFlag("`FORMAT`: table, json, csv, canvas, moodle, gradescope or html (the instructor's report, one page)", "table"),
			&cli.BoolFlag{Name: "details", Aliases: []string{"d"}, Usage: "also print each student's table: answer, expected, score, feedback"},
			&cli.BoolFlag{Name: "stats", Usage: "print the item analysis in place of the class table: each question's difficulty, discrimination, statuses and most frequent wrong answers (--format table only)"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write one Markdown feedback file per student into `PATH`, a folder (with --format gradescope: one results.json per student, ID.json; with --format html: the report, into the file PATH)"},
			&cli.StringFlag{Name: "assignment", Value: "", Usage: "the gradebook column `NAME` for --format canvas (default: the set's title)"},
			rubricFlag(),
			&cli.StringFlag{Name: "roster", Usage: "give every student of the roster `FILE` (a CSV with a student id column, such as an LMS export) a row; report submissions from others"},
			studentFlag(),
		}, exportFlags()...),
		Action: cmdGrade,
	}
}

// gradeFormats are the values of grade's --format.
var gradeFormats = []string{"table", "json", "csv", "canvas", "moodle", "gradescope", "html"}

func cmdGrade(c *cli.Context) error {
	stdout, stderr := c.App.Writer, c.App.ErrWriter
	if f := c.String("format"); !slices.Contains(gradeFormats, f) {
		return usageError(c, "unknown --format %q; valid: %s", f, strings.Join(gradeFormats, ", "))
	}
	if c.Bool("stats") && c.String("format") != "table" {
		return usageError(c, "--stats prints a table, not --format %s; --format json carries the same analysis in question_info[].item_analysis", c.String("format"))
	}
	if err := checkReportPath(c); err != nil {
		return err
	}
	args := c.Args().Slice()
	setName := defaultSet
	if len(args) > 0 {
		setName, args = args[0], args[1:]
	}
	set, key, err := loadGradeSet(setName)
	if err != nil {
		return err
	}
	rubric, err := loadGradeRubric(c, set, key)
	if err != nil {
		return err
	}
	readOpt, columnsFile, err := exportOptions(c, set)
	if err != nil {
		return err
	}
	var rosterProblems []error
	var rosterCheck *submissions.RosterCheck
	if path := c.String("roster"); path != "" {
		roster, problems := submissions.LoadRoster(path)
		if len(roster) == 0 {
			return &exitError{code: 2, msg: errors.Join(problems...).Error()}
		}
		rosterProblems = problems
		rosterCheck = submissions.NewRosterCheck(roster, path)
	}
	// Gradescope shows its results.json to the student: it is graded under the
	// student policy, as check is (no key values in the feedback, the key only
	// with an answer that is the key). The instructor's outputs keep the
	// numbers behind each slip.
	selfCheck := c.String("format") == "gradescope"
	// The class is graded as it is read: a submission is checked against the
	// set and the roster and graded, and only a small record of it is kept.
	// A set with per-student values grades each against their own variant.
	class := newClassGrader(set, key, rubric, selfCheck)
	heap := keepHeapSmall()
	if spill, err := newSpill(); err == nil {
		defer spill.Close()
		class.SpillTo(spill)
	} else {
		fmt.Fprintf(stderr, "nngrade grade: %v; answers no other student wrote are kept in memory\n", err)
	}
	checker := newSubmissionChecker(set)
	checker.export.fixed = columnsFile
	progress := startProgress(stderr, c.String("format"))
	// A student not on the roster is reported once their submission is
	// known to be graded: not for a duplicate dropped, nor one for another set.
	type stranger struct {
		student, source string
		err             error
	}
	var strangers []stranger
	add := func(sub *submissions.Submission) {
		if checker.keep(sub) {
			checker.account(sub)
			if rosterCheck != nil {
				if err := rosterCheck.Apply(sub); err != nil {
					strangers = append(strangers, stranger{sub.Student, sub.Source, err})
				}
			}
			class.Add(sub)
			heap.grow(class)
		}
		progress.add()
	}
	var found []error
	if len(args) == 0 {
		subs, err := bundledclasses.Class(set.ID)
		if err != nil || len(subs) == 0 {
			return usageError(c, "no submissions given, and problem set %q has no bundled sample class", set.ID)
		}
		for _, sub := range subs {
			add(sub)
		}
	} else if student := c.String("student"); student != "" {
		if len(args) != 1 || !submissions.IsDocument(args[0]) {
			return usageError(c, "--student names the student of one transcribed homework (.md, .tex, .txt); give that file alone")
		}
		sub, err := readDocument(set, args[0], student)
		if err != nil {
			return err
		}
		add(sub)
	} else {
		readOpt.Set = set
		found = submissions.WalkOptions(args, readOpt, add)
	}
	found = append(found, class.DropDuplicates()...)
	found = append(found, rosterProblems...)
	for _, s := range strangers {
		if class.Kept(s.student, s.source) {
			found = append(found, s.err)
		}
	}
	if rosterCheck != nil {
		for _, sub := range rosterCheck.Missing(class.Has) {
			if checker.keep(sub) {
				class.Add(sub)
			}
		}
	}
	graded := class.Finish()
	progress.done()
	notes, more := checker.finish()
	found = append(found, more...)
	var problemsFound []error
	var notices []string
	for _, p := range found {
		if submissions.IsNotice(p) {
			notices = append(notices, p.Error())
			continue
		}
		problemsFound = append(problemsFound, p)
	}
	for _, p := range problemsFound {
		fmt.Fprintln(stderr, p)
	}
	for _, n := range append(notices, notes...) {
		fmt.Fprintln(stderr, n)
	}
	if err := writeClass(c, stdout, graded, checker.accounts()); err != nil {
		return err
	}
	if dir := c.String("out"); dir != "" && c.String("format") != "html" { // html: the page went to --out
		// --out writes each student's own file: Markdown feedback, or with
		// --format gradescope the results.json Gradescope would show them.
		what, whatPlural, write := "feedback file", "feedback files", report.WriteFeedbackFilesProgress
		if c.String("format") == "gradescope" {
			what, whatPlural, write = "results file", "results files", report.WriteGradescopeFilesProgress
		}
		progress.next("writing "+whatPlural, "files")
		written, err := writeStudentFiles(dir, graded, write, progress.add)
		progress.done()
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return &exitError{code: 130, msg: fmt.Sprintf("nngrade grade: stopped by a signal; %s is as it was (no %s written)", dir, what)}
			}
			return &exitError{code: 2, msg: err.Error()}
		}
		fmt.Fprintf(stderr, "wrote %s to %s\n", plural.Count(written, what, whatPlural), dir)
	}
	if len(problemsFound) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("nngrade grade: %s with the submissions above; %s",
			plural.Count(len(problemsFound), "problem", "problems"), gradedSummary(graded))}
	}
	return nil
}

// gradeMemoryLimit is the memory a grade run asks Go's runtime to stay
// within (GOMEMLIMIT, when set, says otherwise), unless what is live needs
// more (heapLimit). The records are a few dozen bytes a student and everything
// else is garbage soon after it is made: by default the collector would let
// the heap grow to twice the records before collecting, and a million
// students would take 160 MB rather than 90. The records hold no pointers,
// so collecting often costs little. The process takes about 6 MB more than
// this (the program's own code), so 80 MiB keeps a million students under
// 100 MB.
const gradeMemoryLimit = 80 << 20

// heapLimit keeps the memory limit above the live heap, so that a class of
// any size or variety never has the collector run without end. Above the
// class's records (blocks with no pointers: nothing for the collector to look
// through, however often it runs) it leaves an eighth of their size; above
// the rest (the memos of a class whose answers all differ, which it must look
// through) three quarters.
type heapLimit struct {
	on    bool
	added int
	live  []metrics.Sample
}

// keepHeapSmall applies gradeMemoryLimit unless the user set GOMEMLIMIT, and
// then, unless they set GOGC, makes the limit the collector's only trigger:
// collecting whenever the heap doubles would collect a small class's
// garbage dozens of times for nothing (the limit is memory the run may use
// anyway), and the write barriers of a collection under way slow the reading.
// A 100,000-student class then takes 84 MB rather than 36, and 10% less CPU.
func keepHeapSmall() *heapLimit {
	_, set := os.LookupEnv("GOMEMLIMIT")
	if !set {
		debug.SetMemoryLimit(gradeMemoryLimit)
		if _, gogc := os.LookupEnv("GOGC"); !gogc {
			debug.SetGCPercent(-1)
		}
	}
	return &heapLimit{on: !set, live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
}

// grow raises the limit with the live heap, now and then.
func (h *heapLimit) grow(class *grader.ClassGrader) {
	if h.added++; !h.on || h.added%(1<<14) != 0 {
		return
	}
	metrics.Read(h.live)
	if h.live[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := int64(h.live[0].Value.Uint64())
	records := min(class.Records(), live)
	if limit := live + records/8 + (live-records)*3/4; limit > gradeMemoryLimit {
		debug.SetMemoryLimit(limit)
	}
}

// newSpill is a temporary file for the results a class keeps of its
// students' own; it is removed when closed (at once, where the system lets an
// open file be removed).
func newSpill() (*spillFile, error) {
	f, err := os.CreateTemp("", "nngrade-class-*")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary file: %w", err)
	}
	removed := os.Remove(f.Name()) == nil
	return &spillFile{File: f, removed: removed}, nil
}

type spillFile struct {
	*os.File
	removed bool
}

func (s *spillFile) Close() error {
	err := s.File.Close()
	if !s.removed {
		os.Remove(s.Name())
	}
	return err
}

// gradedSummary says what the outputs hold after problems: how many students
// were graded, and how many of those rows stand for a file that could not be
// read.
func gradedSummary(class *grader.ClassResult) string {
	if class.Len() == 0 {
		return "no student was graded"
	}
	unreadable := 0
	class.Each(func(s *grader.StudentResult) error {
		if s.Submission == grader.SubmissionUnreadable {
			unreadable++
		}
		return nil
	})
	s := plural.Count(class.Len(), "student", "students") + " graded"
	if unreadable > 0 {
		s += fmt.Sprintf(", %d of them marked unreadable", unreadable)
	}
	return s
}

// submissionChecker keeps the submissions that can be graded against a set,
// one at a time as they are read. A submission for another set is a problem
// and is skipped. A class CSV's columns are matched with the set's questions
// once per file (submissions.MatchColumns: "Question 1a" answers 1a, which a
// note says); a column that looks like a question but answers none loses the
// answers in it, a problem that names them; a column that is no question at
// all (an LMS export's "Timestamp" or "Email") is only noted, as are the
// questions no column answers.
type submissionChecker struct {
	set         *problems.Set
	matches     map[string]submissions.ColumnMatch // CSV file -> how its columns answer set
	lost        map[lostColumn]*lostAnswers
	columnOrder []lostColumn
	notes       []string
	found       []error
	export      exportColumns // LMS and form exports (exports.go)
}

// lostColumn is a CSV column whose answers answer no question.
type lostColumn struct{ file, id string }

// lostAnswers are the answers in a lost column: the first few, to name in
// the problem, and how many.
type lostAnswers struct {
	named      []string
	count      int
	suggestion string
}

// namedLost is how many of a lost column's answers the problem names.
const namedLost = 5

func newSubmissionChecker(set *problems.Set) *submissionChecker {
	return &submissionChecker{set: set, matches: map[string]submissions.ColumnMatch{}, lost: map[lostColumn]*lostAnswers{}}
}

// keep checks s, renaming a CSV row's columns to the questions they answer,
// and reports whether it can be graded.
func (k *submissionChecker) keep(s *submissions.Submission) bool {
	if s.FromCSV {
		m, done := k.matches[s.File]
		if !done {
			m = k.matchFile(s)
			k.matches[s.File] = m
		}
		s.Rename(m.Read)
	}
	keep := true
	for _, e := range s.Check(k.set) {
		var wrongSet *submissions.WrongSetError
		var unknown *submissions.UnknownQuestionError
		switch {
		case errors.As(e, &wrongSet):
			k.found = append(k.found, e)
			keep = false
		case errors.As(e, &unknown) && unknown.FromCSV && k.matches[unknown.File].Ignored[unknown.ID]:
			// a columns file leaves the column out: not graded, by choice
		case errors.As(e, &unknown) && unknown.FromCSV:
			c := lostColumn{unknown.File, unknown.ID}
			l := k.lost[c]
			if l == nil {
				l = &lostAnswers{}
				k.lost[c] = l
				k.columnOrder = append(k.columnOrder, c)
			}
			if len(l.named) < namedLost {
				text, _ := s.Answer(unknown.ID)
				l.named = append(l.named, fmt.Sprintf("%s %q", unknown.Student, text))
			}
			l.count++
			l.suggestion = unknown.Suggestion
		default:
			k.found = append(k.found, e)
		}
	}
	return keep
}

// finish is the notes and problems of every submission checked.
func (k *submissionChecker) finish() (notes []string, found []error) {
	notes, found = k.notes, append(k.found, k.columnsFileProblems()...)
	set := k.set
	ignored := map[string][]string{}
	var files []string
	for _, c := range k.columnOrder {
		lost := k.lost[c]
		named := lost.named
		if lost.count > len(named) {
			named = append(named, fmt.Sprintf("and %d more", lost.count-len(named)))
		}
		lostText := fmt.Sprintf("The answers of %s in it were not graded: %s", plural.Count(lost.count, "student", "students"), strings.Join(named, ", "))
		switch sug, could := lost.suggestion, k.matches[c.file].Ambiguous[c.id]; {
		case k.lostExportColumn(c, lostText) != nil:
			found = append(found, k.lostExportColumn(c, lostText))
			continue
		case len(could) > 0:
			found = append(found, fmt.Errorf("%s: column %q could be question %s of %s; name it by its question id. %s",
				c.file, c.id, strings.Join(could, " or "), set.ID, lostText))
			continue
		case sug != "":
			found = append(found, fmt.Errorf("%s: column %q is not a question of %s; did you mean %q? %s",
				c.file, c.id, set.ID, sug, lostText))
			continue
		case submissions.LooksLikeQuestion(c.id):
			found = append(found, fmt.Errorf("%s: column %q is not a question of %s (its questions: %s). %s",
				c.file, c.id, set.ID, strings.Join(set.QuestionIDs(), ", "), lostText))
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
	return notes, found
}

// columnNotes says how a class CSV's columns were read: the columns read as
// questions by FORMAT.md's normalisation, and the questions no column answers.
func columnNotes(file string, m submissions.ColumnMatch, set *problems.Set) []string {
	var notes []string
	var read []string
	for _, id := range set.QuestionIDs() {
		for col, to := range m.Read {
			if to == id {
				read = append(read, fmt.Sprintf("%q as %s", col, id))
			}
		}
	}
	if len(read) > 0 {
		notes = append(notes, fmt.Sprintf("%s: columns read as questions of %s: %s", file, set.ID, strings.Join(read, ", ")))
	}
	if len(m.NoColumn) > 0 {
		notes = append(notes, fmt.Sprintf("%s: no column answers %s %s (missing in every row)",
			file, plural.Word(len(m.NoColumn), "question", "questions"), strings.Join(m.NoColumn, ", ")))
	}
	return notes
}

// writeClass writes the graded class to w in the format asked for, as it
// reads the class: a large class is never held as text. A report checks what
// it can refuse before it writes anything.
func writeClass(c *cli.Context, w io.Writer, class *grader.ClassResult, accounts report.Accounts) error {
	out := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch f := c.String("format"); f {
	case "table":
		if c.Bool("stats") {
			var analysis *grader.ClassAnalysis
			if analysis, err = grader.AnalyseClass(class); err == nil {
				err = report.StatsTable(out, class, analysis)
			}
		} else {
			err = report.ClassTable(out, class)
		}
		if err == nil && c.Bool("details") {
			err = class.Each(func(s *grader.StudentResult) error {
				out.WriteString("\n")
				return report.StudentTable(out, *s)
			})
		}
	case "json":
		err = report.JSON(out, class)
	case "csv":
		err = report.GradebookCSV(out, class)
	case "canvas":
		name := c.String("assignment")
		if name == "" {
			name = class.Title
		}
		if name == "" {
			name = class.ProblemSet
		}
		err = report.CanvasAccounts(out, class, name, accounts)
	case "moodle":
		err = report.MoodleAccounts(out, class, accounts)
	case "html":
		return writeReportPage(c, out, class)
	case "gradescope":
		if c.String("out") != "" {
			return nil // each student's results.json goes into --out
		}
		if class.Len() != 1 {
			set := c.Args().First()
			if set == "" {
				set = defaultSet
			}
			return usageError(c, "--format gradescope prints one student's results.json, and got %s: write one per student with --out DIR, or let Gradescope grade each upload with the autograder `nngrade gradescope %s --out autograder.zip` builds",
				plural.Count(class.Len(), "student", "students"), set)
		}
		err = class.Each(func(s *grader.StudentResult) error { return report.Gradescope(out, *s) })
	default:
		return usageError(c, "unknown --format %q; valid: %s", f, strings.Join(gradeFormats, ", "))
	}
	if err != nil {
		return err
	}
	return out.Flush()
}

// writeStudentFiles writes the students' files and their index into dir
// with write (feedback or results files), and says how many students have
// one; written is called after each file. While it writes, Ctrl-C (SIGINT) and
// SIGTERM stop it cleanly: its temporary files are removed and dir is left as
// it was. Before and after, the signals act as usual.
func writeStudentFiles(dir string, class *grader.ClassResult,
	write func(context.Context, string, *grader.ClassResult, func()) (int, error), written func()) (int, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return write(ctx, dir, class, written)
}

// checkReportPath refuses, before anything is graded, an --out that cannot
// take the HTML report: with --format html, --out names the page's file,
// where the other formats take a folder for the feedback files.
func checkReportPath(c *cli.Context) error {
	path := c.String("out")
	if c.String("format") != "html" || path == "" {
		return nil
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return usageError(c, "--format html writes one page, and %s is a folder: name the file with --out, for example --out %s",
			path, filepath.Join(path, "report.html"))
	}
	return nil
}

// writeReportPage writes the instructor's report: the class's item analysis,
// with the rubric entries it suggests, as one HTML page, to the file --out
// names (whole or not at all) or else to w.
func writeReportPage(c *cli.Context, w *bufio.Writer, class *grader.ClassResult) error {
	analysis, err := grader.AnalyseClass(class)
	if err != nil {
		return err
	}
	suggested := grader.SuggestedMistakes(analysis, grader.SuggestMinCount) // as --stats suggests
	write := func(w io.Writer) error { return report.HTMLReport(w, class, analysis, suggested) }
	path := c.String("out")
	if path == "" {
		if err := write(w); err != nil {
			return err
		}
		return w.Flush()
	}
	// Ctrl-C (SIGINT) or SIGTERM while it writes stops it cleanly, as for
	// the feedback files: the next write fails, the temporary file is
	// removed and path is left as it was.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = report.WriteFileAtomicFrom(path, func(w io.Writer) error { return write(stoppableWriter{ctx, w}) })
	switch {
	case errors.Is(err, context.Canceled):
		return &exitError{code: 130, msg: fmt.Sprintf("nngrade grade: stopped by a signal; %s is as it was", path)}
	case err != nil:
		return &exitError{code: 2, msg: err.Error()}
	}
	fmt.Fprintf(c.App.ErrWriter, "wrote the class report to %s\n", path)
	return nil
}

// stoppableWriter fails every write once its context is done.
type stoppableWriter struct {
	ctx context.Context
	w   io.Writer
}

func (s stoppableWriter) Write(p []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	return s.w.Write(p)
}
