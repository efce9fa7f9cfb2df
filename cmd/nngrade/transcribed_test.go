package main

import (
	"path/filepath"
	"testing"
)

// TestTranscribedExample runs README.md's commands on the seed homework in
// examples/hw8/transcribed: they must stay valid (exit 0).
func TestTranscribedExample(t *testing.T) {
	seed := filepath.Join("..", "..", "examples", "hw8", "transcribed", "ssr226.md")
	runExitCases(t, []exitCase{
		{"extract", []string{"extract", "hw8", seed}, 0, ""},
		{"grade", []string{"grade", "hw8", seed, "--details"}, 0, ""},
		{"check", []string{"check", "hw8", seed}, 0, ""},
		{"grade a folder", []string{"grade", "hw8", filepath.Dir(seed)}, 0, ""},
	})
}
