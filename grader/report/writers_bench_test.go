package report

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/nngrade/nngrade/grader"
)

// benchClass is a 10,000-student class of 12 questions with every status,
// built once for the writers' benchmarks: the size at which a writer that
// holds every row, or copies the class, shows in time and allocations.
var benchClass = sync.OnceValue(func() *grader.ClassResult { return bigClass(10_000, 12) })

// benchWriter times one writer over benchClass.
func benchWriter(b *testing.B, write func(io.Writer, *grader.ClassResult) error) {
	c := benchClass()
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteClassTable10k(b *testing.B)   { benchWriter(b, ClassTable) }
func BenchmarkWriteJSON10k(b *testing.B)         { benchWriter(b, JSON) }
func BenchmarkWriteGradebookCSV10k(b *testing.B) { benchWriter(b, GradebookCSV) }
func BenchmarkWriteMoodle10k(b *testing.B)       { benchWriter(b, Moodle) }

// BenchmarkWriteHTMLReport10k writes the report of an analysis made once
// (grader's benchmarks time AnalyseClass).
func BenchmarkWriteHTMLReport10k(b *testing.B) {
	a, err := grader.AnalyseClass(benchClass())
	if err != nil {
		b.Fatal(err)
	}
	suggested := grader.SuggestedMistakes(a, grader.SuggestMinCount)
	benchWriter(b, func(w io.Writer, c *grader.ClassResult) error { return HTMLReport(w, c, a, suggested) })
}

func BenchmarkWriteCanvas10k(b *testing.B) {
	benchWriter(b, func(w io.Writer, c *grader.ClassResult) error { return Canvas(w, c, "Homework 8") })
}

// BenchmarkWriteFeedbackFiles10k writes the feedback folder (10,001 files,
// each flushed to disk) into a fresh directory per iteration.
func BenchmarkWriteFeedbackFiles10k(b *testing.B) {
	c := benchClass()
	b.ReportAllocs()
	for b.Loop() {
		dir := b.TempDir()
		files, err := FeedbackFiles(c)
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteFilesContext(context.Background(), dir, files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteFeedbackFilesStreaming10k is BenchmarkWriteFeedbackFiles10k
// through WriteFeedbackFilesContext, which keeps no file in memory.
func BenchmarkWriteFeedbackFilesStreaming10k(b *testing.B) {
	c := benchClass()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WriteFeedbackFilesContext(context.Background(), b.TempDir(), c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyseClass10k is the item analysis JSON and --stats do before
// they write: one more pass over the class.
func BenchmarkAnalyseClass10k(b *testing.B) {
	benchWriter(b, func(_ io.Writer, c *grader.ClassResult) error {
		_, err := grader.AnalyseClass(c)
		return err
	})
}

func BenchmarkWriteStats10k(b *testing.B) {
	benchWriter(b, func(w io.Writer, c *grader.ClassResult) error {
		a, err := grader.AnalyseClass(c)
		if err != nil {
			return err
		}
		return StatsTable(w, c, a)
	})
}
