package nn

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The layer-type table: everything the engine, the problem-set loader and the
// documentation know about a layer type, in one entry. FORMAT.md's table
// "Layer types and their keys" is tested against it (problems/format_test.go),
// so adding a type is one entry here plus its tests.

// LayerType is one layer type of FORMAT.md.
type LayerType struct {
	Name   string // "conv2d"
	Family LayerFamily
	// Keys are the keys the type takes besides name and type, in FORMAT.md's order.
	// A type without keys has an empty, non-nil list.
	Keys []Key
	// SpatialRank is the number of spatial axes a per-axis key (kernel, stride, ...)
	// gives one value for: 2 for conv2d, 0 for a type without windows.
	SpatialRank int
	Input       InputRank // the ranks of input it takes
	// Weights is true when the layer has a weight matrix (LayerResult.WeightShape),
	// so that a question may ask its weight_shape. Norms have one: γ, [C].
	Weights bool
	// Common ranks the types most homework uses (1 the most common) so that among
	// equally close misspellings the likelier one is suggested: "conv" -> "conv2d".
	// 0 for the others.
	Common int
	Note   string // FORMAT.md's notes column: what the keys do not say
	// Frameworks says how PyTorch and Keras count this type differently, for
	// feedback on a count that follows the other framework; "" when they agree.
	Frameworks string
	Formulas   Formulas // what its worked solution shows

	solve layerFunc
}

// LayerFamily groups the types whose worked solutions and diagnoses share a formula.
type LayerFamily int

const (
	OtherFamily           LayerFamily = iota
	Convolution                       // conv1d, conv2d, conv3d
	TransposedConvolution             // conv_transpose1d, conv_transpose2d
	Pooling                           // maxpool and avgpool with a window (not global or adaptive)
	FullyConnected                    // dense
	Flattening                        // flatten
)

// FamilyOf returns the family of a layer type, OtherFamily for an unknown one.
func FamilyOf(typ string) LayerFamily {
	if t, ok := layerTypes[typ]; ok {
		return t.Family
	}
	return OtherFamily
}

// Key is one key a layer type takes.
type Key struct {
	Name     string
	Required bool
	// Default is the value an unset key takes, as FORMAT.md writes it: "1",
	// "true", "= size" (the value of the key size). "" for a required key.
	// Layer.Setting reads it, so the default is written only here.
	Default string
	// Symbolic keys may be a name ("units = k"), for counts as formulas.
	Symbolic bool
	// Value is the kind of value the key takes; Min is the least number a
	// CountValue or AxesValue key takes.
	Value KeyValueKind
	Min   int

	// set stores a count, flag or rate on a Layer; axes names the field where a
	// per-axis key (AxesValue, PaddingValue) is stored.
	set  func(*Layer, KeyValue)
	axes axesField
	// defaultAxes is Default read as sizes ("1" -> [1]), once, for Setting.
	defaultAxes []int
}

// axesField names the Layer field a per-axis key is stored in. It is a name
// and not an accessor function so that reading a setting (a hot path while
// grading: every carried-forward layer is recomputed) lets the Layer stay on
// the stack: a *Layer passed to a function value escapes.
type axesField uint8

const (
	noAxes axesField = iota
	kernelAxes
	strideAxes
	paddingAxes
	outputPaddingAxes
	dilationAxes
	sizeAxes
	outputAxes
)

// axesOf is where f is stored on l.
func (l *Layer) axesOf(f axesField) *[]int {
	switch f {
	case kernelAxes:
		return &l.Kernel
	case strideAxes:
		return &l.Stride
	case paddingAxes:
		return &l.Padding
	case outputPaddingAxes:
		return &l.OutputPadding
	case dilationAxes:
		return &l.Dilation
	case sizeAxes:
		return &l.Size
	case outputAxes:
		return &l.Output
	}
	return nil
}

// KeyValueKind is the kind of value a layer key takes in a problem set.
type KeyValueKind int

