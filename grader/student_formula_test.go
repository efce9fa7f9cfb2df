package grader

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/problems"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// formulaAnswers are the answers tried on a formula, identity or asymptotic
// question: the key in several notations and rewritings, and the slips a
// student makes (a term dropped, doubled or negated, a wrong coefficient, the
// wrong sign, a whole factor, an extra variable, a disallowed name, an extra
// order), the known mistakes rewritten, and answers near the key by far less
// and by far more than the tolerance.
func formulaAnswers(q *gradedQuestion, rng *rand.Rand) []string {
	fk := q.formula
	src := fk.answer.Source()
	out := []string{src, fk.answer.String(), fk.answer.LaTeX(), "$" + fk.answer.LaTeX() + "$", "1*(" + src + ")", "(" + src + ") + 0", "= " + src,
		"2*(" + src + ")", "(" + src + ")/3", "-(" + src + ")", "(" + src + ") + 1", "(" + src + ")*(1 + 1e-13)", "(" + src + ")*(1 + 1e-6)", "(" + src + ") + 1/1000", "(" + src + ")^2"}
	for _, m := range q.mistakes {
		out = append(out, "("+m.Answer+")*1", "2*("+m.Answer+")")
	}
	terms := topLevelTerms(src)
	if len(terms) > 1 {
		for i := range terms {
			var dropped, doubled, negated []string
			for j, t := range terms {
				switch {
				case i == j:
					doubled = append(doubled, "2*("+t+")")
					negated = append(negated, "-("+t+")")
				default:
					dropped = append(dropped, t)
					doubled = append(doubled, t)
					negated = append(negated, t)
				}
			}
			out = append(out, strings.Join(dropped, " + "), strings.Join(doubled, " + "), strings.Join(negated, " + "))
		}
		rng.Shuffle(len(terms), func(i, j int) { terms[i], terms[j] = terms[j], terms[i] })
		out = append(out, strings.Join(terms, " + "))
	}
	for _, v := range fk.vars {
		out = append(out, "("+src+") + "+v.Name, "("+src+") * "+v.Name, "("+src+") - "+v.Name+" + "+v.Name)
	}
	for _, d := range fk.defs {
		out = append(out, "("+src+") + "+d.Name, d.Name)
	}
	if q := fk.question; q.Kind == problems.KindAsymptotic {
		out = append(out, fmt.Sprintf("%s + %s^%d", src, q.Small, q.Order), fmt.Sprintf("%s + %s^%d", src, q.Small, q.Order-1), fmt.Sprintf("%s - %s^%d/7", src, q.Small, q.Order+1), q.Lhs)
	}
	return out
}

// topLevelTerms splits a sum written as text at its top-level + signs.
func topLevelTerms(src string) []string {
	var terms []string
	depth, start := 0, 0
	for i, r := range src {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '+':
			if depth == 0 && i > 0 {
				terms = append(terms, strings.TrimSpace(src[start:i]))
				start = i + 1
			}
		}
	}
	return append(terms, strings.TrimSpace(src[start:]))
}

// TestSealedFormulaAgreement checks, on every formula, identity and asymptotic
// question of Homework 8 and the grader's test sets, that the sealed check
// gives each generated answer full grading's verdict under the student
// policy: status, score, feedback, expected answer, reading. The sealed check
// may say review only in the band at the tolerance's edge, which none of these
// answers is in.
func TestSealedFormulaAgreement(t *testing.T) {
	questions := 0
	for _, set := range sealedSets(t) {
		t.Run(set.name, func(t *testing.T) {
			ed, _ := publishTest(t, set.key, set.r)
			sg, err := NewSealedGrader(ed)
			if err != nil {
				t.Fatal(err)
			}
			g := New(set.key, set.r)
			g.SelfCheck = true
			rng := rand.New(rand.NewPCG(3, 4))
			for i := range g.questions {
				q := &g.questions[i]
				if q.key.Kind != FormulaValue {
					continue
				}
				questions++
				id := q.key.Question.ID
				for _, raw := range append(formulaAnswers(q, rng), "", "(", "k^", "abc(", "1e999999") {
					sub := &submissions.Submission{Student: "s", Answers: map[string]string{id: raw}}
					full, sealed := g.Grade(sub).Questions[i], sg.Grade(sub).Questions[i]
					if full.Status != sealed.Status || full.Score != sealed.Score || full.Feedback != sealed.Feedback || full.Expected != sealed.Expected || full.ReadAs != sealed.ReadAs {
						t.Errorf("%s %q:\nfull:   %s %v %q expected %q read as %q\nsealed: %s %v %q expected %q read as %q",
							id, raw, full.Status, full.Score, full.Feedback, full.Expected, full.ReadAs, sealed.Status, sealed.Score, sealed.Feedback, sealed.Expected, sealed.ReadAs)
					}
				}
			}
		})
	}
	if questions < 8 {
		t.Errorf("only %d formula questions were tried", questions)
	}
}

