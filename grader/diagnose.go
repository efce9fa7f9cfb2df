package grader

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/internal/plural"
)

// A slip is a likely mistake: the layer recomputed the way a student might have
// done it wrongly. When the slip's result equals the student's answer, its
// explanation is the feedback.
type slip struct {
	shape   []int64 // for shape questions
	count   int64   // for count questions
	explain string
}

func (g *Grader) layerContext(ka *KeyAnswer) (nn.Layer, nn.LayerResult, *nn.Solution, bool) {
	if ka.network == nil || ka.layerIndex < 0 {
		return nn.Layer{}, nn.LayerResult{}, nil, false
	}
	sol := g.Key.solution(ka)
	return ka.network.Layers[ka.layerIndex], sol.Layers[ka.layerIndex], sol, true
}

// diagnoseShape explains a wrong shape answer by the slip that produces it.
func (g *Grader) diagnoseShape(ka *KeyAnswer, got []int64) []string {
	layer, lr, sol, ok := g.layerContext(ka)
	if !ok {
		return nil
	}
	if ka.Question.Ask.Form == nn.MatrixForm {
		return g.diagnoseWeightShape(ka, layer, lr, sol, got)
	}
	want := ka.Shape
	if len(got) != len(want) {
		return []string{fmt.Sprintf("The output of `%s` has %s (%s); your answer has %d.", lr.Name, plural.Count(len(want), "axis", "axes"), axesNames(len(want)), len(got))}
	}
	for _, s := range shapeSlips(ka.network, layer, lr) {
		if slices.Equal(s.shape, got) {
			return []string{s.explain}
		}
	}
	var notes []string
	n := len(want)
	if n == 1 {
		// One size, not a spatial size and channels.
		if nn.FamilyOf(layer.Type) == nn.Flattening {
			return []string{"A flattened size is the product of every axis of the layer's input (H × W × C for an image)."}
		}
		return nil
	}
	if slices.Equal(got[:n-1], want[:n-1]) && got[n-1] != want[n-1] {
		switch {
		case hasFilters(layer) && len(lr.InputShape) == n && got[n-1] == int64(lr.InputShape[n-1]):
			notes = append(notes, fmt.Sprintf("The spatial size is right, but a convolution's output has one channel per filter (%d), not its input's %s.", layer.Filters, plural.Count(int(got[n-1]), "channel", "channels")))
		case isPool(layer.Type):
			notes = append(notes, "The spatial size is right, but pooling keeps the number of channels of its input.")
		default:
			notes = append(notes, "The spatial size is right, but the number of channels is not.")
		}
		return notes
	}
	if isConv(layer.Type) || isPool(layer.Type) {
		notes = append(notes, "Check each spatial axis with O = ⌊(I − K + 2P)/S⌋ + 1"+formulaSettings(layer, lr)+".")
	}
	return notes
}

func axesNames(n int) string {
	switch n {
	case 1:
		return "features"
	case 2:
		return "length × channels"
	case 3:
		return "H × W × C"
	case 4:
		return "D × H × W × C"
	}
	return plural.Count(n, "axis", "axes")
}

// formulaSettings names the numbers of the first spatial axis: ", here I = 30, K = 3, P = 0, S = 2".
func formulaSettings(layer nn.Layer, lr nn.LayerResult) string {
	if len(lr.InputShape) < 2 {
		return ""
	}
	window := "kernel"
	if isPool(layer.Type) {
		window = "size"
	}
	k, s, p := layer.AxisSetting(window, 0), layer.AxisSetting("stride", 0), layer.AxisSetting("padding", 0)
	if layer.PaddingMode != "" {
		return fmt.Sprintf(", with I = %d, K = %d, S = %d and %q padding", lr.InputShape[0], k, s, layer.PaddingMode)
	}
	return fmt.Sprintf(", with I = %d, K = %d, P = %d, S = %d", lr.InputShape[0], k, p, s)
}

