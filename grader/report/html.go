package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/internal/plural"
)

// HTMLReport writes the instructor's report of a graded class as one
// self-contained HTML page: the score distribution (a histogram), per
// question its difficulty, discrimination, a bar of how the class answered
// and the most common wrong answers with the engine's diagnosis, an item map
// (difficulty against discrimination), the suggested rubric entries
// (suggested, TOML ready to paste; "" when there are none), the score table
// whose rows link to each student's section, and those sections with every
// answer and its feedback.
//
// The page needs nothing else: its style is inline, its charts are SVG
// written here, it has no script, and its Content-Security-Policy forbids
// scripts and every request, so neither a student's text nor a stray link can
// make it run code or reach the network. Student text (ids, names, answers,
// feedback that echoes them) is untrusted: it is escaped for HTML after
// cleanText shows its control and bidi characters, and ids become anchors
// through htmlAnchor, which keeps only letters, digits and '-'.
//
// It reads the class through Len and Render, twice (the score table, then
// the students' sections), and writes as it reads: a class of any size costs
// it a batch of students' memory a core and the rows it keeps of each
// distinct result (renderCache's bound), besides a sorted copy of a.Totals
// for the median.
func HTMLReport(w io.Writer, c *grader.ClassResult, a *grader.ClassAnalysis, suggested string) error {
	if c == nil {
		return fmt.Errorf("report: HTMLReport: no class result")
	}
	if a == nil {
		return fmt.Errorf("report: HTMLReport: no class analysis")
	}
	if err := checkFinite(c); err != nil {
		return err
	}
	scan, err := scanClass(c, nil)
	if err != nil {
		return err
	}
	out := bufio.NewWriterSize(w, 64<<10)
	p := &htmlPage{w: out, c: c, a: a, cols: scan.cols,
		scores: newScoreStrings(scoreDecimals), percents: newScoreStrings(1)}
	p.head()
	p.overview()
	p.distribution()
	p.questions()
	p.itemMap()
	p.suggestedRubric(suggested)
	if err := p.scoreTable(); err != nil {
		return err
	}
	if err := p.studentSections(); err != nil {
		return err
	}
	p.str("</main>\n</body>\n</html>\n")
	return out.Flush()
}

// htmlPage writes one report. Writes go to a bufio.Writer, whose first error
// sticks: the sections write freely and the error surfaces at Flush, or
// sooner where a pass through the class stops on it. The students' rows and
// sections are written by pages of their own, one a goroutine, each
// appending to the bytes grader's Render hands it (renderEach).
type htmlPage struct {
	w        htmlWriter
	c        *grader.ClassResult
	a        *grader.ClassAnalysis
	cols     []column
	scores   *scoreStrings // scores as they print, kept
	percents *scoreStrings // percentages, to one decimal
	// A student page (renderEach's) appends to out and keeps in rows what
	// it wrote of each distinct result: a class repeats a few hundred.
	out  *appendWriter
	rows *renderCache[[]byte]
}

// htmlWriter is what a page writes to: a bufio.Writer, or an appendWriter.
type htmlWriter interface {
	io.Writer
	io.StringWriter
	AvailableBuffer() []byte
}

// appendWriter appends what is written to b.
type appendWriter struct{ b []byte }

func (a *appendWriter) Write(p []byte) (int, error) {
	a.b = append(a.b, p...)
	return len(p), nil
}

func (a *appendWriter) WriteString(s string) (int, error) {
	a.b = append(a.b, s...)
	return len(s), nil
}

func (a *appendWriter) AvailableBuffer() []byte { return a.b[len(a.b):] }

// renderEach writes every student with write, in the class's order, through
// grader's Render: on every core at once for a large class kept compactly.
// Each goroutine writes with a page of its own (its own remembered score
// strings) that shares the class, the analysis and the columns.
func (p *htmlPage) renderEach(write func(*htmlPage, *grader.StudentResult)) error {
	return p.c.Render(p.w, func() grader.Renderer {
		out := &appendWriter{}
		own := &htmlPage{w: out, c: p.c, a: p.a, cols: p.cols,
			scores: newScoreStrings(scoreDecimals), percents: newScoreStrings(1),
			out: out, rows: &renderCache[[]byte]{budget: renderShare()}}
		return func(dst []byte, _ int, s *grader.StudentResult) ([]byte, error) {
			out.b = dst
			write(own, s)
			dst, out.b = out.b, nil
			return dst, nil
		}
	})
}

func (p *htmlPage) str(s string) { p.w.WriteString(s) }

// text writes untrusted text escaped for an HTML text node.
func (p *htmlPage) text(s string) { writeEscaped(p.w, cleanText(s), false) }

// attr writes untrusted text escaped for a double-quoted attribute.
func (p *htmlPage) attr(s string) { writeEscaped(p.w, cleanText(s), true) }

// anchor writes htmlAnchor(prefix, id).
func (p *htmlPage) anchor(prefix, id string) {
	p.w.Write(appendAnchor(p.w.AvailableBuffer(), prefix, id))
}

