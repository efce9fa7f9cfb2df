package submissions_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

func hw8(t testing.TB) (*problems.Set, *grader.Grader) {
	t.Helper()
	set, err := bundledsets.Open("hw8")
	if err != nil {
		t.Fatal(err)
	}
	key, err := grader.Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := bundledrubrics.Rubric("hw8")
	if !ok {
		t.Fatal("no bundled rubric for hw8")
	}
	return set, grader.New(key, r)
}

func loadDocument(t *testing.T, set *problems.Set, name string) *submissions.Submission {
	t.Helper()
	path := filepath.Join("testdata", "documents", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := submissions.LoadDocument(set, path, src, "")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// TestTranscribedHomework grades write-ups in several styles, each against
// the statuses its author meant: the questions it answers, right or wrong,
// in whatever order, and the ones it leaves out (missing, never guessed).
func TestTranscribedHomework(t *testing.T) {
	set, g := hw8(t)
	for _, tc := range []struct {
		file, student, name string
		// status of every question, in the set's order: c correct, p
		// partial, i incorrect, v invalid, - missing.
		statuses string
		located  string // L labelled, I inferred, . none
	}{
		// LaTeX: \section*{Problem 1}, \subsection*{(a)}, \boxed{}, align
		// and equation environments, \sout, a comment, \left( \right).
		{"latex_boxed.tex", "al123", "Ada Lovelace", "ccccic-cc-ccc-", "LLLLLL-LL-LLL-"},
		// Markdown: **1a.** labels and Answer: lines, problems out of
		// order, a struck-through answer, unicode math.
		{"markdown_answers.md", "gh42", "Grace Hopper", "ci------cccc-c", ""},
		// Plain text: "part a:" labels under "Problem 1", parts out of
		// order, an empty part, words where an answer would be.
		{"plain_parts.txt", "at321", "", "ccc-cccc--p-c-", "LLL-LLLL--L-L-"},
		// 1(e) labels, ## 1 headings, problem 2 before problem 1, a
		// derivation whose intermediate step is the key and whose final
		// line is not, struck answers.
		{"out_of_order.md", "bb007", "Bob Builder", "-cc-ci----pcc-", ""},
		// LaTeX: \textbf{Answer:} markers (the brace is not the value),
		// derivations begun on a part's line and finished below it (the
		// final value, not the label line's step), a line of seventy
		// \sout{} whose last strikes an answer (never read).
		// Plain text: "1a = value" labels (with and without spaces), a
		// wrong final value, "2k = k + k" in problem 2 (not a label).
		{"equals_labels.txt", "bl789", "Bo Li", "ccc-ci---ccc--", "LLL-LL---LLL--"},
		// Answer:~~$…$, whose ~~ are LaTeX ties, not a strike; a \sout{}
		// over two lines (1i), struck on both.
		// Markdown: a table of questions and answers (a struck answer
		// in a cell, an empty cell, a problem of one question, a wrong
		// final value); a table of three columns is not one.
		{"table_answers.md", "ak456", "", "ccc-ci----cc--", "LLL-LL----LL--"},
		{"review_styles.tex", "en314", "Emmy Noether", "cciccc-c-c----", "LLLLLL-L-L----"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			sub := loadDocument(t, set, tc.file)
			if sub.Student != tc.student || sub.Name != tc.name {
				t.Errorf("student %q, name %q; want %q, %q", sub.Student, sub.Name, tc.student, tc.name)
			}
			res := g.Grade(sub)
			statuses := map[string]byte{"correct": 'c', "partial": 'p', "incorrect": 'i', "invalid": 'v', "missing": '-', "review": 'r'}
			var got []byte
			for _, q := range res.Questions {
				got = append(got, statuses[string(q.Status)])
			}
			if want := tc.statuses; string(got) != want {
				t.Errorf("statuses %s, want %s (in the order %v)", got, tc.statuses, set.QuestionIDs())
				for _, q := range res.Questions {
					t.Logf("%s %s %q line %d %s: %s", q.ID, q.Status, q.Answer, q.SourceLine, q.Extraction, q.Feedback)
				}
			}
			for _, q := range res.Questions {
				e, found := sub.Extracted[q.ID]
				if found != (q.Status != grader.Missing) {
					t.Errorf("%s: found %v but graded %s", q.ID, found, q.Status)
				}
				if found && (q.SourceLine != e.Line || q.Extraction != e.How() || q.SourceLine == 0) {
					t.Errorf("%s: result at line %d (%s), extraction at line %d (%s)", q.ID, q.SourceLine, q.Extraction, e.Line, e.How())
				}
				if !found && !strings.Contains(q.Feedback, "No answer found in the document") {
					t.Errorf("%s: missing, with feedback %q", q.ID, q.Feedback)
				}
			}
			if tc.located != "" {
				var located []byte
				for _, q := range set.Questions {
					e, ok := sub.Extracted[q.ID]
					switch {
					case !ok:
						located = append(located, '-')
					case e.IsInferred():
						located = append(located, 'I')
					default:
						located = append(located, 'L')
					}
				}
				if string(located) != tc.located {
					t.Errorf("located %s, want %s", located, tc.located)
				}
			}
		})
	}
}

// TestSeedGradedDirectly: the seed homework graded as it is written gives
// the bundled ssr226 submission's verdict on every question it states an
// answer to. It states none for 1g (the flattened size appears only inside
// the FC weight matrix's shape) and gives 3c as a continuous integral,
// which is not the sum the set asks for; both are missing, not guessed.
func TestSeedGradedDirectly(t *testing.T) {
	set, g := hw8(t)
	sub := loadDocument(t, set, "homework8.md")
	if sub.Student != "ssr226" || sub.Name != "Saigam Srivatsavai" {
		t.Errorf("student %q (%q); want ssr226 (Saigam Srivatsavai)", sub.Student, sub.Name)
	}
	class, err := bundledclasses.Class("hw8")
	if err != nil {
		t.Fatal(err)
	}
	var bundled *submissions.Submission
	for _, s := range class {
		if s.Student == "ssr226" {
			bundled = s
		}
	}
	if bundled == nil {
		t.Fatal("no bundled ssr226")
	}
	seed, want := g.Grade(sub), g.Grade(bundled)
	notStated := map[string]bool{"1g": true, "3c": true}
	for i, q := range seed.Questions {
		w := want.Questions[i]
		if notStated[q.ID] {
			if q.Status != grader.Missing {
				t.Errorf("%s: %s from %q at line %d; the seed states no answer", q.ID, q.Status, q.Answer, q.SourceLine)
			}
			continue
		}
		if q.Status != w.Status || q.Score != w.Score {
			t.Errorf("%s: seed %s %.2f (%q, line %d, %s); ssr226.toml %s %.2f (%q)", q.ID, q.Status, q.Score, q.Answer,
				q.SourceLine, q.Extraction, w.Status, w.Score, w.Answer)
		}
	}
	// Where each answer is: the seed's final lines, not its intermediate
	// steps (line 93's 2400, line 148's 125440) nor its struck-through
	// 40000 (lines 137-138).
	lines := map[string]int{"1a": 83, "1b": 95, "1c": 105, "1d": 107, "1e": 121, "1f": 131, "1h": 158, "1i": 162, "1j": 164, "2": 182, "3a": 196, "3b": 210}
	for id, line := range lines {
		if got := sub.Line[id]; got != line {
			t.Errorf("%s: line %d, want %d", id, got, line)
		}
	}
	for _, q := range seed.Questions {
		if q.Extraction != "" && strings.HasPrefix(q.Extraction, submissions.Inferred) && !strings.Contains(q.Feedback, "Inferred from the document's structure") {
			t.Errorf("%s: inferred, but the feedback does not say so: %q", q.ID, q.Feedback)
		}
	}
}

// TestNoAnswerFromStruckOrIntermediateLines: a struck-through answer is
// never taken, and a derivation's final line is, though an earlier step
// equals the key.
func TestNoAnswerFromStruckOrIntermediateLines(t *testing.T) {
	set, _ := hw8(t)
	files, err := filepath.Glob(filepath.Join("testdata", "documents", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sub, err := submissions.LoadDocument(set, path, src, "x1")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		for id, e := range sub.Extracted {
			raw := strings.TrimSpace(lines[e.Line-1])
			if strings.HasPrefix(raw, "~~") && strings.HasSuffix(raw, "~~") || strings.HasPrefix(raw, `\sout{`) && strings.Count(raw, "$") == 0 {
				t.Errorf("%s %s: taken from the struck-through line %d: %q", path, id, e.Line, raw)
			}
			if strings.Contains(e.Answer, "~~") {
				t.Errorf("%s %s: answer %q has struck text", path, id, e.Answer)
			}
		}
	}
	sub := loadDocument(t, set, "out_of_order.md")
	if e := sub.Extracted["1f"]; e.Line != 20 || e.Answer != "P = 18432" {
		t.Errorf("1f: %q at line %d; want the final P = 18432 at line 20, not the step at line 18", e.Answer, e.Line)
	}
	for _, id := range []string{"1a", "1g"} {
		if e, ok := sub.Extracted[id]; ok {
			t.Errorf("%s: %q from line %d, which is struck through", id, e.Answer, e.Line)
		}
	}
	if e := loadDocument(t, set, "markdown_answers.md").Extracted["1j"]; e.Answer != "(12544, 10)" {
		t.Errorf("1j: %q at line %d; the struck (10, 12544) is no answer", e.Answer, e.Line)
	}
	if e := loadDocument(t, set, "latex_boxed.tex").Extracted["1d"]; e.Answer != "0" {
		t.Errorf("1d: %q; the \\sout{} box is no answer", e.Answer)
	}
}

// TestDocumentStudent: the id near the name, else the file name; --student
// (the student argument) over both; a file with neither is refused with
// what to do.
func TestDocumentStudent(t *testing.T) {
	set, _ := hw8(t)
	for _, tc := range []struct{ name, src, student, want, err string }{
		{"hw.md", "# Homework 8\n\nJane Doe (jd123)\n\n1a) 60x60x32\n", "", "jd123", ""},
		{"hw.md", "# Homework 8\n\nJANE DOE\n\nJD123.\n", "", "jd123", ""},
		{"hw.md", "Student ID: Ab_12\n", "", "Ab_12", ""},
		{"ab123.md", "# Homework 8\n\n1a) 60x60x32\n", "", "ab123", ""},
		{"ab123.md", "# Homework 8\n\nJane Doe (jd123)\n", "zz9", "zz9", ""},
		{"my homework.md", "# Homework 8\n", "", "", "no student id found"},
		{"hw.md", "x", "a b", "", "student id \"a b\""},
	} {
		sub, err := submissions.LoadDocument(set, tc.name, []byte(tc.src), tc.student)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), tc.name) {
				t.Errorf("%s %q: error %v; want one naming the file and saying %q", tc.name, tc.src, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tc.name, tc.src, err)
			continue
		}
		if sub.Student != tc.want {
			t.Errorf("%s %q: student %q, want %q", tc.name, tc.src, sub.Student, tc.want)
		}
	}
}

