package grader

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/answer"
	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

// testSalt is a fixed salt, so that editions in tests are the same every run.
var testSalt = []byte("0123456789abcdef0123456789abcdef")

// sealedSets are the sets the student edition is tested on, each under each
// of its rubrics and under a loose rubric that exercises the cells (explicit
// tolerances, sig_figs, partial shapes, order credits, carry-forward and
// answers shown), each keeping the questions a sealer takes.
func sealedSets(t *testing.T) []struct {
	name string
	key  *Key
	r    *rubrics.Rubric
} {
	t.Helper()
	type set = struct {
		name string
		key  *Key
		r    *rubrics.Rubric
	}
	loose := rubrics.Default()
	loose.Defaults.RelTol = 0.02
	loose.Defaults.AbsTol = 0.001
	loose.Defaults.PartialShape = true
	loose.Defaults.PartialShapeCredit = 0.5
	loose.Defaults.ChannelsFirstCredit = 0.25
	loose.Defaults.CarryForward = true
	loose.Defaults.SigFigs = 3
	show := true
	loose.Defaults.ShowAnswer = &show
	var out []set
	for _, ts := range allTestSets(t) {
		key := sealablePart(ts.key)
		if len(key.Answers) == 0 {
			continue
		}
		for i, r := range append(slices.Clone(ts.rubrics), loose) {
			if !tooWideToSeal(key, r) {
				out = append(out, set{fmt.Sprintf("%s#%d", ts.name, i), key, r})
			}
		}
	}
	return out
}

// tooWideToSeal reports whether a rubric gives a question a rel_tol Publish
// refuses (TestPublishRefusesAWideTolerance).
func tooWideToSeal(key *Key, r *rubrics.Rubric) bool {
	for _, ka := range key.Answers {
		if r.For(ka.Question.ID).RelTol >= maxRelTol {
			return true
		}
	}
	return false
}

func TestPublishRefusesAWideTolerance(t *testing.T) {
	key := sealablePart(solveFile(t, "testdata/numbers.toml"))
	r := rubrics.Default()
	r.Defaults.RelTol = 0.5
	_, err := Publish(key, r, testSalt)
	if err == nil || !strings.Contains(err.Error(), "rel_tol = 0.5 is too wide to seal") {
		t.Errorf("rel_tol = 0.5: %v", err)
	}
	if _, err := Publish(key, nil, []byte("short")); err == nil || !strings.Contains(err.Error(), "salt of at least 16 bytes") {
		t.Errorf("a 5-byte salt: %v", err)
	}
}

// sealablePart is key without the questions no sealer takes yet.
func sealablePart(key *Key) *Key {
	out := *key
	out.Answers = nil
	for _, ka := range key.Answers {
		if _, ok := sealers[formOf(&ka)]; ok {
			out.Answers = append(out.Answers, ka)
		}
	}
	return &out
}

func publishTest(t *testing.T, key *Key, r *rubrics.Rubric) (*StudentEdition, []byte) {
	t.Helper()
	ed, err := Publish(key, r, testSalt)
	if err != nil {
		t.Fatal(err)
	}
	src, err := ed.Encode()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadStudentEdition("test.student.toml", src)
	if err != nil {
		t.Fatalf("the published edition does not load: %v\n%s", err, src)
	}
	return loaded, src
}