// percent writes formatPercent(score, max).
func (p *htmlPage) percent(score, max float64) {
	if max == 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		p.str("-")
		return
	}
	p.str(p.percents.format(100 * score / max))
	p.str("%")
}

func (p *htmlPage) printf(format string, args ...any) { fmt.Fprintf(p.w, format, args...) }

// htmlText is s with its control and invisible formatting characters shown
// as escapes (cleanText) and the characters that start markup in a text
// node (& and <, and > for symmetry) as entities. Quotes are left as they
// are, readable in the page's source: htmlAttr is for attributes.
func htmlText(s string) string {
	var b bytes.Buffer
	writeEscaped(&b, cleanText(s), false)
	return b.String()
}

// htmlAttr is htmlText for a double-quoted attribute's value: '"' too is
// an entity.
func htmlAttr(s string) string {
	var b bytes.Buffer
	writeEscaped(&b, cleanText(s), true)
	return b.String()
}

// writeEscaped writes s with &, < and > as entities, and '"' too in an
// attribute, copying the runs between them as they are.
func writeEscaped(w io.StringWriter, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var entity string
		switch s[i] {
		case '&':
			entity = "&amp;"
		case '<':
			entity = "&lt;"
		case '>':
			entity = "&gt;"
		case '"':
			if !attr {
				continue
			}
			entity = "&quot;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(entity)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// htmlAnchor makes an element id (and link fragment) of a student or question
// id: ASCII letters, digits and '-' stay, every other byte becomes '_' and
// two hex digits ('_' itself too), so two ids never share an anchor, and
// nothing in one can close the attribute or need escaping in a URL.
func htmlAnchor(prefix, id string) string { return string(appendAnchor(nil, prefix, id)) }

func appendAnchor(dst []byte, prefix, id string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, prefix...)
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '_', hexDigits[c>>4], hexDigits[c&15])
	}
	return dst
}

// studentAnchor is the id of a student's section.
func studentAnchor(id string) string { return htmlAnchor("student-", id) }

// questionAnchor is the id of a question's section.
func questionAnchor(id string) string { return htmlAnchor("question-", id) }

// svgNumber prints a chart coordinate: one decimal is finer than a pixel.
func svgNumber(x float64) string { return formatNumber(x, 1) }

// htmlStatuses are the statuses in the order bars and legends show them,
// and how StatusCounts counts each; a status's colour is htmlStyle's class
// s-<status>.
var htmlStatuses = []struct {
	status grader.Status
	count  func(grader.StatusCounts) int
}{
	{grader.Correct, func(s grader.StatusCounts) int { return s.Correct }},
	{grader.Partial, func(s grader.StatusCounts) int { return s.Partial }},
	{grader.Incorrect, func(s grader.StatusCounts) int { return s.Incorrect }},
	{grader.Invalid, func(s grader.StatusCounts) int { return s.Invalid }},
	{grader.Missing, func(s grader.StatusCounts) int { return s.Missing }},
	{grader.Review, func(s grader.StatusCounts) int { return s.Review }},
}

// scoreCellTags are the opening tags of the score table's cells, by status
// in htmlStatuses' order: a large class has millions of cells.
var scoreCellTags = func() []string {
	tags := make([]string, len(htmlStatuses))
	for i, s := range htmlStatuses {
		tags[i] = scoreCellTagOf(s.status)
	}
	return tags
}()

// scoreCellTag is the opening tag of a score table's cell of status s.
func scoreCellTag(s grader.Status) string {
	for i := range htmlStatuses {
		if htmlStatuses[i].status == s {
			return scoreCellTags[i]
		}
	}
	return scoreCellTagOf(s)
}

func scoreCellTagOf(s grader.Status) string {
	return "<td class=\"num status-" + htmlAttr(string(s)) + "\" title=\"" + htmlAttr(string(s)) + "\">"
}

