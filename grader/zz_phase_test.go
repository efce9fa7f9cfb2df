package grader_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nngrade/nngrade/grader"
	"github.com/nngrade/nngrade/grader/report"
	"github.com/nngrade/nngrade/submissions"
)

func BenchmarkZZPhases(b *testing.B) {
	key, r, src := grader.GeneratedClass(b, 100_000, false)
	path := filepath.Join(b.TempDir(), "class.csv")
	os.WriteFile(path, src, 0o644)
	b.Run("encoding-csv", func(b *testing.B) {
		for b.Loop() {
			grader.ReadWithEncodingCSV(b, path)
		}
	})
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			submissions.Walk([]string{path}, func(*submissions.Submission) {})
		}
	})
	b.Run("walk+grade", func(b *testing.B) {
		for b.Loop() {
			c := grader.New(key, r).NewClassGrader()
			submissions.Walk([]string{path}, c.Add)
			c.Finish()
		}
	})
	c := grader.New(key, r).NewClassGrader()
	submissions.Walk([]string{path}, c.Add)
	class := c.Finish()
	b.Run("write-csv", func(b *testing.B) {
		for b.Loop() {
			report.GradebookCSV(io.Discard, class)
		}
	})
	b.Run("write-json", func(b *testing.B) {
		for b.Loop() {
			report.JSON(io.Discard, class)
		}
	})
}

func BenchmarkZZAnalyse(b *testing.B) {
	key, r, src := grader.GeneratedClass(b, 100_000, false)
	path := filepath.Join(b.TempDir(), "class.csv")
	os.WriteFile(path, src, 0o644)
	c := grader.New(key, r).NewClassGrader()
	submissions.Walk([]string{path}, c.Add)
	class := c.Finish()
	b.Run("analyse", func(b *testing.B) {
		for b.Loop() {
			grader.AnalyseClass(class)
		}
	})
	b.Run("each", func(b *testing.B) {
		for b.Loop() {
			class.Each(func(*grader.StudentResult) error { return nil })
		}
	})
}
