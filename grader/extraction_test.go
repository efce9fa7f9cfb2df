package grader

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/submissions"
)

// TestClassKeepsEachWriteUpsLines: students whose write-ups give the same
// answers on different lines each keep their own lines and extractions
// through a class's storage, spilled or not, as Grade gives them; and an
// inferred answer says so in its feedback.
func TestClassKeepsEachWriteUpsLines(t *testing.T) {
	key, r, _ := hw8Bench(t)
	var subs []*submissions.Submission
	for i := range 3 * batchSize {
		src := fmt.Sprintf("Student %d\n%s## Problem 1\n(a) $60 \\times 60 \\times 32$\n(b) $\\boxed{%d}$\n## Max Pool Layer\n$$O = 30 \\times 30 \\times 32$$\n",
			i, strings.Repeat("\n", i%7), 2432+i%3)
		sub, err := submissions.LoadDocument(key.Set, "x.md", []byte(src), fmt.Sprintf("s%04d", i))
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
	}
	for _, spill := range []bool{false, true} {
		g := New(key, r)
		c := g.NewClassGrader()
		if spill {
			f, err := os.CreateTemp(t.TempDir(), "spill")
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			c.SpillTo(f)
			c.class.own.limit = 1 << 10
		}
		for _, sub := range subs {
			c.Add(sub)
		}
		class := c.Finish()
		i := 0
		err := class.Each(func(s *StudentResult) error {
			want := New(key, r).Grade(subs[i])
			if !reflect.DeepEqual(s.Questions, want.Questions) {
				return fmt.Errorf("student %s (spill %v):\n%+v\nwant\n%+v", s.Student, spill, s.Questions[:3], want.Questions[:3])
			}
			if q := s.Questions[0]; q.SourceLine != 3+i%7 || q.Extraction != "labelled, label line" {
				return fmt.Errorf("student %s: 1a at line %d (%s), want line %d", s.Student, q.SourceLine, q.Extraction, 3+i%7)
			}
			if q := s.Questions[2]; q.Extraction != "inferred, final value" || !strings.Contains(q.Feedback, "Inferred from the document's structure") {
				return fmt.Errorf("student %s: 1c %s, feedback %q", s.Student, q.Extraction, q.Feedback)
			}
			i++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
