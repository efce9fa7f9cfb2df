package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/nngrade/nngrade/grader"
	bundledsets "github.com/nngrade/nngrade/problems/bundled"
	"github.com/nngrade/nngrade/rubrics"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

// homework8 is the bundled Homework 8 solved, and its bundled rubric.
func homework8(t *testing.T) (*grader.Key, *rubrics.Rubric) {
	t.Helper()
	set, err := bundledsets.Set("hw8")
	if err != nil {
		t.Fatal(err)
	}
	key, err := grader.Solve(set)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := bundledrubrics.Rubric("hw8")
	return key, r
}

// homework8Class grades n generated Homework 8 submissions (each answer drawn
// from the bundled sample class's answers to that question, some students
// unreadable) twice: kept compactly by a ClassGrader, whose Each builds every
// student in one reused buffer, and with every student in Students.
func homework8Class(t *testing.T, n int) (compact, whole *grader.ClassResult) {
	t.Helper()
	key, r := homework8(t)
	sample, err := bundledclasses.Class("hw8")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(n), 3))
	subs := make([]*submissions.Submission, n)
	for i := range subs {
		sub := &submissions.Submission{Student: fmt.Sprintf("s%05d", n-i), Name: fmt.Sprintf("Student, %d", i),
			Source: fmt.Sprintf("class.csv:%d", i+2), Answers: map[string]string{}}
		if rng.IntN(50) == 0 {
			sub.Unreadable = "not UTF-8 text"
		} else {
			for _, ka := range key.Answers {
				if from := sample[rng.IntN(len(sample))]; from.Answers[ka.Question.ID] != "" {
					sub.Answers[ka.Question.ID] = from.Answers[ka.Question.ID]
				}
			}
		}
		subs[i] = sub
	}
	g := grader.New(key, r)
	cg := g.NewClassGrader()
	for _, sub := range subs {
		cg.Add(sub)
	}
	return cg.Finish(), grader.New(key, r).GradeClass(subs)
}

// TestWritersReadACompactClass: every class writer gives a class kept
// compactly (each student built in the buffer of the one before) the bytes
// it gives the same class held whole, so no writer keeps a student, or its
// questions, past Each's call.
func TestWritersReadACompactClass(t *testing.T) {
	compact, whole := homework8Class(t, 1500)
	if len(compact.Students) != 0 || compact.Len() != whole.Len() {
		t.Fatalf("the compact class has %d students in Students and %d in all; want 0 and %d", len(compact.Students), compact.Len(), whole.Len())
	}
	defer func(n int) { directTableRows = n }(directTableRows)
	for _, rows := range []int{1000, 2000} { // the class table drawn directly, then by tablewriter
		directTableRows = rows
		for _, wr := range []struct {
			name  string
			write func(io.Writer, *grader.ClassResult) error
		}{
			{"ClassTable", ClassTable}, {"JSON", JSON}, {"GradebookCSV", GradebookCSV}, {"Moodle", Moodle},
			{"Canvas", func(w io.Writer, c *grader.ClassResult) error { return Canvas(w, c, "") }},
			{"HTMLReport", func(w io.Writer, c *grader.ClassResult) error {
				a, err := grader.AnalyseClass(c)
				if err != nil {
					return err
				}
				return HTMLReport(w, c, a, grader.SuggestedMistakes(a, 2))
			}},
		} {
			var got, want bytes.Buffer
			if err := wr.write(&got, compact); err != nil {
				t.Fatal(err)
			}
			if err := wr.write(&want, whole); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s of the compact class differs at byte %d", wr.name, firstDifference(got.Bytes(), want.Bytes()))
			}
		}
	}
	for name, files := range map[string]func(*grader.ClassResult) (map[string][]byte, error){
		"FeedbackFiles": FeedbackFiles, "GradescopeClass": GradescopeClass} {
		got, err := files(compact)
		if err != nil {
			t.Fatal(err)
		}
		want, err := files(whole)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files of the compact class, %d of the whole", name, len(got), len(want))
		}
		for file, data := range want {
			if !bytes.Equal(got[file], data) {
				t.Errorf("%s: %s of the compact class differs", name, file)
			}
		}
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := WriteFeedbackFilesContext(context.Background(), dir, compact); err != nil {
		t.Fatal(err)
	}
	want, _ := FeedbackFiles(whole)
	got := readDir(t, dir)
	for file, data := range want {
		if !bytes.Equal(got[file], data) {
			t.Errorf("WriteFeedbackFilesContext: %s of the compact class differs", file)
		}
	}
}
