package nn

import (
	"slices"
	"testing"
)

// TestKerasFormulas checks framework = "keras" against Keras's documented
// formulas (Keras is not installable here, so these are the reference):
//
//   - Conv and pooling output: keras.src.utils.conv_utils / ops.operation_utils
//     compute_conv_output_shape: "valid" floor((in − k')/s) + 1, "same" ceil(in/s),
//     with k' = dilation·(k−1) + 1 (the tf.nn "SAME" scheme, odd pad pixel on the
//     bottom/right).
//   - Conv2DTranspose: conv_utils.deconv_output_length (quoted in conv.go).
//   - Dense: "if the input has rank greater than 2, computes the dot product along
//     the last axis" (keras.layers.Dense docs): in·units + units.
//   - SimpleRNN / LSTM / GRU(reset_after=False): g·units·(in + units + 1), one bias
//     vector; GRU(reset_after=True): 3·units·(in + units + 2); Bidirectional doubles.
//   - BatchNormalization: gamma, beta trainable, moving_mean and moving_variance
//     non-trainable: 4C listed, 2C non-trainable.
//   - LayerNormalization: gamma and beta, 2·D. Embedding: input_dim·output_dim.
//   - MultiHeadAttention(num_heads=h, key_dim=E/h): query, key, value and output
//     dense layers of E·E weights and E biases each: 4E² + 4E.
func TestKerasFormulas(t *testing.T) {
	no := false
	cases := []struct {
		name   string
		in     []int
		layer  Layer
		out    []int
		params int64
	}{
		{"conv same stride 1 even kernel", []int{7, 7, 3}, Layer{Type: "conv2d", Filters: 5, Kernel: []int{4}, PaddingMode: "same"}, []int{7, 7, 5}, 4*4*3*5 + 5},
		{"conv same stride 2", []int{8, 8, 3}, Layer{Type: "conv2d", Filters: 5, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "same"}, []int{4, 4, 5}, 3*3*3*5 + 5},
		{"conv same stride 3 on 10", []int{10, 10, 3}, Layer{Type: "conv2d", Filters: 5, Kernel: []int{3}, Stride: []int{3}, PaddingMode: "same"}, []int{4, 4, 5}, 3*3*3*5 + 5},
		{"conv valid stride 2", []int{8, 8, 3}, Layer{Type: "conv2d", Filters: 5, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "valid"}, []int{3, 3, 5}, 3*3*3*5 + 5},
		{"conv1d same dilated", []int{20, 4}, Layer{Type: "conv1d", Filters: 6, Kernel: []int{3}, Dilation: []int{4}, PaddingMode: "same"}, []int{20, 6}, 3*4*6 + 6},
		{"maxpool valid", []int{7, 7, 3}, Layer{Type: "maxpool2d", Size: []int{2}}, []int{3, 3, 3}, 0},
		{"maxpool same", []int{7, 7, 3}, Layer{Type: "maxpool2d", Size: []int{2}, PaddingMode: "same"}, []int{4, 4, 3}, 0},
		{"avgpool same window 3 stride 2", []int{8, 8, 3}, Layer{Type: "avgpool2d", Size: []int{3}, Stride: []int{2}, PaddingMode: "same"}, []int{4, 4, 3}, 0},
		{"transpose same", []int{7, 7, 8}, Layer{Type: "conv_transpose2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "same"}, []int{14, 14, 4}, 3*3*8*4 + 4},
		{"transpose valid", []int{7, 7, 8}, Layer{Type: "conv_transpose2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "valid"}, []int{15, 15, 4}, 3*3*8*4 + 4},
		{"transpose valid kernel below stride", []int{7, 7, 8}, Layer{Type: "conv_transpose2d", Filters: 4, Kernel: []int{1}, Stride: []int{2}, PaddingMode: "valid"}, []int{14, 14, 4}, 8*4 + 4},
		{"transpose same output padding", []int{7, 7, 8}, Layer{Type: "conv_transpose2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "same", OutputPadding: []int{1}}, []int{14, 14, 4}, 3*3*8*4 + 4},
		{"dense on a sequence", []int{10, 64}, Layer{Type: "dense", Units: 32}, []int{10, 32}, 64*32 + 32},
		{"simple rnn", []int{6, 10}, Layer{Type: "rnn", Units: 16, ReturnSequences: &no}, []int{16}, 16 * (10 + 16 + 1)},
		{"lstm 20 on 10", []int{6, 10}, Layer{Type: "lstm", Units: 20}, []int{6, 20}, 2480},
		{"bidirectional lstm", []int{6, 10}, Layer{Type: "lstm", Units: 20, Bidirectional: true}, []int{6, 40}, 2 * 2480},
		{"gru reset_after", []int{6, 10}, Layer{Type: "gru", Units: 20}, []int{6, 20}, 3 * 20 * (10 + 20 + 2)},
		{"gru classic", []int{6, 10}, Layer{Type: "gru", Units: 20, ResetAfter: &no}, []int{6, 20}, 3 * 20 * (10 + 20 + 1)},
		{"stacked simple rnn", []int{6, 10}, Layer{Type: "rnn", Units: 8, Layers: 2}, []int{6, 8}, 8*(10+8+1) + 8*(8+8+1)},
		{"layernorm", []int{6, 10}, Layer{Type: "layernorm"}, []int{6, 10}, 20},
		{"embedding", []int{12}, Layer{Type: "embedding", Vocab: 1000, Dim: 16}, []int{12, 16}, 16000},
		{"multi-head attention", []int{12, 64}, Layer{Type: "multihead_attention", Heads: 4}, []int{12, 64}, 4*64*64 + 4*64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.layer.Name = "l"
			r, err := Apply(tc.layer, tc.in, Keras)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.OutputShape, tc.out) || r.Params != tc.params {
				t.Errorf("out %v params %d; Keras %v %d", r.OutputShape, r.Params, tc.out, tc.params)
			}
		})
	}
}

// TestKerasSamePadsBottomRight: with an even kernel Keras puts the odd pad pixel
// after the input, so the first unit's field starts half a pixel right of a
// centred one: pad_left = 1 of 3, start = (4−1)/2 − 1 = 0.5.
func TestKerasSamePadsBottomRight(t *testing.T) {
	for _, fw := range []Framework{Keras, PyTorch} {
		net := Network{Name: "s", Framework: fw, Input: []int{8, 8, 1}, Layers: []Layer{
			{Name: "c", Type: "conv2d", Filters: 1, Kernel: []int{4}, PaddingMode: "same"}}}
		sol, err := Solve(net)
		if err != nil {
			t.Fatal(err)
		}
		// PyTorch's "same" also puts the extra pixel on the right (F.pad with
		// total//2 on the left), so both agree.
		if r := sol.Layers[0].Receptive; r.Size != 4 || r.Jump != 1 || r.Start != 0.5 {
			t.Errorf("%s: receptive %+v; want size 4, jump 1, start 0.5", fw, r)
		}
	}
}

// TestRecurrentOnFeatures: an input [features] (sequence length not stated)
// gives the same parameters as any sequence, an output [units·dirs] and one
// time step's MACs.
func TestRecurrentOnFeatures(t *testing.T) {
	for _, fw := range []Framework{PyTorch, Keras} {
		seq, err := Apply(Layer{Name: "l", Type: "lstm", Units: 20, Bidirectional: true}, []int{7, 10}, fw)
		if err != nil {
			t.Fatal(err)
		}
		one, err := Apply(Layer{Name: "l", Type: "lstm", Units: 20, Bidirectional: true}, []int{10}, fw)
		if err != nil {
			t.Fatal(err)
		}
		if one.Params != seq.Params || !slices.Equal(one.OutputShape, []int{40}) || one.MACs*7 != seq.MACs {
			t.Errorf("%s: [10] gives %d params, out %v, %d MACs; [7, 10] gives %d params, %d MACs", fw, one.Params, one.OutputShape, one.MACs, seq.Params, seq.MACs)
		}
	}
}
