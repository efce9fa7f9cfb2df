package grader

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/internal/plural"
)

// A slip is an answer the diagnosis names in particular: the key recomputed the
// way a student might have done it wrongly (the biases forgotten, the padding
// left out, channels first, another framework's count). A question's slips are
// one list, in the order the diagnosis tries them: the diagnosis of a wrong
// answer is the first slip whose answer it is, and slipAnswers enumerates the
// same list, so that a sealed check can judge every answer the diagnosis names
// ahead of time. An answer that is no slip gets feedback that depends only on
// which of its axes are right (shapes) or on nothing at all (counts).
type slip struct {
	answer reading
	// explain is the instructor's wording: the slip and the numbers behind it
	// ("one per filter, 32 more").
	explain string
	// student is the student's wording: it names the slip and never a number a
	// student could not see in the questions ("you counted the weights but not
	// the biases").
	student string
	// reorder marks the right sizes in another axis order (channels first, the
	// transpose, PyTorch's kernel order): a rubric may accept those as right.
	reorder axisOrder
	// factor is a number question's whole factor: the key divided by it, or
	// multiplied when negative.
	factor int64
}

// axisOrder is the axis order of a reordered key; noReorder for other slips.
type axisOrder int

const (
	noReorder axisOrder = iota
	channelsFirstOrder
	transposedOrder
	torchOrder
)

// say is the slip's feedback for the grader's audience.
func (g *Grader) say(s slip) string {
	if g.SelfCheck {
		return s.student
	}
	return s.explain
}

// word picks the instructor's or the student's wording of a note that is no slip.
func (g *Grader) word(instructor, student string) string {
	if g.SelfCheck {
		return student
	}
	return instructor
}

// slipCache holds a question's slips, computed on its first wrong answer and
// kept for every submission the grader grades.
type slipCache struct {
	once  sync.Once
	slips []slip
	ints  map[int64]int // a count's slips: answer -> index of its first slip
}

// slips lists q's slips in the order the diagnosis tries them, without the key
// and without an answer listed before.
func (g *Grader) slips(q *gradedQuestion) []slip {
	c := q.slipCache
	if c == nil {
		return g.computeSlips(q) // a gradedQuestion not made by prepare
	}
	c.once.Do(func() {
		c.slips = g.computeSlips(q)
		if q.key.Kind == IntegerValue {
			c.ints = make(map[int64]int, len(c.slips))
			for i, s := range c.slips {
				c.ints[s.answer.count] = i
			}
		}
	})
	return c.slips
}

// slipFor returns the slip that got is, if any.
func (g *Grader) slipFor(q *gradedQuestion, got reading) (slip, bool) {
	list := g.slips(q)
	if c := q.slipCache; c != nil && c.ints != nil {
		i, ok := c.ints[got.count]
		if !ok {
			return slip{}, false
		}
		return list[i], true
	}
	kind := q.key.kind
	if q.key.Kind == NumberValue {
		return numberSlipFor(q, list, got)
	}
	for _, s := range list {
		if kind.same(q, s.answer, got) {
			return s, true
		}
	}
	return slip{}, false
}

// slipAnswers is every answer to q the diagnosis names in particular, in the
// order it tries them: what a sealed edition judges at publish time. Any other
// wrong answer gets the feedback its axes earn (a shape: how many are right,
// which) or none in particular.
func (g *Grader) slipAnswers(q *gradedQuestion) []reading {
	list := g.slips(q)
	out := make([]reading, len(list))
	for i, s := range list {
		out[i] = s.answer
	}
	return out
}

