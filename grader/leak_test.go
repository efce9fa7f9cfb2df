package grader

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/submissions"
)

// TestStudentSeesNoKey grades, under the student policy (check, Gradescope),
// many answers to every question of every test set: the key in several
// notations, every slip the diagnosis names, the rubric's known mistakes,
// near misses and random values, unreadable text, and whole submissions
// whose later answers follow from a slip in an earlier one (carry-forward).
// No feedback, read_as or expected a student sees may hold a key value of the
// set (any question's answer, or a size or count of a network's solution that
// no question's text states) in any spelling, except:
//   - what the student wrote themselves (the answer echoed under a caret, its
//     numbers, read_as, the key's sizes in another order of their own answer);
//   - expected beside an answer that is the key, or where show_answer = true;
//   - a rubric's known-mistake feedback, which its author wrote for students.
//
// Every answer's status, score and carry-forward are also those of the
// instructor's grading: the policy changes what is said, not the grade.
//
// Numbers below 10 are not checked (strides, kernels, axis counts and "2 of 3
// axes" are everywhere and reveal nothing), nor 0.
func TestStudentSeesNoKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2))
	type graded struct {
		where   string
		g       *Grader
		q       *gradedQuestion
		secrets secretSet
		result  QuestionResult
	}
	var results []graded
	seen := map[string]bool{} // a result met before (another rubric, another submission) is checked once
	for _, ts := range allTestSets(t) {
		secrets := keySecrets(ts.key)
		for ri, r := range ts.rubrics {
			g := New(ts.key, r)
			g.SelfCheck = true
			instructor := New(ts.key, r)
			for si, sub := range leakSubmissions(g, rng) {
				res := g.Grade(sub)
				// The policy changes what is said, never the grade: check tells a
				// student the status and score the instructor's grading gives.
				full := instructor.Grade(sub)
				for i, qr := range res.Questions {
					if fq := full.Questions[i]; fq.Status != qr.Status || fq.Score != qr.Score || !slices.Equal(fq.CarriedForward, qr.CarriedForward) {
						t.Errorf("%s, %s %q: %s %v under the student policy, %s %v in the instructor's grading",
							ts.name, qr.ID, qr.Answer, qr.Status, qr.Score, fq.Status, fq.Score)
					}
					id := strings.Join([]string{ts.name, strconv.Itoa(ri), qr.ID, qr.Answer, string(qr.Status), qr.Feedback, qr.ReadAs, qr.Expected}, "\x00")
					if seen[id] {
						continue
					}
					seen[id] = true
					where := fmt.Sprintf("%s, rubric %d, submission %d (%s), %s %q (%s)", ts.name, ri, si, sub.Student, qr.ID, qr.Answer, qr.Status)
					results = append(results, graded{where, g, &g.questions[i], secrets, qr})
				}
			}
		}
	}
	t.Run("counts, shapes, receptive fields and numbers", func(t *testing.T) {
		for _, r := range results {
			if r.q.key.Kind != FormulaValue {
				checkNoLeak(t, r.where, r.g, r.q, r.secrets, r.result)
			}
		}
	})
	t.Run("formulas", func(t *testing.T) {
		for _, r := range results {
			if r.q.key.Kind == FormulaValue {
				checkNoLeak(t, r.where, r.g, r.q, r.secrets, r.result)
			}
		}
	})
}

// secretSet is what a student must not be shown: integers, shapes (compared
// as multisets of sizes, so that a key in another axis order is one too),
// real numbers, and the formula keys.
type secretSet struct {
	ints   map[int64]string // value -> whose it is
	shapes []secretShape
	reals  []secretReal
}

type secretShape struct {
	sorted []int64
	whose  string
}

type secretReal struct {
	value float64
	whose string
}