const (
	CountValue   KeyValueKind = iota // a whole number ≥ Min: filters = 32
	AxesValue                        // one size for every spatial axis or one per axis, each ≥ Min: kernel = [3, 5]
	FlagValue                        // true or false: bias = false
	RateValue                        // a fraction in [0, 1): rate = 0.5
	PaddingValue                     // a number or one per axis (≥ 0), or a padding mode: padding = "same"
)

// KeyValue is a key's value as a problem set gives it, read according to the
// key's Value kind: Int for a count, Axes for per-axis sizes (and numeric
// padding), Flag, Rate, or Mode for padding given as a mode.
type KeyValue struct {
	Int  int
	Axes []int
	Flag bool
	Rate float64
	Mode string // ValidPadding or SamePadding
}

// Set stores v, a value of the key's kind, on the layer.
func (k Key) Set(l *Layer, v KeyValue) {
	switch {
	case k.Value == PaddingValue && v.Mode != "":
		l.PaddingMode = v.Mode
	case k.axes != noAxes:
		*l.axesOf(k.axes) = v.Axes
	default:
		k.set(l, v)
	}
}

// The padding modes a layer's padding may name instead of a number.
const (
	ValidPadding = "valid" // no padding
	SamePadding  = "same"  // as much as keeps the size (at stride 1)
)

// PaddingModes lists the padding modes, for messages and suggestions.
func PaddingModes() []string { return []string{ValidPadding, SamePadding} }

// IsPaddingMode reports whether s names a padding mode.
func IsPaddingMode(s string) bool { return slices.Contains(PaddingModes(), s) }

// PaddingChoices says what a padding may be: a number, a per-axis list,
// "valid" or "same".
func PaddingChoices() string {
	return `a number, a per-axis list, "` + ValidPadding + `" or "` + SamePadding + `"`
}

// Setting returns the per-axis values of the layer's key (kernel, stride,
// padding, ...) as set, or its default from the layer table when unset: a
// pool's stride defaults to its size, a convolution's stride to 1. It returns
// nil for a key the layer's type does not take or that has no default. The
// slice is shared with the layer or the table: read it, never change it.
func (l *Layer) Setting(key string) []int {
	t, ok := layerTypes[l.Type]
	if !ok {
		return nil
	}
	k, ok := t.Key(key)
	if !ok || k.axes == noAxes {
		return nil
	}
	if v := *l.axesOf(k.axes); len(v) > 0 {
		return v
	}
	if other, ok := strings.CutPrefix(k.Default, "= "); ok {
		return l.Setting(other)
	}
	return k.defaultAxes
}

// AxisSetting returns the value of the layer's per-axis key for spatial axis i
// (Setting's one value, or its i-th), 0 when there is none.
func (l *Layer) AxisSetting(key string, i int) int {
	v := l.Setting(key)
	switch {
	case len(v) == 1:
		return v[0]
	case i < len(v):
		return v[i]
	}
	return 0
}

// Stores for the key table: where each key's value lives on a Layer.
func storeCount(f func(*Layer) *int) func(*Layer, KeyValue) {
	return func(l *Layer, v KeyValue) { *f(l) = v.Int }
}

func storeFlag(f func(*Layer) *bool) func(*Layer, KeyValue) {
	return func(l *Layer, v KeyValue) { *f(l) = v.Flag }
}

// storeOptionalFlag stores a flag whose unset value (nil) differs from false.
func storeOptionalFlag(f func(*Layer) **bool) func(*Layer, KeyValue) {
	return func(l *Layer, v KeyValue) {
		b := v.Flag
		*f(l) = &b
	}
}

// InputRank is the ranks of the input shape a layer type takes, channels last.
type InputRank struct {
	Min, Max int    // Max 0: any rank from Min up
	Shape    string // for messages: "[height, width, channels]", "[tokens]"
}

