package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// TestGradebookColumnNamesUnique: questions whose ids are the gradebook's own
// column names (total, name, submission) or differ only in case get names of
// their own, so that no spreadsheet or LMS sees two columns alike; the golden
// file pins the names, and the scores stay under their questions.
func TestGradebookColumnNamesUnique(t *testing.T) {
	ids := []string{"total", "Total", "total (question)", "a", "A", "submission"}
	c := &grader.ClassResult{ProblemSet: "names", MaxScore: float64(len(ids))}
	for _, id := range ids {
		c.Questions = append(c.Questions, grader.QuestionInfo{ID: id, MaxScore: 1})
	}
	read := grader.StudentResult{Student: "s1", MaxScore: float64(len(ids))}
	for i, id := range ids {
		score := float64(i % 2) // 0, 1, 0, ... so a shifted column shows
		read.Score += score
		read.Questions = append(read.Questions, grader.QuestionResult{ID: id, Score: score, MaxScore: 1, Status: grader.Correct})
	}
	unread := grader.StudentResult{Student: "s2", Submission: grader.SubmissionUnreadable, Problem: "s2.toml:1:1: TOML syntax"}
	c.Students = []grader.StudentResult{read, unread}

	var buf bytes.Buffer
	if err := GradebookCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "gradebook_names", buf.Bytes())
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i, name := range rows[0] {
		if prev, dup := seen[strings.ToLower(name)]; dup {
			t.Errorf("columns %d and %d are both %q", prev+1, i+1, name)
		}
		seen[strings.ToLower(name)] = i
	}
}
