package nn

import (
	"fmt"

	"github.com/nngrade/nngrade/internal/plural"
)

// axisNames names the spatial axes in messages, channels last.
var axisNames = [4][]string{nil, {"length"}, {"height", "width"}, {"depth", "height", "width"}}

// spatialWhat describes the input a layer with n spatial axes expects.
func spatialWhat(n int) string {
	switch n {
	case 1:
		return "[length, channels]"
	case 2:
		return "[height, width, channels]"
	default:
		return "[depth, height, width, channels]"
	}
}

// perAxis expands a spatial key (one value for every axis, or one per axis) to
// n values; an empty key takes def. Every value must be at least min.
func perAxis(key string, v []int, n, def, min int) ([]int, error) {
	out := make([]int, n)
	switch len(v) {
	case 0:
		for i := range out {
			out[i] = def
		}
		return out, nil
	case 1:
		for i := range out {
			out[i] = v[0]
		}
	case n:
		copy(out, v)
	default:
		return nil, errorf("%s has %d values, but the layer has %s; give one value or %d", key, len(v), plural.Count(n, "spatial axis", "spatial axes"), n)
	}
	for _, x := range out {
		if x < min || x > maxDim {
			return nil, errorf("%s must be from %d to %d, got %d", key, min, maxDim, x)
		}
	}
	return out, nil
}

// window is a sliding kernel along n spatial axes: a convolution's kernel or a
// pool's window, with its stride, dilation and resolved padding.
type window struct {
	what                   string // "kernel" or "window", for messages
	size, stride, dilation []int
	padLeft, padRight, out []int
}

// span is the dilated kernel's extent along axis i.
func (w *window) span(i int) int { return w.dilation[i]*(w.size[i]-1) + 1 }

// resolvePadding computes each axis's padding and output size from the layer's
// padding (a number, a per-axis list, "valid" or "same") under fw's convention.
// ceil is PyTorch's ceil_mode; pool is true for pooling layers (PyTorch pools
// take only numeric padding, at most half the window).
func (w *window) resolvePadding(l Layer, in []int, fw Framework, ceil, pool bool) error {
	n := len(in)
	w.padLeft, w.padRight, w.out = make([]int, n), make([]int, n), make([]int, n)
	if l.PaddingMode != "" && len(l.Padding) > 0 {
		return errorf("padding is both %q and %v; give one", l.PaddingMode, l.Padding)
	}
	switch l.PaddingMode {
	case "":
		pad, err := perAxis("padding", l.Setting("padding"), n, 0, 0)
		if err != nil {
			return err
		}
		for i := range pad {
			if pool && fw == PyTorch && 2*pad[i] > w.size[i] {
				return errorf("padding %d is more than half the window %d; PyTorch allows at most %d", pad[i], w.size[i], w.size[i]/2)
			}
			w.padLeft[i], w.padRight[i] = pad[i], pad[i]
		}
	case ValidPadding:
		// no padding
	case SamePadding:
		if fw == PyTorch {
			if pool {
				return errorf("PyTorch pools take no padding \"same\"; give a number (or use framework = \"keras\")")
			}
			for i, s := range w.stride {
				if s != 1 {
					return errorf("padding \"same\" needs stride 1 under PyTorch, but the stride is %d; give a number, or use framework = \"keras\"", s)
				}
				// torch.nn.Conv: total = dilation·(k−1), the odd pixel on the right.
				total := w.span(i) - 1
				w.padLeft[i], w.padRight[i] = total/2, total-total/2
			}
		} else {
			// Keras (tf.nn "SAME"): out = ceil(in/stride), the odd pixel on the
			// bottom/right.
			for i := range in {
				out := (in[i] + w.stride[i] - 1) / w.stride[i]
				total := max((out-1)*w.stride[i]+w.span(i)-in[i], 0)
				w.padLeft[i], w.padRight[i] = total/2, total-total/2
			}
		}
	default:
		return errorf("padding %q is not valid; give %s", l.PaddingMode, PaddingChoices())
	}
	for i := range in {
		padded := in[i] + w.padLeft[i] + w.padRight[i]
		if padded < w.span(i) {
			return errorf("%s", w.tooLarge(i, in))
		}
		num := padded - w.span(i)
		o := num/w.stride[i] + 1
		if ceil && num%w.stride[i] != 0 {
			o++
			// PyTorch: the last window must start inside the input or the
			// left padding (pooling_output_shape in ATen).
			if (o-1)*w.stride[i] >= in[i]+w.padLeft[i] {
				o--
			}
		}
		w.out[i] = o
	}
	return nil
}

// tooLarge explains why axis i's window does not fit, with its numbers.
func (w *window) tooLarge(i int, in []int) string {
	var s string
	if w.dilation[i] > 1 {
		s = fmt.Sprintf("%s %d with dilation %d spans %d, more than", w.what, w.size[i], w.dilation[i], w.span(i))
	} else {
		s = fmt.Sprintf("%s %d is larger than", w.what, w.size[i])
	}
	if p := w.padLeft[i] + w.padRight[i]; p > 0 {
		s += fmt.Sprintf(" its padded input %d (%d + padding %d + %d)", in[i]+p, in[i], w.padLeft[i], w.padRight[i])
	} else {
		s += fmt.Sprintf(" its input %d", in[i])
	}
	if len(in) > 1 && !allEqual(in) {
		s += " along the " + axisNames[len(in)][i]
	}
	return s
}

func allEqual(xs []int) bool {
	for _, x := range xs {
		if x != xs[0] {
			return false
		}
	}
	return true
}

// rf turns the window into a receptive-field step.
func (w *window) rf() rfStep {
	return rfStep{kind: rfWindow, kernel: w.size, stride: w.stride, dilation: w.dilation, padLeft: w.padLeft}
}