// keySecrets gathers the key values of a set: every question's answer, and
// the sizes and counts of every network's solution (each layer's input and
// output sizes and their products, its weights, biases, parameters, MACs, the
// totals), less the numbers written in the questions' texts, which a student
// sees anyway.
func keySecrets(key *Key) secretSet {
	public := map[int64]bool{}
	for _, q := range key.Set.Questions {
		for _, n := range numbersIn(q.Text) {
			if n == math.Trunc(n) {
				public[int64(n)] = true
			}
		}
	}
	s := secretSet{ints: map[int64]string{}}
	addInt := func(v int64, whose string) {
		if v < 0 {
			v = -v
		}
		if v >= 10 && !public[v] {
			if _, seen := s.ints[v]; !seen {
				s.ints[v] = whose
			}
		}
	}
	addShape := func(shape []int64, whose string) {
		if len(shape) < 2 {
			if len(shape) == 1 {
				addInt(shape[0], whose)
			}
			return
		}
		sorted := slices.Clone(shape)
		slices.Sort(sorted)
		s.shapes = append(s.shapes, secretShape{sorted, whose})
		for _, x := range shape {
			addInt(x, whose+" (a size)")
		}
		addInt(productInt64(shape), whose+" (its values)")
	}
	for i := range key.Answers {
		ka := &key.Answers[i]
		whose := "the key of " + ka.Question.ID
		switch ka.Kind {
		case IntegerValue:
			addInt(ka.Int, whose)
		case ShapeValue:
			addShape(ka.Shape, whose)
		case TupleValue:
			for _, x := range ka.Tuple {
				if x == math.Trunc(x) {
					addInt(int64(x), whose)
				}
			}
		case NumberValue:
			n := ka.formula.number
			if n.IsInt() {
				addInt(n.Rat.Num().Int64(), whose)
			} else if !math.IsNaN(n.Float) && !math.IsInf(n.Float, 0) {
				s.reals = append(s.reals, secretReal{n.Float, whose})
			}
		}
		if ka.network == nil {
			continue
		}
		sol := key.solution(ka)
		for _, l := range sol.Layers {
			whose := fmt.Sprintf("`%s` of network %s", l.Name, ka.network.Name)
			addShape(toInt64s(l.InputShape), whose+"'s input")
			addShape(toInt64s(l.OutputShape), whose+"'s output")
			for _, c := range []int64{l.Weights, l.Biases, l.Params, l.MACs, l.Trainable, l.NonTrainable} {
				addInt(c, whose+"'s count")
			}
		}
		for _, c := range []int64{sol.TotalParams, sol.Trainable, sol.NonTrainable, sol.MACs} {
			addInt(c, "network "+ka.network.Name+"'s total")
		}
	}
	return s
}

func productInt64(s []int64) int64 {
	p := int64(1)
	for _, x := range s {
		p *= x
	}
	return p
}

var (
	// groupedNumber is a number as text spells it: digits in groups of three
	// (146,378, 146 378 with any space), a decimal part, an exponent (1.46378e5).
	groupedNumber = regexp.MustCompile(`\d{1,3}(?:[,\x{00A0}\x{2009}\x{202F} ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`)
	// tupleText is a shape as text spells it: sizes joined by ×, x, X, * or
	// "by" (60 × 60 × 32, 60x60x32), or by commas, bracketed or not
	// ((60, 60, 32), [60, 60, 32], 60,60,32).
	digitRun   = regexp.MustCompile(`\d+`)
	bareNumber = regexp.MustCompile(`^[\d.]+$`)
	decimal    = regexp.MustCompile(`\d+\.\d+`)
	anyNumber  = regexp.MustCompile(`\d+(?:\.\d+)?(?:e[-+]?\d+)?`)
	vectorAt   = regexp.MustCompile(`[\p{L}_][\p{L}\d_]*\s*=\s*\([-\d., …e+]+\)`)
	scalarAt   = regexp.MustCompile(`[\p{L}_][\p{L}\d_]*\s*=\s*[-\d.]+`)
	tupleText  = regexp.MustCompile(`\d[\d,\x{00A0}\x{2009}\x{202F}]*(?:\s*(?:×|x|X|\*|by|\\times)\s*\d[\d,\x{00A0}\x{2009}\x{202F}]*)+|[(\[]\s*\d+(?:\s*,\s*\d+)+\s*,?\s*[)\]]|\d+(?:,\s?\d+)+`)
)

// groupSeparators are the characters that group thousands in groupedNumber.
var groupSeparators = strings.NewReplacer(",", "", " ", "", "\u00a0", "", "\u2009", "", "\u202f", "")

// numbersIn reads every number in text, thousands groups and exponents included.
func numbersIn(text string) []float64 {
	var out []float64
	for _, m := range groupedNumber.FindAllString(text, -1) {
		clean := groupSeparators.Replace(m)
		if f, err := strconv.ParseFloat(clean, 64); err == nil {
			out = append(out, f)
		}
	}
	return out
}

