package grader

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// TestMemoisedVerdictsAreTheVerdicts grades generated classes, with many
// students writing the same answers, twice: with one grader for the class
// (answers seen before come from its memo) and with a fresh grader for each
// student (nothing memoised). Every result must be byte-identical, under
// both policies and with carry-forward on and off, and the memo must have
// been used.
func TestMemoisedVerdictsAreTheVerdicts(t *testing.T) {
	for _, set := range sealedSets(t) {
		for _, carry := range []bool{false, true} {
			r := *set.r
			r.Defaults.CarryForward = carry
			r.Questions = map[string]rubrics.Settings{}
			for id, s := range set.r.Questions {
				s.CarryForward = carry
				r.Questions[id] = s
			}
			for _, selfCheck := range []bool{false, true} {
				name := fmt.Sprintf("%s/carry=%v/selfcheck=%v", set.name, carry, selfCheck)
				shared := New(set.key, &r)
				shared.SelfCheck = selfCheck
				rng := rand.New(rand.NewPCG(3, 4))
				pools := map[string][]string{}
				for i := range shared.questions {
					q := &shared.questions[i]
					pools[q.key.Question.ID] = classAnswers(shared, q, rng)
				}
				var subs []*submissions.Submission
				for s := range 120 {
					sub := &submissions.Submission{Student: fmt.Sprintf("s%03d", s), Answers: map[string]string{}}
					for id, pool := range pools {
						sub.Answers[id] = pool[rng.IntN(min(len(pool), 8))] // few distinct answers: many repeats
					}
					subs = append(subs, sub)
				}
				// Submissions from a slipped network, whose later answers follow
				// from the slip: carry-forward credits them, twice each, so that a
				// memo keyed by the text alone would credit the wrong students.
				for n, c := range carriedSubmissions(shared) {
					for copy := range 2 {
						d := *c
						d.Student = fmt.Sprintf("c%03d-%d", n, copy)
						subs = append(subs, &d)
					}
				}
				memoised := shared.GradeClass(subs)
				hits := 0
				for i := range shared.questions {
					hits += shared.memo(shared.policy(), i).size()
				}
				if hits == 0 {
					t.Errorf("%s: nothing was memoised; the test no longer tests the memo", name)
				}
				byStudent := map[string]StudentResult{}
				for _, st := range memoised.Students {
					byStudent[st.Student] = st
				}
				for _, sub := range subs {
					fresh := New(set.key, &r)
					fresh.SelfCheck = selfCheck
					want, _ := json.Marshal(fresh.Grade(sub))
					got, _ := json.Marshal(byStudent[sub.Student])
					if string(got) != string(want) {
						t.Errorf("%s: student %s graded with the memo:\n%s\nwithout:\n%s", name, sub.Student, got, want)
						break
					}
				}
			}
		}
	}
}

// TestCarriedCountIsInTheMemoKey: a total that is wrong for one student
// (their per-layer counts are the key's, so nothing carries to it) and right
// by carry-forward for the next (one of their per-layer counts is off by as
// much): the second must not be given the first's memoised verdict, whether
// the count that differs is a layer's or a shape's.
func TestCarriedCountIsInTheMemoKey(t *testing.T) {
	key, r, _ := hw8Bench(t)
	right := map[string]string{"1a": "60 × 60 × 32", "1b": "2,432", "1c": "30 × 30 × 32", "1d": "0",
		"1e": "14 × 14 × 64", "1f": "18,496", "1g": "12544", "1h": "125,450", "1j": "(12544, 10)"}
	student := func(id string, changed map[string]string) *submissions.Submission {
		return submissionWith(id, right, changed)
	}
	for _, slip := range []map[string]string{
		{"1b": "2,442", "1i": "146,388"},   // conv1's count 10 too many, and the total with it
		{"1h": "125,460", "1i": "146,388"}, // fc's count 10 too many
	} {
		subs := []*submissions.Submission{
			student("a", map[string]string{"1i": slip["1i"]}), // the same total, nothing to carry
			student("b", slip),
		}
		class := New(key, r).GradeClass(subs)
		for i, sub := range subs {
			want, _ := json.Marshal(New(key, r).Grade(sub))
			got, _ := json.Marshal(class.Students[i])
			if string(got) != string(want) {
				t.Errorf("slip %v, student %s graded in a class:\n%s\nalone:\n%s", slip, sub.Student, got, want)
			}
		}
		if got := class.Students[1].Questions[8]; got.ID != "1i" || got.Status != Correct {
			t.Errorf("slip %v: student b's total is %s (%s), want correct by carry-forward", slip, got.Status, got.Feedback)
		}
	}
}

// submissionWith is student id's submission of answers with changed's in
// place of theirs.
func submissionWith(id string, answers, changed map[string]string) *submissions.Submission {
	sub := &submissions.Submission{Student: id, Answers: maps.Clone(answers)}
	maps.Copy(sub.Answers, changed)
	return sub
}
