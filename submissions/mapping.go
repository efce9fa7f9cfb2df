package submissions

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/nngrade/nngrade/problems"
)

// An export's question columns are headed by what the LMS or form shows of a
// question: its text, a question id before it, or only its number. They are
// matched with a problem set's questions by the rules below, in this order;
// a question takes at most one column (FORMAT.md, "Exports").

// MatchHow is the rule that matched a column with a question.
type MatchHow int

const (
	MatchNone      MatchHow = iota // no question
	MatchFile                      // a columns file (--columns) says so
	MatchID                        // the header is the question id
	MatchIDPrefix                  // the header starts with the question id: "1a) …", "Q1a: …"
	MatchText                      // the header is the question's text, normalised
	MatchCloseText                 // the header is close to the question's text (CloseTextThreshold)
	MatchPosition                  // "Response k" is the k-th question
	MatchIgnored                   // a columns file says the column answers no question
)

var matchNames = [...]string{
	MatchNone:      "no question",
	MatchFile:      "the columns file",
	MatchID:        "question id",
	MatchIDPrefix:  "question id at the start",
	MatchText:      "question text",
	MatchCloseText: "close to the question text",
	MatchPosition:  "position",
	MatchIgnored:   "the columns file: no question",
}

func (h MatchHow) String() string {
	if h < 0 || int(h) >= len(matchNames) {
		return "MatchHow(" + strconv.Itoa(int(h)) + ")"
	}
	return matchNames[h]
}

// CloseTextThreshold is how alike a header and a question's text must be to
// match when neither is the other (after normalising): their similarity, 1
// less their edit distance over the longer's length in characters. A
// column's two best questions less than CloseTextMargin apart are ambiguous
// and match neither.
const (
	CloseTextThreshold = 0.8
	CloseTextMargin    = 0.05
)

// maxCompared bounds the characters of a header or text compared for a close
// match: a header is untrusted text, and the comparison is quadratic.
const maxCompared = 400

// ColumnMapping is how one answer column of a class CSV was matched.
type ColumnMapping struct {
	Column   string
	Question string   // the question it answers; "" for none
	How      MatchHow // the rule that matched it
	Score    float64  // MatchCloseText: the similarity
	// Could lists the questions an ambiguous column could answer; Why says
	// why a column answers none (for the printout).
	Could []string
	Why   string
}

// ColumnMap is how a class CSV's answer columns answer a set's questions.
type ColumnMap struct {
	Columns  []ColumnMapping // in the file's order
	NoColumn []string        // questions no column answers, in the set's order
}

// Match is m as the checker uses it: columns read as questions, ambiguous
// columns, questions with no column, and the columns a columns file ignores.
func (m ColumnMap) Match() ColumnMatch {
	cm := ColumnMatch{Read: map[string]string{}, Ambiguous: map[string][]string{}, Ignored: map[string]bool{}, NoColumn: m.NoColumn}
	for _, c := range m.Columns {
		switch {
		case c.How == MatchIgnored:
			cm.Ignored[c.Column] = true
		case c.Question != "" && c.Question != c.Column:
			cm.Read[c.Column] = c.Question
		case c.Question == "" && len(c.Could) > 1:
			cm.Ambiguous[c.Column] = c.Could
		}
	}
	return cm
}

// Fixed is a columns file's say on an export's columns: header -> question
// id ("" for none), and Has for the headers it names.
type Fixed interface {
	Question(column string) (id string, ok bool)
}

// canvasPrefix is the Canvas question id before a Canvas report's header.
var canvasPrefix = regexp.MustCompile(`^[0-9]+: `)

// questionText is a header's part that may be the question: a Canvas
// report's header without Canvas's own question id.
func questionText(kind ExportKind, header string) string {
	if kind == CanvasQuiz {
		if loc := canvasPrefix.FindStringIndex(header); loc != nil {
			return header[loc[1]:]
		}
	}
	return header
}

