package web

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/nngrade/nngrade/internal/browsertest"
)

// The browser tests drive Chromium headless through the page, opened from a
// file:// URL as a student opens it (internal/browsertest: they run when
// Chromium is found and are mandatory when NNGRADE_BROWSER_TESTS=1, as
// .ci/run sets).
var (
	pageDir string
	pageMu  sync.Mutex
)

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.Stop()
	if pageDir != "" {
		os.RemoveAll(pageDir)
	}
	os.Exit(code)
}

// tab opens a new tab, in a fresh browser context, with a timeout for the test.
func tab(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Tab(t, "./web/", 90*time.Second)
}

// pageURL writes a page to the shared folder once and returns its file:// URL.
func pageURL(t *testing.T, name string, page []byte) string {
	t.Helper()
	pageMu.Lock()
	defer pageMu.Unlock()
	if pageDir == "" {
		dir, err := os.MkdirTemp("", "nngrade-web")
		if err != nil {
			t.Fatal(err)
		}
		pageDir = dir
	}
	path := filepath.Join(pageDir, name)
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path, page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// open opens hw8's page and waits until its checker is ready.
func open(t *testing.T, ctx context.Context, pageURL string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(pageURL))
	waitReady(t, ctx)
}

func waitReady(t *testing.T, ctx context.Context) {
	t.Helper()
	state, err := chromedp.Run(ctx, chromedp.Poll[string](`document.documentElement.dataset.checker !== "loading" && document.documentElement.dataset.checker`, chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting for the checker: %v", err)
	}
	if state != "ready" {
		notice, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("notice")))
		t.Fatalf("the checker is %s: %s", state, notice)
	}
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return browsertest.Eval[T](t, ctx, js)
}

// questionState is what the page shows of one question.
type questionState struct {
	ID       string `json:"id"`
	Value    string `json:"value"`
	Preview  string `json:"preview"`
	Status   string `json:"status"`
	Verdict  string `json:"verdict"`
	Feedback string `json:"feedback"`
	Stale    bool   `json:"stale"`
}

// readPage reads every question through the DOM contract: the element with
// data-question, its one input or textarea, its one data-status element.
func readPage(t *testing.T, ctx context.Context) map[string]questionState {
	t.Helper()
	raw := eval[[]byte](t, ctx, `JSON.stringify(Array.from(document.querySelectorAll("[data-question]"), (el) => {
		const inputs = el.querySelectorAll("input, textarea"), statuses = el.querySelectorAll("[data-status]");
		if (inputs.length !== 1 || statuses.length !== 1) throw new Error("question " + el.dataset.question + ": " + inputs.length + " inputs, " + statuses.length + " status elements");
		return {id: el.dataset.question, value: inputs[0].value, preview: el.querySelector(".preview").textContent,
			status: statuses[0].dataset.status, verdict: el.querySelector(".status").textContent,
			feedback: el.querySelector(".feedback").textContent, stale: statuses[0].dataset.stale === "true"};
	}))`)
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	var list []questionState
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		t.Fatal(err)
	}
	m := map[string]questionState{}
	for _, q := range list {
		m[q.ID] = q
	}
	return m
}

// setAnswers fills answers as a paste would (one input event each); the
// keyboard tests type theirs key by key.
func setAnswers(t *testing.T, ctx context.Context, answers map[string]string) {
	t.Helper()
	b, _ := json.Marshal(answers)
	eval[chromedp.Void](t, ctx, `(() => {
		const answers = `+string(b)+`;
		for (const el of document.querySelectorAll("[data-question]")) {
			const input = el.querySelector("input, textarea");
			input.value = answers[el.dataset.question] ?? "";
			input.dispatchEvent(new Event("input", {bubbles: true}));
		}
	})()`)
}

// pressCheck clicks Check and waits for the summary of this check.
func pressCheck(t *testing.T, ctx context.Context) string {
	t.Helper()
	eval[chromedp.Void](t, ctx, `document.getElementById("summary").textContent = ""`)
	do(t, ctx, chromedp.Click(chromedp.ID("check")))
	return waitSummary(t, ctx)
}

func waitSummary(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Poll[string](`document.getElementById("summary").textContent`, chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting for the summary: %v", err)
	}
	return s
}

// hw8URL is hw8's page's file:// URL; call it after tab, which skips the test
// when there is no browser.
func hw8URL(t *testing.T) (*published, string) {
	p := publishHW8(t)
	return p, pageURL(t, "hw8.html", p.page)
}

func contains(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s %q does not say %q", what, got, w)
		}
	}
}
