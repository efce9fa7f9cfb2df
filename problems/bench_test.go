package problems

import (
	"os"
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