// MapColumns matches an export's answer columns (their headers, in order)
// with set's questions: first what fixed says (nil: nothing), then a header
// that is a question id, then one that starts with a question id followed by
// ")", ".", ":" or its end, or a question word and a space ("Q1a What…"),
// then the question's text after normalising (NormaliseText), then a text
// close to it (CloseTextThreshold), and last "Response k" as the k-th
// question when there are as many Response columns as questions. A question
// taken by an earlier rule (or column) is not taken again.
func MapColumns(columns []string, kind ExportKind, set *problems.Set, fixed Fixed) ColumnMap {
	qs := set.Questions
	taken := make([]bool, len(qs))
	takenBy := make([]string, len(qs))
	index := map[string]int{}
	for i, q := range qs {
		index[q.ID] = i
	}
	out := make([]ColumnMapping, len(columns))
	take := func(c, q int, how MatchHow) {
		out[c].Question, out[c].How = qs[q].ID, how
		taken[q], takenBy[q] = true, columns[c]
	}
	done := func(c int) bool { return out[c].How != MatchNone || len(out[c].Could) > 0 }
	for c, h := range columns {
		out[c].Column = h
		if fixed == nil {
			continue
		}
		id, ok := fixed.Question(h)
		switch {
		case !ok:
		case id == "":
			out[c].How = MatchIgnored
		default:
			if q, known := index[id]; known && !taken[q] {
				take(c, q, MatchFile)
			}
		}
	}
	// The question id: the whole header, then at its start.
	for c, h := range columns {
		if done(c) {
			continue
		}
		if q, ok := index[strings.TrimSpace(questionText(kind, h))]; ok && !taken[q] {
			take(c, q, MatchID)
		}
	}
	for c, h := range columns {
		if done(c) {
			continue
		}
		got := idPrefixMatches(questionText(kind, h), qs)
		switch {
		case len(got) == 1 && !taken[got[0]]:
			take(c, got[0], MatchIDPrefix)
		case len(got) == 1:
			out[c].Could, out[c].Why = []string{qs[got[0]].ID}, fmt.Sprintf("starts with question id %s, which column %q answers", qs[got[0]].ID, takenBy[got[0]])
		case len(got) > 1:
			for _, q := range got {
				out[c].Could = append(out[c].Could, qs[q].ID)
			}
			out[c].Why = "starts with several question ids"
		}
	}
	// The question's text, exactly after normalising, then closely.
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = NormaliseText(q.Text)
	}
	headers := make([]string, len(columns))
	for c, h := range columns {
		headers[c] = NormaliseText(questionText(kind, h))
	}
	for c := range columns {
		if done(c) || headers[c] == "" {
			continue
		}
		var same []int
		for q := range qs {
			if texts[q] != "" && texts[q] == headers[c] {
				same = append(same, q)
			}
		}
		switch {
		case len(same) == 1 && !taken[same[0]]:
			take(c, same[0], MatchText)
		case len(same) == 1:
			out[c].Could, out[c].Why = []string{qs[same[0]].ID}, fmt.Sprintf("is the text of question %s, which column %q answers", qs[same[0]].ID, takenBy[same[0]])
		case len(same) > 1:
			for _, q := range same {
				out[c].Could = append(out[c].Could, qs[q].ID)
			}
			out[c].Why = "is the text of several questions"
		}
	}
	closeMatches(columns, headers, texts, qs, out, taken, takenBy, done)
	// Moodle's "Response k": the k-th question, when the counts agree.
	var responses []int
	for c, h := range columns {
		if moodleResponse.MatchString(h) {
			responses = append(responses, c)
		}
	}
	for _, c := range responses {
		if done(c) {
			continue
		}
		k, _ := strconv.Atoi(moodleResponse.FindStringSubmatch(columns[c])[1])
		switch {
		case len(responses) != len(qs):
			out[c].Why = fmt.Sprintf("%d Response columns for %d questions of %s: which answers which is not known", len(responses), len(qs), set.ID)
		case k < 1 || k > len(qs):
			out[c].Why = fmt.Sprintf("%s has %d questions", set.ID, len(qs))
		case taken[k-1]:
			out[c].Why = fmt.Sprintf("question %s (the %s) is answered by column %q", qs[k-1].ID, ordinal(k), takenBy[k-1])
		default:
			take(c, k-1, MatchPosition)
		}
	}
	m := ColumnMap{Columns: out}
	for q := range qs {
		if !taken[q] {
			m.NoColumn = append(m.NoColumn, qs[q].ID)
		}
	}
	return m
}