// tuplesIn reads every shape written in text.
func tuplesIn(text string) [][]int64 {
	var out [][]int64
	for _, m := range tupleText.FindAllString(text, -1) {
		if s, err := answer.ReadShape(m); err == nil && len(s) >= 2 {
			out = append(out, s)
		}
		// Sizes separated by commas are also one list: "60,60,32".
		var sizes []int64
		for _, f := range digitRun.FindAllString(m, -1) {
			n, _ := strconv.ParseInt(f, 10, 64)
			sizes = append(sizes, n)
		}
		if len(sizes) >= 2 {
			out = append(out, sizes)
		}
	}
	return out
}

// checkNoLeak checks one question's result as a student sees it.
func checkNoLeak(t *testing.T, where string, g *Grader, q *gradedQuestion, secrets secretSet, qr QuestionResult) {
	t.Helper()
	ka := q.key
	got, readErr := readAnswer(q, qr.Answer)
	read := qr.Answer != "" && readErr == nil
	// The student's own numbers and sizes may come back to them.
	own := map[int64]bool{}
	for _, n := range numbersIn(qr.Answer) {
		own[int64(math.Floor(n))], own[int64(math.Ceil(n))] = true, true // 146378.5 may come back as 146378
	}
	for _, d := range digitRun.FindAllString(qr.Answer, -1) {
		n, _ := strconv.ParseInt(d, 10, 64)
		own[n] = true // "-32,765" may be read as two sizes, -32 and 765
	}
	ownReals := numbersIn(qr.Answer)
	if read && ka.Kind == NumberValue {
		ownReals = append(ownReals, math.Abs(got.number.Float))
	}
	var ownShapes [][]int64
	for _, s := range tuplesIn(qr.Answer) {
		ownShapes = append(ownShapes, sortedCopy(s))
	}
	if read {
		own[got.count] = true
		for _, x := range got.shape {
			own[x] = true
		}
		if len(got.shape) > 0 {
			own[productInt64(got.shape)] = true
			ownShapes = append(ownShapes, sortedCopy(got.shape))
		}
	}
	feedback := qr.Feedback
	// The answer form's example in an error is no key (nn.AnswerForm.Expected).
	if ka.Question.Ask != nil {
		feedback = strings.ReplaceAll(feedback, "expected "+ka.Question.Ask.Form.Expected(), "")
	}
	// The number reader's example is no key either (its 10 is the base of the exponent).
	feedback = strings.ReplaceAll(feedback, "expected a number such as 0.25, 1/4, 2.5e-3 or 2.5 × 10^-3", "")
	for _, m := range q.mistakes {
		feedback = strings.ReplaceAll(feedback, m.Feedback, "") // the rubric author's words
	}
	if ka.Kind == FormulaValue && read {
		// The "read as" note is the student's own answer written back.
		feedback = strings.ReplaceAll(feedback, "Read as "+got.formula.String()+".", "")
	}
	for field, text := range map[string]string{"feedback": feedback, "read_as": qr.ReadAs} {
		if whose, leaked := leakIn(text, secrets, own, ownShapes, ownReals); leaked {
			t.Errorf("%s: %s shows %s:\n%s", where, field, whose, text)
		}
	}
	// read_as is the student's formula written back: only the feedback can
	// say something of the key's.
	if ka.Kind == FormulaValue && read {
		if what, leaked := formulaLeak(q, got, feedback); leaked {
			t.Errorf("%s: feedback shows %s:\n%s", where, what, feedback)
		}
	}
	if qr.Expected != "" {
		s := q.settings
		right := false
		if read {
			right, _, _ = ka.kind.compare(q, got)
			if sl, ok := g.slipFor(q, got); ok && sl.reorder != noReorder && qr.Status == Correct {
				right = true // the key's sizes in an order the rubric accepts
			}
		}
		if !right && (s.ShowAnswer == nil || !*s.ShowAnswer) {
			t.Errorf("%s: expected %q shown with an answer that is not the key", where, qr.Expected)
		}
		if qr.Expected != ka.Display {
			t.Errorf("%s: expected %q, but the key is %q", where, qr.Expected, ka.Display)
		}
	}
}

