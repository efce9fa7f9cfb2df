// Package nn computes what homework asks about a sequential network: each layer's
// output shape, weights, biases, parameter counts, weight-matrix shape, MACs and
// receptive field, exactly as PyTorch (or, under Keras, Keras) counts them.
//
// The package knows nothing of files: a Network is plain data that the problems
// package fills from TOML, and every error (*LayerError) names the network, the
// layer and the numbers involved.
//
// Conventions, each documented at its layer's code:
//
//   - Shapes are channels last, as homework writes them: [H, W, C], [length, C],
//     [D, H, W, C], [timesteps, features], [tokens], [features].
//   - WeightShape is in homework (Keras) order whatever the framework: [kh, kw,
//     C_in/groups, filters] for a convolution, [kh, kw, filters/groups, C_in] for a
//     transposed one, [in, out] for dense, [vocab, dim] for an embedding, [C] (γ)
//     for a norm, [in, gates·units] for a recurrent layer's first input kernel, [E, 3E]
//     for attention's in-projection; nil for a layer without weights.
//   - Where the frameworks differ: recurrent biases (PyTorch two vectors per gate
//     set, Keras one, Keras GRU reset_after two); batch-norm statistics (PyTorch
//     buffers, not counted; Keras 2C non-trainable parameters); "same" padding
//     (Keras ceil(in/stride) with the odd pixel bottom/right; PyTorch only at
//     stride 1); ceil_mode (PyTorch only: an error under Keras).
//   - MACs: MACConvention.
//   - Receptive fields: the standard recurrence, per positional axis (receptive.go).
//   - Sizes given as names (Network.Symbols) give counts as polynomials
//     (SymbolicParams, SymbolicCount).
package nn

import (
	"slices"
	"strconv"
)

// MACConvention states how MACs are counted, for an answer key to print.
const MACConvention = "one multiply-accumulate per kernel tap per output element (fvcore/thop); " +
	"biases, activations, pools, normalization and embedding lookups count 0; " +
	"dense: in·out per position; recurrent: gates·(in·units + units²) per time step; " +
	"attention: the four projections plus QKᵀ and A·V"

// Framework selects the counting convention where PyTorch and Keras differ.
type Framework int

const (
	PyTorch Framework = iota // the default
	Keras
)

// frameworkNames are the frameworks as a problem set names them (framework = "keras").
var frameworkNames = []string{PyTorch: "pytorch", Keras: "keras"}

func (f Framework) String() string {
	if f >= 0 && int(f) < len(frameworkNames) {
		return frameworkNames[f]
	}
	return "Framework(" + strconv.Itoa(int(f)) + ")"
}

// Frameworks lists the names ParseFramework knows, the default first.
func Frameworks() []string { return slices.Clone(frameworkNames) }

// ParseFramework returns the framework a problem set names ("pytorch", "keras").
func ParseFramework(name string) (Framework, bool) {
	i := slices.Index(frameworkNames, name)
	return Framework(max(i, 0)), i >= 0
}

// Layer is one layer of a sequential network as a problem set describes it.
// Spatial settings (Kernel, Stride, Padding, Dilation, OutputPadding, Size, Output)
// are either one value applied to every spatial axis or one value per axis; nil
// means "not set" and takes the layer type's default (see FORMAT.md).
type Layer struct {
	Name string // unique within the network; "conv1"
	Type string // "conv2d", "maxpool2d", "dense", ... (FORMAT.md's table)

	Filters int // conv*: output channels
	Units   int // dense, rnn, lstm, gru
	Heads   int // multihead_attention
	Vocab   int // embedding
	Dim     int // embedding
	Layers  int // rnn, lstm, gru: stacked layers (0 means 1)

	Kernel        []int
	Stride        []int
	Padding       []int
	PaddingMode   string // "" (numeric Padding), "valid" or "same"
	Dilation      []int
	OutputPadding []int
	Size          []int // pools: window
	Output        []int // adaptive pools: output size

	Groups   int   // conv: 0 means 1
	Bias     *bool // nil means true
	CeilMode bool
	Rate     float64 // dropout

	Bidirectional   bool
	ReturnSequences *bool // nil means true
	ResetAfter      *bool // keras gru; nil means true
}

// Network is a named sequential network on one input.
type Network struct {
	Name      string
	Input     []int // channels last, as homework states it: [H, W, C], [length, C], [features], [tokens]
	Framework Framework
	Layers    []Layer
	// Symbols are sizes given as names ("input [n]", "units = k"): such a network
	// has no numeric solution, but its counts are polynomials in the names
	// (SymbolicCount). The numeric field a symbol stands for is left 0.
	Symbols []Symbol
}

// Symbol is one size of a network given as a name.
type Symbol struct {
	Name  string
	Layer int    // index in Layers; -1 for an axis of the input
	Key   string // "input", or the layer key: "units", "filters", "vocab", "dim", "kernel" (every axis)
	Axis  int    // the input axis, for Key "input"
}

// LayerResult is what the engine computes for one layer.
type LayerResult struct {
	Name         string
	Type         string
	InputShape   []int // channels last
	OutputShape  []int // channels last
	Weights      int64 // trainable weights (not biases)
	Biases       int64 // trainable biases
	Params       int64 // parameters as the framework lists them: trainable + non-trainable
	Trainable    int64
	NonTrainable int64 // keras batch-norm moving statistics; 0 under pytorch (buffers)
	WeightShape  []int // homework order: [kh, kw, C_in/groups, filters] for a conv, [in, out] for dense; nil if none
	MACs         int64 // multiply-accumulates, bias not counted
	Receptive    Receptive
}

// Receptive is the receptive field of a layer's units in input pixels (first spatial axis;
// PerAxis holds every spatial axis).
//
// Known is false when the field is not defined: the network has no positional
// axes (an input of [features]), or a transposed convolution made the jump a
// fraction of a pixel. See receptive.go for how each layer type moves it.
type Receptive struct {
	Size, Jump int
	Start      float64
	PerAxis    []ReceptiveAxis
	Known      bool
}

// ReceptiveAxis is the receptive field along one spatial axis.
type ReceptiveAxis struct {
	Size, Jump int
	Start      float64
}

// Solution is a solved network.
type Solution struct {
	Network      string
	Layers       []LayerResult
	TotalParams  int64
	Trainable    int64
	NonTrainable int64
	MACs         int64
}