// classAnswers are the answers tried on a question: the key in many
// notations, every slip and known mistake, wrong answers near and far, and
// answers that cannot be read.
func classAnswers(g *Grader, q *gradedQuestion, rng *rand.Rand) []string {
	ka := q.key
	var out []string
	for _, m := range q.mistakes {
		out = append(out, m.Answer)
	}
	out = append(out, "", "   ", "abc", "12 ×× 3", "(", "1e999999")
	switch ka.Kind {
	case IntegerValue:
		n := ka.Int
		out = append(out, strconv.FormatInt(n, 10), FormatInt(n), strings.ReplaceAll(FormatInt(n), ",", " "), fmt.Sprintf("\\boxed{%d}", n), fmt.Sprintf("%d.0", n))
		for _, r := range g.slipAnswers(q) {
			out = append(out, FormatInt(r.count))
		}
		for range 12 {
			out = append(out, strconv.FormatInt(n+rng.Int64N(2*n+20)-n-10, 10))
		}
		if n > 1 {
			out = append(out, strconv.FormatInt(n/2, 10), strconv.FormatInt(n*3, 10))
		}
	case ShapeValue:
		s := ka.Shape
		out = append(out, FormatShape(s), shapeRaw(s), strings.ReplaceAll(FormatShape(s), " × ", "x"), "["+shapeCanonical(s)+"]")
		for _, r := range g.slipAnswers(q) {
			out = append(out, shapeRaw(r.shape))
		}
		for range 16 {
			w := slices.Clone(s)
			for i := range w {
				if rng.IntN(2) == 0 {
					w[i] += rng.Int64N(5) - 2
				}
			}
			out = append(out, shapeRaw(w))
		}
		out = append(out, shapeRaw(append(slices.Clone(s), 1)), shapeRaw(s[:len(s)-1+min(1, len(s)-1)]), shapeRaw(channelsFirst(s)))
		// Every number of axes the reader reads, 9 and more included (the
		// sealed check once said "has 9" for 10 and 12), in both notations.
		for axes := 1; axes <= answer.MaxAxes; axes++ {
			w := make([]int64, axes)
			for i := range w {
				w[i] = 1 + rng.Int64N(3)
			}
			out = append(out, shapeRaw(w), strings.ReplaceAll(FormatShape(w), " × ", "x"))
		}
	case TupleValue:
		out = append(out, tupleRaw(ka.Tuple), fmt.Sprintf("size %g, jump %g, start %g", ka.Tuple[0], ka.Tuple[1], ka.Tuple[2]))
		for range 12 {
			w := slices.Clone(ka.Tuple)
			for i := range w {
				switch rng.IntN(4) {
				case 0:
					w[i] += float64(rng.IntN(3) - 1)
				case 1:
					w[i] *= 1 + (rng.Float64()-0.5)*0.01
				case 2:
					w[i] *= 1 + (rng.Float64()-0.5)*0.1
				}
			}
			out = append(out, tupleRaw(w))
		}
	case FormulaValue:
		out = append(out, formulaAnswers(q, rng)...)
	case NumberValue:
		k := ka.formula.number
		out = append(out, ka.Display, strconv.FormatFloat(k.Float, 'g', -1, 64), strconv.FormatFloat(k.Float, 'e', 5, 64), strconv.FormatFloat(k.Float, 'g', 3, 64), strconv.FormatFloat(k.Float, 'g', 4, 64))
		for d := 1; d <= 10; d++ {
			out = append(out, strconv.FormatFloat(k.Float, 'g', d, 64))
		}
		for _, r := range g.slipAnswers(q) {
			out = append(out, numberRaw(r.number.Rat, r.number.Float))
		}
		for _, f := range []float64{1.5, 2, 0.5, 10, 0.1, -1, 1.001, 0.999, 1.03, 0.97, 1.0000001} {
			out = append(out, strconv.FormatFloat(k.Float*f, 'g', -1, 64))
		}
		for range 12 {
			out = append(out, strconv.FormatFloat(k.Float*(1+(rng.Float64()-0.5)*math.Pow(10, -float64(rng.IntN(8)))), 'g', -1, 64))
		}
		if k.Rat != nil {
			out = append(out, new(big.Rat).Add(k.Rat, big.NewRat(1, 1000)).RatString(), new(big.Rat).Sub(k.Rat, big.NewRat(1, 3)).RatString())
		}
	}
	return out
}

