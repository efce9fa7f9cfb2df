package web

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

func answerSel(id string) chromedp.CSS {
	return chromedp.CSS(`[data-question="` + id + `"] input, [data-question="` + id + `"] textarea`)
}

// wantPreview is the preview the page must show for raw: the checker's own
// reading of it.
func wantPreview(t *testing.T, p *published, id, raw string) string {
	t.Helper()
	readAs, err := p.sealed.Read(id, raw)
	if err != nil {
		return err.Error()
	}
	return "Read as: " + readAs
}

// TestPagePreview types answers key by key and reads the live preview: the
// canonical form of a readable answer, the error with its caret otherwise.
func TestPagePreview(t *testing.T) {
	ctx := tab(t)
	p, u := hw8URL(t)
	open(t, ctx, u)
	cases := []struct {
		id, typed string
		want      []string // what the preview must say, besides agreeing with the checker
	}{
		{"1a", "60x60x32", []string{"Read as: 60 × 60 × 32"}},
		{"1a", "(32, 60, 60)", []string{"Read as: 32 × 60 × 60"}},
		{"1b", "2,432", []string{"Read as: "}},
		{"1a", "60 x 60 x", []string{"^"}},
		{"2", "k^2 + kn + k + mk + m", []string{"Read as: ", "k"}},
		{"2", "k(k+m", []string{"^"}},
		{"3a", `1 - e^{-\epsilon}`, []string{"Read as: "}},
	}
	for _, tc := range cases {
		setAnswers(t, ctx, map[string]string{})
		do(t, ctx, chromedp.SendKeys(answerSel(tc.id), tc.typed))
		got := readPage(t, ctx)[tc.id]
		if got.Value != tc.typed {
			t.Errorf("%s: typed %q, the input holds %q", tc.id, tc.typed, got.Value)
		}
		if want := wantPreview(t, p, tc.id, tc.typed); got.Preview != want {
			t.Errorf("%s %q: preview %q, want the checker's %q", tc.id, tc.typed, got.Preview, want)
		}
		contains(t, tc.id+" preview", got.Preview, tc.want...)
		if strings.Contains(tc.want[0], "^") {
			// The caret stands under the place of the problem: the echoed
			// answer is on the line above it.
			lines := strings.Split(got.Preview, "\n")
			caret := -1
			for i, l := range lines {
				if strings.TrimSpace(l) == "^" || strings.HasSuffix(strings.TrimRight(l, " "), "^") {
					caret = i
				}
			}
			if caret < 1 {
				t.Errorf("%s %q: no caret under an echo of the answer in %q", tc.id, tc.typed, got.Preview)
			}
		}
	}
	// A blank answer has no preview.
	setAnswers(t, ctx, map[string]string{"1a": "   "})
	if got := readPage(t, ctx)["1a"].Preview; got != "" {
		t.Errorf("blank answer: preview %q", got)
	}
}

// hw8Answers: right answers in several notations, slips, unreadable and
// blank answers.
var hw8Answers = map[string]string{
	"1a": "60x60x32",          // right
	"1b": "2400",              // the weights without the biases
	"1c": "[30, 30, 32]",      // right, as a list
	"1d": "",                  // blank
	"1e": "15 × 15 × 64",      // wrong
	"1f": "18 496",            // right, a space between thousands
	"1g": "12,544",            // right
	"1h": "1.2545e5",          // right, scientific
	"1i": "146,37x",           // unreadable
	"1j": "(10, 12544)",       // transposed
	"2":  "k(k+n+1) + m(k+1)", // right, factored
	"3a": "1 - exp(-ε)",       // right
	"3b": "1 - eps",           // wrong
	"3c": "sum(p*(log p",      // unreadable
}

