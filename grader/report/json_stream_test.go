package report

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// encodingJSONStudent is a student as encoding/json writes it inside JSON's
// "students" (rounded as JSON rounds).
func encodingJSONStudent(t testing.TB, s grader.StudentResult) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(roundedStudent(s)); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TestStudentEncoderIsEncodingJSON: every student of generated classes, and
// scores at encoding/json's switches to exponents, encode as encoding/json
// encodes them, the second time (from the question cache) as the first.
func TestStudentEncoderIsEncodingJSON(t *testing.T) {
	students := append(variedClass(2000, 9).Students, fixtureClass().Students...)
	for _, x := range []float64{1e-7, 0.000001, 1e21, 1e20, 123456789012345678, -1e-7, -3, math.Copysign(0, -1), 1e300, 5e-324} {
		students = append(students, grader.StudentResult{Student: "x", Score: x, MaxScore: -x,
			Questions: []grader.QuestionResult{{ID: "1", Score: x, MaxScore: x}}})
	}
	// A student of a set with per-student values carries them.
	students = append(students, grader.StudentResult{Student: "v", Params: grader.Params{{Name: "f1", Value: 32}, {Name: "k1", Value: 5}},
		Questions: []grader.QuestionResult{{ID: "1", Status: grader.Incorrect, CopiedFrom: grader.Params{{Name: "k1", Value: 3}}}}})
	var e studentEncoder
	for pass := range 2 {
		for _, s := range students {
			got := e.appendStudent(nil, &s)
			if want := encodingJSONStudent(t, s); !bytes.Equal(got, want) {
				t.Fatalf("pass %d, student %q:\n%s\n---- encoding/json:\n%s", pass, s.Student, got, want)
			}
		}
	}
	if len(e.questions.entries) == 0 {
		t.Error("no question was cached")
	}
}

// TestStudentEncoderKeepsMemoryBounded: past maxRenderedBytes no more
// questions are kept, and those not kept still encode right.
func TestStudentEncoderKeepsMemoryBounded(t *testing.T) {
	var e studentEncoder
	long := strings.Repeat("feedback ", 2000)
	for i := range 1000 {
		s := grader.StudentResult{Student: "s", Questions: []grader.QuestionResult{{ID: "1", Feedback: long, Answer: strings.Repeat("x", i)}}}
		if got, want := e.appendStudent(nil, &s), encodingJSONStudent(t, s); !bytes.Equal(got, want) {
			t.Fatalf("student %d:\n%s\n---- encoding/json:\n%s", i, got, want)
		}
	}
	if e.questions.bytes > maxRenderedBytes || len(e.questions.entries) >= 1000 {
		t.Errorf("%d questions, %d bytes cached; at most %d bytes", len(e.questions.entries), e.questions.bytes, maxRenderedBytes)
	}
}

// TestStudentEncoderTellsLookAlikesApart: results whose texts have the same
// lengths and whose scores are the same (one key in the cache) each encode
// as their own, in whatever order they come.
func TestStudentEncoderTellsLookAlikesApart(t *testing.T) {
	var e studentEncoder
	answers := []string{"ab", "ba", "ab", "cd", "ba", "ab"}
	for i, a := range answers {
		s := grader.StudentResult{Student: "s", Questions: []grader.QuestionResult{{ID: "1", Answer: a, Status: grader.Incorrect,
			Feedback: "wrong: " + a, Expected: "zz"}}}
		if i == 3 {
			s.Questions[0].Status = grader.Invalid // same lengths, another status
		}
		got := e.appendStudent(nil, &s)
		if want := encodingJSONStudent(t, s); !bytes.Equal(got, want) {
			t.Fatalf("answer %d (%q):\n%s\n---- encoding/json:\n%s", i, a, got, want)
		}
	}
}

// TestStudentEncoderKnowsEveryField lists the JSON keys of grader's class,
// student and question results: a key added there must be added to
// studentEncoder or roundedClassHead (and to this list), or JSON would
// silently leave it out.
func TestStudentEncoderKnowsEveryField(t *testing.T) {
	keys := func(v any) []string {
		var out []string
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			if typ.Field(i).IsExported() {
				out = append(out, typ.Field(i).Tag.Get("json"))
			}
		}
		return out
	}
	known := map[string][]string{
		"ClassResult": {"problem_set", "title,omitempty", "max_score", "question_info,omitempty", "students"},
		"StudentResult": {"student", "name,omitempty", "source,omitempty", "submission,omitempty", "problem,omitempty",
			"params,omitempty", "score", "max_score", "questions"},
		"QuestionResult": {"id", "text,omitempty", "score", "max_score", "status", "answer", "expected", "feedback",
			"read_as,omitempty", "carried_forward,omitempty", "source_line,omitempty", "extraction,omitempty", "copied_from,omitempty"},
	}
	for name, got := range map[string][]string{
		"ClassResult":    keys(grader.ClassResult{}),
		"StudentResult":  keys(grader.StudentResult{}),
		"QuestionResult": keys(grader.QuestionResult{}),
	} {
		if !slices.Equal(got, known[name]) {
			t.Errorf("grader.%s has the JSON keys %q; studentEncoder writes %q", name, got, known[name])
		}
	}
}

// FuzzStudentEncoder compares studentEncoder with encoding/json on arbitrary
// text and scores.
func FuzzStudentEncoder(f *testing.F) {
	f.Add("s1", "Ada", "60 × 60 × 32", "line\nbreak\t\"q\"", 0.5, 1e-7)
	f.Add("\xff", "\u2028", "<&>", "\x00\x1f\x7f", 1e21, -0.0)
	f.Fuzz(func(t *testing.T, id, name, answer, feedback string, score, max float64) {
		if math.IsNaN(score) || math.IsInf(score, 0) || math.IsNaN(max) || math.IsInf(max, 0) {
			return
		}
		s := grader.StudentResult{Student: id, Name: name, Source: feedback, Problem: answer, Score: score, MaxScore: max,
			Questions: []grader.QuestionResult{
				{ID: id, Text: name, Score: score, MaxScore: max, Status: grader.Status(answer), Answer: answer,
					Expected: name, Feedback: feedback, ReadAs: feedback, CarriedForward: []string{id, name}},
				{ID: name, Score: max, Answer: feedback},
			}}
		var e studentEncoder
		for range 2 {
			if got, want := e.appendStudent(nil, &s), encodingJSONStudent(t, s); !bytes.Equal(got, want) {
				t.Fatalf("studentEncoder:\n%s\n---- encoding/json:\n%s", got, want)
			}
		}
	})
}
