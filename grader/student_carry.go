package grader

import (
	"fmt"

	"github.com/nngrade/nngrade/rubrics"
)

// carryFrom are the questions a student edition names with a wrong answer
// to ka that full grading might credit by carry-forward: it cannot recompute
// the answer from the student's earlier ones without the network, so it names
// the questions whose answers feed this one (from the carry plan) and no
// value. None when the rubric gives no carry-forward or no other question
// feeds this one.
func carryFrom(g *Grader, ka *KeyAnswer, s rubrics.Settings) []string {
	if !s.CarryForward || ka.network == nil || (ka.Kind != IntegerValue && ka.Kind != ShapeValue) {
		return nil
	}
	if ka.Kind == IntegerValue && ka.layerIndex < 0 && !countsParams(ka.Question.Ask) {
		return nil // a total that is no sum of parameter counts is not carried
	}
	return carrySources(g.carryPlan(ka.network), ka)
}

// carryNote is the note that names the questions in from: "Full grading may
// credit this answer if it follows from your own answer to 1a; check 1a
// first." "" for none.
func carryNote(from []string) string {
	switch len(from) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("Full grading may credit this answer if it follows from your own answer to %s; check %s first.", from[0], from[0])
	}
	return fmt.Sprintf("Full grading may credit this answer if it follows from your own answers to %s; check them first.", joinAnd(from))
}

// carryNoteFor is the note on a wrong answer to sq in a submission whose
// answers got the statuses given: it names the questions in carry_from that
// were not answered correctly, since full grading carries forward only from
// the student's own wrong answers (a right one is the key, and an answer
// that follows from the key is wrong); none when all were right. An edition
// without carry_from has only the note naming them all.
func carryNoteFor(sq *StudentQuestion, status map[string]Status) string {
	if len(sq.CarryFrom) == 0 {
		return sq.Carry
	}
	var from []string
	for _, id := range sq.CarryFrom {
		if status[id] != Correct {
			from = append(from, id)
		}
	}
	return carryNote(from)
}

// carrySources are the questions carry-forward recomputes ka from: for a
// layer's value, the last output shape asked before that layer; for a total,
// every layer's parameter count that is asked, and for a layer that learns
// but whose count is not asked, the last output shape asked before it.
func carrySources(plan *carryPlan, ka *KeyAnswer) []string {
	if plan == nil {
		return nil
	}
	shapeBefore := func(layer int) *KeyAnswer {
		for j := layer - 1; j >= 0; j-- {
			if q := plan.shapeQ[j]; q != nil && q != ka {
				return q
			}
		}
		return nil
	}
	var from []string
	if ka.layerIndex >= 0 {
		if q := shapeBefore(ka.layerIndex); q != nil {
			from = append(from, q.Question.ID)
		}
		return from
	}
	for j, l := range ka.network.Layers {
		if q := plan.countQ[j]; q != nil && q != ka {
			from = appendNew(from, q.Question.ID)
			continue
		}
		if layerLearns(l) {
			if q := shapeBefore(j); q != nil {
				from = appendNew(from, q.Question.ID)
			}
		}
	}
	return from
}
