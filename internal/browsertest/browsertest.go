// Package browsertest is what nngrade's browser tests share: finding
// Chromium, one headless browser for a test binary, a tab per test in a
// browser context of its own, and reading a value from the page. Only tests
// import it, so the nngrade binary does not carry chromedp.
//
// A browser test runs when Chromium is found and is mandatory when
// NNGRADE_BROWSER_TESTS=1 (as .ci/run sets): without Chromium it fails
// then, and is skipped otherwise with a message that says how to run it.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Needed reports whether the browser tests must run (NNGRADE_BROWSER_TESTS=1).
func Needed() bool { return os.Getenv("NNGRADE_BROWSER_TESTS") == "1" }

// Chromium is the browser's path: NNGRADE_CHROMIUM, or the first of
// Chromium's usual names on PATH; "" when there is none.
func Chromium() string {
	if p := os.Getenv("NNGRADE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// HowTo says how to run the browser tests of a package (./web/, say).
func HowTo(pkg string) string {
	return fmt.Sprintf("the browser tests need Chromium: install it (Debian: apt-get install chromium; or set NNGRADE_CHROMIUM to its path) and run NNGRADE_BROWSER_TESTS=1 go test %s", pkg)
}

var (
	mu      sync.Mutex
	started bool
	browser context.Context
	stop    func()
	failed  error
)

// start starts the one browser a test binary's tests share.
func start(path string) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 900),
		// The machine's network is closed: no background connections, no
		// component updates, no QUIC.
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	alloc, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, stopBrowser := chromedp.NewContext(alloc)
	browser, stop = ctx, func() { stopBrowser(); stopAlloc() }
	failed = chromedp.Do(ctx)
}

// Tab opens a tab in a fresh browser context (its own storage and
// downloads) of the shared browser, started on first use, with timeout for
// the test; it skips the test, or fails it when the tests are Needed, when
// there is no Chromium or with -short. pkg names the package for HowTo.
func Tab(t *testing.T, pkg string, timeout time.Duration) context.Context {
	t.Helper()
	path := Chromium()
	if path == "" {
		if Needed() {
			t.Fatal("NNGRADE_BROWSER_TESTS=1 but " + HowTo(pkg))
		}
		t.Skip(HowTo(pkg))
	}
	if testing.Short() && !Needed() {
		t.Skip("-short: " + HowTo(pkg))
	}
	mu.Lock()
	if !started {
		started = true
		start(path)
	}
	ctx, err := browser, failed
	mu.Unlock()
	if err != nil {
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	ctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancelTimeout)
	return ctx
}

// Stop stops the shared browser, if one was started: a TestMain calls it
// after the tests.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if stop != nil {
		stop()
	}
}

// Eval is the value of a JavaScript expression in the tab; the test fails
// when it cannot be read as a T.
func Eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}