// TestSealedAgreesWithFullGrading checks, for a generated class, that the
// sealed check gives every answer full grading's status, score, feedback,
// expected answer and reading under the student policy, on every question
// full grading does not credit by carry-forward (there the sealed check adds
// its note instead).
func TestSealedAgreesWithFullGrading(t *testing.T) {
	for _, set := range sealedSets(t) {
		t.Run(set.name, func(t *testing.T) {
			ed, _ := publishTest(t, set.key, set.r)
			sg, err := NewSealedGrader(ed)
			if err != nil {
				t.Fatal(err)
			}
			g := New(set.key, set.r)
			g.SelfCheck = true
			rng := rand.New(rand.NewPCG(1, 2))
			pools := map[string][]string{}
			var subs []*submissions.Submission
			for i := range g.questions {
				q := &g.questions[i]
				pool := classAnswers(g, q, rng)
				pools[q.key.Question.ID] = pool
				for _, a := range pool {
					subs = append(subs, &submissions.Submission{Student: "one", Answers: map[string]string{q.key.Question.ID: a}})
				}
			}
			// Whole submissions mixing answers, for carry-forward.
			for s := range 150 {
				sub := &submissions.Submission{Student: fmt.Sprint("mix", s), Answers: map[string]string{}}
				for id, pool := range pools {
					sub.Answers[id] = pool[rng.IntN(len(pool))]
				}
				subs = append(subs, sub)
			}
			if bundled, err := bundledclasses.Class(set.key.Set.ID); err == nil {
				subs = append(subs, bundled...)
			}
			compared, carried, band := 0, 0, 0
			reported := map[string]bool{}
			for _, sub := range subs {
				full, sealed := g.Grade(sub), sg.Grade(sub)
				for i, fq := range full.Questions {
					sq := sealed.Questions[i]
					if len(fq.CarriedForward) > 0 {
						carried++
						continue
					}
					compared++
					// The carry-forward note names only the questions this one
					// follows from that the same check did not find correct
					// (full grading may have credited one by carry-forward).
					var from []string
					for _, id := range ed.Questions[i].CarryFrom {
						if sealed.Questions[slices.IndexFunc(sealed.Questions, func(q QuestionResult) bool { return q.ID == id })].Status != Correct {
							from = append(from, id)
						}
					}
					note := carryNote(from)
					feedback := sq.Feedback
					if note != "" {
						feedback = strings.TrimSuffix(strings.TrimSuffix(feedback, note), "\n")
					}
					if sq.Status == Review && fq.Status != Review && nearWindowEdge(g, &g.questions[i], &ed.Questions[i], fq.Answer) {
						band++
						continue
					}
					if fq.Status != sq.Status || fq.Score != sq.Score || fq.Feedback != feedback || fq.Expected != sq.Expected || fq.ReadAs != sq.ReadAs {
						if reported[fq.ID+"\x00"+fq.Answer] {
							continue
						}
						reported[fq.ID+"\x00"+fq.Answer] = true
						t.Errorf("%s %q:\nfull:   %s %v %q expected %q read as %q\nsealed: %s %v %q expected %q read as %q",
							fq.ID, fq.Answer, fq.Status, fq.Score, fq.Feedback, fq.Expected, fq.ReadAs, sq.Status, sq.Score, sq.Feedback, sq.Expected, sq.ReadAs)
					}
				}
			}
			t.Logf("%d answers compared, %d credited by carry-forward, %d reviewed in the band at a window's edge", compared, carried, band)
			if band*50 > compared {
				t.Errorf("%d of %d answers reviewed: the band at the windows' edges is too wide", band, compared)
			}
		})
	}
}

// nearWindowEdge reports whether an answer to a real-valued question lies
// within two cells of the edge of the key's or a known mistake's window: the
// band where the sealed check may say review.
func nearWindowEdge(g *Grader, q *gradedQuestion, sq *StudentQuestion, raw string) bool {
	got, err := readAnswer(q, raw)
	if err != nil {
		return false
	}
	var centers, values [][]float64
	switch q.key.Kind {
	case NumberValue:
		centers = append(centers, []float64{q.formula.number.Float})
		for _, m := range q.mistakes {
			centers = append(centers, []float64{m.answer.number.Float})
		}
		values = [][]float64{{got.number.Float}}
	case TupleValue:
		centers = append(centers, q.key.Tuple)
		for _, m := range q.mistakes {
			var c []float64
			for _, x := range m.answer.tuple {
				c = append(c, x.Float)
			}
			centers = append(centers, c)
		}
		var v []float64
		for _, x := range got.tuple {
			v = append(v, x.Float)
		}
		values = [][]float64{v}
	default:
		return false
	}
	s := q.settings
	for _, c := range centers {
		for i, k := range c {
			if i >= len(values[0]) {
				break
			}
			x := values[0][i]
			if sq.RelStep > 0 && k != 0 && x != 0 {
				d := math.Log(math.Abs(x)) - math.Log(math.Abs(k))
				if math.Abs(d-math.Log1p(s.RelTol)) <= 2*sq.RelStep || math.Abs(d-math.Log1p(-s.RelTol)) <= 2*sq.RelStep {
					return true
				}
			}
			if sq.AbsStep > 0 && math.Abs(math.Abs(x-k)-s.AbsTol) <= 2*sq.AbsStep {
				return true
			}
		}
	}
	return false
}

