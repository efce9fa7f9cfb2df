package nn

// Pooling, channels last.
//
// Output size per axis as for a convolution with dilation 1:
// floor((in + 2·pad − size)/stride) + 1, stride defaulting to the window
// (torch.nn.MaxPool2d, keras.layers.MaxPooling2D). ceil_mode (PyTorch only) rounds
// up instead, dropping a last window that would start in the right padding
// (ATen's pooling_output_shape). Pools have no parameters; their MACs are 0 (they
// multiply nothing), as fvcore and thop count them.

func poolN(n int) layerFunc {
	return func(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
		if len(l.Size) == 0 {
			return LayerResult{}, rfStep{}, errorf("size (the pooling window) is required")
		}
		size, err := perAxis("size", l.Size, n, 0, 1)
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		stride, err := perAxis("stride", l.Setting("stride"), n, 0, 1)
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		if l.CeilMode && fw == Keras {
			return LayerResult{}, rfStep{}, errorf("ceil_mode is PyTorch's; Keras pools round down (use padding = \"same\" to keep the last partial window)")
		}
		dilation, _ := perAxis("dilation", nil, n, 1, 1)
		w := &window{what: "window", size: size, stride: stride, dilation: dilation}
		if err := w.resolvePadding(l, in[:n], fw, l.CeilMode, true); err != nil {
			return LayerResult{}, rfStep{}, err
		}
		return LayerResult{OutputShape: append(append([]int{}, w.out...), in[n])}, w.rf(), nil
	}
}

// globalPool averages or takes the maximum over every positional axis:
// [H, W, C] -> [C] (keras GlobalAveragePooling2D; PyTorch AdaptiveAvgPool to 1
// then flatten).
func globalPool(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	return LayerResult{OutputShape: []int{in[len(in)-1]}}, rfStep{kind: rfGlobal}, nil
}

// adaptivePool2d pools [H, W, C] to [h, w, C] (torch.nn.AdaptiveAvgPool2d).
func adaptivePool2d(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
	if len(l.Output) == 0 {
		return LayerResult{}, rfStep{}, errorf("output (the pooled size, e.g. [7, 7]) is required")
	}
	out, err := perAxis("output", l.Output, 2, 0, 1)
	if err != nil {
		return LayerResult{}, rfStep{}, err
	}
	step := rfStep{kind: rfLost}
	if out[0] == 1 && out[1] == 1 {
		step = rfStep{kind: rfGlobal}
	} else if in[0]%out[0] == 0 && in[1]%out[1] == 0 {
		// Equal bins: a plain pool with window = stride = in/out.
		k := []int{in[0] / out[0], in[1] / out[1]}
		step = rfStep{kind: rfWindow, kernel: k, stride: k, dilation: []int{1, 1}, padLeft: []int{0, 0}}
	}
	return LayerResult{OutputShape: []int{out[0], out[1], in[2]}}, step, nil
}
