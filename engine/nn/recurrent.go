package nn

// Recurrent layers on an input [timesteps, features].
//
// A layer of H units with g gate blocks (rnn 1, gru 3, lstm 4) on F inputs has
// g·H·F input weights and g·H·H recurrent weights per direction. Biases:
//   - PyTorch (nn.RNN/GRU/LSTM): two bias vectors, b_ih and b_hh: 2·g·H.
//   - Keras SimpleRNN and LSTM: one, g·H. Keras GRU with reset_after = true (the
//     default since TF 2) keeps two, 2·g·H; with reset_after = false, one.
// Stacked layers (layers = L) feed layer l > 1 with the H·dirs outputs of the
// layer below; bidirectional doubles every layer. Output: [T, H·dirs] with
// return_sequences (PyTorch's output), else [H·dirs] (the last step). A rank-1
// input [F] is the feature size of a sequence whose length the homework does not
// state ("an RNN on inputs x_t in R^n"): the output is [H·dirs] and MACs count
// one time step.
// WeightShape is the first layer's input kernel, [F, g·H] (Keras's kernel).
// MACs: every time step multiplies both kernels: T · Σ g·H·(F_l + H).

func recurrent(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	if l.Units < 1 || l.Units > maxDim {
		return LayerResult{}, rfStep{}, errorf("units must be from 1 to %d, got %d", int64(maxDim), l.Units)
	}
	gates := map[string]int64{"rnn": 1, "gru": 3, "lstm": 4}[l.Type]
	layers := l.Layers
	if layers == 0 {
		layers = 1
	}
	if layers < 1 || layers > 1000 {
		return LayerResult{}, rfStep{}, errorf("layers must be from 1 to 1000, got %d", layers)
	}
	dirs := int64(1)
	if l.Bidirectional {
		dirs = 2
	}
	h := int64(l.Units)
	biasVectors := int64(0)
	if boolOr(l.Bias, true) {
		biasVectors = 2
		if fw == Keras && (l.Type != "gru" || !boolOr(l.ResetAfter, true)) {
			biasVectors = 1
		}
	}
	var c counter
	var res LayerResult
	// A rank-1 input is [features] of a sequence whose length is not stated.
	feat := int64(in[len(in)-1])
	steps := int64(1)
	if len(in) == 2 {
		steps = int64(in[0])
	}
	for i := 0; i < layers; i++ {
		w := c.mul(dirs, gates, h, c.add(feat, h))
		res.Weights = c.add(res.Weights, w)
		res.Biases = c.add(res.Biases, c.mul(dirs, biasVectors, gates, h))
		res.MACs = c.add(res.MACs, c.mul(steps, w))
		feat = c.mul(h, dirs)
	}
	res.WeightShape = []int{in[len(in)-1], int(gates) * l.Units}
	out := int(c.mul(h, dirs))
	step := rfStep{kind: rfCausal}
	if l.Bidirectional {
		step = rfStep{kind: rfAll}
	}
	if len(in) == 1 {
		res.OutputShape = []int{out}
		step = rfStep{kind: rfPointwise}
	} else if boolOr(l.ReturnSequences, true) {
		res.OutputShape = []int{in[0], out}
	} else {
		res.OutputShape = []int{out}
		step = rfStep{kind: rfGlobal}
	}
	return res, step, c.err()
}

// attention is torch.nn.MultiheadAttention(E, heads) used as self-attention on
// [tokens, E]: query, key and value projections (3·E² weights, 3·E biases) and the
// output projection (E² + E). Keras MultiHeadAttention with key_dim = E/heads
// counts the same. MACs: the four projections (4·T·E²) plus QKᵀ and the weighted
// sum of values (2·T²·E).
func attention(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	e, t := int64(in[1]), int64(in[0])
	if l.Heads < 1 {
		return LayerResult{}, rfStep{}, errorf("heads must be at least 1, got %d", l.Heads)
	}
	if e%int64(l.Heads) != 0 {
		return LayerResult{}, rfStep{}, errorf("the embed dimension %d must be divisible by heads %d", e, l.Heads)
	}
	var c counter
	res := LayerResult{OutputShape: []int{in[0], in[1]}, Weights: c.mul(4, e, e), WeightShape: []int{in[1], 3 * in[1]}}
	if boolOr(l.Bias, true) {
		res.Biases = c.mul(4, e)
	}
	res.MACs = c.add(c.mul(4, t, e, e), c.mul(2, t, t, e))
	return res, rfStep{kind: rfAll}, c.err()
}
