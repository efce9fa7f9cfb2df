package bundled_test

import (
	"testing"

	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/rubrics/bundled"
)

// TestBundledRubricsFitTheirSets loads every bundled rubric against its bundled
// problem set's question ids. The test, not the package, imports problems: the
// rubrics packages stay independent of it.
func TestBundledRubricsFitTheirSets(t *testing.T) {
	for _, name := range bundledsets.Names() {
		t.Run(name, func(t *testing.T) {
			set, err := bundledsets.Set(name)
			if err != nil {
				t.Fatal(err)
			}
			src, ok := bundled.Source(name)
			if !ok {
				t.Skipf("no bundled rubric for %s", name)
			}
			r, err := rubrics.Load(name+".toml", src, set.QuestionIDs())
			if err != nil {
				t.Fatal(err)
			}
			if err := r.CheckSet(set.ID); err != nil {
				t.Error(err)
			}
			if _, ok := bundled.Rubric(name); !ok {
				t.Errorf("Bundled(%q) not found", name)
			}
		})
	}
	if _, ok := bundled.Rubric("nope"); ok {
		t.Error("Bundled(nope) found")
	}
}

func TestBundledHomework8(t *testing.T) {
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	r, ok := bundled.Rubric("hw8")
	if !ok {
		t.Fatal("no bundled hw8 rubric")
	}
	var total float64
	for _, id := range set.QuestionIDs() {
		total += r.For(id).Points
	}
	if total != 20 {
		t.Errorf("the bundled rubric is worth %v points, want 20", total)
	}
	two := r.For("2")
	if two.Points != 3 || len(two.Mistakes) < 3 || two.Mistakes[0].Answer != "k*(k+m)+k" || two.Mistakes[0].Credit != 0.3 {
		t.Errorf("question 2: %+v", two)
	}
	if two.Reveal(true) {
		t.Error("question 2's formula key is revealed")
	}
	for _, id := range []string{"1e", "1f", "1g", "1h", "1i", "1j"} {
		if !r.For(id).CarryForward {
			t.Errorf("%s: no carry-forward credit", id)
		}
	}
}
