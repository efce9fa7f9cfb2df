package report

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/browsertest"
)

// The instructor's report as Chromium shows it, headless, opened from a
// file:// URL as an instructor opens it (internal/browsertest: the tests run
// when Chromium is found and are mandatory when NNGRADE_BROWSER_TESTS=1).

// reportTab opens a tab in a fresh browser context of the browser the
// tests share.
func reportTab(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Tab(t, "./grader/report/", 60*time.Second)
}

// consoleLog gathers what a tab writes to its console (messages, uncaught
// exceptions, the browser's log: a refused request or script is an error
// there) from the moment it is made until stop.
type consoleLog struct {
	stop     context.CancelFunc
	done     chan struct{}
	messages []chromedp.ConsoleMessage
}

func watchConsole(ctx context.Context) *consoleLog {
	ctx, stop := context.WithCancel(ctx)
	l := &consoleLog{stop: stop, done: make(chan struct{})}
	messages := chromedp.Console(ctx)
	go func() {
		defer close(l.done)
		for m, err := range messages {
			if err != nil {
				return
			}
			l.messages = append(l.messages, m)
		}
	}()
	return l
}

// problems stops the watch and returns the warnings, errors and exceptions.
func (l *consoleLog) problems() []chromedp.ConsoleMessage {
	l.stop()
	<-l.done
	var bad []chromedp.ConsoleMessage
	for _, m := range l.messages {
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
			bad = append(bad, m)
		}
	}
	return bad
}

// openReport writes page into a temporary folder, opens it in ctx's tab and
// returns what its console said while it loaded and rendered.
func openReport(t *testing.T, ctx context.Context, page []byte) []chromedp.ConsoleMessage {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	console := watchConsole(ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate((&url.URL{Scheme: "file", Path: file}).String())); err != nil {
		t.Fatal(err)
	}
	// A round trip after the load, so that the messages of the load are in.
	browsertest.Eval[int](t, ctx, `document.readyState === "complete" ? 1 : 0`)
	return console.problems()
}

// chartBox is an SVG element's rendered size.
type chartBox struct {
	Name          string
	Width, Height float64
}

// TestHTMLReportInBrowser opens the report of the fixture class: no console
// error or warning, every chart drawn at a size, the histogram's bars and
// the item map's points inside their charts, a student link that scrolls to
// the student's section, and a screenshot of the whole page.
func TestHTMLReportInBrowser(t *testing.T) {
	ctx := reportTab(t)
	var page bytes.Buffer
	if err := HTMLReport(&page, fixtureClass(), fixtureAnalysis(), fixtureSuggested); err != nil {
		t.Fatal(err)
	}
	for _, m := range openReport(t, ctx, page.Bytes()) {
		t.Errorf("console: %s", m)
	}

	charts := browsertest.Eval[[]chartBox](t, ctx, `Array.from(document.querySelectorAll("svg"), (s) => {
		const r = s.getBoundingClientRect();
		return {Name: s.id || s.getAttribute("class"), Width: r.width, Height: r.height};
	})`)
	// The histogram, the item map and a status bar per question.
	if want := 2 + len(fixtureAnalysis().Items); len(charts) != want {
		t.Errorf("%d SVG charts, want %d: %v", len(charts), want, charts)
	}
	for _, c := range charts {
		if c.Width < 100 || c.Height < 10 {
			t.Errorf("chart %s is drawn %v × %v", c.Name, c.Width, c.Height)
		}
	}
	// Each histogram bar lies inside the chart; the tallest reaches its top.
	bars := browsertest.Eval[[]float64](t, ctx, `(() => {
		const svg = document.getElementById("histogram").getBoundingClientRect();
		return Array.from(document.querySelectorAll("#histogram rect.bar"), (b) => {
			const r = b.getBoundingClientRect();
			if (r.left < svg.left || r.right > svg.right || r.top < svg.top || r.bottom > svg.bottom) return -1;
			return r.height;
		});
	})()`)
	if len(bars) != histogramBins {
		t.Fatalf("%d histogram bars, want %d", len(bars), histogramBins)
	}
	tallest := 0.0
	for i, h := range bars {
		if h < 0 {
			t.Errorf("histogram bar %d is drawn outside the chart", i)
		}
		tallest = max(tallest, h)
	}
	if tallest < 100 {
		t.Errorf("the tallest histogram bar is %v pixels high", tallest)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#item-map-chart circle").length`); n != 4 {
		t.Errorf("%d points on the item map, want 4 (1g has no discrimination)", n)
	}
	// A status bar's parts fill it.
	if w := browsertest.Eval[float64](t, ctx, `Array.from(document.querySelectorAll("#items tr:first-child svg rect"), (r) => r.getBoundingClientRect().width).reduce((a, b) => a + b, 0)`); w < 239 || w > 241 {
		t.Errorf("1a's status bar parts add up to %v pixels, want 240", w)
	}

	// The score table's link to a student scrolls to the student's section.
	anchor := studentAnchor("../escape")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#score-table a[href="#`+anchor+`"]`))); err != nil {
		t.Fatal(err)
	}
	type landing struct {
		Hash, Target string
		Top          float64
	}
	got := browsertest.Eval[landing](t, ctx, `({Hash: location.hash, Target: document.querySelector(":target")?.id ?? "",
		Top: document.querySelector(":target")?.getBoundingClientRect().top ?? -1})`)
	if got.Hash != "#"+anchor || got.Target != anchor {
		t.Errorf("after the click: location %q, target %q; want #%s", got.Hash, got.Target, anchor)
	}
	if got.Top < 0 || got.Top > 40 {
		t.Errorf("the student's section is %v pixels from the top of the window, want it scrolled to", got.Top)
	}

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(shot, []byte("\x89PNG")) || len(shot) < 10_000 {
		t.Fatalf("the screenshot is %d bytes, not a PNG of the page", len(shot))
	}
	file := filepath.Join(t.TempDir(), "report.png")
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", file, len(shot))
	// To look at it: NNGRADE_REPORT_SCREENSHOT_DIR=/some/folder.
	if dir := os.Getenv("NNGRADE_REPORT_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "report.png"), shot, 0o644)
	}
}

