package nn

// Convolutions, channels last.
//
// Output size per axis: floor((in + pad_left + pad_right − dilation·(k−1) − 1)/stride) + 1
// (torch.nn.Conv2d's documented formula; Keras's "valid" and "same" are the same
// formula with the padding tf.nn uses). Numeric padding under Keras means a
// ZeroPadding layer in front of a "valid" convolution: Keras's Conv layers take
// only "valid" and "same".
//
// Parameters: weights = k_1·…·k_n · C_in/groups · filters, biases = filters.
// WeightShape, in homework order: [k_1, …, k_n, C_in/groups, filters] (Keras's
// kernel shape; PyTorch stores [filters, C_in/groups, k_1, …, k_n]).
// MACs: one per kernel tap per output element, bias not counted (fvcore, thop):
// out_1·…·out_n · filters · k_1·…·k_n · C_in/groups.

import "github.com/nngrade/nngrade/internal/plural"

func convN(n int) layerFunc {
	return func(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
		cin, groups, err := convChannels(l, in[n])
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		w, err := convWindow(l, n, fw)
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		if err := w.resolvePadding(l, in[:n], fw, false, false); err != nil {
			return LayerResult{}, rfStep{}, err
		}
		var c counter
		taps := product(&c, w.size)
		res := LayerResult{
			OutputShape: append(append([]int{}, w.out...), l.Filters),
			Weights:     c.mul(taps, int64(cin/groups), int64(l.Filters)),
			WeightShape: append(append([]int{}, w.size...), cin/groups, l.Filters),
		}
		if boolOr(l.Bias, true) {
			res.Biases = int64(l.Filters)
		}
		res.MACs = c.mul(product(&c, w.out), int64(l.Filters), taps, int64(cin/groups))
		return res, w.rf(), c.err()
	}
}

// convChannels checks filters and groups against the input's channels.
func convChannels(l Layer, cin int) (int, int, error) {
	if l.Filters < 1 || l.Filters > maxDim {
		return 0, 0, errorf("filters must be from 1 to %d, got %d", maxDim, l.Filters)
	}
	groups := l.Groups
	if groups == 0 {
		groups = 1
	}
	if groups < 1 {
		return 0, 0, errorf("groups must be at least 1, got %d", groups)
	}
	if cin%groups != 0 {
		return 0, 0, errorf("its %s not divisible by groups %d", plural.Count(cin, "input channel is", "input channels are"), groups)
	}
	if l.Filters%groups != 0 {
		return 0, 0, errorf("its %s not divisible by groups %d", plural.Count(l.Filters, "filter is", "filters are"), groups)
	}
	return cin, groups, nil
}

// convWindow reads kernel, stride and dilation.
func convWindow(l Layer, n int, fw Framework) (*window, error) {
	if len(l.Kernel) == 0 {
		return nil, errorf("kernel is required")
	}
	k, err := perAxis("kernel", l.Kernel, n, 0, 1)
	if err != nil {
		return nil, err
	}
	s, err := perAxis("stride", l.Setting("stride"), n, 0, 1)
	if err != nil {
		return nil, err
	}
	d, err := perAxis("dilation", l.Setting("dilation"), n, 0, 1)
	if err != nil {
		return nil, err
	}
	if fw == Keras {
		for i := range s {
			if s[i] != 1 && d[i] != 1 {
				return nil, errorf("Keras does not allow a stride (%d) other than 1 with a dilation (%d) other than 1", s[i], d[i])
			}
		}
	}
	return &window{what: "kernel", size: k, stride: s, dilation: d}, nil
}