// htmlStyle is the page's whole style sheet. Colours come in a light and a
// dark scheme; a status's colour is the same in bars, legends and cells.
const htmlStyle = `:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --line: #d0d7de; --bg-alt: #f6f8fa;
  --correct: #2da44e; --partial: #d4a72c; --incorrect: #cf222e; --invalid: #8250df; --missing: #afb8c1; --review: #0969da; --bar: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --bg-alt: #151b23; --missing: #656c76; --bar: #4493f8; } }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: var(--fg); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
a { color: var(--bar); }
.muted, .note, caption { color: var(--muted); }
caption { text-align: left; caption-side: bottom; padding-top: .25rem; }
.stats { display: flex; flex-wrap: wrap; gap: .5rem 2rem; padding: 0; list-style: none; }
.stats b { font-size: 1.2rem; display: block; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.code { min-width: 12ch; max-width: 40ch; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
code { white-space: pre-wrap; overflow-wrap: anywhere; }
pre { margin: 0; white-space: pre-wrap; }
pre.rubric { white-space: pre; overflow-x: auto; background: var(--bg-alt); border: 1px solid var(--line); padding: .75rem; user-select: all; }
svg { display: block; max-width: 100%; height: auto; }
svg text { fill: var(--fg); font: 11px system-ui, sans-serif; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .bar { fill: var(--bar); }
svg .point { fill: var(--bar); }
.s-correct { fill: var(--correct); background: var(--correct); }
.s-partial { fill: var(--partial); background: var(--partial); }
.s-incorrect { fill: var(--incorrect); background: var(--incorrect); }
.s-invalid { fill: var(--invalid); background: var(--invalid); }
.s-missing { fill: var(--missing); background: var(--missing); }
.s-review { fill: var(--review); background: var(--review); }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: .25rem 0; list-style: none; color: var(--muted); }
.legend i { display: inline-block; width: .8em; height: .8em; border-radius: .15em; margin-right: .35em; vertical-align: -.05em; }
td.status-correct { color: var(--correct); }
td.status-partial { color: var(--partial); }
td.status-incorrect, td.status-invalid { color: var(--incorrect); }
td.status-missing { color: var(--muted); }
td.status-review { color: var(--review); }
.warn { color: var(--incorrect); }
section.student { scroll-margin-top: 1rem; }
section.student:target h3 { background: var(--bg-alt); outline: 2px solid var(--bar); }
`

// head writes everything up to the overview: the document's head, with the
// style sheet and the policy, and the page's title and navigation.
func (p *htmlPage) head() {
	title := p.c.Title
	if title == "" {
		title = p.c.ProblemSet
	}
	p.str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	p.str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	// No script may run and nothing may load: the page is all there is.
	p.str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
	p.str("<meta name=\"generator\" content=\"nngrade\">\n<title>")
	p.text(title)
	p.str(": class report</title>\n<style>\n")
	p.str(htmlStyle)
	p.str("</style>\n</head>\n<body>\n<main>\n<h1>")
	p.text(title)
	p.str(": class report</h1>\n")
	p.str("<nav><a href=\"#distribution\">Score distribution</a> <a href=\"#questions\">Questions</a> " +
		"<a href=\"#item-map\">Item map</a> <a href=\"#suggested-rubric\">Suggested rubric</a> " +
		"<a href=\"#scores\">Scores</a> <a href=\"#students\">Students</a></nav>\n")
}

// overview writes the class's numbers in a line: students, mean, median,
// spread and the maximum.
func (p *htmlPage) overview() {
	a := p.a
	p.str("<ul class=\"stats\">\n")
	p.printf("<li><b>%d</b> %s graded</li>\n", a.Students, plural.Word(a.Students, "student", "students"))
	if others := p.c.Len() - a.Students; others > 0 {
		p.printf("<li><b>%d</b> without a submission read</li>\n", others)
	}
	if len(a.Totals) > 0 {
		mean, sd := meanSD(a.Totals)
		p.printf("<li><b>%s</b> mean (%s)</li>\n", formatNumber(mean, 2), formatPercent(mean, a.MaxScore))
		med := median(a.Totals)
		p.printf("<li><b>%s</b> median (%s)</li>\n", formatNumber(med, 2), formatPercent(med, a.MaxScore))
		p.printf("<li><b>%s</b> standard deviation</li>\n", formatNumber(sd, 2))
	}
	p.printf("<li><b>%s</b> %s in all</li>\n", formatScore(a.MaxScore), pointsWord(a.MaxScore))
	p.printf("<li><b>%d</b> %s</li>\n", len(a.Items), plural.Word(len(a.Items), "question", "questions"))
	p.str("</ul>\n<p class=\"muted\">Problem set <code>")
	p.text(p.c.ProblemSet)
	p.str("</code>.")
	if others := p.c.Len() - a.Students; others > 0 {
		p.str(" Students whose submission was missing or could not be read count as missing answers in the bars below, not in the numbers.")
	}
	p.str("</p>\n")
}

// meanSD is the mean and the population standard deviation of xs.
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)))
}

// median of xs, which it does not change.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// histogramBins is how many bars the score distribution has: ten-percent
// bands, as grades are read.
const histogramBins = 10

// histogram counts totals in histogramBins bands of max/histogramBins each,
// the last band closed (a full score is in it); a total outside [0, max]
// counts in the nearest band.
func histogram(totals []float64, maxScore float64) []int {
	bins := make([]int, histogramBins)
	for _, t := range totals {
		i := 0
		if maxScore > 0 {
			i = int(math.Floor(t / maxScore * histogramBins))
		}
		bins[min(max(i, 0), histogramBins-1)]++
	}
	return bins
}

// Sizes of the charts, in SVG user units (pixels at 100%).
const (
	chartWidth   = 640
	chartHeight  = 240
	chartLeft    = 44 // room for the y axis's labels
	chartBottom  = 36 // room for the x axis's labels and its title
	chartTop     = 12
	chartRight   = 24 // room for the last x label, "100%"
	statusBarW   = 240
	statusBarH   = 14
	itemMapSize  = 420
	itemMapInset = 44
)

