package nn

import (
	"strings"
	"testing"
)

// elman is Homework 8's problem 2: h_t = tanh(W h_{t-1} + U x_t + b), y_t = V h_t + c
// with x in R^n, h in R^k, y in R^m.
func elman(fw Framework) Network {
	return Network{
		Name: "rnn", Framework: fw, Input: []int{4, 0},
		Layers: []Layer{{Name: "rnn", Type: "rnn"}, {Name: "out", Type: "dense"}},
		Symbols: []Symbol{
			{Name: "n", Layer: -1, Key: "input", Axis: 1},
			{Name: "k", Layer: 0, Key: "units"},
			{Name: "m", Layer: 1, Key: "units"},
		},
	}
}

func TestSymbolicCount(t *testing.T) {
	total := func(s *Solution) int64 { return s.TotalParams }
	cases := []struct {
		name string
		net  Network
		want string
	}{
		// Keras SimpleRNN has one bias vector, as the homework's RNN does.
		{"elman keras", elman(Keras), "k^2 + n*k + k*m + k + m"},
		// PyTorch's nn.RNN has two (b_ih and b_hh).
		{"elman pytorch", elman(PyTorch), "k^2 + n*k + k*m + 2*k + m"},
		{"conv channels", Network{Name: "c", Input: []int{8, 8, 0}, Layers: []Layer{{Type: "conv2d", Kernel: []int{3}}, {Type: "flatten"}},
			Symbols: []Symbol{{Name: "c", Layer: -1, Key: "input", Axis: 2}, {Name: "f", Layer: 0, Key: "filters"}}},
			"9*c*f + f"},
		{"embedding", Network{Name: "e", Input: []int{10}, Layers: []Layer{{Type: "embedding"}},
			Symbols: []Symbol{{Name: "v", Layer: 0, Key: "vocab"}, {Name: "d", Layer: 0, Key: "dim"}}},
			"v*d"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := SymbolicCount(tc.net, total)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestSymbolicCountRefusesNonPolynomials(t *testing.T) {
	// A symbolic spatial size through a stride-2 convolution: floor((h-3)/2)+1.
	net := Network{Name: "s", Input: []int{0, 8, 1}, Layers: []Layer{{Type: "conv2d", Filters: 2, Kernel: []int{3}, Stride: []int{2}}, {Type: "flatten"}, {Type: "dense", Units: 1}},
		Symbols: []Symbol{{Name: "h", Layer: -1, Key: "input", Axis: 0}}}
	_, err := SymbolicCount(net, func(s *Solution) int64 { return s.TotalParams })
	if err == nil || !strings.Contains(err.Error(), "not a polynomial") {
		t.Fatalf("got %v", err)
	}
	if _, err := Solve(elman(Keras)); err == nil || !strings.Contains(err.Error(), "n, k, m are names") {
		t.Fatalf("Solve on a symbolic network: %v", err)
	}
}

// TestSymbolicParams covers the grids and keys beyond the homework's RNN.
func TestSymbolicParams(t *testing.T) {
	cases := []struct {
		name string
		net  Network
		want string
	}{
		// A 7×7 kernel cannot be built on the first grid (n = 5): a larger grid is used.
		{"large kernel, symbolic input", Network{Name: "c", Input: []int{0, 0, 3}, Layers: []Layer{
			{Type: "conv2d", Filters: 2, Kernel: []int{7}}, {Type: "flatten"}, {Type: "dense", Units: 1}},
			Symbols: []Symbol{{Name: "h", Layer: -1, Key: "input", Axis: 0}, {Name: "w", Layer: -1, Key: "input", Axis: 1}}},
			// 7·7·3·2 + 2 conv, then 2·(h−6)(w−6) + 1 dense
			"2*h*w - 12*h - 12*w + 369"},
		{"symbolic kernel", Network{Name: "c", Input: []int{32, 32, 3}, Layers: []Layer{{Type: "conv2d", Filters: 8, Kernel: []int{0}}},
			Symbols: []Symbol{{Name: "k", Layer: 0, Key: "kernel"}}},
			"24*k^2 + 8"},
		{"lstm keras", Network{Name: "l", Framework: Keras, Input: []int{5, 0}, Layers: []Layer{{Type: "lstm"}},
			Symbols: []Symbol{{Name: "n", Layer: -1, Key: "input", Axis: 1}, {Name: "h", Layer: 0, Key: "units"}}},
			"4*h^2 + 4*n*h + 4*h"},
		{"batchnorm keras counts moving statistics", Network{Name: "b", Framework: Keras, Input: []int{4, 4, 0}, Layers: []Layer{{Type: "batchnorm"}},
			Symbols: []Symbol{{Name: "c", Layer: -1, Key: "input", Axis: 2}}},
			"4*c"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := SymbolicParams(tc.net)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestPolynomialEval checks the interpolated polynomial against Solve at a
// point far from every grid.
func TestPolynomialEval(t *testing.T) {
	net := elman(PyTorch)
	p, err := SymbolicParams(net)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := net.Substitute(map[string]int{"n": 300, "k": 512, "m": 1000})
	if err != nil {
		t.Fatal(err)
	}
	sol, err := Solve(sub)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Eval([]int64{300, 512, 1000}); got.Int64() != sol.TotalParams {
		t.Errorf("Eval %s, Solve %d", got, sol.TotalParams)
	}
}

// TestSymbolicHighDegree: one name on every axis of a 3-D input, through a
// flatten and a dense layer of m units, is degree 3 in n; MACs of attention are
// degree 2 in the tokens.
func TestSymbolicHighDegree(t *testing.T) {
	net := Network{Name: "v", Input: []int{0, 0, 0, 2}, Layers: []Layer{{Type: "flatten"}, {Type: "dense"}},
		Symbols: []Symbol{{Name: "n", Layer: -1, Key: "input", Axis: 0}, {Name: "n", Layer: -1, Key: "input", Axis: 1},
			{Name: "n", Layer: -1, Key: "input", Axis: 2}, {Name: "m", Layer: 1, Key: "units"}}}
	p, err := SymbolicParams(net)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.String(), "2*n^3*m + m"; got != want {
		t.Errorf("params %s, want %s", got, want)
	}
	att := Network{Name: "a", Input: []int{0, 64}, Layers: []Layer{{Type: "multihead_attention", Heads: 8}},
		Symbols: []Symbol{{Name: "T", Layer: -1, Key: "input", Axis: 0}}}
	macs, err := SymbolicCount(att, func(s *Solution) int64 { return s.MACs })
	if err != nil {
		t.Fatal(err)
	}
	if got, want := macs.String(), "128*T^2 + 16384*T"; got != want {
		t.Errorf("MACs %s, want %s", got, want)
	}
}

// TestSymbolicCounts derives each layer's share of the Elman network's
// parameters on one grid: the shares are the layers' own formulas and add up
// to SymbolicCount's total.
func TestSymbolicCounts(t *testing.T) {
	net := elman(Keras)
	shares, err := SymbolicCounts(net, []func(*Solution) int64{
		func(s *Solution) int64 { return s.Layers[0].Params },
		func(s *Solution) int64 { return s.Layers[1].Params },
		func(s *Solution) int64 { return s.TotalParams },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"k^2 + n*k + k", "k*m + m", "k^2 + n*k + k*m + k + m"}
	for i, p := range shares {
		if p.String() != want[i] {
			t.Errorf("share %d = %s, want %s", i, p, want[i])
		}
	}
	total, err := SymbolicCount(net, func(s *Solution) int64 { return s.TotalParams })
	if err != nil || total.String() != shares[2].String() {
		t.Errorf("SymbolicCount = %s, %v; SymbolicCounts' %s", total, err, shares[2])
	}
	if _, err := SymbolicCounts(Network{Name: "plain", Input: []int{3}}, nil); err == nil {
		t.Errorf("a network without names: no error")
	}
}
