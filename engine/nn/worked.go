package nn

import (
	"fmt"
	"strings"

	"github.com/nngrade/nngrade/internal/plural"
)

// Worked solutions of network asks in the seed's style: the type's formula from
// the layer table, the layer's own numbers substituted, the result (Markdown
// with LaTeX). Each ask's worked function (the ask table's worked) writes every
// layer type; the arithmetic it shows is kept (doc.checks) so that the tests
// evaluate it and hold it to the engine's counts.

// work is what a worked solution is written from.
type work struct {
	ask    *Ask
	net    Network
	sol    *Solution
	index  int // the layer, -1 for the whole network
	layer  Layer
	result LayerResult
}

// fw is the framework the question counts under.
func (w work) fw() Framework { return w.net.Framework }

// name is the layer's name for \text{…}.
func (w work) name() string { return texText.Replace(w.result.Name) }

// shapeTeX writes a shape in LaTeX: 60 \times 60 \times 32.
func shapeTeX(s []int) string { return joinInt64s(int64s(s), ` \times `) }

func workedShape(w work, d *doc) {
	layer, lr := w.layer, w.result
	lt := layerTypes[layer.Type]
	in, out := lr.InputShape, lr.OutputShape
	switch {
	case lt.Family == Convolution || lt.Family == Pooling:
		windowAxes(w, d)
	case lt.Family == TransposedConvolution:
		transposedAxes(w, d)
	case lt.Family == Flattening:
		d.math(d.eq("", prod(nums(in)...), int64(out[0])))
	case lt.Family == FullyConnected:
		d.math(lt.Formulas.Output)
		d.para(fmt.Sprintf("A dense layer acts on the last axis of its input $%s$: it keeps the other axes and turns the %s into its %s.",
			shapeTeX(in), plural.Count(in[len(in)-1], "feature", "features"), plural.Count(layer.Units, "unit", "units")))
	case layer.Type == "global_avgpool" || layer.Type == "global_maxpool":
		d.math(lt.Formulas.Output)
		d.para(fmt.Sprintf("A global pool takes one value per channel over all of $%s$: the positional axes go, the %s stay.",
			shapeTeX(in[:len(in)-1]), plural.Count(in[len(in)-1], "channel", "channels")))
	case layer.Type == "adaptive_avgpool2d" || layer.Type == "adaptive_maxpool2d":
		d.math(lt.Formulas.Output)
		d.para(fmt.Sprintf("An adaptive pool divides its $%s$ input into an output of $%s$ bins, whatever the input's size; the %s stay.",
			shapeTeX(in[:len(in)-1]), shapeTeX(out[:len(out)-1]), plural.Count(in[len(in)-1], "channel", "channels")))
	case layer.Type == "embedding":
		d.math(lt.Formulas.Output)
		d.para(fmt.Sprintf("Each of the %s becomes a vector of dim = %d.", plural.Count(in[0], "token", "tokens"), layer.Dim))
	case isRecurrent(layer.Type):
		recurrentShape(w, d)
	default:
		d.math(lt.Formulas.Output)
		d.para(fmt.Sprintf("A %s layer keeps its input's shape.", layer.Type))
	}
	d.WriteString(fmt.Sprintf("$$\\boxed{\\text{%s} = %s}$$", w.name(), shapeTeX(out)))
}

func isRecurrent(typ string) bool { return typ == "rnn" || typ == "lstm" || typ == "gru" }