// shapeSlips lists the usual wrong ways of computing a conv or pool output shape.
func shapeSlips(net *nn.Network, layer nn.Layer, lr nn.LayerResult) []slip {
	in := lr.InputShape
	var out []slip
	try := func(l nn.Layer, explain string) {
		r, err := nn.Apply(l, in, net.Framework)
		if err == nil && !slices.Equal(r.OutputShape, lr.OutputShape) {
			out = append(out, slip{shape: toInt64s(r.OutputShape), explain: explain})
		}
	}
	conv, pool := isConv(layer.Type), isPool(layer.Type)
	if !conv && !pool {
		if nn.FamilyOf(layer.Type) == nn.Flattening && len(in) > 1 {
			return []slip{{shape: []int64{int64(in[len(in)-1])}, explain: fmt.Sprintf("Flatten multiplies all the axes of its input: %s.", strings.Join(intStrings(in), " × "))}}
		}
		return nil
	}
	if layer.PaddingMode == nn.SamePadding && net.Framework == nn.Keras {
		if s, ok := sameFloorSlip(layer, lr); ok {
			out = append(out, s)
		}
	}
	if hasPadding(layer) {
		l := layer
		l.Padding, l.PaddingMode = nil, ""
		try(l, "You left out the padding: each side adds P, so the input grows by 2P before the kernel slides over it.")
	}
	stride := layer.Setting("stride")
	if anyNot(stride, 1) {
		l := layer
		l.Stride = []int{1}
		try(l, fmt.Sprintf("You used stride 1, but this layer's stride is %s: divide (I − K + 2P) by S before adding 1.", listText(stride)))
	}
	if anyNot(layer.Dilation, 1) {
		l := layer
		l.Dilation = nil
		try(l, "You ignored the dilation: a kernel of size K with dilation D spans D(K − 1) + 1 inputs.")
	}
	if pool && !layer.CeilMode && layer.PaddingMode == "" {
		l := layer
		l.CeilMode = true
		try(l, "You rounded up (ceil), as ceil_mode = true would: (I − K + 2P)/S is not a whole number here, and the output size rounds it down (floor), unless ceil_mode is set.")
	}
	if pool && layer.CeilMode {
		l := layer
		l.CeilMode = false
		try(l, "You rounded down (floor), but this layer sets ceil_mode = true: (I − K + 2P)/S is not a whole number here, and the output size rounds it up (ceil).")
	}
	if conv && layer.PaddingMode == "" {
		out = append(out, manualSlips(layer, lr)...)
	}
	if conv && layer.PaddingMode != nn.SamePadding {
		l := layer
		l.Padding, l.PaddingMode = nil, nn.SamePadding
		if net.Framework == nn.PyTorch {
			if r, err := nn.Apply(l, in, nn.Keras); err == nil && !slices.Equal(r.OutputShape, lr.OutputShape) {
				out = append(out, slip{shape: toInt64s(r.OutputShape), explain: "You kept the spatial size as if the padding were \"same\"; this layer pads " + paddingText(layer) + "."})
			}
		} else {
			try(l, "You kept the spatial size as if the padding were \"same\"; this layer pads "+paddingText(layer)+".")
		}
	}
	return out
}

// manualSlips are conv slips nn.Apply cannot express: rounding up, and the +1 forgotten.
func manualSlips(layer nn.Layer, lr nn.LayerResult) []slip {
	in := lr.InputShape
	spatial := len(in) - 1
	up := make([]int64, len(lr.OutputShape))
	noOne := make([]int64, len(lr.OutputShape))
	copy(up, toInt64s(lr.OutputShape))
	copy(noOne, up)
	for i := 0; i < spatial; i++ {
		k, s, p, d := layer.AxisSetting("kernel", i), layer.AxisSetting("stride", i), layer.AxisSetting("padding", i), layer.AxisSetting("dilation", i)
		span := int64(in[i] + 2*p - d*(k-1) - 1)
		if span < 0 {
			return nil
		}
		up[i] = (span+int64(s)-1)/int64(s) + 1
		noOne[i] = span / int64(s)
	}
	var out []slip
	if !slices.Equal(up, toInt64s(lr.OutputShape)) {
		out = append(out, slip{shape: up, explain: "You rounded up (ceil): (I − K + 2P)/S is not a whole number here, and the output size rounds it down (floor), since the kernel cannot start past the last full window."})
	}
	out = append(out, slip{shape: noOne, explain: "You forgot the + 1 in O = ⌊(I − K + 2P)/S⌋ + 1: the first window already gives one output."})
	return out
}

