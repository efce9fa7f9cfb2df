package submissions

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/problems"
)

// Extraction finds each question's final answer in a write-up by its
// structure, never by looking for the key's value: an intermediate line that
// happens to equal the key is no answer. In order of trust:
//
//   - a label the student wrote (1a, 1(a), (a) under Problem 1, part a, Q1a,
//     **1a.**) ties the lines after it to a question; among them an
//     "Answer:" marker, else a \boxed{}, else the value on the label's line,
//     else the last `= value` of the derivation is the answer;
//   - without labels (a narrative write-up like the seed), the set's own
//     structure: a problem heading ties its lines to the problem's one
//     question; a heading or sentence naming a layer ("Convolutional Layer
//     2", "Max Pool Layer", "first convolution") ties the results after it to
//     that layer, and what they are of ("Output", "Trainable Parameters",
//     O = …, P_c = …) to the question asking it; an equation whose left side
//     is an identity question's left side answers that question.
//
// Struck-through text (~~…~~, <del>, \sout{}) is never read. Every step is
// linear in the document, and lines longer than an answer may be are not
// read as answers.

// maxLineRead bounds a line read as an answer or a label: an answer is at
// most MaxAnswerSize bytes, and so no line longer than that holds one.
const maxLineRead = MaxAnswerSize

// document is a parsed write-up: its lines, the candidates for answers
// found in them, and the student named at the top.
type document struct {
	lines         []docLine
	cands         []candidate
	student, name string
	noProblems    bool // no problem heading was found: sections are the whole document
	found         map[string]Extraction
}

// docLine is one line of a write-up with the struck-through text, comments
// and display-math delimiters taken off.
type docLine struct {
	n       int
	text    string
	math    bool // a line of display math ($$…$$, \[…\], an equation environment)
	heading bool
}

// candidate is a line's possible answer.
type candidate struct {
	line  int
	chain string // the value with any prose label before it taken off: "P_c = 32 + 2400 = 2432"
	final string // the last `= value`: "2432"
	sides []string
	// canonSides are the first and last sides as canonMath writes them,
	// worked out once (see byLeftSide).
	canonSides *[2]string
	marked     string // answer marker, boxed, label line, final value, sentence
	question   string // the question a label ties it to, or ""
	problem    string // the problem section it is in
	layer      string // the layer its section names; netLevel for the whole network
	topic      string // what it is a value of: output, params, weights, ...
	given      bool   // a given value or a layer's description, not a result
}

const netLevel = "#network"

// The values of Extraction.Marked.
const (
	markMarker   = "answer marker"
	markBoxed    = "boxed"
	markLabel    = "label line"
	markFinal    = "final value"
	markSentence = "sentence"
)

// parseDocument reads src into lines and candidates; the set is applied by
// extract.
func parseDocument(name string, src []byte) *document {
	d := &document{}
	// A byte order mark (Windows Notepad writes one) would hide the first
	// line's label.
	text := strings.TrimPrefix(cleanUTF8(oldMacLineEnds(src)), "\uFEFF")
	tex := strings.EqualFold(filepath.Ext(name), ".tex")
	var struck, display bool
	texStruck := 0 // braces a \sout{ left open at the end of the last line
	displayEnd := ""
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimRight(raw, "\r")
		l := docLine{n: i + 1}
		if tex {
			// In LaTeX ~ is a space that does not break (Answer:~~$2432$),
			// never Markdown's strike-through, which would hide the lines
			// up to the next ~~.
			line = texTies(stripTeXComment(line))
		}
		if len(line) > maxLineRead {
			// Too long to hold an answer: only a strike it opens or
			// closes matters.
			removeStruck(line, &struck, &texStruck)
			d.lines = append(d.lines, l)
			continue
		}
		line = strings.TrimSpace(removeStruck(line, &struck, &texStruck))
		// Display math over several lines: $$ alone, \[ alone, and the
		// equation environments.
		switch {
		case display && strings.Contains(line, displayEnd):
			line = strings.TrimSpace(strings.Replace(line, displayEnd, "", 1))
			display = false
			l.math = true
		case display:
			l.math = true
		case line == "$$" || line == `\[`:
			display, displayEnd = true, map[string]string{"$$": "$$", `\[`: `\]`}[line]
			line = ""
		default:
			if m := beginMath.FindStringSubmatch(line); m != nil {
				displayEnd = `\end{` + m[1] + `}`
				rest := strings.TrimSpace(line[len(m[0]):])
				if j := strings.Index(rest, displayEnd); j >= 0 {
					rest = rest[:j]
				} else {
					display = true
				}
				line, l.math = rest, true
			}
		}
		if !tex && !l.math {
			line = answerTableRow(line)
		}
		if l.math {
			line = cleanMathLine(line)
		} else if m := wholeDisplay.FindStringSubmatch(line); m != nil {
			line, l.math = cleanMathLine(m[1]+m[2]), true
		}
		if h := headingLine.FindStringSubmatch(line); h != nil && !l.math {
			line, l.heading = strings.TrimSpace(h[1]), true
		} else if h := texHeading.FindStringSubmatch(line); h != nil && !l.math {
			line, l.heading = strings.TrimSpace(h[1]+" "+h[2]), true
		}
		l.text = line
		d.lines = append(d.lines, l)
	}
	d.findStudent()
	return d
}

