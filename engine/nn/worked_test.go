package nn

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/nngrade/nngrade/engine/expr"
)

func flag(b bool) *bool { return &b }

// workedVariants are networks for what the PyTorch reference networks do not
// have: Keras's conventions and padding modes, "same" padding, ceil_mode (with a
// last window dropped), groups, dilation, output padding, stacked,
// bidirectional and bias-free recurrent layers, a recurrent layer on [features].
func workedVariants() []Network {
	return []Network{
		{Name: "keras_cnn", Framework: Keras, Input: []int{32, 32, 3}, Layers: []Layer{
			{Name: "conv_same", Type: "conv2d", Filters: 16, Kernel: []int{3}, Stride: []int{2}, PaddingMode: SamePadding},
			{Name: "pool_same", Type: "maxpool2d", Size: []int{3}, Stride: []int{2}, PaddingMode: SamePadding},
			{Name: "conv_valid", Type: "conv2d", Filters: 8, Kernel: []int{3}, PaddingMode: ValidPadding},
			{Name: "bn", Type: "batchnorm"},
			{Name: "up_same", Type: "conv_transpose2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: SamePadding},
			{Name: "up_valid", Type: "conv_transpose2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: ValidPadding},
			{Name: "up_same_op", Type: "conv_transpose2d", Filters: 4, Kernel: []int{4}, Stride: []int{2}, PaddingMode: SamePadding, OutputPadding: []int{1}},
			{Name: "pool_valid", Type: "avgpool2d", Size: []int{2}, PaddingMode: ValidPadding},
			{Name: "flat", Type: "flatten"},
			{Name: "fc", Type: "dense", Units: 10},
		}},
		{Name: "torch_cnn", Input: []int{31, 29, 8}, Layers: []Layer{
			{Name: "conv_same", Type: "conv2d", Filters: 16, Kernel: []int{3}, Dilation: []int{2}, PaddingMode: SamePadding},
			{Name: "grouped", Type: "conv2d", Filters: 16, Kernel: []int{3, 5}, Groups: 4, Bias: flag(false)},
			{Name: "pool_ceil", Type: "maxpool2d", Size: []int{2}, CeilMode: true},
			{Name: "up", Type: "conv_transpose2d", Filters: 8, Kernel: []int{3}, Stride: []int{2}, Padding: []int{1}, OutputPadding: []int{1}, Dilation: []int{2}, Groups: 2},
			{Name: "gap", Type: "global_avgpool"},
		}},
		{Name: "dropped_window", Input: []int{5, 2}, Layers: []Layer{
			{Name: "pool", Type: "maxpool1d", Size: []int{2}, Stride: []int{2}, Padding: []int{1}, CeilMode: true},
		}},
		{Name: "keras_text", Framework: Keras, Input: []int{20}, Layers: []Layer{
			{Name: "embed", Type: "embedding", Vocab: 1000, Dim: 32},
			{Name: "lstm", Type: "lstm", Units: 64},
			{Name: "gru", Type: "gru", Units: 16},
			{Name: "gru_v1", Type: "gru", Units: 8, ResetAfter: flag(false), ReturnSequences: flag(false)},
		}},
		{Name: "keras_rnn", Framework: Keras, Input: []int{12, 6}, Layers: []Layer{
			{Name: "rnn", Type: "rnn", Units: 5},
			{Name: "norm", Type: "layernorm"},
			{Name: "gate", Type: "sigmoid"},
			{Name: "attn", Type: "multihead_attention", Heads: 5, Bias: flag(false)},
		}},
		{Name: "torch_seq", Input: []int{15, 10}, Layers: []Layer{
			{Name: "deep", Type: "lstm", Units: 12, Layers: 3, Bidirectional: true},
			{Name: "nobias", Type: "gru", Units: 7, Bias: flag(false), Layers: 2},
			{Name: "nobias_rnn", Type: "rnn", Units: 4, Bias: flag(false)},
			{Name: "last", Type: "rnn", Units: 6, Bidirectional: true, ReturnSequences: flag(false)},
		}},
		{Name: "one_step", Input: []int{9}, Layers: []Layer{
			{Name: "cell", Type: "lstm", Units: 3},
		}},
	}
}

// workedNetworks are the PyTorch reference networks (every layer type) and the variants.
func workedNetworks(t *testing.T) []Network {
	src, err := os.ReadFile("testdata/torch_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref torchReference
	if err := json.Unmarshal(src, &ref); err != nil {
		t.Fatal(err)
	}
	var nets []Network
	for _, rn := range ref.Networks {
		net := Network{Name: rn.Name, Input: rn.Input}
		for _, spec := range rn.Layers {
			l, err := layerFromSpec(spec)
			if err != nil {
				t.Fatal(err)
			}
			net.Layers = append(net.Layers, l)
		}
		nets = append(nets, net)
	}
	return append(nets, workedVariants()...)
}

// TestWorkedSolutions renders every ask on every layer of every network in
// workedNetworks and evaluates the arithmetic each shows: it must come to the
// value it says, and a count's solution must derive the engine's count (not
// merely state it). Every pair of layer type and ask that has a value must be
// rendered at least once, so a type added to the table without a worked
// solution fails here.
func TestWorkedSolutions(t *testing.T) {
	rendered := map[[2]string]bool{}
	for _, net := range workedNetworks(t) {
		sol, err := Solve(net)
		if err != nil {
			t.Fatalf("%s: %v", net.Name, err)
		}
		for _, a := range pointers(askTable) {
			for i := -1; i < len(net.Layers); i++ {
				v, err := a.Value(sol, i)
				if err != nil {
					if i >= 0 && (a.Form == ReceptiveForm || a.Form == ReceptiveSizeForm) && !sol.Layers[i].Receptive.Known {
						// Refused: a field not defined in input pixels has
						// no value a question could have as its key.
						rendered[[2]string{net.Layers[i].Type, a.Name}] = true
					}
					continue
				}
				typ := "network"
				if i >= 0 {
					typ = net.Layers[i].Type
				}
				rendered[[2]string{typ, a.Name}] = true
				d := a.workedDoc(net, sol, i)
				where := net.Name + "/" + typ + "/" + a.Name
				if i >= 0 {
					where = net.Name + "/" + net.Layers[i].Name + " (" + typ + ")/" + a.Name
				}
				text := d.String()
				undefined := a.Form == ReceptiveForm || a.Form == ReceptiveSizeForm
				undefined = undefined && !sol.Layers[i].Receptive.Known
				if !undefined && !strings.Contains(text, `\boxed{`) {
					t.Errorf("%s: no boxed result:\n%s", where, text)
				}
				derived := false
				for _, c := range d.checks {
					n, err := expr.EvalNumber(c.text)
					if err != nil {
						t.Errorf("%s: the arithmetic %q does not evaluate: %v\n%s", where, c.text, err, text)
						continue
					}
					if math.Abs(n.Float-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
						t.Errorf("%s: %s comes to %s, but the solution says %s:\n%s", where, c.text, n, FormatFloat(c.want), text)
					}
					if a.Kind == IntegerAsk && c.want == float64(v.Int) {
						derived = true
					}
				}
				mustDerive := a.Kind == IntegerAsk && v.Int != 0 && a.Name != "receptive_field_size"
				if a.Name == "receptive_field_size" && i >= 0 && sol.Layers[i].Receptive.Known && v.Int > 1 {
					mustDerive = true
				}
				if mustDerive && !derived {
					t.Errorf("%s: the solution does not derive %d:\n%s", where, v.Int, text)
				}
				if a.Name == "output_shape" && !strings.Contains(text, "O = ") && !strings.Contains(text, `\times`) {
					t.Errorf("%s: no formula for the output:\n%s", where, text)
				}
			}
		}
	}
	for _, lt := range LayerTable() {
		for _, a := range askTable {
			if a.Scope&LayerScope == 0 || (a.Kind == ShapeAsk && a.Name == "weight_shape" && !lt.Weights) {
				continue
			}
			if !rendered[[2]string{lt.Name, a.Name}] {
				t.Errorf("%s of %s: no network in workedNetworks renders it", a.Name, lt.Name)
			}
		}
	}
	for _, a := range askTable {
		if a.Scope&NetworkScope != 0 && !rendered[[2]string{"network", a.Name}] {
			t.Errorf("%s of a network: never rendered", a.Name)
		}
	}
}

// TestWorkedFormulas holds a few worked solutions to the formulas the seed and
// the issue write, with the layer's numbers: LSTM 4(H(F + H) + 2H) under
// PyTorch, a GRU under each reset_after, attention 4(E² + E), batch norm's 2C
// (+ 2C under Keras), a transposed convolution's output size.
func TestWorkedFormulas(t *testing.T) {
	cases := []struct {
		net   Network
		layer int
		ask   string
		want  []string
	}{
		{Network{Input: []int{20, 64}, Layers: []Layer{{Name: "lstm", Type: "lstm", Units: 128}}}, 0, "params",
			[]string{`W = 4H(F + H) = 4 \times 128 \times \left(64 + 128\right) = 98304`, `B = 8H = 2 \times 4 \times 128 = 1024`,
				`\boxed{P = 4\left(H(F + H) + 2H\right) = 4 \times \left(128 \times \left(64 + 128\right) + 2 \times 128\right) = 99328}`, "$b_{ih}$ and $b_{hh}$"}},
		{Network{Input: []int{20, 64}, Framework: Keras, Layers: []Layer{{Name: "lstm", Type: "lstm", Units: 128}}}, 0, "params",
			[]string{`\boxed{P = 4\left(H(F + H) + H\right) = 4 \times \left(128 \times \left(64 + 128\right) + 128\right) = 98816}`}},
		{Network{Input: []int{20, 64}, Framework: Keras, Layers: []Layer{{Name: "gru", Type: "gru", Units: 32, ResetAfter: flag(false)}}}, 0, "biases",
			[]string{"reset_after = false one bias vector", `B = 3H = 3 \times 32 = 96`, "Biases only: $$\\boxed{96}$$"}},
		{Network{Input: []int{20, 64}, Framework: Keras, Layers: []Layer{{Name: "gru", Type: "gru", Units: 32}}}, 0, "params",
			[]string{"reset_after = true (its default) two bias vectors", `B = 6H = 2 \times 3 \times 32 = 192`}},
		{Network{Input: []int{10, 512}, Layers: []Layer{{Name: "mha", Type: "multihead_attention", Heads: 8}}}, 0, "params",
			[]string{`\boxed{P = 4(E^2 + E) = 4 \times \left(512^2 + 512\right) = 1050624}`}},
		{Network{Input: []int{10, 512}, Layers: []Layer{{Name: "mha", Type: "multihead_attention", Heads: 8}}}, 0, "macs",
			[]string{`\text{MACs} = 4TE^2 + 2T^2E = 4 \times 10 \times 512^2 + 2 \times 10^2 \times 512 = 10588160`}},
		{Network{Input: []int{8, 8, 64}, Framework: Keras, Layers: []Layer{{Name: "bn", Type: "batchnorm"}}}, 0, "params",
			[]string{`P_{\text{trainable}} = 2C = 2 \times 64 = 128`, `P_{\text{non-trainable}} = 2C = 2 \times 64 = 128`, `\boxed{P = 4C = 128 + 128 = 256}`}},
		{Network{Input: []int{8, 8, 64}, Layers: []Layer{{Name: "bn", Type: "batchnorm"}}}, 0, "params",
			[]string{`\boxed{P = 2C = 2 \times 64 = 128}`, "buffers"}},
		{Network{Input: []int{7, 7, 16}, Layers: []Layer{{Name: "up", Type: "conv_transpose2d", Filters: 8, Kernel: []int{3}, Stride: []int{2}, Padding: []int{1}, OutputPadding: []int{1}}}}, 0, "output_shape",
			[]string{`O = (I - 1)S - 2P + D(K - 1) + P_o + 1`, `O = \left(7 - 1\right) \times 2 - 2 \times 1 + 1 \times \left(3 - 1\right) + 1 + 1 = 14`}},
		{Network{Input: []int{1000}, Layers: []Layer{{Name: "emb", Type: "embedding", Vocab: 50000, Dim: 300}}}, 0, "params",
			[]string{`\boxed{P = W = \text{vocab} \times \text{dim} = 50000 \times 300 = 15000000}`}},
		{Network{Name: "n", Input: []int{8, 8, 3}, Layers: []Layer{{Name: "relu", Type: "relu"}}}, -1, "non_trainable_params",
			[]string{"No layer of `n` adds to it: $$\\boxed{0}$$"}},
	}
	for _, tc := range cases {
		sol, err := Solve(tc.net)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := AskNamed(tc.ask)
		got := a.Worked(tc.net, sol, tc.layer)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s of %v: want %q in\n%s", tc.ask, tc.net.Layers, w, got)
			}
		}
		if strings.Contains(got, "0 = \\boxed{0}") {
			t.Errorf("%s: a tautology:\n%s", tc.ask, got)
		}
	}
}
