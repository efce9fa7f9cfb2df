package nn_test

import (
	"fmt"

	"github.com/nngrade/nngrade/engine/nn"
)

// Homework 8's CNN: every layer's output shape and parameters.
func ExampleSolve() {
	net := nn.Network{Name: "cnn", Input: []int{64, 64, 3}, Layers: []nn.Layer{
		{Name: "conv1", Type: "conv2d", Filters: 32, Kernel: []int{5}},
		{Name: "pool1", Type: "maxpool2d", Size: []int{2}},
		{Name: "conv2", Type: "conv2d", Filters: 64, Kernel: []int{3}, Stride: []int{2}},
		{Name: "flat", Type: "flatten"},
		{Name: "fc", Type: "dense", Units: 10},
	}}
	sol, err := nn.Solve(net)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range sol.Layers {
		fmt.Println(l.Name, l.OutputShape, l.Params, l.WeightShape)
	}
	fmt.Println("total", sol.TotalParams, "MACs", sol.MACs)
	// Output:
	// conv1 [60 60 32] 2432 [5 5 3 32]
	// pool1 [30 30 32] 0 []
	// conv2 [14 14 64] 18496 [3 3 32 64]
	// flat [12544] 0 []
	// fc [10] 125450 [12544 10]
	// total 146378 MACs 12378112
}

// A network that cannot be built names the layer and the numbers.
func ExampleSolve_error() {
	net := nn.Network{Name: "cnn", Input: []int{8, 8, 1}, Layers: []nn.Layer{
		{Name: "pool1", Type: "maxpool2d", Size: []int{4}},
		{Name: "pool2", Type: "maxpool2d", Size: []int{3}},
	}}
	_, err := nn.Solve(net)
	fmt.Println(err)
	// Output:
	// network "cnn", layer "pool2" (#2, maxpool2d): window 3 is larger than its input 2
}

// Apply recomputes one layer from any input shape, such as a student's wrong
// answer for the layer before it.
func ExampleApply() {
	fc := nn.Layer{Name: "fc", Type: "dense", Units: 10}
	r, err := nn.Apply(fc, []int{25 * 25 * 64}, nn.PyTorch)
	fmt.Println(r.Params, r.WeightShape, err)
	// Output:
	// 400010 [40000 10] <nil>
}

// The frameworks count an LSTM's biases differently.
func ExampleApply_frameworks() {
	lstm := nn.Layer{Name: "lstm", Type: "lstm", Units: 20}
	for _, fw := range []nn.Framework{nn.PyTorch, nn.Keras} {
		r, _ := nn.Apply(lstm, []int{5, 10}, fw)
		fmt.Println(fw, r.Params)
	}
	// Output:
	// pytorch 2560
	// keras 2480
}

// Homework 8's problem 2 derived from the architecture: an Elman RNN of k units
// on n features, then a dense layer of m outputs, with Keras's one bias vector.
func ExampleSymbolicParams() {
	net := nn.Network{Name: "rnn", Framework: nn.Keras, Input: []int{4, 0}, Layers: []nn.Layer{
		{Name: "rnn", Type: "rnn"}, {Name: "out", Type: "dense"},
	}, Symbols: []nn.Symbol{
		{Name: "n", Layer: -1, Key: "input", Axis: 1},
		{Name: "k", Layer: 0, Key: "units"},
		{Name: "m", Layer: 1, Key: "units"},
	}}
	p, err := nn.SymbolicParams(net)
	fmt.Println(p, err)
	// Output:
	// k^2 + n*k + k*m + k + m <nil>
}

// Receptive fields follow the standard recurrence, in input pixels.
func ExampleSolve_receptiveField() {
	net := nn.Network{Name: "rf", Input: []int{32, 32, 3}, Layers: []nn.Layer{
		{Name: "c1", Type: "conv2d", Filters: 8, Kernel: []int{3}},
		{Name: "p1", Type: "maxpool2d", Size: []int{2}},
		{Name: "c2", Type: "conv2d", Filters: 8, Kernel: []int{3}, Padding: []int{1}},
	}}
	sol, _ := nn.Solve(net)
	for _, l := range sol.Layers {
		r := l.Receptive
		fmt.Printf("%s: size %d, jump %d, start %g\n", l.Name, r.Size, r.Jump, r.Start)
	}
	// Output:
	// c1: size 3, jump 1, start 1
	// p1: size 4, jump 2, start 1.5
	// c2: size 8, jump 2, start 1.5
}