// Formulas are the general formulas (LaTeX) a worked solution shows before
// substituting a layer's numbers. Weights and Biases are "" for a type without them.
type Formulas struct {
	Output  string // the output size (of each spatial axis, for a window)
	Weights string
	Biases  string
	Params  string
}

// check reports an input of the wrong rank, in the words of the type's Shape.
func (r InputRank) check(in []int) error {
	switch {
	case len(in) >= r.Min && (r.Max == 0 || len(in) <= r.Max):
		return nil
	case r.Min == r.Max:
		return errorf("it needs a rank-%d input %s, but its input %s has rank %d", r.Min, r.Shape, shapeString(in), len(in))
	}
	return errorf("it needs an input %s, but its input %s has rank %d", r.Shape, shapeString(in), len(in))
}

// Keys shared by several types.
var (
	keyFilters = Key{Name: "filters", Required: true, Symbolic: true, Value: CountValue, Min: 1,
		set: storeCount(func(l *Layer) *int { return &l.Filters })}
	keyKernel = Key{Name: "kernel", Required: true, Symbolic: true, Value: AxesValue, Min: 1,
		axes: kernelAxes}
	keyStride = Key{Name: "stride", Default: "1", Value: AxesValue, Min: 1,
		axes: strideAxes}
	keyPadding = Key{Name: "padding", Default: "0", Value: PaddingValue,
		axes: paddingAxes}
	keyOutputPadding = Key{Name: "output_padding", Default: "0", Value: AxesValue,
		axes: outputPaddingAxes}
	keyDilation = Key{Name: "dilation", Default: "1", Value: AxesValue, Min: 1,
		axes: dilationAxes}
	keyGroups = Key{Name: "groups", Default: "1", Value: CountValue, Min: 1,
		set: storeCount(func(l *Layer) *int { return &l.Groups })}
	keyBias = Key{Name: "bias", Default: "true", Value: FlagValue,
		set: storeOptionalFlag(func(l *Layer) **bool { return &l.Bias })}
	keySize = Key{Name: "size", Required: true, Value: AxesValue, Min: 1,
		axes: sizeAxes}
	keyPoolStride = Key{Name: "stride", Default: "= size", Value: AxesValue, Min: 1,
		axes: strideAxes}
	keyCeilMode = Key{Name: "ceil_mode", Default: "false", Value: FlagValue,
		set: storeFlag(func(l *Layer) *bool { return &l.CeilMode })}
	keyOutput = Key{Name: "output", Required: true, Value: AxesValue, Min: 1,
		axes: outputAxes}
	keyUnits = Key{Name: "units", Required: true, Symbolic: true, Value: CountValue, Min: 1,
		set: storeCount(func(l *Layer) *int { return &l.Units })}
	keyRate = Key{Name: "rate", Default: "0.5", Value: RateValue,
		set: func(l *Layer, v KeyValue) { l.Rate = v.Rate }}
	keyVocab = Key{Name: "vocab", Required: true, Symbolic: true, Value: CountValue, Min: 1,
		set: storeCount(func(l *Layer) *int { return &l.Vocab })}
	keyDim = Key{Name: "dim", Required: true, Symbolic: true, Value: CountValue, Min: 1,
		set: storeCount(func(l *Layer) *int { return &l.Dim })}
	keyLayers = Key{Name: "layers", Default: "1", Value: CountValue, Min: 1,
		set: storeCount(func(l *Layer) *int { return &l.Layers })}
	keyBidirectional = Key{Name: "bidirectional", Default: "false", Value: FlagValue,
		set: storeFlag(func(l *Layer) *bool { return &l.Bidirectional })}
	keyReturnSequence = Key{Name: "return_sequences", Default: "true", Value: FlagValue,
		set: storeOptionalFlag(func(l *Layer) **bool { return &l.ReturnSequences })}
	keyResetAfter = Key{Name: "reset_after", Default: "true", Value: FlagValue,
		set: storeOptionalFlag(func(l *Layer) **bool { return &l.ResetAfter })}
	keyHeads = Key{Name: "heads", Required: true, Value: CountValue, Min: 1,
		set: storeCount(func(l *Layer) *int { return &l.Heads })}
	noKeys = []Key{}
)