// windowAxes works out a convolution's or a pool's output size along each
// spatial axis (once for axes alike), under its padding mode.
func windowAxes(w work, d *doc) {
	layer, lr := w.layer, w.result
	lt := layerTypes[layer.Type]
	in, out := lr.InputShape, lr.OutputShape
	pool := lt.Family == Pooling
	spatial := len(in) - 1
	formula := lt.Formulas.Output
	switch {
	case layer.PaddingMode == SamePadding && w.fw() == Keras:
		d.math(`O = \left\lceil \frac{I}{S} \right\rceil`)
		d.para(`Padding "same" (Keras): the output is the input divided by the stride, rounded up; the padding is what makes it so, the odd pixel at the bottom/right.`)
	case layer.PaddingMode == SamePadding:
		d.math(`O = \left\lfloor \frac{I + P_l + P_r - K}{S} \right\rfloor + 1`)
		d.para(`Padding "same" (PyTorch, stride 1): the padding adds $P_l + P_r = K - 1$ pixels (with dilation, $D(K - 1)$), $\lfloor \cdot / 2 \rfloor$ on the left and the rest on the right, so the size is kept.`)
	case layer.CeilMode:
		d.math(strings.NewReplacer(`\lfloor`, `\lceil`, `\rfloor`, `\rceil`).Replace(formula))
		d.para("With ceil_mode, PyTorch rounds up, keeping a last partial window, unless that window would start in the right padding.")
	default:
		d.math(formula)
	}
	for i := 0; i < spatial && i < len(out)-1; i++ {
		if i > 0 && sameAxis(layer, in, i) {
			continue
		}
		k, s, p, dil := layer.AxisSetting("kernel", i), layer.AxisSetting("stride", i), layer.AxisSetting("padding", i), layer.AxisSetting("dilation", i)
		if pool {
			k, dil = layer.AxisSetting("size", i), 1
		}
		keff := dil*(k-1) + 1
		switch {
		case layer.PaddingMode == SamePadding && w.fw() == Keras:
			d.math(d.eq("O", ceilFrac(num(in[i]), num(s)), int64(out[i])))
		case layer.PaddingMode == SamePadding:
			total := keff - 1
			d.math(fmt.Sprintf(`I = %d \quad K = %d \quad P_l + P_r = %d \quad S = %d`, in[i], keff, total, s))
			d.math(d.eq("O", sum(floorFrac(diff(sum(num(in[i]), num(total)), num(keff)), num(s)), num(1)), int64(out[i])))
		default:
			var b strings.Builder
			if pool {
				fmt.Fprintf(&b, `I = %d \quad P_s = %d \quad P = %d \quad S = %d`, in[i], k, p, s)
			} else {
				fmt.Fprintf(&b, `I = %d \quad K = %d \quad P = %d \quad S = %d`, in[i], keff, p, s)
				if dil > 1 {
					fmt.Fprintf(&b, ` \quad (K = %d(%d - 1) + 1 \text{ with dilation})`, dil, k)
				}
			}
			d.math(b.String())
			body := sum(diff(num(in[i]), num(keff)), prod(num(2), num(p)))
			if !layer.CeilMode {
				d.math(d.eq("O", sum(floorFrac(body, num(s)), num(1)), int64(out[i])))
				continue
			}
			up := (in[i]-keff+2*p+s-1)/s + 1
			d.math(d.eq("O", sum(ceilFrac(body, num(s)), num(1)), int64(up)))
			if (up-1)*s >= in[i]+p {
				d.para(fmt.Sprintf("The last window would start at $(%d - 1) \\times %d = %d$, in the right padding ($\\geq %d + %d$): PyTorch drops it.", up, s, (up-1)*s, in[i], p))
				d.math(d.eq("O", diff(num(up), num(1)), int64(out[i])))
			}
		}
	}
}

// transposedAxes works out a transposed convolution's output size along each
// spatial axis: (I − 1)·S − 2P + D·(K − 1) + OP + 1, or Keras's padding modes.
func transposedAxes(w work, d *doc) {
	layer, lr := w.layer, w.result
	in, out := lr.InputShape, lr.OutputShape
	mode, keras := layer.PaddingMode, w.fw() == Keras
	outputPadding := len(layer.OutputPadding) > 0
	switch {
	case keras && mode == SamePadding && !outputPadding:
		d.math(`O = I \times S`)
		d.para(`Padding "same" (Keras, no output_padding): the output is the input times the stride.`)
	case keras && mode == ValidPadding && !outputPadding:
		d.math(`O = I \times S + \max(K' - S, 0), \quad K' = D(K - 1) + 1`)
		d.para(`Padding "valid" (Keras, no output_padding): Keras's deconv_output_length.`)
	case keras && mode == SamePadding:
		d.math(`O = (I - 1)S + K' - 2\left\lfloor \frac{K'}{2} \right\rfloor + P_o, \quad K' = D(K - 1) + 1`)
		d.para(`Padding "same" with output_padding (Keras): the padding is $\lfloor K'/2 \rfloor$.`)
	default:
		d.math(layerTypes[layer.Type].Formulas.Output)
	}
	for i := 0; i < len(in)-1 && i < len(out)-1; i++ {
		if i > 0 && sameAxis(layer, in, i) {
			continue
		}
		k, s, p, dil, op := layer.AxisSetting("kernel", i), layer.AxisSetting("stride", i), layer.AxisSetting("padding", i),
			layer.AxisSetting("dilation", i), layer.AxisSetting("output_padding", i)
		span := dil*(k-1) + 1
		o := int64(out[i])
		switch {
		case keras && mode == SamePadding && !outputPadding:
			d.math(d.eq("O", prod(num(in[i]), num(s)), o))
		case keras && mode == ValidPadding && !outputPadding:
			d.math(fmt.Sprintf(`I = %d \quad K' = %d \quad S = %d`, in[i], span, s))
			d.math(d.eq("O", sum(prod(num(in[i]), num(s)), maxOf(diff(num(span), num(s)), num(0))), o))
		case keras && mode == SamePadding:
			d.math(fmt.Sprintf(`I = %d \quad K' = %d \quad S = %d \quad P_o = %d`, in[i], span, s, op))
			d.math(d.eq("O", sum(diff(sum(prod(diff(num(in[i]), num(1)), num(s)), num(span)), prod(num(2), floorFrac(num(span), num(2)))), num(op)), o))
		default:
			d.math(fmt.Sprintf(`I = %d \quad K = %d \quad S = %d \quad P = %d \quad D = %d \quad P_o = %d`, in[i], k, s, p, dil, op))
			d.math(d.eq("O", sum(diff(prod(diff(num(in[i]), num(1)), num(s)), prod(num(2), num(p))),
				prod(num(dil), diff(num(k), num(1))), num(op), num(1)), o))
		}
	}
}

