package grader

import (
	"testing"

	"github.com/nngrade/nngrade/rubrics"
)

// For the benchmarks of package grader_test, which go through the reports.

// GeneratedClass is classCSV (distinct false) or distinctClassCSV of n
// students for Homework 8, with the key and rubric to grade it.
func GeneratedClass(tb testing.TB, n int, distinct bool) (*Key, *rubrics.Rubric, []byte) {
	key, r, _ := hw8Bench(tb)
	return key, r, generateClass(tb, New(key, r), n, distinct)
}

// ReadWithEncodingCSV is readWithEncodingCSV.
func ReadWithEncodingCSV(tb testing.TB, path string) int { return readWithEncodingCSV(tb, path) }
