package grader

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/nngrade/nngrade/problems"
)

// sealedFields are the keys of an edition whose values are hashes or
// ciphertexts (and the salt), noise in which any short spelling turns up by
// chance, or the rubric's numbers. Everything else is text a student reads.
var sealedFields = map[string]bool{"answers": true, "cells": true, "axis_keys": true, "salt": true,
	// Numbers of the rubric: points, scores, widths of cells.
	"points": true, "score": true, "rel_step": true, "abs_step": true, "axes": true, "version": true}

// TestEditionLeaksNoKey checks that no key of the set, in any of its
// spellings, is in the text of its student edition: hints, classes'
// feedback, notes, anything but the question texts (which the set makes
// public: a spelling found there is no leak) and the hashes. Spellings of
// fewer than three characters are left out. A key is in it
// only where the rubric's show_answer lets it be (answer, expected).
func TestEditionLeaksNoKey(t *testing.T) {
	checked := 0
	for _, set := range sealedSets(t) {
		_, src := publishTest(t, set.key, set.r)
		var doc map[string]any
		if _, err := toml.Decode(string(src), &doc); err != nil {
			t.Fatal(err)
		}
		var public strings.Builder
		for _, ka := range set.key.Answers {
			public.WriteString(ka.Question.Text + "\n")
		}
		questions, _ := doc["questions"].([]map[string]any)
		for _, ka := range set.key.Answers {
			for _, spelling := range keySpellings(&ka) {
				// Two characters ("16", "10") are in generic examples and
				// settings of every set: no sign of a key.
				if len([]rune(spelling)) < 3 || mentions(public.String(), spelling) {
					continue
				}
				checked++
				for qi, q := range questions {
					shown := false
					if sa := set.r.For(fmt.Sprint(q["id"])).ShowAnswer; sa != nil && *sa {
						shown = true
					}
					walkText(q, fmt.Sprintf("questions[%d]", qi), func(path, text string) {
						if shown && (strings.HasSuffix(path, ".answer") || strings.HasSuffix(path, ".expected")) {
							return
						}
						if strings.HasSuffix(path, ".text") {
							return
						}
						if mentions(text, spelling) {
							t.Errorf("%s: the key of %s (%q) is in %s: %q", set.name, ka.Question.ID, spelling, path, text)
						}
					})
				}
				for k, v := range doc {
					if k != "questions" {
						walkText(v, k, func(path, text string) {
							if mentions(text, spelling) {
								t.Errorf("%s: the key of %s (%q) is in %s: %q", set.name, ka.Question.ID, spelling, path, text)
							}
						})
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no spelling checked")
	}
}

// walkText calls f with every string and number of v (a decoded TOML
// value), by its path, leaving out the sealed fields.
func walkText(v any, path string, f func(path, text string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !sealedFields[k] {
				walkText(e, path+"."+k, f)
			}
		}
	case []map[string]any:
		for i, e := range x {
			walkText(e, fmt.Sprintf("%s[%d]", path, i), f)
		}
	case []any:
		for i, e := range x {
			walkText(e, fmt.Sprintf("%s[%d]", path, i), f)
		}
	case string:
		f(path, x)
	default:
		f(path, fmt.Sprint(x))
	}
}

// TestMentions pins how a spelling is found: as a value of its own.
func TestMentions(t *testing.T) {
	for _, c := range []struct {
		text, spelling string
		want           bool
	}{
		{"the answer is 2432.", "2432", true},
		{"2432.5", "2432", false},
		{"is 1/4.", "1/4", true},
		{"1/40", "1/4", false},
		{"24320 weights", "2432", false},
		{"0.2432", "2432", false},
		{"(60, 60, 32)", "60, 60, 32", true},
		{"e.g. 0.25, 1/4 or 2.5e-3", "1/4", true},
		{"e.g. 0.25, 11/4", "1/4", false},
		{"30 × 30 × 32 is the pool", "30 × 30 × 32", true},
		{"x30 × 30 × 32", "30 × 30 × 32", false},
	} {
		if got := mentions(c.text, c.spelling); got != c.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", c.text, c.spelling, got, c.want)
		}
	}
}

// TestEditionSizeHidesTheKey publishes number questions whose keys differ in
// magnitude (0 among them) and count questions with few and many divisors:
// each question's lists of sealed entries must be as long, and their
// entries as long, whatever the key.
func TestEditionSizeHidesTheKey(t *testing.T) {
	shapeOf := func(answer, kind string) string {
		src := "id = \"s\"\n[[questions]]\nid = \"q\"\nkind = \"" + kind + "\"\nanswer = \"" + answer + "\"\n"
		set, err := problems.Load("s.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		key, err := Solve(set)
		if err != nil {
			t.Fatal(err)
		}
		ed, err := Publish(key, nil, testSalt)
		if err != nil {
			t.Fatal(err)
		}
		q := ed.Questions[0]
		sizes := func(entries []string) []int {
			var out []int
			for _, e := range entries {
				out = append(out, len(e))
			}
			slices.Sort(out)
			return slices.Compact(out)
		}
		return fmt.Sprintf("%d answers %v, %d cells %v", len(q.Answers), sizes(q.Answers), len(q.Cells), sizes(q.Cells))
	}
	want := shapeOf("2.302585", "number")
	for _, answer := range []string{"0", "1", "146378", "0.000017", "-5/3", "ln(10)", "1e12"} {
		if got := shapeOf(answer, "number"); got != want {
			t.Errorf("a number key %s is sealed as %s; 2.302585 as %s", answer, got, want)
		}
	}
}
