package grader

import (
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/engine/nn"
)

// workedNetwork writes the worked solution of a network question in the seed's
// style: the formula, the numbers substituted, the result.
func workedNetwork(net nn.Network, sol *nn.Solution, ka KeyAnswer) string {
	q := ka.Question
	if ka.layerIndex < 0 {
		switch q.Ask {
		case "total_params", "trainable_params", "non_trainable_params", "macs":
			return workedTotal(sol, q.Ask, ka.Int)
		}
		return ""
	}
	layer := net.Layers[ka.layerIndex]
	lr := sol.Layers[ka.layerIndex]
	switch q.Ask {
	case "output_shape":
		return workedShape(layer, lr)
	case "params", "weights", "biases":
		return workedParams(layer, lr, q.Ask)
	case "weight_shape":
		return workedWeightShape(layer, lr)
	case "macs":
		return fmt.Sprintf("$$\\text{MACs} = %s$$ (%s)", FormatInt(lr.MACs), nn.MACConvention)
	case "receptive_field":
		return fmt.Sprintf("Receptive field of `%s`: size %d, jump %d, start %s input pixels.", lr.Name, lr.Receptive.Size, lr.Receptive.Jump, formatFloat(lr.Receptive.Start))
	}
	return ""
}

// axis returns a per-axis setting for axis i, or def when unset.
func axis(v []int, i, def int) int {
	switch {
	case len(v) == 0:
		return def
	case len(v) == 1:
		return v[0]
	case i < len(v):
		return v[i]
	}
	return def
}

func isConv(t string) bool {
	return strings.HasPrefix(t, "conv") && !strings.HasPrefix(t, "conv_transpose")
}
func isPool(t string) bool {
	return strings.HasPrefix(t, "maxpool") || strings.HasPrefix(t, "avgpool")
}

func workedShape(layer nn.Layer, lr nn.LayerResult) string {
	var b strings.Builder
	in, out := lr.InputShape, lr.OutputShape
	spatial := len(in) - 1
	switch {
	case isConv(layer.Type) && layer.PaddingMode == "":
		b.WriteString("$$O = \\left\\lfloor \\frac{I - K + 2P}{S} \\right\\rfloor + 1$$\n\n")
		for i := 0; i < spatial && i < len(out)-1; i++ {
			if i > 0 && sameAxis(layer, in, i) {
				continue
			}
			k, s, p, d := axis(layer.Kernel, i, 1), axis(layer.Stride, i, 1), axis(layer.Padding, i, 0), axis(layer.Dilation, i, 1)
			keff := d*(k-1) + 1
			fmt.Fprintf(&b, "$$I = %d \\quad K = %d \\quad P = %d \\quad S = %d", in[i], keff, p, s)
			if d > 1 {
				fmt.Fprintf(&b, " \\quad (K = %d(%d - 1) + 1 \\text{ with dilation})", d, k)
			}
			fmt.Fprintf(&b, "$$\n\n$$O = \\left\\lfloor \\frac{%d - %d + 2 \\times %d}{%d} \\right\\rfloor + 1 = %d$$\n\n", in[i], keff, p, s, out[i])
		}
	case isPool(layer.Type) && layer.PaddingMode == "":
		b.WriteString("$$O = \\left\\lfloor \\frac{I - P_s + 2P}{S} \\right\\rfloor + 1$$\n\n")
		for i := 0; i < spatial && i < len(out)-1; i++ {
			if i > 0 && sameAxis(layer, in, i) {
				continue
			}
			k := axis(layer.Size, i, 1)
			s, p := axis(layer.Stride, i, k), axis(layer.Padding, i, 0)
			fmt.Fprintf(&b, "$$I = %d \\quad P_s = %d \\quad P = %d \\quad S = %d$$\n\n", in[i], k, p, s)
			fmt.Fprintf(&b, "$$O = \\left\\lfloor \\frac{%d - %d + 2 \\times %d}{%d} \\right\\rfloor + 1 = %d$$\n\n", in[i], k, p, s, out[i])
		}
	case layer.Type == "flatten":
		fmt.Fprintf(&b, "$$%s = %d$$\n\n", strings.Join(intStrings(in), " \\times "), product(out))
	}
	fmt.Fprintf(&b, "$$\\boxed{\\text{%s} = %s}$$", lr.Name, strings.Join(intStrings(out), " \\times "))
	return b.String()
}