// TestPageCheck fills answers, presses Check and reads each verdict through
// the DOM contract: the same statuses, feedback and score as the checker gives
// the submission file the page would save.
func TestPageCheck(t *testing.T) {
	ctx := tab(t)
	p, u := hw8URL(t)
	open(t, ctx, u)
	answers := hw8Answers
	setAnswers(t, ctx, answers)
	summary := pressCheck(t, ctx)
	want := gradeLikeThePage(t, p, "", answers)
	got := readPage(t, ctx)
	agree(t, "hw8Answers", want, got)
	for id, status := range map[string]string{"1a": "correct", "1c": "correct", "1d": "missing", "1f": "correct", "1g": "correct", "1h": "correct", "1i": "invalid", "2": "correct", "3a": "correct", "3c": "invalid"} {
		if got[id].Status != status {
			t.Errorf("%s %q: status %q, want %s", id, hw8Answers[id], got[id].Status, status)
		}
	}
	for _, id := range []string{"1b", "1e", "1j", "3b"} {
		if s := got[id].Status; s != "incorrect" && s != "partial" {
			t.Errorf("%s %q: status %q, want incorrect or partial", id, hw8Answers[id], s)
		}
	}
	contains(t, "1b's feedback", strings.ToLower(got["1b"].Feedback), "bias")
	contains(t, "1i's preview", got["1i"].Preview, "^")
	if got["1i"].Feedback != "" {
		t.Errorf("1i's error is in the preview and again in the verdict: %q", got["1i"].Feedback)
	}
	contains(t, "the summary", summary, "Score: "+points(want.Score)+" of "+points(want.MaxScore)+" points.", "correct", "no answer")
	contains(t, "1a's verdict", got["1a"].Verdict, "Correct")

	// Changing an answer marks its verdict as about the earlier answer; the
	// next check replaces it.
	do(t, ctx, chromedp.SendKeys(answerSel("1d"), "0"))
	if !readPage(t, ctx)["1d"].Stale {
		t.Error("1d changed after Check, but its verdict is not marked as earlier")
	}
	pressCheck(t, ctx)
	if got := readPage(t, ctx)["1d"]; got.Status != "correct" || got.Stale {
		t.Errorf("1d after the second check: %+v", got)
	}
}

// points writes a score as the page does: at most two decimals.
func points(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }

// gradeLikeThePage grades answers as the page's checker does: through the
// submission file the page would save, with the sealed grader.
func gradeLikeThePage(t *testing.T, p *published, student string, answers map[string]string) grader.StudentResult {
	t.Helper()
	if student == "" {
		student = "self-check"
	}
	d := submissions.Draft{Student: student, ProblemSet: p.edition.ProblemSet}
	for _, q := range p.edition.Questions {
		d.Answers = append(d.Answers, submissions.DraftAnswer{ID: q.ID, Answer: answers[q.ID]})
	}
	sub, err := submissions.Load("answers.toml", submissions.Encode(d))
	if err != nil {
		t.Fatal(err)
	}
	return p.sealed.Grade(sub)
}

// agree compares the page's verdicts with the checker's result, question by
// question.
func agree(t *testing.T, what string, want grader.StudentResult, got map[string]questionState) {
	t.Helper()
	if len(got) != len(want.Questions) {
		t.Errorf("%s: the page shows %d questions, the checker grades %d", what, len(got), len(want.Questions))
	}
	for _, qr := range want.Questions {
		g := got[qr.ID]
		if g.Status != string(qr.Status) {
			t.Errorf("%s: %s %q: the page says %q, the checker %q", what, qr.ID, qr.Answer, g.Status, qr.Status)
			continue
		}
		if want := shownOnce(qr, g.Preview); !strings.HasPrefix(g.Feedback, want) {
			t.Errorf("%s: %s %q: the page's feedback %q, the checker's %q", what, qr.ID, qr.Answer, g.Feedback, want)
		}
		if g.Preview != "" && strings.Contains(g.Feedback, g.Preview) {
			t.Errorf("%s: %s %q: the preview %q is repeated in the verdict %q", what, qr.ID, qr.Answer, g.Preview, g.Feedback)
		}
		if qr.ReadAs != "" && g.Preview == "Read as: "+qr.ReadAs && strings.Contains(g.Feedback, "Read as "+qr.ReadAs+".") {
			t.Errorf("%s: %s %q: \"Read as\" is in the preview and again in the verdict %q", what, qr.ID, qr.Answer, g.Feedback)
		}
		if !strings.Contains(g.Verdict, points(qr.Score)+" of "+points(qr.MaxScore)) {
			t.Errorf("%s: %s: verdict %q, want %v of %v points", what, qr.ID, g.Verdict, qr.Score, qr.MaxScore)
		}
	}
}

