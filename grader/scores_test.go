package grader

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/submissions"
)

// TestRenderScoresIsEachsResults: the scores RenderScores reads from a
// stored class's records are, for every student and to the last bit of
// every score and total, what the results Each builds say: for results
// memoised and of the students' own (in memory, spilled, and in a spill
// that can no longer be read), submissions not read, names and problems of
// any text, sources of every kind, a class of variants, and small classes
// rendered on one goroutine.
func TestRenderScoresIsEachsResults(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	key, r, _ := hw8Bench(t)
	subs, err := submissions.LoadCSV("class.csv", distinctClassCSV(t, New(key, r), 3000))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"", "Student, \"Q\"", "=SUM(A1)", " lead", "line\nbreak", "李小龙", "\xff bytes"}
	for i, sub := range subs {
		sub.Name = names[i%len(names)]
		switch i % 97 {
		case 5:
			sub.Unreadable, sub.Answers = names[i%len(names)], nil
		case 6:
			sub.Unreadable, sub.Answers = "not UTF-8, \"text\"", nil
		case 7, 8: // sources that are not a line of a file, kept as text
			sub.File, sub.Source, sub.Unreadable = "", fmt.Sprintf("submissions/s%d.toml", i), "bad TOML"
		case 9:
			sub.File, sub.Source, sub.Unreadable = "class.csv", "class.csv:row 9", "a row of its own"
		}
	}
	subs = append(subs, &submissions.Submission{Student: "z-none", Name: "On the roster", NotSubmitted: true})
	stored := func(t *testing.T, subs []*submissions.Submission, spill func(*testing.T) Spill) *ClassResult {
		g := New(key, r)
		for i := range g.questions {
			g.memo(0, i).limit = 100 // the rest are results of the students' own
		}
		c := g.NewClassGrader()
		if spill != nil {
			c.SpillTo(spill(t))
			c.class.own.limit = 1 << 12
		}
		for _, sub := range subs {
			c.Add(sub)
		}
		return c.Finish()
	}
	file := func(t *testing.T) *os.File {
		f, err := os.CreateTemp(t.TempDir(), "spill")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	var unreadSpill *os.File
	classes := map[string]func(t *testing.T) *ClassResult{
		"in memory": func(t *testing.T) *ClassResult { return stored(t, subs, nil) },
		"spilled":   func(t *testing.T) *ClassResult { return stored(t, subs, func(t *testing.T) Spill { return file(t) }) },
		"spill failing to write": func(t *testing.T) *ClassResult {
			return stored(t, subs, func(t *testing.T) Spill { return failingSpill{file(t)} })
		},
		"spill failing to read": func(t *testing.T) *ClassResult {
			c := stored(t, subs, func(t *testing.T) Spill { unreadSpill = file(t); return unreadSpill })
			unreadSpill.Close() // every result spilled now reads back as an internal error
			return c
		},
		"small": func(t *testing.T) *ClassResult { return stored(t, subs[:100], nil) },
		"variants": func(t *testing.T) *ClassResult {
			set := openHW8Variants(t)
			c := NewVariants(set, nil, false).NewClassGrader()
			for i := range 1500 {
				id := fmt.Sprintf("st%05d", i)
				v, err := set.Draw(id)
				if err != nil {
					t.Fatal(err)
				}
				answers := hw8VariantsAnswers(v.Map())
				if i%3 == 0 {
					answers["1a"] = fmt.Sprint(i) // wrong, and a result of the student's own
				}
				c.Add(&submissions.Submission{Student: id, Name: names[i%len(names)], Answers: answers})
			}
			return c.Finish()
		},
	}
	for name, class := range classes {
		t.Run(name, func(t *testing.T) {
			c := class(t)
			if c.stored == nil {
				t.Fatal("not a stored class")
			}
			if name != "small" && name != "variants" && c.stored.own.len() == 0 {
				t.Fatal("no results of the students' own: the test no longer reads them")
			}
			if spilled := name == "spilled" || name == "spill failing to read"; (c.stored.own.spilled > 0) != spilled {
				t.Fatalf("%d bytes spilled", c.stored.own.spilled)
			}
			var want []byte
			var v StudentScores
			i, unread := 0, 0
			c.Each(func(s *StudentResult) error {
				v.setFrom(s)
				want = appendScores(want, i, &v)
				i++
				for _, q := range s.Questions {
					if strings.Contains(q.Feedback, "reading a stored result back") {
						unread++
					}
				}
				return nil
			})
			if name == "in memory" && (!bytes.Contains(want, []byte(`"none"`)) || !bytes.Contains(want, []byte(`"unreadable"`))) {
				t.Fatal("no student without a submission, or none unreadable")
			}
			if (unread > 0) != (name == "spill failing to read") {
				t.Fatalf("%d results could not be read back from the spill", unread)
			}
			var got bytes.Buffer
			renderers := 0
			err := c.RenderScores(&got, func() ScoresRenderer {
				renderers++
				return func(dst []byte, i int, s *StudentScores) ([]byte, error) { return appendScores(dst, i, s), nil }
			})
			if err != nil {
				t.Fatal(err)
			}
			if name != "small" && renderers < 2 {
				t.Errorf("rendered with %d renderers", renderers)
			}
			if !bytes.Equal(got.Bytes(), want) {
				at := firstDifference(got.Bytes(), want)
				t.Fatalf("RenderScores differs from Each's results at byte %d:\n%s\n---- Each:\n%s",
					at, clipAt(got.Bytes(), at), clipAt(want, at))
			}
		})
	}

	// A renderer's error, or the writer's, stops it and is returned, with
	// what one renderer would have written before it.
	c := classes["in memory"](t)
	var want bytes.Buffer
	c.RenderScores(&want, func() ScoresRenderer {
		return func(dst []byte, i int, s *StudentScores) ([]byte, error) { return appendScores(dst, i, s), nil }
	})
	stop := errors.New("stop here")
	var got bytes.Buffer
	err = c.RenderScores(&got, func() ScoresRenderer {
		return func(dst []byte, i int, s *StudentScores) ([]byte, error) {
			if i == 1000 {
				return dst, stop
			}
			return appendScores(dst, i, s), nil
		}
	})
	before := want.Bytes()[:bytes.Index(want.Bytes(), []byte("\n1000 "))+1]
	if !errors.Is(err, stop) || !bytes.Equal(got.Bytes(), before) {
		t.Errorf("a renderer's error: %v, and %d bytes written; one renderer writes %d", err, got.Len(), len(before))
	}
	err = c.RenderScores(failingWriter{}, func() ScoresRenderer {
		return func(dst []byte, i int, s *StudentScores) ([]byte, error) { return appendScores(dst, i, s), nil }
	})
	if !errors.Is(err, errWriteFailed) {
		t.Errorf("a writer's error: %v", err)
	}
}

