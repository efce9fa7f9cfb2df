package grader

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// TestMemoKeepsCarriedAnswersApart grades, in every test set with
// carry-forward on, pairs of students who write the same answer to a
// question: one whose other answers are all the key's (nothing carries to
// it) and one whose upstream slip (a layer's count or shape off, or a
// slipped network carried through) makes it right by carry-forward. Graded
// as a class, in both orders, each must get the verdict a fresh grader gives
// them alone: a memo key that took the first for the second (contextKey's
// shortcut when the answers upstream are the key's) would credit the wrong
// student.
func TestMemoKeepsCarriedAnswersApart(t *testing.T) {
	sets := allTestSets(t)
	for _, name := range bundledsets.Names() {
		if set, err := bundledsets.Set(name); err == nil && name != "hw8" {
			if key, err := Solve(set); err == nil {
				sets = append(sets, testSet{name: name, key: key, rubrics: []*rubrics.Rubric{rubrics.Default()}})
			}
		}
	}
	networks := 0
	for _, ts := range sets {
		for _, rubric := range ts.rubrics {
			networks += memoKeepsCarriedAnswersApart(t, ts, carryingForward(rubric))
		}
	}
	if networks == 0 {
		t.Fatal("no set asks about a network: the test no longer tests carry-forward")
	}
}

// carryingForward is r with carry-forward on for every question.
func carryingForward(r *rubrics.Rubric) *rubrics.Rubric {
	c := *r
	c.Defaults.CarryForward = true
	c.Questions = map[string]rubrics.Settings{}
	for id, s := range r.Questions {
		s.CarryForward = true
		c.Questions[id] = s
	}
	return &c
}

// memoKeepsCarriedAnswersApart is TestMemoKeepsCarriedAnswersApart on one
// set under one rubric; it returns how many of the set's questions are on a
// network.
func memoKeepsCarriedAnswersApart(t *testing.T, ts testSet, r *rubrics.Rubric) (networks int) {
	t.Helper()
	{
		g := New(ts.key, r)
		for i := range g.questions {
			if g.questions[i].key.network != nil {
				networks++
			}
		}
		keyed := map[string]string{}
		for i := range g.questions {
			ka := g.questions[i].key
			keyed[ka.Question.ID] = ka.Display
		}
		with := func(name string, changed map[string]string) *submissions.Submission {
			return submissionWith(name, keyed, changed)
		}
		// Slipped students: a network's slip carried through, and one count
		// or one shape off with everything else the key's.
		var slipped []*submissions.Submission
		for _, c := range carriedSubmissions(g) {
			slipped = append(slipped, with(c.Student, c.Answers))
		}
		for i := range g.questions {
			ka := g.questions[i].key
			if ka.network == nil || ka.layerIndex < 0 {
				continue
			}
			switch ka.Kind {
			case IntegerValue:
				for _, d := range []int64{10, 1, -1} {
					slipped = append(slipped, with(fmt.Sprintf("count %s%+d", ka.Question.ID, d), map[string]string{ka.Question.ID: FormatInt(ka.Int + d)}))
				}
			case ShapeValue:
				for axis := range ka.Shape {
					s := slices.Clone(ka.Shape)
					s[axis] += 2
					slipped = append(slipped, with(fmt.Sprintf("shape %s axis %d", ka.Question.ID, axis), map[string]string{ka.Question.ID: FormatShape(s)}))
				}
				slipped = append(slipped, with("channels first "+ka.Question.ID, map[string]string{ka.Question.ID: FormatShape(channelsFirst(ka.Shape))}))
			}
		}
		// Each slipped student's answers to the later questions, as they
		// carry them forward, written by a student who made no slip.
		var subs []*submissions.Submission
		for _, b := range slipped {
			for i := range g.questions {
				id := g.questions[i].key.Question.ID
				if a := b.Answers[id]; a != keyed[id] {
					subs = append(subs, with(fmt.Sprintf("%s, only %s", b.Student, id), map[string]string{id: a}))
				}
			}
		}
		// Slipped students who then write the key's answer downstream, or
		// carry a count slip into the total while keeping the rest keyed.
		var pairs [][2]*submissions.Submission
		for _, b := range slipped {
			for _, a := range subs {
				if a.Student[:min(len(a.Student), len(b.Student))] == b.Student {
					pairs = append(pairs, [2]*submissions.Submission{a, b})
				}
			}
		}
		for _, order := range []bool{false, true} {
			var class []*submissions.Submission
			for _, p := range pairs {
				if order {
					class = append(class, p[1], p[0])
				} else {
					class = append(class, p[0], p[1])
				}
			}
			// Every slipped student also against every keyed student writing
			// any of the answers: the whole set in one class.
			class = append(class, subs...)
			class = append(class, slipped...)
			for i, sub := range class {
				d := *sub
				d.Student = fmt.Sprintf("%04d %s", i, sub.Student) // a student once: the class keeps one row a name
				class[i] = &d
			}
			graded := New(ts.key, r).GradeClass(class)
			byStudent := map[string]StudentResult{}
			for _, st := range graded.Students {
				byStudent[st.Student] = st
			}
			if len(byStudent) != len(class) {
				t.Fatalf("%s: %d students graded of %d", ts.name, len(byStudent), len(class))
			}
			failures := 0
			for _, sub := range class {
				want, _ := json.Marshal(New(ts.key, r).Grade(sub))
				got, _ := json.Marshal(byStudent[sub.Student])
				if string(got) != string(want) {
					t.Errorf("%s: student %q graded in a class:\n%s\nalone:\n%s", ts.name, sub.Student, got, want)
					if failures++; failures > 3 {
						return networks
					}
				}
			}
		}
	}
	return networks
}