// sameFloorSlip is a "same"-padded layer's output with I/S rounded down: Keras
// pads so that the output is ⌈I/S⌉, and a student who divides and drops the
// remainder gets ⌊I/S⌋.
func sameFloorSlip(layer nn.Layer, lr nn.LayerResult) (slip, bool) {
	in := lr.InputShape
	down := toInt64s(lr.OutputShape)
	changed := false
	for i := 0; i < len(in)-1 && i < len(down)-1; i++ {
		s := layer.AxisSetting("stride", i)
		if isPool(layer.Type) && len(layer.Stride) == 0 {
			s = layer.AxisSetting("size", i) // a pool's stride defaults to its window
		}
		if s > 1 && in[i]%s != 0 {
			down[i] = int64(in[i] / s)
			changed = true
		}
	}
	if !changed {
		return slip{}, false
	}
	return slip{shape: down, explain: "You rounded I/S down (floor); with \"same\" padding the output size is I/S rounded up (ceil), the last window padded."}, true
}

func hasPadding(l nn.Layer) bool {
	return l.PaddingMode == nn.SamePadding || anyNot(l.Padding, 0)
}

func paddingText(l nn.Layer) string {
	if l.PaddingMode == nn.ValidPadding || !anyNot(l.Padding, 0) {
		return "nothing (P = 0)"
	}
	return "P = " + listText(l.Padding)
}

func anyNot(v []int, x int) bool {
	for _, e := range v {
		if e != x {
			return true
		}
	}
	return false
}

func listText(v []int) string {
	if len(v) == 1 {
		return fmt.Sprint(v[0])
	}
	return "(" + strings.Join(intStrings(v), ", ") + ")"
}

func (g *Grader) diagnoseWeightShape(ka *KeyAnswer, layer nn.Layer, lr nn.LayerResult, sol *nn.Solution, got []int64) []string {
	if nn.FamilyOf(layer.Type) == nn.FullyConnected && len(got) == 2 {
		if from, ok := wrongInputLayer(sol, ka.layerIndex, func(in int64) bool {
			return (got[0] == in && got[1] == int64(layer.Units)) || (got[1] == in && got[0] == int64(layer.Units))
		}); ok {
			return []string{from}
		}
		return []string{fmt.Sprintf("A dense layer's weight matrix is (inputs, units): its rows are the %s values that feed it.", describeInput(lr))}
	}
	return nil
}

// wrongInputLayer finds an earlier layer whose flattened output, taken as the dense
// layer's input size, explains the answer.
func wrongInputLayer(sol *nn.Solution, idx int, fits func(in int64) bool) (string, bool) {
	feed := sol.Layers[idx].InputShape
	for j := idx - 1; j >= 0; j-- {
		o := sol.Layers[j].OutputShape
		size := product(o)
		if slices.Equal(o, feed) || size == product(feed) {
			continue
		}
		if fits(size) {
			return fmt.Sprintf("You took the input size from the output of `%s` (%s); the layer is fed %s.",
				sol.Layers[j].Name, sizeText(o), sizeText(feed)), true
		}
	}
	return "", false
}

func describeInput(lr nn.LayerResult) string {
	return sizeText(lr.InputShape)
}

// sizeText writes a shape and its number of values: "14 × 14 × 64 = 12,544 values",
// or "12,544 values" for a flat one.
func sizeText(shape []int) string {
	n := FormatInt(product(shape))
	if len(shape) == 1 {
		return n + " values"
	}
	return fmt.Sprintf("%s = %s values", strings.Join(intStrings(shape), " × "), n)
}

