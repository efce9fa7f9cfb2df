package nn

// Layers that reshape or act on each position: flatten, dense, dropout,
// activations, normalization and embedding.

// flatten multiplies every axis into one.
func flatten(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	var c counter
	n := product(&c, in)
	if err := c.err(); err != nil || n > maxDim {
		return LayerResult{}, rfStep{}, errorf("flattening %s gives more than %d values", shapeString(in), int64(maxDim))
	}
	return LayerResult{OutputShape: []int{int(n)}}, rfStep{kind: rfGlobal}, nil
}

// dense acts on the last axis, as torch.nn.Linear and keras.layers.Dense do on an
// input of any rank: weights in·units, biases units, WeightShape [in, units]
// (Keras's kernel; PyTorch stores [units, in]); MACs in·units per position.
func dense(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	if l.Units < 1 || l.Units > maxDim {
		return LayerResult{}, rfStep{}, errorf("units must be from 1 to %d, got %d", int64(maxDim), l.Units)
	}
	cin := in[len(in)-1]
	var c counter
	res := LayerResult{
		OutputShape: append(append([]int{}, in[:len(in)-1]...), l.Units),
		Weights:     c.mul(int64(cin), int64(l.Units)),
		WeightShape: []int{cin, l.Units},
	}
	if boolOr(l.Bias, true) {
		res.Biases = int64(l.Units)
	}
	res.MACs = c.mul(product(&c, in[:len(in)-1]), int64(cin), int64(l.Units))
	return res, rfStep{kind: rfPointwise}, c.err()
}

// dropout passes its input through; rate is only checked.
func dropout(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	if l.Rate < 0 || l.Rate >= 1 {
		return LayerResult{}, rfStep{}, errorf("rate must be in [0, 1), got %g", l.Rate)
	}
	return LayerResult{OutputShape: append([]int{}, in...)}, rfStep{kind: rfPointwise}, nil
}

// activation passes its input's shape through; it has no parameters and no MACs.
func activation(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	return LayerResult{OutputShape: append([]int{}, in...)}, rfStep{kind: rfPointwise}, nil
}

// batchnorm normalizes each channel (the last axis) with a learned scale γ and
// shift β: 2C trainable. Its running mean and variance are buffers in PyTorch
// (not parameters: BatchNorm2d(C) lists 2C) and non-trainable weights in Keras
// (BatchNormalization lists 4C, 2C of them non-trainable). WeightShape is γ's,
// [C], as PyTorch's weight; MACs 0 (it folds into the previous layer at
// inference, and fvcore does not count it).
func batchnorm(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	ch := int64(in[len(in)-1])
	res := LayerResult{OutputShape: append([]int{}, in...), Weights: ch, Biases: ch, Trainable: 2 * ch, Params: 2 * ch,
		WeightShape: []int{int(ch)}}
	if fw == Keras {
		res.NonTrainable = 2 * ch
		res.Params = 4 * ch
	}
	return res, rfStep{kind: rfPointwise}, nil
}

// layernorm normalizes the last axis with a learned scale and shift: 2·D
// (torch.nn.LayerNorm(D), keras.layers.LayerNormalization on the last axis).
// WeightShape is γ's, [D]; MACs 0, as for batchnorm.
func layernorm(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	d := int64(in[len(in)-1])
	return LayerResult{OutputShape: append([]int{}, in...), Weights: d, Biases: d, WeightShape: []int{int(d)}}, rfStep{kind: rfPointwise}, nil
}

// embedding maps [tokens] to [tokens, dim] with a vocab × dim table.
func embedding(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	if l.Vocab < 1 || l.Dim < 1 || l.Vocab > maxDim || l.Dim > maxDim {
		return LayerResult{}, rfStep{}, errorf("vocab and dim must be at least 1, got %d and %d", l.Vocab, l.Dim)
	}
	var c counter
	res := LayerResult{
		OutputShape: []int{in[0], l.Dim},
		Weights:     c.mul(int64(l.Vocab), int64(l.Dim)),
		WeightShape: []int{l.Vocab, l.Dim},
	}
	return res, rfStep{kind: rfPointwise}, c.err()
}