// TestWalkForReadsDocuments: with a set, a folder's write-ups are read with
// its TOML files (its README is not a student's); without one, as before,
// they are not.
func TestWalkForReadsDocuments(t *testing.T) {
	set, _ := hw8(t)
	dir := t.TempDir()
	files := map[string]string{
		"jd123.md":    "1a) 60 x 60 x 32\n",
		"README.md":   "These are the homeworks of section 2.\n",
		"ab123.toml":  "student = \"ab123\"\n[answers]\n\"1a\" = \"60x60x32\"\n",
		"notes.tex":   "\\section*{Problem 1}\n(b) $\\boxed{2432}$\n",
		"ignored.pdf": "%PDF",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]string{}
	problems := submissions.WalkFor(set, []string{dir}, func(s *submissions.Submission) { got[s.Student], _ = s.Answer("1a") })
	if len(problems) != 0 {
		t.Errorf("problems: %v", problems)
	}
	want := map[string]string{"jd123": "60 x 60 x 32", "ab123": "60x60x32", "notes": ""}
	if len(got) != len(want) {
		t.Errorf("read %v; want %v", got, want)
	}
	for id, a := range want {
		if got[id] != a {
			t.Errorf("%s: 1a = %q, want %q", id, got[id], a)
		}
	}
	var old []string
	submissions.Walk([]string{dir}, func(s *submissions.Submission) { old = append(old, s.Student) })
	if len(old) != 1 || old[0] != "ab123" {
		t.Errorf("Walk without a set read %v; want only ab123", old)
	}
	if errs := submissions.Walk([]string{filepath.Join(dir, "jd123.md")}, func(*submissions.Submission) {}); len(errs) != 1 || !strings.Contains(errs[0].Error(), "problem set") {
		t.Errorf("Walk of a document without a set: %v", errs)
	}
}

