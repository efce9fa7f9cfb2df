package web

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/web/internal/wasmsrc"
)

// TestWasmIsFresh fails when the Go sources the committed WebAssembly was
// built from have changed since: the page would check with old code.
func TestWasmIsFresh(t *testing.T) {
	now, err := wasmsrc.Hash("..")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("selfcheck.sum")
	if err != nil {
		t.Fatal(err)
	}
	built, err := wasmsrc.ReadSum(src)
	if err != nil {
		t.Fatal(err)
	}
	if built.Total != now.Total {
		t.Fatalf("web/selfcheck.wasm.gz is stale: these packages changed since it was built: %s; run `go generate ./web` and commit what it writes",
			strings.Join(built.Changed(now), ", "))
	}
}

// TestWasmCarriesNoBundledData: the checker is built from the grader and the
// packages it needs, none of which embeds a problem set, rubric or sample
// class (those are in the */bundled packages, for the command only).
func TestWasmCarriesNoBundledData(t *testing.T) {
	deps, err := wasmsrc.Deps("..")
	if err != nil {
		t.Fatal(err)
	}
	own := wasmsrc.OwnPackages(deps)
	if !slices.Contains(own, "github.com/nngrade/nngrade/grader") {
		t.Fatalf("the checker does not import the grader? %v", own)
	}
	for _, p := range deps {
		if strings.HasSuffix(p.ImportPath, "/bundled") || strings.Contains(p.ImportPath, "/bundled/") {
			t.Errorf("the checker imports %s, which holds bundled sets, rubrics or answers", p.ImportPath)
		}
		if p.Module != nil && p.Module.Main && len(p.EmbedFiles) > 0 {
			t.Errorf("the checker imports %s, which embeds %v", p.ImportPath, p.EmbedFiles)
		}
	}
}

// TestPageParts: the page is one file with everything inline, the DOM
// contract in place for every question, and no reference to anything outside.
func TestPageParts(t *testing.T) {
	p := publishHW8(t)
	page := string(p.page)
	for _, q := range p.edition.Questions {
		block := questionBlock(t, page, q.ID)
		if n := strings.Count(block, "<input") + strings.Count(block, "<textarea"); n != 1 {
			t.Errorf("question %s: %d inputs, want 1", q.ID, n)
		}
		if n := strings.Count(block, "data-status="); n != 1 {
			t.Errorf("question %s: %d data-status elements, want 1", q.ID, n)
		}
		if !strings.Contains(block, "<label for=\"answer-") {
			t.Errorf("question %s: its input has no label", q.ID)
		}
	}
	if !strings.Contains(page, `id="check"`) || !strings.Contains(page, `id="download"`) || !strings.Contains(page, `aria-live="polite"`) {
		t.Error("the page lacks the Check or Download button or a live region")
	}
	for _, outside := range []string{"<link", " src=", "href=", "@import", "url(", "fetch("} {
		if i := strings.Index(withoutBlob(page), outside); i >= 0 {
			t.Errorf("the page refers outside itself: …%s…", withoutBlob(page)[max(0, i-40):min(len(withoutBlob(page)), i+40)])
		}
	}
	if _, err := Page(nil, nil); err == nil {
		t.Error("Page(nil) gave a page")
	}
	t.Logf("page: %d bytes (wasm gzip %d bytes)", len(p.page), len(wasmGzip))
	if len(p.page) > 6<<20 {
		t.Errorf("the page is %d bytes; the aim is under 6 MB", len(p.page))
	}
}

// questionBlock is the <li> of one question.
func questionBlock(t *testing.T, page, id string) string {
	t.Helper()
	start := strings.Index(page, `data-question="`+id+`"`)
	if start < 0 {
		t.Fatalf("no element for question %s", id)
	}
	end := strings.Index(page[start:], "</li>")
	return page[start : start+end]
}

var blob = regexp.MustCompile(`wasmGzip: "[A-Za-z0-9+/=]+"`)

// withoutBlob is the page's text with the WebAssembly's base64 left out.
func withoutBlob(page string) string {
	return blob.ReplaceAllString(page, `wasmGzip: ""`)
}

// wasmBytes is the checker's WebAssembly as the page carries it, decompressed.
func wasmBytes(t *testing.T, page string) []byte {
	t.Helper()
	m := blob.FindString(page)
	if m == "" {
		t.Fatal("no WebAssembly in the page")
	}
	gz, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(strings.TrimPrefix(m, `wasmGzip: "`), `"`))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		t.Fatal("the page's blob is not WebAssembly")
	}
	return wasm
}

// TestPageSize writes the page for the README's number when asked:
// NNGRADE_PAGE_OUT=DIR go test -run PageSize ./web
func TestPageSize(t *testing.T) {
	dir := os.Getenv("NNGRADE_PAGE_OUT")
	if dir == "" {
		t.Skip("set NNGRADE_PAGE_OUT=DIR to write hw8's page there")
	}
	p := publishHW8(t)
	if err := os.WriteFile(filepath.Join(dir, "hw8.html"), p.page, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hw8.student.toml"), p.toml, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("hw8.html: %d bytes", len(p.page))
}

// TestPageEscapes: a question's text and the edition are data, never markup
// or script, whatever they hold.
func TestPageEscapes(t *testing.T) {
	p := publishHW8(t)
	ed := *p.edition
	ed.Questions = append([]grader.StudentQuestion{}, ed.Questions...)
	ed.Questions[0].Text = `<script>alert("text")</script> & <b>`
	ed.Title = `</title><script>alert("title")</script>`
	page, err := Page(&ed, append([]byte("# </script><script>alert('edition')</script>\n"), p.toml...))
	if err != nil {
		t.Fatal(err)
	}
	for _, injected := range []string{`<script>alert("text")`, `<script>alert("title")`, `<script>alert('edition')`, "<b>"} {
		if strings.Contains(string(page), injected) {
			t.Errorf("the page holds %s as markup", injected)
		}
	}
	if !strings.Contains(string(page), `&lt;script&gt;alert(&#34;text&#34;)&lt;/script&gt; &amp; &lt;b&gt;`) {
		t.Error("the question's text is not in the page, escaped")
	}
}