// TestRenderScoresOfAClassInStudents: a class held in Students gives each
// student's scores as their result has them, total included (not added up
// again), in order.
func TestRenderScoresOfAClassInStudents(t *testing.T) {
	c := &ClassResult{Students: []StudentResult{
		{Student: "a", Name: "A", Score: 1.5, Questions: []QuestionResult{{ID: "q2", Score: 1}, {ID: "q1", Score: 0.25}, {ID: "q2", Score: 3}}},
		{Student: "b", Submission: SubmissionUnreadable, Problem: "why"},
		{Student: "c", Submission: SubmissionNone, Score: math.NaN()},
	}}
	var got bytes.Buffer
	err := c.RenderScores(&got, func() ScoresRenderer {
		return func(dst []byte, i int, s *StudentScores) ([]byte, error) { return appendScores(dst, i, s), nil }
	})
	want := `0 "a" "A" "" "" 0x3ff8000000000000
  "q2" 0x3ff0000000000000
  "q1" 0x3fd0000000000000
  "q2" 0x4008000000000000
1 "b" "" "unreadable" "why" 0x0000000000000000
2 "c" "" "none" "" 0x7ff8000000000001
`
	if err != nil || got.String() != want {
		t.Errorf("RenderScores: %v\n%s\n---- want:\n%s", err, got.String(), want)
	}
}

// appendScores is a student's scores as text, each score's bits exactly.
func appendScores(dst []byte, i int, s *StudentScores) []byte {
	dst = fmt.Appendf(dst, "%d %q %q %q %q %#016x\n", i, s.Student, s.Name, s.Submission, s.Problem, math.Float64bits(s.Score))
	for _, q := range s.Questions {
		dst = fmt.Appendf(dst, "  %q %#016x\n", q.ID, math.Float64bits(q.Score))
	}
	return dst
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// clipAt is the few lines of b around byte at.
func clipAt(b []byte, at int) string {
	start, end := max(0, at-300), min(len(b), at+300)
	return strings.ToValidUTF8(string(b[start:end]), "?")
}