// shownOnce is the checker's feedback as the page shows it under the preview:
// less what the preview already shows for the same answer (an unreadable
// answer's error; a formula's "Read as" line), so that nothing is said twice.
func shownOnce(qr grader.QuestionResult, preview string) string {
	if qr.Status == grader.Invalid && preview == qr.Feedback {
		return ""
	}
	if qr.ReadAs == "" || preview != "Read as: "+qr.ReadAs {
		return qr.Feedback
	}
	var kept []string
	for _, line := range strings.Split(qr.Feedback, "\n") {
		if line != "Read as "+qr.ReadAs+"." {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

// TestPageAgreesWithTheChecker: for a generated class (the bundled sample
// class's answers, the rubric's known mistakes, unreadable and blank answers,
// mixed across students), the page's status on every question is the sealed
// checker's.
func TestPageAgreesWithTheChecker(t *testing.T) {
	ctx := tab(t)
	p, u := hw8URL(t)
	open(t, ctx, u)
	class := generatedClass(t, p)
	for i, answers := range class {
		setAnswers(t, ctx, answers)
		pressCheck(t, ctx)
		agree(t, "student "+strconvFormat(float64(i)), gradeLikeThePage(t, p, "", answers), readPage(t, ctx))
	}
	t.Logf("%d generated students agree on all %d questions", len(class), len(p.edition.Questions))
}

// generatedClass mixes, question by question, every answer the bundled
// students gave, the rubric's known mistakes, unreadable answers and a blank,
// into as many students as the longest list.
func generatedClass(t *testing.T, p *published) []map[string]string {
	t.Helper()
	subs, err := bundledclasses.Class("hw8")
	if err != nil {
		t.Fatal(err)
	}
	pools := map[string][]string{}
	longest := 0
	for _, q := range p.edition.Questions {
		seen := map[string]bool{}
		add := func(a string) {
			if !seen[a] {
				seen[a] = true
				pools[q.ID] = append(pools[q.ID], a)
			}
		}
		for _, s := range subs {
			add(s.Answers[q.ID])
		}
		if ka, ok := p.key.Answer(q.ID); ok {
			add(ka.Display)
		}
		for _, a := range hw8Answers {
			add(a)
		}
		add("")
		add("??")
		add("1 +")
		longest = max(longest, len(pools[q.ID]))
	}
	class := make([]map[string]string, longest)
	for i := range class {
		class[i] = map[string]string{}
		for j, q := range p.edition.Questions {
			pool := pools[q.ID]
			class[i][q.ID] = pool[(i+j)%len(pool)]
		}
	}
	return class
}

// TestPageDownloadAndLoad saves the answers with Download, reads the file the
// browser wrote, loads it as the instructor's grading does, and loads it back
// into a fresh page.
func TestPageDownloadAndLoad(t *testing.T) {
	ctx := tab(t)
	p, u := hw8URL(t)
	open(t, ctx, u)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}

	// Without a student id there is nothing to hand in: the page says so.
	answers := hw8Answers
	setAnswers(t, ctx, answers)
	do(t, ctx, chromedp.Click(chromedp.ID("download")))
	msg := eval[string](t, ctx, `document.getElementById("student-error").textContent`)
	contains(t, "the student id message", msg, "student id")
	if active := eval[string](t, ctx, `document.activeElement.id`); active != "student" {
		t.Errorf("focus on %q, want the student id", active)
	}

	do(t, ctx, chromedp.SendKeys(chromedp.ID("student"), "ab123"), chromedp.SendKeys(chromedp.ID("name"), "Ada B. \"Lovelace\""))
	do(t, ctx, chromedp.Click(chromedp.ID("download")))
	file := filepath.Join(dir, "ab123-hw8.toml")
	src := waitFile(t, file)
	sub, err := submissions.Load(file, src)
	if err != nil {
		t.Fatalf("the downloaded file does not load: %v\n%s", err, src)
	}
	if sub.Student != "ab123" || sub.Name != "Ada B. \"Lovelace\"" || sub.ProblemSet != "hw8" {
		t.Errorf("downloaded student %q name %q set %q", sub.Student, sub.Name, sub.ProblemSet)
	}
	for id, a := range answers {
		if sub.Answers[id] != a {
			t.Errorf("%s: the file holds %q, the page had %q", id, sub.Answers[id], a)
		}
	}
	pressCheck(t, ctx)
	agree(t, "the downloaded file", p.sealed.Grade(sub), readPage(t, ctx))

	// Load it back into a fresh page (another browser context: nothing kept).
	ctx2 := tab(t)
	open(t, ctx2, u)
	if got := readPage(t, ctx2)["1a"].Value; got != "" {
		t.Fatalf("a fresh page shows %q", got)
	}
	do(t, ctx2, chromedp.SetUploadFiles(chromedp.ID("load"), []string{file}))
	if _, err := chromedp.Run(ctx2, chromedp.Poll[bool](`document.getElementById("notice").textContent.startsWith("Loaded")`, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatal(err)
	}
	got := readPage(t, ctx2)
	for id, a := range answers {
		if got[id].Value != a {
			t.Errorf("%s: loaded %q, want %q", id, got[id].Value, a)
		}
		if want := wantPreview(t, p, id, a); a != "" && got[id].Preview != want {
			t.Errorf("%s: preview after loading %q, want %q", id, got[id].Preview, want)
		}
	}
	if v := eval[string](t, ctx2, `document.getElementById("student").value`); v != "ab123" {
		t.Errorf("student id after loading: %q", v)
	}

	// A file for another problem set is refused, and nothing changes.
	other := filepath.Join(dir, "other.toml")
	os.WriteFile(other, []byte("student = \"x\"\nproblem_set = \"hw7\"\n[answers]\n\"1a\" = \"1\"\n"), 0o644)
	do(t, ctx2, chromedp.SetUploadFiles(chromedp.ID("load"), []string{other}))
	if _, err := chromedp.Run(ctx2, chromedp.Poll[bool](`document.getElementById("notice").textContent.startsWith("Could not load")`, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatal(err)
	}
	contains(t, "the refusal", eval[string](t, ctx2, `document.getElementById("notice").textContent`), `"hw7"`, `"hw8"`)
	if got := readPage(t, ctx2)["1a"].Value; got != hw8Answers["1a"] {
		t.Errorf("a refused file changed 1a to %q", got)
	}
}

// waitFile waits for the browser to finish writing a download.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(20 * time.Millisecond) {
		if src, err := os.ReadFile(path); err == nil && len(src) > 0 {
			return src
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	t.Fatalf("no download %s (the folder holds %v)", path, entries)
	return nil
}

// TestPageKeepsAnswers: answers typed survive a reload (localStorage), and a
// page of another publication (another salt) does not show them.
func TestPageKeepsAnswers(t *testing.T) {
	ctx := tab(t)
	_, u := hw8URL(t)
	open(t, ctx, u)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("student"), "ab123"), chromedp.SendKeys(answerSel("1a"), "60x60x32"), chromedp.SendKeys(answerSel("1b"), "2,432"))
	do(t, ctx, chromedp.Reload())
	waitReady(t, ctx)
	got := readPage(t, ctx)
	if got["1a"].Value != "60x60x32" || got["1b"].Value != "2,432" {
		t.Errorf("after a reload: 1a %q, 1b %q", got["1a"].Value, got["1b"].Value)
	}
	if got["1a"].Preview != "Read as: 60 × 60 × 32" {
		t.Errorf("after a reload, 1a's preview is %q", got["1a"].Preview)
	}
	if v := eval[string](t, ctx, `document.getElementById("student").value`); v != "ab123" {
		t.Errorf("student id after a reload: %q", v)
	}

	next, err := publish("hw8", testSalt(8))
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, pageURL(t, "hw8-next-term.html", next.page))
	if got := readPage(t, ctx)["1a"].Value; got != "" {
		t.Errorf("next term's page shows this term's answer %q", got)
	}
}

// TestPageKeyboard uses the page with the keyboard only: Tab from field to
// field in reading order, Enter in an answer checks, Space on a focused
// button presses it, Ctrl+Enter in a formula checks.
func TestPageKeyboard(t *testing.T) {
	ctx := tab(t)
	p, u := hw8URL(t)
	open(t, ctx, u)
	do(t, ctx, chromedp.Focus(chromedp.ID("student")))
	order := []string{"student", "name"}
	for i := range p.edition.Questions {
		order = append(order, "answer-"+strconvFormat(float64(i+1)))
	}
	order = append(order, "check", "download", "load")
	for i, want := range order {
		if got := eval[string](t, ctx, `document.activeElement.id`); got != want {
			t.Fatalf("after %d Tabs the focus is on %q, want %q", i, got, want)
		}
		do(t, ctx, chromedp.KeyEvent(kb.Tab))
	}

	do(t, ctx, chromedp.Focus(answerSel("1a")), chromedp.KeyEvent("60x60x32"))
	eval[chromedp.Void](t, ctx, `document.getElementById("summary").textContent = ""`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	contains(t, "the summary after Enter", waitSummary(t, ctx), "Score: ")
	if s := readPage(t, ctx)["1a"].Status; s != "correct" {
		t.Errorf("1a after Enter: %q", s)
	}
	if live := eval[string](t, ctx, `document.getElementById("summary").getAttribute("aria-live")`); live != "polite" {
		t.Errorf("the summary's aria-live is %q", live)
	}

	// Enter in a formula is a new line; Ctrl+Enter checks.
	do(t, ctx, chromedp.Focus(answerSel("2")), chromedp.KeyEvent("k^2 + kn"), chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent("+ k + mk + m"))
	if v := readPage(t, ctx)["2"].Value; v != "k^2 + kn\n+ k + mk + m" {
		t.Errorf("formula typed with Enter: %q", v)
	}
	eval[chromedp.Void](t, ctx, `document.getElementById("summary").textContent = ""`)
	do(t, ctx, chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	waitSummary(t, ctx)
	if s := readPage(t, ctx)["2"].Status; s != "correct" {
		t.Errorf("2 after Ctrl+Enter: %q", s)
	}

	// Space on the focused Check button.
	eval[chromedp.Void](t, ctx, `document.getElementById("summary").textContent = ""`)
	do(t, ctx, chromedp.Focus(chromedp.ID("check")), chromedp.KeyEvent(" "))
	contains(t, "the summary after Space", waitSummary(t, ctx), "Score: ")
}

// TestPageOnAPhone: at a phone's width nothing is wider than the screen.
func TestPageOnAPhone(t *testing.T) {
	ctx := tab(t)
	_, u := hw8URL(t)
	do(t, ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	open(t, ctx, u)
	setAnswers(t, ctx, hw8Answers)
	pressCheck(t, ctx)
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("the page is %d px wide on a 360 px screen", w)
	}
	if fs := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector("[data-question] input")).fontSize)`); fs < 16 {
		t.Errorf("inputs' font size %vpx: phones zoom in on inputs under 16px", fs)
	}
}

func strconvFormat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// TestPageEditionThatDoesNotLoad: a page whose edition the checker refuses
// (changed by hand) says why, and keeps the answers typed.
func TestPageEditionThatDoesNotLoad(t *testing.T) {
	ctx := tab(t)
	p := publishHW8(t)
	bad := bytes.Replace(p.toml, []byte("version = 1"), []byte("version = 99"), 1)
	page, err := Page(p.edition, bad)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(pageURL(t, "hw8-bad.html", page)))
	state, err := chromedp.Run(ctx, chromedp.Poll[string](`document.documentElement.dataset.checker !== "loading" && document.documentElement.dataset.checker`, chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil || state != "failed" {
		t.Fatalf("checker %q, %v; want failed", state, err)
	}
	contains(t, "the notice", eval[string](t, ctx, `document.getElementById("notice").textContent`), "could not start", "version 99", "nngrade check")
	setAnswers(t, ctx, map[string]string{"1a": "60x60x32"})
	do(t, ctx, chromedp.Reload())
	if got := readPage(t, ctx)["1a"].Value; got != "60x60x32" {
		t.Errorf("the answer typed was not kept: %q", got)
	}
}

// TestPageStudentID: a student id is checked as it is typed and at Check, in
// a form's words (no file name, line or caret), and the template's
// placeholder is caught before Download.
func TestPageStudentID(t *testing.T) {
	ctx := tab(t)
	_, u := hw8URL(t)
	open(t, ctx, u)
	studentError := func() (string, bool) {
		msg := eval[string](t, ctx, `document.getElementById("student-error").hidden ? "" : document.getElementById("student-error").textContent`)
		return msg, eval[string](t, ctx, `document.getElementById("student").getAttribute("aria-invalid") || ""`) == "true"
	}
	do(t, ctx, chromedp.SendKeys(chromedp.ID("student"), "ab 123/é"))
	if msg, invalid := studentError(); msg != "Student id: use letters, digits and @ . _ + - only." || !invalid {
		t.Errorf("as typed: %q (aria-invalid %v)", msg, invalid)
	}
	// At Check too (a reload keeps the id but no message until then).
	do(t, ctx, chromedp.Reload())
	waitReady(t, ctx)
	eval[chromedp.Void](t, ctx, `document.getElementById("student-error").hidden = true`)
	pressCheck(t, ctx)
	if msg, _ := studentError(); msg != "Student id: use letters, digits and @ . _ + - only." {
		t.Errorf("at Check: %q", msg)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("download")))
	if msg, _ := studentError(); msg != "Student id: use letters, digits and @ . _ + - only." {
		t.Errorf("at Download: %q", msg)
	}
	eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("student"); s.value = ""; s.dispatchEvent(new Event("input")); })()`)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("student"), "ab123"))
	if msg, invalid := studentError(); msg != "" || invalid {
		t.Errorf("a good id: %q (aria-invalid %v)", msg, invalid)
	}
	eval[chromedp.Void](t, ctx, `(() => { const s = document.getElementById("student"); s.value = ""; s.dispatchEvent(new Event("input")); })()`)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("student"), submissions.PlaceholderStudent))
	msg, _ := studentError()
	contains(t, "the placeholder's message", msg, "Student id: ", "placeholder", "your own id")
	do(t, ctx, chromedp.Click(chromedp.ID("download")))
	if again, _ := studentError(); again != msg {
		t.Errorf("Download with the placeholder: %q", again)
	}
	if n := eval[string](t, ctx, `document.getElementById("notice").textContent`); strings.HasPrefix(n, "Saved") {
		t.Errorf("the placeholder was downloaded: %q", n)
	}
}