// TestHTMLReportHostileInBrowser: Chromium reads the hostile class's page
// with no script element, the hostile texts shown as the student wrote them,
// and the hostile id's link reaching its section.
func TestHTMLReportHostileInBrowser(t *testing.T) {
	ctx := reportTab(t)
	c, a, suggested := hostileClass()
	var page bytes.Buffer
	if err := HTMLReport(&page, c, a, suggested); err != nil {
		t.Fatal(err)
	}
	for _, m := range openReport(t, ctx, page.Bytes()) {
		t.Errorf("console: %s", m)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("script, img, iframe").length + Array.from(document.querySelectorAll("b")).filter((b) => b.textContent === "bold").length`); n != 0 {
		t.Errorf("%d elements made of student text", n)
	}
	var s grader.StudentResult
	c.Each(func(r *grader.StudentResult) error { s = *r; return nil })
	type shown struct{ Title, Name, Answer, Rubric string }
	got := browsertest.Eval[shown](t, ctx, `({Title: document.title,
		Name: document.querySelector("#score-table tbody td:nth-child(2)").textContent,
		Answer: document.querySelector("section.student tbody code").textContent,
		Rubric: document.querySelector("pre.rubric").textContent})`)
	if want := c.Title + ": class report"; got.Title != want {
		t.Errorf("title %q, want %q", got.Title, want)
	}
	if got.Name != s.Name || got.Answer != s.Questions[0].Answer || got.Rubric != suggested {
		t.Errorf("shown %+v; want the name %q, answer %q and rubric %q as written", got, s.Name, s.Questions[0].Answer, suggested)
	}
	anchor := studentAnchor(s.Student)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.wrong-answers a[href="#`+anchor+`"]`))); err != nil {
		t.Fatal(err)
	}
	if target := browsertest.Eval[string](t, ctx, `document.querySelector(":target")?.querySelector("h3")?.textContent ?? ""`); !strings.Contains(target, s.Student) {
		t.Errorf("the wrong answer's link leads to %q, not the student's section", target)
	}
}

// TestBrowserConsoleIsWatched: a page that breaks the report's rules (a
// request to the network, an inline script) is reported by the console
// watch the tests above rely on, so their silence means something.
func TestBrowserConsoleIsWatched(t *testing.T) {
	ctx := reportTab(t)
	var page bytes.Buffer
	if err := HTMLReport(&page, fixtureClass(), fixtureAnalysis(), ""); err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(page.String(), "</main>", `<img src="http://192.0.2.1/x.png"><script>console.error("ran")</script></main>`, 1)
	problems := openReport(t, ctx, []byte(broken))
	if len(problems) == 0 {
		t.Fatal("the console watch saw nothing of a page that loads an image and runs a script")
	}
	for _, m := range problems {
		t.Logf("console: %s", m)
		if strings.Contains(m.Text, "ran") && m.Type == chromedp.ConsoleError && !strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("the inline script ran despite the page's policy: %s", m)
		}
	}
}

// TestGradedReportInBrowser opens the report of 400 generated Homework 8
// students as grade writes it (graded, analysed, suggested rubric): no
// console error, a status bar per question and both charts drawn, the
// histogram counting every graded student, and a screenshot of the top.
func TestGradedReportInBrowser(t *testing.T) {
	ctx := reportTab(t)
	class, _ := homework8Class(t, 400)
	a, err := grader.AnalyseClass(class)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := HTMLReport(&page, class, a, grader.SuggestedMistakes(a, 2)); err != nil {
		t.Fatal(err)
	}
	for _, m := range openReport(t, ctx, page.Bytes()) {
		t.Errorf("console: %s", m)
	}
	type drawn struct {
		Bars, Charts, Students, Sections int
		Counted                          int
	}
	got := browsertest.Eval[drawn](t, ctx, `({
		Bars: Array.from(document.querySelectorAll("#items svg.status-bar")).filter((s) => s.getBoundingClientRect().width > 100).length,
		Charts: Array.from(document.querySelectorAll("svg.chart")).filter((s) => s.getBoundingClientRect().height > 100).length,
		Students: document.querySelectorAll("#score-table tbody tr").length,
		Sections: document.querySelectorAll("section.student").length,
		Counted: Array.from(document.querySelectorAll("#histogram rect.bar title"), (t) => parseInt(t.textContent.split(": ")[1])).reduce((a, b) => a + b, 0),
	})`)
	want := drawn{Bars: len(a.Items), Charts: 2, Students: class.Len(), Sections: class.Len(), Counted: a.Students}
	if got != want {
		t.Errorf("drawn %+v, want %+v", got, want)
	}
	if a.Students == class.Len() {
		t.Errorf("every one of the %d students was read: the class should have some unreadable", a.Students)
	}
	// The window, not the whole page: 400 students' sections are taller than
	// Chromium captures.
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(shot, []byte("\x89PNG")) {
		t.Fatal("the screenshot is not a PNG")
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "graded.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("NNGRADE_REPORT_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "graded.png"), shot, 0o644)
		os.WriteFile(filepath.Join(dir, "graded.html"), page.Bytes(), 0o644)
	}
}