// distribution writes the histogram of the students' totals.
func (p *htmlPage) distribution() {
	a := p.a
	p.str("<section id=\"distribution\">\n<h2>Score distribution</h2>\n")
	if len(a.Totals) == 0 {
		p.str("<p>No student was graded.</p>\n</section>\n")
		return
	}
	bins := histogram(a.Totals, a.MaxScore)
	top := slices.Max(bins)
	plotW := float64(chartWidth - chartLeft - chartRight)
	plotH := float64(chartHeight - chartTop - chartBottom)
	baseY := float64(chartTop) + plotH
	p.printf("<svg id=\"histogram\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"histogram-title\">\n",
		chartWidth, chartHeight, chartWidth, chartHeight)
	p.printf("<title id=\"histogram-title\">Students by total score, in bands of %d%% of %s</title>\n", 100/histogramBins, pointsText(a.MaxScore))
	for _, tick := range countTicks(top) {
		y := baseY - float64(tick)/float64(top)*plotH
		p.printf("<line class=\"grid\" x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\"/>", chartLeft, svgNumber(y), chartWidth-chartRight, svgNumber(y))
		p.printf("<text x=\"%d\" y=\"%s\" text-anchor=\"end\" dominant-baseline=\"middle\">%d</text>\n", chartLeft-6, svgNumber(y), tick)
	}
	barW := plotW / histogramBins
	for i, n := range bins {
		lo, hi := a.MaxScore*float64(i)/histogramBins, a.MaxScore*float64(i+1)/histogramBins
		h := float64(n) / float64(top) * plotH
		x := float64(chartLeft) + float64(i)*barW
		closing := ")"
		if i == histogramBins-1 {
			closing = "]"
		}
		p.printf("<rect class=\"bar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>%d%%–%d%% [%s, %s%s points: %s</title></rect>\n",
			svgNumber(x+1), svgNumber(baseY-h), svgNumber(barW-2), svgNumber(h),
			i*100/histogramBins, (i+1)*100/histogramBins, formatNumber(lo, 2), formatNumber(hi, 2), closing, studentsCount(n))
		if n > 0 {
			p.printf("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%d</text>\n", svgNumber(x+barW/2), svgNumber(baseY-h-4), n)
		}
	}
	p.printf("<line class=\"axis\" x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\"/>\n", chartLeft, svgNumber(baseY), chartWidth-chartRight, svgNumber(baseY))
	for i := 0; i <= histogramBins; i++ {
		x := float64(chartLeft) + float64(i)*barW
		p.printf("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%d%%</text>", svgNumber(x), svgNumber(baseY+14), i*100/histogramBins)
	}
	p.printf("\n<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">total score (%% of %s)</text>\n",
		svgNumber(float64(chartLeft)+plotW/2), chartHeight-4, pointsText(a.MaxScore))
	p.str("</svg>\n</section>\n")
}

// studentsCount is "1 student" or "n students".
func studentsCount(n int) string { return plural.Count(n, "student", "students") }

// pointsWord is "point" for 1 point, else "points" (pointsText, key.go's,
// says the number too).
func pointsWord(x float64) string {
	if roundScore(x) == 1 {
		return "point"
	}
	return "points"
}

// countTicks are the y axis's labels for counts up to top (at least 1): 0,
// multiples of the smallest round step (1, 2 or 5 times a power of ten)
// that makes at most five of them, and top; a multiple within 8% of the
// chart's height of top is left out, so their labels do not overlap.
func countTicks(top int) []int {
	step := 1
search:
	for mult := 1; ; mult *= 10 {
		for _, s := range []int{1, 2, 5} {
			if top/(s*mult) <= 5 {
				step = s * mult
				break search
			}
		}
	}
	var ticks []int
	for t := 0; t < top; t += step {
		ticks = append(ticks, t)
	}
	if last := ticks[len(ticks)-1]; last > 0 && float64(top-last) < 0.08*float64(top) {
		ticks = ticks[:len(ticks)-1]
	}
	return append(ticks, top)
}