// recurrentShape works out a recurrent layer's output: every step's state, or
// the last; both directions side by side.
func recurrentShape(w work, d *doc) {
	layer, lr := w.layer, w.result
	in, out := lr.InputShape, lr.OutputShape
	h := "H"
	if layer.Bidirectional {
		h = "2H"
	}
	switch {
	case len(in) == 1:
		d.math("O = [" + h + "]")
		d.para(fmt.Sprintf("The input $[%d]$ is one step's features: the output is the hidden state.", in[0]))
	case boolOr(layer.ReturnSequences, true):
		d.math("O = [T, " + h + "]")
		d.para(fmt.Sprintf("With return_sequences the layer outputs its hidden state at each of the T = %d steps.", in[0]))
	default:
		d.math("O = [" + h + "]")
		d.para("Without return_sequences the layer outputs its last hidden state only.")
	}
	if layer.Bidirectional {
		d.para("Bidirectional: the forward and backward states are concatenated.")
		d.math(d.eq("2H", prod(num(2), num(layer.Units)), int64(out[len(out)-1])))
	} else {
		d.math(fmt.Sprintf("H = %d", layer.Units))
	}
}

// sameAxis reports whether axis i has the same size and settings as axis 0, so the
// worked solution need not repeat the arithmetic for a square input.
func sameAxis(l Layer, in []int, i int) bool {
	same := func(v []int) bool { return len(v) <= 1 || v[i] == v[0] }
	return in[i] == in[0] && same(l.Kernel) && same(l.Stride) && same(l.Padding) && same(l.Dilation) && same(l.Size) && same(l.OutputPadding)
}

// workedParams counts a layer's parameters; only, when set, names the part asked
// for ("Weights only") after the count.
func workedParams(only string) func(work, *doc) {
	return func(w work, d *doc) {
		layer, lr := w.layer, w.result
		lt := layerTypes[layer.Type]
		f := lt.Formulas
		switch {
		case lr.Params == 0:
			d.WriteString(fmt.Sprintf("A %s layer has no trainable parameters: $$\\boxed{0}$$", layer.Type))
		case lt.Family == Convolution || lt.Family == TransposedConvolution:
			convParams(w, d)
		case lt.Family == FullyConnected:
			d.math(d.eq(f.Weights, prod(nums(lr.WeightShape)...), lr.Weights))
			weightsAndBiases(w, d)
		case layer.Type == "batchnorm":
			normParams(w, d, "C", "channel")
		case layer.Type == "layernorm":
			normParams(w, d, "D", "feature of the last axis")
		case layer.Type == "embedding":
			d.para(fmt.Sprintf("One row of dim = %d for each of the vocab = %d tokens, and no biases.", layer.Dim, layer.Vocab))
			d.math(`\boxed{` + d.eq(`P = W = \text{vocab} \times \text{dim}`, prod(num(layer.Vocab), num(layer.Dim)), lr.Params) + `}`)
		case isRecurrent(layer.Type):
			recurrentParams(w, d)
		case layer.Type == "multihead_attention":
			attentionParams(w, d)
		default:
			d.WriteString(fmt.Sprintf("$$\\text{weights} = %d \\quad \\text{biases} = %d$$\n\n$$\\boxed{P = %d}$$", lr.Weights, lr.Biases, lr.Params))
		}
		if only != "" {
			fmt.Fprintf(d, "\n\n%s: $$\\boxed{%d}$$", only, w.ask.Count(&lr))
		}
	}
}

