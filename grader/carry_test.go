package grader

import (
	"slices"
	"testing"
)

// TestCarryNamesOnlyWhatTheValueDependsOn: a wrong pool shape that the student's
// later conv2 shape and fc count supersede is not named in the total's note; the
// total is carried from the wrong conv1 count alone. Before issue 9 every wrong
// shape on the way was named.
func TestCarryNamesOnlyWhatTheValueDependsOn(t *testing.T) {
	key := loadQuiz(t)
	got := grade(t, key, carryForwardRubric(), map[string]string{
		"conv1_params": "2400",
		"pool_shape":   "31 × 31 × 32", // wrong, but conv2_shape below is the key's
		"conv2_shape":  "14 × 14 × 64",
		"fc_params":    "125450",
		"total":        "146346", // 2400 + 18496 (not answered: from the key's shapes) + 125450
	})["total"]
	if got.Status != Correct || !slices.Equal(got.CarriedForward, []string{"conv1_params"}) {
		t.Errorf("total: %s, carried from %v, want correct from [conv1_params] (%q)", got.Status, got.CarriedForward, got.Feedback)
	}
}

// TestCarryUsesTheStudentsOwnRightCount: with a wrong pool shape but the right fc
// count, the total adds the student's fc count, not the one their pool shape
// would give (the quirk reported in issue 9).
func TestCarryUsesTheStudentsOwnRightCount(t *testing.T) {
	key := loadQuiz(t)
	got := grade(t, key, carryForwardRubric(), map[string]string{
		"conv1_params": "2400",
		"pool_shape":   "31 × 31 × 32",
		"fc_params":    "125450",
		"total":        "146346",
	})["total"]
	if got.Status != Correct || !slices.Equal(got.CarriedForward, []string{"conv1_params"}) {
		t.Errorf("total: %s, carried from %v, want correct from [conv1_params] (%q)", got.Status, got.CarriedForward, got.Feedback)
	}
}

// TestCarryChainGoesBackToTheFirstSlip: conv2's shape right given the wrong pool
// shape, and the fc count right given that, credit the total with a note that
// names the chain from its first slip.
func TestCarryChainGoesBackToTheFirstSlip(t *testing.T) {
	key := loadQuiz(t)
	got := grade(t, key, carryForwardRubric(), map[string]string{
		"pool_shape":  "31 × 31 × 32",
		"conv2_shape": "15 × 15 × 64",
		"fc_params":   "144010",
		"total":       "164938",
	})["total"]
	if got.Status != Correct || !slices.Equal(got.CarriedForward, []string{"pool_shape", "conv2_shape", "fc_params"}) {
		t.Errorf("total: %s, carried from %v (%q)", got.Status, got.CarriedForward, got.Feedback)
	}
}