// questions writes the table of questions (difficulty, discrimination, a bar
// of how the class answered) and a section per question with its most
// common wrong answers.
func (p *htmlPage) questions() {
	p.str("<section id=\"questions\">\n<h2>Questions</h2>\n")
	if len(p.a.Items) == 0 {
		p.str("<p>The problem set has no questions.</p>\n</section>\n")
		return
	}
	p.statusLegend()
	p.str("<div class=\"scroll\"><table id=\"items\">\n<thead><tr><th>Question</th><th class=\"num\">Points</th><th class=\"num\">Mean</th>" +
		"<th class=\"num\">Difficulty</th><th class=\"num\">Discrimination</th><th>Answers</th></tr></thead>\n<tbody>\n")
	for i := range p.a.Items {
		it := &p.a.Items[i]
		p.str("<tr><td><a href=\"#")
		p.anchor("question-", it.QuestionID)
		p.str("\">")
		p.text(it.QuestionID)
		p.str("</a></td>")
		p.printf("<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>",
			formatScore(it.MaxScore), ratioText(it.Difficulty*it.MaxScore), ratioText(it.Difficulty))
		p.discriminationCell(it.Discrimination)
		p.str("<td>")
		p.statusBar(it)
		p.str("</td></tr>\n")
	}
	p.str("</tbody>\n<caption>Difficulty is the mean score over the points (1: everyone right). Discrimination is the correlation of the " +
		"question's score with the rest of the total: below 0.2 the question tells stronger and weaker students apart poorly; " +
		"below 0, check its key.</caption>\n</table></div>\n")
	for i := range p.a.Items {
		p.question(&p.a.Items[i], p.questionText(p.a.Items[i].QuestionID))
	}
	p.str("</section>\n")
}

// questionText is the text of question id, "" when the class does not say.
func (p *htmlPage) questionText(id string) string {
	for _, q := range p.c.Questions {
		if q.ID == id {
			return q.Text
		}
	}
	return ""
}

// ratioText prints a difficulty, a discrimination or a mean with two
// decimals, and "—" when it is undefined (NaN: a question worth no points,
// or a class with no student graded).
func ratioText(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "—"
	}
	return formatNumber(x, 2)
}

// discriminationCell writes a discrimination as a table cell: "—" when it is
// undefined, marked when it is low.
func (p *htmlPage) discriminationCell(d float64) {
	switch {
	case math.IsNaN(d) || math.IsInf(d, 0):
		p.str("<td class=\"num muted\" title=\"undefined: the question's score or the rest of the total is the same for everyone\">—</td>")
	case d < 0.2:
		p.printf("<td class=\"num warn\" title=\"low: below 0.2\">%s</td>", formatNumber(d, 2))
	default:
		p.printf("<td class=\"num\">%s</td>", formatNumber(d, 2))
	}
}

// statusLegend writes the colours of the statuses.
func (p *htmlPage) statusLegend() {
	p.str("<ul class=\"legend\">")
	for _, s := range htmlStatuses {
		p.printf("<li><i class=\"s-%s\"></i>%s</li>", s.status, s.status)
	}
	p.str("</ul>\n")
}

// statusBar writes a question's answers by status as one stacked bar, each
// part as wide as its share, with its count on hover.
func (p *htmlPage) statusBar(it *grader.ItemAnalysis) {
	total := 0
	for _, s := range htmlStatuses {
		total += s.count(it.Counts)
	}
	p.printf("<svg class=\"status-bar\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
		statusBarW, statusBarH, statusBarW, statusBarH, htmlAttr(countsText(it.Counts)))
	if total == 0 {
		p.printf("<rect class=\"s-missing\" width=\"%d\" height=\"%d\"/></svg>", statusBarW, statusBarH)
		return
	}
	x := 0.0
	for _, s := range htmlStatuses {
		n := s.count(it.Counts)
		if n == 0 {
			continue
		}
		w := float64(n) / float64(total) * statusBarW
		p.printf("<rect class=\"s-%s\" x=\"%s\" width=\"%s\" height=\"%d\"><title>%s: %d</title></rect>",
			s.status, svgNumber(x), svgNumber(w), statusBarH, s.status, n)
		x += w
	}
	p.str("</svg>")
}

// countsText says a question's counts in words, the statuses with none left
// out: "2 correct, 1 partial".
func countsText(c grader.StatusCounts) string {
	var parts []string
	for _, s := range htmlStatuses {
		if n := s.count(c); n > 0 {
			parts = append(parts, strconv.Itoa(n)+" "+string(s.status))
		}
	}
	if len(parts) == 0 {
		return "no answers"
	}
	return strings.Join(parts, ", ")
}