// weightsAndBiases ends a count of weights and biases: the biases and the sum, boxed.
func weightsAndBiases(w work, d *doc) {
	lr, f := w.result, layerTypes[w.layer.Type].Formulas
	if lr.Biases > 0 {
		d.math(d.eq(f.Biases, num64(lr.Biases), lr.Biases))
	} else {
		d.para("No biases (bias = false).")
	}
	d.WriteString(`$$\boxed{` + d.eq(f.Params, sum(num64(lr.Weights), num64(lr.Biases)), lr.Params) + `}$$`)
}

// groupsNote says what groups do to a convolution's weights.
func groupsNote(g int, transposed bool) string {
	if transposed {
		return fmt.Sprintf("With groups = %d each input channel meets only N/g of the filters.", g)
	}
	return fmt.Sprintf("With groups = %d each filter sees only C/g of the input channels.", g)
}

// convParams counts a convolution's or a transposed convolution's parameters:
// K^n × C/g × N weights (C × N/g transposed) and N biases.
func convParams(w work, d *doc) {
	layer, lr := w.layer, w.result
	lt := layerTypes[layer.Type]
	f := lt.Formulas
	n, groups := lt.SpatialRank, max(layer.Groups, 1)
	kernel := nums(lr.WeightShape[:n])
	cin, filters := num(lr.InputShape[n]), num(layer.Filters)
	formula := f.Weights
	var factors []arith
	switch {
	case lt.Family == Convolution && groups == 1:
		// The seed's form: the weight matrix's shape, multiplied out.
		factors = nums(lr.WeightShape)
	case lt.Family == Convolution:
		d.para(groupsNote(groups, false))
		formula = `W_c = ` + kernelSymbol(n) + ` \times \frac{C}{g} \times N`
		factors = append(kernel, frac(cin, num(groups)), filters)
	case groups == 1:
		factors = append(kernel, cin, filters)
	default:
		d.para(groupsNote(groups, true))
		formula = `W_c = ` + kernelSymbol(n) + ` \times C \times \frac{N}{g}`
		factors = append(kernel, cin, frac(filters, num(groups)))
	}
	d.math(d.eq(formula, prod(factors...), lr.Weights))
	weightsAndBiases(w, d)
}

// normParams counts a normalization's scale γ and shift β, one of each per
// channel, and under Keras batch norm's moving statistics.
func normParams(w work, d *doc, size, what string) {
	lr, f := w.result, layerTypes[w.layer.Type].Formulas
	c := lr.InputShape[len(lr.InputShape)-1]
	d.para(fmt.Sprintf("A scale γ (the weights) and a shift β (the biases) for each %s: $%s = %d$.", what, size, c))
	d.math(d.eq(f.Weights, num(c), lr.Weights))
	d.math(d.eq(f.Biases, num(c), lr.Biases))
	switch {
	case lr.NonTrainable > 0:
		d.math(d.eq(`P_{\text{trainable}} = 2C`, prod(num(2), num(c)), lr.Trainable))
		d.para("Keras also counts the moving mean and variance, one of each per channel, as non-trainable parameters:")
		d.math(d.eq(`P_{\text{non-trainable}} = 2C`, prod(num(2), num(c)), lr.NonTrainable))
		d.WriteString(`$$\boxed{` + d.eq(`P = 4C`, sum(num64(lr.Trainable), num64(lr.NonTrainable)), lr.Params) + `}$$`)
	case w.layer.Type == "batchnorm":
		d.WriteString(`$$\boxed{` + d.eq(f.Params, prod(num(2), num(c)), lr.Params) + `}$$` + "\n\n")
		d.WriteString(fmt.Sprintf("PyTorch keeps the running mean and variance ($2C = %d$ values) as buffers, not parameters.", 2*c))
	default:
		d.WriteString(`$$\boxed{` + d.eq(f.Params, prod(num(2), num(c)), lr.Params) + `}$$`)
	}
}

// recurrentLayers is a recurrent layer's structure for its worked solution:
// gate blocks, bias vectors per block, directions and each stacked layer's input size.
type recurrentLayers struct {
	gates, biasVectors, dirs int
	inputs                   []int // F_l: the features, then H·dirs
	units                    int
	steps                    int // T; 1 for an input [features]
}