// TestSealedFormulaHoldsNoKey publishes every set and looks for each formula
// key and known mistake in the edition, in every spelling (as written, the
// canonical form, LaTeX, without spaces). A key that the problem set itself
// states (in a question's text or as another question's lhs: Homework 8's 3b
// asks to expand 3a's answer) is public and exempt. Feedback a student sees on
// any answer is checked too: it never carries the key.
func TestSealedFormulaHoldsNoKey(t *testing.T) {
	for _, set := range sealedSets(t) {
		if set.r.Defaults.ShowAnswer != nil && *set.r.Defaults.ShowAnswer {
			continue // the rubric shows the keys
		}
		t.Run(set.name, func(t *testing.T) {
			_, src := publishTest(t, set.key, set.r)
			edition := squeeze(string(src))
			g := New(set.key, set.r)
			var public []string
			for _, ka := range set.key.Answers {
				public = append(public, squeeze(ka.Question.Text))
				if ka.formula != nil && ka.formula.lhs != nil {
					public = append(public, squeeze(ka.formula.lhs.Source()), squeeze(ka.formula.lhs.String()), squeeze(ka.formula.lhs.LaTeX()))
				}
			}
			isPublic := func(s string) bool {
				for _, p := range public {
					if strings.Contains(p, s) {
						return true
					}
				}
				return false
			}
			for i := range g.questions {
				q := &g.questions[i]
				if q.key.Kind != FormulaValue || q.settings.Reveal(true) {
					continue
				}
				spellings := []string{q.formula.answer.Source(), q.formula.answer.String(), q.formula.answer.LaTeX()}
				for _, m := range q.mistakes {
					spellings = append(spellings, m.Answer, m.answer.formula.String(), m.answer.formula.LaTeX())
				}
				for _, s := range spellings {
					s = squeeze(s)
					if len(s) > 2 && strings.Contains(edition, s) && !isPublic(s) {
						t.Errorf("%s: the edition contains %q", q.key.Question.ID, s)
					}
				}
			}
		})
	}
}

// squeeze drops white space, so that a spelling is found however spaced.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// TestStudentFormulaFeedback: a student checking Homework 8's problem 2 is
// told which variables' terms are off, not the missing terms; the instructor's
// grading still names them.
func TestStudentFormulaFeedback(t *testing.T) {
	key := solveBundled(t, "hw8")
	sub := &submissions.Submission{Student: "s", Answers: map[string]string{"2": "k^2 + k*n + k + m*k"}}
	instructor := New(key, rubrics.Default())
	student := New(key, rubrics.Default())
	student.SelfCheck = true
	feedback := func(g *Grader) string {
		for _, q := range g.Grade(sub).Questions {
			if q.ID == "2" {
				return q.Feedback
			}
		}
		t.Fatal("no question 2")
		return ""
	}
	if got, want := feedback(student), "Read as k^2 + k·n + k + m·k.\nThe terms with m are wrong or missing; the terms with n and k are right."; got != want {
		t.Errorf("student feedback %q, want %q", got, want)
	}
	if got := feedback(instructor); !strings.Contains(got, "missing m") {
		t.Errorf("instructor feedback %q should name the missing term", got)
	}
}

// TestSealedFormulaRefusesChanges: an edition whose fingerprint was changed
// by hand, or made by another scheme, is refused where the change is, with
// what to do.
func TestSealedFormulaRefusesChanges(t *testing.T) {
	_, src := publishTest(t, solveBundled(t, "hw8"), bundledRubric(t))
	for _, tc := range []struct{ from, to, want string }{
		{`scheme = "expr-fingerprint/1"`, `scheme = "expr-fingerprint/9"`, `this nngrade checks fingerprints of scheme "expr-fingerprint/1"; publish the edition again`},
		{`value = "integer 1..1000"`, `value = "integer 1..."`, `"." is not an integer`},
		{`flags = "rational precise poly"`, `flags = "rational exact"`, `"exact" is not rational, precise or poly`},
	} {
		changed := strings.Replace(string(src), tc.from, tc.to, 1)
		if changed == string(src) {
			t.Fatalf("%q is not in the edition", tc.from)
		}
		_, err := LoadStudentEdition("hw8.student.toml", []byte(changed))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "hw8.student.toml:") {
			t.Errorf("%s: error %v, want one at a place saying %q", tc.to, err, tc.want)
		}
	}
}

