package submissions

import "testing"

// TestStrikeOverLines: a \sout{ left open strikes the lines up to its
// closing brace, and no further than the paragraph, as LaTeX reads it.
func TestStrikeOverLines(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"closed two lines below", []string{`(a) \sout{60 {x}`, `60 \times 30`, `32} 2432`, `next`},
			[]string{"(a) ", "", " 2432", "next"}},
		{"unclosed: ends at the paragraph", []string{`(a) \sout{60`, `61`, ``, `2432`},
			[]string{"(a) ", "", "", "2432"}},
	}
	for _, tc := range cases {
		struck, open := false, 0
		for i, l := range tc.lines {
			if got := removeStruck(l, &struck, &open); got != tc.want[i] {
				t.Errorf("%s: line %d %q read as %q; want %q", tc.name, i+1, l, got, tc.want[i])
			}
		}
	}
}
