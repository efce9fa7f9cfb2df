package nn

import (
	"errors"
	"testing"
)

// TestErrorMessages compares whole error strings: each names the network, the
// layer (1-based position and type) and the numbers involved.
func TestErrorMessages(t *testing.T) {
	cases := []struct {
		name string
		net  Network
		want string
	}{
		{"empty input", Network{Name: "e", Layers: []Layer{{Type: "relu"}}},
			`network "e": the input shape is empty; give it channels last, e.g. [64, 64, 3] or [10]`},
		{"zero size", Network{Name: "e", Input: []int{3, 0}, Layers: []Layer{{Type: "relu"}}},
			`network "e": input shape [3, 0] has a size 0; every size must be from 1 to 1099511627776`},
		{"no layers", Network{Name: "e", Input: []int{3}},
			`network "e": it has no layers`},
		{"duplicate name", Network{Name: "d", Input: []int{3}, Layers: []Layer{{Name: "a", Type: "relu"}, {Name: "a", Type: "relu"}}},
			`network "d", layer "a" (#2, relu): the name is already used by layer #1; layer names must be unique`},
		{"window larger than input", Network{Name: "cnn", Input: []int{16, 16, 1}, Layers: []Layer{
			{Name: "conv1", Type: "conv2d", Filters: 4, Kernel: []int{5}}, {Name: "pool1", Type: "maxpool2d", Size: []int{2}},
			{Name: "conv2", Type: "conv2d", Filters: 4, Kernel: []int{5}}, {Name: "pool2", Type: "maxpool2d", Size: []int{3}}}},
			`network "cnn", layer "pool2" (#4, maxpool2d): window 3 is larger than its input 2`},
		{"kernel larger than padded input", Network{Name: "p", Input: []int{2, 2, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 2, Kernel: []int{5}, Padding: []int{1}}}},
			`network "p", layer "c" (#1, conv2d): kernel 5 is larger than its padded input 4 (2 + padding 1 + 1)`},
		{"dilated kernel on a non-square input", Network{Name: "p", Input: []int{5, 9, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 2, Kernel: []int{3}, Dilation: []int{3}}}},
			`network "p", layer "c" (#1, conv2d): kernel 3 with dilation 3 spans 7, more than its input 5 along the height`},
		{"pytorch pool padding", Network{Name: "p", Input: []int{9, 9, 3}, Layers: []Layer{{Name: "m", Type: "maxpool2d", Size: []int{3}, Padding: []int{2}}}},
			`network "p", layer "m" (#1, maxpool2d): padding 2 is more than half the window 3; PyTorch allows at most 1`},
		{"keras ceil_mode", Network{Name: "k", Framework: Keras, Input: []int{9, 9, 3}, Layers: []Layer{{Name: "m", Type: "maxpool2d", Size: []int{2}, CeilMode: true}}},
			`network "k", layer "m" (#1, maxpool2d): ceil_mode is PyTorch's; Keras pools round down (use padding = "same" to keep the last partial window)`},
		{"pytorch pool same", Network{Name: "k", Input: []int{9, 9, 3}, Layers: []Layer{{Name: "m", Type: "maxpool2d", Size: []int{2}, PaddingMode: "same"}}},
			`network "k", layer "m" (#1, maxpool2d): PyTorch pools take no padding "same"; give a number (or use framework = "keras")`},
		{"pytorch same with stride", Network{Name: "n", Input: []int{8, 8, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "same"}}},
			`network "n", layer "c" (#1, conv2d): padding "same" needs stride 1 under PyTorch, but the stride is 2; give a number, or use framework = "keras"`},
		{"keras stride with dilation", Network{Name: "k", Framework: Keras, Input: []int{9, 9, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, Dilation: []int{2}}}},
			`network "k", layer "c" (#1, conv2d): Keras does not allow a stride (2) other than 1 with a dilation (2) other than 1`},
		{"unknown padding", Network{Name: "k", Input: []int{9, 9, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{3}, PaddingMode: "full"}}},
			`network "k", layer "c" (#1, conv2d): padding "full" is not valid; give a number, a per-axis list, "valid" or "same"`},
		{"kernel per axis", Network{Name: "k", Input: []int{9, 9, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{3, 3, 3}}}},
			`network "k", layer "c" (#1, conv2d): kernel has 3 values, but the layer has 2 spatial axes; give one value or 2`},
		{"kernel per axis of one", Network{Name: "k", Input: []int{9, 3}, Layers: []Layer{{Name: "c", Type: "conv1d", Filters: 4, Kernel: []int{3, 3}}}},
			`network "k", layer "c" (#1, conv1d): kernel has 2 values, but the layer has 1 spatial axis; give one value or 1`},
		{"one filter not divisible by groups", Network{Name: "k", Input: []int{9, 9, 2}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 1, Kernel: []int{3}, Groups: 2}}},
			`network "k", layer "c" (#1, conv2d): its 1 filter is not divisible by groups 2`},
		{"one channel not divisible by groups", Network{Name: "k", Input: []int{9, 9, 1}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 2, Kernel: []int{3}, Groups: 2}}},
			`network "k", layer "c" (#1, conv2d): its 1 input channel is not divisible by groups 2`},
		{"no filters", Network{Name: "k", Input: []int{9, 9, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Kernel: []int{3}}}},
			`network "k", layer "c" (#1, conv2d): filters must be from 1 to 1099511627776, got 0`},
		{"channels not divisible by groups", Network{Name: "n", Input: []int{8, 8, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{1}, Groups: 2}}},
			`network "n", layer "c" (#1, conv2d): its 3 input channels are not divisible by groups 2`},
		{"filters not divisible by groups", Network{Name: "k", Input: []int{9, 9, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 5, Kernel: []int{3}, Groups: 3}}},
			`network "k", layer "c" (#1, conv2d): its 5 filters are not divisible by groups 3`},
		{"output padding", Network{Name: "k", Input: []int{9, 9, 3}, Layers: []Layer{{Name: "c", Type: "conv_transpose2d", Filters: 6, Kernel: []int{3}, Stride: []int{2}, OutputPadding: []int{2}}}},
			`network "k", layer "c" (#1, conv_transpose2d): output_padding 2 must be smaller than the stride 2 or the dilation 1`},
		{"heads", Network{Name: "k", Input: []int{10, 12}, Layers: []Layer{{Name: "a", Type: "multihead_attention", Heads: 5}}},
			`network "k", layer "a" (#1, multihead_attention): the embed dimension 12 must be divisible by heads 5`},
		{"recurrent rank", Network{Name: "k", Input: []int{10, 12, 3}, Layers: []Layer{{Name: "r", Type: "lstm", Units: 5}}},
			`network "k", layer "r" (#1, lstm): it needs an input [timesteps, features] or [features], but its input [10, 12, 3] has rank 3`},
		{"conv rank", Network{Name: "n", Input: []int{10}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{3}}}},
			`network "n", layer "c" (#1, conv2d): it needs a rank-3 input [height, width, channels], but its input [10] has rank 1`},
		{"embedding rank", Network{Name: "k", Input: []int{10, 12}, Layers: []Layer{{Name: "e", Type: "embedding", Vocab: 5, Dim: 3}}},
			`network "k", layer "e" (#1, embedding): it needs a rank-1 input [tokens], but its input [10, 12] has rank 2`},
		{"overflow", Network{Name: "k", Input: []int{1 << 30, 1 << 30, 1 << 30}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 1 << 30, Kernel: []int{1}}}},
			`network "k", layer "c" (#1, conv2d): the network is too large: a count exceeds 9,223,372,036,854,775,807`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Solve(tc.net)
			if err == nil {
				t.Fatalf("no error; want %s", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
			var le *LayerError
			if !errors.As(err, &le) || le.Network != tc.net.Name {
				t.Errorf("not a *LayerError for network %q: %#v", tc.net.Name, err)
			}
		})
	}
}