// TestSealedFormulaBand: an answer whose relative error lies at the edge of
// formula_tol is left to review by the sealed check, with a note that says
// so and no score, whatever full grading says; just inside and well outside
// the band the verdicts are full grading's.
func TestSealedFormulaBand(t *testing.T) {
	set, err := problems.Load("band.toml", []byte(`id = "band"
[[questions]]
id = "g"
kind = "formula"
text = "Growth."
variables = { x = "real (0, 1)" }
answer = "exp(x)"
`))
	if err != nil {
		t.Fatal(err)
	}
	key, err := Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	ed, _ := publishTest(t, key, rubrics.Default())
	sg, err := NewSealedGrader(ed)
	if err != nil {
		t.Fatal(err)
	}
	g := New(key, rubrics.Default())
	g.SelfCheck = true
	for _, tc := range []struct {
		answer string
		review bool
	}{
		{"exp(x)*(1 + 1e-11)", false},
		{"exp(x)*(1 + 8e-10)", true}, // full grading: right (within 1e-9)
		{"exp(x)*(1 + 1.5e-9)", false},
	} {
		sub := &submissions.Submission{Student: "s", Answers: map[string]string{"g": tc.answer}}
		full, sealed := g.Grade(sub).Questions[0], sg.Grade(sub).Questions[0]
		if !tc.review {
			if full.Status != sealed.Status || full.Feedback != sealed.Feedback {
				t.Errorf("%q: sealed %s %q, full grading %s %q", tc.answer, sealed.Status, sealed.Feedback, full.Status, full.Feedback)
			}
			continue
		}
		want := "Read as exp(x)·(1 + 8e-10).\nThe self-check cannot be sure of this answer; your instructor's grading decides."
		if sealed.Status != Review || sealed.Score != 0 || sealed.Feedback != want {
			t.Errorf("%q: sealed %s %v %q, want review 0 %q", tc.answer, sealed.Status, sealed.Score, sealed.Feedback, want)
		}
	}
}

// TestSealedFormulaValuesOpenNoKey: a formula question's verdicts are sealed
// under the key's values at test points, and those values are no secret: an
// identity's are its lhs's, which the student computes from the question at
// the points the edition lists; an asymptotic key's are often a variable's
// own; a polynomial key's exact value at a point is a small whole number,
// found by trying each against its hash. So what the key's values open must
// not show the key (it did: "e": the key's display, for any identity).
func TestSealedFormulaValuesOpenNoKey(t *testing.T) {
	for _, set := range sealedSets(t) {
		if set.r.Defaults.ShowAnswer != nil && *set.r.Defaults.ShowAnswer {
			continue // the rubric shows the keys
		}
		t.Run(set.name, func(t *testing.T) {
			ed, _ := publishTest(t, set.key, set.r)
			sg, err := NewSealedGrader(ed)
			if err != nil {
				t.Fatal(err)
			}
			g := New(set.key, set.r)
			for i := range g.questions {
				q := &g.questions[i]
				if q.key.Kind != FormulaValue || q.settings.Reveal(true) {
					continue
				}
				c := &sg.questions[i]
				st, err := c.sq.Formula.load()
				if err != nil {
					t.Fatal(err)
				}
				known := []string{q.formula.answer.Source()} // its values, found point by point
				if q.formula.lhs != nil && q.formula.question.Kind == problems.KindIdentity {
					known = append(known, q.formula.lhs.Source()) // the question's own function
				}
				for _, src := range known {
					x, err := st.env.Parse(src)
					if err != nil {
						t.Fatalf("%s: %v", q.key.Question.ID, err)
					}
					v, ok, err := st.key.open(st.env, c.keys, x)
					if err != nil {
						t.Fatalf("%s: %v", q.key.Question.ID, err)
					}
					if ok && (v.Expected != "" || strings.Contains(squeeze(v.Feedback), squeeze(q.key.Display))) {
						t.Errorf("%s: the values of %q open the key: %+v", q.key.Question.ID, src, v)
					}
				}
			}
		})
	}
}
