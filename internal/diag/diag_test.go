package diag

import (
	"strings"
	"testing"
)

func TestCaret(t *testing.T) {
	long := strings.Repeat("a", 50) + "X" + strings.Repeat("b", 50)
	cases := []struct {
		name, text string
		offset     int
		echo       string
		pad        int
	}{
		{"short line", "k(k+", 1, "k(k+", 1},
		{"runes count as one column", "60 × × 32", len("60 × "), "60 × × 32", 5},
		{"only the line holding the offset", "a = 1\nb = ?\nc", 10, "b = ?", 4},
		{"control characters masked, tabs as spaces", "2\x1b[3\t1", 1, "2?[3 1", 1},
		{"offset past the end clamps", "ab", 9, "ab", 2},
		{"long line windowed around the offset", long, 50,
			"…" + strings.Repeat("a", 36) + "X" + strings.Repeat("b", 35) + "…", 37},
		{"long line from its start", long, 0, long[:72] + "…", 0},
		{"a line that fits is shown whole", strings.Repeat("c", 50) + "X" + strings.Repeat("d", 9), 50,
			strings.Repeat("c", 50) + "X" + strings.Repeat("d", 9), 50},
		{"a long line near its end keeps the whole width", long[:70] + "Y" + "zz", 70,
			"…" + long[1:70] + "Yzz", 70},
	}
	for _, tc := range cases {
		echo, pad := Caret(tc.text, tc.offset)
		if echo != tc.echo || pad != tc.pad {
			t.Errorf("%s: Caret(%q, %d) = %q, %d; want %q, %d", tc.name, tc.text, tc.offset, echo, pad, tc.echo, tc.pad)
		}
	}
}

func TestErrorLayout(t *testing.T) {
	e := &Error{Pos: Pos{File: "set.toml", Line: 3, Column: 7}, Msg: "bad", Source: "\tx = 1"}
	want := "set.toml:3:7: bad\n     x = 1\n          ^"
	if got := e.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Columns count characters: column 8 is the "x" after "×", its ninth byte.
	e = &Error{Pos: Pos{File: "m.toml", Line: 3, Column: 8}, Msg: "x here", Source: `bb = "×x"`}
	want = "m.toml:3:8: x here\n    bb = \"×x\"\n           ^"
	if got := e.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := (&Error{Pos: Pos{File: "a.toml", Line: 2}, Msg: "m", Source: "x"}).Error(); got != "a.toml:2: m" {
		t.Errorf("no column: got %q", got)
	}
}
