package grader

import (
	"fmt"

	"github.com/nngrade/nngrade/rubrics"
)

// carryNote is what a student edition says with a wrong answer to ka that full
// grading might credit by carry-forward: it cannot recompute the answer from
// the student's earlier ones without the network, so it names the questions
// whose answers feed this one (from the carry plan) and no value. "" when the
// rubric gives no carry-forward or no other question feeds this one.
func carryNote(g *Grader, ka *KeyAnswer, s rubrics.Settings) string {
	if !s.CarryForward || ka.network == nil || (ka.Kind != IntegerValue && ka.Kind != ShapeValue) {
		return ""
	}
	if ka.Kind == IntegerValue && ka.layerIndex < 0 && !countsParams(ka.Question.Ask) {
		return "" // a total that is no sum of parameter counts is not carried
	}
	from := carrySources(g.carryPlan(ka.network), ka)
	if len(from) == 0 {
		return ""
	}
	if len(from) == 1 {
		return fmt.Sprintf("Full grading may credit this answer if it follows from your own answer to %s; check %s first.", from[0], from[0])
	}
	return fmt.Sprintf("Full grading may credit this answer if it follows from your own answers to %s; check them first.", joinAnd(from))
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