// TestSealedWindowsSweep sweeps answers across the windows of number keys
// (a fraction, an irrational value, a whole number, a negative value) under
// relative, absolute and mixed tolerances: the sealed check must agree with
// full grading everywhere but in the band of one cell at each window's edge,
// where it says review, and that band must be thin.
func TestSealedWindowsSweep(t *testing.T) {
	src := `id = "w"
[[questions]]
id = "frac"
kind = "number"
answer = "1/4"
[[questions]]
id = "irr"
kind = "number"
answer = "ln(10)"
[[questions]]
id = "whole"
kind = "number"
answer = "146378"
[[questions]]
id = "neg"
kind = "number"
answer = "-7/3"
`
	set, err := problems.Load("w.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	for _, tol := range []struct{ rel, abs float64 }{{0.02, 0}, {0, 0.01}, {0.001, 0.05}, {1e-9, 0}} {
		r := rubrics.Default()
		r.Defaults.RelTol, r.Defaults.AbsTol = tol.rel, tol.abs
		ed, _ := publishTest(t, key, r)
		sg, err := NewSealedGrader(ed)
		if err != nil {
			t.Fatal(err)
		}
		g := New(key, r)
		g.SelfCheck = true
		reviews, total := 0, 0
		for i, ka := range key.Answers {
			k := ka.formula.number.Float
			width := math.Max(tol.abs, tol.rel*math.Abs(k))
			for step := -250; step <= 250; step++ {
				x := k + width*1.5*float64(step)/250
				raw := strconv.FormatFloat(x, 'g', 12, 64)
				sub := &submissions.Submission{Answers: map[string]string{ka.Question.ID: raw}}
				full, sealed := g.Grade(sub).Questions[i], sg.Grade(sub).Questions[i]
				total++
				if sealed.Status == Review && full.Status != Review {
					if !nearWindowEdge(g, &g.questions[i], &ed.Questions[i], raw) {
						t.Errorf("rel %g abs %g, %s = %s: review away from the window's edge (full grading: %s)", tol.rel, tol.abs, ka.Question.ID, raw, full.Status)
					}
					reviews++
					continue
				}
				if tol.abs > 0 && sealed.Feedback == "" && full.Status == sealed.Status && full.Score == sealed.Score &&
					withinAbsOfSlip(g, &g.questions[i], raw) {
					continue // abs_tol's part of a slip's window is not sealed (FORMAT.md)
				}
				if full.Status != sealed.Status || full.Score != sealed.Score || full.Feedback != sealed.Feedback || full.Expected != sealed.Expected {
					t.Errorf("rel %g abs %g, %s = %s:\nfull:   %s %v %q %q\nsealed: %s %v %q %q", tol.rel, tol.abs, ka.Question.ID, raw,
						full.Status, full.Score, full.Feedback, full.Expected, sealed.Status, sealed.Score, sealed.Feedback, sealed.Expected)
				}
			}
		}
		if reviews*20 > total {
			t.Errorf("rel %g abs %g: %d of %d answers reviewed", tol.rel, tol.abs, reviews, total)
		}
		t.Logf("rel %g abs %g: %d of %d reviewed", tol.rel, tol.abs, reviews, total)
	}
}

// withinAbsOfSlip reports whether an answer is within abs_tol of one of the
// question's "N times" slips but not within rel_tol of it: where the sealed
// check does not name the slip.
func withinAbsOfSlip(g *Grader, q *gradedQuestion, raw string) bool {
	got, err := readAnswer(q, raw)
	if err != nil {
		return false
	}
	s := q.settings
	for _, sl := range numberSlips(q.key) {
		d := math.Abs(got.number.Float - sl.answer.number.Float)
		if d <= s.AbsTol*(1+1e-9) && d > s.RelTol*math.Abs(sl.answer.number.Float) {
			return true
		}
	}
	return false
}

// TestSealedRead checks the live preview: how an answer is read, as full
// grading reads it, or the reader's error with its caret.
func TestSealedRead(t *testing.T) {
	key := sealablePart(solveBundled(t, "hw8"))
	ed, _ := publishTest(t, key, bundledRubric(t))
	sg, err := NewSealedGrader(ed)
	if err != nil {
		t.Fatal(err)
	}
	g := New(key, bundledRubric(t))
	for _, c := range []struct{ id, raw, want string }{
		{"1a", "60x60x32", "60 × 60 × 32"},
		{"1b", "2432", "2,432"},
		{"1g", "12,544", "12544"}, // a flattened size, written as the key writes it
		{"1j", "[12544, 10]", "(12544, 10)"},
	} {
		got, err := sg.Read(c.id, c.raw)
		if err != nil || got != c.want {
			t.Errorf("Read(%s, %q) = %q, %v; want %q", c.id, c.raw, got, err, c.want)
		}
	}
	for _, c := range []struct{ id, raw string }{{"1a", "60 × × 32"}, {"1b", "24x32"}, {"1j", "(12544,"}} {
		_, err := sg.Read(c.id, c.raw)
		q := &g.questions[slices.IndexFunc(g.questions, func(q gradedQuestion) bool { return q.key.Question.ID == c.id })]
		_, want := readAnswer(q, c.raw)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("Read(%s, %q): %v; full grading reads: %v", c.id, c.raw, err, want)
		}
	}
	if _, err := sg.Read("9z", "1"); !errors.Is(err, ErrNoSuchQuestion) {
		t.Errorf("Read of an unknown question: %v", err)
	}
}

