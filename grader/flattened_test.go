package grader

import (
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/nn"
)

// TestReadFlattenedSizeError: hw8's 1g ("how many values does the flattened
// vector have?") answered with a product of many factors is said not to be a
// whole number, with a whole number's examples.
func TestReadFlattenedSizeError(t *testing.T) {
	_, err := readNetworkAnswer(ShapeValue, nn.TensorForm, 1, strings.Repeat("1x", 20)+"1")
	if err == nil || !strings.Contains(err.Error(), "expected "+nn.CountForm.Expected()) || strings.Contains(err.Error(), "shape") {
		t.Errorf("got %v", err)
	}
}

// TestReadFlattenedSize: a flattened size (a shape of one axis) that cannot be
// read gets the whole-number reader's error, not the shape reader's ("too
// many axes" for a product of many factors, trial report item 10).
func TestReadFlattenedSize(t *testing.T) {
	for _, raw := range []string{strings.Repeat("1*", 1500) + "1", strings.Repeat("1x", 20) + "1"} {
		_, err := readShape(raw, 1)
		if err == nil {
			t.Errorf("%.20q… read", raw)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "axes") || strings.Contains(msg, "shape") {
			t.Errorf("%.20q…: %s", raw, msg)
		}
	}
	for raw, want := range map[string][]int64{"12,544": {12544}, "[12544]": {12544}, "(12544,)": {12544}, "2*3*4": {24}} {
		if got, err := readShape(raw, 1); err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %v, %v; want %v", raw, got, err, want)
		}
	}
}
