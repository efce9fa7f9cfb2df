package submissions_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nngrade/nngrade/submissions"
)

// FuzzExtract reads arbitrary text as a transcribed homework: it never
// panics, every answer comes from a line of the document and is no longer
// than an answer may be, and reading the same text twice finds the same.
func FuzzExtract(f *testing.F) {
	// Short seeds, one a style: a new input is minimised before fuzzing
	// goes on, and minimising a whole write-up takes the fuzzing time.
	for _, seed := range []string{
		"## Homework 8\nSaigam Srivatsavai\n### ① Problem Solutions\nSSR226.\n→ Input =  $64 \\times 64 \\times 3$\n## Max Pool Layer 2x2\n$$O = 30 \\times 30 \\times 32$$\nThere are no training parameters involved in MaxPool layer.\n## Convolutional Layer 2:\nTrainable Parameters =\n$$P_c = W_c + B_c = 18496$$\n~~40000~~\nTotal trainable parameters\n$$= 146,378$$\n(3) Problem\n$$\\frac{p-q}{p} = 1 - e^{-\\epsilon}$$\n$$\\epsilon + O(\\epsilon^2) = 1 - e^{-\\epsilon}$$\n",
		"\\author{Ada Lovelace (al123)}\n\\section*{Problem 1}\n\\subsection*{(b)}\n\\begin{align*}\nP &= W + 32 = \\boxed{2432}\n\\end{align*}\n\\sout{$\\boxed{4}$} % c\n",
		"Student ID: gh42\n## Problem 1\n**1j.**\n~~Answer: (10, 12544)~~\nAnswer: (12544, 10)\n**1i.** Answer: 146378 parameters\n",
		"Problem 1\npart a: 60 x 60 x 32\npart d:\n2) k(k+m) + k\n3.\npart b: ε + O(ε^2)\n",
		"## 1\n1(e) Output: $14 \\times 14 \\times 64$\n1(f)\n$$P = 3 \\times 3 \\times 32 \\times 64 + 64 = 18496$$\n$$P = 18432$$\n",
	} {
		f.Add(seed)
	}
	f.Add("~~1a) 60 x 60 x 32\n1a) ~~ 4\n")
	f.Add(`\begin{align*} P &= \boxed{\frac{1}{` + "\n(3) $$\\frac{p-q}{p} = $$")
	set, _ := hw8(f)
	f.Fuzz(func(t *testing.T, src string) {
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("extraction took over 10 s on %q", src)) // a hang: say on what
			}
		}()
		defer close(done)
		sub, err := submissions.LoadDocument(set, "x1.md", []byte(src), "")
		if err != nil {
			t.Fatalf("LoadDocument: %v", err)
		}
		// Lines end in LF, CRLF or CR alone, as the reader takes them.
		lines := strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\r") + 1
		for id, e := range sub.Extracted {
			if e.Line < 1 || e.Line > lines {
				t.Errorf("%s: line %d of %d", id, e.Line, lines)
			}
			if e.Located != submissions.Labelled && e.Located != submissions.Inferred {
				t.Errorf("%s: located %q", id, e.Located)
			}
			if len(e.Answer) > submissions.MaxAnswerSize || strings.TrimSpace(e.Answer) == "" {
				t.Errorf("%s: answer of %d bytes: %q", id, len(e.Answer), e.Answer)
			}
			if a, _ := sub.Answer(id); a != e.Answer {
				t.Errorf("%s: answer %q, extraction %q", id, a, e.Answer)
			}
		}
		again, _ := submissions.LoadDocument(set, "x1.md", []byte(src), "")
		if !reflect.DeepEqual(sub.Extracted, again.Extracted) {
			t.Errorf("two readings differ:\n%v\n%v", sub.Extracted, again.Extracted)
		}
	})
}