// anyRank is the input of a layer that acts on any shape (dense acts on the last axis).
var anyRank = InputRank{Min: 1}

// spatialInput is the input of a layer with n spatial axes and channels.
func spatialInput(n int) InputRank {
	return InputRank{Min: n + 1, Max: n + 1, Shape: spatialWhat(n)}
}

// kernelSymbol is the kernel's size in a weight count: K, K^2, K^3.
func kernelSymbol(axes int) string {
	if axes == 1 {
		return "K"
	}
	return fmt.Sprintf("K^%d", axes)
}

// Formulas shared by several types.
const (
	windowOutput = `O = \left\lfloor \frac{I - K + 2P}{S} \right\rfloor + 1`
	poolOutput   = `O = \left\lfloor \frac{I - P_s + 2P}{S} \right\rfloor + 1`
	sameOutput   = `O = I`
	noParams     = `P = 0`
)

func convType(n int) LayerType {
	return LayerType{
		Name:        fmt.Sprintf("conv%dd", n),
		Family:      Convolution,
		Keys:        []Key{keyFilters, keyKernel, keyStride, keyPadding, keyDilation, keyGroups, keyBias},
		SpatialRank: n,
		Input:       spatialInput(n),
		Weights:     true,
		Note:        `padding may also be "valid" or "same"`,
		Formulas: Formulas{Output: windowOutput, Weights: `W_c = ` + kernelSymbol(n) + ` \times C \times N`,
			Biases: `B_c = N`, Params: `P_c = W_c + B_c`},
		solve: convN(n),
	}
}

func convTransposeType(n int) LayerType {
	return LayerType{
		Name:        fmt.Sprintf("conv_transpose%dd", n),
		Family:      TransposedConvolution,
		Keys:        []Key{keyFilters, keyKernel, keyStride, keyPadding, keyOutputPadding, keyDilation, keyGroups, keyBias},
		SpatialRank: n,
		Input:       spatialInput(n),
		Weights:     true,
		Note:        `padding may also be "valid" or "same" under keras`,
		Formulas: Formulas{Output: `O = (I - 1)S - 2P + D(K - 1) + P_o + 1`, Weights: `W_c = ` + kernelSymbol(n) + ` \times C \times N`,
			Biases: `B_c = N`, Params: `P_c = W_c + B_c`},
		solve: convTransposeN(n),
	}
}

func poolType(kind string, n int) LayerType {
	return LayerType{
		Name:        fmt.Sprintf("%s%dd", kind, n),
		Family:      Pooling,
		Keys:        []Key{keySize, keyPoolStride, keyPadding, keyCeilMode},
		SpatialRank: n,
		Input:       spatialInput(n),
		Note:        `padding may also be "valid" or "same" under keras`,
		Formulas:    Formulas{Output: poolOutput, Params: noParams},
		solve:       poolN(n),
	}
}

// shapeless is a type without keys or parameters that keeps its input's shape.
func shapeless(name string, common int) LayerType {
	return LayerType{Name: name, Keys: noKeys, Input: anyRank, Common: common,
		Formulas: Formulas{Output: sameOutput, Params: noParams}, solve: activation}
}

