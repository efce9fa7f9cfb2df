package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// TestStudentEncoderWritesExtraction: a transcribed homework's results
// carry source_line and extraction, written as encoding/json writes them,
// and two results alike but for their line are not taken for each other.
func TestStudentEncoderWritesExtraction(t *testing.T) {
	var e studentEncoder
	for _, line := range []int{83, 95, 83, 0} {
		q := grader.QuestionResult{ID: "1a", Answer: "60 × 60 × 32", Status: grader.Correct, Score: 1, MaxScore: 1,
			Expected: "60 × 60 × 32", SourceLine: line, Extraction: "inferred, boxed", CarriedForward: []string{"1b"}}
		if line == 0 {
			q.Extraction, q.CarriedForward = "", nil
		}
		s := grader.StudentResult{Student: "s", Questions: []grader.QuestionResult{q}}
		got := e.appendStudent(nil, &s)
		if want := encodingJSONStudent(t, s); !bytes.Equal(got, want) {
			t.Fatalf("line %d:\n%s\n---- encoding/json:\n%s", line, got, want)
		}
		if line > 0 && !strings.Contains(string(got), `"source_line": `+strconv.Itoa(line)) {
			t.Errorf("line %d: no source_line in\n%s", line, got)
		}
	}
}