// diagnoseInt explains a wrong count by the slip that produces it.
func (g *Grader) diagnoseInt(ka *KeyAnswer, got int64) []string {
	if ka.network == nil {
		return nil
	}
	sol := g.Key.solution(ka)
	if msg, ok := flopsSlip(ka, got); ok {
		return []string{msg}
	}
	if msg, ok := conventionSlip(ka, sol, got); ok {
		return []string{msg}
	}
	if msg, ok := roundingSlip(ka, sol, got); ok {
		return []string{msg}
	}
	if ka.layerIndex < 0 {
		return diagnoseTotal(sol, ka, got)
	}
	layer, lr := ka.network.Layers[ka.layerIndex], sol.Layers[ka.layerIndex]
	parts := ka.Question.Ask.Parts
	if parts&nn.WeightsPart == 0 {
		return nil // a diagnosis of parameter counts: not of biases alone or MACs
	}
	want := ka.Int
	if lr.Params == 0 && got != 0 {
		return []string{fmt.Sprintf("A %s layer learns nothing: it has no weights and no biases.", layer.Type)}
	}
	if parts&nn.BiasesPart != 0 && got == lr.Weights && lr.Biases > 0 {
		return []string{fmt.Sprintf("You counted the weights but forgot the biases: one per %s, %s more.", unitWord(layer), FormatInt(lr.Biases))}
	}
	if parts&nn.BiasesPart == 0 && got == lr.Params && lr.Biases > 0 {
		return []string{"You counted the biases too; the question asks for the weights alone."}
	}
	bias := lr.Biases
	if parts&nn.BiasesPart == 0 {
		bias = 0
	}
	if isConv(layer.Type) && len(lr.WeightShape) >= 3 {
		ws := lr.WeightShape
		kernel := product(ws[:len(ws)-2])
		cin, n := int64(ws[len(ws)-2]), int64(ws[len(ws)-1])
		k := int64(ws[0])
		switch got {
		case k*cin*n + bias:
			if len(ws) > 3 {
				return []string{fmt.Sprintf("Each filter is %s × C: the kernel size counts once per spatial axis (K² for a 2-D kernel).", strings.Join(intStrings(ws[:len(ws)-2]), " × "))}
			}
		case kernel*n + bias:
			return []string{fmt.Sprintf("Each filter spans all %s: W = K² × C × N.", plural.Count(int(cin), "input channel", "input channels"))}
		case kernel*cin + bias, kernel*cin + 1:
			return []string{fmt.Sprintf("That is one filter; the layer has N = %d of them.", n)}
		}
		if layer.Groups > 1 && got == kernel*cin*int64(layer.Groups)*n+bias {
			return []string{fmt.Sprintf("With groups = %d each filter sees only C/groups = %s.", layer.Groups, plural.Count(int(cin), "channel", "channels"))}
		}
	}
	if nn.FamilyOf(layer.Type) == nn.FullyConnected {
		units := int64(layer.Units)
		if msg, ok := wrongInputLayer(sol, ka.layerIndex, func(in int64) bool { return got == in*units+bias || got == in*units }); ok {
			return []string{msg}
		}
	}
	if want != 0 && got != 0 && want%got == 0 {
		return []string{fmt.Sprintf("Your count is %d times too small.", want/got)}
	}
	return nil
}

// flopsSlip recognises MACs given as FLOPs: a multiply and an add per
// multiply-accumulate, twice the count.
func flopsSlip(ka *KeyAnswer, got int64) (string, bool) {
	if !ka.Question.Ask.MultiplyAccumulates || ka.Int == 0 || got != 2*ka.Int {
		return "", false
	}
	return fmt.Sprintf("That is FLOPs, a multiply and an add for each multiply-accumulate (2 × %s); the question asks for MACs, which count each multiply-accumulate once.", FormatInt(ka.Int)), true
}