// TestSealedCarryNoteNamesOnlyWrongSources: the carry-forward note on a wrong
// answer names only the questions it follows from that the same submission
// did not answer correctly, and is not said when they were all right (the
// trial found "check 1a first" with 1a checked correct beside it).
func TestSealedCarryNoteNamesOnlyWrongSources(t *testing.T) {
	key := solveBundled(t, "hw8")
	ed, _ := publishTest(t, key, bundledRubric(t))
	sg, err := NewSealedGrader(ed)
	if err != nil {
		t.Fatal(err)
	}
	g := New(key, bundledRubric(t))
	display := map[string]string{}
	for _, ka := range key.Answers {
		display[ka.Question.ID] = ka.Display
	}
	rng := rand.New(rand.NewPCG(7, 7))
	checked, several := 0, 0
	for i, sq := range ed.Questions {
		if len(sq.CarryFrom) == 0 {
			continue
		}
		// A wrong answer that gets the note when its sources are not answered.
		wrong, noted := "", ""
		for _, a := range classAnswers(g, &g.questions[i], rng) {
			qr := sg.Grade(&submissions.Submission{Student: "s", Answers: map[string]string{sq.ID: a}}).Questions[i]
			if qr.Status != Correct && strings.Contains(qr.Feedback, "Full grading may credit") {
				wrong, noted = a, qr.Feedback
				break
			}
		}
		if wrong == "" {
			continue
		}
		checked++
		if !strings.HasSuffix(noted, carryNote(sq.CarryFrom)) {
			t.Errorf("%s %q with none of %v answered: %q, want the note naming them all", sq.ID, wrong, sq.CarryFrom, noted)
		}
		// All sources right: no note.
		answers := map[string]string{sq.ID: wrong}
		for _, id := range sq.CarryFrom {
			answers[id] = display[id]
		}
		res := sg.Grade(&submissions.Submission{Student: "s", Answers: answers})
		for _, id := range sq.CarryFrom {
			if st := res.Questions[slices.IndexFunc(res.Questions, func(q QuestionResult) bool { return q.ID == id })].Status; st != Correct {
				t.Fatalf("%s answered %q (the key) is %s", id, display[id], st)
			}
		}
		if fb := res.Questions[i].Feedback; strings.Contains(fb, "Full grading may credit") {
			t.Errorf("%s %q with %v all answered correctly still says: %q", sq.ID, wrong, sq.CarryFrom, fb)
		}
		// The first source right, the others not answered: only those named.
		if len(sq.CarryFrom) > 1 {
			several++
			answers = map[string]string{sq.ID: wrong, sq.CarryFrom[0]: display[sq.CarryFrom[0]]}
			fb := sg.Grade(&submissions.Submission{Student: "s", Answers: answers}).Questions[i].Feedback
			if want := carryNote(sq.CarryFrom[1:]); !strings.HasSuffix(fb, want) {
				t.Errorf("%s %q with %s right: %q, want it to end %q", sq.ID, wrong, sq.CarryFrom[0], fb, want)
			}
		}
	}
	if checked < 3 || several == 0 {
		t.Errorf("%d questions with a carry-forward note checked (%d with several sources): the test no longer tests much", checked, several)
	}
}

// TestEncodeRefusesAnEditionTooLargeToLoad: an edition that LoadStudentEdition
// would refuse is refused when it is written, so that publish never hands
// students a file their check cannot read.
func TestEncodeRefusesAnEditionTooLargeToLoad(t *testing.T) {
	ed, _ := publishTest(t, solveFile(t, "testdata/quiz.toml"), nil)
	ed.Questions[0].Text = strings.Repeat("a long question text ", MaxStudentEditionSize/20)
	if _, err := ed.Encode(); err == nil || !strings.Contains(err.Error(), "more than a student edition may be") {
		t.Errorf("an edition of over %d bytes: %v", MaxStudentEditionSize, err)
	}
	ed.Questions[0].Text = "short"
	if _, err := ed.Encode(); err != nil {
		t.Errorf("a small edition: %v", err)
	}
}