// computeSlips lists q's slips by its kind of value, leaving out the key and
// repeats (the first wording of an answer is the one the diagnosis gives).
func (g *Grader) computeSlips(q *gradedQuestion) []slip {
	var list []slip
	switch ka := q.key; {
	case ka.Kind == NumberValue:
		list = numberSlips(ka)
	case ka.network == nil:
		return nil
	case ka.Kind == IntegerValue:
		list = g.countSlips(ka)
	case ka.Kind == ShapeValue:
		list = g.shapeSlipList(ka)
	}
	kind := q.key.kind
	right := func(r reading) bool { ok, _, _ := kind.compare(q, r); return ok }
	var out []slip
	seen := map[int64]bool{} // counts: a map, as a count may have thousands of divisors
	for _, s := range list {
		if q.key.Kind == IntegerValue {
			if seen[s.answer.count] || s.answer.count == q.key.Int {
				continue
			}
			seen[s.answer.count] = true
		} else if right(s.answer) || slices.ContainsFunc(out, func(o slip) bool { return kind.same(q, o.answer, s.answer) }) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func (g *Grader) layerContext(ka *KeyAnswer) (nn.Layer, nn.LayerResult, *nn.Solution, bool) {
	if ka.network == nil || ka.layerIndex < 0 {
		return nn.Layer{}, nn.LayerResult{}, nil, false
	}
	sol := g.Key.solution(ka)
	return ka.network.Layers[ka.layerIndex], sol.Layers[ka.layerIndex], sol, true
}

// shapeSlipList lists a shape question's slips: the right sizes in another
// axis order first (graded before carry-forward), then the wrong ways of
// computing the layer's output or weight shape.
func (g *Grader) shapeSlipList(ka *KeyAnswer) []slip {
	var out []slip
	want := ka.Shape
	switch ka.Question.Ask.Form {
	case nn.TensorForm:
		if len(want) >= 2 {
			out = append(out, slip{answer: reading{shape: channelsFirst(want)}, reorder: channelsFirstOrder})
		}
	case nn.MatrixForm:
		if len(want) == 2 {
			out = append(out, slip{answer: reading{shape: []int64{want[1], want[0]}}, reorder: transposedOrder})
		}
		if order, ok := torchKernelOrder(ka); ok {
			out = append(out, slip{answer: reading{shape: order.shape}, reorder: torchOrder})
		}
	}
	layer, lr, sol, ok := g.layerContext(ka)
	if !ok {
		return out
	}
	if ka.Question.Ask.Form == nn.MatrixForm {
		return append(out, weightShapeSlips(ka, layer, sol)...)
	}
	for _, s := range shapeSlips(ka.network, layer, lr) {
		if len(s.answer.shape) == len(want) {
			out = append(out, s)
		}
	}
	if n := len(want); n >= 2 && hasFilters(layer) && len(lr.InputShape) == n {
		inputChannels := slices.Clone(want)
		inputChannels[n-1] = int64(lr.InputShape[n-1])
		out = append(out, slip{answer: reading{shape: inputChannels},
			explain: fmt.Sprintf("The spatial size is right, but a convolution's output has one channel per filter (%d), not its input's %s.", layer.Filters, plural.Count(int(lr.InputShape[n-1]), "channel", "channels")),
			student: "The spatial size is right, but a convolution's output has one channel per filter, not one per channel of its input."})
	}
	return out
}

// diagnoseShape explains a wrong shape answer that is no reordering of the
// key: by its slip, or else by which of its axes are right.
func (g *Grader) diagnoseShape(q *gradedQuestion, got []int64) []string {
	ka := q.key
	if s, ok := g.slipFor(q, reading{shape: got}); ok && s.reorder == noReorder {
		return []string{g.say(s)}
	}
	layer, lr, _, ok := g.layerContext(ka)
	if !ok {
		return nil
	}
	if ka.Question.Ask.Form == nn.MatrixForm {
		if nn.FamilyOf(layer.Type) == nn.FullyConnected && len(got) == 2 {
			return []string{g.word(
				fmt.Sprintf("A dense layer's weight matrix is (inputs, units): its rows are the %s that feed it.", describeInput(lr)),
				"A dense layer's weight matrix is (inputs, units): its rows are the values that feed it, its input flattened.")}
		}
		return nil
	}
	want := ka.Shape
	if len(got) != len(want) {
		return []string{fmt.Sprintf("The output of `%s` has %s (%s); your answer has %d.", lr.Name, plural.Count(len(want), "axis", "axes"), axesNames(len(want)), len(got))}
	}
	n := len(want)
	if n == 1 {
		// One size, not a spatial size and channels.
		if nn.FamilyOf(layer.Type) == nn.Flattening {
			return []string{"A flattened size is the product of every axis of the layer's input (H × W × C for an image)."}
		}
		return nil
	}
	if slices.Equal(got[:n-1], want[:n-1]) && got[n-1] != want[n-1] {
		if isPool(layer.Type) {
			return []string{"The spatial size is right, but pooling keeps the number of channels of its input."}
		}
		return []string{"The spatial size is right, but the number of channels is not."}
	}
	if isConv(layer.Type) || isPool(layer.Type) {
		return []string{g.word(
			"Check each spatial axis with O = ⌊(I − K + 2P)/S⌋ + 1"+formulaSettings(layer, lr)+".",
			"Check each spatial axis with O = ⌊(I − K + 2P)/S⌋ + 1"+formulaSettingsNoInput(layer, lr)+".")}
	}
	return nil
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
	k, s, p := windowSettings(layer)
	if layer.PaddingMode != "" {
		return fmt.Sprintf(", with I = %d, K = %d, S = %d and %q padding", lr.InputShape[0], k, s, layer.PaddingMode)
	}
	return fmt.Sprintf(", with I = %d, K = %d, P = %d, S = %d", lr.InputShape[0], k, p, s)
}

// formulaSettingsNoInput names the layer's own settings of the first spatial
// axis, the ones its question gives, and not its input size, which may be the
// key of an earlier question: ", with K = 3, P = 0, S = 2, I being the size of
// its input".
func formulaSettingsNoInput(layer nn.Layer, lr nn.LayerResult) string {
	if len(lr.InputShape) < 2 {
		return ""
	}
	k, s, p := windowSettings(layer)
	if layer.PaddingMode != "" {
		return fmt.Sprintf(", with K = %d, S = %d and %q padding, I being the size of the layer's input", k, s, layer.PaddingMode)
	}
	return fmt.Sprintf(", with K = %d, P = %d, S = %d, I being the size of the layer's input", k, p, s)
}

// windowSettings is the kernel (or pool window), stride and padding of the first spatial axis.
func windowSettings(layer nn.Layer) (k, s, p int) {
	window := "kernel"
	if isPool(layer.Type) {
		window = "size"
	}
	return layer.AxisSetting(window, 0), layer.AxisSetting("stride", 0), layer.AxisSetting("padding", 0)
}

// shapeSlips lists the usual wrong ways of computing a conv or pool output shape.
func shapeSlips(net *nn.Network, layer nn.Layer, lr nn.LayerResult) []slip {
	in := lr.InputShape
	var out []slip
	add := func(shape []int, explain, student string) {
		out = append(out, slip{answer: reading{shape: toInt64s(shape)}, explain: explain, student: student})
	}
	try := func(l nn.Layer, explain, student string) {
		r, err := nn.Apply(l, in, net.Framework)
		if err == nil && !slices.Equal(r.OutputShape, lr.OutputShape) {
			add(r.OutputShape, explain, student)
		}
	}
	conv, pool := isConv(layer.Type), isPool(layer.Type)
	if !conv && !pool {
		if nn.FamilyOf(layer.Type) == nn.Flattening && len(in) > 1 {
			add([]int{in[len(in)-1]},
				fmt.Sprintf("Flatten multiplies all the axes of its input: %s.", strings.Join(intStrings(in), " × ")),
				"Flatten multiplies all the axes of its input, not only the channels.")
		}
		return out
	}
	if layer.PaddingMode == nn.SamePadding && net.Framework == nn.Keras {
		if s, ok := sameFloorSlip(layer, lr); ok {
			out = append(out, s)
		}
	}
	if hasPadding(layer) {
		l := layer
		l.Padding, l.PaddingMode = nil, ""
		const why = "You left out the padding: each side adds P, so the input grows by 2P before the kernel slides over it."
		try(l, why, why)
	}
	stride := layer.Setting("stride")
	if anyNot(stride, 1) {
		l := layer
		l.Stride = []int{1}
		try(l, fmt.Sprintf("You used stride 1, but this layer's stride is %s: divide (I − K + 2P) by S before adding 1.", listText(stride)),
			"You used stride 1, but this layer's stride is larger: divide (I − K + 2P) by S before adding 1.")
	}
	if anyNot(layer.Dilation, 1) {
		l := layer
		l.Dilation = nil
		const why = "You ignored the dilation: a kernel of size K with dilation D spans D(K − 1) + 1 inputs."
		try(l, why, why)
	}
	if pool && !layer.CeilMode && layer.PaddingMode == "" {
		l := layer
		l.CeilMode = true
		const why = "You rounded up (ceil), as ceil_mode = true would: (I − K + 2P)/S is not a whole number here, and the output size rounds it down (floor), unless ceil_mode is set."
		try(l, why, why)
	}
	if pool && layer.CeilMode {
		l := layer
		l.CeilMode = false
		const why = "You rounded down (floor), but this layer sets ceil_mode = true: (I − K + 2P)/S is not a whole number here, and the output size rounds it up (ceil)."
		try(l, why, why)
	}
	if conv && layer.PaddingMode == "" {
		out = append(out, manualSlips(layer, lr)...)
	}
	if conv && layer.PaddingMode != nn.SamePadding {
		l := layer
		l.Padding, l.PaddingMode = nil, nn.SamePadding
		why := "You kept the spatial size as if the padding were \"same\"; this layer pads " + paddingText(layer) + "."
		if net.Framework == nn.PyTorch {
			if r, err := nn.Apply(l, in, nn.Keras); err == nil && !slices.Equal(r.OutputShape, lr.OutputShape) {
				add(r.OutputShape, why, why)
			}
		} else {
			try(l, why, why)
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
		const why = "You rounded up (ceil): (I − K + 2P)/S is not a whole number here, and the output size rounds it down (floor), since the kernel cannot start past the last full window."
		out = append(out, slip{answer: reading{shape: up}, explain: why, student: why})
	}
	const why = "You forgot the + 1 in O = ⌊(I − K + 2P)/S⌋ + 1: the first window already gives one output."
	out = append(out, slip{answer: reading{shape: noOne}, explain: why, student: why})
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
	const why = "You rounded I/S down (floor); with \"same\" padding the output size is I/S rounded up (ceil), the last window padded."
	return slip{answer: reading{shape: down}, explain: why, student: why}, true
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

// weightShapeSlips are a dense layer's weight matrix with its input size taken
// from another layer's output, in either order.
func weightShapeSlips(ka *KeyAnswer, layer nn.Layer, sol *nn.Solution) []slip {
	if nn.FamilyOf(layer.Type) != nn.FullyConnected {
		return nil
	}
	units := int64(layer.Units)
	var out []slip
	for _, w := range wrongInputLayers(sol, ka.layerIndex) {
		for _, shape := range [][]int64{{w.size, units}, {units, w.size}} {
			out = append(out, slip{answer: reading{shape: shape}, explain: w.explain, student: w.student})
		}
	}
	return out
}

// wrongInput is an earlier layer whose flattened output a student took for a
// dense layer's input size.
type wrongInput struct {
	size             int64
	explain, student string
}

// wrongInputLayers lists, nearest first, the earlier layers whose flattened
// output differs from the dense layer's input size.
func wrongInputLayers(sol *nn.Solution, idx int) []wrongInput {
	feed := sol.Layers[idx].InputShape
	fedBy := "the network's input"
	if idx > 0 {
		fedBy = fmt.Sprintf("the output of `%s`", sol.Layers[idx-1].Name)
	}
	var out []wrongInput
	for j := idx - 1; j >= 0; j-- {
		o := sol.Layers[j].OutputShape
		size := product(o)
		if slices.Equal(o, feed) || size == product(feed) {
			continue
		}
		out = append(out, wrongInput{size: size,
			explain: fmt.Sprintf("You took the input size from the output of `%s` (%s); the layer is fed %s.", sol.Layers[j].Name, sizeText(o), sizeText(feed)),
			student: fmt.Sprintf("You took the input size from the output of `%s`; the layer is fed %s.", sol.Layers[j].Name, fedBy)})
	}
	return out
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

// diagnoseInt explains a wrong count: by its slip, or else by what the count
// is of, whatever its value.
func (g *Grader) diagnoseInt(q *gradedQuestion, got int64) []string {
	ka := q.key
	if ka.network == nil {
		return nil
	}
	if s, ok := g.slipFor(q, reading{count: got}); ok {
		return []string{g.say(s)}
	}
	if ka.Question.Ask.Parts&nn.WeightsPart == 0 {
		return nil // a diagnosis of parameter counts: not of biases alone or MACs
	}
	if ka.layerIndex < 0 {
		return []string{"Add up each layer's parameters (weights + biases); pooling, flatten and activation layers add none."}
	}
	layer, lr := ka.network.Layers[ka.layerIndex], g.Key.solution(ka).Layers[ka.layerIndex]
	if lr.Params == 0 && got != 0 {
		return []string{fmt.Sprintf("A %s layer learns nothing: it has no weights and no biases.", layer.Type)}
	}
	return nil
}

// countSlips lists a count's slips in the order the diagnosis tries them:
// FLOPs for MACs, another convention's count, an earlier pool rounded the other
// way, then the slips of a layer's or the whole network's parameters.
func (g *Grader) countSlips(ka *KeyAnswer) []slip {
	sol := g.Key.solution(ka)
	out := flopsSlips(ka)
	out = append(out, conventionSlips(ka, sol)...)
	out = append(out, roundingSlips(ka, sol)...)
	if ka.Question.Ask.Parts&nn.WeightsPart == 0 {
		return out // a diagnosis of parameter counts: not of biases alone or MACs
	}
	if ka.layerIndex < 0 {
		return append(out, totalSlips(sol, ka)...)
	}
	return append(out, layerCountSlips(ka, sol)...)
}

// layerCountSlips are the slips of one layer's parameters (or weights): the
// biases forgotten or added, a convolution's filter miscounted, a dense
// layer's input taken from another layer, and a count some whole number of
// times too small.
func layerCountSlips(ka *KeyAnswer, sol *nn.Solution) []slip {
	layer, lr := ka.network.Layers[ka.layerIndex], sol.Layers[ka.layerIndex]
	if lr.Params == 0 {
		return nil // a layer that learns nothing: any other count is told so
	}
	parts := ka.Question.Ask.Parts
	var out []slip
	add := func(count int64, explain, student string) {
		out = append(out, slip{answer: reading{count: count}, explain: explain, student: student})
	}
	if parts&nn.BiasesPart != 0 && lr.Biases > 0 {
		add(lr.Weights, fmt.Sprintf("You counted the weights but forgot the biases: one per %s, %s more.", unitWord(layer), FormatInt(lr.Biases)),
			fmt.Sprintf("You counted the weights but not the biases (one per %s).", unitWord(layer)))
	}
	if parts&nn.BiasesPart == 0 && lr.Biases > 0 {
		const why = "You counted the biases too; the question asks for the weights alone."
		add(lr.Params, why, why)
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
		if len(ws) > 3 {
			add(k*cin*n+bias, fmt.Sprintf("Each filter is %s × C: the kernel size counts once per spatial axis (K² for a 2-D kernel).", strings.Join(intStrings(ws[:len(ws)-2]), " × ")),
				"Each filter is K × K × C: the kernel size counts once per spatial axis (K² for a 2-D kernel).")
		}
		add(kernel*n+bias, fmt.Sprintf("Each filter spans all %s: W = K² × C × N.", plural.Count(int(cin), "input channel", "input channels")),
			"Each filter spans all the input channels: W = K² × C × N.")
		oneFilter := fmt.Sprintf("That is one filter; the layer has N = %d of them.", n)
		add(kernel*cin+bias, oneFilter, "That is one filter; the layer has N of them.")
		add(kernel*cin+1, oneFilter, "That is one filter; the layer has N of them.")
		if layer.Groups > 1 {
			add(kernel*cin*int64(layer.Groups)*n+bias, fmt.Sprintf("With groups = %d each filter sees only C/groups = %s.", layer.Groups, plural.Count(int(cin), "channel", "channels")),
				fmt.Sprintf("With groups = %d each filter sees only C/groups of the input channels.", layer.Groups))
		}
	}
	if nn.FamilyOf(layer.Type) == nn.FullyConnected {
		units := int64(layer.Units)
		for _, w := range wrongInputLayers(sol, ka.layerIndex) {
			add(w.size*units+bias, w.explain, w.student)
			add(w.size*units, w.explain, w.student)
		}
	}
	if want := ka.Int; want > 0 {
		for _, d := range divisorsDescending(want) {
			if d < want {
				add(d, fmt.Sprintf("Your count is %d times too small.", want/d),
					"Your count is too small by a whole factor: a size that multiplies into it (the kernel, the channels, the filters or the units) is missing.")
			}
		}
	}
	return out
}

// divisorsDescending lists the divisors of n > 0, largest first: n/2 before
// n/3 (a count half the key before one a third of it). n is split into primes
// by trial division up to 2²¹; a cofactor left over is prime when it is below
// 2⁴², and above it may be the product of two primes over 2²¹: it is then kept
// whole, and the divisors those two primes make are not listed (keys of
// homework are far smaller).
func divisorsDescending(n int64) []int64 {
	type power struct {
		p int64
		e int
	}
	var primes []power
	m := n
	for p := int64(2); p <= 1<<21 && p*p <= m; p++ {
		if m%p != 0 {
			continue
		}
		e := 0
		for m%p == 0 {
			m /= p
			e++
		}
		primes = append(primes, power{p, e})
	}
	if m > 1 {
		primes = append(primes, power{m, 1}) // prime, or two primes too large to split (see above)
	}
	divs := []int64{1}
	for _, pe := range primes {
		k := len(divs)
		f := int64(1)
		for range pe.e {
			f *= pe.p
			for _, d := range divs[:k] {
				divs = append(divs, d*f)
			}
		}
	}
	slices.Sort(divs)
	slices.Reverse(divs)
	return divs
}

// flopsSlips recognises MACs given as FLOPs: a multiply and an add per
// multiply-accumulate, twice the count.
func flopsSlips(ka *KeyAnswer) []slip {
	if !ka.Question.Ask.MultiplyAccumulates || ka.Int == 0 {
		return nil
	}
	return []slip{{answer: reading{count: 2 * ka.Int},
		explain: fmt.Sprintf("That is FLOPs, a multiply and an add for each multiply-accumulate (2 × %s); the question asks for MACs, which count each multiply-accumulate once.", FormatInt(ka.Int)),
		student: "That is FLOPs, a multiply and an add for each multiply-accumulate; the question asks for MACs, which count each multiply-accumulate once."}}
}

// conventionSlips are a count that is right under another convention than
// the problem's: the other framework (PyTorch's two recurrent bias vectors
// against Keras's one, batch norm's running statistics), or Keras's GRU with
// reset_after flipped. The engine recounts the layer, or the whole network, under
// each convention nn.Conventions lists; the feedback names the one the student
// followed and what it counts differently.
func conventionSlips(ka *KeyAnswer, sol *nn.Solution) []slip {
	net, ask := ka.network, ka.Question.Ask
	fw := net.Framework
	var out []slip
	if ka.layerIndex >= 0 {
		layer, lr := net.Layers[ka.layerIndex], sol.Layers[ka.layerIndex]
		if frameworksNote(layer.Type) == "" {
			return nil // the frameworks count this type alike
		}
		for _, c := range nn.Conventions(layer, fw) {
			other, err := nn.Apply(c.Layer, lr.InputShape, c.Framework)
			if err != nil {
				continue
			}
			got := ask.Count(&other)
			problem := fmt.Sprintf("this problem counts as %s does (%s)", fw.Title(), FormatInt(ka.Int))
			studentProblem := fmt.Sprintf("this problem counts as %s does", fw.Title())
			if c.Framework == fw {
				problem = fmt.Sprintf("the layer as this problem sets it counts %s", FormatInt(ka.Int))
				studentProblem = "this problem counts the layer as it sets it"
			}
			out = append(out, slip{answer: reading{count: got},
				explain: fmt.Sprintf("That is %s for `%s` (%s); %s. %s.", c.Name, lr.Name, FormatInt(got), problem, frameworksNote(layer.Type)),
				student: fmt.Sprintf("That is %s for `%s`; %s. %s.", c.Name, lr.Name, studentProblem, frameworksNote(layer.Type))})
		}
		return out
	}
	// A total: every layer under the same convention, as a student following one
	// framework would count them.
	if !slices.ContainsFunc(net.Layers, func(l nn.Layer) bool { return frameworksNote(l.Type) != "" }) {
		return nil // the frameworks count every layer of it alike
	}
	for _, variant := range networkConventions(net) {
		other, err := nn.Solve(variant.net)
		if err != nil {
			continue
		}
		var differ, names, notes []string
		for i := range sol.Layers {
			mine, theirs := ask.Count(&sol.Layers[i]), ask.Count(&other.Layers[i])
			if mine == theirs {
				continue
			}
			differ = append(differ, fmt.Sprintf("`%s` as %s (not %s)", sol.Layers[i].Name, FormatInt(theirs), FormatInt(mine)))
			names = append(names, fmt.Sprintf("`%s`", sol.Layers[i].Name))
			notes = addNote(notes, frameworksNote(net.Layers[i].Type))
		}
		explain := fmt.Sprintf("That is %s: it counts %s; this problem counts as %s does.", variant.name, joinAnd(differ), fw.Title())
		student := fmt.Sprintf("That is %s: it counts %s differently; this problem counts as %s does.", variant.name, joinAnd(names), fw.Title())
		if len(notes) > 0 {
			explain += " " + strings.Join(notes, ". ") + "."
			student += " " + strings.Join(notes, ". ") + "."
		}
		out = append(out, slip{answer: reading{count: ask.Total(other)}, explain: explain, student: student})
	}
	return out
}

// roundingSlips are a count that follows from an earlier pool's output
// rounded the other way: floor where the pool sets ceil_mode = true, or ceil
// where it does not. The engine recounts the network with that one pool's
// ceil_mode flipped.
func roundingSlips(ka *KeyAnswer, sol *nn.Solution) []slip {
	net, ask := ka.network, ka.Question.Ask
	last := ka.layerIndex
	if last < 0 {
		last = len(net.Layers)
	}
	var out []slip
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
		if err != nil {
			continue
		}
		name := other.Layers[j].Name
		s := slip{answer: reading{count: v.Int}}
		if l.CeilMode {
			s.explain = fmt.Sprintf("Your count follows from `%s`'s output rounded down (floor, %s), but that layer sets ceil_mode = true: its output is %s.",
				name, FormatShape(toInt64s(other.Layers[j].OutputShape)), FormatShape(toInt64s(sol.Layers[j].OutputShape)))
			s.student = fmt.Sprintf("Your count follows from `%s`'s output rounded down (floor), but that layer sets ceil_mode = true: its output size rounds up (ceil).", name)
		} else {
			s.explain = fmt.Sprintf("Your count follows from `%s`'s output rounded up (ceil, %s), as ceil_mode = true would; the output size rounds down (floor): %s.",
				name, FormatShape(toInt64s(other.Layers[j].OutputShape)), FormatShape(toInt64s(sol.Layers[j].OutputShape)))
			s.student = fmt.Sprintf("Your count follows from `%s`'s output rounded up (ceil), as ceil_mode = true would; the output size rounds down (floor).", name)
		}
		out = append(out, s)
	}
	return out
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

// totalSlips are the slips of a network's total: the non-trainable statistics
// counted, the biases left out, one layer left out or counted twice.
func totalSlips(sol *nn.Solution, ka *KeyAnswer) []slip {
	var out []slip
	add := func(count int64, explain, student string) {
		out = append(out, slip{answer: reading{count: count}, explain: explain, student: student})
	}
	if sol.NonTrainable > 0 && ka.Int == sol.Trainable && ka.Int != sol.TotalParams {
		add(sol.TotalParams, fmt.Sprintf("Your count includes the %s non-trainable parameters (batch norm's moving mean and variance, which Keras lists but training does not change); the question asks for the trainable ones.", FormatInt(sol.NonTrainable)),
			"Your count includes the non-trainable parameters (batch norm's moving mean and variance, which Keras lists but training does not change); the question asks for the trainable ones.")
	}
	var weights int64
	for _, l := range sol.Layers {
		weights += l.Weights
	}
	const noBiases = "Your total counts the weights but not the biases."
	add(weights, noBiases, noBiases)
	for _, l := range sol.Layers {
		if l.Params > 0 {
			add(ka.Int-l.Params, fmt.Sprintf("Your total leaves out the %s parameters of `%s`.", FormatInt(l.Params), l.Name),
				fmt.Sprintf("Your total leaves out the parameters of `%s`.", l.Name))
			twice := fmt.Sprintf("Your total counts the parameters of `%s` twice.", l.Name)
			add(ka.Int+l.Params, twice, twice)
		}
		if l.Biases > 0 {
			add(ka.Int-l.Biases, fmt.Sprintf("Your total leaves out the %s biases of `%s`.", FormatInt(l.Biases), l.Name),
				fmt.Sprintf("Your total leaves out the biases of `%s`.", l.Name))
		}
	}
	return out
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
