package grader

import (
	"strings"
	"testing"

	"github.com/nngrade/nngrade/rubrics"
)

// TestTransposedConvolutionDiagnoses: a transposed convolution gets the
// diagnoses true of it (one output channel and one bias per filter) and none of
// a convolution's formulas, whose kernel layout and output size it does not share.
func TestTransposedConvolutionDiagnoses(t *testing.T) {
	key := solveFile(t, "testdata/transpose.toml")
	cases := []struct {
		id, answer string
		feedback   string // "" for no diagnosis
	}{
		// The key: 15 × 15 × 4, and 3·3·8·4 + 4 = 292 parameters.
		{"shape", "15 × 15 × 8", "The spatial size is right, but a convolution's output has one channel per filter (4), not its input's 8 channels."},
		// A convolution's formula (⌊(7 − 3)/2⌋ + 1 = 3) is not this layer's.
		{"shape", "3 × 3 × 4", ""},
		{"params", "288", "You counted the weights but forgot the biases: one per filter, 4 more."},
		// 3·3·4 + 4: "one filter" read with a convolution's kernel layout.
		{"params", "40", ""},
	}
	for _, c := range cases {
		got := grade(t, key, rubrics.Default(), map[string]string{c.id: c.answer})[c.id]
		if got.Status != Incorrect {
			t.Errorf("%s %q: %s, want incorrect", c.id, c.answer, got.Status)
		}
		if c.feedback == "" && got.Feedback != "" || !strings.Contains(got.Feedback, c.feedback) {
			t.Errorf("%s %q: feedback %q, want %q", c.id, c.answer, got.Feedback, c.feedback)
		}
	}
}
