package errortest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/internal/diag"
)

const marked = `a = 1
# ERROR "key a"
bb = "×x"
#      ^ ERROR "x here"
# LINE ERROR "line of bb"
# FILE ERROR "somewhere"
`

func TestMarkers(t *testing.T) {
	want, err := Markers("m.toml", []byte(marked))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range want {
		got = append(got, fmt.Sprintf("%d:%d %s", e.Line, e.Column, e.Msg))
	}
	// The caret stands under "x", the eighth character (ninth byte) of bb's
	// line: columns count characters.
	if strings.Join(got, "; ") != "1:1 key a; 3:8 x here; 3:0 line of bb; 0:0 somewhere" {
		t.Errorf("markers %v", got)
	}
	if _, err := Markers("m.toml", []byte("# ^ ERROR \"before any line\"\n")); err == nil {
		t.Error("a marker above every line was accepted")
	}
	if _, err := Markers("m.toml", []byte("a = 1\n# ERROR no quotes\n")); err == nil {
		t.Error("a malformed marker was accepted")
	}
}

type recorder struct{ msgs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	want, _ := Markers("m.toml", []byte(marked))
	at := func(line, col int, msg string) *diag.Error {
		return &diag.Error{Pos: diag.Pos{File: "m.toml", Line: line, Column: col}, Msg: msg}
	}
	all := diag.ErrorList{at(1, 1, "key a"), at(3, 8, "x here\n  echo"), at(3, 0, "line of bb"), at(0, 0, "somewhere")}
	var r recorder
	Check(&r, want, Flatten(all))
	if len(r.msgs) > 0 {
		t.Errorf("the marked errors fail: %v", r.msgs)
	}
	// Joined and plain errors are read too.
	r = recorder{}
	Check(&r, want, Flatten(errors.Join(all[:2], fmt.Errorf("m.toml:3: line of bb"), errors.New("m.toml: somewhere"))))
	if len(r.msgs) > 0 {
		t.Errorf("joined errors fail: %v", r.msgs)
	}
	r = recorder{}
	Check(&r, want, Flatten(diag.ErrorList{at(1, 2, "key a"), all[1], all[2], all[3], at(4, 1, "extra")}))
	if len(r.msgs) != 3 || !strings.Contains(r.msgs[0], "missing error") || !strings.Contains(r.msgs[1], "unexpected error m.toml:1:2") ||
		!strings.Contains(r.msgs[2], "unexpected error m.toml:4:1") {
		t.Errorf("a wrong column and an extra error reported as %q", r.msgs)
	}
}