// TestHostileDocuments: text built to make a parser work hard (unclosed
// braces and strikes, deep nesting, a megabyte on one line, many labels)
// is read in bounded time and gives no answer it cannot back with a line.
func TestHostileDocuments(t *testing.T) {
	set, _ := hw8(t)
	mb := submissions.MaxFileSize
	docs := map[string]string{
		"braces":    strings.Repeat(`\boxed{\frac{`, mb/13),
		"strikes":   strings.Repeat("~~a ", mb/4),
		"dollars":   strings.Repeat("$", mb),
		"longline":  "1a) " + strings.Repeat("9", mb-10),
		"labels":    strings.Repeat("1a) 1\n(b) 2\npart c: 3\n## 1\n", mb/32),
		"equals":    strings.Repeat("= ", mb/2),
		"nested":    "(3) " + strings.Repeat("(", mb/2) + strings.Repeat(")", mb/2-10),
		"fracsides": strings.Repeat(`\frac{p-q}{p} = \frac{\frac{\frac{1}{2}}{3}}{4}`+"\n", mb/64),
		"layers":    strings.Repeat("## Convolutional Layer 2\nOutput = 14 x 14 x 64\n", mb/48),
	}
	for name, src := range docs {
		start := time.Now()
		sub, err := submissions.LoadDocument(set, "x1.md", []byte(src), "")
		// A megabyte reads in about a second; the bound is wide for a
		// loaded machine: it catches a hang, not a slowdown.
		if took := time.Since(start); took > 30*time.Second {
			t.Errorf("%s: %v to read", name, took)
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		n := strings.Count(src, "\n") + 1
		for id, e := range sub.Extracted {
			if e.Line < 1 || e.Line > n {
				t.Errorf("%s %s: line %d of %d", name, id, e.Line, n)
			}
		}
	}
	if _, err := submissions.LoadDocument(set, "x1.md", make([]byte, mb+1), ""); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a document past %d bytes: %v", mb, err)
	}
}