// TestApplyError: Apply knows the layer but not the network or position.
func TestApplyError(t *testing.T) {
	_, err := Apply(Layer{Name: "pool2", Type: "maxpool2d", Size: []int{3}}, []int{2, 2, 8}, PyTorch)
	want := `layer "pool2" (maxpool2d): window 3 is larger than its input 2`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	le, ok := AsLayerError(err)
	if !ok || le.Index != -1 || le.Layer != "pool2" || le.Type != "maxpool2d" {
		t.Errorf("got %#v", le)
	}
}

// TestLayerErrorString covers every combination of what is known about where.
func TestLayerErrorString(t *testing.T) {
	cases := []struct {
		name string
		err  LayerError
		want string
	}{
		{"everything", LayerError{Network: "cnn", Layer: "pool2", Type: "maxpool2d", Index: 3, Msg: "m"}, `network "cnn", layer "pool2" (#4, maxpool2d): m`},
		{"no type", LayerError{Network: "cnn", Layer: "pool2", Index: 3, Msg: "m"}, `network "cnn", layer "pool2" (#4): m`},
		{"network only", LayerError{Network: "cnn", Index: -1, Msg: "m"}, `network "cnn": m`},
		{"apply", LayerError{Layer: "fc", Type: "dense", Index: -1, Msg: "m"}, `layer "fc" (dense): m`},
		{"apply unnamed", LayerError{Type: "dense", Index: -1, Msg: "m"}, `dense layer: m`},
		{"nothing", LayerError{Index: -1, Msg: "m"}, `m`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}
