package nn

import (
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/internal/plural"
)

// Worked solutions of network asks in the seed's style: the type's formula from
// the layer table, the numbers substituted, the result (Markdown with LaTeX).

// work is what a worked solution is written from.
type work struct {
	ask    *Ask
	sol    *Solution
	index  int // the layer, -1 for the whole network
	layer  Layer
	result LayerResult
}

func workedShape(w work) string {
	var b strings.Builder
	layer, lr := w.layer, w.result
	lt := layerTypes[layer.Type]
	in, out := lr.InputShape, lr.OutputShape
	spatial := len(in) - 1
	switch {
	case lt.Family == Convolution && layer.PaddingMode == "":
		fmt.Fprintf(&b, "$$%s$$\n\n", lt.Formulas.Output)
		for i := 0; i < spatial && i < len(out)-1; i++ {
			if i > 0 && sameAxis(layer, in, i) {
				continue
			}
			k, s, p, d := layer.AxisSetting("kernel", i), layer.AxisSetting("stride", i), layer.AxisSetting("padding", i), layer.AxisSetting("dilation", i)
			keff := d*(k-1) + 1
			fmt.Fprintf(&b, "$$I = %d \\quad K = %d \\quad P = %d \\quad S = %d", in[i], keff, p, s)
			if d > 1 {
				fmt.Fprintf(&b, " \\quad (K = %d(%d - 1) + 1 \\text{ with dilation})", d, k)
			}
			fmt.Fprintf(&b, "$$\n\n$$O = \\left\\lfloor \\frac{%d - %d + 2 \\times %d}{%d} \\right\\rfloor + 1 = %d$$\n\n", in[i], keff, p, s, out[i])
		}
	case lt.Family == Pooling && layer.PaddingMode == "":
		fmt.Fprintf(&b, "$$%s$$\n\n", lt.Formulas.Output)
		for i := 0; i < spatial && i < len(out)-1; i++ {
			if i > 0 && sameAxis(layer, in, i) {
				continue
			}
			k, s, p := layer.AxisSetting("size", i), layer.AxisSetting("stride", i), layer.AxisSetting("padding", i)
			fmt.Fprintf(&b, "$$I = %d \\quad P_s = %d \\quad P = %d \\quad S = %d$$\n\n", in[i], k, p, s)
			fmt.Fprintf(&b, "$$O = \\left\\lfloor \\frac{%d - %d + 2 \\times %d}{%d} \\right\\rfloor + 1 = %d$$\n\n", in[i], k, p, s, out[i])
		}
	case lt.Family == Flattening:
		var c counter
		fmt.Fprintf(&b, "$$%s = %d$$\n\n", joinInt64s(int64s(in), " \\times "), product(&c, out))
	}
	fmt.Fprintf(&b, "$$\\boxed{\\text{%s} = %s}$$", lr.Name, joinInt64s(int64s(out), " \\times "))
	return b.String()
}

// sameAxis reports whether axis i has the same size and settings as axis 0, so the
// worked solution need not repeat the arithmetic for a square input.
func sameAxis(l Layer, in []int, i int) bool {
	same := func(v []int) bool { return len(v) <= 1 || v[i] == v[0] }
	return in[i] == in[0] && same(l.Kernel) && same(l.Stride) && same(l.Padding) && same(l.Dilation) && same(l.Size)
}

// workedParams counts a layer's parameters; only, when set, names the part asked
// for ("Weights only") after the count.
func workedParams(only string) func(work) string {
	return func(w work) string {
		var b strings.Builder
		layer, lr := w.layer, w.result
		lt := layerTypes[layer.Type]
		f := lt.Formulas
		switch {
		case (lt.Family == Convolution && len(lr.WeightShape) > 0) || (lt.Family == FullyConnected && len(lr.WeightShape) == 2):
			fmt.Fprintf(&b, "$$%s = %s = %d$$\n\n", f.Weights, joinInt64s(int64s(lr.WeightShape), " \\times "), lr.Weights)
			if lr.Biases > 0 {
				fmt.Fprintf(&b, "$$%s = %d$$\n\n", f.Biases, lr.Biases)
			}
			fmt.Fprintf(&b, "$$\\boxed{%s = %d + %d = %d}$$", f.Params, lr.Weights, lr.Biases, lr.Params)
		case lr.Params == 0:
			fmt.Fprintf(&b, "A %s layer has no trainable parameters: $$\\boxed{0}$$", layer.Type)
		default:
			fmt.Fprintf(&b, "$$\\text{weights} = %d \\quad \\text{biases} = %d$$\n\n$$\\boxed{P = %d}$$", lr.Weights, lr.Biases, lr.Params)
			if lr.NonTrainable > 0 {
				fmt.Fprintf(&b, " (of which %d non-trainable)", lr.NonTrainable)
			}
		}
		if only != "" {
			fmt.Fprintf(&b, "\n\n%s: $$\\boxed{%d}$$", only, w.ask.Count(&lr))
		}
		return b.String()
	}
}

func workedWeightShape(w work) string {
	ws := int64s(w.result.WeightShape)
	if FamilyOf(w.layer.Type) == FullyConnected {
		return fmt.Sprintf("The input to `%s` has %s and it has %s: $$\\boxed{%s}$$", w.result.Name,
			plural.Count(int(ws[0]), "feature", "features"), plural.Count(int(ws[1]), "unit", "units"), FormatMatrix(ws))
	}
	return fmt.Sprintf("$$\\boxed{%s}$$", FormatMatrix(ws))
}

// workedTotal adds up each layer's share of a network count.
func workedTotal(w work) string {
	var terms []string
	for i := range w.sol.Layers {
		if v := w.ask.Count(&w.sol.Layers[i]); v != 0 {
			terms = append(terms, FormatCount(v))
		}
	}
	if len(terms) == 0 {
		terms = []string{"0"}
	}
	return fmt.Sprintf("$$%s = \\boxed{%s}$$", strings.Join(terms, " + "), FormatCount(w.ask.Total(w.sol)))
}

func workedMACs(w work) string {
	if w.index < 0 {
		return workedTotal(w)
	}
	return fmt.Sprintf("$$\\text{MACs} = %s$$ (%s)", FormatCount(w.result.MACs), MACConvention)
}

func workedReceptiveSize(w work) string {
	rf := w.result.Receptive
	return fmt.Sprintf("Receptive field of `%s`: %d input pixels across (%d × %d).", w.result.Name, rf.Size, rf.Size, rf.Size)
}

func workedReceptive(w work) string {
	rf := w.result.Receptive
	return fmt.Sprintf("Receptive field of `%s`: size %d, jump %d, start %s input pixels.", w.result.Name, rf.Size, rf.Jump, FormatFloat(rf.Start))
}
