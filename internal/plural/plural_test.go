package plural

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "file", "files", "0 files"},
		{1, "file", "files", "1 file"},
		{2, "file", "files", "2 files"},
		{1, "axis", "axes", "1 axis"},
		{3, "axis", "axes", "3 axes"},
		{1, "feedback file", "feedback files", "1 feedback file"},
	} {
		if got := Count(c.n, c.one, c.many); got != c.want {
			t.Errorf("Count(%d, %q, %q) = %q, want %q", c.n, c.one, c.many, got, c.want)
		}
	}
}

func TestWord(t *testing.T) {
	if got := Word(1, "has", "have"); got != "has" {
		t.Errorf("Word(1) = %q, want has", got)
	}
	if got := Word(2, "has", "have"); got != "have" {
		t.Errorf("Word(2) = %q, want have", got)
	}
}