func recurrentType(name string, gates, common int) LayerType {
	keys := []Key{keyUnits, keyLayers, keyBidirectional, keyReturnSequence, keyBias}
	note := ""
	frameworks := "PyTorch keeps two bias vectors per gate set (b_ih and b_hh); Keras one"
	if name == "gru" {
		keys = append(keys, keyResetAfter)
		note = "reset_after is keras's"
		frameworks = "PyTorch keeps two bias vectors per gate set (b_ih and b_hh); Keras's GRU two with reset_after = true (its default since TF 2), one with reset_after = false"
	}
	g := ""
	if gates > 1 {
		g = fmt.Sprint(gates)
	}
	return LayerType{
		Name:       name,
		Keys:       keys,
		Input:      InputRank{Min: 1, Max: 2, Shape: "[timesteps, features] or [features]"},
		Weights:    true,
		Common:     common,
		Note:       note,
		Frameworks: frameworks,
		Formulas: Formulas{Output: `O = [T, H]`, Weights: `W = ` + g + `H(F + H)`,
			Biases: fmt.Sprintf(`B = %dH`, 2*gates), Params: `P = W + B`},
		solve: recurrent,
	}
}

// layerTable is every layer type, in FORMAT.md's order.
var layerTable = []LayerType{
	withCommon(convType(1), 9), withCommon(convType(2), 1), convType(3),
	convTransposeType(1), convTransposeType(2),
	poolType("maxpool", 1), withCommon(poolType("maxpool", 2), 3), poolType("maxpool", 3),
	poolType("avgpool", 1), withCommon(poolType("avgpool", 2), 4), poolType("avgpool", 3),
	{Name: "global_avgpool", Keys: noKeys, Input: InputRank{Min: 2, Shape: "with positional axes and channels"},
		Note: "keeps channels, drops spatial axes", Formulas: Formulas{Output: `O = [C]`, Params: noParams}, solve: globalPool},
	{Name: "global_maxpool", Keys: noKeys, Input: InputRank{Min: 2, Shape: "with positional axes and channels"},
		Note: "keeps channels, drops spatial axes", Formulas: Formulas{Output: `O = [C]`, Params: noParams}, solve: globalPool},
	{Name: "adaptive_avgpool2d", Keys: []Key{keyOutput}, SpatialRank: 2, Input: spatialInput(2),
		Note: "output is [h, w]", Formulas: Formulas{Output: `O = [h, w, C]`, Params: noParams}, solve: adaptivePool2d},
	{Name: "adaptive_maxpool2d", Keys: []Key{keyOutput}, SpatialRank: 2, Input: spatialInput(2),
		Note: "output is [h, w]", Formulas: Formulas{Output: `O = [h, w, C]`, Params: noParams}, solve: adaptivePool2d},
	{Name: "flatten", Family: Flattening, Keys: noKeys, Input: anyRank, Common: 5,
		Formulas: Formulas{Output: `O = \prod_i I_i`, Params: noParams}, solve: flatten},
	{Name: "dense", Family: FullyConnected, Keys: []Key{keyUnits, keyBias}, Input: anyRank, Weights: true, Common: 2,
		Note: "acts on the last axis",
		Formulas: Formulas{Output: `O = [\dots, \text{out}]`, Weights: `W = \text{in} \times \text{out}`,
			Biases: `B = \text{out}`, Params: `P = W + B`}, solve: dense},
	{Name: "dropout", Keys: []Key{keyRate}, Input: anyRank, Common: 7,
		Formulas: Formulas{Output: sameOutput, Params: noParams}, solve: dropout},
	shapeless("relu", 6), shapeless("leaky_relu", 0), shapeless("gelu", 0),
	shapeless("tanh", 0), shapeless("sigmoid", 0), shapeless("softmax", 0),
	{Name: "batchnorm", Keys: noKeys, Input: anyRank, Weights: true, Common: 8,
		Note:       "channels from the input; γ and β, 2C trainable; the running statistics: see below",
		Frameworks: "PyTorch keeps the running mean and variance as buffers, not parameters; Keras counts them as 2C non-trainable parameters",
		Formulas:   Formulas{Output: sameOutput, Weights: `W = C`, Biases: `B = C`, Params: `P = 2C`}, solve: batchnorm},
	{Name: "layernorm", Keys: noKeys, Input: anyRank, Weights: true,
		Note:     "normalizes the last axis; 2 × last-axis trainable",
		Formulas: Formulas{Output: sameOutput, Weights: `W = D`, Biases: `B = D`, Params: `P = 2D`}, solve: layernorm},
	{Name: "embedding", Keys: []Key{keyVocab, keyDim}, Input: InputRank{Min: 1, Max: 1, Shape: "[tokens]"}, Weights: true,
		Note:     "input is [tokens]",
		Formulas: Formulas{Output: `O = [T, \text{dim}]`, Weights: `W = \text{vocab} \times \text{dim}`, Params: `P = W`}, solve: embedding},
	recurrentType("rnn", 1, 0), recurrentType("lstm", 4, 10), recurrentType("gru", 3, 0),
	{Name: "multihead_attention", Keys: []Key{keyHeads, keyBias}, Input: InputRank{Min: 2, Max: 2, Shape: "[tokens, embed]"}, Weights: true,
		Note:     "embed dim is the input's last axis",
		Formulas: Formulas{Output: sameOutput, Weights: `W = 4E^2`, Biases: `B = 4E`, Params: `P = W + B`}, solve: attention},
}