// question writes one question's section: its text, counts and most common
// wrong answers, each with the students who gave it.
func (p *htmlPage) question(it *grader.ItemAnalysis, text string) {
	p.str("<section class=\"question\" id=\"")
	p.anchor("question-", it.QuestionID)
	p.str("\">\n<h3>Question ")
	p.text(it.QuestionID)
	p.str("</h3>\n")
	if text != "" {
		p.str("<p>")
		p.text(text)
		p.str("</p>\n")
	}
	p.printf("<p class=\"muted\">%s. Mean %s of %s.</p>\n", htmlText(countsText(it.Counts)),
		ratioText(it.Difficulty*it.MaxScore), pointsText(it.MaxScore))
	if it.Copies > 0 {
		p.printf("<p class=\"copies\"><b>%s another variant's answer</b> (the key for other values: copied from a classmate?): ",
			htmlText(plural.Count(it.Copies, "wrong answer is", "wrong answers are")))
		p.studentLinks(it.CopiedBy, it.Copies)
		p.str("</p>\n")
	}
	if len(it.WrongAnswers) == 0 {
		if it.Ungrouped > 0 {
			p.printf("<p>%s, not grouped: %s.</p>\n</section>\n",
				plural.Count(it.Ungrouped, "wrong answer", "wrong answers"), ungroupedWhy)
			return
		}
		p.str("<p>No wrong answers.</p>\n</section>\n")
		return
	}
	p.str("<div class=\"scroll\"><table class=\"wrong-answers\">\n<thead><tr><th>Wrong answer</th><th class=\"num\">Students</th>" +
		"<th>Status</th><th class=\"num\">Score</th><th>Diagnosis</th><th>Rubric</th></tr></thead>\n<tbody>\n")
	for i := range it.WrongAnswers {
		wa := &it.WrongAnswers[i]
		p.str("<tr><td class=\"code\"><code>")
		p.text(wa.Answer)
		p.str("</code>")
		if wa.Written != "" && wa.Written != wa.Answer {
			p.str("<br><span class=\"muted\">written <code>")
			p.text(wa.Written)
			p.str("</code></span>")
		}
		p.printf("</td><td class=\"num\">%d</td><td class=\"status-%s\">%s</td><td class=\"num\">%s</td><td>",
			wa.Count, htmlAttr(string(wa.Status)), htmlText(string(wa.Status)), formatScore(wa.Score))
		p.feedback(wa.Diagnosis)
		if wa.Covered {
			p.str("</td><td>a known mistake</td></tr>\n")
		} else {
			p.str("</td><td class=\"muted\">not covered</td></tr>\n")
		}
		p.str("<tr class=\"who\"><td colspan=\"6\" class=\"muted\">")
		p.studentLinks(wa.Students, wa.Count)
		if wa.CarriedForward > 0 {
			p.printf(" (%s credited by carry-forward from earlier answers)",
				plural.Count(wa.CarriedForward, "student", "students"))
		}
		if wa.CorrectByCarry > 0 {
			p.printf("; %d more %s wrote it and %s right given their earlier answers", wa.CorrectByCarry,
				plural.Word(wa.CorrectByCarry, "student", "students"), plural.Word(wa.CorrectByCarry, "was", "were"))
		}
		p.str("</td></tr>\n")
	}
	p.str("</tbody>\n</table></div>\n")
	if it.Ungrouped > 0 {
		p.printf("<p class=\"note\">Not listed: %s not grouped, %s.</p>\n",
			plural.Count(it.Ungrouped, "wrong answer", "wrong answers"), ungroupedWhy)
	}
	p.str("</section>\n")
}

// ungroupedWhy says why the analysis left wrong answers out of its groups
// (ItemAnalysis.Ungrouped).
const ungroupedWhy = "each too long, or first written after the question had a thousand different wrong answers"

// studentLinks lists students, each linked to their section, and how many
// more gave the answer than are listed.
func (p *htmlPage) studentLinks(students []string, count int) {
	for i, s := range students {
		if i > 0 {
			p.str(", ")
		}
		p.str("<a href=\"#")
		p.anchor("student-", s)
		p.str("\">")
		p.text(s)
		p.str("</a>")
	}
	if more := count - len(students); more > 0 {
		if len(students) > 0 {
			p.str(" ")
		}
		p.printf("and %d more", more)
	}
}

// feedback writes feedback or a diagnosis: a paragraph of text, or a <pre>
// when it spans lines (an answer echoed with a caret under it keeps its
// columns).
func (p *htmlPage) feedback(s string) {
	s = strings.Trim(cleanText(s), "\n")
	if strings.TrimSpace(s) == "" {
		return
	}
	if strings.Contains(s, "\n") {
		p.str("<pre>")
		for rest, more := s, true; more; {
			var line string
			line, rest, more = strings.Cut(rest, "\n")
			writeEscaped(p.w, strings.TrimRight(line, " "), false) // as trimLineEnds
			if more {
				p.str("\n")
			}
		}
		p.str("</pre>")
		return
	}
	writeEscaped(p.w, strings.TrimSpace(s), false)
}

