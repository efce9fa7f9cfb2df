package report

import (
	"bytes"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// fixtureAnalysis is an analysis of the fixture class made by hand: these
// tests check how a report shows an analysis, not its arithmetic (grader's
// tests do that). It has a question with no discrimination, one with no
// wrong answers, a covered and an uncovered wrong answer, a multi-line
// diagnosis, a wrong answer given by more students than are listed, some
// credited by carry-forward, and wrong answers left ungrouped.
func fixtureAnalysis() *grader.ClassAnalysis {
	return &grader.ClassAnalysis{
		Students: 5,
		Totals:   []float64{5.9, 8, 1.8333, 0, 0},
		MaxScore: 8,
		Items: []grader.ItemAnalysis{
			{QuestionID: "1a", MaxScore: 1, Difficulty: 0.5, Discrimination: 0.81,
				Counts: grader.StatusCounts{Correct: 2, Partial: 1, Invalid: 1, Missing: 1},
				WrongAnswers: []grader.WrongAnswer{
					{Answer: "32 × 60 × 60", Written: "[32, 60, 60]", Status: grader.Partial, Count: 1, Score: 0.5, Covered: true,
						Diagnosis: "Channels-first order (C, H, W): the homework asks for H × W × C.", Students: []string{"wchen"}},
				}},
			{QuestionID: "1b", MaxScore: 1, Difficulty: 0.4, Discrimination: 0.62,
				Counts: grader.StatusCounts{Correct: 2, Incorrect: 1, Invalid: 1},
				WrongAnswers: []grader.WrongAnswer{
					{Answer: "2400", Status: grader.Incorrect, Count: 3, Score: 0, CarriedForward: 1, CorrectByCarry: 2,
						Diagnosis: "You counted the weights (5·5·3·32 = 2400) but forgot the 32 biases.", Students: []string{"wchen"}},
				}},
			{QuestionID: "1g", MaxScore: 2, Difficulty: 0.5333, Discrimination: math.NaN(),
				Counts: grader.StatusCounts{Correct: 2, Partial: 1, Missing: 2}, Ungrouped: 1},
			{QuestionID: "2", MaxScore: 3, Difficulty: 0.26, Discrimination: 0.1,
				Counts: grader.StatusCounts{Correct: 1, Partial: 1, Invalid: 1, Missing: 2},
				WrongAnswers: []grader.WrongAnswer{
					{Answer: "k·(k + m) + k", Status: grader.Partial, Count: 1, Score: 0.9,
						Diagnosis: parenFeedback, Students: []string{"ssr226"}},
				}},
			{QuestionID: "3a", MaxScore: 1, Difficulty: 0.4, Discrimination: -0.25,
				Counts: grader.StatusCounts{Correct: 2, Incorrect: 1, Missing: 2, Review: 0}, Ungrouped: 1,
				WrongAnswers: []grader.WrongAnswer{
					{Answer: "0.5", Written: "1/2", Status: grader.Incorrect, Count: 1, Students: []string{"wchen"}},
				}},
		},
	}
}

// fixtureSuggested is suggested rubric text as the report receives it.
const fixtureSuggested = `[[questions."1b".mistakes]]
answer = "2400"
credit = 0
feedback = "3 students: You counted the weights (5·5·3·32 = 2400) but forgot the 32 biases."
`

// htmlFixture is the report of the fixture class (a renderCase).
func htmlFixture(w io.Writer, c *grader.ClassResult) error {
	return HTMLReport(w, c, fixtureAnalysis(), fixtureSuggested)
}

// TestHTMLAnchors: every id gets an anchor of its own made of characters
// that need no escaping in an attribute or a URL fragment.
func TestHTMLAnchors(t *testing.T) {
	ids := []string{"ssr226", "SSR226", "a_b", "a b", "a_20b", "a-b", "../escape", `"><script>`, "é", "", "_", "_5f"}
	seen := map[string]string{}
	for _, id := range ids {
		a := studentAnchor(id)
		if !plainAnchor.MatchString(a) {
			t.Errorf("studentAnchor(%q) = %q: not letters, digits, '-' and '_'", id, a)
		}
		if other, ok := seen[a]; ok {
			t.Errorf("studentAnchor(%q) = studentAnchor(%q) = %q", id, other, a)
		}
		seen[a] = id
	}
	if got := studentAnchor("ab-12"); got != "student-ab-12" {
		t.Errorf("studentAnchor(\"ab-12\") = %q; a plain id should stay as it is", got)
	}
}

// TestHistogramBands: a total falls in its ten-percent band, a full score
// in the last, and a total outside [0, max] in the nearest.
func TestHistogramBands(t *testing.T) {
	for _, tc := range []struct {
		total float64
		band  int
	}{
		{0, 0}, {0.99, 0}, {1, 1}, {7.5, 7}, {9.99, 9}, {10, 9}, {-1, 0}, {12, 9},
	} {
		bins := histogram([]float64{tc.total}, 10)
		if bins[tc.band] != 1 {
			t.Errorf("a total of %v of 10: bands %v, want it in band %d", tc.total, bins, tc.band)
		}
	}
	if bins := histogram([]float64{0, 0}, 0); bins[0] != 2 {
		t.Errorf("a class with no points: bands %v, want both students in the first", bins)
	}
}

func TestCountTicks(t *testing.T) {
	for _, tc := range []struct {
		top  int
		want []int
	}{
		{1, []int{0, 1}},
		{3, []int{0, 1, 2, 3}},
		{5, []int{0, 1, 2, 3, 4, 5}},
		{7, []int{0, 2, 4, 6, 7}},
		{12, []int{0, 5, 10, 12}},
		{41, []int{0, 10, 20, 30, 41}}, // 40 is too close to 41 to label both
		{100000, []int{0, 20000, 40000, 60000, 80000, 100000}},
	} {
		if got := countTicks(tc.top); !slicesEqual(got, tc.want) {
			t.Errorf("countTicks(%d) = %v, want %v", tc.top, got, tc.want)
		}
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hostileClass is a class whose student wrote text meant to break out of
// the page: markup in the id, name, answer, feedback and source, in the
// wrong answers and in the suggested rubric.
func hostileClass() (*grader.ClassResult, *grader.ClassAnalysis, string) {
	const (
		id     = `"><script>alert(1)</script>`
		answer = `</pre></code><script>alert(2)</script>`
	)
	students := []grader.StudentResult{{
		Student: id, Name: `<img src=x onerror=alert(3)>`, Source: `</code><iframe src="http://example.com">`,
		Questions: []grader.QuestionResult{
			q("1a", 0, grader.Incorrect, answer, `<b>bold</b>`, "Not a shape: \"</td><script>alert(4)</script>\"\n  "+answer+"\n  ^"),
			q("1b", 0, grader.Missing, "", "", ""),
			q("1g", 0, grader.Missing, "", "", ""),
			q("2", 0, grader.Missing, "", "", ""),
			q("3a", 0, grader.Missing, "", "", ""),
		},
	}}
	c := assembleClass("hw8", `Homework <script>alert(5)</script>`, fixtureQuestions, students)
	a := &grader.ClassAnalysis{Students: 1, Totals: []float64{0}, MaxScore: c.MaxScore}
	for _, info := range fixtureQuestions {
		a.Items = append(a.Items, grader.ItemAnalysis{QuestionID: info.ID, MaxScore: info.MaxScore, Discrimination: math.NaN(),
			Counts: grader.StatusCounts{Missing: 1}})
	}
	a.Items[0].Counts = grader.StatusCounts{Incorrect: 1}
	a.Items[0].WrongAnswers = []grader.WrongAnswer{{Answer: answer, Status: grader.Incorrect, Count: 1,
		Diagnosis: `<script>alert(6)</script>`, Students: []string{id}}}
	suggested := "[[questions.\"1a\".mistakes]]\nanswer = \"</pre><script>alert(7)</script>\"\n"
	return c, a, suggested
}

// TestHTMLReportEscapesStudentText: nothing a student writes becomes markup,
// and every id and link fragment is an anchor of plain characters. The
// browser test checks the same page as Chromium reads it.
func TestHTMLReportEscapesStudentText(t *testing.T) {
	c, a, suggested := hostileClass()
	var buf bytes.Buffer
	if err := HTMLReport(&buf, c, a, suggested); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, tag := range []string{"<script", "<img", "<iframe", "<b>bold", "</pre></code>"} {
		if strings.Contains(strings.ToLower(page), tag) {
			t.Errorf("the page has %q: student text became markup", tag)
		}
	}
	if !strings.Contains(page, "&lt;/pre&gt;&lt;/code&gt;&lt;script&gt;alert(2)&lt;/script&gt;") {
		t.Error("the hostile answer is not shown, escaped")
	}
	for _, m := range regexp.MustCompile(`\b(id|href)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		value := strings.TrimPrefix(m[2], "#")
		if !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(value) {
			t.Errorf("%s=%q: not a plain anchor", m[1], m[2])
		}
	}
}

// TestHTMLReportNeedsAnAnalysis: no class or no analysis is an error, not
// a page without its charts.
func TestHTMLReportNeedsAnAnalysis(t *testing.T) {
	var buf bytes.Buffer
	if err := HTMLReport(&buf, fixtureClass(), nil, ""); err == nil || !strings.Contains(err.Error(), "no class analysis") {
		t.Errorf("no analysis: error %v", err)
	}
	if err := HTMLReport(&buf, nil, fixtureAnalysis(), ""); err == nil {
		t.Error("no class: no error")
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes before the error", buf.Len())
	}
}

// TestHTMLReportEmptyClass: a class with no students is a page that says so.
func TestHTMLReportEmptyClass(t *testing.T) {
	c := assembleClass("hw8", "Homework 8", fixtureQuestions, nil)
	var buf bytes.Buffer
	if err := HTMLReport(&buf, c, &grader.ClassAnalysis{MaxScore: c.MaxScore}, ""); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<p>No student was graded.</p>", "<p>No students were graded.</p>", "</html>\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the page does not say %q", want)
		}
	}
}

var plainAnchor = regexp.MustCompile(`^student-[A-Za-z0-9_-]*$`)

// FuzzHTMLEscaping: whatever a student writes, the page's escaping gives
// text that opens no tag and closes no attribute, reads back as cleanText
// shows it, and an anchor of plain characters that reads back as the id.
func FuzzHTMLEscaping(f *testing.F) {
	for _, s := range []string{"", "60 × 60 × 32", `</pre><script>alert(1)</script>`, `"><img src=x>`, "a&amp;b", "\x1b[31m", "\u202e", "_5f", "é\xff"} {
		f.Add(s)
	}
	unescape := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&")
	f.Fuzz(func(t *testing.T, s string) {
		text, attr := htmlText(s), htmlAttr(s)
		if strings.ContainsAny(text, "<>") || strings.ContainsAny(attr, `<>"`) {
			t.Fatalf("%q escapes to %q and %q", s, text, attr)
		}
		for _, e := range []string{text, attr} {
			for i := 0; i < len(e); i++ {
				if e[i] == '&' && !strings.HasPrefix(e[i:], "&amp;") && !strings.HasPrefix(e[i:], "&lt;") &&
					!strings.HasPrefix(e[i:], "&gt;") && !strings.HasPrefix(e[i:], "&quot;") {
					t.Fatalf("%q escapes to %q: a bare '&' at %d", s, e, i)
				}
			}
			if got := unescape.Replace(e); got != cleanText(s) {
				t.Fatalf("%q escapes to %q, which reads back as %q, not %q", s, e, got, cleanText(s))
			}
		}
		anchor := studentAnchor(s)
		if !plainAnchor.MatchString(anchor) {
			t.Fatalf("studentAnchor(%q) = %q", s, anchor)
		}
		if back := readAnchor(t, strings.TrimPrefix(anchor, "student-")); back != s {
			t.Fatalf("studentAnchor(%q) = %q reads back as %q", s, anchor, back)
		}
	})
}

// readAnchor undoes htmlAnchor's escapes.
func readAnchor(t *testing.T, a string) string {
	var b strings.Builder
	for i := 0; i < len(a); i++ {
		if a[i] != '_' {
			b.WriteByte(a[i])
			continue
		}
		if i+2 >= len(a) {
			t.Fatalf("anchor %q: '_' without two hex digits", a)
		}
		n, err := strconv.ParseUint(a[i+1:i+3], 16, 8)
		if err != nil {
			t.Fatalf("anchor %q: %v", a, err)
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String()
}