// TestNumberedStepsAreNoProblems: a list of steps numbered 1., 2. under a
// problem leaves the answers under that problem; the next problem's
// number still starts it.
func TestNumberedStepsAreNoProblems(t *testing.T) {
	set, _ := hw8(t)
	src := "(2) Problem\n1. Count the recurrent weights: $k^2$\n2. Count the output weights: $km$\n$$= k^2 + km + k$$\n3. Problem\n(a) $1 - e^{-\\epsilon}$\n"
	sub, err := submissions.LoadDocument(set, "x1.md", []byte(src), "")
	if err != nil {
		t.Fatal(err)
	}
	if e := sub.Extracted["2"]; e.Line != 4 || e.Answer != "k^2 + km + k" {
		t.Errorf("2: %q at line %d; want k^2 + km + k at line 4", e.Answer, e.Line)
	}
	if e := sub.Extracted["3a"]; e.Line != 6 {
		t.Errorf("3a: %q at line %d; want line 6", e.Answer, e.Line)
	}
	for _, id := range []string{"1a", "1b"} {
		if e, ok := sub.Extracted[id]; ok {
			t.Errorf("%s: %q from line %d, a step of problem 2", id, e.Answer, e.Line)
		}
	}
}

// TestLabelsAndMarkers: the usual ways of labelling a question and marking
// its answer, one write-up each.
func TestLabelsAndMarkers(t *testing.T) {
	set, _ := hw8(t)
	for _, tc := range []struct{ src, id, answer, how string }{
		{"1b) W = 2400\nAns. 2432\n", "1b", "2432", "labelled, answer marker"},
		{"**1a.** first\n**Answer:** 60 × 60 × 32\n", "1a", "60 × 60 × 32", "labelled, answer marker"},
		{"Q1b: 2400 + 32 = 2432\n", "1b", "2400 + 32 = 2432", "labelled, label line"},
		{"Problem 1 (b)\nFinal answer = 2432\n", "1b", "2432", "labelled, answer marker"},
		{"Problem 1\n\\item[(b)] $2432$\n", "1b", "2432", "labelled, label line"},
		{"1.b 2432\n", "1b", "2432", "labelled, label line"},
		{"1(b)\n$$P = 2400 + 32$$\n$$= 2432$$\n", "1b", "2432", "labelled, final value"},
		{"## 1\n(b)\n$$\\boxed{2432}$$ and then $$= 99$$\n", "1b", "2432", "labelled, boxed"},
		{"## Q1\nb) two thousand\n$$2432$$\n", "1b", "2432", "labelled, final value"},
		{"Problem 3\n(b) $\\epsilon + O(\\epsilon^2)$\n", "3b", `\epsilon`, "labelled, label line"},
		{"Problem 2\n\\begin{align}\nN &= k(k+m) + k \\\\\n&= k^2 + km + k\n\\end{align}\n", "2", "k^2 + km + k", "labelled, final value"},
		{"(3) Problem\n$$\\frac{p - q}{p} = 1 - e^{-\\varepsilon}$$\n", "3a", `1 - e^{-\varepsilon}`, "inferred, final value"},
		{"## Max pooling\nThe output is $O = 30 \\times 30 \\times 32$.\n", "1c", `30 \times 30 \times 32`, "inferred, final value"},
	} {
		sub, err := submissions.LoadDocument(set, "x1.md", []byte(tc.src), "")
		if err != nil {
			t.Fatal(err)
		}
		e, ok := sub.Extracted[tc.id]
		if !ok || e.Answer != tc.answer || e.How() != tc.how {
			t.Errorf("%q: %s = %q (%s, found %v); want %q (%s)", tc.src, tc.id, e.Answer, e.How(), ok, tc.answer, tc.how)
		}
	}
}

// TestDocumentByteOrderMark: a write-up saved with a byte order mark (as
// Windows Notepad saves UTF-8) has its first line's label read.
func TestDocumentByteOrderMark(t *testing.T) {
	set, _ := hw8(t)
	src := []byte("\uFEFF1a. 60x60x32\n1b. 2432\n")
	sub, err := submissions.LoadDocument(set, "bom.md", src, "x1")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := sub.Extracted["1a"]; !ok || e.Line != 1 || e.Answer != "60x60x32" {
		t.Errorf("1a: %q at line %d (found %v); want 60x60x32 at line 1", e.Answer, e.Line, ok)
	}
}