// conventionSlip recognises a count that is right under another convention than
// the problem's: the other framework (PyTorch's two recurrent bias vectors
// against Keras's one, batch norm's running statistics), or Keras's GRU with
// reset_after flipped. The engine recounts the layer, or the whole network, under
// each convention nn.Conventions lists; the feedback names the one the student
// followed and what it counts differently.
func conventionSlip(ka *KeyAnswer, sol *nn.Solution, got int64) (string, bool) {
	net, ask := ka.network, ka.Question.Ask
	fw := net.Framework
	if ka.layerIndex >= 0 {
		layer, lr := net.Layers[ka.layerIndex], sol.Layers[ka.layerIndex]
		if frameworksNote(layer.Type) == "" {
			return "", false // the frameworks count this type alike
		}
		for _, c := range nn.Conventions(layer, fw) {
			other, err := nn.Apply(c.Layer, lr.InputShape, c.Framework)
			if err != nil || ask.Count(&other) != got || got == ka.Int {
				continue
			}
			problem := fmt.Sprintf("this problem counts as %s does (%s)", fw.Title(), FormatInt(ka.Int))
			if c.Framework == fw {
				problem = fmt.Sprintf("the layer as this problem sets it counts %s", FormatInt(ka.Int))
			}
			return fmt.Sprintf("That is %s for `%s` (%s); %s. %s.", c.Name, lr.Name, FormatInt(got), problem, frameworksNote(layer.Type)), true
		}
		return "", false
	}
	// A total: every layer under the same convention, as a student following one
	// framework would count them.
	if !slices.ContainsFunc(net.Layers, func(l nn.Layer) bool { return frameworksNote(l.Type) != "" }) {
		return "", false // the frameworks count every layer of it alike
	}
	for _, variant := range networkConventions(net) {
		other, err := nn.Solve(variant.net)
		if err != nil || ask.Total(other) != got {
			continue
		}
		var differ, notes []string
		for i := range sol.Layers {
			mine, theirs := ask.Count(&sol.Layers[i]), ask.Count(&other.Layers[i])
			if mine == theirs {
				continue
			}
			differ = append(differ, fmt.Sprintf("`%s` as %s (not %s)", sol.Layers[i].Name, FormatInt(theirs), FormatInt(mine)))
			notes = addNote(notes, frameworksNote(net.Layers[i].Type))
		}
		msg := fmt.Sprintf("That is %s: it counts %s; this problem counts as %s does.", variant.name, joinAnd(differ), fw.Title())
		if len(notes) > 0 {
			msg += " " + strings.Join(notes, ". ") + "."
		}
		return msg, true
	}
	return "", false
}

// roundingSlip recognises a count that follows from an earlier pool's output
// rounded the other way: floor where the pool sets ceil_mode = true, or ceil
// where it does not. The engine recounts the network with that one pool's
// ceil_mode flipped.
func roundingSlip(ka *KeyAnswer, sol *nn.Solution, got int64) (string, bool) {
	net, ask := ka.network, ka.Question.Ask
	last := ka.layerIndex
	if last < 0 {
		last = len(net.Layers)
	}
	for j := 0; j < last; j++ {
		l := net.Layers[j]
		if !isPool(l.Type) || l.PaddingMode != "" {
			continue
		}
		flipped := l
		flipped.CeilMode = !l.CeilMode
		if r, err := nn.Apply(flipped, sol.Layers[j].InputShape, net.Framework); err != nil || slices.Equal(r.OutputShape, sol.Layers[j].OutputShape) {
			continue // (I − K + 2P)/S is whole: both roundings agree
		}
		variant := *net
		variant.Layers = slices.Clone(net.Layers)
		variant.Layers[j] = flipped
		other, err := nn.Solve(variant)
		if err != nil {
			continue
		}
		v, err := ask.Value(other, ka.layerIndex)
		if err != nil || v.Int != got {
			continue
		}
		name := other.Layers[j].Name
		if l.CeilMode {
			return fmt.Sprintf("Your count follows from `%s`'s output rounded down (floor, %s), but that layer sets ceil_mode = true: its output is %s.",
				name, FormatShape(toInt64s(other.Layers[j].OutputShape)), FormatShape(toInt64s(sol.Layers[j].OutputShape))), true
		}
		return fmt.Sprintf("Your count follows from `%s`'s output rounded up (ceil, %s), as ceil_mode = true would; the output size rounds down (floor): %s.",
			name, FormatShape(toInt64s(other.Layers[j].OutputShape)), FormatShape(toInt64s(sol.Layers[j].OutputShape))), true
	}
	return "", false
}

// addNote adds a frameworks note once; a note that opens with the same clause
// as one already there (an LSTM's and a GRU's) adds only the rest of it.
func addNote(notes []string, n string) []string {
	if n == "" || slices.Contains(notes, n) {
		return notes
	}
	head, rest, _ := strings.Cut(n, "; ")
	for i, have := range notes {
		if strings.HasPrefix(have, head+"; ") {
			notes[i] = have + "; " + rest
			return notes
		}
	}
	return append(notes, n)
}