func recurrentOf(w work) recurrentLayers {
	layer, in := w.layer, w.result.InputShape
	r := recurrentLayers{gates: map[string]int{"rnn": 1, "gru": 3, "lstm": 4}[layer.Type], dirs: 1, units: layer.Units, steps: 1}
	if layer.Bidirectional {
		r.dirs = 2
	}
	if boolOr(layer.Bias, true) {
		r.biasVectors = 2
		if w.fw() == Keras && (layer.Type != "gru" || !boolOr(layer.ResetAfter, true)) {
			r.biasVectors = 1
		}
	}
	if len(in) == 2 {
		r.steps = in[0]
	}
	f := in[len(in)-1]
	for range max(layer.Layers, 1) {
		r.inputs = append(r.inputs, f)
		f = r.dirs * layer.Units
	}
	return r
}

// weights is stacked layer l's weights: g·H·(F_l + H) per direction.
func (r recurrentLayers) weights(l int) arith {
	return prod(append(factors(r.dirs, r.gates, r.units), sum(num(r.inputs[l]), num(r.units)))...)
}

// biases is one stacked layer's biases: b vectors of H per block per direction.
func (r recurrentLayers) biases() arith {
	return prod(factors(r.dirs, r.biasVectors, r.gates, r.units)...)
}

// params is stacked layer l's parameters in the form, g·(H·(F_l + H) + b·H)
// per direction.
func (r recurrentLayers) params(l int) arith {
	inner := prod(num(r.units), sum(num(r.inputs[l]), num(r.units)))
	if r.biasVectors > 0 {
		inner = sum(inner, prod(factors(r.biasVectors, r.units)...))
	}
	return prod(append(factors(r.dirs, r.gates), inner)...)
}

// factors are the numbers of a product without the factors 1 a formula does not
// write (the last is kept).
func factors(xs ...int) []arith {
	var out []arith
	for i, x := range xs {
		if x != 1 || i == len(xs)-1 {
			out = append(out, num(x))
		}
	}
	return out
}

// coefficient writes n in front of a symbol: "" for 1, "4" for 4.
func coefficient(n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprint(n)
}

// recurrentNames are the recurrent types as a sentence starts with them.
var recurrentNames = map[string]string{"rnn": "An RNN", "lstm": "An LSTM", "gru": "A GRU"}

// gateBlocks are what each recurrent type's gate blocks are.
var gateBlocks = map[string]string{
	"rnn":  "one block (the hidden state)",
	"gru":  "3 gate blocks (reset, update and the new state)",
	"lstm": "4 gate blocks (input, forget and output gates, and the cell)",
}

// biasConvention says how many bias vectors a block has and why.
func biasConvention(w work, r recurrentLayers) string {
	switch {
	case r.biasVectors == 0:
		return "no biases (bias = false)"
	case w.fw() == PyTorch:
		return "under PyTorch two bias vectors of H per block ($b_{ih}$ and $b_{hh}$)"
	case w.layer.Type == "gru" && r.biasVectors == 2:
		return "under Keras's GRU with reset_after = true (its default) two bias vectors of H per block (input and recurrent)"
	case w.layer.Type == "gru":
		return "under Keras's GRU with reset_after = false one bias vector of H per block"
	}
	return "under Keras one bias vector of H per block"
}

// recurrentParams counts a recurrent layer's parameters: per block, input
// weights H×F, recurrent weights H×H and the framework's bias vectors; per
// stacked layer and direction.
func recurrentParams(w work, d *doc) {
	lr, r := w.result, recurrentOf(w)
	d.para(fmt.Sprintf("%s layer has %s, each with input weights $H \\times F$, recurrent weights $H \\times H$ and %s; here $F = %d$, $H = %d$.",
		recurrentNames[w.layer.Type], gateBlocks[w.layer.Type], biasConvention(w, r), r.inputs[0], r.units))
	dirs := ""
	if r.dirs > 1 {
		d.para("Bidirectional: two such layers, one for each direction.")
		dirs = `2 \times `
	}
	g := coefficient(r.gates)
	if len(r.inputs) == 1 {
		d.math(d.eq("W = "+dirs+g+"H(F + H)", r.weights(0), lr.Weights))
		combined := "P = " + dirs + g + "H(F + H)"
		if r.biasVectors > 0 {
			d.math(d.eq("B = "+dirs+coefficient(r.biasVectors*r.gates)+"H", r.biases(), lr.Biases))
			combined = "P = " + dirs + g + `\left(H(F + H) + ` + coefficient(r.biasVectors) + `H\right)`
			if r.gates == 1 {
				combined = "P = " + dirs + `\left(H(F + H) + ` + coefficient(r.biasVectors) + `H\right)`
			}
		} else {
			d.para("No biases (bias = false).")
		}
		d.WriteString(`$$\boxed{` + d.eq(combined, r.params(0), lr.Params) + `}$$`)
		return
	}
	d.para(fmt.Sprintf("With layers = %d, the first layer's input is the F = %d features and each later layer's is the %d outputs of the layer below.",
		len(r.inputs), r.inputs[0], r.dirs*r.units))
	var ws, bs []arith
	for l := range r.inputs {
		wl, bl := r.weights(l), r.biases()
		ws, bs = append(ws, wl), append(bs, bl)
		line := fmt.Sprintf(`\text{layer } %d: \quad F_%d = %d \quad W_%d = %s%sH(F_%d + H) = %s`, l+1, l+1, r.inputs[l], l+1, dirs, g, l+1, wl.tex)
		if r.biasVectors > 0 {
			line += fmt.Sprintf(` \quad B_%d = %s`, l+1, bl.tex)
		}
		d.math(line)
	}
	d.math(d.eq(`W = \sum_l W_l`, sum(ws...), lr.Weights))
	if r.biasVectors > 0 {
		d.math(d.eq(`B = \sum_l B_l`, sum(bs...), lr.Biases))
	} else {
		d.para("No biases (bias = false).")
	}
	d.WriteString(`$$\boxed{` + d.eq("P = W + B", sum(num64(lr.Weights), num64(lr.Biases)), lr.Params) + `}$$`)
}

