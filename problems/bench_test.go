package problems

import (
	"os"
	"strconv"
	"testing"
)

// BenchmarkLoadHomework8 loads and checks the bundled Homework 8 problem set from
// its TOML text: what every nngrade command does first.
func BenchmarkLoadHomework8(b *testing.B) {
	src, err := os.ReadFile("bundled/hw8.toml") // the file package bundled embeds
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("hw8.toml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDraw draws one student's values of the bundled variant set, as
// grading a class does for each student (variants are cached after the
// first of each combination).
//
//	go test ./problems -run '^$' -bench Draw -benchmem
func BenchmarkDraw(b *testing.B) {
	src, err := os.ReadFile("bundled/hw8-variants.toml")
	if err != nil {
		b.Fatal(err)
	}
	set, err := Load("hw8-variants.toml", src)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 4096)
	for i := range ids {
		ids[i] = "student" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := set.Draw(ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
	}
}
