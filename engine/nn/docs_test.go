package nn

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestFormatBatchNormTable keeps FORMAT.md's table of what each framework counts
// for batch norm equal to what Solve (and so the key) counts: a row per
// framework, each cell a multiple of C.
func TestFormatBatchNormTable(t *testing.T) {
	src, err := os.ReadFile("../../docs/FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	const header = "| framework | params | trainable | non-trainable |"
	_, table, ok := strings.Cut(string(src), header)
	if !ok {
		t.Fatalf("FORMAT.md has no batch-norm table starting %q", header)
	}
	rows := 0
	for _, line := range strings.Split(table, "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		fw, ok := ParseFramework(cells[0])
		if !ok || len(cells) != 4 {
			t.Fatalf("FORMAT.md batch-norm row %q: want a framework and three counts", line)
		}
		const c = 7
		sol, err := Solve(Network{Name: "bn", Input: []int{4, 4, c}, Framework: fw, Layers: []Layer{{Type: "batchnorm"}}})
		if err != nil {
			t.Fatal(err)
		}
		got := []int64{sol.TotalParams, sol.Trainable, sol.NonTrainable}
		for i, cell := range cells[1:] {
			if want := multipleOfC(t, cell) * c; got[i] != want {
				t.Errorf("%s: FORMAT.md says %s is %s (%d for C = %d); the engine counts %d", fw, []string{"params", "trainable", "non-trainable"}[i], cell, want, c, got[i])
			}
		}
		rows++
	}
	if rows != 2 {
		t.Errorf("FORMAT.md's batch-norm table has %d rows; want one per framework", rows)
	}
}

// multipleOfC reads "2C" as 2, "C" as 1 and "0" as 0.
func multipleOfC(t *testing.T, cell string) int64 {
	t.Helper()
	if cell == "0" {
		return 0
	}
	n, ok := strings.CutSuffix(cell, "C")
	if !ok {
		t.Fatalf("FORMAT.md batch-norm cell %q is not a multiple of C", cell)
	}
	if n == "" {
		return 1
	}
	k, err := strconv.ParseInt(n, 10, 64)
	if err != nil {
		t.Fatalf("FORMAT.md batch-norm cell %q: %v", cell, err)
	}
	return k
}