// closeMatches matches the columns left with the questions left whose text
// is close to their header: each column its closest question, unless two are
// within CloseTextMargin; a question wanted by several columns goes to the
// closest, unless two are within the margin.
func closeMatches(columns, headers, texts []string, qs []problems.Question, out []ColumnMapping, taken []bool, takenBy []string, done func(int) bool) {
	type candidate struct {
		c, q  int
		score float64
	}
	best := map[int][]candidate{} // question -> the columns whose best it is
	textRunes := make([][]rune, len(texts))
	for q, t := range texts {
		textRunes[q] = comparedRunes(t)
	}
	spent := 0
	for c := range columns {
		if done(c) || headers[c] == "" {
			continue
		}
		if spent > closeBudget {
			out[c].Why = "too many long headers to compare them all with the questions' texts"
			continue
		}
		header := comparedRunes(headers[c])
		// The questions already taken are compared too: a header closest to
		// a question another column answers (a form question edited and
		// asked again, a duplicate) is not that question's runner-up, which
		// can be its near twin ("first" and "second convolution layer").
		var cands []candidate
		for q := range qs {
			if texts[q] == "" {
				continue
			}
			s, cost := similarity(header, textRunes[q])
			spent += cost
			if s >= CloseTextThreshold {
				cands = append(cands, candidate{c, q, s})
			}
		}
		if len(cands) == 0 {
			continue
		}
		sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
		if top := cands[0]; taken[top.q] && (len(cands) == 1 || top.score-cands[1].score >= CloseTextMargin) {
			out[c].Could = []string{qs[top.q].ID}
			out[c].Why = fmt.Sprintf("its text is closest to question %s's (%.2f), which column %q answers", qs[top.q].ID, top.score, takenBy[top.q])
			continue
		}
		if len(cands) > 1 && cands[0].score-cands[1].score < CloseTextMargin {
			for _, cd := range cands {
				if cands[0].score-cd.score < CloseTextMargin {
					out[c].Could = append(out[c].Could, qs[cd.q].ID)
				}
			}
			out[c].Why = "its text is about as close to several questions"
			continue
		}
		best[cands[0].q] = append(best[cands[0].q], cands[0])
	}
	var order []int
	for q := range best {
		order = append(order, q)
	}
	sort.Ints(order)
	for _, q := range order {
		cands := best[q]
		sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
		if len(cands) > 1 && cands[0].score-cands[1].score < CloseTextMargin {
			for _, cd := range cands {
				out[cd.c].Could = []string{qs[q].ID}
				out[cd.c].Why = fmt.Sprintf("several columns are about as close to question %s's text", qs[q].ID)
			}
			continue
		}
		w := cands[0]
		out[w.c].Question, out[w.c].How, out[w.c].Score = qs[q].ID, MatchCloseText, w.score
		taken[q], takenBy[q] = true, columns[w.c]
		for _, cd := range cands[1:] {
			out[cd.c].Could = []string{qs[q].ID}
			out[cd.c].Why = fmt.Sprintf("close to question %s's text, but column %q is closer", qs[q].ID, columns[w.c])
		}
	}
}

// idPrefix splits a header into a leading question word ("Question",
// "Problem", "Exercise", "Ex", "Q", "P" before a digit) and the rest.
var idPrefixWord = regexp.MustCompile(`^(?i:question|problem|exercise|ex|q|p)\s*[#.:]?\s*`)