func withCommon(t LayerType, rank int) LayerType {
	t.Common = rank
	return t
}

// layerTypes indexes layerTable by name. It is filled in init because the
// solvers in layerTable read key defaults through it (Layer.Setting).
var layerTypes map[string]*LayerType

func init() {
	layerTypes = make(map[string]*LayerType, len(layerTable))
	for i := range layerTable {
		t := &layerTable[i]
		layerTypes[t.Name] = t
		for j := range t.Keys {
			if k := &t.Keys[j]; k.axes != noAxes {
				if n, err := strconv.Atoi(k.Default); err == nil {
					k.defaultAxes = []int{n}
				}
			}
		}
	}
}

// LayerTable lists every layer type in FORMAT.md's order.
func LayerTable() []*LayerType { return pointers(layerTable) }

// pointers lists pointers to a table's entries, so that callers share one entry.
func pointers[T any](table []T) []*T {
	out := make([]*T, len(table))
	for i := range table {
		out[i] = &table[i]
	}
	return out
}

// LayerTypeNamed returns the layer type with the given name.
func LayerTypeNamed(name string) (*LayerType, bool) {
	t, ok := layerTypes[name]
	return t, ok
}

// LayerTypes lists every layer type's name, sorted.
func LayerTypes() []string {
	types := make([]string, 0, len(layerTable))
	for _, t := range layerTable {
		types = append(types, t.Name)
	}
	slices.Sort(types)
	return types
}

// LayerTypesBySpelling lists every layer type's name, the common ones first (by
// Common) and then the others sorted, for "did you mean" suggestions.
func LayerTypesBySpelling() []string {
	var common []*LayerType
	for i := range layerTable {
		if layerTable[i].Common > 0 {
			common = append(common, &layerTable[i])
		}
	}
	slices.SortFunc(common, func(a, b *LayerType) int { return a.Common - b.Common })
	out := make([]string, 0, len(layerTable))
	for _, t := range common {
		out = append(out, t.Name)
	}
	for _, name := range LayerTypes() {
		if layerTypes[name].Common == 0 {
			out = append(out, name)
		}
	}
	return out
}

// Key returns the key with the given name.
func (t *LayerType) Key(name string) (Key, bool) {
	for _, k := range t.Keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

// KeyNames lists the names of the type's keys in order.
func (t *LayerType) KeyNames() []string {
	out := make([]string, len(t.Keys))
	for i, k := range t.Keys {
		out[i] = k.Name
	}
	return out
}

// RequiredKeys lists the keys the type cannot do without.
func (t *LayerType) RequiredKeys() []string {
	var out []string
	for _, k := range t.Keys {
		if k.Required {
			out = append(out, k.Name)
		}
	}
	return out
}