// attentionParams counts multi-head attention's four E×E projections (query,
// key, value, output) and their biases: 4(E² + E), whatever the heads.
func attentionParams(w work, d *doc) {
	lr, f := w.result, layerTypes[w.layer.Type].Formulas
	e := lr.InputShape[1]
	d.para(fmt.Sprintf("The query, key, value and output projections are each $E \\times E$ with a bias of E, here $E = %d$; the %s split E and add nothing.",
		e, plural.Count(w.layer.Heads, "head", "heads")))
	d.math(d.eq(f.Weights, prod(num(4), square(num(e))), lr.Weights))
	if lr.Biases == 0 {
		d.para("No biases (bias = false).")
		d.WriteString(`$$\boxed{` + d.eq(`P = 4E^2`, prod(num(4), square(num(e))), lr.Params) + `}$$`)
		return
	}
	d.math(d.eq(f.Biases, prod(num(4), num(e)), lr.Biases))
	d.WriteString(`$$\boxed{` + d.eq(`P = 4(E^2 + E)`, prod(num(4), sum(square(num(e)), num(e))), lr.Params) + `}$$`)
}

func workedWeightShape(w work, d *doc) {
	layer, lr := w.layer, w.result
	lt := layerTypes[layer.Type]
	ws := int64s(lr.WeightShape)
	in := lr.InputShape
	boxed := fmt.Sprintf("$$\\boxed{%s}$$", FormatMatrix(ws))
	name := "`" + lr.Name + "`"
	switch {
	case lt.Family == FullyConnected:
		d.WriteString(fmt.Sprintf("The input to %s has %s and it has %s: %s", name,
			plural.Count(int(ws[0]), "feature", "features"), plural.Count(int(ws[1]), "unit", "units"), boxed))
		return
	case lt.Family == Convolution:
		d.para(fmt.Sprintf("The kernel of %s is $%s$ over C/g = %d/%d input channels, for each of its N = %d filters, in homework (Keras) order $[K, C/g, N]$ (PyTorch stores $[N, C/g, K]$):",
			name, shapeTeX(lr.WeightShape[:lt.SpatialRank]), in[len(in)-1], max(layer.Groups, 1), layer.Filters))
	case lt.Family == TransposedConvolution:
		d.para(fmt.Sprintf("The kernel of %s is $%s$ from each of its C = %d input channels to N/g = %d/%d filters, in Keras's order $[K, N/g, C]$ (PyTorch stores $[C, N/g, K]$):",
			name, shapeTeX(lr.WeightShape[:lt.SpatialRank]), in[len(in)-1], layer.Filters, max(layer.Groups, 1)))
	case layer.Type == "embedding":
		d.para(fmt.Sprintf("One row of dim = %d for each of the vocab = %d tokens, $[\\text{vocab}, \\text{dim}]$:", layer.Dim, layer.Vocab))
	case layer.Type == "batchnorm" || layer.Type == "layernorm":
		d.para(fmt.Sprintf("The weight is the scale γ, one per %s of the last axis ($%d$):", map[bool]string{true: "channel", false: "feature"}[layer.Type == "batchnorm"], in[len(in)-1]))
	case isRecurrent(layer.Type):
		r := recurrentOf(w)
		d.para(fmt.Sprintf("The weight matrix is the first layer's input kernel, F × %sH for its %s, in Keras's order $[F, %sH]$ (PyTorch's weight_ih_l0 is its transpose):",
			coefficient(r.gates), gateBlocks[layer.Type], coefficient(r.gates)))
		d.math(d.eq(coefficient(r.gates)+"H", prod(num(r.gates), num(r.units)), ws[1]))
	case layer.Type == "multihead_attention":
		d.para("The weight matrix is the in-projection of the query, key and value, $[E, 3E]$ (PyTorch's in_proj_weight is its transpose):")
		d.math(d.eq("3E", prod(num(3), num(in[1])), ws[1]))
	}
	d.WriteString(boxed)
}