// sameAxis reports whether axis i has the same size and settings as axis 0, so the
// worked solution need not repeat the arithmetic for a square input.
func sameAxis(l nn.Layer, in []int, i int) bool {
	same := func(v []int) bool { return len(v) <= 1 || v[i] == v[0] }
	return in[i] == in[0] && same(l.Kernel) && same(l.Stride) && same(l.Padding) && same(l.Dilation) && same(l.Size)
}

func workedParams(layer nn.Layer, lr nn.LayerResult, ask string) string {
	var b strings.Builder
	switch {
	case isConv(layer.Type) && len(lr.WeightShape) > 0:
		ws := lr.WeightShape
		kernel := ws[:len(ws)-2]
		cin, n := ws[len(ws)-2], ws[len(ws)-1]
		fmt.Fprintf(&b, "$$W_c = %s \\times C \\times N = %s \\times %d \\times %d = %d$$\n\n",
			kernelSymbol(len(kernel)), strings.Join(intStrings(kernel), " \\times "), cin, n, lr.Weights)
		if lr.Biases > 0 {
			fmt.Fprintf(&b, "$$B_c = N = %d$$\n\n", lr.Biases)
		}
		fmt.Fprintf(&b, "$$\\boxed{P_c = W_c + B_c = %d + %d = %d}$$", lr.Weights, lr.Biases, lr.Params)
	case layer.Type == "dense" && len(lr.WeightShape) == 2:
		fmt.Fprintf(&b, "$$W = \\text{in} \\times \\text{out} = %d \\times %d = %d$$\n\n", lr.WeightShape[0], lr.WeightShape[1], lr.Weights)
		if lr.Biases > 0 {
			fmt.Fprintf(&b, "$$B = \\text{out} = %d$$\n\n", lr.Biases)
		}
		fmt.Fprintf(&b, "$$\\boxed{P = W + B = %d + %d = %d}$$", lr.Weights, lr.Biases, lr.Params)
	case lr.Params == 0:
		fmt.Fprintf(&b, "A %s layer has no trainable parameters: $$\\boxed{0}$$", layer.Type)
	default:
		fmt.Fprintf(&b, "$$\\text{weights} = %d \\quad \\text{biases} = %d$$\n\n$$\\boxed{P = %d}$$", lr.Weights, lr.Biases, lr.Params)
		if lr.NonTrainable > 0 {
			fmt.Fprintf(&b, " (of which %d non-trainable)", lr.NonTrainable)
		}
	}
	switch ask {
	case "weights":
		fmt.Fprintf(&b, "\n\nWeights only: $$\\boxed{%d}$$", lr.Weights)
	case "biases":
		fmt.Fprintf(&b, "\n\nBiases only: $$\\boxed{%d}$$", lr.Biases)
	}
	return b.String()
}

func kernelSymbol(axes int) string {
	if axes == 1 {
		return "K"
	}
	return fmt.Sprintf("K^%d", axes)
}

func workedWeightShape(layer nn.Layer, lr nn.LayerResult) string {
	ws := toInt64s(lr.WeightShape)
	if layer.Type == "dense" {
		return fmt.Sprintf("The input to `%s` has %d features and it has %d units: $$\\boxed{%s}$$", lr.Name, ws[0], ws[1], FormatTuple(ws))
	}
	return fmt.Sprintf("$$\\boxed{%s}$$", FormatTuple(ws))
}

func workedTotal(sol *nn.Solution, ask string, total int64) string {
	var terms []string
	for _, l := range sol.Layers {
		v := l.Params
		switch ask {
		case "trainable_params":
			v = l.Trainable
		case "non_trainable_params":
			v = l.NonTrainable
		case "macs":
			v = l.MACs
		}
		if v != 0 {
			terms = append(terms, FormatInt(v))
		}
	}
	if len(terms) == 0 {
		terms = []string{"0"}
	}
	return fmt.Sprintf("$$%s = \\boxed{%s}$$", strings.Join(terms, " + "), FormatInt(total))
}

func intStrings(s []int) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprint(v)
	}
	return out
}

func product(s []int) int64 {
	p := int64(1)
	for _, v := range s {
		p *= int64(v)
	}
	return p
}