var (
	beginMath    = regexp.MustCompile(`^\\begin\{((?:equation|align|gather|multline|eqnarray|flalign|displaymath)\*?)\}`)
	wholeDisplay = regexp.MustCompile(`^(?:\$\$(.*)\$\$|\\\[(.*)\\\])$`)
	headingLine  = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*$`)
	texHeading   = regexp.MustCompile(`^\\(?:(?:sub)*section|paragraph|subparagraph|part|chapter)\*?\{([^{}]*)\}(.*)$`)
	mathNoise    = strings.NewReplacer(`\nonumber`, "", `\notag`, "", "&", "", `\displaystyle`, "", `\!`, "", `\,`, " ", `\;`, " ", `\ `, " ")
	labelTag     = regexp.MustCompile(`\\(?:label|tag)\{[^{}]*\}`)
)

// answerTableRow writes a Markdown table's row of two cells, a question and
// its answer (| 1a | 60x60x32 |), as a labelled line (1a: 60x60x32); any
// other line is kept as it is.
func answerTableRow(s string) string {
	if len(s) < 2 || s[0] != '|' || s[len(s)-1] != '|' {
		return s
	}
	cells := strings.Split(s[1:len(s)-1], "|")
	if len(cells) != 2 {
		return s
	}
	label, value := strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1])
	if _, _, _, _, ok := parseLabel(label, true); !ok || label == "" {
		return s
	}
	if leadingDigits(label) == label {
		label = "Problem " + label // | 2 | … |: a problem of one question
	}
	return label + ": " + value
}

// cleanMathLine takes off what only lays out display math: alignment marks,
// line breaks, labels.
func cleanMathLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, `\\`)
	s = labelTag.ReplaceAllString(s, "")
	return strings.TrimSpace(mathNoise.Replace(s))
}

// stripTeXComment drops a LaTeX comment: % to the end of the line, unless
// escaped (\%).
func stripTeXComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i == 0 || s[i-1] != '\\') {
			return s[:i]
		}
	}
	return s
}

// texTies writes LaTeX's ties (~) as spaces; an accent (\~{n}) is kept.
func texTies(s string) string {
	if strings.IndexByte(s, '~') < 0 {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c == '~' && (i == 0 || b[i-1] != '\\') {
			b[i] = ' '
		}
	}
	return string(b)
}

// struckTag and struckTeX are the HTML and LaTeX ways of striking text
// through (Markdown's is ~~…~~).
var (
	struckTag = regexp.MustCompile(`(?i)</?(?:del|s|strike)>`)
	struckTeX = []string{`\sout{`, `\st{`, `\xout{`, `\cancel{`, `\bcancel{`, `\xcancel{`, `\strike{`}
)

// removeStruck takes the struck-through text off a line. struck carries a
// ~~ or <del> left open to the next lines, texOpen the braces of a \sout{
// left open (LaTeX source is wrapped: a strike may end lines below). The
// marks are found in one pass, so that a line of thousands of them takes
// no longer than its length.
func removeStruck(s string, struck *bool, texOpen *int) string {
	if *texOpen > 0 && strings.TrimSpace(s) == "" {
		// LaTeX ends the argument of \sout at a paragraph: an unclosed one
		// strikes no further.
		*texOpen = 0
	}
	if *texOpen > 0 {
		end, left := braceEnd(s, 0, *texOpen)
		if *texOpen = left; left > 0 {
			return ""
		}
		s = s[end:]
	}
	type mark struct{ at, end int }
	var marks []mark
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '~' && s[i+1] == '~' {
			marks = append(marks, mark{i, i + 2})
			i++
		}
	}
	if strings.IndexByte(s, '<') >= 0 {
		for _, m := range struckTag.FindAllStringIndex(s, -1) {
			marks = append(marks, mark{m[0], m[1]})
		}
		slices.SortFunc(marks, func(a, b mark) int { return a.at - b.at })
	}
	var b strings.Builder
	from := 0
	for _, m := range marks {
		if m.at < from {
			continue
		}
		if !*struck {
			b.WriteString(s[from:m.at])
		}
		*struck = !*struck
		from = m.end
	}
	if !*struck {
		b.WriteString(s[from:])
	}
	out := b.String()
	if strings.IndexByte(out, '\\') >= 0 {
		for _, cmd := range struckTeX {
			out = removeCommand(out, cmd, texOpen)
		}
	}
	return out
}

// removeCommand takes every cmd{…} off s, however many there are, in one
// pass (a bound on their number would let the ones past it be read). One
// left open at the end of s sets open to the braces still to close.
func removeCommand(s, cmd string, open *int) string {
	i := strings.Index(s, cmd)
	if i < 0 {
		return s
	}
	var b strings.Builder
	for i >= 0 {
		b.WriteString(s[:i])
		end, left := braceEnd(s, i+len(cmd), 1)
		if left > 0 {
			*open = max(*open, left)
		}
		s = s[end:]
		i = strings.Index(s, cmd)
	}
	b.WriteString(s)
	return b.String()
}

// braceEnd is the index just past the brace that closes depth braces
// opened before from, and 0 braces left; or len(s) and the braces still
// open when s ends first.
func braceEnd(s string, from, depth int) (end, left int) {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i + 1, 0
			}
		}
	}
	return len(s), depth
}

// closingBrace is the index just past the brace closing the one at open,
// or len(s) when it is never closed.
func closingBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// Labels a student writes for problems and parts.
var (
	problemWord = regexp.MustCompile(`(?i)^(?:problem|question|exercise|ex\.?|q|p)\s*#?\s*(\d{1,3})(?:\s*\(?([a-z])\)?)?(?:\s*[.:)\-–—]|\s|$)`)
	partFull    = regexp.MustCompile(`(?i)^\(?(\d{1,3})(\.?)\(?([a-z])(\)?)(?:\s*(=)|([.:]?)(?:\s|$))`)
	problemNum  = regexp.MustCompile(`(?i)^(?:\((\d{1,3})\)|(\d{1,3})[.)])(?:\s*(?:problem|question|exercise)\b[.:]?)?(?:\s|$)`)
	problemHead = regexp.MustCompile(`(?i)^(\d{1,3})\s*(?:problem|question|exercise)?\s*[.:]?(?:\s|$)`)
	partWord    = regexp.MustCompile(`(?i)^part\s*\(?([a-z])\)?\s*[.:)]?(?:\s|$)`)
	partParen   = regexp.MustCompile(`^\(([a-z])\)[.:]?(?:\s|$)`)
	partLetter  = regexp.MustCompile(`^([a-z])[.)](?:\s|$)`)
	itemLabel   = regexp.MustCompile(`^\\item\s*\[([^\]]*)\]\s*`)
	listMarker  = regexp.MustCompile(`^(?:[-*+]\s+|\\item\s+)`)
	emphasis    = strings.NewReplacer("**", "", "__", "")
	emphCmd     = regexp.MustCompile(`\\(?:textbf|emph|textit|underline)\{([^{}]*)\}`)
)

// stripEmphasis takes off bold and italics around a label or a value.
func stripEmphasis(s string) string {
	s = emphasis.Replace(s)
	if strings.Contains(s, `\`) {
		s = emphCmd.ReplaceAllString(s, "$1")
	}
	return s
}

// parseLabel reads a problem or part label at the start of a line: the
// problem number (or ""), the part letter (or ""), what follows.
func parseLabel(s string, heading bool) (problem, part, rest string, numbered, ok bool) {
	s = strings.TrimSpace(stripEmphasis(s))
	if m := itemLabel.FindStringSubmatch(s); m != nil {
		s = strings.TrimSpace(m[1] + " " + s[len(m[0]):])
	} else {
		s = listMarker.ReplaceAllString(s, "")
	}
	if r := []rune(s); len(r) > 0 && r[0] >= '①' && r[0] <= '⑳' {
		return strconv.Itoa(int(r[0]-'①') + 1), "", strings.TrimSpace(string(r[1:])), false, true
	}
	if m := problemWord.FindStringSubmatchIndex(s); m != nil {
		return s[m[2]:m[3]], lowerGroup(s, m, 4), strings.TrimSpace(s[m[1]:]), false, true
	}
	if m := partFull.FindStringSubmatchIndex(s); m != nil {
		rest := strings.TrimSpace(s[m[1]:])
		if m[10] >= 0 {
			rest = s[m[10]:] // "1a = 60x60x32": the = stays, to say so (see scan)
		}
		delimited := m[5] > m[4] || m[9] > m[8] || m[10] >= 0 || m[13] > m[12] || rest == "" || heading
		if delimited {
			return s[m[2]:m[3]], lowerGroup(s, m, 6), rest, false, true
		}
	}
	if m := problemNum.FindStringSubmatchIndex(s); m != nil {
		num := lowerGroup(s, m, 2)
		if num == "" {
			num = lowerGroup(s, m, 4)
		}
		return num, "", strings.TrimSpace(s[m[1]:]), !heading, true
	}
	if heading {
		if m := problemHead.FindStringSubmatchIndex(s); m != nil {
			return s[m[2]:m[3]], "", strings.TrimSpace(s[m[1]:]), false, true
		}
	}
	for _, re := range []*regexp.Regexp{partWord, partParen, partLetter} {
		if m := re.FindStringSubmatchIndex(s); m != nil {
			return "", strings.ToLower(s[m[2]:m[3]]), strings.TrimSpace(s[m[1]:]), false, true
		}
	}
	return "", "", s, false, false
}

// nextProblem reports whether p is the problem after current (or the first
// problem when there is none yet): problems come in order, a list's steps
// restart.
func nextProblem(current, p string) bool {
	c, _ := strconv.Atoi(current)
	n, err := strconv.Atoi(p)
	return err == nil && n == c+1
}

func lowerGroup(s string, m []int, g int) string {
	if m[g] < 0 {
		return ""
	}
	return strings.ToLower(s[m[g]:m[g+1]])
}

// setInfo is what extraction needs to know of the set: each question's
// problem and the network a problem asks about.
type setInfo struct {
	set       *problems.Set
	byCanon   map[string]string // canonicalColumn(id) -> id
	problemOf map[string]string // question id -> its problem ("1a" -> "1")
	count     map[string]int    // problem -> its number of questions
	network   map[string]*nn.Network
}

func newSetInfo(set *problems.Set) *setInfo {
	info := &setInfo{set: set, byCanon: map[string]string{}, problemOf: map[string]string{}, count: map[string]int{}, network: map[string]*nn.Network{}}
	for _, q := range set.Questions {
		info.byCanon[canonicalColumn(q.ID)] = q.ID
		p := leadingDigits(canonicalColumn(q.ID))
		info.problemOf[q.ID] = p
		info.count[p]++
		if q.Network != "" && info.network[p] == nil {
			for i := range set.Networks {
				if set.Networks[i].Name == q.Network {
					info.network[p] = &set.Networks[i]
				}
			}
		}
	}
	return info
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// resolve is the question a label names: problem and part ("1", "a" ->
// "1a"), or a problem that is one question ("2").
func (info *setInfo) resolve(problem, part string) string {
	if problem == "" {
		return ""
	}
	if id, ok := info.byCanon[problem+part]; ok {
		return id
	}
	if part == "" && info.count[problem] == 1 {
		for id, p := range info.problemOf {
			if p == problem {
				return id
			}
		}
	}
	return ""
}

// extract is question id's answer as found in d for set.
func (d *document) extract(set *problems.Set, id string) (Extraction, bool) {
	if d.found == nil {
		d.found = map[string]Extraction{}
		info := newSetInfo(set)
		d.scan(info)
		d.assign(info)
	}
	e, ok := d.found[id]
	return e, ok
}

// scan walks the lines, keeping the problem, the labelled question, the
// layer and the topic each is under, and records every candidate.
func (d *document) scan(info *setInfo) {
	var problem, question, layer, topic string
	sawProblem := false
	for _, l := range d.lines {
		t := l.text
		if t == "" {
			continue
		}
		labelLine := false
		if p, part, rest, numbered, ok := parseLabel(t, l.heading); ok && !l.math {
			if p != "" && info.count[p] == 0 {
				ok = false // not a problem of this set: a numbered list or a number
			}
			if numbered && rest != "" && !nextProblem(problem, p) {
				ok = false // "1. Compute …" in a list of steps, not problem 1
			}
			if ok && p != "" && part != "" && strings.HasPrefix(rest, "=") && info.resolve(p, part) == "" {
				ok = false // "2k = 10": a product in a derivation, not part k of problem 2
			}
			if ok && p == "" && problem == "" {
				ok = false // a part under no problem
			}
			if ok {
				if p != "" && p != problem {
					problem, layer, topic, sawProblem = p, "", "", true
				} else if p != "" {
					sawProblem = true
				}
				if p == "" {
					p = problem
				}
				// A problem of several questions (no part) labels none:
				// its parts come later, or its structure says which is which.
				question = info.resolve(p, part)
				t, labelLine = rest, question != ""
			}
			if !ok && l.heading {
				question = "" // a heading of its own ends a label's answer
			}
		} else if l.heading {
			question = ""
		}
		if t == "" {
			continue
		}
		net := info.network[problem]
		if problem == "" && len(info.set.Networks) == 1 {
			net = &info.set.Networks[0]
		}
		if !l.math && net != nil {
			if named := layerNamed(t, net, layer); named != "" {
				layer = named
			}
		}
		lineTopic := topicOf(t)
		c := candidate{line: l.n, question: question, problem: problem}
		if lineTopic == "total" {
			layer = netLevel
		}
		if lineTopic == "" && strings.HasPrefix(strings.TrimLeft(t, "$ "), "=") {
			lineTopic = topic // a derivation's next step is of the same thing
		}
		if lineTopic != "" && lineTopic != "input" {
			topic = lineTopic
		}
		c.layer, c.topic = layer, topic
		if lineTopic == "input" {
			c.topic = "input"
		}
		d.addCandidates(c, t, l.math, labelLine)
	}
	d.noProblems = !sawProblem
}

// addCandidates records the candidates of one line (label taken off).
func (d *document) addCandidates(c candidate, t string, math, labelLine bool) {
	// The marker is matched with its emphasis off, so that the brace of
	// \textbf{Answer:} is not read as the start of the value.
	if m := answerMarker.FindStringSubmatch(stripEmphasis(t)); m != nil && strings.Contains(strings.ToLower(t), "ans") {
		c.marked = markMarker
		if setValue(&c, m[1], true) {
			d.cands = append(d.cands, c)
		}
		return
	}
	if box := lastBoxed(t); box != "" {
		c.marked = markBoxed
		if setValue(&c, box, true) {
			d.cands = append(d.cands, c)
		}
		return
	}
	if !math && noParameters.MatchString(strings.ToLower(t)) {
		c.marked, c.chain, c.final, c.topic = markSentence, "0", "0", "params"
		d.cands = append(d.cands, c)
		return
	}
	if !labelLine && !math && !strings.Contains(t, "=") && !strings.Contains(t, "$") {
		return // prose
	}
	c.marked = markFinal
	if labelLine {
		c.marked = markLabel
	}
	if setValue(&c, t, labelLine) {
		d.cands = append(d.cands, c)
	}
}

var (
	answerMarker = regexp.MustCompile(`(?i)(?:^|[^a-z])(?:final\s+answer|answer|ans)\s*[:=.]\s*(.+)$`)
	noParameters = regexp.MustCompile(`\b(?:no|zero)\s+(?:trainable\s+|training\s+|learnable\s+|learned\s+)?(?:parameters|params|weights)\b`)
	boxCmds      = []string{`\boxed{`, `\fbox{`, `\framebox{`}
)

// lastBoxed is the content of the last \boxed{} (\fbox{}) on a line.
func lastBoxed(t string) string {
	best, at := "", -1
	for _, cmd := range boxCmds {
		if i := strings.LastIndex(t, cmd); i > at {
			end := closingBrace(t, i+len(cmd)-1)
			inner := t[i+len(cmd) : max(end-1, i+len(cmd))]
			best, at = inner, i
		}
	}
	return strings.TrimSpace(best)
}

// setValue reads a candidate's value from its text: the math taken out of
// $…$, a prose label before `=` taken off, trailing punctuation and words
// taken off. It reports false when nothing is left to read. A line that
// only gives values (I = 64, K = 3 \quad S = 2) or describes a layer (First
// convolution layer = 5 × 5 × 3 × 32) is marked given unless explicit.
func setValue(c *candidate, text string, explicit bool) bool {
	s := unwrapMath(stripEmphasis(text))
	s = strings.TrimSpace(strings.TrimLeft(s, "→⇒"))
	s = strings.TrimSpace(strings.TrimPrefix(s, `\rightarrow`))
	segs := splitEquals(s)
	if i := strings.LastIndex(segs[0], ": "); i > 0 && isProse(segs[0][:i]) {
		// "Output: 14 × 14 × 64" labels a value as "Output =" does.
		segs = append([]string{segs[0][:i], segs[0][i+2:]}, segs[1:]...)
	}
	if len(segs) > 1 && !explicit {
		lhs := strings.ToLower(segs[0])
		if strings.Contains(s, `\quad`) || strings.Contains(s, `\qquad`) || givenValue.MatchString(s) ||
			(layerWords.MatchString(lhs) && topicOf(segs[0]) == "") || strings.Contains(lhs, "input") ||
			strings.Contains(lhs, "kernel") || strings.Contains(lhs, "stride") || strings.Contains(lhs, "filter") {
			c.given = true
		}
	}
	for len(segs) > 1 && segs[0] == "" {
		segs = segs[1:] // a derivation's next step: "= 18496"
	}
	// The chain from the first segment that is not words.
	first := len(segs)
	for i := len(segs) - 1; i >= 0; i-- {
		if isProse(segs[i]) {
			break
		}
		first = i
	}
	if first == len(segs) {
		// The last segment has words: a value followed by words
		// ("2432 parameters") keeps the value.
		last := segs[len(segs)-1]
		v := leadingValue(last)
		if v == "" {
			return false
		}
		segs[len(segs)-1], first = v, len(segs)-1
	}
	chain := segs[first:]
	for i := range chain {
		chain[i] = trimValue(chain[i])
	}
	final := chain[len(chain)-1]
	if final == "" {
		return false
	}
	c.chain, c.final, c.sides = strings.Join(chain, " = "), final, segs
	return true
}

var (
	givenValue = regexp.MustCompile(`^\s*(?:\\?[A-NQRS-VX-Za-z]|\\[a-z]+)(?:_\{?[A-Za-z0-9]+\}?)?\s*=\s*[0-9][0-9.,]*\s*\.?$`)
	inlineMath = regexp.MustCompile(`\$\$?([^$]*)\$\$?`)
	mathWrap   = strings.NewReplacer(`\(`, "", `\)`, "", `\[`, "", `\]`, "", `\left`, "", `\right`, "", `\displaystyle`, "")
)

// unwrapMath takes the $ signs and \( \) off, keeping what they enclose.
func unwrapMath(s string) string {
	if strings.Contains(s, "$") {
		s = inlineMath.ReplaceAllString(s, " $1 ")
		s = strings.ReplaceAll(s, "$", "")
	}
	return strings.TrimSpace(mathWrap.Replace(s))
}

// trimValue takes off what surrounds a value: spaces, \quad, a full stop or
// comma, an arrow.
func trimValue(s string) string {
	s = strings.TrimSpace(s)
	for {
		before := s
		s = strings.TrimSpace(strings.TrimRight(s, ".,;:"))
		for _, w := range []string{`\quad`, `\qquad`, `\\`} {
			s = strings.TrimSpace(strings.TrimSuffix(s, w))
		}
		if s == before {
			return s
		}
	}
}

// splitEquals splits at each = outside brackets (not <=, >=, ==, \neq).
func splitEquals(s string) []string {
	var segs []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		case '=':
			if depth > 0 || i > 0 && strings.ContainsRune("<>!=:", rune(s[i-1])) || i+1 < len(s) && s[i+1] == '=' {
				continue
			}
			segs = append(segs, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(segs, strings.TrimSpace(s[start:]))
}

var (
	texCommand = regexp.MustCompile(`\\[A-Za-z]+`)
	texText    = regexp.MustCompile(`\\(?:text|mathrm|textrm|mbox|operatorname)\{([^{}]*)\}`)
	subscript  = regexp.MustCompile(`[_^](?:\{[^{}]*\}|[A-Za-z0-9])`)
	letterRun  = regexp.MustCompile(`[A-Za-z]{3,}`)
	mathWords  = map[string]bool{"log": true, "exp": true, "sin": true, "cos": true, "tan": true, "tanh": true, "sqrt": true,
		"sum": true, "max": true, "min": true, "floor": true, "ceil": true, "relu": true, "sigmoid": true, "softmax": true, "eps": true, "abs": true}
)

// isProse reports whether a segment is words (a label such as "Total
// trainable parameters" or \text{Output}) rather than math.
func isProse(s string) bool {
	if strings.IndexByte(s, '\\') >= 0 {
		if texText.MatchString(s) {
			return true
		}
		s = texCommand.ReplaceAllString(s, " ")
	}
	if strings.ContainsAny(s, "_^") {
		s = subscript.ReplaceAllString(s, " ")
	}
	for _, w := range letterRun.FindAllString(s, -1) {
		if !mathWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// leadingValue is the math at the start of a segment that ends in words
// ("2432 parameters" -> "2432"), or "".
func leadingValue(s string) string {
	if texText.MatchString(s) {
		s = texText.ReplaceAllString(s, " ")
	}
	loc := letterRun.FindStringIndex(s)
	if loc == nil || loc[0] == 0 {
		return ""
	}
	v := trimValue(s[:loc[0]])
	if !strings.ContainsAny(v, "0123456789") || strings.ContainsAny(v[len(v)-1:], "+-*/^(×") {
		return ""
	}
	return v
}

// Layer names as homework writes them.
var (
	layerWords    = regexp.MustCompile(`(?i)\b(conv(?:olution(?:al)?)?(?:[123]d)?|cnv|(?:max|avg|average|global|adaptive)?[\s-]*pool(?:ing)?|maxpool(?:ing)?|fully[\s-]*connected|fc|dense|linear|flatten(?:ed|ing)?|rnn|recurrent|lstm|gru|embedding|batch[\s-]*norm(?:alization)?|layer[\s-]*norm|attention)\b`)
	ordinalBefore = regexp.MustCompile(`(?i)\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|final)\s+(?:[a-z]+\s+){0,2}$`)
	ordinalAfter  = regexp.MustCompile(`(?i)^\s*(?:layer)?\s*#?\s*([1-9])\b(?:[^x×*0-9]|$)`)
	ordinals      = map[string]int{"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1, "final": -1}
)

// layerStems are in every word layerWords matches: a line with none of
// them names no layer, and the expression is not run on it.
var layerStems = []string{"conv", "cnv", "pool", "connected", "fc", "dense", "linear", "flatten", "rnn", "recurrent", "lstm", "gru", "embedding", "norm", "attention"}

func mayNameLayer(t string) bool {
	lower := strings.ToLower(t)
	for _, s := range layerStems {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// family is the kind of layer a word names, matched against layer types.
func family(word string) func(string) bool {
	w := strings.ToLower(word)
	switch {
	case strings.HasPrefix(w, "conv") || w == "cnv":
		return func(t string) bool { return strings.HasPrefix(t, "conv") && !strings.Contains(t, "transpose") }
	case strings.Contains(w, "pool"):
		return func(t string) bool { return strings.Contains(t, "pool") }
	case strings.Contains(w, "connected") || w == "fc" || w == "dense" || w == "linear":
		return func(t string) bool { return t == "dense" }
	case strings.HasPrefix(w, "flatten"):
		return func(t string) bool { return t == "flatten" }
	case w == "rnn" || w == "recurrent":
		return func(t string) bool { return t == "rnn" }
	case w == "lstm" || w == "gru" || w == "embedding":
		return func(t string) bool { return t == w }
	case strings.HasPrefix(w, "batch"):
		return func(t string) bool { return t == "batchnorm" }
	case strings.HasPrefix(w, "layer"):
		return func(t string) bool { return t == "layernorm" }
	case w == "attention":
		return func(t string) bool { return t == "multihead_attention" }
	}
	return func(string) bool { return false }
}

// layerNamed is the layer of net a line names ("Convolutional Layer 2",
// "Max Pool Layer", "first convolution", "weight matrix of FC"), or "":
// the k-th of its kind when the line gives an ordinal, the only one of its
// kind, else the next of its kind after current (results come in the
// network's order).
func layerNamed(t string, net *nn.Network, current string) string {
	if !mayNameLayer(t) {
		return ""
	}
	if strings.IndexByte(t, '\\') >= 0 {
		t = texText.ReplaceAllString(t, " $1 ")
	}
	m := layerWords.FindStringSubmatchIndex(t)
	if m == nil {
		return ""
	}
	is := family(t[m[2]:m[3]])
	var of []int
	cur := -1
	for i, l := range net.Layers {
		if is(l.Type) {
			of = append(of, i)
		}
		if l.Name == current {
			cur = i
		}
	}
	if len(of) == 0 {
		return ""
	}
	k := 0
	if o := ordinalBefore.FindStringSubmatch(t[:m[0]]); o != nil {
		k = ordinals[strings.ToLower(o[1])]
	} else if o := ordinalAfter.FindStringSubmatch(t[m[1]:]); o != nil {
		k, _ = strconv.Atoi(o[1])
	}
	switch {
	case k == -1:
		return net.Layers[of[len(of)-1]].Name
	case k > 0 && k <= len(of):
		return net.Layers[of[k-1]].Name
	case len(of) == 1:
		return net.Layers[of[0]].Name
	}
	for _, i := range of {
		if i == cur {
			return current // the same layer again ("For 2D max pooling")
		}
	}
	for _, i := range of {
		if i > cur {
			return net.Layers[i].Name
		}
	}
	return net.Layers[of[0]].Name
}

// topicOf is what a line gives a value of, from its words ("Output image
// size", "Trainable Parameters", "weight matrix") or the symbol it defines
// (O, P_c, W_c, B_c): "" when it says nothing.
func topicOf(t string) string {
	if box := lastBoxed(t); box != "" {
		t = box
	}
	lower := t
	if strings.IndexByte(t, '\\') >= 0 {
		lower = texText.ReplaceAllString(t, " $1 ")
	}
	lower = strings.ToLower(lower)
	words := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	switch {
	case words("weight matri", "weights matri", "weight shape") || words("weight") && words("dimension", "shape"):
		return "weight_shape"
	case words("receptive"):
		return "receptive"
	case words("non-trainable", "non trainable", "nontrainable"):
		return "non_trainable"
	case words("total") && words("param", "weights"):
		return "total"
	case words("param"):
		return "params"
	case words("weight"):
		return "weights"
	case words("bias"):
		return "biases"
	case words("macs", "flops", "multipl"):
		return "macs"
	case words("output", "size", "shape", "dimension", "flattened"):
		return "output"
	case words("input"):
		return "input"
	}
	segs := splitEquals(unwrapMath(t))
	if len(segs) < 2 {
		return ""
	}
	sym := strings.TrimLeft(strings.TrimSpace(segs[0]), `\{`)
	if sym == "" || len(sym) > 12 || strings.ContainsAny(sym, " +*×") {
		return ""
	}
	switch sym[0] {
	case 'O':
		return "output"
	case 'P':
		return "params"
	case 'W':
		return "weights"
	case 'B':
		return "biases"
	}
	return ""
}

// askTopic is the topic of a network question's ask.
func askTopic(q problems.Question) string {
	if q.Ask == nil {
		return ""
	}
	switch q.Ask.Name {
	case "output_shape":
		return "output"
	case "params", "trainable_params":
		if q.Layer == "" {
			return "total"
		}
		return "params"
	case "total_params":
		return "total"
	case "weights":
		return "weights"
	case "biases":
		return "biases"
	case "weight_shape":
		return "weight_shape"
	case "non_trainable_params":
		return "non_trainable"
	case "macs":
		return "macs"
	case "receptive_field", "receptive_field_size":
		return "receptive"
	}
	return ""
}

// assign picks each question's answer among the candidates.
func (d *document) assign(info *setInfo) {
	for _, q := range info.set.Questions {
		if e, ok := d.labelled(q); ok {
			d.found[q.ID] = e
			continue
		}
		if e, ok := d.inferred(info, q); ok {
			d.found[q.ID] = e
		}
	}
}

// labelled is the answer under question q's own label.
func (d *document) labelled(q problems.Question) (Extraction, bool) {
	var mine []*candidate
	for i := range d.cands {
		if d.cands[i].question == q.ID {
			mine = append(mine, &d.cands[i])
		}
	}
	if len(mine) == 0 {
		return Extraction{}, false
	}
	if c := pick(q, mine, true); c != nil {
		return extraction(q, c, Labelled), true
	}
	// Nothing reads as an answer of its form: the last value the student
	// gave under the label is graded (invalid, saying why), not skipped.
	for i := len(mine) - 1; i >= 0; i-- {
		if !mine[i].given {
			return extraction(q, mine[i], Labelled), true
		}
	}
	return Extraction{}, false
}

// pick is the answer among cands: the last answer marker, else the last box,
// else a sentence, else (when label) the label line's value, else the last
// final value that reads as an answer of q's form.
func pick(q problems.Question, cands []*candidate, label bool) *candidate {
	for _, mark := range []string{markMarker, markBoxed, markSentence} {
		for i := len(cands) - 1; i >= 0; i-- {
			if cands[i].marked == mark && (mark != markSentence || fits(q, cands[i])) {
				return cands[i]
			}
		}
	}
	if label {
		for i, c := range cands {
			if c.marked == markLabel && !c.given && fits(q, c) {
				// A derivation begun on the label's line ("W = … = 18432")
				// and carried on below ends in its final value: the label
				// line's is a step. A value alone there is the answer.
				if strings.Contains(c.chain, "=") {
					if later := lastFinal(q, cands[i+1:]); later != nil {
						return later
					}
				}
				return c
			}
		}
	}
	return lastFinal(q, cands)
}

// lastFinal is the last value of cands that reads as an answer of q's form.
func lastFinal(q problems.Question, cands []*candidate) *candidate {
	for i := len(cands) - 1; i >= 0; i-- {
		if c := cands[i]; (c.marked == markFinal || c.marked == markLabel) && !c.given && fits(q, c) {
			return c
		}
	}
	return nil
}

// inferred is question q's answer found by the set's structure.
func (d *document) inferred(info *setInfo, q problems.Question) (Extraction, bool) {
	problem := info.problemOf[q.ID]
	var section []*candidate
	for i := range d.cands {
		c := &d.cands[i]
		if c.question == "" && (c.problem == problem || d.noProblems) {
			section = append(section, c)
		}
	}
	switch {
	case q.Kind == problems.KindNetwork:
		topic := askTopic(q)
		var mine []*candidate
		for _, c := range section {
			layerOK := c.layer == q.Layer || q.Layer == "" && c.layer == netLevel
			if layerOK && c.topic == topic && c.topic != "" {
				mine = append(mine, c)
			}
		}
		if c := pick(q, mine, false); c != nil {
			return extraction(q, c, Inferred), true
		}
	case info.count[problem] == 1 && !d.noProblems:
		if c := pick(q, section, false); c != nil {
			return extraction(q, c, Inferred), true
		}
	case q.Lhs != "":
		if c, side := d.byLeftSide(info, q, section); c != nil {
			e := extraction(q, c, Inferred)
			e.Answer = formulaValue(q, side)
			return e, true
		}
	}
	return Extraction{}, false
}

// byLeftSide is the last equation of the section whose one side is q's
// left-hand side (written as the student writes it: \frac{p-q}{p} for
// (p - q)/p), and its other side when that reads as an answer to q. An
// equation whose left side is another question's belongs to that one.
func (d *document) byLeftSide(info *setInfo, q problems.Question, section []*candidate) (*candidate, string) {
	want := canonMath(q.Lhs)
	var lefts []string
	for _, o := range info.set.Questions {
		if o.Lhs != "" && info.problemOf[o.ID] == info.problemOf[q.ID] {
			lefts = append(lefts, canonMath(o.Lhs))
		}
	}
	isLeft := func(c string) bool {
		for _, l := range lefts {
			if c == l {
				return true
			}
		}
		return false
	}
	for i := len(section) - 1; i >= 0; i-- {
		c := section[i]
		if len(c.sides) < 2 {
			continue
		}
		if c.canonSides == nil {
			c.canonSides = &[2]string{canonMath(c.sides[0]), canonMath(c.sides[len(c.sides)-1])}
		}
		first, last := c.canonSides[0], c.canonSides[1]
		var side string
		switch {
		case first == want:
			side = c.sides[len(c.sides)-1]
		case last == want && !isLeft(first):
			side = c.sides[len(c.sides)-2]
		default:
			continue
		}
		side = trimValue(side)
		probe := &candidate{final: side, chain: side}
		if fits(q, probe) {
			return c, side
		}
	}
	return nil, ""
}

// canonMath writes an expression so that the ways of writing the same left
// side compare equal: \frac{a}{b} as (a)/(b), e^{x} as exp(x), ε as eps,
// without spaces, braces as parentheses, redundant parentheses around one
// symbol dropped.
func canonMath(s string) string {
	s = unwrapMath(s)
	s = epsilonNames.Replace(s)
	for guard := 0; guard < 16; guard++ {
		i := strings.Index(s, `\frac{`)
		if i < 0 {
			break
		}
		numEnd := closingBrace(s, i+5)
		if numEnd >= len(s) || s[numEnd] != '{' {
			break
		}
		denEnd := closingBrace(s, numEnd)
		s = s[:i] + "(" + s[i+6:numEnd-1] + ")/(" + s[numEnd+1:max(denEnd-1, numEnd+1)] + ")" + s[denEnd:]
	}
	s = canonNoise.Replace(s)
	s = eToThe.ReplaceAllString(s, "exp(")
	s = eExp.ReplaceAllString(s, "${1}exp(")
	for guard := 0; guard < 8; guard++ {
		t := singleParens.ReplaceAllString(s, "$1$2")
		if t == s {
			break
		}
		s = t
	}
	return strings.ToLower(s)
}

var (
	canonNoise = strings.NewReplacer(`\exp`, "exp", `\log`, "log", `\ln`, "log", `\cdot`, "", `\times`, "", "·", "", "×", "", "*", "",
		"{", "(", "}", ")", " ", "", "\t", "")
	epsilonNames = strings.NewReplacer(`\varepsilon`, "eps", `\epsilon`, "eps", "ε", "eps", "ϵ", "eps")
	eToThe       = regexp.MustCompile(`^e\^\(`)
	eExp         = regexp.MustCompile(`([^A-Za-z])e\^\(`)
	singleParens = regexp.MustCompile(`(^|[^A-Za-z])\(([A-Za-z0-9.]+)\)`)
)

// extraction is the Extraction of candidate c for question q.
func extraction(q problems.Question, c *candidate, located string) Extraction {
	value := c.chain
	switch q.Kind {
	case problems.KindFormula, problems.KindIdentity, problems.KindAsymptotic:
		value = formulaValue(q, c.final)
	}
	return Extraction{Answer: value, Line: c.line, Located: located, Marked: c.marked}
}

// formulaValue is a formula answer as the formula reader takes it: the
// last `= value` alone, and for an asymptotic question without the order
// term the student adds ("ε + O(ε²)" is ε to first order).
func formulaValue(q problems.Question, v string) string {
	v = trimValue(v)
	if q.Kind == problems.KindAsymptotic {
		if m := bigOTerm.FindStringIndex(v); m != nil && closingParen(v, m[1]-1) == len(v) && m[0] > 0 {
			v = trimValue(v[:m[0]])
		}
	}
	return v
}

var bigOTerm = regexp.MustCompile(`\s*\+\s*(?:\\mathcal\{O\}|O|o)\s*\(`)

// closingParen is the index just past the parenthesis closing the one at
// open, or len(s)+1 when it is never closed.
func closingParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(s) + 1
}

// fits reports whether a candidate reads as an answer of q's form: a
// count, a shape, a number, or a formula in q's names. It is the form
// alone: the value is never compared with the key.
func fits(q problems.Question, c *candidate) bool {
	switch q.Kind {
	case problems.KindNetwork:
		if q.Ask == nil {
			return false
		}
		switch q.Ask.Form {
		case nn.CountForm:
			_, err := answer.ReadInt(c.chain)
			return err == nil
		case nn.TensorForm, nn.MatrixForm:
			dims, err := answer.ReadShape(c.chain)
			if err != nil {
				return false
			}
			return len(dims) >= 2 || q.Ask.Form == nn.TensorForm && flatOutput(q)
		case nn.ReceptiveForm:
			_, err := answer.ReadTuple(c.chain)
			return err == nil
		case nn.ReceptiveSizeForm:
			_, err := answer.ReadReceptiveSize(c.chain)
			return err == nil
		}
		return false
	case problems.KindNumber:
		_, err := answer.ReadNumber(c.chain)
		return err == nil
	}
	return namesFit(q, formulaValue(q, c.final))
}

// flatOutput reports whether the layer q asks about has a one-axis output
// (a flatten or dense layer after one), whose shape may be one number.
func flatOutput(q problems.Question) bool {
	return strings.Contains(q.Layer, "flat") || strings.Contains(q.Layer, "fc") || strings.Contains(q.Layer, "dense")
}

var (
	formulaCommands = map[string]bool{"frac": true, "cdot": true, "times": true, "left": true, "right": true, "log": true, "ln": true,
		"exp": true, "sqrt": true, "sum": true, "sin": true, "cos": true, "tan": true, "tanh": true, "max": true, "min": true,
		"lfloor": true, "rfloor": true, "lceil": true, "rceil": true, "quad": true, "mathrm": true, "operatorname": true}
	identRun = regexp.MustCompile(`[A-Za-z]+`)
)

// namesFit reports whether v is a formula in q's names (its variables and
// defines, or its allow list), with no words and no LaTeX the readers do
// not know.
func namesFit(q problems.Question, v string) bool {
	if strings.TrimSpace(v) == "" || strings.ContainsAny(v, "=∫") {
		return false
	}
	allowed := map[string]bool{}
	if len(q.Allow) > 0 {
		for _, a := range q.Allow {
			allowed[a] = true
		}
	} else {
		for _, x := range q.Variables {
			allowed[x.Name] = true
		}
		for _, x := range q.Define {
			allowed[x.Name] = true
		}
	}
	v = epsilonNames.Replace(v)
	for _, cmd := range texCommand.FindAllString(v, -1) {
		if !formulaCommands[cmd[1:]] {
			return false
		}
	}
	v = texCommand.ReplaceAllString(v, " ")
	for _, run := range identRun.FindAllString(v, -1) {
		if allowed[run] || mathWords[strings.ToLower(run)] || run == "e" {
			continue
		}
		for _, r := range run {
			if !allowed[string(r)] && r != 'e' {
				return false
			}
		}
	}
	return true
}