// workedTotal adds up each layer's share of a network count.
func workedTotal(w work, d *doc) {
	var terms []arith
	var names []string
	for i := range w.sol.Layers {
		if v := w.ask.Count(&w.sol.Layers[i]); v != 0 {
			terms = append(terms, count(v))
			names = append(names, "`"+w.sol.Layers[i].Name+"`")
		}
	}
	total := w.ask.Total(w.sol)
	switch len(terms) {
	case 0:
		fmt.Fprintf(d, "No layer of `%s` adds to it: $$\\boxed{0}$$", w.net.Name)
	case 1:
		fmt.Fprintf(d, "Only %s adds to it: $$\\boxed{%s}$$", names[0], texCount(total))
		d.checks = append(d.checks, check{terms[0].text, float64(total)})
	default:
		s := sum(terms...)
		d.checks = append(d.checks, check{s.text, float64(total)})
		fmt.Fprintf(d, "$$%s = \\boxed{%s}$$", s.tex, texCount(total))
	}
}

func workedMACs(w work, d *doc) {
	if w.index < 0 {
		workedTotal(w, d)
		return
	}
	layer, lr := w.layer, w.result
	lt := layerTypes[layer.Type]
	in, out := lr.InputShape, lr.OutputShape
	n := lt.SpatialRank
	switch {
	case lr.MACs == 0:
		d.para(fmt.Sprintf("A %s layer multiplies no weights: pools, activations, normalization, flatten, dropout and embedding lookups count 0.", layer.Type))
	case lt.Family == Convolution:
		d.para("One multiply-accumulate per kernel tap per input channel of the group, for every output element:")
		g := max(layer.Groups, 1)
		cin := num(in[n])
		cs := "C"
		if g > 1 {
			cin, cs = frac(cin, num(g)), `\frac{C}{g}`
		}
		f := append(append(nums(out[:n]), num(layer.Filters)), nums(lr.WeightShape[:n])...)
		d.math(d.eq(`\text{MACs} = `+positions("o", n)+` \times N \times `+kernelSymbol(n)+` \times `+cs, prod(append(f, cin)...), lr.MACs))
	case lt.Family == TransposedConvolution:
		d.para("Each input element meets every kernel tap of its group's filters:")
		g := max(layer.Groups, 1)
		filters := num(layer.Filters)
		ns := "N"
		if g > 1 {
			filters, ns = frac(filters, num(g)), `\frac{N}{g}`
		}
		f := append(append(nums(in[:n]), num(in[n])), nums(lr.WeightShape[:n])...)
		d.math(d.eq(`\text{MACs} = `+positions("i", n)+` \times C \times `+kernelSymbol(n)+` \times `+ns, prod(append(f, filters)...), lr.MACs))
	case lt.Family == FullyConnected:
		if len(in) == 1 {
			d.math(d.eq(`\text{MACs} = \text{in} \times \text{out}`, prod(num(in[0]), num(layer.Units)), lr.MACs))
		} else {
			d.para(fmt.Sprintf("The layer acts on each of the $%s$ positions:", shapeTeX(in[:len(in)-1])))
			d.math(d.eq(`\text{MACs} = \text{positions} \times \text{in} \times \text{out}`,
				prod(append(nums(in[:len(in)-1]), num(in[len(in)-1]), num(layer.Units))...), lr.MACs))
		}
	case isRecurrent(layer.Type):
		r := recurrentOf(w)
		d.para(fmt.Sprintf("Every time step multiplies both kernels of every block: $W$ per step, for T = %d steps.", r.steps))
		var ws []arith
		for l := range r.inputs {
			ws = append(ws, r.weights(l))
		}
		formula := `\text{MACs} = T \times ` + coefficient(r.gates) + `H(F + H)`
		if r.dirs > 1 || len(r.inputs) > 1 {
			formula = `\text{MACs} = T \times W`
		}
		d.math(d.eq(formula, prod(num(r.steps), sum(ws...)), lr.MACs))
	case layer.Type == "multihead_attention":
		t, e := num(in[0]), num(in[1])
		d.para("The four projections cost $4TE^2$; the scores $QK^\\top$ and the weighted sum of the values $T^2E$ each:")
		d.math(d.eq(`\text{MACs} = 4TE^2 + 2T^2E`, sum(prod(num(4), t, square(e)), prod(num(2), square(t), e)), lr.MACs))
	}
	fmt.Fprintf(d, "$$\\boxed{\\text{MACs} = %s}$$ (%s)", texCount(lr.MACs), MACConvention)
}