// networkConvention is a network counted under another convention, and its name.
type networkConvention struct {
	net  nn.Network
	name string
}

// networkConventions are net under the conventions nn.Conventions lists for its
// layers, each applied to every layer at once: the other framework, and, when
// the network has a GRU, Keras with the GRUs' reset_after flipped.
func networkConventions(net *nn.Network) []networkConvention {
	other := *net
	other.Layers = make([]nn.Layer, len(net.Layers))
	var flipped *nn.Network
	var out []networkConvention
	for j, l := range net.Layers {
		cs := nn.Conventions(l, net.Framework)
		other.Framework, other.Layers[j] = cs[0].Framework, cs[0].Layer
		if len(out) == 0 {
			out = append(out, networkConvention{name: cs[0].Name})
		}
		if len(cs) > 1 {
			if flipped == nil {
				f := *net
				f.Layers = slices.Clone(net.Layers)
				flipped = &f
				name := cs[1].Name
				if ra := cs[1].Layer.ResetAfter; ra != nil && len(net.Layers) > 1 {
					name = fmt.Sprintf("%s's count with reset_after = %t for the GRU", cs[1].Framework.Title(), *ra)
				}
				out = append(out, networkConvention{name: name})
			}
			flipped.Framework, flipped.Layers[j] = cs[1].Framework, cs[1].Layer
		}
	}
	if len(out) == 0 {
		return nil
	}
	out[0].net = other
	if flipped != nil {
		out[1].net = *flipped
	}
	return out
}

// frameworksNote is what PyTorch and Keras count differently in a layer type.
func frameworksNote(typ string) string {
	if t, ok := nn.LayerTypeNamed(typ); ok && t.Frameworks != "" {
		return t.Frameworks
	}
	return ""
}

func unitWord(l nn.Layer) string {
	if hasFilters(l) {
		return "filter"
	}
	return "unit"
}

// hasFilters reports whether the layer's type takes filters (a convolution,
// transposed or not), so that its output has one channel and one bias per filter.
func hasFilters(l nn.Layer) bool {
	t, ok := nn.LayerTypeNamed(l.Type)
	if !ok {
		return false
	}
	_, ok = t.Key("filters")
	return ok
}

func diagnoseTotal(sol *nn.Solution, ka *KeyAnswer, got int64) []string {
	if ka.Question.Ask.Parts&nn.WeightsPart == 0 {
		return nil // not a count of parameters: MACs or the non-trainable statistics
	}
	if sol.NonTrainable > 0 && ka.Int == sol.Trainable && ka.Int != sol.TotalParams && got == sol.TotalParams {
		return []string{fmt.Sprintf("Your count includes the %s non-trainable parameters (batch norm's moving mean and variance, which Keras lists but training does not change); the question asks for the trainable ones.", FormatInt(sol.NonTrainable))}
	}
	var weights int64
	for _, l := range sol.Layers {
		weights += l.Weights
	}
	if got == weights {
		return []string{"Your total counts the weights but not the biases."}
	}
	for _, l := range sol.Layers {
		if l.Params > 0 && got == ka.Int-l.Params {
			return []string{fmt.Sprintf("Your total leaves out the %s parameters of `%s`.", FormatInt(l.Params), l.Name)}
		}
		if l.Params > 0 && got == ka.Int+l.Params {
			return []string{fmt.Sprintf("Your total counts the parameters of `%s` twice.", l.Name)}
		}
		if l.Biases > 0 && got == ka.Int-l.Biases {
			return []string{fmt.Sprintf("Your total leaves out the %s biases of `%s`.", FormatInt(l.Biases), l.Name)}
		}
	}
	return []string{"Add up each layer's parameters (weights + biases); pooling, flatten and activation layers add none."}
}

func isConv(t string) bool { return nn.FamilyOf(t) == nn.Convolution }
func isPool(t string) bool { return nn.FamilyOf(t) == nn.Pooling }

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
