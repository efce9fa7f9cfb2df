package grader

import (
	"strings"
	"testing"

	"github.com/nngrade/nngrade/rubrics"
)

// TestNumbersAsWritten: number questions read numbers as count questions do,
// through one reader (engine/answer.ReadNumber), and count questions take
// arithmetic too (issue 9 A). "Read as" shows a decimal, never a fraction.
func TestNumbersAsWritten(t *testing.T) {
	key := solveFile(t, "testdata/numbers.toml")
	cases := []struct {
		id, answer string
		status     Status
		readAs     string // "" skips the check
	}{
		// Count questions: chains, arithmetic, wrappers.
		{"conv1_params", `3 \cdot 3 \cdot 32 \cdot 64 + 64 = 18496`, Correct, "18,496"},
		{"conv1_params", "= 18496", Correct, ""},
		{"conv1_params", "P_c = 18,496", Correct, ""},
		{"conv1_params", "3*3*32*64 + 64", Correct, "18,496"},
		{"conv1_params", `$\boxed{(3 \times 3 \times 32 + 1) \times 64}$`, Correct, "18,496"},
		{"conv1_params", "3*3*32*64", Incorrect, "18,432"},
		// Number questions: thousands groups, never a product.
		{"big", "146,378", Correct, ""},
		{"big", "146 378", Correct, ""},
		{"big", "146{,}378", Correct, ""},
		{"big", `\boxed{146\,378}`, Correct, ""},
		{"big", "$146,378$", Correct, ""},
		{"big", "146,000 + 378", Correct, "146378"},
		{"big", "146 377", Incorrect, "146377"},
		// Labels, chains and LaTeX functions.
		{"steps", `\lceil 50000/128 \rceil = 391`, Correct, ""},
		{"steps", `\lceil 50000/128 \rceil`, Correct, "391"},
		{"steps", "n = 391", Correct, ""},
		{"steps", "50000/128", Incorrect, "390.625"},
		{"ln10", `\log 10`, Correct, ""},
		{"ln10", `\ln(10)`, Correct, ""},
		// The digits the student gave decide, at least 3.
		{"ln10", "2.302585", Correct, ""},
		{"ln10", "= 2.303", Correct, ""},
		{"ln10", "2.30", Correct, ""},
		{"ln10", "2.3", Incorrect, ""},
		{"ln10", "2.304", Incorrect, ""},
		{"rate", "0.460517", Correct, ""},
		{"rate", "0.460518", Incorrect, "0.460518"},
		{"rate", "460517/1000000", Incorrect, "0.460517"}, // a fraction gives no digits
		// Shapes: the product's factors are graded, and "read as" says so.
		{"conv1_shape", "32 × 32 × 64 = 65536", Correct, "32 × 32 × 64"},
		{"conv1_shape", "H=32, W=32, C=64", Correct, "32 × 32 × 64"},
		{"conv1_shape", "(32, 32, 64,)", Correct, ""},
		// A receptive field's size: 3, 3 × 3, size 3 (FORMAT.md).
		{"conv1_rf_size", "3", Correct, ""},
		{"conv1_rf_size", "3 × 3", Correct, "3"},
		{"conv1_rf_size", "3x3 pixels", Correct, "3"},
		{"conv1_rf_size", "size 3", Correct, "3"},
		{"conv1_rf_size", "size = 3", Correct, "3"},
		{"conv1_rf_size", "(3, 3)", Correct, "3"},
		{"conv1_rf_size", "3 × 3 = 9", Correct, "3"},
		{"conv1_rf_size", "9", Incorrect, ""},
		{"conv1_rf_size", "3 × 5", Invalid, ""},
		// A declared H shadows the entropy function.
		{"shadow", "H(W+1)", Correct, "H·(W + 1)"},
		{"shadow", "HW + H", Correct, ""},
	}
	for _, tc := range cases {
		t.Run(tc.id+" "+tc.answer, func(t *testing.T) {
			got := grade(t, key, rubrics.Default(), map[string]string{tc.id: tc.answer})[tc.id]
			if got.Status != tc.status {
				t.Errorf("%q: %s, want %s (feedback %q)", tc.answer, got.Status, tc.status, got.Feedback)
			}
			if tc.readAs != "" && got.ReadAs != tc.readAs {
				t.Errorf("%q: read as %q, want %q", tc.answer, got.ReadAs, tc.readAs)
			}
			if strings.Contains(got.ReadAs, "/") {
				t.Errorf("%q: read as a fraction %q", tc.answer, got.ReadAs)
			}
		})
	}
}