// positions names the spatial sizes of a window layer's output (o) or input (i).
func positions(io string, n int) string {
	switch n {
	case 1:
		return "L_" + io
	case 2:
		return "H_" + io + " W_" + io
	}
	return "D_" + io + " H_" + io + " W_" + io
}

func workedReceptiveSize(w work, d *doc) {
	if receptiveSteps(w, d) {
		rf := w.result.Receptive
		fmt.Fprintf(d, "Receptive field of `%s`: %d input pixels across (%d × %d): $$\\boxed{%d}$$", w.result.Name, rf.Size, rf.Size, rf.Size, rf.Size)
	}
}

func workedReceptive(w work, d *doc) {
	if receptiveSteps(w, d) {
		rf := w.result.Receptive
		fmt.Fprintf(d, "Receptive field of `%s`: $$\\boxed{r = %d, \\; j = %d, \\; s = %s}$$ (size, jump, start in input pixels).", w.result.Name, rf.Size, rf.Jump, FormatFloat(rf.Start))
	}
}

// receptiveSteps writes the receptive-field recurrence from the input to the
// asked layer along the first positional axis, with each layer's numbers; false
// when the field is not defined there.
func receptiveSteps(w work, d *doc) bool {
	if !w.result.Receptive.Known {
		fmt.Fprintf(d, "The receptive field of `%s` is not defined in input pixels: the network has no positional axes, or a layer up to it (a transposed convolution, an adaptive pool with unequal bins) does not map its units to windows of the input.", w.result.Name)
		return false
	}
	d.para("The receptive field grows layer by layer along the first positional axis (size r, jump j between neighbouring units, start s: the centre of the first unit's field), from $r = 1$, $j = 1$, $s = 0$ at the input:")
	d.math(`r_l = r_{l-1} + (K_l - 1) D_l \, j_{l-1} \qquad j_l = j_{l-1} S_l \qquad s_l = s_{l-1} + \left(\frac{(K_l - 1) D_l}{2} - P_l\right) j_{l-1}`)
	st := newReceptiveState(w.net)
	var unchanged []string
	flush := func() {
		if len(unchanged) > 0 {
			d.para(strings.Join(unchanged, ", ") + " " + plural.Word(len(unchanged), "acts", "act") + " on each position: the field is unchanged.")
			unchanged = nil
		}
	}
	for i := 0; i <= w.index; i++ {
		layer, lr := w.net.Layers[i], w.sol.Layers[i]
		_, step, err := apply(layer, lr.InputShape, w.fw())
		if err != nil || !st.known {
			return false
		}
		before := st.axes[0]
		k, s, dil, pad, ok := st.axisWindow(step, lr.InputShape, 0)
		st.advance(step, lr.InputShape)
		if !ok {
			unchanged = append(unchanged, "`"+lr.Name+"`")
			continue
		}
		flush()
		if step.kind != rfWindow {
			d.para(fmt.Sprintf("`%s` (%s) mixes positions: it is a window of K = %d, S = %d, P = %d over its input.", lr.Name, lr.Type, k, s, pad))
		}
		after := st.axes[0]
		r := d.eq("r", sum(num(before.Size), prod(diff(num(k), num(1)), num(dil), num(before.Jump))), int64(after.Size))
		j := d.eq("j", prod(num(before.Jump), num(s)), int64(after.Jump))
		start := sum(decimal(before.Start), prod(diff(frac(prod(diff(num(k), num(1)), num(dil)), num(2)), num(pad)), num(before.Jump)))
		sv := d.eqf("s", start, after.Start, FormatFloat(after.Start))
		d.math(fmt.Sprintf(`\text{%s}: \quad %s \qquad %s \qquad %s`, texText.Replace(lr.Name), r, j, sv))
	}
	flush()
	return true
}
