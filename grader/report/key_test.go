package report

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/problems"
)

// fixtureKey solves testdata/key_set.toml.
func fixtureKey(t *testing.T) *grader.Key {
	t.Helper()
	path := filepath.Join("testdata", "key_set.toml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	set, err := problems.Load(path, src)
	if err != nil {
		t.Fatal(err)
	}
	key, err := grader.Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

var keyCases = []struct {
	name   string // also the golden file: testdata/<name>.golden
	render func(io.Writer, *grader.Key) error
}{
	{"key_table", KeyTable},
	{"summary", Summary},
	{"key_json", KeyJSON},
	{"key_md", KeyMarkdown},
}

func TestKeyGolden(t *testing.T) {
	for _, tc := range keyCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf, fixtureKey(t)); err != nil {
				t.Fatalf("render: %v", err)
			}
			checkGolden(t, tc.name, buf.Bytes())
		})
	}
}

// TestKeyTablesIgnoreLocaleWidth is TestTablesIgnoreLocaleWidth for the key's
// tables, which once had their own table style without the setting.
func TestKeyTablesIgnoreLocaleWidth(t *testing.T) {
	for _, tc := range keyCases[:2] {
		sameUnderEastAsianWidth(t, tc.name, func(w io.Writer) error { return tc.render(w, fixtureKey(t)) })
	}
}

func TestKeyRenderersRefuseNil(t *testing.T) {
	for _, tc := range keyCases {
		var buf bytes.Buffer
		if err := tc.render(&buf, nil); err == nil {
			t.Errorf("%s: no error for a nil key", tc.name)
		}
		if buf.Len() > 0 {
			t.Errorf("%s: wrote %q for a nil key", tc.name, buf.Bytes())
		}
	}
}

// TestKeyMarkdownLaTeX renders testdata/key_latex_set.toml: the keys whose
// LaTeX the Markdown key once printed raw, and the layers it once worked out
// only as "weights = …, biases = …" (issue 12). The golden file holds the
// page; the raw forms the issue quotes must not come back.
func TestKeyMarkdownLaTeX(t *testing.T) {
	path := filepath.Join("testdata", "key_latex_set.toml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	set, err := problems.Load(path, src)
	if err != nil {
		t.Fatal(err)
	}
	key, err := grader.Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := KeyMarkdown(&buf, key); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "key_latex_md", buf.Bytes())
	for _, raw := range []string{`O(eps`, `$$log(`, `$$ceil(`, `$sizes`, `0 = \boxed{0}`, `\text{weights} =`} {
		if bytes.Contains(buf.Bytes(), []byte(raw)) {
			t.Errorf("the key prints %q raw", raw)
		}
	}
	for _, want := range []string{`\log\left(10\right) \approx \boxed{2.30258509299}`, `\left\lceil \frac{50000}{128}\right\rceil = \boxed{391}`,
		`O(\epsilon^{2})`, `input $n$ ($n$ and $h$ are names)`, `4\left(H(F + H) + 2H\right)`, `P = 4(E^2 + E)`, `P = 4C`} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("the key lacks %q", want)
		}
	}
}

// latexKey is testdata/key_latex_set.toml's key as KeyLaTeX writes it, with
// points on two questions.
func latexKey(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join("testdata", "key_latex_set.toml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	set, err := problems.Load(path, src)
	if err != nil {
		t.Fatal(err)
	}
	key, err := grader.Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := KeyLaTeX(&buf, key, KeyOptions{Points: map[string]float64{"1": 2, "8": 0.5}}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestKeyLaTeXGolden(t *testing.T) {
	checkGolden(t, "key_latex_tex", latexKey(t))
	if err := KeyLaTeX(io.Discard, nil, KeyOptions{}); err == nil {
		t.Errorf("KeyLaTeX: no error for a nil key")
	}
}

// TestKeyLaTeXCompiles runs pdflatex on the LaTeX key where pdflatex is
// installed: every worked solution's LaTeX must typeset.
func TestKeyLaTeXCompiles(t *testing.T) {
	pdflatex, err := exec.LookPath("pdflatex")
	if err != nil {
		t.Skip("pdflatex is not installed")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key.tex"), latexKey(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(pdflatex, "-interaction=nonstopmode", "-halt-on-error", "key.tex")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdflatex: %v\n%s", err, out)
	}
}

func TestMarkdownToLaTeX(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The input to `fc_1` has 10 features: $$\\boxed{(10, 2)}$$", `The input to \texttt{fc\_1} has 10 features: \[\boxed{(10, 2)}\]`},
		{"A scale γ for each channel: $C = 3$.", `A scale $\gamma$ for each channel: $C = 3$.`},
		{"**Answer:** 50% & more", `\textbf{Answer:} 50\% \& more`},
		{"an odd $ sign", `an odd \$ sign`},
	} {
		if got := markdownToLaTeX(tc.in, true); got != tc.want {
			t.Errorf("markdownToLaTeX(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := markdownToLaTeX("costs $5 and $6", false); got != `costs \$5 and \$6` {
		t.Errorf("a question's dollars: %q", got)
	}
}
