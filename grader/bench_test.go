package grader

import (
	"fmt"
	"testing"

	"github.com/nngrade/nngrade/rubrics"
	bundledrubrics "github.com/nngrade/nngrade/rubrics/bundled"
	"github.com/nngrade/nngrade/submissions"
	bundledclasses "github.com/nngrade/nngrade/submissions/bundled"
)

// BenchmarkGradeQuizClass grades a class of 200 students on the 12-question quiz, a mix
// of right, wrong (diagnosed), carried-forward and unreadable answers.
//
//	go test ./grader -run '^$' -bench GradeQuizClass -benchmem
func BenchmarkGradeQuizClass(b *testing.B) {
	key := solveFile(b, "testdata/quiz.toml")
	answerSets := []map[string]string{
		{"conv1_shape": "60 × 60 × 32", "conv1_params": "2,432", "pool_shape": "30x30x32", "conv2_shape": "14 × 14 × 64",
			"conv2_params": "18496", "fc_params": "125450", "total": "146,378", "fc_weights": "(12544, 10)"},
		{"conv1_shape": "32 × 60 × 60", "conv1_params": "2400", "pool_shape": "31 × 31 × 32", "conv2_shape": "15 × 15 × 64",
			"fc_params": "144010", "total": "164938", "fc_weights": "(14400, 10)", "c1_shape": "26 × 26 × 8"},
		{"conv1_shape": "sixty", "total": "about 146k", "p1_shape": "14 × 14 × 8", "d_params": "3925"},
	}
	subs := make([]*submissions.Submission, 200)
	for i := range subs {
		subs[i] = &submissions.Submission{Student: fmt.Sprintf("s%03d", i), Answers: answerSets[i%len(answerSets)]}
	}
	r := rubrics.Default()
	r.Defaults.CarryForward = true
	r.Defaults.CarryForwardCredit = 1
	g := New(key, r)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		g.GradeClass(subs)
	}
}

// BenchmarkGradeHomework8Class grades 200 students on the bundled Homework 8 (its
// ten network questions and four formula questions) under its rubric: the sample
// class's five submissions, forty times over.
//
//	go test ./grader -run '^$' -bench Homework8 -benchmem
func BenchmarkGradeHomework8Class(b *testing.B) {
	key, r, sample := hw8Bench(b)
	var subs []*submissions.Submission
	for i := 0; i < 40; i++ {
		for _, s := range sample {
			c := *s
			c.Student = fmt.Sprintf("%s-%02d", s.Student, i)
			subs = append(subs, &c)
		}
	}
	g := New(key, r)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		g.GradeClass(subs)
	}
}

// hw8Bench is the bundled Homework 8 solved, its rubric and its sample class.
func hw8Bench(b testing.TB) (*Key, *rubrics.Rubric, []*submissions.Submission) {
	key := solveBundled(b, "hw8")
	sample, err := bundledclasses.Class("hw8")
	if err != nil {
		b.Fatal(err)
	}
	r, _ := bundledrubrics.Rubric("hw8")
	return key, r, sample
}

// BenchmarkPublishHomework8 seals the bundled Homework 8 under its rubric and
// encodes the student edition: what nngrade publish does besides the page.
//
//	go test ./grader -run '^$' -bench PublishHomework8 -benchmem
func BenchmarkPublishHomework8(b *testing.B) {
	key, r, _ := hw8Bench(b)
	b.ReportAllocs()
	for b.Loop() {
		ed, err := Publish(key, r, testSalt)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ed.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSealedCheckHomework8 is one student's check against Homework 8's
// sealed edition (the page's Check, natively): loading the edition once, then
// grading each submission of the sample class in turn.
//
//	go test ./grader -run '^$' -bench SealedCheckHomework8 -benchmem
func BenchmarkSealedCheckHomework8(b *testing.B) {
	key, r, sample := hw8Bench(b)
	ed, err := Publish(key, r, testSalt)
	if err != nil {
		b.Fatal(err)
	}
	src, err := ed.Encode()
	if err != nil {
		b.Fatal(err)
	}
	loaded, err := LoadStudentEdition("hw8.student.toml", src)
	if err != nil {
		b.Fatal(err)
	}
	sg, err := NewSealedGrader(loaded)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sg.Grade(sample[i%len(sample)])
		i++
	}
}
