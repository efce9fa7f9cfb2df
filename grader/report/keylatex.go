package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/nngrade/nngrade/grader"
)

// KeyLaTeX writes the answer key with worked solutions as a LaTeX document
// (`key --format latex`): what KeyMarkdown writes, with sections for the
// questions, display math for the worked steps and the text escaped. It
// compiles with pdflatex (amsmath, amssymb): the Greek letters and symbols that
// question texts use are written as math, other text as UTF-8.
func KeyLaTeX(w io.Writer, key *grader.Key, opts KeyOptions) error {
	if key == nil {
		return fmt.Errorf("report: KeyLaTeX: no key")
	}
	var out strings.Builder
	title := key.Set.Title
	if title == "" {
		title = key.Set.ID
	}
	out.WriteString("\\documentclass[11pt]{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n" +
		"\\usepackage{amsmath,amssymb}\n\\usepackage[margin=2.5cm]{geometry}\n\\allowdisplaybreaks\n\n")
	fmt.Fprintf(&out, "\\title{Answer key: %s}\n\\date{}\n\n\\begin{document}\n\\maketitle\n\n", latexText(title))
	if line := opts.studentLine(key); line != "" {
		fmt.Fprintf(&out, "%s.\n\n", latexText(line))
	}
	if opts.Points != nil {
		fmt.Fprintf(&out, "Total: %s.\n\n", pointsText(opts.totalPoints(key)))
	}
	for _, net := range key.Set.Networks {
		fmt.Fprintf(&out, "Network \\texttt{%s}: input $%s$%s", latexText(net.Name), inputTeX(net), symbolNote(net))
		var parts []string
		for _, l := range net.Layers {
			parts = append(parts, fmt.Sprintf("\\texttt{%s} (%s)", latexText(l.Name), latexText(l.Type)))
		}
		fmt.Fprintf(&out, ", then %s.\n\n", strings.Join(parts, " $\\to$ "))
	}
	for _, ka := range key.Answers {
		heading := latexText(ka.Question.ID)
		if opts.Points != nil {
			heading += " (" + pointsText(opts.Points[ka.Question.ID]) + ")"
		}
		fmt.Fprintf(&out, "\\section*{%s}\n\n", heading)
		if ka.Question.Text != "" {
			fmt.Fprintf(&out, "%s\n\n", markdownToLaTeX(strings.TrimSpace(ka.Question.Text), false))
		}
		if ka.Worked != "" {
			fmt.Fprintf(&out, "%s\n\n", markdownToLaTeX(ka.Worked, true))
		}
		fmt.Fprintf(&out, "\\textbf{Answer:} %s\n\n", markdownToLaTeX(ka.MarkdownAnswer(), true))
	}
	out.WriteString("\\end{document}\n")
	_, err := io.WriteString(w, out.String())
	return err
}

// markdownToLaTeX turns the Markdown the worked solutions are written in into
// LaTeX: $$…$$ becomes display math, $…$ stays inline math, `name` becomes
// \texttt, **bold** \textbf, and other text is escaped. math is false for a
// question's text, where a $ is a dollar sign and not math.
func markdownToLaTeX(s string, math bool) string {
	var b strings.Builder
	for len(s) > 0 {
		switch {
		case math && strings.HasPrefix(s, "$$"):
			if end := strings.Index(s[2:], "$$"); end >= 0 {
				b.WriteString("\\[" + s[2:2+end] + "\\]")
				s = s[2+end+2:]
				continue
			}
		case math && s[0] == '$':
			if end := strings.IndexByte(s[1:], '$'); end >= 0 {
				b.WriteString(s[:end+2])
				s = s[end+2:]
				continue
			}
		case s[0] == '`':
			if end := strings.IndexByte(s[1:], '`'); end >= 0 {
				b.WriteString("\\texttt{" + latexText(s[1:1+end]) + "}")
				s = s[end+2:]
				continue
			}
		case strings.HasPrefix(s, "**"):
			if end := strings.Index(s[2:], "**"); end >= 0 {
				b.WriteString("\\textbf{" + markdownToLaTeX(s[2:2+end], math) + "}")
				s = s[2+end+2:]
				continue
			}
		}
		// Plain text up to the next mark.
		next := strings.IndexAny(s[1:], "$`*")
		if next < 0 {
			next = len(s) - 1
		}
		b.WriteString(latexText(s[:next+1]))
		s = s[next+1:]
	}
	return b.String()
}

// latexText escapes text for LaTeX and writes the symbols question texts use
// (×, −, ε, ‖, …) as math, which pdflatex's UTF-8 input does not know.
var latexText = strings.NewReplacer(
	`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "$", `\$`, "&", `\&`, "%", `\%`, "#", `\#`,
	"_", `\_`, "^", `\^{}`, "~", `\~{}`, "<", `\textless{}`, ">", `\textgreater{}`,
	"×", `$\times$`, "·", `$\cdot$`, "−", `$-$`, "→", `$\to$`, "≈", `$\approx$`, "≤", `$\leq$`,
	"≥", `$\geq$`, "‖", `$\|$`, "²", `$^2$`, "³", `$^3$`, "ᵀ", `$^\top$`, "∈", `$\in$`, "∑", `$\sum$`,
	"α", `$\alpha$`, "β", `$\beta$`, "γ", `$\gamma$`, "δ", `$\delta$`, "ε", `$\varepsilon$`, "η", `$\eta$`,
	"θ", `$\theta$`, "λ", `$\lambda$`, "μ", `$\mu$`, "π", `$\pi$`, "σ", `$\sigma$`, "τ", `$\tau$`,
	"φ", `$\phi$`, "ω", `$\omega$`, "…", `\ldots{}`,
).Replace