// TestPageAnswerLength: one limit on an answer's length, in the same words in
// the preview and the verdict, whatever the question; and a file whose
// answers are too long is not loaded cut short.
func TestPageAnswerLength(t *testing.T) {
	ctx := tab(t)
	p, u := hw8URL(t)
	open(t, ctx, u)
	long := map[string]string{
		"2":  strings.Repeat("k+", 3000) + "k",            // a formula of 6,001 bytes
		"1b": strings.Repeat("1", 5000),                   // a count
		"1g": strings.Repeat("1*", 2000) + "1",            // within the limit, but no flattened size
		"3a": "1 - exp(-eps)" + strings.Repeat(" ", 3000), // within the limit: read
	}
	setAnswers(t, ctx, long)
	pressCheck(t, ctx)
	got := readPage(t, ctx)
	for _, id := range []string{"2", "1b"} {
		want := submissions.AnswerTooLong(long[id])
		if got[id].Preview != want || got[id].Status != "invalid" {
			t.Errorf("%s: preview %q, status %s; want %q and invalid", id, got[id].Preview, got[id].Status, want)
		}
	}
	if p := got["1g"].Preview; p == "" || strings.Contains(p, "axes") || strings.Contains(p, "shape") {
		t.Errorf("1g: %q", got["1g"].Preview)
	}
	if got["3a"].Status != "correct" {
		t.Errorf("3a with 3,000 spaces: %+v", got["3a"])
	}
	agree(t, "long answers", gradeLikeThePage(t, p, "", long), got)

	// Load a file with an answer too long to grade: it is said, not cut.
	dir := t.TempDir()
	file := filepath.Join(dir, "huge.toml")
	huge := strings.Repeat("1x", 5000) + "1"
	os.WriteFile(file, []byte("student = \"ab123\"\nproblem_set = \"hw8\"\n[answers]\n\"1a\" = \"60x60x32\"\n\"1e\" = \""+huge+"\"\n"), 0o644)
	setAnswers(t, ctx, map[string]string{"1e": "before"})
	do(t, ctx, chromedp.SetUploadFiles(chromedp.ID("load"), []string{file}))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.startsWith("Loaded")`, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatal(err)
	}
	notice := eval[string](t, ctx, `document.getElementById("notice").textContent`)
	contains(t, "the notice", notice, "Not loaded, too long to grade", "1e", strconvFormat(submissions.MaxAnswerSize))
	got = readPage(t, ctx)
	if got["1a"].Value != "60x60x32" || got["1e"].Value != "" {
		t.Errorf("loaded 1a %q, 1e %.40q (%d bytes)", got["1a"].Value, got["1e"].Value, len(got["1e"].Value))
	}
}

// TestPageLoadNotAnswers: loading the student edition (or a problem set) as
// answers says so in one line.
func TestPageLoadNotAnswers(t *testing.T) {
	ctx := tab(t)
	p, u := hw8URL(t)
	open(t, ctx, u)
	dir := t.TempDir()
	edition := filepath.Join(dir, "hw8.student.toml")
	os.WriteFile(edition, p.toml, 0o644)
	setAnswers(t, ctx, map[string]string{"1a": "60x60x32"})
	do(t, ctx, chromedp.SetUploadFiles(chromedp.ID("load"), []string{edition}))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("notice").textContent.startsWith("Could not load")`, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatal(err)
	}
	notice := eval[string](t, ctx, `document.getElementById("notice").textContent`)
	contains(t, "the notice", notice, "this is the student edition", "not an answers file")
	if strings.Contains(notice, "unknown key") || strings.Count(notice, "\n") > 0 {
		t.Errorf("the notice is not one line: %q", notice)
	}
	if got := readPage(t, ctx)["1a"].Value; got != "60x60x32" {
		t.Errorf("a refused file changed 1a to %q", got)
	}
}