// itemMap writes the questions as points of difficulty (x) against
// discrimination (y): the questions worth a second look are at the bottom
// (they do not tell the class apart) and at the far left (almost nobody got
// them).
func (p *htmlPage) itemMap() {
	p.str("<section id=\"item-map\">\n<h2>Item map</h2>\n")
	var shown, undefined []string
	for _, it := range p.a.Items {
		if onItemMap(&it) {
			shown = append(shown, it.QuestionID)
		} else {
			undefined = append(undefined, it.QuestionID)
		}
	}
	if len(shown) == 0 {
		p.str("<p>No question has a discrimination: it needs students whose scores differ.</p>\n</section>\n")
		return
	}
	size, inset := float64(itemMapSize), float64(itemMapInset)
	plot := size - inset - 12
	x := func(d float64) float64 { return inset + min(max(d, 0), 1)*plot }
	y := func(r float64) float64 { return 12 + (1-min(max(r, -1), 1))/2*plot }
	p.printf("<svg id=\"item-map-chart\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"item-map-title\">\n",
		itemMapSize, itemMapSize, itemMapSize, itemMapSize)
	p.str("<title id=\"item-map-title\">Questions by difficulty (across) and discrimination (up)</title>\n")
	for _, d := range []float64{0, 0.25, 0.5, 0.75, 1} {
		p.printf("<line class=\"grid\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>", svgNumber(x(d)), svgNumber(y(1)), svgNumber(x(d)), svgNumber(y(-1)))
		p.printf("<text x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", svgNumber(x(d)), svgNumber(y(-1)+14), formatNumber(d, 2))
	}
	for _, r := range []float64{-1, -0.5, 0, 0.2, 0.5, 1} {
		class := "grid"
		if r == 0 {
			class = "axis"
		}
		p.printf("<line class=\"%s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>", class, svgNumber(x(0)), svgNumber(y(r)), svgNumber(x(1)), svgNumber(y(r)))
		p.printf("<text x=\"%s\" y=\"%s\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>\n", svgNumber(x(0)-6), svgNumber(y(r)), formatNumber(r, 2))
	}
	p.printf("<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">difficulty (mean score / points)</text>\n", svgNumber(inset+plot/2), itemMapSize-4)
	p.printf("<text transform=\"translate(12 %s) rotate(-90)\" text-anchor=\"middle\">discrimination</text>\n", svgNumber(12+plot/2))
	for _, it := range p.a.Items {
		if !onItemMap(&it) {
			continue
		}
		cx, cy := x(it.Difficulty), y(it.Discrimination)
		p.str("<a href=\"#")
		p.anchor("question-", it.QuestionID)
		p.printf("\"><circle class=\"point\" cx=\"%s\" cy=\"%s\" r=\"4\"><title>", svgNumber(cx), svgNumber(cy))
		p.text(it.QuestionID)
		p.printf(": difficulty %s, discrimination %s</title></circle><text x=\"%s\" y=\"%s\">",
			formatNumber(it.Difficulty, 2), formatNumber(it.Discrimination, 2), svgNumber(cx+6), svgNumber(cy-4))
		p.text(it.QuestionID)
		p.str("</text></a>\n")
	}
	p.str("</svg>\n")
	if len(undefined) > 0 {
		p.str("<p class=\"note\">Not shown, with no discrimination (everyone scored the same on it, or on the rest) or no difficulty: ")
		p.text(strings.Join(undefined, ", "))
		p.str(".</p>\n")
	}
	p.str("</section>\n")
}

// onItemMap reports whether a question has a place on the item map: a
// difficulty and a discrimination.
func onItemMap(it *grader.ItemAnalysis) bool {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	return finite(it.Difficulty) && finite(it.Discrimination)
}

// suggestedRubric writes the suggested rubric entries, selected whole by a
// click (user-select: all), to paste into the rubric.
func (p *htmlPage) suggestedRubric(suggested string) {
	p.str("<section id=\"suggested-rubric\">\n<h2>Suggested rubric</h2>\n")
	if strings.TrimSpace(suggested) == "" {
		p.str("<p>None: no wrong answer that the rubric does not cover yet was written often enough to suggest.</p>\n</section>\n")
		return
	}
	p.str("<p>Frequent wrong answers the rubric does not cover yet, as rubric entries: click the block to select it all, copy it " +
		"into the rubric's TOML, and set each one's credit and feedback.</p>\n<pre class=\"rubric\">")
	p.str(htmlText(suggested))
	p.str("</pre>\n</section>\n")
}

// scoreTable writes one row per student: the name linked to the student's
// section, the total, the percentage and the score on each question, its
// cell coloured by status.
func (p *htmlPage) scoreTable() error {
	p.str("<section id=\"scores\">\n<h2>Scores</h2>\n")
	if p.c.Len() == 0 {
		p.str("<p>No students were graded.</p>\n</section>\n")
		return nil
	}
	p.str("<div class=\"scroll\"><table id=\"score-table\">\n<thead><tr><th>Student</th><th>Name</th><th class=\"num\">Total</th><th class=\"num\">%</th>")
	for _, col := range p.cols {
		p.str("<th class=\"num\"><a href=\"#")
		p.anchor("question-", col.ID)
		p.str("\">")
		p.text(col.ID)
		p.str("</a></th>")
	}
	p.str("</tr></thead>\n<tbody>\n")
	if err := p.renderEach((*htmlPage).scoreRow); err != nil {
		return err
	}
	p.str("</tbody>\n</table></div>\n</section>\n")
	return nil
}

// scoreRow writes a student's row of the score table.
func (p *htmlPage) scoreRow(s *grader.StudentResult) {
	p.str("<tr><td><a href=\"#")
	p.anchor("student-", s.Student)
	p.str("\">")
	p.text(s.Student)
	p.str("</a>")
	if mark := submissionMark(s); mark != "" {
		p.str("<span class=\"muted\">")
		p.text(mark)
		p.str("</span>")
	}
	p.str("</td><td>")
	p.text(s.Name)
	p.str("</td><td class=\"num\">")
	p.str(p.scores.format(s.Score))
	p.str("</td><td class=\"num\">")
	p.percent(s.Score, s.MaxScore)
	p.str("</td>")
	for i, col := range p.cols {
		q, ok := findQuestionNear(s, col.ID, i)
		if !ok {
			p.str("<td class=\"num muted\"></td>")
			continue
		}
		p.str(scoreCellTag(q.Status))
		if q.Status == grader.Missing {
			p.str("–")
		} else {
			p.str(p.scores.format(q.Score))
		}
		p.str("</td>")
	}
	p.str("</tr>\n")
}

// studentSections writes a section per student: the total, where the
// submission came from, and every question with the answer as written and
// as read, the key when the rubric shows it, the score and the feedback.
func (p *htmlPage) studentSections() error {
	p.str("<section id=\"students\">\n<h2>Students</h2>\n")
	if err := p.renderEach((*htmlPage).studentSection); err != nil {
		return err
	}
	p.str("</section>\n")
	return nil
}

// studentSection writes a student's section.
func (p *htmlPage) studentSection(s *grader.StudentResult) {
	p.str("<section class=\"student\" id=\"")
	p.anchor("student-", s.Student)
	p.str("\">\n<h3>")
	if s.Name != "" && s.Name != s.Student { // studentLabel
		p.text(s.Name)
		p.str(" (")
		p.text(s.Student)
		p.str(")")
	} else {
		p.text(s.Student)
	}
	p.str("</h3>\n<p><b>")
	p.str(p.scores.format(s.Score))
	p.str(" / ")
	p.str(p.scores.format(s.MaxScore))
	p.str("</b> (")
	p.percent(s.Score, s.MaxScore)
	p.str(")")
	if s.Source != "" {
		p.str(", graded from <code>")
		p.text(s.Source)
		p.str("</code>")
	}
	if len(s.Params) > 0 {
		p.str(", with values ")
		p.text(s.Params.String())
	}
	p.str(".")
	if note := submissionNote(s); note != "" {
		p.str(" <b>")
		p.text(note)
		p.str(".</b>")
	}
	p.str(" <a href=\"#scores\">Back to the scores</a></p>\n")
	if len(s.Questions) > 0 {
		p.str("<div class=\"scroll\"><table>\n<thead><tr><th>Question</th><th>Answer</th><th>Read as</th><th>Expected</th>" +
			"<th class=\"num\">Score</th><th>Status</th><th>Feedback</th></tr></thead>\n<tbody>\n")
		for i := range s.Questions {
			p.studentQuestion(s, i)
		}
		p.str("</tbody>\n</table></div>\n")
	}
	p.str("</section>\n")
}

// studentQuestion writes one row of a student's section, as it wrote it
// before when it has.
func (p *htmlPage) studentQuestion(s *grader.StudentResult, i int) {
	if p.rows == nil {
		p.questionRow(&s.Questions[i])
		return
	}
	if b, ok := p.rows.get(s, i); ok {
		p.w.Write(b)
		return
	}
	start := len(p.out.b)
	p.questionRow(&s.Questions[i])
	b := p.out.b[start:]
	p.rows.put(s, i, len(b), func() []byte { return append([]byte(nil), b...) })
}

// questionRow writes one row of a student's section.
func (p *htmlPage) questionRow(q *grader.QuestionResult) {
	p.str("<tr><td><a href=\"#")
	p.anchor("question-", q.ID)
	p.str("\">")
	p.text(q.ID)
	p.str("</a></td><td class=\"code\">")
	if q.Answer != "" {
		p.str("<code>")
		p.text(q.Answer)
		p.str("</code>")
	}
	p.str("</td><td class=\"code\">")
	if q.ReadAs != "" && q.ReadAs != q.Answer {
		p.str("<code>")
		p.text(q.ReadAs)
		p.str("</code>")
	}
	p.str("</td><td class=\"code\">")
	if q.Expected != "" {
		p.str("<code>")
		p.text(q.Expected)
		p.str("</code>")
	}
	p.str("</td><td class=\"num\">")
	p.str(p.scores.format(q.Score))
	p.str(" / ")
	p.str(p.scores.format(q.MaxScore))
	p.str("</td><td class=\"status-")
	p.attr(string(q.Status))
	p.str("\">")
	p.text(string(q.Status))
	p.str("</td><td>")
	p.feedback(q.Feedback)
	if note := q.CopyNote(nil); note != "" { // the instructor's report: SelfCheck finds no copies
		p.str(" <b>")
		p.text(note)
		p.str("</b>")
	}
	if len(q.CarriedForward) > 0 {
		p.str(" <span class=\"muted\">Credited from the answers to ")
		p.text(strings.Join(q.CarriedForward, ", "))
		p.str(".</span>")
	}
	p.str("</td></tr>\n")
}
