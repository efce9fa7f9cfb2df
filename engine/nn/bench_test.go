package nn

import "testing"

// BenchmarkApplyConv is the grader's carried-forward path: one layer recomputed
// from a student's shape.
func BenchmarkApplyConv(b *testing.B) {
	l := Layer{Name: "conv2", Type: "conv2d", Filters: 64, Kernel: []int{3}, Stride: []int{2}}
	in := []int{30, 30, 32}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Apply(l, in, PyTorch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSymbolicParams derives Homework 8's RNN formula (3 names: 125 solves).
func BenchmarkSymbolicParams(b *testing.B) {
	net := elman(Keras)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SymbolicParams(net); err != nil {
			b.Fatal(err)
		}
	}
}