// Transposed convolutions.
//
// PyTorch (ConvTranspose1d/2d docs): out = (in−1)·stride − 2·padding +
// dilation·(k−1) + output_padding + 1, with output_padding smaller than the
// stride or the dilation; it takes no "same" padding.
// Keras (Conv2DTranspose, keras.utils conv_utils.deconv_output_length), with
// k' = k + (k−1)(dilation−1):
//
//	no output_padding: "valid": in·stride + max(k'−stride, 0); "same": in·stride
//	with output_padding: (in−1)·stride + k' − 2·pad + output_padding, pad = k'/2 for "same", 0 for "valid"
//
// Numeric padding under Keras follows PyTorch's formula (a Cropping layer after a
// "valid" transposed convolution).
//
// Parameters: weights = k_1·…·k_n · C_in · filters/groups, biases = filters.
// WeightShape [k_1, …, k_n, filters/groups, C_in] (Keras's Conv2DTranspose kernel;
// PyTorch stores [C_in, filters/groups, k_1, …, k_n]).
// MACs: each input element meets every kernel tap of its group's filters (fvcore):
// in_1·…·in_n · C_in · k_1·…·k_n · filters/groups.
func convTransposeN(n int) layerFunc {
	return func(l Layer, in []int, fw Framework) (LayerResult, rfStep, error) {
		cin, groups, err := convChannels(l, in[n])
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		w, err := convWindow(l, n, fw)
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		op, err := perAxis("output_padding", l.Setting("output_padding"), n, 0, 0)
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		if l.PaddingMode != "" && len(l.Padding) > 0 {
			return LayerResult{}, rfStep{}, errorf("padding is both %q and %v; give one", l.PaddingMode, l.Padding)
		}
		pad, err := perAxis("padding", l.Setting("padding"), n, 0, 0)
		if err != nil {
			return LayerResult{}, rfStep{}, err
		}
		out := make([]int, n)
		for i := range out {
			s, span := w.stride[i], w.span(i)
			if fw == PyTorch && op[i] >= s && op[i] >= w.dilation[i] {
				return LayerResult{}, rfStep{}, errorf("output_padding %d must be smaller than the stride %d or the dilation %d", op[i], s, w.dilation[i])
			}
			if fw == Keras && len(l.OutputPadding) > 0 && op[i] >= s {
				return LayerResult{}, rfStep{}, errorf("output_padding %d must be smaller than the stride %d", op[i], s)
			}
			switch {
			case l.PaddingMode == SamePadding && fw == PyTorch:
				return LayerResult{}, rfStep{}, errorf("PyTorch's transposed convolutions take no padding \"same\"; give a number (or use framework = \"keras\")")
			case l.PaddingMode != "" && !IsPaddingMode(l.PaddingMode):
				return LayerResult{}, rfStep{}, errorf("padding %q is not valid; give %s", l.PaddingMode, PaddingChoices())
			case fw == Keras && l.PaddingMode != "" && len(l.OutputPadding) == 0:
				if l.PaddingMode == SamePadding {
					out[i] = in[i] * s
				} else {
					out[i] = in[i]*s + max(span-s, 0)
				}
			case fw == Keras && l.PaddingMode == SamePadding:
				out[i] = (in[i]-1)*s + span - 2*(span/2) + op[i]
			default: // numeric (or "valid") padding, both frameworks
				out[i] = (in[i]-1)*s - 2*pad[i] + span + op[i]
			}
			if out[i] < 1 {
				return LayerResult{}, rfStep{}, errorf("padding %d removes the whole output: %d·(%d−1) − 2·%d + %d + %d = %d", pad[i], s, in[i], pad[i], span, op[i], out[i])
			}
		}
		var c counter
		taps := product(&c, w.size)
		res := LayerResult{
			OutputShape: append(out, l.Filters),
			Weights:     c.mul(taps, int64(cin), int64(l.Filters/groups)),
			WeightShape: append(append([]int{}, w.size...), l.Filters/groups, cin),
		}
		if boolOr(l.Bias, true) {
			res.Biases = int64(l.Filters)
		}
		res.MACs = c.mul(product(&c, in[:n]), int64(cin), taps, int64(l.Filters/groups))
		return res, rfStep{kind: rfLost}, c.err()
	}
}
