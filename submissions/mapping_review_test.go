package submissions

import (
	"strings"
	"testing"

	"github.com/nngrade/nngrade/problems"
)

// TestCloseMatchNeverTheRunnerUp: a header closest to the text of a question
// another column already answers is not given that question's near twin.
// Homework 8's 1b and 1f differ by "first" and "second"; a second column
// headed like 1b (a form question edited and asked again) answered 1f before.
func TestCloseMatchNeverTheRunnerUp(t *testing.T) {
	set := hw8(t)
	m := MapColumns([]string{
		"Number of trainable parameters of the first convolution layer.",
		"Number of trainable parameters of the first convolution layer",
	}, GoogleForm, set, nil)
	if c := m.Columns[0]; c.Question != "1b" || c.How != MatchText {
		t.Errorf("%q: %q by %v", c.Column, c.Question, c.How)
	}
	c := m.Columns[1]
	if c.Question != "" || strings.Join(c.Could, " ") != "1b" || !strings.Contains(c.Why, "closest to question 1b") {
		t.Errorf("%q: %q by %v, could %q (%s); want none, could 1b", c.Column, c.Question, c.How, c.Could, c.Why)
	}
	// A column close to a taken question and to a free one alike is
	// ambiguous, not the free one's.
	m = MapColumns([]string{
		"Number of trainable parameters of the first convolution layer.",
		"Number of trainable parameters of the 1st convolution layer",
	}, GoogleForm, set, nil)
	if c := m.Columns[1]; c.Question != "" || strings.Join(c.Could, " ") != "1b 1f" {
		t.Errorf("%q: %q by %v, could %q (%s); want none, could 1b 1f", c.Column, c.Question, c.How, c.Could, c.Why)
	}
	// The twin's own header, typed a little differently, still matches it.
	m = MapColumns([]string{
		"Number of trainable parameters of the first convolution layer.",
		"Number of trainable parameters of the second conv layer",
	}, GoogleForm, set, nil)
	if c := m.Columns[1]; c.Question != "1f" || c.How != MatchCloseText {
		t.Errorf("%q: %q by %v (%s); want 1f, close", c.Column, c.Question, c.How, c.Why)
	}
}

// TestIDPrefixOfWordedIDs: a question whose id starts with a question word
// ("Q1", "P2a") is found at the start of a header that starts with its id.
func TestIDPrefixOfWordedIDs(t *testing.T) {
	set := &problems.Set{ID: "quiz", Questions: []problems.Question{{ID: "Q1"}, {ID: "Q2"}, {ID: "P3a"}, {ID: "4"}}}
	m := MapColumns([]string{"Q1: What is the output size?", "q2) How many parameters?", "P3a. Formula", "Q4: last"}, GoogleForm, set, nil)
	for i, want := range []string{"Q1", "Q2", "P3a", "4"} {
		if c := m.Columns[i]; c.Question != want || c.How != MatchIDPrefix {
			t.Errorf("%q: %q by %v (%s); want %s at the start", c.Column, c.Question, c.How, c.Why, want)
		}
	}
}