// idPrefixMatches are the questions whose id a header starts with, followed
// by ")", ".", ":" or the header's end, or after a question word by a space:
// "1a) Output…", "1a. Output…", "Q1a: …", "Question 1a Output…". An id that
// itself starts with a question word and a digit ("Q1", "P2") is looked for
// in the header as it is, as well as after its question word. Only the
// longest ids that fit are kept ("1a)" is 1a, not 1). Case does not count.
func idPrefixMatches(header string, qs []problems.Question) []int {
	h := strings.TrimSpace(header)
	var got []int
	longest := 0
	fits := func(h string, i int, worded bool) {
		id := qs[i].ID
		if id == "" || len(h) < len(id) || !strings.EqualFold(h[:len(id)], id) {
			return
		}
		rest := h[len(id):]
		ok := rest == "" || strings.ContainsAny(rest[:1], ").:") || worded && (rest[0] == ' ' || rest[0] == '\t')
		switch {
		case !ok:
		case len(id) > longest:
			got, longest = []int{i}, len(id)
		case len(id) == longest && !slices.Contains(got, i):
			got = append(got, i)
		}
	}
	after := questionWordEnd(h)
	for i := range qs {
		if after > 0 {
			fits(h[after:], i, true)
			if questionWordEnd(qs[i].ID) > 0 {
				fits(h, i, true) // "Q1: …" for question Q1
			}
		} else {
			fits(h, i, false)
		}
	}
	return got
}

// questionWordEnd is where the digits after a leading question word start
// ("Q1a" 1, "Question 1a" 9), or 0 when s does not start with one.
func questionWordEnd(s string) int {
	if loc := idPrefixWord.FindStringIndex(s); loc != nil && loc[1] < len(s) && s[loc[1]] >= '0' && s[loc[1]] <= '9' {
		return loc[1]
	}
	return 0
}

// NormaliseText is a header or question text as they are compared: Unicode
// compatibility forms folded (NFKC: "×" stays, full-width letters and
// ligatures do not), lower case, typographic quotes, dashes and the minus
// sign written in ASCII, "×" as "x", and every run of white space one space.
func NormaliseText(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case '\u2018', '\u2019', '\u201b', '\u2032':
			r = '\''
		case '\u201c', '\u201d', '\u201f', '\u2033':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
			r = '-'
		case '\u00d7':
			r = 'x'
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// similarity is 1 less the edit distance between a and b over the longer's
// length, in characters (each cut to maxCompared before): 1 for equal
// texts. Only similarities of CloseTextThreshold or more are worked out:
// below it, a bound (under the threshold) is returned. cost is the
// comparisons it made, for closeBudget.
func similarity(a, b []rune) (sim float64, cost int) {
	n := max(len(a), len(b))
	if n == 0 {
		return 1, 0
	}
	// Within the threshold the distance is at most k, so the lengths differ
	// by at most k and only a band of 2k+1 diagonals need be filled.
	k := int((1 - CloseTextThreshold) * float64(n))
	if d := abs(len(a) - len(b)); d > k {
		return float64(n-d) / float64(n), 0
	}
	d := boundedDistance(a, b, k)
	return 1 - float64(d)/float64(n), len(a) * (2*k + 1)
}

// boundedDistance is the edit distance between a and b when it is at most
// k, else k+1 (Ukkonen's band).
func boundedDistance(a, b []rune, k int) int {
	const far = 1 << 30
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = far
		if j <= k {
			prev[j] = j
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		for j := range cur {
			cur[j] = far
		}
		if i <= k {
			cur[0] = i
		}
		best := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return k + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], k+1)
}

// closeBudget bounds the comparisons one file's close matching makes (some
// 50 ms; a form of 30 questions of 150 characters takes a third of it): a
// header is untrusted text, and a file of thousands of long headers must not
// take minutes. The columns left when it is spent are not matched by their
// text, and say so. A variable so that the fuzz target can make it small.
var closeBudget = 20_000_000

// comparedRunes is the part of a normalised text a close match compares.
func comparedRunes(s string) []rune {
	r := []rune(s)
	if len(r) > maxCompared {
		r = r[:maxCompared]
	}
	return r
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// ordinal is 1st, 2nd, 3rd, 4th…
func ordinal(k int) string {
	suffix := "th"
	switch {
	case k%100 >= 11 && k%100 <= 13:
	case k%10 == 1:
		suffix = "st"
	case k%10 == 2:
		suffix = "nd"
	case k%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(k) + suffix
}