func sortedCopy(s []int64) []int64 {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// leakIn finds a secret in text that is not the student's own.
func leakIn(text string, secrets secretSet, own map[int64]bool, ownShapes [][]int64, ownReals []float64) (string, bool) {
	for _, tuple := range tuplesIn(text) {
		sorted := sortedCopy(tuple)
		if slices.ContainsFunc(ownShapes, func(o []int64) bool { return slices.Equal(o, sorted) }) {
			continue
		}
		for _, s := range secrets.shapes {
			if slices.Equal(s.sorted, sorted) {
				return fmt.Sprintf("%v, %s", tuple, s.whose), true
			}
		}
	}
	for _, n := range numbersIn(text) {
		if n == math.Trunc(n) && math.Abs(n) < 1<<62 {
			v := int64(math.Abs(n))
			if whose, ok := secrets.ints[v]; ok && !own[v] {
				return fmt.Sprintf("%d, %s", v, whose), true
			}
		}
		for _, r := range secrets.reals {
			if agreesToPrintedDigits(n, r.value) && !slices.ContainsFunc(ownReals, func(o float64) bool { return agreesToPrintedDigits(n, o) }) {
				return fmt.Sprintf("%g, %s", n, r.whose), true
			}
		}
	}
	return "", false
}

// agreesToPrintedDigits reports whether printed, with at least three
// significant digits, is value rounded: 2.3026 for ln 10.
func agreesToPrintedDigits(printed, value float64) bool {
	if printed == 0 || value == 0 {
		return false
	}
	s := strconv.FormatFloat(printed, 'g', -1, 64)
	digits := len(strings.TrimLeft(strings.NewReplacer(".", "", "-", "").Replace(strings.SplitN(s, "e", 2)[0]), "0"))
	if digits < 3 {
		return false
	}
	lead := math.Floor(math.Log10(math.Abs(printed)))
	halfUnit := math.Pow(10, lead-float64(digits)+1) / 2
	return math.Abs(printed-value) <= halfUnit*(1+1e-9)
}

// formulaLeak finds, in the feedback on a wrong formula, the key itself or
// what the answer lacks to be the key (the missing term, ±(key − answer)), as
// any span of words that reads as an expression in the question's variables,
// or a real number that is no coordinate of a point: a value of the key or of
// the difference there.
func formulaLeak(q *gradedQuestion, got reading, text string) (string, bool) {
	fk := q.formula
	env := fk.env
	if right, _, _ := q.key.kind.compare(q, got); right {
		return "", false
	}
	diff, err := env.Parse("(" + fk.answer.String() + ") - (" + got.formula.String() + ")")
	if err != nil {
		return "", false
	}
	var smallOrder *regexp.Regexp // a power of an asymptotic question's small variable
	if small := q.key.Question.Small; small != "" {
		smallOrder = regexp.MustCompile(`^` + regexp.QuoteMeta(small) + `(\^\d+)?$`)
	}
	words := strings.Fields(text)
	trim := func(w string) string { return strings.Trim(w, ".,;:!?\"'`") }
	for i := range words {
		for j := i + 1; j <= len(words) && j <= i+12; j++ {
			span := trim(strings.Join(words[i:j], " "))
			if span == "" || bareNumber.MatchString(span) {
				continue // a bare number: no term of a key
			}
			if smallOrder != nil && smallOrder.MatchString(span) {
				continue // an order of the small variable ("shrinks like eps^1"), not a term of the key
			}
			if isName := slices.Contains(env.Names(), span); isName && (i == 0 || !slices.Contains([]string{"missing", "extra", "lacks"}, trim(words[i-1]))) {
				continue // a variable named ("as eps → 0"), not a term said to be missing or extra
			}
			x, err := env.Parse(span)
			if err != nil {
				continue
			}
			if env.Compare(fk.answer, x).Equivalent {
				return fmt.Sprintf("the key (%q)", span), true
			}
			if env.Compare(diff, x).Equivalent {
				return fmt.Sprintf("what the answer lacks, key − answer (%q)", span), true
			}
			if neg, err := env.Parse("-(" + span + ")"); err == nil && env.Compare(diff, neg).Equivalent {
				return fmt.Sprintf("what the answer has too much, answer − key (%q)", span), true
			}
		}
	}
	// An asymptotic question's wording may name whole orders of its small
	// variable ("shrinks like eps^1, but must be O(eps^2)") and numbers the
	// question states, nothing else: lhs − answer near 0 is the key's
	// expansion less the answer, and its size ("off by about 2") or any value
	// at a point says what to add. Not even the answer's own numbers: the
	// "read as" note is gone, and "off by about 1" on eps + 1 is the key's
	// constant all the same.
	if q.key.Question.Kind == problems.KindAsymptotic {
		small := regexp.QuoteMeta(q.key.Question.Small)
		orders := regexp.MustCompile(small + `\^\d+|` + small + ` *→ *0`)
		stripped := orders.ReplaceAllString(text, "")
		allowed := numbersIn(q.key.Question.Text)
		for _, m := range anyNumber.FindAllString(stripped, -1) {
			f, _ := strconv.ParseFloat(m, 64)
			if !slices.Contains(allowed, f) {
				return fmt.Sprintf("a number computed from the key (%s)", m), true
			}
		}
		return "", false
	}
	// A real number that is neither a point's coordinate ("p = 0.5") nor in the
	// question or the answer is a value computed from the key. (Not for an
	// identity question: its values at a point are lhs's, which the question
	// states.)
	if q.key.Question.Kind == problems.KindIdentity {
		return "", false
	}
	stripped := vectorAt.ReplaceAllString(text, "")    // a vector's coordinates
	stripped = scalarAt.ReplaceAllString(stripped, "") // a scalar's
	allowed := append(numbersIn(q.key.Question.Text), numbersIn(got.formula.String())...)
	for _, m := range decimal.FindAllString(stripped, -1) {
		f, _ := strconv.ParseFloat(m, 64)
		if !slices.Contains(allowed, f) {
			return fmt.Sprintf("a value computed from the key (%s)", m), true
		}
	}
	return "", false
}

// leakSubmissions are the submissions TestStudentSeesNoKey grades: the k-th
// holds the k-th answer of every question's list (where carry-forward is on,
// an answer may then be credited from another's), and whole submissions
// whose answers follow from a slip upstream.
func leakSubmissions(g *Grader, rng *rand.Rand) []*submissions.Submission {
	lists := make([][]string, len(g.questions))
	longest := 0
	for i := range g.questions {
		lists[i] = leakAnswers(g, &g.questions[i], rng)
		longest = max(longest, len(lists[i]))
	}
	subs := []*submissions.Submission{{Student: "nothing", Answers: map[string]string{}}}
	for k := range longest {
		sub := &submissions.Submission{Student: fmt.Sprintf("s%d", k), Answers: map[string]string{}}
		for i, list := range lists {
			if k < len(list) {
				sub.Answers[g.questions[i].key.Question.ID] = list[k]
			}
		}
		subs = append(subs, sub)
	}
	return append(subs, carriedSubmissions(g)...)
}

// unreadableAnswers cannot be read as any kind of answer.
var unreadableAnswers = []string{"sum", `\sum_i`, "60 × × 32", "24,32", "(1,,2)", "1,46,378", "two thousand", "k^^2", "sum(", "((((", "1e999999", "146378.5", "size 5, jump", "=", "12 544 per layer"}

// leakAnswers are answers to one question in every form the grader treats.
func leakAnswers(g *Grader, q *gradedQuestion, rng *rand.Rand) []string {
	ka := q.key
	out := slices.Clone(unreadableAnswers)
	for _, m := range q.mistakes {
		out = append(out, m.Answer)
	}
	for _, s := range g.slipAnswers(q) {
		out = append(out, readingText(ka, s))
	}
	switch ka.Kind {
	case IntegerValue:
		n := ka.Int
		out = append(out, FormatInt(n), strconv.FormatInt(n, 10), strings.ReplaceAll(FormatInt(n), ",", " "),
			"P = "+strconv.FormatInt(n, 10), `$\boxed{`+FormatInt(n)+`}$`, strconv.FormatInt(n+1, 10), strconv.FormatInt(n-1, 10))
		if n != 0 {
			out = append(out, strconv.FormatFloat(float64(n), 'e', -1, 64))
		}
		for _, r := range nearMisses(g, q, rng) {
			if rng.IntN(8) == 0 {
				out = append(out, FormatInt(r.count))
			}
		}
	case ShapeValue:
		s := ka.Shape
		out = append(out, FormatShape(s), nn.FormatMatrix(s), strings.ReplaceAll(FormatShape(s), " × ", "x"),
			"["+strings.Trim(strings.ReplaceAll(fmt.Sprint(s), " ", ", "), "[]")+"]")
		for _, r := range nearMisses(g, q, rng) {
			if rng.IntN(8) == 0 {
				out = append(out, ka.Question.Ask.DisplayShape(r.shape))
			}
		}
	case TupleValue:
		out = append(out, ka.Display, fmt.Sprintf("(%g, %g, %g)", ka.Tuple[0], ka.Tuple[1], ka.Tuple[2]),
			fmt.Sprintf("(%g, %g, %g)", ka.Tuple[0]+1, ka.Tuple[1], ka.Tuple[2]), "(1, 1, 0)")
	case NumberValue:
		out = append(out, ka.Display, "1", "0.5", "1e6")
		for _, r := range nearMisses(g, q, rng) {
			if rng.IntN(16) == 0 {
				out = append(out, readingText(ka, r))
			}
		}
	case FormulaValue:
		key := ka.formula.answer.String()
		out = append(out, key, strings.ReplaceAll(key, " ", ""), "("+key+")*2", "("+key+")/4", "("+key+")+1", "-("+key+")", "0", "1")
		// Each term left out: "missing k·m + m" is the diagnosis to keep from a student.
		terms := strings.Split(key, " + ")
		for i := range terms {
			if len(terms) > 1 {
				out = append(out, strings.Join(slices.Delete(slices.Clone(terms), i, i+1), " + "))
			}
		}
		for _, v := range ka.formula.vars {
			out = append(out, "("+key+")*"+v.Name, "("+key+")+"+v.Name)
		}
		if small := ka.Question.Small; ka.Question.Kind == problems.KindAsymptotic {
			// A wrong constant ("off by about 2" told what to subtract), a
			// wrong coefficient, and a difference that grows as small → 0.
			out = append(out, "("+key+")+2", "("+key+")-0.5", "("+key+")+3/7", "3*("+key+")", "("+key+")*1.5+2",
				"("+key+")+1/"+small, "("+key+")+"+small+"^2/4")
		}
	}
	return out
}

// readingText writes a read answer back as a student would type it.
func readingText(ka *KeyAnswer, r reading) string {
	switch ka.Kind {
	case IntegerValue:
		return FormatInt(r.count)
	case ShapeValue:
		return ka.Question.Ask.DisplayShape(r.shape)
	case NumberValue:
		if r.number.Rat != nil {
			return answer.Number{Rat: r.number.Rat}.Decimal()
		}
		return strconv.FormatFloat(r.number.Float, 'g', -1, 64)
	}
	return ""
}

// carriedSubmissions answer every network question of a set as a student
// who made one slip upstream and carried it through would: each is the key
// of the network with one change (the input two pixels larger, a layer's
// filters or units doubled, a pool's rounding flipped), so that later answers
// are credited by carry-forward and their notes speak of earlier questions.
func carriedSubmissions(g *Grader) []*submissions.Submission {
	type change struct {
		name  string
		apply func(net *nn.Network) bool
	}
	changes := []change{{"input", func(net *nn.Network) bool {
		for i := 0; i < len(net.Input)-1; i++ {
			net.Input[i] += 2
		}
		return len(net.Input) > 1
	}}}
	maxLayers := 0
	for i := range g.questions {
		if net := g.questions[i].key.network; net != nil {
			maxLayers = max(maxLayers, len(net.Layers))
		}
	}
	for j := range maxLayers {
		changes = append(changes, change{fmt.Sprintf("layer %d", j), func(net *nn.Network) bool {
			if j >= len(net.Layers) {
				return false
			}
			l := &net.Layers[j]
			switch {
			case l.Filters > 0:
				l.Filters *= 2
			case l.Units > 0:
				l.Units *= 2
			case isPool(l.Type) && l.PaddingMode == "":
				l.CeilMode = !l.CeilMode
			default:
				return false
			}
			return true
		}})
	}
	var subs []*submissions.Submission
	for _, c := range changes {
		answers := map[string]string{}
		for i := range g.questions {
			ka := g.questions[i].key
			if ka.network == nil {
				continue
			}
			net := *ka.network
			net.Input = slices.Clone(net.Input)
			net.Layers = slices.Clone(net.Layers)
			if !c.apply(&net) {
				continue
			}
			sol, err := nn.Solve(net)
			if err != nil {
				continue
			}
			v, err := ka.Question.Ask.Value(sol, ka.layerIndex)
			if err != nil || ka.Kind == TupleValue {
				continue
			}
			answers[ka.Question.ID] = ka.Question.Ask.Display(v)
		}
		if len(answers) > 0 {
			subs = append(subs, &submissions.Submission{Student: "carried " + c.name, Answers: answers})
		}
	}
	return subs
}
