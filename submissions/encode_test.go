package submissions

import (
	"strings"
	"testing"
)

func TestEncode(t *testing.T) {
	d := Draft{
		Comment:    []string{"Answers for hw8: Homework 8", "two\nlines"},
		Student:    "ab123",
		Name:       "Zoë \"Z\" O'Neil",
		ProblemSet: "hw8",
		Answers: []DraftAnswer{
			{ID: "1a", Comment: []string{"Output of conv1.", "(a shape)"}, Answer: "60 × 60 × 32"},
			{ID: "3a", Answer: "1 - e^{-\\epsilon}"},
		},
	}
	want := `# Answers for hw8: Homework 8
# two
# lines

student = "ab123"
name = "Zoë \"Z\" O'Neil"
problem_set = "hw8"

[answers]
# Output of conv1.
# (a shape)
"1a" = "60 × 60 × 32"

"3a" = "1 - e^{-\\epsilon}"

`
	if got := string(Encode(d)); got != want {
		t.Errorf("Encode:\n%s\nwant\n%s", got, want)
	}
}

// TestEncodeLoadsBack: whatever a student types, the file Encode writes loads
// with Load to the same answers, in the same order.
func TestEncodeLoadsBack(t *testing.T) {
	answers := []string{"", "60x60x32", "a\"b\\c", "line1\nline2\r\nline3\rx", "tab\there", "\x00\x01\x1f\x7f", "bad \xff utf-8", "'''", `"""`, "# not a comment", "k(k+m)+k ]\n[answers]", "é × ² √ 𝑥", "\u2028\u2029"}
	roundTrip(t, "ab1", "N\nM", answers)
}

func roundTrip(t *testing.T, student, name string, answers []string) {
	t.Helper()
	d := Draft{Comment: []string{"a\rcomment\x00with\x7fcontrols\n"}, Student: student, Name: name, ProblemSet: "p"}
	for i, a := range answers {
		d.Answers = append(d.Answers, DraftAnswer{ID: "q" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Comment: []string{a}, Answer: a})
	}
	src := Encode(d)
	s, err := Load("draft.toml", src)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	if s.Student != student || s.Name != strings.ToValidUTF8(name, "\uFFFD") || s.ProblemSet != "p" {
		t.Errorf("header read back as %q %q %q", s.Student, s.Name, s.ProblemSet)
	}
	for i, a := range d.Answers {
		if i >= len(s.Order) || s.Order[i] != a.ID {
			t.Fatalf("order %v", s.Order)
		}
		if got, want := s.Answers[a.ID], strings.ToValidUTF8(a.Answer, "\uFFFD"); got != want {
			t.Errorf("%s: read back %q, want %q\n%s", a.ID, got, want, src)
		}
	}
}

func FuzzEncode(f *testing.F) {
	f.Add("ab1", "name", "60 × 60 × 32", "1b")
	f.Add("x", "\r", "\"\\\n\x00", "2")
	f.Fuzz(func(t *testing.T, student, name, answer, id string) {
		if !idPattern.MatchString(student) || len(student) > 100 || len(answer) > MaxAnswerSize || id == "" {
			return
		}
		d := Draft{Student: student, Name: name, Answers: []DraftAnswer{{ID: id, Comment: []string{answer}, Answer: answer}}}
		s, err := Load("f.toml", Encode(d))
		if err != nil {
			t.Fatalf("%v\n%s", err, Encode(d))
		}
		if got, want := s.Answers[strings.ToValidUTF8(id, "\uFFFD")], strings.ToValidUTF8(answer, "\uFFFD"); got != want {
			t.Errorf("read back %q, want %q", got, want)
		}
	})
}
